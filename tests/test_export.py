"""Briefing exports: exact pixel sizes, parseable SVG and PDF, small multiples, the CLI, and real colours."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import matplotlib
import pytest
from PIL import Image
from pypdf import PdfReader
from pyproj import Transformer

from geo import export, style, timeline
from geo.cli import main
from geo.policy import load_policy
from geo.shapes import load_shapes

SWEDEN = (15.5, 62.5)
"""lon, lat well inside Sweden (Jämtland), far from any border or label."""


@pytest.fixture(scope="module")
def policy():
    return load_policy()


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


def png_size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


@pytest.mark.parametrize("size", [(1920, 1080), (1000, 700), (1366, 768)])
def test_png_is_exactly_the_requested_size(policy, shapes, size):
    data = export.render_slide(policy, shapes, "restriction", "2021-01", size=size)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert png_size(data) == size


def test_svg_parses_and_carries_the_title(policy, shapes):
    data = export.render_slide(policy, shapes, "deadline", "2021-01", size=(960, 540), fmt="svg")
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert style.LAYER_TITLES["deadline"] in text
    assert "January 2021" in text
    assert b"sans-serif" in data, "SVG text must fall back to a sans font where the slide font is missing"


def test_pdf_has_one_page_with_extractable_title(policy, shapes):
    data = export.render_slide(policy, shapes, "clean_network", "2020-10", size=(960, 540), fmt="pdf")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Clean Network" in text
    assert "October 2020" in text


def test_small_multiples_make_one_image_of_the_requested_size(policy, shapes):
    months = ["2019-06", "2020-06", "2021-06"]
    data = export.render_small_multiples(policy, shapes, "restriction", months, size=(1280, 720))
    assert png_size(data) == (1280, 720)
    svg = export.render_small_multiples(policy, shapes, "restriction", months, size=(1280, 720), fmt="svg")
    text = "".join(ET.fromstring(svg).itertext())
    for name in ("June 2019", "June 2020", "June 2021"):
        assert text.count(name) >= 1
    for s in style.legend("restriction"):
        assert text.count(s.label) == 1, f"the shared legend names {s.label!r} once"


def test_legend_lists_every_category_with_its_count(policy, shapes):
    data = export.render_slide(policy, shapes, "restriction", "2021-01", size=(960, 540), fmt="svg")
    text = "".join(ET.fromstring(data).itertext())
    frame = export.frame_for(policy, "restriction", "2021-01")
    assert sum(n for _, _, n in frame.counts) == len(policy.countries)
    for s in style.legend("restriction"):
        assert s.label in text
    assert f"Data reviewed {export.data_version(policy)['reviewed']}" in text
    assert "Crimea shown as part of Ukraine" in text


def sweden_pixel(policy, shapes, month: str, size=(960, 540)) -> tuple[int, int, int]:
    data = export.render_slide(policy, shapes, "restriction", month, size=size)
    x, y = Transformer.from_crs(4326, 3035, always_xy=True).transform(*SWEDEN)
    col, row = export.slide_layout(size).pixel(x, y)
    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((col, row))


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_sweden_is_drawn_in_its_category_colour_and_changes_between_2020_and_2021(policy, shapes):
    drawn = {}
    for month in ("2020-01", "2021-01"):
        states = {s.iso3: s for s in timeline.state_at(policy, export.month_date(month))}
        key = timeline.category(states["SWE"], "restriction", export.month_date(month))
        drawn[month] = sweden_pixel(policy, shapes, month)
        expected = hex_rgb(style.style_of("restriction", key).fill)
        assert all(abs(a - b) <= 2 for a, b in zip(drawn[month], expected, strict=True)), (month, key, drawn[month])
    assert drawn["2020-01"] != drawn["2021-01"]


def test_alliance_filter_fades_non_members(policy):
    on = export.month_date("2021-01")
    nato = timeline.alliance_members(policy, "NATO", on)
    frame = export.frame_for(policy, "restriction", "2021-01", ["NATO"])
    fills = export.used_fills(frame, "restriction")
    assert "SWE" not in nato and "SWE" in frame.faded
    assert fills["SWE"] != style.style_of("restriction", frame.categories["SWE"]).fill
    assert sum(n for _, _, n in frame.counts) == len(nato & set(policy.countries["iso3"]))


def test_footer_names_publishers_of_facts_drawn(policy):
    frame = export.frame_for(policy, "restriction", "2021-01")
    assert frame.publishers, "facts drawn on 2021-01 have sources"


def test_rendering_leaves_matplotlib_global_state_alone(policy, shapes):
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    export.render_slide(policy, shapes, "restriction", "2021-01", size=(640, 360))
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


def test_parse_size_accepts_and_rejects():
    assert export.parse_size("1920x1080") == (1920, 1080)
    for bad in ("1920", "axb", "10x10", "99999x2"):
        with pytest.raises(export.ExportError):
            export.parse_size(bad)


def test_cli_writes_each_format(tmp_path):
    for fmt in ("png", "svg", "pdf"):
        out = tmp_path / f"slide.{fmt}"
        code = main(["export", "--layer", "restriction", "--date", "2020-10", "--format", fmt,
                     "--out", str(out), "--size", "800x450"])
        assert code == 0
        assert out.stat().st_size > 1000
    assert png_size((tmp_path / "slide.png").read_bytes()) == (800, 450)
    out = tmp_path / "multi.png"
    code = main(["export", "--layer", "deadline", "--dates", "2019-06,2021-06", "--alliance", "EU",
                 "--out", str(out), "--size", "800x450"])
    assert code == 0 and png_size(out.read_bytes()) == (800, 450)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--layer", "huawei", "--date", "2020-10"], "unknown layer"),
        (["--layer", "restriction", "--date", "2020-13"], "not in the timeline"),
        (["--layer", "restriction", "--date", "1999-01"], "not in the timeline"),
        (["--layer", "restriction", "--date", "2020-10", "--size", "big"], "WIDTHxHEIGHT"),
        (["--layer", "restriction", "--date", "2020-10", "--alliance", "WARSAW"], "unknown alliance"),
        (["--layer", "restriction", "--dates", "2020-01,2099-01"], "not in the timeline"),
        (["--layer", "restriction", "--dates", "2020-01,2021-01", "--format", "html"], "--dates"),
    ],
)
def test_cli_bad_request_exits_2_with_a_message(tmp_path, capsys, args, message):
    out = tmp_path / "x.png"
    assert main(["export", *args, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_unknown_format_is_an_argparse_error(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--layer", "restriction", "--format", "bmp", "--out", str(tmp_path / "x.bmp")])
    assert exit_info.value.code == 2


def _download_page() -> None:
    from geo.policy import load_policy
    from ui.downloads import export_buttons

    export_buttons(load_policy(), "restriction", "2021-01", ["NATO"])


def test_download_button_renders_for_the_current_view():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_download_page, default_timeout=60).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Download…", "Add view to story"]


def test_export_request_bytes_are_the_slide_and_the_page(policy, shapes):
    from geo.exportjob import ExportRequest, render
    from geo.shapes import SHAPES_FILE

    png = render(policy, shapes, ExportRequest("png", "restriction", ("2021-01",), ("NATO",)))
    assert png_size(png) == export.REF
    page = render(policy, shapes, ExportRequest("html", "restriction", ("2021-01",)),
                  shapes_text=SHAPES_FILE.read_text(encoding="utf-8"))
    assert page.startswith(b"<!doctype html>")
