"""Export writes a page as it makes it: what exporting one large article adds to the memory
that reading and aligning it already hold is a small multiple of the article, in every
format and layout (bench/memory.py measures whole commands on 5 and 50 MB articles).

A page is about five times its article (an HTML page, with its spans and attributes) and
Python holds text as 2-byte characters once a typographic apostrophe is in it, so a page
built whole before it is written, with its encoded bytes, costs 15 to 60 times the article.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from memory import article  # noqa: E402

import translate.articles as articles  # noqa: E402
import translate.export.job as job  # noqa: E402
from translate.export import export_project  # noqa: E402
from translate.project import load_project  # noqa: E402

# Peak memory export adds after alignment, per byte of the UTF-8 article: measured 2.4 to
# 3.3 now that a long article's aligned blocks are kept packed and made again on each pass
# (one batch of them, the rows and the page's pieces on top of a smaller base); 0.4 to 0.5
# for HTML, 1.3 to 3.1 for Markdown when every aligned block was held before export began;
# with each page built whole before it was written, 6.6 (Markdown, the translation alone)
# to 59 (HTML).
BOUND = 5
CASES = [
    (fmt, layout) for fmt in ("html", "md") for layout in ("side-by-side", "interleaved", "target")
]


def _article_project(factory: pytest.TempPathFactory, name: str, megabytes: float) -> Path:
    """A project of one generated article of about `megabytes` MB."""
    root = factory.mktemp(name)
    (root / "seeds").mkdir()
    (root / "seeds" / "dossier.md").write_bytes(article(megabytes))
    (root / "diptych.toml").write_text("max_article_mb = 5\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _article_project(tmp_path_factory, "large", 0.4)
    # imports and compiled templates, before tracing
    warm = _article_project(tmp_path_factory, "warm", 0.01)
    for fmt, layout in CASES:
        export_project(load_project(warm), formats=(fmt,), layout=layout)
    return root


@pytest.mark.parametrize(("fmt", "layout"), CASES)
def test_export_adds_a_small_multiple_of_the_article_to_memory(
    project_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, layout: str
) -> None:
    size = (project_root / "seeds" / "dossier.md").stat().st_size
    aligned_at: list[int] = []
    align = job.align_streamed  # the article is long enough to be read a block at a time

    def measured_align(*args, **kwargs):
        aligned = align(*args, **kwargs)
        aligned_at.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.reset_peak()
        return aligned

    monkeypatch.setattr(job, "align_streamed", measured_align)
    tracemalloc.start()
    try:
        result = export_project(
            load_project(project_root), formats=(fmt,), layout=layout, out_dir=tmp_path
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.failures and len(aligned_at) == 1
    page = next(path for path in result.written if path.name.startswith("dossier."))
    assert page.stat().st_size > size  # the whole page was written
    added = peak - aligned_at[0]
    assert added < BOUND * size, f"export added {added / size:.1f}× the article size"


def test_a_page_written_in_chunks_replaces_the_file_only_when_it_differs(tmp_path: Path) -> None:
    from translate.files import write_atomic

    path = tmp_path / "page.html"
    chunks = ["<p>é", b"t\xc3\xa9", "</p>\n"]
    assert write_atomic(path, iter(chunks), durable=False)
    assert path.read_bytes() == "<p>été</p>\n".encode()
    before = path.stat().st_mtime_ns
    assert not write_atomic(path, iter(chunks), durable=False)  # the same bytes: untouched
    assert path.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no temporary left
    for other in (["<p>été</p>\n", "x"], ["<p>été"], ["<p>étè</p>\n"], []):
        assert write_atomic(path, iter(other), durable=False)
        assert path.read_text(encoding="utf-8") == "".join(other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_a_page_that_fails_while_it_is_written_leaves_the_old_file(tmp_path: Path) -> None:
    from translate.files import write_atomic

    path = tmp_path / "page.html"
    path.write_text("old\n", encoding="utf-8")

    def failing():
        yield "new"
        raise RuntimeError("a row could not be made")

    with pytest.raises(RuntimeError):
        write_atomic(path, failing(), durable=False)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_a_large_page_reexported_unchanged_is_reported_unchanged(
    project_root: Path, tmp_path: Path
) -> None:
    first = export_project(load_project(project_root), formats=("md",), out_dir=tmp_path)
    page = next(path for path in first.written if path.name.startswith("dossier."))
    assert page.stat().st_size > 4 * job.BATCH  # written in several batches
    again = export_project(load_project(project_root), formats=("md",), out_dir=tmp_path)
    assert page in again.unchanged and page not in again.written


# Peak traced heap of exporting one article with its catalog, per byte of the article, in
# each format and layout: measured 7.3 to 7.6 (a fixed part weighs on this 0.4 MB article:
# a 2 MB one peaks at 4.0 times itself, while its bytes are decoded) since a long article is
# read a block at a time, its aligned blocks kept packed and a spliced Markdown document's
# edits taken in order; 12.6 to 14.1 when the whole article, its blocks, segments, aligned
# blocks and edits were held at once.
WHOLE_BOUND = 9.5


@pytest.fixture(scope="module")
def translated_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from translate.pipeline import translate_project

    root = _article_project(tmp_path_factory, "translated", 0.4)
    translate_project(load_project(root), engine="none")
    return root


@pytest.mark.parametrize(("fmt", "layout"), CASES)
def test_export_holds_a_small_multiple_of_a_long_article(
    translated_root: Path, tmp_path: Path, fmt: str, layout: str
) -> None:
    root = translated_root
    size = (root / "seeds" / "dossier.md").stat().st_size
    export_project(load_project(root), formats=(fmt,), layout=layout, out_dir=tmp_path / "warm")
    tracemalloc.start()
    try:
        result = export_project(
            load_project(root), formats=(fmt,), layout=layout, out_dir=tmp_path / "out"
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.failures and not result.warnings
    assert peak < WHOLE_BOUND * size, f"export peaked at {peak / size:.1f}× the article size"


# Articles of every kind the exporter goldens hold, exported with their blocks packed
# (`articles.align_streamed`) and read whole (`articles.read_document`): the same bytes.
GOLDEN = REPO / "tests" / "golden" / "export"
STREAMED_ARTICLES = ["article.md", "boxes.md", "fidelity.md", "seeds"]


@pytest.mark.parametrize("name", STREAMED_ARTICLES)
def test_an_article_exported_from_its_packed_blocks_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    import shutil

    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    if name == "seeds":  # plain-text articles, and the benchmark's Markdown
        for path in (REPO / "seeds").glob("*.txt"):
            shutil.copy(path, root / "seeds" / path.name)
        (root / "seeds" / "dossier.md").write_bytes(article(0.05))
    else:
        shutil.copy(GOLDEN / name, root / "seeds" / name)
        (root / "locales" / "en").mkdir(parents=True)
        shutil.copy(
            GOLDEN / name.replace(".md", ".en.po"), root / "locales" / "en" / f"{name[:-3]}.po"
        )
    (root / "diptych.toml").write_text(
        'targets = ["en", "de"]\n[segment]\nabbreviations = ["Ste."]\n', encoding="utf-8"
    )
    pages = {}
    for limit in (1 << 40, 0):  # read whole, then streamed
        monkeypatch.setattr(articles, "STREAM_MIN_BYTES", limit)
        for fmt, layout in CASES:
            out = tmp_path / f"out-{limit}"
            result = export_project(load_project(root), formats=(fmt,), layout=layout, out_dir=out)
            assert not result.failures
        pages[limit] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len(pages[0]) > 6 and pages[0] == pages[1 << 40]


def test_spliced_markdown_takes_its_edits_in_order_and_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate.export import markdown
    from translate.export.mdtext import in_order

    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "dossier.md").write_bytes(article(0.05))
    drawn = []
    monkeypatch.setattr(
        markdown, "in_order", lambda article: drawn.append(in_order(article)) or drawn[-1]
    )
    pages = {}
    for held in (False, True):
        if held:  # every edit made first, sorted and held: how a document with footnotes is
            monkeypatch.setattr(markdown, "in_order", lambda article: False)
        for layout in ("interleaved", "target"):
            out = tmp_path / f"out-{held}"
            export_project(load_project(root), formats=("md",), layout=layout, out_dir=out)
        pages[held] = {p.name: p.read_bytes() for p in out.iterdir() if p.name.startswith("doss")}
    assert drawn and all(drawn)  # the benchmark's article: its edits taken in order
    assert len(pages[True]) == 2 and pages[True] == pages[False]
