"""Invariant: whatever edits an article goes through, no reviewed translation and no
translator comment ever leaves its PO file (active, carried over as fuzzy, or obsolete)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fakes import FakeEngine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.catalog import load_catalog
from translate.pipeline import translate_project
from translate.project import load_project

POOL = [
    "Le conseil municipal a voté le budget mardi soir.",
    "Les travaux commenceront en septembre.",
    "La grève des dockers est terminée.",
    "Le trafic reprend normalement au port.",
    "Il pleuvra demain sur toute la région.",
    "Les températures resteront douces pour la saison.",
    "Le maire a répondu aux questions des habitants.",
    "Une enquête publique sera ouverte en janvier.",
    "Les écoles resteront ouvertes lundi.",
    "La préfecture appelle à la prudence sur les routes.",
    "Le festival accueillera trente mille visiteurs.",
    "Les commerçants se disent satisfaits de la saison.",
]
WORDS = ["demain", "hier", "vraiment", "près", "encore", "aussi", "déjà", "enfin"]

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("insert"), st.integers(0, 50), st.sampled_from(POOL)),
    st.tuples(st.just("reword"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("merge"), st.integers(0, 50)),
    st.tuples(st.just("split"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("paragraph"), st.integers(0, 50)),
)


def apply(sentences: list[str], operation: tuple) -> list[str]:
    """One edit a journalist might make; sentences stay non-empty and end with a period."""
    result = list(sentences)
    kind, where = operation[0], operation[1] % max(len(result), 1)
    if kind == "delete" and len(result) > 1:
        del result[where]
    elif kind == "insert":
        result.insert(where, operation[2])
    elif kind == "reword" and result:
        words = result[where].rstrip(".").split(" ")
        words.insert(len(words) // 2, operation[2])
        result[where] = " ".join(words) + "."
    elif kind == "merge" and where + 1 < len(result) and result[where] != "\n":
        second = result[where + 1]
        if second != "\n":
            result[where : where + 2] = [
                result[where].rstrip(".") + " et " + second[0].lower() + second[1:]
            ]
    elif kind == "split" and result and result[where] != "\n":
        words = result[where].rstrip(".").split(" ")
        if len(words) >= 4:
            half = len(words) // 2
            first, second = " ".join(words[:half]), " ".join(words[half:])
            result[where : where + 1] = [first + ".", second[0].upper() + second[1:] + "."]
    elif kind == "move" and result:
        item = result.pop(where)
        result.insert(operation[2] % (len(result) + 1), item)
    elif kind == "paragraph":
        result.insert(where, "\n")
    return result


def render(sentences: list[str]) -> str:
    paragraphs, current = [], []
    for sentence in sentences:
        if sentence == "\n":
            if current:
                paragraphs.append(" ".join(current))
            current = []
        else:
            current.append(sentence)
    if current:
        paragraphs.append(" ".join(current))
    return "Le journal du jour\n\n" + "\n\n".join(paragraphs or ["Rien."]) + "\n"


def translate(root: Path) -> None:
    engine = FakeEngine()
    translate_project(load_project(root), engine_factory=lambda target: engine)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scripts=st.lists(st.lists(edit, min_size=1, max_size=4), min_size=1, max_size=3),
    reviewed=st.sets(st.integers(0, 7), min_size=1, max_size=6),
)
def test_no_reviewed_translation_or_translator_comment_is_ever_lost(scripts, reviewed):
    sentences = POOL[:8]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        article = root / "seeds" / "article.txt"
        article.write_text(render(sentences), encoding="utf-8")
        translate(root)
        po = root / "locales" / "en" / "article.po"
        catalog = load_catalog(po)
        kept: list[tuple[str, str]] = []
        for index in sorted(reviewed):
            entry = catalog.find(POOL[index])
            entry.msgstr, entry.flags = f"Reviewed number {index}", []
            entry.tcomment = f"Note number {index}"
            kept.append((entry.msgstr, entry.tcomment))
        catalog.save(str(po))
        for script in scripts:
            for operation in script:
                sentences = apply(sentences, operation)
            article.write_text(render(sentences), encoding="utf-8")
            translate(root)
            after = load_catalog(po)
            msgstrs = [e.msgstr for e in after]
            comments = [e.tcomment for e in after]
            for msgstr, tcomment in kept:
                assert any(msgstr in text for text in msgstrs), (msgstr, sentences)
                assert any(tcomment in text for text in comments), (tcomment, sentences)
