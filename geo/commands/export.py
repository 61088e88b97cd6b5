"""`python -m geo export`: a briefing slide (PNG, SVG, PDF), small multiples, the standalone HTML map, or
the static embeddable edition (`--format site --out public/`, a folder for any static host).

Everything is checked before anything is drawn, so a typo in a layer, month or size costs a clear
message and exit status 2, never a half-written file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from geo import style
from geo.view import DEFAULT_LAYER

if TYPE_CHECKING:
    from geo.policy import Policy

SHAPES_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "europe.geojson"
FORMATS = ("png", "svg", "pdf")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a slide (png/svg/pdf), small multiples (--dates) or the offline HTML map",
        description="Export the map of one layer and month as a briefing slide, several months side by side "
        "(--dates), or the standalone HTML page that works offline.",
    )
    parser.add_argument(
        "--layer", default=DEFAULT_LAYER, help=f"one of {', '.join(style.CATEGORIES)} (default: {DEFAULT_LAYER})"
    )
    parser.add_argument("--date", help="month shown, YYYY-MM (default: the latest month with data)")
    parser.add_argument("--dates", help="comma-separated months for small multiples, e.g. 2019-06,2020-06,2021-06")
    parser.add_argument("--alliance", action="append", default=[], help="fade states outside it (repeatable)")
    parser.add_argument("--format", dest="fmt", choices=(*FORMATS, "html", "site"), default="png")
    parser.add_argument("--out", required=True, help="file to write (a folder for --format site)")
    parser.add_argument("--atlas-url", default=None, help="site: where the embed's 'full atlas' link points")
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels (png/svg/pdf)")
    parser.add_argument("--data-dir", default=None, help="folder of the data tables (default: data/)")
    parser.add_argument("--shapes", default=str(SHAPES_FILE), help="shapes GeoJSON (default: data/europe.geojson)")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"export: {message}", file=sys.stderr)
    return 2


def _html(policy: Policy, shapes_path: Path, layer: str, month: str, alliances: list[str]) -> bytes:
    """The standalone page: shapes inlined as read, microstate markers from the same file."""
    from geo.shapes import load_shapes, microstate_points
    from geo.standalone import standalone_html

    text = shapes_path.read_text(encoding="utf-8")
    micro = microstate_points(load_shapes(shapes_path))
    return standalone_html(policy, text, micro, layer=layer, month=month, alliances=alliances).encode("utf-8")


def _site(policy: Policy, shapes_path: Path, args: argparse.Namespace, month: str, started: float) -> int:
    from geo.shapes import load_shapes, microstate_points
    from geo.site import build_site

    micro = microstate_points(load_shapes(shapes_path))
    files = build_site(
        policy, shapes_path.read_text(encoding="utf-8"), micro, Path(args.out),
        layer=args.layer, month=month, alliances=args.alliance, atlas_url=args.atlas_url,
    )
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {args.out}/ ({len(files)} files, {size:,} bytes, {time.perf_counter() - started:.2f} s)")
    return 0


def run(args: argparse.Namespace) -> int:
    """Validate every argument, render, write; exit 2 on a bad request, 1 on bad data."""
    from geo import timeline
    from geo.export import ExportError, check_request, parse_size, render_slide, render_small_multiples
    from geo.policy import PolicyError, load_policy

    if args.layer not in style.CATEGORIES:
        return _fail(f"unknown layer {args.layer!r}; choose one of {', '.join(style.CATEGORIES)}")
    try:
        size = parse_size(args.size)
    except ExportError as error:
        return _fail(str(error))
    if args.dates and args.fmt in ("html", "site"):
        return _fail("--dates (small multiples) makes a png, svg or pdf; the HTML page already has every month")
    try:
        policy = load_policy(Path(args.data_dir)) if args.data_dir else load_policy()
    except PolicyError as error:
        print("export: the data did not validate:", *error.errors[:50], sep="\n  ", file=sys.stderr)
        return 1
    months = [m.strip() for m in args.dates.split(",") if m.strip()] if args.dates else []
    month = args.date or timeline.default_month(policy)
    try:
        check_request(policy, args.layer, months or [month], args.alliance)
    except ExportError as error:
        return _fail(str(error))
    shapes_path = Path(args.shapes)
    if not shapes_path.is_file():
        return _fail(f"shapes file {shapes_path} not found")
    started = time.perf_counter()
    if args.fmt == "site":
        return _site(policy, shapes_path, args, month, started)
    if args.fmt == "html":
        data = _html(policy, shapes_path, args.layer, month, args.alliance)
    else:
        from geo.shapes import load_shapes

        shapes = load_shapes(shapes_path)
        try:
            if months:
                data = render_small_multiples(
                    policy, shapes, args.layer, months, alliances=args.alliance, size=size, fmt=args.fmt
                )
            else:
                data = render_slide(policy, shapes, args.layer, month, alliances=args.alliance, size=size, fmt=args.fmt)
        except ExportError as error:
            return _fail(str(error))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    elapsed = time.perf_counter() - started
    print(f"wrote {out} ({len(data):,} bytes, {elapsed:.2f} s)")
    return 0
