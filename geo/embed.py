"""The "Embed" snippet: an `<iframe>` of the current view for another site's page, plus a link back.

The frame points at the static edition's `embed.html` when one is published (`site_url`: any number of
viewers, no server), else at the app's own `?embed=true` view (map, timeline, legend, source line; `embed=true` is
Streamlit's embed switch, which also drops its own header and toolbar). Both
take the app's URL parameters, so the embedded map opens on the view the author was looking at.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from urllib.parse import urlencode

from geo.view import View, view_params

TITLE = "5G Vendor Policy Atlas"


def _query(view: View) -> str:
    return urlencode(view_params(view), doseq=True)


def embed_url(view: View, *, app_url: str, site_url: str | None = None) -> str:
    """Where the frame points: `SITE/embed.html?…` when a static edition is published, else `APP?…&embed=true`."""
    shown = replace(view, present=False, embed=False, country=None)
    if site_url:
        return f"{site_url.rstrip('/')}/embed.html?{_query(shown)}"
    return f"{app_url.split('?')[0]}?{_query(shown)}&embed=true"


def full_url(view: View, *, app_url: str) -> str:
    """The same view in the full atlas (the link under the frame)."""
    return f"{app_url.split('?')[0]}?{_query(replace(view, present=False, embed=False))}"


def embed_snippet(view: View, *, app_url: str, site_url: str | None = None, height: int = 560) -> str:
    """HTML to paste into a page: a lazy-loading, titled iframe of `view` and a link to the full atlas."""
    src = escape(embed_url(view, app_url=app_url, site_url=site_url), quote=True)
    link = escape(full_url(view, app_url=app_url), quote=True)
    return (
        f'<iframe src="{src}" title="{TITLE}: map of 5G vendor policy in Europe" width="100%" height="{int(height)}" '
        'style="border:0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>\n'
        f'<p><a href="{link}" target="_blank" rel="noopener">Open the full {TITLE}</a></p>'
    )
