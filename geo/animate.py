"""The animated timeline: one frame per month, as GIF (Pillow) or MP4 (H.264 via imageio-ffmpeg's own ffmpeg).

Every frame is the briefing slide of its month (date, headline, legend with counts, source line),
drawn by one `geo.export.Slide`: the projected geometry and every artist are built once, and a frame
only changes colours and texts before the canvas is drawn again. No file is written here except the
one path the caller gives (a temporary file, see `geo.outfile`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geo import export, timeline
from geo.policy import Policy

FORMATS = ("gif", "mp4")
DEFAULT_SIZE = {"gif": (1280, 720), "mp4": (1920, 1080)}
"""A GIF of every month at 1080p weighs tens of MB; 720p keeps it mailable. MP4 stays full HD."""
Progress = Callable[[int, int], None]


def month_span(policy: Policy, start: str | None, end: str | None) -> list[str]:
    """The timeline's months from `start` to `end` inclusive (defaults: its first and last month)."""
    months = timeline.months(policy)
    start = start or months[0]
    end = end or months[-1]
    for month in (start, end):
        if month not in months:
            raise export.ExportError(
                f"month {month!r} is not in the timeline ({months[0]} to {months[-1]}, as YYYY-MM)"
            )
    if start > end:
        raise export.ExportError(f"--from {start} is after --to {end}")
    return [m for m in months if start <= m <= end]


def even_size(size: tuple[int, int]) -> tuple[int, int]:
    """H.264 in yuv420p needs even sides: an odd width or height loses one pixel."""
    return (size[0] - size[0] % 2, size[1] - size[1] % 2)


def frames(
    policy: Policy, shapes: Any, layer: str, months: Sequence[str], *, alliances: Sequence[str] = (),
    size: tuple[int, int] = export.REF, progress: Progress | None = None,
) -> Iterator[np.ndarray]:
    """RGB arrays (height x width x 3), one per month, all from one set of artists."""
    export.check_request(policy, layer, months, alliances)
    contents = [export.frame_for(policy, layer, m, alliances) for m in months]
    geo = export.projected(shapes)
    lines = export.head_lines_for(policy, geo, layer, contents, size, alliances)
    slide = export.Slide(policy, geo, layer, alliances=alliances, size=size, head_lines=lines)
    canvas = slide.cv.fig.canvas
    # Titles, legend labels, sea and the lands outside scope are the same on every frame: drawn once,
    # then each frame restores that picture and draws only the states, their overlays and changing texts.
    # A month whose map, headline, counts and sources equal the previous month's differs only in its date:
    # it restores the previous picture (taken before the date was drawn) and draws the date alone.
    slide.animate()
    canvas.draw()
    fig = slide.cv.fig
    background = canvas.copy_from_bbox(fig.bbox)
    previous, undated = None, None
    for i, content in enumerate(contents):
        key = (content.categories, content.faded, content.headline, tuple(content.counts),
               tuple(sorted(content.publishers.items())), tuple(sorted(content.ranks.items())))
        slide.show(content)
        if key == previous and undated is not None:
            canvas.restore_region(undated)
        else:
            canvas.restore_region(background)
            slide.draw_changing(with_date=False)
            undated = canvas.copy_from_bbox(fig.bbox)
            previous = key
        slide.draw_date()
        yield np.asarray(canvas.buffer_rgba())[:, :, :3].copy()
        if progress:
            progress(i + 1, len(contents))


class EncoderError(OSError):
    """ffmpeg did not finish the file (full disk, unwritable folder): its last words say why."""


def write_mp4(path: Path, images: Iterator[np.ndarray], size: tuple[int, int], fps: float) -> int:
    """H.264 MP4 (yuv420p, faststart) of the frames through imageio-ffmpeg's bundled ffmpeg; returns the
    frame count. ffmpeg's exit status is checked, so a file it could not finish is never taken as done."""
    import subprocess

    import imageio_ffmpeg

    width, height = size
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{width}x{height}", "-r", f"{fps:g}", "-i", "-", "-an", "-c:v", "libx264", "-preset", "ultrafast",
        "-tune", "stillimage", "-crf", "20", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(path),
    ]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stderr is not None
    count = 0
    try:
        for image in images:
            if image.shape[:2] != (height, width):
                raise export.ExportError(f"frame of {image.shape[1]}x{image.shape[0]}, expected {width}x{height}")
            try:
                process.stdin.write(np.ascontiguousarray(image).tobytes())
            except BrokenPipeError:
                break
            count += 1
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        error = process.stderr.read().decode("utf-8", "replace")
        if process.wait() != 0:
            last = next((line for line in reversed(error.splitlines()) if line.strip()), "ffmpeg failed")
            raise EncoderError(last.strip())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return count


def write_gif(path: Path, images: Iterator[np.ndarray], fps: float) -> int:
    """A looping GIF; one palette for every frame (built from the first), so colours do not flicker."""
    from PIL import Image

    palette = None
    pictures = []
    for image in images:
        picture = Image.fromarray(image)
        if palette is None:
            palette = picture.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        pictures.append(picture.quantize(palette=palette, dither=Image.Dither.NONE))
    if not pictures:
        raise export.ExportError("no month to animate")
    with open(path, "wb") as handle:
        pictures[0].save(handle, format="GIF", save_all=True, append_images=pictures[1:],
                         duration=round(1000 / fps), loop=0, optimize=False, disposal=1)
    return len(pictures)


def write_animation(
    path: Path, policy: Policy, shapes: Any, layer: str, months: Sequence[str], *, fmt: str,
    alliances: Sequence[str] = (), size: tuple[int, int] | None = None, fps: float = 2.0,
    progress: Progress | None = None,
) -> int:
    """Render and encode the months to `path` as `fmt` (gif or mp4); returns the frame count."""
    if fmt not in FORMATS:
        raise export.ExportError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if not 0.2 <= fps <= 30:
        raise export.ExportError(f"fps {fps:g} is outside 0.2 to 30")
    size = even_size(size or DEFAULT_SIZE[fmt])
    images = frames(policy, shapes, layer, months, alliances=alliances, size=size, progress=progress)
    if fmt == "mp4":
        return write_mp4(path, images, size, fps)
    return write_gif(path, images, fps)
