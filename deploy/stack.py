"""N app replicas in public mode behind Debian's nginx, with the one config in `deploy/nginx.conf.template`.

`make serve-public REPLICAS=2` runs this in the foreground (http://localhost:8080/atlas/); the tests and
`bench/load.py` start the same stack on free ports in a temporary prefix. Each replica is
`python -m ui.public` (the container's entry); nginx runs with `-p PREFIX -e PREFIX/error.log`, so
nothing outside the prefix is written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
BASE_PATH = "/atlas"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx not found: `apt-get install nginx` (Debian) or see README 'Deploy'")
    return found


def mime_types() -> str:
    for candidate in ("/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types"):
        if Path(candidate).exists():
            return candidate
    raise RuntimeError("nginx's mime.types not found")


def render(
    *,
    listen: str,
    upstreams: list[str],
    prefix: Path,
    site_root: Path,
    frame_ancestors: str = "'self'",
    ws_rate: str = "30r/m",
    ws_burst: int = 20,
    base_path: str = BASE_PATH,
    mime: str | None = None,
) -> str:
    """The nginx config for these addresses: exactly the template, with its ${ATLAS_*} values filled."""
    servers = "\n        ".join(f"server {u} max_fails=1 fail_timeout=10s;" for u in upstreams)
    values = {
        "ATLAS_LISTEN": listen,
        "ATLAS_UPSTREAMS": servers,
        "ATLAS_PREFIX": str(prefix),
        "ATLAS_SITE_ROOT": str(site_root),
        "ATLAS_FRAME_ANCESTORS": frame_ancestors,
        "ATLAS_WS_RATE": ws_rate,
        "ATLAS_WS_BURST": str(ws_burst),
        "ATLAS_BASE_PATH": base_path,
        "ATLAS_MIME_TYPES": mime or mime_types(),
    }
    text = Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(values)
    missing = [name for name in values if f"${{{name}}}" in text]
    if missing:
        raise ValueError(f"template values left unfilled: {missing}")
    return text


def _wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited early ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s; see {log}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Replica:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{BASE_PATH}"

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class Stack:
    """Replicas plus nginx; `url` is the proxy's address of the app, `site_url` of the static edition."""

    port: int
    prefix: Path
    replicas: list[Replica]
    nginx: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}{BASE_PATH}/"

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=10)
        for replica in self.replicas:
            replica.stop()


def start_replica(port: int, log_dir: Path, public_port: int, env: dict[str, str] | None = None) -> Replica:
    log = log_dir / f"replica-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.public"],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={
            **os.environ,
            "ATLAS_PUBLIC": "1",
            "ATLAS_PORT": str(port),
            "ATLAS_BIND": "127.0.0.1",
            "ATLAS_BASE_PATH": BASE_PATH,
            "ATLAS_PUBLIC_HOST": "localhost",
            "ATLAS_PUBLIC_PORT": str(public_port),
            **(env or {}),
        },
    )
    return Replica(port, process, log)


def start_nginx(
    stack: Stack, upstreams: list[str], site: Path, ws_rate: str, ws_burst: int, frame_ancestors: str
) -> None:
    """Render the template for these addresses into the stack's prefix and start nginx in the foreground."""
    conf = stack.prefix / "nginx.conf"
    conf.write_text(
        render(
            listen=f"127.0.0.1:{stack.port}", upstreams=upstreams, prefix=stack.prefix, site_root=site,
            ws_rate=ws_rate, ws_burst=ws_burst, frame_ancestors=frame_ancestors,
        ),
        encoding="utf-8",
    )
    stack.nginx = subprocess.Popen(
        [nginx_binary(), "-p", str(stack.prefix), "-c", str(conf), "-e", str(stack.prefix / "error.log"),
         "-g", "daemon off;"],
        stdout=(stack.prefix / "nginx.out").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_static(site_root: Path, *, port: int | None = None, prefix: Path | None = None) -> Stack:
    """nginx alone serving the static edition with the same config: no Python process behind it."""
    stack = Stack(port or free_port(), Path(prefix or tempfile.mkdtemp(prefix="atlas-static-")), [])
    stack.prefix.mkdir(parents=True, exist_ok=True)
    for folder in (stack.prefix, site_root):
        folder.chmod(0o755)
    # The app's upstream names a port nothing listens on: /atlas/ would fail, the edition does not need it.
    start_nginx(stack, [f"127.0.0.1:{free_port()}"], site_root, "30r/m", 20, "'self'")
    try:
        _wait_http(f"{stack.origin}/index.html", stack.nginx, stack.prefix / "nginx.out", 20)
    except BaseException:
        stack.stop()
        raise
    return stack


def start_stack(
    replicas: int = 2,
    *,
    port: int | None = None,
    prefix: Path | None = None,
    site_root: Path | None = None,
    ws_rate: str = "30r/m",
    ws_burst: int = 20,
    frame_ancestors: str = "'self'",
    env: dict[str, str] | None = None,
    timeout: float = 90.0,
) -> Stack:
    """Start `replicas` app servers and nginx in front; returns once the proxy answers the health check."""
    port = port or free_port()
    prefix = Path(prefix or tempfile.mkdtemp(prefix="atlas-stack-"))
    prefix.mkdir(parents=True, exist_ok=True)
    site = Path(site_root or prefix / "site")
    site.mkdir(parents=True, exist_ok=True)
    # nginx workers run as an unprivileged user: they must be able to read the site and the prefix.
    for folder in (prefix, site):
        folder.chmod(0o755)
    stack = Stack(port, prefix, [])
    try:
        for _ in range(replicas):
            stack.replicas.append(start_replica(free_port(), prefix, port, env))
        for replica in stack.replicas:
            _wait_http(f"{replica.url}/_stcore/health", replica.process, replica.log, timeout)
        start_nginx(stack, [f"127.0.0.1:{r.port}" for r in stack.replicas], site, ws_rate, ws_burst, frame_ancestors)
        nginx_log = prefix / "nginx.out"
        _wait_http(f"{stack.url}_stcore/health", stack.nginx, nginx_log, 20)
    except BaseException:
        stack.stop()
        raise
    return stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--site", type=Path, default=None, help="static edition folder served at / (optional)")
    parser.add_argument("--frame-ancestors", default="'self'", help="CSP frame-ancestors (who may embed)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a plain `kill` stops nginx and replicas too
    stack = start_stack(args.replicas, port=args.port, site_root=args.site, frame_ancestors=args.frame_ancestors)
    print(f"Atlas: {stack.url}  ({args.replicas} replicas behind nginx; logs in {stack.prefix}). Ctrl-C stops.")
    try:
        while all(r.process.poll() is None for r in stack.replicas) and stack.nginx.poll() is None:
            time.sleep(1)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
