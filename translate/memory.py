"""The catalog index: a summary of every catalog and the translation memory, in SQLite.

It tells the translate job which articles need no work, answers reuse lookups (identical
segments translated in another article), and gives `status` its counts, so that commands
on a large project cost in proportion to what changed and hold one article at a time, not
the project. The database lives in `.diptych/` at the project root and is only ever a copy:
a catalog whose size, mtime or inode changed is read again (the PO file always wins), and
deleting the folder loses nothing but time. A database another diptych version made, or a
corrupt one, is rebuilt; the command reports that once, as a warning.

Several processes may read it at once (WAL mode); the project lock serialises writers, and a
cache that cannot be written only costs time on the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from translate import __version__
from translate.articles import article_paths
from translate.catalog import load_catalog
from translate.errors import CacheError, DiptychError
from translate.project import Project
from translate.qa import entry_findings
from translate.read import Reading, Source, read_source
from translate.states import (
    MACHINE,
    REUSED,
    REVIEWED,
    STATES,
    StateCounts,
    entry_state,
    is_owned,
    machine_confidence,
)

CACHE_DIR = ".diptych"
DATABASE = "index.sqlite3"
# Bump when the tables change; a database with another number is rebuilt.
SCHEMA_VERSION = 5
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
    PRIMARY KEY (target, name)
) WITHOUT ROWID;
CREATE TABLE segments (
    target TEXT NOT NULL,
    catalog TEXT NOT NULL,
    msgid TEXT NOT NULL,
    msgstr TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    digest TEXT NOT NULL,
    seen_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX translated_by_msgid ON segments (target, msgid) WHERE msgstr != '';
CREATE INDEX segments_by_catalog ON segments (target, catalog);
"""

_TABLES = {"meta", "catalogs", "segments", "sources", "translated_by_msgid"}


@dataclass(frozen=True)
class CatalogSummary:
    """What other commands need to know of one PO file without parsing it again."""

    source_hash: str
    states: StateCounts
    qa_errors: int
    qa_warnings: int
    msgids: str = ""
    written: str | None = None  # the msgids digest when diptych itself wrote the file
    term_errors: int = 0
    confidences: tuple[int, ...] = ()  # of the machine entries nobody has reviewed yet


@dataclass(frozen=True)
class Summarized:
    """A catalog's summary and its segments (msgid, msgstr, state), as the index stores
    them."""

    summary: CatalogSummary
    segments: tuple[tuple[str, str, str], ...]


def summarize(catalog: polib.POFile) -> Summarized:
    active = [e for e in catalog if not e.obsolete and is_owned(e)]
    states = [entry_state(e) for e in active]
    translated = [e for e in active if e.msgstr]
    findings = [f for found in entry_findings(translated, catalog.metadata) for f in found]
    severities = [f.severity for f in findings]
    confidences = (
        machine_confidence(e) for e, state in zip(active, states, strict=True) if state == MACHINE
    )
    summary = CatalogSummary(
        source_hash=catalog.metadata.get("X-Source-Hash", ""),
        states=StateCounts.of(states),
        qa_errors=severities.count("error"),
        qa_warnings=severities.count("warning"),
        msgids=_digest(e.msgid for e in active),
        term_errors=sum(1 for f in findings if f.check == "glossary"),
        confidences=tuple(sorted(c for c in confidences if c is not None)),
    )
    segments = tuple((e.msgid, e.msgstr, state) for e, state in zip(active, states, strict=True))
    return Summarized(summary, segments)


def _digest(msgids) -> str:
    return hashlib.sha256("\n".join(msgids).encode("utf-8")).hexdigest()[:16]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


class Index:
    """The database of one project, opened once per command (one connection, so that the
    catalogs of several targets and the articles share one write transaction).

    `warnings` collects the one-line notice of a database that had to be rebuilt, and the
    warnings of each article whose text is new to the index (its encoding, say): given when
    the article is read anew, by whichever command, not on every run."""

    def __init__(self, project: Project, warnings: list[str] | None = None) -> None:
        self.project = project
        self.path = project.root / CACHE_DIR / DATABASE
        self._changes = 0
        self._since = time.monotonic()
        self._writable = True
        self.warnings = warnings if warnings is not None else []
        self.db = _open(self.path, self.warnings, project)

    def catalogs(self, target: str) -> CatalogMemory:
        return CatalogMemory(self, target)

    def articles(
        self, names: Sequence[str] | None, failures: list[DiptychError]
    ) -> Iterator[ArticleFile]:
        """The named articles (all of seeds/ when None), one at a time, each with the digest
        of its text: from the index when the file's stat is unchanged (the file is then not
        even read), else read, decoded and remembered. Bad ones go to `failures`."""
        for path in article_paths(self.project, names, failures):
            name = self.project.relative(path)
            stamp = _stamp(path)
            row = self.fetch(
                "SELECT size, mtime_ns, inode, digest, seen_ns FROM sources WHERE name = ?",
                (name,),
            )[:1]
            row = row[0] if row else None
            if stamp is not None and row is not None and _settled(stamp, row[:3], row[4]):
                yield ArticleFile(path, name, row[3], reading=self.project.reading)
                continue
            looked = time.time_ns()
            try:
                source = read_source(path, name, self.project.reading)
            except DiptychError as exc:
                failures.append(exc)
                continue
            if stamp is not None:
                self._write(
                    "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                    (name, *stamp, source.digest, looked),
                )
            if row is None or row[3] != source.digest:  # its text is new to the index
                self.warnings.extend(source.warnings)
            yield ArticleFile(path, name, source.digest, source)

    def fetch(self, sql: str, parameters: tuple) -> list[tuple]:
        """The rows of a query. A database that breaks while the command runs (it opened
        cleanly) is one clear error: the next command rebuilds it."""
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

    def _write(self, sql: str, parameters: tuple) -> None:
        self.write(lambda db: db.execute(sql, parameters))

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


@dataclass(frozen=True)
class ArticleFile:
    """An article known by the digest of its text; `source` is the decoded text when the
    file had to be read (`load()` reads it otherwise)."""

    path: Path
    name: str
    digest: str
    source: Source | None = None
    reading: Reading = Reading()

    def load(self) -> Source:
        return self.source or read_source(self.path, self.name, self.reading)


# A file changed twice within one tick of the file system's clock keeps its mtime; a stat
# taken that close to the file's mtime proves nothing (git calls such entries "racily clean").
RACY_NS = 2_000_000_000


def _settled(stamp: tuple[int, int, int], known: tuple, seen_ns: int) -> bool:
    """Whether a remembered stat still vouches for the file: same stat, and taken well
    after the file's last change, so an edit of the same size in the same tick cannot hide."""
    return tuple(known) == stamp and stamp[1] + RACY_NS < seen_ns


class CatalogMemory:
    """The index of `locales/<target>/*.po`: a summary is read from the database when the
    file is unchanged, and the file is read (and the index updated) when it is not."""

    def __init__(self, index: Index, target: str) -> None:
        self.index = index
        self.target = target
        project = index.project
        self.folder = project.locales_dir / target
        self.prefix = project.relative(self.folder)
        self._db = index.db

    # ------------------------------------------------------------------ summaries

    def summary(self, path: Path) -> CatalogSummary | None:
        """The catalog's summary, or None when there is no catalog; CatalogError if broken."""
        stamp = _stamp(path)
        if stamp is None:
            self._forget(path.name)
            return None
        row = self._row(path.name)
        if row is not None and tuple(row[:3]) == stamp:
            return _summary(row)
        catalog = load_catalog(path)
        if catalog is None:
            return None
        summarized = summarize(catalog)
        written = row[-1] if row else None
        self._store(path.name, stamp, summarized, written=written)
        return replace(summarized.summary, written=written)

    def record(self, path: Path, catalog: polib.POFile) -> None:
        """Remember a catalog diptych just wrote, so the next command need not parse it."""
        stamp = _stamp(path)
        if stamp is not None:
            summarized = summarize(catalog)
            self._store(path.name, stamp, summarized, written=summarized.summary.msgids)

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
        known = {
            name: tuple(stamp)
            for name, *stamp in self._query(
                "SELECT name, size, mtime_ns, inode FROM catalogs WHERE target = ?"
            )
        }
        for path in sorted(self.folder.glob("*.po")) if self.folder.is_dir() else []:
            stamp = known.pop(path.name, None)
            if stamp is None or stamp != _stamp(path):
                try:
                    self.summary(path)
                except Exception:  # reported by the command that owns it; never reused
                    self._forget(path.name)
        for name in known:
            self._forget(name)

    # ------------------------------------------------------------------ translation memory

    def reusable(self, msgid: str, own: str) -> tuple[str, str] | None:
        """(msgstr, catalog) of `msgid` translated in another catalog than `own` (a file
        name): reviewed translations first, copies reused from elsewhere last (a reuse names
        where the translation was made), then by catalog name; None if there is none."""
        row = self._first(
            "SELECT msgstr, catalog FROM segments WHERE target = ? AND msgid = ? "
            "AND msgstr != '' AND catalog != ? ORDER BY CASE state WHEN ? THEN 0 "
            "WHEN ? THEN 2 ELSE 1 END, catalog LIMIT 1",
            (self.target, msgid, own, REVIEWED, REUSED),
        )
        return (row[0], f"{self.prefix}/{row[1]}") if row else None

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

    def _row(self, name: str):
        return self._first(
            "SELECT size, mtime_ns, inode, source_hash, "
            f"{', '.join(STATES)}, qa_errors, qa_warnings, term_errors, confidences, msgids, "
            "written "
            "FROM catalogs WHERE target = ? AND name = ?",
            (self.target, name),
        )

    def _query(self, sql: str) -> list[tuple]:
        return self.index.fetch(sql, (self.target,))

    def _first(self, sql: str, parameters: tuple) -> tuple | None:
        rows = self.index.fetch(sql, parameters)
        return rows[0] if rows else None

    def _store(
        self, name: str, stamp: tuple[int, int, int], done: Summarized, written: str | None
    ) -> None:
        summary = done.summary
        counts = [summary.states.counts.get(state, 0) for state in STATES]

        def store(db: sqlite3.Connection) -> None:
            self._delete(name)
            db.execute(
                f"INSERT INTO catalogs VALUES ({', '.join('?' * (12 + len(STATES)))})",
                (
                    self.target,
                    name,
                    *stamp,
                    summary.source_hash,
                    *counts,
                    summary.qa_errors,
                    summary.qa_warnings,
                    summary.term_errors,
                    " ".join(str(c) for c in summary.confidences),
                    summary.msgids,
                    written,
                ),
            )
            db.executemany(
                "INSERT INTO segments VALUES (?, ?, ?, ?, ?)",
                ((self.target, name, *segment) for segment in done.segments),
            )

        self.index.write(store)

    def _forget(self, name: str) -> None:
        if self._row(name) is not None:
            self.index.write(lambda db: self._delete(name))

    def _delete(self, name: str) -> None:
        key = (self.target, name)
        self._db.execute("DELETE FROM segments WHERE target = ? AND catalog = ?", key)
        self._db.execute("DELETE FROM catalogs WHERE target = ? AND name = ?", key)


def _summary(row) -> CatalogSummary:
    counts = dict(zip(STATES, row[4 : 4 + len(STATES)], strict=True))
    rest = row[4 + len(STATES) :]
    return CatalogSummary(
        source_hash=row[3],
        states=StateCounts(counts),
        qa_errors=rest[0],
        qa_warnings=rest[1],
        term_errors=rest[2],
        confidences=tuple(int(c) for c in rest[3].split()),
        msgids=rest[4],
        written=rest[5],
    )


def _open(path: Path, warnings: list[str], project: Project) -> sqlite3.Connection:
    """The database at `path`, created, or rebuilt (with a warning) when it is corrupt or
    from another diptych version. Without a writable folder, an in-memory one serves."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return _create(sqlite3.connect(":memory:"))
    problem = None
    try:
        db = _connect(path)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and not db.execute("SELECT 1 FROM sqlite_master").fetchone():
            return _create(db)
        made_by = None
        if version == SCHEMA_VERSION:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            made_by = row[0] if row else None
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if version == SCHEMA_VERSION and made_by == __version__ and tables >= _TABLES:
            return db
        problem = "was made by another diptych version"
        db.close()
    except sqlite3.Error:
        problem = "is damaged"
        with contextlib.suppress(sqlite3.Error, UnboundLocalError):
            db.close()
    warnings.append(
        f"{project.relative(path)} {problem}; rebuilding it from the catalogs "
        "(it is only a cache: nothing is lost)"
    )
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    try:
        return _create(_connect(path))
    except sqlite3.Error:
        return _create(sqlite3.connect(":memory:"))


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _create(db: sqlite3.Connection) -> sqlite3.Connection:
    db.executescript(_SCHEMA)
    db.execute("INSERT INTO meta VALUES ('version', ?)", (__version__,))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.commit()
    return db
