"""The shipped restriction, deadline, operator and share facts: the errors an audit found stay fixed.

These read the real CSV files in `data/`. Each test names the error it guards against, so a
regression (a law dated from a repost, a placeholder publication date, a fact with no check on
record) fails here before it reaches the map.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from geo.policy import load_policy
from geo.timeline import state_at

DATA = Path(__file__).resolve().parent.parent / "data"
FACT_TABLES = {
    "restrictions": "change_id",
    "deadlines": "deadline_id",
    "operators": "event_id",
    "vendor_share": "share_id",
}
KINDS = ("primary", "press", "secondary")
# Hosts that the audit found carrying key facts although they are reposts, content farms or state
# media of the vendor's home country; they may stay cited only as `secondary`, never for a law's date.
WEAK_HOSTS = ("globaltimes.cn", "whbl.com", "jagranjosh.com", "pledgetimes.com", "scandasia.com", "sputniknews.com")


def rows(stem: str) -> list[dict[str, str]]:
    with (DATA / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sources() -> dict[str, dict[str, str]]:
    return {row["source_id"]: row for row in rows("sources")}


def verified(stem: str) -> list[dict[str, str]]:
    return [row for row in rows(stem) if row["verified"] == "true"]


def counts_from(row: dict[str, str]) -> date:
    """The day a restriction counts on the map (same rule as geo.timeline: effective, else announced)."""
    return date.fromisoformat(row["effective"] or row["announced"])


def restrictions_of(iso3: str) -> list[dict[str, str]]:
    return sorted((r for r in verified("restrictions") if r["iso3"] == iso3), key=counts_from)


@pytest.fixture(scope="module")
def policy():
    """The real data through the real loader."""
    return load_policy(DATA)


def level_on(policy, iso3: str, day: str) -> str:
    return next(s for s in state_at(policy, day) if s.iso3 == iso3).restriction.level


def test_slovakia_2021_cybersecurity_act_is_a_restriction_from_1_august_2021(policy) -> None:
    svk = restrictions_of("SVK")
    assert svk, "Slovakia's 2021 Cybersecurity Act amendment must be a verified restriction"
    first = svk[0]
    assert first["level"] in ("framework", "partial", "exclusion")
    assert counts_from(first) == date(2021, 8, 1)
    assert level_on(policy, "SVK", "2021-07-31") == "none"
    assert level_on(policy, "SVK", "2021-08-01") in ("framework", "partial", "exclusion")


def test_estonia_exclusion_dates_from_the_november_2021_law_not_a_2024_repost(policy) -> None:
    est = [r for r in restrictions_of("EST") if r["level"] == "exclusion"]
    assert est, "Estonia's Huawei-barring law must be drawn as an exclusion"
    law = est[0]
    assert law["instrument"] == "law"
    assert law["announced"] == "2021-11-24"  # Riigikogu's final vote
    assert date(2021, 11, 24) <= counts_from(law) <= date(2022, 2, 1)  # in force 1 Feb 2022
    assert sources()[law["source_id"]]["published"] < "2022-01-01"
    assert level_on(policy, "EST", "2022-02-01") == "exclusion"


def test_a_law_is_announced_on_the_day_parliament_adopted_it_not_the_day_it_took_effect() -> None:
    by_id = {r["change_id"]: r for r in rows("restrictions")}
    expected = {
        "gx-svn-2022-11": ("2022-09-28", "2022-11-10"),  # National Assembly vote, entry into force
        "rs-fra-2019-08": ("2019-07-24", "2019-08-01"),  # Senate's final vote, date of Law 2019-810
        "rs-cze-2025-06": ("2025-06-11", "2025-11-01"),  # Senate approval, entry into force
        "rs-esp-2022-03": ("2022-03-29", "2022-03-31"),  # decree-law of 29 March, in force 31 March
    }
    for change_id, (announced, effective) in expected.items():
        assert (by_id[change_id]["announced"], by_id[change_id]["effective"]) == (announced, effective)


def test_every_verified_fact_has_a_check_on_record_against_a_known_source() -> None:
    known = sources()
    checks: dict[tuple[str, str], list[dict[str, str]]] = {}
    for check in rows("verification"):
        checks.setdefault((check["table"], check["fact_id"]), []).append(check)
    missing = []
    for stem, key in FACT_TABLES.items():
        for row in verified(stem):
            found = checks.get((stem, row[key]), [])
            if not found:
                missing.append(f"{stem}:{row[key]}")
            for check in found:
                assert check["evidence_source_id"] in known, check
                assert check["outcome"] in ("confirmed", "corrected", "disputed"), check
                date.fromisoformat(check["checked"])
    assert not missing, f"verified facts without a verification row: {missing}"


def test_no_cited_source_has_a_placeholder_first_of_month_publication_date() -> None:
    """A source published on the 1st must show that day in its address; otherwise the day is a guess."""
    known = sources()
    bad = []
    for stem in FACT_TABLES:
        for row in verified(stem):
            source = known[row["source_id"]]
            published = date.fromisoformat(source["published"])
            if published.day != 1:
                continue
            y, m = f"{published.year}", f"{published.month:02d}"
            pattern = rf"{y}[/-]?{m}[/-]?01(?!\d)"
            if not re.search(pattern, source["url"]):
                bad.append((row["source_id"], source["published"]))
    assert not bad, f"first-of-month publication dates not shown in the source's address: {bad}"


def test_cited_sources_have_a_valid_kind_and_weak_hosts_are_never_primary_or_press() -> None:
    known = sources()
    for stem in FACT_TABLES:
        for row in verified(stem):
            source = known[row["source_id"]]
            if not source["source_id"].startswith("rs-"):
                continue
            assert source["kind"] in KINDS, source
            if any(host in source["url"] for host in WEAK_HOSTS):
                assert source["kind"] == "secondary", source


def test_no_law_or_regulation_rests_on_state_media_of_the_vendors_home_country() -> None:
    known = sources()
    for row in verified("restrictions"):
        url = known[row["source_id"]]["url"]
        assert "globaltimes.cn" not in url and "whbl.com" not in url, row["change_id"]


def test_review_rows_agree_with_the_facts_for_the_corrected_states() -> None:
    review = {(r["iso3"], r["layer"]): r for r in rows("reviews")}
    assert review[("SVK", "restriction")]["finding"] == "facts"
    assert review[("ROU", "deadline")]["finding"] == "facts"
    for iso3 in ("SVK", "EST", "CZE", "ROU", "DNK"):
        assert review[(iso3, "restriction")]["reviewed"] == "2026-11-29"
