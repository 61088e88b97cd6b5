"""Charts of the analyst pages (Altair), drawn in the map's palette from `geo.style`."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from geo import style
from geo.dates import format_date

LEVELS_DRAWN = ("exclusion", "partial", "framework")
TODAY_COLOUR = "#1f2933"


def level_scale() -> alt.Scale:
    """Restriction levels in the map's words and colours, strongest first (the map legend's order)."""
    drawn = [style.style_of("restriction", key) for key in LEVELS_DRAWN]
    return alt.Scale(domain=[s.label for s in drawn], range=[s.fill for s in drawn])


def deadline_scale() -> alt.Scale:
    """Deadline marks in the deadline layer's colours: passed as the map's "passed", scheduled as 1–3 years."""
    return alt.Scale(
        domain=["passed", "scheduled"],
        range=[style.style_of("deadline", "passed").fill, style.style_of("deadline", "1_3y").fill],
    )


def gantt(segments: pd.DataFrame, marks: pd.DataFrame, today: date) -> alt.LayerChart:
    """Bars by restriction level to each state's last deadline, ◆ per removal deadline, a dashed line for today."""
    bars = segments.assign(
        start=pd.to_datetime(segments["start"]), end=pd.to_datetime(segments["end"]),
        from_text=[format_date(d, p) for d, p in zip(segments["start"], segments["precision"], strict=True)],
        to_text=[format_date(d) for d in segments["end"]],
    )
    points = marks.assign(
        date=pd.to_datetime(marks["date"]),
        due_text=[format_date(d, p) for d, p in zip(marks["date"], marks["precision"], strict=True)],
    )
    order = list(dict.fromkeys([*bars["country"], *points["country"]]))
    y = alt.Y("country:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=200))
    level_bars = alt.Chart(bars).mark_bar(height=14).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="end:T", y=y,
        color=alt.Color("level_label:N", scale=level_scale(), title="Restriction level (as on the map)",
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400, titleLimit=400)),
        opacity=alt.Opacity("period:N", scale=alt.Scale(domain=["recorded", "scheduled"], range=[1.0, 0.4]),
                            title="Period", legend=alt.Legend(orient="bottom", direction="vertical",
                                                              labelExpr="datum.label == 'scheduled' ? "
                                                              "'after today (scheduled)' : 'up to today'")),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("level_label:N", title="Level"),
                 alt.Tooltip("from_text:N", title="From"), alt.Tooltip("to_text:N", title="To"),
                 alt.Tooltip("summary:N", title="What")],
    )
    deadline_marks = alt.Chart(points).mark_point(shape="diamond", filled=True, size=110, opacity=1).encode(
        x="date:T", y=y,
        color=alt.Color("status:N", scale=deadline_scale(), title="Removal deadline ◆",
                        legend=alt.Legend(orient="bottom", direction="vertical", symbolType="diamond")),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("label:N", title="Deadline"),
                 alt.Tooltip("status:N", title="Status")],
    )
    today_rule = alt.Chart(pd.DataFrame({"day": [pd.Timestamp(today)], "mark": [f"Today ({format_date(today)})"]}))
    today_rule = today_rule.mark_rule(strokeDash=[5, 4], strokeWidth=1.5).encode(
        x="day:T",
        color=alt.Color("mark:N", scale=alt.Scale(range=[TODAY_COLOUR]), title="Line",
                        legend=alt.Legend(orient="bottom", direction="vertical", symbolType="stroke",
                                          symbolDash=[5, 4])),
    )
    chart = alt.layer(level_bars, deadline_marks, today_rule).resolve_scale(color="independent")
    return chart.properties(height=gantt_height(len(order)))


def gantt_height(rows: int) -> int:
    """Pixels for `rows` states: one 22 px band each, so every state's name shows on the axis."""
    return max(140, 22 * rows)
