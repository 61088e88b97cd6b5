"""Counts per category on a date, in words: what the line above the map says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from geo import style
from geo.timeline import CountryState, category

RESTRICTING = ("framework", "partial", "exclusion")
ALLIANCE_NAMES = {"3SI": "Three Seas", "EU_candidate": "EU candidate"}


def scope_name(alliances: Sequence[str]) -> str:
    """'states in scope', 'NATO members', 'NATO and EU members'."""
    if not alliances:
        return "states in scope"
    names = [ALLIANCE_NAMES.get(a, a) for a in alliances]
    joined = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined} members in scope"


def _verb(n: int, singular: str, plural: str) -> str:
    """'1 of 28 … restricts', '8 of 28 … restrict': the verb agrees with the count."""
    return singular if n == 1 else plural


def category_counts(states: Iterable[CountryState], layer: str, on: date) -> list[tuple[str, str, int]]:
    """(key, label, count) for every category of the layer, in legend order, zeros included."""
    counts = Counter(category(s, layer, on) for s in states)
    return [(c.key, c.label, counts.get(c.key, 0)) for c in style.categories(layer)]


def headline(states: Sequence[CountryState], layer: str, on: date, alliances: Sequence[str] = ()) -> str:
    """One sentence: how many of the counted states are in the layer's notable categories."""
    total = len(states)
    who = scope_name(alliances)
    keys = [category(s, layer, on) for s in states]
    if layer == "clean_network":
        n = keys.count("member")
        return f"{n} of {total} {who} had signed a 5G security declaration or MOU with the US."
    if layer == "restriction":
        n = sum(k in RESTRICTING for k in keys)
        excluded = keys.count("exclusion")
        return (
            f"{n} of {total} {who} {_verb(n, 'restricts', 'restrict')} Huawei/ZTE in 5G; "
            f"{excluded} {_verb(excluded, 'excludes', 'exclude')} them outright."
        )
    scheduled = sum(k in {"under_1y", "1_3y", "over_3y"} for k in keys)
    passed = keys.count("passed")
    n = scheduled + passed
    return f"{n} of {total} {who} {_verb(n, 'has', 'have')} a removal deadline: {passed} passed, {scheduled} scheduled."
