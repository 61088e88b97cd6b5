"""The EU-level track: Commission and Council steps that frame every member's 5G supplier policy.

EU events are their own layer: they never change a state's category on the map (a recommendation or a
proposal is not a national ban); they are listed beside the national facts, with their legal status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from geo import timeline
from geo.policy import Policy
from geo.timeline import DateLike, Event, parse_date

EU_ISO = "EU"
EU_NAME = "European Union"
LAYER = "eu"
KIND_LABELS = {
    "recommendation": "Recommendation",
    "conclusions": "Council conclusions",
    "risk_assessment": "Risk assessment",
    "toolbox": "Toolbox",
    "communication": "Communication",
    "report": "Report",
    "proposal": "Legislative proposal",
    "position": "Negotiating position",
    "agreement": "Provisional agreement",
    "adopted_law": "Adopted law",
    "other": "Other step",
}
LEGAL_STATUS_LABELS = {
    "non_binding": "not binding",
    "proposal": "proposal, not law",
    "binding": "binding law",
}


@dataclass(frozen=True)
class EuEvent:
    """One EU-level step, with what it is and whether it binds anyone."""

    event_id: str
    date: date
    precision: str
    kind: str
    legal_status: str
    title: str
    summary: str
    verified: bool
    source_id: str
    source_url: str | None
    source_title: str | None
    source_published: date | None
    source_publisher: str | None

    @property
    def label(self) -> str:
        """'Legislative proposal (proposal, not law)': what the mark's tooltip says it is."""
        status = LEGAL_STATUS_LABELS.get(self.legal_status, self.legal_status)
        return f"{KIND_LABELS.get(self.kind, self.kind)} ({status})"


def _none(value: Any) -> Any:
    """NaN from a left join is None here, so callers see one kind of missing."""
    return None if value is None or value != value else value


def _eu_event(row: dict[str, Any]) -> EuEvent:
    return EuEvent(
        event_id=row["event_id"],
        date=row["date"],
        precision=row["date_precision"],
        kind=row["kind"],
        legal_status=row["legal_status"],
        title=row["title"],
        summary=row["summary"],
        verified=bool(row["verified"]),
        source_id=row["source_id"],
        source_url=_none(row.get("source_url")),
        source_title=_none(row.get("source_title")),
        source_published=_none(row.get("source_published")),
        source_publisher=_none(row.get("source_publisher")),
    )


def eu_events(
    policy: Policy, start: DateLike | None = None, end: DateLike | None = None, *, verified_only: bool = False
) -> list[EuEvent]:
    """EU-level events dated from `start` to `end` (both included; open when None), oldest first."""
    first = parse_date(start) if start is not None else date.min
    last = parse_date(end) if end is not None else date.max
    return [e for e in _all_eu_events(policy) if first <= e.date <= last and (e.verified or not verified_only)]


@lru_cache(maxsize=8)
def _all_eu_events(policy: Policy) -> tuple[EuEvent, ...]:
    """Every EU event, oldest first, read once per Policy (the month panel asks on every map step)."""
    events = [_eu_event(r) for r in policy.eu_events.to_dict("records")]
    return tuple(sorted(events, key=lambda e: (e.date, e.event_id)))


def as_event(event: EuEvent) -> Event:
    """The EU event as a chronology entry (`iso3` 'EU', layer 'eu'), to list beside a state's facts."""
    return Event(
        iso3=EU_ISO,
        name=EU_NAME,
        date=event.date,
        precision=event.precision,
        layer=LAYER,
        kind=event.kind,
        summary=f"{event.label}: {event.title}. {event.summary}",
        vendors=(),
        verified=event.verified,
        record_id=event.event_id,
        source_id=event.source_id,
        source_url=event.source_url,
        source_title=event.source_title,
        source_published=event.source_published,
        source_publisher=event.source_publisher,
    )


def eu_events_in_month(policy: Policy, month: str) -> list[EuEvent]:
    """EU events dated in that month ('YYYY-MM'), for 'what changed this month'."""
    start = parse_date(month).replace(day=1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return eu_events(policy, start, end)


def eu_events_for(policy: Policy, iso3: str) -> list[EuEvent]:
    """The EU events that applied to a state: those dated while it was an EU member."""
    return [e for e in eu_events(policy) if iso3 in timeline.alliance_members(policy, "EU", e.date)]


def chronology_with_eu(policy: Policy, iso3: str) -> list[Event]:
    """A state's chronology with the EU-level steps of its EU membership merged in, oldest first."""
    merged = timeline.chronology(policy, iso3) + [as_event(e) for e in eu_events_for(policy, iso3)]
    return sorted(merged, key=lambda e: (e.date, e.layer == LAYER, e.record_id))


def eu_event_dict(event: EuEvent) -> dict[str, Any]:
    """Plain JSON types, for the CLI and the browser timeline."""
    return {
        "event_id": event.event_id,
        "date": event.date.isoformat(),
        "precision": event.precision,
        "kind": event.kind,
        "legal_status": event.legal_status,
        "label": event.label,
        "title": event.title,
        "summary": event.summary,
        "verified": event.verified,
        "source_title": event.source_title,
        "source_url": event.source_url,
        "source_published": event.source_published.isoformat() if event.source_published else None,
        "source_publisher": event.source_publisher,
    }


def timeline_marks(policy: Policy, months: Sequence[str]) -> list[dict[str, Any]]:
    """Verified EU events as marks on the browser timeline: each with the index of its month in `months`
    (events outside the slider's range are left out)."""
    position = {m: i for i, m in enumerate(months)}
    marks = []
    for event in eu_events(policy, verified_only=True):
        month = event.date.strftime("%Y-%m")
        if month in position:
            marks.append({**eu_event_dict(event), "month": position[month]})
    return marks
