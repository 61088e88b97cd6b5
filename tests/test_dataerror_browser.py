"""A broken shapes file: every page shows the data-error screen with the exact problem, never a traceback,
and the browser logs no error (deep links included)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.browser import ROOT, start_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The app over a copy of the data whose shapes lost Sweden and got one self-intersecting state."""
    data = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(os.environ.get("ATLAS_DATA_DIR") or ROOT / "data", data)
    doc = json.loads((ROOT / "data" / "europe.geojson").read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["iso3"] != "SWE"]
    (data / "europe.geojson").write_text(json.dumps(doc), encoding="utf-8")
    server = start_app("app.py", {"ATLAS_DATA_DIR": str(data)})
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["/", "/?present=1&country=SWE", "/Chronology"])
def test_broken_shapes_show_the_data_error_screen(app_server, page, path):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(app_server.url + path)
    page.get_by_text("The data did not validate").wait_for(timeout=45000)
    page.get_by_text("europe.geojson: no feature for SWE, a state in countries.csv").wait_for(timeout=10000)
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "pyogrio" not in body and 'File "' not in body
    assert page.locator("[data-testid='stException']").count() == 0
    page.wait_for_timeout(500)
    assert problems == []
