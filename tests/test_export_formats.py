"""Every export format opened as its reader would: images by Pillow, video by ffmpeg, PDF by pypdf, SVG by
an XML parser, decks by python-pptx; plus the slide rules a designer asked for."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import imageio_ffmpeg
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from geo import animate, deck, export, exportjob, style
from geo.cli import main
from geo.policy import load_policy
from geo.shapes import load_shapes

HALF_YEAR = ["2020-07", "2020-08", "2020-09", "2020-10", "2020-11", "2020-12"]


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


def request(fmt, months, **kw):
    return exportjob.ExportRequest(fmt, kw.pop("layer", "restriction"), tuple(months), **kw)


@pytest.mark.parametrize("size", list(exportjob.SIZES.values()))
def test_png_of_each_preset_size(policy, shapes, size):
    data = exportjob.render(policy, shapes, request("png", ["2021-01"], size=size))
    assert Image.open(io.BytesIO(data)).size == size


def test_gif_has_one_frame_per_month_at_its_size(policy, shapes, tmp_path):
    path = tmp_path / "t.gif"
    n = animate.write_animation(path, policy, shapes, "restriction", HALF_YEAR, fmt="gif", size=(640, 360), fps=2)
    image = Image.open(path)
    assert n == len(HALF_YEAR) and image.n_frames == len(HALF_YEAR)
    assert image.size == (640, 360)
    assert image.info["duration"] == 500
    first, last = (image.seek(0), image.convert("RGB").tobytes())[1], (image.seek(5), image.convert("RGB").tobytes())[1]
    assert first != last, "the months differ (date, colours)"


def test_mp4_duration_and_frame_count(policy, shapes, tmp_path):
    path = tmp_path / "t.mp4"
    animate.write_animation(path, policy, shapes, "restriction", HALF_YEAR, fmt="mp4", size=(641, 361), fps=3)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == len(HALF_YEAR)
    assert seconds == pytest.approx(len(HALF_YEAR) / 3, abs=0.05)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    reader.close()
    assert tuple(meta["size"]) == (640, 360), "odd sides are trimmed to even for yuv420p"


def test_animation_frames_change_only_colours_and_texts(policy, shapes):
    """One projected geometry: the map pixels of two months differ only where a state changed category."""
    images = list(animate.frames(policy, shapes, "restriction", ["2020-09", "2020-10"], size=(960, 540)))
    assert images[0].shape == images[1].shape == (540, 960, 3)
    lay = export.slide_layout((960, 540))
    left, top, width, height = (int(v) for v in lay.map_box)
    a = images[0][top : top + height, left : left + width].astype(int)
    b = images[1][top : top + height, left : left + width].astype(int)
    changed = (abs(a - b).sum(axis=2) > 30).mean()
    assert 0 < changed < 0.15, "Sweden's exclusion in October 2020 changes a small part of the map"


def test_pdf_and_svg_parse(policy, shapes):
    pdf = exportjob.render(policy, shapes, request("pdf", ["2020-10"], size=(1600, 1200)))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and "October 2020" in reader.pages[0].extract_text()
    svg = exportjob.render(policy, shapes, request("svg", ["2019-06", "2020-06", "2021-06"], size=(1080, 1080)))
    text = "".join(ET.fromstring(svg).itertext())
    assert "June 2019" in text and "June 2021" in text


def test_pptx_reads_back_with_editable_titles_and_a_sources_slide(policy, shapes):
    months = ["2019-06", "2020-06", "2020-10", "2021-06", "2022-06", "2024-06"]
    data = exportjob.render(policy, shapes, request("pptx", months))
    pres = Presentation(io.BytesIO(data))
    slides = list(pres.slides)
    assert len(slides) >= 1 + len(months) + 1
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    assert style.LAYER_TITLES["restriction"] in texts[0]
    for slide, shown, month in zip(slides[1:], texts[1:], months, strict=False):
        assert export.month_name(month) in shown, "the month is real text"
        assert any("restrict Huawei/ZTE" in t for t in shown), "the headline is real text"
        assert sum(s.shape_type == 13 for s in slide.shapes) == 1, "one picture: the map"
    sources = "\n".join(t for shown in texts[1 + len(months):] for t in shown)
    assert sources.startswith("Sources")
    frames = [export.frame_for(policy, "restriction", m) for m in months]
    cited = set().union(*(f.source_ids for f in frames))
    titles = set(policy.sources.set_index("source_id").loc[sorted(cited), "title"])
    assert all(title in sources for title in titles), "every source shown is listed"


def test_slide_frame_is_a_rectangle_and_the_date_appears_once(policy, shapes):
    svg = export.render_slide(policy, shapes, "restriction", "2021-01", size=(1920, 1080), fmt="svg")
    text = "".join(ET.fromstring(svg).itertext())
    assert text.count("January 2021") == 1
    png = Image.open(io.BytesIO(export.render_slide(policy, shapes, "restriction", "2021-01"))).convert("RGB")
    left, top, width, _height = (round(v) for v in export.slide_layout((1920, 1080)).map_box)
    frame_rgb = tuple(int(export.FRAME[i : i + 2], 16) for i in (1, 3, 5))
    for x in (left + 10, left + width // 2, left + width - 10):
        edge = [png.getpixel((x, y)) for y in (top - 1, top, top + 1)]
        assert any(sum(abs(a - b) for a, b in zip(p, frame_rgb, strict=True)) < 40 for p in edge), x


def test_footer_credits_primary_sources_before_press(policy):
    frame = export.frame_for(policy, "restriction", "2024-06")
    names = export.credited(frame.publishers, frame.ranks)
    ranks = [frame.ranks[n] for n in names]
    assert ranks == sorted(ranks)
    assert ranks[0] == 0, "a primary source (government, regulator, official journal) leads"


def test_microstate_circles_sit_off_their_neighbours(policy, shapes):
    """Vatican, San Marino and Monaco are pushed into the sea on leader lines, clear of Italy and France."""
    svg = export.render_slide(policy, shapes, "restriction", "2021-01", fmt="png")
    image = Image.open(io.BytesIO(svg)).convert("RGB")
    geo = export.projected(shapes)
    lay = export.slide_layout((1920, 1080))
    xmin, _, xmax, _ = lay.view
    push = export.MICRO_PUSH * lay.scale * (xmax - xmin) / lay.map_box[2]
    sea = tuple(int(export.SEA[i : i + 2], 16) for i in (1, 3, 5))
    for iso3 in ("VAT", "SMR", "MCO"):
        x, y = geo.points[iso3]
        dx, dy = export.MICRO_OFFSETS[iso3]
        norm = (dx * dx + dy * dy) ** 0.5
        mx, my = x + dx / norm * push * 1.6, y + dy / norm * push * 1.6
        assert image.getpixel(lay.pixel(mx, my)) == sea, f"{iso3}'s circle lies towards open sea"


def test_file_names_say_what_is_inside():
    assert exportjob.file_name(request("png", ["2021-01"])) == "huawei-zte-restrictions-2021-01.png"
    assert exportjob.file_name(request("mp4", ["2019-01", "2026-11"], alliances=("NATO",))) == (
        "huawei-zte-restrictions-2019-01-to-2026-11-nato.mp4")
    assert exportjob.file_name(request("pptx", ["2019-06", "2020-06"], layer="clean_network")) == (
        "clean-network-declarations-2019-06-to-2020-06.pptx")


def test_cli_animation_and_deck(tmp_path, capsys):
    out = tmp_path / "t.gif"
    assert main(["export", "--format", "gif", "--from", "2020-09", "--to", "2020-11", "--size", "480x270",
                 "--out", str(out)]) == 0
    assert Image.open(out).n_frames == 3
    deck_out = tmp_path / "d.pptx"
    assert main(["export", "--format", "pptx", "--dates", "2020-10,2021-01", "--out", str(deck_out)]) == 0
    assert len(Presentation(str(deck_out)).slides) >= 4
    assert main(["export", "--format", "mp4", "--from", "2021-01", "--to", "2020-01", "--out", str(out)]) == 2
    assert "after" in capsys.readouterr().err


def test_deck_picture_keeps_the_map_and_legend(policy, shapes):
    frame = export.frame_for(policy, "clean_network", "2020-10")
    data = deck.map_picture(policy, export.projected(shapes), "clean_network", frame, [])
    assert Image.open(io.BytesIO(data)).size == deck.PICTURE


def test_animation_frame_is_pixel_identical_to_the_slide_of_its_month(policy, shapes):
    """The animation draws its static layer once and only the changing artists per frame: same pixels."""
    import numpy as np

    months = ["2020-09", "2020-10", "2021-01"]
    frames = list(animate.frames(policy, shapes, "restriction", months, size=(960, 540)))
    for month, frame in zip(months, frames, strict=True):
        slide = Image.open(io.BytesIO(export.render_slide(policy, shapes, "restriction", month, size=(960, 540))))
        diff = np.abs(np.asarray(slide.convert("RGB")).astype(int) - frame.astype(int)).sum(axis=2)
        assert (diff > 30).sum() == 0, month


def test_a_verified_fact_credits_its_primary_evidence(policy):
    """With a verification row naming a primary source as evidence, the footer credits that source,
    not the outlet the fact row cites (the data helpers fill verification.csv)."""
    import types

    import pandas as pd

    checks = pd.DataFrame([{"fact_id": "rs-gbr-2020-07", "table": "restrictions", "checked": "2026-11-29",
                            "evidence_source_id": "rs-pts-2020-10-20", "outcome": "confirmed", "note": ""}])
    fake = types.SimpleNamespace(**{name: getattr(policy, name) for name in (
        "sources", "clean_network", "restrictions", "deadlines")}, verification=checks)
    index = export.source_index(fake)
    assert export.strongest_source(index, "rs-bbc-2020-07-14") == "rs-pts-2020-10-20"
    assert export.strongest_source(index, "rs-telecompaper-2020-10-20") == "rs-telecompaper-2020-10-20"
    assert export.credited({"Press": 9, "Regulator": 1}, {"Press": 1, "Regulator": 0}) == ["Regulator", "Press"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is optional (not installed in CI)")
def test_libreoffice_opens_the_deck(policy, shapes, tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(exportjob.render(policy, shapes, request("pptx", ["2020-10", "2021-01"])))
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    reader = PdfReader(str(tmp_path / "deck.pdf"))
    assert len(reader.pages) == len(Presentation(str(path)).slides)
    assert "October 2020" in reader.pages[1].extract_text()
