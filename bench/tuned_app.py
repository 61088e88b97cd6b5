"""The tuned streamlit-folium peer: the best we could make folium + `st_folium` do, for an honest ratio.

What a careful folium author would do: the base map never changes (same script every rerun, so
`st_folium` keeps it mounted: no new iframe, zoom and pan kept), and it fetches the shapes once from the
app's static folder instead of carrying them in its arguments. Each slider step sends only a small
`feature_group_to_add` holding a style-only script (about fifty `iso3 → fill` pairs) that restyles the
existing layer in place. Same data, months, colours, self-hosted Leaflet and tooltip as the naive peer
(`bench/naive_app.py`); the month control is still a Streamlit `st.select_slider`, because a folium map
has no timeline of its own. Sets `window.benchMonth` once the month is painted, for the bench.

Run: `.venv/bin/python -m streamlit run bench/tuned_app.py` (optional `?date=YYYY-MM`).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from branca.element import MacroElement  # noqa: E402
from jinja2 import Template  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from bench.localmap import local_map  # noqa: E402
from geo import mapview, style, timeline  # noqa: E402
from geo.policy import load_policy  # noqa: E402
from ui.assets import ensure_vendor_assets  # noqa: E402

LAYER = "restriction"
SHAPES_URL = "/app/static/vendor/europe.geojson"

ensure_vendor_assets(Path(__file__).resolve().parent / "static" / "vendor")
st.set_page_config(page_title="Tuned 5G map (bench)", layout="wide")


class ShapesOnce(MacroElement):
    """Fetches the shapes once (browser-cached) and keeps the layer in `window.benchLayer`."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (shapes) {
          window.benchLayer = L.geoJSON(shapes, {
            style: function () { return {fillColor: "#eeeeee", fillOpacity: 0.92, color: "#5b6670", weight: 0.8}; },
            onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name || ""); }
          }).addTo({{ this._parent.get_name() }});
          if (window.benchPending) window.benchPending();
        });
        {% endmacro %}"""
    )

    def __init__(self, url: str):
        super().__init__()
        self._name = "ShapesOnce"
        self.url = url


class MonthStyles(MacroElement):
    """Restyles the existing layer for one month; the only thing sent per step."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          var styles = {{ this.styles|tojson }}, fallback = {{ this.fallback|tojson }}, month = {{ this.month|tojson }};
          function apply() {
            window.benchLayer.setStyle(function (f) {
              var p = f.properties, s = styles[p.scope === "state" ? p.iso3 : "_" + p.scope] || fallback;
              return {fillColor: s[0], color: s[1] || "#5b6670", dashArray: s[2], fillOpacity: 0.92, opacity: 1,
                      weight: p.scope === "state" ? 0.8 : 0.5};
            });
            window.benchMonth = month;
          }
          if (window.benchLayer) { apply(); } else { window.benchPending = apply; }
        })();
        {% endmacro %}"""
    )

    def __init__(self, month: str, styles: dict, fallback: list):
        super().__init__()
        self._name = "MonthStyles"
        self.month, self.styles, self.fallback = month, styles, fallback


@st.cache_resource(show_spinner=False)
def policy():
    data_dir = os.environ.get("ATLAS_DATA_DIR")
    return load_policy(Path(data_dir)) if data_dir else load_policy()


@st.cache_data(show_spinner=False, max_entries=256)
def month_styles(month: str) -> dict[str, list]:
    """iso3 → [fill, stroke, dash] for the month; territories by scope (`_territory`)."""
    pol = policy()
    on = date.fromisoformat(month + "-01")
    countries = mapview.map_view(timeline.state_at(pol, on), LAYER, on)["countries"]
    table = style.style_table(LAYER)
    out = {iso3: table[c["c"]] for iso3, c in countries.items() if c.get("c") in table}
    out.update({f"_{scope}": table[scope] for scope in table if scope not in out})
    return {key: [s["fill"], s["stroke"], s["dash"]] for key, s in out.items()}


pol = policy()
months = timeline.months(pol)
wanted = st.query_params.get("date")
start = wanted if wanted in months else timeline.default_month(pol)

st.title("5G vendor restrictions (tuned folium map)")
month = st.select_slider(
    "Month", options=months, value=start,
    format_func=lambda m: date.fromisoformat(m + "-01").strftime("%b %Y"),
)

m = local_map()
m.add_child(ShapesOnce(SHAPES_URL))
group = folium.FeatureGroup(name="month", control=False)
group.add_child(MonthStyles(month, month_styles(month), ["#eeeeee", "#b8c0c8", None]))
st_folium(m, feature_group_to_add=group, key="map", height=560, use_container_width=True, returned_objects=[])
st.caption(json.dumps({"month": month}))
