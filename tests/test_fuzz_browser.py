"""URL fuzz in a real browser, deep links to every page included: 0 exceptions, at most one notice per
parameter, 0 console errors (no 404 for `/<Page>/_stcore/health` either: see `ui/launch.py`).

`make test` loads ATLAS_FUZZ_BROWSER_N (default 1) generated URLs plus one deep link per page;
`make fuzz` loads 40.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from tests.fuzzurls import PAGES, notice_param, params_of, query_strings

pytestmark = pytest.mark.browser
N = int(os.environ.get("ATLAS_FUZZ_BROWSER_N", "1"))
PATHS = list(PAGES.values())
DEEP_LINKS = [f"/{p}" for p in PATHS] + [
    "/Country_profile?country=SWE&layer=deadline",
    "/Compare?from=2020-01&to=2021-06",
]
FUZZED = [f"/{PATHS[i % len(PATHS)]}?{q}" for i, q in enumerate(query_strings(N, seed=40))]


def load(page, url: str) -> dict:
    """Load `url` and report what the browser logged and what the page shows."""
    errors: list[str] = []
    handlers = (
        ("console", lambda m: errors.append(m.text) if m.type == "error" else None),
        ("pageerror", lambda e: errors.append(str(e))),
        ("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None),
    )
    for event, handler in handlers:
        page.on(event, handler)
    page.goto(url)
    page.locator("h1, [data-testid='stToast'], .atlas-present-title").first.wait_for(timeout=45000)
    page.wait_for_timeout(1200)
    boxes = page.locator("[data-testid='stAlert'], [data-testid='stToast']")
    notices = [n.inner_text() for n in boxes.all()]
    markup = boxes.locator(":is(strong, em, a, img, code, b, i)").count()
    exceptions = page.locator("[data-testid='stException']").count()
    for event, handler in handlers:
        page.remove_listener(event, handler)
    return {"errors": errors, "notices": notices, "exceptions": exceptions, "markup": markup}


def test_deep_links_and_fuzzed_urls(app_server, page):
    failures = []
    for path in DEEP_LINKS + FUZZED:
        seen = load(page, app_server.url + path)
        given = params_of(path.partition("?")[2])
        per_param = Counter(notice_param(n) for n in seen["notices"])
        if seen["errors"] or seen["exceptions"]:
            failures.append((path[:100], seen["errors"], seen["exceptions"]))
        if any(n > 1 for name, n in per_param.items() if name) or any(name not in given for name in per_param if name):
            failures.append((path[:100], "notices", seen["notices"]))
        if seen["markup"]:
            failures.append((path[:100], "markup in notice", seen["notices"]))
    print(f"browser fuzz: {len(DEEP_LINKS) + len(FUZZED)} URLs, {len(failures)} failures")
    assert not failures, failures[:5]
