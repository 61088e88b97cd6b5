"""Where the app's static files live: the checkout's `static/` when writable, else a cache folder.

The map's files (Leaflet, the shapes, the timeline JSON) are written at start. A read-only checkout (a
container image, a mounted volume) cannot take them, so they go to `$ATLAS_STATIC_DIR`, or
`$XDG_CACHE_HOME/5g-vendor-atlas/static`, or a folder in the system's temp dir, whichever is writable
first; `ui.launch` serves that folder at `/app/static/`. Light on purpose: the launcher imports it
before Streamlit starts.
"""

from __future__ import annotations

import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT_STATIC = ROOT / "static"
LAUNCHED_ENV = "ATLAS_LAUNCHED"


class NothingWritable(OSError):
    """No candidate folder for the static files can be written."""


def candidates() -> list[Path]:
    """The folders tried, in order."""
    own = os.environ.get("ATLAS_STATIC_DIR")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    found = [Path(own)] if own else []
    return [
        *found,
        CHECKOUT_STATIC,
        cache_home / "5g-vendor-atlas" / "static",
        Path(tempfile.gettempdir()) / f"5g-vendor-atlas-{uid}" / "static",
    ]


def _writable(folder: Path) -> bool:
    """True when `folder/vendor` can be created and written (tried for real: `os.access` lies on read-only mounts)."""
    try:
        target = folder / "vendor"
        target.mkdir(parents=True, exist_ok=True)
        # One name per thread: the first sessions of a server run this at the same time, and a shared
        # name let one thread delete another's probe, so a writable checkout was judged read-only.
        probe = target / f".write-test-{os.getpid()}-{threading.get_ident()}"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError:
        return False


_CHOOSING = threading.Lock()


def static_root() -> Path:
    """The first writable candidate (memoised: the server and the app agree for the process's life).

    Chosen under a lock, once: sessions that start together must not each probe and disagree."""
    with _CHOOSING:
        return first_writable()


@lru_cache(maxsize=1)
def first_writable() -> Path:
    for folder in candidates():
        if _writable(folder):
            return folder
    tried = ", ".join(str(c) for c in candidates())
    raise NothingWritable(
        f"no writable folder for the map's files (tried {tried}); set ATLAS_STATIC_DIR to a writable folder"
    )


def served() -> bool:
    """Whether Streamlit serves `static_root()` at /app/static/: always for the checkout's own folder,
    for any other only when the app was started through `ui.launch`."""
    return static_root() == CHECKOUT_STATIC or os.environ.get(LAUNCHED_ENV) == "1"
