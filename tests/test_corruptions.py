"""Corrupted data and shapes each give one exact message, never a crash or a silent pass.

The table of cases and messages is also `tests/CORRUPTIONS.md` (regenerate it with
`.venv/bin/python -m tests.test_corruptions > tests/CORRUPTIONS.md`; a test keeps the two equal).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from geo import shapes
from geo.policy import validate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VALID = HERE / "fixtures" / "valid"
DOC = HERE / "CORRUPTIONS.md"
TODAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    breaks: Callable[[Path], None]
    kind: str = "data"  # "data": a file of the fixture's data folder; "shapes": the shapes file


def _edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _write(file: str, content: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / file).write_bytes(content)


def _header_only(file: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    return apply


def _features(change: Callable[[list[dict]], list[dict]]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / "europe.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["features"] = change(doc["features"])
        path.write_text(json.dumps(doc), encoding="utf-8")

    return apply


def _index(features: list[dict], iso3: str) -> int:
    return next(i for i, f in enumerate(features) if f["properties"]["iso3"] == iso3)


def _without(iso3: str) -> Callable[[list[dict]], list[dict]]:
    return lambda fs: [f for f in fs if f["properties"]["iso3"] != iso3]


def _twice(iso3: str) -> Callable[[list[dict]], list[dict]]:
    return lambda fs: [*fs, fs[_index(fs, iso3)]]


def _set(iso3: str, update: Callable[[dict], None]) -> Callable[[list[dict]], list[dict]]:
    def change(fs: list[dict]) -> list[dict]:
        update(fs[_index(fs, iso3)])
        return fs

    return change


BOWTIE = {"type": "Polygon", "coordinates": [[[10, 60], [12, 62], [12, 60], [10, 62], [10, 60]]]}
PROJECTED = {"type": "Polygon", "coordinates": [[[4.6e6, 4.0e6], [4.7e6, 4.0e6], [4.7e6, 4.1e6], [4.6e6, 4.0e6]]]}

CASES = [
    Case(
        "unterminated-quote",
        '`sources.csv`: a publisher opens a quote it never closes (`,"PTS,`)',
        _edit("sources.csv", "pts-2020-10-20,PTS,", 'pts-2020-10-20,"PTS,'),
    ),
    Case(
        "quote-closed-late",
        "`sources.csv`: an opened quote closes on a later row",
        _edit("sources.csv", "pts-2020-10-20,PTS,", 'pts-2020-10-20,"PTS,x\n",'),
    ),
    Case(
        "text-after-quote",
        '`sources.csv`: text right after a closing quote (`"PTS"x`)',
        _edit("sources.csv", "pts-2020-10-20,PTS,", 'pts-2020-10-20,"PTS"x,'),
    ),
    Case(
        "stray-quote",
        "`sources.csv`: a quote inside an unquoted cell",
        _edit("sources.csv", "PTS decision on", 'PTS "decision" on'),
    ),
    Case(
        "stray-comma",
        "`restrictions.csv`: a stray comma adds a cell",
        _edit("restrictions.csv", "swe-2020-10,SWE,", "swe-2020-10,SWE,,"),
    ),
    Case(
        "missing-cell",
        "`countries.csv`: a row one cell short",
        _edit("countries.csv", "BGR,Bulgaria,false", "BGR,false"),
    ),
    Case(
        "year-1066",
        "`restrictions.csv`: announced in 1066",
        _edit("restrictions.csv", "exclusion,2020-10-20,2020-10-20", "exclusion,1066-10-14,2020-10-20"),
    ),
    Case(
        "year-0202", "`clean_network.csv`: a date typed 0202", lambda d: _retype_first(d, "clean_network.csv", "date")
    ),
    Case(
        "review-2999",
        "`reviews.csv`: a review dated 2999 (would move the default month to 2029)",
        _edit("reviews.csv", "BGR,clean_network,2024-05-10", "BGR,clean_network,2999-05-10"),
    ),
    Case(
        "review-2010",
        "`reviews.csv`: a review before the atlas existed",
        _edit("reviews.csv", "BGR,clean_network,2024-05-10", "BGR,clean_network,2010-05-10"),
    ),
    Case(
        "accessed-before-published",
        "`sources.csv`: accessed before published",
        _edit("sources.csv", "2020-10-20,2026-11-29,primary", "2020-10-20,2020-10-19,primary"),
    ),
    Case(
        "published-future",
        "`sources.csv`: published after today",
        _edit("sources.csv", "2020-10-20,2026-11-29,primary", "2027-10-20,2026-11-29,primary"),
    ),
    Case(
        "deadline-2099",
        "`deadlines.csv`: a removal deadline in 2099",
        lambda d: _retype_first(d, "deadlines.csv", "deadline", "2099-12-31"),
    ),
    Case(
        "effective-2040",
        "`restrictions.csv`: in force from 2040",
        _edit("restrictions.csv", "exclusion,2020-10-20,2020-10-20", "exclusion,2020-10-20,2040-10-20"),
    ),
    Case("left-2999", "`alliances.csv`: left an alliance in 2999", lambda d: _set_left(d, "GBR", "EU", "2999-01-31")),
    Case("header-only-countries", "`countries.csv`: header only (no states)", _header_only("countries.csv")),
    Case("header-only-sources", "`sources.csv`: header only", _header_only("sources.csv")),
    Case("empty-file", "`operators.csv`: zero bytes", _write("operators.csv", b"")),
    Case(
        "not-utf8",
        "`countries.csv`: Latin-1 bytes",
        lambda d: (d / "countries.csv").write_bytes(
            (d / "countries.csv").read_bytes().replace(b"Bulgaria", b"Bulg\xe4ria")
        ),
    ),
    Case(
        "nul-bytes", "`reviews.csv`: NUL bytes (a binary file saved over it)", _write("reviews.csv", b"iso3\x00layer\n")
    ),
    Case(
        "duplicate-column",
        "`countries.csv`: a column twice in the header",
        _edit("countries.csv", "iso3,name,microstate", "iso3,name,name"),
    ),
    Case("missing-file", "`vendor_share.csv` deleted", lambda d: (d / "vendor_share.csv").unlink()),
    Case("shapes-missing", "`europe.geojson` deleted", lambda d: (d / "europe.geojson").unlink(), "shapes"),
    Case("shapes-empty", "`europe.geojson`: zero bytes", _write("europe.geojson", b""), "shapes"),
    Case(
        "shapes-truncated",
        "`europe.geojson`: cut off half-way",
        lambda d: (d / "europe.geojson").write_bytes((d / "europe.geojson").read_bytes()[:150_000]),
        "shapes",
    ),
    Case(
        "shapes-not-geojson",
        "`europe.geojson`: valid JSON, not GeoJSON",
        _write("europe.geojson", b'["a", "b"]'),
        "shapes",
    ),
    Case("shapes-not-utf8", "`europe.geojson`: not UTF-8", _write("europe.geojson", b'{"type": "\xff"}'), "shapes"),
    Case("shapes-sweden-removed", "`europe.geojson`: Sweden's feature removed", _features(_without("SWE")), "shapes"),
    Case("shapes-sweden-twice", "`europe.geojson`: Sweden's feature twice", _features(_twice("SWE")), "shapes"),
    Case(
        "shapes-self-intersecting",
        "`europe.geojson`: Sweden drawn as a self-intersecting bow-tie",
        _features(_set("SWE", lambda f: f.update(geometry=BOWTIE))),
        "shapes",
    ),
    Case(
        "shapes-null-geometry",
        "`europe.geojson`: Sweden without geometry",
        _features(_set("SWE", lambda f: f.update(geometry=None))),
        "shapes",
    ),
    Case(
        "shapes-point",
        "`europe.geojson`: Sweden as a point",
        _features(_set("SWE", lambda f: f.update(geometry={"type": "Point", "coordinates": [15, 62]}))),
        "shapes",
    ),
    Case(
        "shapes-projected",
        "`europe.geojson`: Sweden in metres (EPSG:3035), not degrees",
        _features(_set("SWE", lambda f: f.update(geometry=PROJECTED))),
        "shapes",
    ),
    Case(
        "shapes-broken-coordinates",
        "`europe.geojson`: Sweden's coordinates not numbers",
        _features(_set("SWE", lambda f: f.update(geometry={"type": "Polygon", "coordinates": [["x"]]}))),
        "shapes",
    ),
    Case(
        "shapes-no-iso3",
        "`europe.geojson`: Sweden's iso3 property dropped",
        _features(_set("SWE", lambda f: f["properties"].pop("iso3"))),
        "shapes",
    ),
    Case(
        "shapes-wrong-scope",
        "`europe.geojson`: Sweden marked as neutral context",
        _features(_set("SWE", lambda f: f["properties"].update(scope="context"))),
        "shapes",
    ),
]


def _set_left(folder: Path, iso3: str, alliance: str, value: str) -> None:
    """Set `left` on one membership row (its key, iso3/alliance/joined, stays the same)."""
    path = folder / "alliances.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[header.index("iso3")] == iso3 and cells[header.index("alliance")] == alliance:
            cells[header.index("left")] = value
            lines[n] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _retype_first(folder: Path, file: str, column: str, value: str = "0202-01-01") -> None:
    """Set `column` of the first data row to `value` (a typo in an otherwise valid row)."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index(column)] = value
    lines[1] = ",".join(first)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def messages(case: Case, folder: Path) -> list[str]:
    """What `python -m geo validate` reports for the case: the tables' check, or the shapes check."""
    data = folder / "data"
    shutil.copytree(VALID, data)
    if case.kind == "shapes":
        shutil.copyfile(shapes.SHAPES_FILE, data / "europe.geojson")
        case.breaks(data)
        return shapes.check_shapes(data / "europe.geojson", shapes.in_scope_states())
    case.breaks(data)
    return validate(data, today=TODAY)


def _expected() -> dict[str, list[str]]:
    """The messages as documented in CORRUPTIONS.md (one table row per message)."""
    found: dict[str, list[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0] != "`case`":
            found.setdefault(cells[0].strip("`"), []).append(cells[2].strip("`").replace("\\|", "|"))
    return found


def test_at_least_25_corruptions():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corruption_gives_its_documented_message(tmp_path, case):
    got = messages(case, tmp_path)
    assert got, f"{case.name} passed validation"
    assert got == _expected()[case.name]


def test_validate_command_checks_the_shapes(tmp_path):
    """`python -m geo validate` runs the shapes check too: Sweden missing is exit 1 with one line."""
    broken = tmp_path / "europe.geojson"
    shutil.copyfile(shapes.SHAPES_FILE, broken)
    _features(_without("SWE"))(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate", "--data", str(VALID), "--shapes", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "europe.geojson: no feature for SWE, a state in countries.csv" in result.stderr


@pytest.mark.parametrize("content", [b"", b"{", b"[]"], ids=["empty", "truncated", "not-geojson"])
def test_shapes_report_fails_with_one_line_not_a_traceback(tmp_path, content):
    broken = tmp_path / "europe.geojson"
    broken.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "geo", "shapes", "--report", "--shapes", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def table(folder: Path) -> str:
    """CORRUPTIONS.md: every case, what was broken, the exact message(s)."""
    lines = [
        "# Corruptions and their messages",
        "",
        "Each row breaks one thing in a copy of `tests/fixtures/valid` (data) or of `data/europe.geojson`",
        "(shapes) and shows exactly what `python -m geo validate` prints (`tests/test_corruptions.py`",
        f"checks every line; dates judged as of {TODAY}). The app shows the same lines on its data-error screen.",
        "",
        "| case | what is broken | message |",
        "|---|---|---|",
    ]
    for case in CASES:
        target = folder / case.name
        target.mkdir()
        for message in messages(case, target):
            lines.append(f"| `{case.name}` | {case.what} | `{message.replace('|', chr(92) + '|')}` |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        sys.stdout.write(table(Path(tmp)))
