"""Source quality of the drawn facts: the strongest source behind each fact, and the report of the Data page.

A fact is backed by the source it cites and by the sources its verification rows name as evidence.
The strongest of them (primary > press > secondary) is what a tooltip, panel or slide credits, and a fact
whose strongest source is secondary is marked as such. Pure functions over `geo.policy.Policy`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from geo.policy import DRAWN_TABLES, Policy, fact_id

KIND_RANK = {"primary": 0, "press": 1, "secondary": 2}
KIND_LABELS = {
    "primary": "primary source",
    "press": "press source",
    "secondary": "secondary source only",
}


@dataclass(frozen=True)
class SourceRef:
    """One source as a fact credits it."""

    source_id: str
    kind: str
    title: str
    url: str
    publisher: str
    published: date | None = None


def strongest_source(candidates: Iterable[SourceRef]) -> SourceRef | None:
    """The strongest of the sources given (primary > press > secondary); on a tie the first given wins,
    so a fact's own citation is kept when the evidence is no stronger. None when nothing is given."""
    best: SourceRef | None = None
    for source in candidates:
        if best is None or KIND_RANK.get(source.kind, 9) < KIND_RANK.get(best.kind, 9):
            best = source
    return best


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _refs(policy: Policy) -> dict[str, SourceRef]:
    return {
        r["source_id"]: SourceRef(
            r["source_id"],
            r["kind"],
            r["title"],
            r["url"],
            r["publisher"],
            None if _missing(r["published"]) else r["published"],
        )
        for r in policy.sources.to_dict("records")
    }


@dataclass(frozen=True)
class DrawnFact:
    """A fact that reaches the map or the timeline, with what backs it."""

    table: str
    fact_id: str
    iso3: str | None
    source: SourceRef | None
    strongest: SourceRef | None
    checked: date | None
    outcomes: tuple[str, ...]

    @property
    def secondary_only(self) -> bool:
        return self.strongest is not None and self.strongest.kind == "secondary"


def _drawn_rows(policy: Policy, table: str) -> list[dict[str, Any]]:
    rows = getattr(policy, table).to_dict("records")
    if table == "alliances":
        return rows
    return [r for r in rows if bool(r["verified"])]


@lru_cache(maxsize=8)
def drawn_facts(policy: Policy) -> tuple[DrawnFact, ...]:
    """Every drawn fact (verified rows of the drawn tables, every alliance row) with its strongest source
    and its latest check; built once per Policy."""
    refs = _refs(policy)
    checks: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in policy.verification.to_dict("records"):
        checks.setdefault((row["table"], row["fact_id"]), []).append(row)
    facts = []
    for table in DRAWN_TABLES:
        for row in _drawn_rows(policy, table):
            fid = fact_id(table, row) or ""
            own = refs.get(row["source_id"])
            rows = checks.get((table, fid), [])
            evidence = [refs[c["evidence_source_id"]] for c in rows if c["evidence_source_id"] in refs]
            facts.append(
                DrawnFact(
                    table=table,
                    fact_id=fid,
                    iso3=row.get("iso3"),
                    source=own,
                    strongest=strongest_source([s for s in (own, *evidence) if s is not None]),
                    checked=max((c["checked"] for c in rows), default=None),
                    outcomes=tuple(c["outcome"] for c in rows),
                )
            )
    return tuple(facts)


def strongest_by_fact(policy: Policy) -> dict[tuple[str, str], SourceRef | None]:
    """(table, fact id) → the strongest source of that drawn fact."""
    return {(f.table, f.fact_id): f.strongest for f in drawn_facts(policy)}


def review_date(policy: Policy) -> date | None:
    """The latest review date of the data (what 'up to date as of' means on the Data page)."""
    reviewed = [d for d in policy.reviews["reviewed"] if not _missing(d)]
    return max(reviewed) if reviewed else None


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Disagreement:
    """Two sources giving a fact's field different values: ours and the other one."""

    table: str
    fact_id: str
    iso3: str | None
    field: str
    kept: str
    other: str
    other_source: SourceRef | None
    note: str


@dataclass(frozen=True)
class SourceReport:
    """What the Data & sources page and the README state about the drawn facts."""

    review_date: date | None
    drawn: int
    with_primary: int
    verified: int
    checked_recently: int
    by_kind: Mapping[str, int]
    by_table: Mapping[str, int]
    disagreements: tuple[Disagreement, ...]

    def share(self, count: int) -> float:
        return count / self.drawn if self.drawn else 0.0


def _cell(value: Any) -> str:
    if _missing(value):
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def disagreements(policy: Policy) -> tuple[Disagreement, ...]:
    """Every recorded disagreement, with the value the fact row keeps beside the other source's value."""
    refs = _refs(policy)
    rows_by_id: dict[str, tuple[str, dict[str, Any]]] = {}
    for table in (*DRAWN_TABLES, "initiative", "operators", "vendor_share"):
        for row in getattr(policy, table).to_dict("records"):
            rows_by_id.setdefault(fact_id(table, row) or "", (table, row))
    out = []
    for d in policy.disagreements.to_dict("records"):
        table, row = rows_by_id.get(d["fact_id"], ("", {}))
        out.append(
            Disagreement(
                table=table,
                fact_id=d["fact_id"],
                iso3=row.get("iso3"),
                field=d["field"],
                kept=_cell(row.get(d["field"])),
                other=d["value"],
                other_source=refs.get(d["source_id"]),
                note=_cell(d.get("note")),
            )
        )
    return tuple(out)


def source_report(policy: Policy, on: date | None = None) -> SourceReport:
    """Counts over the drawn facts: how many have a primary source (cited or evidence), how many have a
    verification row, and how many were checked in the 12 months up to `on` (default: the review date)."""
    facts = drawn_facts(policy)
    day = on or review_date(policy)
    since = _year_before(day) if day else None
    by_kind: dict[str, int] = {k: 0 for k in KIND_RANK}
    by_table: dict[str, int] = {}
    for f in facts:
        if f.strongest is not None:
            by_kind[f.strongest.kind] = by_kind.get(f.strongest.kind, 0) + 1
        by_table[f.table] = by_table.get(f.table, 0) + 1
    return SourceReport(
        review_date=day,
        drawn=len(facts),
        with_primary=sum(1 for f in facts if f.strongest is not None and f.strongest.kind == "primary"),
        verified=sum(1 for f in facts if f.checked is not None),
        checked_recently=sum(
            1 for f in facts if f.checked is not None and since is not None and since < f.checked <= day
        ),
        by_kind=by_kind,
        by_table=by_table,
        disagreements=disagreements(policy),
    )


def _pct(report: SourceReport, count: int) -> str:
    return f"{100 * report.share(count):.0f}\u00a0%"


def summary_lines(report: SourceReport) -> list[str]:
    """The report's headline figures, one plain-text line each."""
    day = report.review_date.isoformat() if report.review_date else "not reviewed"
    tables = ", ".join(f"{n} {t}" for t, n in sorted(report.by_table.items()))
    kinds = ", ".join(f"{KIND_LABELS[k]} {n}" for k, n in report.by_kind.items() if k in KIND_LABELS)
    return [
        f"Review date: {day}",
        f"Drawn facts: {report.drawn} ({tables})",
        f"With a primary source (cited or evidence): {report.with_primary} ({_pct(report, report.with_primary)})",
        f"Verified (a verification row): {report.verified} ({_pct(report, report.verified)})",
        f"Checked in the 12 months up to the review date: {report.checked_recently} "
        f"({_pct(report, report.checked_recently)})",
        f"Strongest source: {kinds}",
    ]


def disagreement_lines(report: SourceReport) -> list[str]:
    """One plain-text line per known disagreement: the fact, our value and the other source's."""
    lines = []
    for d in report.disagreements:
        who = d.other_source.publisher if d.other_source else "another source"
        where = f"{d.iso3} · " if d.iso3 else ""
        lines.append(f"{where}{d.fact_id} {d.field}: we keep {d.kept or '(empty)'}; {who} gives {d.other}")
    return lines


def report_markdown(report: SourceReport) -> str:
    """The report as Markdown for the README; text from the data is the caller's to escape for HTML."""
    lines = [f"- {line}" for line in summary_lines(report)]
    others = disagreement_lines(report)
    lines.append(f"- Known disagreements between sources: {len(others) or 'none recorded'}")
    lines += [f"  - {line}" for line in others]
    return "\n".join(lines)
