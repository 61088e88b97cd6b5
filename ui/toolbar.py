"""The toolbar above the map: presentation view, downloads of the current view, and a link to copy."""

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


def copy_link(view: View, embed_snippet: str = "") -> None:
    """The link in a box with a copy button (the code block's own), ready to paste into a mail or chat;
    below it the `<iframe>` snippet that embeds this view in another page."""
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This link reopens the map at this layer, month, filter and country:")
        st.code(share_url(view), language=None, wrap_lines=True)
        if embed_snippet:
            st.caption("Embed this view in a web page:")
            st.code(embed_snippet, language="html", wrap_lines=True)


def present_button() -> bool:
    return st.button("Presentation view", icon=":material/slideshow:", key="open_present")
