"""Books: the project's exported articles gathered, for each target language, into one EPUB
or PDF (`epub`, `pdf`). Rendering returns bytes; `job` writes them.

A book holds every article the page export published (the named ones, or all in the
index's order), aligned again here; an article that failed or that the publication policy
refused is left out (the page export reports it).

Images come along, but an image's path is article text: it is embedded only when it names,
relative to its article, a regular file inside the project folder (no absolute path, no
scheme, no `..` or symlink leading out), a PNG, JPEG or GIF by its first bytes (not its
name) under `IMAGE_LIMIT` bytes. Anything else stays its alt text, with one warning; remote
images are never fetched. SVG is left out: it can carry script and outside references.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path, PureWindowsPath
from urllib.parse import unquote

from translate.align import align_article
from translate.articles import read_document
from translate.catalog import load_catalog
from translate.errors import DiptychError, ExportError
from translate.export.epub import Book, BookImage, render_epub
from translate.export.html import inline_env
from translate.export.paths import book_name
from translate.pages import BOOK_LAYOUTS, PAPERS
from translate.project import Project

IMAGE_LIMIT = 20 * 1024 * 1024
# (magic bytes, extension, media type): what a book embeds, judged by content, not by name
_IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_REMOTE = ("http://", "https://")


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


def image_sources(article) -> list[str]:
    """Every image destination in the article's sentences, both sides, as markdown-it reads
    it (the same string the renderers look up)."""
    if not article.markdown:
        return []
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False})
    env = {"references": inline_env(article.document, article.source)["references"]}
    found: list[str] = []
    for block in article.blocks:
        for seg in block.segments:
            for text in (seg.source, seg.shown):
                if "![" not in text:
                    continue
                for token in parser.parseInline(text, dict(env))[0].children or []:
                    src = str(token.attrGet("src") or "") if token.type == "image" else ""
                    if src and src not in found:
                        found.append(src)
    return found


def article_images(root: Path, aligned: list) -> tuple[dict, list[str]]:
    """The images an article's sentences name: those embedded, keyed by (slug, src), and one
    warning per image refused."""
    images: dict[tuple[str, str], BookImage] = {}
    warnings: list[str] = []
    if not aligned:
        return images, warnings
    document = aligned[0].document
    sources: list[str] = []
    for article in aligned:
        sources += [src for src in image_sources(article) if src not in sources]
    for src in sources:
        if src.lower().startswith(_REMOTE):
            continue  # remote: never fetched, shown as today
        image = read_image(root, Path(document.path).parent, src)
        if isinstance(image, str):
            warnings.append(
                f"{document.source_name}: image {src!r} not embedded in the book ({image}); "
                "shown as its alt text"
            )
        else:
            images[(document.slug, src)] = image
    return images, warnings


def read_image(root: Path, folder: Path, src: str) -> BookImage | str:
    """The image `src` names relative to `folder`, or why it is refused (article text is
    data: the path is checked before anything is opened)."""
    path = unquote(src)
    if _SCHEME.match(path) and not PureWindowsPath(path).drive:
        return "a URL, not a file of the project"
    if "\x00" in path or path.startswith(("/", "\\")) or PureWindowsPath(path).drive:
        return "an absolute path"
    if "?" in path or "#" in path:
        return "a path with a query or fragment"
    base = Path(root).resolve()
    # as written (before the file system is asked anything), then with symlinks followed
    written = Path(os.path.normpath(Path(folder).resolve() / path))
    if not written.is_relative_to(base):
        return "outside the project folder"
    try:
        resolved = written.resolve(strict=True)
    except (OSError, RuntimeError):
        return "no such file"
    if not resolved.is_relative_to(base):
        return "outside the project folder"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(resolved, flags)  # non-blocking: a FIFO never hangs the export
    except OSError:
        return "cannot be read"
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return "not a regular file"
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > IMAGE_LIMIT:
            return f"larger than {IMAGE_LIMIT} bytes"
        data = handle.read(IMAGE_LIMIT + 1)
    if len(data) > IMAGE_LIMIT:
        return f"larger than {IMAGE_LIMIT} bytes"
    for magic, extension, media_type in _IMAGE_TYPES:
        if data.startswith(magic):
            name = f"images/{hashlib.sha256(data).hexdigest()[:16]}.{extension}"
            return BookImage(name=name, media_type=media_type, data=data)
    return "not a PNG, JPEG or GIF image"


def render_book(book: Book, fmt: str, layout: str, marks: bool, paper: str) -> bytes:
    """The book in `fmt` (`epub` or `pdf`)."""
    if fmt == "epub":
        return render_epub(book, layout, marks)
    from translate.export.pdf import render_pdf

    return render_pdf(book, layout, marks, paper)


def book_file(book: Book, fmt: str, layout: str) -> str:
    """The book's file name in the output folder."""
    return book_name(book.target, fmt, layout)
