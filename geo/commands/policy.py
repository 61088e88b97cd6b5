"""`python -m geo validate | state | changes | country`: the data checks and the timeline from a shell.

Exit status: 0 done, 1 the data are invalid (every error printed), 2 the request is wrong (bad date,
unknown alliance, layer or country), so scripts can tell a data problem from a typo.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo import eu, timeline
from geo.policy import DATA_DIR, Policy, PolicyError, load_policy, validate
from geo.view import month_end


class RequestError(Exception):
    """The command line asks for something the data cannot answer (exit status 2)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    data_help = "folder of the data tables (default: data/)"

    check = subparsers.add_parser("validate", help="check every data table and the shapes; list every problem")
    check.add_argument("--data", default=str(DATA_DIR), help=data_help)
    check.add_argument(
        "--shapes", default=None, help="shapes GeoJSON to check (default: europe.geojson in the data folder)"
    )
    check.set_defaults(func=run_validate)

    state = subparsers.add_parser("state", help="every state's policy on one day")
    state.add_argument("--date", required=True, help="YYYY-MM-DD")
    state.add_argument(
        "--alliance", action="append", default=[], help="only members of it (repeatable: all of)"
    )
    state.add_argument("--format", dest="fmt", choices=("json", "csv", "table"), default="json")
    state.add_argument("--data", default=str(DATA_DIR), help=data_help)
    state.set_defaults(func=run_state)

    changes = subparsers.add_parser("changes", help="states whose category changed between two months")
    changes.add_argument("--from", dest="start", required=True, help="YYYY-MM")
    changes.add_argument("--to", dest="end", required=True, help="YYYY-MM")
    changes.add_argument("--layer", default="restriction", help=f"one of {', '.join(timeline.LAYERS)}")
    changes.add_argument("--alliance", action="append", default=[], help="only members of it on --to")
    changes.add_argument("--format", dest="fmt", choices=("json", "table"), default="json")
    changes.add_argument("--data", default=str(DATA_DIR), help=data_help)
    changes.set_defaults(func=run_changes)

    country = subparsers.add_parser("country", help="one state's chronology with sources")
    country.add_argument("iso3", help="ISO 3166-1 alpha-3 code, e.g. SWE (Kosovo: XKX)")
    country.add_argument("--format", dest="fmt", choices=("json", "table"), default="json")
    country.add_argument("--data", default=str(DATA_DIR), help=data_help)
    country.set_defaults(func=run_country)


def _errors(errors: Sequence[str]) -> int:
    for line in errors:
        print(line, file=sys.stderr)
    return 1


def _refuse(command: str, message: str) -> int:
    print(f"{command}: {message}", file=sys.stderr)
    return 2


def _states_with_verified(frame: Any) -> set[str]:
    return set(frame.loc[frame["verified"].astype(bool), "iso3"])


def summary_line(policy: Policy) -> str:
    """Counts that show at a glance whether a data edit landed."""
    facts = ("clean_network", "initiative", "restrictions", "deadlines", "operators", "vendor_share")
    rows = sum(len(getattr(policy, name)) for name in facts)
    cited = set().union(*(set(getattr(policy, name)["source_id"]) for name in (*facts, "alliances")))
    return (
        f"valid: {len(policy.countries)} states, {rows} fact rows, {len(cited)} distinct sources cited; "
        f"{len(_states_with_verified(policy.restrictions))} states with a restriction change, "
        f"{len(_states_with_verified(policy.clean_network))} with a Clean Network fact, "
        f"{len(_states_with_verified(policy.deadlines))} with a deadline"
    )


def _shapes_errors(data_dir: Path, shapes_arg: str | None, quiet: bool) -> list[str]:
    """The shapes check for `validate`: the given file, else the data folder's `europe.geojson`.

    A data folder without shapes (a test fixture) is said so on stderr (unless other errors are being
    listed) rather than passed silently."""
    from geo import shapes

    path = Path(shapes_arg) if shapes_arg else data_dir / shapes.SHAPES_FILE.name
    if shapes_arg is None and not path.exists() and data_dir.resolve() != DATA_DIR.resolve():
        if not quiet:
            print(f"note: no {path.name} in {data_dir}; shapes not checked (use --shapes FILE)", file=sys.stderr)
        return []
    countries = data_dir / "countries.csv"
    states = shapes.in_scope_states(countries) if countries.is_file() else None
    return shapes.check_shapes(path, states)


def run_validate(args: argparse.Namespace) -> int:
    errors = validate(Path(args.data))
    if not any(e.startswith("countries.csv:") for e in errors):
        errors += _shapes_errors(Path(args.data), args.shapes, quiet=bool(errors))
    if errors:
        return _errors(errors)
    print(summary_line(load_policy(Path(args.data))))
    return 0


def _day_in_range(policy: Policy, text: str) -> Any:
    day = timeline.parse_date(text)
    first, last = timeline.data_range(policy)
    if not first <= day <= last:
        raise RequestError(
            f"date {day.isoformat()} outside the data range {first.isoformat()} to {last.isoformat()}"
        )
    return day


def _month_in_range(policy: Policy, text: str) -> Any:
    months = timeline.months(policy)
    day = timeline.parse_date(text)
    if len(text) != 7:
        raise RequestError(f"invalid month {text!r}: expected YYYY-MM")
    if text not in months:
        raise RequestError(f"month {text} outside the data range {months[0]} to {months[-1]}")
    return month_end(text) if day else day


def _check_alliances(alliances: Sequence[str]) -> None:
    for alliance in alliances:
        if alliance not in timeline.ALLIANCES:
            raise RequestError(f"unknown alliance {alliance!r}; choose from {', '.join(timeline.ALLIANCES)}")


def _state_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """One flat row per state: what the JSON says, in cells."""
    rows = []
    for c in data["countries"]:
        cn, r = c["clean_network"], c["restriction"]
        rows.append(
            {
                "iso3": c["iso3"],
                "name": c["name"],
                "clean_network": "member" if cn["member"] else "not_member",
                "cn_since": cn["since"] or "",
                "cn_basis": cn["basis"] or "",
                "restriction": r["level"],
                "restriction_since": r["since"] or "",
                "vendors": ";".join(r["vendors"]),
                "deadlines": ";".join(f"{d['date']} {d['scope']}" for d in c["removal_deadlines"]),
                "deadline_category": c["category"]["deadline"],
                "alliances": ";".join(c["alliances"]),
            }
        )
    return rows


def _table(rows: list[dict[str, str]]) -> str:
    """Fixed-width columns for reading in a terminal."""
    if not rows:
        return "(none)"
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["iso3"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def _load(args: argparse.Namespace) -> Policy:
    return load_policy(Path(args.data))


def run_state(args: argparse.Namespace) -> int:
    try:
        policy = _load(args)
        _check_alliances(args.alliance)
        day = _day_in_range(policy, args.date)
    except PolicyError as exc:
        return _errors(exc.errors)
    except (RequestError, ValueError) as exc:
        return _refuse("state", str(exc))
    data = timeline.state_json(policy, day, tuple(args.alliance))
    if args.fmt == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        rows = _state_rows(data)
        print(_csv(rows) if args.fmt == "csv" else _table(rows))
    return 0


def _event_dict(event: timeline.Event) -> dict[str, Any]:
    return {
        "date": event.date.isoformat(),
        "precision": event.precision,
        "iso3": event.iso3,
        "layer": event.layer,
        "kind": event.kind,
        "summary": event.summary,
        "vendors": list(event.vendors),
        "verified": event.verified,
        "source_title": event.source_title,
        "source_url": event.source_url,
        "source_published": event.source_published.isoformat() if event.source_published else None,
        "source_publisher": event.source_publisher,
        "disagreements": list(event.disagreements),
    }


def run_changes(args: argparse.Namespace) -> int:
    try:
        policy = _load(args)
        _check_alliances(args.alliance)
        if args.layer not in timeline.LAYERS:
            raise RequestError(f"unknown layer {args.layer!r}; choose from {', '.join(timeline.LAYERS)}")
        start, end = _month_in_range(policy, args.start), _month_in_range(policy, args.end)
        if end < start:
            raise RequestError(f"--to {args.end} is before --from {args.start}")
    except PolicyError as exc:
        return _errors(exc.errors)
    except (RequestError, ValueError) as exc:
        return _refuse("changes", str(exc))
    changes = timeline.changes_between(policy, start, end, args.layer, tuple(args.alliance))
    if args.fmt == "json":
        data = {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "layer": args.layer,
            "changes": [
                {
                    "iso3": c.iso3,
                    "name": c.name,
                    "before": c.before,
                    "after": c.after,
                    "events": [_event_dict(e) for e in c.events],
                }
                for c in changes
            ],
            "eu_events": [eu.eu_event_dict(e) for e in eu.eu_events(policy, start, end) if e.date > start],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(
            _table(
                [
                    {
                        "iso3": c.iso3,
                        "name": c.name,
                        "before": c.before,
                        "after": c.after,
                        "events": " | ".join(f"{e.date.isoformat()} {e.kind}" for e in c.events),
                    }
                    for c in changes
                ]
            )
        )
    return 0


def run_country(args: argparse.Namespace) -> int:
    try:
        policy = _load(args)
    except PolicyError as exc:
        return _errors(exc.errors)
    iso3 = args.iso3.strip().upper()
    if iso3 not in set(policy.countries["iso3"]):
        return _refuse("country", f"unknown country code {args.iso3!r} (not in countries.csv)")
    events = timeline.chronology(policy, iso3)
    if args.fmt == "json":
        data = {
            "iso3": iso3,
            "events": [_event_dict(e) for e in events],
            "eu_events": [eu.eu_event_dict(e) for e in eu.eu_events_for(policy, iso3)],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(
            _table(
                [
                    {
                        "date": e.date.isoformat(),
                        "layer": e.layer,
                        "kind": e.kind,
                        "verified": "yes" if e.verified else "no",
                        "summary": e.summary,
                    }
                    for e in eu.chronology_with_eu(policy, iso3)
                ]
            )
        )
    return 0
