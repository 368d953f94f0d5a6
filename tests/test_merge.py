"""Updating a translated article after its source changed: golden merges, one per case."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fakes import FakeEngine

from translate.catalog import load_catalog
from translate.pipeline import translate_project
from translate.project import load_project

CASES = Path(__file__).resolve().parent / "golden" / "merge"
REGENERATE = os.environ.get("DIPTYCH_REGEN_GOLDEN") == "1"


def merge_case(name: str, tmp_path: Path, engine: FakeEngine | None = None) -> Path:
    root = tmp_path / name
    (root / "seeds").mkdir(parents=True)
    (root / "locales" / "en").mkdir(parents=True)
    shutil.copy(CASES / name / "after.txt", root / "seeds" / "article.txt")
    shutil.copy(CASES / name / "before.po", root / "locales" / "en" / "article.po")
    engine = engine or FakeEngine()
    translate_project(load_project(root), engine_factory=lambda target: engine)
    return root / "locales" / "en" / "article.po"


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_merge_matches_golden(name, tmp_path, msgfmt_check):
    result = merge_case(name, tmp_path)
    expected = CASES / name / "expect.po"
    if REGENERATE:
        shutil.copy(result, expected)
    assert result.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
    assert msgfmt_check(result) == ""


def entries(path: Path) -> dict:
    return {e.msgid: e for e in load_catalog(path) if not e.obsolete}


def test_changed_sentence_carries_translation_fuzzy_with_previous_msgid(tmp_path):
    engine = FakeEngine()
    po = merge_case("edited", tmp_path, engine)
    entry = entries(po)["Le conseil municipal a voté le budget mardi soir."]
    assert entry.msgstr == "The city council passed the budget on Monday evening."
    assert entry.flags == ["fuzzy"]
    assert entry.previous_msgid == "Le conseil municipal a voté le budget lundi soir."
    assert entry.tcomment == "Checked the date with the city hall."
    assert "mt: EN<Le conseil municipal a voté le budget mardi soir.>" in entry.comment
    assert entries(po)["Le budget"].msgstr == "The budget" and not entries(po)["Le budget"].flags
    # the approved translation carried over is also kept as it was, so that it comes back
    # approved if the sentence is restored (as msgmerge revives an obsolete entry)
    obsolete = [e for e in load_catalog(po) if e.obsolete]
    assert [(e.msgid, e.msgstr, e.flags) for e in obsolete] == [
        (entry.previous_msgid, entry.msgstr, [])
    ]
    header = load_catalog(po).metadata
    assert "X-Source-Changed" in header and header["X-Source-Hash"] != "0000000000000000"


def test_split_and_merge_carry_translations_as_fuzzy_drafts(tmp_path):
    po = merge_case("split-merge", tmp_path)
    catalog = entries(po)
    first = catalog["Le port de Marseille a accueilli un nouveau navire."]
    second = catalog["Il transporte des conteneurs vers l’Asie."]
    assert (first.msgstr, second.msgstr) == (
        "The port of Marseille welcomed a new ship.",
        "It carries containers to Asia.",
    )
    assert first.flags == second.flags == ["fuzzy"]
    assert first.previous_msgid.startswith("Le port de Marseille a accueilli un nouveau navire,")
    merged = catalog["La grève des dockers est terminée et le trafic reprend normalement."]
    assert merged.msgstr == "The dockers' strike is over. Traffic is returning to normal."
    assert merged.flags == ["fuzzy"]
    assert merged.tcomment == 'Keep "traffic", not "circulation".'
    assert "merged from 2 segments" in merged.comment


def test_new_segment_translated_removed_obsolete_restored_revived(tmp_path):
    engine = FakeEngine()
    po = merge_case("new-removed-restored", tmp_path, engine)
    catalog = load_catalog(po)
    restored = catalog.find("Il pleuvra demain sur toute la région.")
    assert not restored.obsolete
    assert restored.msgstr == "It will rain tomorrow across the whole region."
    cut = [e for e in catalog if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in cut] == [
        (
            "Un orage a éclaté hier soir au-dessus du port.",
            "A storm broke out over the harbour last night.",
        )
    ]
    assert cut[0].tcomment == "A reviewer's note on a sentence that is about to be cut."
    assert engine.calls == [["Les écoles resteront ouvertes lundi."]], "only the new segment"
    new = catalog.find("Les écoles resteront ouvertes lundi.")
    assert new.msgstr == "EN<Les écoles resteront ouvertes lundi.>" and new.flags == ["fuzzy"]


def test_a_catalog_a_checkpoint_wrote_is_reported_written(tmp_path, monkeypatch):
    """Hardening 27.13: two new articles, the first one's catalog complete at a checkpoint
    (the last write then finds nothing new): both are reported written, not unchanged."""
    from translate import pipeline

    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text("Premier\n\nUne phrase. Une autre.\n")
    (root / "seeds" / "b.txt").write_text("Second\n\nEncore une phrase. Et la fin.\n")
    monkeypatch.setattr(pipeline, "CHECKPOINT_SEGMENTS", 3)
    engine = FakeEngine()
    report = translate_project(load_project(root), engine_factory=lambda target: engine)
    assert len(engine.calls) == 2 and engine.calls[0] == ["Premier", "Une phrase.", "Une autre."]
    assert [(o.slug, o.written) for o in report.outcomes] == [("a", True), ("b", True)]
    again = translate_project(load_project(root), engine_factory=lambda target: engine)
    assert [(o.slug, o.written) for o in again.outcomes] == [("a", False), ("b", False)]
