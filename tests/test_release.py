"""Dates at precision, readable tables, citations, the data package, `geo diff` and the changelog feed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from geo import analysis, changelog, cite, datapackage, diff, readable, style
from geo.dates import format_date
from geo.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "diff"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.mark.parametrize(("value", "precision", "expected"), [
    ("2004-03-29", "day", "29 Mar 2004"),
    ("2004-03-01", "month", "Mar 2004"),
    ("2004-01-01", "year", "2004"),
    (date(1955, 1, 1), "year", "1955"),
    ("2004-03-29", None, "29 Mar 2004"),
    ("", "year", ""),
])
def test_format_date_follows_precision(value, precision, expected):
    assert format_date(value, precision) == expected


def test_readable_headers_dates_and_lists():
    frame = pd.DataFrame({
        "date": ["1955-01-01", "2020-10-20"], "precision": ["year", "day"], "iso3": ["DEU", "SWE"],
        "vendors": ["Huawei;ZTE", ""], "verified": ["true", "false"], "time_left": ["", "2 years left"],
    })
    shown = readable.readable(frame)
    assert list(shown.columns) == ["Date", "Code", "Vendors", "Verified", "Time left"]
    assert list(shown["Date"]) == ["1955", "20 Oct 2020"]
    assert list(shown["Vendors"]) == ["Huawei, ZTE", ""]
    assert list(shown["Verified"]) == ["yes", "no"]


def test_every_analyst_frame_gets_a_human_header_for_every_column(policy):
    on = date(2021, 1, 31)
    frames = [
        analysis.events_table(policy), analysis.state_table(policy, "deadline", on),
        analysis.changes_table(policy, date(2020, 9, 30), date(2020, 11, 30), "restriction"),
        analysis.sources_table(policy), analysis.deadline_rows(policy, "GBR", on),
        *(analysis.layer_facts(policy, layer, on) for layer in analysis.LAYER_TABLES),
    ]
    for frame in frames:
        for column in frame.columns:
            if column in readable.HIDDEN:
                continue
            assert column in readable.HEADERS, f"no words for {column!r}"
            assert readable.header(column) != column


def test_swatches_are_the_map_fills(policy):
    table = analysis.state_table(policy, "restriction", date(2021, 1, 31))
    fills = readable.swatches(table)["Category"]
    for key, fill in zip(table["category"], fills, strict=True):
        assert fill == style.style_of("restriction", key).fill


def test_germany_nato_accession_reads_at_its_precision(policy):
    row = policy.alliances[(policy.alliances["iso3"] == "DEU") & (policy.alliances["alliance"] == "NATO")].iloc[0]
    shown = format_date(row["joined"], row["date_precision"])
    assert shown in {"1955", "May 1955", "9 May 1955", "6 May 1955", "5 May 1955"}
    assert "1955-01-01" not in shown


def test_status_rows_cover_three_layers_with_since_at_precision(policy):
    rows = analysis.layer_statuses(policy, "SWE", date(2021, 1, 31))
    assert [r.layer for r in rows] == ["clean_network", "restriction", "deadline"]
    restriction = rows[1]
    assert restriction.category == "exclusion" and restriction.since == "20 Oct 2020"
    assert restriction.fill == style.style_of("restriction", "exclusion").fill
    assert restriction.source_url.startswith("http")
    assert rows[2].deadlines and "2025" in rows[2].deadlines[0]


def test_citation_names_version_review_date_and_url(policy):
    url = "http://localhost:8501/Chronology?layer=restriction&date=2021-01"
    text = cite.citation_text("Chronology (Restrictions, Jan 2021)", url, policy, date(2026, 11, 29))
    release = cite.data_release(policy)
    assert release in text and url in text and "data reviewed" in text
    bib = cite.bibtex("Chronology (Restrictions, Jan 2021)", url, policy, date(2026, 11, 29))
    assert bib.startswith("@misc{atlas-") and f"version = {{{release}}}" in bib
    assert "url = {http://localhost:8501/Chronology?layer=restriction&date=2021-01}" in bib
    assert bib.count("{") == bib.count("}")


def test_bibtex_escapes_specials(policy):
    bib = cite.bibtex("A & B 50% {x}", "http://h/?a=%20", policy, date(2026, 1, 1))
    assert r"A \& B 50\% \{x\}" in bib and r"http://h/?a=\%20" in bib


def _unzip(data: bytes, target: Path) -> Path:
    zipfile.ZipFile(io.BytesIO(data)).extractall(target)
    return target / datapackage.NAME


def test_data_package_validates_with_frictionless(policy, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    root = _unzip(datapackage.package_zip(policy), tmp_path)
    assert (root / "data" / "SCHEMA.md").is_file() and (root / "CHANGELOG.md").is_file()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == cite.data_release(policy)
    assert descriptor["licenses"] and descriptor["sources"]
    names = {r["name"] for r in descriptor["resources"]}
    assert {"restrictions", "deadlines", "clean_network", "alliances", "sources", "countries"} <= names
    report = frictionless.validate(str(root / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_data_package_validation_can_fail(policy, tmp_path):
    """A bad level and an unknown source are caught by the schema: the validation is not a rubber stamp."""
    frictionless = pytest.importorskip("frictionless")
    root = _unzip(datapackage.package_zip(policy), tmp_path)
    path = root / "data" / "restrictions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = "total_ban"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(str(root / "datapackage.json"))
    assert not report.valid
    assert any(error[3] == "constraint-error" for error in report.flatten(["rowNumber", "fieldName", "note", "type"]))


def test_data_package_zip_is_deterministic(policy):
    assert datapackage.package_zip(policy) == datapackage.package_zip(policy)


def test_diff_of_two_fixture_versions_lists_exactly_the_changed_facts():
    notes, changes = diff.diff_versions(str(FIXTURES / "old"), str(FIXTURES / "new"))
    assert notes == ["verification.csv: new table (1 row)"]
    got = {(c.table, c.key, c.kind, tuple(sorted(c.fields))) for c in changes}
    assert got == {
        ("alliances.csv", "DEU:NATO:1955-01-01", "removed", ()),
        ("alliances.csv", "DEU:NATO:1955-05-09", "added", ()),
        ("restrictions.csv", "rs-aaa-1", "changed", ("effective",)),
        ("restrictions.csv", "rs-bbb-1", "removed", ()),
        ("restrictions.csv", "rs-ccc-1", "changed", ("announced", "date_precision", "verified")),
        ("restrictions.csv", "rs-ddd-1", "added", ()),
        ("verification.csv", "rs-aaa-1:restrictions:2026-11-29:src-1", "added", ()),
    }
    ccc = next(c for c in changes if c.key == "rs-ccc-1")
    assert ccc.fields["announced"] == ("2021-05-18", "2021-05-01")


def test_diff_of_a_version_with_itself_is_empty():
    assert diff.diff_versions(str(FIXTURES / "old"), str(FIXTURES / "old")) == ([], [])


def test_diff_cli_text_json_and_bad_version():
    run = [sys.executable, "-m", "geo", "diff", str(FIXTURES / "old"), str(FIXTURES / "new")]
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "restrictions.csv: 1 added, 1 removed, 2 changed" in text
    assert "~ rs-aaa-1: effective: '' → '2020-10-20'" in text
    data = json.loads(subprocess.run([*run, "--format", "json"], cwd=ROOT, capture_output=True, text=True,
                                     check=True).stdout)
    assert data["counts"]["restrictions.csv"] == {"added": 1, "removed": 1, "changed": 2}
    bad = subprocess.run([sys.executable, "-m", "geo", "diff", "no-such-rev", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "neither a folder nor a git revision" in bad.stderr


def test_diff_reads_git_revisions():
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    tables = diff.read_version("HEAD")
    assert "restrictions.csv" in tables and tables["countries.csv"]


def test_diff_reads_an_unpacked_data_package(policy, tmp_path):
    root = _unzip(datapackage.package_zip(policy), tmp_path)
    assert diff.diff_versions(str(root), str(ROOT / "data")) == ([], [])


def test_changelog_parses_and_feed_is_atom():
    entries = changelog.load()
    assert entries, "CHANGELOG.md has entries"
    assert all(e.released.endswith("Z") and e.body for e in entries)
    assert [e.released for e in entries] == sorted((e.released for e in entries), reverse=True)
    feed = ElementTree.fromstring(changelog.atom(entries).encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    first = feed.find(f"{ATOM}entry")
    assert first is not None and entries[0].version in first.find(f"{ATOM}title").text
    assert feed.find(f"{ATOM}updated").text == entries[0].released


def test_changelog_entry_without_release_time_is_refused():
    with pytest.raises(ValueError, match="Released"):
        changelog.parse("## 2026-01-01+abc · Something\n- a fact\n")


def test_feed_escapes_markup():
    entry = changelog.Entry("v1", "<b>x</b> & y", "2026-01-01T00:00:00Z", "<script>")
    text = changelog.atom([entry])
    assert "<b>" not in text and "<script>" not in text
    ElementTree.fromstring(text.encode("utf-8"))


def test_package_cli_writes_the_zip(tmp_path):
    out = tmp_path / "atlas.zip"
    result = subprocess.run([sys.executable, "-m", "geo", "package", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "wrote" in result.stdout
    names = zipfile.ZipFile(out).namelist()
    assert f"{datapackage.NAME}/datapackage.json" in names and f"{datapackage.NAME}/data/SCHEMA.md" in names
