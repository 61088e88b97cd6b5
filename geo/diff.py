"""What changed in the data between two versions: facts added, removed or changed, keyed by each table's id.

A version is a folder (the repo's `data/`, a folder holding `data/`, or an unpacked data package with its
`datapackage.json`) or a git revision of this repository (`HEAD~3`, a tag, a commit). Rows are compared
as text, keyed by the table's primary key from `geo.policy.TABLES`; a CSV without a model is keyed by its
first column when that is unique, else by the whole row. Pure apart from reading the two versions.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.policy import TABLES

KEYS: dict[str, tuple[str, ...]] = {t.file: t.key for t in TABLES}
REPO = Path(__file__).resolve().parent.parent


class VersionError(Exception):
    """A version that is neither a readable folder nor a git revision."""


@dataclass(frozen=True)
class RowChange:
    table: str
    key: str
    kind: str  # added | removed | changed
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)
    row: dict[str, str] = field(default_factory=dict)


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.replace("\r\n", "\n")))
    return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]


def _folder_files(path: Path) -> dict[str, str]:
    package = path / "datapackage.json"
    if package.is_file():
        descriptor = json.loads(package.read_text(encoding="utf-8"))
        files = [path / r["path"] for r in descriptor.get("resources", []) if str(r.get("path", "")).endswith(".csv")]
    else:
        base = path / "data" if (path / "data").is_dir() else path
        files = sorted(base.glob("*.csv"))
    return {f.name: f.read_text(encoding="utf-8") for f in files}


def _git(args: list[str], repo: Path) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise VersionError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


def _revision_files(revision: str, repo: Path) -> dict[str, str]:
    names = _git(["ls-tree", "--name-only", f"{revision}:data"], repo).split()
    return {n: _git(["show", f"{revision}:data/{n}"], repo) for n in names if n.endswith(".csv")}


def read_version(version: str, repo: Path = REPO) -> dict[str, list[dict[str, str]]]:
    """file name → rows of every CSV of a version (folder first, then git revision)."""
    path = Path(version)
    if path.is_dir():
        files = _folder_files(path)
    else:
        if version.startswith("-"):
            raise VersionError(f"{version!r} is neither a folder nor a git revision")
        try:
            files = _revision_files(version, repo)
        except VersionError as error:
            raise VersionError(f"{version!r} is neither a folder nor a git revision ({error})") from None
    return {name: _rows(text) for name, text in files.items()}


def read_headers(version: str, repo: Path = REPO) -> dict[str, list[str]]:
    """file name → header of every CSV of a version (an empty table still has its columns)."""
    path = Path(version)
    files = _folder_files(path) if path.is_dir() else _revision_files(version, repo)
    return {name: next(csv.reader(io.StringIO(text)), []) for name, text in files.items()}


def _key_columns(name: str, old: list[dict[str, str]], new: list[dict[str, str]]) -> tuple[str, ...]:
    if name in KEYS:
        return KEYS[name]
    rows = old or new
    if not rows:
        return ()
    first = next(iter(rows[0]))
    for side in (old, new):
        values = [r.get(first, "") for r in side]
        if len(values) != len(set(values)):
            return tuple(rows[0])
    return (first,)


def _key(row: dict[str, str], columns: tuple[str, ...]) -> str:
    return ":".join(row.get(c, "") for c in columns)


def diff_tables(
    old: dict[str, list[dict[str, str]]], new: dict[str, list[dict[str, str]]]
) -> list[RowChange]:
    """Every added, removed and changed row, table by table (file name order), key order within a table."""
    changes: list[RowChange] = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name, []), new.get(name, [])
        columns = _key_columns(name, before, after)
        was = {_key(r, columns): r for r in before}
        now = {_key(r, columns): r for r in after}
        for key in sorted(set(was) | set(now)):
            if key not in was:
                changes.append(RowChange(name, key, "added", row=now[key]))
            elif key not in now:
                changes.append(RowChange(name, key, "removed", row=was[key]))
            else:
                fields = {
                    c: (was[key].get(c, ""), now[key].get(c, ""))
                    for c in dict.fromkeys([*was[key], *now[key]])
                    if was[key].get(c, "") != now[key].get(c, "")
                }
                if fields:
                    changes.append(RowChange(name, key, "changed", fields=fields))
    return changes


def table_notes(old: dict[str, list[dict[str, str]]], new: dict[str, list[dict[str, str]]],
                headers: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None) -> list[str]:
    """Tables that appeared or went, and columns added or dropped (facts are listed by `diff_tables`)."""
    old_cols, new_cols = headers or ({}, {})
    notes = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            notes.append(f"{name}: new table ({_rows_word(len(new[name]))})")
        elif name not in new:
            notes.append(f"{name}: table removed ({_rows_word(len(old[name]))})")
        else:
            before, after = old_cols.get(name, []), new_cols.get(name, [])
            added = [c for c in after if c not in before]
            dropped = [c for c in before if c not in after]
            if added:
                notes.append(f"{name}: new column(s) {', '.join(added)}")
            if dropped:
                notes.append(f"{name}: column(s) dropped {', '.join(dropped)}")
    return notes


def diff_versions(old: str, new: str, repo: Path = REPO) -> tuple[list[str], list[RowChange]]:
    """(table notes, fact changes) between two versions."""
    before, after = read_version(old, repo), read_version(new, repo)
    headers = (read_headers(old, repo), read_headers(new, repo))
    return table_notes(before, after, headers), diff_tables(before, after)


def counts(changes: list[RowChange]) -> dict[str, dict[str, int]]:
    """file → {added, removed, changed} (files with no change are left out)."""
    out: dict[str, dict[str, int]] = {}
    for change in changes:
        out.setdefault(change.table, {"added": 0, "removed": 0, "changed": 0})[change.kind] += 1
    return out


def _short(value: str, limit: int = 70) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def as_text(changes: list[RowChange], notes: list[str] = ()) -> str:
    """`+` added, `-` removed, `~` changed (each changed field old → new), grouped by file with its counts."""
    lines: list[str] = list(notes)
    if not changes:
        return "\n".join([*lines, "No fact added, removed or changed."])
    for table, n in counts(changes).items():
        lines.append(f"{table}: {n['added']} added, {n['removed']} removed, {n['changed']} changed")
        for change in (c for c in changes if c.table == table):
            if change.kind == "changed":
                detail = "; ".join(f"{k}: {_short(a)!r} → {_short(b)!r}" for k, (a, b) in change.fields.items())
                lines.append(f"  ~ {change.key}: {detail}")
            else:
                mark = "+" if change.kind == "added" else "-"
                summary = change.row.get("summary") or change.row.get("title") or ""
                lines.append(f"  {mark} {change.key}" + (f": {_short(summary)}" if summary else ""))
    return "\n".join(lines)


def as_json(changes: list[RowChange], notes: list[str] = ()) -> dict[str, Any]:
    return {
        "tables": list(notes),
        "counts": counts(changes),
        "changes": [
            {"table": c.table, "key": c.key, "kind": c.kind,
             **({"fields": {k: {"old": a, "new": b} for k, (a, b) in c.fields.items()}} if c.fields else {}),
             **({"row": c.row} if c.row else {})}
            for c in changes
        ],
    }


def _rows_word(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"
