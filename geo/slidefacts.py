"""What a slide shows for a layer and month: categories, faded states, counts, headline, and the sources
credited (strongest kind first), computed by the same functions as the web map.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo import mapview, style, summary, timeline
from geo.policy import Policy
from geo.view import month_end


class ExportError(ValueError):
    """A request the exporter cannot draw (unknown layer, month, format or size)."""


def month_date(month: str) -> date:
    """The date the app shows for a `YYYY-MM` month: its last day (see `geo.view.month_end`)."""
    return month_end(month)


def month_name(month: str) -> str:
    """'October 2020': a slide is read from the back of a room, so the month is spelled out."""
    return month_date(month).strftime("%B %Y")


def check_request(policy: Policy, layer: str, months: Sequence[str], alliances: Sequence[str]) -> None:
    """Reject what the map cannot show, naming what it can."""
    if layer not in style.CATEGORIES:
        raise ExportError(f"unknown layer {layer!r}; choose one of {', '.join(style.CATEGORIES)}")
    known = timeline.months(policy)
    for month in months:
        if month not in known:
            raise ExportError(f"month {month!r} is not in the timeline ({known[0]} to {known[-1]}, as YYYY-MM)")
    for alliance in alliances:
        if alliance not in timeline.ALLIANCES:
            raise ExportError(f"unknown alliance {alliance!r}; choose from {', '.join(timeline.ALLIANCES)}")


KIND_RANK = {"primary": 0, "press": 1, "secondary": 2}
"""Footer order: the deciding governments and regulators first, then the press, then aggregators."""


@dataclass(frozen=True)
class Frame:
    """One map's content: per-state fill style, faded set, counts, and the sources behind it."""

    month: str
    categories: dict[str, str]
    faded: frozenset[str]
    counts: list[tuple[str, str, int]]
    headline: str
    publishers: Counter
    ranks: dict[str, int] = field(default_factory=dict)
    """publisher → strength of its strongest source on this map (0 primary, 1 press, 2 secondary, 3 unknown)."""
    source_ids: frozenset[str] = frozenset()
    """The sources credited for the facts drawn (what a deck's sources slide lists)."""


def _short_publisher(name: str) -> str:
    """A footer has room for short names: 'Swedish Post and Telecom Authority (PTS)' → 'PTS',
    'Pledge Times (Helsingin Sanomat)' → 'Pledge Times', 'GOV.UK (Department for …)' → 'GOV.UK'."""
    name = name.strip()
    found = re.search(r"\(([^()]*)\)\s*$", name)
    if not found:
        return name
    inner = found.group(1).strip()
    if re.fullmatch(r"[A-ZÀ-Þ0-9&.\-]{2,10}", inner):
        return inner
    return name[: found.start()].strip() or inner


def _fact_refs(state: Any, layer: str, on: date) -> list[tuple[str | None, str | None]]:
    """(source_id, source title) of the facts that put this state in its category on this layer."""
    key = timeline.category(state, layer, on)
    if key == "not_researched":
        return []
    refs: list[Any] = []
    if layer == "clean_network" and state.clean_network.member:
        refs.append(state.clean_network)
    elif layer == "restriction" and state.restriction.level != "none":
        refs.append(state.restriction)
    elif layer == "deadline":
        refs.extend(state.removal_deadlines)
    return [(getattr(r, "source_id", None), getattr(r, "source_title", None)) for r in refs]


@dataclass(frozen=True)
class SourceIndex:
    """Publisher and strength of every source, and the strongest evidence recorded for a cited source."""

    publisher: dict[str, str]
    by_title: dict[str, str]
    rank: dict[str, int]
    evidence: dict[str, list[str]]


_SOURCE_INDEX: dict[int, tuple[Policy, SourceIndex]] = {}


def source_index(policy: Policy) -> SourceIndex:
    """Built once per policy object; `verification.csv` rows (when loaded) lend a fact their evidence source."""
    hit = _SOURCE_INDEX.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    src = policy.sources
    kinds = src["kind"] if "kind" in src.columns else [None] * len(src)
    publisher = {str(i): str(p) for i, p in zip(src["source_id"], src["publisher"], strict=True)}
    rank = {str(i): KIND_RANK.get(str(k), 3) for i, k in zip(src["source_id"], kinds, strict=True)}
    evidence: dict[str, list[str]] = {}
    checks = getattr(policy, "verification", None)
    if checks is not None and len(checks) and {"fact_id", "evidence_source_id"} <= set(checks.columns):
        cited = _cited_by_fact(policy)
        for fact_id, ev in zip(checks["fact_id"], checks["evidence_source_id"], strict=True):
            source = cited.get(str(fact_id))
            if source and isinstance(ev, str) and ev in publisher:
                evidence.setdefault(source, []).append(ev)
    index = SourceIndex(publisher, dict(zip(src["title"], src["publisher"], strict=False)), rank, evidence)
    _SOURCE_INDEX.clear()
    _SOURCE_INDEX[id(policy)] = (policy, index)
    return index


def _cited_by_fact(policy: Policy) -> dict[str, str]:
    """fact id → the source id the fact row cites, over the tables whose facts the map draws."""
    out: dict[str, str] = {}
    for table, key in (("clean_network", "event_id"), ("restrictions", "change_id"), ("deadlines", "deadline_id")):
        frame = getattr(policy, table)
        out.update({str(f): str(s) for f, s in zip(frame[key], frame["source_id"], strict=True)})
    return out


def strongest_source(index: SourceIndex, source_id: str | None) -> str | None:
    """The source to credit for a fact citing `source_id`: it, or a stronger verification evidence source."""
    if not source_id:
        return None
    candidates = [source_id, *index.evidence.get(source_id, [])]
    return min((c for c in candidates if c in index.publisher), key=lambda c: index.rank[c], default=None)


def frame_for(policy: Policy, layer: str, month: str, alliances: Sequence[str] = ()) -> Frame:
    """Everything one map shows for a layer and month, computed by the same functions as the web map.

    Each drawn fact credits its strongest source: its own, or the primary evidence a verification row
    names for it, so a footer reads "PTS, GOV.UK" rather than the outlets that reported them.
    """
    on = month_date(month)
    states = timeline.state_at(policy, on)
    chosen = timeline.members_of_all(policy, alliances, on)
    view = mapview.map_view(states, layer, on, members=chosen)
    counted = [s for s in states if chosen is None or s.iso3 in chosen]
    index = source_index(policy)
    publishers: Counter = Counter()
    ranks: dict[str, int] = {}
    used: set[str] = set()
    for state in states:
        for source_id, title in _fact_refs(state, layer, on):
            best = strongest_source(index, source_id)
            publisher = index.publisher.get(best or "") or index.by_title.get(title)
            if not publisher:
                continue
            name = _short_publisher(str(publisher))
            if best:
                used.add(best)
            publishers[name] += 1
            ranks[name] = min(ranks.get(name, 3), index.rank.get(best or "", 3))
    return Frame(
        month=month,
        categories={iso3: entry["c"] for iso3, entry in view["countries"].items()},
        faded=frozenset(iso3 for iso3, entry in view["countries"].items() if entry.get("f")),
        counts=summary.category_counts(counted, layer, on),
        headline=summary.headline(counted, layer, on, alliances),
        publishers=publishers,
        ranks=ranks,
        source_ids=frozenset(used),
    )


def credited(publishers: Counter, ranks: dict[str, int]) -> list[str]:
    """Publishers in footer order: strongest kind first (primary, press, secondary), then most cited."""
    return [name for name, _ in sorted(
        publishers.items(), key=lambda kv: (ranks.get(kv[0], 3), -kv[1], kv[0].lower()))]
