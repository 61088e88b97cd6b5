"""The map: three layers, a month slider that plays, an alliance filter, sourced tooltips, shareable links."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from geo import mapview, summary, timeline
from geo.style import LAYER_TITLES
from geo.text import md_escape
from ui import controls, embed_view, pagestate, panels
from ui.downloads import export_buttons
from ui.loaders import microstate_points
from ui.map_component import atlas_map, last_interaction
from ui.nav import sidebar_nav
from ui.notices import show_notices

st.set_page_config(
    page_title="5G Vendor Policy Atlas", page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed"
)

policy = pagestate.load_or_stop()
if embed_view.requested():  # ?embed=true: map, timeline, legend and source line only (for an iframe)
    embed_view.render(policy)
    st.stop()

notices = controls.seed_from_url(policy)
controls.keep_shared_state()
present = st.session_state.get("present", False)


def first_view(
    states: list[timeline.CountryState], layer: str, on: date, members: frozenset[str] | None
) -> dict[str, Any] | None:
    """This month's view on the session's first run (the map paints without waiting for the timeline)."""
    if st.session_state.get("_map_primed"):
        return None
    st.session_state["_map_primed"] = True
    return mapview.map_view(
        states, layer, on, members=members, selected=st.session_state.get("country"), microstates=microstate_points()
    )


@st.fragment
def month_view(layer: str, alliances: list[str]) -> None:
    """Everything that follows the month. The month slider and clicks live in the map, so a step
    reruns only this fragment: the controls, sidebar and footer around it are not re-sent."""
    controls.apply_map_interaction(policy, last_interaction())
    month = st.session_state.month
    on = controls.month_date(month)
    states = timeline.state_at(policy, on)
    members = timeline.members_of_all(policy, alliances, on)
    counted = [s for s in states if members is None or s.iso3 in members]
    selected = st.session_state.get("country")
    map_args = {"alliances": tuple(alliances), "selected": selected, "initial": first_view(states, layer, on, members)}
    if present:
        panels.presentation_header(layer, month, alliances)
        atlas_map(layer, month, **map_args, present=True, height=820)
    else:
        # Filled after the map is placed, so the map's frame starts loading before the text arrives.
        summary_box = st.container()
        # The map keeps one place in the page whether or not a country is selected: moving it to another
        # column would remount the component and reload the map, losing the user's zoom and pan.
        map_col, panel_col = st.columns([3, 2])
        with map_col:
            atlas_map(layer, month, **map_args, height=640)
        with summary_box:
            st.markdown(f"**{md_escape(controls.month_label(month))} · {md_escape(LAYER_TITLES[layer])}**")
            st.markdown(md_escape(summary.headline(counted, layer, on, alliances)))
            st.caption(" · ".join(f"{label}: {n}" for _, label, n in summary.category_counts(counted, layer, on)))
            panels.changes_in_month(policy, month, alliances)
        with panel_col:
            if selected:
                panels.country_panel(policy, selected)
            else:
                panels.idle_panel(counted, layer, on)
        export_buttons(policy, layer, month, alliances)
    controls.write_url(controls.current_view())


show_notices(notices, present=present)
if present:
    panels.presentation_css()
    month_view(st.session_state.layer, list(st.session_state.alliances))
    panels.source_line(policy)
    export_buttons(policy, st.session_state.layer, st.session_state.month, list(st.session_state.alliances))
else:
    sidebar_nav()
    st.title("5G Vendor Policy Atlas")
    layer_col, alliance_col = st.columns([1, 1])
    with layer_col:
        layer = controls.layer_control()
    with alliance_col:
        alliances = controls.alliance_control()
    month_view(layer, alliances)
    st.button(
        "Presentation view", on_click=st.session_state.update, kwargs={"present": True}, icon=":material/slideshow:"
    )
    panels.footer(policy)
