"""WCAG 2.2 A/AA in real Chromium: axe-core on every page and view at desktop and phone widths, a
keyboard-only journey, and the map's text alternative and live region.

axe-core comes from the npm package (`make test` installs it into `.cache/npm`, git-ignored) and is
injected from disk: nothing is fetched from a CDN.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.cli import main
from tests.browser import ROOT
from tests.mapdriver import MAP_IFRAME, map_frame, wait_for_date

pytestmark = pytest.mark.browser

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                          iframes: false});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => [v.id, v.impact,
               v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.slice(0, 160))]);
}"""
VIEWS = [
    ("map", "/?layer=restriction&date=2021-01"),
    ("map-filtered-country", "/?layer=deadline&date=2021-01&alliance=NATO&country=SWE"),
    ("presentation", "/?layer=restriction&date=2021-01&present=1"),
    ("profile", "/Country_profile?country=SWE&date=2021-01"),
    ("chronology", "/Chronology?country=SWE"),
    ("compare", "/Compare?from=2020-09&to=2020-11&layer=restriction"),
    ("data", "/Data_and_sources?layer=restriction&date=2021-01"),
]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def axe_path() -> Path:
    if not AXE.exists():
        pytest.fail("axe-core missing: run `make test` (it installs the pinned npm package into .cache/npm)")
    return AXE


def _axe(target, axe_path: Path) -> list:
    target.add_script_tag(path=str(axe_path))
    return target.evaluate(RUN_AXE, TAGS)


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize(("name", "path"), VIEWS, ids=[v[0] for v in VIEWS])
def test_no_serious_wcag_violations(app_server, browser, network_guard, axe_path, name, path, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", network_guard.handle)
    page = context.new_page()
    try:
        page.goto(app_server.url + path)
        page.wait_for_selector("[data-testid='stMainBlockContainer'] h1, [data-testid='stMainBlockContainer'] h2, "
                               + MAP_IFRAME, state="attached", timeout=45000)
        frames = []
        if page.locator(MAP_IFRAME).count():
            frames.append(map_frame(page))
        page.wait_for_timeout(1500)
        found = {"page": _axe(page, axe_path)}
        for i, frame in enumerate(frames):
            found[f"map{i}"] = _axe(frame, axe_path)
        assert {k: v for k, v in found.items() if v} == {}
    finally:
        context.close()
    assert network_guard.blocked == []


@pytest.mark.parametrize("size", sorted(SIZES))
def test_offline_html_has_no_serious_wcag_violations(browser, axe_path, tmp_path, size):
    out = tmp_path / "atlas.html"
    assert main(["export", "--layer", "restriction", "--date", "2021-01", "--format", "html", "--out", str(out)]) == 0
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(out.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30000)
        page.locator("#atlas-table summary").click()
        assert _axe(page, axe_path) == []
    finally:
        context.close()


def test_text_alternative_follows_the_month_and_the_live_region_speaks(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    frame.get_by_text("The map as a table").click()
    sweden = frame.locator(".atlas-table tr", has=frame.locator("th", has_text="Sweden"))
    assert "Excluded" in sweden.inner_text()
    slider = frame.get_by_role("slider", name="Month")
    slider.focus()
    for _ in range(4):
        slider.press("ArrowLeft")
    wait_for_date(frame, "2020-09")
    assert "Excluded" not in sweden.inner_text()
    assert "Sep 2020" in frame.locator("caption").inner_text()
    live = frame.locator(".atlas-live")
    assert live.inner_text().startswith("Sep 2020. ")
    assert "restrict Huawei/ZTE" in live.inner_text()
    assert "Sep 2020" in frame.locator(".atlas-map").get_attribute("aria-label")


def test_keyboard_only_journey(app_server, page):
    """No mouse: deadline layer, NATO filter, January 2021, Sweden's chronology from the map, Compare, back."""
    page.goto(f"{app_server.url}/?layer=restriction&date=2020-06")
    frame = map_frame(page)
    wait_for_date(frame, "2020-06")

    def tab_to(check, limit=60, back=False):
        for _ in range(limit):
            page.keyboard.press("Shift+Tab" if back else "Tab")
            if check():
                return
        raise AssertionError("focus never got there")

    def focused_in_frame(js):
        return frame.evaluate(f"() => {{ const a = document.activeElement; return !!a && ({js}); }}")

    tab_to(lambda: focused_in_frame("a.name === 'layer'"))
    while not focused_in_frame("a.value === 'deadline'"):
        page.keyboard.press("ArrowRight")
    frame.wait_for_selector(".atlas-map[data-layer='deadline']", state="attached")
    tab_to(lambda: focused_in_frame("a.value === 'NATO'"))
    page.keyboard.press("Space")
    assert frame.get_by_role("checkbox", name="NATO").is_checked()
    tab_to(lambda: focused_in_frame("a.id === 'month'"))
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    wait_for_date(frame, "2021-01")
    assert frame.evaluate("window.atlas.view.countries.SWE.f") == 1  # Sweden was not in NATO in 2021
    tab_to(lambda: focused_in_frame("a.classList.contains('atlas-map')"), back=True)
    page.keyboard.press("s")
    while frame.locator(".atlas-map").get_attribute("data-focus") != "SWE":
        page.keyboard.press("ArrowRight")
    frame.locator(".atlas-tip", has_text="Sweden").wait_for(timeout=5000)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Sweden").wait_for(timeout=20000)
    page.get_by_role("link", name="Full country profile").wait_for(timeout=20000)
    page.keyboard.press("Escape")
    compare = "(a => !!a && a.tagName === 'A' && a.href.includes('/Compare'))(document.activeElement)"
    tab_to(lambda: page.evaluate(compare), back=True, limit=80)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Compare two dates").wait_for(timeout=30000)
    page.go_back()
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    assert frame.locator(".atlas-map").get_attribute("data-layer") == "deadline"


def test_reflow_at_320_css_pixels_and_200_percent_zoom(app_server, browser, network_guard):
    """400 % zoom of a 1280 px window is a 320 px wide page; 200 % of 1280×720 is 640×360: no sideways
    scrolling, and the map, its legend and its timeline are still there."""
    for width, height in ((320, 256 * 2), (640, 360)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", network_guard.handle)
        page = context.new_page()
        try:
            page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
            frame = map_frame(page)
            wait_for_date(frame, "2021-01")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert frame.evaluate("document.documentElement.scrollWidth") <= frame.evaluate("innerWidth")
            for part in (".atlas-map", ".atlas-legend", "#month"):
                box = frame.locator(part).bounding_box()
                assert box and box["width"] > 0 and box["height"] > 0, part
        finally:
            context.close()
    assert network_guard.blocked == []


def test_reduced_motion_turns_animation_off(app_server, browser, network_guard):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    context.route("**/*", network_guard.handle)
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
        frame = map_frame(page)
        wait_for_date(frame, "2021-01")
        assert frame.evaluate("window.atlas.map.options.zoomAnimation") is False
        assert frame.evaluate("window.atlasBar.timer") is None  # play never starts by itself
        page.wait_for_timeout(1500)
        assert frame.locator(".atlas-map").get_attribute("data-date") == "2021-01"
    finally:
        context.close()
    assert network_guard.blocked == []
