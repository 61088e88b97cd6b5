"""One export request from the app (format, size, months, layer, filter) → the file's bytes and its name.

The export dialog builds an `ExportRequest` and calls `render`; the slow formats (GIF, MP4, PPTX) report
progress per month. Animations are encoded into a temporary file (ffmpeg writes to a path) that is read
back and removed, so nothing is left on the server. Importing this module is light (no matplotlib): the
renderers are imported on the first export, so a viewer who never exports does not pay for them.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.policy import Policy

FORMATS = ("png", "svg", "pdf", "pptx", "gif", "mp4", "html")
LABELS = {
    "png": "PNG image", "svg": "SVG (vector)", "pdf": "PDF", "pptx": "PowerPoint deck (PPTX)",
    "gif": "Animated GIF (timeline)", "mp4": "Video MP4 (timeline)", "html": "Offline HTML map",
}
MIME = {
    "png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "gif": "image/gif", "mp4": "video/mp4", "html": "text/html",
}
SIZES = {"16:9": (1920, 1080), "4:3": (1600, 1200), "square": (1080, 1080)}
SLUG = {"clean_network": "clean-network-declarations", "restriction": "huawei-zte-restrictions",
        "deadline": "huawei-zte-removal-deadlines"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportRequest:
    """What to export. `months` holds one month (a slide), 2–6 (small multiples or deck slides), or the first
    and last month of an animation."""

    fmt: str
    layer: str
    months: tuple[str, ...]
    alliances: tuple[str, ...] = ()
    size: tuple[int, int] = (1920, 1080)
    fps: float = 2.0

    @property
    def slow(self) -> bool:
        return self.fmt in ("gif", "mp4", "pptx")


def file_name(request: ExportRequest) -> str:
    """Named after its content: 'huawei-zte-restrictions-2021-01.png', '…-2019-01-to-2026-11-nato.mp4'."""
    months = request.months
    if request.fmt in ("gif", "mp4") or len(months) > 1:
        when = f"{months[0]}-to-{months[-1]}" if len(months) > 1 else months[0]
    else:
        when = months[0]
    parts = [SLUG.get(request.layer, request.layer), when, *(a.lower() for a in request.alliances)]
    if request.fmt == "html":
        parts.insert(0, "offline-map")
    stem = re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")
    return f"{stem}.{request.fmt}"


def render(
    policy: Policy, shapes: Any, request: ExportRequest, *, shapes_text: str | None = None,
    microstates: dict[str, tuple[float, float]] | None = None, progress: Progress | None = None,
) -> bytes:
    """The file's bytes for a request; raises `geo.export.ExportError` for a request that cannot be drawn."""
    from geo import animate, deck, export

    fmt, layer, months, alliances = request.fmt, request.layer, list(request.months), list(request.alliances)
    if fmt not in FORMATS:
        raise export.ExportError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if not months:
        raise export.ExportError("choose at least one month")
    if fmt == "html":
        from geo.standalone import standalone_html

        if shapes_text is None:
            raise export.ExportError("the offline map needs the shapes file")
        page = standalone_html(policy, shapes_text, microstates or {}, layer=layer, month=months[0],
                               alliances=alliances)
        return page.encode("utf-8")
    if fmt in ("gif", "mp4"):
        span = animate.month_span(policy, months[0], months[-1])
        with tempfile.TemporaryDirectory(prefix="atlas-export-") as folder:
            path = Path(folder) / f"timeline.{fmt}"
            animate.write_animation(path, policy, shapes, layer, span, fmt=fmt, alliances=alliances,
                                    size=request.size, fps=request.fps, progress=progress)
            return path.read_bytes()
    if fmt == "pptx":
        return deck.render_deck(policy, shapes, layer, months, alliances=alliances, progress=progress)
    if len(months) > 1:
        return export.render_small_multiples(policy, shapes, layer, months, alliances=alliances,
                                             size=request.size, fmt=fmt)
    return export.render_slide(policy, shapes, layer, months[0], alliances=alliances, size=request.size, fmt=fmt)


def frames_in(policy: Policy, request: ExportRequest) -> int:
    """How many months the request draws (for the dialog's estimate)."""
    from geo import animate

    if request.fmt in ("gif", "mp4"):
        return len(animate.month_span(policy, request.months[0], request.months[-1]))
    return len(request.months)
