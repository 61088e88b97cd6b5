"""The static, embeddable edition: a folder any static host or CDN serves, for any number of viewers.

`python -m geo export --format site --out public/` writes `index.html` (the map with timeline, play,
layers, alliance filter, tooltips and sources), `embed.html` (map, timeline, legend and a source line:
for an `<iframe>`), and `assets/` whose names carry their content hash, so they can be cached for a year.
The pages hold no inline script or style (a `default-src 'self'` policy covers them); the drawing code
is the app's own `geo/web/atlas.js`, driven by the offline page's `standalone.js`, so all three
editions draw the same thing. Both pages take the app's URL parameters (`layer`, `date`, `alliance`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from geo.policy import Policy
from geo.standalone import (
    CHROME_CSS,
    SUBTITLE,
    app_skeleton,
    footer_text,
    offline_leaflet,
    page_data,
    sources_html,
)
from geo.text import html_text
from geo.webassets import WEB_DIR, leaflet_dir

TITLE = "5G Vendor Policy Atlas"
EMBED_CSS = """body { display: flex; flex-direction: column; height: 100vh; margin: 0; }
#app { flex: 1 1 auto; min-height: 240px; padding: 0 8px; }
.atlas-controls-box { display: none; }
.source-line { font-size: 12px; color: #3d4852; padding: 4px 8px; }
.source-line a { color: #2b5c8a; }"""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{styles}
</head>
<body data-shapes="{shapes}" data-data="{data}" data-driver="{driver}">
{body}
<script src="{leaflet_js}"></script>
<script src="{atlas_js}"></script>
<script src="{site_js}"></script>
</body>
</html>
"""


def hashed_name(stem: str, suffix: str, content: bytes) -> str:
    """`atlas.3f2a9c01de.js`: a new content gets a new name, so an old cached copy is never served."""
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:10]}{suffix}"


def _write_asset(assets: Path, stem: str, suffix: str, content: bytes) -> str:
    name = hashed_name(stem, suffix, content)
    (assets / name).write_bytes(content)
    return f"assets/{name}"


def build_site(
    policy: Policy,
    shapes_geojson: str,
    microstates: dict[str, tuple[float, float]],
    out: Path,
    *,
    layer: str = "restriction",
    month: str | None = None,
    alliances: Sequence[str] = (),
    atlas_url: str | None = None,
) -> list[Path]:
    """Write the edition into `out` (its old `assets/` replaced); returns the files written.

    `atlas_url` is where "open the full atlas" points from the embed (default: this edition's index).
    """
    out.mkdir(parents=True, exist_ok=True)
    assets = out / "assets"
    if assets.exists():
        shutil.rmtree(assets)
    assets.mkdir()
    web, leaflet = Path(WEB_DIR), leaflet_dir()
    data = page_data(policy, microstates, layer=layer, month=month, alliances=alliances)
    refs = {
        "leaflet_css": _write_asset(assets, "leaflet", ".css", (leaflet / "leaflet.css").read_bytes()),
        "atlas_css": _write_asset(assets, "atlas", ".css", (web / "atlas.css").read_bytes()),
        "chrome_css": _write_asset(assets, "page", ".css", CHROME_CSS.encode()),
        "embed_css": _write_asset(assets, "embed", ".css", EMBED_CSS.encode()),
        "leaflet_js": _write_asset(
            assets, "leaflet", ".js", offline_leaflet((leaflet / "leaflet.js").read_text(encoding="utf-8")).encode()
        ),
        "atlas_js": _write_asset(assets, "atlas", ".js", (web / "atlas.js").read_bytes()),
        "driver": _write_asset(assets, "standalone", ".js", (web / "standalone.js").read_bytes()),
        "site_js": _write_asset(assets, "site", ".js", (web / "site.js").read_bytes()),
        "shapes": _write_asset(assets, "shapes", ".json", shapes_geojson.encode()),
        "data": _write_asset(
            assets, "timeline", ".json", json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
        ),
    }
    n_sources = len(policy.sources)
    full = html_text(atlas_url or "index.html")

    def page(styles: Sequence[str], body: str) -> str:
        links = "\n".join(f'<link rel="stylesheet" href="{refs[s]}">' for s in styles)
        return PAGE.format(
            title=TITLE, styles=links, body=body, shapes=refs["shapes"], data=refs["data"], driver=refs["driver"],
            leaflet_js=refs["leaflet_js"], atlas_js=refs["atlas_js"], site_js=refs["site_js"],
        )

    index = page(
        ("leaflet_css", "atlas_css", "chrome_css"),
        f"<header><h1>{TITLE}</h1><p>{html_text(SUBTITLE)}</p></header>\n{app_skeleton()}\n"
        f"<footer>\n<p>{html_text(footer_text(policy))}</p>\n"
        f"<details><summary>Sources ({n_sources})</summary><ol>{sources_html(policy)}</ol></details>\n</footer>",
    )
    embed = page(
        ("leaflet_css", "atlas_css", "embed_css"),
        f"{app_skeleton()}\n"
        f'<div class="source-line">Source: <a class="atlas-full" href="{full}" target="_blank" rel="noopener">'
        f"{TITLE}</a> ({n_sources} sources). {html_text(footer_text(policy))}</div>",
    )
    written = [out / "index.html", out / "embed.html"]
    written[0].write_text(index, encoding="utf-8")
    written[1].write_text(embed, encoding="utf-8")
    return written + sorted(assets.iterdir())
