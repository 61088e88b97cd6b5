"""Shared state for the analyst pages: what carries across pages, page-only URL params, common widgets.

Streamlit scopes a widget's session value to its page and drops it after a page switch unless the
new page sets it again. So `start_page` re-assigns the shared keys (layer, month, alliances, country)
at the top of every run, and the pages' own widgets use page keys that are copied to and from the
shared keys (`synced`): the shared values stay plain session values that every page can read. When a
value was dropped anyway (the map page binds them to its own widgets), the page falls back to the
view it last wrote, then to the defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from geo import style, timeline
from geo.policy import Policy, PolicyError
from geo.view import DEFAULT_LAYER, LAYERS, View, parse_month
from ui import controls
from ui.feed import publish_feed
from ui.loaders import assets_problem, load_policy, shapes_problems
from ui.nav import sidebar_nav
from ui.notices import show_notices

SHARED_KEYS = controls.SHARED_KEYS
_URL_SEEN = "_page_url_seen"
_MIRROR = "_page_shared_view"
ERRORS_SHOWN = 100


def load_or_stop() -> Policy:
    """The policy, or the data-error screen (every problem of the tables and the shapes) and a stopped page."""
    try:
        policy = load_policy()
    except PolicyError as error:
        data_error_screen(error.errors)
        raise
    problems = shapes_problems()
    if problems:
        data_error_screen(problems)
    problem = assets_problem()
    if problem:
        data_error_screen([problem], "The map cannot be served from this checkout.")
    return policy


def data_error_screen(
    errors: list[str], heading: str = "The data did not validate; nothing is shown rather than something wrong."
) -> None:
    """One screen for every data, shapes or start-up failure: what is wrong, line by line, never a traceback."""
    st.error(heading)
    shown, note = capped(errors)
    st.code("\n".join(shown), language=None, wrap_lines=True)
    if note:
        st.caption(note)
    st.caption("Fix the files named above, then restart the app. `python -m geo validate` lists the same problems.")
    st.stop()


def capped(errors: list[str], limit: int = ERRORS_SHOWN) -> tuple[list[str], str | None]:
    """The first `limit` problems and, when the list was cut, a note saying how many more there are."""
    if len(errors) <= limit:
        return errors, None
    return errors[:limit], (
        f"Showing the first {limit} of {len(errors)} problems; run `python -m geo validate` for all of them."
    )


def start_page(policy: Policy) -> list[str]:
    """Seed from the URL (first run of a session), keep shared values alive, draw the sidebar links."""
    notices = controls.seed_from_url(policy)
    ss = st.session_state
    mirror = ss.get(_MIRROR, {})
    defaults = {"layer": DEFAULT_LAYER, "month": timeline.default_month(policy), "alliances": [], "country": None}
    controls.keep_shared_state()
    for key in SHARED_KEYS:
        if ss.get(key) is None:
            if key in mirror:
                ss[key] = mirror[key]
            elif key in defaults:
                ss[key] = defaults[key]
    sidebar()
    publish_feed()
    show_notices(notices)
    return notices


def sidebar() -> None:
    """The shared sidebar links; a page run on its own (AppTest.from_file) has no sibling pages to link."""
    try:
        sidebar_nav()
    except StreamlitPageNotFoundError:
        return


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
    """The shared view plus this page's own params, and the view remembered for the next page."""
    controls.write_url(view, extra)
    if view.country:
        st.session_state[_URL_SEEN] = view.country
    st.session_state[_MIRROR] = {key: st.session_state.get(key) for key in SHARED_KEYS}


def synced(widget: Callable[..., Any], shared: str, key: str, *args: Any, **kwargs: Any) -> Any:
    """Draw `widget` under the page key `key`, showing and updating the shared session value `shared`."""
    ss = st.session_state
    if shared in ss:
        ss[key] = list(ss[shared]) if isinstance(ss[shared], (list, tuple)) else ss[shared]

    def copy_back() -> None:
        ss[shared] = ss[key]

    return widget(*args, key=key, on_change=copy_back, **kwargs)


def layer_control(page: str) -> str:
    return synced(
        st.segmented_control, "layer", f"{page}_layer", "Layer", LAYERS,
        format_func=lambda k: style.LAYER_SHORT[k], required=True,
    )


def alliance_control(
    page: str, label: str = "Alliance filter (membership on the chosen month)", placeholder: str = "All 50 states"
) -> list[str]:
    return synced(st.multiselect, "alliances", f"{page}_alliances", label, list(timeline.ALLIANCES),
                  placeholder=placeholder)


def month_slider(policy: Policy, page: str, label: str = "Month") -> str:
    """The shared month, without the map's play button."""
    return synced(
        st.select_slider, "month", f"{page}_month", label, options=timeline.months(policy),
        format_func=controls.month_label,
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
