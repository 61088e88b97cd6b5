"""Load and validate the data tables of `data/` (the contract is `data/SCHEMA.md`).

Every row is checked against a pydantic model, then across tables; every problem is reported as
`file:row:column: message` (row 1 is the header, as a spreadsheet shows it) so a data editor can fix
all of them in one pass. Bad input (encoding, empty file, stray commas) becomes an error line, never a crash.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import pandas as pd
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LAYERS = ("clean_network", "restriction", "deadline")
LAYER_FILES = {
    "clean_network": "clean_network.csv",
    "restriction": "restrictions.csv",
    "deadline": "deadlines.csv",
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PolicyError(Exception):
    """The data do not satisfy the contract; `.errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} data error(s):\n" + "\n".join(errors))
        self.errors = errors


def _to_date(value: Any) -> date:
    """Only `YYYY-MM-DD` is a date here: other spellings are ambiguous across locales."""
    if isinstance(value, date):
        return value
    text = str(value)
    if not _DATE_RE.match(text):
        raise ValueError(f"not a date {text!r} (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a real date {text!r}") from None


def _to_bool(value: Any) -> bool:
    """Booleans are written `true`/`false`; anything else is a typo, not a guess."""
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "false"):
        return str(value).lower() == "true"
    raise ValueError(f"not a boolean {value!r} (expected true or false)")


def _to_vendors(value: Any) -> tuple[str, ...]:
    """`Huawei;ZTE` as a tuple; an empty cell is no vendor."""
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return tuple(v.strip() for v in str(value).split(";") if v.strip())


def _check_url(value: str) -> str:
    """Only http(s) links reach a page: `javascript:` or `ftp:` would be a hazard or a dead link."""
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value, flags=re.IGNORECASE):
        raise ValueError(f"not an http(s) URL {value!r}")
    return value


def _check_iso3(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"not an ISO3 code {value!r} (three capital letters)")
    return value


Day = Annotated[date, BeforeValidator(_to_date)]
Bool = Annotated[bool, BeforeValidator(_to_bool)]
Vendors = Annotated[tuple[str, ...], BeforeValidator(_to_vendors)]
Url = Annotated[str, AfterValidator(_check_url)]
Iso3 = Annotated[str, AfterValidator(_check_iso3)]
Precision = Literal["day", "month", "year"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountryRow(_Row):
    iso3: Iso3
    name: str
    microstate: Bool


class SourceRow(_Row):
    source_id: str
    publisher: str
    title: str
    url: Url
    published: Day
    accessed: Day
    kind: Literal["primary", "press", "secondary"]


class CleanNetworkRow(_Row):
    event_id: str
    iso3: Iso3
    date: Day
    date_precision: Precision
    instrument: Literal["joint_declaration", "mou", "clean_country", "other"]
    summary: str
    source_id: str
    verified: Bool


class InitiativeRow(_Row):
    event_id: str
    date: Day
    date_precision: Precision
    kind: Literal["launch", "claim", "status"]
    summary: str
    nato_count: int | None = None
    eu_count: int | None = None
    three_seas_count: int | None = None
    total_count: int | None = None
    source_id: str
    verified: Bool


class RestrictionRow(_Row):
    change_id: str
    iso3: Iso3
    level: Literal["none", "framework", "partial", "exclusion"]
    announced: Day
    effective: Day | None = None
    date_precision: Precision
    instrument: Literal["law", "regulation", "regulator_decision", "licence_condition", "government_decision"]
    vendors: Vendors = ()
    summary: str
    source_id: str
    verified: Bool


class DeadlineRow(_Row):
    deadline_id: str
    iso3: Iso3
    deadline: Day
    scope: Literal["core", "ran", "5g_network", "management", "all_networks", "other"]
    set_on: Day
    date_precision: Precision
    vendors: Vendors = ()
    replaces: str | None = None
    summary: str
    source_id: str
    verified: Bool


class OperatorRow(_Row):
    event_id: str
    iso3: Iso3
    date: Day
    date_precision: Precision
    operator: str
    vendor: str
    decision: Literal["chose", "dropped", "limited", "kept"]
    network: Literal["5g_ran", "5g_core", "5g", "4g_5g", "other"]
    summary: str
    source_id: str
    verified: Bool


class VendorShareRow(_Row):
    share_id: str
    iso3: Iso3
    as_of: Day
    date_precision: Precision
    share_pct: Annotated[float, AfterValidator(lambda v: _in_percent(v))]
    vendors: Vendors = ()
    network: Literal["4g", "5g", "4g_5g"]
    source_id: str
    verified: Bool


def _in_percent(value: float) -> float:
    if not 0 <= value <= 100:
        raise ValueError(f"share {value} outside 0-100")
    return value


class AllianceRow(_Row):
    iso3: Iso3
    alliance: Literal["NATO", "EU", "EEA", "Schengen", "3SI", "EU_candidate"]
    joined: Day
    left: Day | None = None
    date_precision: Precision
    source_id: str


class EuEventRow(_Row):
    """One EU-level step (recommendation, communication, report, proposal, law): frames every member's policy."""

    event_id: str
    date: Day
    date_precision: Precision
    kind: Literal[
        "recommendation",
        "conclusions",
        "risk_assessment",
        "toolbox",
        "communication",
        "report",
        "proposal",
        "position",
        "agreement",
        "adopted_law",
        "other",
    ]
    legal_status: Literal["non_binding", "proposal", "binding"]
    title: str
    summary: str
    source_id: str
    verified: Bool


# The tables whose rows are facts a verification row can name.
FactTable = Literal[
    "clean_network", "initiative", "restrictions", "deadlines", "operators", "vendor_share", "alliances", "eu_events"
]


class VerificationRow(_Row):
    """One check of one fact against the source that settled it."""

    fact_id: str
    table: FactTable
    checked: Day
    evidence_source_id: str
    outcome: Literal["confirmed", "corrected", "disputed"]
    note: str | None = None


class DisagreementRow(_Row):
    """Another value a source gives for a fact's field; the fact row keeps the value judged best."""

    fact_id: str
    field: str
    value: str
    source_id: str
    note: str | None = None


class ReviewRow(_Row):
    iso3: Iso3
    layer: Literal["clean_network", "restriction", "deadline"]
    reviewed: Day
    finding: Literal["facts", "nothing_found"]
    note: str | None = None


@dataclass(frozen=True)
class Table:
    """One CSV: its file, row model and primary key."""

    name: str
    file: str
    model: type[_Row]
    key: tuple[str, ...]


TABLES: tuple[Table, ...] = (
    Table("countries", "countries.csv", CountryRow, ("iso3",)),
    Table("sources", "sources.csv", SourceRow, ("source_id",)),
    Table("clean_network", "clean_network.csv", CleanNetworkRow, ("event_id",)),
    Table("initiative", "initiative.csv", InitiativeRow, ("event_id",)),
    Table("restrictions", "restrictions.csv", RestrictionRow, ("change_id",)),
    Table("deadlines", "deadlines.csv", DeadlineRow, ("deadline_id",)),
    Table("operators", "operators.csv", OperatorRow, ("event_id",)),
    Table("vendor_share", "vendor_share.csv", VendorShareRow, ("share_id",)),
    Table("alliances", "alliances.csv", AllianceRow, ("iso3", "alliance", "joined")),
    Table("reviews", "reviews.csv", ReviewRow, ("iso3", "layer")),
    Table("eu_events", "eu_events.csv", EuEventRow, ("event_id",)),
    Table("verification", "verification.csv", VerificationRow, ("fact_id", "table", "checked", "evidence_source_id")),
    Table("disagreements", "disagreements.csv", DisagreementRow, ("fact_id", "field", "value", "source_id")),
)
FACT_TABLES: tuple[str, ...] = get_args(FactTable)
DRAWN_TABLES = ("clean_network", "restrictions", "deadlines", "alliances", "eu_events")
"""Tables whose facts reach the map or the timeline: each such fact needs a verification row.
Every alliance row is drawn (the alliance filter); in the others only `verified=true` rows are."""


@dataclass(frozen=True, eq=False)
class Policy:
    """All tables as DataFrames: dates as `datetime.date`, vendors as tuples, `verified` as bool.

    Fact tables carry `source_url`, `source_title`, `source_published` and `source_publisher` joined from
    `sources`, so every fact can be shown with its citation without another look-up.
    """

    countries: pd.DataFrame
    sources: pd.DataFrame
    clean_network: pd.DataFrame
    initiative: pd.DataFrame
    restrictions: pd.DataFrame
    deadlines: pd.DataFrame
    operators: pd.DataFrame
    vendor_share: pd.DataFrame
    alliances: pd.DataFrame
    reviews: pd.DataFrame
    eu_events: pd.DataFrame
    verification: pd.DataFrame
    disagreements: pd.DataFrame
    data_dir: Path
    sha256: str


@dataclass(frozen=True)
class _Parsed:
    """Valid rows of one table, each with its spreadsheet row number."""

    rows: list[tuple[int, _Row]]
    loaded: bool
    raw: tuple[dict[str, str | None], ...] = ()
    damaged: bool = False
    """Some rows could not be split into cells (quoting, cell count): checks against this table's
    contents would report their absence as further errors, so they are skipped until it is fixed."""

    @property
    def usable(self) -> bool:
        return bool(self.raw) and not self.damaged

    def raw_values(self, column: str) -> set[str]:
        """A column's cells in every row, valid or not, so one bad cell does not cascade into others."""
        return {r[column] for r in self.raw if r.get(column) is not None}


def _csv_records(text: str, where: str, errors: list[str]) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every record, read strictly: a quote that is never closed, a stray quote
    inside a cell, or a quoted cell running over a line break is an error on its row, never a silent
    merge of the following fields (a cell in these tables is one line)."""
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            if reader.line_num > start or "end of data" in str(exc):
                errors.append(f"{where}:{start}:-: a quote opened on this row is never closed")
                return records
            errors.append(
                f"{where}:{start}:-: malformed quoting: a quote opened or closed inside a cell ({exc}); "
                'quote whole cells and double a quote inside one ("")'
            )
            continue
        if reader.line_num > start:
            errors.append(
                f"{where}:{start}:-: a quoted cell runs over {reader.line_num - start + 1} lines "
                "(a quote opened on this row is not closed on it)"
            )
            return records
        raw = lines[start - 1] if start <= len(lines) else ""
        stray = next((c for c in cells if '"' in c and '"' + c.replace('"', '""') + '"' not in raw), None)
        if stray is not None:
            errors.append(f"{where}:{start}:-: stray quote in an unquoted cell {stray[:40]!r}")
            continue
        records.append((start, cells))


def _read_csv(
    path: Path, table: Table, errors: list[str]
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Header and (row number, cells) of a CSV; None when the file cannot be read at all."""
    where = table.file
    if not path.is_file():
        errors.append(f"{where}:-:-: missing file")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(f"{where}:-:-: cannot be read ({exc.strerror or exc})")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.append(f"{where}:-:-: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        return None
    if "\x00" in text:
        errors.append(f"{where}:-:-: contains NUL bytes (not a text file)")
        return None
    records = _csv_records(text, where, errors)
    if not records or records[0][0] != 1 or not any(cell.strip() for cell in records[0][1]):
        if not records or records[0][0] == 1:
            errors.append(f"{where}:1:-: empty file (no header row)")
        return None
    header = [cell.strip() for cell in records[0][1]]
    expected = list(table.model.model_fields)
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    for column in missing:
        errors.append(f"{where}:1:{column}: missing column")
    for column in unknown:
        errors.append(f"{where}:1:{column or '-'}: unknown column")
    duplicated = {c for c in header if header.count(c) > 1}
    for column in sorted(duplicated):
        errors.append(f"{where}:1:{column}: column appears twice")
    if missing or unknown or duplicated:
        return None
    rows = [(n, cells) for n, cells in records[1:] if any(c.strip() for c in cells)]
    if not rows and not any(e.startswith(f"{where}:") for e in errors):
        errors.append(f"{where}:2:-: {where} has no rows (only a header)")
    return header, rows


def _message(error: dict[str, Any]) -> str:
    """Pydantic's error, worded for a data editor."""
    value = error.get("input")
    if value is None:
        return "empty; a value is required"
    if error["type"] == "literal_error":
        return f"{value!r} is not one of {error['ctx']['expected']}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _parse_table(data_dir: Path, table: Table, errors: list[str]) -> _Parsed:
    before = len(errors)
    read = _read_csv(data_dir / table.file, table, errors)
    if read is None:
        return _Parsed([], False)
    header, records = read
    damaged = len(errors) > before
    parsed: list[tuple[int, _Row]] = []
    raw: list[dict[str, str | None]] = []
    for number, cells in records:
        if len(cells) != len(header):
            hint = " (a stray comma? quote a cell that contains one)" if len(cells) > len(header) else ""
            errors.append(f"{table.file}:{number}:-: {len(cells)} cells, header has {len(header)}{hint}")
            damaged = True
            continue
        values = {c: (v.strip() or None) for c, v in zip(header, cells, strict=True)}
        raw.append(values)
        try:
            parsed.append((number, table.model.model_validate(values)))
        except ValidationError as exc:
            for error in exc.errors():
                column = str(error["loc"][0]) if error["loc"] else "-"
                errors.append(f"{table.file}:{number}:{column}: {_message(error)}")
    return _Parsed(parsed, True, tuple(raw), damaged)


def _check_keys(table: Table, parsed: _Parsed, errors: list[str]) -> None:
    """Duplicate rows and duplicate primary keys: a fact counted twice distorts every count."""
    seen_rows: dict[tuple[Any, ...], int] = {}
    seen_keys: dict[tuple[Any, ...], int] = {}
    for number, row in parsed.rows:
        whole = tuple(row.model_dump().values())
        key = tuple(getattr(row, k) for k in table.key)
        label = "/".join(str(k) for k in key)
        if whole in seen_rows:
            errors.append(
                f"{table.file}:{number}:{table.key[0]}: duplicate row (same as row {seen_rows[whole]})"
            )
        elif key in seen_keys:
            errors.append(
                f"{table.file}:{number}:{table.key[0]}: duplicate {'/'.join(table.key)} {label!r} "
                f"(first on row {seen_keys[key]})"
            )
        seen_rows.setdefault(whole, number)
        seen_keys.setdefault(key, number)


def _check_references(
    table: Table, parsed: _Parsed, countries: set[str] | None, sources: set[str] | None, errors: list[str]
) -> None:
    for number, row in parsed.rows:
        iso3 = getattr(row, "iso3", None)
        if countries is not None and iso3 is not None and table.name != "countries" and iso3 not in countries:
            errors.append(f"{table.file}:{number}:iso3: unknown country {iso3!r} (not in countries.csv)")
        source_id = getattr(row, "source_id", None)
        if (
            sources is not None
            and source_id is not None
            and table.name != "sources"
            and source_id not in sources
        ):
            errors.append(
                f"{table.file}:{number}:source_id: unknown source {source_id!r} (not in sources.csv)"
            )


def _check_dates(tables: dict[str, _Parsed], errors: list[str]) -> None:
    """Orderings a date typo breaks: a deadline set after it falls due, a rule in force before announced."""
    for number, row in tables["deadlines"].rows:
        assert isinstance(row, DeadlineRow)
        if row.set_on > row.deadline:
            errors.append(
                f"deadlines.csv:{number}:set_on: deadline before its own announcement "
                f"(set_on {row.set_on} after deadline {row.deadline})"
            )
    ids = tables["deadlines"].raw_values("deadline_id")
    for number, row in tables["deadlines"].rows:
        assert isinstance(row, DeadlineRow)
        if row.replaces is not None and row.replaces not in ids:
            errors.append(f"deadlines.csv:{number}:replaces: unknown deadline_id {row.replaces!r}")
        elif row.replaces == row.deadline_id:
            errors.append(f"deadlines.csv:{number}:replaces: a deadline cannot replace itself")
    for number, row in tables["restrictions"].rows:
        assert isinstance(row, RestrictionRow)
        if row.effective is not None and row.effective < row.announced:
            errors.append(
                f"restrictions.csv:{number}:effective: effective before announced "
                f"(effective {row.effective}, announced {row.announced})"
            )


EARLIEST = date(1949, 1, 1)
"""No fact in scope is older than NATO (founded April 1949): an earlier date is a typo (1066, 0202)."""
FIRST_REVIEW = date(2019, 1, 1)
"""The atlas's research began in 2019: no review, access or check can be older."""
LAST_SCHEDULED = date(2035, 12, 31)
"""The furthest removal deadline or entry into force any state has announced lies well before this."""

DATE_RANGES: dict[tuple[str, str], tuple[date, date | None]] = {
    ("clean_network.csv", "date"): (EARLIEST, None),
    ("initiative.csv", "date"): (EARLIEST, None),
    ("restrictions.csv", "announced"): (EARLIEST, None),
    ("restrictions.csv", "effective"): (EARLIEST, LAST_SCHEDULED),
    ("deadlines.csv", "set_on"): (EARLIEST, None),
    ("deadlines.csv", "deadline"): (EARLIEST, LAST_SCHEDULED),
    ("operators.csv", "date"): (EARLIEST, None),
    ("vendor_share.csv", "as_of"): (EARLIEST, None),
    ("alliances.csv", "joined"): (EARLIEST, None),
    ("alliances.csv", "left"): (EARLIEST, None),
    ("sources.csv", "published"): (EARLIEST, None),
    ("sources.csv", "accessed"): (FIRST_REVIEW, None),
    ("reviews.csv", "reviewed"): (FIRST_REVIEW, None),
    ("verification.csv", "checked"): (FIRST_REVIEW, None),
}
"""Plausible (first, last) day of every date column; None as last means "not after today"
(documented in data/SCHEMA.md)."""


def _check_date_ranges(tables: dict[str, _Parsed], today: date, errors: list[str]) -> None:
    """Dates outside their plausible range (a typo like 2999 or 1066 moves the whole timeline), and a
    source accessed before it was published."""
    for table in TABLES:
        for number, row in tables[table.name].rows:
            for column in type(row).model_fields:
                bounds = DATE_RANGES.get((table.file, column))
                value = getattr(row, column)
                if bounds is None or not isinstance(value, date):
                    continue
                # One day of slack on "today": an editor east of UTC is already on tomorrow's date.
                first, last = bounds[0], bounds[1] or today + timedelta(days=1)
                if not first <= value <= last:
                    until = f"today ({today})" if bounds[1] is None else str(last)
                    errors.append(
                        f"{table.file}:{number}:{column}: {value} outside the plausible range {first} to {until}"
                    )
    for number, row in tables["sources"].rows:
        assert isinstance(row, SourceRow)
        if row.accessed < row.published:
            errors.append(
                f"sources.csv:{number}:accessed: accessed before published "
                f"(accessed {row.accessed}, published {row.published})"
            )


def _check_alliances(parsed: _Parsed, errors: list[str]) -> None:
    """Membership periods must run forward and not overlap (`left` is the last day, inclusive): a state is in
    an alliance once at a time."""
    periods: dict[tuple[str, str], list[tuple[int, AllianceRow]]] = {}
    for number, row in parsed.rows:
        assert isinstance(row, AllianceRow)
        if row.left is not None and row.left < row.joined:
            errors.append(
                f"alliances.csv:{number}:left: left before joined (left {row.left}, joined {row.joined})"
            )
            continue
        periods.setdefault((row.iso3, row.alliance), []).append((number, row))
    for (iso3, alliance), rows in periods.items():
        ordered = sorted(rows, key=lambda item: item[1].joined)
        for (prev_number, prev), (number, row) in pairwise(ordered):
            if prev.left is None or row.joined <= prev.left:
                errors.append(
                    f"alliances.csv:{number}:joined: {iso3} {alliance} membership overlaps the period on row "
                    f"{prev_number}"
                )


def _check_reviews(tables: dict[str, _Parsed], countries: set[str] | None, errors: list[str]) -> None:
    """Every state needs a review per layer, and a review's finding must agree with the verified facts."""
    if not tables["reviews"].loaded:
        return
    reviewed = {(row.iso3, row.layer) for _, row in tables["reviews"].rows if isinstance(row, ReviewRow)}
    for iso3 in sorted(countries or ()):
        for layer in LAYERS:
            if (iso3, layer) not in reviewed:
                errors.append(f"reviews.csv:-:layer: no review row for {iso3} layer {layer!r}")
    fact_table = {"clean_network": "clean_network", "restriction": "restrictions", "deadline": "deadlines"}
    for number, row in tables["reviews"].rows:
        assert isinstance(row, ReviewRow)
        facts, file = tables[fact_table[row.layer]], LAYER_FILES[row.layer]
        if not facts.loaded or facts.damaged:
            continue
        has_fact = any(
            f.get("iso3") == row.iso3 and str(f.get("verified")).lower() == "true" for f in facts.raw
        )
        if row.finding == "facts" and not has_fact:
            errors.append(
                f"reviews.csv:{number}:finding: 'facts' but no verified fact for {row.iso3} in {file}"
            )
        if row.finding == "nothing_found" and has_fact:
            errors.append(
                f"reviews.csv:{number}:finding: 'nothing_found' but {file} has a verified fact for {row.iso3}"
            )


FACT_ID_COLUMNS = {
    "clean_network": "event_id",
    "initiative": "event_id",
    "restrictions": "change_id",
    "deadlines": "deadline_id",
    "operators": "event_id",
    "vendor_share": "share_id",
    "eu_events": "event_id",
}
_DATE_FIELDS = ("date", "announced", "effective", "deadline", "set_on", "as_of", "joined", "left")


def fact_id(table: str, row: Any) -> str | None:
    """The id a verification or disagreement row uses for a fact; alliances use `ISO3:ALLIANCE:joined`."""
    get = row.get if isinstance(row, dict) else lambda column: getattr(row, column, None)
    if table == "alliances":
        parts = (get("iso3"), get("alliance"), get("joined"))
        return None if None in parts else ":".join(str(p) for p in parts)
    value = get(FACT_ID_COLUMNS[table])
    return None if value is None else str(value)


def _fact_ids(tables: dict[str, _Parsed]) -> dict[str, set[str]]:
    """Every fact id per table, from raw cells, so one bad cell elsewhere does not cascade."""
    ids: dict[str, set[str]] = {}
    for name in FACT_TABLES:
        ids[name] = {i for r in tables[name].raw if (i := fact_id(name, r)) is not None}
    return ids


def _check_verification_refs(tables: dict[str, _Parsed], errors: list[str]) -> None:
    """A check must name a fact that exists and a source that exists; a disagreement too."""
    ids = _fact_ids(tables)
    sources = tables["sources"].raw_values("source_id") if tables["sources"].usable else None
    for number, row in tables["verification"].rows:
        assert isinstance(row, VerificationRow)
        if tables[row.table].usable and row.fact_id not in ids[row.table]:
            errors.append(
                f"verification.csv:{number}:fact_id: unknown fact {row.fact_id!r} (not in {row.table}.csv)"
            )
        if sources is not None and row.evidence_source_id not in sources:
            errors.append(
                f"verification.csv:{number}:evidence_source_id: unknown source {row.evidence_source_id!r} "
                "(not in sources.csv)"
            )
    for number, row in tables["disagreements"].rows:
        assert isinstance(row, DisagreementRow)
        owners = [name for name in FACT_TABLES if row.fact_id in ids[name]]
        if not owners:
            errors.append(f"disagreements.csv:{number}:fact_id: unknown fact {row.fact_id!r} (in no fact table)")
            continue
        columns = next(t.model.model_fields for t in TABLES if t.name == owners[0])
        if row.field not in columns:
            errors.append(
                f"disagreements.csv:{number}:field: {row.field!r} is not a column of {owners[0]}.csv"
            )
        elif row.field in _DATE_FIELDS:
            try:
                _to_date(row.value)
            except ValueError as exc:
                errors.append(f"disagreements.csv:{number}:value: {exc}")


def verification_gaps(tables: dict[str, _Parsed]) -> list[str]:
    """Drawn facts with no verification row: `python -m geo validate` refuses them.

    Kept out of `load_policy` on purpose: a missing check record is an editorial gap to close, not
    malformed data, so the app still draws while `validate` (and CI) refuse the data set.
    """
    if not tables["verification"].loaded:
        return []
    checked = {(row.table, row.fact_id) for _, row in tables["verification"].rows if isinstance(row, VerificationRow)}
    gaps = []
    for name in DRAWN_TABLES:
        table = next(t for t in TABLES if t.name == name)
        for number, row in tables[name].rows:
            if name != "alliances" and not getattr(row, "verified", False):
                continue
            fid = fact_id(name, row)
            if (name, fid) not in checked:
                column = table.key[0] if name == "alliances" else FACT_ID_COLUMNS[name]
                gaps.append(f"{table.file}:{number}:{column}: drawn fact {fid!r} has no verification row")
    return gaps


def _parse_all(data_dir: Path, today: date | None = None) -> tuple[dict[str, _Parsed], list[str]]:
    errors: list[str] = []
    tables = {t.name: _parse_table(data_dir, t, errors) for t in TABLES}
    for table in TABLES:
        _check_keys(table, tables[table.name], errors)
    # An empty or unreadable table is reported once; checking references against it would add a line
    # per fact row ("unknown country") and hide the one line that matters.
    countries = tables["countries"].raw_values("iso3") if tables["countries"].usable else None
    sources = tables["sources"].raw_values("source_id") if tables["sources"].usable else None
    for table in TABLES:
        _check_references(table, tables[table.name], countries, sources, errors)
    _check_dates(tables, errors)
    _check_date_ranges(tables, today or date.today(), errors)
    _check_alliances(tables["alliances"], errors)
    _check_reviews(tables, countries, errors)
    _check_verification_refs(tables, errors)
    return tables, errors


def validate(data_dir: Path = DATA_DIR, today: date | None = None) -> list[str]:
    """Every problem in the data folder as `file:row:column: message`; empty when the data are valid.

    Beyond what `load_policy` refuses, this also lists drawn facts without a verification row.
    `today` (default: the real today) is the upper bound of dates that must lie in the past."""
    tables, errors = _parse_all(Path(data_dir), today)
    return errors + verification_gaps(tables)


def _frame(table: Table, parsed: _Parsed) -> pd.DataFrame:
    records = [row.model_dump() for _, row in parsed.rows]
    return pd.DataFrame(records, columns=list(table.model.model_fields), dtype=object)


def _with_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The fact rows with their citation columns, in the original row order."""
    cited = sources[["source_id", "url", "title", "published", "publisher"]].rename(
        columns={
            "url": "source_url",
            "title": "source_title",
            "published": "source_published",
            "publisher": "source_publisher",
        }
    )
    return frame.merge(cited, on="source_id", how="left", validate="many_to_one")


def load_policy(data_dir: Path = DATA_DIR, today: date | None = None) -> Policy:
    """The validated tables; raises `PolicyError` listing every problem, so bad data never reach the map."""
    data_dir = Path(data_dir)
    tables, errors = _parse_all(data_dir, today)
    if errors:
        raise PolicyError(errors)
    frames = {t.name: _frame(t, tables[t.name]) for t in TABLES}
    for name in FACT_TABLES:
        frames[name] = _with_sources(frames[name], frames["sources"])
    return Policy(**frames, data_dir=data_dir, sha256=content_hash(data_dir))


def content_hash(data_dir: Path) -> str:
    """SHA-256 over the tables with line endings normalised, so a Windows checkout hashes the same."""
    digest = hashlib.sha256()
    for table in TABLES:
        path = Path(data_dir) / table.file
        content = path.read_bytes().replace(b"\r\n", b"\n") if path.is_file() else b""
        digest.update(table.file.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def data_version(policy: Policy) -> dict[str, str | None]:
    """Which data a view was drawn from: the latest review date and the hash taken when they were loaded."""
    reviews = policy.reviews["reviewed"]
    latest = max(reviews) if len(reviews) else None
    return {"reviewed": latest.isoformat() if latest else None, "sha256": policy.sha256}
