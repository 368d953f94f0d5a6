"""The catalog index: a summary of every catalog and the translation memory, in SQLite.

It tells the translate job which articles need no work, answers reuse lookups (identical
segments translated in another article), and gives `status` its counts, so that commands
on a large project cost in proportion to what changed and hold one article at a time, not
the project. The database lives in `.diptych/` at the project root and is only ever a copy:
a catalog whose size, mtime or inode changed is read again (the PO file always wins), and
deleting the folder loses nothing but time. A database that cannot be used as it is (another
diptych version made it, its tables are not the ones this version creates, it is damaged or
not a database at all, or a folder stands in its place) is rebuilt; the command reports that
once, as a warning.

Several processes may read it at once (WAL mode); the project lock serialises writers, and a
cache that cannot be written only costs time on the next run.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import polib

from translate import __version__, parsed
from translate.articles import KnownDigest, Stamp, stamp_of
from translate.errors import CacheError, CatalogError
from translate.parsed import CACHE_DIR, DATABASE, SCHEMA_VERSION
from translate.project import Project
from translate.states import REUSED, REVIEWED, STATES, StateCounts
from translate.summary import (
    CatalogSummary,
    Known,
    Summarized,
    checked_as,
    known_from,
    summarize,
)

# Changes written between two commits while catalogs are summarised.
COMMIT_EVERY = 500
COMMIT_SECONDS = 1.0

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
CREATE INDEX translated_by_msgid ON segments (target, msgid, state, catalog) WHERE msgstr != '';
CREATE INDEX segments_by_catalog ON segments (target, catalog);
{parsed.SCHEMA}"""

__all__ = ["CACHE_DIR", "DATABASE", "SCHEMA_VERSION", "CatalogMemory", "CatalogSummary", "Index"]
__all__ += ["Summarized", "summarize"]


# Which translations a reuse takes first: reviewed ones, then any other, copies reused last.
_REUSE_ORDER = ((REVIEWED,), tuple(s for s in STATES if s not in (REVIEWED, REUSED)), (REUSED,))


class Index:
    """The database of one project, opened once per command (one connection, so that the
    catalogs of several targets and the articles share one write transaction).

    `warnings` collects the one-line notice of a database that had to be rebuilt, and the
    warnings of each article whose text is new to the index (its encoding, say): given when
    the article is read anew, by whichever command, not on every run. The index is the
    digest memory of `articles.article_files` (`known`, `remember`)."""

    def __init__(self, project: Project, warnings: list[str] | None = None) -> None:
        self.project = project
        self.path = project.root / CACHE_DIR / DATABASE
        self._changes = 0
        self._since = time.monotonic()
        self._writable = True
        self.warnings = warnings if warnings is not None else []
        self.db = _open(self.path, self.warnings, project)
        self.parsed = parsed.ParseCache(self.db, self.write)  # catalogs parsed once per content

    def catalogs(self, target: str) -> CatalogMemory:
        return CatalogMemory(self, target)

    def known(self, name: str) -> KnownDigest | None:
        """What the index remembers of the article file `name` (its path from the root)."""
        return self.sources(name).get(name)

    def sources(self, name: str | None = None) -> dict[str, KnownDigest]:
        """The article file `name`, or every one (status: one query), as the index has it."""
        sql = "SELECT * FROM sources" + (" WHERE name = ?" if name is not None else "")
        rows = self.fetch(sql, () if name is None else (name,))
        return {r["name"]: KnownDigest(_stamp_of_row(r), r["digest"], r["seen_ns"]) for r in rows}

    def remember(self, name: str, known: KnownDigest) -> None:
        size, mtime_ns, inode = known.stamp
        row = {"name": name, "size": size, "mtime_ns": mtime_ns, "inode": inode}
        row |= {"digest": known.digest, "seen_ns": known.seen_ns}
        self.write(lambda db: _insert(db, "sources", row, replace=True))

    def fetch(self, sql: str, parameters: tuple) -> list[sqlite3.Row]:
        """The rows of a query, read by column name. A database that breaks while the
        command runs (it opened cleanly) is one clear error: the next command rebuilds it."""
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as exc:
            raise CacheError(
                f"{self.project.relative(self.path)}: the catalog index failed ({exc}); "
                f"run the command again, or delete {CACHE_DIR}/ (it is only a cache)"
            ) from None

    def save(self) -> None:
        """Commit what was learnt (a cache that cannot be written only costs time)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.commit()
        self._changes = 0
        self._since = time.monotonic()

    def close(self) -> None:
        self.save()
        self.db.close()

    def write(self, change) -> bool:
        """Apply `change(db)`; False if the index cannot be written (read-only, or another
        process writing for longer than the timeout): the answer is still right, only not
        remembered, and this command stops trying so as not to wait again."""
        if not self._writable:
            return False
        try:
            change(self.db)
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.rollback()
            self._writable = False
            return False
        self._changes += 1
        # short transactions: another command waits at most about a second for the lock
        if self._changes >= COMMIT_EVERY or time.monotonic() - self._since > COMMIT_SECONDS:
            self.save()
        return True


class CatalogMemory:
    """The index of `locales/<target>/**/*.po` (catalogs mirror the seeds tree): a summary
    is read from the database when the file is unchanged, and the file is read (and the
    index updated) when it is not. A catalog is known by its path inside the target's folder
    (`web/index.po`; its file name in a flat project)."""

    def __init__(self, index: Index, target: str) -> None:
        self.index = index
        self.target = target
        project = index.project
        self.folder = project.locales_dir / target
        self.prefix = project.relative(self.folder)
        self._db = index.db

    def name_of(self, path: Path) -> str:
        """The catalog's name in the index: its path inside the target's folder, with `/`."""
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return path.name

    # ------------------------------------------------------------------ summaries

    def summary(self, path: Path) -> CatalogSummary | None:
        """The catalog's summary, or None when there is no catalog; CatalogError if broken."""
        stamp = stamp_of(path)
        if stamp is None:
            self._forget(self.name_of(path))
            return None
        row = self._row(self.name_of(path))
        if row is not None and _stamp_of_row(row) == stamp:
            return _summary(row)
        catalog = self._load(path, keep=False)  # status: the parse is not stored (review's is)
        if catalog is None:
            return None
        summarized = summarize(catalog, self.known(self.name_of(path), catalog))
        written = row["written"] if row else None
        self._store(self.name_of(path), stamp, summarized, written=written)
        return replace(summarized.summary, written=written)

    def summaries(self) -> dict[str, tuple[Stamp, CatalogSummary]]:
        """Every catalog's stamp and summary as the index has them, in one query (status)."""
        rows = self._query("SELECT * FROM catalogs WHERE target = ?")
        return {row["name"]: (_stamp_of_row(row), _summary(row)) for row in rows}

    def read(self, path: Path) -> tuple[polib.POFile, Summarized] | None:
        """The catalog and its summary with every finding (what review needs), None when
        there is no catalog; CatalogError if broken. Entries the index has findings for
        are not checked again, and the index learns the catalog as it is now (status and
        the next review then read it from there)."""
        stamp = stamp_of(path)
        catalog = self._load(path)
        if catalog is None or stamp is None:
            return None
        name = self.name_of(path)
        row = self._row(name)
        known = self.known(name, catalog)
        unchecked = len(known)
        summarized = summarize(catalog, known)
        fresh = row is not None and _stamp_of_row(row) == stamp
        if not fresh or len(known) != unchecked or row["checked_as"] != summarized.checked_as:
            written = row["written"] if row else None
            self._store(name, stamp, summarized, written=written)
        return catalog, summarized

    def record(self, path: Path, catalog: polib.POFile) -> None:
        """Remember a catalog diptych just wrote, so the next command need not parse it."""
        stamp = stamp_of(path)
        if stamp is not None:
            summarized = summarize(catalog, self.known(self.name_of(path), catalog))
            self._store(self.name_of(path), stamp, summarized, written=summarized.summary.msgids)

    def known(self, name: str, catalog: polib.POFile) -> Known:
        """The findings the index keeps of catalog `name`'s entries, if they were made for
        the language pair `catalog` has now (and by this revision of the checks)."""
        row = self._row(name)
        if row is None or row["checked_as"] != checked_as(catalog):
            return {}
        rows = self.index.fetch(
            "SELECT msgid, msgstr, terms, findings FROM segments "
            "WHERE target = ? AND catalog = ? AND findings IS NOT NULL",
            (self.target, name),
        )
        return known_from(rows)

    @staticmethod
    def up_to_date(summary: CatalogSummary | None, source_hash: str) -> bool:
        """True when the catalog was written by diptych from this very source and still has
        exactly the entries it was written with (a tool may have reordered or dropped some)."""
        return bool(
            summary
            and summary.written
            and summary.source_hash == source_hash
            and summary.msgids == summary.written
        )

    def refresh(self) -> None:
        """Bring the index in line with the folder: read catalogs that changed, forget those
        that are gone. Reuse lookups then query the database alone."""
        known = {name: stamp for name, (stamp, _held) in self.summaries().items()}
        for path in sorted(self.folder.rglob("*.po")) if self.folder.is_dir() else []:
            stamp = known.pop(self.name_of(path), None)
            if stamp is None or stamp != stamp_of(path):
                try:
                    self.summary(path)
                except (CatalogError, OSError):  # the command that owns it reports it;
                    self._forget(self.name_of(path))  # it is never reused
        for name in known:
            self._forget(name)

    # ------------------------------------------------------------------ translation memory

    def reusable(self, msgid: str, own: str) -> tuple[str, str] | None:
        """(msgstr, catalog) of `msgid` translated in another catalog than `own` (a file
        name): reviewed translations first, copies reused from elsewhere last (a reuse names
        where the translation was made), then by catalog name; None if there is none."""
        for states in _REUSE_ORDER:  # one index seek per state: a msgid that thousands of
            rows = [  # catalogs share costs no more than a rare one
                self._first(
                    "SELECT msgstr, catalog FROM segments WHERE target = ? AND msgid = ? "
                    "AND state = ? AND msgstr != '' AND catalog != ? ORDER BY catalog LIMIT 1",
                    (self.target, msgid, state, own),
                )
                for state in states
            ]
            row = min((r for r in rows if r), key=lambda r: r["catalog"], default=None)
            if row:
                return row["msgstr"], f"{self.prefix}/{row['catalog']}"
        return None

    def fillable_from_others(self, name: str) -> bool:
        """Whether an untranslated segment of catalog `name` is translated in another one."""
        row = self._first(
            "SELECT 1 FROM segments u JOIN segments t ON t.target = u.target "
            "AND t.msgid = u.msgid AND t.catalog != u.catalog AND t.msgstr != '' "
            "WHERE u.target = ? AND u.catalog = ? AND u.msgstr = '' LIMIT 1",
            (self.target, name),
        )
        return row is not None

    # ------------------------------------------------------------------ storage

    def _load(self, path: Path, keep: bool = True) -> polib.POFile | None:
        key = parsed.catalog_key(self.index.project.locales_dir, path)
        return self.index.parsed.load(path, key, keep)

    def _row(self, name: str) -> sqlite3.Row | None:
        return self._first(
            "SELECT * FROM catalogs WHERE target = ? AND name = ?", (self.target, name)
        )

    def _query(self, sql: str) -> list[sqlite3.Row]:
        return self.index.fetch(sql, (self.target,))

    def _first(self, sql: str, parameters: tuple) -> sqlite3.Row | None:
        rows = self.index.fetch(sql, parameters)
        return rows[0] if rows else None

    def _store(self, name: str, stamp: Stamp, done: Summarized, written: str | None) -> None:
        summary = done.summary
        size, mtime_ns, inode = stamp
        row: dict[str, object] = {"target": self.target, "name": name}
        row |= {"size": size, "mtime_ns": mtime_ns, "inode": inode}
        row |= {"source_hash": summary.source_hash}
        row |= {state: summary.states.counts.get(state, 0) for state in STATES}
        row |= {
            "qa_errors": summary.qa_errors,
            "qa_warnings": summary.qa_warnings,
            "term_errors": summary.term_errors,
            "confidences": " ".join(str(c) for c in summary.confidences),
            "msgids": summary.msgids,
            "written": written,
            "checked_as": done.checked_as,
        }

        def store(db: sqlite3.Connection) -> None:
            self._delete(name)
            _insert(db, "catalogs", row)
            db.executemany(
                "INSERT INTO segments (target, catalog, msgid, msgstr, state, terms, findings) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((self.target, name, *segment) for segment in done.segments),
            )

        self.index.write(store)

    def _forget(self, name: str) -> None:
        if self._row(name) is not None:
            self.index.write(lambda db: self._delete(name))
        self.index.write(self.index.parsed.forget(f"{self.target}/{name}"))

    def _delete(self, name: str) -> None:
        key = (self.target, name)
        self._db.execute("DELETE FROM segments WHERE target = ? AND catalog = ?", key)
        self._db.execute("DELETE FROM catalogs WHERE target = ? AND name = ?", key)


def _insert(
    db: sqlite3.Connection, table: str, row: Mapping[str, object], replace: bool = False
) -> None:
    """Insert `row` (column name -> value) into `table`: columns named, never counted."""
    columns = ", ".join(row)
    values = ", ".join(f":{column}" for column in row)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    db.execute(f"{verb} INTO {table} ({columns}) VALUES ({values})", row)


def _stamp_of_row(row: sqlite3.Row) -> Stamp:
    return row["size"], row["mtime_ns"], row["inode"]


def _summary(row: sqlite3.Row) -> CatalogSummary:
    return CatalogSummary(
        source_hash=row["source_hash"],
        states=StateCounts({state: row[state] for state in STATES}),
        qa_errors=row["qa_errors"],
        qa_warnings=row["qa_warnings"],
        term_errors=row["term_errors"],
        confidences=tuple(int(c) for c in row["confidences"].split()),
        msgids=row["msgids"],
        written=row["written"],
    )


def _open(path: Path, warnings: list[str], project: Project) -> sqlite3.Connection:
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
            db = parsed.connect(path)
            problem = _unusable(db)
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
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        _remove(leftover)
    try:
        return _create(parsed.connect(path))
    except sqlite3.Error:
        return _create(_memory())


def _rebuilding(name: str, problem: str) -> str:
    return (
        f"{name} {problem}; rebuilding it from the catalogs (it is only a cache: nothing is lost)"
    )


def _unusable(db: sqlite3.Connection) -> str | None:
    """Why the database cannot be used as it is: None when it can, "" when it is new and
    empty. Its version stamps, then every table, column and index (their SQL exactly as this
    version creates them), then its pages (`PRAGMA quick_check`)."""
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
    if [row[0] for row in db.execute("PRAGMA quick_check")] != ["ok"]:
        return "is damaged"
    return None


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
