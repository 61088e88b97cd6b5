"""The export dialog in a real browser: open it from the map page, download a file, open the file."""

from __future__ import annotations

import pytest
from PIL import Image
from pptx import Presentation

from tests.mapdriver import map_frame

pytestmark = pytest.mark.browser


def open_dialog(page, url: str):
    page.goto(url)
    map_frame(page)
    page.get_by_role("button", name="Download…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Export this view").wait_for(timeout=20000)
    return dialog


def test_dialog_downloads_a_png_named_after_its_content(app_server, page, tmp_path):
    dialog = open_dialog(page, f"{app_server.url}/?layer=restriction&date=2021-01&alliance=NATO")
    button = dialog.get_by_role("button", name="Download huawei-zte-restrictions-2021-01-nato.png")
    button.wait_for(timeout=60000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "huawei-zte-restrictions-2021-01-nato.png"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert Image.open(path).size == (1920, 1080)
    assert dialog.is_visible(), "downloading keeps the dialog open for another format"


def test_dialog_makes_a_deck_with_progress(app_server, page, tmp_path):
    dialog = open_dialog(page, f"{app_server.url}/?layer=clean_network&date=2020-10")
    dialog.get_by_role("radio", name="PowerPoint deck").click()
    create = dialog.get_by_role("button", name="Create clean-network-declarations-2020-10.pptx (1 slides)")
    create.click()
    button = dialog.get_by_role("button", name="Download clean-network-declarations-2020-10.pptx")
    button.wait_for(timeout=90000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    path = tmp_path / "deck.pptx"
    info.value.save_as(path)
    slides = list(Presentation(str(path)).slides)
    texts = [s.text_frame.text for s in slides[1].shapes if s.has_text_frame]
    assert "October 2020" in texts


def test_dialog_shows_an_error_instead_of_nothing(app_server, page):
    dialog = open_dialog(page, f"{app_server.url}/?layer=restriction&date=2021-01")
    dialog.get_by_text("Small multiples (2–6 months)").click()
    dialog.get_by_text("Small multiples need at least 2 months.").wait_for(timeout=20000)
    assert dialog.get_by_role("button", name="Download").count() == 0


def test_dialog_square_svg_size(app_server, page, tmp_path):
    dialog = open_dialog(page, f"{app_server.url}/?layer=deadline&date=2022-06")
    dialog.get_by_text("Square · 1080×1080").click()
    dialog.get_by_role("button", name="Download huawei-zte-removal-deadlines-2022-06.png").wait_for(timeout=60000)
    # The SVG button appears only after the rerun that has both choices (the size was chosen first).
    dialog.get_by_role("radio", name="SVG", exact=True).click()
    button = dialog.get_by_role("button", name="Download huawei-zte-removal-deadlines-2022-06.svg")
    button.wait_for(timeout=60000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    path = tmp_path / "x.svg"
    info.value.save_as(path)
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    assert root.get("width", "").startswith("777.6") or root.get("viewBox", "").endswith("777.6 777.6")
