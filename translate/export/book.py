"""Books: the project's exported articles gathered, for each target language, into one EPUB
or PDF (`epub`, `pdf`). Rendering returns bytes; `job` writes them.

A book holds every article the page export published (the named ones, or all in the
index's order), aligned again here; an article that failed or that the publication policy
refused is left out (the page export reports it).

Images come along, checked as every export checks them (`translate.export.images`): a PNG,
JPEG or GIF file of the project, else its alt text with one warning; remote images are never
fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translate.align import align_article
from translate.articles import read_document
from translate.catalog import load_catalog
from translate.errors import DiptychError, ExportError
from translate.export import images
from translate.export.epub import Book, BookImage, render_epub
from translate.export.images import BOOK_TYPES
from translate.export.paths import book_name
from translate.pages import BOOK_LAYOUTS, PAPERS
from translate.project import Project


def check_book(fmt: str, layout: str, paper: str) -> None:
    """Refuse a layout or paper this book format does not have, and a PDF whose engine is
    not installed, before any article is read."""
    if layout not in BOOK_LAYOUTS[fmt]:
        raise ExportError(
            f"layout {layout!r} is not one of {fmt}'s ({', '.join(BOOK_LAYOUTS[fmt])})"
        )
    if paper not in PAPERS:
        raise ExportError(f"unknown paper {paper!r} (expected one of {', '.join(PAPERS)})")
    if fmt == "pdf":
        from translate.export.pdf import check_engine

        check_engine()


def collect_books(
    project: Project,
    paths: Iterable[Path],
    targets: tuple[str, ...],
    min_reviewed: float,
) -> list[Book]:
    """One book per target: the articles that read, align and pass the review policy."""
    articles: dict[str, list] = {target: [] for target in targets}
    images: dict[tuple[str, str], BookImage] = {}
    warnings: list[str] = []
    for path in paths:
        try:
            document, segments = read_document(project, path)
            aligned = []
            for target in targets:
                catalog = load_catalog(project.po_path(document.slug, target))
                article = align_article(document, catalog, segments, project.source, target)
                if article.progress.percent >= min_reviewed:
                    articles[target].append(article)
                    aligned.append(article)
        except DiptychError:
            continue  # reported by the page export
        found, refused = article_images(project.root, aligned)
        images.update(found)
        warnings += refused
    title = project.root.resolve().name
    return [
        Book(
            title=title,
            source=project.source,
            target=target,
            articles=tuple(found),
            images={key: image for key, image in images.items() if key[0] in slugs},
            warnings=tuple(warnings),
            schemes=project.link_schemes,
        )
        for target, found in articles.items()
        if found
        for slugs in [{article.slug for article in found}]
    ]


def article_images(root: Path, aligned: list) -> tuple[dict, list[str]]:
    """The images an article's sentences name: those embedded, keyed by (slug, src), and one
    warning per image refused (`translate.export.images` judges them)."""
    if not aligned:
        return {}, []
    found, warnings = images.article_images(root, aligned[0], BOOK_TYPES)
    slug = aligned[0].document.slug
    embedded = {
        (slug, src): BookImage(name=image.digest_name, media_type=image.media_type, data=image.data)
        for src, image in found.items()
    }
    return embedded, warnings


def render_book(book: Book, fmt: str, layout: str, marks: bool, paper: str) -> bytes:
    """The book in `fmt` (`epub` or `pdf`)."""
    if fmt == "epub":
        return render_epub(book, layout, marks)
    from translate.export.pdf import render_pdf

    return render_pdf(book, layout, marks, paper)


def book_file(book: Book, fmt: str, layout: str) -> str:
    """The book's file name in the output folder."""
    return book_name(book.target, fmt, layout)
