"""export: golden files, document structure, safety of article text, file names, policy.

Regenerate the golden files after an intended change with
`DIPTYCH_REGEN_GOLDEN=1 python -m pytest tests/test_export.py`, then read the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from markdown_it import MarkdownIt

from translate import __version__
from translate.align import align_article
from translate.catalog import load_catalog
from translate.errors import ExportError
from translate.export import (
    IndexEntry,
    check_slug,
    export_project,
    output_name,
    output_path,
    render_html,
    render_index,
    render_markdown,
)
from translate.export import job as export_module
from translate.pages import LAYOUTS
from translate.project import Project
from translate.read import read_article
from translate.segment import segment_document
from translate.workers import process_map

GOLDEN = Path(__file__).parent / "golden" / "export"
REGEN = os.environ.get("DIPTYCH_REGEN_GOLDEN") == "1"


def _article(path: Path, catalog):
    document = read_article(path, f"seeds/{path.name}")
    return align_article(document, catalog, segment_document(document))


@pytest.fixture(scope="module")
def article():
    return _article(GOLDEN / "article.md", load_catalog(GOLDEN / "article.en.po"))


# ---------------------------------------------------------------------------- golden files


def _check_golden(name: str, text: str) -> None:
    """Compare with the golden file; the version number is kept out of it."""
    path = GOLDEN / name
    text = text.replace(f"diptych {__version__}", "diptych VERSION")
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{name} missing: run with DIPTYCH_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_golden(article, layout):
    _check_golden(f"article.en.{layout}.html", render_html(article, layout))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_markdown_golden(article, layout):
    _check_golden(f"article.en.{layout}.md", render_markdown(article, layout))


def test_index_golden(article):
    entry = IndexEntry.of(article, ("article.en.html", "article.en.md"))
    _check_golden("index.html", render_index([entry]))


def test_rendering_is_byte_stable(article):
    again = _article(GOLDEN / "article.md", load_catalog(GOLDEN / "article.en.po"))
    assert render_html(article) == render_html(again)
    assert render_markdown(article) == render_markdown(again)


# ---------------------------------------------------------------------------- HTML structure


class _Page(HTMLParser):
    """Collects what the structural tests look at: elements, ids, attributes, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.script_text if self._in_script else self.text).append(data)

    def with_class(self, name: str) -> list[dict]:
        return [a for _, a in self.elements if name in (a.get("class") or "").split()]

    def ids(self) -> dict[str, dict]:
        return {a["id"]: a for _, a in self.elements if a.get("id")}


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _shown_blocks(article) -> int:
    return sum(1 for block in article.blocks if block.kind not in ("front_matter", "front matter"))


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_every_sentence_has_exactly_one_counterpart(article, layout):
    page = _parse(render_html(article, layout))
    ids = page.ids()
    sentences = page.with_class("s")
    sources = [a for a in sentences if a.get("id", "").endswith("-fr")]
    targets = [a for a in sentences if a.get("id", "").endswith("-en")]
    # front-matter values are metadata: the title shows in the header, not as sentences
    count = sum(len(block.segments) for block in article.blocks if block.kind != "front matter")
    assert len(sources) == len(targets) == count
    for attrs in sources + targets:
        pair = attrs["data-pair"]
        assert pair in ids and ids[pair]["data-pair"] == attrs["id"]
        assert attrs["tabindex"] == "0"
    all_ids = [a["id"] for _, a in page.elements if a.get("id")]
    assert len(all_ids) == len(set(all_ids))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_row_per_block(article, layout):
    """One row per block, except that a list item keeps its nested items in its row (the
    second item of the golden article has two)."""
    page = _parse(render_html(article, layout))
    assert len(page.with_class("row")) == _shown_blocks(article) - 2


def test_side_by_side_keeps_structure_and_languages(article):
    page = _parse(render_html(article))
    tags = [tag for tag, _ in page.elements]
    assert page.elements[0] == ("html", {"lang": "en"})
    assert tags.count("h1") == 2 and tags.count("h2") == 2  # title and heading, both sides
    assert [a.get("start") for t, a in page.elements if t == "ol"] == [
        None,
        None,
        "2",
        "2",
        "3",
        "3",
    ]
    assert sum(1 for t, a in page.elements if t == "ul" and a.get("class") == "lvl-2") == 2
    assert tags.count("blockquote") == 2 and tags.count("pre") == 1 and tags.count("hr") == 1
    assert page.with_class("raw-html")  # the author's HTML block, rendered
    assert tags.count("strong") == 2 and tags.count("em") == 2 and tags.count("code") == 4
    cells = page.with_class("cell")
    assert {c.get("lang") for c in cells if "src" in c["class"]} == {"fr"}
    assert {c.get("lang") for c in cells if "tgt" in c["class"]} == {"en"}
    # A sentence without translation shows the source, tagged with the source language.
    untranslated = [a for a in page.with_class("st-untranslated") if a.get("id")]
    assert len(untranslated) == 2 and {a.get("lang") for a in untranslated} == {"fr"}
    assert len([a for a in page.with_class("st-machine") if a.get("id")]) == 2


def test_header_shows_provenance_and_progress(article):
    text = " ".join(_parse(render_html(article)).text)
    for expected in (
        "seeds/article.md",
        "argos translate-fr_en 1.9",
        "62% (10 of 16; 2 machine, 2 edited, 2 untranslated)",
        "2024-05-03 17:42+0000",
        "machine translation, not reviewed",
        "not translated (source shown)",
    ):
        assert expected in text


def test_marks_can_be_switched_off(article):
    marked = _parse(render_html(article, marks=True))
    plain = _parse(render_html(article, marks=False))
    assert (
        "marks"
        in marked.elements[marked.elements.index(("body", {"class": "sbs marks"}))][1]["class"]
    )
    assert ("body", {"class": "sbs"}) in plain.elements
    assert not plain.with_class("legend")
    assert not [a for _, a in plain.elements if a.get("title")]
    assert marked.with_class("legend")


def test_target_layout_is_the_translation_alone(article):
    page = _parse(render_html(article, "target", marks=False))
    assert not [a for _, a in page.elements if (a.get("id") or "").endswith("-fr")]
    assert not [a for _, a in page.elements if a.get("data-pair")]
    assert ("script", {}) not in page.elements
    text = "".join(page.text)
    assert "Why translate locally?" in text and "Pourquoi traduire" not in text


def test_pages_are_self_contained(article):
    for layout in LAYOUTS:
        page = _parse(render_html(article, layout))
        for tag, attrs in page.elements:
            assert tag not in ("link", "img", "iframe", "object", "embed")
            assert "src" not in attrs
        hrefs = [a["href"] for t, a in page.elements if t == "a"]
        assert hrefs and all(h == "https://example.org/docs" for h in hrefs)


# ---------------------------------------------------------------------------- Markdown structure


def _markdown_tokens(text: str):
    """Tokens of a Markdown export, after checking and removing its front matter."""
    from markdown_it import MarkdownIt

    title = "Offline translation" if "\n# Offline" in text else "La traduction hors ligne"
    front = f"---\ntitle: {title}\nauthor: Claire Dubois\n---\n\n"
    assert text.startswith(front)  # the target alone has the title in the target language
    return MarkdownIt("commonmark").enable("table").parse(text[len(front) :])


def test_markdown_table_has_one_row_per_block(article):
    tokens = _markdown_tokens(render_markdown(article, "side-by-side"))
    rows = [t for t in tokens if t.type == "tr_open"]
    # header row + blocks (nested items share their item's row) + the front matter's title
    assert len(rows) == 1 + _shown_blocks(article) - 2 + 1
    cells = [t for t in tokens if t.type in ("td_open", "th_open")]
    assert len(cells) == 2 * len(rows)
    header = [t.content for t in tokens if t.type == "inline"][1:3]  # after the marks legend
    assert header == ["Français", "English"]


def test_markdown_target_keeps_structure(article):
    tokens = _markdown_tokens(render_markdown(article, "target"))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Offline translation", "Why translate locally?"]
    starts = [t.attrGet("start") for t in tokens if t.type == "ordered_list_open"]
    assert starts == [None]  # one list numbered from 1, with the bullets nested inside
    nested = [t.level for t in tokens if t.type == "bullet_list_open"]
    assert nested and nested[0] > 0
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.info for f in fences] == ["sh"]  # the HTML block is HTML, not code
    assert [t.content for t in tokens if t.type == "html_block"][-1].startswith("<div class")
    assert fences[0].content == 'diptych run --project mes-articles\necho "a | b"\n'
    assert any(t.type == "blockquote_open" for t in tokens)
    assert any(t.type == "hr" for t in tokens)


def test_markdown_interleaved_has_every_translation(article):
    text = render_markdown(article, "interleaved")
    tokens = _markdown_tokens(text)
    inline = " ".join(t.content for t in tokens if t.type == "inline")
    for block in article.blocks:
        for seg in block.segments:
            assert " ".join(seg.source.split()) in inline
            assert " ".join(seg.shown.split()) in inline
    # each item is followed by its translation, quoted: numbering is kept item by item
    starts = [t.attrGet("start") for t in tokens if t.type == "ordered_list_open"]
    assert starts == [None, None, 2, 2, 3, 3]


def test_later_paragraphs_of_a_numbered_item_stay_in_it(tmp_path):
    path = tmp_path / "steps.md"
    path.write_text(
        "# Étapes\n\n9. Première étape.\n\n   Suite de la première.\n\n"
        "10. Deuxième étape.\n    ```\n    code\n    ```\n",
        encoding="utf-8",
    )
    article = _article(path, None)
    markdown = render_markdown(article, "target", marks=False)
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert [t.attrGet("start") for t in tokens if t.type == "ordered_list_open"] == [9]
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == 2
    inline = [t.content for t in tokens if t.type == "inline" and t.level > 2]
    assert inline == ["Première étape.", "Suite de la première.", "Deuxième étape."]
    assert [t.content for t in tokens if t.type == "fence"] == ["code\n"]
    page = _parse(render_html(article))
    assert [a.get("start") for t, a in page.elements if t == "ol"] == ["9", "9", "10", "10"]
    # one row per item, the item's two paragraphs inside it on each side
    rows = [a for a in page.with_class("row") if "k-list_item" in a["class"]]
    assert len(rows) == 2
    items = render_html(article).split('id="b')[2]  # the row of the first item
    assert items.count("<li>") == 2 and items.count("<p>") == 4


# ---------------------------------------------------------------------------- safety

HOSTILE_MD = """# Titre <script>alert(1)</script>

Un <img src=x onerror=alert(1)> piège. Un [lien](javascript:alert(1)) piégé.

Un [autre](JaVaScRiPt:alert(2)) et {{ 7*7 }} puis {% for x in y %}boucle{% endfor %}.

- <b onmouseover="alert(3)">gras</b> et <javascript:alert(4)>.
"""

HOSTILE_TXT = """Titre <script>alert(1)</script>

Un <img src=x onerror=alert(1)> piège. Un [lien](javascript:alert(1)) piégé.

Et {{ 7*7 }} puis {% include secret %} ici.
"""


def _hostile(tmp_path: Path, suffix: str, text: str, added: str = ""):
    path = tmp_path / f"hostile{suffix}"
    path.write_text(text, encoding="utf-8")
    document = read_article(path, path.name)
    segments = segment_document(document)
    po = polib.POFile()
    for seg in segments:  # the translation carries the same payloads as the source
        msgstr = seg.msgid.replace("Titre", "Title") + added
        po.append(polib.POEntry(msgid=seg.msgid, msgstr=msgstr))
    return align_article(document, po, segments)


def _assert_inert_html(html: str, script_count: int) -> None:
    page = _parse(html)
    scripts = [t for t, _ in page.elements if t == "script"]
    assert len(scripts) == script_count
    assert all("alert" not in s for s in page.script_text)
    for tag, attrs in page.elements:
        assert tag not in ("img", "b", "iframe")
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "javascript" not in (attrs.get("href") or "").lower()
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, escaped in the source
    assert "{{ 7*7 }}" in text and "49" not in text


@pytest.mark.parametrize(("suffix", "source"), [(".md", HOSTILE_MD), (".txt", HOSTILE_TXT)])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_hostile_article_is_inert_in_html(tmp_path, suffix, source, layout):
    article = _hostile(tmp_path, suffix, source)
    html = render_html(article, layout)
    _assert_inert_html(html, 0 if layout == "target" else 1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("suffix", "source"), [(".md", HOSTILE_MD), (".txt", HOSTILE_TXT)])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_hostile_article_is_harmless_in_markdown(tmp_path, suffix, source, layout):
    from markdown_it import MarkdownIt

    added = " {{ config.secret }} {% include secret %}"  # template syntax only the translation has
    text = render_markdown(_hostile(tmp_path, suffix, source, added), layout)
    # Rendered by a permissive renderer (raw HTML allowed) it must still be inert.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    page = _parse(html)
    for tag, attrs in page.elements:
        assert tag not in ("script", "img", "b")
        assert not [name for name in attrs if name.startswith("on")]
        assert "javascript" not in (attrs.get("href") or "").lower()
    # No template syntax for Liquid/Jinja but the macros a Markdown source has, as its author
    # wrote them for the site that publishes both (docs/markup.md): a translation adds none.
    assert "{{ config" not in text and "{% include" not in text
    if suffix == ".md":
        assert "{{ 7*7 }}" in text and "{% for x in y %}" in text
    else:  # plain text has no markup at all
        assert "{{" not in text and "{%" not in text
    shown = "".join(page.text)
    assert "{{ 7*7 }}" in shown  # it renders as the author wrote it
    assert "{{ config.secret }}" in shown  # and what a translation adds shows as text


def test_links_with_script_schemes_are_refused_by_markdown_it():
    from translate.export import inline_html

    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:x", "data:text/html,x"):
        html = str(inline_html(f"[x]({url})", markdown=True))
        assert "<a" not in html, url
    assert str(inline_html("[x](https://example.org)", True)) == (
        '<a href="https://example.org">x</a>'
    )
    assert str(inline_html("![alt](http://tracker.example/p.png)", True)) == (
        '<a class="image" href="http://tracker.example/p.png">[alt]</a>'
    )


# ---------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "slug",
    ["../x", "a/../b", "a//b", "a/", "/etc/passwd", "..", "", ".hidden", "a/.b", "a\\b", "x y"],
)
def test_unsafe_slugs_are_refused(slug):
    with pytest.raises(ExportError):
        check_slug(slug)
    with pytest.raises(ExportError):
        output_name(slug, "en", "html")


def test_output_names():
    assert output_name("000_abc", "en", "html") == "000_abc.en.html"
    assert output_name("web/http/index", "en", "html") == "web/http/index.en.html"
    with pytest.raises(ExportError):
        output_name("a", "e/n", "html")
    assert output_name("000_abc", "en", "md", "target") == "000_abc.en.target.md"
    with pytest.raises(ExportError):
        output_name("a", "en", "pdf")
    with pytest.raises(ExportError):
        output_name("a", "en", "html", "sideways")


def test_output_path_stays_inside(tmp_path):
    assert output_path(tmp_path, "a.en.html") == tmp_path / "a.en.html"
    assert output_path(tmp_path, "sub/a.html") == tmp_path / "sub" / "a.html"
    for name in ("../a.html", "/tmp/a.html", "sub/../../a.html", "sub//a.html", "sub/", ".."):
        with pytest.raises(ExportError):
            output_path(tmp_path, name)
    (tmp_path / "out").symlink_to(tmp_path.parent, target_is_directory=True)
    with pytest.raises(ExportError):
        output_path(tmp_path, "out/a.html")
    (tmp_path / "link.html").symlink_to(tmp_path.parent / "elsewhere.html")
    with pytest.raises(ExportError):
        output_path(tmp_path, "link.html")


# ---------------------------------------------------------------------------- project export


def _project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "locales" / "en").mkdir(parents=True)
    shutil.copy(GOLDEN / "article.md", root / "seeds" / "article.md")
    shutil.copy(GOLDEN / "article.en.po", root / "locales" / "en" / "article.po")
    (root / "seeds" / "note.txt").write_text(
        "Une note\n\nElle est courte. Elle n'a pas de traduction.\n", encoding="utf-8"
    )
    return Project(root=root)


def test_parallel_export_works_with_the_spawn_start_method(tmp_path, monkeypatch):
    """Workers started with `spawn` (the default on Windows and macOS) inherit nothing, so
    this fails unless the worker function and its arguments pickle and import cleanly."""
    project = _project(tmp_path)
    serial = export_project(project, out_dir=tmp_path / "serial")
    used = []

    def spy(*args, **options):
        used.append(options)
        return process_map(*args, **options)

    monkeypatch.setattr(export_module, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(export_module, "START_METHOD", "spawn")
    monkeypatch.setattr(export_module, "cores", lambda: 2)
    monkeypatch.setattr(export_module, "process_map", spy)
    parallel = export_project(project, out_dir=tmp_path / "parallel")
    assert used == [{"workers": 2, "start_method": "spawn"}]
    assert [p.name for p in parallel.written] == [p.name for p in serial.written]
    assert parallel.warnings == serial.warnings
    for path in serial.written:
        assert (tmp_path / "parallel" / path.name).read_bytes() == path.read_bytes()


def test_export_project_writes_files_index_and_warnings(tmp_path):
    project = _project(tmp_path)
    result = export_project(project)
    build = project.build_dir
    names = sorted(p.name for p in result.written)
    assert names == [
        "article.en.html",
        "article.en.md",
        "index.html",
        "note.en.html",
        "note.en.md",
    ]
    assert all(p.parent == build for p in result.written)
    assert result.refused == () and result.ok
    assert len(result.warnings) == 2  # one per article: stale PO, missing PO
    assert "1 segment(s) not in locales/en/article.po" in result.warnings[0]
    assert "no locales/en/note.po" in result.warnings[1]
    index = _parse((build / "index.html").read_text(encoding="utf-8"))
    hrefs = [a["href"] for t, a in index.elements if t == "a"]
    assert hrefs == ["article.en.html", "article.en.md", "note.en.html", "note.en.md"]
    assert all((build / href).is_file() for href in hrefs)
    again = export_project(project)
    assert again.written == () and len(again.unchanged) == 5  # byte-stable


def test_other_layouts_get_their_own_names_and_join_the_index(tmp_path):
    project = _project(tmp_path)
    export_project(project, formats=("html",))
    result = export_project(project, formats=("html",), layout="target", marks=False)
    assert sorted(p.name for p in result.written) == [
        "article.en.target.html",
        "index.html",
        "note.en.target.html",
    ]
    index = (project.build_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="article.en.html"' in index and 'href="article.en.target.html"' in index


def test_min_reviewed_refuses_articles_below_it(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out"
    result = export_project(project, formats=("md",), out_dir=out, min_reviewed=50)
    assert [p.name for p in result.written] == ["article.en.md"]
    assert [(r.slug, r.target) for r in result.refused] == [("note", "en")]
    assert result.refused[0].reason == "seeds/note.txt (en): reviewed 0% < required 50%"
    assert not result.ok
    result = export_project(project, formats=("md",), out_dir=out, min_reviewed=70)
    assert {r.slug for r in result.refused} == {"article", "note"}


def test_min_reviewed_compares_the_figure_shown(tmp_path):
    """10 of 16 reviewed is 62.5 %: shown as 62 %, so 62 passes and 63 is refused."""
    project = _project(tmp_path)
    out = tmp_path / "out"
    result = export_project(project, formats=("md",), out_dir=out, min_reviewed=62)
    assert [r.slug for r in result.refused] == ["note"]
    text = (out / "article.en.md").read_text(encoding="utf-8")
    assert "62% (10 of 16" in text
    result = export_project(project, formats=("md",), out_dir=out, min_reviewed=63)
    reasons = {r.slug: r.reason for r in result.refused}
    assert reasons["article"] == "seeds/article.md (en): reviewed 62% < required 63%"


def test_export_of_chosen_articles_only(tmp_path):
    project = _project(tmp_path)
    result = export_project(
        project,
        formats=("md",),
        names=["note.txt"],
        layout="target",
        marks=False,
    )
    assert [p.name for p in result.written] == ["note.en.target.md"]
    text = result.written[0].read_text(encoding="utf-8")
    assert "# Une note" in text and "Elle est courte. Elle n'a pas de traduction." in text


def test_unknown_layout_is_refused_before_writing(tmp_path):
    project = _project(tmp_path)
    with pytest.raises(ExportError):
        export_project(project, layout="columns")
    with pytest.raises(ExportError):
        export_project(project, formats=("docx",))
    assert not project.build_dir.exists()


# ---------------------------------------------------------------------------- HTML5 validity


REPO = Path(__file__).resolve().parent.parent


def _vnu_jar() -> Path | None:
    candidates = [os.environ.get("DIPTYCH_VNU_JAR", "")]
    candidates += [
        str(
            Path(__file__).resolve().parent.parent
            / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
        ),
        str(Path.home() / "node_modules/vnu-jar/build/dist/vnu.jar"),
        "/usr/local/lib/node_modules/vnu-jar/build/dist/vnu.jar",
        "/usr/lib/node_modules/vnu-jar/build/dist/vnu.jar",
        "/usr/share/java/vnu.jar",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.mark.slow
def test_pages_are_valid_html5(tmp_path, article, fidelity):
    jar = _vnu_jar()
    if jar is None:
        pytest.skip("Nu HTML checker not found: `npm install vnu-jar` and set DIPTYCH_VNU_JAR")
    if shutil.which("java") is None:
        pytest.skip("java not found: the Nu HTML checker needs a Java runtime")
    files = []
    for layout in LAYOUTS:
        for marks in (True, False):
            path = tmp_path / f"{layout}-{marks}.html"
            path.write_text(render_html(article, layout, marks), encoding="utf-8")
            files.append(path)
    for layout in LAYOUTS:  # tables, footnotes, multi-paragraph quotes and items
        files.append(tmp_path / f"fidelity-{layout}.html")
        files[-1].write_text(render_html(fidelity, layout), encoding="utf-8")
    hostile = _hostile(tmp_path, ".md", HOSTILE_MD)
    files.append(tmp_path / "hostile.html")
    files[-1].write_text(render_html(hostile), encoding="utf-8")
    files.append(tmp_path / "index.html")
    files[-1].write_text(render_index([IndexEntry.of(article, ("a.en.html",))]), encoding="utf-8")
    run = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr + run.stdout


# ---------------------------------------------------------------------------- fidelity


@pytest.fixture(scope="module")
def fidelity():
    """Headings, reference and inline links, a table, a footnote, a two-paragraph quote,
    lists with a second paragraph and a nested list, code."""
    return _article(GOLDEN / "fidelity.md", load_catalog(GOLDEN / "fidelity.en.po"))


class _Columns(HTMLParser):
    """Elements and text of each language column (`cell src` / `cell tgt`) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.columns: dict[str, dict[str, list]] = {}
        self._stack: list[str | None] = []

    def _column(self) -> str | None:
        return next((c for c in reversed(self._stack) if c), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        column = None
        if tag == "div" and "cell" in classes:
            column = "src" if "src" in classes else "tgt" if "tgt" in classes else None
        if tag not in ("br", "hr", "meta", "img", "input", "link"):
            self._stack.append(column)
        current = column or self._column()
        if current:
            self.columns.setdefault(current, {"elements": [], "text": []})
            self.columns[current]["elements"].append((tag, attrs))

    def handle_endtag(self, tag):
        if tag not in ("br", "hr", "meta", "img", "input", "link") and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        current = self._column()
        if current:
            self.columns.setdefault(current, {"elements": [], "text": []})
            self.columns[current]["text"].append(data)


FIDELITY_LINKS = {"https://example.org/mairie", "https://example.org/rapport"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fidelity_golden(fidelity, layout):
    _check_golden(f"fidelity.en.{layout}.html", render_html(fidelity, layout))
    _check_golden(f"fidelity.en.{layout}.md", render_markdown(fidelity, layout))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fidelity_html_has_everything_in_each_column(fidelity, layout):
    parser = _Columns()
    parser.feed(render_html(fidelity, layout))
    sides = ("tgt",) if layout == "target" else ("src", "tgt")
    assert set(parser.columns) == set(sides)
    for side in sides:
        column = parser.columns[side]
        tags = [tag for tag, _ in column["elements"]]
        text = " ".join(" ".join(column["text"]).split())
        links = {a.get("href") for t, a in column["elements"] if t == "a"}
        assert links >= FIDELITY_LINKS, (side, links)
        assert tags.count("th") == 2 and tags.count("td") == 4
        aligns = [a.get("class") for t, a in column["elements"] if t in ("th", "td")]
        assert aligns == ["al-left", "al-right"] * 3  # alignment kept
        assert tags.count("blockquote") == 1  # the quote's two paragraphs stay in one
        lang = "fr" if side == "src" else "en"
        footnotes = [a for t, a in column["elements"] if a.get("id") == f"fn1-{lang}"]
        assert len(footnotes) == 1
        assert f"#fn1-{lang}" in links  # the reference points to its own column's note
        if side == "src":
            assert "Chiffres publiés par la mairie." in text and "12 M€" in text
            assert "Il sera voté en juin." in text
        else:
            assert "Figures published by the town hall." in text and "€12M" in text
            assert "Item" in text and "Amount" in text and "Schools" in text
            assert "[the town hall's site][mairie]" not in text  # resolved, not literal
            assert "Surtout le tramway." in text  # untranslated: the source is shown


def _md_render(text: str) -> str:
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).render(text)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fidelity_markdown_has_everything_in_each_language(fidelity, layout):
    exported = render_markdown(fidelity, layout)
    page = _parse(_md_render(exported))
    text = " ".join(" ".join(page.text).split())
    links = [a.get("href") for t, a in page.elements if t == "a"]
    languages = 1 if layout == "target" else 2
    for link in FIDELITY_LINKS:
        assert links.count(link) == languages, (link, links)
    expected = ["Figures published by the town hall.", "€12M", "Item", "Amount", "Schools"]
    expected += ["Transport", "€8M", "The mayor presented the budget on Monday."]
    if layout != "target":
        expected += ["Chiffres publiés par la mairie.", "12 M€", "Poste", "Montant", "Écoles"]
    for words in expected:
        assert words in text, words
    assert "[mairie]" not in text and "[^source]" not in text  # all resolved
    refs = [a for t, a in page.elements if t == "sup"]
    assert len(refs) == languages  # the footnote reference, in each language
    if layout == "target":  # a real table with its header and alignment, a single quote
        tokens = MarkdownIt("commonmark").enable("table").parse(exported)
        heads = [t.attrGet("style") for t in tokens if t.type == "th_open"]
        assert heads == ["text-align:left", "text-align:right"]
        assert sum(t.type == "blockquote_open" for t in tokens) == 1
        assert sum(t.type == "td_open" for t in tokens) == 4


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fidelity_marks_follow_the_switch(fidelity, layout):
    marked = render_markdown(fidelity, layout)
    plain = render_markdown(fidelity, layout, marks=False)
    assert "It will be voted in June.†" in marked and "Surtout le tramway.°" in marked
    assert "*Marks:* † machine translation, not reviewed" in marked
    assert "†" not in plain and "°" not in plain and "Marks:" not in plain


# ---------------------------------------------------------------------------- shared patterns


@pytest.mark.parametrize(
    "text, upper, stripped",
    [
        ("a `b` c", "A `b` C", "a  c"),
        ("a ``b ` c`` d", "A ``b ` c`` D", "a  d"),  # n backticks close on exactly n
        ("a ``b` c", "A ``B` C", "a ``b` c"),  # unmatched: literal, not code
        ("`x` and ```y``` z", "`x` AND ```y``` Z", " and  z"),
    ],
)
def test_code_spans_have_one_reading_for_every_caller(text, upper, stripped):
    """markup.outside_code_spans: the export's sanitiser keeps code spans as written and QA
    reads a target without them; both see the same spans."""
    from translate.markup import outside_code_spans

    assert outside_code_spans(text, str.upper) == upper
    assert outside_code_spans(text, code="") == stripped


def test_autolinks_stay_links_and_other_angles_are_escaped():
    from translate.export import markdown_text

    text = "Voir <https://example.org/a>, <ecrire@example.org> et <b>gras</b> <x."
    assert markdown_text(text, markdown=True) == (  # the author's inert tags stay markup
        "Voir <https://example.org/a>, <ecrire@example.org> et <b>gras</b> &lt;x."
    )


def test_workers_never_inherit_a_lock_held_when_they_start():
    """A worker forked while a thread of its parent held a lock (the import lock, while a
    model's or a library's thread imported something) waits for it forever: export's workers
    come from a fork server instead, so a lock the parent holds is not theirs."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
        import fork_probe
        from translate.workers import process_map
        with fork_probe.LOCK:
            print(list(process_map(fork_probe.work, [1, 2, 3], workers=2)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[2, 4, 6]", result.stderr
