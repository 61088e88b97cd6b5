"""Helpers to read and drive the atlas map inside its component iframe."""

from __future__ import annotations

from playwright.sync_api import Frame, Page

MAP_IFRAME = "iframe[src*='atlas_map']"


def map_frame(page: Page, timeout: float = 45000) -> Frame:
    """The component's frame, once its map has drawn."""
    handle = page.wait_for_selector(MAP_IFRAME, timeout=timeout)
    frame = handle.content_frame()
    frame.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout)
    return frame


def wait_for_date(frame: Frame, month: str, timeout: float = 30000) -> None:
    frame.wait_for_selector(f".atlas-map[data-date='{month}']", state="attached", timeout=timeout)


def fill_of(frame: Frame, iso3: str) -> str | None:
    return frame.evaluate("iso => window.atlas.fillOf(iso)", iso3)


def point_of(page: Page, frame: Frame, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a lat/lon on the map (scrolled into view first, as a person would)."""
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    box = frame.locator(".atlas-map").bounding_box()
    script = "([a, b]) => { const p = window.atlas.map.latLngToContainerPoint([a, b]); return [p.x, p.y]; }"
    x, y = frame.evaluate(script, [lat, lon])
    return box["x"] + x, box["y"] + y


def hover_tooltip(page: Page, frame: Frame, lat: float, lon: float) -> str:
    x, y = point_of(page, frame, lat, lon)
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tip = frame.wait_for_selector(".atlas-tip", timeout=10000)
    return tip.inner_text()
