"""The per-date view the browser map draws: one small entry per state, plus the legend.

This is all that travels to the browser on a slider step (a few KB); the geometry went once.
Texts are plain strings: the browser inserts them with textContent, so markup in data shows as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from geo import eu, style, summary, timeline
from geo.policy import Policy
from geo.sources import SourceRef
from geo.timeline import CountryState, category
from geo.view import month_end


def deadline_lines(state: CountryState) -> list[str]:
    """One line per removal deadline in force: what must go, by when, scheduled or passed."""
    return [
        f"Remove from {style.SCOPE_LABELS.get(d.scope, d.scope)} by {d.date.isoformat()} ({d.status})"
        for d in state.removal_deadlines
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def restriction_label(r: timeline.RestrictionStatus) -> str:
    """The level in words, with the vendors the instrument names: 'Excluded … (Huawei, ZTE)'."""
    label = style.LEVEL_LABELS[r.level]
    return f"{label} ({', '.join(r.vendors)})" if r.vendors else label


def status_line(state: CountryState, layer: str, on: date) -> tuple[str, str | None, str | None]:
    """(status, since, source title) of one state on one layer, in words."""
    key = category(state, layer, on)
    if key == "not_researched":
        return "Not researched", None, None
    if layer == "clean_network":
        cn = state.clean_network
        if cn.member:
            return f"Clean Network: {style.BASIS_LABELS.get(cn.basis, cn.basis)}", _iso(cn.since), cn.source_title
        return "No 5G security declaration with the US known", None, None
    if layer == "restriction":
        r = state.restriction
        return restriction_label(r), _iso(r.since), r.source_title
    label = style.style_of("deadline", key).label
    upcoming = sorted(state.removal_deadlines, key=lambda d: d.date)
    source = upcoming[0].source_title if upcoming else None
    return label, None, source


def strongest_source(state: CountryState, layer: str, on: date) -> SourceRef | None:
    """The strongest source behind what a state shows on a layer (for deadlines: the nearest one in force)."""
    key = category(state, layer, on)
    if key == "not_researched":
        return None
    if layer == "clean_network":
        cn = state.clean_network
        if key == "member":  # a signatory: the signed document, not an earlier naming
            return cn.bilateral_strongest
        return cn.strongest if cn.member else None
    if layer == "restriction":
        return state.restriction.strongest
    upcoming = sorted(state.removal_deadlines, key=lambda d: d.date)
    return upcoming[0].strongest if upcoming else None


def source_index(policy: Policy) -> dict[str, str]:
    """source_id → 'Publisher, 14 Jul 2020: title' (the tooltip's compact source line)."""
    out = {}
    for row in policy.sources.itertuples():
        published = row.published if isinstance(row.published, date) else None
        when = f", {summary.date_words(published)}" if published else ""
        out[row.source_id] = f"{row.publisher}{when}: {row.title}"
    return out


def _deadline_line(d: timeline.RemovalDeadline) -> str:
    what = style.SCOPE_LABELS.get(d.scope, d.scope)
    verb = "Passed" if d.status == "passed" else "Next"
    return f"{verb}: remove from {what} by {summary.date_words(d.date)}"


def _reviewed_line(state: CountryState, layer: str) -> str | None:
    review = state.reviewed.get(layer)
    if review is None:
        return None
    found = "nothing found" if review.finding == "nothing_found" else review.finding.replace("_", " ")
    return f"Reviewed {summary.date_words(review.date)}: {found}"


def _tooltip_status(state: CountryState, layer: str, key: str) -> tuple[str, date | None, str | None]:
    """(status, since, source_id) in the tooltip's words."""
    if layer == "clean_network":
        cn = state.clean_network
        if key == "member":
            kind = "joint declaration" if cn.bilateral_basis == "joint_declaration" else "memorandum (MOU)"
            return f"Signed a bilateral 5G security {kind} with the US", cn.bilateral_since, cn.bilateral_source_id
        if key == "named":
            return "Named a Clean Country by the US; no bilateral 5G document", cn.since, cn.source_id
        return "Neither signed a 5G declaration with the US nor named a Clean Country", None, None
    if layer == "restriction":
        r = state.restriction
        return restriction_label(r), r.since, r.source_id
    ordered = sorted(state.removal_deadlines, key=lambda d: d.date)
    upcoming = [d for d in ordered if d.status == "scheduled"]
    shown = upcoming[0] if upcoming else (ordered[-1] if ordered else None)
    return style.style_of("deadline", key).label, None, shown.source_id if shown else None


def country_entry(
    state: CountryState, layer: str, on: date, faded: bool, sources: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One state's tooltip and category: status, since, next deadline, '+N more', source or review date."""
    key = category(state, layer, on)
    entry: dict[str, Any] = {"c": key, "name": state.name}
    if key == "not_researched":
        entry["status"] = "Not researched"
        return entry
    status, since, source_id = _tooltip_status(state, layer, key)
    entry["status"] = status
    if since:
        entry["since"] = summary.date_words(since)
    ordered = sorted(state.removal_deadlines, key=lambda d: d.date)
    if ordered:
        upcoming = [d for d in ordered if d.status == "scheduled"]
        shown = upcoming[0] if upcoming else ordered[-1]
        entry["next"] = _deadline_line(shown)
        if len(ordered) > 1:
            entry["more"] = len(ordered) - 1
    if source_id and sources and source_id in sources:
        entry["source"] = sources[source_id]
    best = strongest_source(state, layer, on)
    if best is not None:
        entry["sourceKind"] = best.kind
        if best.source_id != source_id:
            when = f", {summary.date_words(best.published)}" if best.published else ""
            entry["sourceBest"] = f"{best.publisher}{when}: {best.title}"
    if key in ("none", "not_member", "no_deadline"):
        reviewed = _reviewed_line(state, layer)
        if reviewed:
            entry["reviewed"] = reviewed
    if faded:
        entry["f"] = 1
    return entry


def map_view(
    states: Iterable[CountryState],
    layer: str,
    on: date,
    *,
    members: frozenset[str] | None = None,
    selected: str | None = None,
    microstates: Mapping[str, tuple[float, float]] | None = None,
    sources: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the browser needs to colour the map for one layer and date.

    `members` (the states in all chosen alliances on that date) fades the others; None fades nobody.
    """
    countries = {
        s.iso3: country_entry(s, layer, on, faded=members is not None and s.iso3 not in members, sources=sources)
        for s in states
    }
    return {
        "layer": layer,
        "date": on.isoformat()[:7],
        "legendTitle": style.LAYER_TITLES[layer],
        "legend": legend_entries(layer),
        "styles": style.style_table(layer),
        "countries": countries,
        "selected": selected,
        "microstates": {iso3: [lat, lon] for iso3, (lat, lon) in (microstates or {}).items()},
    }


def legend_entries(layer: str) -> list[dict[str, str | None]]:
    return [
        {"key": s.key, "label": s.label, "fill": s.fill, "stroke": s.stroke, "dash": s.dash}
        for s in style.legend(layer)
    ]


def add_change_point(points: list[list[int]], month_index: int, value: int) -> None:
    """Record `value` from `month_index` on, only if it differs from the value in force (the browser
    reads the last point at or before a month)."""
    if not points or points[-1][1] != value:
        points.append([month_index, value])


def timeline_views(policy: Policy, microstates: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """Every month's view of every layer, for a browser-side timeline.

    Stored as change points per layer and country ([month index, entry index], only where the entry
    changes) over a table of distinct entries: the whole 2018–2029 timeline is a few tens of KB.
    """
    months = timeline.months(policy)
    sources = source_index(policy)
    entries: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    series: dict[str, dict[str, list[list[int]]]] = {layer: {} for layer in style.CATEGORIES}
    for m, month in enumerate(months):
        on = month_end(month)
        states = timeline.state_at(policy, on)
        for layer in style.CATEGORIES:
            for state in states:
                entry = country_entry(state, layer, on, faded=False, sources=sources)
                key = json.dumps(entry, sort_keys=True)
                if key not in index:
                    index[key] = len(entries)
                    entries.append(entry)
                add_change_point(series[layer].setdefault(state.iso3, []), m, index[key])
    layers = {
        layer: {
            "title": style.LAYER_TITLES[layer], "short": style.LAYER_SHORT[layer], "legend": legend_entries(layer),
            "styles": style.style_table(layer),
        }
        for layer in style.CATEGORIES
    }
    return {
        "months": months,
        "today": months.index(timeline.default_month(policy)),
        "layerOrder": list(style.CATEGORIES),
        "allianceOrder": list(timeline.ALLIANCES),
        "alliances": {
            a: {"short": summary.ALLIANCE_NAMES[a], "words": summary.ALLIANCE_IN_WORDS[a]} for a in timeline.ALLIANCES
        },
        "memberships": membership_series(policy),
        "entries": entries,
        "series": series,
        "layers": layers,
        "microstates": {iso3: [lat, lon] for iso3, (lat, lon) in microstates.items()},
        "euEvents": eu.timeline_marks(policy, months),
    }


def membership_series(policy: Policy) -> dict[str, dict[str, list[list[int]]]]:
    """Per alliance, change points of membership per state (1 = member that month), for a browser-side
    alliance filter."""
    months = timeline.months(policy)
    isos = policy.countries["iso3"].tolist()
    result: dict[str, dict[str, list[list[int]]]] = {a: {} for a in timeline.ALLIANCES}
    for m, month in enumerate(months):
        on = month_end(month)
        for alliance in timeline.ALLIANCES:
            members = timeline.alliance_members(policy, alliance, on)
            for iso3 in isos:
                add_change_point(result[alliance].setdefault(iso3, []), m, 1 if iso3 in members else 0)
    return result


def faded_series(policy: Policy, alliances: Sequence[str]) -> dict[str, list[list[int]]]:
    """Change points of 'outside the alliance filter' per state (1 = faded), month by month.

    A state is kept when it was a member of every chosen alliance in that month; no filter fades nobody.
    """
    if not alliances:
        return {}
    months = timeline.months(policy)
    isos = policy.countries["iso3"].tolist()
    result: dict[str, list[list[int]]] = {}
    for m, month in enumerate(months):
        on = month_end(month)
        members = timeline.members_of_all(policy, alliances, on) or frozenset()
        for iso3 in isos:
            add_change_point(result.setdefault(iso3, []), m, 0 if iso3 in members else 1)
    return result
