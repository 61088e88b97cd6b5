"""The slides' geometry: the shapes in ETRS89-LAEA (EPSG:3035), clipped once and kept as matplotlib paths.

`CROP` frames Europe (Iceland to Baku, Malta and Cyprus to the North Cape); a map widens its view from it
to fill the box it is given (`view_for`). What lies inside a view but outside the shapes' lon/lat window
is split into land and sea (`beyond_window`), so the frame is a rectangle in projected coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from matplotlib.path import Path
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

CROP = (2.55e6, 1.38e6, 7.75e6, 5.45e6)
"""Europe in EPSG:3035 metres (xmin, ymin, xmax, ymax): Iceland to Baku, Malta and Cyprus to the North Cape."""
WINDOW_DEFAULT = (-25.0, 33.0, 52.0, 72.0)
"""lon/lat box the shapes were cut to (geo.shapes.WINDOW)."""


@dataclass(frozen=True)
class Shape:
    iso3: str
    scope: str
    path: Path


@dataclass(frozen=True)
class Projected:
    """Shapes in EPSG:3035, clipped to the widest view a map can take and turned into matplotlib paths once.

    `veil` covers what lies inside that view but outside the shapes' lon/lat window to the east and south
    (past 52°E and below 33°N the data stop): drawn in the context land colour, so Russia and Kazakhstan run
    on to the frame instead of ending at a slanted line; `veil_sea` (north of 72°N, west of 25°W) is drawn
    as sea. The map frame itself is a rectangle in projected coordinates.
    """

    shapes: tuple[Shape, ...]
    points: dict[str, tuple[float, float]]
    veil: Path | None
    veil_sea: Path | None = None


EXTENT_GROW = 0.5
"""How far (share of the crop's width or height) a map may widen past `CROP` to fill a cell of another shape."""


def extent() -> tuple[float, float, float, float]:
    """The widest view any map takes: `CROP` grown by `EXTENT_GROW` on each axis."""
    xmin, ymin, xmax, ymax = CROP
    dx, dy = (xmax - xmin) * EXTENT_GROW / 2, (ymax - ymin) * EXTENT_GROW / 2
    return (xmin - dx, ymin - dy, xmax + dx, ymax + dy)


SLIDE_GROW = 0.25
"""A single slide widens its view less: past that, the extra is mostly the Sahara and the Arctic."""


def view_for(width: float, height: float, grow_max: float = EXTENT_GROW) -> tuple[float, float, float, float]:
    """The projected rectangle a map box of this pixel shape shows: `CROP`, widened (up to `grow_max` of
    its width or height) along the box's longer side so the map fills the box instead of leaving bands."""
    xmin, ymin, xmax, ymax = CROP
    cw, ch = xmax - xmin, ymax - ymin
    want = width / height
    if want > cw / ch:
        grow = min(ch * want, cw * (1 + grow_max)) - cw
        return (xmin - grow / 2, ymin, xmax + grow / 2, ymax)
    grow = min(cw / want, ch * (1 + grow_max)) - ch
    return (xmin, ymin - grow / 2, xmax, ymax + grow / 2)


def data_window(window: tuple[float, float, float, float] = WINDOW_DEFAULT) -> Any:
    """The shapes' lon/lat window, projected with densified edges (meridians stay true)."""
    west, south, east, north = window
    steps = np.linspace(0.0, 1.0, 200)
    lons = np.concatenate([west + (east - west) * steps, np.full(200, east), east - (east - west) * steps,
                           np.full(200, west)])
    lats = np.concatenate([np.full(200, south), south + (north - south) * steps, np.full(200, north),
                           north - (north - south) * steps])
    xs, ys = Transformer.from_crs(4326, 3035, always_xy=True).transform(lons, lats)
    return shapely.Polygon(np.column_stack([xs, ys]))


def beyond_window(box: Any, window: Any) -> tuple[Any, Any]:
    """What of `box` lies outside the shapes' window, split into (land, sea): south of 33°N and east of 52°E
    is land (North Africa, the Middle East, Russia and Kazakhstan), north of 72°N and west of 25°W is sea
    (the Arctic and the Atlantic). Each side is the band between the box's edge and the window's edge."""
    ring = np.asarray(window.exterior.coords)[:-1]
    south, east, north, west = ring[0:200], ring[200:400], ring[400:600], ring[600:800]
    xmin, ymin, xmax, ymax = box.bounds
    bl, br, tr, tl = (xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)
    bands = {
        "south": shapely.Polygon([bl, br, *south[::-1]]), "east": shapely.Polygon([br, tr, *east[::-1]]),
        "north": shapely.Polygon([tr, tl, *north[::-1]]), "west": shapely.Polygon([tl, bl, *west[::-1]]),
    }
    outside = box.difference(window)
    part = {k: shapely.make_valid(v).intersection(outside) for k, v in bands.items()}
    return part["south"].union(part["east"]), part["north"].union(part["west"])


def _polygons(geom: Any) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _path(geom: Any) -> Path | None:
    """A compound path (holes wound the other way, so nonzero filling leaves them open)."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in _polygons(geom):
        poly = orient(poly, 1.0)
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            c = np.full(len(xy), Path.LINETO, dtype=np.uint8)
            c[0] = Path.MOVETO
            c[-1] = Path.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


_PROJECTED: dict[int, tuple[Any, Projected]] = {}


def projected(shapes: Any) -> Projected:
    """The shapes projected and clipped, cached per shapes object (projection is the slow part)."""
    hit = _PROJECTED.get(id(shapes))
    if hit is not None and hit[0] is shapes:
        return hit[1]
    from geo import shapes as shapes_mod

    laea = shapes_mod.to_laea(shapes)
    box = shapely.box(*extent()).buffer(2e4, join_style="mitre")
    out: list[Shape] = []
    for row in laea.itertuples():
        geom = row.geometry
        if geom is None or geom.is_empty or not geom.intersects(box):
            continue
        path = _path(shapely.make_valid(geom).intersection(box))
        if path is not None:
            out.append(Shape(str(row.iso3), str(row.scope), path))
    to_3035 = Transformer.from_crs(4326, 3035, always_xy=True)
    points = {iso3: to_3035.transform(lon, lat) for iso3, (lat, lon) in shapes_mod.microstate_points(shapes).items()}
    land, sea = beyond_window(box, data_window(getattr(shapes_mod, "WINDOW", WINDOW_DEFAULT)))
    result = Projected(tuple(out), points, _path(land), _path(sea))
    if len(_PROJECTED) >= 4:
        _PROJECTED.clear()
    _PROJECTED[id(shapes)] = (shapes, result)
    return result
