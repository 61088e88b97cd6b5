"""Benchmark: the Atlas (app.py) against two streamlit-folium peers, in one run: a naive folium rebuild
(bench/naive_app.py) and a tuned one that keeps its map and sends only styles (bench/tuned_app.py).

Starts the three apps with `tests.browser.start_app`, drives each in headless Chromium, and measures:
  * server memory: VmRSS of the streamlit process with 10 sessions open (10 browser contexts, each
    having drawn its map), measured first, on a fresh server;
  * time to first painted map: navigation start → first `.leaflet-overlay-pane path` inside the map
    iframe (browser clock), median of 3 fresh contexts;
  * key press → repaint over 20 slider steps (ArrowRight on the focused month slider, a Streamlit widget
    or a control inside the map iframe), browser clock, from the keydown event to the first animation
    frame where the map iframe shows the new month;
  * bytes per step: websocket messages handed to the page between key press and repaint (timestamped
    in the page), websocket frames received over the whole step (Playwright `framereceived`, until the
    script is idle again), and HTTP response bytes over the whole step.

Then the static edition (`geo export --format site`, served by nginx alone): time to first painted map,
beside the app's.

Nothing leaves the machine: Chromium gets a dead proxy (loopback bypasses it implicitly), and every
non-local request or websocket is recorded; any such attempt fails the run. A Playwright route (as
tests/browser.py NetworkGuard uses) is not used because routing disables Chromium's HTTP cache, which
would penalise whichever app fetches assets per step.

Usage: `.venv/bin/python bench/run.py [--steps N]` (or `make bench`). Results: bench/results/*.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright  # noqa: E402

from geo import timeline  # noqa: E402
from geo.policy import load_policy  # noqa: E402
from tests.browser import CHROMIUM_ARGS, LOCAL_HOSTS, AppServer, start_app, system_chromium  # noqa: E402

RESULTS = ROOT / "bench" / "results"
START_MONTH = "2019-06"
LOADS = 3
SESSIONS = 10
HARD_LIMIT_S = 900
NAV_TIMEOUT_MS = 60_000
STEP_TIMEOUT_MS = 30_000
# Loopback bypasses a configured proxy implicitly; every other destination hits a closed port.
DEAD_PROXY_ARGS = ["--proxy-server=http://127.0.0.1:9"]

# Installed in every document, iframes included (the slider may live in the map's iframe): remembers
# the last ArrowRight keydown. Times are absolute (timeOrigin + now), comparable across documents.
INIT_SCRIPT = """
window.__benchKey = null;
window.__benchSeen = null;
window.addEventListener('keydown', e => {
  if (e.key === 'ArrowRight') window.__benchKey = performance.timeOrigin + performance.now();
}, true);
// Every websocket message handed to the page, with its time: [absolute ms, bytes].
(() => {
  const Native = window.WebSocket;
  if (!Native || Native.__bench) return;
  window.__benchWs = [];
  class BenchSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        const d = e.data;
        const n = typeof d === 'string' ? d.length : (d.byteLength !== undefined ? d.byteLength : d.size);
        window.__benchWs.push([performance.timeOrigin + performance.now(), n]);
      });
    }
  }
  BenchSocket.__bench = true;
  window.WebSocket = BenchSocket;
})();
"""
WS_BETWEEN_JS = (
    "([t0, t1]) => (window.__benchWs || []).filter(([t]) => t >= t0 && t <= t1)"
    ".reduce((a, [, n]) => a + n, 0)"
)

# Polled on the main page: a same-origin iframe whose document has drawn map paths (and, for a step,
# shows month `m`). The first matching animation frame stamps window.__benchSeen.
_FRAMES = """
(check) => {
  for (const f of document.querySelectorAll('iframe')) {
    let w;
    try { w = f.contentWindow; if (!w || !w.document) continue; } catch (e) { continue; }
    if (!w.document.querySelector('.leaflet-overlay-pane path')) continue;
    if (check(w)) { window.__benchSeen = performance.timeOrigin + performance.now(); return true; }
  }
  return false;
}
"""
# Painted map, or the app's own error box (then fail at once instead of waiting for the timeout).
PAINTED_JS = f"""() => document.querySelector("[data-testid='stException']") ? 'exception'
  : ({_FRAMES})(w => true)"""
SHOWS_JS = {
    "atlas": f"m => ({_FRAMES})(w => !!(w.atlas && w.atlas.view && w.atlas.view.date === m))",
    "naive": f"m => ({_FRAMES})(w => w.benchMonth === m)",
    "tuned": f"m => ({_FRAMES})(w => w.benchMonth === m)",
}
PEERS = ("naive", "tuned")
IDLE_MS = 600  # quiet this long = idle (outlasts a component's debounced report of the month)
IDLE_JS = """
(quietMs) => {
  const app = document.querySelector("[data-testid='stApp']");
  const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
  const now = performance.now();
  if (!idle) { window.__benchIdleSince = null; return false; }
  if (window.__benchIdleSince == null) window.__benchIdleSince = now;
  return now - window.__benchIdleSince >= quietMs;
}
"""


class AppError(RuntimeError):
    """The app under test failed (an exception on the page) rather than the bench."""


@dataclass
class Traffic:
    """Bytes seen by one page: websocket frames received, HTTP responses, and off-machine attempts."""

    ws_bytes: int = 0
    requests: list = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def http_bytes(self, start: int) -> int:
        total = 0
        for request in self.requests[start:]:
            try:
                sizes = request.sizes()
            except Exception:  # a request torn down with its frame
                continue
            total += max(sizes.get("responseBodySize", 0), 0) + max(sizes.get("responseHeadersSize", 0), 0)
        return total


def is_local(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS


def open_page(browser: Browser, offsite: list[str]) -> tuple[BrowserContext, Page, Traffic]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT_SCRIPT)
    context.set_default_timeout(NAV_TIMEOUT_MS)
    traffic = Traffic(offsite=offsite)

    def on_request(request) -> None:
        if not is_local(request.url):
            offsite.append(request.url)

    def on_ws(ws) -> None:
        if not is_local(ws.url):
            offsite.append(ws.url)

        def on_frame(payload) -> None:
            traffic.ws_bytes += len(payload)

        ws.on("framereceived", on_frame)

    def on_finished(request) -> None:
        traffic.requests.append(request)

    context.on("request", on_request)
    context.on("requestfinished", on_finished)
    page = context.new_page()
    page.on("websocket", on_ws)
    return context, page, traffic


def find_slider(page: Page, timeout_s: float = 30.0) -> Locator:
    """The month slider: a Streamlit widget on the page, or a control inside the map's iframe."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:  # the main frame comes first
            slider = frame.get_by_role("slider")
            if slider.count() == 1:
                return slider
        time.sleep(0.2)
    raise RuntimeError("no single month slider found on the page or in its iframes")


def wait_idle(page: Page) -> None:
    page.evaluate("window.__benchIdleSince = null")
    page.wait_for_function(IDLE_JS, arg=IDLE_MS, polling=50, timeout=STEP_TIMEOUT_MS)


def load_painted(page: Page, url: str, shows_js: str, month: str) -> float:
    """Navigate; ms from navigation start to the first frame with the map painted (then wait for month)."""
    page.goto(url, wait_until="commit", timeout=NAV_TIMEOUT_MS)
    outcome = page.wait_for_function(PAINTED_JS, polling="raf", timeout=NAV_TIMEOUT_MS).json_value()
    if outcome == "exception":
        text = page.locator("[data-testid='stException']").first.inner_text()[:800]
        raise AppError(f"{url} shows a Streamlit exception instead of a map:\n{text}")
    painted = page.evaluate("window.__benchSeen - performance.timeOrigin")
    page.wait_for_function(shows_js, arg=month, polling="raf", timeout=NAV_TIMEOUT_MS)
    return painted


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def measure_memory(browser: Browser, server: AppServer, url: str, shows_js: str, month: str,
                   offsite: list[str]) -> dict:
    """RSS on the fresh server, with 1 session (imports and caches warm) and with SESSIONS open."""
    fresh = rss_mb(server.process.pid)
    contexts, one = [], None
    try:
        for _ in range(SESSIONS):
            context, page, _ = open_page(browser, offsite)
            contexts.append(context)
            load_painted(page, url, shows_js, month)
            wait_idle(page)
            if one is None:
                time.sleep(1.0)
                one = rss_mb(server.process.pid)
        time.sleep(2.0)
        after = rss_mb(server.process.pid)
    finally:
        for context in contexts:
            context.close()
    return {"rss_fresh_mb": round(fresh, 1), "rss_1_session_mb": round(one, 1),
            "rss_10_sessions_mb": round(after, 1),
            "rss_per_extra_session_mb": round((after - one) / max(1, SESSIONS - 1), 2)}


def measure_first_paint(browser: Browser, url: str, shows_js: str, month: str, offsite: list[str]) -> dict:
    times = []
    for _ in range(LOADS):
        context, page, _ = open_page(browser, offsite)
        try:
            times.append(load_painted(page, url, shows_js, month))
            wait_idle(page)
        finally:
            context.close()
    return {
        "first_paint_ms": [round(t, 1) for t in times],
        "first_paint_median_ms": round(statistics.median(times), 1),
    }


def measure_steps(browser: Browser, url: str, shows_js: str, months: list[str], offsite: list[str]) -> dict:
    context, page, traffic = open_page(browser, offsite)
    latencies, ws_repaint, ws_step, http_step = [], [], [], []
    fetched: list[str] = []
    in_iframe = False
    try:
        load_painted(page, url, shows_js, months[0])
        wait_idle(page)
        thumb = find_slider(page)
        in_iframe = thumb.evaluate("el => window !== window.top")
        thumb.focus()
        for target in months[1:]:
            thumb.evaluate("el => { el.ownerDocument.defaultView.__benchKey = null; }")
            page.evaluate("window.__benchSeen = null")
            ws0, req0 = traffic.ws_bytes, len(traffic.requests)
            thumb.press("ArrowRight")
            page.wait_for_function(shows_js, arg=target, polling="raf", timeout=STEP_TIMEOUT_MS)
            key = thumb.evaluate("el => el.ownerDocument.defaultView.__benchKey")
            seen = page.evaluate("window.__benchSeen")
            if key is None:
                raise RuntimeError(f"keydown for {target} was not seen by the page")
            latencies.append(seen - key)
            ws_repaint.append(page.evaluate(WS_BETWEEN_JS, [key, seen]))
            wait_idle(page)
            ws_step.append(traffic.ws_bytes - ws0)
            http_step.append(traffic.http_bytes(req0))
            if not fetched:
                fetched = [urlparse(r.url).path for r in traffic.requests[req0:]]
    finally:
        context.close()
    return {
        "steps": len(latencies),
        "slider_in_map_iframe": in_iframe,
        "months": [months[0], months[-1]],
        "step_latency_ms": [round(v, 1) for v in latencies],
        "step_median_ms": round(statistics.median(latencies), 1),
        "step_p95_ms": round(percentile(latencies, 95), 1),
        "ws_bytes_to_repaint_median": int(statistics.median(ws_repaint)),
        "ws_bytes_per_step_median": int(statistics.median(ws_step)),
        "http_bytes_per_step_median": int(statistics.median(http_step)),
        "http_paths_first_step": fetched,
    }


def bench_app(name: str, browser: Browser, server: AppServer, months: list[str], offsite: list[str]) -> dict:
    url = f"{server.url}/?date={months[0]}&layer=restriction"
    shows_js = SHOWS_JS[name]
    print(f"[{name}] memory with {SESSIONS} sessions ...", flush=True)
    result = measure_memory(browser, server, url, shows_js, months[0], offsite)
    print(f"[{name}] first paint x{LOADS} ...", flush=True)
    result.update(measure_first_paint(browser, url, shows_js, months[0], offsite))
    print(f"[{name}] {len(months) - 1} slider steps ...", flush=True)
    result.update(measure_steps(browser, url, shows_js, months, offsite))
    return result


ROWS = [
    ("Time to first painted map, median of 3 (ms)", "first_paint_median_ms"),
    ("Key press → repaint, median (ms)", "step_median_ms"),
    ("Key press → repaint, p95 (ms)", "step_p95_ms"),
    ("WebSocket bytes received, key press → repaint (median/step)", "ws_bytes_to_repaint_median"),
    ("WebSocket bytes received, whole step (median/step)", "ws_bytes_per_step_median"),
    ("HTTP bytes received, whole step (median/step)", "http_bytes_per_step_median"),
    ("Server RSS, fresh (MB)", "rss_fresh_mb"),
    ("Server RSS with 1 session (MB)", "rss_1_session_mb"),
    ("Server RSS with 10 sessions (MB)", "rss_10_sessions_mb"),
    ("Server RSS per extra session, (10 − 1)/9 (MB)", "rss_per_extra_session_mb"),
]


# Below this, a per-session RSS growth is page-granularity and allocator noise: no ratio is printed.
RSS_NOISE_MB = 0.25


def ratio(naive: float, atlas: float, key: str = "") -> str:
    if key == "rss_per_extra_session_mb" and atlas < RSS_NOISE_MB:
        return f"n/a (atlas < {RSS_NOISE_MB} MB, noise)"
    if atlas == 0:
        return "n/a" if naive == 0 else "∞ (atlas 0)"
    return f"{naive / atlas:.1f}×"


def fmt(value: float, key: str) -> str:
    if key.endswith("_per_extra_session_mb"):
        return f"{value:,.2f}"
    if key.endswith(("_ms", "_mb")):
        return f"{value:,.1f}"
    return f"{int(value):,}"


def table(atlas: dict, naive: dict, tuned: dict) -> str:
    lines = ["| metric | atlas | naive | tuned | ratio naive/atlas | ratio tuned/atlas |",
             "|---|---:|---:|---:|---:|---:|"]
    for label, key in ROWS:
        a, n, t = atlas[key], naive[key], tuned[key]
        lines.append(f"| {label} | {fmt(a, key)} | {fmt(n, key)} | {fmt(t, key)} | {ratio(n, a, key)} | "
                     f"{ratio(t, a, key)} |")
    return "\n".join(lines)


STATIC_PAINTED_JS = "() => !!document.querySelector('.leaflet-overlay-pane path')"


def measure_static_first_paint(browser: Browser, month: str, offsite: list[str]) -> dict:
    """The static edition (geo export --format site) served by nginx alone: navigation → painted map."""
    import shutil
    import tempfile

    from deploy.stack import start_static

    folder = Path(tempfile.mkdtemp(prefix="atlas-bench-site-"))
    folder.chmod(0o755)
    out = folder / "public"
    cmd = [sys.executable, "-m", "geo", "export", "--format", "site", "--out", str(out)]
    if os.environ.get("ATLAS_DATA_DIR"):
        cmd += ["--data-dir", os.environ["ATLAS_DATA_DIR"]]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    server = start_static(out)
    times = []
    try:
        for _ in range(LOADS):
            context, page, _ = open_page(browser, offsite)
            try:
                page.goto(f"{server.origin}/index.html?date={month}&layer=restriction", wait_until="commit")
                page.wait_for_function(STATIC_PAINTED_JS, polling="raf", timeout=NAV_TIMEOUT_MS)
                times.append(page.evaluate("performance.now()"))
            finally:
                context.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return {"static_first_paint_ms": [round(t, 1) for t in times],
            "static_first_paint_median_ms": round(statistics.median(times), 1)}


def step_months(months: list[str], steps: int) -> list[str]:
    """START_MONTH and the `steps` months after it (earlier start if the timeline is too short)."""
    if len(months) < 2:
        raise RuntimeError("the timeline has fewer than two months; nothing to step through")
    start = months.index(START_MONTH) if START_MONTH in months else 0
    start = max(0, min(start, len(months) - 1 - steps))
    return months[start:start + steps + 1]


def _timeout(signum, frame):
    raise TimeoutError(f"benchmark exceeded {HARD_LIMIT_S} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="slider steps per app (default 20)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(HARD_LIMIT_S)
    started = time.monotonic()
    load_before = os.getloadavg()
    if load_before[0] > _cpus():
        print(f"note: load average {load_before[0]:.1f} on {_cpus()} CPUs; timings will be noisy", flush=True)
    data_dir = os.environ.get("ATLAS_DATA_DIR")  # passed on to both servers, as the Atlas reads it
    if data_dir:
        data_dir = os.environ["ATLAS_DATA_DIR"] = str(Path(data_dir).resolve())
    policy = load_policy(Path(data_dir)) if data_dir else load_policy()
    months = step_months(timeline.months(policy), args.steps)
    offsite: list[str] = []
    servers: dict[str, AppServer] = {}
    results: dict[str, dict] = {}
    try:
        servers["atlas"] = start_app("app.py")
        servers["naive"] = start_app("bench/naive_app.py")
        servers["tuned"] = start_app("bench/tuned_app.py")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                headless=True, executable_path=system_chromium(), args=CHROMIUM_ARGS + DEAD_PROXY_ARGS,
            )
            try:
                for name in ("atlas", *PEERS):
                    try:
                        results[name] = bench_app(name, browser, servers[name], months, offsite)
                    except Exception as error:
                        print(f"\n[{name}] FAILED ({type(error).__name__}): {error}", file=sys.stderr)
                        print(f"[{name}] server log: {servers[name].log_path}", file=sys.stderr)
                        raise
                print("[static edition] first paint ...", flush=True)
                results["static"] = measure_static_first_paint(browser, months[0], offsite)
            finally:
                browser.close()
    finally:
        signal.alarm(0)
        for server in servers.values():
            server.stop()
    report = table(results["atlas"], results["naive"], results["tuned"])
    static_ms, app_ms = results["static"]["static_first_paint_median_ms"], results["atlas"]["first_paint_median_ms"]
    report += (f"\n\nStatic edition (nginx, no Python): first painted map, median of {LOADS}: {static_ms:,.1f} ms "
               f"(app {app_ms:,.1f} ms: {ratio(app_ms, static_ms)} faster)")
    print()
    print(report)
    print()
    for label, key in ROWS:
        print(f"{label}: naive/atlas = {ratio(results['naive'][key], results['atlas'][key], key)}, "
              f"tuned/atlas = {ratio(results['tuned'][key], results['atlas'][key], key)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"bench-{stamp}.json"
    payload = {
        "when": stamp, "seconds": round(time.monotonic() - started, 1), "steps": args.steps,
        "months": months, "machine": {
            "python": platform.python_version(), "cpus": _cpus(),
            "loadavg_1m_before": round(load_before[0], 2), "loadavg_1m_after": round(os.getloadavg()[0], 2),
        },
        "git": _git_state(), "offsite_requests": sorted(set(offsite)),
        "atlas": results["atlas"], "naive": results["naive"], "tuned": results["tuned"],
        "static": results["static"], "table": report,
    }
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"\nsaved {out.relative_to(ROOT)} ({payload['seconds']} s)")
    if offsite:
        print(f"\nFAIL: {len(offsite)} request(s) tried to leave the machine (blocked):")
        print("\n".join(f"  {url}" for url in sorted(set(offsite))[:20]))
        return 1
    print("No request left the machine.")
    return 0


def _git_state() -> dict:
    """Commit and uncommitted app files: the numbers belong to exactly this tree."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = git("status", "--porcelain", "--", "app.py", "ui", "geo", "bench", "data").splitlines()
    return {"head": git("rev-parse", "--short", "HEAD").strip(), "uncommitted": [line[3:] for line in dirty]}


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    sys.exit(main())
