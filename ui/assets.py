"""Put the browser assets the app serves itself under `static/vendor/` (Streamlit static serving).

Leaflet comes from the installed PyPI package `django-js-lib-leaflet` (pinned in requirements.txt),
so nothing third-party is committed and nothing is fetched from a CDN at run time. The copy is
idempotent and cheap, so every entry point calls it on start.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.shapes import SHAPES_FILE
from geo.webassets import leaflet_dir
from ui.staticdir import static_root

ROOT = Path(__file__).resolve().parent.parent


def vendor_dir() -> Path:
    """`static/vendor` of the checkout, or of the cache folder when the checkout is read-only (`ui.staticdir`)."""
    return static_root() / "vendor"


# Relative to the map component's page (<base>/component/<name>/index.html), so the app also works
# under a base URL path (`--server.baseUrlPath atlas` behind a proxy).
STATIC_URL = "../../app/static/vendor"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
SHAPES_URL = f"{STATIC_URL}/europe.geojson"


def ensure_vendor_assets(folder: Path | None = None) -> Path:
    """Copy Leaflet's JS and CSS (no marker images: the map draws none) and the shapes into static/.

    Each file is copied to a temporary name and renamed, so a full disk leaves no truncated file to serve."""
    folder = folder or vendor_dir()
    target = folder / "leaflet"
    target.mkdir(parents=True, exist_ok=True)
    source = leaflet_dir()
    for name in LEAFLET_FILES:
        src, dst = source / name, target / name
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            _copy_whole(src, dst)
    shapes = folder / SHAPES_FILE.name
    if SHAPES_FILE.exists() and (not shapes.exists() or shapes.read_bytes() != SHAPES_FILE.read_bytes()):
        _copy_whole(SHAPES_FILE, shapes)
    return target


def _copy_whole(src: Path, dst: Path) -> None:
    partial = dst.with_name(dst.name + ".part")
    try:
        shutil.copyfile(src, partial)
        partial.replace(dst)
    finally:
        partial.unlink(missing_ok=True)
