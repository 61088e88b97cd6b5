"""Pieces of the map page: event lines, the country panel, the footer.

Everything from the data is escaped (`geo.text`) before it reaches Markdown.
"""

from __future__ import annotations

import streamlit as st

from geo import timeline
from geo.analysis import EVENT_LAYER_LABELS
from geo.policy import Policy, data_version
from geo.text import md_escape, md_link


def event_line(event: timeline.Event, with_country: bool = True) -> str:
    """'2020-10-20 · Sweden · Restriction: summary — [source](url)' with every part escaped."""
    parts = [md_escape(event.date.isoformat())]
    if with_country:
        parts.append(f"**{md_escape(event.name)}**")
    head = " · ".join(parts)
    layer = EVENT_LAYER_LABELS.get(event.layer, event.layer.replace("_", " ").capitalize())
    text = f"{head} · {md_escape(layer)}: {md_escape(event.summary)}"
    if not event.verified:
        text += " *(unverified: not drawn on the map)*"
    if event.source_url:
        text += f" — {md_link(event.source_title, event.source_url)}"
    return text


def country_panel(policy: Policy, iso3: str) -> None:
    """The clicked country's chronology with sources, beside the map."""
    events = timeline.chronology(policy, iso3)
    name = policy.countries.set_index("iso3").loc[iso3, "name"]
    st.subheader(name)
    st.button("Close", key="close_country", on_click=st.session_state.update, kwargs={"country": None})
    st.page_link(
        "pages/1_Country_profile.py",
        label="Full country profile",
        icon=":material/article:",
        query_params={"country": iso3},
    )
    if not events:
        st.caption("No events recorded.")
    with st.container(height=460):
        for event in events:
            st.markdown("- " + event_line(event, with_country=False))


def footer(policy: Policy) -> None:
    version = data_version(policy)
    st.caption(
        f"Data reviewed up to {md_escape(version['reviewed'])} · "
        f"version {md_escape(version['sha256'][:12])} · "
        "Every fact links its source (hover for the source title, click a country for the links). "
        "Borders: Crimea is drawn as part of Ukraine, following the EU, NATO and UN General Assembly "
        "position; country shapes from Natural Earth (public domain). No tracking, no third-party requests."
    )
