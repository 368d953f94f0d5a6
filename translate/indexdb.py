"""The catalog index's database file (`memory` is what it holds and how it is used): its
tables, and its opening, which checks that the file is one this version of diptych can use
as it is and otherwise rebuilds it, with one warning (it is only a cache of the catalogs);
and how rows are written into those tables (a catalog's segments written back as a diff,
each keyed for the reuse index).
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from translate import __version__, parsed
from translate.parsed import SCHEMA_VERSION
from translate.project import Project
from translate.states import STATES
from translate.summary import Segment

# The tables every command reads whole, checked page by page at every opening; the others
# (segments and the kept parses: most of the file) only when the database was not closed
# cleanly, or a command found it failing (`suspect`).
CHECKED_TABLES = ("sqlite_master", "meta", "catalogs", "sources")
# Beside the database: a command found it failing; the next one checks it whole.
SUSPECT = "-suspect"

# A segment's msgid_key is a 64-bit digest of its msgid (`msgid_key`): the reuse
# index holds it, not the msgid, so that it stays a fraction of the table's size and a
# catalog's changed rows are written back without rewriting long keys (lookups compare the
# msgid too: two msgids with one key are told apart).
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE catalogs (
    target TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    source_hash TEXT NOT NULL,
    {", ".join(f"{state} INTEGER NOT NULL" for state in STATES)},
    qa_errors INTEGER NOT NULL,
    qa_warnings INTEGER NOT NULL,
    term_errors INTEGER NOT NULL,
    confidences TEXT NOT NULL,
    msgids TEXT NOT NULL,
    written TEXT,
    checked_as TEXT NOT NULL,
    PRIMARY KEY (target, name)
) WITHOUT ROWID;
CREATE TABLE segments (
    target TEXT NOT NULL,
    catalog TEXT NOT NULL,
    msgid TEXT NOT NULL,
    msgid_key INTEGER NOT NULL,
    msgstr TEXT NOT NULL,
    state TEXT NOT NULL,
    terms TEXT NOT NULL,
    findings TEXT
);
CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    digest TEXT NOT NULL,
    seen_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX translated_by_msgid ON segments (target, msgid_key, state, catalog)
    WHERE msgstr != '';
CREATE INDEX segments_by_catalog ON segments (target, catalog);
{parsed.SCHEMA}"""


def open_index(path: Path, warnings: list[str], project: Project) -> sqlite3.Connection:
    """The database at `path`; created when there is none, rebuilt (with one warning) when
    the one there cannot be used as it is. Without a writable folder, an in-memory one
    serves."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        _remove(folder)
        problem = f"cannot be kept in {project.relative(folder)}, which is not a folder"
        warnings.append(_rebuilding(project.relative(path), problem))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return _create(_memory())
    db = None
    try:
        if path.exists() and not path.is_file():
            problem = "is not a file"
        else:
            full = not _closed_cleanly(path)  # sampled before this connection makes a WAL
            db = parsed.connect(path)
            problem = _unusable(db, path, full)
            if problem is None:
                return db
            if not problem:  # a new, empty database
                return _create(db)
    except sqlite3.DatabaseError:
        problem = "is damaged"
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()
    warnings.append(_rebuilding(project.relative(path), problem))
    for leftover in (path, *(_beside(path, end) for end in ("-wal", "-shm", SUSPECT))):
        _remove(leftover)
    try:
        return _create(parsed.connect(path))
    except sqlite3.Error:
        return _create(_memory())


def _rebuilding(name: str, problem: str) -> str:
    return (
        f"{name} {problem}; rebuilding it from the catalogs (it is only a cache: nothing is lost)"
    )


def _unusable(db: sqlite3.Connection, path: Path, full: bool) -> str | None:
    """Why the database cannot be used as it is: None when it can, "" when it is new and
    empty. Its version stamps, then every table, column and index (their SQL exactly as this
    version creates them), then its pages: all of them (`PRAGMA quick_check`) when it was
    not closed cleanly or a command found it failing, else those of the tables every command
    reads whole (a file cut short fails as SQLite opens it: its header counts its pages)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    schema = _schema(db)
    if version == 0 and not schema:
        return ""
    if version != SCHEMA_VERSION:
        return "was made by another diptych version"
    if schema != _expected_schema():
        return "does not have the tables this diptych version uses"
    made_by = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    if made_by is None or made_by["value"] != __version__:
        return "was made by another diptych version"
    checks = ["quick_check"] if full else [f"quick_check({table})" for table in CHECKED_TABLES]
    for check in checks:
        if [row[0] for row in db.execute(f"PRAGMA {check}")] != ["ok"]:
            return "is damaged"
    _remove(_beside(path, SUSPECT))  # checked whole: no longer suspect
    return None


def suspect(path: Path) -> None:
    """Remember that the database at `path` failed while a command used it (a damaged page
    in a table the check at opening leaves out): the next command checks it whole, and
    rebuilds it."""
    with contextlib.suppress(OSError):
        _beside(path, SUSPECT).touch()


def _closed_cleanly(path: Path) -> bool:
    """Whether the last connection closed (its WAL checkpointed into the file and removed,
    or left empty) and no command found the database failing since. A command that stopped
    midway, or one still writing, leaves WAL frames."""
    try:
        if _beside(path, "-wal").stat().st_size > 0:
            return False
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return not _beside(path, SUSPECT).exists()


def _beside(path: Path, end: str) -> Path:
    return path.with_name(path.name + end)


def _schema(db: sqlite3.Connection) -> set[tuple]:
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {tuple(row) for row in rows}


@lru_cache(maxsize=1)
def _expected_schema() -> frozenset[tuple]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_SCHEMA)
        return frozenset(_schema(db))
    finally:
        db.close()


def _remove(path: Path) -> None:
    """Delete a file or folder of the cache; what cannot be deleted is left (the new database
    then fails to open, and an in-memory one serves)."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _memory() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    return db


def _create(db: sqlite3.Connection) -> sqlite3.Connection:
    db.executescript(_SCHEMA)
    db.execute("INSERT INTO meta VALUES ('version', ?)", (__version__,))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.commit()
    return db


# ---------------------------------------------------------------- rows of the tables


def store_segments(
    db: sqlite3.Connection, target: str, name: str, segments: Sequence[Segment]
) -> None:
    """Make the index's segments of catalog `name` these: a segment whose row is already
    there as it is now is left alone, one that changed is updated in place, and only new
    or gone ones are inserted or deleted (a msgid is a catalog's segment once: duplicates
    are refused when it is read)."""
    held: dict[str, tuple] = {}
    gone = []  # a second row of a msgid (never written so; deleted all the same)
    rows = db.cursor()
    rows.row_factory = None  # plain tuples: a cold status compares hundreds of thousands
    rows.execute(
        "SELECT msgid, msgstr, state, terms, findings, rowid FROM segments "
        "WHERE target = ? AND catalog = ?",
        (target, name),
    )
    for row in rows:
        if row[0] in held:
            gone.append((row[5],))
        else:
            held[row[0]] = row
    new, changed = [], []
    for segment in segments:
        row = held.pop(segment[0], None)
        if row is None:
            new.append((target, name, *segment, msgid_key(segment[0])))
        elif row[:5] != segment:
            changed.append((*segment[1:], row[5]))
    gone += [(row[5],) for row in held.values()]
    for sql, rows_of in (
        (
            "UPDATE segments SET msgstr = ?, state = ?, terms = ?, findings = ? WHERE rowid = ?",
            changed,
        ),
        (
            "INSERT INTO segments (target, catalog, msgid, msgstr, state, terms, findings, "
            "msgid_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            new,
        ),
        ("DELETE FROM segments WHERE rowid = ?", gone),
    ):
        if rows_of:
            db.executemany(sql, rows_of)


def msgid_key(msgid: str) -> int:
    """The key the reuse index holds for `msgid`: the first 8 bytes of its BLAKE2b digest,
    as SQLite's signed 64-bit integer (the same in every process, unlike `hash`)."""
    digest = hashlib.blake2b(msgid.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def insert_row(
    db: sqlite3.Connection, table: str, row: Mapping[str, object], replace: bool = False
) -> None:
    """Insert `row` (column name -> value) into `table`: columns named, never counted."""
    columns = ", ".join(row)
    values = ", ".join(f":{column}" for column in row)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    db.execute(f"{verb} INTO {table} ({columns}) VALUES ({values})", row)
