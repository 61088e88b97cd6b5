"""Data & sources: the tables as filtered, downloads of exactly those rows, every source, the methodology."""

from __future__ import annotations

import streamlit as st

from geo import analysis, style
from geo.cite import data_release
from geo.dates import format_date
from geo.policy import data_version
from geo.sources import disagreement_lines, source_report, summary_lines
from geo.text import md_escape
from ui import controls, dataset, pagestate, share, tables
from ui.assets import SHAPES_FILE

st.set_page_config(page_title="Data & sources · 5G Vendor Policy Atlas", page_icon="📚", layout="wide")
policy = pagestate.load_or_stop()
pagestate.start_page(policy)

st.title("Data & sources")
layer_col, alliance_col = st.columns(2)
with layer_col:
    layer = pagestate.layer_control("data")
with alliance_col:
    alliances = pagestate.alliance_control("data")
month = pagestate.month_slider(policy, "data")
on = controls.month_date(month)
filters = f"{style.LAYER_TITLES[layer]} · {controls.month_label(month)}"
if alliances:
    filters += " · " + ", ".join(alliances) + " members"

st.subheader("States on the chosen month")
st.caption(md_escape(filters))
states = analysis.state_table(policy, layer, on, alliances)
tables.show_table(states, key="data_states", hide=("layer", "date"),
                  first=("country", "category_label", "since", "status"))
tables.downloads(
    states, name=f"atlas-{layer}-{month}", key="data_states_download",
    shapes=SHAPES_FILE if SHAPES_FILE.exists() else None,
)

st.subheader("Facts on this layer up to the chosen month")
facts = analysis.layer_facts(policy, layer, on, alliances)
tables.show_table(facts, key="data_facts")
tables.downloads(facts, name=f"atlas-{layer}-facts-{month}", key="data_facts_download")

st.subheader("Sources")
sources = analysis.sources_table(policy)
st.caption(f"{len(sources)} sources, newest first, each with its publication date.")
tables.show_table(sources, key="data_sources")

st.subheader("Source quality of the drawn facts")
quality = source_report(policy)
st.caption(
    "A drawn fact is a verified fact on the map or the timeline, or an alliance membership. Its strongest "
    "source is the strongest of the source it cites and the sources its checks name (primary > press > secondary)."
)
quality_cols = st.columns(3)
quality_cols[0].metric("Drawn facts", quality.drawn)
quality_cols[1].metric("With a primary source", f"{100 * quality.share(quality.with_primary):.0f}\u00a0%")
quality_cols[2].metric("Checked in the last 12 months", f"{100 * quality.share(quality.checked_recently):.0f}\u00a0%")
st.markdown("\n".join("- " + md_escape(line) for line in summary_lines(quality)))
disagreeing = disagreement_lines(quality)
st.markdown(f"**Known disagreements between sources ({len(disagreeing)})**, shown in each chronology too:")
st.markdown("\n".join("- " + md_escape(line) for line in disagreeing) or "None recorded.")

st.subheader("The whole dataset")
dataset.package_download(policy)

st.subheader("What changed in the data")
dataset.changelog_entries(policy)

st.subheader("Methodology")
st.markdown(analysis.methodology(policy))
version = data_version(policy)
reviewed = format_date(version["reviewed"])
st.caption(f"Data version {md_escape(data_release(policy))}: reviewed up to {md_escape(reviewed)}"
           f" · SHA-256 {md_escape(version['sha256'])}")
share.page_tools(policy, "Data & sources")
pagestate.write_url(controls.current_view())
