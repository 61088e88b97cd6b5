"""Compare two dates: the states whose category changed on a layer, on a map and in a table with the causes."""

from __future__ import annotations

import streamlit as st

from geo import analysis, mapview, timeline
from geo.text import md_escape
from ui import controls, pagestate, panels, share, tables
from ui.loaders import microstate_points
from ui.map_component import static_map

st.set_page_config(page_title="Compare two dates · 5G Vendor Policy Atlas", page_icon="↔️", layout="wide")
policy = pagestate.load_or_stop()
pagestate.start_page(policy)
months = timeline.months(policy)
shared = st.session_state.get("month", timeline.default_month(policy))
notices = pagestate.seed_month_param(policy, "from", "compare_from", months[max(0, months.index(shared) - 12)])
notices += pagestate.seed_month_param(policy, "to", "compare_to", shared)

st.title("Compare two dates")
for notice in notices:
    st.warning(notice, icon="⚠️")
layer_col, alliance_col = st.columns(2)
with layer_col:
    layer = pagestate.layer_control("compare")
with alliance_col:
    alliances = pagestate.alliance_control("compare", "Alliance filter (membership on the “To” month)")
from_col, to_col = st.columns(2)
with from_col:
    start_month = st.select_slider("From", months, key="compare_from", format_func=controls.month_label)
with to_col:
    end_month = st.select_slider("To", months, key="compare_to", format_func=controls.month_label)
if start_month > end_month:
    st.info("“From” is after “To”: comparing the other way round.")
    start_month, end_month = end_month, start_month
start, end = controls.month_date(start_month), controls.month_date(end_month)

changes = analysis.changes_table(policy, start, end, layer, alliances)
changed = frozenset(changes["iso3"])
noun = "state" if len(changes) == 1 else "states"
st.markdown(
    f"**{len(changes)} {noun} changed category** between {md_escape(controls.month_label(start_month))} and "
    f"{md_escape(controls.month_label(end_month))}; states that did not change are faded on the map."
)
view = mapview.map_view(
    timeline.state_at(policy, end), layer, end, members=changed, microstates=microstate_points(),
)
static_map(view, key="compare_map", height=480)
if changes.empty:
    st.caption("No state changed category on this layer between these dates.")
else:
    tables.show_table(changes, key="compare_table", hide=("iso3", "layer"))
    for change in timeline.changes_between(policy, start, end, layer, tuple(alliances)):
        row = changes[changes["iso3"] == change.iso3].iloc[0]
        with st.expander(md_escape(f"{change.name}: {row['before']} → {row['after']}")):
            for event in change.events:
                st.markdown("- " + panels.event_line(event, with_country=False))

share.page_tools(
    policy,
    f"Compare two dates: {controls.month_label(start_month)} to {controls.month_label(end_month)}",
    {"from": start_month, "to": end_month},
)
panels.footer(policy)
pagestate.write_url(controls.current_view(), {"from": start_month, "to": end_month})
