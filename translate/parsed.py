"""parsed: catalogs parsed once per content, kept in the catalog index.

Parsing a PO file (the msgfmt syntax check, polib's reading, the duplicate check) is the
largest part of reading a catalog that has not changed. The index keeps, for every catalog
file, the digest of the bytes it last parsed and the entries it found; a command reads the
file (always: the bytes are the truth), and when their digest is the one kept, rebuilds the
catalog from the stored entries instead of parsing it. A file that changed in any way has
another digest and is parsed again, so a stored parse is never served for other bytes.
The stored form is plain JSON (never code), compressed; the objects made of it are the ones
polib's parse gives, field for field (tests/test_parsed.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import polib

from translate.postore import OnDisk, parse_catalog, read_catalog

# Bump when the stored form changes: rows made by another revision (or another polib,
# whose parse is the reference) no longer match any digest and are parsed again.
REVISION = 1

SCHEMA = """
CREATE TABLE parsed (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    entries BLOB NOT NULL
) WITHOUT ROWID;
"""

# The attributes polib gives a parsed catalog and its entries: a catalog with any other is
# not stored (it is parsed every time instead).
FILE_FIELDS = (
    "fpath",
    "wrapwidth",
    "encoding",
    "check_for_duplicates",
    "header",
    "metadata",
    "metadata_is_fuzzy",
)
ENTRY_FIELDS = (
    "msgid",
    "msgstr",
    "msgid_plural",
    "msgstr_plural",
    "msgctxt",
    "obsolete",
    "encoding",
    "comment",
    "tcomment",
    "occurrences",
    "flags",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "linenum",
)
_PLURAL = ENTRY_FIELDS.index("msgstr_plural")
_OCCURRENCES = ENTRY_FIELDS.index("occurrences")

Write = Callable[[Callable[[sqlite3.Connection], object]], bool]


def catalog_key(locales: Path, path: Path) -> str:
    """What names a catalog file in the table: its path inside `locales/` (`en/a.po`)."""
    try:
        return path.relative_to(locales).as_posix()
    except ValueError:
        return path.as_posix()


def digest_of(data: bytes) -> str:
    """What a stored parse is valid for: these bytes, this stored form, this polib."""
    return f"{REVISION} {polib.__version__} {hashlib.sha256(data).hexdigest()}"


def pack(catalog: polib.POFile) -> bytes | None:
    """The catalog's fields as stored, or None when it has fields polib's parse does not
    give (then it is not stored)."""
    if type(catalog) is not polib.POFile or set(vars(catalog)) != set(FILE_FIELDS):
        return None
    head = [getattr(catalog, name) for name in FILE_FIELDS]
    entries = []
    for entry in catalog:
        fields = vars(entry)
        if type(entry) is not polib.POEntry or len(fields) != len(ENTRY_FIELDS):
            return None
        try:
            row = [fields[name] for name in ENTRY_FIELDS]
        except KeyError:
            return None
        row[_PLURAL] = list(row[_PLURAL].items())
        entries.append(row)
    text = json.dumps([head, entries], ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(data: bytes) -> polib.POFile:
    """The catalog `pack` stored (ValueError, zlib.error or TypeError if it is not one)."""
    head, rows = json.loads(zlib.decompress(data))
    catalog = polib.POFile.__new__(polib.POFile)
    catalog.__dict__.update(zip(FILE_FIELDS, head, strict=True))
    new = polib.POEntry.__new__
    entries = []
    for row in rows:
        row[_PLURAL] = dict(row[_PLURAL])
        row[_OCCURRENCES] = [tuple(o) for o in row[_OCCURRENCES]]
        entry = new(polib.POEntry)
        entry.__dict__.update(zip(ENTRY_FIELDS, row, strict=True))
        entries.append(entry)
    list.extend(catalog, entries)
    return catalog


class ParseCache:
    """Parsed catalogs in the index's `parsed` table (`db` None: none kept, every catalog
    parsed). `write` applies a change to the database and says whether it could."""

    def __init__(self, db: sqlite3.Connection | None, write: Write | None = None) -> None:
        self.db = db
        self._write = write or self._write_now

    def read(self, path: Path, name: str) -> OnDisk:
        """`postore.read_catalog(path)`, parsed only when the index has no parse of these
        bytes. `name` keys the file (its path from the project root)."""
        return read_catalog(path, lambda data, path: self.parse(name, data, path))

    def load(self, path: Path, name: str) -> polib.POFile | None:
        """`postore.load_catalog(path)`, through the index."""
        return self.read(path, name).catalog

    def parse(self, name: str, data: bytes, path: Path) -> polib.POFile:
        """The catalog of `data` (the bytes of the file `name` at `path`)."""
        if self.db is None:
            return parse_catalog(data, path)
        digest = digest_of(data)
        try:
            row = self.db.execute(
                "SELECT digest, entries FROM parsed WHERE path = ?", (name,)
            ).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == digest:
            try:
                return unpack(row[1])
            except (ValueError, TypeError, zlib.error):
                pass  # a damaged row: parsed again and replaced
        catalog = parse_catalog(data, path)  # a broken file raises: nothing stored
        packed = pack(catalog)
        if packed is not None:
            self._write(
                lambda db: db.execute(
                    "INSERT OR REPLACE INTO parsed (path, digest, entries) VALUES (?, ?, ?)",
                    (name, digest, packed),
                )
            )
        return catalog

    def forget(self, name: str) -> Callable[[sqlite3.Connection], object]:
        """The change that drops the parse kept for `name` (a catalog that is gone)."""
        return lambda db: db.execute("DELETE FROM parsed WHERE path = ?", (name,))

    def _write_now(self, change: Callable[[sqlite3.Connection], object]) -> bool:
        """A change committed at once; a database that cannot be written is left alone for
        the rest of the process (it only costs time)."""
        if self.db is None:
            return False
        try:
            change(self.db)
            self.db.commit()
        except sqlite3.Error:
            self.db = None
            return False
        return True


def open_cache(path: Path, version: int) -> ParseCache:
    """The parsed catalogs of the index at `path`, for a process that does not otherwise use
    the index (an export worker): only a database of this `version`, never created or
    rebuilt here (the commands that use the index do that); none otherwise."""
    try:
        stat = path.stat()
    except OSError:
        return ParseCache(None)
    return _open(str(path), version, stat.st_ino, stat.st_dev)


def connect(path: Path | str, timeout: float = 30) -> sqlite3.Connection:
    """A connection to the index database, as every command opens it."""
    db = sqlite3.connect(path, timeout=timeout)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


@lru_cache(maxsize=1)
def _open(path: str, version: int, inode: int, device: int) -> ParseCache:
    """One connection per process and database file (a rebuilt index is another file)."""
    try:
        db = connect(path, timeout=5)
        if db.execute("PRAGMA user_version").fetchone()[0] != version:
            db.close()
            return ParseCache(None)
        db.execute("SELECT 1 FROM parsed LIMIT 1").fetchall()
    except sqlite3.Error:
        return ParseCache(None)
    return ParseCache(db)
