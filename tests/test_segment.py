"""segment: French sentence spans that always give back the block text exactly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.read import read_article
from translate.segment import normalize, segment_document, split_sentences

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"


def _load_cases():
    # Loaded by path: a `tests` package installed by a dependency can shadow this folder.
    spec = importlib.util.spec_from_file_location("segment_cases", HERE / "segment_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TABLES = _load_cases()

# Held-out cases the rules get wrong, counted in docs/segmentation.md.
_HELD_OUT_MISSES = {
    "Le tirage atteint 150 000 ex. C’est un record pour la maison.": (
        "'ex.' (exemplaires) ends the sentence here, but 'par ex. Paris' must not split"
    ),
    "Trois, deux, un... Partez !": (
        "an ellipsis before a capital is taken as a sentence end; here it is not"
    ),
    "— Vous venez ? — Oui, j’arrive.": (
        "the expectation keeps two dialogue turns together; the documented rule starts a "
        "segment at each turn"
    ),
}


def pieces(text: str, abbreviations: tuple[str, ...] = ()) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, abbreviations)]


def _params(cases, misses=None):
    params = []
    for case in cases:
        marks = ()
        if misses and case.text in misses:
            marks = pytest.mark.xfail(strict=True, reason=misses[case.text])
        params.append(pytest.param(case, marks=marks, id=f"{case.category}:{case.text[:40]}"))
    return params


@pytest.mark.parametrize("case", _params(_TABLES.CASES))
def test_case_table(case):
    assert pieces(case.text) == list(case.expected)


@pytest.mark.parametrize("case", _params(_TABLES.HELD_OUT, _HELD_OUT_MISSES))
def test_held_out_table(case):
    assert pieces(case.text) == list(case.expected)


@pytest.mark.parametrize("case", _params(_TABLES.UD_CLASSES))
def test_ud_error_classes(case):
    """The error classes found on UD gold, one French case each."""
    assert pieces(case.text) == list(case.expected)


def test_tables_are_large_enough_and_consistent():
    assert len(_TABLES.CASES) >= 80
    assert set(_HELD_OUT_MISSES) <= {case.text for case in _TABLES.HELD_OUT}
    for case in _TABLES.CASES + _TABLES.HELD_OUT:
        position = 0
        for sentence in case.expected:
            index = case.text.index(sentence, position)
            assert case.text[position:index].strip() == ""
            position = index + len(sentence)
        assert case.text[position:].strip() == ""


# --- user abbreviations -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, extra",
    [
        ("Voir le suppl. Économie du journal de lundi.", ["suppl"]),
        ("Il a pris le vol. Air France l’a pourtant annulé.", ["vol"]),
        ("Il a pris le vol. Air France l’a pourtant annulé.", ["vol."]),
        ("Chez Durand Frs. Martin est directeur.", ("Frs",)),
    ],
)
def test_user_abbreviation_prevents_a_split(text, extra):
    assert len(pieces(text)) == 2, "the built-in rules alone split here"
    assert pieces(text, tuple(extra)) == [text]


def test_builtin_saint_abbreviation():
    assert pieces("La paroisse Ste. Anne a fermé. St. Michel aussi.") == [
        "La paroisse Ste. Anne a fermé.",
        "St. Michel aussi.",
    ]


def test_user_abbreviation_also_matches_its_capitalized_form():
    text = "Le texte renvoie au suppl. Suppl. Économie paraît lundi."
    assert pieces(text) == ["Le texte renvoie au suppl.", "Suppl.", "Économie paraît lundi."]
    assert pieces(text, ["suppl"]) == [text]


def test_user_abbreviations_do_not_leak_between_calls():
    text = "Voir le suppl. Économie du journal."
    assert len(pieces(text, ["suppl"])) == 1
    assert len(pieces(text)) == 2


# --- Markdown inline markup -------------------------------------------------------------


@pytest.mark.parametrize(
    "inline",
    [
        "`make fin. Puis test`",
        "``a ` b. C``",
        "[le site. Officiel](https://exemple.fr/a.b?x=1)",
        "![Logo. Rouge](img/logo.png)",
        "[la note. Deux][note-2]",
        "**Le pont est fermé. La déviation passe par Lyon.**",
    ],
)
def test_inline_markup_is_never_split(inline):
    text = f"Il a écrit. Voir {inline} pour le détail. Rien de plus."
    segments = pieces(text)
    assert any(inline in segment for segment in segments), segments
    assert segments[0] == "Il a écrit."
    assert segments[-1] == "Rien de plus."


# --- seeds ------------------------------------------------------------------------------


def test_seed_attributed_quotation_stays_one_segment():
    # « A. B, » a-t-il déclaré…: split inside, the model would get two halves of a quotation.
    document = read_article(SEEDS / "002_e7fcacc06b89f122.txt")
    block = next(b for b in document.blocks if b.text.startswith("En annonçant sa démission"))
    segments = pieces(block.text)
    assert len(segments) == 3
    assert segments[0].endswith("générale (AGI).")
    assert segments[1].startswith("«\u00a0Nous sommes bien en retard")
    assert "l’AGI. Nous devons prioriser" in segments[1]
    assert segments[1].endswith("après sa démission.")
    assert segments[2] == (
        "«\u00a0Ce n’est qu’alors que nous pourrons garantir que l’AGI profite à toute "
        "l’humanité.\u00a0»"
    )


# --- French, harder cases -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "«\u00a0C’est fini. Place aux jeunes\u00a0», a-t-il dit. Il est parti.",
            ["«\u00a0C’est fini. Place aux jeunes\u00a0», a-t-il dit.", "Il est parti."],
        ),
        (
            "«\u00a0Où es-tu\u202f? Que fais-tu\u202f?\u00a0» demanda-t-il. Rien.",
            ["«\u00a0Où es-tu\u202f? Que fais-tu\u202f?\u00a0» demanda-t-il.", "Rien."],
        ),
        (
            "«\u00a0Assez\u202f! Sortez\u202f!\u00a0», a crié le juge.",
            ["«\u00a0Assez\u202f! Sortez\u202f!\u00a0», a crié le juge."],
        ),
        (
            "Il a salué S. Exc. Mgr Dupont. Puis il est parti.",
            ["Il a salué S. Exc. Mgr Dupont.", "Puis il est parti."],
        ),
        ("Le livre de Ch. Péguy est réédité.", ["Le livre de Ch. Péguy est réédité."]),
        ("Selon Ph. Martin et Th. Durand, rien ne change.", None),
        ("Étaient là Dupont, Durand… Martin et Bernard.", None),
        ("On croisait Hugo, Zola… Balzac, Flaubert.", None),
        (
            "Les marchés, l’énergie, l’immobilier… Tous les secteurs sont touchés.",
            ["Les marchés, l’énergie, l’immobilier…", "Tous les secteurs sont touchés."],
        ),
        (
            "«\u00a0Je pars. Tu restes.\u00a0» Il sort.",
            ["«\u00a0Je pars.", "Tu restes.\u00a0»", "Il sort."],
        ),
    ],
)
def test_french_harder_cases(text, expected):
    assert pieces(text) == (expected or [text])


def test_seed_documents_segment_counts_and_lines():
    first = segment_document(read_article(SEEDS / "000_da88f1f87eecb2fd.txt"))
    second = segment_document(read_article(SEEDS / "002_e7fcacc06b89f122.txt"))
    assert (len(first), len(second)) == (13, 34)
    assert first[0].kind == "title" and first[0].line == 1
    for segment in first + second:
        assert segment.text == segment.text.strip()
        assert segment.msgid == normalize(segment.text)


def test_segment_document_lines_follow_soft_wraps(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Titre\n\nPremière phrase\nsur deux lignes. Seconde\nphrase. Troisième.\n")
    segments = segment_document(read_article(path))
    assert [(s.text, s.line, s.block) for s in segments] == [
        ("Titre", 1, 0),
        ("Première phrase\nsur deux lignes.", 3, 1),
        ("Seconde\nphrase.", 4, 1),
        ("Troisième.", 5, 1),
    ]
    assert segments[1].msgid == "Première phrase sur deux lignes."


def test_normalize_folds_ordinary_whitespace_and_keeps_no_break_spaces():
    text = " «\u00a0Oui\u202f!\u00a0»\n\t dit-il,  à 14\u2007h. "
    assert normalize(text) == "«\u00a0Oui\u202f!\u00a0» dit-il, à 14\u2007h."


# --- properties -------------------------------------------------------------------------

_FRAGMENTS = [
    "Le",
    "la",
    "Il",
    "elle",
    "partit",
    "Étant",
    "hier",
    "Paris",
    "M.",
    "Mme",
    "Dr",
    "etc.",
    "J.-C.",
    "av.",
    "art.",
    "p.",
    "J.",
    "R.",
    "U.S.A.",
    "vol.",
    "3,5",
    "3.5",
    "14 h 30",
    "22.11.2026",
    "4,5 M€",
    "1er",
    "XIXe s.",
    "n°",
    "https://exemple.fr/a.b?c=1",
    "jean.dupont@exemple.fr",
    "1.",
    "12.",
    ".",
    "..",
    "...",
    "…",
    "!",
    "?",
    "?!",
    ",",
    ";",
    ":",
    "«",
    "»",
    "“",
    "”",
    '"',
    "'",
    "’",
    "(",
    ")",
    "[",
    "]",
    "—",
    "–",
    "-",
    "`",
    "*",
    "**",
    "_",
    "[lien. Deux](https://x.fr/a. b)",
    "`a. B`",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "\u202f",
    "\u2007",
    "\r",
]
_texts = st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)
_abbreviations = st.lists(st.sampled_from(["vol", "Ste", "suppl", "s", "M", "x.y"]), max_size=3)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    position = 0
    rebuilt = []
    for start, end in spans:
        assert position <= start < end <= len(text)
        gap = text[position:start]
        assert gap == "" or gap.isspace()
        assert not text[start].isspace() and not text[end - 1].isspace()
        rebuilt += [gap, text[start:end]]
        position = end
    tail = text[position:]
    assert tail == "" or tail.isspace()
    assert "".join(rebuilt) + tail == text
    assert bool(spans) == bool(text.strip())


@settings(max_examples=400, deadline=None)
@given(_texts, _abbreviations)
def test_spans_rebuild_french_like_text_exactly(text, abbreviations):
    _check_spans(text, split_sentences(text, abbreviations))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_spans_rebuild_arbitrary_text_exactly(text):
    _check_spans(text, split_sentences(text))


# Around a code span, any text without backticks (a stray backtick would move the span).
_prose = st.lists(st.sampled_from([f for f in _FRAGMENTS if "`" not in f]), max_size=30).map(
    "".join
)


@settings(max_examples=200, deadline=None)
@given(_prose, _prose)
def test_inline_code_survives_any_context(before, after):
    code = "`x. Y? Z! …`"
    text = f"{before} {code} {after}"
    assert any(code in segment for segment in pieces(text))
