"""The map's files on a full disk (a 64 KB tmpfs): one message on the app's screen, no truncated file left.

Needs permission to mount a tmpfs (root in the CI container); skipped where that is not allowed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import loaders, staticdir
from ui.assets import ensure_vendor_assets

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def full_disk(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_copy_to_a_full_disk_raises_and_leaves_no_partial_file(full_disk):
    with pytest.raises(OSError, match="No space left"):
        ensure_vendor_assets(full_disk / "vendor")
    assert [p.name for p in (full_disk / "vendor" / "leaflet").iterdir()] == []


def test_app_shows_one_message_for_a_full_disk(full_disk, monkeypatch):
    monkeypatch.setenv("ATLAS_STATIC_DIR", str(full_disk / "static"))
    monkeypatch.setenv(staticdir.LAUNCHED_ENV, "1")
    caches = (staticdir.first_writable, loaders.shapes_ready, loaders.timeline_url)
    for cache in caches:
        cache.clear() if hasattr(cache, "clear") else cache.cache_clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    finally:
        for cache in caches:
            cache.clear() if hasattr(cache, "clear") else cache.cache_clear()
    assert not at.exception
    assert at.error[0].value == "The map cannot be served from this checkout."
    assert at.code[0].value.startswith("The map's files could not be written: [Errno 28] No space left on device")
