"""Pieces of the map page: event lines, the country panel, the footer.

Everything from the data is escaped (`geo.text`) before it reaches Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from geo import eu, timeline
from geo.analysis import EVENT_LAYER_LABELS, layer_statuses
from geo.dates import format_date
from geo.policy import Policy, data_version
from geo.text import html_text, md_escape, md_link, safe_url
from geo.timeline import default_month
from ui.controls import month_date, month_label

NOTHING_KEYS = frozenset({"none", "not_member", "no_deadline", "not_researched"})
STATUS_CSS = """<style>
.atlas-status { border: 1px solid #d5d8dc; border-radius: 8px; padding: 8px 12px; margin-bottom: 4px;
  font-size: 0.95rem; line-height: 1.4; color: #1f2933; }
.atlas-status-head { font-weight: 700; margin-bottom: 4px; }
.atlas-status-row { margin: 4px 0; }
.atlas-swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #5b6670;
  border-radius: 2px; margin-right: 6px; vertical-align: -0.1em; }
.atlas-since { color: #3d4852; white-space: nowrap; }
.atlas-status-detail { color: #3d4852; font-size: 0.88rem; margin-left: 1.6em; }
</style>"""


def event_line(event: timeline.Event, with_country: bool = True) -> str:
    """'20 Oct 2020 · Sweden · Restriction: summary — [source](url)', the date at its precision, all escaped."""
    parts = [md_escape(format_date(event.date, event.precision))]
    if with_country:
        parts.append(f"**{md_escape(event.name)}**")
    head = " · ".join(parts)
    layer = EVENT_LAYER_LABELS.get(event.layer, event.layer.replace("_", " ").capitalize())
    text = f"{head} · {md_escape(layer)}: {md_escape(event.summary)}"
    if not event.verified:
        text += " *(unverified: not drawn on the map)*"
    if event.disagreements:
        text += " *(sources disagree: " + md_escape("; ".join(event.disagreements)) + ")*"
    if event.source_url:
        text += f" — {md_link(event.source_title, event.source_url)}"
    return text


def status_block(policy: Policy, iso3: str, on: date, month: str) -> None:
    """The state's status on the chosen month for all three layers: the map's swatch and words, since when,
    the source (linked), and for "nothing" what was reviewed when."""
    rows = []
    for item in layer_statuses(policy, iso3, on):
        swatch = (f'<span class="atlas-swatch" style="background:{html_text(item.fill)}" '
                  f'data-category="{html_text(item.category)}"></span>')
        line = f"{swatch}<b>{html_text(item.title)}</b>: {html_text(item.status)}"
        if item.since:
            line += f" <span class=\"atlas-since\">since {html_text(item.since)}</span>"
        details = [html_text(d) for d in item.deadlines]
        target = safe_url(item.source_url)
        if item.source and target:
            details.append(f'source: <a href="{html_text(target)}" target="_blank" rel="noopener noreferrer">'
                           f"{html_text(item.source)}</a>")
        elif item.source:
            details.append(f"source: {html_text(item.source)}")
        if item.category in NOTHING_KEYS:
            details.append(html_text(item.review))
        extra = "".join(f'<div class="atlas-status-detail">{d}</div>' for d in details)
        rows.append(f'<div class="atlas-status-row" data-layer="{item.layer}">{line}{extra}</div>')
    st.html(
        f"{STATUS_CSS}<div class=\"atlas-status\"><div class=\"atlas-status-head\">Status in "
        f"{html_text(month_label(month))}</div>{''.join(rows)}</div>"
    )


def _panel_line(event: timeline.Event) -> str:
    """One event of the country panel; an EU-level step says that it is not a national measure."""
    line = event_line(event, with_country=False)
    if event.layer == eu.LAYER:
        line += " *(EU level: frames national policy, not a national measure)*"
    return line


def chronology_lines(events: Sequence[timeline.Event], on: date, month: str) -> None:
    """A state's events oldest first; the ones after the chosen month greyed and labelled; alliance history folded."""
    policy_events = [e for e in events if e.layer != "alliance"]
    alliance_events = [e for e in events if e.layer == "alliance"]
    before = [e for e in policy_events if e.date <= on]
    after = [e for e in policy_events if e.date > on]
    for event in before:
        st.markdown("- " + _panel_line(event))
    if after:
        st.markdown(f"**After {md_escape(month_label(month))}** · not yet in effect on the chosen month")
        for event in after:
            st.caption(f"▸ *after {md_escape(month_label(month))}* · {_panel_line(event)}")
    if not policy_events:
        st.caption("No policy event recorded.")
    if alliance_events:
        with st.expander(f"Alliance history ({len(alliance_events)} entries)", expanded=False):
            for event in alliance_events:
                if event.date > on:
                    st.caption(f"▸ *after {md_escape(month_label(month))}* · {event_line(event, with_country=False)}")
                else:
                    st.markdown("- " + event_line(event, with_country=False))


def country_panel(policy: Policy, iso3: str, month: str | None = None) -> None:
    """Beside the map: the clicked state's status on the chosen month on all layers, then its chronology."""
    month = month or st.session_state.get("month") or default_month(policy)
    on = month_date(month)
    events = eu.chronology_with_eu(policy, iso3)
    name = policy.countries.set_index("iso3").loc[iso3, "name"]
    st.subheader(md_escape(name))
    close_col, link_col = st.columns([1, 2], vertical_alignment="center")
    with close_col:
        st.button("Close", key="close_country", on_click=st.session_state.update, kwargs={"country": None})
    with link_col:
        st.page_link(
            "pages/1_Country_profile.py",
            label="Full country profile",
            icon=":material/article:",
            query_params={"country": iso3},
        )
    status_block(policy, iso3, on, month)
    with st.container(height=420):
        chronology_lines(events, on, month)


def footer(policy: Policy) -> None:
    version = data_version(policy)
    st.caption(
        f"Data reviewed up to {md_escape(format_date(version['reviewed']))} · "
        f"version {md_escape(version['sha256'][:12])} · "
        "Every fact links its source (hover for the source title, click a country for the links). "
        "Borders: Crimea is drawn as part of Ukraine, following the EU, NATO and UN General Assembly "
        "position; country shapes from Natural Earth (public domain). No tracking, no third-party requests."
    )
