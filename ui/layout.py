"""Page CSS for the map-first screen: the map's frame is sized to the viewport from the first render.

The frame's height comes from CSS (not from the component after it loads), so the space is reserved
before anything arrives and nothing shifts; the component lays itself out inside that box.
"""

from __future__ import annotations

import streamlit as st

from ui.firstpaint import HIDE_UNTIL_PAINTED

MAP_FRAME = 'iframe[src*="atlas_map"]'
# Streamlit hides the frame behind a skeleton until it says it is ready; showing the frame (at its final
# size, empty until the map paints) from the start means the swap moves nothing.
SKELETON = '.stElementContainer:has(iframe[src*="atlas_map"]) [data-testid="stSkeleton"]'
# The map is current the moment the viewer steps (it draws in the browser); only the panel beside it
# waits for the server. Streamlit fades a rerun's elements after 0.5 s over 1 s: never fade the map, and
# dim the panel at once rather than animate it (an opacity animation recomposites the whole page every
# frame for a second, which a slow phone or a busy laptop pays for on every step).
NO_STALE_FADE = (
    '.stElementContainer[data-stale="true"] { transition: none !important; }\n'
    '.stElementContainer:has(iframe[src*="atlas_map"])[data-stale="true"] { opacity: 1 !important; }'
)

MAP_PAGE_CSS = f"""
<style>
/* The page shows when the map has painted (or after 10 s at most): see ui/firstpaint.py. */
{HIDE_UNTIL_PAINTED}
header[data-testid="stHeader"] {{ height: 2.8rem; min-height: 2.8rem; }}
.block-container {{ padding: 2.9rem 3rem 1rem !important; max-width: none !important; }}
.st-key-atlas_top_nav {{ gap: 0.1rem 0.8rem !important; }}
.st-key-atlas_page_css {{ position: absolute !important; width: 1px; overflow: hidden; }}
.st-key-atlas_top_nav > div {{ width: auto !important; flex: 0 0 auto !important; }}
.st-key-atlas_top_nav a {{ padding: 0.15rem 0.2rem !important; min-height: 28px; align-items: center; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.45rem; font-weight: 700; line-height: 1.2; padding: 0; }}
.atlas-page-sub {{ font-size: 0.95rem; color: #3d4852; margin: 0.1rem 0 0; line-height: 1.3; }}
{MAP_FRAME} {{ height: calc(100dvh - 10.4rem) !important; min-height: 440px; display: block !important; }}
{SKELETON} {{ display: none !important; }}
{NO_STALE_FADE}
@media (max-width: 640px) {{
  .block-container {{ padding-left: 0.8rem !important; padding-right: 0.8rem !important; }}
  {MAP_FRAME} {{ height: calc(100dvh - 12.5rem) !important; min-height: 560px; }}
  [data-testid="stMainBlockContainer"] h1 {{ font-size: 1.2rem; }}
  .atlas-page-sub {{ font-size: 0.85rem; }}
  .st-key-atlas_tools {{ justify-content: flex-start !important; gap: 0.3rem !important; }}
  .st-key-atlas_tools .st-key-open_present {{ display: none; }}
  .st-key-atlas_tools button {{ min-height: 2rem; padding: 0.15rem 0.5rem !important; }}
  .st-key-atlas_tools button p {{ font-size: 0.85rem; }}
  .st-key-atlas_top_nav a p {{ font-size: 0.85rem; }}
  .st-key-atlas_top_nav a span[data-testid="stIconMaterial"] {{ display: none; }}
}}
</style>
"""

PRESENT_CSS = f"""
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"] {{ display: none !important; }}
.block-container {{ padding: 0.6rem 1rem 0 1rem !important; max-width: none !important; }}
{MAP_FRAME} {{ height: calc(100dvh - 1.9rem) !important; display: block !important; }}
{SKELETON} {{ display: none !important; }}
{NO_STALE_FADE}
[data-testid="stMain"] {{ overflow: hidden; }}
</style>
"""


def map_page_css() -> None:
    """First on the page, in the sidebar and in the main column (whichever Streamlit lays out first): the
    CSS keeps the page hidden until the map paints, so it must apply before the rest is laid out."""
    with st.sidebar:
        st.markdown(MAP_PAGE_CSS, unsafe_allow_html=True)
    # A box of fixed height: however the markdown renders inside it, nothing below moves.
    with st.container(height=1, border=False, key="atlas_page_css"):
        st.markdown(MAP_PAGE_CSS, unsafe_allow_html=True)


def present_page_css() -> None:
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
