"""Share and cite: a "Copy link" button and a "Cite this view" box, for every page.

`copy_link_button` is a small iframe of our own HTML (no data text in it): at click time it copies the
address the browser shows (the app keeps the address equal to the view), falling back to the URL
the server built. `page_tools` puts both under a page's content.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from geo.cite import bibtex, citation_text
from geo.policy import Policy
from geo.style import LAYER_SHORT
from geo.text import html_text
from geo.view import view_params
from ui import controls

_BUTTON = """
<style>
  body {{ margin: 0; font-family: "Source Sans Pro", "Source Sans 3", system-ui, sans-serif; }}
  button {{ font: inherit; font-size: 14px; padding: 6px 12px; border-radius: 8px; cursor: pointer;
           border: 1px solid rgba(49, 51, 63, 0.2); background: #fff; color: #31333f; }}
  button:hover, button:focus-visible {{ border-color: #b30000; color: #b30000; }}
  span {{ font-size: 13px; color: #3d4852; margin-left: 8px; }}
</style>
<button type="button" id="copy" aria-describedby="state">{label}</button><span id="state" role="status"></span>
<script>
  const fallback = {url};
  function current() {{
    try {{ return window.parent.location.href || fallback; }} catch (e) {{ return fallback; }}
  }}
  function legacyCopy(text) {{
    const box = document.createElement("textarea");
    box.value = text; document.body.appendChild(box); box.select();
    const ok = document.execCommand("copy"); box.remove(); return ok;
  }}
  document.getElementById("copy").addEventListener("click", async () => {{
    const text = current(), state = document.getElementById("state");
    document.body.dataset.copied = text;
    try {{ await navigator.clipboard.writeText(text); state.textContent = "Link copied"; }}
    catch (e) {{ state.textContent = legacyCopy(text) ? "Link copied" : "Copy failed: select the address bar"; }}
  }});
</script>
"""


def page_url(extra: Mapping[str, str] | None = None) -> str:
    """The exact address of this view: the page's URL in the browser plus the view's query string."""
    params = {**view_params(controls.current_view()), **(extra or {})}
    base = st.context.url or ""
    return f"{base}?{urlencode(params, doseq=True)}"


def copy_link_button(url: str, label: str = "Copy link") -> None:
    """A button that copies the current address (or `url`) to the clipboard and says so."""
    literal = json.dumps(url).replace("<", "\\u003c").replace(">", "\\u003e")
    st.iframe(_BUTTON.format(label=html_text(label), url=literal), height=40)


def cite_box(policy: Policy, title: str, url: str, today: date | None = None) -> None:
    """Plain text and BibTeX in code blocks (shown literally, each with its own copy icon)."""
    accessed = today or date.today()
    with st.expander("Cite this view", icon=":material/format_quote:"):
        st.caption("Plain text")
        st.code(citation_text(title, url, policy, accessed), language=None, wrap_lines=True)
        st.caption("BibTeX")
        st.code(bibtex(title, url, policy, accessed), language="bibtex")


def page_tools(policy: Policy, title: str, extra: Mapping[str, str] | None = None) -> None:
    """'Copy link' and 'Cite this view' for the view on screen."""
    url = page_url(extra)
    link_col, cite_col = st.columns([1, 4], vertical_alignment="top")
    with link_col:
        copy_link_button(url)
    with cite_col:
        cite_box(policy, f"{title} ({view_title()})", url)


def view_title() -> str:
    """The view in words for a citation title: layer, month, alliances."""
    view = controls.current_view()
    parts = [LAYER_SHORT.get(view.layer, view.layer), controls.month_label(view.month)]
    if view.alliances:
        parts.append(", ".join(view.alliances) + " members")
    return ", ".join(parts)
