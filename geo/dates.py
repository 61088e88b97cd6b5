"""Dates written at the precision the data know them: "2004", "Mar 2004", "29 Mar 2004".

A year-precise fact is stored on 1 January and a month-precise one on the 1st (`data/SCHEMA.md`);
printing the stored day would claim a precision the source never gave. Pure functions: the pages,
the map frontend's payloads and the exports call the same code.
"""

from __future__ import annotations

from datetime import date, datetime

PRECISIONS = ("day", "month", "year")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _as_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none"}:
        return None
    return date.fromisoformat(text[:10])


def format_date(value: object, precision: str | None = "day") -> str:
    """`value` (a date or ISO text) written to `precision`; "" for a missing date.

    An unknown or empty precision counts as "day": showing a known day in full loses nothing.
    """
    day = _as_date(value)
    if day is None:
        return ""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTH_ABBR[day.month - 1]} {day.year}"
    return f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}"


def format_month(month: str) -> str:
    """A `YYYY-MM` month as "Jan 2021"."""
    return format_date(f"{month}-01", "month")
