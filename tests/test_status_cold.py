"""A cold `status`: catalogs saved since the index saw them (by reviewers' editors) cost in
proportion to what changed in them. Counted, not timed: how many entries QA checks again, how
many statements a catalog costs the index, and whether worker processes give the same answer."""

from __future__ import annotations

import shutil
import sqlite3

import polib
import pytest
from fakes import FakeEngine

from translate import memory as memory_module
from translate import pipeline, qa
from translate.memory import DATABASE
from translate.project import load_project
from translate.status import project_status


@pytest.fixture
def translated(project):
    pipeline.translate_project(load_project(project), engine_factory=lambda target: FakeEngine())
    return project


def rows(report):
    return [row.as_dict() for row in report.articles]


def catalogs(project):
    return sorted((project / "locales").rglob("*.po"))


def resave(project, edit=None):
    """Every catalog saved by polib, as a PO editor saves it (its revision date updated)."""
    for po in catalogs(project):
        before = po.read_bytes()
        catalog = polib.pofile(str(po))
        catalog.metadata["PO-Revision-Date"] = "2027-01-05 09:30+0000"
        if edit is not None:
            edit(catalog)
        catalog.save(str(po))
        assert po.read_bytes() != before


@pytest.fixture
def checked(monkeypatch):
    """The (source, target) pairs QA checks, in this process."""
    pairs: list[tuple[str, str]] = []
    original = qa._findings_alone

    def counting(source, target, languages, terms):
        pairs.append((source, target))
        return original(source, target, languages, terms)

    monkeypatch.setattr(qa, "_findings_alone", counting)
    return pairs


@pytest.fixture
def statements(monkeypatch):
    """The SQL statements the index runs, in this process (each row of an executemany too)."""
    ran: list[str] = []
    opened = memory_module._open

    def tracing(*args):
        db = opened(*args)
        db.set_trace_callback(ran.append)
        return db

    monkeypatch.setattr(memory_module, "_open", tracing)
    return ran


def segments(project):
    with sqlite3.connect(project / ".diptych" / DATABASE) as db:
        return db.execute(
            "SELECT rowid, target, catalog, msgid, msgstr, state, terms, findings FROM segments "
            "ORDER BY rowid"
        ).fetchall()


def test_a_catalog_saved_again_with_the_same_entries_is_not_checked_again(
    translated, checked, statements
):
    expected = rows(project_status(load_project(translated)))
    kept = segments(translated)
    resave(translated)
    checked.clear()
    statements.clear()
    assert rows(project_status(load_project(translated))) == expected
    assert checked == []  # every finding came from the index
    written = [s for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert all("segments" not in s for s in written), written
    assert segments(translated) == kept  # not a row rewritten


def test_a_changed_catalog_costs_a_bounded_number_of_statements(translated, statements):
    project_status(load_project(translated))
    count = len(catalogs(translated))
    statements.clear()
    resave(translated)
    project_status(load_project(translated))
    # per changed catalog: its findings, its rows, its catalog row (a handful, not a query
    # per entry nor one growing with the index); and a few for the command itself
    assert len(statements) <= 6 * count + 20, statements


def test_an_entry_changed_in_place_is_updated_and_checked_alone(translated, checked):
    project_status(load_project(translated))
    before = {row[3]: row for row in segments(translated)}

    def edit(catalog):
        for entry in catalog:
            if entry.msgstr:
                entry.msgstr, entry.flags = entry.msgstr + " (edited)", []
                return

    resave(translated, edit)
    checked.clear()
    report = project_status(load_project(translated))
    after = {row[3]: row for row in segments(translated)}
    assert after.keys() == before.keys()
    changed = [msgid for msgid in after if after[msgid] != before[msgid]]
    assert len(changed) == len(catalogs(translated))  # one entry per catalog
    assert all(after[m][0] == before[m][0] for m in after)  # updated in place: same rows
    assert sorted(checked) == sorted({(m, after[m][4]) for m in changed})
    fresh = project_status(load_project(translated))  # the index as it is now, read again
    assert rows(report) == rows(fresh)


def test_an_entry_many_catalogs_share_is_checked_once_per_command(translated, checked):
    project_status(load_project(translated))
    msgid, msgstr = "Une phrase que tous partagent.", "A sentence they all share."

    def edit(catalog):
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment="paragraph"))

    resave(translated, edit)
    checked.clear()
    project_status(load_project(translated))
    assert checked == [(msgid, msgstr)]  # not once per catalog


def test_worker_processes_give_the_status_one_process_gives(translated, monkeypatch):
    project_status(load_project(translated))
    resave(translated)
    serial = translated.parent / "serial"
    shutil.copytree(translated, serial)
    expected = rows(project_status(load_project(serial)))
    kept = [row[1:] for row in segments(serial)]
    monkeypatch.setattr(memory_module, "PARALLEL_MIN_CATALOGS", 1)
    monkeypatch.setattr(memory_module, "cores", lambda: 2)
    used = []
    original = memory_module.process_map

    def spying(*args, **kwargs):
        used.append(kwargs["workers"])
        return original(*args, **kwargs)

    monkeypatch.setattr(memory_module, "process_map", spying)
    assert rows(project_status(load_project(translated))) == expected
    assert used == [2] * len(load_project(translated).targets)
    assert [row[1:] for row in segments(translated)] == kept


def _rows_of_a_new_index(project, tmp_path):
    """The segment rows an index made from nothing holds for the project as it is now."""
    copy = tmp_path / "fresh"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".diptych"))
    project_status(load_project(copy))
    return sorted(row[1:] for row in segments(copy))


@pytest.mark.parametrize("change", ["translation", "language pair"])
def test_the_rows_a_cold_status_updates_are_those_a_new_index_holds(translated, tmp_path, change):
    """Whatever changed in a catalog (a translation; only the language pair its findings
    were made for, so only findings change), the rows updated in place hold what a new
    index would hold, findings included."""
    project_status(load_project(translated))

    def edit(catalog):
        if change == "language pair":
            catalog.metadata["Language"] = "de"
            return
        for entry in catalog:
            if entry.msgstr:
                entry.msgstr = entry.msgstr.replace(" ", "  ", 1) + " 1 2 3"
                return

    resave(translated, edit)
    project_status(load_project(translated))
    assert sorted(row[1:] for row in segments(translated)) == _rows_of_a_new_index(
        translated, tmp_path
    )


@pytest.mark.parametrize("engine", ["fake", "none"])
def test_translate_over_a_known_project_makes_no_query_per_article(project, statements, engine):
    """Translating the whole project again reads the index's catalog and article rows in one
    query per table, not one per article (at N = 10,000 those queries were a third of the
    run after one edit)."""
    seeds = sorted((project / "seeds").iterdir())
    for number in range(24):  # more articles than the queries a run may make
        shutil.copy(seeds[number % len(seeds)], project / "seeds" / f"copy-{number:02d}.txt")
    factory = (lambda target: FakeEngine()) if engine == "fake" else None
    kind = "argos" if engine == "fake" else "none"  # the fake stands in for the model

    def run():
        return pipeline.translate_project(
            load_project(project), engine=kind, engine_factory=factory
        )

    run()
    statements.clear()
    report = run()
    assert report.outcomes and not any(o.written for o in report.outcomes)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    per_article = [s for s in reads if "FROM sources WHERE name" in s or "AND name =" in s]
    assert per_article == [], per_article[:3]
