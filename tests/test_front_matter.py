"""Front matter: the values of translatable keys (YAML `---` and TOML `+++`) are entries of
kind `front matter: <key>`, written back in the target's front matter so that a YAML or TOML
parser reads exactly the translation; every other byte of the front matter stays; the HTML
page's <title> and heading use the translated title."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.align import align_article
from translate.catalog import distinct_segments
from translate.decode import Source
from translate.export.html import render_html
from translate.export.markdown import render_markdown
from translate.frontmatter import find
from translate.read import FRONT_MATTER_VALUE, parse_source
from translate.segment import segment_document

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

CORPUS = Path(__file__).resolve().parent / "corpora" / "french-docs"  # licences: its README
DOCS = [doc for doc in sorted(CORPUS.glob("*.md")) if doc.name != "README.md"]


def _article(source: str, translate=lambda msgid: msgid, keys=None):
    options = {} if keys is None else {"front_matter_keys": keys}
    document = parse_source(Source(Path("a.md"), "a.md", source, "utf-8", ()), **options)
    segments = segment_document(document)
    po = polib.POFile()
    for msgid in dict.fromkeys(segment.msgid for segment in segments):
        po.append(polib.POEntry(msgid=msgid, msgstr=translate(msgid)))
    return document, segments, align_article(document, po, segments)


def _front(text: str) -> tuple[str, str]:
    """(body, rest) of a Markdown export that opens with its front matter."""
    fence = text[:3]
    end = text.index(f"\n{fence}\n", 3)
    return text[4 : end + 1], text[end + 5 :]


# (front matter body, key, value the reader gets): every way YAML writes a string
CASES = [
    ("title: Un titre simple\n", "title", "Un titre simple"),
    ("title: 'L''apostrophe : ici'\n", "title", "L'apostrophe : ici"),
    ('title: "Guillemets \\"doubles\\" # pas un commentaire"\n', "title", None),
    ("title: Mot # un commentaire\n", "title", "Mot"),
    ("description: |\n  Ligne une.\n  Ligne deux.\n", "description", "Ligne une.\nLigne deux.\n"),
    ("description: >-\n  Pliée\n  en une.\n", "description", "Pliée en une."),
    ("summary:\n  Sur la ligne\n  suivante.\n", "summary", "Sur la ligne suivante."),
    ("subtitle: Sous-titre\n", "subtitle", "Sous-titre"),
]


@pytest.mark.parametrize(("body", "key", "value"), CASES)
def test_each_yaml_scalar_style_is_read_as_its_parser_reads_it(body, key, value):
    expected = yaml.safe_load(body)[key] if value is None else value
    assert yaml.safe_load(body)[key] == expected  # the table agrees with the parser
    front = find(f"---\n{body}---\n\n# T\n")
    assert [(f.key, f.value) for f in front.fields] == [(key, expected)]


def test_an_article_whose_only_value_is_empty_is_still_refused():
    from translate.errors import ArticleError

    for source in ("---\ntitle: ''\n---\n", '+++\ntitle = ""\n+++\n'):
        with pytest.raises(ArticleError, match="no translatable text"):
            _article(source)


def test_other_keys_lists_numbers_and_nested_values_are_not_translated():
    body = (
        "title: Titre\nauthor: Claire\ntags: [a, b]\ndescription:\n  - une liste\n"
        "summary: 2024-01-01\nsubtitle: 12\nseo:\n  title: Niché\n# title: commentaire\n"
    )
    front = find(f"---\n{body}---\n")
    assert [(f.key, f.value) for f in front.fields] == [("title", "Titre")]


def test_front_matter_values_are_entries_naming_their_key():
    source = "---\ntitle: Le titre\ndescription: Une description. Deux phrases.\n---\n\nTexte.\n"
    document, segments, _ = _article(source)
    occurrences = distinct_segments(document, segments)
    kinds = {o.msgid: o.kinds for o in occurrences}
    assert kinds["Le titre"] == ("front matter: title",)
    assert kinds["Une description."] == ("front matter: description",)
    assert kinds["Deux phrases."] == ("front matter: description",)
    assert document.title == "Le titre"
    assert [b.kind for b in document.blocks].count(FRONT_MATTER_VALUE) == 2


HARD = [
    "Title: with a colon",
    "A # hash, not a comment",
    "- leading dash",
    "* star",
    "& anchor-like",
    "'single' and \"double\" quotes",
    "two\nlines",
    "trailing space ",
    "yes",
    "null",
    "12",
    "!tag value",
    "{ flow: map }",
    "[flow, seq]",
    "a\\b backslash",
    "tab\there",
    "@at %percent |pipe",
]
SOURCES = [
    "title: Un titre\n",
    "title: 'Un titre'\n",
    'title: "Un titre"\n',
    "title: Un titre # commentaire\n",
    "title: |\n  Un titre\n",
    "title: >\n  Un titre\n",
    "title:\n  Un titre\n",
]
OTHERS = "author: Claire  # l'autrice\ntags:\n  - a\n  - b\n# un commentaire\n"


def _check_yaml_translation(source_body: str, translation: str) -> None:
    source = f"---\n{source_body}{OTHERS}---\n\n# Titre\n\nTexte.\n"
    tr = {"Un titre": translation}
    *_, article = _article(source, lambda msgid: tr.get(msgid, msgid))
    for layout in ("target",):
        body, _ = _front(render_markdown(article, layout, marks=False))
        loaded = yaml.safe_load(body)
        # a block scalar's value ends with the line break its clip chomping keeps: the
        # translation keeps it too, whether it is written as a block or quoted
        block = source_body.startswith(("title: |", "title: >"))
        assert loaded["title"] == translation + ("\n" if block else ""), (body, translation)
        assert body.endswith(OTHERS), body  # the other keys and the comment, byte for byte
        assert loaded["author"] == "Claire" and loaded["tags"] == ["a", "b"]


@pytest.mark.parametrize("source_body", SOURCES)
@pytest.mark.parametrize("translation", HARD)
def test_translated_yaml_values_parse_back_exactly(source_body, translation):
    _check_yaml_translation(source_body, translation)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SOURCES),
    st.text(
        alphabet=st.characters(blacklist_characters="<>`\r", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=30,
    ).filter(lambda t: t.strip() and "](" not in t and "][" not in t and "]:" not in t),
)
def test_any_translation_parses_back_exactly(source_body, translation):
    """Whatever characters a translation holds (the markup signs `<`, `>`, backticks and `](`
    are made inert by rule 29.5: tests/test_markdown_escape.py)."""
    _check_yaml_translation(source_body, translation)


def test_toml_front_matter_keeps_its_bytes_and_takes_the_translation():
    source = (
        "+++\ntitle = \"Le titre\"  # commentaire\ndescription = '''\nSur deux\nlignes.'''\n"
        'draft = true\n[params]\ntitle = "pas celui-ci"\n+++\n\nTexte.\n'
    )
    translations = {"Le titre": 'The "title" # x\nand more', "Sur deux lignes.": "On two lines."}
    *_, article = _article(source, lambda msgid: translations.get(msgid, msgid))
    text = render_markdown(article, "target", marks=False)
    assert text.startswith("+++\n")
    body, _ = _front(text)
    loaded = tomllib.loads(body)
    assert loaded["title"] == 'The "title" # x\nand more'
    assert loaded["description"] == "On two lines."
    assert loaded["params"] == {"title": "pas celui-ci"} and loaded["draft"] is True
    assert "  # commentaire\n" in body and body.endswith(
        'draft = true\n[params]\ntitle = "pas celui-ci"\n'
    )


def test_untranslated_front_matter_is_byte_identical():
    source = (
        "---\ntitle:   'Un  titre'   # c\ndescription: >\n  Une\n  description.\n---\n\nTexte.\n"
    )
    *_, article = _article(source)
    text = render_markdown(article, "target", marks=False)
    assert text.startswith(source.split("\n\nTexte")[0] + "\n\n")


def test_the_page_title_and_heading_use_the_translated_title():
    source = "---\ntitle: Le titre & la suite\n---\n\nUn paragraphe.\n"
    tr = {"Le titre & la suite": "The title & what follows"}
    *_, article = _article(source, lambda msgid: tr.get(msgid, msgid))
    target = render_html(article, "target")
    assert "<title>The title &amp; what follows</title>" in target
    assert re.search(r"<h1 lang=\"en\">The title &amp; what follows</h1>", target)
    assert '<meta name="description"' not in target  # the source has none
    both = render_html(article, "side-by-side")
    assert "<title>Le titre &amp; la suite / The title &amp; what follows</title>" in both


def test_the_keys_come_from_the_project(tmp_path):
    from translate.errors import ConfigError
    from translate.project import load_project

    (tmp_path / "diptych.toml").write_text('[front_matter]\nkeys = ["tagline"]\n', "utf-8")
    project = load_project(tmp_path)
    assert project.front_matter_keys == ("tagline",)
    source = "---\ntitle: Le titre\ntagline: Un slogan\n---\n\nTexte.\n"
    document, segments, _ = _article(source, keys=project.reading.front_matter_keys)
    assert {s.msgid for s in segments} == {"Un slogan", "Texte."}
    (tmp_path / "diptych.toml").write_text('[front_matter]\nkyes = ["tagline"]\n', "utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'kyes' in \\[front_matter\\]"):
        load_project(tmp_path)
    (tmp_path / "diptych.toml").write_text('[front_matter]\nkeys = "title"\n', "utf-8")
    with pytest.raises(ConfigError, match="keys must be a list"):
        load_project(tmp_path)


@pytest.mark.parametrize(
    "style", ["title: Le titre\n", "title: 'Le titre'\n", "title: |\n  Le titre\n"]
)
@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script> [x](javascript:alert(2)) `code`",
        "<b>gras</b>",
        '<a href="x">',
        "a ](b) ]: c",
    ],
)
def test_hostile_translations_stay_inert_and_parse(style, hostile):
    """The safety rule (29.5) applies to a translation before it is written, so the front
    matter stays valid YAML (a plain `&lt;b&gt;` would read as an anchor)."""
    source = f"---\n{style}---\n\nTexte.\n"
    *_, article = _article(source, lambda msgid: hostile if msgid == "Le titre" else msgid)
    for layout in ("target", "side-by-side", "interleaved"):
        body, _ = _front(render_markdown(article, layout))
        assert "<" not in body and "](" not in body and "`" not in body
        title = yaml.safe_load(body)["title"]
        if layout == "target":
            assert title.rstrip("\n") == hostile.replace("<", "&lt;").replace(">", "&gt;").replace(
                "`", "&#96;"
            ).replace("](", "&#93;(").replace("]:", "&#93;:")
    assert "<script>alert" not in render_html(article, "target")
    assert "<script>" not in render_html(article, "target")


@pytest.mark.skipif(len(DOCS) != 18, reason="the French documentation corpus is not here")
def test_french_docs_front_matter_titles_are_entries_and_reach_the_title():
    titled = 0
    for doc in DOCS:
        source = doc.read_text(encoding="utf-8")
        document, segments, article = _article(source, lambda msgid: f"EN[{msgid}]")
        front = document.front_matter
        kinds = {o.msgid: o.kinds for o in distinct_segments(document, segments)}
        for field in front.fields if front else ():
            assert f"front matter: {field.key}" in kinds[field.value.strip()], doc.name
        if front and front.value("title"):
            titled += 1
            title = front.value("title")
            assert document.title == title
            page = render_html(article, "target")
            shown = re.search(r"<title>(.*?)</title>", page).group(1)
            assert shown == f"EN[{title}]".replace("&", "&amp;").replace("'", "&#39;"), doc.name
            body, _ = _front(render_markdown(article, "target"))
            assert yaml.safe_load(body)["title"] == f"EN[{title}]"
            others = yaml.safe_load(source.split("\n---\n", 1)[0][4:])
            assert {k: v for k, v in yaml.safe_load(body).items() if k != "title"} == {
                k: v for k, v in others.items() if k != "title"
            }
    assert titled == 3  # the two beta.gouv.fr pages and MDN's


def test_the_page_description_is_the_translated_description():
    source = (
        '---\ntitle: T\ndescription: "Une <b>description</b> & un \\"guillemet\\"."\n---\n\nX.\n'
    )
    tr = {'Une <b>description</b> & un "guillemet".': 'A <b>description</b> & a "quote".'}
    *_, article = _article(source, lambda msgid: tr.get(msgid, msgid))
    page = render_html(article, "target")
    shown = "A &lt;b&gt;description&lt;/b&gt; &amp; a &#34;quote&#34;."
    assert f'<meta name="description" content="{shown}">' in page
    *_, untranslated = _article(source, lambda msgid: "")
    assert 'content="Une &lt;b&gt;description' in render_html(untranslated, "target")
