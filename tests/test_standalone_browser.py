"""The standalone HTML map, opened from disk in headless Chromium with every network request refused.

Made by the CLI exactly as a user makes it; the page may load only itself. It must draw, step the
month with its slider, play, and name sources in its tooltips.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.cli import main

pytestmark = pytest.mark.browser

SWEDEN = (62.5, 15.5)
EXTERNAL_REF = re.compile(r"""(?:src|href)\s*=\s*\\?["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def html_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("standalone") / "atlas.html"
    code = main(["export", "--layer", "restriction", "--date", "2020-01", "--format", "html", "--out", str(out)])
    assert code == 0
    return out


@pytest.fixture
def offline_page(browser, html_file):
    """The page from file://, with every request other than the page itself aborted and recorded."""
    url = html_file.resolve().as_uri()
    attempted: list[str] = []

    def route(r) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20000)
    yield page
    context.close()
    assert not errors, f"script errors: {errors}"
    assert not attempted, f"the offline page tried to load: {attempted}"


def set_month(page, month: str) -> None:
    index = page.evaluate("m => JSON.parse(document.getElementById('atlas-data').textContent).months.indexOf(m)", month)
    assert index >= 0, f"{month} not in the page's timeline"
    page.evaluate(
        "i => { const s = document.getElementById('month'); s.value = String(i);"
        " s.dispatchEvent(new Event('input', {bubbles: true})); }",
        index,
    )
    page.wait_for_selector(f".atlas-map[data-date='{month}']", state="attached", timeout=5000)


def test_map_draws_offline(offline_page):
    page = offline_page
    assert page.locator(".leaflet-overlay-pane path").count() >= 50
    assert page.locator(".atlas-legend-row").count() >= 5
    assert page.locator(".atlas-map").get_attribute("data-layer") == "restriction"
    assert page.locator(".atlas-map").get_attribute("data-date") == "2020-01"


def test_slider_changes_swedens_fill_between_2020_and_2021(offline_page):
    page = offline_page
    set_month(page, "2020-01")
    before = page.evaluate("window.atlas.fillOf('SWE')")
    assert page.locator("#month-label").inner_text() == "Jan 2020"
    set_month(page, "2021-01")
    after = page.evaluate("window.atlas.fillOf('SWE')")
    assert page.locator("#month-label").inner_text() == "Jan 2021"
    assert before and after and before != after


def test_alliance_filter_fades_non_members_on_the_shown_month(offline_page):
    page = offline_page
    set_month(page, "2021-01")
    page.locator("input[name=alliance][value=NATO]").check()
    assert page.evaluate("window.atlas.view.countries.SWE.f") == 1  # Sweden joined NATO in 2024
    assert page.evaluate("window.atlas.view.countries.POL.f") is None
    set_month(page, "2024-06")
    assert page.evaluate("window.atlas.view.countries.SWE.f") is None
    page.locator("input[name=alliance][value=NATO]").uncheck()
    set_month(page, "2021-01")
    assert page.evaluate("window.atlas.view.countries.SWE.f") is None


def test_keyboard_steps_the_slider(offline_page):
    page = offline_page
    set_month(page, "2020-01")
    page.locator("#month").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(".atlas-map[data-date='2020-02']", state="attached", timeout=5000)


def test_play_advances_the_month(offline_page):
    page = offline_page
    set_month(page, "2020-01")
    page.locator("#play").click()
    page.wait_for_function(
        "() => document.querySelector('.atlas-map').getAttribute('data-date') > '2020-01'", timeout=5000
    )
    assert "Pause" in page.locator("#play").inner_text()
    page.locator("#play").click()
    assert "Play" in page.locator("#play").inner_text()


def test_tooltip_names_a_source(offline_page):
    page = offline_page
    set_month(page, "2021-01")
    x, y = page.evaluate(
        "([a, b]) => { const p = window.atlas.map.latLngToContainerPoint([a, b]);"
        " const r = document.getElementById('map').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
        list(SWEDEN),
    )
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    text = page.wait_for_selector(".atlas-tip", timeout=5000).inner_text()
    assert "Sweden" in text
    assert "Source:" in text


def outside_sources(html_file: Path) -> str:
    text = html_file.read_text(encoding="utf-8")
    sources = re.search(r"<details>.*?</details>", text, re.DOTALL)
    return text.replace(sources.group(0), "") if sources else text


def test_file_references_nothing_on_the_network(html_file):
    outside = outside_sources(html_file)
    assert not EXTERNAL_REF.findall(outside), [m.group(0) for m in EXTERNAL_REF.finditer(outside)][:5]
    assert 'src="http' not in outside and 'href="http' not in outside
    print(f"standalone HTML: {html_file.stat().st_size:,} bytes")
