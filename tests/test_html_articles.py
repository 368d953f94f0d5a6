"""HTML articles: what is translated (a table of cases), the target page is the source with
only the translations changed, inline HTML survives machine translation, source HTML is inert
in the bilingual pages, and bad pages fail alone with one line."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.align import align_article
from translate.errors import ArticleError
from translate.export.html import render_html
from translate.export.markdown import render_markdown
from translate.export.sanitise_html import sanitise_html
from translate.export.target_html import (
    plain_view,
    render_target_html,
    safe_translation,
    shown_part,
)
from translate.htmlread import protect_html, read_page
from translate.markup import restore
from translate.pages import LAYOUTS
from translate.read import read_article
from translate.segment import segment_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
CORPUS = Path(__file__).resolve().parent / "corpora" / "french-docs"  # licences: its README

# (block kind, source line, msgid) of every entry of fixtures/html/cases.html, in order
CASES = [
    ("title", 5, "Le budget de la ville"),
    ("attribute", 6, "Ce que la ville dépense en 2026."),  # meta description
    ("attribute", 7, "Budget 2026"),  # og:title
    ("attribute", 8, "Les chiffres du budget."),  # og:description
    ("attribute", 14, "Menu principal"),  # aria-label
    ("paragraph", 14, '<a href="/">Accueil</a> <a href="/contact">Nous écrire</a>'),
    ("heading", 17, "Le <em>budget</em> voté"),
    ("paragraph", 18, "Le conseil a voté le budget."),
    ("paragraph", 18, "Il s'élève à <strong>12 millions</strong> d'euros."),
    (
        "paragraph",
        19,
        'Appelez <code>budget.total()</code> pour le détail, ou lisez <a href="/notes" '
        'title="Notes de séance">les notes</a>.',
    ),
    ("attribute", 19, "Notes de séance"),  # title
    ("paragraph", 22, 'La maire, <span translate="no">Jeanne Dupont</span>, a parlé.'),
    ("attribute", 26, "Graphique des dépenses"),  # alt
    ("paragraph", 27, "Les dépenses par poste."),  # figcaption
    ("paragraph", 31, "Dépenses principales"),  # caption
    ("table cell", 32, "Poste"),
    ("table cell", 32, "Montant"),
    ("table cell", 33, "Écoles"),
    ("table cell", 33, "4 millions"),
    ("quote", 35, "Un budget prudent."),
    ("list_item", 36, "Recettes"),  # dt
    ("list_item", 36, "Ce que la ville perçoit."),  # dd
    ("list_item", 37, "Premier point"),
    ("list_item", 37, "Second point<br>sur deux lignes"),
    (
        "paragraph",
        39,
        '<label for="q">Rechercher</label> <input id="q" name="q" placeholder="Votre '
        'recherche"> <button type="submit">Envoyer</button>',
    ),
    ("attribute", 40, "Votre recherche"),  # placeholder
    ("paragraph", 47, "© Ville, tous droits réservés."),
]
NEVER = [
    "Accueil du site",  # script
    "Titre */",  # style
    "Ville de Sainte-Foy",  # translate="no"
    "Nom de la marque",  # class="notranslate"
    "total = recettes",  # pre/code
    "Un commentaire",  # comment
    "Icône",  # svg
    "Texte du dessin",  # svg
    "Modèle caché",  # template
    "width=device-width",  # another meta
]


def _aligned(path: Path, translate=lambda msgid: msgid):
    document = read_article(path, path.name)
    segments = segment_document(document)
    po = polib.POFile()
    for segment in segments:
        if po.find(segment.msgid) is None:
            po.append(polib.POEntry(msgid=segment.msgid, msgstr=translate(segment.msgid)))
    return align_article(document, po, segments)


def _lang_en(source: str) -> str:
    return re.sub(r'(<html[^>]*?\slang=)"fr"', r'\1"en"', source, count=1)


def test_the_case_page_yields_exactly_the_expected_entries():
    document = read_article(FIXTURES / "cases.html")
    found = [(s.kind, s.line, s.msgid) for s in segment_document(document)]
    assert found == CASES
    assert document.title == "Le budget de la ville"
    for words in NEVER:
        assert not [msgid for _, _, msgid in found if words in msgid], words


def test_the_target_page_changes_the_translations_and_keeps_every_other_byte():
    path = FIXTURES / "cases.html"
    source = path.read_text(encoding="utf-8")
    target = render_target_html(_aligned(path, lambda msgid: "«" + msgid + "»"))
    # undo the translations (innermost first: an attribute inside a sentence): what is
    # left must be the source itself, lang apart
    undone, before = target, None
    while undone != before:
        before, undone = undone, re.sub(r"«([^«»]*)»", r"\1", undone)
    # a translated sentence is one line: only the form's line breaks differ
    assert undone == _lang_en(source).replace("</label>\n  <input", "</label> <input").replace(
        '">\n  <button', '"> <button'
    )
    assert target.count("«") == len(CASES)
    for words in NEVER:
        assert "«" + words not in target
    assert 'content="«Ce que la ville dépense en 2026.»"' in target
    assert '<html lang="en">' in target


def _page(markdown_text: str, title: str) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(markdown_text)
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


DOCS = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
DOCS = [doc for doc in DOCS if doc.name != "README.md"]


@pytest.mark.skipif(len(DOCS) != 18, reason="the French documentation corpus is not here")
@pytest.mark.parametrize("rewrite", [False, True])
def test_identity_on_the_french_documentation_rendered_to_html(tmp_path, rewrite):
    entries = 0
    for doc in DOCS:
        path = tmp_path / (doc.stem + ".html")
        source = _page(doc.read_text(encoding="utf-8"), doc.stem)
        path.write_text(source, encoding="utf-8")
        article = _aligned(path)
        entries += sum(len(block.segments) for block in article.blocks)
        assert render_target_html(article, rewrite=rewrite) == _lang_en(source), doc.name
    assert entries > 1000


WEB = Path(__file__).resolve().parent / "corpora" / "french-web"
WEB_PAGES = sorted(WEB.glob("*.html")) if WEB.is_dir() else []


@pytest.mark.skipif(
    not WEB_PAGES, reason="no complete French web pages in tests/corpora/french-web"
)
@pytest.mark.parametrize("page", WEB_PAGES, ids=lambda path: path.name)
def test_identity_on_complete_french_web_pages(page):
    from translate.export.target_html import _utf8_declared, _with_language

    article = _aligned(page)
    source = article.document.text
    for rewrite in (False, True):
        target = render_target_html(article, rewrite=rewrite)
        assert target == _utf8_declared(_with_language(source, "en")), page.name


def test_identity_keeps_entities_comments_odd_spacing_and_unquoted_attributes(tmp_path):
    source = (
        "<!doctype html><HTML LANG=fr><Title>Caf&eacute; &amp; th&#233;</Title>"
        "<P>Un  texte\n  sur deux lignes &nbsp;!<!-- note --> Fin.<IMG ALT=Photo src=x>"
        "<p>Bare & ampersand > and <b>gras <i>mêlé</b></i> 5 < 6."
    )
    path = tmp_path / "odd.html"
    path.write_text(source, encoding="utf-8")
    for rewrite in (False, True):
        target = render_target_html(_aligned(path), rewrite=rewrite)
        assert target == source.replace("LANG=fr", 'LANG="en"')


def test_translations_never_bring_markup_the_source_did_not_have():
    source = 'Lisez <a href="/x">la note</a>.'
    hostile = 'Read <a href="/x">the note</a> <script>alert(1)</script><img onerror=x src=y>'
    safe = safe_translation(hostile, source)
    assert '<a href="/x">the note</a>' in safe
    assert "<script" not in safe and "<img" not in safe
    assert "&lt;script>" in safe and "&lt;/script>" in safe


def test_an_attribute_translation_is_escaped_for_its_quotes(tmp_path):
    path = tmp_path / "q.html"
    path.write_text("<p>Texte.<img alt=Photo src=a><img alt='Un chat' src=b>", encoding="utf-8")
    target = render_target_html(_aligned(path, lambda m: m + " \"x\" 'y'"))
    assert "alt=\"Photo &quot;x&quot; 'y'\"" in target
    assert "alt='Un chat \"x\" &#39;y&#39;'" in target


@pytest.mark.parametrize(
    ("segment", "masked"),
    [
        ("Le <em>budget</em> voté", "Le <g1>budget</g1> voté"),
        ("Appelez <code>f()</code> ici.", "Appelez <x1/> ici."),
        ('La <span translate="no">Jeanne <b>D</b></span> parle.', "La <x1/> parle."),
        ('<b class="a notranslate">X</b> et y', "<x1/> et y"),
        ("Un &amp; deux<br>trois", "Un <x1/> deux<x2/>trois"),
        ('Voir <a href="/n">les <i>notes</i></a>.', "Voir <g1>les <g2>notes</g2></g1>."),
        ("Ouvert <code>jamais fermé", "Ouvert <x1/>"),
        ("Texte <!-- caché --> fin", "Texte <x1/> fin"),
        ("Sans balise.", "Sans balise."),
    ],
)
def test_inline_html_is_protected_through_translation(segment, masked):
    protected = protect_html(segment)
    assert protected.masked == masked
    assert restore(protected, protected.masked).text == segment


def test_full_page_everything_translated_side_by_side_shows_main(tmp_path):
    path = FIXTURES / "cases.html"
    article = _aligned(path, lambda m: "EN " + m)
    target = render_target_html(article)
    assert "EN Nous écrire" in target or 'EN <a href="/">Accueil' in target  # nav
    assert "EN © Ville" in target  # footer
    shown = shown_part(article)
    page = render_html(shown, "side-by-side")
    assert "Accueil" not in page.split("</header>", 1)[-1]  # the nav is not in the article
    assert "Le conseil a voté le budget." in page and "Ville, tous droits" not in page
    assert "Le budget de la ville" in page  # the title still heads it
    assert read_page(path.read_text(encoding="utf-8")).main is not None


HOSTILE = (FIXTURES / "hostile.html").read_text(encoding="utf-8")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_a_hostile_page_exports_with_nothing_live(tmp_path, layout):
    path = tmp_path / "hostile.html"
    path.write_text(HOSTILE, encoding="utf-8")
    article = _aligned(path, lambda m: m.replace("piège", "trap"))
    page = render_html(shown_part(article), layout)
    parser = _Elements()
    parser.feed(page)
    own = render_html(_aligned(FIXTURES / "cases.html"), layout).count("<script")
    assert page.count("<script") == own  # the page's own script only
    assert page.count("<style") == 1  # the page's own style only
    assert "alert(" not in "".join(page.split("<script")[1:][:own]) if own else True
    for tag, attrs in parser.elements:
        assert tag not in ("img", "iframe", "object", "svg", "button"), tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "javascript" not in (attrs.get("href") or "").lower()
        assert "javascript" not in (attrs.get("formaction") or "").lower()
    assert "lien" in page and "gras" in page


def test_the_sanitiser_keeps_inline_text_markup_and_drops_the_rest():
    assert sanitise_html('<em>a</em> <a href="/x" title="t">b</a>') == (
        '<em>a</em> <a href="/x" title="t">b</a>'
    )
    assert sanitise_html("x<script>alert(1)</script>y<style>p{}</style>") == "xy"
    assert sanitise_html('<a href="javascript:alert(1)">z</a>') == "<a>z</a>"
    assert sanitise_html('<a href="/x" target="_blank" onclick="y">z</a>') == '<a href="/x">z</a>'


@pytest.mark.parametrize("layout", LAYOUTS)
def test_markdown_exports_of_an_html_article_show_no_raw_html(layout):
    article = _aligned(FIXTURES / "cases.html", lambda m: "EN " + m)
    text = render_markdown(plain_view(shown_part(article)), layout)
    assert "<script" not in text and "em>" not in text and "&amp;" not in text
    assert "EN Le conseil a voté le budget." in text
    assert "EN Le budget voté" in text or "EN Le *budget* voté" in text
    assert "Nous écrire" not in text  # the page's navigation: outside <main>


def test_a_page_without_translatable_text_is_one_error(tmp_path):
    path = tmp_path / "vide.html"
    path.write_text(
        "<html><head><script>var a = 'texte';</script></head>"
        '<body><pre>code</pre><p translate="no">Nom</p></body></html>',
        encoding="utf-8",
    )
    with pytest.raises(ArticleError, match="no translatable text"):
        read_article(path, path.name)


def test_a_latin1_page_with_meta_charset_is_read_with_a_warning(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(
        '<html><head><meta charset="iso-8859-1"><title>Été</title></head>'
        "<body><p>Déjà là.</p></body></html>".encode("latin-1")
    )
    document = read_article(path, path.name)
    assert [b.text for b in document.blocks] == ["Été", "Déjà là."]
    assert any("<meta charset>" in w for w in document.warnings)
    # the English page is written in UTF-8, and says so
    target = render_target_html(_aligned(path, lambda m: m.replace("Déjà", "Already")))
    assert '<meta charset="utf-8">' in target and "Already là." in target


def test_a_broken_page_is_read_as_browsers_do_with_a_warning(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><body><div><p>Un paragraphe <b>gras</i> ouvert.<p>Un autre.</span>"
        "<li>Un point</div>",
        encoding="utf-8",
    )
    document = read_article(path, path.name)
    texts = [b.text for b in document.blocks]
    assert texts == ["Un paragraphe <b>gras</i> ouvert.", "Un autre.</span>", "Un point"]
    assert any("repaired as browsers do" in w for w in document.warnings)
    assert render_target_html(_aligned(path), rewrite=True) == (
        '<html lang="en">' + path.read_text(encoding="utf-8")[6:]
    )


def test_a_translated_sentence_lands_exactly_in_place_between_odd_gaps(tmp_path):
    source = "<p>Une phrase.   Deux phrases.\n     Trois phrases ici.</p><p>Fin.</p>"
    path = tmp_path / "gaps.html"
    path.write_text(source, encoding="utf-8")
    translations = {"Trois phrases ici.": "Three sentences here."}
    target = render_target_html(_aligned(path, lambda m: translations.get(m, m)))
    expected = source.replace("Trois phrases ici.", "Three sentences here.")
    assert target == '<html lang="en">' + expected


_PIECES = [
    "<p>",
    "</p>",
    "<li>",
    "<ul>",
    "</ul>",
    "<td>",
    "<table>",
    "<h2>",
    "</h2>",
    "<em>",
    "</em>",
    '<a href="/x" title="Un lien">',
    "</a>",
    "<br>",
    '<img alt="Une image" src=y>',
    "<code>",
    "</code>",
    '<span translate="no">',
    "</span>",
    "<script>var a = '<p>';</script>",
    "<!-- note -->",
    "<!--",
    "-->",
    "&amp;",
    "&eacute;",
    "&",
    "<",
    ">",
    " ",
    "\n",
    "Une phrase. ",
    "Une phrase.   Une autre phrase. ",
    "Encore une.\n   Et la fin ! ",
    "Deux mots",
    "! ",
    "Élan",
    "?",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_any_page_rewritten_by_itself_is_the_source_byte_for_byte(tmp_path_factory, pieces):
    source = "".join(pieces)
    if not source.strip():
        return
    path = tmp_path_factory.mktemp("page") / "page.html"
    path.write_text(source, encoding="utf-8")
    try:
        article = _aligned(path)
    except ArticleError:
        return  # nothing to translate: one error, tested above
    assert render_target_html(article, rewrite=True) == '<html lang="en">' + source
    translated = render_target_html(article, rewrite=False)
    assert translated == '<html lang="en">' + source


def test_a_row_shown_once_keeps_its_footnote_in_the_source_language(tmp_path):
    """A footnote with nothing to translate is one shared row: its id names the source's
    language, as the reference in the source column does."""
    path = tmp_path / "note.md"
    path.write_text("# Titre\n\nUne note.[^1]\n\n[^1]:\n    ```\n    code()\n    ```\n")
    page = render_html(_aligned(path), "side-by-side")
    shared = re.search(r'<div class="row shared k-footnote"[^\n]*', page).group()
    assert '<div class="footnote" id="fn1-fr"><span class="fn-label">1</span>' in shared
    assert 'href="#fn1-fr"' in page
