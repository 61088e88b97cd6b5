"""Briefing slides: the map of one layer and month (or several months side by side) as PNG, SVG or PDF.

The slides draw the same categories, colours and labels as the web map (`geo.style`, `geo.mapview`),
in ETRS89-LAEA (EPSG:3035) so areas are true, with the sources' publishers and the review date in the
footer so a slide pulled out of a deck still says where its facts come from. Figures are built with
`matplotlib.figure.Figure` on an Agg canvas: no pyplot, so no global state leaks between renders.
"""

from __future__ import annotations

import io
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import matplotlib
import numpy as np
import shapely
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, PathPatch, Rectangle
from matplotlib.path import Path
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

from geo import mapview, style, summary, timeline
from geo.policy import Policy, data_version
from geo.view import month_end

FORMATS = ("png", "svg", "pdf")
CROP = (2.55e6, 1.38e6, 7.75e6, 5.45e6)
"""Europe in EPSG:3035 metres (xmin, ymin, xmax, ymax): Iceland to Baku, Malta and Cyprus to the North Cape."""
WINDOW_DEFAULT = (-25.0, 33.0, 52.0, 72.0)
"""lon/lat box the shapes were cut to (geo.shapes.WINDOW); the map frame follows it where the crop goes beyond."""
REF = (1920, 1080)
"""The reference slide: every length below is in pixels of this size and scales with the real one."""

SEA = "#dde8f0"
INK = "#1f2933"
MUTED = "#52606d"
FRAME = "#c5ccd3"
MICRO_EDGE = "#1f2933"
FADED_STROKE = "#c8ced6"
FADE = 0.82
"""How far a faded state (outside the alliance filter) is blended towards white, as the web map's 0.18 fill."""
CREDIT = "5G Vendor Policy Atlas · Natural Earth · Crimea shown as part of Ukraine"
_FONTS = ("Liberation Sans", "Arial", "Helvetica", "Nimbus Sans", "DejaVu Sans")
SVG_FALLBACK = "Arial, Helvetica, sans-serif"
"""SVG text names its font; a viewer without it must still fall back to a sans, never to Times."""


class ExportError(ValueError):
    """A request the exporter cannot draw (unknown layer, month, format or size)."""


@lru_cache(maxsize=1)
def font_family() -> str:
    """The first clean sans installed (Arial metrics preferred; matplotlib's own DejaVu as last resort)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in _FONTS if f in names), "DejaVu Sans")


# --- geometry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    iso3: str
    scope: str
    path: Path


@dataclass(frozen=True)
class Projected:
    """Shapes in EPSG:3035, clipped to the map frame and turned into matplotlib paths once."""

    shapes: tuple[Shape, ...]
    points: dict[str, tuple[float, float]]
    frame: Path


def map_frame(window: tuple[float, float, float, float] = WINDOW_DEFAULT) -> Any:
    """The crop box cut to the shapes' lon/lat window, projected (edges densified, so meridians stay true).

    Past 52°E the shapes stop (Russia is cut there); a frame that follows the cut shows that the data ends,
    where a rectangle would show Russia ending at a straight coast.
    """
    west, south, east, north = window
    steps = np.linspace(0.0, 1.0, 200)
    lons = np.concatenate([west + (east - west) * steps, np.full(200, east), east - (east - west) * steps,
                           np.full(200, west)])
    lats = np.concatenate([np.full(200, south), south + (north - south) * steps, np.full(200, north),
                           north - (north - south) * steps])
    xs, ys = Transformer.from_crs(4326, 3035, always_xy=True).transform(lons, lats)
    return shapely.Polygon(np.column_stack([xs, ys])).intersection(shapely.box(*CROP))


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
    frame = map_frame(getattr(shapes_mod, "WINDOW", WINDOW_DEFAULT))
    box = frame.buffer(2e4)
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
    frame_path = _path(frame)
    assert frame_path is not None
    result = Projected(tuple(out), points, frame_path)
    if len(_PROJECTED) >= 4:
        _PROJECTED.clear()
    _PROJECTED[id(shapes)] = (shapes, result)
    return result


# --- what is drawn ---------------------------------------------------------------------------


def month_date(month: str) -> date:
    """The date the app shows for a `YYYY-MM` month: its last day (see `geo.view.month_end`)."""
    return month_end(month)


def month_name(month: str) -> str:
    """'October 2020': a slide is read from the back of a room, so the month is spelled out."""
    return month_date(month).strftime("%B %Y")


def check_request(policy: Policy, layer: str, months: Sequence[str], alliances: Sequence[str]) -> None:
    """Reject what the map cannot show, naming what it can."""
    if layer not in style.CATEGORIES:
        raise ExportError(f"unknown layer {layer!r}; choose one of {', '.join(style.CATEGORIES)}")
    known = timeline.months(policy)
    for month in months:
        if month not in known:
            raise ExportError(f"month {month!r} is not in the timeline ({known[0]} to {known[-1]}, as YYYY-MM)")
    for alliance in alliances:
        if alliance not in timeline.ALLIANCES:
            raise ExportError(f"unknown alliance {alliance!r}; choose from {', '.join(timeline.ALLIANCES)}")


@dataclass(frozen=True)
class Frame:
    """One map's content: per-state fill style, faded set, counts, and the sources behind it."""

    month: str
    categories: dict[str, str]
    faded: frozenset[str]
    counts: list[tuple[str, str, int]]
    headline: str
    publishers: Counter


def _short_publisher(name: str) -> str:
    """A footer has room for short names: 'Swedish Post and Telecom Authority (PTS)' → 'PTS',
    'Pledge Times (Helsingin Sanomat)' → 'Pledge Times', 'GOV.UK (Department for …)' → 'GOV.UK'."""
    name = name.strip()
    found = re.search(r"\(([^()]*)\)\s*$", name)
    if not found:
        return name
    inner = found.group(1).strip()
    if re.fullmatch(r"[A-ZÀ-Þ0-9&.\-]{2,10}", inner):
        return inner
    return name[: found.start()].strip() or inner


def _fact_refs(state: Any, layer: str, on: date) -> list[tuple[str | None, str | None]]:
    """(source_id, source title) of the facts that put this state in its category on this layer."""
    key = timeline.category(state, layer, on)
    if key == "not_researched":
        return []
    refs: list[Any] = []
    if layer == "clean_network" and state.clean_network.member:
        refs.append(state.clean_network)
    elif layer == "restriction" and state.restriction.level != "none":
        refs.append(state.restriction)
    elif layer == "deadline":
        refs.extend(state.removal_deadlines)
    return [(getattr(r, "source_id", None), getattr(r, "source_title", None)) for r in refs]


def frame_for(policy: Policy, layer: str, month: str, alliances: Sequence[str] = ()) -> Frame:
    """Everything one map shows for a layer and month, computed by the same functions as the web map."""
    on = month_date(month)
    states = timeline.state_at(policy, on)
    chosen = timeline.members_of_all(policy, alliances, on)
    view = mapview.map_view(states, layer, on, members=chosen)
    counted = [s for s in states if chosen is None or s.iso3 in chosen]
    by_id = dict(zip(policy.sources["source_id"], policy.sources["publisher"], strict=False))
    by_title = dict(zip(policy.sources["title"], policy.sources["publisher"], strict=False))
    publishers: Counter = Counter()
    for state in states:
        for source_id, title in _fact_refs(state, layer, on):
            publisher = by_id.get(source_id) or by_title.get(title)
            if publisher:
                publishers[_short_publisher(str(publisher))] += 1
    return Frame(
        month=month,
        categories={iso3: entry["c"] for iso3, entry in view["countries"].items()},
        faded=frozenset(iso3 for iso3, entry in view["countries"].items() if entry.get("f")),
        counts=summary.category_counts(counted, layer, on),
        headline=summary.headline(counted, layer, on, alliances),
        publishers=publishers,
    )


def _blend(colour: str, towards: str = "#ffffff", amount: float = FADE) -> str:
    a = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    b = np.array([int(towards[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    mixed = np.round(a + (b - a) * amount).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _dashes(dash: str | None, lw: float) -> Any:
    """The web map's SVG dasharray ("4 3", in stroke px) as a matplotlib line style."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) / max(lw, 0.1) for v in dash.split()))


# --- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Canvas:
    """A figure whose layout is measured in reference pixels (`REF`) and scaled to the real size."""

    fig: Figure
    width: int
    height: int
    scale: float

    def px(self, value: float) -> float:
        return value * self.scale

    def pt(self, ref_px: float) -> float:
        """Reference pixels as points at this figure's dpi (fonts and line widths are in points)."""
        return ref_px * self.scale * 72.0 / self.fig.dpi

    def text(self, x: float, y: float, s: str, size: float, **kw: Any) -> Any:
        """Text at real pixel position (x from the left, y from the top), `size` in reference pixels."""
        kw.setdefault("color", INK)
        kw.setdefault("va", "top")
        return self.fig.text(
            x / self.width, 1 - y / self.height, s, fontsize=self.pt(size), family=font_family(), **kw
        )

    def text_width(self, s: str, size: float, weight: str = "normal") -> float:
        """Rendered width of a text in real pixels, to fit footers and legends without clipping."""
        t = self.fig.text(0, 0, s, fontsize=self.pt(size), family=font_family(), weight=weight)
        width = t.get_window_extent(self.fig.canvas.get_renderer()).width
        t.remove()
        return width


def scale_of(size: tuple[int, int], side: bool = True) -> float:
    """Real pixels per reference pixel: against 1920x1080 with the legend beside the map, 1200x1200 under it."""
    width, height = size
    if side:
        return min(width / REF[0], height / REF[1])
    return min(width / 1200, height / 1200)


def new_canvas(size: tuple[int, int], scale: float | None = None) -> Canvas:
    """A figure exactly `size` pixels large: figsize x dpi is nudged up a hair so Agg never rounds down."""
    width, height = size
    dpi = 100.0
    fig = Figure(figsize=((width + 1e-3) / dpi, (height + 1e-3) / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return Canvas(fig, width, height, scale_of(size) if scale is None else scale)


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' → (1920, 1080), within what a slide can sensibly be."""
    found = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text or "")
    if not found:
        raise ExportError(f"size {text!r} is not WIDTHxHEIGHT in pixels, e.g. 1920x1080")
    width, height = int(found.group(1)), int(found.group(2))
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise ExportError(f"size {width}x{height} is outside 320x240 to 8000x8000 pixels")
    return width, height


def _map_axes(cv: Canvas, box: tuple[float, float, float, float]) -> Any:
    """An axes at pixel box (left, top, width, height) showing exactly the crop, without any chrome."""
    left, top, width, height = box
    ax = cv.fig.add_axes((left / cv.width, 1 - (top + height) / cv.height, width / cv.width, height / cv.height))
    ax.set_axis_off()
    xmin, ymin, xmax, ymax = CROP
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box", anchor="C")
    return ax


def map_box(avail: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The largest box with the crop's aspect inside `avail` (left, top, width, height), top-left aligned."""
    left, top, width, height = avail
    aspect = (CROP[2] - CROP[0]) / (CROP[3] - CROP[1])
    if width / height > aspect:
        width = height * aspect
    else:
        height = width / aspect
    return (left, top, width, height)


def _draw_map(cv: Canvas, ax: Any, geo: Projected, frame: Frame, layer: str, detail: float = 1.0) -> None:
    """Sea, land, territories and states coloured by category, microstates as circles, all inside the frame."""
    sea = PathPatch(geo.frame, facecolor=SEA, edgecolor="none", zorder=0)
    ax.add_patch(sea)
    groups: dict[tuple[str, str, str, Any, float], list[Path]] = {}
    lw_state = cv.pt(0.8 * detail)
    for shape in geo.shapes:
        if shape.scope == "state":
            s = style.style_of(layer, frame.categories.get(shape.iso3, "not_researched"))
            fill, stroke, dash = s.fill, s.stroke, s.dash
            if shape.iso3 in frame.faded:
                fill, stroke, dash = _blend(fill), FADED_STROKE, None
            key = (fill, stroke, "state", _dashes(dash, lw_state), lw_state)
        else:
            s = style.NOT_IN_SCOPE if shape.scope == "not_in_scope" else style.CONTEXT
            key = (s.fill, s.stroke, shape.scope, "solid", cv.pt(0.6 * detail))
        groups.setdefault(key, []).append(shape.path)
    order = {"context": 1, "not_in_scope": 2, "state": 3}
    for (fill, stroke, scope, dash, lw), paths in sorted(groups.items(), key=lambda kv: order.get(kv[0][2], 3)):
        coll = PathCollection(
            paths, facecolors=fill, edgecolors=stroke, linewidths=lw, linestyles=[dash], zorder=order.get(scope, 3),
        )
        ax.add_collection(coll)
        coll.set_clip_path(sea)
    radius = cv.pt(8 * detail)
    for iso3, (x, y) in sorted(geo.points.items()):
        s = style.style_of(layer, frame.categories.get(iso3, "not_researched"))
        faded = iso3 in frame.faded
        ax.scatter(
            [x], [y], s=(2 * radius) ** 2, c=[_blend(s.fill) if faded else s.fill],
            edgecolors=[FADED_STROKE if faded else MICRO_EDGE], linewidths=cv.pt(1.6 * detail), zorder=5,
        )
    ax.add_patch(PathPatch(geo.frame, fill=False, edgecolor=FRAME, linewidth=cv.pt(1.0), zorder=6))


def _swatch(cv: Canvas, x: float, y: float, w: float, h: float, s: style.CategoryStyle) -> None:
    """A legend swatch at pixel (x, y top-left), outlined (dashed) as the map draws the category."""
    lw = cv.pt(1.4)
    cv.fig.add_artist(Rectangle(
        (x / cv.width, 1 - (y + h) / cv.height), w / cv.width, h / cv.height, transform=cv.fig.transFigure,
        facecolor=s.fill, edgecolor=s.stroke, linewidth=lw, linestyle=_dashes(s.dash, lw),
    ))


def _circle(cv: Canvas, x: float, y: float, r: float, fill: str) -> None:
    """A legend circle of radius `r` real pixels centred at pixel (x, y), drawn like a microstate marker."""
    cv.fig.add_artist(Ellipse(
        (x / cv.width, 1 - y / cv.height), 2 * r / cv.width, 2 * r / cv.height, transform=cv.fig.transFigure,
        facecolor=fill, edgecolor=MICRO_EDGE, linewidth=cv.pt(1.6),
    ))


def _wrap(cv: Canvas, text: str, size: float, width: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap by measured width (real pixels)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and cv.text_width(candidate, size, weight) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fit_list(cv: Canvas, prefix: str, items: Sequence[str], size: float, width: float) -> str:
    """'Sources: A, B, C and 12 more' as long as fits `width`: the most cited publishers first."""
    if not items:
        return prefix + "no sourced fact drawn on this map"
    for n in range(len(items), 0, -1):
        rest = len(items) - n
        text = prefix + ", ".join(items[:n]) + (f" and {rest} more" if rest else "")
        if cv.text_width(text, size) <= width:
            return text
    return prefix + f"{len(items)} publishers (listed on the atlas's data page)"


def _scope_line(alliances: Sequence[str], n_states: int) -> str:
    if not alliances:
        return f"All {n_states} European states in scope"
    return f"Filter: {summary.scope_name(alliances)} on that date (other states faded)"


def _faded_style(layer: str) -> style.CategoryStyle:
    """How the legend shows 'faded': the layer's strongest colour, blended as the map fades a state."""
    return style.CategoryStyle("faded", "Faded: outside the filter", _blend(style.categories(layer)[0].fill),
                               FADED_STROKE)


FOOTER_SIZE = 17
FOOTER_H = 40 + FOOTER_SIZE * 1.45 * 2 + 20
"""Reference pixels taken by the footer (two lines and the bottom margin)."""


def _footer(cv: Canvas, policy: Policy, publishers: Counter, left: float, width: float) -> None:
    """Sources (most cited first, as many as fit), review date and credits, at the bottom margin."""
    names = [name for name, _ in sorted(publishers.items(), key=lambda kv: (-kv[1], kv[0].lower()))]
    reviewed = data_version(policy)["reviewed"]
    bottom = cv.height - cv.px(40)
    line_h = cv.px(FOOTER_SIZE * 1.45)
    sources = _fit_list(cv, "Sources: ", names, FOOTER_SIZE, width)
    cv.text(left, bottom - line_h, sources, FOOTER_SIZE, color=MUTED, va="baseline")
    cv.text(left, bottom, f"Data reviewed {reviewed} · {CREDIT}", FOOTER_SIZE, color=MUTED, va="baseline")


def _legend(
    cv: Canvas, layer: str, x: float, y: float, width: float, counts: dict[str, int], faded: bool, micro: bool,
) -> float:
    """Legend rows (swatch, label, count) at pixel (x, y); returns the y below them."""
    size = 21
    gap = cv.px(12)
    sw, sh = cv.px(34), cv.px(24)
    label_x = x + sw + cv.px(16)
    label_w = width - sw - cv.px(16) - cv.px(64)
    line_h = cv.px(size * 1.2)
    rows: list[tuple[style.CategoryStyle | None, str, str]] = [
        (s, s.label, str(counts[s.key]) if s.key in counts else "") for s in style.legend(layer)
    ]
    if micro:
        rows.append((None, "Small state, drawn as a circle", ""))
    if faded:
        rows.append((_faded_style(layer), "Faded: outside the filter", ""))
    for s, label, count in rows:
        lines = _wrap(cv, label, size, label_w)
        block = max(sh, line_h * len(lines))
        mid = y + sh / 2
        if s is None:
            _circle(cv, x + sw / 2, mid, cv.px(9), style.NOTHING_KNOWN_FILL)
        else:
            _swatch(cv, x, y, sw, sh, s)
        if len(lines) == 1:
            cv.text(label_x, mid, lines[0], size, va="center_baseline")
        else:
            cv.text(label_x, y + (sh - line_h) / 2, "\n".join(lines), size, linespacing=1.2)
        if count:
            cv.text(x + width, mid, count, size, ha="right", va="center_baseline", weight="bold")
        y += block + gap
    return y


def _header(cv: Canvas, layer: str, subtitle: str, left: float, top: float) -> float:
    """Title and subtitle; returns the y below them."""
    cv.text(left, top, style.LAYER_TITLES[layer], 44, weight="bold")
    sub_top = top + cv.px(44 * 1.3)
    cv.text(left, sub_top, subtitle, 27, color=MUTED)
    return sub_top + cv.px(27 * 1.4)


HEADER_H = 56 + 44 * 1.3 + 27 * 1.4 + 28
"""Reference pixels from the top edge to the top of the map."""


_SAVE_RC = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "5g-atlas"}
"""Text stays text in SVG and PDF (searchable, editable in a deck); SVG ids are stable between runs."""
_SAVE_LOCK = threading.Lock()
"""rc_context is process-global: app sessions saving at the same time take turns, so none sees another's rc."""


def _save(cv: Canvas, fmt: str) -> bytes:
    """The figure's bytes; the rc settings above apply only while saving and are restored afterwards."""
    if fmt not in FORMATS:
        raise ExportError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    buf = io.BytesIO()
    meta: dict[str, Any] = {"Software": "5G Vendor Policy Atlas"} if fmt == "png" else {
        "Creator": "5G Vendor Policy Atlas", "Date": None}
    with _SAVE_LOCK, matplotlib.rc_context(_SAVE_RC):
        cv.fig.savefig(buf, format=fmt, dpi=cv.fig.dpi, facecolor="white", metadata=meta)
    if fmt == "svg":
        family = f"font-family: '{font_family()}'"
        return buf.getvalue().replace(family.encode(), f"{family}, {SVG_FALLBACK}".encode())
    return buf.getvalue()


@dataclass(frozen=True)
class SlideLayout:
    """Where the map and the legend panel sit on a slide, in real pixels from the top-left."""

    map_box: tuple[float, float, float, float]
    panel: tuple[float, float, float, float]
    side: bool
    scale: float

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        """Pixel (column, row) of an EPSG:3035 point on the map: the tests sample colours with it."""
        left, top, width, height = self.map_box
        col = left + (x - CROP[0]) / (CROP[2] - CROP[0]) * width
        row = top + (CROP[3] - y) / (CROP[3] - CROP[1]) * height
        return int(col), int(row)


def _side_layout(size: tuple[int, int]) -> SlideLayout:
    width, height = size
    scale = scale_of(size, side=True)
    margin = 56 * scale
    top, bottom = HEADER_H * scale, height - FOOTER_H * scale
    box = map_box((margin, top, width - 3 * margin - 600 * scale, bottom - top))
    panel_left = box[0] + box[2] + margin
    return SlideLayout(box, (panel_left, top, width - margin - panel_left, bottom - top), True, scale)


def _stacked_layout(size: tuple[int, int]) -> SlideLayout:
    width, height = size
    scale = scale_of(size, side=False)
    margin = 56 * scale
    top, bottom = HEADER_H * scale, height - FOOTER_H * scale
    box = map_box((margin, top, width - 2 * margin, bottom - top - 420 * scale))
    box = (margin + (width - 2 * margin - box[2]) / 2, top, box[2], box[3])
    panel_top = top + box[3] + 28 * scale
    return SlideLayout(box, (margin, panel_top, width - 2 * margin, bottom - panel_top), False, scale)


def slide_layout(size: tuple[int, int]) -> SlideLayout:
    """Legend beside the map or under it, whichever draws the map larger (beside, on any 16:9 or 4:3 slide)."""
    side, stacked = _side_layout(size), _stacked_layout(size)
    return side if side.map_box[2] >= stacked.map_box[2] * 0.9 else stacked


def render_slide(
    policy: Policy, shapes: Any, layer: str, month: str, *, alliances: Sequence[str] = (),
    size: tuple[int, int] = REF, fmt: str = "png",
) -> bytes:
    """One map slide of a layer on a month: title, month, legend with counts, sources and review date."""
    check_request(policy, layer, [month], alliances)
    frame = frame_for(policy, layer, month, alliances)
    geo = projected(shapes)
    lay = slide_layout(size)
    cv = new_canvas(size, lay.scale)
    margin = cv.px(56)
    subtitle = f"{month_name(month)}  ·  {_scope_line(alliances, len(policy.countries))}"
    _header(cv, layer, subtitle, margin, margin)
    _draw_map(cv, _map_axes(cv, lay.map_box), geo, frame, layer)
    px, py, pw, _ = lay.panel
    counts = {key: n for key, _, n in frame.counts}
    head_size = 26 if lay.side else 24
    if lay.side:
        cv.text(px, py - cv.px(8), month_name(month), 64, weight="bold", color=INK)
        py += cv.px(64 * 1.35)
    lines = _wrap(cv, frame.headline, head_size, pw, "bold")
    cv.text(px, py, "\n".join(lines), head_size, weight="bold", linespacing=1.25)
    y = py + cv.px(head_size * 1.25) * len(lines) + cv.px(28)
    cv.text(px, y, "Category", 18, color=MUTED)
    cv.text(px + pw, y, "States", 18, color=MUTED, ha="right")
    _legend(cv, layer, px, y + cv.px(34), pw, counts, bool(alliances), bool(geo.points))
    _footer(cv, policy, frame.publishers, margin, cv.width - 2 * margin)
    return _save(cv, fmt)


def _grid(n: int, width: float, height: float, gap: float, label_h: float) -> tuple[int, int, float, float]:
    """(columns, rows, map width, map height) of the arrangement that draws the n maps largest."""
    best = (n, 1, 0.0, 0.0)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cell_w = (width - gap * (cols - 1)) / cols
        cell_h = (height - gap * (rows - 1)) / rows - label_h
        if cell_w <= 0 or cell_h <= 0:
            continue
        _, _, mw, mh = map_box((0, 0, cell_w, cell_h))
        if mw > best[2]:
            best = (cols, rows, mw, mh)
    return best


def _tally(cv: Canvas, layer: str, frame: Frame, right: float, y: float) -> None:
    """Counts per category as coloured chips, right-aligned at `right` (the shared legend names them)."""
    size = 17
    sw = cv.px(16)
    x = right
    for key, _, n in reversed(frame.counts):
        text = str(n)
        x -= cv.text_width(text, size, "bold")
        cv.text(x, y, text, size, va="center_baseline", weight="bold")
        x -= cv.px(6) + sw
        _swatch(cv, x, y - sw / 2, sw, sw, style.style_of(layer, key))
        x -= cv.px(16)


def render_small_multiples(
    policy: Policy, shapes: Any, layer: str, months: Sequence[str], *, alliances: Sequence[str] = (),
    size: tuple[int, int] = REF, fmt: str = "png",
) -> bytes:
    """Several months of one layer side by side, each titled with its month, over one shared legend."""
    months = list(dict.fromkeys(months))
    if not 2 <= len(months) <= 8:
        raise ExportError("small multiples need 2 to 8 distinct months")
    check_request(policy, layer, months, alliances)
    frames = [frame_for(policy, layer, m, alliances) for m in months]
    geo = projected(shapes)
    cv = new_canvas(size)
    margin = cv.px(56)
    span = f"{month_name(months[0])} to {month_name(months[-1])}"
    subtitle = f"{span}  ·  {_scope_line(alliances, len(policy.countries))}"
    top = _header(cv, layer, subtitle, margin, margin) + cv.px(28)
    micro = style.CategoryStyle("micro", "Small state, drawn as a circle", style.NOTHING_KNOWN_FILL, MICRO_EDGE)
    entries = [*style.legend(layer), *([micro] if geo.points else []), *([_faded_style(layer)] if alliances else [])]
    legend_size = 19
    widest = max(cv.text_width(s.label, legend_size) for s in entries) + cv.px(30 + 12 + 40)
    gap = cv.px(32)
    label_h = cv.px(44)
    bottom = cv.height - cv.px(FOOTER_H + 16)
    content_w = cv.width - 2 * margin
    legend_cols = max(1, min(len(entries), int(content_w // widest)))
    legend_h = cv.px(34) * math.ceil(len(entries) / legend_cols) + cv.px(24)
    under = _grid(len(months), content_w, bottom - top - legend_h, gap, label_h)
    beside = _grid(len(months), content_w - widest - gap, bottom - top, gap, label_h)
    side = beside[2] > under[2] * 1.05
    cols, rows, mw, mh = beside if side else under
    if side:
        legend_cols, legend_h = 1, 0.0
    total_w = mw * cols + gap * (cols - 1)
    grid_h = (label_h + mh) * rows + gap * (rows - 1)
    block_w = total_w + (gap + widest if side else 0)
    top += max(0.0, (bottom - top - grid_h - legend_h) / 2)
    left0 = margin + (content_w - block_w) / 2
    for i, frame in enumerate(frames):
        r, c = divmod(i, cols)
        x, y = left0 + c * (mw + gap), top + r * (label_h + mh + gap)
        cv.text(x, y + cv.px(14), month_name(frame.month), 26, weight="bold", va="center_baseline")
        if cv.text_width(month_name(frame.month), 26, "bold") + cv.px(260) < mw:
            _tally(cv, layer, frame, x + mw, y + cv.px(14))
        _draw_map(cv, _map_axes(cv, (x, y + label_h, mw, mh)), geo, frame, layer, detail=0.8)
    if side:
        legend_left, legend_top = left0 + total_w + gap * 1.5, top + label_h
    else:
        legend_left = min(left0, margin + (content_w - widest * legend_cols) / 2)
        legend_top = top + grid_h + cv.px(24)
    for i, s in enumerate(entries):
        r, c = divmod(i, legend_cols)
        ex, ey = legend_left + c * widest, legend_top + r * cv.px(34)
        if s is micro:
            _circle(cv, ex + cv.px(15), ey + cv.px(10), cv.px(8), s.fill)
        else:
            _swatch(cv, ex, ey, cv.px(30), cv.px(20), s)
        cv.text(ex + cv.px(42), ey + cv.px(10), s.label, legend_size, va="center_baseline")
    publishers: Counter = Counter()
    for frame in frames:
        publishers.update(frame.publishers)
    _footer(cv, policy, publishers, margin, cv.width - 2 * margin)
    return _save(cv, fmt)


def used_fills(frame: Frame, layer: str) -> dict[str, str]:
    """iso3 → the fill a slide draws for it (faded states blended): the colours, testable without pixels."""
    out = {}
    for iso3, key in frame.categories.items():
        fill = style.style_of(layer, key).fill
        out[iso3] = _blend(fill) if iso3 in frame.faded else fill
    return out
