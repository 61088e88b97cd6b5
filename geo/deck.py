"""A PowerPoint deck: a title slide, one slide per chosen month, and a sources slide.

Each month slide carries the map (with its legend and counts) as a picture, and the title, month and
headline as real text boxes a presenter can edit; the footer credits the strongest sources first. The
sources slide lists every source behind the facts drawn on any of the maps (publisher, title, date, URL).
Built with python-pptx, so the file opens in PowerPoint, LibreOffice Impress and Keynote.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from geo import export, style
from geo.policy import Policy, data_version

PICTURE = (1800, 860)
"""Pixels of the map picture (map and legend): fills the slide's width under the headline, sharp at full
screen; the legend is drawn at about 12 pt when the slide is shown at 13.3 inches."""
Progress = Callable[[int, int], None]


def map_picture(
    policy: Policy, geo: export.Projected, layer: str, frame: export.Frame, alliances: Sequence[str],
    size: tuple[int, int] = PICTURE, highlight: Sequence[str] = (),
) -> bytes:
    """The map with its legend and counts, no title or footer (the slide's own text carries those)."""
    width, height = size
    cv = export.new_canvas(size, scale=min(width / 1340, height / 640))
    legend_w = cv.px(440)
    box = export.map_box((0, 0, width - legend_w - cv.px(24), height))
    box = (box[0], (height - box[3]) / 2, box[2], box[3])
    artists = export.MapArtists(cv, box, geo, layer)
    artists.restyle(frame, highlight)
    left = box[2] + cv.px(24)
    counts = export._legend(cv, layer, left, box[1], legend_w - cv.px(8), bool(alliances), bool(geo.points))
    for key, _, n in frame.counts:
        if key in counts:
            counts[key].set_text(str(n))
    return export._save(cv, "png")


def _text(slide: Any, left: float, top: float, width: float, height: float, text: str, size: int, *,
          bold: bool = False, colour: str = export.INK) -> Any:
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    box = slide.shapes.add_textbox(Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height)))
    frame = box.text_frame
    frame.word_wrap = True
    lines = text.split("\n")
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = "Arial"
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return box


def _sources_rows(policy: Policy, ids: set[str]) -> list[tuple[int, str, str, str, str]]:
    src = policy.sources[policy.sources["source_id"].isin(sorted(ids))]
    kinds = src["kind"] if "kind" in src.columns else [""] * len(src)
    rows = [
        (export.KIND_RANK.get(str(k), 3), str(p), str(t), str(d), str(u))
        for p, t, d, u, k in zip(src["publisher"], src["title"], src["published"], src["url"], kinds, strict=True)
    ]
    return sorted(rows, key=lambda r: (r[0], r[1].lower(), r[3]))


@dataclass(frozen=True)
class DeckSlide:
    """One map slide: a layer on a month, optionally filtered, with a caption, highlighted states and the
    sources the caption cites (listed with the facts' sources on the sources slide)."""

    layer: str
    month: str
    alliances: tuple[str, ...] = ()
    caption: str = ""
    highlight: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def render_deck(
    policy: Policy, shapes: Any, layer: str, months: Sequence[str], *, alliances: Sequence[str] = (),
    title: str | None = None, progress: Progress | None = None,
) -> bytes:
    """The deck's bytes (.pptx): a title slide, one slide per month of one layer, the sources."""
    months = list(dict.fromkeys(months))
    if not 1 <= len(months) <= 24:
        raise export.ExportError("a deck takes 1 to 24 distinct months")
    export.check_request(policy, layer, months, alliances)
    span = export.month_name(months[0]) + (f" to {export.month_name(months[-1])}" if len(months) > 1 else "")
    subtitle = f"{span} · {export._scope_line(alliances, len(policy.countries))}"
    slides = [DeckSlide(layer, m, tuple(alliances)) for m in months]
    return render_slides(policy, shapes, slides, title=title or style.LAYER_TITLES[layer], subtitle=subtitle,
                         progress=progress)


def render_slides(
    policy: Policy, shapes: Any, slides: Sequence[DeckSlide], *, title: str, subtitle: str,
    progress: Progress | None = None,
) -> bytes:
    """A deck of any map slides (a story's steps mix layers and filters): title, slides, sources."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    if not 1 <= len(slides) <= 30:
        raise export.ExportError("a deck takes 1 to 30 slides")
    for item in slides:
        export.check_request(policy, item.layer, [item.month], item.alliances)
    geo = export.projected(shapes)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)
    W, H = deck.slide_width, deck.slide_height
    margin = W * 0.04
    blank = deck.slide_layouts[6]
    reviewed = data_version(policy)["reviewed"]

    first = deck.slides.add_slide(blank)
    _text(first, margin, H * 0.30, W - 2 * margin, H * 0.2, title, 40, bold=True)
    _text(first, margin, H * 0.50, W - 2 * margin, H * 0.12, subtitle, 24, colour=export.MUTED)
    _text(first, margin, H * 0.85, W - 2 * margin, H * 0.08,
          f"5G Vendor Policy Atlas · data reviewed {reviewed}", 14, colour=export.MUTED)

    used: set[str] = set()
    for i, item in enumerate(slides):
        frame = export.frame_for(policy, item.layer, item.month, item.alliances)
        slide = deck.slides.add_slide(blank)
        _text(slide, margin, H * 0.035, W * 0.62, H * 0.08, style.LAYER_TITLES[item.layer], 24, bold=True)
        _text(slide, W * 0.66, H * 0.03, W * 0.34 - margin, H * 0.09, export.month_name(frame.month), 28, bold=True)
        lead = frame.headline + (f"\n{item.caption}" if item.caption else "")
        _text(slide, margin, H * 0.115, W - 2 * margin, H * 0.11, lead, 16, colour=export.INK)
        picture = map_picture(policy, geo, item.layer, frame, item.alliances, highlight=item.highlight)
        pic_top, pic_h = H * 0.21, H * 0.68
        pic_w = pic_h * PICTURE[0] / PICTURE[1]
        slide.shapes.add_picture(io.BytesIO(picture), Emu(int((W - pic_w) / 2)), Emu(int(pic_top)),
                                 Emu(int(pic_w)), Emu(int(pic_h)))
        names = export.credited(frame.publishers, frame.ranks)
        line = "Sources: " + (", ".join(names) if names else "no sourced fact drawn on this map")
        _text(slide, margin, H * 0.91, W - 2 * margin, H * 0.06,
              f"{line}\nData reviewed {reviewed} · {export.CREDIT}", 10, colour=export.MUTED)
        slide.notes_slide.notes_text_frame.text = lead
        used |= frame.source_ids | set(item.sources)
        if progress:
            progress(i + 1, len(slides))

    rows = _sources_rows(policy, used)
    per_slide = 14
    for start in range(0, max(len(rows), 1), per_slide):
        slide = deck.slides.add_slide(blank)
        suffix = f" ({start // per_slide + 1})" if len(rows) > per_slide else ""
        _text(slide, margin, H * 0.04, W - 2 * margin, H * 0.09, f"Sources{suffix}", 28, bold=True)
        body = slide.shapes.add_textbox(Emu(int(margin)), Emu(int(H * 0.15)), Emu(int(W - 2 * margin)),
                                        Emu(int(H * 0.8))).text_frame
        body.word_wrap = True
        chunk = rows[start : start + per_slide] or [(3, "", "No sourced fact is drawn on these maps.", "", "")]
        for j, (_, publisher, src_title, published, url) in enumerate(chunk):
            paragraph = body.paragraphs[0] if j == 0 else body.add_paragraph()
            run = paragraph.add_run()
            run.text = f"{publisher}: {src_title} ({published})" if publisher else src_title
            run.font.size = Pt(12)
            if url:
                link = paragraph.add_run()
                link.text = f"  {url}"
                link.font.size = Pt(10)
                link.hyperlink.address = url
    buf = io.BytesIO()
    deck.core_properties.title = title
    deck.core_properties.author = "5G Vendor Policy Atlas"
    deck.save(buf)
    return buf.getvalue()


def render_story(policy: Policy, shapes: Any, story: Any, progress: Progress | None = None) -> bytes:
    """A story (`geo.story.Story`) as a deck: one slide per step, captions as text, highlights outlined."""
    slides = [DeckSlide(s.layer, s.month, s.alliances, s.caption, s.highlight, s.sources) for s in story.steps]
    months = [s.month for s in story.steps]
    span = export.month_name(min(months)) + (f" to {export.month_name(max(months))}" if len(set(months)) > 1 else "")
    return render_slides(policy, shapes, slides, title=story.title, subtitle=f"{span} · {len(slides)} steps",
                         progress=progress)
