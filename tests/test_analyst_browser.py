"""The analyst pages as a person sees them: words in table headers, the locator map framing its state,
Copy link, the data package download (validated with frictionless) and the changelog feed."""

from __future__ import annotations

import json
import urllib.request
import zipfile
from xml.etree import ElementTree

import pytest

from geo import changelog, datapackage
from geo.cite import data_release
from geo.policy import load_policy
from tests.mapdriver import map_frame
from tests.test_pages_apptest import RAW_NAMES

pytestmark = pytest.mark.browser

APP_SCRIPT = "app.py"
ATOM = "{http://www.w3.org/2005/Atom}"


def _headers(page) -> list[str]:
    """Column headers of every data grid on the page, as the grid exposes them to assistive technology."""
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30000)
    page.wait_for_timeout(500)
    return page.eval_on_selector_all(
        "[data-testid='stDataFrame'] [role='columnheader']", "els => els.map(e => e.textContent.trim())"
    )


@pytest.mark.parametrize("path", [
    "/Chronology",
    "/Data_and_sources?layer=deadline&date=2024-01",
    "/Compare?from=2020-09&to=2020-11&layer=restriction",
    "/Country_profile?country=GBR&date=2021-01",
])
def test_no_raw_field_name_is_a_visible_column_header(app_server, page, path):
    page.goto(app_server.url + path)
    headers = [h for h in _headers(page) if h]
    assert headers, "the grid exposes its headers"
    for header in headers:
        assert header not in RAW_NAMES and "_" not in header, (path, header)


def _locator_extent(page, iso3: str) -> dict:
    frame = map_frame(page)
    frame.wait_for_function(f"() => window.atlas && window.atlas.focused === '{iso3}'", timeout=20000)
    page.wait_for_timeout(600)
    return frame.evaluate(
        """iso => {
          const a = window.atlas, size = a.map.getSize();
          let b = null;
          (a.layersByIso[iso] || []).forEach(l => { b = b ? b.extend(l.getBounds()) : L.latLngBounds(
            l.getBounds().getSouthWest(), l.getBounds().getNorthEast()); });
          const p1 = a.map.latLngToContainerPoint(b.getNorthWest());
          const p2 = a.map.latLngToContainerPoint(b.getSouthEast());
          const x0 = Math.max(0, Math.min(p1.x, p2.x)), x1 = Math.min(size.x, Math.max(p1.x, p2.x));
          const y0 = Math.max(0, Math.min(p1.y, p2.y)), y1 = Math.min(size.y, Math.max(p1.y, p2.y));
          return {w: (x1 - x0) / size.x, h: (y1 - y0) / size.y,
                  inside: p1.x >= -1 && p1.y >= -1 && p2.x <= size.x + 1 && p2.y <= size.y + 1, zoom: a.map.getZoom()};
        }""",
        iso3,
    )


@pytest.mark.parametrize("iso3", ["SWE", "NOR", "MLT", "RUS", "PRT"])
def test_profile_locator_frames_its_state(app_server, page, iso3):
    page.goto(f"{app_server.url}/Country_profile?country={iso3}&date=2021-01")
    extent = _locator_extent(page, iso3)
    assert max(extent["w"], extent["h"]) >= 0.2, extent
    assert extent["inside"], extent


def test_copy_link_copies_the_exact_url(app_server, browser, network_guard):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    context.route("**/*", network_guard.handle)
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/Country_profile?country=SWE&date=2021-01")
        page.wait_for_function("() => location.search.includes('country=SWE')", timeout=30000)
        frame = page.frame_locator("iframe[srcdoc*='Copy link']").first
        frame.get_by_role("button", name="Copy link").click()
        frame.get_by_text("Link copied").wait_for(timeout=10000)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.url
        assert "/Country_profile?" in copied and "country=SWE" in copied and "date=2021-01" in copied
        page.get_by_text("Cite this view").first.click()
        citation = page.locator("[data-testid='stCode']").first.inner_text()
        assert data_release(load_policy()) in citation and "country=SWE" in citation
        assert not network_guard.blocked
    finally:
        context.close()


def test_data_package_download_validates(app_server, page, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    page.goto(f"{app_server.url}/Data_and_sources")
    button = page.get_by_role("button", name="Download the data package (ZIP)")
    button.wait_for(timeout=30000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    path = tmp_path / "package.zip"
    info.value.save_as(path)
    assert info.value.suggested_filename == datapackage.zip_name(load_policy())
    zipfile.ZipFile(path).extractall(tmp_path)
    descriptor = tmp_path / datapackage.NAME / "datapackage.json"
    assert json.loads(descriptor.read_text(encoding="utf-8"))["version"] == data_release(load_policy())
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_changelog_feed_is_served_as_atom(app_server, page):
    page.goto(f"{app_server.url}/Data_and_sources")
    page.get_by_role("link", name="Atom feed").wait_for(timeout=30000)
    href = page.get_by_role("link", name="Atom feed").get_attribute("href")
    with urllib.request.urlopen(app_server.url + href, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.read())
    first = feed.find(f"{ATOM}entry")
    assert changelog.load()[0].version in first.find(f"{ATOM}title").text


def test_germany_nato_reads_1955_in_the_profile(app_server, page):
    page.goto(f"{app_server.url}/Country_profile?country=DEU&date=2021-01")
    page.get_by_text("Alliance history").first.click()
    line = page.get_by_text("Joined NATO").first
    line.wait_for(timeout=30000)
    text = line.inner_text()
    assert "1955" in text and "1955-01-01" not in text and "1 Jan 1955" not in text


def test_chronology_first_row_is_the_latest_event_up_to_today(app_server, page):
    from datetime import date

    from geo import analysis
    from geo.dates import format_date

    page.goto(f"{app_server.url}/Chronology")
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30000)
    page.wait_for_timeout(500)
    first_row = page.eval_on_selector(
        "[data-testid='stDataFrame']",
        "grid => [...grid.querySelectorAll('[role=row]')].map(r => [...r.querySelectorAll('[role=gridcell]')]"
        ".map(c => c.textContent.trim())).find(cells => cells.length)",
    )
    past, _ = analysis.split_scheduled(analysis.events_table(load_policy()), date.today())
    assert first_row[0] == format_date(past["date"].iloc[0], past["precision"].iloc[0])
