"""Atomic file replacement: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class ChangedMeanwhile(Exception):
    """The file no longer holds the bytes the caller based its new content on."""


_ANY = object()


def current_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_atomic(path: Path, text: str | bytes, expected: bytes | None | object = _ANY) -> bool:
    """Replace `path` with `text` atomically; return False (and touch nothing) if unchanged.

    With `expected` (the bytes the new content was computed from, None for no file), the
    file is checked once more just before the replacement, after the new content is on disk,
    and `ChangedMeanwhile` is raised instead of replacing it if someone saved it meanwhile:
    the window in which a concurrent save can be overwritten shrinks to a rename.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if current_bytes(path) == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if expected is not _ANY and current_bytes(path) != expected:
            raise ChangedMeanwhile(path)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a full disk: name the file
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    return True


LOCK_NAME = ".diptych.lock"


class ProjectLock:
    """An exclusive lock on a file at the project root, so two commands never interleave
    writes. It is an OS-level lock (`flock`, through `filelock`): it dies with the process
    that holds it, so a crashed run never blocks the next one, whatever pid it had. The lock
    file holds the holder's pid, only to name it in the message.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_NAME
        self._lock = None

    def __enter__(self) -> ProjectLock:
        from filelock import FileLock, Timeout

        from translate.errors import LockError

        holder = _lock_holder(self.path)
        lock = FileLock(self.path, timeout=0, thread_local=False, is_singleton=False)
        try:
            lock.acquire()
        except Timeout:
            who = f" (pid {holder})" if holder else ""
            raise LockError(
                f"{self.path}: another diptych command{who} is writing to this project; "
                "wait for it to finish"
            ) from None
        except OSError as exc:
            raise LockError(f"{self.path}: cannot take the project lock ({exc})") from None
        self._lock = lock
        try:
            with open(self.path, "r+", encoding="ascii") as handle:
                handle.write(str(os.getpid()))
                handle.truncate()
        except OSError:
            pass  # the pid is only for the message
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._lock is None:
            return
        # removed while still held: a contender that opened it meanwhile sees an unlinked
        # file once it gets the flock, and starts over (filelock checks the inode)
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._lock.release()
        self._lock = None


def _lock_holder(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip() or "0") or None
    except (OSError, ValueError):
        return None
