"""What a screen shows (layer, month, alliances, country, presentation or embed mode), read from and written
to URLs.

A URL is user input: every value is checked against what the data offers, and a bad one falls back
to the default with a notice that says what was ignored. Pure, so the pages and the tests share it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

LAYERS = ("clean_network", "restriction", "deadline")
DEFAULT_LAYER = "restriction"
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_MAX_SHOWN = 40


@dataclass(frozen=True)
class View:
    layer: str
    month: str
    alliances: tuple[str, ...] = ()
    country: str | None = None
    present: bool = False
    embed: bool = False


def _values(params: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def _shown(value: str) -> str:
    """A user-supplied value, shortened and stripped of markup characters, for a notice."""
    cleaned = re.sub(r"[^\w\-. ]", "?", value)
    return cleaned if len(cleaned) <= _MAX_SHOWN else cleaned[:_MAX_SHOWN] + "…"


def month_end(month: str) -> date:
    """The date a month stands for on the map: its last day, so a change made during a month is drawn
    on that month's map (the month's change list and its map agree)."""
    start = date.fromisoformat(month + "-01")
    return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def parse_month(value: str, months: Sequence[str]) -> str | None:
    """`YYYY-MM` (or `YYYY-MM-DD`, whose month is taken) inside the timeline, else None."""
    value = value.strip()
    if len(value) == 10 and _MONTH.match(value[:7]) and value[7] == "-":
        value = value[:7]
    return value if _MONTH.match(value) and value in months else None


def parse_view(
    params: Mapping[str, str | Sequence[str]],
    *,
    months: Sequence[str],
    default_month: str,
    alliances: Iterable[str],
    countries: Iterable[str],
) -> tuple[View, list[str]]:
    """The view a URL asks for, and a notice for every value that was ignored."""
    notices: list[str] = []
    known_alliances = {a.upper(): a for a in alliances}
    known_countries = {c.upper() for c in countries}

    layer = DEFAULT_LAYER
    for value in _values(params, "layer")[:1]:
        if value in LAYERS:
            layer = value
        else:
            notices.append(f"Unknown layer “{_shown(value)}”; showing {DEFAULT_LAYER}.")

    month = default_month
    for value in _values(params, "date")[:1]:
        parsed = parse_month(value, months)
        if parsed:
            month = parsed
        else:
            notices.append(
                f"Date “{_shown(value)}” is not a month between {months[0]} and {months[-1]}; "
                f"showing {default_month}."
            )

    chosen: list[str] = []
    for value in _values(params, "alliance"):
        for part in value.split(","):
            name = known_alliances.get(part.strip().upper())
            if name and name not in chosen:
                chosen.append(name)
            elif not name and part.strip():
                notices.append(f"Unknown alliance “{_shown(part)}” ignored.")

    country = None
    for value in _values(params, "country")[:1]:
        if _ISO3.match(value) and value.upper() in known_countries:
            country = value.upper()
        else:
            notices.append(f"Unknown country code “{_shown(value)}” ignored.")

    present = any(v.strip().lower() in {"1", "true", "yes"} for v in _values(params, "present"))
    # `embed=true` is Streamlit's own parameter (the app reads it as st.context.is_embedded, never from
    # st.query_params, and may not write it); parsed here so a link's intent is known outside Streamlit.
    embed = any(v.strip().lower() in {"1", "true", "yes"} for v in _values(params, "embed"))
    return View(layer, month, tuple(chosen), country, present, embed), notices


def view_params(view: View) -> dict[str, str | list[str]]:
    """The query parameters that reopen `view` exactly (date always included: defaults move with data)."""
    params: dict[str, str | list[str]] = {"layer": view.layer, "date": view.month}
    if view.alliances:
        params["alliance"] = list(view.alliances)
    if view.country:
        params["country"] = view.country
    if view.present:
        params["present"] = "1"
    return params


def with_country(view: View, country: str | None) -> View:
    return replace(view, country=country)
