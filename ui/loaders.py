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
from ui.assets import SHAPES_FILE, STATIC_URL, ensure_vendor_assets, vendor_dir
from ui.staticdir import served, static_root

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ATLAS_DATA_DIR", ROOT / "data"))


@st.cache_resource(show_spinner=False)
def load_policy(path: str | None = None) -> policy_mod.Policy:
    """The validated policy tables; a data error stops the app with every problem listed."""
    return policy_mod.load_policy(Path(path) if path else data_dir())


def shapes_file() -> Path:
    """The shapes the app checks: the data folder's own `europe.geojson` when it has one."""
    own = data_dir() / shapes_mod.SHAPES_FILE.name
    return own if own.exists() else shapes_mod.SHAPES_FILE


@st.cache_resource(show_spinner=False)
def shapes_problems() -> list[str]:
    """Everything wrong with the shapes file (empty when it is fine), checked once per process. A data
    folder without shapes of its own may list a subset of the states the committed shapes draw."""
    countries = data_dir() / "countries.csv"
    try:
        states = shapes_mod.in_scope_states(countries)
    except (OSError, KeyError, UnicodeDecodeError, ValueError):
        states = None
    own = shapes_file() != shapes_mod.SHAPES_FILE
    return shapes_mod.check_shapes(shapes_file(), states, exact=own)


@st.cache_resource(show_spinner=False)
def shapes_ready() -> str:
    """Copy Leaflet and the shapes into the static folder (once per process); returns the shapes' hash.

    The map fetches the shapes from the fixed address `SHAPES_URL` as soon as it loads, revalidating
    with the server's ETag; the hash in the args makes a rebuilt file a changed arg too.
    """
    ensure_vendor_assets()
    return hashlib.sha256(SHAPES_FILE.read_bytes()).hexdigest()[:12]


def assets_problem() -> str | None:
    """Why the map's files cannot be served or written (read-only checkout, full disk), or None when they
    can. Called after the data validated (the timeline file is written from them)."""
    try:
        if not served():
            return (
                f"The map's files go to {static_root()} (the checkout's static/ folder is read-only, or "
                "ATLAS_STATIC_DIR says so), which plain `streamlit run` does not serve. Start the app with "
                "`make run` or `python -m ui.launch app.py`, which serves that folder."
            )
        shapes_ready()
        timeline_url()
    except OSError as exc:
        return f"The map's files could not be written: {exc}"
    return None


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
    folder = vendor_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        partial = target.with_suffix(f".{os.getpid()}.tmp")  # replicas may share the folder
        try:
            partial.write_text(payload, encoding="utf-8")
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return f"{STATIC_URL}/{name}"
