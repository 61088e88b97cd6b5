"""`python -m geo diff OLD NEW` (what changed in the data) and `python -m geo package` (the data package zip)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    diff = subparsers.add_parser(
        "diff",
        help="facts added, removed or changed between two data versions",
        description="Compare two data versions, each a folder (data/, a folder holding data/, or an unpacked data "
        "package) or a git revision; rows are keyed by each table's id. Exit 0 with the list, 2 on a bad version.",
    )
    diff.add_argument("old", help="folder or git revision (e.g. HEAD~5)")
    diff.add_argument("new", help="folder or git revision (e.g. HEAD or data/)")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(func=run_diff)
    package = subparsers.add_parser(
        "package",
        help="write the whole dataset as a Frictionless data package zip",
        description="datapackage.json (table schemas, licence, sources, version), data/*.csv, SCHEMA.md, CHANGELOG.md.",
    )
    package.add_argument("--out", default=None, help="zip file to write (default: the versioned name, here)")
    package.add_argument("--data", default=None, help="data folder (default: data/)")
    package.set_defaults(func=run_package)


def run_diff(args: argparse.Namespace) -> int:
    from geo import diff

    try:
        notes, changes = diff.diff_versions(args.old, args.new)
    except diff.VersionError as error:
        print(f"diff: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(diff.as_json(changes, notes), indent=2, ensure_ascii=False))
    else:
        print(diff.as_text(changes, notes))
    return 0


def run_package(args: argparse.Namespace) -> int:
    from geo import datapackage
    from geo.policy import DATA_DIR, PolicyError, load_policy

    try:
        policy = load_policy(Path(args.data) if args.data else DATA_DIR)
    except PolicyError as error:
        print("package: the data do not validate:\n" + "\n".join(error.errors), file=sys.stderr)
        return 2
    out = Path(args.out or datapackage.zip_name(policy))
    out.write_bytes(datapackage.package_zip(policy))
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0
