"""Palettes: every layer's categories stay apart for normal, protanopic, deuteranopic and tritanopic vision."""

import pytest

from geo import colourblind, style

MIN_DELTA_E = 12.0


@pytest.mark.parametrize("layer", sorted(style.CATEGORIES))
@pytest.mark.parametrize("deficiency", [None, "protanopia", "deuteranopia", "tritanopia"])
def test_legend_colours_distinct_under_cvd_simulation(layer, deficiency):
    fills = [s.fill for s in style.legend(layer)]
    assert colourblind.min_pairwise_delta_e(fills, deficiency) >= MIN_DELTA_E


def test_simulation_collapses_red_green_as_expected():
    # The check can fail: pure red and green are far apart normally, close for a deuteranope.
    normal = colourblind.min_pairwise_delta_e(["#d62728", "#2ca02c"], None)
    deuter = colourblind.min_pairwise_delta_e(["#d62728", "#2ca02c"], "deuteranopia")
    assert normal > 60
    assert deuter < normal / 2


def test_three_kinds_of_nothing_are_drawn_differently():
    layer = "restriction"
    keys = ("none", "not_researched", "not_in_scope")
    none, unresearched, territory = (style.style_of(layer, k) for k in keys)
    assert len({none.fill, unresearched.fill, territory.fill}) == 3
    assert unresearched.dash and not none.dash


def test_unknown_layer_and_category_are_errors():
    with pytest.raises(ValueError, match="unknown layer"):
        style.categories("vendors")
    with pytest.raises(ValueError, match="unknown category"):
        style.style_of("restriction", "member")
