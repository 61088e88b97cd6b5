"""Story mode in a real browser: a shared story link, stepped with clicker keys, the map never rebuilt."""

from __future__ import annotations

import json

import pytest

from geo.story import STORIES_DIR
from tests.mapdriver import map_frame, wait_for_date

pytestmark = pytest.mark.browser

STEPS = json.loads((STORIES_DIR / "oct2020.json").read_text(encoding="utf-8"))["steps"]


def shown(page, frame) -> tuple[str, str, str, str]:
    step = page.locator(".story-step")
    return (step.get_attribute("data-step"), step.get_attribute("data-month"),
            frame.evaluate("() => document.querySelector('.atlas-map').getAttribute('data-date')"),
            page.locator(".story-caption").inner_text())


def wait_for_step(page, n: int) -> None:
    page.wait_for_selector(f".story-step[data-step='{n}']", timeout=20000)


def test_story_link_steps_with_page_down_without_rebuilding_the_map(app_server, page):
    page.goto(f"{app_server.url}/Story?story=oct2020")
    frame = map_frame(page)
    wait_for_step(page, 1)
    frame.evaluate("() => { window.__sameDocument = true; window.atlas.__sameMap = true; }")
    leaflet = frame.evaluate("() => window.atlas.map._leaflet_id")
    for n in (2, 3, 4):
        page.keyboard.press("PageDown")
        wait_for_step(page, n)
        expected = STEPS[n - 1]
        wait_for_date(frame, expected["month"])
        number, month, drawn, caption = shown(page, frame)
        assert (number, month, drawn) == (str(n), expected["month"], expected["month"])
        assert caption == expected["caption"]
        assert frame.evaluate("() => window.__sameDocument === true && window.atlas.__sameMap === true")
        assert frame.evaluate("() => window.atlas.map._leaflet_id") == leaflet, "the Leaflet map is the same object"
        wanted = expected.get("highlight", [])
        outlined = frame.evaluate("(codes) => codes.map(c => window.atlas.layersByIso[c][0].options.weight)", wanted)
        assert outlined == [3] * len(wanted), "every highlighted state of the step is outlined"
    page.wait_for_function("() => location.search.includes('step=4')", timeout=10000)
    assert "story=oct2020" in page.url, "the address bar reopens this step"


def test_other_clicker_keys_and_the_layer_change(app_server, page):
    page.goto(f"{app_server.url}/Story?story=oct2020&step=3")
    frame = map_frame(page)
    wait_for_step(page, 3)
    page.keyboard.press("Space")
    wait_for_step(page, 4)
    frame.wait_for_function("() => window.atlas.fillOf('SWE') === '#b30000'", timeout=20000)
    page.keyboard.press("ArrowRight")
    wait_for_step(page, 5)
    page.keyboard.press("PageUp")
    wait_for_step(page, 4)
    page.keyboard.press("ArrowLeft")
    wait_for_step(page, 3)


def test_page_down_still_steps_after_a_click_on_the_map(app_server, page):
    page.goto(f"{app_server.url}/Story?story=oct2020&step=2")
    map_frame(page)
    wait_for_step(page, 2)
    page.frame_locator("iframe[title*='atlas_map']").locator("#map").click(position={"x": 40, "y": 200})
    page.keyboard.press("PageDown")
    wait_for_step(page, 3)
    page.keyboard.press("PageUp")
    wait_for_step(page, 2)


def test_a_damaged_story_link_says_so(app_server, page):
    page.goto(f"{app_server.url}/Story?story=1nonsense!!")
    page.get_by_text("could not be opened").wait_for(timeout=30000)
    wait_for_step(page, 1)
