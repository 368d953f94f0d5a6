"""The translate job with an injected fake engine: exact text, reuse, resumption."""

from __future__ import annotations

import pytest
from fakes import FakeEngine

from translate import pipeline
from translate.catalog import load_catalog
from translate.errors import EngineError
from translate.project import load_project
from translate.states import entry_state


def run(project, engine, names=None):
    return pipeline.translate_project(
        load_project(project), names, engine_factory=lambda target: engine
    )


def entries(path):
    return {e.msgid: e for e in load_catalog(path) if not e.obsolete}


def test_machine_output_goes_to_msgstr_fuzzy_with_mt_comment_and_header(project):
    engine = FakeEngine()
    report = run(project, engine)
    assert len(engine.calls) == 1, "all pending segments of the run in one pass"
    po = project / "locales" / "en" / "000_da88f1f87eecb2fd.po"
    catalog = load_catalog(po)
    assert catalog.metadata["X-Machine-Translation"] == "fake 1.0"
    for entry in catalog:
        assert entry.msgstr == f"EN<{entry.msgid}>"
        assert entry.flags == ["fuzzy"]
        assert f"mt: EN<{entry.msgid}>" in entry.comment.split("\n")
        # an engine without a score records no confidence
        assert "mt-confidence" not in entry.comment
        assert entry_state(entry) == "machine"
    assert sum(o.machine_translated for o in report.outcomes) == len(engine.calls[0])


def test_rerun_with_nothing_new_loads_no_engine_and_changes_no_byte(project):
    run(project, FakeEngine())
    before = {p: p.read_bytes() for p in (project / "locales" / "en").iterdir()}

    def refuse(target):
        raise AssertionError("no engine may be created when nothing is pending")

    pipeline.translate_project(load_project(project), engine_factory=refuse)
    assert {p: p.read_bytes() for p in (project / "locales" / "en").iterdir()} == before


def test_an_engine_that_translates_nothing_is_never_made(project):
    """The registry's `translates` contract, not the engine, says `none` fills nothing."""

    def refuse(target):
        raise AssertionError("the none engine translates nothing: no engine to make")

    report = pipeline.translate_project(load_project(project), engine="none", engine_factory=refuse)
    assert report.outcomes and all(o.machine_translated == 0 for o in report.outcomes)
    with pytest.raises(EngineError, match="unknown translation engine"):
        pipeline.translate_project(load_project(project), engine="nope")


def test_reviewed_translation_is_never_replaced(project):
    run(project, FakeEngine())
    po = project / "locales" / "en" / "000_da88f1f87eecb2fd.po"
    catalog = load_catalog(po)
    first = next(iter(catalog))
    first.msgstr, first.flags = "Approved by a person", []
    catalog.save(str(po))
    run(project, FakeEngine())
    assert entries(po)[first.msgid].msgstr == "Approved by a person"
    assert entries(po)[first.msgid].flags == []


def test_identical_segment_in_another_catalog_is_reused_not_retranslated(project):
    seeds = project / "seeds"
    (seeds / "b.txt").write_text("Titre B\n\nRetour en haut\n\nNouvelle phrase.\n", "utf-8")
    run(project, FakeEngine(), ["000_da88f1f87eecb2fd", "002_e7fcacc06b89f122"])
    po = project / "locales" / "en" / "002_e7fcacc06b89f122.po"
    catalog = load_catalog(po)
    catalog.find("Retour en haut").msgstr = "Back to top"
    catalog.find("Retour en haut").flags = []
    catalog.save(str(po))
    engine = FakeEngine()
    report = run(project, engine, ["b"])
    assert engine.calls == [["Titre B", "Nouvelle phrase."]]
    reused = entries(project / "locales" / "en" / "b.po")["Retour en haut"]
    assert reused.msgstr == "Back to top" and reused.flags == ["fuzzy"]
    assert "reused from locales/en/002_e7fcacc06b89f122.po" in reused.comment
    assert report.outcomes[0].reused == 1


def test_interrupted_run_keeps_finished_chunks_and_resumes(project, monkeypatch, msgfmt_check):
    monkeypatch.setattr(pipeline, "CHECKPOINT_SEGMENTS", 10)
    with pytest.raises(KeyboardInterrupt):
        run(project, FakeEngine(fail_after_calls=2))
    folder = project / "locales" / "en"
    done = {}
    for po in folder.glob("*.po"):
        assert msgfmt_check(po) == ""
        done.update({m: e.msgstr for m, e in entries(po).items() if e.msgstr})
    assert len(done) == 20, "two chunks of ten were saved"
    engine = FakeEngine()
    run(project, engine)
    resumed = [m for call in engine.calls for m in call]
    assert not set(resumed) & set(done), "the rerun translates only what is missing"
    total = sum(len(entries(po)) for po in folder.glob("*.po"))
    assert len(resumed) + len(done) == total


def test_duplicate_segment_is_one_entry_with_two_occurrences(project):
    (project / "seeds" / "c.txt").write_text("Titre\n\nLa même phrase.\n\nLa même phrase.\n")
    engine = FakeEngine()
    run(project, engine, ["c"])
    assert engine.calls == [["Titre", "La même phrase."]]
    entry = entries(project / "locales" / "en" / "c.po")["La même phrase."]
    assert entry.occurrences == [("seeds/c.txt", "3"), ("seeds/c.txt", "5")]


def test_soft_wrapped_lines_fold_to_one_space_and_keep_line_numbers(project):
    (project / "seeds" / "d.txt").write_text(
        "Titre\n\nUne phrase\nsur deux lignes.   Puis\u00a0: une autre.\n"
    )
    run(project, FakeEngine(), ["d"])
    catalog = entries(project / "locales" / "en" / "d.po")
    assert catalog["Une phrase sur deux lignes."].occurrences == [("seeds/d.txt", "3")]
    assert catalog["Puis\u00a0: une autre."].occurrences == [("seeds/d.txt", "4")]


def test_markdown_markup_never_reaches_the_engine_and_is_restored(project):
    (project / "seeds" / "m.md").write_text(
        "# Titre\n\nLisez [le rapport](https://exemple.fr/r?id=3) et `diptych run` *vite*.\n",
        encoding="utf-8",
    )
    engine = FakeEngine()
    run(project, engine, ["m"])
    sent = engine.calls[0][1]
    assert "https://exemple.fr" not in sent and "diptych run" not in sent
    assert "le rapport" in sent and "vite" in sent
    entry = entries(project / "locales" / "en" / "m.po")[
        "Lisez [le rapport](https://exemple.fr/r?id=3) et `diptych run` *vite*."
    ]
    assert "](https://exemple.fr/r?id=3)" in entry.msgstr
    assert "`diptych run`" in entry.msgstr and "*vite*" in entry.msgstr
    assert f"mt: {entry.msgstr}" in entry.comment.split("\n"), "machine state: msgstr == mt"


def test_shortcut_references_defined_in_the_article_are_kept_whole(project):
    """`[la note]` names the article's definition by its words: translated, it would lose
    its link; `[sic]`, defined nowhere, is plain text for the model."""
    (project / "seeds" / "m.md").write_text(
        "# Titre\n\nVoir [la note] et [sic] ici.\n\n[la note]: https://exemple.fr/note\n",
        encoding="utf-8",
    )
    engine = FakeEngine()
    run(project, engine, ["m"])
    sent = [text for call in engine.calls for text in call if text.startswith("Voir")]
    assert sent == ["Voir <x1/> et [sic] ici."]
    entry = entries(project / "locales" / "en" / "m.po")["Voir [la note] et [sic] ici."]
    assert entry.msgstr == "EN<Voir [la note] et [sic] ici.>"


def test_reference_link_labels_never_reach_the_engine(project):
    (project / "seeds" / "r.md").write_text(
        "# Titre\n\nVoir [le site][metro] puis [la gare] et [sic] ici.\n\n"
        "[metro]: https://exemple.fr/metro\n[la gare]: https://exemple.fr/gare\n",
        encoding="utf-8",
    )
    engine = FakeEngine()
    run(project, engine, ["r"])
    sent = engine.calls[0][1]
    assert "metro" not in sent and "la gare" not in sent  # labels kept aside
    assert "le site" in sent and "sic" in sent  # link text and undefined brackets are prose
    entry = entries(project / "locales" / "en" / "r.po")[
        "Voir [le site][metro] puis [la gare] et [sic] ici."
    ]
    assert "][metro]" in entry.msgstr and "[la gare]" in entry.msgstr


class DroppingEngine(FakeEngine):
    """Loses every placeholder, as a weak model might."""

    def translate(self, sources):
        import re

        return [type(r)(re.sub(r"</?[gx]\d+/?>", "", r.text)) for r in super().translate(sources)]


def test_lost_markup_leaves_a_note_and_usable_text(project):
    (project / "seeds" / "m.md").write_text(
        "# Titre\n\nVoir [la page](https://exemple.fr) ici.\n", encoding="utf-8"
    )
    run(project, DroppingEngine(), ["m"])
    entry = entries(project / "locales" / "en" / "m.po")["Voir [la page](https://exemple.fr) ici."]
    assert entry.flags == ["fuzzy"]
    assert "<g1>" not in entry.msgstr and "<x" not in entry.msgstr
    assert any(line.startswith("markup:") for line in entry.comment.split("\n")), entry.comment


def test_unchanged_articles_are_not_parsed_again(project, monkeypatch):
    run(project, FakeEngine())
    parsed: list[str] = []
    original = pipeline.segment_source

    def counting(project_, source, cache=None):
        parsed.append(source.path.stem)
        return original(project_, source, cache)

    monkeypatch.setattr(pipeline, "segment_source", counting)
    report = run(project, FakeEngine())
    assert parsed == [] and not any(o.written for o in report.outcomes)
    article = project / "seeds" / "000_da88f1f87eecb2fd.txt"
    article.write_text(article.read_text() + "\n\nUne phrase ajoutée.\n")
    engine = FakeEngine()
    run(project, engine)
    assert parsed == ["000_da88f1f87eecb2fd"]
    assert engine.calls == [["Une phrase ajoutée."]]


def test_lost_cache_changes_nothing(project):
    import shutil

    run(project, FakeEngine())
    before = {p.name: p.read_bytes() for p in (project / "locales" / "en").iterdir()}
    shutil.rmtree(project / ".diptych")
    report = run(project, FakeEngine())
    assert {p.name: p.read_bytes() for p in (project / "locales" / "en").iterdir()} == before
    assert not any(o.written for o in report.outcomes)


def test_reviewer_translation_reaches_an_unchanged_article_with_engine_none(project):
    seeds = project / "seeds"
    (seeds / "b.txt").write_text("Titre B\n\nRetour en haut\n", "utf-8")
    pipeline.translate_project(load_project(project), engine="none")
    po = project / "locales" / "en" / "002_e7fcacc06b89f122.po"
    catalog = load_catalog(po)
    catalog.find("Retour en haut").msgstr = "Back to top"
    catalog.find("Retour en haut").flags = []
    catalog.save(str(po))
    pipeline.translate_project(load_project(project), engine="none")
    assert entries(project / "locales" / "en" / "b.po")["Retour en haut"].msgstr == "Back to top"


def test_catalog_pruned_by_hand_is_completed_again(project):
    run(project, FakeEngine())
    po = project / "locales" / "en" / "000_da88f1f87eecb2fd.po"
    catalog = load_catalog(po)
    first = next(iter(catalog))
    catalog.remove(first)
    catalog.save(str(po))
    run(project, FakeEngine())
    assert first.msgid in entries(po)


def test_articles_are_translated_in_bounded_groups_and_no_segment_twice(project, monkeypatch):
    """A run holds one group of articles at a time; a segment translated in an earlier group
    is reused from the catalog written then, never sent to the model again."""
    monkeypatch.setattr(pipeline, "GROUP_SEGMENTS", 5)
    seeds = project / "seeds"
    repeated = "Retour en haut"
    for name in ("x", "y"):
        (seeds / f"{name}.txt").write_text(f"Titre {name}\n\n{repeated}\n", "utf-8")
    engine = FakeEngine()
    report = run(project, engine)
    sent = [msgid for call in engine.calls for msgid in call]
    assert len(engine.calls) > 1, "several groups, each translated before the next is read"
    assert len(sent) == len(set(sent)) and repeated in sent
    for po in (project / "locales" / "en").glob("*.po"):
        for entry in entries(po).values():
            assert entry.msgstr == f"EN<{entry.msgid}>", (po.name, entry.msgid)
    last = report.outcomes[-1]
    assert last.slug == "y" and last.reused == 1 and last.machine_translated == 1
