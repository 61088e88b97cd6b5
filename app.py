"""Smoke page: a folium map of Europe through st_folium, every asset from the app's own origin."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.webassets import local_map
from ui.assets import ensure_vendor_assets

ensure_vendor_assets()
st.set_page_config(page_title="5G Vendor Policy Atlas", layout="wide")
st.title("5G Vendor Policy Atlas")

fmap = local_map()
folium.GeoJson(
    {
        "type": "Feature",
        "properties": {"name": "Europe (bounding box)"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[-10.0, 36.0], [30.0, 36.0], [30.0, 70.0], [-10.0, 70.0], [-10.0, 36.0]]],
        },
    },
    name="europe",
).add_to(fmap)
st_folium(fmap, height=520, use_container_width=True, returned_objects=[])
