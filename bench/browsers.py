"""No rerun livelock: N real Chromium sessions stepping the month once a second on one replica.

Each session is a page of the app in its own browser context (so its own Streamlit session), with the
map's month slider focused; it presses → once a second for `--seconds` (← on the way back once it
reaches the last month). Timestamps are taken in the page itself (`Date.now()` in the page and in the
map's frame), so the driver's own delays do not count. Per step:

- map: key press → the map, the headline above it ("Mar 2021: 10 of 50 states …", the summary the
  issue's table timed) and the legend show that month (browser work only; one synchronous repaint);
- summary: key press → the server-drawn panel beside the map ("What changed in Mar 2021" or "No recorded
  change in Mar 2021") shows that month. The map reports a month once the viewer settles (150 ms after
  a key press), and the server answers with one fragment rerun;
- never shown: steps whose summary never named their month (before the next step's plus 2 s);
- stale: after the last step and 10 s of quiet, sessions whose summary or address bar does not name the
  month their map shows.

Also the replica's CPU ms per step and the share of the 2 cores the browsers took. Run by `make load`
after `bench/load.py` (never by `make test`); results in `bench/results/browsers-latest.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psutil
from playwright.async_api import BrowserContext, Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import cpu_seconds, percentile  # noqa: E402
from deploy.stack import _wait_http, free_port, start_replica  # noqa: E402
from geo import timeline  # noqa: E402
from geo.policy import load_policy  # noqa: E402
from tests.browser import CHROMIUM_ARGS, LOCAL_HOSTS, system_chromium  # noqa: E402
from ui.controls import month_label  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MAP_IFRAME = "iframe[src*='atlas_map']"
TARGET_P95_MS = 1000.0

# Installed once the page is ready: in the map's frame it notes each slider step and each month the
# map shows; in the page each month the server-drawn summary names. Cheap: no layout is read.
FRAME_RECORDER = r"""
(() => {
  const log = window.__atlasLog = { steps: [], paints: [] };
  document.addEventListener("input", (e) => {
    if (e.target && e.target.id === "month" && window.atlasBar) {
      log.steps.push({ t: Date.now(), month: window.atlasBar.months[+e.target.value] });
    }
  }, true);
  new MutationObserver((records) => {
    for (const r of records) log.paints.push({ t: Date.now(), month: r.target.getAttribute("data-date") });
  }).observe(document.querySelector(".atlas-map"), { attributes: true, attributeFilter: ["data-date"] });
})();
"""
PAGE_RECORDER = r"""
(() => {
  const log = window.__atlasLog = { summaries: [] };
  const SUMMARY = /(?:What changed in|No recorded change in) ([A-Z][a-z]{2} \d{4})/;
  let last = null;
  const TEXT = "[data-testid='stMarkdownContainer'], [data-testid='stCaptionContainer']";
  const scan = () => {
    for (const el of document.querySelectorAll(TEXT)) {
      const m = SUMMARY.exec(el.textContent || "");
      if (m) {
        if (m[1] !== last) { last = m[1]; log.summaries.push({ t: Date.now(), label: m[1] }); }
        return;
      }
    }
  };
  scan();
  new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
})();
"""


class Viewer:
    """One browser session and the months it stepped through."""

    def __init__(self, context: BrowserContext, page: Page, months: list[str], start: int) -> None:
        self.context, self.page, self.months, self.index = context, page, months, start
        self.direction = 1
        self.blocked: list[str] = []
        self.error: str | None = None

    async def step(self) -> None:
        if not 0 <= self.index + self.direction < len(self.months):
            self.direction = -self.direction
        self.index += self.direction
        frame = self.page.frame_locator(MAP_IFRAME)
        await frame.locator("#month").press("ArrowRight" if self.direction > 0 else "ArrowLeft")


async def open_viewer(browser, url: str, months: list[str], start: int) -> Viewer:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    viewer = Viewer(context, page, months, start)

    async def guard(route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            await route.continue_()
        else:
            viewer.blocked.append(route.request.url)
            await route.abort()

    await context.route("**/*", guard)
    await page.goto(f"{url}/?layer=restriction&date={months[start]}", timeout=120_000)
    frame = page.frame_locator(MAP_IFRAME)
    await frame.locator("body[data-ready='1']").wait_for(state="attached", timeout=120_000)
    await page.get_by_text(f"in {month_label(months[start])}").first.wait_for(timeout=120_000)
    await page.evaluate(PAGE_RECORDER)
    await page.frame(url=lambda u: "atlas_map" in u).evaluate(FRAME_RECORDER)
    await frame.locator("#month").focus()
    return viewer


async def drive(viewer: Viewer, seconds: float) -> None:
    await asyncio.sleep(random.random())
    due = time.perf_counter()
    end = due + seconds
    while time.perf_counter() < end:
        try:
            await viewer.step()
        except Exception as exc:  # a page that crashed or hung: counted, not fatal for the others
            viewer.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
            return
        due += 1.0
        await asyncio.sleep(max(0.0, due - time.perf_counter()))


async def logs_of(viewer: Viewer) -> dict:
    frame = viewer.page.frame(url=lambda u: "atlas_map" in u)
    inner = await frame.evaluate("window.__atlasLog") if frame else {"steps": [], "paints": []}
    outer = await viewer.page.evaluate("window.__atlasLog")
    shown = await frame.evaluate("document.querySelector('.atlas-map').getAttribute('data-date')") if frame else None
    query = parse_qs(urlparse(viewer.page.url).query)
    return {"steps": inner["steps"], "paints": inner["paints"], "summaries": outer["summaries"],
            "map_month": shown, "url_month": (query.get("date") or [None])[0]}


def latencies(log: dict) -> tuple[list[float], list[float], int]:
    """Map and summary latency of each step (ms), and how many steps' summaries never showed."""
    steps, paints, summaries = log["steps"], log["paints"], log["summaries"]
    map_ms, summary_ms, missing = [], [], 0
    for i, step in enumerate(steps):
        t0, month = step["t"], step["month"]
        until = (steps[i + 1]["t"] if i + 1 < len(steps) else t0 + 60_000) + 2000
        painted = next((p["t"] for p in paints if p["t"] >= t0 and p["month"] == month), None)
        if painted is not None:
            map_ms.append(painted - t0)
        label = month_label(month)
        shown = next((s["t"] for s in summaries if t0 <= s["t"] <= until and s["label"] == label), None)
        if shown is None:
            missing += 1
        else:
            summary_ms.append(shown - t0)
    return map_ms, summary_ms, missing


def stale(log: dict) -> bool:
    """True when, after the quiet period, the summary or the address names another month than the map."""
    month = log["map_month"]
    last = log["summaries"][-1]["label"] if log["summaries"] else None
    return month is None or last != month_label(month) or log["url_month"] != month


def _chromium_processes() -> list[psutil.Process]:
    """The browser's processes (children of Playwright's driver, itself our child)."""
    found = []
    for p in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in p.name().lower():
                found.append(p)
    return found


async def run(url: str, server: psutil.Process, n: int, seconds: float, months: list[str]) -> dict:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=system_chromium(), args=CHROMIUM_ARGS)
        last_start = max(1, timeline_today_index(months) - 12)
        opened = time.perf_counter()
        viewers = []
        for _ in range(n):  # one after another, as a crowd arriving over a few seconds would
            viewers.append(await open_viewer(browser, url, months, random.randrange(0, last_start)))
        arrival_s = time.perf_counter() - opened
        browsers = _chromium_processes()
        cpu_server, started = cpu_seconds([server]), time.perf_counter()
        cpu_browsers = cpu_seconds(browsers, descendants=False)
        await asyncio.gather(*(drive(v, seconds) for v in viewers))
        wall = time.perf_counter() - started
        server_cpu = cpu_seconds([server]) - cpu_server
        browser_cpu = cpu_seconds(browsers, descendants=False) - cpu_browsers
        await asyncio.sleep(10)
        logs = [await logs_of(v) for v in viewers]
        errors = [v.error for v in viewers if v.error]
        blocked = sorted({u for v in viewers for u in v.blocked})
        await browser.close()
    map_all, summary_all, missing, steps = [], [], 0, 0
    for log in logs:
        m, s, gone = latencies(log)
        map_all += m
        summary_all += s
        missing += gone
        steps += len(log["steps"])
    return {
        "n": n,
        "seconds": seconds,
        "steps": steps,
        "arrival_s": arrival_s,
        "map_median_ms": statistics.median(map_all) if map_all else None,
        "map_p95_ms": percentile(map_all, 95),
        "summary_median_ms": statistics.median(summary_all) if summary_all else None,
        "summary_p95_ms": percentile(summary_all, 95),
        "never_shown": missing,
        "stale_sessions": sum(stale(log) for log in logs),
        "driver_errors": errors,
        "offsite_requests": blocked,
        "server_cpu_ms_per_step": server_cpu * 1000 / steps if steps else None,
        "browser_cpu_share": browser_cpu / wall / psutil.cpu_count() if wall else None,
        "cores": psutil.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def timeline_today_index(months: list[str]) -> int:
    today = time.strftime("%Y-%m")
    return months.index(today) if today in months else len(months) - 1


def report(row: dict) -> str:
    def f(value: float | None, spec: str = ",.0f") -> str:
        return "—" if value is None else format(value, spec)

    lines = [
        "| sessions | steps | map and headline median / p95 (ms) | server panel median / p95 (ms) | never shown | "
        "stale after stop | "
        "server CPU ms / step | browsers' CPU share |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {row['n']} | {row['steps']:,} | {f(row['map_median_ms'])} / {f(row['map_p95_ms'])} | "
        f"{f(row['summary_median_ms'])} / {f(row['summary_p95_ms'])} | {row['never_shown']} | "
        f"{row['stale_sessions']} of {row['n']} | {f(row['server_cpu_ms_per_step'], '.1f')} | "
        f"{f(row['browser_cpu_share'], '.0%')} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="N real browser sessions stepping once a second on one replica")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    months = timeline.months(load_policy())
    port = free_port()
    replica = start_replica(port, Path(tempfile.mkdtemp(prefix="atlas-browsers-")), port)
    try:
        _wait_http(f"{replica.url}/_stcore/health", replica.process, replica.log, 90)
        row = asyncio.run(run(replica.url, psutil.Process(replica.process.pid), args.sessions, args.seconds, months))
    finally:
        replica.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "browsers-latest.json").write_text(json.dumps(row, indent=2), encoding="utf-8")
    row["table"] = report(row)
    print(row["table"])
    headline = row["map_p95_ms"] is not None and row["map_p95_ms"] <= TARGET_P95_MS
    panel = row["summary_p95_ms"] is not None and row["summary_p95_ms"] <= TARGET_P95_MS
    clean = row["stale_sessions"] == 0 and not row["offsite_requests"] and not row["driver_errors"]
    print(f"map and headline p95 ≤ {TARGET_P95_MS:.0f} ms: {'yes' if headline else 'NO'}; server panel p95 ≤ "
          f"{TARGET_P95_MS:.0f} ms: {'yes' if panel else 'NO'}; none stale, no off-site request: "
          f"{'yes' if clean else 'NO'}")
    verdict = headline and panel and clean
    if row["driver_errors"]:
        print("driver errors:", *row["driver_errors"], sep="\n  ")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
