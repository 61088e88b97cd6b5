"""What held in each state on a given day: the pure logic behind the map, the timeline and the chronology.

Counting rule: only verified facts count, and a fact counts from its effective date (or its announced
date when `effective` is empty); a Clean Network fact counts from its `date`, a removal deadline from
`set_on`. Alliance membership holds from `joined` through `left`, both inclusive (`left` is the last day
of membership).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar

import pandas as pd

from geo.policy import Policy
from geo.sources import SourceRef, strongest_by_fact

LAYERS = ("clean_network", "restriction", "deadline")
LEVELS = ("none", "framework", "partial", "exclusion")
ALLIANCES = ("NATO", "EU", "EEA", "Schengen", "3SI", "EU_candidate")
MEMBER_INSTRUMENTS = ("joint_declaration", "mou", "clean_country")
BILATERAL_INSTRUMENTS = ("joint_declaration", "mou")
DEADLINE_CATEGORIES = ("passed", "under_1y", "1_3y", "over_3y", "no_deadline")
NOT_RESEARCHED = "not_researched"
EARLIEST = date(2018, 1, 1)
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DateLike = date | str
_BUILDING = threading.RLock()
_T = TypeVar("_T")


def parse_date(value: DateLike) -> date:
    """A day from a `date`, `YYYY-MM-DD` or `YYYY-MM` (its 1st): one parser so every entry point agrees."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if _DAY_RE.match(text):
            return date.fromisoformat(text)
        if _MONTH_RE.match(text):
            return date.fromisoformat(text + "-01")
    except ValueError:
        raise ValueError(f"invalid date {text!r}: no such day") from None
    raise ValueError(f"invalid date {text!r}: expected YYYY-MM-DD or YYYY-MM")


@dataclass(frozen=True)
class CleanNetworkStatus:
    member: bool
    since: date | None = None
    basis: str | None = None
    source_id: str | None = None
    source_url: str | None = None
    source_title: str | None = None
    strongest: SourceRef | None = None
    bilateral_since: date | None = None
    bilateral_basis: str | None = None
    bilateral_source_id: str | None = None
    bilateral_strongest: SourceRef | None = None


@dataclass(frozen=True)
class RestrictionStatus:
    level: str = "none"
    since: date | None = None
    vendors: tuple[str, ...] = ()
    instrument: str | None = None
    source_id: str | None = None
    source_url: str | None = None
    source_title: str | None = None
    strongest: SourceRef | None = None


@dataclass(frozen=True)
class RemovalDeadline:
    deadline_id: str
    date: date
    scope: str
    set_on: date
    vendors: tuple[str, ...]
    status: str
    source_id: str
    source_url: str
    source_title: str
    strongest: SourceRef | None = None


@dataclass(frozen=True)
class Review:
    date: date
    finding: str


@dataclass(frozen=True)
class CountryState:
    """One state on one day; `reviewed[layer]` is None when the layer was never researched."""

    iso3: str
    name: str
    microstate: bool
    clean_network: CleanNetworkStatus
    restriction: RestrictionStatus
    removal_deadlines: tuple[RemovalDeadline, ...]
    alliances: tuple[str, ...]
    reviewed: dict[str, Review | None]


@dataclass(frozen=True)
class Event:
    """One dated fact of one state, as the chronology and the month panel list it."""

    iso3: str
    name: str
    date: date
    precision: str
    layer: str
    kind: str
    summary: str
    vendors: tuple[str, ...]
    verified: bool
    record_id: str
    source_id: str | None
    source_url: str | None
    source_title: str | None
    source_published: date | None
    source_publisher: str | None
    disagreements: tuple[str, ...] = ()
    """Where sources disagree on this fact: 'date 2020-10-23 (Publisher)' per other value recorded."""


@dataclass(frozen=True)
class Change:
    """A state whose category on a layer differs between two dates, with the facts in between."""

    iso3: str
    name: str
    before: str
    after: str
    events: tuple[Event, ...]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def _verified(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Only verified facts reach the map; the rest stay in the chronology, flagged."""
    return [r for r in _records(frame) if bool(r["verified"])]


def _none(value: Any) -> Any:
    """NaN/NaT from a left join become None, so callers see one kind of missing."""
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


@dataclass(frozen=True)
class _Index:
    """The tables regrouped per state, built once per Policy so a month-by-month sweep stays cheap."""

    countries: tuple[dict[str, Any], ...]
    names: dict[str, str]
    clean_network: dict[str, list[dict[str, Any]]]
    restrictions: dict[str, list[dict[str, Any]]]
    deadlines: dict[str, list[dict[str, Any]]]
    alliances: dict[str, list[dict[str, Any]]]
    reviews: dict[tuple[str, str], Review]


def _group(rows: Iterable[dict[str, Any]], key: Any = None) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["iso3"], []).append(row)
    for items in grouped.values():
        if key is not None:
            items.sort(key=key)
    return grouped


def counts_from(row: dict[str, Any]) -> date:
    """The day a restriction takes effect on the map: `effective`, else `announced`."""
    return _none(row.get("effective")) or row["announced"]


def _with_strongest(
    rows: list[dict[str, Any]], table: str, id_column: str, best: dict[tuple[str, str], SourceRef | None]
) -> list[dict[str, Any]]:
    """The rows with `strongest`: the strongest source behind each (cited or verification evidence)."""
    return [{**r, "strongest": best.get((table, str(r[id_column])))} for r in rows]


def _built_once(build: Callable[[Policy], _T]) -> Callable[[Policy], _T]:
    """Memoise a build per Policy, and build under one lock: a server's first sessions arrive together,
    and each building its own copy multiplied the first-run time by the number of sessions."""
    cached = lru_cache(maxsize=8)(build)

    def get(policy: Policy) -> _T:
        with _BUILDING:
            return cached(policy)

    get.__doc__ = build.__doc__
    return get


@_built_once
def _index(policy: Policy) -> _Index:
    countries = tuple(_records(policy.countries))
    best = strongest_by_fact(policy)
    return _Index(
        countries=countries,
        names={c["iso3"]: c["name"] for c in countries},
        clean_network=_group(
            _with_strongest(_verified(policy.clean_network), "clean_network", "event_id", best),
            key=lambda r: (r["date"], r["event_id"]),
        ),
        restrictions=_group(
            _with_strongest(_verified(policy.restrictions), "restrictions", "change_id", best),
            key=lambda r: (counts_from(r), r["announced"], r["change_id"]),
        ),
        deadlines=_group(
            _with_strongest(_verified(policy.deadlines), "deadlines", "deadline_id", best),
            key=lambda r: (r["deadline"], r["deadline_id"]),
        ),
        alliances=_group(_records(policy.alliances), key=lambda r: (r["joined"], r["alliance"])),
        reviews={
            (r["iso3"], r["layer"]): Review(r["reviewed"], r["finding"]) for r in _records(policy.reviews)
        },
    )


def _holds(period: dict[str, Any], on: date) -> bool:
    left = _none(period.get("left"))
    return period["joined"] <= on and (left is None or on <= left)


def _alliances_of(index: _Index, iso3: str, on: date) -> tuple[str, ...]:
    held = {p["alliance"] for p in index.alliances.get(iso3, []) if _holds(p, on)}
    return tuple(a for a in ALLIANCES if a in held)


def _check_alliances(alliances: Sequence[str]) -> None:
    unknown = [a for a in alliances if a not in ALLIANCES]
    if unknown:
        raise ValueError(f"unknown alliance {unknown[0]!r}; choose from {', '.join(ALLIANCES)}")


def alliance_members(policy: Policy, alliance: str, on: DateLike) -> frozenset[str]:
    """The states in `alliance` on that day (membership holds from `joined` through `left`, inclusive)."""
    _check_alliances([alliance])
    day = parse_date(on)
    index = _index(policy)
    return frozenset(c["iso3"] for c in index.countries if alliance in _alliances_of(index, c["iso3"], day))


def members_of_all(policy: Policy, alliances: Sequence[str], on: DateLike) -> frozenset[str] | None:
    """States in every chosen alliance on that day (the app's alliance filter); None when none is chosen."""
    if not alliances:
        return None
    return frozenset.intersection(*(alliance_members(policy, a, on) for a in alliances))


def _in_all(index: _Index, iso3: str, alliances: Sequence[str], on: date) -> bool:
    held = _alliances_of(index, iso3, on)
    return all(a in held for a in alliances)


def _clean_network(rows: list[dict[str, Any]], on: date) -> CleanNetworkStatus:
    """Member from the first qualifying fact on; an `other` statement does not make a member.

    `bilateral_*` holds the first signed declaration or MOU, so a state only *named* a Clean Country
    (no bilateral document) can be told apart from a signatory.
    """
    held = [row for row in rows if row["date"] <= on]
    first = next((row for row in held if row["instrument"] in MEMBER_INSTRUMENTS), None)
    if first is None:
        return CleanNetworkStatus(False)
    signed = next((row for row in held if row["instrument"] in BILATERAL_INSTRUMENTS), None)
    return CleanNetworkStatus(
        True, first["date"], first["instrument"], first["source_id"], first["source_url"], first["source_title"],
        first.get("strongest"),
        signed["date"] if signed else None,
        signed["instrument"] if signed else None,
        signed["source_id"] if signed else None,
        signed.get("strongest") if signed else None,
    )


def _restriction(rows: list[dict[str, Any]], on: date) -> RestrictionStatus:
    """The level of the latest change in effect on the day; `none` when no change is yet in effect."""
    current = [r for r in rows if counts_from(r) <= on]
    if not current:
        return RestrictionStatus()
    row = current[-1]
    return RestrictionStatus(
        row["level"],
        counts_from(row),
        tuple(row["vendors"]),
        row["instrument"],
        row["source_id"],
        row["source_url"],
        row["source_title"],
        row.get("strongest"),
    )


def _deadlines(rows: list[dict[str, Any]], on: date) -> tuple[RemovalDeadline, ...]:
    """Deadlines already set on the day and not yet replaced by a deadline set on or before it."""
    known = [r for r in rows if r["set_on"] <= on]
    replaced = {_none(r["replaces"]) for r in known} - {None}
    return tuple(
        RemovalDeadline(
            r["deadline_id"],
            r["deadline"],
            r["scope"],
            r["set_on"],
            tuple(r["vendors"]),
            "scheduled" if r["deadline"] > on else "passed",
            r["source_id"],
            r["source_url"],
            r["source_title"],
            r.get("strongest"),
        )
        for r in known
        if r["deadline_id"] not in replaced
    )


def _state(index: _Index, country: dict[str, Any], on: date) -> CountryState:
    iso3 = country["iso3"]
    return CountryState(
        iso3=iso3,
        name=country["name"],
        microstate=bool(country["microstate"]),
        clean_network=_clean_network(index.clean_network.get(iso3, []), on),
        restriction=_restriction(index.restrictions.get(iso3, []), on),
        removal_deadlines=_deadlines(index.deadlines.get(iso3, []), on),
        alliances=_alliances_of(index, iso3, on),
        reviewed={layer: index.reviews.get((iso3, layer)) for layer in LAYERS},
    )


def state_at(policy: Policy, on: DateLike, alliances: Sequence[str] = ()) -> list[CountryState]:
    """Every in-scope state on that day, or only those in ALL the given alliances on that day."""
    _check_alliances(alliances)
    day = parse_date(on)
    index = _index(policy)
    return [_state(index, c, day) for c in index.countries if _in_all(index, c["iso3"], alliances, day)]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def deadline_category(deadlines: Sequence[RemovalDeadline], on: DateLike) -> str:
    """The nearest scheduled deadline's time left; `passed` when every deadline in force has passed."""
    day = parse_date(on)
    upcoming = sorted(d.date for d in deadlines if d.date > day)
    if upcoming:
        nearest = upcoming[0]
        if nearest < _add_years(day, 1):
            return "under_1y"
        return "1_3y" if nearest <= _add_years(day, 3) else "over_3y"
    return "passed" if deadlines else "no_deadline"


def category(state: CountryState, layer: str, on: DateLike) -> str:
    """The map category of a state on a layer; `not_researched` when the layer has no review row."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; choose from {', '.join(LAYERS)}")
    if state.reviewed.get(layer) is None:
        return NOT_RESEARCHED
    if layer == "clean_network":
        cn = state.clean_network
        return "member" if cn.bilateral_since else ("named" if cn.member else "not_member")
    if layer == "restriction":
        return state.restriction.level
    return deadline_category(state.removal_deadlines, on)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _source_quality(strongest: SourceRef | None) -> dict[str, Any]:
    """`source_kind` of the strongest source behind a drawn fact and that source, so a reader can mark a
    fact backed only by a secondary source and credit the strongest one."""
    if strongest is None:
        return {"source_kind": None, "strongest_source": None}
    return {
        "source_kind": strongest.kind,
        "strongest_source": {
            "title": strongest.title,
            "url": strongest.url,
            "publisher": strongest.publisher,
            "kind": strongest.kind,
        },
    }


def _state_dict(state: CountryState, on: date) -> dict[str, Any]:
    cn, r = state.clean_network, state.restriction
    return {
        "iso3": state.iso3,
        "name": state.name,
        "microstate": state.microstate,
        "clean_network": {
            "member": cn.member,
            "since": _iso(cn.since),
            "basis": cn.basis,
            "source_url": cn.source_url,
            "source_title": cn.source_title,
            **_source_quality(cn.strongest),
        },
        "restriction": {
            "level": r.level,
            "since": _iso(r.since),
            "vendors": list(r.vendors),
            "instrument": r.instrument,
            "source_url": r.source_url,
            "source_title": r.source_title,
            **_source_quality(r.strongest),
        },
        "removal_deadlines": [
            {
                "date": d.date.isoformat(),
                "scope": d.scope,
                "set_on": d.set_on.isoformat(),
                "vendors": list(d.vendors),
                "status": d.status,
                "source_url": d.source_url,
                "source_title": d.source_title,
                **_source_quality(d.strongest),
            }
            for d in state.removal_deadlines
        ],
        "alliances": list(state.alliances),
        "reviewed": {
            layer: ({"date": rv.date.isoformat(), "finding": rv.finding} if rv else None)
            for layer, rv in state.reviewed.items()
        },
        "category": {layer: category(state, layer, on) for layer in LAYERS},
    }


def state_json(policy: Policy, on: DateLike, alliances: Sequence[str] = ()) -> dict[str, Any]:
    """`state_at` as plain JSON types (ISO date strings, null where none), for the CLI and downloads."""
    day = parse_date(on)
    return {
        "date": day.isoformat(),
        "alliances": list(alliances),
        "countries": [_state_dict(s, day) for s in state_at(policy, day, alliances)],
    }


def _fact_dates(policy: Policy) -> list[date]:
    dates: list[date] = [
        *policy.clean_network["date"],
        *policy.deadlines["set_on"],
        *policy.operators["date"],
        *policy.vendor_share["as_of"],
    ]
    dates += [counts_from(r) for r in _records(policy.restrictions)]
    return [d for d in dates if _none(d) is not None]


@lru_cache(maxsize=8)
def data_range(policy: Policy) -> tuple[date, date]:
    """From the first fact (never before 2018) to the last scheduled deadline, or the last fact (once per
    Policy: the month slider's range is asked for on every map step)."""
    facts = _fact_dates(policy)
    ends = facts + [d for d in policy.deadlines["deadline"] if _none(d) is not None]
    first = max(min(facts), EARLIEST) if facts else EARLIEST
    last = max(ends) if ends else first
    return first, max(first, last)


def months(policy: Policy) -> list[str]:
    """Every month of the data range as 'YYYY-MM', the steps of the time slider."""
    first, last = data_range(policy)
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def default_month(policy: Policy) -> str:
    """The latest month the data were reviewed for, inside the slider's range."""
    all_months = months(policy)
    reviewed = [d for d in policy.reviews["reviewed"] if _none(d) is not None]
    if not reviewed:
        return all_months[-1]
    latest = max(reviewed).strftime("%Y-%m")
    return min(max(latest, all_months[0]), all_months[-1])


def _event(
    row: dict[str, Any],
    name: str,
    day: date,
    layer: str,
    kind: str,
    summary: str,
    record_id: str,
    precision: str | None = None,
    verified: bool = True,
) -> Event:
    return Event(
        iso3=row["iso3"],
        name=name,
        date=day,
        precision=precision or row.get("date_precision") or "day",
        layer=layer,
        kind=kind,
        summary=summary,
        vendors=tuple(row.get("vendors") or ()),
        verified=bool(row.get("verified", verified)),
        record_id=record_id,
        source_id=_none(row.get("source_id")),
        source_url=_none(row.get("source_url")),
        source_title=_none(row.get("source_title")),
        source_published=_none(row.get("source_published")),
        source_publisher=_none(row.get("source_publisher")),
    )


def _disagreements(policy: Policy) -> dict[str, tuple[str, ...]]:
    """fact id → the other values sources give, as short texts for the chronology."""
    publishers = dict(zip(policy.sources["source_id"], policy.sources["publisher"], strict=True))
    out: dict[str, list[str]] = {}
    for d in _records(policy.disagreements):
        out.setdefault(d["fact_id"], []).append(
            f"{d['field']} {d['value']} ({publishers.get(d['source_id'], d['source_id'])})"
        )
    return {k: tuple(v) for k, v in out.items()}


def _with_disagreements(events: list[Event], others: dict[str, tuple[str, ...]]) -> list[Event]:
    """Events with the other values sources give; alliance records use the `ISO3:ALLIANCE:joined` id."""
    out = []
    for e in events:
        key = e.record_id.replace("-", ":", 2) if e.layer == "alliance" else e.record_id
        found = others.get(key, ())
        out.append(replace(e, disagreements=found) if found else e)
    return out


def _country_events(
    tables: dict[str, dict[str, list[dict[str, Any]]]], others: dict[str, tuple[str, ...]], iso3: str, name: str
) -> list[Event]:
    """One state's events from the tables already grouped by state (`_events_by_country` groups once)."""

    def rows(table: str) -> list[dict[str, Any]]:
        return tables[table].get(iso3, [])

    events: list[Event] = []
    for r in rows("clean_network"):
        events.append(
            _event(r, name, r["date"], "clean_network", r["instrument"], r["summary"], r["event_id"])
        )
    for r in rows("restrictions"):
        events.append(
            _event(r, name, counts_from(r), "restriction", r["level"], r["summary"], r["change_id"])
        )
    for r in rows("deadlines"):
        events.append(
            _event(r, name, r["set_on"], "deadline", "deadline_set", r["summary"], r["deadline_id"])
        )
        due = f"Removal deadline ({r['scope'].replace('_', ' ')}) falls due: {r['summary']}"
        events.append(_event(r, name, r["deadline"], "deadline", "deadline_due", due, r["deadline_id"]))
    for r in rows("operators"):
        events.append(
            _event(
                {**r, "vendors": (r["vendor"],)},
                name,
                r["date"],
                "operator",
                r["decision"],
                r["summary"],
                r["event_id"],
            )
        )
    for r in rows("vendor_share"):
        who = " and ".join(r["vendors"]) or "Named vendors"
        summary = f"{who} held {r['share_pct']:g}% of the {r['network']} RAN"
        events.append(_event(r, name, r["as_of"], "vendor_share", "share", summary, r["share_id"]))
    events.extend(_alliance_events(rows("alliances"), name))
    events = _with_disagreements(events, others)
    return sorted(
        events, key=lambda e: (e.date, LAYERS.index(e.layer) if e.layer in LAYERS else 9, e.record_id)
    )


def _alliance_events(rows: Iterable[dict[str, Any]], name: str) -> list[Event]:
    """Joined/left events of one state's membership rows. A row that starts the day after the previous row
    of the same alliance ends is a further stage of one accession (Schengen air/sea, then land borders):
    no "Left" is printed between the two, and the stages say so."""
    rows = sorted(rows, key=lambda r: (r["alliance"], r["joined"]))
    events: list[Event] = []
    for i, r in enumerate(rows):
        label = r["alliance"].replace("_", " ")
        record = f"{r['iso3']}-{r['alliance']}-{r['joined'].isoformat()}"
        left = _none(r.get("left"))
        prev = rows[i - 1] if i else None
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        continues_prev = _continues(prev, r)
        continued = _continues(r, nxt)
        if continues_prev:
            summary = f"{label}: next stage of accession"
        elif continued:
            summary = f"Joined {label} (first stage)"
        else:
            summary = f"Joined {label}"
        events.append(_event(r, name, r["joined"], "alliance", "joined", summary, record))
        if left is not None and not continued:
            events.append(_event(r, name, left, "alliance", "left", f"Left {label} (last day of membership)", record))
    return events


def _continues(prev: dict[str, Any] | None, row: dict[str, Any] | None) -> bool:
    """True when `row` is the next stage of `prev`: same alliance, starting the day after `prev` ends."""
    if prev is None or row is None or prev["alliance"] != row["alliance"]:
        return False
    left = _none(prev.get("left"))
    return left is not None and row["joined"] == left + timedelta(days=1)


_CHRONOLOGY_TABLES = ("clean_network", "restrictions", "deadlines", "operators", "vendor_share", "alliances")


@_built_once
def _events_by_country(policy: Policy) -> dict[str, tuple[Event, ...]]:
    """Every state's events, built once per Policy: the month panel and the compare page ask often."""
    tables = {name: _group(_records(getattr(policy, name))) for name in _CHRONOLOGY_TABLES}
    others = _disagreements(policy)
    return {
        c["iso3"]: tuple(_country_events(tables, others, c["iso3"], c["name"])) for c in _index(policy).countries
    }


def chronology(policy: Policy, iso3: str) -> list[Event]:
    """Every recorded fact of one state, oldest first, verified or not (unverified ones are flagged)."""
    names = _index(policy).names
    if iso3 not in names:
        raise KeyError(f"unknown country {iso3!r}")
    return list(_events_by_country(policy)[iso3])


def events_in_month(policy: Policy, month: str, alliances: Sequence[str] = ()) -> list[Event]:
    """The facts dated in that month, of states in all the given alliances on the fact's date."""
    _check_alliances(alliances)
    start = parse_date(month)
    if not _MONTH_RE.match(str(month)):
        start = start.replace(day=1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    index = _index(policy)
    events = [
        e
        for c in index.countries
        for e in _events_by_country(policy)[c["iso3"]]
        if start <= e.date < end and _in_all(index, e.iso3, alliances, e.date)
    ]
    return sorted(events, key=lambda e: (e.date, e.iso3, e.record_id))


def changes_between(
    policy: Policy, start: DateLike, end: DateLike, layer: str, alliances: Sequence[str] = ()
) -> list[Change]:
    """States whose category on `layer` differs between `start` and `end` (alliances taken on `end`)."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; choose from {', '.join(LAYERS)}")
    first, last = parse_date(start), parse_date(end)
    before = {s.iso3: s for s in state_at(policy, first)}
    changes = []
    for state in state_at(policy, last, alliances):
        was, now = category(before[state.iso3], layer, first), category(state, layer, last)
        if was == now:
            continue
        events = tuple(
            e
            for e in _events_by_country(policy)[state.iso3]
            if e.layer == layer and e.verified and first < e.date <= last
        )
        changes.append(Change(state.iso3, state.name, was, now, events))
    return changes
