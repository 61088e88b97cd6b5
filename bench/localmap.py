"""A folium map whose only assets are Leaflet's, served from the app's own origin (bench peers only).

folium's defaults pull Leaflet, jQuery, Bootstrap and icon fonts from public CDNs. `LocalMap` keeps
only Leaflet's JS and CSS and points them at the app's static folder (filled by `ui.assets`), so the
peers measured against the Atlas make no third-party request either.
"""

from __future__ import annotations

from typing import ClassVar

import folium

LEAFLET_JS = "/app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/vendor/leaflet/leaflet.css"


class LocalMap(folium.Map):
    """A folium map whose only assets are Leaflet's, served from the app's own origin."""

    default_js: ClassVar[list[tuple[str, str]]] = [("leaflet", LEAFLET_JS)]
    default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_css", LEAFLET_CSS)]


def local_map(**kwargs) -> LocalMap:
    """A tile-less map of Europe: the countries are the map, so no tile server is contacted."""
    options = {"location": (54.0, 15.0), "zoom_start": 4, "tiles": None, "control_scale": False}
    options.update(kwargs)
    return LocalMap(**options)
