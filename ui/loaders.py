"""Data loaded once per server process (st.cache_resource), shared by every session and rerun.

`ATLAS_DATA_DIR` points the app at another data folder (the tests use it for hostile fixtures).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import streamlit as st

from geo import policy as policy_mod
from geo import shapes as shapes_mod
from ui.assets import SHAPES_FILE, SHAPES_URL, ensure_vendor_assets

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data"))


@st.cache_resource(show_spinner=False)
def load_policy(path: str | None = None) -> policy_mod.Policy:
    """The validated policy tables; a data error stops the app with every problem listed."""
    return policy_mod.load_policy(Path(path) if path else data_dir())


@st.cache_resource(show_spinner=False)
def shapes_url() -> str:
    """Static URL of the served GeoJSON, versioned by content so browsers never keep a stale copy."""
    ensure_vendor_assets()
    digest = hashlib.sha256(SHAPES_FILE.read_bytes()).hexdigest()[:12]
    return f"{SHAPES_URL}?v={digest}"


@st.cache_resource(show_spinner=False)
def microstate_points() -> dict[str, tuple[float, float]]:
    """Marker positions for the states too small to hover at Europe-wide zoom."""
    return shapes_mod.microstate_points(shapes_mod.load_shapes())
