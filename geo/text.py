"""Text from the data or the URL, made safe for the place it lands: Markdown, HTML, or a link.

One rule for every path to the screen:
- Streamlit Markdown (st.markdown, st.caption, st.warning, st.toast, headings such as st.subheader,
  expander labels): `md_escape`, links through `md_link`;
- HTML (st.html, the offline HTML file): `html_text`;
- the browser's own drawing (tooltips, legend, panel in `geo/web/`): `textContent`, never `innerHTML`;
- Altair/Vega tooltips and dataframe cells: plain values (Vega's tooltip handler and the grid show text);
- matplotlib slides: the export's own escaping (dollar signs, backslashes, underscores).
Streamlit's Markdown renders links and images, so a summary holding `![x](https://elsewhere/)` would
make the browser fetch from a third party; every Markdown and HTML special character is escaped.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=@)|(?<=\bwww)(?=\.)", flags=re.IGNORECASE)
_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Text shown literally by Markdown: specials backslash-escaped, `&`, `<`, `>` as entities.

    GitHub-flavoured Markdown also turns bare `https://…`, `www.…` and `a@b.c` into links after escapes
    are resolved, so an invisible word joiner (U+2060) goes between `:` and `//`, after `@` and after `www`."""
    value = "" if text is None else str(text)
    value = _AUTOLINK.sub(_JOINER, html.escape(value, quote=False))
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def safe_url(url: object) -> str | None:
    """An http(s) URL with the characters that could break out of Markdown or HTML percent-encoded."""
    value = "" if url is None else str(url).strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return quote(value, safe=":/?#@!$&'*+,;=%~-._")


def md_link(title: object, url: object) -> str:
    """`[title](url)` with the title escaped; just the escaped title when the URL is not http(s)."""
    target = safe_url(url)
    label = md_escape(title) or "source"
    return f"[{label}]({target})" if target else label


def html_text(text: object) -> str:
    """Text for an HTML context (attribute-safe)."""
    return html.escape("" if text is None else str(text), quote=True)
