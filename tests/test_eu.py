"""The EU-level track: loading, the range query, the chronology, the browser timeline, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geo import eu, mapview, timeline
from geo.policy import DATA_DIR, load_policy, validate
from tests.test_policy import VALID, copy_valid, set_cell

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def policy():
    return load_policy(VALID)


def test_eu_events_in_range(policy):
    assert [e.event_id for e in eu.eu_events(policy)] == [
        "eu-toolbox-2020-01-29", "eu-rumour-2020-06", "eu-csa-proposal-2026-01-20",
    ]
    assert [e.event_id for e in eu.eu_events(policy, "2020-01-29", "2020-01-29")] == ["eu-toolbox-2020-01-29"]
    assert [e.event_id for e in eu.eu_events(policy, "2021-01", None)] == ["eu-csa-proposal-2026-01-20"]
    assert eu.eu_events(policy, "2020-02-01", "2020-05-31") == []
    proposal = eu.eu_events(policy, "2026-01")[0]
    assert proposal.legal_status == "proposal"
    assert proposal.label == "Legislative proposal (proposal, not law)"
    assert proposal.source_url == "https://ec.europa.eu/cybersecurity-act-proposal"


def test_eu_events_never_change_a_state(policy):
    """A proposal or a toolbox is not a national ban: no state's category moves with an EU event."""
    for layer in timeline.LAYERS:
        assert timeline.changes_between(policy, "2026-01-01", "2026-02-28", layer) == []


def test_eu_events_in_month(policy):
    assert [e.event_id for e in eu.eu_events_in_month(policy, "2020-01")] == ["eu-toolbox-2020-01-29"]
    assert eu.eu_events_in_month(policy, "2020-02") == []


def test_chronology_with_eu_only_during_membership(policy):
    bgr = eu.chronology_with_eu(policy, "BGR")
    assert [e.record_id for e in bgr if e.layer == "eu"] == [
        "eu-toolbox-2020-01-29", "eu-rumour-2020-06", "eu-csa-proposal-2026-01-20",
    ]
    # the UK left the EU on 2020-02-01 (fixture): the Toolbox of 29 Jan 2020 applied, the 2026 proposal not
    gbr = [e.record_id for e in eu.chronology_with_eu(policy, "GBR") if e.layer == "eu"]
    assert gbr == ["eu-toolbox-2020-01-29"]
    assert [e for e in eu.chronology_with_eu(policy, "XKX") if e.layer == "eu"] == []
    assert all(e.iso3 == "EU" for e in bgr if e.layer == "eu")
    assert [e for e in timeline.chronology(policy, "BGR") if e.layer == "eu"] == []


def test_timeline_json_has_eu_marks_and_keeps_its_keys(policy):
    data = mapview.timeline_views(policy, {})
    assert {"months", "entries", "series", "layers", "microstates", "euEvents"} <= set(data)
    marks = data["euEvents"]
    # only verified events: the unverified rumour is listed by eu_events, never marked
    assert [m["event_id"] for m in marks] == ["eu-toolbox-2020-01-29", "eu-csa-proposal-2026-01-20"]
    assert data["months"][marks[0]["month"]] == "2020-01"
    assert marks[0]["legal_status"] == "non_binding"


def test_bad_legal_status_is_reported(tmp_path):
    data_dir = copy_valid(tmp_path)
    set_cell(data_dir, "eu_events.csv", 3, "legal_status", "law")
    assert validate(data_dir) == [
        "eu_events.csv:3:legal_status: 'law' is not one of 'non_binding', 'proposal' or 'binding'"
    ]


def _geo(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "geo", *args, "--data", str(VALID)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_cli_eu_events_changes_and_country():
    assert [e["event_id"] for e in _geo("eu-events", "--format", "json")["eu_events"]] == [
        "eu-toolbox-2020-01-29", "eu-rumour-2020-06", "eu-csa-proposal-2026-01-20",
    ]
    assert _geo("eu-events", "--from", "2026-01", "--format", "json")["eu_events"][0]["legal_status"] == "proposal"
    data = _geo("changes", "--from", "2025-12", "--to", "2026-01")
    assert data["changes"] == []
    assert [e["event_id"] for e in data["eu_events"]] == ["eu-csa-proposal-2026-01-20"]
    data = _geo("country", "BGR")
    assert {"iso3", "events", "eu_events"} <= set(data)
    assert all(e["layer"] != "eu" for e in data["events"])
    assert data["eu_events"][0]["label"] == "Toolbox (not binding)"


def test_real_eu_track():
    """The real EU track: the steps that frame every member's policy, each with its legal status."""
    real = load_policy(DATA_DIR)
    events = {e.event_id: e for e in eu.eu_events(real)}
    by_day = {(e.date, e.kind): e for e in events.values() if e.verified}
    assert by_day[(date(2019, 3, 26), "recommendation")].legal_status == "non_binding"
    assert (date(2020, 1, 29), "toolbox") in by_day
    assert (date(2023, 6, 15), "communication") in by_day
    proposal = by_day[(date(2026, 1, 20), "proposal")]
    assert proposal.legal_status == "proposal"
