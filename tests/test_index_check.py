"""How much of the catalog index is checked when a command opens it: all its pages when it
was not closed cleanly or a command found it failing, else the tables every command reads
whole (a full check of a large archive's index costs more
than a warm `status` itself)."""

from __future__ import annotations

import sqlite3

import polib
import pytest
from fakes import FakeEngine
from test_memory import spoil_pages

from translate import parsed, pipeline
from translate.memory import DATABASE
from translate.project import load_project
from translate.status import project_status


@pytest.fixture
def translated(project):
    pipeline.translate_project(load_project(project), engine_factory=lambda target: FakeEngine())
    project_status(load_project(project))
    return project


@pytest.fixture
def statements(monkeypatch):
    """The SQL statements run over connections to the index, from their opening on."""
    ran: list[str] = []
    connect = parsed.connect

    def tracing(*args, **kwargs):
        db = connect(*args, **kwargs)
        db.set_trace_callback(ran.append)
        return db

    monkeypatch.setattr(parsed, "connect", tracing)
    return ran


def rows(report):
    return [row.as_dict() for row in report.articles]


def database(project):
    return project / ".diptych" / DATABASE


def full_checks(statements):
    return [s for s in statements if s.strip() == "PRAGMA quick_check"]


def test_an_index_closed_cleanly_is_not_checked_page_by_page(translated, statements):
    assert not (translated / ".diptych" / f"{DATABASE}-wal").exists()  # closed cleanly
    report = project_status(load_project(translated))
    assert report.warnings == ()
    assert full_checks(statements) == []
    assert any("quick_check(catalogs)" in s for s in statements)  # the tables read whole


def test_an_index_left_with_wal_frames_is_checked_whole(translated, statements):
    """Another process still writing, or one that stopped midway, leaves frames in the WAL."""
    other = sqlite3.connect(database(translated))
    try:
        other.execute("INSERT INTO meta VALUES ('written by', 'another process')")
        other.commit()  # in the WAL until the last connection closes
        assert (translated / ".diptych" / f"{DATABASE}-wal").stat().st_size > 0
        project_status(load_project(translated))
    finally:
        other.close()
    assert len(full_checks(statements)) == 1


def _spoil_segments(project):
    """Garbage in the pages of the segments table alone (a table the opening check leaves
    out when the database was closed cleanly)."""
    spoil_pages(database(project), "SELECT pageno FROM dbstat WHERE name = 'segments'")


def test_a_damaged_table_a_command_finds_makes_the_next_command_rebuild(translated):
    expected = rows(project_status(load_project(translated)))
    try:
        _spoil_segments(translated)
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    for po in sorted((translated / "locales").rglob("*.po")):  # saved again: read again
        catalog = polib.pofile(str(po))
        catalog.metadata["PO-Revision-Date"] = "2027-01-05 09:30+0000"
        catalog.save(str(po))
    project_status(load_project(translated))  # it reads the segments: they fail
    assert (translated / ".diptych" / f"{DATABASE}-suspect").exists()
    report = project_status(load_project(translated))
    assert len(report.warnings) == 1 and "is damaged" in report.warnings[0]
    assert rows(report) == expected
    assert not (translated / ".diptych" / f"{DATABASE}-suspect").exists()
    again = project_status(load_project(translated))
    assert again.warnings == () and rows(again) == expected


def test_an_index_cut_short_is_rebuilt(translated):
    """Its last page gone, one of a table the opening check leaves out (a kept parse): the
    header counts the pages the file should have."""
    expected = rows(project_status(load_project(translated)))
    path = database(translated)
    with sqlite3.connect(path) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        blob = sqlite3.Binary(bytes(size * 4))  # pages of its own, at the end of the file
        db.execute("INSERT INTO parsed VALUES ('en/kept.po', 'digest', ?)", (blob,))
    data = path.read_bytes()
    path.write_bytes(data[:-size])
    report = project_status(load_project(translated))
    assert len(report.warnings) == 1 and "is damaged" in report.warnings[0]
    assert rows(report) == expected
