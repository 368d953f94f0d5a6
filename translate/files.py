"""Atomic file replacement: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
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


def write_atomic(
    path: Path,
    text: str | bytes | Iterable[str | bytes],
    expected: bytes | None | object = _ANY,
    durable: bool = True,
) -> bool:
    """Replace `path` with `text` atomically; return False (and touch nothing) if unchanged.

    The new content is written to a temporary file in the same folder, synced, then renamed
    over the file. A symbolic link is kept: the file it points to is the one replaced, by a
    temporary file in that file's own folder. With `expected` (the bytes the new content was
    computed from, None for no file), the file is checked once more just before the rename,
    after the new content is on disk, and `ChangedMeanwhile` is raised instead of replacing
    it if someone saved it meanwhile: the window in which a concurrent save can be
    overwritten shrinks to a rename. Temporary files a killed run left in that folder are
    removed first (`remove_stale_temporaries`).

    `durable=False` skips the sync for outputs that a command regenerates (`build/`,
    `reviews/`): the rename still makes the replacement atomic, but after a power cut such a
    file may be empty until the command runs again. Catalogs, which hold people's work,
    keep the default.

    `text` may also be an iterable of chunks (str or bytes), written as they come, so that
    a page far larger than its article is never held whole: the file is compared with them
    on the way (read as far as they reach), and the temporary file removed if they match.
    """
    try:
        info = os.lstat(path)  # none there: nothing to compare with, no mode to keep
    except FileNotFoundError:
        info = None
    if isinstance(text, (str, bytes)):
        data = text.encode("utf-8") if isinstance(text, str) else text
        if info is not None and current_bytes(path) == data:
            return False
        chunks: Iterable[str | bytes] = (data,)
    else:
        chunks = text
    linked = info is not None and stat.S_ISLNK(info.st_mode)
    target = Path(os.path.realpath(path)) if linked else path
    remove_stale_temporaries(target.parent)
    fd, tmp = _temporary(target)
    try:
        there = info is not None and (linked or stat.S_ISREG(info.st_mode))
        compared = path if chunks is text and there else None
        same = _write_chunks(fd, chunks, compared)
        if durable and not same:
            os.fsync(fd)
        if not same:
            os.fchmod(fd, _mode(target, info, linked))
        os.close(fd)
        fd = -1
        if same:
            os.unlink(tmp)
            return False
        if expected is not _ANY and current_bytes(path) != expected:
            raise ChangedMeanwhile(path)
        os.replace(tmp, target)
    except BaseException as exc:
        if fd >= 0:
            os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a full disk: name the file
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    return True


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside `target` (its folder made when there is none)."""
    prefix, folder = f".{target.name}.", target.parent
    try:
        return tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=folder)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=folder)


def _mode(target: Path, info: os.stat_result | None, linked: bool) -> int:
    """The permissions the new file gets: those of the file it replaces (`info`, or for a
    link those of the file it points to), or 0o644 for a new one."""
    if info is None:
        return 0o644
    if linked:
        try:
            info = target.stat()
        except OSError:
            return 0o644
    return info.st_mode & 0o777


def _write_chunks(fd: int, chunks: Iterable[str | bytes], old: Path | None) -> bool:
    """Write the chunks to the file `fd`; whether they are the bytes of the file at `old`
    (None: not compared)."""
    try:
        current = os.open(old, os.O_RDONLY | _CLOEXEC) if old is not None else -1
    except OSError:
        current = -1
    try:
        same = current >= 0
        for chunk in chunks:
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            _write_all(fd, data)
            same = same and _read(current, len(data)) == data
        return same and _read(current, 1) == b""
    finally:
        if current >= 0:
            os.close(current)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, size: int) -> bytes | None:
    """Up to `size` bytes of the file `fd` from where it stands (fewer at its end only);
    None when it cannot be read (then it is not the same)."""
    try:
        data = os.read(fd, size)
        while 0 < len(data) < size:
            more = os.read(fd, size - len(data))
            if not more:
                break
            data += more
    except OSError:
        return None
    return data


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


# `write_atomic`'s temporary files: `.<name>.<8 characters from tempfile>.tmp`.
_TEMP_SUFFIX = ".tmp"
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
# A temporary file older than this process was left by a run that was killed while it
# wrote (commands that write to a project hold its lock, so none is writing it now).
_STARTED = time.time()
_swept: set[str] = set()
_swept_names: set[str] = set()  # the folders as given, so that each is resolved once


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed run left in `folder` (once per folder and
    process): only regular files named as `write_atomic` names them, older than this
    process. Returns those removed."""
    name = os.fspath(folder)
    if name in _swept_names:
        return []
    _swept_names.add(name)
    key = os.path.realpath(name)
    if key in _swept:
        return []
    _swept.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMPORARY.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < _STARTED:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


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
