"""The glossary: CSV and TBX-Basic reading, bad files, and the term-matching rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ConfigError
from translate.glossary import (
    Glossary,
    Term,
    load_glossary,
    parse_tbx,
    protect_terms,
)
from translate.markup import Protected, protect, restore
from translate.states import terms_in_comments, terms_of

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"


def test_tbx_basic_2_gives_each_target_language_its_first_term_and_definition() -> None:
    data = (FIXTURES / "newsroom.tbx").read_bytes()
    terms = parse_tbx(data, "fr", "newsroom.tbx")
    definition = "Limites imposées au comportement d'un modèle."
    assert terms == [
        Term("garde-fous", "guardrails", definition, "en"),
        Term("garde-fous", "Leitplanken", definition, "de"),
        Term("apprentissage automatique", "machine learning", 'Never "automatic learning".', "en"),
    ]


def test_tbx_basic_3_namespaced_concept_entries() -> None:
    data = (FIXTURES / "newsroom-tbx3.tbx").read_bytes()
    terms = parse_tbx(data, "fr", "newsroom-tbx3.tbx")
    assert terms == [
        Term("Anthropic", "Anthropic", "", "en"),
        Term("rédaction", "newsroom", "Organisme de presse.", "en"),
    ]
    assert terms[0].keep and not terms[1].keep


def test_project_glossary_reads_csv_and_every_tbx_and_filters_by_target(tmp_path: Path) -> None:
    for name in ("newsroom.tbx", "newsroom-tbx3.tbx"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "glossary.csv").write_text(
        "\ufeffsource,target,note\nOpenAI,OpenAI,company\n", encoding="utf-8"
    )
    glossary = load_glossary(tmp_path, "fr")
    assert [t.source for t in glossary.terms][:2] == ["OpenAI", "Anthropic"]
    english = glossary.for_target("en")
    assert {(t.source, t.target) for t in english.terms} == {
        ("OpenAI", "OpenAI"),
        ("Anthropic", "Anthropic"),
        ("rédaction", "newsroom"),
        ("garde-fous", "guardrails"),
        ("apprentissage automatique", "machine learning"),
    }
    german = glossary.for_target("de")
    assert [(t.source, t.target) for t in german.terms if t.language] == [
        ("garde-fous", "Leitplanken")
    ]
    assert english.digest != german.digest != glossary.digest
    assert load_glossary(tmp_path / "missing", "fr") == Glossary()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<martif type="TBX-Basic"><text><body><termEntry>
<langSet xml:lang="fr"><tig><term>&b;</term></tig></langSet>
</termEntry></body></text></martif>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry>
<langSet xml:lang="fr"><tig><term>&secret;</term></tig></langSet>
</termEntry></body></text></martif>
"""
BROKEN = b"""<?xml version="1.0"?>
<martif><text><body>
<termEntry>
<langSet xml:lang="fr"><tig><term>garde-fous</tig></langSet>
</termEntry></body></text></martif>
"""
NO_SOURCE = b"""<?xml version="1.0"?>
<martif><text><body>
<termEntry id="a"><langSet xml:lang="fr"><tig><term>x</term></tig></langSet></termEntry>
<termEntry id="b">
<langSet xml:lang="en"><tig><term>guardrails</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("laughs.tbx", BILLION_LAUGHS, "laughs.tbx: entity declarations are not allowed"),
        ("external.tbx", EXTERNAL, "external.tbx: entity declarations are not allowed"),
        ("broken.tbx", BROKEN, "broken.tbx:4: not well-formed XML (mismatched tag)"),
        ("nosource.tbx", NO_SOURCE, "nosource.tbx:4: term entry without a 'fr' term"),
        ("glossary.csv", b"term,translation\nx,y\n", "glossary.csv:1: the first row must"),
        ("glossary.csv", b"source,target\nx,y\n\nz,\n", "glossary.csv:4: a term needs both"),
        ("glossary.csv", b"source,target\nx,y\nx,z\n", "glossary.csv:3: 'x' is already defined"),
        ("glossary.csv", b'source,target\n"a\nb",c\nx,y\nd,"e', "glossary.csv:5: unexpected end"),
        ("glossary.csv", b"source,target\nx,y\n\xe9,z\n", "glossary.csv:3: not UTF-8 text"),
    ],
)
def test_bad_glossary_is_one_line_naming_file_and_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        load_glossary(tmp_path, "fr")
    text = str(caught.value)
    assert text.startswith(message) and "\n" not in text
    assert "root:" not in text  # the external entity was never read


GLOSSARY = Glossary(
    (
        Term("OpenAI", "OpenAI"),
        Term("garde-fous", "guardrails"),
        Term("intelligence artificielle", "artificial intelligence"),
        Term("intelligence", "intelligence"),
        Term("Apple", "Apple"),
        Term("apprentissage", "learning"),
    )
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # elision: l’, d’, qu’ with a curly or a straight apostrophe
        ("L’intelligence artificielle progresse.", ["intelligence artificielle"]),
        ("l'intelligence artificielle", ["intelligence artificielle"]),
        ("Des règles d’apprentissage.", ["apprentissage"]),
        ("Sans garde-fous, qu’OpenAI ignore.", ["garde-fous", "OpenAI"]),
        # whole words: a letter, digit or hyphen next to it is another word
        ("Les garde-fousx et anti-garde-fous.", []),
        ("OpenAI2 et OpenAIs", []),
        ("intelligences artificielles", []),
        # case: a capitalised term matches exactly; a lowercase one also at a sentence start
        ("openai, OPENAI et Openai", []),
        ("apple et Apple", ["Apple"]),
        ("Garde-fous partout.", ["garde-fous"]),
        ("GARDE-FOUS", []),
        # the longest term wins; no overlap
        (
            "intelligence artificielle et intelligence",
            ["intelligence artificielle", "intelligence"],
        ),
        # spaces inside a term may be no-break spaces
        ("intelligence\u00a0artificielle", ["intelligence artificielle"]),
    ],
)
def test_matching_rule(text: str, found: list[str]) -> None:
    assert [hit.term.source for hit in GLOSSARY.find(text)] == found


def test_term_comments_once_each_in_order() -> None:
    text = "OpenAI et les garde-fous d’OpenAI."
    assert terms_of(text, GLOSSARY) == ("term: OpenAI → OpenAI", "term: garde-fous → guardrails")


def test_terms_become_placeholders_restored_as_the_target_term() -> None:
    source = "Garde-fous : **OpenAI** en parle."
    protected = protect_terms(protect(source), GLOSSARY)
    assert "Garde-fous" not in protected.masked and "OpenAI" not in protected.masked
    kinds = [piece.kind for piece in protected.pieces]
    assert kinds.count("term") == 2
    # a model that moves the placeholders around still gets the target terms back
    atoms = [f"<x{p.id}/>" for p in protected.pieces if p.kind == "term"]
    pair = next(p for p in protected.pieces if p.kind == "strong")
    output = f"{atoms[0]}: <g{pair.id}>{atoms[1]}</g{pair.id}> talks about it."
    assert restore(protected, output).text == "Guardrails: **OpenAI** talks about it."
    plain = protect_terms(Protected("Rien ici.", "Rien ici."), GLOSSARY)
    assert plain.plain and plain.masked == "Rien ici."


def test_term_comments_rewrapped_by_another_tool_are_read_whole() -> None:
    """polib's default save splits a long `#. term:` line; the term is still read whole (so
    QA does not flag a term the translation has, nor the planner see the terms change)."""
    import polib

    line = (
        "term: Commission nationale de l’informatique et des libertés → "
        "French data protection authority"
    )
    entry = polib.POEntry(msgid="x", msgstr="y", comment=f"paragraph\n{line}")
    saved = polib.pofile(str(polib.POFile(wrapwidth=78)) + "\n" + entry.__unicode__(78))
    rewrapped = saved[0].comment
    assert rewrapped.count("\n") > 1  # the tool did split the line
    assert terms_in_comments(rewrapped) == [
        (
            "Commission nationale de l’informatique et des libertés",
            "French data protection authority",
        )
    ]
