"""The static edition (`python -m geo export --format site`), served by nginx alone with the deploy config.

No Python process serves it: nginx runs deploy/nginx.conf.template with the edition as its site root,
and the app's upstream points at a port nothing listens on. Every non-local request is blocked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from deploy.stack import start_static
from tests.browser import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="needs nginx"),
]


@pytest.fixture(scope="module")
def site():
    # Under /tmp (not pytest's private tmp): nginx's workers run unprivileged and must read it.
    folder = Path(tempfile.mkdtemp(prefix="atlas-site-"))
    out = folder / "public"
    result = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--format", "site", "--out", str(out),
         "--atlas-url", "https://atlas.example.org/atlas/",
         # The data the app under test would serve (ATLAS_DATA_DIR, as ui/loaders.py honours it).
         *(["--data-dir", os.environ["ATLAS_DATA_DIR"]] if os.environ.get("ATLAS_DATA_DIR") else [])],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    folder.chmod(0o755)
    server = start_static(out)
    yield server, out
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _painted(page):
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20000)
    return page.locator(".leaflet-overlay-pane path").count()


def test_site_files_are_static_hashed_and_hold_no_inline_script(site):
    _, out = site
    names = sorted(p.name for p in (out / "assets").iterdir())
    assert any(n.startswith("atlas.") and n.endswith(".js") for n in names)
    assert all(len(n.split(".")) == 3 and len(n.split(".")[1]) == 10 for n in names), names
    for page in ("index.html", "embed.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<script>" not in html and "<style" not in html
        assert not re.search(r'(src=|<link[^>]*href=)"(https?:)?//', html), page  # nothing loaded off-site


def test_index_paints_with_every_non_local_request_blocked(site, page, network_guard):
    server, _ = site
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(server.origin + "/")
    assert _painted(page) > 40
    assert page.locator("input[name=layer]").count() == 3
    assert page.locator("footer details li").count() > 10
    page.locator("input[name=layer][value=deadline]").check()
    page.wait_for_selector(".atlas-map[data-layer='deadline']", state="attached", timeout=5000)
    assert not [m for m in console if "Content Security Policy" in m], console


def test_embed_opens_the_view_in_its_url_without_chrome(site, page, network_guard):
    server, _ = site
    page.goto(server.origin + "/embed.html?layer=clean_network&date=2020-10&alliance=NATO")
    assert _painted(page) > 40
    page.wait_for_selector(".atlas-map[data-layer='clean_network'][data-date='2020-10']", state="attached")
    assert page.locator("header, footer details").count() == 0
    assert page.locator(".atlas-controls-box").is_hidden(), "no layer or filter controls in the embed"
    assert page.locator(".atlas-legend").count() == 1 and page.locator(".atlas-play").count() == 1
    link = page.locator("a.atlas-full")
    assert link.get_attribute("href").startswith("https://atlas.example.org/atlas/?layer=clean_network")


def test_assets_are_cached_for_a_year_and_pages_carry_the_security_headers(site):
    server, out = site
    asset = next((out / "assets").glob("atlas.*.js")).name
    with urllib.request.urlopen(f"{server.origin}/assets/{asset}") as response:
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    with urllib.request.urlopen(f"{server.origin}/embed.html") as response:
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
