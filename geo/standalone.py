"""The standalone HTML map: one self-contained file, Leaflet, shapes and the whole timeline inlined.

It opens from a USB stick in a room with no network: no `src` or `href` points anywhere, the slider and
play run in the page, and tooltips name their sources. The page's JavaScript is the same `atlas.js` the
app uses, so both draw the same categories and colours.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo import mapview, style, summary, timeline
from geo.policy import Policy, data_version
from geo.text import html_text
from geo.webassets import WEB_DIR, leaflet_dir

# The page around the map (header, controls, footer): shared with the static edition (geo/site.py).
CHROME_CSS = """body { display: flex; flex-direction: column; height: 100vh; }
header { padding: 10px 16px 6px; }
header h1 { margin: 0; font-size: 22px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 4px 16px 8px; }
#timeline { flex: 1 1 420px; }
.alliances { font-size: 14px; color: #3d4852; }
#month-label { font-size: 20px; }
#map { flex: 1 1 auto; min-height: 420px; }
footer { font-size: 12px; color: #3d4852; padding: 6px 16px; max-height: 22vh; overflow: auto; }
footer li { margin: 2px 0; }"""

SUBTITLE = "Huawei/ZTE restrictions, removal deadlines and the US Clean Network in Europe, month by month"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; \
style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{title}</title>
<style>{leaflet_css}</style>
<style>{atlas_css}
{chrome_css}
</style>
</head>
<body>
<header><h1>{title}</h1><div>{subtitle}</div></header>
<div class="controls">
{layer_inputs}
<div id="timeline"></div>
</div>
<div id="map" class="atlas-map"></div>
<footer>
<p>{footer}</p>
<details><summary>Sources ({n_sources})</summary><ol>{sources}</ol></details>
</footer>
<script id="atlas-shapes" type="application/json">{shapes}</script>
<script id="atlas-data" type="application/json">{data}</script>
<script>{leaflet_js}</script>
<script>{atlas_js}</script>
<script>{standalone_js}</script>
</body>
</html>
"""


def script_json(value: Any) -> str:
    """JSON that cannot close its <script> element or open an HTML comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def offline_leaflet(source: str) -> str:
    """Leaflet's code made safe to inline: no `</script`, and its (unused) credit link names no host."""
    return source.replace("</script", "<\\/script").replace('<a href="https://leafletjs.com"', "<a")


def standalone_html(
    policy: Policy,
    shapes_geojson: str,
    microstates: dict[str, tuple[float, float]],
    *,
    layer: str = "restriction",
    month: str | None = None,
    alliances: Sequence[str] = (),
) -> str:
    """The whole page as one string; `alliances` starts its alliance filter as the app's was."""
    data = page_data(policy, microstates, layer=layer, month=month, alliances=alliances)
    web = Path(WEB_DIR)
    leaflet = leaflet_dir()
    return PAGE.format(
        title="5G Vendor Policy Atlas",
        subtitle=SUBTITLE,
        layer_inputs=controls_html(),
        footer=html_text(footer_text(policy) + " Works offline: nothing is loaded from the network."),
        n_sources=len(policy.sources),
        sources=sources_html(policy),
        chrome_css=CHROME_CSS,
        shapes=shapes_geojson.replace("<", "\\u003c").replace(">", "\\u003e"),
        data=script_json(data),
        leaflet_css=(leaflet / "leaflet.css").read_text(encoding="utf-8"),
        atlas_css=(web / "atlas.css").read_text(encoding="utf-8"),
        leaflet_js=offline_leaflet((leaflet / "leaflet.js").read_text(encoding="utf-8")),
        atlas_js=(web / "atlas.js").read_text(encoding="utf-8"),
        standalone_js=(web / "standalone.js").read_text(encoding="utf-8"),
    )


def page_data(
    policy: Policy,
    microstates: dict[str, tuple[float, float]],
    *,
    layer: str = "restriction",
    month: str | None = None,
    alliances: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything `standalone.js` needs: every month's view, memberships, and the view to start on."""
    data = mapview.timeline_views(policy, microstates)
    data["layer"] = layer
    data["month"] = month or timeline.default_month(policy)
    data["memberships"] = mapview.membership_series(policy)
    data["alliances"] = [a for a in alliances if a in timeline.ALLIANCES]
    return data


def controls_html() -> str:
    """Layer radio buttons and alliance checkboxes (the page driver binds them by name)."""
    return "\n".join(
        f'<label><input type="radio" name="layer" value="{key}"> {html_text(style.LAYER_SHORT[key])}</label>'
        for key in style.CATEGORIES
    ) + '\n<span class="alliances">Members of: ' + " ".join(
        f'<label><input type="checkbox" name="alliance" value="{key}"> '
        f"{html_text(summary.ALLIANCE_NAMES.get(key, key))}</label>"
        for key in timeline.ALLIANCES
    ) + "</span>"


def sources_html(policy: Policy) -> str:
    """Every source as a list item, oldest first, escaped (URLs shown as text, not links)."""
    return "".join(
        f"<li>{html_text(row.publisher)}: {html_text(row.title)} ({html_text(row.published)}) "
        f"&lt;{html_text(row.url)}&gt;</li>"
        for row in policy.sources.sort_values("published").itertuples()
    )


def footer_text(policy: Policy) -> str:
    version = data_version(policy)
    return (
        f"Data reviewed up to {version['reviewed']} (version {version['sha256'][:12]}). "
        "Crimea is drawn as part of Ukraine. Shapes: Natural Earth (public domain)."
    )
