"""The map page in real Chromium: painted states, a repaint without reload, tooltips, shareable links."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser import ROOT
from tests.mapdriver import MAP_IFRAME, fill_of, hover_tooltip, map_frame, point_of, wait_for_date

pytestmark = pytest.mark.browser

SWEDEN = (62.5, 15.5)


@pytest.fixture(scope="module")
def in_scope() -> list[str]:
    return pd.read_csv(ROOT / "data" / "countries.csv")["iso3"].tolist()


def test_every_state_has_a_painted_shape_or_marker(app_server, page, in_scope):
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    painted = frame.evaluate(
        """isos => isos.filter(iso => {
            const polys = (window.atlas.layersByIso[iso] || []).filter(l => l._path && l._path.getAttribute('d'));
            const marker = window.atlas.markers[iso];
            return polys.length > 0 || (marker && marker._path);
        })""",
        in_scope,
    )
    assert sorted(painted) == sorted(in_scope)
    assert frame.locator(".leaflet-overlay-pane path").count() >= 50


def test_slider_step_repaints_sweden_without_rebuilding_the_map(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2020-01")
    frame = map_frame(page)
    wait_for_date(frame, "2020-01")
    before = fill_of(frame, "SWE")
    frame.evaluate("window.__sameMap = window.atlas.map; window.atlas.map.setZoom(5, {animate: false})")
    thumb = frame.get_by_role("slider", name="Month")
    thumb.focus()
    for _ in range(12):
        thumb.press("ArrowRight")
    wait_for_date(frame, "2021-01")
    after = fill_of(frame, "SWE")
    assert before != after
    assert frame.evaluate("window.__sameMap === window.atlas.map")
    assert frame.evaluate("window.atlas.map.getZoom()") == 5
    # The month then reaches the server: the summary and the shareable URL follow.
    page.wait_for_function("() => location.search.includes('date=2021-01')", timeout=20000)
    page.get_by_text("What changed in Jan 2021").wait_for(timeout=20000)
    assert frame.evaluate("window.__sameMap === window.atlas.map")


def test_play_steps_month_by_month_and_pauses(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2020-01")
    frame = map_frame(page)
    wait_for_date(frame, "2020-01")
    frame.get_by_role("button", name="Play").click()
    wait_for_date(frame, "2020-02", timeout=10000)
    wait_for_date(frame, "2020-03", timeout=10000)
    frame.get_by_role("button", name="Pause").click()
    stopped_at = frame.locator(".atlas-map").get_attribute("data-date")
    page.wait_for_timeout(1600)
    assert frame.locator(".atlas-map").get_attribute("data-date") == stopped_at
    page.wait_for_function(f"() => location.search.includes('date={stopped_at}')", timeout=20000)


def test_play_from_today_starts_over_at_the_first_month(app_server, page):
    page.goto(f"{app_server.url}/?layer=deadline")
    frame = map_frame(page)
    first = frame.evaluate("window.atlasBar.months[0]")
    frame.get_by_role("button", name="Play").click()
    wait_for_date(frame, frame.evaluate("window.atlasBar.months[1]"), timeout=10000)
    frame.get_by_role("button", name="Pause").click()
    assert first < frame.locator(".atlas-map").get_attribute("data-date")


def test_tooltip_over_sweden_names_its_source(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    text = hover_tooltip(page, frame, *SWEDEN)
    assert "Sweden" in text
    assert "Source:" in text
    assert "Excluded" in text


def test_shared_url_restores_layer_date_alliance_and_country(app_server, page):
    page.goto(f"{app_server.url}/?layer=deadline&date=2021-01&alliance=NATO&country=SWE")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    assert frame.locator(".atlas-map").get_attribute("data-layer") == "deadline"
    assert frame.locator(".atlas-map").get_attribute("data-selected") == "SWE"
    page.get_by_role("heading", name="Sweden").wait_for(timeout=20000)
    assert frame.get_by_role("checkbox", name="NATO", exact=True).is_checked()
    assert not frame.get_by_role("checkbox", name="EEA", exact=True).is_checked()
    assert frame.get_by_role("slider", name="Month").get_attribute("aria-valuetext") == "Jan 2021"
    # Sweden joined NATO in 2024: on 2021-01 it is faded out of a NATO filter.
    assert frame.evaluate("window.atlas.view.countries.SWE.f") == 1
    assert frame.evaluate("window.atlas.view.countries.POL.f === undefined")


def test_click_opens_the_chronology_and_puts_the_country_in_the_url(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    x, y = point_of(page, frame, *SWEDEN)
    frame.evaluate("window.__mapBeforeClick = window.atlas.map")
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Sweden").wait_for(timeout=20000)
    assert frame.evaluate("window.__mapBeforeClick === window.atlas.map")
    assert frame.locator(".atlas-map").get_attribute("data-selected") == "SWE"
    page.wait_for_function("() => location.search.includes('country=SWE')", timeout=20000)
    page.get_by_role("link", name="Full country profile").wait_for(timeout=20000)


def test_bad_parameters_fall_back_with_a_notice(app_server, page):
    page.goto(f"{app_server.url}/?layer=vendors&date=1999-99&alliance=WARSAW&country=XYZ")
    frame = map_frame(page)
    assert frame.locator(".atlas-map").get_attribute("data-layer") == "restriction"
    alerts = page.locator("[data-testid='stAlert']")
    alerts.first.wait_for(timeout=20000)
    text = " ".join(alerts.all_inner_texts())
    for bit in ("Unknown layer", "Date", "Unknown alliance", "Unknown country"):
        assert bit in text


def test_phone_width_map_is_full_width_below_controls(app_server, browser, network_guard):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("**/*", network_guard.handle)
    phone = context.new_page()
    try:
        phone.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
        frame = map_frame(phone)
        frame_box = phone.locator("iframe[src*='atlas_map']").bounding_box()
        layer_box = frame.get_by_text("Removal deadlines").first.bounding_box()
        pill_box = frame.get_by_text("EU candidates").first.bounding_box()
        slider_box = frame.get_by_role("slider", name="Month").bounding_box()
        map_box = frame.locator(".atlas-map").bounding_box()
        assert frame_box["width"] >= 340
        assert layer_box["y"] < map_box["y"] < slider_box["y"]
        right = frame_box["x"] + frame_box["width"]
        assert layer_box["x"] + layer_box["width"] <= right, "controls wrap instead of being cut"
        assert pill_box["x"] + pill_box["width"] <= right
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 392
    finally:
        context.close()
    assert network_guard.blocked == []


def test_every_state_can_be_hovered_microstates_included(app_server, page):
    """Hover a point inside each state (a microstate's dot) and read the state's name in the tooltip."""
    from shapely.geometry import Point
    from shapely.ops import unary_union

    from geo.shapes import load_shapes, microstate_points

    shapes = load_shapes()
    micro = microstate_points(shapes)
    names = dict(pd.read_csv(ROOT / "data" / "countries.csv")[["iso3", "name"]].itertuples(index=False))
    dots = unary_union([Point(lon, lat).buffer(1.5) for lat, lon in micro.values()])
    inside = {}
    for row in shapes.itertuples():
        if row.iso3 in names:
            rest = row.geometry.difference(dots)
            point = (rest if not rest.is_empty else row.geometry).representative_point()
            inside[row.iso3] = (point.y, point.x)
    points = {**inside, **micro}
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{app_server.url}/?layer=clean_network&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    sea = point_of(page, frame, 45.0, -20.0)
    missing = []
    for iso3, name in sorted(names.items()):
        page.mouse.move(*sea)
        x, y = point_of(page, frame, *points[iso3])
        page.mouse.move(x, y)
        try:
            frame.locator(".atlas-tip", has_text=name).first.wait_for(timeout=3000)
        except PlaywrightError:
            missing.append((iso3, " | ".join(frame.locator(".atlas-tip").all_inner_texts())[:60]))
    assert missing == [], "\n".join(map(str, missing))


def test_layer_and_filter_changes_restyle_the_same_map(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    frame.evaluate("window.__sameMap = window.atlas.map; window.atlas.map.setView([50, 10], 5, {animate: false})")
    before = fill_of(frame, "SWE")
    frame.get_by_text("Removal deadlines", exact=True).click()
    frame.wait_for_selector(".atlas-map[data-layer='deadline']", state="attached", timeout=20000)
    assert fill_of(frame, "SWE") != before
    frame.get_by_text("NATO", exact=True).click()
    frame.wait_for_function("() => window.atlas.view.countries.SWE.f === 1", timeout=20000)
    assert frame.evaluate("window.__sameMap === window.atlas.map")
    assert frame.evaluate("window.atlas.map.getZoom()") == 5
    page.wait_for_function("() => location.search.includes('alliance=NATO')", timeout=20000)
    page.wait_for_function("() => location.search.includes('layer=deadline')", timeout=20000)


def test_presentation_view_opens_and_exits(app_server, page):
    page.goto(f"{app_server.url}/?layer=restriction&date=2021-01")
    map_frame(page)
    page.get_by_role("button", name="Presentation view").click()
    page.wait_for_function("() => location.search.includes('present=1')", timeout=20000)
    page.get_by_role("button", name="Presentation view").wait_for(state="detached", timeout=20000)
    page.wait_for_function(
        "() => { const f = document.querySelector(\"iframe[src*='atlas_map']\");"
        " const b = f && f.contentDocument && f.contentDocument.body;"
        " return !!(b && b.classList.contains('atlas-present')); }",
        timeout=30000,
    )
    frame = map_frame(page)
    legend_size = frame.evaluate("parseFloat(getComputedStyle(document.querySelector('.atlas-legend')).fontSize)")
    assert legend_size >= 16
    # A presenter exports the slide on screen without leaving the presentation.
    frame.get_by_role("button", name="Download slide…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Export this view").wait_for(timeout=20000)
    dialog.get_by_role("button", name="Download huawei-zte-restrictions-2021-01.png").wait_for(timeout=30000)
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached", timeout=20000)
    assert "present=1" in page.url and page.get_by_role("button", name="Presentation view").count() == 0
    frame = map_frame(page)
    frame.get_by_role("button", name="Exit presentation").click()
    page.get_by_role("button", name="Presentation view").wait_for(timeout=20000)
