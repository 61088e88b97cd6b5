"""Writing an export: whole or not at all.

Every export goes to a temporary file beside the target and is renamed over it only once complete, so a
full disk, a read-only folder or Ctrl-C never leaves a truncated file under the name the user asked for.
Failures become `OutputError`, one line that names the file and the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


class OutputError(OSError):
    """The export could not be written; `str()` is a one-line message naming the file."""


def _reason(error: BaseException, folder: Path | None = None) -> str:
    """The OS's words for the failure; an encoder's broken pipe on a full disk still says the disk is full."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if folder is not None:
        with contextlib.suppress(OSError):
            if shutil.disk_usage(folder).free < 1 << 20:
                return "No space left on device"
    return " ".join(str(error).split())[:160] or error.__class__.__name__


def _is_special(target: Path) -> bool:
    """A device or pipe (`/dev/full`, `/dev/stdout`): written in place, since it cannot be renamed over."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path in the target's folder; renamed to `target` when the block ends without error,
    removed whatever else happens (an exception, KeyboardInterrupt)."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    if _is_special(target):
        yield target
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
        os.close(fd)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {_reason(error)}") from error
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write {target}: {_reason(error, target.parent)} (nothing written)") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(target: Path, data: bytes) -> None:
    """`data` under `target`, completely, or an `OutputError` and no file."""
    with atomic_path(target) as tmp:
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
        except OSError as error:
            raise OutputError(f"cannot write {target}: {_reason(error, target.parent)} (nothing written)") from error
