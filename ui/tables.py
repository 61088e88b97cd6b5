"""Dataframes with their source URLs as links, and download buttons fed the very frame shown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from geo import analysis
from geo.text import safe_url


def linkable(frame: pd.DataFrame) -> pd.DataFrame:
    """Only http(s) URLs stay clickable; anything else becomes empty (the cell is data, not a link)."""
    if "source_url" not in frame.columns and "url" not in frame.columns:
        return frame
    shown = frame.copy()
    for column in ("source_url", "url"):
        if column in shown.columns:
            shown[column] = shown[column].map(lambda u: safe_url(u) or "")
    return shown


def show_table(frame: pd.DataFrame, *, key: str, height: int | str = "auto") -> None:
    """The frame in a sortable grid, URL columns as links that open in a new tab."""
    config = {
        "source_url": st.column_config.LinkColumn("Source link", display_text="open source"),
        "url": st.column_config.LinkColumn("Link", display_text="open"),
    }
    st.dataframe(
        linkable(frame), key=key, hide_index=True, height=height, width="stretch",
        column_config={k: v for k, v in config.items() if k in frame.columns},
    )


def downloads(frame: pd.DataFrame, *, name: str, key: str, shapes: Path | None = None) -> None:
    """CSV (and GeoJSON when `shapes` is given) of exactly `frame`."""
    csv_col, geo_col = st.columns(2)
    with csv_col:
        st.download_button(
            "Download CSV", analysis.to_csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
            key=f"{key}_csv", on_click="ignore",
        )
    if shapes is not None:
        with geo_col:
            st.download_button(
                "Download GeoJSON", analysis.to_geojson_bytes(frame, shapes), file_name=f"{name}.geojson",
                mime="application/geo+json", key=f"{key}_geojson", on_click="ignore",
            )
