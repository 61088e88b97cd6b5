"""Counts per category on a date, in words: the headline over the map, the legend's counts.

The browser map computes the same sentences from the timeline file while it plays (`atlas.js`,
`atlasHeadline`); `tests/test_first_screen_browser.py` holds the two to the same words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from geo import style
from geo.policy import Policy
from geo.timeline import LAYERS, CountryState, Event, category, chronology, members_of_all, parse_date

RESTRICTING = ("framework", "partial", "exclusion")
SCHEDULED = ("under_1y", "1_3y", "over_3y")
# Short names (buttons, file names) and the names used inside a sentence ("members of both NATO and the EU").
ALLIANCE_NAMES = {
    "NATO": "NATO", "EU": "EU", "EEA": "EEA", "Schengen": "Schengen", "3SI": "Three Seas",
    "EU_candidate": "EU candidates",
}
ALLIANCE_IN_WORDS = {
    "NATO": "NATO", "EU": "the EU", "EEA": "the EEA", "Schengen": "the Schengen area",
    "3SI": "the Three Seas Initiative", "EU_candidate": "the EU candidate countries",
}


def date_words(day: date) -> str:
    """'14 Jul 2020': a date a reader does not have to decode."""
    return f"{day.day} {day:%b %Y}"


def _joined(names: Sequence[str]) -> str:
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def filter_words(alliances: Sequence[str]) -> str:
    """'NATO', 'both NATO and the EU', 'all of NATO, the EU and the EEA': who the filter keeps."""
    names = [ALLIANCE_IN_WORDS.get(a, a) for a in alliances]
    if len(names) == 1:
        return names[0]
    return ("both " if len(names) == 2 else "all of ") + _joined(names)


def scope_name(alliances: Sequence[str]) -> str:
    """'states in scope', 'members of NATO', 'members of both NATO and the EU'."""
    if not alliances:
        return "states in scope"
    return f"members of {filter_words(alliances)}"


def faded_label(alliances: Sequence[str]) -> str:
    """The legend entry for the grey states outside the filter."""
    return f"Not in {filter_words(alliances)} on this date"


def _verb(n: int, singular: str, plural: str) -> str:
    """'1 of 28 … restricts', '8 of 28 … restrict': the verb agrees with the count."""
    return singular if n == 1 else plural


def category_counts(states: Iterable[CountryState], layer: str, on: date) -> list[tuple[str, str, int]]:
    """(key, label, count) for every category of the layer, in legend order, zeros included."""
    counts = Counter(category(s, layer, on) for s in states)
    return [(c.key, c.label, counts.get(c.key, 0)) for c in style.categories(layer)]


def headline_from_counts(counts: dict[str, int], total: int, layer: str, alliances: Sequence[str] = ()) -> str:
    """One sentence from the counts per category (the browser builds the same one while playing)."""
    who = scope_name(alliances)
    if layer == "clean_network":
        n, named = counts.get("member", 0), counts.get("named", 0)
        return (
            f"{n} of {total} {who} had signed a bilateral 5G security declaration or MOU with the US; "
            f"{named} more {_verb(named, 'was', 'were')} named a Clean Country without one."
        )
    if layer == "restriction":
        n = sum(counts.get(k, 0) for k in RESTRICTING)
        excluded = counts.get("exclusion", 0)
        return (
            f"{n} of {total} {who} {_verb(n, 'restricts', 'restrict')} Huawei/ZTE in 5G; "
            f"{excluded} {_verb(excluded, 'excludes', 'exclude')} them outright."
        )
    scheduled = sum(counts.get(k, 0) for k in SCHEDULED)
    passed = counts.get("passed", 0)
    n = scheduled + passed
    return f"{n} of {total} {who} {_verb(n, 'has', 'have')} a removal deadline: {passed} passed, {scheduled} scheduled."


def headline(states: Sequence[CountryState], layer: str, on: date, alliances: Sequence[str] = ()) -> str:
    """One sentence: how many of the counted states are in the layer's notable categories."""
    counts = Counter(category(s, layer, on) for s in states)
    return headline_from_counts(dict(counts), len(states), layer, alliances)


def last_change_before(policy: Policy, month: str, alliances: Sequence[str] = ()) -> Event | None:
    """The latest verified map fact dated before `month` (of a state in the filter on that day): what
    "nothing changed this month" points the reader to instead."""
    start = parse_date(month)
    latest: Event | None = None
    for iso3 in policy.countries["iso3"]:
        for event in chronology(policy, iso3):
            if event.date >= start or not event.verified or event.layer not in LAYERS:
                continue
            if latest is None or event.date > latest.date:
                members = members_of_all(policy, alliances, event.date)
                if members is None or iso3 in members:
                    latest = event
    return latest
