"""'What changed this month' beside the map: the month's facts, or when the last change was."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo import eu, summary, timeline
from geo.policy import Policy
from geo.text import md_escape
from ui.controls import month_label
from ui.panels import event_line


def month_changes(policy: Policy, month: str, alliances: Sequence[str]) -> None:
    """The list only when something changed; otherwise one line naming the latest earlier change."""
    events = timeline.events_in_month(policy, month, tuple(alliances))
    eu_steps = [eu.as_event(e) for e in eu.eu_events_in_month(policy, month)]
    if events or eu_steps:
        count = len(events) + len(eu_steps)
        st.markdown(f"**What changed in {md_escape(month_label(month))}** ({count})")
        lines = [event_line(e) for e in events] + [
            event_line(e) + " *(EU level: frames national policy, not a national measure)*" for e in eu_steps
        ]
        with st.container(height=min(96 + 64 * count, 360), border=False):
            st.markdown("\n".join("- " + line for line in lines))  # one element: cheaper to redraw each step
        return
    last = summary.last_change_before(policy, month, alliances)
    text = f"No recorded change in {md_escape(month_label(month))}."
    if last is not None:
        text += (
            f" Last change: {md_escape(summary.date_words(last.date))}, {md_escape(last.name)} "
            f"({md_escape(last.summary[:90])}{'…' if len(last.summary) > 90 else ''})"
        )
    st.caption(text)
