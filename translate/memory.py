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
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from translate import indexdb, parsed
from translate.articles import KnownDigest, Stamp, stamp_of
from translate.engine import Progress
from translate.errors import CacheError, CatalogError, DiptychError
from translate.indexdb import open_index as _open
from translate.indexdb import suspect
from translate.parsed import CACHE_DIR, DATABASE, SCHEMA_VERSION
from translate.project import Project
from translate.states import REUSED, REVIEWED, STATES, StateCounts
from translate.summary import (
    CatalogSummary,
    Known,
    Segment,
    Summarized,
    checked_as,
    known_from,
    summarize,
)
from translate.workers import cores, process_map

# Changes written between two commits while catalogs are summarised.
COMMIT_EVERY = 500
COMMIT_SECONDS = 1.0
# Changed catalogs are read in worker processes from this many on (bench/pipeline.py).
PARALLEL_MIN_CATALOGS = 64
MAX_WORKERS = 4
AHEAD = 256  # catalogs read ahead of the one being written: the command's memory stays flat
# Findings a command keeps in memory beyond the index's, at most (entries of catalogs read).
CHECKED_LIMIT = 50_000
# A query of the index: rows of (sql, parameters).
Fetch = Callable[[str, tuple], list]
# Catalogs' rows read at once: name -> (stamp of the file they describe, summary).
Held = dict[str, tuple[Stamp, CatalogSummary]]


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

    def digests(self, whole: bool) -> Index | HeldDigests:
        """The digest memory of `articles.article_files`: for a command over the whole
        project (`whole`), every article's row read in one query, not one per article."""
        return HeldDigests(self) if whole else self

    def remember(self, name: str, known: KnownDigest) -> None:
        size, mtime_ns, inode = known.stamp
        row = {"name": name, "size": size, "mtime_ns": mtime_ns, "inode": inode}
        row |= {"digest": known.digest, "seen_ns": known.seen_ns}
        self.write(lambda db: indexdb.insert_row(db, "sources", row, replace=True))

    def fetch(self, sql: str, parameters: tuple) -> list[sqlite3.Row]:
        """The rows of a query, read by column name. A database that breaks while the
        command runs (it opened cleanly) is one clear error: the next command rebuilds it."""
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
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

    def _failed(self, exc: sqlite3.Error) -> None:
        """A damaged page (not a lock, not a full disk): the next command checks it whole."""
        if type(exc) is sqlite3.DatabaseError:
            suspect(self.path)

    def write(self, change) -> bool:
        """Apply `change(db)`; False if the index cannot be written (read-only, or another
        process writing for longer than the timeout): the answer is still right, only not
        remembered, and this command stops trying so as not to wait again."""
        if not self._writable:
            return False
        try:
            change(self.db)
        except sqlite3.Error as exc:
            self._failed(exc)
            with contextlib.suppress(sqlite3.Error):
                self.db.rollback()
            self._writable = False
            return False
        self._changes += 1
        # short transactions: another command waits at most about a second for the lock
        if self._changes >= COMMIT_EVERY or time.monotonic() - self._since > COMMIT_SECONDS:
            self.save()
        return True


class HeldDigests:
    """The index as the digest memory of `article_files`, every article's row read at once."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.held = index.sources()

    def known(self, name: str) -> KnownDigest | None:
        return self.held.get(name)

    def remember(self, name: str, known: KnownDigest) -> None:
        self.index.remember(name, known)


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
        self.reader = Reader(index.parsed, index.fetch)

    def path_of(self, slug: str) -> Path:
        """The catalog of article `slug` (`project.po_path`, the target's folder made once)."""
        return self.folder / f"{slug}.po"

    def name_of(self, path: Path) -> str:
        """The catalog's name in the index: its path inside the target's folder, with `/`."""
        return _name_in(self.folder, path)

    # ------------------------------------------------------------------ summaries

    def summary(self, path: Path, held: Held | None = None) -> CatalogSummary | None:
        """The catalog's summary, or None when there is no catalog; CatalogError if broken.
        `held`: every catalog's row read at the start of the command (`summaries`, kept up
        to date by `read_changed`), used when the file is still the one it describes, so a
        command over the whole project makes no query per catalog."""
        stamp = stamp_of(path)
        name = self.name_of(path)
        known = held.get(name) if held is not None else None
        if known is not None and stamp is not None and known[0] == stamp:
            return known[1]
        if stamp is None:
            self._forget(name)
            return None
        row = self._row(name)
        if row is not None and _stamp_of_row(row) == stamp:
            return _summary(row)
        fresh = self.reader.read(self.folder, path, stamp)
        if fresh is None:
            return None
        return self._learn(name, fresh, row["written"] if row else None)

    def read_changed(
        self, paths: Sequence[Path], held: Held, progress: Progress | None = None
    ) -> Held:
        """The stamp and summary of each catalog at `paths` (changed since `held`, the
        index's rows, was read), read on every core when there are enough of them to be
        worth the start of worker processes; the index (one writer: this process) learns
        each. A catalog that cannot be read is left out: whoever needs it reads it again
        (`summary`) and reports why. `progress` is told how many are done."""
        found = {}
        for done, (path, fresh) in enumerate(zip(paths, self._read_all(paths), strict=True), 1):
            if fresh is not None:
                name = self.name_of(path)
                kept = held.get(name)
                found[name] = (fresh.stamp, self._learn(name, fresh, kept and kept[1].written))
            if progress is not None:
                progress(done, len(paths))
        return found

    def _read_all(self, paths: Sequence[Path]) -> Iterator[Fresh | None]:
        workers = min(cores(), MAX_WORKERS)
        if workers < 2 or len(paths) < PARALLEL_MIN_CATALOGS:
            yield from (_read_here(self, path) for path in paths)
            return
        count = len(paths)
        project, folders = self.index.project, [self.folder] * count
        yield from process_map(
            _read_in_worker, [project] * count, folders, paths, workers=workers, ahead=AHEAD
        )

    def _learn(self, name: str, fresh: Fresh, written: str | None) -> CatalogSummary:
        self._store(name, fresh.stamp, fresh, written=written)
        return replace(fresh.summary, written=written)

    def summaries(self) -> Held:
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
        return _known(self.index.fetch, self.target, name, checked_as(catalog))

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

    def refresh(self) -> Held:
        """Bring the index in line with the folder: read catalogs that changed, forget those
        that are gone. Reuse lookups then query the database alone. Returns every catalog's
        stamp and summary as the index now has them (what `summary` takes as `held`)."""
        held = self.summaries()
        known = {name: stamp for name, (stamp, _held) in held.items()}
        changed = []
        for path in sorted(self.folder.rglob("*.po")) if self.folder.is_dir() else []:
            stamp = known.pop(self.name_of(path), None)
            if stamp is None or stamp != stamp_of(path):
                changed.append(path)
        read = self.read_changed(changed, held)
        held.update(read)
        for path in changed:
            name = self.name_of(path)
            if name not in read:
                held.pop(name, None)  # whoever needs it reads it again
                try:
                    self.summary(path)
                except (CatalogError, OSError):  # the command that owns it reports it;
                    self._forget(name)  # it is never reused
        for name in known:
            self._forget(name)
            held.pop(name, None)
        return held

    # ------------------------------------------------------------------ translation memory

    def reusable(self, msgid: str, own: str) -> tuple[str, str] | None:
        """(msgstr, catalog) of `msgid` translated in another catalog than `own` (a file
        name): reviewed translations first, copies reused from elsewhere last (a reuse names
        where the translation was made), then by catalog name; None if there is none."""
        key = indexdb.msgid_key(msgid)
        translated = self._first(  # most new sentences are translated nowhere: one seek
            "SELECT 1 FROM segments WHERE target = ? AND msgid_key = ? AND msgstr != '' "
            "AND catalog != ? AND msgid = ? LIMIT 1",
            (self.target, key, own, msgid),
        )
        if translated is None:
            return None
        for states in _REUSE_ORDER:  # one index seek per state: a msgid that thousands of
            rows = [  # catalogs share costs no more than a rare one
                self._first(
                    "SELECT msgstr, catalog FROM segments WHERE target = ? AND msgid_key = ? "
                    "AND state = ? AND msgstr != '' AND catalog != ? AND msgid = ? "
                    "ORDER BY catalog LIMIT 1",
                    (self.target, key, state, own, msgid),
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
            "AND t.msgid_key = u.msgid_key AND t.catalog != u.catalog AND t.msgstr != '' "
            "AND t.msgid = u.msgid WHERE u.target = ? AND u.catalog = ? AND u.msgstr = '' "
            "LIMIT 1",
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

    def _store(
        self, name: str, stamp: Stamp, done: Summarized | Fresh, written: str | None
    ) -> None:
        """The catalog's row, and its segments: only those that changed are written (a
        catalog saved again by an editor, its entries the same, costs one row)."""
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
            indexdb.insert_row(db, "catalogs", row, replace=True)
            indexdb.store_segments(db, self.target, name, done.segments)

        self.index.write(store)

    def _forget(self, name: str) -> None:
        if self._row(name) is not None:
            self.index.write(lambda db: self._delete(name))
        self.index.write(self.index.parsed.forget(f"{self.target}/{name}"))

    def _delete(self, name: str) -> None:
        key = (self.target, name)
        self._db.execute("DELETE FROM segments WHERE target = ? AND catalog = ?", key)
        self._db.execute("DELETE FROM catalogs WHERE target = ? AND name = ?", key)


@dataclass(frozen=True)
class Fresh:
    """A catalog read again (in this process or a worker): its stamp before it was read,
    its summary, and its segments as the index stores them."""

    stamp: Stamp
    summary: CatalogSummary
    segments: tuple[Segment, ...]
    checked_as: str


@dataclass
class Reader:
    """Reads changed catalogs for the index: through its kept parses (`cache`), with the
    findings it keeps (`fetch` queries it), and with `checked`, the findings made by this
    process so far, by language pair and QA revision: an entry that many catalogs share (a
    standard sentence, a copy reused) is checked once per command, not once per catalog
    (what every check but `length` finds depends on the entry and the pair alone)."""

    cache: parsed.ParseCache
    fetch: Fetch
    checked: dict[str, Known] = field(default_factory=dict)

    def read(self, folder: Path, path: Path, stamp: Stamp) -> Fresh | None:
        """The catalog at `path` (in the target folder `folder`) read and summarised, its
        entries with findings kept or made already not checked again; None when there is no
        catalog, CatalogError when it is broken. Its parse is not stored: status reads each
        catalog once."""
        catalog = self.cache.load(path, parsed.catalog_key(folder.parent, path), keep=False)
        if catalog is None:
            return None
        pair = checked_as(catalog)
        known = self.checked.setdefault(pair, {})
        if len(known) > CHECKED_LIMIT:  # memory stays bounded on any archive
            known.clear()
        known.update(_known(self.fetch, folder.name, _name_in(folder, path), pair))
        done = summarize(catalog, known)
        return Fresh(stamp, done.summary, done.segments, done.checked_as)


def _read_here(memory: CatalogMemory, path: Path) -> Fresh | None:
    return _read_stamped(memory.reader, memory.folder, path)


def _read_stamped(reader: Reader, folder: Path, path: Path) -> Fresh | None:
    """`Reader.read` with the file's stamp taken first; None when there is no catalog or it
    cannot be read (the command reads it again and reports why)."""
    try:
        stamp = stamp_of(path)
        return None if stamp is None else reader.read(folder, path, stamp)
    except (DiptychError, OSError):
        return None


_WORKER: dict[Path, Reader] = {}  # a worker process's reader of each project's index


def _read_in_worker(project: Project, folder: Path, path: Path) -> Fresh | None:
    """`Reader.read` in a worker process, over a connection of its own that only reads
    (without an index, every entry is checked). None: read it again in the command."""
    reader = _WORKER.get(project.root)
    if reader is None:
        cache = parsed.project_cache(project)
        reader = _WORKER[project.root] = Reader(cache, _reading(cache.db))
    return _read_stamped(reader, folder, path)


def _reading(db: sqlite3.Connection | None) -> Fetch:
    """Queries of the index that answer nothing when it cannot be read (a worker's findings
    are then made again, never wrong)."""

    def fetch(sql: str, parameters: tuple) -> list:
        if db is None:
            return []
        try:
            return db.execute(sql, parameters).fetchall()
        except sqlite3.Error:
            return []

    return fetch


def _name_in(folder: Path, path: Path) -> str:
    """A catalog's name in the index (`CatalogMemory.name_of`; also in a worker process,
    which has no index)."""
    inside, within = os.fspath(path), os.fspath(folder) + os.sep
    if inside.startswith(within):  # paths as pathlib writes them: compared as text
        return inside[len(within) :].replace(os.sep, "/")
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def _known(fetch: Fetch, target: str, name: str, checked: str) -> Known:
    """The findings kept of catalog `name`'s entries if they were made as `checked` says."""
    rows = fetch(
        "SELECT s.msgid, s.msgstr, s.terms, s.findings FROM segments s JOIN catalogs c "
        "ON c.target = s.target AND c.name = s.catalog WHERE s.target = ? AND s.catalog = ? "
        "AND s.findings IS NOT NULL AND c.checked_as = ?",
        (target, name, checked),
    )
    return known_from(tuple(row) for row in rows)


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
