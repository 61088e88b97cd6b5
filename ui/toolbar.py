"""The toolbar above the map: presentation view, downloads of the current view, and a link to copy."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

import streamlit as st

from geo.policy import Policy
from geo.view import View, view_params
from ui.downloads import export_buttons


def download_menu(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> None:
    """'Download' opens the download choices for the view on screen (the one place to re-point)."""
    with st.popover("Download", icon=":material/download:"):
        st.caption("This view as a slide, or the whole map as one offline HTML file:")
        export_buttons(policy, layer, month, alliances)


def share_url(view: View) -> str:
    """The address that reopens `view` on this server (same scheme, host and page)."""
    here = urlsplit(st.context.url or "")
    base = f"{here.scheme}://{here.netloc}{here.path}" if here.netloc else ""
    return f"{base}?{urlencode(view_params(view), doseq=True)}"


def copy_link(view: View) -> None:
    """The link in a box with a copy button (the code block's own), ready to paste into a mail or chat."""
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This link reopens the map at this layer, month, filter and country:")
        st.code(share_url(view), language=None, wrap_lines=True)


def present_button() -> bool:
    return st.button("Presentation view", icon=":material/slideshow:", key="open_present")
