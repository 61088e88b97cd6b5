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
    assert line.startswith(f"{len([s for s in states if s.restriction.level != 'none'])} of {len(states)} NATO members")
    # In January 2021 the UK was the only NATO member in scope excluding Huawei outright (Sweden joined in 2024).
    assert line.endswith("; 1 excludes them outright.")
    assert summary.scope_name(["NATO", "3SI"]) == "NATO and Three Seas members in scope"
