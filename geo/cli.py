"""Command-line entry point: discovers the subcommand modules in `geo.commands`.

Each module in `geo/commands/` defines `register(subparsers)`, which adds its subcommands and sets
`func` (taking the parsed args, returning an exit code). Discovery keeps the modules independent.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import geo.commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="5G Vendor Policy Atlas")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for info in sorted(pkgutil.iter_modules(geo.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"geo.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # Output piped into `head` and the like: the reader left, which is not an error of ours.
        sys.stderr.close()
        return 0
