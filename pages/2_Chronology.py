"""Chronology: every event newest first from today, scheduled items apart, and restriction periods by level."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import analysis
from ui import charts, controls, pagestate, panels, share, tables

st.set_page_config(page_title="Chronology · 5G Vendor Policy Atlas", page_icon="🗓️", layout="wide")
policy = pagestate.load_or_stop()
pagestate.start_page(policy)
names = analysis.country_names(policy)
today = date.today()

st.title("Chronology")
events = analysis.events_table(policy)
years = sorted({int(d[:4]) for d in events["date"] if d}) or [today.year]

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

# The atlas covers 2018 on; older rows are alliance joins, one click away.
first_year = years[0]
older = first_year < 2018 and st.toggle(
    f"Include alliance history before 2018 (from {first_year})", key="chrono_older",
)
low = first_year if older else min(2018, today.year)
if low < today.year:
    start_year, end_year = st.slider(
        "Years", low, today.year, (low, today.year), key=f"chrono_years_{low}",
    )
else:
    start_year, end_year = low, today.year

matching = analysis.filter_events(events, layers=layers, vendors=vendors, countries=countries, alliances=alliances)
past, scheduled = analysis.split_scheduled(matching, today)
shown = analysis.filter_events(past, start=date(start_year, 1, 1), end=date(end_year, 12, 31))

st.subheader("What happened, newest first")
st.caption(
    f"{len(shown)} of {len(events)} events, from {today:%-d %b %Y} back to {start_year} · click a column header "
    "to sort · unverified events are listed but never drawn on the map."
)
tables.show_table(shown, key="chrono_table", height=420, hide=("iso3",))
tables.downloads(shown, name="chronology", key="chrono_download")

st.subheader(f"Scheduled after today ({len(scheduled)})")
if scheduled.empty:
    st.caption("No scheduled item for this selection.")
else:
    st.caption("Removal deadlines still to fall due, soonest first. They are marked scheduled: the data record "
               "them as set, not as met.")
    tables.show_table(scheduled, key="chrono_scheduled", hide=("iso3",))

st.subheader("Restriction levels and removal deadlines")
segments = analysis.gantt_segments(policy, today)
marks = analysis.gantt_deadlines(policy, today)
if countries:
    segments = segments[segments["iso3"].isin(countries)]
    marks = marks[marks["iso3"].isin(countries)]
if segments.empty and marks.empty:
    st.caption("No restriction or removal deadline recorded for this selection.")
else:
    rows = len(set(segments["country"]) | set(marks["country"]))
    # The legend sits below the bars: room for it on top of one band per state.
    st.altair_chart(charts.gantt(segments, marks, today), width="stretch", height=charts.gantt_height(rows) + 140)
    st.caption(
        "Each bar is a state's restriction level over time, in the map's colours; it runs to the state's last "
        "removal deadline, or to today when there is none. The lighter end of a bar lies after today "
        "(scheduled). ◆ marks a removal deadline (dark: passed; light: scheduled); the dashed line is today."
    )

share.page_tools(policy, "Chronology")
panels.footer(policy)
pagestate.write_url(controls.current_view())
