"""Verification records, disagreements and source quality, on the valid fixture and broken copies of it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geo import mapview, timeline
from geo.policy import DATA_DIR, PolicyError, load_policy, validate
from geo.sources import SourceRef, drawn_facts, source_report, strongest_source
from tests.test_policy import VALID, append_row, copy_valid, delete_row, read_rows, set_cell

ROOT = Path(__file__).resolve().parent.parent


def _row_of(data_dir: Path, file: str, first_cell: str) -> int:
    rows = read_rows(data_dir / file)
    return next(n for n, r in enumerate(rows, start=1) if r[0] == first_cell)


def ref(kind: str, source_id: str = "s") -> SourceRef:
    return SourceRef(source_id, kind, f"title {source_id}", f"https://example.org/{source_id}", "P")


def test_strongest_source_ranks_primary_over_press_over_secondary():
    assert strongest_source([ref("secondary", "a"), ref("press", "b"), ref("primary", "c")]).source_id == "c"
    assert strongest_source([ref("secondary", "a"), ref("press", "b")]).source_id == "b"
    assert strongest_source([ref("secondary", "a")]).source_id == "a"
    assert strongest_source([]) is None


def test_strongest_source_keeps_the_first_on_a_tie():
    assert strongest_source([ref("press", "own"), ref("press", "evidence")]).source_id == "own"


MISSING_CHECK = [
    pytest.param("clean_network.csv", "cn-bgr-2020-10", "clean_network.csv:2:event_id", id="clean-network"),
    pytest.param("restrictions.csv", "swe-2020-10", "restrictions.csv:2:change_id", id="restriction"),
    pytest.param("deadlines.csv", "gbr-dl-2027", "deadlines.csv:4:deadline_id", id="deadline"),
    pytest.param("alliances.csv", "SWE:NATO:2024-03-07", "alliances.csv:3:iso3", id="alliance"),
    pytest.param("eu_events.csv", "eu-toolbox-2020-01-29", "eu_events.csv:2:event_id", id="eu-event"),
]


@pytest.mark.parametrize(("file", "fact", "where"), MISSING_CHECK)
def test_validate_refuses_a_drawn_fact_without_verification(tmp_path, file, fact, where):
    data_dir = copy_valid(tmp_path)
    delete_row(data_dir, "verification.csv", _row_of(data_dir, "verification.csv", fact))
    assert validate(data_dir) == [f"{where}: drawn fact {fact!r} has no verification row"]


def test_validate_cli_refuses_a_drawn_fact_without_verification(tmp_path):
    data_dir = copy_valid(tmp_path)
    delete_row(data_dir, "verification.csv", _row_of(data_dir, "verification.csv", "cn-bgr-2020-10"))
    done = subprocess.run(
        [sys.executable, "-m", "geo", "validate", "--data", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert "clean_network.csv:2:event_id: drawn fact 'cn-bgr-2020-10' has no verification row" in done.stderr


def test_unverified_fact_needs_no_verification_row(tmp_path):
    """`verified=false` rows are listed, never drawn: no check record is demanded of them."""
    data_dir = copy_valid(tmp_path)
    assert "deu-rumour" not in (data_dir / "verification.csv").read_text()
    assert validate(data_dir) == []


BROKEN_REFERENCES = [
    pytest.param(
        lambda d: set_cell(d, "verification.csv", 2, "fact_id", "cn-nowhere"),
        [
            "verification.csv:2:fact_id: unknown fact 'cn-nowhere' (not in clean_network.csv)",
            "clean_network.csv:2:event_id: drawn fact 'cn-bgr-2020-10' has no verification row",
        ],
        id="unknown-fact",
    ),
    pytest.param(
        lambda d: set_cell(d, "verification.csv", 2, "evidence_source_id", "ghost-2020"),
        ["verification.csv:2:evidence_source_id: unknown source 'ghost-2020' (not in sources.csv)"],
        id="unknown-evidence-source",
    ),
    pytest.param(
        lambda d: set_cell(d, "verification.csv", 2, "outcome", "probably"),
        ["verification.csv:2:outcome: 'probably' is not one of 'confirmed', 'corrected' or 'disputed'",
         "clean_network.csv:2:event_id: drawn fact 'cn-bgr-2020-10' has no verification row"],
        id="bad-outcome",
    ),
    pytest.param(
        lambda d: set_cell(d, "verification.csv", 2, "checked", "2024-02-30"),
        ["verification.csv:2:checked: not a real date '2024-02-30'",
         "clean_network.csv:2:event_id: drawn fact 'cn-bgr-2020-10' has no verification row"],
        id="bad-checked-date",
    ),
    pytest.param(
        lambda d: set_cell(d, "verification.csv", 2, "table", "restrictions"),
        [
            "verification.csv:2:fact_id: unknown fact 'cn-bgr-2020-10' (not in restrictions.csv)",
            "clean_network.csv:2:event_id: drawn fact 'cn-bgr-2020-10' has no verification row",
        ],
        id="fact-in-wrong-table",
    ),
    pytest.param(
        lambda d: set_cell(d, "disagreements.csv", 2, "fact_id", "cn-nowhere"),
        ["disagreements.csv:2:fact_id: unknown fact 'cn-nowhere' (in no fact table)"],
        id="disagreement-unknown-fact",
    ),
    pytest.param(
        lambda d: set_cell(d, "disagreements.csv", 2, "field", "colour"),
        ["disagreements.csv:2:field: 'colour' is not a column of clean_network.csv"],
        id="disagreement-unknown-field",
    ),
    pytest.param(
        lambda d: set_cell(d, "disagreements.csv", 2, "value", "23/10/2020"),
        ["disagreements.csv:2:value: not a date '23/10/2020' (expected YYYY-MM-DD)"],
        id="disagreement-bad-date",
    ),
    pytest.param(
        lambda d: set_cell(d, "disagreements.csv", 2, "source_id", "ghost-2020"),
        ["disagreements.csv:2:source_id: unknown source 'ghost-2020' (not in sources.csv)"],
        id="disagreement-unknown-source",
    ),
]


@pytest.mark.parametrize(("breaks", "expected"), BROKEN_REFERENCES)
def test_broken_verification_references_are_reported(tmp_path, breaks, expected):
    data_dir = copy_valid(tmp_path)
    breaks(data_dir)
    assert validate(data_dir) == expected


def test_bad_reference_blocks_loading_but_a_missing_check_does_not(tmp_path):
    """A dangling reference is malformed data; a missing check is an editorial gap `validate` refuses."""
    data_dir = copy_valid(tmp_path)
    set_cell(data_dir, "verification.csv", 3, "evidence_source_id", "ghost-2020")
    with pytest.raises(PolicyError):
        load_policy(data_dir)
    data_dir = copy_valid(tmp_path / "second")
    delete_row(data_dir, "verification.csv", 2)
    assert validate(data_dir)
    assert load_policy(data_dir).verification.shape[0] == 19


def test_source_report_on_fixture():
    report = source_report(load_policy(VALID))
    assert report.review_date == date(2024, 5, 10)
    assert report.drawn == 20
    assert dict(report.by_table) == {
        "clean_network": 2, "restrictions": 4, "deadlines": 4, "alliances": 8, "eu_events": 2,
    }
    assert report.with_primary == 20
    assert report.verified == 20
    # checked 2024-04-01 (14 facts) is within a year of 2024-05-10; 2022-01-10 and 2026-02-01 are not
    assert report.checked_recently == 14
    [d] = report.disagreements
    assert (d.fact_id, d.field, d.kept, d.other) == ("cn-xkx-2020-10", "date", "2020-10-26", "2020-10-23")


def test_primary_share_counts_evidence_sources(tmp_path):
    """A fact citing press but checked against a primary source counts as primary; press evidence does not."""
    data_dir = copy_valid(tmp_path)
    set_cell(data_dir, "sources.csv", _row_of(data_dir, "sources.csv", "pts-2020-10-20"), "kind", "press")
    report = source_report(load_policy(data_dir))
    # the SWE facts cite PTS and were checked against PTS only: now press
    assert report.with_primary == 20 - 4
    assert report.by_kind["press"] == 4
    append_row(data_dir, "verification.csv",
               ["swe-2020-10", "restrictions", "2024-04-02", "gov-uk-2020-01-28", "confirmed", ""])
    assert source_report(load_policy(data_dir)).with_primary == 20 - 3


def test_secondary_only_fact_is_marked_in_state_json_and_map_view(tmp_path):
    data_dir = copy_valid(tmp_path)
    set_cell(data_dir, "sources.csv", _row_of(data_dir, "sources.csv", "state-2020-10-23"), "kind", "secondary")
    policy = load_policy(data_dir)
    data = timeline.state_json(policy, "2021-01-01")
    bgr = next(c for c in data["countries"] if c["iso3"] == "BGR")
    assert bgr["clean_network"]["source_kind"] == "secondary"
    assert bgr["clean_network"]["strongest_source"]["url"] == "https://www.state.gov/joint-declaration-bulgaria"
    swe = next(c for c in data["countries"] if c["iso3"] == "SWE")
    assert swe["restriction"]["source_kind"] == "primary"
    assert swe["removal_deadlines"][0]["source_kind"] == "primary"
    view = mapview.map_view(timeline.state_at(policy, "2021-01-01"), "clean_network", date(2021, 1, 1))
    assert view["countries"]["BGR"]["sourceKind"] == "secondary"
    assert view["countries"]["XKX"]["sourceKind"] == "primary"
    assert "sourceKind" not in view["countries"]["SWE"]


def test_stronger_evidence_is_credited_beside_the_cited_source(tmp_path):
    data_dir = copy_valid(tmp_path)
    set_cell(data_dir, "sources.csv", _row_of(data_dir, "sources.csv", "state-2020-10-26"), "kind", "secondary")
    append_row(data_dir, "verification.csv",
               ["cn-xkx-2020-10", "clean_network", "2024-04-02", "state-2020-10-23", "confirmed", ""])
    policy = load_policy(data_dir)
    view = mapview.map_view(timeline.state_at(policy, "2021-01-01"), "clean_network", date(2021, 1, 1),
                            sources=mapview.source_index(policy))
    assert view["countries"]["XKX"]["sourceKind"] == "primary"
    assert view["countries"]["XKX"]["source"].endswith(": Kosovo joins the Clean Network")
    assert view["countries"]["XKX"]["sourceBest"].endswith(": Joint declaration on 5G security with Bulgaria")


def test_disagreement_is_shown_in_the_chronology():
    policy = load_policy(VALID)
    [event] = [e for e in timeline.chronology(policy, "XKX") if e.record_id == "cn-xkx-2020-10"]
    assert event.date == date(2020, 10, 26)
    assert event.disagreements == ("date 2020-10-23 (Example Press)",)


def test_sources_report_command(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "geo", "sources", "--report", "--format", "json", "--data", str(VALID)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    data = json.loads(done.stdout)
    assert data["drawn_facts"] == 20
    assert data["share_primary"] == 1.0
    assert data["review_date"] == "2024-05-10"
    assert data["disagreements"][0]["other"] == "2020-10-23"


def test_real_data_every_drawn_fact_verified():
    """On `data/` itself: every drawn fact of every table has a verification row."""
    gaps = [e for e in validate(DATA_DIR) if "has no verification row" in e]
    assert gaps == []


def test_sources_report_rewrites_only_the_readme_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Title\n\nbefore\n<!-- sources-report:start -->\nold figures\n<!-- sources-report:end -->\nafter\n"
    )
    subprocess.run(
        [sys.executable, "-m", "geo", "sources", "--report", "--readme", str(readme), "--data", str(VALID)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    text = readme.read_text()
    assert "old figures" not in text
    assert text.startswith("# Title\n\nbefore\n<!-- sources-report:start -->\n- Review date: 2024-05-10\n")
    assert "- Drawn facts: 20 (" in text
    assert text.endswith("<!-- sources-report:end -->\nafter\n")


def test_sources_report_refuses_a_readme_without_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("no markers here\n")
    done = subprocess.run(
        [sys.executable, "-m", "geo", "sources", "--readme", str(readme), "--data", str(VALID)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert "no <!-- sources-report:start -->" in done.stderr
    assert readme.read_text() == "no markers here\n"


class TestRealCleanNetwork:
    """The Clean Network and EU rows of `data/` after re-verification (issue 11)."""

    @pytest.fixture(scope="class")
    @staticmethod
    def real():
        return load_policy(DATA_DIR)

    @staticmethod
    def since(real, iso3: str, on: str):
        return next(s for s in timeline.state_at(real, on) if s.iso3 == iso3).clean_network.since

    def test_lithuania_dated_to_the_signing_not_the_text_release(self, real):
        assert self.since(real, "LTU", "2020-12-31") == date(2020, 9, 16)
        [event] = [e for e in timeline.chronology(real, "LTU") if e.layer == "clean_network"]
        assert any("2020-09-17" in d for d in event.disagreements)

    def test_estonia_dated_to_the_day_not_the_month_after(self, real):
        assert self.since(real, "EST", "2020-12-31") == date(2019, 10, 31)
        [event] = [e for e in timeline.chronology(real, "EST") if e.layer == "clean_network"]
        assert event.precision == "day"
        assert any("2019-11-01" in d for d in event.disagreements)

    def test_no_drawn_fact_rests_on_vendor_state_media(self, real):
        cited = set(real.clean_network["source_publisher"]) | set(real.initiative["source_publisher"])
        assert not {p for p in cited if "Global Times" in p or "Xinhua" in p or "CGTN" in p}

    def test_every_clean_network_fact_has_press_or_better_except_flagged(self, real):
        facts = [f for f in drawn_facts(real) if f.table == "clean_network"]
        assert len(facts) == len(real.clean_network[real.clean_network["verified"]])
        assert all(f.strongest is not None for f in facts)
        assert [f.fact_id for f in facts if f.secondary_only] == []

    def test_report_counts_the_eu_track(self, real):
        report = source_report(real)
        assert report.by_table["eu_events"] == len(real.eu_events[real.eu_events["verified"]])
        assert any(d.fact_id == "cn-ltu-2020-09-16" for d in report.disagreements)


def test_every_clean_network_tooltip_cites_its_source_signatories_included():
    """A state that signed a declaration or MOU cites that document (it once showed no source line)."""
    policy = load_policy()
    on = date(2021, 1, 15)
    view = mapview.map_view(timeline.state_at(policy, on), "clean_network", on, sources=mapview.source_index(policy))
    shown = {iso3: e for iso3, e in view["countries"].items() if e["c"] in ("member", "named")}
    signed = [iso3 for iso3, e in shown.items() if e["c"] == "member"]
    assert len(signed) >= 8
    assert [iso3 for iso3, e in shown.items() if not e.get("source")] == []
    estonia = view["countries"]["EST"]
    assert "Joint Declaration on 5G Security" in estonia["source"] and estonia["sourceKind"] == "primary"
