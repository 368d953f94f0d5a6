"""The one exception hierarchy of diptych; the CLI maps it to one-line errors and exit codes."""

from __future__ import annotations

from pathlib import Path


def display(path: Path | str) -> str:
    """A path or name as one printable line: bytes that are not UTF-8 and control characters
    (a newline in a file name) are shown as escapes, so an error stays one line and can be
    printed on any terminal."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class DiptychError(Exception):
    """Base of every error diptych reports to a person."""

    exit_code = 2


class ConfigError(DiptychError):
    """`diptych.toml` or the project layout is unusable."""


class ArticleError(DiptychError):
    """An article cannot be read: missing, empty, binary, undecodable, not a file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{display(path)}: {reason}")

    def __reduce__(self):  # survives a trip through a worker process
        return (type(self), (self.path, self.reason))


class CatalogError(DiptychError):
    """A PO file cannot be parsed; it is reported with its line and left untouched."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        return (type(self), (self.path, self.reason, self.line))


class EngineError(DiptychError):
    """Machine translation cannot run (no model for the pair, broken package, ...)."""


class ModelError(DiptychError):
    """A model package cannot be installed or listed."""


class ExportError(DiptychError):
    """An export cannot be written as asked: unknown layout or format, unsafe file name."""


class CacheError(DiptychError):
    """The catalog index in `.diptych/` broke while a command used it (it is only a cache)."""


class LockError(DiptychError):
    """Another diptych command is writing to the same project."""
