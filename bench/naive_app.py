"""The naive reference for the benchmark: the map rebuilt from scratch with folium on every rerun.

Written the way a first version usually is: each slider step reads the GeoJSON from disk, builds a new
folium map with every shape styled for the month, and ships the whole thing to the browser through
`st_folium`, which mounts a fresh map iframe. Same data, same months, same colours as the Atlas
(`geo.mapview` and `geo.style`), same self-hosted Leaflet (`bench/localmap.py`), layer fixed to
`restriction`. The policy tables are cached (as the Atlas caches them), so the difference measured is
the map's, not CSV parsing.

Run: `.venv/bin/python -m streamlit run bench/naive_app.py` (optional `?date=YYYY-MM`).
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
SHAPES = ROOT / "data" / "europe.geojson"

# Streamlit serves /app/static/ from the main script's folder, so this app's Leaflet lives in
# bench/static/vendor/ (git-ignored by bench/.gitignore); same files, same URLs as the Atlas.
ensure_vendor_assets(Path(__file__).resolve().parent / "static" / "vendor")
st.set_page_config(page_title="Naive 5G map (bench)", layout="wide")


class BenchMonth(MacroElement):
    """Sets `window.benchMonth` in the map iframe, after the shapes: the bench reads the month shown."""

    _template = Template(
        "{% macro script(this, kwargs) %}window.benchMonth = {{ this.month|tojson }};{% endmacro %}"
    )

    def __init__(self, month: str):
        super().__init__()
        self._name = "BenchMonth"
        self.month = month


@st.cache_resource(show_spinner=False)
def policy():
    # ATLAS_DATA_DIR is honoured as by the Atlas (ui/loaders.py), so both apps always show the same data.
    data_dir = os.environ.get("ATLAS_DATA_DIR")
    return load_policy(Path(data_dir)) if data_dir else load_policy()


pol = policy()
months = timeline.months(pol)
wanted = st.query_params.get("date")
start = wanted if wanted in months else timeline.default_month(pol)

st.title("5G vendor restrictions (naive folium map)")
month = st.select_slider(
    "Month", options=months, value=start,
    format_func=lambda m: date.fromisoformat(m + "-01").strftime("%b %Y"),
)
on = date.fromisoformat(month + "-01")

# The naive part: geometry from disk, state, and a whole new map, every rerun.
shapes = json.loads(SHAPES.read_text(encoding="utf-8"))
states = timeline.state_at(pol, on)
countries = mapview.map_view(states, LAYER, on)["countries"]
styles = style.style_table(LAYER)


def style_function(feature: dict) -> dict:
    props = feature["properties"]
    is_state = props.get("scope") == "state"
    key = countries.get(props.get("iso3"), {}).get("c", "not_researched") if is_state else props.get("scope")
    s = styles.get(key) or {"fill": "#eeeeee", "stroke": "#b8c0c8", "dash": None}
    return {
        "fillColor": s["fill"], "fillOpacity": 0.92, "color": s["stroke"] or "#5b6670",
        "weight": 0.8 if is_state else 0.5, "dashArray": s["dash"], "opacity": 1,
    }


m = local_map()
folium.GeoJson(
    shapes, name="countries", style_function=style_function,
    tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
).add_to(m)
m.add_child(BenchMonth(month))
st_folium(m, height=560, use_container_width=True, returned_objects=[])
