"""The atlas map as a Streamlit component: geometry and timeline fetched once, then tiny args per rerun.

The frontend lives in `geo/web/` (plain HTML and JS, no build step) and shares `atlas.js` with the
standalone HTML export. A stable `key` keeps the component mounted, so a rerun restyles the map in
place. The layer, alliance filter, month slider and play run inside the component, which reports the
view back only when the viewer stops (see `geo/web/component.js`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from geo.webassets import WEB_DIR
from ui.loaders import shapes_ready, timeline_url

KEY = "atlas_map"
_atlas_map = components.declare_component("atlas_map", path=str(WEB_DIR))


def atlas_map(
    layer: str,
    month: str,
    *,
    alliances: tuple[str, ...] = (),
    selected: str | None = None,
    highlight: tuple[str, ...] = (),
    present: bool = False,
    source_line: str = "",
    height: int = 600,
    key: str = KEY,
) -> dict[str, Any] | None:
    """Draw (or restyle) the map; returns the last interaction ({"kind", "seq", "layer", "month",
    "alliances"} or a click's {"kind": "select", "selected"}).

    `height` is a fallback: the map page sizes the frame to the viewport with CSS (`ui.layout`).
    """
    return _atlas_map(
        ready=shapes_ready(),
        timeline_url=timeline_url(),
        layer=layer,
        month=month,
        alliances=list(alliances),
        selected=selected,
        highlight=list(highlight),
        present=present,
        source_line=source_line,
        height=height,
        key=key,
        default=None,
    )


def static_map(view: dict[str, Any], *, key: str, height: int = 480) -> dict[str, Any] | None:
    """A map of one fixed view (a profile's locator, a comparison): no timeline bar, same drawing code."""
    return _atlas_map(ready=shapes_ready(), view=view, height=height, key=key, default=None)


def last_interaction(key: str = KEY) -> dict[str, Any] | None:
    """The component's latest value, readable at the top of a run (before the summary is drawn)."""
    value = st.session_state.get(key)
    return value if isinstance(value, dict) else None
