"""The whole dataset as one Frictionless data package: every CSV with its table schema, the docs, one zip.

The schemas are derived from the row models `geo.policy` validates with (types, required fields, allowed
values, primary and foreign keys), so the descriptor cannot drift from what the app accepts. A CSV in
`data/` without a row model (a table another part of the project reads on its own) is still shipped,
described as text columns. The version is the data release (`geo.cite.data_release`: review date plus
content hash). The zip is deterministic: the same data give the same bytes.
"""

from __future__ import annotations

import io
import json
import types
import typing
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, Literal

from geo.cite import data_release
from geo.policy import TABLES, Policy, Table

NAME = "5g-vendor-policy-atlas"
TITLE = "5G Vendor Policy Atlas: European 5G vendor-security policy, sourced and dated"
# The project's licence choice for its own compiled tables (each fact's source keeps its own terms).
LICENSES = [{
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}]
DOCS = ("SCHEMA.md", "SHAPES.md")
ROOT_DOCS = ("CHANGELOG.md",)
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_FACT_FK = {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
_COUNTRY_FK = {"fields": "iso3", "reference": {"resource": "countries", "fields": "iso3"}}


def _field(name: str, annotation: Any, required: bool) -> dict[str, Any]:
    """One Table Schema field from a row model's annotation."""
    optional = False
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0] if len(args) == 1 else str
    field: dict[str, Any] = {"name": name, "type": "string"}
    origin = typing.get_origin(annotation)
    if annotation is date:
        field.update(type="date", format="default")
    elif annotation is bool:
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif annotation is int:
        field["type"] = "integer"
    elif annotation is float:
        field["type"] = "number"
    elif origin is Literal:
        field.setdefault("constraints", {})["enum"] = [str(v) for v in typing.get_args(annotation)]
    elif origin is tuple:
        field["description"] = "`;`-separated list, e.g. Huawei;ZTE"
    if name == "iso3":
        field.setdefault("constraints", {})["pattern"] = "[A-Z]{3}"
    if required and not optional:
        field.setdefault("constraints", {})["required"] = True
    return field


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of one modelled CSV: fields, primary key, and references to sources and countries."""
    fields = [_field(name, info.annotation, info.is_required()) for name, info in table.model.model_fields.items()]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": list(table.key)}
    names = {f["name"] for f in fields}
    foreign = []
    if "source_id" in names and table.name != "sources":
        foreign.append(_FACT_FK)
    if "iso3" in names and table.name != "countries":
        foreign.append(_COUNTRY_FK)
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _text_schema(path: Path) -> dict[str, Any]:
    header = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
    return {"fields": [{"name": n.strip(), "type": "string"} for n in header.split(",") if n.strip()],
            "missingValues": [""]}


def descriptor(policy: Policy) -> dict[str, Any]:
    """The `datapackage.json` for the data in `policy.data_dir` (paths relative to the package root)."""
    data_dir = Path(policy.data_dir)
    modelled = {t.file: t for t in TABLES}
    resources = []
    for path in sorted(data_dir.glob("*.csv")):
        table = modelled.get(path.name)
        resources.append({
            "name": path.stem.lower().replace(" ", "_"),
            "path": f"data/{path.name}",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(table) if table else _text_schema(path),
        })
    reviewed = data_release(policy).split("+", 1)[0]
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": "Who joined the US Clean Network, who restricted Huawei and ZTE in 5G, by which instrument "
        "and by which removal deadline, for the 50 states of Europe; one fact per row, each citing a source "
        "(data/sources.csv). Column meanings: data/SCHEMA.md.",
        "version": data_release(policy),
        "created": f"{reviewed}T00:00:00Z" if reviewed[:4].isdigit() else None,
        "licenses": LICENSES,
        "sources": [{"title": "Governments, regulators, operators, alliances and press, one cited per fact",
                     "path": "data/sources.csv"}],
        "resources": resources,
    }


def _entries(policy: Policy, root: Path) -> list[tuple[str, bytes]]:
    data_dir = Path(policy.data_dir)
    meta = {k: v for k, v in descriptor(policy).items() if v is not None}
    files = [("datapackage.json", (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))]
    files += [(f"data/{p.name}", p.read_bytes()) for p in sorted(data_dir.glob("*.csv"))]
    files += [(f"data/{name}", (data_dir / name).read_bytes()) for name in DOCS if (data_dir / name).is_file()]
    files += [(name, (root / name).read_bytes()) for name in ROOT_DOCS if (root / name).is_file()]
    return files


def package_zip(policy: Policy, root: Path | None = None) -> bytes:
    """The package as one zip: datapackage.json, data/*.csv, data/SCHEMA.md, CHANGELOG.md; same data, same bytes."""
    top = Path(root) if root else Path(policy.data_dir).parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in _entries(policy, top):
            info = zipfile.ZipInfo(f"{NAME}/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def zip_name(policy: Policy) -> str:
    return f"{NAME}-{data_release(policy).replace('+', '-')}.zip"
