"""Public mode (`ATLAS_PUBLIC=1`): hardened Streamlit settings, and errors shown as an incident id only."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser import ARTIFACTS, ROOT, free_port
from ui import public


def test_public_mode_is_one_switch_and_hardens_streamlit():
    off = public.streamlit_options({})
    on = public.streamlit_options({"ATLAS_PUBLIC": "1", "ATLAS_PUBLIC_HOST": "atlas.example.org"})
    assert not public.is_public({}) and public.is_public({"ATLAS_PUBLIC": "1"})
    assert "client.showErrorDetails" not in off
    assert on["client.showErrorDetails"] == "none"
    assert on["server.enableXsrfProtection"] == "true"
    assert on["server.enableCORS"] == "true"  # Streamlit's CORS *protection*: cross-origin refused
    # A named public address: Streamlit then asks no outside service for the machine's address.
    assert on["browser.serverAddress"] == "atlas.example.org"
    assert on["server.address"] == "127.0.0.1"
    assert public.streamlit_options({"ATLAS_BIND": "10.0.0.5"})["server.address"] == "10.0.0.5"
    assert public.streamlit_options({"ATLAS_BASE_PATH": "/atlas/"})["server.baseUrlPath"] == "atlas"
    assert public.command({"ATLAS_PUBLIC": "1"})[3].endswith("deploy/public_app.py")
    assert public.command({})[3].endswith("app.py")


@pytest.fixture(scope="module")
def fault_server():
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"server-public-fault-{port}.log"
    options = public.streamlit_options({"ATLAS_PUBLIC": "1", "ATLAS_PORT": str(port)})
    flags = [f"--{k}={v}" for k, v in options.items()]
    script = "tests/fixtures/public_fault/app_asgi.py"
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.launch", script, *flags],
        cwd=ROOT, stdout=log_path.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2):
                break
        except OSError:
            assert process.poll() is None, log_path.read_text()
            time.sleep(0.3)
    yield f"http://localhost:{port}", log_path
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


@pytest.mark.browser
def test_an_error_shows_an_incident_id_and_no_traceback_and_the_log_has_both(fault_server, page):
    url, log_path = fault_server
    page.goto(url)
    page.get_by_text("drawn before the fault").wait_for(timeout=30000)
    alert = page.get_by_text(re.compile(r"incident [0-9a-f]{8}"))
    alert.wait_for(timeout=30000)
    incident = re.search(r"incident ([0-9a-f]{8})", alert.inner_text()).group(1)
    body = page.inner_text("body")
    for leak in ("Traceback", "RuntimeError", "secret-token", "/srv/atlas", "page.py", 'File "'):
        assert leak not in body, leak
    deadline = time.monotonic() + 10
    while f"incident {incident}" not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    log = log_path.read_text()
    assert f"incident {incident}" in log
    assert "Traceback" in log and "secret-token-4242" in log
    assert "External URL" not in log  # no outbound address lookup at start
