"""Load: N websocket-level viewers against one replica, then against 2 replicas behind nginx.

Each simulated viewer speaks Streamlit's own protocol (protobuf BackMsg/ForwardMsg over
`/_stcore/stream`): it opens a session (the first run), finds the map component and its fragment in
the deltas, then reports a month as the map does when a viewer stops (slider released, play paused or
ended): once a second, for `--seconds`, waiting for each fragment rerun to finish before the next
report is due (a report that would overlap waits; that wait counts in the latency). Every fifth report
jumps several months, as the end of a play does. Measured per N:

- summary update: report sent → the server's "fragment run finished" (the summary and URL follow the
  month in that run), median and p95 (nearest rank);
- first run: websocket open → first script run finished, median (all N sessions arrive together);
- errors: time-outs (10 s), runs that raised, runs cut short, refused or dropped connections;
- server CPU ms per step: CPU time (user + system) of the replica processes while stepping ÷ steps;
- RSS: the replicas' resident memory after the run (sum), and the largest N whose p95 ≤ 500 ms.

`make load` runs N = 10, 25, 50, 100, 200, 250, 300, 350, 400 for both set-ups (about 10 minutes on
2 cores), then `--soak 300 --soak-n 100` (5 minutes, 100 sessions on 2 replicas, RSS sampled every
30 s), then `bench/browsers.py`. Results land in `bench/results/load-latest.json` (git-ignored).
Never part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.stack import BASE_PATH, Stack, free_port, start_replica, start_stack  # noqa: E402
from geo import timeline  # noqa: E402
from geo.policy import load_policy  # noqa: E402

RESULTS = ROOT / "bench" / "results"
STEP_TIMEOUT = 10.0
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
TARGET_P95_MS = 500.0


@dataclass
class Session:
    """One viewer's websocket session and what it measured."""

    url: str
    route: str
    months: list[str]
    first_run_ms: float | None = None
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    component_id: str | None = None
    fragment_id: str = ""
    seq: int = 0
    arrived: bool = False

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _rerun(query: str, widgets: list[tuple[str, str]] = (), fragment_id: str = "") -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_script_hash = ""
    state.fragment_id = fragment_id
    for widget_id, value in widgets:
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.json_value = value
    return msg.SerializeToString()


async def _until_finished(ws, session: Session) -> bool:
    """Read forward messages until a script run ends; note the component and its fragment on the way."""
    while True:
        raw = await ws.recv()
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "component_instance":
                instance = element.component_instance
                if "atlas_map" in instance.component_name and session.component_id is None:
                    session.component_id = instance.id
                    session.fragment_id = msg.delta.fragment_id
            elif element.WhichOneof("type") == "exception":
                session.error("raised")
        elif kind == "script_finished":
            if msg.script_finished in FINISHED:
                return True
            session.error("cut short")
            return False


class Gate:
    """Opens when every session has finished (or failed) its first run: stepping is measured from there."""

    def __init__(self, n: int) -> None:
        self.left, self.opened, self.event = n, 0.0, asyncio.Event()

    def arrive(self) -> None:
        self.left -= 1
        if self.left == 0:
            self.opened = time.perf_counter()
            self.event.set()


async def run_session(session: Session, seconds: float, gate: Gate, query: str) -> None:
    headers = {"Cookie": f"atlas_route={session.route}"}
    try:
        async with websockets.connect(
            session.url, subprotocols=["streamlit"], additional_headers=headers, max_size=None,
            open_timeout=30, ping_interval=None,
        ) as ws:
            opened = time.perf_counter()
            try:
                await ws.send(_rerun(query))
                await asyncio.wait_for(_until_finished(ws, session), 60)
                session.first_run_ms = (time.perf_counter() - opened) * 1000
            finally:
                session.arrived = True
                gate.arrive()
            if session.component_id is None:
                session.error("no map component")
                return
            await gate.event.wait()
            await asyncio.sleep(random.random())
            end = time.perf_counter() + seconds
            index = random.randrange(len(session.months))
            due = time.perf_counter()
            while time.perf_counter() < end:
                session.seq += 1
                index = (index + (6 if session.seq % 5 == 0 else 1)) % len(session.months)
                value = json.dumps({"kind": "month", "seq": f"load-{session.route}-{session.seq}",
                                    "month": session.months[index]})
                sent = time.perf_counter()
                await ws.send(_rerun(query, [(session.component_id, value)], session.fragment_id))
                try:
                    if await asyncio.wait_for(_until_finished(ws, session), STEP_TIMEOUT):
                        session.latencies_ms.append((time.perf_counter() - sent) * 1000)
                except TimeoutError:
                    session.error("time-out")
                    return
                due += 1.0
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        session.error(f"connection: {type(exc).__name__}")
    finally:
        if not session.arrived:  # failed before its first run ended: do not hold the others back
            session.arrived = True
            gate.arrive()


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ranked = sorted(values)
    return ranked[max(0, min(len(ranked) - 1, round(p / 100 * len(ranked) + 0.5) - 1))]


def cpu_seconds(processes: list[psutil.Process], *, descendants: bool = True) -> float:
    """CPU time (user + system) of the processes, and of their children unless `descendants` is off."""
    total = 0.0
    for proc in processes:
        for p in [proc, *(proc.children(recursive=True) if descendants else [])]:
            try:
                times = p.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
    return total


def _rss_mb(processes: list[psutil.Process]) -> float:
    total = 0
    for proc in processes:
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    return total / 1e6


async def load_round(ws_url: str, processes: list[psutil.Process], n: int, seconds: float, months: list[str],
                     tag: str) -> dict:
    query = "layer=restriction"
    sessions = [Session(ws_url, f"{tag}-{n}-{i}", months) for i in range(n)]
    gate = Gate(n)

    async def stepping_cpu() -> float:
        await gate.event.wait()
        return cpu_seconds(processes)

    async def client_cpu() -> float:
        await gate.event.wait()
        return cpu_seconds([psutil.Process()], descendants=False)

    cpu_task = asyncio.create_task(stepping_cpu())
    client_task = asyncio.create_task(client_cpu())
    await asyncio.gather(*(run_session(s, seconds, gate, query) for s in sessions))
    cpu_used = cpu_seconds(processes) - await cpu_task if gate.event.is_set() else 0.0
    client_used = cpu_seconds([psutil.Process()], descendants=False) - await client_task if gate.event.is_set() else 0.0
    wall = time.perf_counter() - gate.opened if gate.event.is_set() else 0.0
    latencies = [ms for s in sessions for ms in s.latencies_ms]
    first = [s.first_run_ms for s in sessions if s.first_run_ms is not None]
    errors: dict[str, int] = {}
    for s in sessions:
        for kind, count in s.errors.items():
            errors[kind] = errors.get(kind, 0) + count
    steps = len(latencies)
    return {
        "n": n,
        "steps": steps,
        "median_ms": statistics.median(latencies) if latencies else None,
        "p95_ms": percentile(latencies, 95),
        "first_run_median_ms": statistics.median(first) if first else None,
        "errors": errors,
        "error_count": sum(errors.values()),
        # From the moment every session had its first run: the cost of a month report alone.
        "cpu_ms_per_step": cpu_used * 1000 / steps if steps else None,
        "cpu_share": cpu_used / wall / psutil.cpu_count() if wall else None,
        # The simulated viewers run on the same cores: what they take, the replicas cannot use.
        "client_cpu_share": client_used / wall / psutil.cpu_count() if wall else None,
        "rss_mb": _rss_mb(processes),
        "wall_s": wall,
    }


def _fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def table(rows: list[dict]) -> str:
    lines = [
        "| set-up | N | steps | summary update median (ms) | p95 (ms) | first run median (ms) | errors | "
        "server CPU ms / step | RSS (MB) | CPU share: replicas / load client |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        errors = str(r["error_count"]) + (f" ({', '.join(f'{k}: {v}' for k, v in r['errors'].items())})"
                                          if r["errors"] else "")
        lines.append(
            f"| {r['setup']} | {r['n']} | {r['steps']:,} | {_fmt(r['median_ms'])} | {_fmt(r['p95_ms'])} | "
            f"{_fmt(r['first_run_median_ms'])} | {errors} | {_fmt(r['cpu_ms_per_step'], 1)} | {_fmt(r['rss_mb'])} | "
            f"{_pct(r.get('cpu_share'))} / {_pct(r.get('client_cpu_share'))} |"
        )
    return "\n".join(lines)


def capacity(rows: list[dict], setup: str) -> int:
    ok = [r["n"] for r in rows if r["setup"] == setup and r["p95_ms"] is not None
          and r["p95_ms"] <= TARGET_P95_MS and r["error_count"] == 0]
    return max(ok, default=0)


async def soak(ws_url: str, processes: list[psutil.Process], n: int, seconds: float, months: list[str]) -> list:
    samples: list[tuple[float, float]] = []
    started = time.perf_counter()

    async def sample() -> None:
        while time.perf_counter() - started < seconds + 5:
            samples.append((round(time.perf_counter() - started), round(_rss_mb(processes), 1)))
            await asyncio.sleep(30)

    sampler = asyncio.create_task(sample())
    result = await load_round(ws_url, processes, n, seconds, months, "soak")
    sampler.cancel()
    samples.append((round(time.perf_counter() - started), round(_rss_mb(processes), 1)))
    return [result, samples]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="websocket-level load: 1 replica vs 2 behind nginx")
    parser.add_argument("--sizes", default="10,25,50,100,200,250,300,350,400")
    parser.add_argument("--seconds", type=float, default=20.0, help="stepping time per N")
    parser.add_argument("--setups", default="1,2", help="replica counts to run (1 = direct, 2+ = behind nginx)")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of an extra run on the last set-up")
    parser.add_argument("--soak-n", type=int, default=50)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    data_dir = os.environ.get("ATLAS_DATA_DIR")
    policy = load_policy(Path(data_dir)) if data_dir else load_policy()
    months = timeline.months(policy)
    rows: list[dict] = []
    soak_result = None
    setups = [int(s) for s in args.setups.split(",")]
    for replicas in setups:
        stack: Stack | None = None
        single = None
        try:
            if replicas == 1:
                port = free_port()
                log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
                single = start_replica(port, log_dir, port)
                from deploy.stack import _wait_http

                _wait_http(f"{single.url}/_stcore/health", single.process, single.log, 90)
                ws_url = f"ws://127.0.0.1:{port}{BASE_PATH}/_stcore/stream"
                processes = [psutil.Process(single.process.pid)]
                setup = "1 replica (direct)"
            else:
                stack = start_stack(replicas, ws_rate="1000000r/m", ws_burst=100000)
                ws_url = f"ws://localhost:{stack.port}{BASE_PATH}/_stcore/stream"
                processes = [psutil.Process(r.process.pid) for r in stack.replicas]
                setup = f"{replicas} replicas (nginx)"
            for n in sizes:
                row = asyncio.run(load_round(ws_url, processes, n, args.seconds, months, f"r{replicas}"))
                row["setup"] = setup
                rows.append(row)
                print(table([row]).splitlines()[-1], flush=True)
            if args.soak and replicas == setups[-1]:
                soak_result = asyncio.run(soak(ws_url, processes, args.soak_n, args.soak, months))
                done, samples = soak_result
                print(f"soak {args.soak_n} sessions, {args.soak:.0f} s on {setup}: {done['steps']:,} steps, p95 "
                      f"{_fmt(done['p95_ms'])} ms, errors {done['error_count']}, "
                      f"{_fmt(done['cpu_ms_per_step'], 1)} ms CPU/step; RSS MB over time {samples}", flush=True)
        finally:
            if stack is not None:
                stack.stop()
            if single is not None:
                single.stop()
    report = table(rows)
    print()
    print(report)
    caps = {setup: capacity(rows, setup) for setup in dict.fromkeys(r["setup"] for r in rows)}
    for setup, n in caps.items():
        print(f"largest N with p95 ≤ {TARGET_P95_MS:.0f} ms and 0 errors, {setup}: {n}")
    one, two = caps.get("1 replica (direct)"), caps.get("2 replicas (nginx)")
    if one and two:
        print(f"2 replicas hold {two / one:.1f}× the sessions of one; {two / psutil.cpu_count():.0f} sessions per core")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load-latest.json").write_text(
        json.dumps({"rows": rows, "capacity": caps, "soak": soak_result, "table": report,
                    "cores": psutil.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
                   indent=2),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
