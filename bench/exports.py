"""Export timings: single slide, small multiples, GIF and MP4 of the whole timeline, PPTX of 6 months.

Run with `.venv/bin/python bench/exports.py [--repeat 3]`; prints a markdown table (median of the repeats,
wall clock, first render excluded as warm-up) and the machine's load average, since on a shared 2-core
machine other work slows every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import animate, deck, export
from geo.policy import load_policy
from geo.shapes import load_shapes

SIX = ["2019-06", "2020-06", "2020-10", "2021-06", "2022-06", "2024-06"]


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--from", dest="start", default="2019-01")
    parser.add_argument("--to", dest="end", default="2026-11")
    args = parser.parse_args()
    policy, shapes = load_policy(), load_shapes()
    export.render_slide(policy, shapes, "restriction", "2021-01")
    span = animate.month_span(policy, args.start, args.end)
    with tempfile.TemporaryDirectory() as folder:
        gif, mp4 = Path(folder) / "t.gif", Path(folder) / "t.mp4"
        rows = [
            ("Single slide, PNG 1920×1080", timed(lambda: export.render_slide(
                policy, shapes, "restriction", "2021-01"), args.repeat)),
            ("Single slide, PDF 1920×1080", timed(lambda: export.render_slide(
                policy, shapes, "restriction", "2021-01", fmt="pdf"), args.repeat)),
            ("Small multiples, 6 months, PNG 1920×1080", timed(lambda: export.render_small_multiples(
                policy, shapes, "restriction", SIX), args.repeat)),
            (f"GIF, {len(span)} months ({span[0]} to {span[-1]}), 1280×720", timed(lambda: animate.write_animation(
                gif, policy, shapes, "restriction", span, fmt="gif"), args.repeat)),
            (f"MP4, {len(span)} months ({span[0]} to {span[-1]}), 1920×1080", timed(lambda: animate.write_animation(
                mp4, policy, shapes, "restriction", span, fmt="mp4"), args.repeat)),
            ("PPTX, 6 months (title, 6 map slides, sources)", timed(lambda: deck.render_deck(
                policy, shapes, "restriction", SIX), args.repeat)),
        ]
        sizes = {"GIF": gif.stat().st_size, "MP4": mp4.stat().st_size}
    print(f"load average after: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    print(f"| export | seconds (median of {args.repeat}) |")
    print("|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")
    print(f"GIF {sizes['GIF'] / 1e6:.1f} MB, MP4 {sizes['MP4'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
