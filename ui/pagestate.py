"""Shared state for the analyst pages: what carries across pages, page-only URL params, common widgets.

Streamlit drops a widget's session value at the end of a run in which that widget is not drawn, so a
page without the map's layer slider would lose the layer on its way back to the map. `keep_shared`
re-assigns the shared keys at the top of every page run, turning them into plain session values.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo import timeline
from geo.policy import Policy, PolicyError
from geo.view import View, parse_month, view_params
from ui import controls
from ui.loaders import load_policy

SHARED_KEYS = ("layer", "month", "alliances", "country", "present", "playing")
_URL_SEEN = "_page_url_seen"


def load_or_stop() -> Policy:
    """The policy, or a listed validation error and a stopped page."""
    try:
        return load_policy()
    except PolicyError as error:
        st.error("The data did not validate; nothing is shown rather than something wrong.")
        st.code("\n".join(error.errors[:200]))
        st.stop()
        raise


def start_page(policy: Policy) -> list[str]:
    """Seed from the URL (first run of a session), keep shared values alive, stop any map animation."""
    notices = controls.seed_from_url(policy)
    for key in SHARED_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    st.session_state.playing = False
    st.session_state.pop("_next_month", None)
    for notice in notices:
        st.warning(notice, icon="⚠️")
    return notices


def url_param(name: str) -> str | None:
    values = st.query_params.get_all(name)
    return values[0] if values else None


def adopt_url_country(policy: Policy) -> None:
    """A country put in the URL from outside (a link from the map) wins over the session's previous pick."""
    value = (url_param("country") or "").upper()
    if value in set(policy.countries["iso3"]) and value != st.session_state.get(_URL_SEEN):
        st.session_state.country = value
    st.session_state[_URL_SEEN] = value or None


def write_url(view: View, extra: Mapping[str, str] | None = None) -> None:
    """The shared view plus this page's own params; written only when the address bar differs."""
    wanted: dict[str, str | list[str]] = {**view_params(view), **(extra or {})}
    have = {name: st.query_params.get_all(name) for name in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if have != normalised:
        st.query_params.from_dict(wanted)
    if view.country:
        st.session_state[_URL_SEEN] = view.country


def month_slider(policy: Policy, label: str = "Month") -> str:
    """The shared month (key `month`), without the map's play button."""
    return st.select_slider(
        label, options=timeline.months(policy), key="month", format_func=controls.month_label,
    )


def seed_month_param(policy: Policy, name: str, key: str, default: str) -> list[str]:
    """Seed a page-only month widget (`from`, `to`) from the URL once; returns a notice if ignored."""
    if key in st.session_state:
        return []
    months = timeline.months(policy)
    raw = url_param(name)
    parsed = parse_month(raw, months) if raw else None
    st.session_state[key] = parsed or default
    if raw and not parsed:
        return [f"“{name}” is not a month between {months[0]} and {months[-1]}; showing {default}."]
    return []
