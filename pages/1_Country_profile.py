"""Country profile: one state's status on each layer, its dated chronology with sources, deadlines, locator map."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from geo import analysis, mapview, style, timeline
from geo.text import md_escape
from geo.view import LAYERS, view_params
from ui import controls, pagestate, panels, share, tables
from ui.loaders import microstate_points
from ui.map_component import static_map

st.set_page_config(page_title="Country profile · 5G Vendor Policy Atlas", page_icon="📄", layout="wide")
policy = pagestate.load_or_stop()
pagestate.start_page(policy)
pagestate.adopt_url_country(policy)
names = analysis.country_names(policy)

ss = st.session_state
if ss.get("country") != ss.get("profile_country"):
    ss.profile_country = ss.get("country")

st.title("Country profile")
pick_col, month_col = st.columns([1, 2])
with pick_col:
    iso3 = st.selectbox(
        "State", sorted(names, key=names.get), key="profile_country", format_func=names.get, index=None,
        placeholder="Choose one of the 50 states", on_change=lambda: ss.update(country=ss.profile_country),
    )
with month_col:
    month = pagestate.month_slider(policy, "profile", "Status on")
on = controls.month_date(month)

if iso3 is None:
    st.info("Choose a state to see its status on each layer, its dated chronology with sources, and its deadlines.")
    share.page_tools(policy, "Country profile")
else:
    st.header(md_escape(names[iso3]))
    status_col, map_col = st.columns([3, 2])
    with status_col:
        panels.status_block(policy, iso3, on, month)
        st.subheader("Removal deadlines")
        deadlines = analysis.deadline_rows(policy, iso3, on)
        reviews = analysis.reviews_of(policy, iso3)
        if deadlines.empty:
            st.caption(md_escape(analysis.review_line(reviews.get("deadline"))))
        else:
            st.caption(f"Time left counted from {md_escape(controls.month_label(month))}.")
            tables.show_table(deadlines, key="profile_deadlines")
    with map_col:
        view = mapview.map_view(
            timeline.state_at(policy, on), ss.get("layer", "restriction"), on, selected=iso3,
            microstates=microstate_points(),
        )
        static_map({**view, "focus": iso3, "compact": True}, key="profile_map", height=320)
        link = urlencode(view_params(replace(controls.current_view(), country=iso3)), doseq=True)
        st.markdown(f"[Open on the map](./?{link})")

    st.subheader("Chronology")
    events = timeline.chronology(policy, iso3)
    if not events:
        reviews = analysis.reviews_of(policy, iso3)
        st.caption("No dated event recorded. " + " · ".join(
            f"{md_escape(style.LAYER_SHORT[layer])}: {md_escape(analysis.review_line(reviews.get(layer)))}"
            for layer in LAYERS
        ))
    panels.chronology_lines(events, on, month)
    share.page_tools(policy, f"Country profile: {names[iso3]}")

panels.footer(policy)
pagestate.write_url(controls.current_view())
