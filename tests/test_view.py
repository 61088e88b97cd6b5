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

