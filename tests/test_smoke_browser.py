"""Foundation: the app renders a Leaflet map in real Chromium with no third-party request."""

import pytest

pytestmark = pytest.mark.browser


def test_map_pane_and_a_path_render_with_only_local_requests(app_server, page, network_guard):
    page.goto(app_server.url)
    frame_el = page.wait_for_selector("iframe[title*='folium'], iframe[title*='atlas']", timeout=30000)
    frame = frame_el.content_frame()
    frame.wait_for_selector(".leaflet-map-pane", state="attached", timeout=30000)
    frame.wait_for_selector(".leaflet-overlay-pane path", timeout=30000)
    assert frame.locator(".leaflet-overlay-pane path").count() >= 1
    assert network_guard.blocked == []
