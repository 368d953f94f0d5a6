"""Bytes on disk to an article's text: only a regular file inside its size limit is read, and
its encoding is found (a BOM, UTF-8, `<meta charset>`, or the single-byte Western encoding
whose letters are the source language's), never guessed silently."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import ArticleError
from translate.frontmatter import DEFAULT_KEYS


@dataclass(frozen=True)
class Source:
    """An article's text, decoded, before any parsing: enough to tell whether it changed."""

    path: Path
    name: str
    text: str
    encoding: str
    warnings: tuple[str, ...]

    @property
    def digest(self) -> str:
        return text_digest(self.text)


def text_digest(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of `text` in UTF-8, encoded a piece at a time
    (a long article's text is not copied whole into bytes)."""
    digest = hashlib.sha256()
    for start in range(0, len(text), _CHUNK):
        digest.update(text[start : start + _CHUNK].encode("utf-8"))
    return digest.hexdigest()[:16]


def joined_digest(texts: Iterable[str], separator: str = "\n") -> str:
    """`text_digest(separator.join(texts))`, hashed a text at a time: never joined whole."""
    digest, between = hashlib.sha256(), b""
    for text in texts:
        digest.update(between + text.encode("utf-8"))
        between = separator.encode("utf-8")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Reading:
    """How a project's articles are read: the encoding its `diptych.toml` names (None:
    detected), the largest article accepted, and the source language (its letters judge
    single-byte encodings)."""

    encoding: str | None = None
    max_bytes: int = 50 * 1024 * 1024
    language: str = "fr"
    front_matter_keys: tuple[str, ...] = DEFAULT_KEYS  # a Markdown front matter's to translate


def read_source(path: Path, source_name: str | None = None, reading: Reading = Reading()) -> Source:
    """Read and decode an article; raise `ArticleError` for anything unusable. Only a
    regular file is read (a FIFO, a device or a socket is refused before a byte is read: it
    is opened without blocking and checked), and no more than `reading.max_bytes`."""
    name = source_name or path.as_posix()
    if path.suffix not in (".txt", ".md", ".html", ".htm"):
        raise ArticleError(name, "unsupported article type (expected .txt, .md or .html)")
    data = _read_regular(path, name, reading.max_bytes)
    text, encoding, warnings = decode(data, name, reading)
    del data
    if not text or text.isspace():  # not `strip()`: a long article is not copied for it
        raise ArticleError(name, "article is empty")
    return Source(path, name, text, encoding, tuple(warnings))


def _read_regular(path: Path, name: str, limit: int) -> bytes:
    try:
        with _open_regular(path, name, limit) as handle:
            data = _read_up_to(handle, os.fstat(handle.fileno()), limit)
    except FileNotFoundError:
        raise ArticleError(name, "no such file") from None
    except OSError as exc:
        raise ArticleError(name, exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise ArticleError(name, _too_large(limit))
    return data


def _too_large(limit: int) -> str:
    return (
        f"is larger than the {limit / 1024 / 1024:.4g} MB an article may have"
        " (max_article_mb in diptych.toml)"
    )


def _read_up_to(handle, info: os.stat_result, limit: int) -> bytes:
    """The file's bytes, at most `limit` + 1 (one more tells it is too large): read at its
    size, so no buffer of the limit's size is allocated for a small article."""
    data = handle.read(min(info.st_size, limit) + 1)
    if len(data) > info.st_size:  # it grew meanwhile: the rest, up to the limit
        data += handle.read(limit + 1 - len(data))
    return data


# Bytes read at a time when an article is only digested (`streamed_digest`).
_CHUNK = 1 << 18


def streamed_digest(
    path: Path, source_name: str | None = None, reading: Reading = Reading()
) -> str | None:
    """The digest `read_source(...).digest` gives, for an article in plain UTF-8 (no BOM, no
    encoding set), read a chunk at a time so that its text is never held whole (status and
    review only need to know whether it changed). None for any other article, and for one
    `read_source` would refuse: read it whole, then, to decode it or to say why not."""
    name = source_name or path.as_posix()
    if reading.encoding is not None or path.suffix not in (".txt", ".md", ".html", ".htm"):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    digest = hashlib.sha256()
    size = chars = controls = 0
    blank, carry = True, b""
    try:
        with _open_regular(path, name, reading.max_bytes) as handle:
            while chunk := handle.read(_CHUNK):
                if not size and (chunk.startswith(_MARKS) or b"\x00" in chunk[:8192]):
                    return None
                size += len(chunk)
                if size > reading.max_bytes:
                    return None
                text = decoder.decode(chunk)
                chars += len(text)
                controls += len(_CONTROL.findall(text))
                blank = blank and (not text or text.isspace())
                chunk = carry + chunk  # a CR at a chunk's end may begin a CRLF
                carry = b"\r" if chunk.endswith(b"\r") else b""
                chunk = chunk[: len(chunk) - len(carry)]
                digest.update(chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
            decoder.decode(b"", final=True)
    except (UnicodeDecodeError, ArticleError, OSError):
        return None
    if blank or (chars and controls / chars > 0.01):
        return None
    digest.update(carry and b"\n")
    return digest.hexdigest()[:16]


def _open_regular(path: Path, name: str, limit: int):
    """The article opened for reading, if it is a regular file no larger than `limit`."""
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise ArticleError(name, kind)
    handle = open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb")  # noqa: SIM115
    info = os.fstat(handle.fileno())
    kind = file_kind(info.st_mode) or (_too_large(limit) if info.st_size > limit else None)
    if kind is not None:
        handle.close()
        raise ArticleError(name, kind)
    return handle


_SPECIAL = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket"}
_SPECIAL |= {stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


def file_kind(mode: int) -> str | None:
    """Why a file of this `st_mode` cannot be an article, or None for a regular file."""
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFREG:
        return None
    if kind == stat.S_IFDIR:
        return "is a directory, not an article"
    special = _SPECIAL.get(kind, "a special file")
    return f"is {special}, not a regular file; articles are regular files"


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MARKS = tuple(mark for mark, _ in _BOMS)


def decode(
    data: bytes, name: str = "article", reading: Reading = Reading()
) -> tuple[str, str, list[str]]:
    """Bytes -> (text with LF newlines, encoding, warnings).

    The encoding set in `diptych.toml`, else a BOM, else UTF-8, else a `<meta charset>`,
    else the single-byte encoding of Western Europe (Windows-1252, Latin-1, Latin-9) whose
    reading gives the source language's letters; when none does, an error asks for the
    encoding rather than guessing (a wrong guess would put mojibake in every catalog)."""
    warnings: list[str] = []
    if reading.encoding is not None:
        text, encoding = _decode_as(data, reading.encoding, name, "the encoding in diptych.toml")
    elif bom := next((codec for mark, codec in _BOMS if data.startswith(mark)), None):
        text, encoding = _decode_as(data, bom, name, "its byte order mark")
        if not encoding.startswith("utf-8"):
            warnings.append(f"{name}: not UTF-8; decoded as {encoding} (its byte order mark)")
    else:
        if b"\x00" in data[:8192]:
            raise ArticleError(name, "looks like a binary file, not a text article")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding, why = _detect(data, name, reading.language)
            warnings.append(f"{name}: not UTF-8; decoded as {encoding} ({why})")
    if _control_ratio(text) > 0.01:
        raise ArticleError(name, "contains control characters; not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, warnings


def _decode_as(data: bytes, codec: str, name: str, why: str) -> tuple[str, str]:
    encoding = codecs.lookup(codec).name
    try:
        return data.decode("utf-16" if encoding.startswith("utf-16") else encoding), encoding
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(
            name, f"line {line}: not {encoding} text, although {why} says it is"
        ) from None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I
)
# Windows-1252 (a superset of Latin-1's printable characters) and Latin-9 (€, œ, Œ, Ÿ, Š,
# Ž where Latin-1 has ¤ ½ ¼ ¾ ¦ ´): what Western European text not saved as UTF-8 is in.
_WESTERN = ("cp1252", "iso8859-15")
# Characters every Western language's text may hold besides its letters.
_PUNCTUATION = frozenset("\u00a0«»“”‘’–—…€°§·×²³¹ºª©®™•¿¡")
# At least this share of the non-ASCII characters must be the language's letters or
# common punctuation for a single-byte reading to be trusted.
_TRUSTED = 0.9


def _detect(data: bytes, name: str, language: str) -> tuple[str, str, str]:
    """(text, encoding, why) of an article that is not UTF-8."""
    found = _META_CHARSET.search(data[:8192])
    if found:
        try:
            encoding = codecs.lookup(found.group(1).decode("ascii")).name
            return data.decode(encoding), encoding, "its <meta charset>"
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: judged like any other file
    from translate.languages import profile

    wanted = profile(language)
    if not wanted.letters:
        return _detect_any(data, name)
    expected = set(wanted.letters) | set(wanted.letters.upper()) | _PUNCTUATION
    expected |= {mark for pair in wanted.quotes for mark in pair}
    judged = []
    for codec in _WESTERN:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        beyond = [ch for ch in text if ord(ch) > 127]
        share = sum(ch in expected for ch in beyond) / len(beyond)
        judged.append((share, -len(judged), codec, text, beyond))
    if judged:
        share, _, codec, text, beyond = max(judged)
        if share >= _TRUSTED:
            encoding = codecs.lookup(codec).name
            return text, encoding, f"the {wanted.name} letters it gives"
        odd = "".join(dict.fromkeys(ch for ch in beyond if ch not in expected))[:8]
        reason = f"read as {codec} it has letters foreign to {wanted.name} ({odd})"
    else:
        reason = "not Windows-1252 or Latin-9 either"
    raise ArticleError(
        name,
        f"cannot tell its encoding: not UTF-8, and {reason}; save it as UTF-8 or name "
        'its encoding in diptych.toml (encoding = "cp1252")',
    )


def _detect_any(data: bytes, name: str) -> tuple[str, str, str]:
    """A language without a letter table: the most plausible of every encoding."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(
            name,
            "cannot tell its encoding; save it as UTF-8 or name its encoding in "
            'diptych.toml (encoding = "...")',
        )
    return str(best), best.encoding, "detected"
