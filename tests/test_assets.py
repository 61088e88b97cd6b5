"""The app serves its own assets: Leaflet from the pinned package, the shapes at the address the map uses."""

from pathlib import Path

from geo.webassets import WEB_DIR
from ui.assets import LEAFLET_FILES, SHAPES_FILE, SHAPES_URL, ensure_vendor_assets


def test_vendor_assets_are_copied_from_the_installed_packages(tmp_path: Path):
    target = ensure_vendor_assets(tmp_path)
    for name in LEAFLET_FILES:
        assert (target / name).stat().st_size > 10_000
    assert (tmp_path / SHAPES_FILE.name).read_bytes() == SHAPES_FILE.read_bytes()


def test_component_fetches_the_shapes_where_the_app_serves_them():
    assert f'fetch("{SHAPES_URL}"' in (WEB_DIR / "index.html").read_text(encoding="utf-8")


def test_no_frontend_file_names_a_remote_host():
    for path in WEB_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path.name
