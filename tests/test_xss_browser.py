"""Hostile text in the data shows as text: in tooltips, the change list and the chronology panel."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.browser import ROOT, start_app
from tests.mapdriver import hover_tooltip, map_frame, point_of, wait_for_date

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "${alert(2)}<script>alert(3)</script>"
SWEDEN = (62.5, 15.5)


def _rewrite(path: Path, match: dict[str, str], changes: dict[str, str]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    hits = 0
    for row in rows:
        if all(row[k] == v for k, v in match.items()):
            row.update(changes)
            hits += 1
    assert hits, f"fixture row {match} not found in {path.name}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The app over a copy of the real data whose Sweden texts are script injections."""
    data = tmp_path_factory.mktemp("xss") / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "restrictions.csv").open(encoding="utf-8") as handle:
        sweden = [r for r in csv.DictReader(handle) if r["iso3"] == "SWE"]
    source_id = sweden[0]["source_id"]
    _rewrite(data / "restrictions.csv", {"iso3": "SWE"}, {"summary": IMG})
    _rewrite(data / "sources.csv", {"source_id": source_id}, {"title": TEMPLATE})
    server = start_app("app.py", {"ATLAS_DATA_DIR": str(data)})
    yield server
    server.stop()


def test_injected_markup_renders_as_text_and_runs_nothing(app_server, page, network_guard):
    page.add_init_script("window.__xss = []; window.alert = (m) => window.__xss.push(m);")
    month = "2020-10"
    page.goto(f"{app_server.url}/?layer=restriction&date={month}")
    frame = map_frame(page)
    wait_for_date(frame, month)
    tip = hover_tooltip(page, frame, *SWEDEN)
    assert TEMPLATE in tip
    x, y = point_of(page, frame, *SWEDEN)
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Sweden").wait_for(timeout=20000)
    page.get_by_text(IMG).filter(visible=True).first.wait_for(timeout=20000)
    assert page.locator("img[src='x']").count() == 0
    assert frame.locator("img[src='x']").count() == 0
    assert page.locator("script:has-text('alert(3)')").count() == 0
    assert page.evaluate("window.__xss") == []
    assert frame.evaluate("window.__xss || []") == []
    assert not [b for b in network_guard.blocked if b.startswith("dialog:")]
