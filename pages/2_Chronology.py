"""Chronology: every event in one sortable, filterable table, and restriction periods up to removal deadlines."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from geo import analysis, timeline
from ui import controls, pagestate, panels, tables

st.set_page_config(page_title="Chronology · 5G Vendor Policy Atlas", page_icon="🗓️", layout="wide")
policy = pagestate.load_or_stop()
pagestate.start_page(policy)
names = analysis.country_names(policy)

st.title("Chronology")
events = analysis.events_table(policy)
years = sorted({int(d[:4]) for d in events["date"] if d}) or [date.today().year]

layer_col, vendor_col, country_col, alliance_col = st.columns(4)
with layer_col:
    layers = st.multiselect("Layer", sorted(set(events["layer"])), key="chrono_layers", placeholder="All layers")
with vendor_col:
    vendors = st.multiselect("Vendor", analysis.vendors_in(events), key="chrono_vendors", placeholder="All vendors")
with country_col:
    countries = st.multiselect(
        "Country", sorted(names, key=names.get), key="chrono_countries", format_func=names.get,
        placeholder="All 50 states",
    )
with alliance_col:
    alliances = pagestate.alliance_control("chrono", "Alliance (membership on the event's date)", "Any")
first, last = years[0], years[-1]
if first < last:
    # The atlas covers 2018 on; older rows are alliance joins, one drag away.
    start_year, end_year = st.slider("Years", first, last, (max(first, min(2018, last)), last), key="chrono_years")
else:
    start_year, end_year = first, last

shown = analysis.filter_events(
    events, layers=layers, vendors=vendors, countries=countries, alliances=alliances,
    start=date(start_year, 1, 1), end=date(end_year, 12, 31),
)
shown = shown.sort_values("date", ascending=False, kind="stable").reset_index(drop=True)
st.caption(f"{len(shown)} of {len(events)} events, newest first · click a column header to sort · unverified events "
           "are listed but never drawn on the map.")
tables.show_table(shown, key="chrono_table", height=420)
tables.downloads(shown, name="chronology", key="chrono_download")

st.subheader("Restriction periods and removal deadlines")
until = controls.month_date(timeline.months(policy)[-1])
bars = analysis.gantt_intervals(policy, until)
if countries:
    bars = bars[bars["iso3"].isin(countries)]
if bars.empty:
    st.caption("No restriction or removal deadline recorded for this selection.")
else:
    chart_data = bars.assign(start=pd.to_datetime(bars["start"]), end=pd.to_datetime(bars["end"]))
    order = list(dict.fromkeys(chart_data["country"]))
    base = alt.Chart(chart_data).encode(
        y=alt.Y("country:N", sort=order, title=None),
        tooltip=[alt.Tooltip("country:N"), alt.Tooltip("label:N"), alt.Tooltip("start:T", title="from"),
                 alt.Tooltip("end:T", title="to")],
    )
    chart = base.mark_bar(opacity=0.75).encode(
        x=alt.X("start:T", title=None), x2="end:T",
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400)),
    ) + base.transform_filter(alt.datum.kind == "Restriction to removal deadline").mark_tick(
        color="#3f007d", thickness=3, size=18,
    ).encode(x="end:T")
    st.altair_chart(chart.properties(height=max(120, 26 * len(order))), width="stretch")
    st.caption("Bars run from a state's first restriction to each removal deadline (the tick); states "
               "restricting without a deadline run to the last month of the timeline.")

panels.footer(policy)
pagestate.write_url(controls.current_view())
