"""Pieces of the map page: change list, country panel, footer, presentation-mode chrome.

Everything from the data is escaped (`geo.text`) before it reaches Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from geo import style, summary, timeline
from geo.analysis import EVENT_LAYER_LABELS
from geo.policy import Policy, data_version
from geo.text import html_text, md_escape, md_link
from ui.controls import month_label


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


def changes_in_month(policy: Policy, month: str, alliances: Sequence[str]) -> None:
    events = timeline.events_in_month(policy, month, tuple(alliances))
    label = f"What changed in {month_label(month)} ({len(events)})"
    with st.expander(label, expanded=False):
        if not events:
            st.caption("No recorded change in this month.")
        for event in events:
            st.markdown("- " + event_line(event))


def country_panel(policy: Policy, iso3: str) -> None:
    """The clicked country's chronology with sources, beside the map."""
    events = timeline.chronology(policy, iso3)
    name = policy.countries.set_index("iso3").loc[iso3, "name"]
    st.subheader(md_escape(name))
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


def idle_panel(states: Sequence[timeline.CountryState], layer: str, on: date) -> None:
    """Beside the map before any click: the counts per category, and how to open a chronology."""
    st.markdown("**Click a country** (or a microstate's dot) to open its chronology with sources here.")
    for _, label, n in summary.category_counts(states, layer, on):
        st.markdown(f"**{n}** · {md_escape(label)}")


def footer(policy: Policy) -> None:
    version = data_version(policy)
    st.caption(
        f"Data reviewed up to {md_escape(version['reviewed'])} · "
        f"version {md_escape(version['sha256'][:12])} · "
        "Every fact links its source (hover for the source title, click a country for the links). "
        "Borders: Crimea is drawn as part of Ukraine, following the EU, NATO and UN General Assembly "
        "position; country shapes from Natural Earth (public domain). No tracking, no third-party requests."
    )


def present_css() -> str:
    return """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.block-container { padding-top: 1.2rem !important; padding-bottom: 0.5rem !important; max-width: 100% !important; }
.atlas-present-title { font-size: 2.6rem; font-weight: 700; line-height: 1.1; color: #1f2933; }
.atlas-present-date { font-size: 3.6rem; font-weight: 700; line-height: 1; color: #1f2933; text-align: right; }
.atlas-present-sub { font-size: 1.4rem; color: #3d4852; }
.atlas-present-source { font-size: 1.05rem; color: #3d4852; }
</style>
"""


def presentation_css() -> None:
    st.html(present_css())


def presentation_header(layer: str, month: str, alliances: Sequence[str]) -> None:
    """Big title and subtitle on the left, the month stamped large on the right."""
    who = f"{', '.join(alliances)} members" if alliances else "All 50 states in scope"
    title_col, date_col = st.columns([3, 1], vertical_alignment="bottom")
    with title_col:
        st.html(
            f'<div class="atlas-present-title">{html_text(style.LAYER_TITLES[layer])}</div>'
            f'<div class="atlas-present-sub">{html_text(who)} · 5G Vendor Policy Atlas</div>'
        )
    with date_col:
        st.html(f'<div class="atlas-present-date">{html_text(month_label(month))}</div>')


def source_line(policy: Policy) -> None:
    """The slide's footer: where the facts come from, how fresh they are, and the way out."""
    version = data_version(policy)
    text_col, exit_col = st.columns([5, 1], vertical_alignment="center")
    with text_col:
        st.html(
            '<div class="atlas-present-source">Sources: governments, regulators, operators and press, '
            f"cited per country · data reviewed {html_text(version['reviewed'])} · "
            "Natural Earth · Crimea shown as part of Ukraine</div>"
        )
    with exit_col:
        st.button(
            "Exit presentation", key="exit_present", on_click=st.session_state.update, kwargs={"present": False}
        )
