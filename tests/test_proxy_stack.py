"""Through the real proxy: Debian's nginx running deploy/nginx.conf.template in front of two replicas.

One stack per module (temporary prefix, free ports). What a viewer of the public link depends on: the
app paints through the proxy under /atlas/, the websocket upgrades, a download reaches the replica that
holds the session (stickiness), the security headers are sent, and when one replica stops, viewers on
the other carry on while viewers on the stopped one reconnect and get their view back from the URL.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from deploy.stack import Stack, start_stack
from tests.browser import ARTIFACTS, NetworkGuard
from tests.mapdriver import map_frame, wait_for_date

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="needs nginx"),
]

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy")


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    running = start_stack(2, prefix=Path(tempfile.mkdtemp(prefix="atlas-test-stack-")), ws_rate="30r/m", ws_burst=40)
    yield running
    running.stop()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for log in running.prefix.glob("*.log"):
        shutil.copyfile(log, ARTIFACTS / f"stack-{log.name}")
    shutil.rmtree(running.prefix, ignore_errors=True)


def _get(stack: Stack, path: str, headers: dict[str, str] | None = None, source: str = "127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10, source_address=(source, 0))
    conn.request("GET", path, headers={"Host": f"localhost:{stack.port}", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def _page(browser, guard: NetworkGuard, route: str | None = None, stack: Stack | None = None):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.route("**/*", guard.handle)
    if route and stack:
        context.add_cookies([{"name": "atlas_route", "value": route, "url": stack.origin}])
    page = context.new_page()
    page.on("console", lambda m: guard.blocked.append(f"console:{m.text}") if "Content Security" in m.text else None)
    return context, page


def _replica_of(stack: Stack, route: str) -> int:
    """The replica port that served this route, from the proxy's access log (server-side only)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = (stack.prefix / "access.log").read_text(encoding="utf-8")
        ports = re.findall(rf"upstream=127\.0\.0\.1:(\d+) route={re.escape(route)}\b", text)
        if ports:
            return int(ports[-1])
        time.sleep(0.2)
    raise AssertionError(f"route {route} not in the access log")


def test_app_paints_through_the_proxy_under_a_base_path(stack, browser, network_guard):
    context, page = _page(browser, network_guard)
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(stack.url + "?layer=restriction&date=2020-10")
    frame = map_frame(page)
    wait_for_date(frame, "2020-10")
    assert frame.locator(".leaflet-overlay-pane path").count() > 40
    assert any(url.endswith("/atlas/_stcore/stream") for url in sockets), sockets
    context.close()
    assert not network_guard.blocked, network_guard.blocked


def test_an_analyst_page_opens_through_the_proxy(stack, browser, network_guard):
    """A deep link under the base path: the server is found at once (no 404 probes of
    /atlas/Chronology/_stcore/…, streamlit/streamlit#7074) and the boot script passes the CSP."""
    context, page = _page(browser, network_guard)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(stack.url + "Chronology?country=SWE")
    page.locator("h1").first.wait_for(timeout=45000)
    assert "Chronology" in page.locator("h1").first.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.evaluate("window.__streamlit && window.__streamlit.BACKEND_BASE_URL") == stack.url
    assert failed == [], failed
    assert not [c for c in console if "Content Security Policy" in c or "404" in c], console
    context.close()
    assert not network_guard.blocked, network_guard.blocked


def test_the_embed_view_shows_the_linked_view_without_chrome(stack, browser, network_guard):
    context, page = _page(browser, network_guard)
    page.goto(stack.url + "?layer=clean_network&date=2020-10&alliance=NATO&embed=true")
    frame = map_frame(page)
    frame.wait_for_selector(".atlas-map[data-layer='clean_network'][data-date='2020-10']", state="attached")
    assert frame.locator(".atlas-legend").count() == 1 and frame.locator(".atlas-play").count() == 1
    source = page.locator(".atlas-embed-source a")
    assert "layer=clean_network" in source.get_attribute("href")
    assert page.locator("h1").count() == 0 and page.get_by_role("button", name="Presentation view").count() == 0
    page.set_viewport_size({"width": 600, "height": 620})
    page.screenshot(path=str(ARTIFACTS / "embed-view-600.png"))
    context.close()
    assert not network_guard.blocked, network_guard.blocked


def test_security_headers_on_the_app_its_map_and_its_assets(stack):
    for path in ("/", "/atlas/", "/atlas/_stcore/health", "/atlas/app/static/vendor/leaflet/leaflet.js"):
        response, _ = _get(stack, path)
        assert response.status in (200, 302), path
        headers = {k.lower(): v for k, v in response.getheaders()}
        for name in SECURITY_HEADERS:
            assert name in headers, (path, name)
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert "server" in headers and "nginx/" not in headers["server"]


def test_websockets_from_another_site_are_refused_and_new_sessions_are_rate_limited(stack):
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": "http://evil.example"}
    response, _ = _get(stack, "/atlas/_stcore/stream", upgrade)
    assert response.status == 403
    # Another client address (127.0.0.2), so the browser tests' budget is untouched: plain GETs of the
    # session endpoint count like upgrades; past the burst the proxy answers 429 without asking a replica.
    statuses = [_get(stack, "/atlas/_stcore/stream", source="127.0.0.2")[0].status for _ in range(60)]
    assert statuses.count(429) >= 15, statuses
    assert statuses[0] != 429


def test_a_download_comes_from_the_replica_holding_the_session(stack, browser, network_guard):
    context, page = _page(browser, network_guard)
    page.goto(stack.url + "?layer=deadline&date=2021-06")
    map_frame(page)
    page.get_by_role("button", name="Download…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("radio", name="Offline HTML map").click()
    button = dialog.get_by_role("button", name=re.compile(r"^Download .*\.html$"))
    button.wait_for(timeout=60000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "atlas-data" in text
    assert info.value.suggested_filename.endswith(".html")
    context.close()
    assert not network_guard.blocked, network_guard.blocked


def test_one_replica_stops_viewers_on_the_other_carry_on_and_its_own_viewers_reopen_their_view(
    stack, browser, network_guard
):
    # Pin two viewers by route cookie, one on each replica (the consistent hash decides which).
    contexts, pages, placed, sockets = [], {}, {}, {}
    for n in range(12):
        route = f"viewer{n}"
        context, page = _page(browser, network_guard, route, stack)
        contexts.append(context)
        sockets[route] = []
        page.on("websocket", lambda ws, seen=sockets[route]: seen.append(ws.url))
        page.goto(stack.url + "?layer=clean_network&date=2020-10")
        map_frame(page)
        port = _replica_of(stack, route)
        if port not in placed:
            placed[port] = route
            pages[route] = page
        if len(placed) == 2:
            break
    assert len(placed) == 2, f"routes never reached both replicas: {placed}"
    doomed = next(r for r in stack.replicas if r.port in placed)
    survivor_route = placed[next(p for p in placed if p != doomed.port)]
    orphan_route = placed[doomed.port]
    survivor_page, orphan_page = pages[survivor_route], pages[orphan_route]

    doomed.stop()

    # The viewer on the surviving replica changes layer as if nothing happened.
    map_frame(survivor_page).get_by_text("Removal deadlines", exact=True).first.click()
    survivor_page.wait_for_url(re.compile(r"layer=deadline"), timeout=20000)
    assert len(sockets[survivor_route]) == 1  # never reconnected
    # The viewer whose replica stopped gets a new websocket (to the other replica), a new session there,
    # and that session reopens the view from the URL: a layer change keeps the linked month, 2020-10,
    # where a session started without the URL would show the latest month.
    deadline = time.monotonic() + 90
    while len(sockets[orphan_route]) < 2 and time.monotonic() < deadline:
        orphan_page.wait_for_timeout(200)
    assert len(sockets[orphan_route]) >= 2, "the orphaned page never reconnected"
    # The new session's first run reads the URL. Streamlit's page does not rerun on its own after such a
    # reconnect: the viewer's first interaction starts that run, which seeds the view from the URL (so that
    # one click is absorbed); the next one acts on the reopened view, which kept the linked month.
    frame = map_frame(orphan_page)
    frame.wait_for_selector(".atlas-map[data-layer='clean_network'][data-date='2020-10']", state="attached")
    for _ in range(3):
        frame.get_by_text("Removal deadlines", exact=True).first.click()
        with contextlib.suppress(PlaywrightTimeout):
            orphan_page.wait_for_url(re.compile(r"layer=deadline"), timeout=15000)
        if "layer=deadline" in orphan_page.url:
            break
        orphan_page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)
    assert "layer=deadline" in orphan_page.url and "date=2020-10" in orphan_page.url, orphan_page.url
    # Its requests now reach the surviving replica (the old websocket's line, logged when it closed, may
    # come later in the log, so look for any line of this route served by the survivor).
    log = (stack.prefix / "access.log").read_text(encoding="utf-8")
    survivor_port = next(p for p in placed if p != doomed.port)
    assert re.search(rf"upstream=(127\.0\.0\.1:\d+, )?127\.0\.0\.1:{survivor_port} route={orphan_route}\b", log)
    for context in contexts:
        context.close()
    assert not network_guard.blocked, network_guard.blocked
