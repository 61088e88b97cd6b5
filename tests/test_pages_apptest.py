"""Every analyst page runs on its own under AppTest, with and without URL parameters; downloads equal the tables."""

from __future__ import annotations

import csv
import json
import shutil
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo import analysis, changelog, cite, style
from geo.dates import format_date
from geo.policy import load_policy
from ui import controls, loaders, tables

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
        page_text += " ".join(h.proto.body for h in at.get("html"))
        for layer, review in reviews.items():
            if review["finding"] == "nothing_found":
                assert "reviewed on" in page_text, (row["iso3"], layer)
    assert time.monotonic() - started < 120


def test_profile_lists_sweden_with_sources():
    at = run_page("1_Country_profile.py", {"country": "SWE", "date": "2021-01"})
    chronology = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert any("20 Oct 2020" in line and "](http" in line for line in chronology)
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
    assert "Sweden" in set(table["Country"])
    assert any(e.label.startswith("Sweden") for e in at.expander)
    assert url_value(at, "from") == ["2020-09"] and url_value(at, "to") == ["2020-11"]
    assert url_value(at, "layer") == ["restriction"]


def test_compare_with_reversed_dates_swaps_them():
    at = run_page("3_Compare.py", {"from": "2020-11", "to": "2020-09", "layer": "restriction"})
    assert "Sweden" in set(at.dataframe[0].value["Country"])


def test_chronology_filters_the_table():
    at = run_page("2_Chronology.py")
    everything = at.dataframe[0].value
    at.multiselect(key="chrono_countries").set_value(["SWE"]).run()
    only_sweden = at.dataframe[0].value
    assert set(only_sweden["Country"]) == {"Sweden"}
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
    screen = tables.screen_frame(csv, hide=("layer", "date"))
    assert set(screen.columns) == set(shown.columns)
    assert screen[list(shown.columns)].equals(shown.reset_index(drop=True))
    on = controls.month_date(params["date"])
    alliances = [params["alliance"]] if "alliance" in params else []
    assert csv.equals(analysis.state_table(policy, params["layer"], on, alliances))
    facts = analysis.read_csv_bytes(downloaded(media, at.download_button(key="data_facts_download_csv")))
    assert tables.screen_frame(facts).equals(at.dataframe[1].value.reset_index(drop=True))


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


def _chart_spec(at: AppTest) -> dict:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)


def _scales(spec: dict) -> dict[str, dict]:
    """Colour field → its scale, over every layer of the chart."""
    found = {}
    for layer in spec.get("layer", [spec]):
        color = layer.get("encoding", {}).get("color", {})
        if "field" in color:
            found[color["field"]] = color.get("scale", {})
    return found


def test_chronology_chart_draws_every_restriction_period_in_the_map_colours(policy):
    at = run_page("2_Chronology.py")
    chart = at.get("vega_lite_chart")[0].proto
    drawn = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.datasets]
    bars = analysis.gantt_segments(policy, date.today())
    segments = next(d for d in drawn if "level" in d.columns)
    assert len(segments) == len(bars) > 0
    assert set(segments["iso3"]) == set(bars["iso3"]) >= {"SWE", "GBR"}
    gbr_ends = {str(d)[:10] for d in segments[segments["iso3"] == "GBR"]["end"]}
    assert "2027-12-31" in gbr_ends
    scales = _scales(_chart_spec(at))
    levels = scales["level_label"]
    for label, fill in zip(levels["domain"], levels["range"], strict=True):
        key = next(k for k in ("exclusion", "partial", "framework") if style.style_of("restriction", k).label == label)
        assert fill == style.style_of("restriction", key).fill
    drawn_levels = ("exclusion", "partial", "framework")
    assert set(levels["range"]) == {style.style_of("restriction", k).fill for k in drawn_levels}
    assert scales["status"]["range"][0] == style.style_of("deadline", "passed").fill
    # Every mark has a legend: levels, deadline marks and the today line.
    assert {"level_label", "status", "mark"} <= set(scales)


RAW_NAMES = {
    name for frame_columns in (
        analysis.EVENT_COLUMNS, analysis.STATE_COLUMNS, analysis.CHANGE_COLUMNS, analysis.SOURCE_COLUMNS,
        analysis.GANTT_COLUMNS,
    ) for name in frame_columns
} | {"date_precision", "time_left", "set_on", "replaced_by", "deadline", "change_id", "event_id", "instrument"}


@pytest.mark.parametrize(("name", "params"), [
    ("1_Country_profile.py", {"country": "GBR", "date": "2021-01"}),
    ("2_Chronology.py", {}),
    ("3_Compare.py", {"from": "2020-09", "to": "2020-11", "layer": "restriction"}),
    ("4_Data_and_sources.py", {"layer": "restriction", "date": "2021-01"}),
    ("4_Data_and_sources.py", {"layer": "deadline", "date": "2024-01"}),
    ("4_Data_and_sources.py", {"layer": "clean_network", "date": "2021-01"}),
])
def test_no_raw_field_name_is_a_visible_column_header(name, params):
    at = run_page(name, params)
    assert not at.exception
    assert at.dataframe, "the page shows a table"
    for frame in at.dataframe:
        for column in frame.value.columns:
            assert column not in RAW_NAMES and "_" not in column and column[:1].isupper(), (name, column)
        for cell in frame.value.astype(str).values.ravel():
            assert not (len(cell) == 10 and cell[4] == "-" and cell[7] == "-"), (name, "ISO date on screen", cell)


def test_germany_nato_accession_reads_at_its_precision():
    at = run_page("1_Country_profile.py", {"country": "DEU", "date": "2021-01"})
    assert not at.exception
    lines = [m.value for m in [*at.markdown, *at.caption]]
    nato = [line for line in lines if "Joined NATO" in line]
    assert nato, "the alliance history lists the NATO accession"
    assert all("1955\\-01\\-01" not in line and "1955-01-01" not in line and "1 Jan 1955" not in line
               for line in nato)
    assert any(line.startswith(("- 1955 ·", "- May 1955 ·")) or "May 1955 ·" in line for line in nato)
    folded = [e for e in at.expander if e.label.startswith("Alliance history")]
    assert folded and not folded[0].proto.expanded


def test_chronology_first_row_is_the_latest_event_up_to_today(policy):
    at = run_page("2_Chronology.py")
    table = at.dataframe[0].value
    today = date.today()
    past, scheduled = analysis.split_scheduled(analysis.events_table(policy), today)
    first = past.iloc[0]
    assert table.iloc[0]["Date"] == format_date(first["date"], first["precision"])
    assert table.iloc[0]["Summary"] == first["summary"]
    later = at.dataframe[1].value
    assert set(later["Status"]) == {"scheduled"} and len(later) == len(scheduled)


def test_profile_opens_with_the_status_on_the_chosen_month_and_marks_later_events():
    at = run_page("1_Country_profile.py", {"country": "SWE", "date": "2020-06"})
    status = "".join(h.proto.body for h in at.get("html"))
    assert "Status in Jun 2020" in status and "Clean Network" in status and "Removal deadlines" in status
    later = [c.value for c in at.caption if "after Jun 2020" in c.value]
    assert any("20 Oct 2020" in c for c in later), "the October 2020 exclusion is marked as after the month"


@pytest.mark.parametrize("name", PAGE_FILES)
def test_every_page_offers_copy_link_and_a_citation(policy, name):
    at = run_page(name, {"country": "SWE", "date": "2021-01", "layer": "restriction"})
    codes = [c.value for c in at.code]
    release = cite.data_release(policy)
    assert any(release in c and "date=2021-01" in c and "data reviewed" in c for c in codes), codes
    assert any(c.startswith("@misc{") and release in c for c in codes)
    assert any(e.label == "Cite this view" for e in at.expander)
    frames = [e for e in at.get("iframe")]
    assert any("Copy link" in f.proto.srcdoc for f in frames)


def test_data_page_offers_the_package_and_the_latest_changelog_entries(policy):
    """The zip itself is downloaded and validated in the browser test (the button makes it on click)."""
    at = run_page("4_Data_and_sources.py")
    assert not at.exception
    assert at.download_button(key="data_package_zip").proto.label.startswith("Download the data package")
    entries = changelog.load()
    labels = [e.label for e in at.expander]
    assert any(entries[0].title.split(";")[0] in label.replace("\\", "") for label in labels)
    assert any("Atom feed" in m.value for m in at.markdown)


def test_map_country_panel_opens_with_the_status_and_folds_alliance_history():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["country"] = "DEU"
    at.query_params["date"] = "2021-01"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    status = "".join(h.proto.body for h in at.get("html"))
    assert "Status in Jan 2021" in status and 'data-layer="restriction"' in status
    later = [c.value for c in at.caption if c.value.startswith("▸ *after Jan 2021*")]
    assert any("11 Jul 2024" in c for c in later)
    folded = [e for e in at.expander if e.label.startswith("Alliance history")]
    assert folded and not folded[0].proto.expanded
    nato = [m.value for m in at.markdown if "Joined NATO" in m.value]
    assert nato and all("1955-01-01" not in m and "1955\\-01\\-01" not in m for m in nato)
