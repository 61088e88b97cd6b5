"""Shared fixtures: the browser harness (see tests/browser.py) and data locations."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser import ARTIFACTS, CHROMIUM_ARGS, AppServer, NetworkGuard, start_app, system_chromium


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def app_server(request) -> Iterator[AppServer]:
    """One app server per test module: the module's APP_SCRIPT (default app.py) and APP_ENV."""
    script = getattr(request.module, "APP_SCRIPT", "app.py")
    env = getattr(request.module, "APP_ENV", None)
    server = start_app(script, env)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(headless=True, executable_path=system_chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _new_guarded_page(browser, guard: NetworkGuard, **context_options):
    context = browser.new_context(**context_options)
    context.route("**/*", guard.handle)
    page = context.new_page()
    page.on("dialog", lambda dialog: guard.blocked.append(f"dialog:{dialog.type}:{dialog.message}"))
    return context, page


@pytest.fixture
def network_guard() -> NetworkGuard:
    return NetworkGuard()


@pytest.fixture
def page(request, browser, network_guard):
    """A fresh page whose non-local requests are aborted; the test fails if any was attempted."""
    context, pg = _new_guarded_page(browser, network_guard, viewport={"width": 1280, "height": 900})
    yield pg
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed or network_guard.blocked:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert not network_guard.blocked, f"non-local requests or dialogs attempted: {network_guard.blocked}"
