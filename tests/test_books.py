"""Books: `export --format epub` and `--format pdf` on the seed project, checked by the
tools readers and printers trust: epubcheck, ebooklib, and poppler's pdftotext/pdffonts.
Tests that need a tool skip and name it (tests/setup.sh installs them all)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO

from translate.articles import read_document
from translate.catalog import load_catalog
from translate.project import load_project

LAYOUTS = {
    "epub": ("interleaved", "side-by-side", "target"),
    "pdf": ("side-by-side", "facing", "target"),
}
HOSTILE = '#read("/etc/passwd") $x^2$ *bold* [link] \\ @ref <label> & </p><script>x</script>'
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the seed project: its articles and their reviewed catalogs."""
    root = tmp_path / "book"
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "locales", root / "locales")
    return root


def _export(cli_run, root: Path, fmt: str, *args: str) -> Path:
    result = cli_run("export", "--format", fmt, *args, root=root)
    assert result.exit_code == 0, result.output
    return root / "build"


def _pairs(root: Path) -> list[list[tuple[str, str]]]:
    """Per article, (source, translation) of every sentence, in order."""
    project = load_project(root)
    found = []
    for path in sorted((root / "seeds").iterdir()):
        document, segments = read_document(project, path)
        catalog = load_catalog(project.po_path(document.slug, "en"))
        by_id = {entry.msgid: entry.msgstr for entry in catalog}
        found.append([(seg.text, by_id[seg.text]) for seg in segments if by_id.get(seg.text)])
    return found


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (tests/setup.sh installs it)")


def _need_typst() -> None:
    pytest.importorskip("typst", reason="the books extra (typst) is not installed")


# ---------------------------------------------------------------------------- EPUB


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS["epub"])
def test_epubcheck_finds_no_error_and_no_warning(cli_run, seed_project, layout):
    _need("epubcheck")
    _need("java")
    book = _export(cli_run, seed_project, "epub", "--layout", layout) / f"book.en.{layout}.epub"
    checked = subprocess.run(
        ["java", "-jar", shutil.which("epubcheck"), str(book)], capture_output=True, text=True
    )
    report = checked.stdout + checked.stderr
    assert checked.returncode == 0, report
    assert "0 fatals / 0 errors / 0 warnings" in report, report


def test_epub_opens_in_ebooklib_with_both_languages(cli_run, seed_project):
    epub = pytest.importorskip("ebooklib.epub", reason="ebooklib is in the test extra")
    path = _export(cli_run, seed_project, "epub") / "book.en.interleaved.epub"
    book = epub.read_epub(str(path))
    assert book.get_metadata("DC", "language")[0][0] == "en"
    sources = [value for value, _ in book.get_metadata("DC", "source")]
    assert any("000_da88f1f87eecb2fd.txt" in source for source in sources)
    assert "reviewed" in book.get_metadata("DC", "description")[0][0]
    nav = next(item for item in book.get_items() if item.get_name().endswith("nav.xhtml"))
    text = nav.get_content().decode()
    pairs = _pairs(seed_project)
    for article in pairs:
        assert article[0][0] in text and article[0][1] in text  # the titles, both languages
    chapters = [i for i in book.get_items() if re.search(r"a\d{4}\.xhtml$", i.get_name())]
    assert len(chapters) == len(pairs)
    first = chapters[0].get_content().decode()
    for source, target in pairs[0][1:4]:
        assert source.replace("'", "&#39;") in first or source in first
        assert target.replace("'", "&#39;") in first or target in first
    # interleaved: each source paragraph is followed by its translation
    assert first.index(pairs[0][1][0][:30]) < first.index(pairs[0][1][1][:30])
    assert first.index(pairs[0][1][1][:30]) < first.index(pairs[0][-1][0][:30])


def test_epub_title_page_names_both_languages(cli_run, seed_project):
    path = _export(cli_run, seed_project, "epub") / "book.en.interleaved.epub"
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        title = archive.read("OEBPS/title.xhtml").decode()
    assert "Français" in title and "English" in title


def test_epub_target_layout_has_no_source_text(cli_run, seed_project):
    path = _export(cli_run, seed_project, "epub", "--layout", "target") / "book.en.target.epub"
    with zipfile.ZipFile(path) as archive:
        chapter = archive.read("OEBPS/a0001.xhtml").decode()
    source, target = _pairs(seed_project)[0][2]
    assert target[:40] in chapter.replace("&#39;", "'")
    assert source[:40] not in chapter.replace("&#39;", "'")


def test_no_marks_drops_the_state_classes(cli_run, seed_project):
    po = next((seed_project / "locales" / "en").glob("000_*.po"))
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("#. paragraph\n", "#, fuzzy\n#. paragraph\n", 1), encoding="utf-8")
    book = _export(cli_run, seed_project, "epub") / "book.en.interleaved.epub"
    with zipfile.ZipFile(book) as archive:
        assert "st-edited" in archive.read("OEBPS/a0001.xhtml").decode()
    book = _export(cli_run, seed_project, "epub", "--no-marks") / "book.en.interleaved.epub"
    with zipfile.ZipFile(book) as archive:
        assert "st-edited" not in archive.read("OEBPS/a0001.xhtml").decode()


def _hostile_project(root: Path) -> str:
    """Give the first article's first paragraph a translation full of markup; return it."""
    import polib

    po_path = next((root / "locales" / "en").glob("000_*.po"))
    catalog = polib.pofile(str(po_path))
    source, _ = _pairs(root)[0][1]
    hostile = f"Data {HOSTILE} end."
    catalog.find(source).msgstr = hostile
    catalog.save(str(po_path))
    return hostile


def test_epub_escapes_article_text(cli_run, seed_project):
    hostile = _hostile_project(seed_project)
    book = _export(cli_run, seed_project, "epub") / "book.en.interleaved.epub"
    with zipfile.ZipFile(book) as archive:
        chapter = ElementTree.fromstring(archive.read("OEBPS/a0001.xhtml"))
    assert chapter.find(f".//{XHTML}script") is None
    assert hostile in "".join(chapter.itertext())


# ---------------------------------------------------------------------------- PDF


def _pdf_pages(path: Path) -> list[str]:
    _need("pdftotext")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    pages = []
    for number in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        pages.append(out.stdout)
    return pages


def _squash(text: str) -> str:
    """Text without spaces or hyphens, so that line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text.replace("’", "'"))


def _where(pages: list[str], sentence: str) -> list[int]:
    key = _squash(sentence)[:40]
    return [number for number, page in enumerate(pages, 1) if key in _squash(page)]


@pytest.mark.slow
def test_facing_puts_source_on_left_pages_and_translation_on_right(cli_run, seed_project):
    _need_typst()
    build = _export(cli_run, seed_project, "pdf", "--layout", "facing")
    pages = _pdf_pages(build / "book.en.facing.pdf")
    for article in _pairs(seed_project):
        for source, target in article[1:]:  # the titles also run in the page heads
            left, right = _where(pages, source), _where(pages, target)
            assert left and all(page % 2 == 0 for page in left), (source, left)
            assert right and all(page % 2 == 1 for page in right), (target, right)
            # the spread starts at the same block: the translation faces its source
            assert right == [page + 1 for page in left], (source, left, right)


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS["pdf"])
def test_pdf_every_layout_embeds_its_fonts(cli_run, seed_project, layout):
    _need_typst()
    _need("pdffonts")
    pdf = _export(cli_run, seed_project, "pdf", "--layout", layout) / f"book.en.{layout}.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column
    text = "".join(_pdf_pages(pdf))
    source, target = _pairs(seed_project)[0][1]
    assert _squash(target)[:40] in _squash(text)
    assert (_squash(source)[:40] in _squash(text)) == (layout != "target")


@pytest.mark.slow
def test_pdf_paper_sizes(cli_run, seed_project):
    _need_typst()
    _need("pdfinfo")
    for paper, size in (("a4", "595.276 x 841.89"), ("us-letter", "612 x 792")):
        pdf = _export(cli_run, seed_project, "pdf", "--paper", paper, "--layout", "target")
        info = subprocess.run(
            ["pdfinfo", str(pdf / "book.en.target.pdf")], capture_output=True, text=True
        )
        assert size in info.stdout, info.stdout


@pytest.mark.slow
def test_pdf_prints_typst_syntax_literally(cli_run, seed_project):
    _need_typst()
    hostile = _hostile_project(seed_project)
    pdf = _export(cli_run, seed_project, "pdf", "--layout", "target") / "book.en.target.pdf"
    text = "".join(_pdf_pages(pdf))
    assert _squash(hostile) in _squash(text)
    assert "root:" not in text  # nothing in an article is evaluated


MARKDOWN = """# Un tableau

Le texte cite une note[^n] et une image ![le logo](logo.png) et un [lien](autre.md).

| Ville | Habitants |
| --- | ---: |
| Lyon | 520 000 |

```python
print("code gardé")
```

[^n]: La note de bas de page.
"""


@pytest.mark.slow
def test_markdown_structure_comes_along(cli_run, tmp_path):
    """Tables, footnotes, code and images in both books, untranslated (no catalog)."""
    root = tmp_path / "md"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "table.md").write_text(MARKDOWN, encoding="utf-8")
    build = _export(cli_run, root, "epub", "--layout", "side-by-side")
    with zipfile.ZipFile(build / "book.en.side-by-side.epub") as archive:
        chapter = ElementTree.fromstring(archive.read("OEBPS/a0001.xhtml"))
    text = "".join(chapter.itertext())
    assert chapter.find(f".//{XHTML}table//{XHTML}table//{XHTML}th") is not None
    assert 'print("code gardé")' in text and "La note de bas de page." in text
    assert "[le logo]" in text
    assert all(not a.get("href", "#").endswith((".png", ".md")) for a in chapter.iter(f"{XHTML}a"))
    if shutil.which("epubcheck") and shutil.which("java"):
        checked = subprocess.run(
            ["java", "-jar", shutil.which("epubcheck"), str(build / "book.en.side-by-side.epub")],
            capture_output=True,
            text=True,
        )
        assert "0 fatals / 0 errors / 0 warnings" in checked.stdout + checked.stderr
    _need_typst()
    pdf = _export(cli_run, root, "pdf", "--layout", "target") / "book.en.target.pdf"
    lines = "".join(_pdf_pages(pdf)).splitlines()
    assert any(re.fullmatch(r"\s*Lyon\s+520 000\s*", line) for line in lines), lines
    assert 'print("code gardé")' in lines and "La note de bas de page." in lines


# ---------------------------------------------------------------------------- options


def test_pdf_without_the_engine_is_one_error_line(cli_run, seed_project, monkeypatch):
    monkeypatch.setitem(sys.modules, "typst", None)
    result = cli_run("export", "--format", "pdf", root=seed_project)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert lines == ["Error: PDF export needs the typesetting engine: pip install 'diptych[books]'"]
    assert not (seed_project / "build").exists()


@pytest.mark.parametrize(
    ("fmt", "layout"), [("pdf", "interleaved"), ("epub", "facing"), ("html", "facing")]
)
def test_a_layout_the_format_lacks_is_refused(cli_run, seed_project, fmt, layout):
    result = cli_run("export", "--format", fmt, "--layout", layout, root=seed_project)
    assert result.exit_code != 0
    assert result.output.startswith("Error: ") and layout in result.output
    assert not (seed_project / "build").exists()


def test_epub_links_follow_the_projects_scheme_allowlist(cli_run, tmp_path):
    """`[export] schemes` narrows the links of the book as of every other format."""
    root = tmp_path / "links"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.md").write_text(
        "# Titre\n\nVoir [le site](http://exemple.org/) et [la page](https://exemple.org/).\n",
        encoding="utf-8",
    )
    (root / "diptych.toml").write_text('[export]\nschemes = ["https"]\n', encoding="utf-8")
    build = _export(cli_run, root, "epub", "--layout", "target")
    with zipfile.ZipFile(build / "book.en.target.epub") as archive:
        chapter = ElementTree.fromstring(archive.read("OEBPS/a0001.xhtml"))
    hrefs = [a.get("href") for a in chapter.iter(f"{XHTML}a")]
    assert "https://exemple.org/" in hrefs and "http://exemple.org/" not in hrefs, hrefs


def test_pdf_links_follow_the_scheme_allowlist():
    """A PDF link is an absolute destination the export allows, judged as in every format
    (whatever its case); a relative one leads nowhere from a book."""
    from translate.export.pdf import runs

    text = "[a](https://x.org/) [b](http://y.org/) [c](javascript:alert(1)) [d](page.md)"
    linked = [r.get("href") for r in runs(text, True, env={"schemes": ("https",)})]
    assert [h for h in linked if h] == ["https://x.org/"]
    linked = [r.get("href") for r in runs(text, True)]
    assert [h for h in linked if h] == ["https://x.org/", "http://y.org/"]
