"""URL state: valid links restore the view; every bad value falls back with a notice."""

import pytest

from geo.view import View, parse_view, view_params

MONTHS = [f"{y}-{m:02d}" for y in range(2019, 2022) for m in range(1, 13)]
KW = dict(months=MONTHS, default_month="2021-06", alliances=["NATO", "EU", "3SI"], countries=["SWE", "DEU"])


def test_full_link_restores_every_field():
    params = {
        "layer": "deadline", "date": "2020-10", "alliance": ["NATO", "EU"], "country": "swe", "present": "1",
    }
    view, notices = parse_view(params, **KW)
    assert view == View("deadline", "2020-10", ("NATO", "EU"), "SWE", True)
    assert notices == []


def test_round_trip_through_params():
    view = View("clean_network", "2019-03", ("3SI",), "DEU", False)
    assert parse_view(view_params(view), **KW) == (view, [])


def test_comma_separated_alliances_and_day_dates_are_accepted():
    view, notices = parse_view({"alliance": "nato,eu", "date": "2020-01-15"}, **KW)
    assert view.alliances == ("NATO", "EU") and view.month == "2020-01" and notices == []


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"layer": "vendors"}, "layer", "restriction"),
        ({"date": "2031-01"}, "month", "2021-06"),
        ({"date": "2020-13"}, "month", "2021-06"),
        ({"date": "<script>"}, "month", "2021-06"),
        ({"alliance": "WARSAW"}, "alliances", ()),
        ({"country": "XYZ"}, "country", None),
        ({"country": "<img src=x onerror=alert(1)>"}, "country", None),
    ],
)
def test_bad_values_fall_back_with_a_notice(params, field, expected):
    view, notices = parse_view(params, **KW)
    assert getattr(view, field) == expected
    assert len(notices) == 1
    assert "<" not in notices[0] and ">" not in notices[0]



def test_strict_alliance_names_and_days():
    """`ſchengen` upper-cases to SCHENGEN in Python but is not the word; 2021-02-30 is not a day."""
    view, notices = parse_view({"alliance": ["ſchengen", "nato"], "date": "2021-02-30"}, **KW)
    assert view.alliances == ("NATO",) and view.month == "2021-06"
    assert notices == [
        "Date “2021\\-02\\-30” is not a month between 2019-01 and 2021-12; showing 2021-06.",
        "Unknown alliance “ſchengen” ignored.",
    ]
    assert parse_view({"date": "2020-02-29"}, **KW)[0].month == "2020-02"


def test_one_notice_per_parameter_with_a_count():
    params = {"alliance": [f"bad{i}" for i in range(400)], "layer": ["x", "y"], "country": ["ZZZ", "YYY"]}
    _, notices = parse_view(params, **KW)
    assert len(notices) == 3
    assert "400 unknown alliance values ignored: “bad0”, “bad1”, “bad2” and 397 more." in notices
    assert "Unknown layer “x”; showing restriction (2 values given; only the first is read)." in notices


def test_notice_values_are_markdown_escaped():
    _, notices = parse_view({"layer": "__bold__", "alliance": "**b**"}, **KW)
    assert notices[0].startswith("Unknown layer “\\_\\_bold\\_\\_”")
    assert "“??b??”" in notices[1]


def test_parse_view_fuzz_never_raises_and_keeps_one_notice_per_parameter():
    from tests.fuzzurls import notice_param, params_of, query_strings, unescaped_markup

    for query in query_strings(3000, seed=7):
        params = params_of(query)
        view, notices = parse_view(params, **KW)
        assert view.layer in ("restriction", "clean_network", "deadline") and view.month in MONTHS
        named = [notice_param(n) for n in notices]
        assert len(named) == len(set(named)) and all(name in params for name in named), (query, notices)
        assert not [n for n in notices if unescaped_markup(n)], notices
