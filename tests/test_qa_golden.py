"""QA findings are pinned: every check, on a corpus of real and generated pairs in several
language pairs, gives exactly the findings recorded in tests/golden/qa/findings.json.

Speed-ups of the checks (prefilters, shared word lists, caches) must not change a single
finding; this test fails if one does. The pairs are stored with their findings, so the
corpus does not move when segmentation changes. `DIPTYCH_REGEN_GOLDEN=1` rebuilds the file
(pairs from the seed catalogs, the French corpora segmented, targets from the pipeline
bench's stand-in engine with slips a model makes: a number lost, a word looped, French
typography or a clause left, markup changed) - only when findings are meant to change.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from pathlib import Path

import pytest

from translate.qa import LanguagePair, qa_findings

GOLDEN = Path(__file__).parent / "golden" / "qa" / "findings.json"
REPO = Path(__file__).resolve().parent.parent
REGENERATE = os.environ.get("DIPTYCH_REGEN_GOLDEN") == "1"
GROUP = 40  # pairs per catalog: the length norm is the catalog's


def _slips(target: str, rng: random.Random) -> str:
    """A model's slip now and then, or the target as it is."""
    roll = rng.random()
    words = target.split(" ")
    if roll < 0.06 and re.search(r"\d", target):
        return re.sub(r"\d+", "", target, count=1)
    if roll < 0.12 and len(words) > 3:
        return " ".join([*words[:2], words[1], words[1], *words[2:]])
    if roll < 0.16 and len(words) > 6:
        return " ".join([*words[:3], *words[1:4], *words[1:4], *words[3:]])
    if roll < 0.20:
        return f"« {target} »"
    if roll < 0.24:
        return target.rstrip(".!?") + " ?"
    if roll < 0.27:
        return target.replace(".", ",", 1) + " 3,5 %"
    if roll < 0.30:
        return f"[{target}](https://example.org/{rng.randint(1, 99)})"
    if roll < 0.33:
        return target + " à 14 h 30, le 2 mars"
    if roll < 0.36:
        return target[: max(5, len(target) // 3)]
    return target


def _generate() -> list[dict]:
    import polib

    sys.path.insert(0, str(REPO / "bench"))
    from pipeline import GLOSSARY, FakeEngine, seed_sentences, vary

    from translate.read import read_article
    from translate.segment import segment_document

    rng = random.Random(20261206)
    sources: list[str] = []
    sentences, headings = seed_sentences()
    sources += sentences + headings
    sources += [vary(rng.choice(sentences), rng) for _ in range(600)]
    for path in sorted((REPO / "tests" / "corpora" / "french-docs").glob("*.md")):
        sources += [s.msgid for s in segment_document(read_article(path))]
    engine = FakeEngine()
    groups: list[dict] = []
    # the seed catalogs: real, reviewed pairs
    for po in sorted((REPO / "locales" / "en").glob("*.po")):
        catalog = polib.pofile(str(po))
        pairs = [(e.msgid, e.msgstr) for e in catalog if e.msgstr and not e.obsolete]
        groups.append({"languages": ["fr", "en"], "pairs": pairs, "terms": None})
    languages = [("fr", "en")] * 6 + [("de", "en"), ("es", "en"), ("fr", "de"), ("it", "fr")]
    for start in range(0, len(sources), GROUP):
        chunk = sources[start : start + GROUP]
        pairs = [(s, _slips(engine.one(s), rng)) for s in chunk]
        pairs += [(s, s) for s in chunk[:2]]  # left untranslated
        terms = [[(f, t) for f, t in GLOSSARY.items() if f in source] for source, _target in pairs]
        language = languages[(start // GROUP) % len(languages)]
        groups.append({"languages": list(language), "pairs": pairs, "terms": terms})
    for group in groups:
        group["findings"] = _findings(group)
    return groups


def _findings(group: dict) -> list[list[list[str]]]:
    pairs = [tuple(pair) for pair in group["pairs"]]
    terms = group["terms"]
    found = qa_findings(
        pairs,
        LanguagePair(*group["languages"]),
        None if terms is None else [[tuple(t) for t in each] for each in terms],
    )
    return [[[f.check, f.severity, f.message] for f in findings] for findings in found]


def _golden() -> list[dict]:
    if REGENERATE:
        GOLDEN.write_text(
            json.dumps(_generate(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


GROUPS = _golden()


def test_the_corpus_exercises_every_check():
    from translate.qa import CHECKS

    checks = {f[0] for g in GROUPS for findings in g["findings"] for f in findings}
    assert set(CHECKS) | {"glossary"} <= checks
    assert sum(len(g["pairs"]) for g in GROUPS) > 2000


@pytest.mark.parametrize("number", range(len(GROUPS)))
def test_findings_are_the_recorded_ones(number):
    group = GROUPS[number]
    assert _findings(group) == group["findings"]
