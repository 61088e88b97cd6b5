"""The shared controls (layer, month, play, alliances) and their two-way sync with the URL.

On a session's first run the URL seeds the widgets (each value checked by `geo.view.parse_view`); after
that the widgets own the state, and every run writes the view back to the URL so a copied link reopens
exactly this view.
"""

from __future__ import annotations

import time
from datetime import date

import streamlit as st

from geo import style, timeline
from geo.policy import Policy
from geo.view import LAYERS, View, parse_view, view_params

PLAY_STEP_SECONDS = 0.6
_SEEDED = "_view_seeded"


def month_label(month: str) -> str:
    return date.fromisoformat(month + "-01").strftime("%b %Y")


def month_start(month: str) -> date:
    return date.fromisoformat(month + "-01")


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
        present=view.present, playing=False,
    )
    st.session_state[_SEEDED] = True
    return notices


def keep_shared_state() -> None:
    """Re-assign the shared keys each run: Streamlit drops a widget's value in runs that do not draw it
    (presentation mode hides the layer and alliance controls)."""
    for key in ("layer", "month", "alliances", "country", "present"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def current_view() -> View:
    ss = st.session_state
    alliances = tuple(ss.get("alliances", ()))
    return View(ss["layer"], ss["month"], alliances, ss.get("country"), ss.get("present", False))


def write_url(view: View) -> None:
    """Keep the address bar equal to the view (only when it differs, to spare a round trip)."""
    wanted = view_params(view)
    have = {name: st.query_params.get_all(name) for name in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if have != normalised:
        st.query_params.from_dict(wanted)


def _toggle_play(months: list[str]) -> None:
    ss = st.session_state
    ss.playing = not ss.get("playing", False)
    if ss.playing and ss.month == months[-1]:
        ss.month = months[0]


def apply_pending_step() -> None:
    """A play step chosen at the end of the previous run is applied before the slider is drawn."""
    if "_next_month" in st.session_state:
        st.session_state.month = st.session_state.pop("_next_month")


def layer_control() -> str:
    return st.segmented_control(
        "Layer", LAYERS, key="layer", format_func=lambda k: style.LAYER_SHORT[k], required=True,
    )


def timeline_controls(policy: Policy) -> str:
    """Month slider with a play/pause button beside it."""
    months = timeline.months(policy)
    slider_col, play_col = st.columns([6, 1], vertical_alignment="bottom")
    with play_col:
        playing = st.session_state.get("playing", False)
        st.button(
            "⏸ Pause" if playing else "▶ Play", key="play_button", on_click=_toggle_play, args=(months,),
            width="stretch", help="Animate month by month; stops at the last month",
        )
    with slider_col:
        return st.select_slider("Month", options=months, key="month", format_func=month_label)


def alliance_control() -> list[str]:
    return st.multiselect(
        "Alliance filter (membership on the chosen month)", list(timeline.ALLIANCES), key="alliances",
        placeholder="All 50 states",
    )


def members_of(policy: Policy, alliances: list[str], on: date) -> frozenset[str] | None:
    """States in every chosen alliance on that date; None when no filter is set."""
    if not alliances:
        return None
    sets = [timeline.alliance_members(policy, a, on) for a in alliances]
    return frozenset.intersection(*sets)


def advance_if_playing(policy: Policy) -> None:
    """At the end of a run: wait one step, then move to the next month (or stop at the end)."""
    if not st.session_state.get("playing"):
        return
    months = timeline.months(policy)
    index = months.index(st.session_state.month)
    if index + 1 >= len(months):
        st.session_state.playing = False
        st.rerun()
    time.sleep(PLAY_STEP_SECONDS)
    st.session_state["_next_month"] = months[index + 1]
    st.rerun()
