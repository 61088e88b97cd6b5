"""Sidebar navigation with readable labels (Streamlit's automatic list would call the map page "app")."""

from __future__ import annotations

import streamlit as st

PAGES = (
    ("app.py", "Map", ":material/map:"),
    ("pages/1_Country_profile.py", "Country profile", ":material/flag:"),
    ("pages/2_Chronology.py", "Chronology", ":material/timeline:"),
    ("pages/3_Compare.py", "Compare two dates", ":material/compare:"),
    ("pages/4_Data_and_sources.py", "Data & sources", ":material/table:"),
    ("pages/5_Story.py", "Story", ":material/slideshow:"),
)

SHORT = {"Compare two dates": "Compare"}


def sidebar_nav() -> None:
    """Links to every screen, carrying the shared view in the query string."""
    with st.sidebar:
        st.markdown("**5G Vendor Policy Atlas**")
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon)


def top_nav() -> None:
    """The same links in one row above the map, so the analyst pages are visible on the first screen."""
    with st.container(horizontal=True, gap="small", key="atlas_top_nav"):
        for path, label, icon in PAGES:
            st.page_link(path, label=SHORT.get(label, label), icon=icon)
