"""Every analyst page runs on its own under AppTest, with and without URL parameters; downloads equal the tables."""

from __future__ import annotations

import csv
import shutil
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo import analysis, timeline
from geo.policy import load_policy
from ui import controls, loaders

ROOT = Path(__file__).absolute().parent.parent
PAGES = ROOT / "pages"
PAGE_FILES = sorted(p.name for p in PAGES.glob("*.py"))
FULL_PARAMS = {
    "layer": "deadline", "date": "2021-01", "alliance": "EU", "country": "SWE", "from": "2020-09", "to": "2020-11",
}
HOSTILE_PARAMS = {
    "layer": "<b>x", "date": "1800-13", "alliance": "NOPE", "country": "ZZZ", "from": "x", "to": "9999-99",
}


def run_page(name: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture
def media(monkeypatch) -> dict[str, bytes]:
    """Every file a page hands to a download button, by media id."""
    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def url_value(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name)
    return [value] if isinstance(value, str) else list(value or [])


def downloaded(media: dict[str, bytes], button) -> bytes:
    return media[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]


def test_the_pages_exist():
    assert PAGE_FILES == ["1_Country_profile.py", "2_Chronology.py", "3_Compare.py", "4_Data_and_sources.py",
                          "5_Story.py"]


@pytest.mark.parametrize("params", [None, FULL_PARAMS, HOSTILE_PARAMS], ids=["bare", "full", "hostile"])
@pytest.mark.parametrize("name", PAGE_FILES)
def test_page_runs_without_exception(name, params):
    at = run_page(name, params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    if params is HOSTILE_PARAMS:
        assert at.warning, "ignored URL values are reported"
        assert all("<b>" not in w.value for w in at.warning)


def test_every_state_has_a_profile(policy):
    started = time.monotonic()
    for row in policy.countries.to_dict("records"):
        at = run_page("1_Country_profile.py", {"country": row["iso3"], "date": "2021-01"})
        assert not at.exception, (row["iso3"], [e.value for e in at.exception])
        assert at.header[0].value.replace("\\", "") == row["name"]
        reviews = analysis.reviews_of(policy, row["iso3"])
        page_text = " ".join(m.value for m in [*at.markdown, *at.caption])
        for layer, review in reviews.items():
            if review["finding"] == "nothing_found":
                assert "reviewed on" in page_text, (row["iso3"], layer)
    assert time.monotonic() - started < 120


def test_profile_lists_sweden_with_sources():
    at = run_page("1_Country_profile.py", {"country": "SWE", "date": "2021-01"})
    chronology = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert any("2020\\-10\\-20" in line and "](http" in line for line in chronology)
    assert url_value(at, "country") == ["SWE"]


def test_profile_picker_changes_the_country_and_the_url():
    at = run_page("1_Country_profile.py", {"country": "SWE"})
    at.selectbox(key="profile_country").set_value("POL").run()
    assert not at.exception
    assert at.header[0].value == "Poland"
    assert url_value(at, "country") == ["POL"]


def test_compare_lists_sweden_and_keeps_its_params_in_the_url():
    at = run_page("3_Compare.py", {"from": "2020-09", "to": "2020-11", "layer": "restriction"})
    table = at.dataframe[0].value
    assert "SWE" in set(table["iso3"])
    assert any(e.label.startswith("Sweden") for e in at.expander)
    assert url_value(at, "from") == ["2020-09"] and url_value(at, "to") == ["2020-11"]
    assert url_value(at, "layer") == ["restriction"]


def test_compare_with_reversed_dates_swaps_them():
    at = run_page("3_Compare.py", {"from": "2020-11", "to": "2020-09", "layer": "restriction"})
    assert "SWE" in set(at.dataframe[0].value["iso3"])


def test_chronology_filters_the_table():
    at = run_page("2_Chronology.py")
    everything = at.dataframe[0].value
    at.multiselect(key="chrono_countries").set_value(["SWE"]).run()
    only_sweden = at.dataframe[0].value
    assert set(only_sweden["iso3"]) == {"SWE"}
    assert 0 < len(only_sweden) < len(everything)


@pytest.mark.parametrize("params", [
    {"layer": "restriction", "date": "2021-01"},
    {"layer": "deadline", "date": "2022-06", "alliance": "NATO"},
    {"layer": "clean_network", "date": "2020-11", "alliance": "EU"},
])
def test_downloaded_csv_equals_the_table_shown(media, policy, params):
    at = run_page("4_Data_and_sources.py", params)
    assert not at.exception
    shown = at.dataframe[0].value
    csv = analysis.read_csv_bytes(downloaded(media, at.download_button(key="data_states_download_csv")))
    assert csv.equals(shown.reset_index(drop=True))
    on = controls.month_date(params["date"])
    alliances = [params["alliance"]] if "alliance" in params else []
    assert csv.equals(analysis.state_table(policy, params["layer"], on, alliances))
    facts = analysis.read_csv_bytes(downloaded(media, at.download_button(key="data_facts_download_csv")))
    assert facts.equals(at.dataframe[1].value.reset_index(drop=True))


HOSTILE_TEXT = "![pwn](https://evil.example/p.png) <img src=x onerror=alert(1)> [click](javascript:alert(2))"


def _rewrite(path: Path, iso3_or_id: tuple[str, str], column: str, value: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    key, wanted = iso3_or_id
    for row in rows:
        if row[key] == wanted:
            row[column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def hostile_data(tmp_path, monkeypatch):
    """A copy of the data whose Swedish texts (summary, source title, review note) are markup and links."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "restrictions.csv").open(encoding="utf-8") as handle:
        source_id = next(r["source_id"] for r in csv.DictReader(handle) if r["iso3"] == "SWE")
    _rewrite(data / "restrictions.csv", ("iso3", "SWE"), "summary", HOSTILE_TEXT)
    _rewrite(data / "sources.csv", ("source_id", source_id), "title", HOSTILE_TEXT)
    _rewrite(data / "reviews.csv", ("iso3", "SWE"), "note", HOSTILE_TEXT)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    loaders.load_policy.clear()
    yield data
    loaders.load_policy.clear()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("1_Country_profile.py", {"country": "SWE", "date": "2021-01"}),
        ("3_Compare.py", {"from": "2020-09", "to": "2020-11", "layer": "restriction"}),
        ("2_Chronology.py", {}),
        ("4_Data_and_sources.py", {"layer": "restriction", "date": "2021-01"}),
    ],
)
def test_markup_in_the_data_reaches_markdown_escaped(hostile_data, name, params):
    at = run_page(name, params)
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in [*at.markdown, *at.caption]] + [e.label for e in at.expander]
    assert any("pwn" in t for t in texts) or name in {"2_Chronology.py", "4_Data_and_sources.py"}
    for text in texts:
        assert "![pwn]" not in text and "<img" not in text and "](javascript" not in text, text


def test_chronology_chart_draws_every_restriction_period(policy):
    at = run_page("2_Chronology.py")
    chart = at.get("vega_lite_chart")[0].proto
    drawn = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().to_pandas()
    until = date.fromisoformat(timeline.months(policy)[-1] + "-01")
    bars = analysis.gantt_intervals(policy, until)
    assert len(drawn) == len(bars) > 0
    assert set(drawn["iso3"]) == set(bars["iso3"]) >= {"SWE", "GBR"}
    gbr_ends = {str(d)[:10] for d in drawn[drawn["iso3"] == "GBR"]["end"]}
    assert "2027-12-31" in gbr_ends
