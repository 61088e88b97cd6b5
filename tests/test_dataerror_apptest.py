"""The data-error screen under AppTest: every page, a corrupted table or shapes file, a long list capped
with a note; never an exception."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fuzzurls import PAGES
from ui import loaders

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(os.environ.get("ATLAS_DATA_DIR") or ROOT / "data", data)
    return data


def _unterminated_quote(data: Path) -> str:
    lines = (data / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",")
    lines[1] = ",".join([first[0], '"' + first[1], *first[2:]])
    (data / "sources.csv").write_text("".join(lines), encoding="utf-8")
    return "sources.csv:2:-: malformed quoting: a quote opened or closed inside a cell"


def _truncated_shapes(data: Path) -> str:
    (data / "europe.geojson").write_bytes((ROOT / "data" / "europe.geojson").read_bytes()[:1000])
    return "europe.geojson: not JSON, truncated or corrupt"


def _many_errors(data: Path) -> str:
    """Every source's `kind` misspelt: one error per source, more than the screen shows."""
    lines = (data / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines[1:] = [line.rstrip("\r").rsplit(",", 1)[0] + ",official" for line in lines[1:]]
    (data / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "'official' is not one of"


@pytest.fixture
def broken(monkeypatch, tmp_path, request):
    data = _copy(tmp_path)
    expected = request.param(data)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    for cached in (loaders.load_policy, loaders.shapes_problems):
        cached.clear()
    yield expected
    for cached in (loaders.load_policy, loaders.shapes_problems):
        cached.clear()


@pytest.mark.parametrize("broken", [_unterminated_quote, _truncated_shapes], indirect=True, ids=["csv", "shapes"])
@pytest.mark.parametrize("script", list(PAGES))
def test_every_page_shows_the_data_error_screen(broken, script):
    at = AppTest.from_file(str(ROOT / script), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and at.error[0].value.startswith("The data did not validate")
    assert broken in at.code[0].value


@pytest.mark.parametrize("broken", [_many_errors], indirect=True, ids=["many"])
def test_a_long_error_list_is_capped_with_a_note(broken):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    shown = at.code[0].value.splitlines()
    assert len(shown) == 100 and all(broken in line for line in shown)
    assert any(re.match(r"Showing the first 100 of \d+ problems", c.value) for c in at.caption), at.caption
