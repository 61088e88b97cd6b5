"""Categories, their order, colours and labels: the one place the web map and the exports take them from.

Palettes are sequential (one hue family, lightness ordered), which keeps categories apart under
deuteranopia and protanopia; `geo.colourblind` checks it and the tests hold it. "No restriction known"
(a reviewed state), "not researched" (no review row) and "not in scope" (a territory outside the 50
states) each have their own style: cream fill, white with a dashed outline, and flat grey.
"""

from __future__ import annotations

from dataclasses import dataclass

LAYER_TITLES: dict[str, str] = {
    "clean_network": "Clean Network (US 5G security declarations)",
    "restriction": "Huawei/ZTE restrictions in 5G",
    "deadline": "Removal deadlines for Huawei/ZTE equipment",
}
LAYER_SHORT: dict[str, str] = {
    "clean_network": "Clean Network",
    "restriction": "Restrictions",
    "deadline": "Removal deadlines",
}


@dataclass(frozen=True)
class CategoryStyle:
    """How one category is drawn and named."""

    key: str
    label: str
    fill: str
    stroke: str = "#5b6670"
    dash: str | None = None


NOT_RESEARCHED = CategoryStyle("not_researched", "Not researched", "#ffffff", "#7b8794", "4 3")
NOT_IN_SCOPE = CategoryStyle("not_in_scope", "Not in scope (territory)", "#d5d8dc", "#b8c0c8")
CONTEXT = CategoryStyle("context", "Outside Europe's 50 states", "#eceff1", "#c5ccd3")
# A state outside the alliance filter: neutral grey whatever its category, so it never reads as one.
FADED = CategoryStyle("faded", "Outside the alliance filter", "#e9ecef", "#aab3bd")
NOTHING_KNOWN_FILL = "#f3e3c3"

CATEGORIES: dict[str, tuple[CategoryStyle, ...]] = {
    "clean_network": (
        CategoryStyle("member", "Signed a bilateral 5G security declaration or MOU with the US", "#2c7fb8"),
        CategoryStyle("named", "Named a Clean Country by the US, no bilateral document", "#9ecae1"),
        CategoryStyle("not_member", "Neither signed nor named", NOTHING_KNOWN_FILL),
        NOT_RESEARCHED,
    ),
    "restriction": (
        CategoryStyle("exclusion", "Excluded from 5G by law or regulator", "#b30000"),
        CategoryStyle("partial", "Partial: core/sensitive parts, or capped", "#e9623a"),
        CategoryStyle("framework", "Legal framework able to exclude, not yet applied", "#fdbb84"),
        CategoryStyle("none", "No restriction known", NOTHING_KNOWN_FILL),
        NOT_RESEARCHED,
    ),
    "deadline": (
        CategoryStyle("passed", "Deadline passed", "#3f007d"),
        CategoryStyle("under_1y", "Scheduled: less than 1 year left", "#6a51a3"),
        CategoryStyle("1_3y", "Scheduled: 1 to 3 years left", "#8c84c2"),
        CategoryStyle("over_3y", "Scheduled: more than 3 years left", "#b4acd9"),
        CategoryStyle("no_deadline", "No removal deadline known", NOTHING_KNOWN_FILL),
        NOT_RESEARCHED,
    ),
}

LEVEL_LABELS: dict[str, str] = {
    "none": "No restriction known",
    "framework": "Legal framework able to exclude high-risk vendors",
    "partial": "Partial restriction (core/sensitive parts, or capped)",
    "exclusion": "Excluded from 5G networks",
}
BASIS_LABELS: dict[str, str] = {
    "joint_declaration": "joint declaration on 5G security with the US",
    "mou": "memorandum of understanding on 5G security with the US",
    "clean_country": "named a Clean Country by the US State Department",
}
SCOPE_LABELS: dict[str, str] = {
    "core": "core network",
    "ran": "radio access network",
    "5g_network": "whole 5G network",
    "management": "management systems",
    "all_networks": "all networks",
    "other": "other parts",
}


def categories(layer: str) -> tuple[CategoryStyle, ...]:
    """The categories of a layer, in legend order (strongest first)."""
    if layer not in CATEGORIES:
        raise ValueError(f"unknown layer {layer!r}; expected one of {', '.join(CATEGORIES)}")
    return CATEGORIES[layer]


def style_of(layer: str, key: str) -> CategoryStyle:
    """The style of one category of a layer (territory and context styles are shared by all layers)."""
    for style in (*categories(layer), NOT_IN_SCOPE, CONTEXT):
        if style.key == key:
            return style
    raise ValueError(f"unknown category {key!r} for layer {layer!r}")


def legend(layer: str, with_territories: bool = True) -> list[CategoryStyle]:
    """Every category of the layer, then the territory style, as the legend lists them."""
    entries = list(categories(layer))
    if with_territories:
        entries.append(NOT_IN_SCOPE)
    return entries


def style_table(layer: str) -> dict[str, dict[str, str | None]]:
    """Category key → drawing style, as the browser map consumes it."""
    return {
        s.key: {"fill": s.fill, "stroke": s.stroke, "dash": s.dash}
        for s in (*categories(layer), NOT_IN_SCOPE, CONTEXT, FADED)
    }
