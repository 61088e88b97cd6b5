"""The Data & sources page reports the source quality of the drawn facts (AppTest on the valid fixture)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_policy import VALID, set_cell
from ui import loaders

PAGE = Path(__file__).absolute().parent.parent / "pages" / "4_Data_and_sources.py"


@pytest.fixture
def fixture_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    loaders.load_policy.clear()
    yield data
    loaders.load_policy.clear()


def run_page() -> AppTest:
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def test_quality_figures_and_disagreements_are_shown(fixture_data):
    at = run_page()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Drawn facts"] == "20"
    assert metrics["With a primary source"] == "100\u00a0%"
    assert metrics["Checked in the last 12 months"] == "70\u00a0%"
    text = "\n".join(m.value for m in at.markdown)
    assert "Known disagreements between sources (1)" in text
    assert "XKX · cn\\-xkx\\-2020\\-10 date\\: we keep 2020\\-10\\-26; Example Press gives 2020\\-10\\-23" in text


def test_secondary_sources_lower_the_primary_share(fixture_data):
    set_cell(fixture_data, "sources.csv", 2, "kind", "secondary")  # PTS: cited by the 4 Swedish facts
    at = run_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["With a primary source"] == "80\u00a0%"
    assert "secondary source only 4" in "\n".join(m.value for m in at.markdown)
