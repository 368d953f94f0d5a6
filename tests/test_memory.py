"""The catalog index in `.diptych/`: only ever a cache of the PO files, rebuilt when damaged
or made by another version, and the translation memory that reuse queries."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time

import pytest
from fakes import FakeEngine

from translate import articles as articles_module
from translate import indexdb, pipeline
from translate import memory as memory_module
from translate.catalog import load_catalog
from translate.memory import DATABASE, Index
from translate.project import load_project
from translate.status import project_status

FIRST = "000_da88f1f87eecb2fd"
SECOND = "002_e7fcacc06b89f122"


def translate(project, names=None, engine=None):
    if engine is None:
        return pipeline.translate_project(load_project(project), names, engine="none")
    return pipeline.translate_project(load_project(project), names, engine_factory=lambda t: engine)


def rows(report):
    return [row.as_dict() for row in report.articles]


def approve(project, slug, msgid, msgstr):
    po = project / "locales" / "en" / f"{slug}.po"
    catalog = load_catalog(po)
    entry = catalog.find(msgid)
    entry.msgstr, entry.flags = msgstr, []
    catalog.save(str(po))


@pytest.fixture
def translated(project):
    translate(project, engine=FakeEngine())
    approve(project, SECOND, "Retour en haut", "Back to top")
    return project


def database(project):
    return project / ".diptych" / DATABASE


def test_status_without_the_index_equals_status_with_it(translated):
    with_index = project_status(load_project(translated))
    assert database(translated).is_file()
    shutil.rmtree(translated / ".diptych")
    without = project_status(load_project(translated))
    assert rows(without) == rows(with_index)
    assert without.warnings == ()  # a missing cache is built silently: nothing was wrong
    assert any(row["reviewed"] == 1 for row in rows(without))
    again = project_status(load_project(translated))
    assert rows(again) == rows(with_index) and again.warnings == ()


def damage(project):
    path = database(project)
    for leftover in path.parent.glob(f"{DATABASE}*"):
        leftover.unlink()
    path.write_bytes(b"this is not an SQLite database\x00" * 64)


def another_version(project):
    with sqlite3.connect(database(project)) as db:
        db.execute("PRAGMA user_version = 999")


def older_diptych(project):
    with sqlite3.connect(database(project)) as db:
        db.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'version'")


def _checkpointed(project):
    """The index with everything in its main file (no WAL), so damage to it is damage."""
    for leftover in database(project).parent.glob(f"{DATABASE}-*"):
        leftover.unlink()  # no connection is open: the WAL holds nothing the file lacks
    with sqlite3.connect(database(project)) as db:
        db.execute("PRAGMA journal_mode = DELETE")
    return database(project)


def a_folder(project):
    path = _checkpointed(project)
    path.unlink()
    path.mkdir()
    (path / "something").write_text("left here by hand")


def diptych_is_a_file(project):
    shutil.rmtree(project / ".diptych")
    (project / ".diptych").write_text("not a folder")


def other_columns(project):
    """Right version stamps and table names, but a catalogs table with other columns (as an
    index of schema 4 renumbered by hand, or a half-applied change, would have)."""
    path = _checkpointed(project)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE catalogs")
        db.execute("CREATE TABLE catalogs (target TEXT, name TEXT, size INTEGER, warnings TEXT)")
    assert {"meta", "catalogs", "segments", "sources"} <= {
        row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")
    }


def truncated(project):
    path = _checkpointed(project)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def spoil_pages(path, query: str) -> None:
    """Garbage over the pages of the database at `path` that `query` names (a page number
    a row); everything else left as it is."""
    with sqlite3.connect(path) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [page for (page,) in db.execute(query).fetchall()]
    data = bytearray(path.read_bytes())
    for page in pages:
        data[(page - 1) * size : page * size] = b"\xa5" * size
    path.write_bytes(bytes(data))


def garbage_pages(project):
    """Header, schema and version stamps intact; the pages of the tables are garbage."""
    spoil_pages(
        _checkpointed(project),
        "SELECT rootpage FROM sqlite_master WHERE name IN ('catalogs', 'sources')",
    )


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (damage, "is damaged"),
        (another_version, "another"),
        (older_diptych, "another"),
        (a_folder, "is not a file"),
        (diptych_is_a_file, "not a folder"),
        (other_columns, "does not have the tables"),
        (truncated, "is damaged"),
        (garbage_pages, "is damaged"),
    ],
)
def test_damaged_or_foreign_index_is_rebuilt_with_one_warning(translated, spoil, problem):
    """Whatever is wrong with the index, a command rebuilds it and says so once."""
    expected = rows(project_status(load_project(translated)))
    spoil(translated)
    report = project_status(load_project(translated))
    assert len(report.warnings) == 1, report.warnings
    assert problem in report.warnings[0] and ".diptych/index.sqlite3" in report.warnings[0]
    assert rows(report) == expected
    with sqlite3.connect(database(translated)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == memory_module.SCHEMA_VERSION
    later = project_status(load_project(translated))
    assert later.warnings == () and rows(later) == expected


def test_translate_reports_a_rebuilt_index_and_still_reuses(translated):
    (translated / "seeds" / "b.txt").write_text("Titre B\n\nRetour en haut\n", "utf-8")
    damage(translated)
    report = translate(translated, ["b"])
    assert sum("is damaged" in warning for warning in report.warnings) == 1
    reused = load_catalog(translated / "locales" / "en" / "b.po").find("Retour en haut")
    assert reused.msgstr == "Back to top"
    assert f"reused from locales/en/{SECOND}.po" in reused.comment


def test_cli_status_prints_the_rebuild_warning_once(translated, cli_run):
    damage(translated)
    first = cli_run("status", "--json")
    assert first.exit_code == 0
    assert first.stderr.count("is damaged") == 1
    assert "is damaged" not in cli_run("status", "--json").stderr


def test_reuse_is_answered_by_the_index_without_parsing_other_catalogs(translated, monkeypatch):
    translate(translated)  # the index now knows every catalog as it is on disk
    parsed: list[str] = []
    original = memory_module.CatalogMemory._load

    def counting(self, path, keep=True):
        parsed.append(path.name)
        return original(self, path, keep)

    monkeypatch.setattr(memory_module.CatalogMemory, "_load", counting)
    (translated / "seeds" / "c.txt").write_text("Titre C\n\nRetour en haut\n", "utf-8")
    translate(translated, ["c"])
    assert parsed == []
    reused = load_catalog(translated / "locales" / "en" / "c.po").find("Retour en haut")
    assert reused.msgstr == "Back to top" and reused.flags == ["fuzzy"]
    assert f"reused from locales/en/{SECOND}.po" in reused.comment


def test_a_reviewed_translation_is_preferred_and_a_reuse_points_to_its_origin(project):
    translate(project, engine=FakeEngine())  # "Retour en haut" machine-translated in SECOND
    seeds, en = project / "seeds", project / "locales" / "en"
    for name in ("0", "a", "y"):  # 0.po sorts before SECOND's catalog, a.po and y.po after
        (seeds / f"{name}.txt").write_text(f"Titre {name}\n\nRetour en haut\n", "utf-8")
    translate(project, ["0"])
    translate(project, ["a"])  # 0.po holds a copy: the reuse names where it was made
    reused = load_catalog(en / "a.po").find("Retour en haut")
    assert f"reused from locales/en/{SECOND}.po" in reused.comment
    approve(project, "a", "Retour en haut", "Back to top")
    translate(project, ["y"])  # a reviewed translation wins over machine output
    reused = load_catalog(en / "y.po").find("Retour en haut")
    assert reused.msgstr == "Back to top" and "reused from locales/en/a.po" in reused.comment


def test_msgids_that_share_a_key_in_the_reuse_index_are_told_apart(project, monkeypatch):
    """The reuse index holds a digest of the msgid: every msgid given one key, a lookup still
    finds only the msgid it asks for (the one translated elsewhere, not another)."""
    monkeypatch.setattr(indexdb, "msgid_key", lambda msgid: 7)
    translate(project, engine=FakeEngine())
    (project / "seeds" / "c.txt").write_text("Titre C\n\nRetour en haut\n", "utf-8")
    translate(project, ["c"])
    catalog = load_catalog(project / "locales" / "en" / "c.po")
    assert catalog.find("Titre C").msgstr == ""  # no other catalog has it: nothing reused
    reused = catalog.find("Retour en haut")
    assert reused.msgstr == "EN<Retour en haut>"
    assert f"reused from locales/en/{SECOND}.po" in reused.comment
    index = Index(load_project(project))
    try:  # an untranslated entry is fillable only by its own msgid, not one with its key
        memory = index.catalogs("en")
        assert not memory.fillable_from_others("c.po")
    finally:
        index.close()


def test_a_msgid_translated_nowhere_costs_one_lookup(translated, monkeypatch):
    """Most sentences of a new article are translated nowhere: asking costs one index seek,
    not one per state; one translated elsewhere is still found."""
    translate(translated)  # the index now knows every catalog as it is on disk
    queries: list[str] = []
    original = Index.fetch

    def counting(self, sql, parameters):
        queries.append(sql)
        return original(self, sql, parameters)

    monkeypatch.setattr(Index, "fetch", counting)
    index = Index(load_project(translated))
    try:
        memory = index.catalogs("en")
        queries.clear()
        assert memory.reusable("Une phrase que nul n'a traduite.", "x.po") is None
        assert len(queries) == 1
        assert memory.reusable("Retour en haut", "x.po") == (
            "Back to top",
            f"locales/en/{SECOND}.po",
        )
    finally:
        index.close()


def test_reuse_lookups_seek_the_reuse_index_and_never_sort(translated, monkeypatch):
    """A msgid that thousands of catalogs share costs one index seek per state: the plan of
    every lookup names the index and no sort (a temporary B-tree)."""
    asked: list[tuple[str, tuple]] = []
    original = Index.fetch

    def recording(self, sql, parameters):
        if "msgid" in sql and "segments" in sql:
            asked.append((sql, parameters))
        return original(self, sql, parameters)

    monkeypatch.setattr(Index, "fetch", recording)
    index = Index(load_project(translated))
    try:
        memory = index.catalogs("en")
        assert memory.reusable("Retour en haut", "x.po") is not None
        memory.fillable_from_others(f"{FIRST}.po")
        lookups = [(sql, p) for sql, p in asked if "msgid_key" in sql]
        assert len(lookups) >= 2
        for sql, parameters in lookups:
            steps = index.db.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)
            plan = " / ".join(row[3] for row in steps)
            assert "USING INDEX translated_by_msgid" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
    finally:
        index.close()


def test_changed_catalog_is_read_again_and_a_deleted_one_forgotten(translated):
    before = {row["article"]: row for row in rows(project_status(load_project(translated)))}
    title = next(iter(load_catalog(translated / "locales" / "en" / f"{FIRST}.po"))).msgid
    approve(translated, FIRST, title, "A title approved by a person")
    after = {row["article"]: row for row in rows(project_status(load_project(translated)))}
    assert after[FIRST]["reviewed"] == before[FIRST]["reviewed"] + 1
    (translated / "locales" / "en" / f"{SECOND}.po").unlink()
    (translated / "seeds" / "b.txt").write_text("Titre B\n\nRetour en haut\n", "utf-8")
    translate(translated, ["b"])
    assert load_catalog(translated / "locales" / "en" / "b.po").find("Retour en haut").msgstr == ""


def test_two_readers_at_once(translated):
    project = load_project(translated)
    po = project.po_path(FIRST, "en")
    first, second = Index(project), Index(project)
    one, two = first.catalogs("en"), second.catalogs("en")
    try:
        assert one.summary(po) == two.summary(po) is not None
        assert one.reusable("Retour en haut", "x.po") == two.reusable("Retour en haut", "x.po")
    finally:
        first.close()
        second.close()


def test_an_unchanged_article_is_not_read_again_and_warns_only_when_changed(project, monkeypatch):
    latin = project / "seeds" / "latin.txt"
    latin.write_bytes("Titre été\n\nUne phrase déjà lue.\n".encode("latin-1"))
    an_hour_ago = time.time() - 3600  # a stat taken in the tick of a change proves nothing
    for article in (project / "seeds").iterdir():
        os.utime(article, (an_hour_ago, an_hour_ago))
    first = translate(project)
    assert any("latin.txt: not UTF-8" in warning for warning in first.warnings)
    read: list[str] = []
    original = articles_module.read_source

    def counting(path, name=None, *options):
        read.append(path.name)
        return original(path, name, *options)

    monkeypatch.setattr(articles_module, "read_source", counting)
    again = translate(project)
    assert read == [] and not any(o.written for o in again.outcomes)
    # the warning is given when the text is read anew, not on every run (it stays indexed)
    assert not any("latin.txt" in warning for warning in again.warnings)
    latin.write_bytes("Titre été\n\nUne phrase changée.\n".encode("latin-1"))
    status = project_status(load_project(project))
    changed = {row["article"]: row for row in rows(status)}
    assert read == ["latin.txt"] and changed["latin"]["stale"] is True
    assert any("latin.txt: not UTF-8" in warning for warning in status.warnings)
    assert not any("latin.txt" in warning for warning in translate(project).warnings)


def test_an_article_changed_in_the_tick_it_was_read_is_read_again(project):
    """Same size, same mtime, same inode: only the time of the stat can tell."""
    article = project / "seeds" / "c.txt"
    article.write_text("Titre C\n\nUne phrase lue.\n", "utf-8")
    stat = article.stat()
    translate(project, ["c"])
    article.write_text("Titre C\n\nUne phrase vue.\n", "utf-8")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert article.stat().st_size == stat.st_size
    report = translate(project, ["c"])
    assert report.outcomes[0].written
    catalog = load_catalog(project / "locales" / "en" / "c.po")
    assert catalog.find("Une phrase vue.") is not None


class _BreaksOnRead:
    """A database connection that opened cleanly, then fails every query, as a file damaged
    while a command runs does."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql, parameters=()):
        if sql.lstrip().upper().startswith("SELECT"):
            raise sqlite3.DatabaseError("database disk image is malformed")
        return self._db.execute(sql, parameters)

    def __getattr__(self, name):
        return getattr(self._db, name)


@pytest.mark.parametrize("command", [("status",), ("translate", "--engine", "none")])
def test_an_index_that_breaks_mid_run_is_one_line_and_loses_nothing(
    project, cli_run, monkeypatch, command
):
    translate(project)
    po = project / "locales" / "en" / f"{FIRST}.po"
    before = po.read_bytes()
    opened = memory_module._open
    monkeypatch.setattr(memory_module, "_open", lambda *args: _BreaksOnRead(opened(*args)))
    result = cli_run(*command)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: .diptych/index.sqlite3: ")
    assert "database disk image is malformed" in lines[0] and "only a cache" in lines[0]
    assert po.read_bytes() == before


def test_a_catalog_that_cannot_be_read_is_never_reused_and_stops_no_other_article(translated):
    en = translated / "locales" / "en"
    (en / "broken.po").write_text(
        'msgid "Titre C"\nmsgstr "Title from a broken file"\nthis line is not PO\n', "utf-8"
    )
    (en / "folder.po").mkdir()
    (translated / "seeds" / "c.txt").write_text("Titre C\n\nRetour en haut\n", "utf-8")
    report = translate(translated, ["c"])
    assert not report.failures
    catalog = load_catalog(en / "c.po")
    assert catalog.find("Titre C").msgstr == ""  # nothing taken from the broken file
    assert catalog.find("Retour en haut").msgstr == "Back to top"  # the index still serves


@pytest.mark.parametrize("command", ["status", "review"])
def test_the_index_is_closed_when_a_command_fails_midway(translated, monkeypatch, command):
    """What a command learnt is committed and the connection let go even when it stops on
    an error (a catalog index that broke, say)."""
    from translate import errors, review, status

    closed: list[Index] = []
    original = Index.close
    monkeypatch.setattr(Index, "close", lambda self: closed.append(self) or original(self))

    def broken(*args, **kwargs):
        raise errors.CacheError("the index broke")

    monkeypatch.setattr(status, "_article_rows", broken)
    monkeypatch.setattr(review, "review_catalog", broken)
    run = status.project_status if command == "status" else review.review_project
    with pytest.raises(errors.CacheError):
        run(load_project(translated))
    assert len(closed) == 1


@pytest.mark.parametrize(
    ("folder", "path", "name"),
    [
        ("/p/locales/en", "/p/locales/en/a.po", "a.po"),
        ("/p/locales/en", "/p/locales/en/web/http/index.po", "web/http/index.po"),
        ("/p/locales/en", "/p/locales/en-GB/a.po", "a.po"),  # a sibling folder, not inside
        ("/p/locales/en", "/p/locales/enx.po", "enx.po"),
        ("locales/en", "locales/en/sub/a.po", "sub/a.po"),
        ("/", "/a.po", "a.po"),
    ],
)
def test_a_catalog_s_name_is_its_path_inside_the_target_folder(folder, path, name):
    """The name is read off the path as text (a run over 10,000 catalogs asks it three times
    each): it must be what pathlib's `relative_to` gives, or the file name outside."""
    from pathlib import Path

    from translate.memory import _name_in

    assert _name_in(Path(folder), Path(path)) == name
    try:
        expected = Path(path).relative_to(Path(folder)).as_posix()
    except ValueError:
        expected = Path(path).name
    assert name == expected
