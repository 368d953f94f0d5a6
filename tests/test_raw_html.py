"""Raw HTML in a Markdown article is the author's markup (docs/markup.md): its prose is
translated in place, its tags and comments are kept in the target Markdown, it is rendered
in the HTML pages through the allowlist sanitiser, and nothing in it can run anywhere."""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import pytest

from translate.align import align_article
from translate.export import render_html, render_markdown
from translate.export.rawhtml import code_as_html, markdown_form
from translate.export.sanitise import markdown_text
from translate.read import ATTRIBUTE, HTML, PARAGRAPH, TABLE_CELL, Source, parse_source
from translate.segment import segment_document

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_renderer_matrix as matrix  # noqa: E402

LAYOUTS = ("side-by-side", "interleaved", "target")

ARTICLE = """# Titre

Un paragraphe avec <span class="caption">une légende</span> et <sup>2</sup> ici.

<!-- The English original, never translated. -->

<table class="properties">
  <tr><th>Nom</th><td>Une cellule de tableau.</td></tr>
</table>

<figure>
  <img src="img/chat.png" alt="Un chat qui dort">
  <figcaption>Le chat dort au soleil.</figcaption>
</figure>

Fin du texte.
"""


def _article(text: str, translate=None):
    document = parse_source(Source(Path("a.md"), "a.md", text, "utf-8", ()))
    segments = segment_document(document)
    po = polib.POFile()
    for msgid in dict.fromkeys(segment.msgid for segment in segments):
        msgstr = translate(msgid) if translate else msgid
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return align_article(document, po, segments)


ENGLISH = {
    'Un paragraphe avec <span class="caption">une légende</span> et <sup>2</sup> ici.': (
        'A paragraph with <span class="caption">a caption</span> and <sup>2</sup> here.'
    ),
    "Une cellule de tableau.": "A table cell.",
    "Un chat qui dort": "A sleeping cat",
    "Le chat dort au soleil.": "The cat sleeps in the sun.",
}


def test_prose_inside_html_blocks_is_read_with_its_kind_and_exact_span():
    document = parse_source(Source(Path("a.md"), "a.md", ARTICLE, "utf-8", ()))
    inside = [b for b in document.blocks if b.frames and b.frames[-1][0] == "raw html"]
    assert [(b.kind, b.text) for b in inside] == [
        (TABLE_CELL, "Nom"),
        (TABLE_CELL, "Une cellule de tableau."),
        (ATTRIBUTE, "Un chat qui dort"),
        (PARAGRAPH, "Le chat dort au soleil."),
    ]
    for block in inside:
        assert document.text[block.spans[0][0] : block.spans[0][1]] == block.text
        assert document.blocks[block.frames[-1][1]].kind == HTML
    msgids = {s.msgid for s in segment_document(document)}
    assert not [m for m in msgids if "English original" in m]  # comments are never entries


def test_translations_go_in_place_and_every_tag_and_comment_stays():
    article = _article(ARTICLE, lambda m: ENGLISH.get(m, m))
    target = render_markdown(article, "target", marks=False)
    assert '<table class="properties">' in target
    assert "<tr><th>Nom</th><td>A table cell.</td></tr>" in target
    assert '<img src="img/chat.png" alt="A sleeping cat">' in target
    assert "<figcaption>The cat sleeps in the sun.</figcaption>" in target
    assert "<!-- The English original, never translated. -->" in target
    assert 'A paragraph with <span class="caption">a caption</span> and <sup>2</sup> here.' in (
        target
    )


def test_identity_translation_keeps_the_source_byte_for_byte():
    target = render_markdown(_article(ARTICLE), "target", marks=False)
    assert target.endswith(ARTICLE[len("# Titre\n") :])


def test_text_a_translation_adds_is_never_markup():
    added = {
        "Une cellule de tableau.": "A cell <script>alert(1)</script> [x](javascript:alert(2)).",
        "Le chat dort au soleil.": '</figcaption><img src=x onerror="alert(3)"> *cat*',
        "Un chat qui dort": 'A cat" onerror="alert(4)',
        'Un paragraphe avec <span class="caption">une légende</span> et <sup>2</sup> ici.': (
            '<b>Bold</b> <span class="caption">x</span> <sup>2</sup> <i>added</i>'
        ),
    }
    article = _article(ARTICLE, lambda m: added.get(m, m))
    target = render_markdown(article, "target", marks=False)
    assert "<script" not in target and "<b>" not in target and "<i>" not in target
    assert 'onerror="alert' not in target and "](javascript:" not in target
    assert '<span class="caption">x</span>' in target  # the source's own tag stays
    assert "<figcaption>&lt;/figcaption&gt;&lt;img src=x onerror=" in target
    assert 'onerror="alert(4)' not in target  # (the block is written sanitised: no img)
    quoted = _article(ARTICLE, lambda m: 'A "sleeping" cat' if m == "Un chat qui dort" else m)
    assert 'alt="A &quot;sleeping&quot; cat"' in render_markdown(quoted, "target")
    for layout in LAYOUTS:
        text = render_markdown(article, layout)
        for renderer in matrix.RENDERERS:
            assert not matrix.active(matrix.render(renderer, text)), (layout, renderer)
        assert _page_active(render_html(article, layout)) == [], layout


def _page_active(page: str) -> list[str]:
    """What in a page could run that is not the page's own (its one style element in the
    head, its one script at the end, its form controls)."""
    own = {"<style>", "<script>", "<input>", "<button>", "<label>", "<main>", "<header>"}
    own |= {"<footer>", "<nav>", "<article>", "<html>", "<head>", "<meta>", "<title>", "<body>"}
    problems = [p for p in matrix.active(page) if p not in own]
    assert page.count("<style") == 1 and page.count("<script") <= 1
    return problems + [p for p in matrix.page_problems(page) if " " in p]  # handlers, schemes


def test_inline_tags_of_the_source_stay_and_active_ones_are_text():
    assert markdown_text('Un <span class="x">mot</span> <br> ici', True) == (
        'Un <span class="x">mot</span> <br> ici'
    )
    assert markdown_text('Un <b onclick="alert(1)">mot</b>', True) == (
        'Un &lt;b onclick="alert(1)"&gt;mot&lt;/b&gt;'
    )
    assert markdown_text('<a href="javascript:alert(1)">x</a>', True).startswith("&lt;a href")
    source = 'Un <span class="x">mot</span>'
    assert markdown_text('A <span class="x">word</span>', True, source) == (
        'A <span class="x">word</span>'
    )
    assert markdown_text('A <span class="y">word</span>', True, source) == (
        'A &lt;span class="y"&gt;word&lt;/span&gt;'
    )


@pytest.mark.parametrize(
    "block",
    [
        '<div class="note">\n  <p>Un <a href="https://e.org" target="_blank">lien</a></p>\n</div>',
        "<!--\nA comment with <b>tags</b> and javascript text\n-->",
        '<table class="t"><tr><td style="color: red">x</td></tr></table>',
        '<img src="a.png" alt="x" width="20">',
    ],
)
def test_inert_html_is_kept_byte_for_byte(block):
    assert markdown_form(block) == block


@pytest.mark.parametrize(
    "block",
    [
        "<script>alert(1)</script>",
        '<div onclick="alert(1)">x</div>',
        '<p><a href="JaVaScRiPt:alert(1)">x</a></p>',
        '<p><a href="&#106;avascript:alert(1)">x</a></p>',
        '<iframe src="https://example.org"></iframe>',
        "<style>p { color: red }</style>",
        '<div style="background: url(javascript:alert(1))">x</div>',
        "<div>\n[x](javascript:alert(1))\n</div>",
        "<svg/onload=alert(1)>",
        '<object data="x.swf"></object>',
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
    ],
)
def test_active_html_is_written_sanitised_and_without_markdown(block):
    safe = markdown_form(block)
    assert safe != block
    for renderer in matrix.RENDERERS:
        assert not matrix.active(matrix.render(renderer, safe)), renderer
        assert "javascript" not in matrix.render(renderer, safe).lower() or "[x]" not in safe


HOSTILE = """# Titre

<script>alert(1)</script>

<div onmouseover="alert(2)"><p>Un texte <b onclick="alert(3)">piégé</b>.</p></div>

<p><a href="javascript:alert(4)">Un lien</a> et <a href="JAVASCRIPT:alert(5)">un autre</a>.</p>

<iframe src="https://example.org/x"></iframe>

<style>body { background: url(javascript:alert(6)) }</style>

<table><tr><td><img src=x onerror="alert(7)">Une cellule.</td></tr></table>

Une phrase <script>alert(8)</script> et <img src=x onerror=alert(9)> puis
<a href="javascript:alert(10)">un lien</a> et <iframe src="x"></iframe> <style>p{}</style>.
"""


@pytest.mark.parametrize("translated", [False, True])
def test_a_hostile_article_has_nothing_live_in_any_output(translated):
    article = _article(HOSTILE, (lambda m: m.replace("Un", "A")) if translated else None)
    for layout in LAYOUTS:
        page = render_html(article, layout)
        assert _page_active(page) == [], layout
        scripts = page.count("<script")
        assert scripts == (0 if layout == "target" else 1), layout  # the page's own only
        assert "<style>" not in page.split("</style>", 1)[1], layout  # after the page's own
        assert "<iframe" not in page
        text = render_markdown(article, layout)
        for renderer in matrix.RENDERERS:
            html = matrix.render(renderer, text)
            assert matrix.active(html) == [], (layout, renderer)
            assert "alert(" not in "".join(a[2] for a in matrix.elements(html).attributes)


def test_html_pages_render_html_blocks_and_hide_comments():
    article = _article(ARTICLE, lambda m: ENGLISH.get(m, m))
    for layout in LAYOUTS:
        page = render_html(article, layout)
        assert "English original" not in page
        assert '<pre class="raw-html"' not in page
        assert "<td>A table cell.</td>" in page
        assert "<figcaption>The cat sleeps in the sun.</figcaption>" in page
        assert "<span>a caption</span>" in page  # the sanitiser keeps the element, not class
    side = render_html(article, "side-by-side")
    assert "<td>Une cellule de tableau.</td>" in side and "<td>A table cell.</td>" in side


@pytest.mark.parametrize(
    ("content", "info"),
    [
        ("let v: Vec<String> = vec![];", "rust"),
        ('<template>\n  <div @click="x">{{ a }}</div>\n\n</template>', "vue"),
        ("[x](javascript:alert(1)) <script>alert(2)</script>", ""),
    ],
)
def test_fenced_code_that_looks_like_markup_renders_alike_and_stays_code(content, info):
    from markdown_it import MarkdownIt

    fence = f"```{info}\n{content}\n```\n"
    html = code_as_html(content, info)
    assert html is not None
    md = MarkdownIt("commonmark")
    assert md.render(html + "\n") == md.render(fence)
    for renderer in matrix.RENDERERS:
        assert not matrix.live(matrix.render(renderer, html + "\n")), renderer
    assert code_as_html("print(1)", "python") is None  # nothing to read as markup: a fence


def test_every_attribute_of_a_tag_inside_a_translated_sentence_is_translated():
    text = '# T\n\n<p>Voir <img src="a.png" alt="Un chat" title="Le titre"> ici.</p>\n'
    sentence = 'Voir <img src="a.png" alt="Un chat" title="Le titre"> ici.'
    english = {
        "Un chat": "A cat",
        "Le titre": "The title",
        sentence: 'See <img src="a.png" alt="Un chat" title="Le titre"> here.',
    }
    for translated in (english, {k: v for k, v in english.items() if k != sentence}):
        article = _article(text, lambda m, t=translated: t.get(m, m))
        target = render_markdown(article, "target", marks=False)
        assert '<img src="a.png" alt="A cat" title="The title">' in target, target
