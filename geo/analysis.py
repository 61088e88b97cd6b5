"""Tables the analyst pages show and export: flattened, filtered, all-text, so what is shown is what is downloaded.

Every frame built here has string cells only ("" for missing): a CSV written from it and read back with
`dtype=str, keep_default_na=False` is the same frame, which is what makes "download exactly what is shown"
testable. Pure functions over `geo.policy.Policy` and `geo.timeline`; no Streamlit.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from geo import mapview, style, timeline
from geo.dates import format_date
from geo.policy import Policy, data_version
from geo.text import md_escape, safe_url

LAYER_TABLES: dict[str, str] = {
    "clean_network": "clean_network",
    "restriction": "restrictions",
    "deadline": "deadlines",
}
EVENT_LAYER_LABELS: dict[str, str] = {
    "clean_network": "Clean Network",
    "restriction": "Restriction",
    "deadline": "Deadline",
    "operator": "Operator decision",
    "vendor_share": "Vendor share",
    "alliance": "Alliance",
}
EVENT_COLUMNS = (
    "date", "precision", "iso3", "country", "layer", "kind", "summary", "vendors", "alliances",
    "verified", "source", "source_url",
)
STATE_COLUMNS = (
    "iso3", "country", "layer", "date", "category", "category_label", "status", "since", "since_precision",
    "deadlines", "source", "source_url", "reviewed", "finding",
)
GANTT_COLUMNS = (
    "iso3", "country", "start", "end", "level", "level_label", "period", "precision", "summary", "source_url",
)
DEADLINE_MARK_COLUMNS = ("iso3", "country", "date", "precision", "scope", "status", "label", "source_url")
CHANGE_COLUMNS = (
    "iso3", "country", "layer", "before_category", "before", "after_category", "after", "events", "source",
    "source_url",
)
SOURCE_COLUMNS = ("published", "publisher", "title", "url", "kind", "accessed", "source_id", "cited_by")
ISO3_FIELDS = ("iso3", "ISO3", "iso_a3", "ISO_A3", "adm0_a3", "ADM0_A3")


def as_date(value: object) -> date | None:
    """A date from whatever the loader stored (date, Timestamp, ISO text, empty, NaT)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and pd.isna(value):
        return None
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none"}:
        return None
    return date.fromisoformat(text[:10])


def iso(value: object) -> str:
    """`YYYY-MM-DD` or "" (cells stay text so CSV round trips are exact)."""
    day = as_date(value)
    return day.isoformat() if day else ""


def text(value: object) -> str:
    """A cell as text: lists `;`-joined, booleans `true`/`false`, missing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(text(v) for v in value)
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return iso(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def url(value: object) -> str:
    """An http(s) URL made safe for a link, or "" (a table cell never carries another scheme)."""
    return safe_url(value) or ""


def truthy(value: object) -> bool:
    """A `verified` cell, whether the loader kept it as text or made it a bool."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1", "yes"}


def text_frame(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as an all-text frame with exactly `columns`, in that order."""
    records = [{c: text(row.get(c)) for c in columns} for row in rows]
    return pd.DataFrame(records, columns=list(columns), dtype=object).astype(str)


def country_names(policy: Policy) -> dict[str, str]:
    return dict(zip(policy.countries["iso3"], policy.countries["name"], strict=True))


def sources_by_id(policy: Policy) -> dict[str, dict[str, str]]:
    return {text(r["source_id"]): {k: text(v) for k, v in r.items()} for r in policy.sources.to_dict("records")}


# ---- alliances -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    iso3: str
    alliance: str
    joined: date
    left: date | None

    def holds_on(self, on: date) -> bool:
        """`left` is the last day of membership, inclusive (data/SCHEMA.md)."""
        return self.joined <= on and (self.left is None or on <= self.left)


def memberships(policy: Policy) -> list[Membership]:
    """Alliance membership periods, read once so per-event look-ups need no table scan."""
    out = []
    for row in policy.alliances.to_dict("records"):
        joined = as_date(row.get("joined"))
        if joined is None:
            continue
        out.append(Membership(text(row["iso3"]), text(row["alliance"]), joined, as_date(row.get("left"))))
    return out


def alliances_on(periods: Sequence[Membership], iso3: str, on: date) -> tuple[str, ...]:
    """The alliances `iso3` belonged to on `on`, in `timeline.ALLIANCES` order."""
    held = {m.alliance for m in periods if m.iso3 == iso3 and m.holds_on(on)}
    return tuple(a for a in timeline.ALLIANCES if a in held)


# ---- events ----------------------------------------------------------------------------------------------------


def event_layer(event: Any) -> str:
    return EVENT_LAYER_LABELS.get(event.layer, str(event.layer).replace("_", " ").capitalize())


def all_events(policy: Policy) -> list[Any]:
    """Every dated event of every state (the union of the country chronologies), oldest first."""
    events = [e for iso3 in policy.countries["iso3"] for e in timeline.chronology(policy, iso3)]
    return sorted(events, key=lambda e: (as_date(e.date) or date.min, e.iso3))


def events_table(policy: Policy, events: Sequence[Any] | None = None) -> pd.DataFrame:
    """One row per event, with the alliances its state belonged to on the event's own date."""
    periods = memberships(policy)
    names = country_names(policy)
    rows = []
    for e in all_events(policy) if events is None else events:
        on = as_date(e.date)
        iso3 = getattr(e, "iso3", "")
        rows.append({
            "date": iso(on),
            "precision": getattr(e, "precision", ""),
            "iso3": iso3,
            "country": getattr(e, "name", None) or names.get(iso3, iso3),
            "layer": event_layer(e),
            "kind": str(getattr(e, "kind", "")).replace("_", " "),
            "summary": e.summary,
            "vendors": getattr(e, "vendors", ()) or (),
            "alliances": ", ".join(alliances_on(periods, iso3, on)) if on else "",
            "verified": bool(e.verified),
            "source": e.source_title,
            "source_url": url(e.source_url),
        })
    return text_frame(rows, EVENT_COLUMNS)


def filter_events(
    table: pd.DataFrame,
    *,
    layers: Sequence[str] = (),
    vendors: Sequence[str] = (),
    countries: Sequence[str] = (),
    alliances: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Rows matching every filter given: any chosen layer/vendor/country, all chosen alliances, the date range."""
    keep = pd.Series(True, index=table.index)
    if layers:
        keep &= table["layer"].isin(list(layers))
    if vendors:
        wanted = set(vendors)
        keep &= table["vendors"].map(lambda v: bool(wanted & set(filter(None, v.split(";"))))).astype(bool)
    if countries:
        keep &= table["iso3"].isin(list(countries))
    if alliances:
        wanted_all = set(alliances)
        keep &= table["alliances"].map(
            lambda v: wanted_all <= {a.strip() for a in v.split(",") if a.strip()}
        ).astype(bool)
    if start is not None:
        keep &= table["date"] >= start.isoformat()
    if end is not None:
        keep &= table["date"] <= end.isoformat()
    return table[keep].reset_index(drop=True)


def split_scheduled(table: pd.DataFrame, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events on or before `today`, newest first; events after it, soonest first, marked `scheduled`).

    A chronology read "newest first" should open on the latest thing that happened, not on a deadline
    years ahead; the future items (removal deadlines falling due) are a group of their own.
    """
    cut = today.isoformat()
    past = table[table["date"] <= cut].sort_values("date", ascending=False, kind="stable").reset_index(drop=True)
    future = table[table["date"] > cut].sort_values("date", kind="stable").reset_index(drop=True)
    future = future.assign(status="scheduled")
    return past, future[["status", *table.columns]]


def vendors_in(table: pd.DataFrame) -> list[str]:
    """The distinct vendors named anywhere in an events table, for the vendor filter."""
    return sorted({v for cell in table["vendors"] for v in cell.split(";") if v})


# ---- restriction periods and deadlines (Gantt) -----------------------------------------------------------------


def current_deadlines(policy: Policy) -> pd.DataFrame:
    """Verified removal deadlines not superseded by a later one (`replaces`)."""
    frame = policy.deadlines
    if frame.empty:
        return frame
    replaced = {text(v) for v in frame["replaces"] if text(v)}
    keep = frame["verified"].map(truthy) & ~frame["deadline_id"].map(text).isin(replaced)
    return frame[keep]


def restriction_segments(policy: Policy, iso3: str) -> list[tuple[date, str, dict[str, Any]]]:
    """(from, level, fact row) for each verified restriction change of a state, in the map's order."""
    rows = [r for r in policy.restrictions.to_dict("records")
            if text(r["iso3"]) == iso3 and truthy(r.get("verified"))]
    rows.sort(key=lambda r: (timeline.counts_from(r), as_date(r["announced"]), text(r["change_id"])))
    return [(as_date(timeline.counts_from(r)), text(r["level"]), r) for r in rows]


def gantt_segments(policy: Policy, today: date) -> pd.DataFrame:
    """Each state's restriction level over time, as the map colours it, running to its last removal deadline.

    A segment lasts from a change to the next; the last one runs to the later of `today` and the state's
    last current removal deadline. Parts after `today` are marked `scheduled` (what holds unless the
    data change). Periods at level `none` are not drawn.
    """
    names = country_names(policy)
    sources = sources_by_id(policy)
    last_deadline: dict[str, date] = {}
    for row in current_deadlines(policy).to_dict("records"):
        due = as_date(row["deadline"])
        iso3 = text(row["iso3"])
        if due and (iso3 not in last_deadline or due > last_deadline[iso3]):
            last_deadline[iso3] = due
    rows: list[dict[str, Any]] = []
    for iso3 in policy.countries["iso3"]:
        changes = restriction_segments(policy, iso3)
        if not changes:
            continue
        stop = max(today, last_deadline.get(iso3, today))
        for i, (start, level, fact) in enumerate(changes):
            end = changes[i + 1][0] if i + 1 < len(changes) else stop
            if level == "none" or end <= start:
                continue
            pieces = [(start, min(end, today), "recorded"), (max(start, today), end, "scheduled")]
            for begin, finish, period in pieces:
                if finish <= begin:
                    continue
                rows.append({
                    "iso3": iso3, "country": names.get(iso3, iso3), "start": begin, "end": finish,
                    "level": level, "level_label": style.style_of("restriction", level).label, "period": period,
                    "precision": text(fact.get("date_precision")) or "day", "summary": text(fact.get("summary")),
                    "source_url": url(sources.get(text(fact.get("source_id")), {}).get("url")),
                })
    rows.sort(key=lambda r: (r["start"], r["country"]))
    return text_frame(rows, GANTT_COLUMNS)


def gantt_deadlines(policy: Policy, today: date) -> pd.DataFrame:
    """The current removal deadlines as marks on the Gantt chart: passed or scheduled as seen from `today`."""
    names = country_names(policy)
    sources = sources_by_id(policy)
    rows = []
    for row in current_deadlines(policy).to_dict("records"):
        due = as_date(row["deadline"])
        if due is None:
            continue
        scope = style.SCOPE_LABELS.get(text(row.get("scope")), text(row.get("scope")))
        precision = text(row.get("date_precision")) or "day"
        rows.append({
            "iso3": text(row["iso3"]), "country": names.get(text(row["iso3"]), text(row["iso3"])), "date": due,
            "precision": precision, "scope": scope, "status": "passed" if due <= today else "scheduled",
            "label": f"Remove from {scope} by {format_date(due, precision)}",
            "source_url": url(sources.get(text(row.get("source_id")), {}).get("url")),
        })
    rows.sort(key=lambda r: (r["date"], r["country"]))
    return text_frame(rows, DEADLINE_MARK_COLUMNS)


# ---- state on a date (data page, profile) ----------------------------------------------------------------------


def reviews_of(policy: Policy, iso3: str) -> dict[str, dict[str, str]]:
    """layer → {reviewed, finding, note} for one state (absent layer: not researched)."""
    frame = policy.reviews
    rows = frame[frame["iso3"] == iso3].to_dict("records")
    return {text(r["layer"]): {k: text(r.get(k)) for k in ("reviewed", "finding", "note")} for r in rows}


def review_line(review: dict[str, str] | None) -> str:
    """What a review row says in words: the reader sees that "nothing" was looked for, and when."""
    if not review:
        return "Not researched yet"
    if review.get("finding") == "nothing_found":
        return f"Nothing found, reviewed on {format_date(review.get('reviewed'))}"
    return f"Facts recorded, reviewed on {format_date(review.get('reviewed'))}"


def state_table(policy: Policy, layer: str, on: date, alliances: Sequence[str] = ()) -> pd.DataFrame:
    """One row per state (in the alliance filter) with its category on `layer` on `on`: the map, as a table."""
    members = timeline.members_of_all(policy, alliances, on)
    rows = []
    for state in timeline.state_at(policy, on):
        if members is not None and state.iso3 not in members:
            continue
        key = timeline.category(state, layer, on)
        status, since, source = mapview.status_line(state, layer, on)
        review = reviews_of(policy, state.iso3).get(layer, {})
        rows.append({
            "iso3": state.iso3, "country": state.name, "layer": layer, "date": iso(on), "category": key,
            "category_label": style.style_of(layer, key).label, "status": status, "since": since,
            "since_precision": since_precision(policy, state, layer) if since else "",
            "deadlines": " | ".join(mapview.deadline_lines(state)) if layer == "deadline" else "",
            "source": source, "source_url": url(state_source_url(state, layer)),
            "reviewed": review.get("reviewed", ""), "finding": review.get("finding", ""),
        })
    return text_frame(rows, STATE_COLUMNS)


def since_precision(policy: Policy, state: Any, layer: str) -> str:
    """How precisely the date behind a state's "since" is known: the `date_precision` of the fact it comes from."""
    if layer == "clean_network":
        frame, day = policy.clean_network, state.clean_network.since
        dated = frame["date"]
    elif layer == "restriction":
        frame, day = policy.restrictions, state.restriction.since
        dated = pd.Series([timeline.counts_from(r) for r in frame.to_dict("records")], index=frame.index, dtype=object)
    else:
        return "day"
    if day is None or frame.empty:
        return "day"
    match = frame[(frame["iso3"] == state.iso3) & dated.map(lambda d: as_date(d) == day)]
    return text(match["date_precision"].iloc[0]) if len(match) else "day"


@dataclass(frozen=True)
class LayerStatus:
    """One layer's status of one state on one day, in the map's words and colour, with its since-date and source."""

    layer: str
    title: str
    category: str
    label: str
    fill: str
    status: str
    since: str
    source: str
    source_url: str
    review: str
    deadlines: tuple[str, ...]


def deadline_texts(policy: Policy, state: Any) -> tuple[str, ...]:
    """The state's deadlines in force, each "Remove from core network by 2026 (scheduled)" at its precision."""
    precision = {text(r["deadline_id"]): text(r.get("date_precision")) or "day"
                 for r in policy.deadlines.to_dict("records")}
    return tuple(
        f"Remove from {style.SCOPE_LABELS.get(d.scope, d.scope)} by "
        f"{format_date(d.date, precision.get(d.deadline_id, 'day'))} ({d.status})"
        for d in sorted(state.removal_deadlines, key=lambda d: d.date)
    )


def layer_statuses(policy: Policy, iso3: str, on: date) -> list[LayerStatus]:
    """A state's status on all three layers on `on`: what the country panel and the profile open with."""
    state = next(s for s in timeline.state_at(policy, on) if s.iso3 == iso3)
    reviews = reviews_of(policy, iso3)
    out = []
    for layer in timeline.LAYERS:
        key = timeline.category(state, layer, on)
        look = style.style_of(layer, key)
        status, since, source = mapview.status_line(state, layer, on)
        title = style.LAYER_SHORT[layer]
        review = reviews.get(layer)
        note = review_line(review) + (f" ({review['note']})" if review and review.get("note") else "")
        out.append(LayerStatus(
            layer=layer, title=title, category=key, label=look.label, fill=look.fill,
            status=status.removeprefix(title + ": ").removeprefix("Clean Network: "),
            since=format_date(since, since_precision(policy, state, layer)) if since else "",
            source=source or "", source_url=url(state_source_url(state, layer)), review=note,
            deadlines=deadline_texts(policy, state) if layer == "deadline" else (),
        ))
    return out


def state_source_url(state: Any, layer: str) -> str | None:
    """The link behind the source `mapview.status_line` names (for deadlines: the earliest one in force)."""
    if layer == "clean_network":
        return getattr(state.clean_network, "source_url", None) if state.clean_network.member else None
    if layer == "restriction":
        return getattr(state.restriction, "source_url", None) if state.restriction.since else None
    upcoming = sorted(state.removal_deadlines, key=lambda d: d.date)
    return getattr(upcoming[0], "source_url", None) if upcoming else None


def layer_facts(policy: Policy, layer: str, on: date, alliances: Sequence[str] = ()) -> pd.DataFrame:
    """The layer's fact rows dated on or before `on` (for the states in the filter), with source title and URL."""
    frame = getattr(policy, LAYER_TABLES[layer])
    members = timeline.members_of_all(policy, alliances, on)
    date_column = {"clean_network": "date", "restriction": "announced", "deadline": "set_on"}[layer]
    sources = sources_by_id(policy)
    columns = [c for c in frame.columns if not c.startswith("source_")]
    rows = []
    for row in frame.to_dict("records"):
        day = as_date(row.get(date_column))
        if day is None or day > on or (members is not None and text(row["iso3"]) not in members):
            continue
        source = sources.get(text(row.get("source_id")), {})
        rows.append({**{c: row.get(c) for c in columns}, "source": source.get("title", ""),
                     "source_url": url(source.get("url"))})
    return text_frame(rows, [*columns, "source", "source_url"])


def deadline_rows(policy: Policy, iso3: str, on: date) -> pd.DataFrame:
    """A state's removal deadlines with the time left counted from `on` (superseded ones say so)."""
    frame = policy.deadlines
    replaced_by = {text(r["replaces"]): text(r["deadline_id"]) for r in frame.to_dict("records") if text(r["replaces"])}
    sources = sources_by_id(policy)
    rows = []
    for row in frame[frame["iso3"] == iso3].to_dict("records"):
        due = as_date(row["deadline"])
        source = sources.get(text(row.get("source_id")), {})
        rows.append({
            "deadline": due, "date_precision": row.get("date_precision"),
            "scope": style.SCOPE_LABELS.get(text(row["scope"]), text(row["scope"])),
            "vendors": row.get("vendors"), "set_on": row.get("set_on"),
            "time_left": time_left(due, on) if due else "",
            "replaced_by": replaced_by.get(text(row["deadline_id"]), ""), "verified": truthy(row.get("verified")),
            "summary": row.get("summary"), "source": source.get("title", ""), "source_url": url(source.get("url")),
        })
    rows.sort(key=lambda r: r["deadline"] or date.max)
    return text_frame(rows, ("deadline", "date_precision", "scope", "vendors", "set_on", "time_left", "replaced_by",
                             "verified", "summary", "source", "source_url"))


def time_left(due: date, on: date) -> str:
    """'2 years 3 months left', 'due this day' or 'passed 5 months ago', in whole months."""
    months = (due.year - on.year) * 12 + (due.month - on.month) - (1 if due.day < on.day else 0)
    if due == on:
        return "due this day"
    if due > on:
        return f"{_span(max(months, 0))} left" if months >= 1 else f"{_days((due - on).days)} left"
    ago = -((due.year - on.year) * 12 + (due.month - on.month) + (1 if due.day > on.day else 0))
    return f"passed {_span(ago)} ago" if ago >= 1 else f"passed {_days((on - due).days)} ago"


def _days(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''}"


def _span(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 months"


# ---- changes between two dates ---------------------------------------------------------------------------------


def changes_table(policy: Policy, start: date, end: date, layer: str, alliances: Sequence[str] = ()) -> pd.DataFrame:
    """The states whose category on `layer` differs between `start` and `end`, with the events that moved them."""
    rows = []
    for change in timeline.changes_between(policy, start, end, layer, tuple(alliances)):
        events = list(change.events)
        first = events[0] if events else None
        rows.append({
            "iso3": change.iso3, "country": change.name, "layer": layer,
            "before_category": change.before, "after_category": change.after,
            "before": style.style_of(layer, change.before).label, "after": style.style_of(layer, change.after).label,
            "events": " | ".join(f"{format_date(e.date, e.precision)}: {e.summary}" for e in events),
            "source": first.source_title if first else "", "source_url": url(first.source_url) if first else "",
        })
    return text_frame(rows, CHANGE_COLUMNS)


# ---- sources, exports, methodology -----------------------------------------------------------------------------


def sources_table(policy: Policy) -> pd.DataFrame:
    """Every source with its publication date and how many facts cite it or checks name it, newest first."""
    cited: dict[str, int] = {}
    for name in ("clean_network", "initiative", "restrictions", "deadlines", "operators", "vendor_share",
                 "alliances", "eu_events"):
        frame = getattr(policy, name)
        if "source_id" in frame.columns:
            for sid in frame["source_id"]:
                cited[text(sid)] = cited.get(text(sid), 0) + 1
    for sid in policy.verification["evidence_source_id"]:
        cited[text(sid)] = cited.get(text(sid), 0) + 1
    rows = [
        {**r, "url": url(r.get("url")), "cited_by": cited.get(text(r["source_id"]), 0)}
        for r in policy.sources.to_dict("records")
    ]
    rows.sort(key=lambda r: (text(r.get("published")), text(r.get("title"))), reverse=True)
    return text_frame(rows, SOURCE_COLUMNS)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame exactly as shown, as UTF-8 CSV (no index)."""
    return frame.to_csv(index=False).encode("utf-8")


def read_csv_bytes(data: bytes) -> pd.DataFrame:
    """The inverse of `to_csv_bytes` for an all-text frame."""
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def shapes_iso3_field(properties: dict[str, Any]) -> str:
    for name in ISO3_FIELDS:
        if name in properties:
            return name
    raise ValueError(f"no ISO3 property among {sorted(properties)}")


def to_geojson_bytes(frame: pd.DataFrame, shapes_path: Path) -> bytes:
    """The shown rows as GeoJSON features: geometry from `shapes_path` joined on iso3, properties = the row.

    Rows without a shape are kept with a null geometry, so no shown row is lost from the export.
    """
    shapes = json.loads(Path(shapes_path).read_text(encoding="utf-8"))
    geometry: dict[str, list[Any]] = {}
    for feature in shapes.get("features", []):
        props = feature.get("properties") or {}
        key = props.get(shapes_iso3_field(props))
        if key and feature.get("geometry"):
            geometry.setdefault(str(key), []).append(feature["geometry"])
    features = []
    for row in frame.to_dict("records"):
        parts = geometry.get(row.get("iso3", ""), [])
        features.append({"type": "Feature", "properties": row, "geometry": _merge(parts)})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One geometry per state: a single part as is, several as one MultiPolygon."""
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    polygons: list[Any] = []
    for part in parts:
        if part["type"] == "Polygon":
            polygons.append(part["coordinates"])
        elif part["type"] == "MultiPolygon":
            polygons.extend(part["coordinates"])
    return {"type": "MultiPolygon", "coordinates": polygons}


def methodology(policy: Policy) -> str:
    """The methodology in Markdown: categories per layer, dates, scope, review date, borders, version."""
    version = {k: md_escape(v) for k, v in data_version(policy).items()}
    version["reviewed"] = md_escape(format_date(data_version(policy)["reviewed"]))
    lines = ["#### What each category means", ""]
    for layer, title in style.LAYER_TITLES.items():
        lines.append(f"**{title}**")
        lines.append("")
        lines.extend(f"- *{c.label}*" + _category_note(layer, c.key) for c in style.categories(layer))
        lines.append("")
    lines += [
        "#### Dates",
        "",
        "- A restriction counts from its **effective** date; when the instrument names none, from the date "
        "it was **announced**. Both dates are kept in the data, so the choice is visible.",
        "- A removal deadline appears on the map from the day it was **set**; its category (years left, "
        "passed) is counted from the chosen month to the deadline. A deadline replaced by a later decision "
        "is kept in the data with the deadline that replaced it.",
        "- A month on the map and on every page shows the state on its last day, so a change made during a "
        "month appears on that month's map and in its change list.",
        "- Facts known only to the month or year are placed on the first day of that month or year "
        "(`date_precision` says which).",
        "- Unverified facts are listed in the chronology and the data tables but never drawn on the map or counted.",
        "",
        "#### Scope",
        "",
        "- The 50 states of Europe (including the Caucasus states, Turkey, Kosovo and the six microstates) "
        "are in scope. **Not in scope** marks self-governing territories with their own telecom regimes "
        "(Greenland and the Faroe Islands, Jersey, Guernsey and the Isle of Man) and Northern Cyprus: they are "
        "drawn in flat grey with their own legend entry, never in their sovereign's colour, and carry no policy "
        "of their own. Neighbouring land outside Europe is drawn as neutral context.",
        "- **Not researched** means no review row exists for that state and layer; **no restriction known** "
        "(or no declaration / no deadline known) means it was reviewed and nothing was found.",
        f"- Latest review: **{version['reviewed']}**.",
        "",
        "#### Borders",
        "",
        "- Crimea is drawn as part of Ukraine, following the position of the EU, NATO and the UN General "
        "Assembly (resolution 68/262). Country shapes come from Natural Earth (public domain); "
        "data/SHAPES.md lists every change made to them.",
        "- Integral parts of a state (Åland, Svalbard) take their state's colour; dependent territories take "
        "the neutral *not in scope* style.",
        "",
        "#### Data version",
        "",
        f"- Reviewed up to **{version['reviewed']}**; content hash (SHA-256) {version['sha256']}.",
    ]
    return "\n".join(lines)


_CATEGORY_NOTES: dict[tuple[str, str], str] = {
    ("clean_network", "member"): ": a joint declaration or MOU on 5G security with the US, or named a Clean "
    "Country by the State Department. Coalition counts claimed by the US are shown as claims, not memberships.",
    ("restriction", "exclusion"): ": a law, regulation or regulator decision keeps the named vendors out of 5G.",
    ("restriction", "partial"): ": kept out of the core or sensitive parts, or held to a market-share cap.",
    ("restriction", "framework"): ": a legal basis to exclude high-risk vendors exists but has not been applied.",
    ("deadline", "passed"): ": the removal deadline lies before the chosen month.",
}


def _category_note(layer: str, key: str) -> str:
    return _CATEGORY_NOTES.get((layer, key), "")
