"""The real alliance table: dates to the day, `left` as the last day of membership, staged accessions,
and a verification record for every row. Membership is checked through `geo.timeline`, which is what
`python -m geo state` and the map use."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from geo import timeline
from geo.policy import DATA_DIR, Policy, load_policy

ALLIANCES_CSV = Path(DATA_DIR) / "alliances.csv"
VERIFICATION_CSV = Path(DATA_DIR) / "verification.csv"
SOURCES_CSV = Path(DATA_DIR) / "sources.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _rows(ALLIANCES_CSV)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DATA_DIR)


def members(policy: Policy, alliance: str, on: str) -> frozenset[str]:
    return timeline.alliance_members(policy, alliance, on)


# ---- membership on the boundary days ----


def test_montenegro_joins_nato_on_5_june_2017(policy):
    assert "MNE" not in members(policy, "NATO", "2017-06-04")
    assert "MNE" in members(policy, "NATO", "2017-06-05")


def test_uk_is_in_the_eu_on_its_last_day_and_out_the_next(policy):
    assert "GBR" in members(policy, "EU", "2020-01-31")
    assert "GBR" not in members(policy, "EU", "2020-02-01")
    assert "GBR" in members(policy, "EEA", "2020-01-31")
    assert "GBR" not in members(policy, "EEA", "2020-02-01")


def test_uk_state_json_on_its_last_eu_day(policy):
    def gbr(on: str) -> list[str]:
        data = timeline.state_json(policy, on)
        return next(c["alliances"] for c in data["countries"] if c["iso3"] == "GBR")

    assert "EU" in gbr("2020-01-31")
    assert "EU" not in gbr("2020-02-01")


def test_bulgaria_and_romania_in_the_eea_from_august_2007(policy):
    assert {"BGR", "ROU"} <= members(policy, "EEA", "2010-06-01")
    assert not {"BGR", "ROU"} & members(policy, "EEA", "2007-07-31")
    assert {"BGR", "ROU"} <= members(policy, "EEA", "2007-08-01")
    assert "HRV" not in members(policy, "EEA", "2014-04-11")
    assert "HRV" in members(policy, "EEA", "2014-04-12")


def test_bulgaria_schengen_in_two_stages(policy, rows):
    assert "BGR" not in members(policy, "Schengen", "2024-03-30")
    for day in ("2024-03-31", "2024-12-31", "2025-01-01", "2026-11-29"):
        assert "BGR" in members(policy, "Schengen", day), day
    stages = sorted((r["joined"], r["left"]) for r in rows if r["iso3"] == "BGR" and r["alliance"] == "Schengen")
    assert stages == [("2024-03-31", "2024-12-31"), ("2025-01-01", "")]


def test_staged_accession_reads_as_one_membership_in_the_chronology(policy):
    events = [e for e in timeline.chronology(policy, "BGR") if e.layer == "alliance" and "Schengen" in e.summary]
    assert [(e.date, e.kind) for e in events] == [(date(2024, 3, 31), "joined"), (date(2025, 1, 1), "joined")]
    assert "first stage" in events[0].summary
    assert "next stage" in events[1].summary


def test_uk_chronology_prints_its_last_eu_day(policy):
    left = [e for e in timeline.chronology(policy, "GBR") if e.layer == "alliance" and e.kind == "left"]
    assert date(2020, 1, 31) in {e.date for e in left}


def test_candidacy_ends_the_day_before_accession(policy):
    assert "HRV" in members(policy, "EU_candidate", "2013-06-30")
    assert "HRV" not in members(policy, "EU_candidate", "2013-07-01")
    assert "HRV" in members(policy, "EU", "2013-07-01")


@pytest.mark.parametrize(
    ("iso3", "alliance", "day"),
    [
        ("SWE", "NATO", "2024-03-07"),
        ("FIN", "NATO", "2023-04-04"),
        ("MKD", "NATO", "2020-03-27"),
        ("HRV", "Schengen", "2023-01-01"),
        ("GRC", "3SI", "2023-09-06"),
        ("POL", "3SI", "2016-08-25"),
        ("TUR", "EU_candidate", "1999-12-10"),
        ("UKR", "EU_candidate", "2022-06-23"),
        ("MDA", "EU_candidate", "2022-06-23"),
        ("BIH", "EU_candidate", "2022-12-15"),
        ("GEO", "EU_candidate", "2023-12-14"),
    ],
)
def test_joins_on_the_day_not_before(policy, iso3, alliance, day):
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert iso3 not in members(policy, alliance, before)
    assert iso3 in members(policy, alliance, day)


def test_states_outside_schengen_and_3si(policy):
    schengen = members(policy, "Schengen", "2026-11-29")
    assert not {"CYP", "IRL", "GBR"} & schengen
    assert {"CHE", "LIE", "NOR", "ISL", "HRV", "BGR", "ROU"} <= schengen
    assert not {"UKR", "MDA"} & members(policy, "3SI", "2026-11-29")


# ---- the table itself ----


def test_every_row_is_day_precise(rows):
    assert rows
    assert {r["date_precision"] for r in rows} == {"day"}


def test_every_row_has_a_verification_record_with_a_known_source(rows):
    checks = [v for v in _rows(VERIFICATION_CSV) if v["table"] == "alliances"]
    checked = {v["fact_id"] for v in checks}
    missing = [f"{r['iso3']}:{r['alliance']}:{r['joined']}" for r in rows]
    missing = [fact for fact in missing if fact not in checked]
    assert missing == []
    sources = {s["source_id"] for s in _rows(SOURCES_CSV)}
    assert {v["evidence_source_id"] for v in checks} <= sources
    assert {v["outcome"] for v in checks} <= {"confirmed", "corrected", "disputed"}


def test_no_weak_source_left_on_an_alliance_row(rows):
    weak = {"al-jagranjosh-2022-01-28", "al-wionews-2022-06-18", "al-babel-2022-06-23", "al-emcdda-2015-09-15"}
    assert not weak & {r["source_id"] for r in rows}


def test_periods_do_not_overlap_and_left_is_inclusive(rows):
    by_key: dict[tuple[str, str], list[tuple[date, date | None]]] = {}
    for r in rows:
        left = date.fromisoformat(r["left"]) if r["left"] else None
        by_key.setdefault((r["iso3"], r["alliance"]), []).append((date.fromisoformat(r["joined"]), left))
    for key, periods in by_key.items():
        periods.sort()
        for (_, left), (next_joined, _) in pairwise(periods):
            assert left is not None and left < next_joined, key
        for start, left in periods:
            assert left is None or start <= left, key


def test_validator_refuses_overlap_on_the_shared_day(tmp_path):
    """With `left` inclusive, a row starting on the previous row's `left` overlaps it by one day."""
    from geo.policy import validate

    fixture = Path(__file__).resolve().parent / "fixtures" / "valid"
    for path in fixture.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    with (tmp_path / "alliances.csv").open("a", encoding="utf-8") as f:
        f.write("GBR,EU,2020-01-31,,day,gov-uk-2020-01-28\n")
    assert any("GBR EU membership overlaps" in e for e in validate(tmp_path))
