"""Tables on screen in words (`geo.readable`), with source links and the map's colour swatches;
download buttons fed the machine frame the screen was made from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from geo import analysis
from geo.readable import header, readable, swatches, text_colour
from geo.text import safe_url

LINK_COLUMNS = {"source_url": "open source", "url": "open"}


def linkable(frame: pd.DataFrame) -> pd.DataFrame:
    """Only http(s) URLs stay clickable; anything else becomes empty (the cell is data, not a link)."""
    if "source_url" not in frame.columns and "url" not in frame.columns:
        return frame
    shown = frame.copy()
    for column in LINK_COLUMNS:
        if column in shown.columns:
            shown[column] = shown[column].map(lambda u: safe_url(u) or "")
    return shown


def screen_frame(frame: pd.DataFrame, hide: tuple[str, ...] = ()) -> pd.DataFrame:
    """What the grid shows for a machine frame: `geo.readable` over the link-safe rows."""
    return readable(linkable(frame), hide=hide)


def _styled(frame: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame | pd.io.formats.style.Styler:
    """Category cells filled with the map's colour for that category (the legend's swatch, in the table)."""
    fills = {column: values for column, values in swatches(frame).items() if column in shown.columns}
    if not fills or shown.empty:
        return shown

    def paint(column: pd.Series) -> list[str]:
        return [
            f"background-color: {fill}; color: {text_colour(fill)}" if fill else ""
            for fill in fills[column.name]
        ]

    return shown.style.apply(paint, subset=list(fills))


def show_table(
    frame: pd.DataFrame, *, key: str, height: int | str = "auto", hide: tuple[str, ...] = (),
    first: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The frame in a sortable grid in words, `first` columns leading; URL columns as links. Returns what is shown."""
    if first:
        frame = frame[[*[c for c in first if c in frame.columns], *[c for c in frame.columns if c not in first]]]
    shown = screen_frame(frame, hide)
    config = {
        header(column): st.column_config.LinkColumn(header(column), display_text=text)
        for column, text in LINK_COLUMNS.items()
        if column in frame.columns and column not in hide
    }
    st.dataframe(_styled(frame, shown), key=key, hide_index=True, height=height, width="stretch",
                 column_config=config)
    return shown


def downloads(frame: pd.DataFrame, *, name: str, key: str, shapes: Path | None = None) -> None:
    """CSV (and GeoJSON when `shapes` is given) of exactly the rows shown, with machine column names."""
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
