"""The policy subcommands as a user runs them: `python -m geo ...` in a subprocess, exit codes 0/1/2."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validate_valid_data():
    result = run("validate", "--data", str(VALID))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "valid: 5 states, 15 fact rows, 9 distinct sources cited; 3 states with a restriction change, "
        "2 with a Clean Network fact, 3 with a deadline"
    )


def test_validate_lists_every_error_on_stderr(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(VALID, data_dir)
    (data_dir / "alliances.csv").unlink()
    text = (data_dir / "sources.csv").read_text(encoding="utf-8")
    (data_dir / "sources.csv").write_text(
        text.replace("https://www.pts.se", "ftp://www.pts.se"), encoding="utf-8"
    )
    result = run("validate", "--data", str(data_dir))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "sources.csv:2:url: not an http(s) URL 'ftp://www.pts.se/en/news/2020/10/pts-decision/'",
        "alliances.csv:-:-: missing file",
    ]


def test_state_json_shape():
    result = run("state", "--date", "2021-01-01", "--data", str(VALID))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["date"] == "2021-01-01"
    assert [c["iso3"] for c in data["countries"]] == ["BGR", "DEU", "GBR", "SWE", "XKX"]
    swe = data["countries"][3]
    assert set(swe) >= {"iso3", "name", "clean_network", "restriction", "removal_deadlines", "alliances"}
    assert set(swe["clean_network"]) >= {"member", "since", "basis", "source_url"}
    assert set(swe["restriction"]) >= {"level", "since", "vendors", "source_url"}
    assert (swe["restriction"]["level"], swe["restriction"]["since"]) == ("exclusion", "2020-10-20")
    assert swe["removal_deadlines"][0]["date"] == "2025-01-01"
    assert set(swe["removal_deadlines"][0]) >= {"date", "scope", "source_url"}


def test_state_alliance_filter_and_csv():
    result = run(
        "state",
        "--date",
        "2021-01-01",
        "--alliance",
        "NATO",
        "--alliance",
        "EU",
        "--format",
        "csv",
        "--data",
        str(VALID),
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["iso3"] for r in rows] == ["BGR", "DEU"]
    assert rows[0]["clean_network"] == "member"


def test_state_table():
    result = run("state", "--date", "2021-01-01", "--format", "table", "--data", str(VALID))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[:3] == ["iso3", "name", "clean_network"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2021-02-30"), "state: invalid date '2021-02-30': no such day"),
        (("--date", "01.01.2021"), "state: invalid date '01.01.2021': expected YYYY-MM-DD or YYYY-MM"),
        (("--date", "2017-06-01"), "state: date 2017-06-01 outside the data range 2020-01-01 to 2027-12-31"),
        (
            ("--date", "2021-01-01", "--alliance", "Warsaw"),
            "state: unknown alliance 'Warsaw'; choose from NATO, EU, EEA, Schengen, 3SI, EU_candidate",
        ),
    ],
)
def test_state_refuses_bad_requests(args, message):
    result = run("state", *args, "--data", str(VALID))
    assert result.returncode == 2
    assert result.stderr.strip() == message


def test_state_on_invalid_data_exits_1(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(VALID, data_dir)
    (data_dir / "reviews.csv").write_text("", encoding="utf-8")
    result = run("state", "--date", "2021-01-01", "--data", str(data_dir))
    assert result.returncode == 1
    assert result.stderr.strip() == "reviews.csv:1:-: empty file (no header row)"


def test_changes_json():
    result = run(
        "changes", "--from", "2020-09", "--to", "2020-10", "--layer", "clean_network", "--data", str(VALID)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(c["iso3"], c["before"], c["after"]) for c in data["changes"]] == [
        ("BGR", "not_member", "member"),
        ("XKX", "not_member", "named"),
    ]
    assert data["changes"][0]["events"][0]["source_url"] == "https://www.state.gov/joint-declaration-bulgaria"


def test_changes_table_with_alliance():
    result = run(
        "changes",
        "--from",
        "2020-01",
        "--to",
        "2021-01",
        "--alliance",
        "EU",
        "--format",
        "table",
        "--data",
        str(VALID),
    )
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["SWE"]


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2020-10", "--to", "2020-11", "--layer", "colour"),
        ("--from", "2020-11", "--to", "2020-10"),
        ("--from", "2019-01", "--to", "2020-10"),
        ("--from", "2020-10-05", "--to", "2020-11"),
        ("--from", "2020-10", "--to", "2020-11", "--alliance", "OSCE"),
    ],
)
def test_changes_refuses_bad_requests(args):
    result = run("changes", *args, "--data", str(VALID))
    assert result.returncode == 2
    assert result.stderr.startswith("changes: ")


def test_country_chronology():
    result = run("country", "SWE", "--data", str(VALID))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["iso3"] == "SWE"
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    assert {e["layer"] for e in data["events"]} == {"restriction", "deadline", "operator", "alliance"}
    table = run("country", "swe", "--format", "table", "--data", str(VALID))
    assert table.returncode == 0 and "exclusion" in table.stdout


def test_country_unknown_code():
    result = run("country", "ZZZ", "--data", str(VALID))
    assert result.returncode == 2
    assert result.stderr.strip() == "country: unknown country code 'ZZZ' (not in countries.csv)"
