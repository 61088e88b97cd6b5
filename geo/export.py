"""Briefing slides: the map of one layer and month (or several months side by side) as PNG, SVG or PDF.

The slides draw the same categories, colours and labels as the web map (`geo.style`, `geo.mapview`),
in ETRS89-LAEA (EPSG:3035) so areas are true, with the sources' publishers and the review date in the
footer so a slide pulled out of a deck still says where its facts come from. Figures are built with
`matplotlib.figure.Figure` on an Agg canvas: no pyplot, so no global state leaks between renders.
The projected geometry lives in `geo.slidegeo`, what a map shows (and which sources it credits) in
`geo.slidefacts`; their names are re-exported here, the slide API the CLI, the app and the tests use.
"""

from __future__ import annotations

import io
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, PathPatch, Rectangle
from matplotlib.path import Path

from geo import style, summary
from geo.policy import Policy, data_version
from geo.slidefacts import (  # noqa: F401 - the slide API keeps these names (exports, CLI, tests)
    KIND_RANK,
    ExportError,
    Frame,
    SourceIndex,
    check_request,
    credited,
    frame_for,
    month_date,
    month_name,
    source_index,
    strongest_source,
)
from geo.slidegeo import (  # noqa: F401
    CROP,
    EXTENT_GROW,
    SLIDE_GROW,
    WINDOW_DEFAULT,
    Projected,
    Shape,
    beyond_window,
    data_window,
    extent,
    projected,
    view_for,
)

FORMATS = ("png", "svg", "pdf")
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


@lru_cache(maxsize=1)
def font_family() -> str:
    """The first clean sans installed (Arial metrics preferred; matplotlib's own DejaVu as last resort)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in _FONTS if f in names), "DejaVu Sans")


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
    widths: dict[tuple[str, float, str], float] = field(default_factory=dict, compare=False, repr=False)
    """Measured text widths: an animation wraps and fits the same words on every frame."""

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
            x / self.width, 1 - y / self.height, s, fontsize=self.pt(size), family=font_family(),
            parse_math=False, **kw,
        )

    def text_width(self, s: str, size: float, weight: str = "normal") -> float:
        """Rendered width of a text in real pixels, to fit footers and legends without clipping."""
        key = (s, size, weight)
        if key not in self.widths:
            t = self.fig.text(0, 0, s, fontsize=self.pt(size), family=font_family(), weight=weight, parse_math=False)
            self.widths[key] = t.get_window_extent(self.fig.canvas.get_renderer()).width
            t.remove()
        return self.widths[key]


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


def _map_axes(
    cv: Canvas, box: tuple[float, float, float, float], view: tuple[float, float, float, float] = CROP
) -> Any:
    """An axes at pixel box (left, top, width, height) showing exactly `view` (projected), without chrome."""
    left, top, width, height = box
    ax = cv.fig.add_axes((left / cv.width, 1 - (top + height) / cv.height, width / cv.width, height / cv.height))
    ax.set_axis_off()
    xmin, ymin, xmax, ymax = view
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box", anchor="C")
    return ax


def map_box(
    avail: tuple[float, float, float, float], view: tuple[float, float, float, float] = CROP
) -> tuple[float, float, float, float]:
    """The largest box with the view's aspect inside `avail` (left, top, width, height), top-left aligned."""
    left, top, width, height = avail
    aspect = (view[2] - view[0]) / (view[3] - view[1])
    if width / height > aspect:
        width = height * aspect
    else:
        height = width / aspect
    return (left, top, width, height)


MICRO_OFFSETS: dict[str, tuple[float, float]] = {
    "VAT": (-1.0, -0.35), "SMR": (1.0, 0.3), "MCO": (0.1, -1.0), "AND": (-0.25, 1.0), "LIE": (0.25, 1.0),
    "MLT": (1.0, 0.15),
}
"""Direction (east, north) in which each microstate's circle is pushed off its true point, on a short leader
line: into the sea where there is one (Vatican to the Tyrrhenian, San Marino to the Adriatic, Monaco to the
Ligurian, Malta to the Ionian), so the circles no longer cover Italy's or France's colour."""
MICRO_RADIUS = 6.5
MICRO_PUSH = 24.0
"""Reference pixels: circle radius and how far it sits from the true point."""
HIGHLIGHT = "#111111"


class MapArtists:
    """One map's matplotlib artists, built once; `restyle` changes only colours and line styles.

    The animated timeline draws every month through the same artists (one projected geometry), and a
    single slide is just one restyle of them.
    """

    def __init__(
        self, cv: Canvas, box: tuple[float, float, float, float], geo: Projected, layer: str, detail: float = 1.0,
        view: tuple[float, float, float, float] = CROP,
    ) -> None:
        self.layer = layer
        ax = self.ax = _map_axes(cv, box, view)
        xmin, ymin, xmax, ymax = view
        ax.add_patch(Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, facecolor=SEA, edgecolor="none", zorder=0))
        static: dict[tuple[str, str, str, float], list[Path]] = {}
        self.iso3: list[str] = []
        paths: list[Path] = []
        for shape in geo.shapes:
            if shape.scope == "state":
                self.iso3.append(shape.iso3)
                paths.append(shape.path)
            else:
                s = style.NOT_IN_SCOPE if shape.scope == "not_in_scope" else style.CONTEXT
                static.setdefault((s.fill, s.stroke, shape.scope, cv.pt(0.6 * detail)), []).append(shape.path)
        order = {"context": 1, "not_in_scope": 2}
        for (fill, stroke, scope, lw), group in static.items():
            ax.add_collection(PathCollection(group, facecolors=fill, edgecolors=stroke, linewidths=lw,
                                             zorder=order.get(scope, 1)))
        self.lw = cv.pt(0.8 * detail)
        self.lw_highlight = cv.pt(2.6 * detail)
        self.paths = paths
        self.states = PathCollection(paths, linewidths=self.lw, zorder=3)
        ax.add_collection(self.states)
        self.outline: PathCollection | None = None
        self.animated = False
        self.above: list[Any] = []
        """Artists drawn over the states (veils, leader lines, circles, frame): redrawn with them per frame."""
        for veil, fill in ((geo.veil, style.CONTEXT.fill), (geo.veil_sea, SEA)):
            if veil is not None:
                self.above.append(ax.add_patch(
                    PathPatch(veil, facecolor=fill, edgecolor=fill, linewidth=cv.pt(0.6), zorder=3.5)))
        self.micro = sorted(geo.points)
        self.markers = None
        if self.micro:
            per_px = (xmax - xmin) / box[2]
            push = cv.px(MICRO_PUSH * detail) * per_px
            true_xy, shown_xy = [], []
            for iso3 in self.micro:
                x, y = geo.points[iso3]
                dx, dy = MICRO_OFFSETS.get(iso3, (0.0, 0.0))
                norm = math.hypot(dx, dy) or 1.0
                true_xy.append((x, y))
                shown_xy.append((x + dx / norm * push, y + dy / norm * push))
            self.above.append(ax.add_collection(LineCollection(
                [[t, m] for t, m in zip(true_xy, shown_xy, strict=True)], colors=MICRO_EDGE,
                linewidths=cv.pt(1.0 * detail), zorder=4.5,
            )))
            radius = cv.pt(MICRO_RADIUS * detail)
            self.markers = ax.scatter(
                [p[0] for p in shown_xy], [p[1] for p in shown_xy], s=(2 * radius) ** 2, linewidths=cv.pt(1.4 * detail),
                zorder=5,
            )
            self.above.append(self.markers)
        self.above.append(ax.add_patch(Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, fill=False,
                                                 edgecolor=FRAME, linewidth=cv.pt(1.0), zorder=6)))

    def animate(self) -> None:
        """Leave the states and what lies over them out of `canvas.draw()`: the static rest is drawn once,
        and `draw_changing` draws these over a copy of it per frame."""
        self.animated = True
        for artist in (self.states, *self.above):
            artist.set_animated(True)

    def changing(self) -> list[Any]:
        """The per-frame artists in drawing order."""
        extra = [self.outline] if self.outline is not None else []
        return sorted([self.states, *self.above, *extra], key=lambda a: a.get_zorder())

    def restyle(self, frame: Frame, highlight: Sequence[str] = ()) -> None:
        """Colour every state (and microstate circle) for this frame; `highlight` outlines states in ink."""
        fills, strokes, dashes, widths = [], [], [], []
        marked = set(highlight)
        for iso3 in self.iso3:
            s = style.style_of(self.layer, frame.categories.get(iso3, "not_researched"))
            fill, stroke, dash = s.fill, s.stroke, s.dash
            if iso3 in frame.faded:
                fill, stroke, dash = _blend(fill), FADED_STROKE, None
            fills.append(fill)
            strokes.append(stroke)
            dashes.append(_dashes(dash, self.lw))
            widths.append(self.lw)
        self.states.set_facecolors(fills)
        self.states.set_edgecolors(strokes)
        self.states.set_linestyles(dashes)
        self.states.set_linewidths(widths)
        if self.outline is not None:
            self.outline.remove()
            self.outline = None
        if marked:
            # Drawn over every state, so a neighbour's border never covers the highlight.
            self.outline = PathCollection(
                [p for iso3, p in zip(self.iso3, self.paths, strict=True) if iso3 in marked],
                facecolors="none", edgecolors=HIGHLIGHT, linewidths=self.lw_highlight, zorder=4,
            )
            self.ax.add_collection(self.outline)
            self.outline.set_animated(self.animated)
        if self.markers is not None:
            mfill, medge = [], []
            for iso3 in self.micro:
                s = style.style_of(self.layer, frame.categories.get(iso3, "not_researched"))
                faded = iso3 in frame.faded
                mfill.append(_blend(s.fill) if faded else s.fill)
                medge.append(HIGHLIGHT if iso3 in marked else FADED_STROKE if faded else MICRO_EDGE)
            self.markers.set_facecolors(mfill)
            self.markers.set_edgecolors(medge)


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


def _footer(cv: Canvas, policy: Policy, left: float, width: float) -> Any:
    """Review date and credits at the bottom margin; returns the (empty) sources line for `_set_sources`."""
    reviewed = data_version(policy)["reviewed"]
    bottom = cv.height - cv.px(40)
    line_h = cv.px(FOOTER_SIZE * 1.45)
    cv.text(left, bottom, f"Data reviewed {reviewed} · {CREDIT}", FOOTER_SIZE, color=MUTED, va="baseline")
    return cv.text(left, bottom - line_h, "", FOOTER_SIZE, color=MUTED, va="baseline")


def _set_sources(cv: Canvas, line: Any, publishers: Counter, ranks: dict[str, int], width: float) -> None:
    """Sources, strongest kind first then most cited, as many as fit the line."""
    line.set_text(_fit_list(cv, "Sources: ", credited(publishers, ranks), FOOTER_SIZE, width))


def _legend(
    cv: Canvas, layer: str, x: float, y: float, width: float, faded: bool, micro: bool, columns: int = 1,
) -> dict[str, Any]:
    """Legend rows (swatch, label, count) at pixel (x, y), in `columns` side by side; returns the count
    text per category key."""
    col_gap = cv.px(48)
    width = (width - col_gap * (columns - 1)) / columns
    x0, y0 = x, y
    size = 21
    gap = cv.px(12)
    sw, sh = cv.px(34), cv.px(24)
    label_x = x + sw + cv.px(16)
    label_w = width - sw - cv.px(16) - cv.px(64)
    line_h = cv.px(size * 1.2)
    rows: list[tuple[style.CategoryStyle | None, str, str | None]] = [
        (s, s.label, s.key) for s in style.legend(layer)
    ]
    if micro:
        rows.append((None, "Small state, drawn as a circle", None))
    if faded:
        rows.append((_faded_style(layer), "Faded: outside the filter", None))
    counts: dict[str, Any] = {}
    per_column = math.ceil(len(rows) / columns)
    for i, (s, label, key) in enumerate(rows):
        if i and i % per_column == 0:
            x, y = x0 + (i // per_column) * (width + col_gap), y0
            label_x = x + sw + cv.px(16)
        lines = _wrap(cv, label, size, label_w)
        block = max(sh, line_h * len(lines))
        mid = y + sh / 2
        if s is None:
            _circle(cv, x + sw / 2, mid, cv.px(MICRO_RADIUS), style.NOTHING_KNOWN_FILL)
        else:
            _swatch(cv, x, y, sw, sh, s)
        if len(lines) == 1:
            cv.text(label_x, mid, lines[0], size, va="center_baseline")
        else:
            cv.text(label_x, y + (sh - line_h) / 2, "\n".join(lines), size, linespacing=1.2)
        if key is not None and key in {c.key for c in style.categories(layer)}:
            counts[key] = cv.text(x + width, mid, "", size, ha="right", va="center_baseline", weight="bold")
        y += block + gap
    return counts


def _header(cv: Canvas, layer: str, subtitle: str, left: float, top: float) -> float:
    """Title and subtitle; returns the y below them."""
    cv.text(left, top, style.LAYER_TITLES[layer], 44, weight="bold")
    sub_top = top + cv.px(44 * 1.3)
    cv.text(left, sub_top, subtitle, 27, color=MUTED)
    return sub_top + cv.px(27 * 1.4)


HEADER_H = 56 + 44 * 1.3 + 27 * 1.4 + 28
"""Reference pixels from the top edge to the top of the map."""


_SAVE_RC = {"text.usetex": False, "svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "5g-atlas"}
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
    """Where the map and the legend panel sit on a slide, in real pixels from the top-left, and the projected
    rectangle the map shows (`CROP` widened to fill the space, see `view_for`)."""

    map_box: tuple[float, float, float, float]
    panel: tuple[float, float, float, float]
    side: bool
    scale: float
    view: tuple[float, float, float, float] = CROP

    @property
    def europe_scale(self) -> float:
        """Pixels per projected metre: how large Europe is drawn."""
        return self.map_box[2] / (self.view[2] - self.view[0])

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        """Pixel (column, row) of an EPSG:3035 point on the map: the tests sample colours with it."""
        left, top, width, height = self.map_box
        xmin, ymin, xmax, ymax = self.view
        col = left + (x - xmin) / (xmax - xmin) * width
        row = top + (ymax - y) / (ymax - ymin) * height
        return int(col), int(row)


def _side_layout(size: tuple[int, int]) -> SlideLayout:
    width, height = size
    scale = scale_of(size, side=True)
    margin = 56 * scale
    top, bottom = HEADER_H * scale, height - FOOTER_H * scale
    avail = (margin, top, width - 3 * margin - 600 * scale, bottom - top)
    view = view_for(avail[2], avail[3], SLIDE_GROW)
    box = map_box(avail, view)
    panel_left = box[0] + box[2] + margin
    return SlideLayout(box, (panel_left, top, width - margin - panel_left, bottom - top), True, scale, view)


def _stacked_layout(size: tuple[int, int]) -> SlideLayout:
    width, height = size
    scale = scale_of(size, side=False)
    margin = 56 * scale
    top, bottom = HEADER_H * scale, height - FOOTER_H * scale
    avail = (margin, top, width - 2 * margin, bottom - top - 350 * scale)
    view = view_for(avail[2], avail[3], SLIDE_GROW)
    box = map_box(avail, view)
    box = (margin + (width - 2 * margin - box[2]) / 2, top, box[2], box[3])
    panel_top = top + box[3] + 28 * scale
    return SlideLayout(box, (margin, panel_top, width - 2 * margin, bottom - panel_top), False, scale, view)


def slide_layout(size: tuple[int, int]) -> SlideLayout:
    """Legend beside the map on landscape slides (16:9, 4:3), under it on square and portrait ones, where a
    side panel would leave the map a narrow column."""
    return _side_layout(size) if size[0] / size[1] >= 1.2 else _stacked_layout(size)


class Slide:
    """A slide's artists, laid out once; `show` fills in one month (the animation calls it per frame)."""

    def __init__(
        self, policy: Policy, geo: Projected, layer: str, *, alliances: Sequence[str] = (),
        size: tuple[int, int] = REF, head_lines: int = 2,
    ) -> None:
        self.layer = layer
        self.lay = lay = slide_layout(size)
        self.cv = cv = new_canvas(size, lay.scale)
        margin = cv.px(56)
        scope = _scope_line(alliances, len(policy.countries))
        # The date is said once, large: beside the map, or above the headline when the legend sits under it.
        _header(cv, layer, scope, margin, margin)
        self.map = MapArtists(cv, lay.map_box, geo, layer, view=lay.view)
        px, py, pw, _ = lay.panel
        self.head_size = 26 if lay.side else 24
        self.head_w = pw
        if lay.side:
            self.date = cv.text(px, py - cv.px(8), "", 64, weight="bold", color=INK)
            py += cv.px(64 * 1.35)
        else:
            self.date = cv.text(px, py, "", 40, weight="bold", color=INK)
            py += cv.px(40 * 1.3)
        self.headline = cv.text(px, py, "", self.head_size, weight="bold", linespacing=1.25)
        y = py + cv.px(self.head_size * 1.25) * head_lines + cv.px(28)
        if lay.side:
            cv.text(px, y, "Category", 18, color=MUTED)
            cv.text(px + pw, y, "States", 18, color=MUTED, ha="right")
        self.counts = _legend(cv, layer, px, y + cv.px(34 if lay.side else 0), pw, bool(alliances),
                              bool(geo.points), columns=1 if lay.side else 2)
        self.sources = _footer(cv, policy, margin, cv.width - 2 * margin)
        self.footer_w = cv.width - 2 * margin

    def animate(self) -> None:
        """Split the slide into what every frame shares (drawn once) and what changes (see `draw_changing`)."""
        self.map.animate()
        for text in self.texts():
            text.set_animated(True)

    def texts(self) -> list[Any]:
        return [self.date, self.headline, self.sources, *self.counts.values()]

    def draw_changing(self, with_date: bool = True) -> None:
        """Draw the per-frame artists over the restored static background (after `animate`)."""
        for artist in self.map.changing():
            self.map.ax.draw_artist(artist)
        for text in self.texts():
            if with_date or text is not self.date:
                self.cv.fig.draw_artist(text)

    def draw_date(self) -> None:
        self.cv.fig.draw_artist(self.date)

    def show(self, frame: Frame, highlight: Sequence[str] = ()) -> None:
        """Colours, date, headline, counts and sources of one frame; the layout does not move."""
        self.map.restyle(frame, highlight)
        self.date.set_text(month_name(frame.month))
        self.headline.set_text("\n".join(_wrap(self.cv, frame.headline, self.head_size, self.head_w, "bold")))
        for key, _, n in frame.counts:
            if key in self.counts:
                self.counts[key].set_text(str(n))
        _set_sources(self.cv, self.sources, frame.publishers, frame.ranks, self.footer_w)


def head_lines_for(policy: Policy, geo: Projected, layer: str, frames: Sequence[Frame], size: tuple[int, int],
                   alliances: Sequence[str] = ()) -> int:
    """How many lines the longest headline of these frames wraps to on a slide of this size."""
    probe = new_canvas(size, slide_layout(size).scale)
    lay = slide_layout(size)
    head_size = 26 if lay.side else 24
    return max(len(_wrap(probe, f.headline, head_size, lay.panel[2], "bold")) for f in frames)


def render_slide(
    policy: Policy, shapes: Any, layer: str, month: str, *, alliances: Sequence[str] = (),
    size: tuple[int, int] = REF, fmt: str = "png", highlight: Sequence[str] = (),
) -> bytes:
    """One map slide of a layer on a month: title, month, legend with counts, sources and review date."""
    check_request(policy, layer, [month], alliances)
    frame = frame_for(policy, layer, month, alliances)
    geo = projected(shapes)
    lines = head_lines_for(policy, geo, layer, [frame], size, alliances)
    slide = Slide(policy, geo, layer, alliances=alliances, size=size, head_lines=lines)
    slide.show(frame, highlight)
    return _save(slide.cv, fmt)


def _grid(n: int, width: float, height: float, gap: float, label_h: float) -> tuple[int, int, float, float, float]:
    """(columns, rows, scale, cell width, cell height) for n maps: among the arrangements that draw Europe
    within 10 % of the largest scale, the one whose maps (widened to their cells, `view_for`) cover most
    of the slide."""
    cw, ch = CROP[2] - CROP[0], CROP[3] - CROP[1]
    options = []
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cell_w = (width - gap * (cols - 1)) / cols
        cell_h = (height - gap * (rows - 1)) / rows - label_h
        if cell_w <= 0 or cell_h <= 0:
            continue
        _, _, mw, mh = map_box((0, 0, cell_w, cell_h), view_for(cell_w, cell_h))
        options.append((cols, rows, min(cell_w / cw, cell_h / ch), cell_w, cell_h, mw * mh * n))
    if not options:
        return (n, 1, 0.0, 0.0, 0.0)
    top = max(o[2] for o in options)
    cols, rows, scale, cell_w, cell_h, _ = max((o for o in options if o[2] >= 0.9 * top), key=lambda o: o[5])
    return (cols, rows, scale, cell_w, cell_h)


def _tally(cv: Canvas, layer: str, frame: Frame, right: float, y: float) -> None:
    """Counts per category as coloured chips, right-aligned at `right` (the shared legend names them)."""
    size = 19
    sw = cv.px(17)
    x = right
    for key, _, n in reversed(frame.counts):
        text = str(n)
        x -= cv.text_width(text, size, "bold")
        cv.text(x, y, text, size, va="center_baseline", weight="bold")
        x -= cv.px(6) + sw
        _swatch(cv, x, y - sw / 2, sw, sw, style.style_of(layer, key))
        x -= cv.px(16)


def _tally_width(cv: Canvas, frame: Frame) -> float:
    return sum(cv.text_width(str(n), 19, "bold") + cv.px(6 + 17 + 16) for _, _, n in frame.counts)


def render_small_multiples(
    policy: Policy, shapes: Any, layer: str, months: Sequence[str], *, alliances: Sequence[str] = (),
    size: tuple[int, int] = REF, fmt: str = "png",
) -> bytes:
    """Several months of one layer side by side, each titled with its month, over one shared legend.

    The grid is the one that draws Europe largest, and each map widens its view to fill its cell, so
    the slide is filled with map rather than bands of white.
    """
    months = list(dict.fromkeys(months))
    if not 2 <= len(months) <= 8:
        raise ExportError("small multiples need 2 to 8 distinct months")
    check_request(policy, layer, months, alliances)
    frames = [frame_for(policy, layer, m, alliances) for m in months]
    geo = projected(shapes)
    cv = new_canvas(size)
    margin = cv.px(48)
    span = f"{month_name(months[0])} to {month_name(months[-1])}"
    subtitle = f"{span}  ·  {_scope_line(alliances, len(policy.countries))}"
    top = _header(cv, layer, subtitle, margin, margin) + cv.px(12)
    micro = style.CategoryStyle("micro", "Small state, drawn as a circle", style.NOTHING_KNOWN_FILL, MICRO_EDGE)
    entries = [*style.legend(layer), *([micro] if geo.points else []), *([_faded_style(layer)] if alliances else [])]
    legend_size = 20
    widest = max(cv.text_width(s.label, legend_size) for s in entries) + cv.px(30 + 12 + 28)
    gap = cv.px(24)
    label_h = cv.px(42)
    bottom = cv.height - cv.px(FOOTER_H + 8)
    content_w = cv.width - 2 * margin
    legend_cols = max(1, min(len(entries), int(content_w // widest)))
    legend_h = cv.px(34) * math.ceil(len(entries) / legend_cols) + cv.px(16)
    under = _grid(len(months), content_w, bottom - top - legend_h, gap, label_h)
    beside = _grid(len(months), content_w - widest - gap, bottom - top, gap, label_h)
    side = beside[2] > under[2] * 1.05
    cols, rows, _, cell_w, cell_h = beside if side else under
    if side:
        legend_cols, legend_h = 1, 0.0
    view = view_for(cell_w, cell_h)
    _, _, mw, mh = map_box((0, 0, cell_w, cell_h), view)
    total_w = mw * cols + gap * (cols - 1)
    grid_h = (label_h + mh) * rows + gap * (rows - 1)
    block_w = total_w + (gap + widest if side else 0)
    top += max(0.0, (bottom - top - grid_h - legend_h) / 2)
    left0 = margin + (content_w - block_w) / 2
    for i, frame in enumerate(frames):
        r, c = divmod(i, cols)
        x, y = left0 + c * (mw + gap), top + r * (label_h + mh + gap)
        cv.text(x, y + cv.px(16), month_name(frame.month), 28, weight="bold", va="center_baseline")
        if cv.text_width(month_name(frame.month), 28, "bold") + _tally_width(cv, frame) + cv.px(12) < mw:
            _tally(cv, layer, frame, x + mw, y + cv.px(16))
        artists = MapArtists(cv, (x, y + label_h, mw, mh), geo, layer, detail=0.8, view=view)
        artists.restyle(frame)
    if side:
        legend_left, legend_top = left0 + total_w + gap * 1.5, top + label_h
    else:
        legend_left = min(left0, margin + (content_w - widest * legend_cols) / 2)
        legend_top = top + grid_h + cv.px(16)
    for i, s in enumerate(entries):
        r, c = divmod(i, legend_cols)
        ex, ey = legend_left + c * widest, legend_top + r * cv.px(34)
        if s is micro:
            _circle(cv, ex + cv.px(15), ey + cv.px(10), cv.px(MICRO_RADIUS), s.fill)
        else:
            _swatch(cv, ex, ey, cv.px(30), cv.px(20), s)
        cv.text(ex + cv.px(42), ey + cv.px(10), s.label, legend_size, va="center_baseline")
    publishers: Counter = Counter()
    ranks: dict[str, int] = {}
    for frame in frames:
        publishers.update(frame.publishers)
        for name, rank in frame.ranks.items():
            ranks[name] = min(ranks.get(name, 3), rank)
    _set_sources(cv, _footer(cv, policy, margin, content_w), publishers, ranks, content_w)
    return _save(cv, fmt)


def used_fills(frame: Frame, layer: str) -> dict[str, str]:
    """iso3 → the fill a slide draws for it (faded states blended): the colours, testable without pixels."""
    out = {}
    for iso3, key in frame.categories.items():
        fill = style.style_of(layer, key).fill
        out[iso3] = _blend(fill) if iso3 in frame.faded else fill
    return out
