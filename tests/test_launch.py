"""The launcher's index-page script and the choice of static folder (read-only checkouts)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ui import launch, staticdir

INDEX = (
    "<!doctype html><html><head><title>x</title><script>window.prerenderReady = false</script>"
    '<script type="module" src="./static/js/index.js"></script></head><body></body></html>'
)


def test_script_goes_before_the_bundle_and_names_the_server():
    page = launch.patched_index(INDEX)
    assert page.index("__streamlit") < page.index("./static/js/index.js")
    assert 'BACKEND_BASE_URL=location.origin+"/"' in page
    assert launch.SERVER_GONE in page


def test_base_url_path_is_kept_and_json_quoted():
    assert 'location.origin+"/atlas/"' in launch.head_script("/atlas/")
    assert launch.head_script('a"b').count('a\\"b') == 1


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


def test_base_url_path_cannot_close_the_script():
    assert "</script><script>" not in launch.head_script("x</script><script>alert(1)")


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
