"""Data loaded once per server process (st.cache_resource), shared by every session and rerun.

`ATLAS_DATA_DIR` points the app at another data folder (the tests use it for hostile fixtures).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import streamlit as st

from geo import mapview
from geo import policy as policy_mod
from geo import shapes as shapes_mod
from ui.assets import SHAPES_FILE, STATIC_URL, VENDOR_DIR, ensure_vendor_assets

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data"))


@st.cache_resource(show_spinner=False)
def load_policy(path: str | None = None) -> policy_mod.Policy:
    """The validated policy tables; a data error stops the app with every problem listed."""
    return policy_mod.load_policy(Path(path) if path else data_dir())


@st.cache_resource(show_spinner=False)
def shapes_ready() -> str:
    """Copy Leaflet and the shapes into the static folder (once per process); returns the shapes' hash.

    The map fetches the shapes from the fixed address `SHAPES_URL` as soon as it loads, revalidating
    with the server's ETag; the hash in the args makes a rebuilt file a changed arg too.
    """
    ensure_vendor_assets()
    return hashlib.sha256(SHAPES_FILE.read_bytes()).hexdigest()[:12]


@st.cache_resource(show_spinner=False)
def microstate_points() -> dict[str, tuple[float, float]]:
    """Marker positions for the states too small to hover at Europe-wide zoom."""
    return shapes_mod.microstate_points(shapes_mod.load_shapes())


@st.cache_resource(show_spinner=False)
def timeline_url(path: str | None = None) -> str:
    """Static URL of every month's view, written once per process and data version.

    The browser fetches it once and runs the timeline itself; the name carries the data's content hash,
    so a cached copy is never stale.
    """
    policy = load_policy(path)
    payload = json.dumps(mapview.timeline_views(policy, microstate_points()), separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:12]
    name = f"timeline-{digest}.json"
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    target = VENDOR_DIR / name
    if not target.exists():
        partial = target.with_suffix(".tmp")
        partial.write_text(payload, encoding="utf-8")
        partial.replace(target)
    return f"{STATIC_URL}/{name}"
