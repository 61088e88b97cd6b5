"""Download buttons for the current view: slide PNG, SVG, and the standalone offline HTML map.

The files are made only when a button is clicked (a callable `data`, run by Streamlit off the script
thread), so slider steps and play never pay for exports nobody asked for; the bytes are cached per
(data version, layer, month, alliances, format), and new data changes the version and so the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import streamlit as st

from geo.policy import Policy, data_version
from geo.shapes import SHAPES_FILE, load_shapes, microstate_points

MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}
LABELS = {"png": "Slide (PNG)", "svg": "Slide (SVG)", "html": "Offline map (HTML)"}


@st.cache_resource(show_spinner=False)
def _load_shapes() -> Any:
    """The shapes, loaded once per process; `geo.export` caches their projection by identity."""
    return load_shapes(SHAPES_FILE)


@st.cache_data(show_spinner=False, max_entries=64)
def export_bytes(
    _policy: Policy, _shapes: Any, version: str, layer: str, month: str, alliances: tuple[str, ...], fmt: str
) -> bytes:
    """The file for one view; `version` (the data's hash) stands in for the unhashable policy in the key.

    The renderers are imported here, on the first click: matplotlib costs a server ~40 MB that a
    viewer who never exports should not pay for.
    """
    from geo import export
    from geo.standalone import standalone_html

    if fmt == "html":
        text = SHAPES_FILE.read_text(encoding="utf-8")
        page = standalone_html(
            _policy, text, microstate_points(_shapes), layer=layer, month=month, alliances=alliances
        )
        return page.encode("utf-8")
    return export.render_slide(_policy, _shapes, layer, month, alliances=alliances, fmt=fmt)


def file_name(layer: str, month: str, alliances: Sequence[str], fmt: str) -> str:
    """'5g-atlas_restriction_2020-10_NATO.png': says what is inside when it lands in a downloads folder."""
    parts = ["5g-atlas", layer, month, *alliances] if fmt != "html" else ["5g-atlas", "offline", layer, month]
    return "_".join(parts) + "." + fmt


def export_buttons(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> None:
    """Three download buttons side by side for the view on screen; clicking one does not rerun the page."""
    version = data_version(policy)["sha256"]
    shapes = _load_shapes()
    view = (layer, month, tuple(alliances))
    columns = st.columns(len(LABELS))
    for column, fmt in zip(columns, LABELS, strict=True):
        with column:
            st.download_button(
                LABELS[fmt],
                data=partial(export_bytes, policy, shapes, version, *view, fmt),
                file_name=file_name(layer, month, alliances, fmt),
                mime=MIME[fmt],
                key=f"download_{fmt}",
                on_click="ignore",
                width="stretch",
            )
