"""The analyst pages in real Chromium, reached through the app's own multipage URLs."""

from __future__ import annotations

import pytest

from geo import analysis
from geo.policy import load_policy
from tests.mapdriver import map_frame, wait_for_date
from ui import controls

pytestmark = pytest.mark.browser

APP_SCRIPT = "app.py"


def test_compare_page_shows_sweden_among_changed_states(app_server, page):
    page.goto(f"{app_server.url}/Compare?from=2020-09&to=2020-11&layer=restriction")
    page.get_by_role("heading", name="Compare two dates").wait_for(timeout=30000)
    page.get_by_text("Sweden:", exact=False).first.wait_for(timeout=30000)
    frame = map_frame(page)
    frame.wait_for_function("() => window.atlas && window.atlas.view && window.atlas.view.countries.SWE", timeout=20000)
    assert frame.evaluate("window.atlas.view.countries.SWE.f === undefined")
    assert frame.evaluate("window.atlas.view.countries.ALB.f") == 1
    assert "from=2020-09" in page.url and "to=2020-11" in page.url and "/Compare" in page.url


def test_data_page_csv_download_equals_the_table_for_the_url_filters(app_server, page, tmp_path):
    page.goto(f"{app_server.url}/Data_and_sources?layer=restriction&date=2021-01&alliance=NATO")
    page.get_by_role("heading", name="Data & sources").wait_for(timeout=30000)
    button = page.get_by_role("button", name="Download CSV").first
    button.wait_for(timeout=30000)
    with page.expect_download(timeout=30000) as info:
        button.click()
    path = tmp_path / "shown.csv"
    info.value.save_as(path)
    downloaded = analysis.read_csv_bytes(path.read_bytes())
    expected = analysis.state_table(load_policy(), "restriction", controls.month_date("2021-01"), ["NATO"])
    assert downloaded.equals(expected)
    assert len(downloaded) < 50


def test_profile_page_from_a_shared_link(app_server, page):
    page.goto(f"{app_server.url}/Country_profile?country=SWE&date=2021-01")
    page.get_by_role("heading", name="Sweden").wait_for(timeout=30000)
    page.get_by_text("Chronology").first.wait_for(timeout=30000)
    links = page.locator("a[href^='http']")
    links.first.wait_for(timeout=30000)
    assert links.count() >= 1
    assert "country=SWE" in page.url


def _go(page, label: str) -> None:
    """Follow a sidebar link (opening the sidebar first when it is collapsed)."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.count() and expand.is_visible():
        expand.click()
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=label).first.click()


def test_filters_and_date_carry_across_pages_and_back(app_server, page):
    page.goto(f"{app_server.url}/?layer=deadline&date=2021-01&alliance=NATO")
    map_frame(page)
    for link, heading in [("Data & sources", "Data & sources"), ("Compare two dates", "Compare two dates"),
                          ("Country profile", "Country profile"), ("Chronology", "Chronology")]:
        _go(page, link)
        page.get_by_role("heading", name=heading).first.wait_for(timeout=30000)
        page.wait_for_function("() => location.search.includes('layer=deadline')", timeout=20000)
        assert "date=2021-01" in page.url and "alliance=NATO" in page.url, (link, page.url)
    _go(page, "Map")
    frame = map_frame(page)
    wait_for_date(frame, "2021-01")
    assert frame.locator(".atlas-map").get_attribute("data-layer") == "deadline"
    assert "date=2021-01" in page.url and "alliance=NATO" in page.url
