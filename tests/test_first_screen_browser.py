"""The first screen at common sizes: Europe framed and visible, no layout shift, no sideways scroll;
presentation view fits the screen; readable tooltips; a timeline with "today"; the summary never lags."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from geo import summary, timeline
from geo.policy import load_policy
from tests.browser import ARTIFACTS
from tests.mapdriver import MAP_IFRAME, hover_tooltip, map_frame, wait_for_date

pytestmark = pytest.mark.browser

UK = (52.8, -1.6)
FIGURES = ARTIFACTS / "first-screen-figures.json"

CLS_INIT = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) {
    window.__cls += e.value;
    const named = s => s.node && s.node.nodeType === 1
      ? (s.node.getAttribute('data-testid') || s.node.className || s.node.tagName) + ' ' + Math.round(s.previousRect.y)
        + '->' + Math.round(s.currentRect.y) : '?';
    window.__shifts.push([Math.round(e.startTime), +e.value.toFixed(4), e.sources.map(named)]);
  }
}).observe({type: 'layout-shift', buffered: true});
"""

# Europe's frame (Iceland to Cyprus, Portugal to the Caucasus) in page pixels, and how much of it is on screen.
VISIBLE_JS = """([w, h]) => {
  const frame = document.querySelector("iframe[src*='atlas_map']");
  const f = frame.getBoundingClientRect();
  const win = frame.contentWindow;
  const map = win.atlas.map, box = map.getContainer().getBoundingClientRect();
  const nw = map.latLngToContainerPoint([71.3, -24.6]), se = map.latLngToContainerPoint([34.4, 50.5]);
  const x0 = f.left + box.left + nw.x, x1 = f.left + box.left + se.x;
  const y0 = f.top + box.top + nw.y, y1 = f.top + box.top + se.y;
  const cx0 = Math.max(x0, 0, f.left + box.left), cx1 = Math.min(x1, w, f.left + box.right);
  const cy0 = Math.max(y0, 0, f.top + box.top), cy1 = Math.min(y1, h, f.top + box.bottom);
  const shown = Math.max(0, cx1 - cx0) * Math.max(0, cy1 - cy0);
  return {fraction: shown / ((x1 - x0) * (y1 - y0)), mapTop: Math.round(f.top + box.top),
          scrollWidth: document.documentElement.scrollWidth};
}"""

SIZES = [(1280, 720), (1366, 768), (1440, 900), (1920, 1080), (390, 844), (844, 390)]


def _figures() -> dict:
    return json.loads(FIGURES.read_text()) if FIGURES.exists() else {}


def _record(key: str, value) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figures = _figures()
    figures[key] = value
    FIGURES.write_text(json.dumps(figures, indent=1, sort_keys=True))


def _context(browser, guard, width, height):
    phone = width < 500 or height < 500
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    context.route("**/*", guard.handle)
    return context


def _first_screen(browser, guard, url, width, height) -> dict:
    """One fresh load: Europe's visible fraction, CLS, where the map starts, the page's width."""
    context = _context(browser, guard, width, height)
    page = context.new_page()
    try:
        page.add_init_script(CLS_INIT)
        page.goto(url)
        frame = map_frame(page)
        wait_for_date(frame, "2021-01")
        page.wait_for_timeout(2500)
        seen = page.evaluate(VISIBLE_JS, [width, height])
        seen["cls"] = page.evaluate("window.__cls")
        seen["shifts"] = [s for s in page.evaluate("window.__shifts") if s[1] > 0.01]
        if width < 500:
            legend = frame.locator(".atlas-legend").bounding_box()
            seen["legend_top"] = page.locator(MAP_IFRAME).bounding_box()["y"] + legend["y"]
            seen["touch"] = frame.evaluate("getComputedStyle(window.atlas.map.getContainer()).touchAction")
        return seen
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_europe_fills_the_first_screen_without_shifting(app_server, browser, network_guard, width, height):
    """Two fresh loads, as the issue measured, both within CLS 0.1: the boot script hides the map page
    before Streamlit draws anything (`ui.firstpaint`), so a busy machine no longer lets the title and
    links draw, then move, before the page CSS arrives."""
    url = f"{app_server.url}/?layer=restriction&date=2021-01"
    runs = [_first_screen(browser, network_guard, url, width, height) for _ in range(2)]
    seen = runs[0]
    _record(f"{width}x{height}", {"visible": round(seen["fraction"], 3), "cls": [round(r["cls"], 4) for r in runs],
                                  "map_top": seen["mapTop"]})
    if height >= 500:
        assert min(r["fraction"] for r in runs) >= 0.9, runs
    assert max(r["cls"] for r in runs) <= 0.1, [r["shifts"] for r in runs]
    assert max(r["scrollWidth"] for r in runs) <= width
    if width < 500:
        assert seen["legend_top"] < height, "the colour key is on the first screen"
        assert seen["touch"] != "none", "one finger scrolls the page over the map"
    assert network_guard.blocked == []


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768), (1920, 1080), (2560, 1440)])
def test_presentation_view_fits_without_scrolling(app_server, browser, network_guard, width, height):
    context = _context(browser, network_guard, width, height)
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?layer=restriction&date=2021-01&alliance=NATO&alliance=EU&present=1")
        frame = map_frame(page)
        wait_for_date(frame, "2021-01")
        page.wait_for_timeout(1000)
        doc = page.evaluate("document.documentElement.scrollHeight")
        _record(f"present-{width}x{height}", {"doc_height": doc})
        assert doc <= height
        assert frame.locator(".leaflet-control-zoom").is_hidden()
        assert frame.get_by_text("Jan 2021", exact=True).filter(visible=True).count() == 1
        assert frame.locator(".atlas-filter-words").inner_text() == "Members of both NATO and the EU"
        assert "members of both NATO and the EU restrict" in frame.locator(".atlas-headline").inner_text()
        for thing in (frame.get_by_role("button", name="Exit presentation"), frame.locator(".atlas-timeline"),
                      frame.locator(".atlas-mark-end")):
            box = thing.bounding_box()
            assert box["y"] + box["height"] <= height, "everything is on screen, not cut at the bottom"
    finally:
        context.close()
    assert network_guard.blocked == []


def test_uk_tooltip_on_the_deadline_layer_is_readable(app_server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/?layer=deadline&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    text = hover_tooltip(page, frame, *UK)
    tip = frame.locator(".atlas-tip").bounding_box()
    map_height = frame.locator(".atlas-map").bounding_box()["height"]
    _record("uk-tooltip", {"width": round(tip["width"]), "height": round(tip["height"]),
                           "map_height": round(map_height)})
    assert "United Kingdom" in text and "more deadlines" in text
    assert tip["width"] >= 180
    assert tip["height"] <= 0.6 * map_height
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", text) and not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_play_stops_at_today_and_the_summary_never_lags(app_server, page):
    policy = load_policy()
    months = timeline.months(policy)
    today = timeline.default_month(policy)
    start = months[months.index(today) - 6]
    page.goto(f"{app_server.url}/?layer=restriction&date={start}")
    frame = map_frame(page)
    wait_for_date(frame, start)
    frame.evaluate("""() => {
        window.__lags = []; window.__reports = 0;
        const app = document.getElementById('app'), head = document.querySelector('.atlas-date');
        new MutationObserver(() => {
            const shown = window.atlas.map.getContainer().getAttribute('data-date');
            if (head.textContent.indexOf(window.atlasMonthLabel(shown)) !== 0) window.__lags.push(shown);
        }).observe(app, {attributes: true, attributeFilter: ['data-month']});
        const send = window.parent.postMessage.bind(window.parent);
        window.parent.postMessage = (m, o) => { if (m && m.type === 'streamlit:setComponentValue') window.__reports++;
                                                return send(m, o); };
    }""")
    frame.get_by_role("combobox", name="Play speed").select_option("2")
    frame.get_by_role("button", name="Play").click()
    wait_for_date(frame, today, timeout=20000)
    frame.get_by_role("button", name="Play").wait_for(timeout=5000)
    page.wait_for_timeout(700)
    assert frame.evaluate("window.atlasBar.timer") is None
    assert frame.evaluate("window.__lags") == []
    assert frame.evaluate("window.__reports") == 1, "the server hears the month once, when play ends"
    page.wait_for_function(f"() => location.search.includes('date={today}')", timeout=20000)


def test_a_month_after_today_is_labelled_scheduled(app_server, page):
    policy = load_policy()
    months = timeline.months(policy)
    later = months[months.index(timeline.default_month(policy)) + 4]
    page.goto(f"{app_server.url}/?layer=deadline&date={later}")
    frame = map_frame(page)
    wait_for_date(frame, later)
    assert frame.locator("#month-label").inner_text().endswith("· scheduled")
    assert "scheduled" in frame.get_by_role("slider", name="Month").get_attribute("aria-valuetext")
    assert frame.locator(".atlas-today").is_visible()


def test_headline_and_counts_match_the_server_words(app_server, page):
    policy = load_policy()
    on = date(2021, 1, 31)
    nato_eu = timeline.members_of_all(policy, ["NATO", "EU"], on)
    states = [s for s in timeline.state_at(policy, on) if s.iso3 in nato_eu]
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01&alliance=NATO&alliance=EU")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    assert frame.locator(".atlas-headline").inner_text() == summary.headline(states, "restriction", on, ["NATO", "EU"])
    counts = {key: n for key, _, n in summary.category_counts(states, "restriction", on)}
    shown = frame.evaluate("window.atlasApp.view.counts")
    assert {k: shown.get(k, 0) for k in counts} == counts
    faded = frame.locator(".atlas-legend-row[data-key='faded']")
    assert faded.inner_text().startswith("Not in both NATO and the EU")
    assert frame.evaluate("window.atlas.fillOf('NOR')") == "#e9ecef"  # NATO, not EU: neutral grey


def test_clean_network_tells_named_states_from_signatories(app_server, page):
    page.goto(f"{app_server.url}/?layer=clean_network&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    assert frame.evaluate("window.atlas.view.countries.SWE.c") == "named"
    assert frame.evaluate("window.atlas.view.countries.POL.c") == "member"
    assert frame.evaluate("window.atlas.fillOf('SWE')") != frame.evaluate("window.atlas.fillOf('POL')")
    text = hover_tooltip(page, frame, 62.5, 15.5)
    assert "Named a Clean Country" in text


def test_toolbar_and_navigation_above_the_map(app_server, page):
    page.goto(f"{app_server.url}/?layer=deadline&date=2021-01&alliance=NATO")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    map_top = page.locator(MAP_IFRAME).bounding_box()["y"]
    nav = page.locator(".st-key-atlas_top_nav")
    for label in ("Country profile", "Chronology", "Compare", "Data & sources"):
        link = nav.get_by_role("link", name=label)
        assert link.is_visible() and link.bounding_box()["y"] < map_top
    for name in ("Presentation view", "Download", "Copy link"):
        assert page.get_by_role("button", name=name).bounding_box()["y"] < map_top
    page.get_by_role("button", name="Copy link").click()
    code = page.locator("[data-testid='stCode']").filter(visible=True).first
    code.wait_for(timeout=10000)
    link = code.inner_text()
    assert "layer=deadline" in link and "date=2021-01" in link and "alliance=NATO" in link
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Download…").click()
    page.get_by_role("dialog").get_by_text("Export this view").wait_for(timeout=20000)
