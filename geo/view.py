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

from geo.text import md_escape

LAYERS = ("clean_network", "restriction", "deadline")
DEFAULT_LAYER = "restriction"
_MONTH = re.compile(r"^[0-9]{4}-[0-9]{2}$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_MAX_SHOWN = 40
_MAX_LISTED = 3


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
    """A user-supplied value for a notice: shortened, control and markup characters replaced, then
    Markdown-escaped (`__x__` must read as underscores, not bold)."""
    cleaned = re.sub(r"[^\w\-. ]", "?", value)
    cleaned = cleaned if len(cleaned) <= _MAX_SHOWN else cleaned[:_MAX_SHOWN] + "…"
    return md_escape(cleaned)


def _listed(values: Sequence[str]) -> str:
    """'“a”, “b”, “c” and 9 more': a few of many ignored values, so one notice stays one line."""
    shown = ", ".join(f"“{_shown(v)}”" for v in values[:_MAX_LISTED])
    rest = len(values) - _MAX_LISTED
    return shown + (f" and {rest} more" if rest > 0 else "")


def _extra(values: Sequence[str]) -> str:
    """The note added when a single-valued parameter is given several times (only the first counts)."""
    return f" ({len(values)} values given; only the first is read)" if len(values) > 1 else ""


def month_end(month: str) -> date:
    """The date a month stands for on the map: its last day, so a change made during a month is drawn
    on that month's map (the month's change list and its map agree)."""
    start = date.fromisoformat(month + "-01")
    return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def parse_month(value: str, months: Sequence[str]) -> str | None:
    """`YYYY-MM` (or a real day `YYYY-MM-DD`, whose month is taken) inside the timeline, else None.

    A day must exist: `2021-02-30` is refused rather than read as February 2021."""
    value = value.strip()
    if _DAY.match(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
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
    """The view a URL asks for, and at most one notice per parameter saying what was ignored."""
    notices: list[str] = []
    # Alliance names match ASCII case-insensitively only: `ſchengen` upper-cases to SCHENGEN in Python,
    # but it is not the word a link should carry.
    known_alliances = {a.upper(): a for a in alliances}
    known_countries = {c.upper() for c in countries}

    layer = DEFAULT_LAYER
    values = _values(params, "layer")
    if values and values[0] in LAYERS:
        layer = values[0]
    elif values:
        notices.append(f"Unknown layer “{_shown(values[0])}”; showing {DEFAULT_LAYER}{_extra(values)}.")

    month = default_month
    values = _values(params, "date")
    parsed = parse_month(values[0], months) if values else None
    if parsed:
        month = parsed
    elif values:
        notices.append(
            f"Date “{_shown(values[0])}” is not a month between {months[0]} and {months[-1]}; "
            f"showing {default_month}{_extra(values)}."
        )

    chosen: list[str] = []
    unknown: list[str] = []
    for value in _values(params, "alliance"):
        for part in (p.strip() for p in value.split(",")):
            name = known_alliances.get(part.upper()) if part.isascii() else None
            if name and name not in chosen:
                chosen.append(name)
            elif not name and part:
                unknown.append(part)
    if len(unknown) == 1:
        notices.append(f"Unknown alliance “{_shown(unknown[0])}” ignored.")
    elif unknown:
        notices.append(f"{len(unknown)} unknown alliance values ignored: {_listed(unknown)}.")

    country = None
    values = _values(params, "country")
    if values and _ISO3.match(values[0]) and values[0].upper() in known_countries:
        country = values[0].upper()
    elif values:
        notices.append(f"Unknown country code “{_shown(values[0])}” ignored{_extra(values)}.")

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
