"""The data changelog's Atom feed as a static file the app serves itself (`/app/static/feed/…`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo import changelog
from ui.assets import ROOT

FEED_DIR = ROOT / "static" / "feed"
FEED_NAME = "data-changelog.atom"
FEED_URL = f"/app/static/feed/{FEED_NAME}"


def write_feed(target_dir: Path = FEED_DIR, source: Path = changelog.CHANGELOG) -> Path:
    """Write the feed when it differs from what is there (idempotent, atomic replace)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / FEED_NAME
    text = changelog.atom(changelog.load(source), feed_path=FEED_URL)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        partial = target.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    return target


@st.cache_resource(show_spinner=False)
def publish_feed() -> str:
    """Once per process: the feed on disk, its URL back."""
    write_feed()
    return FEED_URL
