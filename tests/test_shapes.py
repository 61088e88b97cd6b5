"""The committed shapes: id mappings, borders policy, the 50/50 join, size, topology and a byte-exact rebuild."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from geo import cli, shapes

BYTE_BUDGET = 400_000
BORDER_HAUSDORFF_DEG = 0.02
"""A shared border may move at most this far (degrees, about 2 km) when simplified; measured ≤ 0.0072."""
BORDER_SYMDIFF_RATIO = 0.10
"""Symmetric difference of a shared border before/after, both buffered by 0.02°, over the buffered area;
measured ≤ 0.06 (Italy–Vatican, a border of 3 km)."""
AREA_EPS = 1e-9


@pytest.fixture(scope="module")
def committed() -> gpd.GeoDataFrame:
    return shapes.load_shapes()


@pytest.fixture(scope="module")
def frames() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return shapes.build_frames()


def _where(frame: gpd.GeoDataFrame, latlon: tuple[float, float]) -> list[str]:
    point = Point(latlon[1], latlon[0])
    return [str(i) for i, g in zip(frame["iso3"], frame.geometry, strict=True) if g.contains(point)]


def _row(frame: gpd.GeoDataFrame, iso3: str) -> dict:
    rows = frame[frame["iso3"] == iso3]
    assert len(rows) == 1, iso3
    return rows.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("feature_id", "name", "iso3"),
    [
        ("826", "United Kingdom", "GBR"),
        ("070", "Bosnia and Herz.", "BIH"),
        ("807", "Macedonia", "MKD"),
        ("336", "Vatican", "VAT"),
        (None, "Kosovo", "XKX"),
        (float("nan"), "N. Cyprus", "CYN"),
        ("", "Kosovo", "XKX"),
        ("248", "Åland", "ALA"),
        ("999", "Nowhere", None),
        (None, "Somaliland", None),
    ],
)
def test_iso3_for(feature_id: object, name: str, iso3: str | None) -> None:
    assert shapes.iso3_for(feature_id, name) == iso3  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("iso3", "expected"),
    [
        ("ALA", shapes.Mapping("FIN", "state")),
        ("GRL", shapes.Mapping("GRL", "not_in_scope", "Denmark")),
        ("FRO", shapes.Mapping("FRO", "not_in_scope", "Denmark")),
        ("JEY", shapes.Mapping("JEY", "not_in_scope", "United Kingdom")),
        ("GGY", shapes.Mapping("GGY", "not_in_scope", "United Kingdom")),
        ("IMN", shapes.Mapping("IMN", "not_in_scope", "United Kingdom")),
        ("GIB", shapes.Mapping("GIB", "not_in_scope", "United Kingdom")),
        ("CYN", shapes.Mapping("CYN", "not_in_scope", "")),
        ("XKX", shapes.Mapping("XKX", "state")),
        ("MAR", shapes.Mapping("MAR", "context")),
    ],
)
def test_mapping_for(iso3: str, expected: shapes.Mapping) -> None:
    assert shapes.mapping_for(iso3, shapes.in_scope_states()) == expected


@pytest.mark.parametrize(
    ("place", "latlon", "iso3", "scope"),
    [
        ("Mariehamn (Åland, merged into Finland)", (60.10, 19.94), "FIN", "state"),
        ("Tórshavn", (62.01, -6.77), "FRO", "not_in_scope"),
        ("St Helier", (49.21, -2.13), "JEY", "not_in_scope"),
        ("St Peter Port", (49.46, -2.58), "GGY", "not_in_scope"),
        ("Isle of Man", (54.23, -4.55), "IMN", "not_in_scope"),
        ("East Greenland", (71.0, -23.0), "GRL", "not_in_scope"),
        ("Kyrenia", (35.30, 33.35), "CYN", "not_in_scope"),
        ("Nicosia (south)", (35.15, 33.37), "CYP", "state"),
        ("Pristina", (42.66, 21.17), "XKX", "state"),
        ("Skopje", (42.00, 21.43), "MKD", "state"),
        ("Casablanca", (33.57, -7.59), "MAR", "context"),
    ],
)
def test_special_places(committed: gpd.GeoDataFrame, place: str, latlon: tuple[float, float], iso3: str, scope: str):
    assert _where(committed, latlon) == [iso3], place
    assert _row(committed, iso3)["scope"] == scope


def test_territories_name_their_sovereign(committed: gpd.GeoDataFrame) -> None:
    assert _row(committed, "GRL")["sovereign"] == "Denmark"
    assert _row(committed, "JEY")["sovereign"] == "United Kingdom"
    assert _row(committed, "DEU")["sovereign"] == ""


def test_crimea_is_drawn_in_ukraine(committed: gpd.GeoDataFrame) -> None:
    assert _where(committed, shapes.SIMFEROPOL) == ["UKR"]
    assert _where(committed, shapes.SEVASTOPOL) == ["UKR"]
    assert _where(committed, shapes.MOSCOW) == ["RUS"]


def test_move_crimea_refuses_a_russia_without_crimea() -> None:
    with pytest.raises(ValueError, match="Crimea"):
        shapes.move_crimea(shapely.box(36, 50, 40, 56), shapely.box(22, 45, 35, 52))


def test_every_in_scope_state_joins(committed: gpd.GeoDataFrame) -> None:
    states = committed.loc[committed["scope"] == "state", "iso3"]
    report = shapes.join_check(states, shapes.policy_iso3s())
    assert report == shapes.JoinReport(50, 50, [])
    assert sorted(states) == sorted(shapes.in_scope_states())


def test_join_check_lists_both_kinds_of_miss() -> None:
    report = shapes.join_check(["AAA", "BBB"], ["AAA", "ZZZ"], in_scope=["AAA", "BBB", "CCC"])
    assert report == shapes.JoinReport(3, 2, ["CCC", "ZZZ"])


def test_assemble_raises_on_a_state_without_geometry() -> None:
    source = shapes.read_source(shapes.fetch_source())
    source = source[source["id"].isin(["643", "804"])]
    with pytest.raises(ValueError, match=r"without geometry: \['FRA'\]"):
        shapes.assemble(source, {"UKR": "Ukraine", "RUS": "Russia", "FRA": "France"})


def test_assemble_raises_on_an_unmapped_feature_in_the_window() -> None:
    source = gpd.GeoDataFrame({"id": ["999"], "name": ["Atlantis"]}, geometry=[shapely.box(0, 40, 1, 41)], crs=4326)
    with pytest.raises(ValueError, match="no iso3"):
        shapes.assemble(source, {})


def test_file_fits_the_byte_budget() -> None:
    assert shapes.SHAPES_FILE.stat().st_size <= BYTE_BUDGET


def test_file_is_compact_and_minimal(committed: gpd.GeoDataFrame) -> None:
    doc = json.loads(shapes.SHAPES_FILE.read_text(encoding="utf-8"))
    for feature in doc["features"]:
        assert set(feature["properties"]) <= {"iso3", "name", "scope", "sovereign"}
        assert feature["properties"]["scope"] in {"state", "not_in_scope", "context"}
    assert set(committed["scope"]) == {"state", "not_in_scope", "context"}
    assert committed["iso3"].is_unique


def test_every_state_keeps_a_valid_polygon(committed: gpd.GeoDataFrame) -> None:
    states = committed[committed["scope"] == "state"]
    assert states.geometry.is_valid.all()
    assert (~states.geometry.is_empty).all()
    assert (shapely.area(states.geometry.values) > 0).all()


def test_microstates_present_with_points_inside(committed: gpd.GeoDataFrame) -> None:
    micro = shapes.microstates()
    assert micro == ["AND", "LIE", "MCO", "MLT", "SMR", "VAT"]
    points = shapes.microstate_points(committed)
    assert sorted(points) == micro
    for iso3, latlon in points.items():
        geom = _row(committed, iso3)["geometry"]
        assert not geom.is_empty and geom.area > 0
        assert _where(committed, latlon) == [iso3]


def test_to_laea_is_etrs89_laea(committed: gpd.GeoDataFrame) -> None:
    laea = shapes.to_laea(committed)
    assert laea.crs.to_epsg() == 3035
    assert committed.crs.to_epsg() == 4326
    x, y = laea[laea["iso3"] == "DEU"].geometry.iloc[0].representative_point().coords[0]
    assert 4.0e6 < x < 4.7e6 and 2.7e6 < y < 3.6e6


def _neighbours(frame: gpd.GeoDataFrame) -> list[tuple[str, str]]:
    geoms = dict(zip(frame["iso3"], frame.geometry, strict=True))
    states = sorted(shapes.in_scope_states())
    return [(a, b) for a, b in itertools.combinations(states, 2) if geoms[a].intersection(geoms[b]).length > 0]


def test_simplification_keeps_the_coverage(frames) -> None:
    before, after = frames
    assert shapely.coverage_is_valid(before.geometry.values)
    assert shapely.coverage_is_valid(after.geometry.values)
    old = dict(zip(before["iso3"], before.geometry, strict=True))
    new = dict(zip(after["iso3"], after.geometry, strict=True))
    pairs = _neighbours(before)
    assert len(pairs) > 80
    for a, b in pairs:
        was = old[a].intersection(old[b])
        now = new[a].intersection(new[b])
        assert now.length > 0, (a, b)
        assert was.hausdorff_distance(now) <= BORDER_HAUSDORFF_DEG, (a, b)
        was_zone, now_zone = was.buffer(0.02), now.buffer(0.02)
        assert was_zone.symmetric_difference(now_zone).area / was_zone.area <= BORDER_SYMDIFF_RATIO, (a, b)
        assert now.area <= AREA_EPS, f"{a} and {b} overlap"


def test_simplification_opens_no_gaps(frames) -> None:
    before, after = frames
    holes_before = shapely.union_all(
        [shapely.Polygon(r) for p in shapely.get_parts(shapely.union_all(before.geometry.values)) for r in p.interiors]
    )
    for part in shapely.get_parts(shapely.union_all(after.geometry.values)):
        for ring in part.interiors:
            assert shapely.Polygon(ring).intersects(holes_before), "a gap opened between neighbours"
    assert set(_narrow_gaps(after)) <= set(_narrow_gaps(before)), "new narrow gaps (< 0.05°) between neighbours"


def _narrow_gaps(frame: gpd.GeoDataFrame) -> list[str]:
    """Features with an edge along a gap narrower than 0.05° (the source has some: estuaries on borders)."""
    edges = shapely.coverage_invalid_edges(frame.geometry.values, gap_width=0.05)
    return [str(i) for i, g in zip(frame["iso3"], edges, strict=True) if g is not None and not g.is_empty]


def test_report_command(capsys) -> None:
    assert cli.main(["shapes", "--report"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["in_scope", "matched", "unmatched", "features", "bytes"]
    assert report["in_scope"] == 50 and report["matched"] == 50 and report["unmatched"] == []
    assert report["bytes"] == shapes.SHAPES_FILE.stat().st_size
    assert report["features"] == len(shapes.load_shapes())


def test_report_command_fails_on_a_missing_state(tmp_path: Path, capsys) -> None:
    doc = json.loads(shapes.SHAPES_FILE.read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["iso3"] != "XKX"]
    partial = tmp_path / "partial.geojson"
    partial.write_text(json.dumps(doc), encoding="utf-8")
    assert cli.main(["shapes", "--report", "--shapes", str(partial)]) == 1
    assert json.loads(capsys.readouterr().out)["unmatched"] == ["XKX"]


def test_source_sha256_is_enforced(tmp_path: Path) -> None:
    fake = tmp_path / f"{shapes.SOURCE_PACKAGE}-{shapes.SOURCE_VERSION}.tgz"
    fake.write_bytes(b"not the package")
    with pytest.raises(ValueError, match="sha256"):
        shapes.fetch_source(tmp_path)


def test_shapes_md_pins_the_same_source() -> None:
    text = (shapes.DATA / "SHAPES.md").read_text(encoding="utf-8")
    assert shapes.SOURCE_SHA256 in text
    assert f"{shapes.SOURCE_PACKAGE}@{shapes.SOURCE_VERSION}" in text
    assert str(shapes.SIMPLIFY_TOLERANCE) in text


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "europe.geojson"
    payload = shapes.build(out)
    assert hashlib.sha256(payload).hexdigest() == hashlib.sha256(shapes.SHAPES_FILE.read_bytes()).hexdigest()
    assert out.read_bytes() == payload
