"""Boxes: MkDocs admonitions (`!!! kind "title"`, `???` collapsible), markdown-it/VitePress
containers (`::: kind title`) and GitHub alerts (`> [!NOTE]`) are blocks whose title and body
are translated, whose syntax the target Markdown keeps byte for byte, and which the HTML
pages show as labelled boxes; a page without any reads exactly as before."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from translate import read
from translate.align import align_article
from translate.decode import Source
from translate.export.html import render_html
from translate.export.markdown import render_markdown
from translate.read import BOX_TITLE, parse_source
from translate.segment import segment_document

CORPORA = Path(__file__).resolve().parent / "corpora"

PAGE = """# Les boîtes

!!! tip "Astuce du jour"
    Un conseil *utile*. Une deuxième phrase.

    Un second paragraphe dans la boîte.

!!! info
    Sans titre écrit.

!!! Warning ""
    Titre vide.

??? note "Repliée"
    Corps replié.

???+ danger "Ouverte"
    Corps ouvert.

::: tip Pré-requis
Lisez *ceci* d'abord.
:::

:::warning Attention :
Avertissement.
:::

::: details
Sans titre.
:::

> [!NOTE]
> Une note GitHub.

> [!warning]
> Un avertissement.
> Sur deux lignes.

> Une citation ordinaire.

Fin.
"""

# (kind, line, text, innermost frame kind and box kind) of every translatable block
EXPECTED = [
    ("heading", 1, "Les boîtes", None),
    (BOX_TITLE, 3, "Astuce du jour", ("admonition", "tip")),
    ("paragraph", 4, "Un conseil *utile*. Une deuxième phrase.", ("admonition", "tip")),
    ("paragraph", 6, "Un second paragraphe dans la boîte.", ("admonition", "tip")),
    ("paragraph", 9, "Sans titre écrit.", ("admonition", "info")),
    ("paragraph", 12, "Titre vide.", ("admonition", "warning")),
    (BOX_TITLE, 14, "Repliée", ("admonition", "note")),
    ("paragraph", 15, "Corps replié.", ("admonition", "note")),
    (BOX_TITLE, 17, "Ouverte", ("admonition", "danger")),
    ("paragraph", 18, "Corps ouvert.", ("admonition", "danger")),
    (BOX_TITLE, 20, "Pré-requis", ("container", "tip")),
    ("paragraph", 21, "Lisez *ceci* d'abord.", ("container", "tip")),
    (BOX_TITLE, 24, "Attention :", ("container", "warning")),
    ("paragraph", 25, "Avertissement.", ("container", "warning")),
    ("paragraph", 29, "Sans titre.", ("container", "details")),
    ("quote", 33, "Une note GitHub.", ("blockquote", "note")),
    ("quote", 36, "Un avertissement.\nSur deux lignes.", ("blockquote", "warning")),
    ("quote", 39, "Une citation ordinaire.", ("blockquote", None)),
    ("paragraph", 41, "Fin.", None),
]


def _document(source: str):
    return parse_source(Source(Path("a.md"), "a.md", source, "utf-8", ()))


def _article(source: str, translate=lambda msgid: msgid):
    document = _document(source)
    segments = segment_document(document)
    po = polib.POFile()
    for msgid in dict.fromkeys(segment.msgid for segment in segments):
        po.append(polib.POEntry(msgid=msgid, msgstr=translate(msgid)))
    return document, segments, align_article(document, po, segments)


def _frame(block) -> tuple | None:
    if not block.frames:
        return None
    frame = block.frames[-1]
    return (frame[0], frame[2] if len(frame) > 2 else None)


def test_boxes_are_blocks_with_their_kind_title_and_body():
    document = _document(PAGE)
    found = [(b.kind, b.line, b.text, _frame(b)) for b in document.blocks if b.translatable]
    assert found == EXPECTED


def test_no_marker_is_ever_a_segment():
    msgids = {segment.msgid for segment in segment_document(_document(PAGE))}
    assert not [m for m in msgids if re.search(r"!!!|\?\?\?|:::|\[!|^(tip|info|note)$", m)]
    assert "Une note GitHub." in msgids and "Astuce du jour" in msgids


def test_a_box_title_span_is_its_words_in_the_source():
    document = _document(PAGE)
    for block in document.blocks:
        if block.kind == BOX_TITLE:
            ((start, end),) = block.spans
            assert PAGE[start:end] == block.text


def _old_parser():
    """The reader's parser as it was before boxes: CommonMark, tables, footnotes."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin, inline=False)
    parser.core.ruler.at("inline", read._inline_without_children)
    return parser


def _without_boxes() -> list[Path]:
    files = sorted(CORPORA.rglob("*.md"))
    box = re.compile(
        r"^\s*(?:!!!|\?\?\?|:::)|\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.M | re.I
    )
    return [f for f in files if not box.search(f.read_text(encoding="utf-8", errors="replace"))]


def test_a_page_without_boxes_reads_exactly_as_before(monkeypatch):
    pages = _without_boxes()
    assert len(pages) > 50
    now = [
        read.parse_markdown_document(p.read_text(encoding="utf-8", errors="replace")) for p in pages
    ]
    monkeypatch.setattr(read, "markdown_parser", _old_parser)
    before = [
        read.parse_markdown_document(p.read_text(encoding="utf-8", errors="replace")) for p in pages
    ]
    for page, old, new in zip(pages, before, now, strict=True):
        assert old == new, page


def test_identity_translation_gives_back_the_source_markdown():
    *_, article = _article(PAGE)
    text = render_markdown(article, "target", marks=False)
    assert text.split("-->\n\n", 1)[1] == PAGE


TRANSLATIONS = {
    "Astuce du jour": 'Tip of the "day"',
    "Un conseil *utile*.": "A *useful* tip.",
    "Une deuxième phrase.": "A second sentence.",
    "Un second paragraphe dans la boîte.": "A second paragraph in the box.",
    "Pré-requis": "Prerequisites",
    "Lisez *ceci* d'abord.": "Read *this* first.",
    "Attention :": "Warning:",
    "Une note GitHub.": "A GitHub note.",
    "Un avertissement. Sur deux lignes.": "A warning. On two lines.",
    "Un avertissement.": "A warning.",
    "Sur deux lignes.": "On two lines.",
    "Corps replié.": "Folded body.",
}


def _translated():
    return _article(PAGE, lambda msgid: TRANSLATIONS.get(msgid, msgid))[2]


def test_the_target_markdown_keeps_every_box_line_and_translates_titles_and_bodies():
    text = render_markdown(_translated(), "target", marks=False).split("-->\n\n", 1)[1]
    assert '!!! tip "Tip of the &quot;day&quot;"\n    A *useful* tip. A second sentence.\n' in text
    assert "\n    A second paragraph in the box.\n" in text
    assert "\n!!! info\n    Sans titre écrit.\n" in text
    assert '\n!!! Warning ""\n' in text
    assert '\n??? note "Repliée"\n    Folded body.\n' in text
    assert "\n::: tip Prerequisites\nRead *this* first.\n:::\n" in text
    assert "\n:::warning Warning:\n" in text
    assert "\n> [!NOTE]\n> A GitHub note.\n" in text
    assert "\n> [!warning]\n> A warning. On two lines.\n" in text
    # every line that is a box's syntax is the source's own
    syntax = re.compile(r"^(?:!!!|\?\?\?\+?|:::|> \[![A-Za-z]+\])[ \t]*[\w-]*")
    source_lines = [syntax.match(line) for line in PAGE.split("\n")]
    target_lines = [syntax.match(line) for line in text.split("\n")]
    assert [m.group(0) for m in target_lines if m] == [m.group(0) for m in source_lines if m]


def test_the_target_markdown_renders_the_same_boxes():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.container import container_plugin

    def boxes(text: str) -> list[tuple[str, str]]:
        md = MarkdownIt("commonmark").use(admon_plugin)
        md.use(container_plugin, name="box", validate=lambda *_: True)
        return [
            (t.type, t.meta.get("tag") or t.info.split(" ")[0].strip() if t.info else "")
            for t in md.parse(text)
            if t.type in ("admonition_open", "container_box_open")
        ]

    text = render_markdown(_translated(), "target", marks=False)
    assert boxes(text) == boxes(PAGE) and len(boxes(PAGE)) == 8


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved", "target"])
def test_html_pages_show_labelled_boxes(layout):
    page = render_html(_translated(), layout)
    columns = 1 if layout == "target" else 2
    assert page.count('class="box box-tip" role="note"') == 2 * columns
    assert page.count('class="box box-note" role="note"') == 2 * columns  # ??? and [!NOTE]
    titles = re.findall(r'<p class="box-title" role="heading" aria-level="(\d)">(.*?)</p>', page)
    assert all(level == "2" for level, _ in titles)  # one below the page's h1
    shown = [re.sub(r"<[^>]+>", "", title) for _, title in titles]
    assert "Prerequisites" in shown and "Info" in shown and "Details" in shown
    assert "Tip of the &quot;day&quot;" in shown
    if columns == 2:
        assert "Pré-requis" in shown and "Astuce du jour" in shown
    assert "[!NOTE]" not in page and "!!!" not in page and ":::" not in page
    assert "Une citation ordinaire." in page and "<blockquote>" in page


def test_a_box_title_is_one_level_below_the_heading_before_it():
    source = '# T\n\n## Section\n\n### Sous-section\n\n!!! tip "Titre"\n    Corps.\n'
    page = render_html(_article(source)[2], "target")
    assert '<p class="box-title" role="heading" aria-level="4">' in page


def test_hostile_box_titles_are_text():
    source = (
        '!!! tip "<script>alert(1)</script>"\n    Corps.\n\n::: tip <img src=x onerror=y>\nx\n:::\n'
    )
    for layout in ("side-by-side", "target"):
        page = render_html(_article(source)[2], layout)
        assert "<script>alert" not in page and "<img" not in page
    text = render_markdown(_article(source, lambda m: m + " <b onclick=x>")[2], "target")
    assert "<b onclick" not in text and "<script>alert" not in text


CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / ".venv" / "axe" / "node_modules" / "axe-core"


@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.exists() or not (AXE / "axe.min.js").exists(),
    reason="Chromium or axe-core missing (tests/setup.sh installs them)",
)
@pytest.mark.parametrize("layout", ["side-by-side", "target"])
def test_boxes_pass_axe(tmp_path, layout):
    playwright = pytest.importorskip("playwright.sync_api")
    path = tmp_path / f"boxes.{layout}.html"
    path.write_text(render_html(_translated(), layout), encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto(path.as_uri())
        page.evaluate((AXE / "axe.min.js").read_text(encoding="utf-8"))
        violations = page.evaluate(
            "axe.run().then(r => r.violations.map(v => v.id + ': ' + "
            "v.nodes.map(n => n.target.join(' ')).join(', ')))"
        )
        headings = page.evaluate(
            "Array.from(document.querySelectorAll('[role=heading]')).map(h => h.textContent)"
        )
        browser.close()
    assert violations == [], violations
    assert "Prerequisites" in headings


GOLDEN = Path(__file__).resolve().parent / "golden" / "export"


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("boxes.en.target.md", lambda a: render_markdown(a, "target")),
        ("boxes.en.side-by-side.html", lambda a: render_html(a, "side-by-side")),
    ],
)
def test_golden_page_with_front_matter_and_boxes(name, render):
    """One page with front matter and every kind of box, exported (regenerate with
    DIPTYCH_REGEN_GOLDEN=1, then read the diff)."""
    import os

    from translate import __version__
    from translate.catalog import load_catalog
    from translate.read import read_article

    document = read_article(GOLDEN / "boxes.md", "seeds/boxes.md")
    article = align_article(
        document, load_catalog(GOLDEN / "boxes.en.po"), segment_document(document)
    )
    text = render(article).replace(f"diptych {__version__}", "diptych VERSION")
    path = GOLDEN / name
    if os.environ.get("DIPTYCH_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_interleaved_markdown_keeps_each_box_whole_then_its_translation():
    text = render_markdown(_translated(), "interleaved", marks=False)
    assert "\n::: tip Pré-requis\nLisez *ceci* d'abord.\n:::\n\n> *English:*\n>\n" in text
    assert "> ::: tip Prerequisites\n> Read *this* first.\n> :::\n" in text
    assert (
        "\n> [!NOTE]\n> Une note GitHub.\n\n> *English:*\n>\n> > [!NOTE]\n> > A GitHub note.\n"
        in text
    )
    assert '> !!! tip "Tip of the &quot;day&quot;"\n>     A *useful* tip.' in text
