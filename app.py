"""The map: three layers, a month slider that plays, an alliance filter, sourced tooltips, shareable links."""

from __future__ import annotations

import streamlit as st

from geo import mapview, summary, timeline
from geo.policy import PolicyError
from geo.style import LAYER_TITLES
from geo.text import md_escape
from ui import controls, panels
from ui.downloads import export_buttons
from ui.loaders import load_policy, microstate_points
from ui.map_component import atlas_map
from ui.nav import sidebar_nav

st.set_page_config(
    page_title="5G Vendor Policy Atlas", page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed"
)

try:
    policy = load_policy()
except PolicyError as error:
    st.error("The data did not validate; nothing is shown rather than something wrong.")
    st.code("\n".join(error.errors[:200]))
    st.stop()

notices = controls.seed_from_url(policy)
controls.keep_shared_state()
controls.apply_pending_step()
present = st.session_state.get("present", False)
if present:
    panels.presentation_css()
else:
    sidebar_nav()
for notice in notices:
    st.warning(notice, icon="⚠️")

if present:
    layer, alliances, month = st.session_state.layer, list(st.session_state.alliances), st.session_state.month
else:
    st.title("5G Vendor Policy Atlas")
    layer_col, alliance_col = st.columns([1, 1])
    with layer_col:
        layer = controls.layer_control()
    with alliance_col:
        alliances = controls.alliance_control()
    month = controls.timeline_controls(policy)
on = controls.month_start(month)

states = timeline.state_at(policy, on)
members = controls.members_of(policy, alliances, on)
counted = [s for s in states if members is None or s.iso3 in members]
selected = st.session_state.get("country")
view = mapview.map_view(states, layer, on, members=members, selected=selected, microstates=microstate_points())

if present:
    panels.presentation_header(layer, month, alliances)
    clicked = atlas_map({**view, "present": True}, height=780)
    controls.timeline_controls(policy)
    panels.source_line(policy)
else:
    st.markdown(f"**{md_escape(controls.month_label(month))} · {md_escape(LAYER_TITLES[layer])}**")
    st.markdown(md_escape(summary.headline(counted, layer, on, alliances)))
    st.caption(" · ".join(f"{label}: {n}" for _, label, n in summary.category_counts(counted, layer, on)))
    panels.changes_in_month(policy, month, alliances)
    # The map keeps one place in the page whether or not a country is selected: moving it to another
    # column would remount the component and reload the map, losing the user's zoom and pan.
    map_col, panel_col = st.columns([3, 2])
    with map_col:
        clicked = atlas_map(view, height=600)
    with panel_col:
        if selected:
            panels.country_panel(policy, selected)
        else:
            panels.idle_panel(counted, layer, on)
    st.caption("Download this view as a slide, or the whole map as one offline HTML file:")
    export_buttons(policy, layer, month, alliances)
    st.button(
        "Presentation view", on_click=st.session_state.update, kwargs={"present": True}, icon=":material/slideshow:"
    )
    panels.footer(policy)

if clicked and clicked.get("seq") != st.session_state.get("_click_seq"):
    st.session_state["_click_seq"] = clicked.get("seq")
    st.session_state.country = clicked.get("selected") if clicked.get("selected") != selected else None
    st.rerun()

controls.write_url(controls.current_view())
controls.advance_if_playing(policy)
