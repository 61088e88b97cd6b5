"""The loader and validator on real files: the valid fixture, and copies of it with one thing broken."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from geo.policy import PolicyError, data_version, load_policy, validate

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"


def copy_valid(tmp_path: Path) -> Path:
    """A private copy of the valid fixture to break."""
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(data_dir: Path, file: str, row: int, column: str, value: str) -> None:
    """Edit one cell; `row` counts like a spreadsheet (header is row 1)."""
    rows = read_rows(data_dir / file)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(data_dir / file, rows)


def append_row(data_dir: Path, file: str, row: list[str]) -> None:
    rows = read_rows(data_dir / file)
    write_rows(data_dir / file, [*rows, row])


def copy_row(data_dir: Path, file: str, row: int) -> None:
    append_row(data_dir, file, read_rows(data_dir / file)[row - 1])


def delete_row(data_dir: Path, file: str, row: int) -> None:
    rows = read_rows(data_dir / file)
    write_rows(data_dir / file, rows[: row - 1] + rows[row:])


def test_valid_fixture_has_no_errors():
    assert validate(VALID) == []


def test_load_policy_types():
    policy = load_policy(VALID)
    assert list(policy.countries["iso3"]) == ["BGR", "DEU", "GBR", "SWE", "XKX"]
    swe = policy.restrictions.set_index("change_id").loc["swe-2020-10"]
    assert swe["announced"] == date(2020, 10, 20)
    assert swe["vendors"] == ("Huawei", "ZTE")
    assert swe["verified"] is True
    assert swe["source_url"] == "https://www.pts.se/en/news/2020/10/pts-decision/"
    assert swe["source_title"] == "PTS decision on 5G auction conditions"
    assert swe["source_published"] == date(2020, 10, 20)
    assert swe["source_publisher"] == "PTS"
    gbr = policy.restrictions.set_index("change_id").loc["gbr-2020-01"]
    assert gbr["effective"] is None and gbr["vendors"] == ()
    assert policy.deadlines.set_index("deadline_id").loc["gbr-dl-2027", "replaces"] == "gbr-dl-2023"
    assert policy.alliances.set_index(["iso3", "alliance"]).loc[("GBR", "EU"), "left"] == date(2020, 1, 31)
    for name in ("clean_network", "deadlines", "operators", "vendor_share", "alliances", "initiative"):
        frame = getattr(policy, name)
        assert {"source_url", "source_title", "source_published", "source_publisher"} <= set(frame.columns)
        assert frame["source_url"].notna().all()


MALFORMED = [
    pytest.param(
        lambda d: set_cell(d, "restrictions.csv", 2, "announced", "2020-13-45"),
        ["restrictions.csv:2:announced: not a real date '2020-13-45'"],
        id="impossible-date",
    ),
    pytest.param(
        lambda d: set_cell(d, "operators.csv", 2, "date", "01/10/2020"),
        ["operators.csv:2:date: not a date '01/10/2020' (expected YYYY-MM-DD)"],
        id="bad-date-format",
    ),
    pytest.param(
        lambda d: set_cell(d, "operators.csv", 2, "iso3", "SWX"),
        ["operators.csv:2:iso3: unknown country 'SWX' (not in countries.csv)"],
        id="unknown-country",
    ),
    pytest.param(
        lambda d: set_cell(d, "operators.csv", 2, "iso3", "swe"),
        ["operators.csv:2:iso3: not an ISO3 code 'swe' (three capital letters)"],
        id="lowercase-country",
    ),
    pytest.param(
        lambda d: set_cell(d, "restrictions.csv", 6, "level", "total"),
        ["restrictions.csv:6:level: 'total' is not one of 'none', 'framework', 'partial' or 'exclusion'"],
        id="unknown-level",
    ),
    pytest.param(
        lambda d: set_cell(d, "sources.csv", 2, "url", "javascript:alert(1)"),
        ["sources.csv:2:url: not an http(s) URL 'javascript:alert(1)'"],
        id="javascript-url",
    ),
    pytest.param(
        lambda d: set_cell(d, "sources.csv", 2, "url", "ftp://ftp.pts.se/decision.pdf"),
        ["sources.csv:2:url: not an http(s) URL 'ftp://ftp.pts.se/decision.pdf'"],
        id="ftp-url",
    ),
    pytest.param(
        lambda d: set_cell(d, "restrictions.csv", 6, "source_id", ""),
        ["restrictions.csv:6:source_id: empty; a value is required"],
        id="missing-source-id",
    ),
    pytest.param(
        lambda d: set_cell(d, "restrictions.csv", 6, "source_id", "nowhere-2020"),
        ["restrictions.csv:6:source_id: unknown source 'nowhere-2020' (not in sources.csv)"],
        id="unknown-source-id",
    ),
    pytest.param(
        lambda d: copy_row(d, "operators.csv", 2),
        ["operators.csv:3:event_id: duplicate row (same as row 2)"],
        id="duplicate-row",
    ),
    pytest.param(
        lambda d: (
            copy_row(d, "operators.csv", 2),
            set_cell(d, "operators.csv", 3, "summary", "Other words."),
        ),
        ["operators.csv:3:event_id: duplicate event_id 'op-swe-telia' (first on row 2)"],
        id="duplicate-key",
    ),
    pytest.param(
        lambda d: set_cell(d, "deadlines.csv", 2, "set_on", "2025-06-01"),
        [
            "deadlines.csv:2:set_on: deadline before its own announcement "
            "(set_on 2025-06-01 after deadline 2025-01-01)"
        ],
        id="deadline-before-announcement",
    ),
    pytest.param(
        lambda d: set_cell(d, "restrictions.csv", 5, "effective", "2021-01-01"),
        [
            "restrictions.csv:5:effective: effective before announced "
            "(effective 2021-01-01, announced 2021-04-23)"
        ],
        id="effective-before-announced",
    ),
    pytest.param(
        lambda d: set_cell(d, "deadlines.csv", 4, "replaces", "gbr-dl-1999"),
        ["deadlines.csv:4:replaces: unknown deadline_id 'gbr-dl-1999'"],
        id="replaces-unknown",
    ),
    pytest.param(
        lambda d: (
            append_row(d, "alliances.csv", ["GBR", "EU", "2019-01-01", "", "day", "gov-uk-2020-01-28"]),
            append_row(
                d, "verification.csv",
                ["GBR:EU:2019-01-01", "alliances", "2024-04-01", "gov-uk-2020-01-28", "confirmed", ""],
            ),
        ),
        ["alliances.csv:10:joined: GBR EU membership overlaps the period on row 5"],
        id="overlapping-alliance",
    ),
    pytest.param(
        lambda d: set_cell(d, "alliances.csv", 5, "left", "1970-01-01"),
        ["alliances.csv:5:left: left before joined (left 1970-01-01, joined 1973-01-01)"],
        id="left-before-joined",
    ),
    pytest.param(
        lambda d: set_cell(d, "restrictions.csv", 1, "level", "lvl"),
        ["restrictions.csv:1:level: missing column", "restrictions.csv:1:lvl: unknown column"],
        id="wrong-header",
    ),
    pytest.param(
        lambda d: set_cell(d, "operators.csv", 2, "verified", "yes"),
        ["operators.csv:2:verified: not a boolean 'yes' (expected true or false)"],
        id="bad-boolean",
    ),
    pytest.param(
        lambda d: set_cell(d, "vendor_share.csv", 2, "share_pct", "157"),
        ["vendor_share.csv:2:share_pct: share 157.0 outside 0-100"],
        id="share-over-100",
    ),
    pytest.param(
        lambda d: delete_row(d, "reviews.csv", 16),
        ["reviews.csv:-:layer: no review row for XKX layer 'deadline'"],
        id="missing-review",
    ),
    pytest.param(
        lambda d: set_cell(d, "reviews.csv", 15, "finding", "facts"),
        ["reviews.csv:15:finding: 'facts' but no verified fact for XKX in restrictions.csv"],
        id="review-facts-without-fact",
    ),
    pytest.param(
        lambda d: set_cell(d, "reviews.csv", 12, "finding", "nothing_found"),
        ["reviews.csv:12:finding: 'nothing_found' but restrictions.csv has a verified fact for SWE"],
        id="review-nothing-found-with-fact",
    ),
    pytest.param(
        lambda d: (d / "alliances.csv").unlink(),
        ["alliances.csv:-:-: missing file"],
        id="missing-file",
    ),
    pytest.param(
        lambda d: (d / "operators.csv").write_text(
            (d / "operators.csv").read_text(encoding="utf-8").replace("5g_ran,", "5g_ran,,", 1),
            encoding="utf-8",
        ),
        ["operators.csv:2:-: 12 cells, header has 11 (a stray comma? quote a cell that contains one)"],
        id="extra-comma",
    ),
    pytest.param(
        lambda d: (d / "operators.csv").write_bytes(b""),
        ["operators.csv:1:-: empty file (no header row)"],
        id="empty-file",
    ),
    pytest.param(
        lambda d: (d / "operators.csv").write_bytes(
            (d / "operators.csv").read_bytes().replace(b"Telia picked", b"Telia \xe9 picked")
        ),
        ["operators.csv:-:-: not UTF-8 (byte 0xe9 at offset 162)"],
        id="bad-encoding",
    ),
]


@pytest.mark.parametrize(("breaks", "expected"), MALFORMED)
def test_malformed_fixture_reports_exact_error(tmp_path, breaks, expected):
    data_dir = copy_valid(tmp_path)
    breaks(data_dir)
    assert validate(data_dir) == expected
    with pytest.raises(PolicyError) as raised:
        load_policy(data_dir)
    assert raised.value.errors == expected


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    data_dir = copy_valid(tmp_path)
    set_cell(data_dir, "sources.csv", 3, "url", "ftp://example.org/x")
    set_cell(data_dir, "operators.csv", 2, "decision", "bought")
    set_cell(data_dir, "deadlines.csv", 5, "set_on", "2027-01-01")
    errors = validate(data_dir)
    assert "sources.csv:3:url: not an http(s) URL 'ftp://example.org/x'" in errors
    assert (
        "operators.csv:2:decision: 'bought' is not one of 'chose', 'dropped', 'limited' or 'kept'" in errors
    )
    assert any(e.startswith("deadlines.csv:5:set_on: deadline before its own announcement") for e in errors)
    assert len(errors) == 3 + (date.today() < date(2027, 1, 1))  # set_on in the future is implausible too


def test_country_list_comes_from_the_data_dir(tmp_path):
    """A state added to countries.csv needs its three reviews; the 50-state list is not hard-wired."""
    data_dir = copy_valid(tmp_path)
    append_row(data_dir, "countries.csv", ["NOR", "Norway", "false"])
    assert validate(data_dir) == [
        f"reviews.csv:-:layer: no review row for NOR layer '{layer}'"
        for layer in ("clean_network", "restriction", "deadline")
    ]


def test_data_version_is_stable_across_line_endings(tmp_path):
    data_dir = copy_valid(tmp_path)
    before = data_version(load_policy(data_dir))
    for path in data_dir.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    after = data_version(load_policy(data_dir))
    assert before == after
    assert before["reviewed"] == "2024-05-10"
    assert len(before["sha256"]) == 64


def test_data_version_changes_with_content(tmp_path):
    data_dir = copy_valid(tmp_path)
    before = data_version(load_policy(data_dir))["sha256"]
    set_cell(data_dir, "operators.csv", 2, "summary", "Telia chose Ericsson.")
    assert data_version(load_policy(data_dir))["sha256"] != before


GARBAGE = [
    b"\xff\xfe\x00h\x00i",
    b'"unterminated,quote\n',
    b",,,,\n,,,\n",
    b"\n\n\n",
    b"iso3\n" + b"A" * 5000,
    "éü,\u2028,\r\r\n".encode(),
]


@pytest.mark.parametrize("content", GARBAGE)
def test_garbage_in_any_file_is_reported_not_raised(tmp_path, content):
    data_dir = copy_valid(tmp_path)
    for path in sorted(data_dir.glob("*.csv")):
        original = path.read_bytes()
        path.write_bytes(content)
        errors = validate(data_dir)
        assert errors and errors[0].startswith(path.name + ":"), (path.name, errors[:3])
        path.write_bytes(original)


def test_missing_data_dir_lists_every_file(tmp_path):
    errors = validate(tmp_path / "nowhere")
    assert errors == [
        f"{name}:-:-: missing file"
        for name in (
            "countries.csv",
            "sources.csv",
            "clean_network.csv",
            "initiative.csv",
            "restrictions.csv",
            "deadlines.csv",
            "operators.csv",
            "vendor_share.csv",
            "alliances.csv",
            "reviews.csv",
            "eu_events.csv",
            "verification.csv",
            "disagreements.csv",
        )
    ]
