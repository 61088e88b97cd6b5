"""Where the browser code lives: `geo/web/` (the one drawing code) and Leaflet from its PyPI package.

Nothing here fetches anything: Leaflet's build ships inside `django-js-lib-leaflet` (pinned), and the
app, the offline HTML and the static edition all copy or inline it from there.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent / "web"


def leaflet_dir() -> Path:
    """Leaflet's build inside the installed PyPI package `django-js-lib-leaflet` (pinned)."""
    return Path(str(resources.files("js_lib_leaflet"))) / "static" / "js_lib_leaflet"
