"""The sentence above the map: counts that match the map, verbs that match the counts."""

from datetime import date

from geo import summary, timeline
from geo.policy import load_policy


def test_headline_counts_agree_with_their_verbs():
    policy = load_policy()
    on = date(2021, 1, 31)
    nato = timeline.alliance_members(policy, "NATO", on)
    states = [s for s in timeline.state_at(policy, on) if s.iso3 in nato]
    line = summary.headline(states, "restriction", on, ["NATO"])
    n = len([s for s in states if s.restriction.level != "none"])
    assert line.startswith(f"{n} of {len(states)} members of NATO")
    # In January 2021 the UK was the only NATO member in scope excluding Huawei outright (Sweden joined in 2024).
    assert line.endswith("; 1 excludes them outright.")


def test_alliance_filters_read_as_words():
    assert summary.scope_name(["NATO", "3SI"]) == "members of both NATO and the Three Seas Initiative"
    assert summary.scope_name(["NATO", "EU", "EEA"]) == "members of all of NATO, the EU and the EEA"
    assert summary.faded_label(["NATO", "EU"]) == "Not in both NATO and the EU on this date"
    assert summary.date_words(date(2020, 7, 14)) == "14 Jul 2020"


def test_clean_network_headline_tells_signatories_from_named_states():
    policy = load_policy()
    on = date(2021, 1, 31)
    states = timeline.state_at(policy, on)
    by_iso = {s.iso3: s for s in states}
    assert timeline.category(by_iso["SWE"], "clean_network", on) == "named"
    assert timeline.category(by_iso["POL"], "clean_network", on) == "member"
    line = summary.headline(states, "clean_network", on)
    assert "named a Clean Country without one" in line
