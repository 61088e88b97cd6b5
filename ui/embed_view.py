"""The app's `?embed=true` view: map, timeline, legend and a source line, nothing else (for an iframe).

`embed=true` is Streamlit's own switch (it hides Streamlit's header and toolbar and is reported as
`st.context.is_embedded`; `st.query_params` never shows it), so the app follows that convention.

Wiring in app.py, right after `policy = pagestate.load_or_stop()`:
`if embed_view.requested(): embed_view.render(policy); st.stop()`. `snippet()` gives the toolbar's
"Embed" text for the view on screen (the static edition's `embed.html` when `ATLAS_SITE_URL` names one).
"""

from __future__ import annotations

import os

import streamlit as st

from geo import embed
from geo.policy import Policy, data_version
from geo.text import html_text
from ui import controls
from ui.map_component import atlas_map, last_interaction

HIDE_CHROME = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.25rem 0.5rem 0 !important; max-width: none; }
.atlas-embed-source { font-size: 12px; color: #3d4852; }
</style>"""


def requested() -> bool:
    return bool(st.context.is_embedded)


def app_url() -> str:
    """This app's public address: `ATLAS_PUBLIC_URL` when set, else the address the browser used."""
    return os.environ.get("ATLAS_PUBLIC_URL") or str(st.context.url or "").split("?")[0]


def snippet(height: int = 560) -> str:
    return embed.embed_snippet(
        controls.current_view(), app_url=app_url(), site_url=os.environ.get("ATLAS_SITE_URL") or None, height=height
    )


def render(policy: Policy, height: int = 560) -> None:
    """The embed view for the URL's layer, month and alliances; the month follows the map's own timeline."""
    controls.seed_from_url(policy)
    controls.keep_shared_state()
    st.html(HIDE_CHROME)
    controls.apply_map_interaction(policy, last_interaction())
    ss = st.session_state
    layer, month, alliances = ss["layer"], ss["month"], tuple(ss.get("alliances", ()))
    atlas_map(layer, month, alliances=alliances, height=height)
    view = controls.current_view()
    full = html_text(embed.full_url(view, app_url=app_url()))
    st.html(
        f'<div class="atlas-embed-source">Source: <a href="{full}" target="_blank" rel="noopener">'
        f"{embed.TITLE}</a> · governments, regulators, operators and press, cited per country · data reviewed "
        f"{html_text(data_version(policy)['reviewed'])} · Natural Earth · Crimea shown as part of Ukraine</div>"
    )
    controls.write_url(view)
