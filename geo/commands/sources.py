"""`python -m geo sources` and `python -m geo eu-events`: source quality of the drawn facts, the EU track.

`sources --report` prints the figures of the README's data section (drawn facts, share with a primary
source, share verified, known disagreements, review date), so they are re-generated, never typed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from geo import eu
from geo.policy import DATA_DIR, PolicyError, load_policy, validate
from geo.sources import SourceReport, report_markdown, source_report
from geo.view import month_end


def register(subparsers: argparse._SubParsersAction) -> None:
    data_help = "folder of the data tables (default: data/)"
    report = subparsers.add_parser("sources", help="source quality of the drawn facts (the README figures)")
    report.add_argument("--report", action="store_true", help="print the report (the default; kept for scripts)")
    report.add_argument("--format", dest="fmt", choices=("markdown", "json"), default="markdown")
    report.add_argument(
        "--readme", help="also write the Markdown report between the report markers of this file (e.g. README.md)"
    )
    report.add_argument("--data", default=str(DATA_DIR), help=data_help)
    report.set_defaults(func=run_sources)

    events = subparsers.add_parser("eu-events", help="EU-level steps (Toolbox, communications, proposals)")
    events.add_argument("--from", dest="start", help="YYYY-MM-DD or YYYY-MM (default: the first)")
    events.add_argument("--to", dest="end", help="YYYY-MM-DD or YYYY-MM (its last day); default: the last")
    events.add_argument("--format", dest="fmt", choices=("json", "table"), default="table")
    events.add_argument("--data", default=str(DATA_DIR), help=data_help)
    events.set_defaults(func=run_eu_events)


def report_dict(report: SourceReport) -> dict[str, Any]:
    return {
        "review_date": report.review_date.isoformat() if report.review_date else None,
        "drawn_facts": report.drawn,
        "by_table": dict(report.by_table),
        "with_primary_source": report.with_primary,
        "share_primary": round(report.share(report.with_primary), 4),
        "verified": report.verified,
        "share_verified": round(report.share(report.verified), 4),
        "checked_last_12_months": report.checked_recently,
        "share_checked_last_12_months": round(report.share(report.checked_recently), 4),
        "strongest_source_kind": dict(report.by_kind),
        "disagreements": [
            {
                "fact_id": d.fact_id,
                "table": d.table,
                "iso3": d.iso3,
                "field": d.field,
                "kept": d.kept,
                "other": d.other,
                "other_source": d.other_source.title if d.other_source else None,
                "other_source_url": d.other_source.url if d.other_source else None,
                "note": d.note,
            }
            for d in report.disagreements
        ],
    }


START_MARK = "<!-- sources-report:start -->"
END_MARK = "<!-- sources-report:end -->"


def with_report(text: str, report: str) -> str:
    """`text` with the part between the report markers replaced; refuses a file without both markers."""
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start < 0 or end < start:
        raise ValueError(f"no {START_MARK} ... {END_MARK} block")
    return text[: start + len(START_MARK)] + "\n" + report + "\n" + text[end:]


def run_sources(args: argparse.Namespace) -> int:
    try:
        policy = load_policy(Path(args.data))
    except PolicyError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 1
    report = source_report(policy)
    if args.readme:
        path = Path(args.readme)
        try:
            path.write_text(with_report(path.read_text(encoding="utf-8"), report_markdown(report)), encoding="utf-8")
        except (OSError, ValueError) as exc:
            print(f"sources: cannot update {path}: {exc}", file=sys.stderr)
            return 2
    if args.fmt == "json":
        print(json.dumps(report_dict(report), indent=2, ensure_ascii=False))
    else:
        print(report_markdown(report))
    gaps = [e for e in validate(Path(args.data)) if "has no verification row" in e]
    if gaps:
        print(
            f"warning: {len(gaps)} drawn fact(s) without a verification row (see python -m geo validate)",
            file=sys.stderr,
        )
    return 0


def run_eu_events(args: argparse.Namespace) -> int:
    try:
        policy = load_policy(Path(args.data))
        end = month_end(args.end) if args.end and len(args.end.strip()) == 7 else args.end
        events = eu.eu_events(policy, args.start, end)
    except PolicyError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"eu-events: {exc}", file=sys.stderr)
        return 2
    if args.fmt == "json":
        print(json.dumps({"eu_events": [eu.eu_event_dict(e) for e in events]}, indent=2, ensure_ascii=False))
        return 0
    if not events:
        print("(none)")
    for e in events:
        flag = "" if e.verified else " [unverified]"
        print(f"{e.date.isoformat()}  {e.label}: {e.title}{flag}")
        print(f"            {e.summary}")
        print(f"            source: {e.source_title} <{e.source_url}>")
    return 0
