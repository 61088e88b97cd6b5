"""`python -m geo build-shapes` and `python -m geo shapes --report`: rebuild and check data/europe.geojson.

The rebuild is the only way the committed shapes change; the report is the cheap check that every
in-scope state has geometry and every iso3 in the policy tables names an in-scope state.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    build = subparsers.add_parser(
        "build-shapes",
        help="regenerate data/europe.geojson from the pinned Natural Earth package",
        description="Fetch the pinned world-atlas package (npm pack, sha256-checked) and rebuild the shapes.",
    )
    build.add_argument("--out", default=None, help="file to write (default: data/europe.geojson)")
    build.set_defaults(func=run_build)
    report = subparsers.add_parser(
        "shapes",
        help="check the committed shapes against the policy data",
        description="Join the committed shapes to the policy data on iso3; exit 1 if anything is unmatched.",
    )
    report.add_argument("--report", action="store_true", help="print the join report as JSON")
    report.add_argument("--shapes", default=None, help="shapes GeoJSON (default: data/europe.geojson)")
    report.set_defaults(func=run_report)


def run_build(args: argparse.Namespace) -> int:
    from geo import shapes

    out = Path(args.out) if args.out else shapes.SHAPES_FILE
    try:
        payload = shapes.build(out)
    except (ValueError, OSError) as exc:
        print(f"build-shapes: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(payload)} bytes)")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from geo import shapes

    path = Path(args.shapes) if args.shapes else shapes.SHAPES_FILE
    unreadable = shapes.shapes_file_problem(path)
    problems = [unreadable] if unreadable else shapes.check_shapes(path)
    for line in problems:
        print(line, file=sys.stderr)
    if unreadable:
        return 1
    try:
        frame = shapes.load_shapes(path)
    except Exception as exc:  # the reader's own failure, as one line: the lines above say what is wrong
        print(f"{shapes.shapes_label(path)}: cannot be loaded ({type(exc).__name__})", file=sys.stderr)
        return 1
    joined = shapes.join_check(frame.loc[frame["scope"] == shapes.STATE, "iso3"], shapes.policy_iso3s())
    report = {
        "in_scope": joined.in_scope,
        "matched": joined.matched,
        "unmatched": joined.unmatched,
        "features": len(frame),
        "bytes": path.stat().st_size,
    }
    if args.report or joined.unmatched:
        print(json.dumps(report))
    return 1 if joined.unmatched or problems else 0
