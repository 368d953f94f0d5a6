"""align: the source article gives the structure; the PO file gives translations and states."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from translate.align import align_article
from translate.catalog import load_catalog
from translate.errors import CatalogError
from translate.read import read_article
from translate.segment import segment_document
from translate.states import StateCounts

GOLDEN = Path(__file__).parent / "golden" / "export"
SEEDS = Path(__file__).parent.parent / "seeds"


def _aligned(article: Path, catalog):
    document = read_article(article, f"seeds/{article.name}")
    return document, align_article(document, catalog, segment_document(document))


@pytest.fixture()
def golden():
    return _aligned(GOLDEN / "article.md", load_catalog(GOLDEN / "article.en.po"))


def test_every_block_rebuilds_from_its_segments_and_gaps(golden):
    document, article = golden
    assert len(article.blocks) == len(document.blocks)
    for aligned, block in zip(article.blocks, document.blocks, strict=True):
        assert aligned.block is block
        assert aligned.with_gaps(s.source for s in aligned.segments) == block.text
        assert len(aligned.gaps) == len(aligned.segments) + 1


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.*")), ids=lambda p: p.name)
def test_seed_articles_rebuild_exactly(seed):
    document, article = _aligned(seed, None)
    for aligned, block in zip(article.blocks, document.blocks, strict=True):
        assert aligned.with_gaps(s.source for s in aligned.segments) == block.text
        # With no PO file, every sentence is untranslated and shown in the source language.
        assert aligned.target_text() == block.text


def test_states_come_from_the_po_entries(golden):
    _, article = golden
    by_source = {seg.source: seg for block in article.blocks for seg in block.segments}
    reviewed = by_source["Voici trois raisons :"]
    assert (reviewed.state, reviewed.target) == ("reviewed", "Here are three reasons:")
    machine = by_source["Ils fonctionnent sans connexion, même dans un train."]
    assert machine.state == "machine" and machine.unreviewed
    assert machine.target == "They work without a connection, even in a train."
    edited = by_source["Et sans compte à créer."]
    assert edited.state == "edited" and edited.unreviewed
    empty = by_source["Même sur un portable ancien."]
    assert (empty.state, empty.target, empty.missing) == ("untranslated", "", False)
    assert empty.shown == empty.source


def test_segment_missing_from_the_po_shows_the_source(golden):
    _, article = golden
    stale = [seg for block in article.blocks for seg in block.segments if seg.missing]
    assert [seg.source for seg in stale] == [
        "Cette phrase nouvelle n'est pas encore dans le catalogue."
    ]
    assert stale[0].state == "untranslated"
    assert stale[0].shown == stale[0].source
    assert article.missing == 1


def test_progress_counts_distinct_sentences(golden):
    _, article = golden
    counts = article.progress.counts
    assert counts == {
        "reviewed": 10,
        "machine": 2,
        "reused": 0,
        "edited": 2,
        "untranslated": 2,
        "verbatim": 0,
    }
    assert article.progress.total == 16
    assert article.progress.percent_label == "62%"


def test_ids_number_sentences_in_document_order(golden):
    _, article = golden
    ids = [seg.id for block in article.blocks for seg in block.segments]
    assert ids == list(range(1, len(ids) + 1))


def test_header_fields_and_title(golden):
    _, article = golden
    assert article.model == "argos translate-fr_en 1.9"
    assert article.revision_date == "2024-05-03 17:42+0000"
    assert article.title_block == 2  # the `# heading` after the front matter and its title
    assert article.translated_title == "Offline translation"


def test_obsolete_entries_are_not_used(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titre\n\nUne phrase.\n", encoding="utf-8")
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Titre", msgstr="Title"))
    po.append(polib.POEntry(msgid="Une phrase.", msgstr="A sentence.", obsolete=True))
    _, aligned = _aligned(article, po)
    title, paragraph = aligned.blocks
    assert aligned.title_block == 0
    assert aligned.translated_title == "Title"
    assert paragraph.segments[0].state == "untranslated"
    assert aligned.missing == 1


def test_untranslated_title_has_no_translated_title(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titre\n\nUne phrase.\n", encoding="utf-8")
    _, aligned = _aligned(article, None)
    assert aligned.translated_title is None
    assert aligned.progress.percent == 0


def test_broken_po_raises_catalog_error(tmp_path):
    broken = tmp_path / "x.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nnot po at all\n', encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken)
    assert raised.value.line == 3
    assert str(raised.value).startswith(f"{broken}:3: ")
    assert load_catalog(tmp_path / "absent.po") is None


def test_one_percentage_rule_rounds_down() -> None:
    """Every command shows and compares the same integer: 2 of 3 is 66 %, never 67 %."""
    assert StateCounts.of(["reviewed", "reviewed", "machine"]).percent == 66
    assert StateCounts.of(["reviewed"] * 996 + ["edited"] * 4).percent_label == "99%"
    assert StateCounts.of([]).percent == 100
    assert StateCounts.of(["untranslated"]).counts == {
        "reviewed": 0,
        "machine": 0,
        "reused": 0,
        "edited": 0,
        "untranslated": 1,
        "verbatim": 0,
    }
