"""The "Embed" snippet (the app's `?embed=true` view is tested in the browser: tests/test_proxy_stack.py)."""

from __future__ import annotations

from html.parser import HTMLParser

from geo.embed import embed_snippet, embed_url, full_url
from geo.view import View, parse_view, view_params

VIEW = View("deadline", "2021-01", ("NATO", "EU"), "SWE", present=True)
MONTHS = ["2020-12", "2021-01"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_embed_is_a_url_parameter_that_round_trips():
    view, notices = parse_view({"embed": "1", "layer": "deadline"}, months=MONTHS, default_month="2021-01",
                               alliances=["NATO"], countries=["SWE"])
    assert view.embed and not notices
    # Streamlit owns `embed` (the app may not write it): links add it, the view's params never do.
    assert "embed" not in view_params(view)


def test_snippet_points_at_the_apps_embed_view_without_a_published_edition():
    tags = _tags(embed_snippet(VIEW, app_url="https://atlas.example.org/atlas/?layer=x"))
    (iframe, frame), (paragraph, _), (a, link) = tags
    assert paragraph == "p"
    assert iframe == "iframe" and a == "a"
    assert frame["src"] == "https://atlas.example.org/atlas/?layer=deadline&date=2021-01&alliance=NATO&alliance=EU&embed=true"
    assert frame["title"] and frame["loading"] == "lazy"
    assert link["href"] == full_url(VIEW, app_url="https://atlas.example.org/atlas/")
    assert "country=SWE" in link["href"] and "present" not in link["href"]


def test_snippet_prefers_the_static_edition_when_one_is_published():
    url = embed_url(VIEW, app_url="https://atlas.example.org/atlas/", site_url="https://cdn.example.org/atlas/")
    assert url == "https://cdn.example.org/atlas/embed.html?layer=deadline&date=2021-01&alliance=NATO&alliance=EU"


def test_snippet_escapes_what_it_is_given():
    html = embed_snippet(VIEW, app_url='https://x.example/"><script>alert(1)</script>')
    assert "<script>" not in html
