"""The toolbar above the map: presentation view, downloads of the current view, a link and an embed.

It is drawn outside the map's fragment: a map step reruns only the map and the panel beside it, so a
crowd stepping through months costs the server and every viewer's browser less. Each button reads the
view when clicked (a click reruns the page, toolbar included).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

import streamlit as st

from geo.policy import Policy
from geo.view import View, view_params
from ui.export_dialog import export_button


def download_menu(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> None:
    """'Download…' opens the export dialog on the view on screen (slides, deck, animation, offline map)."""
    export_button(policy, layer, month, alliances)


def share_url(view: View) -> str:
    """The address that reopens `view` on this server (same scheme, host and page)."""
    here = urlsplit(st.context.url or "")
    base = f"{here.scheme}://{here.netloc}{here.path}" if here.netloc else ""
    return f"{base}?{urlencode(view_params(view), doseq=True)}"


@st.dialog("Share this view", width="large")
def _share_dialog(link: str, snippet: str) -> None:
    st.caption("This link reopens the map at this layer, month, filter and country:")
    st.code(link, language=None, wrap_lines=True)
    if snippet:
        st.caption("Embed this view in a web page (map, timeline, legend and sources, with a link back to the "
                   "full atlas):")
        st.code(snippet, language="html", wrap_lines=True)


def copy_link(view: View, snippet: str = "") -> None:
    """'Copy link' opens the link and the `<iframe>` snippet of the view on screen. The view is read when
    the button is clicked (a click reruns the page), so the toolbar need not be redrawn on map steps."""
    if st.button("Copy link", icon=":material/link:", key="open_share", help="A link to this view, or an embed"):
        _share_dialog(share_url(view), snippet)


def present_button() -> bool:
    return st.button("Presentation view", icon=":material/slideshow:", key="open_present")
