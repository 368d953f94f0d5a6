"""parsed: catalogs parsed, and articles segmented, once per content, kept in the catalog index.

Parsing a PO file (the msgfmt syntax check, polib's reading, the duplicate check) is the
largest part of reading a catalog that has not changed. The index keeps, for every catalog
file, the digest of the bytes it last parsed and the entries it found; a command reads the
file (always: the bytes are the truth), and when their digest is the one kept, rebuilds the
catalog from the stored entries instead of parsing it. A file that changed in any way has
another digest and is parsed again, so a stored parse is never served for other bytes.
The stored form is plain JSON (never code), compressed; the objects made of it are the ones
polib's parse gives, field for field (tests/test_parsed.py).

With each parse it stores, the index keeps what export reads of the catalog
(`align.translations`: each segment entry's state, shown text and confidence), keyed by the
same digest and the code of diptych itself, so that export neither rebuilds the parsed
entries nor works out their states again.

Each article's segmentation is kept too, keyed by the digest of everything it depends on: the
article's text and format, the project's segmentation settings, and the code of diptych
itself (any change to it segments every article again). `translate` keeps the one it makes
(it segments every article it merges) and export reads it, so the first export after a
translation does not segment the articles again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import polib

from translate.align import Translations, translations
from translate.postore import OnDisk, parse_catalog, read_catalog
from translate.project import Project
from translate.read import Document
from translate.segment import Segment

# Where the catalog index lives (`memory.Index`), and its tables' version: bump it when
# the tables change (memory's or these); a database with another number is rebuilt.
CACHE_DIR = ".diptych"
DATABASE = "index.sqlite3"
SCHEMA_VERSION = 10

# Bump when the stored form changes: rows made by another revision (or another polib,
# whose parse is the reference) no longer match any digest and are parsed again.
REVISION = 1

# A catalog larger than this is parsed each time it is read, never kept parsed: storing and
# rebuilding a parse costs about half as much memory again as parsing (one long article's
# catalog, bench/memory.py), and the saving is for many small catalogs. Its reduction (what
# export reads) is kept all the same.
KEEP_PARSE_MAX_BYTES = 1 << 20

SCHEMA = """
CREATE TABLE parsed (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    entries BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE reduced (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    entries TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE segmented (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    segments TEXT NOT NULL
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


def packable(catalog: polib.POFile) -> bool:
    """Whether the catalog has exactly the fields polib's parse gives (else nothing of it
    is stored)."""
    if type(catalog) is not polib.POFile or set(vars(catalog)) != set(FILE_FIELDS):
        return False
    names = set(ENTRY_FIELDS)
    return all(type(e) is polib.POEntry and vars(e).keys() == names for e in catalog)


def pack(catalog: polib.POFile) -> bytes | None:
    """The catalog's fields as stored, or None when it has fields polib's parse does not
    give (then it is not stored)."""
    return _encode(catalog) if packable(catalog) else None


def _encode(catalog: polib.POFile) -> bytes:
    """The stored form of a `packable` catalog."""
    head = [getattr(catalog, name) for name in FILE_FIELDS]
    entries = []
    for entry in catalog:
        fields = vars(entry)
        row = [fields[name] for name in ENTRY_FIELDS]
        row[_PLURAL] = list(row[_PLURAL].items())
        entries.append(row)
    text = json.dumps([head, entries], ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def _kept_parsed(data: bytes) -> bool:
    """Whether a catalog of these bytes is kept parsed (`KEEP_PARSE_MAX_BYTES`)."""
    return len(data) <= KEEP_PARSE_MAX_BYTES


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


def reduce(found: Translations) -> str:
    """What aligning reads of a catalog (`align.translations`), as stored."""
    head = [found.model, found.revision_date, found.entries]
    return json.dumps(head, ensure_ascii=False, separators=(",", ":"))


def unreduce(text: str) -> Translations:
    """The `Translations` `reduce` stored (ValueError or TypeError if it is not one)."""
    model, revision_date, entries = json.loads(text)
    if not (isinstance(model, str) and isinstance(revision_date, str)) or type(entries) is not dict:
        raise TypeError("not a stored reduction")
    found = {msgid: tuple(entry) for msgid, entry in entries.items()}
    if any(len(entry) != 3 for entry in found.values()):
        raise TypeError("not a stored reduction")  # aligning unpacks three values each
    return Translations(found, model, revision_date)


class ParseCache:
    """Parsed catalogs in the index's `parsed` table (`db` None: none kept, every catalog
    parsed). `write` applies a change to the database and says whether it could."""

    def __init__(self, db: sqlite3.Connection | None, write: Write | None = None) -> None:
        self.db = db
        self._write = write or self._write_now
        self._writable = True

    def read(self, path: Path, name: str, keep: bool = True) -> OnDisk:
        """`postore.read_catalog(path)`, parsed only when the index has no parse of these
        bytes. `name` keys the file (its path inside `locales/`)."""
        return read_catalog(path, lambda data, path: self.parse(name, data, path, keep))

    def load(self, path: Path, name: str, keep: bool = True) -> polib.POFile | None:
        """`postore.load_catalog(path)`, through the index."""
        return self.read(path, name, keep).catalog

    def parse(self, name: str, data: bytes, path: Path, keep: bool = True) -> polib.POFile:
        """The catalog of `data` (the bytes of the file `name` at `path`); a parse made
        here is stored, with its reduction for export, unless `keep` is False (a command
        that reads each catalog once and for which storing would cost more than it saves:
        status). A parse not kept is made without the entries' `#:` places (what status
        reads of an entry needs none), so it is never one to keep."""
        if self.db is None:
            return parse_catalog(data, path, keep)

        def packed(catalog: polib.POFile) -> bytes | None:
            if not keep or not packable(catalog):
                return None
            stored = _encode(catalog) if _kept_parsed(data) else None
            self._store("reduced", name, _reduced_digest(data), reduce(translations(catalog)))
            return stored

        return self._kept(
            "parsed", name, digest_of(data), unpack, lambda: parse_catalog(data, path, keep), packed
        )

    def translations(self, path: Path, name: str) -> Translations | None:
        """`align.translations` of the catalog at `path` (None: no file), from the reduction
        kept for these bytes and this code when there is one: neither rebuilt as polib
        objects nor its states worked out again. The bytes are read and hashed every time."""
        return read_catalog(path, lambda data, path: self._translations(name, data, path)).catalog

    def _translations(self, name: str, data: bytes, path: Path) -> Translations:
        if self.db is None:
            return translations(parse_catalog(data, path))

        small = _kept_parsed(data)  # a large catalog: parsed without places, not kept

        def reduced() -> Translations:  # from the kept parse, else parsed (and kept) here
            catalog = self._kept(
                "parsed",
                name,
                digest_of(data),
                unpack,
                lambda: parse_catalog(data, path, small),
                pack if small else lambda catalog: None,
            )
            return translations(catalog)

        return self._kept("reduced", name, _reduced_digest(data), unreduce, reduced, reduce)

    def forget(self, name: str) -> Callable[[sqlite3.Connection], object]:
        """The change that drops the parse (and reduction) kept for `name` (a catalog that
        is gone)."""

        def change(db: sqlite3.Connection) -> None:
            for table in ("parsed", "reduced"):
                db.execute(f"DELETE FROM {table} WHERE path = ?", (name,))

        return change

    def _write_now(self, change: Callable[[sqlite3.Connection], object]) -> bool:
        """A change committed at once; a database that cannot be written is left alone for
        the rest of the process (it only costs time)."""
        if self.db is None or not self._writable:
            return False
        try:
            change(self.db)
            self.db.commit()
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.rollback()
            self._writable = False
            return False
        return True

    def segments(
        self, name: str, document: Document, settings: tuple, segment: Callable[[], list[Segment]]
    ) -> list[Segment]:
        """`segment()` (the segments of `document`, the article file `name`), or the ones
        kept for the same text, format, `settings` and code."""
        if self.db is None:
            return segment()

        def unpacked(text: str) -> list[Segment]:
            return [
                Segment(document.blocks[block].text[start:end], block, start, end, line, kind)
                for block, start, end, line, kind in json.loads(text)
            ]

        digest = _segmentation_digest(document.format, document.text, settings)
        return self._kept("segmented", name, digest, unpacked, segment, _pack_segments)

    def keep_segments(
        self, name: str, fmt: str, text: str, settings: tuple, segments: list[Segment]
    ) -> None:
        """Keep the segmentation `translate` made of the article file `name` (its `text` in
        format `fmt`), as `segments` would have kept it: export then reads it instead of
        segmenting the article again."""
        if self.db is not None:
            digest = _segmentation_digest(fmt, text, settings)
            self._store("segmented", name, digest, _pack_segments(segments))

    def _kept(self, table: str, name: str, digest: str, unpack, make, pack):
        """What `table` keeps for `name` if it was made from the same `digest` (decoded by
        `unpack`), else `make()`, stored (as `pack` encodes it, unless None) for next time."""
        try:
            row = self.db.execute(
                f"SELECT digest, {_KEPT[table]} FROM {table} WHERE path = ?", (name,)
            ).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == digest:
            try:
                return unpack(row[1])
            except (ValueError, TypeError, IndexError, zlib.error):
                pass  # a damaged row: made again and replaced
        made = make()  # a broken file raises: nothing stored
        packed = pack(made)
        if packed is not None:
            self._store(table, name, digest, packed)
        return made

    def _store(self, table: str, name: str, digest: str, packed: bytes | str) -> None:
        self._write(
            lambda db: db.execute(
                f"INSERT OR REPLACE INTO {table} (path, digest, {_KEPT[table]}) VALUES (?, ?, ?)",
                (name, digest, packed),
            )
        )


# The column each table of kept work holds it in, beside its path and digest.
_KEPT = {"parsed": "entries", "reduced": "entries", "segmented": "segments"}


def _reduced_digest(data: bytes) -> str:
    """What a stored reduction is valid for: these bytes parsed as `digest_of` says, reduced
    by this code (a change to how states are read makes every reduction again)."""
    return f"{digest_of(data)} {_code_digest()}"


def _segmentation_digest(fmt: str, text: str, settings: tuple) -> str:
    data = repr((_code_digest(), fmt, settings)).encode() + text.encode()
    return hashlib.sha256(data).hexdigest()


def _pack_segments(segments: list[Segment]) -> str:
    """A segmentation as kept: each segment's block, span, line and kind (its text is the
    block's, cut again when it is read)."""
    kept = [[s.block, s.start, s.end, s.line, s.kind] for s in segments]
    return json.dumps(kept, separators=(",", ":"))


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The digest of diptych's own code (every module of the package)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def project_cache(project: Project) -> ParseCache:
    """The project index's parsed catalogs and segmentations, for a process that does not
    otherwise use the index (an export worker): only a database of this version, never
    created or rebuilt here (the commands that use the index do that); none otherwise."""
    path = project.root / CACHE_DIR / DATABASE
    try:
        stat = path.stat()
    except OSError:
        return ParseCache(None)
    return _open(str(path), SCHEMA_VERSION, stat.st_ino, stat.st_dev)


def load(project: Project, path: Path) -> polib.POFile | None:
    """`postore.load_catalog(path)` through the project index's parsed catalogs."""
    return project_cache(project).load(path, catalog_key(project.locales_dir, path))


def load_translations(project: Project, path: Path) -> Translations | None:
    """`align.translations(load(project, path))`, through the reductions the index keeps."""
    return project_cache(project).translations(path, catalog_key(project.locales_dir, path))


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
        db = connect(path, timeout=2)
        if db.execute("PRAGMA user_version").fetchone()[0] != version:
            db.close()
            return ParseCache(None)
        db.execute("SELECT 1 FROM parsed LIMIT 1").fetchall()
    except sqlite3.Error:
        return ParseCache(None)
    return ParseCache(db)
