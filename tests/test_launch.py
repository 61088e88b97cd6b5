"""The launcher's index-page script and the choice of static folder (read-only checkouts)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ui import launch, staticdir

INDEX = (
    "<!doctype html><html><head><title>x</title><script>window.prerenderReady = false</script>"
    '<script type="module" src="./static/js/index.js"></script></head><body></body></html>'
)


def test_boot_script_goes_before_the_bundle_as_a_file_of_the_origin(tmp_path):
    src = launch.write_boot_script(tmp_path, "")
    page = launch.patched_index(INDEX, src)
    assert page.index(f'<script src="{src}">') < page.index("./static/js/index.js")
    assert src.startswith("/app/static/atlas-boot.js?v=")
    body = (tmp_path / "atlas-boot.js").read_text()
    assert 'BACKEND_BASE_URL=location.origin+"/"' in body and launch.SERVER_GONE in body
    assert page.count("<script>") == INDEX.count("<script>")  # no new inline script for the CSP to allow


def test_base_url_path_is_kept_and_json_quoted(tmp_path):
    assert 'location.origin+"/atlas/"' in launch.boot_script("/atlas/")
    hostile = launch.boot_script('a"b')
    assert hostile.count('a\\"b') == 2 and '"/a"b' not in hostile  # JSON-quoted where it is used
    assert launch.write_boot_script(tmp_path, "atlas").startswith("/atlas/app/static/atlas-boot.js?v=")


def test_a_changed_script_gets_a_new_address(tmp_path):
    assert launch.write_boot_script(tmp_path, "a") != launch.write_boot_script(tmp_path, "b")
    assert "/b/" in (tmp_path / "atlas-boot.js").read_text()


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    staticdir.first_writable.cache_clear()
    monkeypatch.delenv("ATLAS_STATIC_DIR", raising=False)
    yield
    staticdir.first_writable.cache_clear()


def _unwritable(tmp_path: Path) -> Path:
    """A folder that cannot be created: its parent is a regular file (a real OS error, not a mock)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    return blocker / "static"


def test_read_only_checkout_falls_back_to_the_cache(fresh, monkeypatch, tmp_path):
    monkeypatch.setattr(staticdir, "CHECKOUT_STATIC", _unwritable(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = staticdir.static_root()
    assert root == tmp_path / "cache" / "5g-vendor-atlas" / "static"
    assert (root / "vendor").is_dir() and list((root / "vendor").iterdir()) == []
    monkeypatch.delenv(staticdir.LAUNCHED_ENV, raising=False)
    assert not staticdir.served()  # plain `streamlit run` would not serve it: the app says so
    monkeypatch.setenv(staticdir.LAUNCHED_ENV, "1")
    assert staticdir.served()


def test_nothing_writable_is_one_clear_error(fresh, monkeypatch, tmp_path):
    blocked = _unwritable(tmp_path)
    monkeypatch.setattr(staticdir, "CHECKOUT_STATIC", blocked)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(staticdir.tempfile, "gettempdir", lambda: str(blocked))
    with pytest.raises(staticdir.NothingWritable, match="set ATLAS_STATIC_DIR to a writable folder"):
        staticdir.static_root()


def test_writable_checkout_is_used_as_before(fresh, monkeypatch, tmp_path):
    monkeypatch.setattr(staticdir, "CHECKOUT_STATIC", tmp_path / "static")
    assert staticdir.static_root() == tmp_path / "static"
    assert staticdir.served()


def test_base_url_path_cannot_close_the_script_or_the_tag(tmp_path):
    assert "</script><script>" not in launch.boot_script("x</script><script>alert(1)")
    page = launch.patched_index(INDEX, launch.write_boot_script(tmp_path, 'x"><script>alert(1)'))
    assert '"><script>alert(1)' not in page


def test_sessions_starting_together_agree_the_folder_is_writable(tmp_path):
    """The first sessions of a server probe the folder at the same time: none may judge it read-only
    because another thread removed its probe file (seen as 'the map cannot be served' under load)."""
    start = threading.Barrier(12)
    verdicts: list[bool] = []

    def probe() -> None:
        start.wait()
        verdicts.extend(staticdir._writable(tmp_path) for _ in range(40))

    threads = [threading.Thread(target=probe) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(verdicts) == 12 * 40 and all(verdicts)


def test_only_the_map_page_is_hidden_until_its_map_paints(tmp_path):
    """The hide rule is in the boot script (before Streamlit draws anything), for the base path only."""
    from ui.firstpaint import HIDE_UNTIL_PAINTED

    body = launch.boot_script("atlas")
    assert "first.replace(/\\/+$/,'')===\"/atlas\"" in body
    assert json.dumps(HIDE_UNTIL_PAINTED) in body
    assert "stAlert" in HIDE_UNTIL_PAINTED, "an error or a notice shows at once"
