"""A checkout whose static/ cannot be written: the launcher serves the map's files from another folder
(here ATLAS_STATIC_DIR, the first candidate; a read-only static/ falls through to the cache the same way)."""

from __future__ import annotations

import urllib.request

import pytest

from tests.browser import start_app
from tests.mapdriver import map_frame

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cache") / "static"


@pytest.fixture(scope="module")
def app_server(static_dir):
    server = start_app("app.py", {"ATLAS_STATIC_DIR": str(static_dir)})
    yield server
    server.stop()


def test_map_draws_from_the_other_static_folder(app_server, page, static_dir):
    page.goto(app_server.url + "/?layer=restriction&date=2021-01")
    map_frame(page)
    assert (static_dir / "vendor" / "leaflet" / "leaflet.js").stat().st_size > 10_000
    assert list((static_dir / "vendor").glob("timeline-*.json"))
    with urllib.request.urlopen(app_server.url + "/app/static/vendor/leaflet/leaflet.js", timeout=10) as resp:
        assert resp.status == 200
        assert resp.read() == (static_dir / "vendor" / "leaflet" / "leaflet.js").read_bytes()
