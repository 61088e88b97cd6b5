"""The analyst tables as a person reads them: words for headers, dates at their precision, lists as "Huawei, ZTE".

The frames of `geo.analysis` keep machine names and ISO dates, because that is what the CSV downloads
carry and what scripts read back. On screen the same rows go through `readable`: the header becomes
words, a year-precise date prints as "1955", a `;` list as "Huawei, ZTE", a category key as the map's
own label, and `swatches` gives each category cell the map's fill. Pure functions, no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from geo import style
from geo.dates import format_date

HEADERS: dict[str, str] = {
    "iso3": "Code",
    "country": "Country",
    "name": "Country",
    "layer": "Layer",
    "date": "Date",
    "kind": "What",
    "summary": "Summary",
    "vendors": "Vendors",
    "vendor": "Vendor",
    "alliances": "Alliances on that date",
    "verified": "Verified",
    "source": "Source",
    "source_url": "Source link",
    "category_label": "Category",
    "status": "Status",
    "since": "Since",
    "deadlines": "Removal deadlines",
    "reviewed": "Reviewed on",
    "finding": "Review finding",
    "before": "Before",
    "after": "After",
    "events": "Events in between",
    "published": "Published",
    "publisher": "Publisher",
    "title": "Title",
    "url": "Link",
    "accessed": "Accessed",
    "source_id": "Source reference",
    "cited_by": "Facts citing it",
    "event_id": "Fact reference",
    "change_id": "Fact reference",
    "deadline_id": "Fact reference",
    "share_id": "Fact reference",
    "instrument": "Instrument",
    "announced": "Announced",
    "effective": "In effect from",
    "level": "Restriction level",
    "scope": "Scope",
    "set_on": "Set on",
    "deadline": "Deadline",
    "replaces": "Replaces",
    "replaced_by": "Replaced by",
    "time_left": "Time left",
    "note": "Note",
    "operator": "Operator",
    "decision": "Decision",
    "network": "Network",
    "share_pct": "Share (%)",
    "as_of": "As of",
    "joined": "Joined",
    "left": "Left",
    "alliance": "Alliance",
    "microstate": "Microstate",
}
# Columns that only serve machines (a precision flag, a category key, a repeated filter value).
HIDDEN = frozenset({"precision", "date_precision", "since_precision", "category", "before_category",
                    "after_category"})
# Date column → the column holding its precision (absent: the date is known to the day).
DATE_PRECISION_OF: dict[str, tuple[str, ...]] = {
    "date": ("precision", "date_precision"),
    "since": ("since_precision",),
    "announced": ("date_precision",),
    "effective": ("date_precision",),
    "set_on": ("date_precision",),
    "deadline": ("date_precision", "precision"),
    "as_of": ("date_precision",),
    "joined": ("date_precision",),
    "left": ("date_precision",),
    "published": (),
    "accessed": (),
    "reviewed": (),
}
LIST_COLUMNS = ("vendors",)
BOOL_COLUMNS = ("verified", "microstate")
FINDINGS = {"facts": "Facts recorded", "nothing_found": "Nothing found"}
LAYER_WORDS = {"clean_network": "Clean Network", "restriction": "Restrictions", "deadline": "Removal deadlines"}


def header(column: str) -> str:
    """The words shown above a column (unknown names: underscores become spaces, first letter capital)."""
    return HEADERS.get(column) or column.replace("_", " ").strip().capitalize()


def _words(value: str) -> str:
    """A machine value such as `government_decision` as "government decision"."""
    return value.replace("_", " ")


def _precision_column(frame: pd.DataFrame, column: str) -> str | None:
    for candidate in DATE_PRECISION_OF.get(column, ()):
        if candidate in frame.columns:
            return candidate
    return None


def readable(frame: pd.DataFrame, hide: tuple[str, ...] = ()) -> pd.DataFrame:
    """The frame for the screen: same rows, human headers and values; machine-only columns dropped."""
    shown = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if column in HIDDEN or column in hide:
            continue
        values = frame[column].astype(str)
        if column in DATE_PRECISION_OF:
            precision = _precision_column(frame, column)
            precisions = frame[precision].astype(str) if precision else pd.Series("day", index=frame.index)
            values = pd.Series(
                [format_date(v, p or "day") if v else "" for v, p in zip(values, precisions, strict=True)],
                index=frame.index,
            )
        elif column in LIST_COLUMNS:
            values = values.map(lambda v: ", ".join(x.strip() for x in v.split(";") if x.strip()))
        elif column in BOOL_COLUMNS:
            values = values.map(lambda v: {"true": "yes", "false": "no"}.get(v.strip().lower(), v))
        elif column == "finding":
            values = values.map(lambda v: FINDINGS.get(v, _words(v)))
        elif column == "layer":
            values = values.map(lambda v: LAYER_WORDS.get(v, v))
        elif column == "level":
            values = values.map(lambda v: style.style_of("restriction", v).label if v in style.LEVEL_LABELS else v)
        elif column == "kind" and "layer" in frame.columns:
            values = pd.Series(
                [_event_kind(layer, kind) for layer, kind in zip(frame["layer"].astype(str), values, strict=True)],
                index=frame.index,
            )
        elif column in {"instrument", "kind", "decision", "network"}:
            values = values.map(_words)
        elif column == "scope":
            values = values.map(lambda v: style.SCOPE_LABELS.get(v, _words(v)))
        name = "Kind of source" if column == "kind" and "publisher" in frame.columns else header(column)
        shown[name] = values
    return shown.reset_index(drop=True)


KIND_WORDS = {
    "mou": "memorandum of understanding", "clean country": "named a Clean Country", "other": "related statement",
    "deadline due": "deadline falls due", "share": "vendor share",
}


def _event_kind(layer: str, kind: str) -> str:
    """A restriction event's kind is its level: shown in the map's words; other kinds in plain words."""
    if layer == "Restriction" and kind in style.LEVEL_LABELS:
        return style.style_of("restriction", kind).label
    words = _words(kind)
    return KIND_WORDS.get(words, words)


def swatches(frame: pd.DataFrame, layer: str | None = None) -> dict[str, list[str]]:
    """Screen header → each row's map fill, for the columns that name a map category.

    A state table carries its layer in the `layer` column and its key in `category`; a restriction
    fact's `level` is a restriction category. Cells with no map category get "" (no swatch).
    """
    out: dict[str, list[str]] = {}
    if "category_label" in frame.columns and "category" in frame.columns:
        layers = frame["layer"].astype(str) if "layer" in frame.columns else pd.Series(layer or "", index=frame.index)
        out[header("category_label")] = [
            _fill(row_layer, key) for row_layer, key in zip(layers, frame["category"].astype(str), strict=True)
        ]
    for label, key in (("before", "before_category"), ("after", "after_category")):
        if label in frame.columns and key in frame.columns and "layer" in frame.columns:
            out[header(label)] = [_fill(lay, k) for lay, k in zip(frame["layer"], frame[key], strict=True)]
    if "kind" in frame.columns and "layer" in frame.columns and "publisher" not in frame.columns:
        out[header("kind")] = [
            _fill("restriction", kind) if layer == "Restriction" else ""
            for layer, kind in zip(frame["layer"].astype(str), frame["kind"].astype(str), strict=True)
        ]
    if "level" in frame.columns:
        out[header("level")] = [_fill("restriction", key) for key in frame["level"].astype(str)]
    return out


def _fill(layer: str, key: str) -> str:
    try:
        return style.style_of(layer, key).fill
    except ValueError:
        return ""


def text_colour(fill: str) -> str:
    """Dark text on light fills, white on dark ones (WCAG relative luminance)."""
    value = fill.lstrip("#")
    if len(value) != 6:
        return "#1f2933"
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.25 else "#1f2933"
