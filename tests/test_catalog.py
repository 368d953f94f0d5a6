"""catalog: PO files per docs/architecture.md, merges that keep every translation."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import polib
import pytest

from translate.catalog import (
    CatalogInfo,
    Draft,
    Occurrence,
    load_catalog,
    merge_catalog,
    render_catalog,
)
from translate.errors import CatalogError
from translate.pipeline import translate_project
from translate.postore import read_catalog, write_merged
from translate.project import load_project
from translate.states import entry_state

GOLDEN = Path(__file__).resolve().parent / "golden" / "po"
REGENERATE = os.environ.get("DIPTYCH_REGEN_GOLDEN") == "1"
INFO = CatalogInfo(slug="a", source_name="seeds/a.txt", source="fr", target="en")
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
T1 = datetime(2026, 2, 2, 12, 0, tzinfo=timezone.utc)


def occ(msgid: str, line: int = 1, kind: str = "paragraph") -> Occurrence:
    return Occurrence(msgid, (("seeds/a.txt", str(line)),), (kind,))


def reparse(catalog: polib.POFile) -> polib.POFile:
    return polib.pofile(render_catalog(catalog))


def write(path: Path, catalog: polib.POFile) -> bool:
    """Write `catalog` over the file through the write path every command uses."""
    return write_merged(path, lambda existing: catalog, read_catalog(path))[0]


def test_seed_catalogs_match_golden_files(project, msgfmt_check):
    report = translate_project(load_project(project), engine="none")
    assert len(report.outcomes) == 2 and not report.failures
    for outcome in report.outcomes:
        golden = GOLDEN / outcome.po_path.name
        if REGENERATE:
            golden.write_bytes(outcome.po_path.read_bytes())
        assert outcome.po_path.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")
        assert msgfmt_check(outcome.po_path) == ""


def test_header_has_every_design_field_and_passes_msgfmt(tmp_path, msgfmt_check):
    info = CatalogInfo("a", "seeds/a.txt", "fr", "en", "abc123", "argos translate-fr_en 1.9")
    catalog = merge_catalog(info, [occ("Bonjour.")], None, now=T0)
    meta = catalog.metadata
    assert meta["Project-Id-Version"] == "a"
    assert meta["Language"] == "en"
    assert meta["MIME-Version"] == "1.0"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Content-Transfer-Encoding"] == "8bit"
    assert meta["X-Generator"].startswith("diptych ")
    assert meta["X-Source-Language"] == "fr"
    assert meta["X-Source-File"] == "seeds/a.txt"
    assert meta["X-Machine-Translation"] == "argos translate-fr_en 1.9"
    assert meta["PO-Revision-Date"] == "2026-01-01 12:00+0000"
    assert meta["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    path = tmp_path / "a.po"
    write(path, catalog)
    assert msgfmt_check(path) == ""


def test_entries_in_document_order_with_occurrences_kinds_and_mt_comment():
    occurrences = [
        Occurrence("Titre", (("seeds/a.txt", "1"),), ("title",)),
        Occurrence("Il pleut.", (("seeds/a.txt", "3"), ("seeds/a.txt", "7")), ("paragraph",)),
    ]
    drafts = {"Il pleut.": Draft("It is raining.", mt="It is raining.")}
    catalog = reparse(merge_catalog(INFO, occurrences, None, drafts, now=T0))
    assert [e.msgid for e in catalog] == ["Titre", "Il pleut."]
    rain = catalog.find("Il pleut.")
    assert rain.occurrences == [("seeds/a.txt", "3"), ("seeds/a.txt", "7")]
    assert rain.comment == "paragraph\nmt: It is raining."
    assert rain.flags == ["fuzzy"] and entry_state(rain) == "machine"
    assert entry_state(catalog.find("Titre")) == "untranslated"


def test_merge_keeps_reviewed_fuzzy_and_translator_comments_and_never_overwrites():
    first = merge_catalog(INFO, [occ("Un."), occ("Deux.", 2)], None, now=T0)
    first.find("Un.").msgstr = "One, approved."
    first.find("Un.").tcomment = "checked with the author"
    first.find("Deux.").msgstr = "Two draft"
    first.find("Deux.").flags = ["fuzzy"]
    drafts = {"Un.": Draft("MT one", mt="MT one"), "Deux.": Draft("MT two", mt="MT two")}
    merged = reparse(merge_catalog(INFO, [occ("Un."), occ("Deux.", 2)], reparse(first), drafts))
    one, two = merged.find("Un."), merged.find("Deux.")
    assert (one.msgstr, one.flags, one.tcomment) == (
        "One, approved.",
        [],
        "checked with the author",
    )
    assert entry_state(one) == "reviewed"
    assert (two.msgstr, two.flags) == ("Two draft", ["fuzzy"])


def test_removed_segments_become_obsolete_and_come_back_with_their_translation():
    first = merge_catalog(INFO, [occ("Un."), occ("Deux.", 2), occ("Trois.", 3)], None, now=T0)
    first.find("Deux.").msgstr = "Two."
    first.find("Deux.").tcomment = "keep"
    gone = reparse(merge_catalog(INFO, [occ("Un.")], reparse(first), now=T1))
    obsolete = [e for e in gone if e.obsolete]
    assert [(e.msgid, e.msgstr, e.tcomment) for e in obsolete] == [("Deux.", "Two.", "keep")]
    assert gone.find("Trois.") is None, "untranslated segments that left have nothing to keep"
    back = reparse(merge_catalog(INFO, [occ("Un."), occ("Deux.", 2)], gone, now=T1))
    revived = back.find("Deux.")
    assert not revived.obsolete and revived.msgstr == "Two." and revived.tcomment == "keep"
    assert not [e for e in back if e.obsolete]


def test_revision_date_changes_only_when_an_entry_changes():
    first = reparse(merge_catalog(INFO, [occ("Un.")], None, now=T0))
    same = merge_catalog(INFO, [occ("Un.")], first, now=T1)
    assert same.metadata["PO-Revision-Date"] == "2026-01-01 12:00+0000"
    assert render_catalog(same) == render_catalog(first)
    changed = merge_catalog(INFO, [occ("Un."), occ("Deux.", 2)], first, now=T1)
    assert changed.metadata["PO-Revision-Date"] == "2026-02-02 12:00+0000"


def test_reviewer_header_fields_are_kept():
    first = reparse(merge_catalog(INFO, [occ("Un.")], None, now=T0))
    first.metadata["Last-Translator"] = "Anne Martin <anne@example.org>"
    first.metadata["Language-Team"] = "English <en@example.org>"
    merged = merge_catalog(INFO, [occ("Un.")], reparse(first), now=T1)
    assert merged.metadata["Last-Translator"] == "Anne Martin <anne@example.org>"
    assert merged.metadata["Language-Team"] == "English <en@example.org>"


def test_write_is_atomic_and_reports_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "locales" / "en" / "a.po"
    catalog = merge_catalog(INFO, [occ("Un.")], None, now=T0)
    assert write(path, catalog) is True
    before, inode = path.stat().st_mtime_ns, path.stat().st_ino
    assert write(path, catalog) is False
    assert path.stat().st_mtime_ns == before
    assert [p.name for p in path.parent.iterdir()] == ["a.po"], "no temporary file left behind"
    # the new content is complete on disk before it takes the file's name: a failure while
    # writing leaves the old file whole, and its temporary file removed
    from translate import files

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", failing_replace)
    changed = merge_catalog(INFO, [occ("Un."), occ("Deux.", 2)], catalog, now=T1)
    old = path.read_bytes()
    with pytest.raises(OSError):
        write(path, changed)
    assert path.read_bytes() == old and path.stat().st_ino == inode
    assert [p.name for p in path.parent.iterdir()] == ["a.po"]


def test_special_characters_round_trip_through_po_escaping(tmp_path, msgfmt_check):
    msgid = 'Il dit « non » \\ "oui"\u202f! Tab\tici.'
    catalog = merge_catalog(INFO, [occ(msgid)], None, {msgid: Draft('He said "no"', mt="x")}, T0)
    path = tmp_path / "a.po"
    write(path, catalog)
    assert msgfmt_check(path) == ""
    assert load_catalog(path).find(msgid).msgstr == 'He said "no"'


BROKEN = [
    ('msgid "a"\nmsgstr "b\n', 2, "unterminated"),
    ('msgid "a"\nmsgstr "b"\nfoo bar\n', 3, "unexpected"),
    ('msgid "a"\nmsgstr "b" trailing\n', 2, "malformed"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate"),
]


@pytest.mark.parametrize("body, line, reason", BROKEN)
def test_syntax_errors_name_file_and_line(tmp_path, body, line, reason):
    path = tmp_path / "a.po"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CatalogError, match=reason) as caught:
        load_catalog(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}:")


def test_catalogs_written_by_gettext_tools_load(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(
        '# Translator note\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgid "Old."\nmsgid ""\n"Long "\n"text."\nmsgstr "x"\n\n'
        '#~ msgid "Gone."\n#~ msgstr "Parti."\n',
        encoding="utf-8",
    )
    catalog = load_catalog(path)
    assert catalog.find("Long text.").previous_msgid == "Old."
    assert [e.msgid for e in catalog if e.obsolete] == ["Gone."]


def test_a_merge_never_changes_the_catalog_it_merges_from():
    """The base of a merge is left as it was, whatever the merge does (machine output queued
    again, drafts, carried translations, obsolete and unowned entries), and the result shares
    no entry with it: a later merge from the same base sees what was read."""
    first = merge_catalog(INFO, [occ("Un."), occ("Deux.", 2), occ("Trois.", 3)], None, now=T0)
    first.find("Un.").msgstr, first.find("Un.").flags = "MT one", ["fuzzy"]
    first.find("Deux.").msgstr, first.find("Deux.").tcomment = "Two.", "keep"
    first.append(polib.POEntry(msgctxt="menu", msgid="Accueil", msgstr="Home"))
    base = reparse(first)
    before = render_catalog(base)
    drafts = {"Un.": Draft("Fresh one", mt="Fresh one"), "Quatre.": Draft("Four", mt="Four")}
    occurrences = [occ("Un."), occ("Deux trois.", 2), occ("Quatre.", 3)]
    merged = merge_catalog(INFO, occurrences, base, drafts, T1, {"Un.": ()}, retranslate={"Un."})
    assert merged.find("Un.").msgstr == "Fresh one"
    assert render_catalog(base) == before
    for entry in merged:
        entry.msgstr, entry.tcomment, entry.flags = "changed", "changed", ["changed"]
    assert render_catalog(base) == before
