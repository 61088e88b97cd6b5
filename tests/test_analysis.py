"""Analysis helpers: on the real data, and on edge cases built by hand."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from geo import analysis, timeline
from geo.dates import format_date
from geo.policy import load_policy
from geo.view import LAYERS
from ui.assets import SHAPES_FILE


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture(scope="module")
def events(policy) -> pd.DataFrame:
    return analysis.events_table(policy)


# ---- real data -------------------------------------------------------------------------------------------------


def test_events_table_covers_every_chronology_event(policy, events):
    expected = sum(len(timeline.chronology(policy, iso3)) for iso3 in policy.countries["iso3"])
    assert len(events) == expected
    assert tuple(events.columns) == analysis.EVENT_COLUMNS
    assert set(events["iso3"]) <= set(policy.countries["iso3"])
    assert list(events["date"]) == sorted(events["date"])
    assert all(u.startswith(("http://", "https://")) for u in events["source_url"] if u)


def test_sweden_exclusion_is_an_event_with_its_source(events):
    swe = events[(events["iso3"] == "SWE") & (events["layer"] == "Restriction") & (events["date"] == "2020-10-20")]
    assert len(swe) >= 1
    assert swe["source_url"].str.startswith("http").all()


def test_alliances_as_of_event_date_match_the_timeline(policy, events):
    periods = analysis.memberships(policy)
    for day in sorted({d for d in events["date"] if d})[:: max(1, len(events) // 25)]:
        on = date.fromisoformat(day)
        for alliance in timeline.ALLIANCES:
            ours = {i for i in policy.countries["iso3"] if alliance in analysis.alliances_on(periods, i, on)}
            assert ours == set(timeline.alliance_members(policy, alliance, on)), (alliance, day)


def test_filters_narrow_and_combine(events):
    restrictions = analysis.filter_events(events, layers=["Restriction"])
    assert set(restrictions["layer"]) == {"Restriction"}
    zte = analysis.filter_events(events, vendors=["ZTE"])
    assert all("ZTE" in v.split(";") for v in zte["vendors"])
    ranged = analysis.filter_events(events, start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert ranged["date"].str.startswith("2020").all()
    both = analysis.filter_events(events, layers=["Restriction"], countries=["SWE"])
    assert set(both["iso3"]) <= {"SWE"} and len(both) >= 1


def test_gantt_segments_follow_the_map_level_and_reach_each_state_last_deadline(policy):
    today = date(2026, 11, 29)
    bars = analysis.gantt_segments(policy, today)
    assert (bars["start"] < bars["end"]).all()
    assert set(bars["level"]) <= {"framework", "partial", "exclusion"}
    last = {}
    for row in analysis.current_deadlines(policy).to_dict("records"):
        last[row["iso3"]] = max(last.get(row["iso3"], ""), analysis.iso(row["deadline"]))
    ends = bars.groupby("iso3")["end"].max()
    for iso3, due in last.items():
        if iso3 in ends:
            assert ends[iso3] == max(due, today.isoformat()), iso3
    assert (bars[bars["period"] == "scheduled"]["start"] >= today.isoformat()).all()
    assert (bars[bars["period"] == "recorded"]["end"] <= today.isoformat()).all()
    # Each recorded segment's level is what the map draws on its first day.
    for row in bars[bars["period"] == "recorded"].to_dict("records"):
        state = next(s for s in timeline.state_at(policy, row["start"]) if s.iso3 == row["iso3"])
        assert timeline.category(state, "restriction", row["start"]) == row["level"], row


def test_gantt_deadline_marks_are_the_current_deadlines(policy):
    marks = analysis.gantt_deadlines(policy, date(2026, 11, 29))
    assert len(marks) == len(analysis.current_deadlines(policy))
    assert set(marks["status"]) <= {"passed", "scheduled"}
    gbr = marks[marks["iso3"] == "GBR"]
    assert "2027-12-31" in set(gbr["date"]) and set(gbr[gbr["date"] == "2027-12-31"]["status"]) == {"scheduled"}


def test_chronology_split_starts_on_the_latest_event_up_to_today(policy, events):
    today = date(2026, 11, 29)
    past, scheduled = analysis.split_scheduled(events, today)
    assert past["date"].iloc[0] == max(d for d in events["date"] if d <= today.isoformat())
    assert list(past["date"]) == sorted(past["date"], reverse=True)
    assert (scheduled["date"] > today.isoformat()).all() and set(scheduled["status"]) <= {"scheduled"}
    assert len(past) + len(scheduled) == len(events)


def test_state_table_is_the_map_as_a_table(policy):
    on = date.fromisoformat(timeline.default_month(policy) + "-01")
    for layer in LAYERS:
        table = analysis.state_table(policy, layer, on)
        assert len(table) == len(policy.countries) == 50
        states = {s.iso3: timeline.category(s, layer, on) for s in timeline.state_at(policy, on)}
        assert dict(zip(table["iso3"], table["category"], strict=True)) == states
    restriction = analysis.state_table(policy, "restriction", on).set_index("iso3")
    assert restriction.loc["SWE", "source_url"].startswith("http") and restriction.loc["SWE", "source"]
    assert (restriction[restriction["source"] == ""]["source_url"] == "").all()
    nato = analysis.state_table(policy, "restriction", on, ["NATO"])
    assert set(nato["iso3"]) == set(timeline.alliance_members(policy, "NATO", on))


def test_sweden_changes_between_september_and_november_2020(policy):
    changes = analysis.changes_table(policy, date(2020, 9, 1), date(2020, 11, 1), "restriction")
    swe = changes[changes["iso3"] == "SWE"]
    assert len(swe) == 1
    assert "20 Oct 2020" in swe["events"].iloc[0]
    assert swe["source_url"].iloc[0].startswith("http")
    assert analysis.changes_table(policy, date(2020, 9, 1), date(2020, 9, 1), "restriction").empty


def test_sources_table_lists_every_source_newest_first(policy):
    table = analysis.sources_table(policy)
    assert set(table["source_id"]) == set(policy.sources["source_id"])
    assert list(table["published"]) == sorted(table["published"], reverse=True)
    assert (table["published"] != "").all()


def test_every_shown_table_survives_a_csv_round_trip(policy, events):
    on = date.fromisoformat(timeline.default_month(policy) + "-01")
    frames = [events, analysis.sources_table(policy), analysis.gantt_segments(policy, on),
              analysis.gantt_deadlines(policy, on)]
    for layer in LAYERS:
        frames += [analysis.state_table(policy, layer, on), analysis.layer_facts(policy, layer, on)]
    for frame in frames:
        assert analysis.read_csv_bytes(analysis.to_csv_bytes(frame)).equals(frame)


@pytest.mark.skipif(not SHAPES_FILE.exists(), reason="data/europe.geojson not built")
def test_geojson_export_has_one_feature_with_geometry_per_shown_state(policy):
    on = date.fromisoformat(timeline.default_month(policy) + "-01")
    table = analysis.state_table(policy, "restriction", on, ["EU"])
    collection = json.loads(analysis.to_geojson_bytes(table, SHAPES_FILE))
    assert [f["properties"]["iso3"] for f in collection["features"]] == list(table["iso3"])
    assert all(f["geometry"] for f in collection["features"])
    assert collection["features"][0]["properties"] == table.iloc[0].to_dict()


def test_deadline_rows_and_methodology(policy):
    on = date(2021, 1, 1)
    gbr = analysis.deadline_rows(policy, "GBR", on)
    assert "2027-12-31" in set(gbr["deadline"])
    assert gbr[gbr["deadline"] == "2027-12-31"]["time_left"].iloc[0] == "6 years 11 months left"
    text = analysis.methodology(policy)
    assert "Crimea" in text and "Not in scope" in text and "effective" in text
    assert format_date(analysis.data_version(policy)["reviewed"]) in text


def test_review_lines_for_every_state_and_layer(policy):
    for iso3 in policy.countries["iso3"]:
        reviews = analysis.reviews_of(policy, iso3)
        for layer in LAYERS:
            line = analysis.review_line(reviews.get(layer))
            assert line.startswith(("Nothing found, reviewed on", "Facts recorded, reviewed on", "Not researched"))


# ---- edge cases ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-20", date(2020, 10, 20)), (pd.Timestamp("2020-10-20"), date(2020, 10, 20)),
        (date(2020, 1, 1), date(2020, 1, 1)), ("", None), (None, None), (float("nan"), None), (pd.NaT, None),
    ],
)
def test_as_date_accepts_what_a_loader_may_store(value, expected):
    assert analysis.as_date(value) == expected


def test_text_cells():
    assert analysis.text(("Huawei", "ZTE")) == "Huawei;ZTE"
    assert analysis.text(True) == "true"
    assert analysis.text(None) == "" and analysis.text(float("nan")) == ""
    assert analysis.text(pd.Timestamp("2021-02-03")) == "2021-02-03"
    assert analysis.url("javascript:alert(1)") == "" and analysis.url("https://a.example/x") == "https://a.example/x"


@pytest.mark.parametrize(
    ("due", "on", "expected"),
    [
        (date(2025, 1, 1), date(2020, 10, 1), "4 years 3 months left"),
        (date(2021, 1, 1), date(2020, 12, 1), "1 month left"),
        (date(2020, 12, 20), date(2020, 12, 1), "19 days left"),
        (date(2020, 12, 1), date(2020, 12, 1), "due this day"),
        (date(2020, 1, 1), date(2021, 1, 1), "passed 1 year ago"),
        (date(2020, 12, 25), date(2021, 1, 1), "passed 7 days ago"),
        (date(2020, 12, 31), date(2021, 1, 1), "passed 1 day ago"),
    ],
)
def test_time_left(due, on, expected):
    assert analysis.time_left(due, on) == expected


def test_membership_boundaries():
    m = analysis.Membership("SWE", "NATO", date(2024, 3, 7), None)
    assert not m.holds_on(date(2024, 3, 6)) and m.holds_on(date(2024, 3, 7))
    left = analysis.Membership("GBR", "EU", date(1973, 1, 1), date(2020, 1, 31))
    assert left.holds_on(date(2020, 1, 31)) and not left.holds_on(date(2020, 2, 1))
    assert analysis.alliances_on([m, left], "SWE", date(2025, 1, 1)) == ("NATO",)


def test_filters_on_an_empty_and_a_hostile_table():
    empty = analysis.text_frame([], analysis.EVENT_COLUMNS)
    assert analysis.filter_events(empty, layers=["Restriction"], vendors=["ZTE"], alliances=["EU"]).empty
    rows = [
        {"date": "2020-01-01", "iso3": "AAA", "layer": "Restriction", "vendors": "Huawei;ZTE", "alliances": "NATO, EU",
         "summary": 'a, "quoted"\nline [x](https://evil.example) <b>'},
        {"date": "2021-06-01", "iso3": "BBB", "layer": "Deadline", "vendors": "", "alliances": "EU"},
    ]
    table = analysis.text_frame(rows, analysis.EVENT_COLUMNS)
    assert list(analysis.filter_events(table, alliances=["NATO", "EU"])["iso3"]) == ["AAA"]
    assert list(analysis.filter_events(table, alliances=["EU"])["iso3"]) == ["AAA", "BBB"]
    assert list(analysis.filter_events(table, vendors=["ZTE"])["iso3"]) == ["AAA"]
    assert analysis.filter_events(table, start=date(2021, 7, 1)).empty
    assert analysis.read_csv_bytes(analysis.to_csv_bytes(table)).equals(table)
    assert analysis.vendors_in(table) == ["Huawei", "ZTE"]


def test_geojson_keeps_rows_without_shape_and_merges_parts(tmp_path):
    square = [[[0, 0], [1, 0], [1, 1], [0, 0]]]
    shapes = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso3": "AAA"}, "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"iso3": "AAA"}, "geometry": {"type": "Polygon", "coordinates": square}},
    ]}
    path = tmp_path / "shapes.geojson"
    path.write_text(json.dumps(shapes))
    table = analysis.text_frame([{"iso3": "AAA", "country": "A"}, {"iso3": "BBB", "country": "B"}], ["iso3", "country"])
    features = json.loads(analysis.to_geojson_bytes(table, path))["features"]
    assert features[0]["geometry"]["type"] == "MultiPolygon" and len(features[0]["geometry"]["coordinates"]) == 2
    assert features[1]["geometry"] is None and features[1]["properties"] == {"iso3": "BBB", "country": "B"}
