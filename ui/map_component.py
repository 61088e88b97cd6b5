"""The atlas map as a Streamlit component: geometry fetched once, then only a style table per rerun.

The frontend lives in `geo/web/` (plain HTML and JS, no build step) and is shared with the standalone
HTML export. A stable `key` keeps the component mounted, so a new view restyles the map in place:
zoom and pan stay where the user left them.
"""

from __future__ import annotations

from typing import Any

import streamlit.components.v1 as components

from geo.webassets import WEB_DIR
from ui.loaders import shapes_url

_atlas_map = components.declare_component("atlas_map", path=str(WEB_DIR))


def atlas_map(view: dict[str, Any], *, key: str = "atlas_map", height: int = 560) -> dict[str, Any] | None:
    """Draw (or restyle) the map; returns the last click as {"selected": ISO3, "seq": n}, or None."""
    return _atlas_map(view=view, shapes_url=shapes_url(), height=height, key=key, default=None)
