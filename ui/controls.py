"""The shared controls (layer, month, play, alliances) and their two-way sync with the URL.

On a session's first run the URL seeds the widgets (each value checked by `geo.view.parse_view`); after
that the widgets own the state, and every run writes the view back to the URL so a copied link reopens
exactly this view.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from geo import timeline
from geo.policy import Policy
from geo.view import LAYERS, View, month_end, parse_view, view_params

_SEEDED = "_view_seeded"


def month_label(month: str) -> str:
    return date.fromisoformat(month + "-01").strftime("%b %Y")


def month_date(month: str) -> date:
    """The date a month stands for (its last day): one rule for the map, pages and exports."""
    return month_end(month)


def seed_from_url(policy: Policy) -> list[str]:
    """Fill widget state from the URL once per session; returns notices for ignored values."""
    if st.session_state.get(_SEEDED):
        return []
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view, notices = parse_view(
        params,
        months=timeline.months(policy),
        default_month=timeline.default_month(policy),
        alliances=timeline.ALLIANCES,
        countries=policy.countries["iso3"].tolist(),
    )
    st.session_state.update(
        layer=view.layer, month=view.month, alliances=list(view.alliances), country=view.country,
        present=view.present,
    )
    st.session_state[_SEEDED] = True
    return notices


SHARED_KEYS = ("layer", "month", "alliances", "country", "present")


def keep_shared_state() -> None:
    """Re-assign the shared keys each run: Streamlit drops a widget's value in runs that do not draw it
    (presentation mode hides the layer and alliance controls)."""
    for key in SHARED_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def current_view() -> View:
    ss = st.session_state
    alliances = tuple(ss.get("alliances", ()))
    return View(ss["layer"], ss["month"], alliances, ss.get("country"), ss.get("present", False))


def write_url(view: View, extra: Mapping[str, str] | None = None) -> None:
    """Keep the address bar equal to the view plus a page's own params (only when it differs, to spare a
    round trip)."""
    wanted: dict[str, str | list[str]] = {**view_params(view), **(extra or {})}
    have = {name: st.query_params.get_all(name) for name in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if have != normalised:
        st.query_params.from_dict(wanted)


def apply_map_interaction(policy: Policy, interaction: dict | None) -> str | None:
    """Take the map's latest view or click before anything is drawn; returns the interaction's kind when
    it is new ("view", "select", "exit", "export"), else None. Every value is checked: the browser is not trusted."""
    ss = st.session_state
    if not interaction or interaction.get("seq") == ss.get("_map_seq"):
        return None
    ss["_map_seq"] = interaction.get("seq")
    month = interaction.get("month")
    if isinstance(month, str) and month in timeline.months(policy):
        ss.month = month
    if interaction.get("layer") in LAYERS:
        ss.layer = interaction["layer"]
    chosen = interaction.get("alliances")
    if isinstance(chosen, list):
        ss.alliances = [a for a in timeline.ALLIANCES if a in chosen]
    kind = interaction.get("kind")
    if kind == "select":
        iso3 = interaction.get("selected")
        known = set(policy.countries["iso3"])
        ss.country = None if iso3 == ss.get("country") or iso3 not in known else iso3
    if kind == "exit":
        ss.present = False
    return kind if isinstance(kind, str) else None
