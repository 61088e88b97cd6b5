"""`python -m geo export`: a briefing slide (PNG, SVG, PDF), small multiples, the animated timeline (GIF,
MP4), a PowerPoint deck, the standalone HTML map, or the static embeddable edition (`--format site
--out public/`, a folder for any static host).

Everything is checked before anything is drawn, so a typo in a layer, month or size costs a clear
message and exit status 2. The file is written to a temporary name and renamed when complete: a full
disk, a read-only folder or Ctrl-C leaves no partial file.

Exit status: 0 written; 1 the data did not validate; 2 a bad request (layer, month, size, format
options); 3 the file could not be written (full disk, read-only folder, missing permission);
130 interrupted (Ctrl-C). Each failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import style
from geo.view import DEFAULT_LAYER

if TYPE_CHECKING:
    from geo.policy import Policy

SHAPES_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "europe.geojson"
FORMATS = ("png", "svg", "pdf")
ANIMATIONS = ("gif", "mp4")
EXIT_DATA, EXIT_REQUEST, EXIT_WRITE, EXIT_INTERRUPTED = 1, 2, 3, 130


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a slide (png/svg/pdf), small multiples (--dates), an animation (gif/mp4), a deck (pptx) "
        "or the offline HTML map",
        description="Export the map of one layer and month as a briefing slide, several months side by side "
        "(--dates), the animated timeline (--format gif|mp4 --from --to), a PowerPoint deck (--format pptx "
        "--dates), or the standalone HTML page that works offline. Exit status: 0 written, 1 bad data, "
        "2 bad request, 3 cannot write the file, 130 interrupted.",
    )
    parser.add_argument(
        "--layer", default=DEFAULT_LAYER, help=f"one of {', '.join(style.CATEGORIES)} (default: {DEFAULT_LAYER})"
    )
    parser.add_argument("--date", help="month shown, YYYY-MM (default: the latest month with data)")
    parser.add_argument("--dates", help="comma-separated months for small multiples or deck slides, "
                        "e.g. 2019-06,2020-06,2021-06")
    parser.add_argument("--from", dest="start", help="first month of an animation, YYYY-MM (default: the first)")
    parser.add_argument("--to", dest="end", help="last month of an animation, YYYY-MM (default: the last)")
    parser.add_argument("--fps", type=float, default=2.0, help="animation frames (months) per second (default 2)")
    parser.add_argument("--alliance", action="append", default=[], help="fade states outside it (repeatable)")
    parser.add_argument("--format", dest="fmt", choices=(*FORMATS, *ANIMATIONS, "pptx", "html", "site"),
                        default="png")
    parser.add_argument("--out", required=True, help="file to write (a folder for --format site)")
    parser.add_argument("--atlas-url", default=None, help="site: where the embed's 'full atlas' link points")
    parser.add_argument("--size", default=None, help="WIDTHxHEIGHT in pixels (png/svg/pdf: default 1920x1080; "
                        "gif: 1280x720; mp4: 1920x1080)")
    parser.add_argument("--data-dir", default=None, help="folder of the data tables (default: data/)")
    parser.add_argument("--shapes", default=str(SHAPES_FILE), help="shapes GeoJSON (default: data/europe.geojson)")
    parser.set_defaults(func=run)


def _fail(message: str, status: int = EXIT_REQUEST) -> int:
    print(f"export: {message}", file=sys.stderr)
    return status


def _html(policy: Policy, shapes_path: Path, layer: str, month: str, alliances: list[str]) -> bytes:
    """The standalone page: shapes inlined as read, microstate markers from the same file."""
    from geo.shapes import load_shapes, microstate_points
    from geo.standalone import standalone_html

    text = shapes_path.read_text(encoding="utf-8")
    micro = microstate_points(load_shapes(shapes_path))
    return standalone_html(policy, text, micro, layer=layer, month=month, alliances=alliances).encode("utf-8")


def _write_animation(args: argparse.Namespace, policy: Policy, shapes: Any, size: tuple[int, int] | None) -> str:
    """The animated timeline, encoded straight into the temporary file; returns what was written."""
    from geo.animate import month_span, write_animation
    from geo.outfile import atomic_path

    months = month_span(policy, args.start, args.end)
    with atomic_path(Path(args.out)) as tmp:
        count = write_animation(tmp, policy, shapes, args.layer, months, fmt=args.fmt, alliances=args.alliance,
                                size=size, fps=args.fps)
    return f"{count} frames, {months[0]} to {months[-1]} at {args.fps:g} fps"


def _deck(args: argparse.Namespace, policy: Policy, shapes: Any, months: list[str]) -> bytes:
    from geo.deck import render_deck

    return render_deck(policy, shapes, args.layer, months, alliances=args.alliance)


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
    """Validate every argument, render, write; see the module docstring for the exit status."""
    try:
        return _run(args)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing written", EXIT_INTERRUPTED)


def _run(args: argparse.Namespace) -> int:
    from geo import timeline
    from geo.export import ExportError, check_request, parse_size, render_slide, render_small_multiples
    from geo.outfile import OutputError, write_atomic
    from geo.policy import PolicyError, load_policy

    if args.layer not in style.CATEGORIES:
        return _fail(f"unknown layer {args.layer!r}; choose one of {', '.join(style.CATEGORIES)}")
    try:
        size = parse_size(args.size) if args.size else None
    except ExportError as error:
        return _fail(str(error))
    if args.dates and args.fmt in ("html", "site", *ANIMATIONS):
        return _fail(f"--dates (small multiples, deck slides) does not apply to {args.fmt}; "
                     "an animation takes --from and --to, the HTML page and the site already have every month")
    if (args.start or args.end) and args.fmt not in ANIMATIONS:
        return _fail("--from and --to make an animation: add --format gif or --format mp4")
    try:
        policy = load_policy(Path(args.data_dir)) if args.data_dir else load_policy()
    except PolicyError as error:
        print("export: the data did not validate:", *error.errors[:50], sep="\n  ", file=sys.stderr)
        return EXIT_DATA
    months = [m.strip() for m in args.dates.split(",") if m.strip()] if args.dates else []
    month = args.date or timeline.default_month(policy)
    try:
        check_request(policy, args.layer, months or [month], args.alliance)
    except ExportError as error:
        return _fail(str(error))
    shapes_path = Path(args.shapes)
    if not shapes_path.is_file():
        return _fail(f"shapes file {shapes_path} not found")
    if args.fmt == "site":
        try:
            return _site(policy, shapes_path, args, month, time.perf_counter())
        except OSError as error:
            return _fail(f"cannot write {args.out}: {error.strerror or error}", EXIT_WRITE)
    out = Path(args.out)
    started = time.perf_counter()
    try:
        if args.fmt == "html":
            data = _html(policy, shapes_path, args.layer, month, args.alliance)
        else:
            from geo.shapes import load_shapes

            shapes = load_shapes(shapes_path)
            if args.fmt in ANIMATIONS:
                what = _write_animation(args, policy, shapes, size)
                print(f"wrote {out} ({what}, {out.stat().st_size:,} bytes, {time.perf_counter() - started:.2f} s)")
                return 0
            if args.fmt == "pptx":
                data = _deck(args, policy, shapes, months or [month])
            elif months:
                data = render_small_multiples(policy, shapes, args.layer, months, alliances=args.alliance,
                                              size=size or (1920, 1080), fmt=args.fmt)
            else:
                data = render_slide(policy, shapes, args.layer, month, alliances=args.alliance,
                                    size=size or (1920, 1080), fmt=args.fmt)
        write_atomic(out, data)
    except ExportError as error:
        return _fail(str(error))
    except OutputError as error:
        return _fail(str(error), EXIT_WRITE)
    elapsed = time.perf_counter() - started
    print(f"wrote {out} ({len(data):,} bytes, {elapsed:.2f} s)")
    return 0
