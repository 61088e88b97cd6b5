"""Data text reaching Markdown or HTML is inert."""

from geo.text import html_text, md_escape, md_link, safe_url


def test_markdown_image_and_html_are_escaped():
    out = md_escape("![x](https://evil.example/p.png) <img src=x onerror=alert(1)>")
    assert "![" not in out and "](" not in out
    assert "<img" not in out and "&lt;img" in out


def test_links_only_for_http_urls():
    assert md_link("PTS decision", "https://pts.se/a(b)") == "[PTS decision](https://pts.se/a%28b%29)"
    assert md_link("bad", "javascript:alert(1)") == "bad"
    assert safe_url("ftp://x.org/file") is None


def test_html_text_quotes():
    assert html_text('"><script>') == "&quot;&gt;&lt;script&gt;"
