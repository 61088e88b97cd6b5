"""Country shapes for the map: built once from Natural Earth, committed as data/europe.geojson.

The browser and the static exports read the committed file, never the source, so the build must be
reproducible byte for byte: the source tarball is pinned by sha256 and every step is deterministic.
See data/SHAPES.md for provenance and every change made to the source.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CACHE = ROOT / ".cache"
SHAPES_FILE = DATA / "europe.geojson"
COUNTRIES_FILE = DATA / "countries.csv"

SOURCE_PACKAGE = "world-atlas"
SOURCE_VERSION = "2.0.2"
SOURCE_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
SOURCE_MEMBER = "package/countries-50m.json"
NATURAL_EARTH_VERSION = "4.1.0"

WINDOW = (-25.0, 33.0, 52.0, 72.0)
"""lon/lat box of the map: Iceland to the Caspian, Crete to the North Cape (Russia/Kazakhstan cut at 52E)."""
PRECISION = 1e-4
"""Coordinate grid (4 decimals, about 11 m): finer than the simplified shapes, and it keeps the file small."""
SIMPLIFY_TOLERANCE = 0.01
"""coverage_simplify tolerance in degrees (about the square root of the triangle areas removed)."""
MIN_ISLAND_AREA = 0.003
"""Parts smaller than this (deg², about 20 km²) that touch no other country are dropped: unseen at map zoom."""

SIMFEROPOL = (44.95, 34.10)
SEVASTOPOL = (44.6, 33.52)
MOSCOW = (55.75, 37.62)

STATE = "state"
NOT_IN_SCOPE = "not_in_scope"
CONTEXT = "context"


@dataclass(frozen=True)
class Mapping:
    """How one source feature enters the map: its iso3, scope, and (for dependencies) its sovereign."""

    iso3: str
    scope: str
    sovereign: str = ""


NUMERIC_TO_ISO3: dict[str, str] = {
    "008": "ALB", "020": "AND", "051": "ARM", "040": "AUT", "031": "AZE", "056": "BEL", "100": "BGR",
    "070": "BIH", "112": "BLR", "756": "CHE", "196": "CYP", "203": "CZE", "276": "DEU", "208": "DNK",
    "724": "ESP", "233": "EST", "246": "FIN", "250": "FRA", "826": "GBR", "268": "GEO", "300": "GRC",
    "191": "HRV", "348": "HUN", "372": "IRL", "352": "ISL", "380": "ITA", "438": "LIE", "440": "LTU",
    "442": "LUX", "428": "LVA", "492": "MCO", "498": "MDA", "807": "MKD", "470": "MLT", "499": "MNE",
    "528": "NLD", "578": "NOR", "616": "POL", "620": "PRT", "642": "ROU", "643": "RUS", "674": "SMR",
    "688": "SRB", "703": "SVK", "705": "SVN", "752": "SWE", "792": "TUR", "804": "UKR", "336": "VAT",
    "012": "DZA", "818": "EGY", "364": "IRN", "368": "IRQ", "376": "ISR", "400": "JOR", "398": "KAZ",
    "414": "KWT", "422": "LBN", "434": "LBY", "504": "MAR", "275": "PSE", "682": "SAU", "760": "SYR",
    "788": "TUN", "795": "TKM",
    "248": "ALA", "234": "FRO", "304": "GRL", "831": "GGY", "832": "JEY", "833": "IMN", "292": "GIB",
}  # fmt: skip
"""ISO 3166-1 numeric → alpha-3, for every feature that can reach the map window."""

NAME_TO_ISO3: dict[str, str] = {"Kosovo": "XKX", "N. Cyprus": "CYN"}
"""Features the source ships without a numeric id; CYN is Natural Earth's own code for Northern Cyprus."""

INTEGRAL_PARTS: dict[str, str] = {"ALA": "FIN"}
"""Parts of a state drawn as separate features in the source; they are merged into their sovereign."""

TERRITORIES: dict[str, str] = {
    "FRO": "Denmark", "GRL": "Denmark", "GGY": "United Kingdom", "JEY": "United Kingdom",
    "IMN": "United Kingdom", "GIB": "United Kingdom", "CYN": "",
}  # fmt: skip
"""Self-governing territories with their own telecom regimes: drawn neutral, never in the sovereign's colour."""


def in_scope_states(path: Path = COUNTRIES_FILE) -> dict[str, str]:
    """iso3 → name of the in-scope states, from the policy data (the single list of what is in scope)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["iso3"]: row["name"] for row in csv.DictReader(fh)}


def microstates(path: Path = COUNTRIES_FILE) -> list[str]:
    """iso3 of the in-scope states flagged as microstates (too small to click at map zoom)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return sorted(row["iso3"] for row in csv.DictReader(fh) if row["microstate"].strip().lower() == "true")


def policy_iso3s(data_dir: Path = DATA) -> set[str]:
    """Every iso3 the policy tables mention: countries.csv plus any fact file with an iso3 column."""
    found: set[str] = set()
    for path in sorted(data_dir.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if "iso3" in (reader.fieldnames or []):
                found.update(row["iso3"].strip() for row in reader if row.get("iso3", "").strip())
    return found


def iso3_for(feature_id: str | None, name: str) -> str | None:
    """The iso3 of one source feature: by numeric id, else by the explicit name table (None if unknown)."""
    if isinstance(feature_id, str) and feature_id.strip():
        return NUMERIC_TO_ISO3.get(feature_id.strip())
    return NAME_TO_ISO3.get(name)


def mapping_for(iso3: str, states: Iterable[str]) -> Mapping:
    """Scope of an iso3: integral parts take their sovereign's, territories are not in scope, the rest context."""
    states = set(states)
    iso3 = INTEGRAL_PARTS.get(iso3, iso3)
    if iso3 in states:
        return Mapping(iso3, STATE)
    if iso3 in TERRITORIES:
        return Mapping(iso3, NOT_IN_SCOPE, TERRITORIES[iso3])
    return Mapping(iso3, CONTEXT)


def fetch_source(cache: Path = CACHE) -> Path:
    """The pinned world-atlas tarball, fetched with `npm pack` once and refused if its sha256 differs."""
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"{SOURCE_PACKAGE}-{SOURCE_VERSION}.tgz"
    if not tarball.exists():
        subprocess.run(
            ["npm", "pack", f"{SOURCE_PACKAGE}@{SOURCE_VERSION}", "--silent"],
            cwd=cache,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise ValueError(f"{tarball.name}: sha256 {digest}, expected {SOURCE_SHA256}")
    return tarball


def read_source(tarball: Path) -> gpd.GeoDataFrame:
    """The `countries` layer of countries-50m.json (TopoJSON) from the tarball, in EPSG:4326."""
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(SOURCE_MEMBER)
        if member is None:
            raise ValueError(f"{tarball.name} has no {SOURCE_MEMBER}")
        raw = member.read()
    frame = gpd.read_file(io.BytesIO(raw), layer="countries")
    return frame.set_crs(4326, allow_override=True)


def _lonlat(latlon: tuple[float, float]) -> Point:
    return Point(latlon[1], latlon[0])


def move_crimea(russia: BaseGeometry, ukraine: BaseGeometry) -> tuple[BaseGeometry, BaseGeometry]:
    """Crimea (the part of Russia holding Simferopol and Sevastopol) given back to Ukraine: our borders policy."""
    parts = list(getattr(russia, "geoms", [russia]))
    crimea = [p for p in parts if p.contains(_lonlat(SIMFEROPOL))]
    if len(crimea) != 1 or not crimea[0].contains(_lonlat(SEVASTOPOL)):
        raise ValueError("Crimea not found as one part of Russia's geometry")
    rest = [p for p in parts if p is not crimea[0]]
    return shapely.MultiPolygon(rest), shapely.union(ukraine, crimea[0])


def assemble(source: gpd.GeoDataFrame, states: dict[str, str]) -> gpd.GeoDataFrame:
    """One row per map feature (iso3, name, scope, sovereign): mapped, merged, Crimea moved, clipped, cleaned."""
    window = box(*WINDOW)
    geoms: dict[str, list[BaseGeometry]] = {}
    meta: dict[str, Mapping] = {}
    names: dict[str, str] = {}
    for feature_id, name, geom in zip(source["id"], source["name"], source.geometry, strict=True):
        if geom is None or not geom.intersects(window):
            continue
        iso3 = iso3_for(feature_id, name)
        if iso3 is None:
            raise ValueError(f"no iso3 for source feature {feature_id!r} {name!r} inside the map window")
        mapping = mapping_for(iso3, states)
        meta[mapping.iso3] = mapping
        geoms.setdefault(mapping.iso3, []).append(_unwrapped(geom))
        if iso3 == mapping.iso3:
            names[mapping.iso3] = states.get(iso3, name)
    merged = {iso3: shapely.union_all(parts) for iso3, parts in geoms.items()}
    merged["RUS"], merged["UKR"] = move_crimea(merged["RUS"], merged["UKR"])
    clipped = {iso3: _polygonal(shapely.set_precision(g.intersection(window), PRECISION)) for iso3, g in merged.items()}
    clipped = _drop_islands({k: v for k, v in clipped.items() if not v.is_empty}, set(microstates()))
    rows = [
        {"iso3": iso3, "name": names.get(iso3, iso3), "scope": meta[iso3].scope,
         "sovereign": meta[iso3].sovereign, "geometry": clipped[iso3]}
        for iso3 in sorted(clipped)
    ]  # fmt: skip
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    missing = sorted(set(states) - set(frame.loc[frame["scope"] == STATE, "iso3"]))
    if missing:
        raise ValueError(f"in-scope states without geometry: {missing}")
    return frame


def _unwrapped(geom: BaseGeometry) -> BaseGeometry:
    """Parts crossing the antimeridian (Russia's Chukotka) shifted east of 180° before repair, so that
    repairing them does not smear a band across the whole map; the window clips them off anyway."""
    parts = [_shift_east(p) if p.bounds[2] - p.bounds[0] > 180 else p for p in shapely.get_parts(geom)]
    return shapely.make_valid(shapely.MultiPolygon(parts))


def _shift_east(part: BaseGeometry) -> BaseGeometry:
    return shapely.transform(
        part, lambda xy: np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]])
    )


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (clipping and snapping can leave slivers as lines or points)."""
    polys: list[shapely.Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon) and not part.is_empty:
            polys.append(part)
        elif isinstance(part, shapely.MultiPolygon | shapely.GeometryCollection):
            polys.extend(shapely.get_parts(_polygonal(part)))
    return shapely.MultiPolygon(polys)


def _drop_islands(geoms: dict[str, BaseGeometry], keep: set[str]) -> dict[str, BaseGeometry]:
    """Small parts that touch no other feature removed; a feature always keeps its largest part."""
    keys = list(geoms)
    tree = shapely.STRtree([geoms[k] for k in keys])
    out: dict[str, BaseGeometry] = {}
    for iso3, geom in geoms.items():
        parts = sorted(shapely.get_parts(geom), key=lambda p: -p.area)
        if iso3 in keep:
            out[iso3] = shapely.MultiPolygon(parts)
            continue
        kept = [
            p for i, p in enumerate(parts) if i == 0 or p.area >= MIN_ISLAND_AREA or _touches_other(p, iso3, keys, tree)
        ]
        out[iso3] = shapely.MultiPolygon(kept)
    return out


def _touches_other(part: BaseGeometry, iso3: str, keys: list[str], tree: shapely.STRtree) -> bool:
    return any(keys[i] != iso3 for i in tree.query(part, predicate="intersects"))


def simplify(frame: gpd.GeoDataFrame, tolerance: float = SIMPLIFY_TOLERANCE) -> gpd.GeoDataFrame:
    """The whole coverage simplified at once, so neighbours keep identical shared edges (no gaps, no overlaps)."""
    simplified = shapely.coverage_simplify(frame.geometry.values, tolerance)
    out = frame.copy()
    out["geometry"] = [_polygonal(shapely.set_precision(g, PRECISION)) for g in simplified]
    return out


def _ring(coords: Iterable[tuple[float, ...]]) -> list[list[float]]:
    return [[round(x, 4), round(y, 4)] for x, y, *_ in coords]


def _polygon_coords(poly: shapely.Polygon) -> list[list[list[float]]]:
    poly = shapely.geometry.polygon.orient(poly, 1.0)
    return [_ring(poly.exterior.coords)] + [_ring(r.coords) for r in poly.interiors]


def to_geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """Deterministic GeoJSON: features sorted by iso3, sorted keys, 4-decimal coordinates, no timestamps."""
    features = []
    for row in frame.sort_values("iso3").itertuples():
        polys = sorted(shapely.get_parts(row.geometry), key=lambda p: (-p.area, p.bounds))
        props = {"iso3": row.iso3, "name": row.name, "scope": row.scope}
        if row.sovereign:
            props["sovereign"] = row.sovereign
        geometry = {"type": "MultiPolygon", "coordinates": [_polygon_coords(p) for p in polys]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    doc = {"type": "FeatureCollection", "features": features}
    return (json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def build_frames(cache: Path = CACHE) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The assembled coverage before and after simplification (tests compare the two)."""
    states = in_scope_states()
    before = assemble(read_source(fetch_source(cache)), states)
    return before, simplify(before)


def build(out: Path = SHAPES_FILE, cache: Path = CACHE) -> bytes:
    """Regenerate data/europe.geojson from the pinned source; returns the bytes written."""
    _, after = build_frames(cache)
    report = join_check(after.loc[after["scope"] == STATE, "iso3"], policy_iso3s())
    if report.unmatched:
        raise ValueError(f"join failed: {report.unmatched}")
    payload = to_geojson_bytes(after)
    out.write_bytes(payload)
    return payload


@dataclass(frozen=True)
class JoinReport:
    """Outcome of joining shapes to the policy data on iso3."""

    in_scope: int
    matched: int
    unmatched: list[str] = field(default_factory=list)


def join_check(
    shape_iso3s: Iterable[str], policy_iso3s: Iterable[str], in_scope: Iterable[str] | None = None
) -> JoinReport:
    """Every in-scope state needs geometry and every policy iso3 needs an in-scope state; misses are listed."""
    states = set(in_scope_states() if in_scope is None else in_scope)
    shapes = set(shape_iso3s)
    no_geometry = states - shapes
    no_state = set(policy_iso3s) - states
    return JoinReport(len(states), len(states & shapes), sorted(no_geometry | no_state))


def load_shapes(path: Path = SHAPES_FILE) -> gpd.GeoDataFrame:
    """The committed shapes (EPSG:4326), with an empty sovereign where the file omits it."""
    frame = gpd.read_file(path).set_crs(4326, allow_override=True)
    if "sovereign" not in frame.columns:
        frame["sovereign"] = ""
    frame["sovereign"] = frame["sovereign"].fillna("")
    return frame


def to_laea(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The shapes in ETRS89-LAEA (EPSG:3035), the equal-area projection of European statistics, for exports."""
    return frame.to_crs(3035)


def microstate_points(frame: gpd.GeoDataFrame, path: Path = COUNTRIES_FILE) -> dict[str, tuple[float, float]]:
    """(lat, lon) inside each microstate's shape: a clickable marker where the polygon is too small to hit."""
    wanted = set(microstates(path))
    points: dict[str, tuple[float, float]] = {}
    for iso3, geom in zip(frame["iso3"], frame.geometry, strict=True):
        if iso3 in wanted and geom is not None and not geom.is_empty:
            largest = max(shapely.get_parts(geom), key=lambda p: p.area)
            point = largest.representative_point()
            points[str(iso3)] = (round(point.y, 4), round(point.x, 4))
    return dict(sorted(points.items()))


SCOPES = (STATE, NOT_IN_SCOPE, CONTEXT)
MAX_SHAPE_ERRORS = 50
"""A file broken everywhere (say, every geometry invalid) is reported by its first problems, not 67 lines."""


def shapes_label(path: Path) -> str:
    """The shapes file as a message names it: relative to the checkout when inside it (`data/europe.geojson`)."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return Path(path).name


def check_shapes(path: Path = SHAPES_FILE, states: Iterable[str] | None = None, *, exact: bool = True) -> list[str]:
    """Every problem of a shapes file as `file: message` or `file: feature N (ISO3): message`.

    Readable GeoJSON, every in-scope state (`states`, default countries.csv) present exactly once with
    scope `state`, and a valid, non-empty, polygonal geometry in lon/lat for every feature. Nothing is
    raised: a broken file is a list of lines, so the CLI and the app can show them instead of a traceback.
    `exact=False` lets the file hold more states than `states` (a data folder with a subset of the
    states, drawn on the committed shapes).
    """
    label = shapes_label(path)
    doc = _read_collection(path)
    if isinstance(doc, str):
        return [f"{label}: {doc}"]
    if states is None:
        try:
            states = in_scope_states()
        except (OSError, KeyError, UnicodeDecodeError, csv.Error):
            states = ()  # countries.csv itself is broken: its own check reports that
    wanted = set(states)
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(doc["features"], start=1):
        problems = _feature_problems(feature, wanted, seen, number, exact)
        errors.extend(f"{label}: feature {number}{msg}" for msg in problems)
    errors.extend(f"{label}: no feature for {iso3}, a state in countries.csv" for iso3 in sorted(wanted - set(seen)))
    if len(errors) > MAX_SHAPE_ERRORS:
        errors = [*errors[:MAX_SHAPE_ERRORS], f"{label}: … and {len(errors) - MAX_SHAPE_ERRORS} more problems"]
    return errors


def shapes_file_problem(path: Path = SHAPES_FILE) -> str | None:
    """`file: message` when the file cannot be read as a GeoJSON FeatureCollection at all, else None."""
    doc = _read_collection(path)
    return f"{shapes_label(path)}: {doc}" if isinstance(doc, str) else None


def _read_collection(path: Path) -> dict | str:
    """The parsed FeatureCollection, or what stops it being one (missing, empty, not UTF-8, not JSON)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return "missing file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not raw.strip():
        return "empty file"
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
    except json.JSONDecodeError as exc:
        return f"not JSON, truncated or corrupt (line {exc.lineno} column {exc.colno}: {exc.msg})"
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(
        doc.get("features"), list
    ):
        return "not a GeoJSON FeatureCollection"
    return doc


def _feature_problems(
    feature: object, states: set[str], seen: dict[str, int], number: int, exact: bool = True
) -> list[str]:
    """One feature's problems, each starting with what follows `feature N` in the message."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return [": not a GeoJSON Feature"]
    props = feature.get("properties")
    iso3 = props.get("iso3") if isinstance(props, dict) else None
    if not isinstance(iso3, str) or not iso3.strip():
        return [": no iso3 property"]
    where = f" ({iso3[:12]})"
    problems: list[str] = []
    scope = props.get("scope")
    if scope not in SCOPES:
        problems.append(f"{where}: scope {str(scope)[:20]!r} is not one of {', '.join(SCOPES)}")
    elif (scope == STATE) != (iso3 in states) and (exact or iso3 in states):
        expected = STATE if iso3 in states else "not_in_scope or context (not in countries.csv)"
        problems.append(f"{where}: scope {scope!r}, expected {expected}")
    if iso3 in seen:
        problems.append(f"{where}: appears twice (also feature {seen[iso3]})")
    else:
        seen[iso3] = number
    problems.extend(where + p for p in _geometry_problems(feature.get("geometry")))
    return problems


def _geometry_problems(geometry: object) -> list[str]:
    if geometry is None:
        return [": no geometry"]
    try:
        geom = shapely.geometry.shape(geometry)
    except Exception as exc:  # any malformed geometry is one message, whatever shapely raises
        return [f": unreadable geometry ({type(exc).__name__}: {str(exc)[:80]})"]
    if geom.geom_type not in {"Polygon", "MultiPolygon"}:
        return [f": geometry is a {geom.geom_type}, expected Polygon or MultiPolygon"]
    if geom.is_empty:
        return [": empty geometry"]
    west, south, east, north = geom.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return [": coordinates outside longitude/latitude range (not EPSG:4326?)"]
    if not geom.is_valid:
        return [f": invalid geometry ({explain_validity(geom)})"]
    return []
