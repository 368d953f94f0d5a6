"""EPUB 3 output: one bilingual book for a project and target, every exported article in
order, with a title page, a table of contents in both languages and the translation's
provenance in the package metadata.

Article text is data: the pages go through Jinja2 autoescaping (XHTML), and inline Markdown
is rendered by markdown-it with raw HTML disabled, then made XML (`<br/>`) and kept inside
the book (a link to a file that is not in the book becomes plain text; an image is shown
only when `book.collect_books` checked and read it into the book). The archive is
byte-stable: entries in a fixed order with a fixed date, so an unchanged book is not
rewritten. Only the standard library and Jinja2: EPUB needs no extra.
"""

from __future__ import annotations

import html
import io
import re
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

from translate import __version__
from translate.align import AlignedArticle
from translate.export.html import inline_env, page_rows, plain_text
from translate.export.sanitise import DEFAULT_SCHEMES
from translate.export.view import STATE_LABELS, language_name, progress_label
from translate.pages import environment, template

EPUB_LAYOUTS = ("interleaved", "side-by-side", "target")
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK = re.compile(r'<a (?:class="image" )?href="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_KEPT_LINK = ("#", "http://", "https://", "mailto:")
_IMAGE = re.compile(r'<a class="image" href="([^"]*)">\[(.*?)\]</a>', re.S)


@dataclass(frozen=True)
class BookImage:
    """An image checked and read into the book: its file name inside the book, its media
    type (judged by its content) and its bytes."""

    name: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Book:
    """What a book holds: the project's name, its languages and its aligned articles, in
    index order (one target language per book); the images embedded, by (article slug,
    destination as written), and the warnings about those refused."""

    title: str
    source: str
    target: str
    articles: tuple[AlignedArticle, ...]
    images: Mapping[tuple[str, str], BookImage] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # the link schemes the project's exports allow (`[export] schemes`)
    schemes: tuple[str, ...] = DEFAULT_SCHEMES


def _xml_inline(markup: str, images: Mapping[str, BookImage] | None = None) -> str:
    """markdown-it's inline HTML as XHTML kept inside the book."""

    def image(match: re.Match) -> str:
        found = (images or {}).get(html.unescape(match.group(1)))
        if found is None:
            return match.group(0)
        alt = html.unescape(match.group(2))
        return f"<img src={quoteattr(found.name)} alt={quoteattr(alt)}/>"

    def link(match: re.Match) -> str:
        href, rest, body = match.groups()
        if href.startswith(_KEPT_LINK):
            return match.group(0)
        return f'<span class="link">{body}</span>'

    return _as_xml(_LINK.sub(link, _IMAGE.sub(image, markup)))


_VOID = frozenset({"br", "wbr", "img"})
# What a sentence (a span inside a paragraph, heading or cell) may hold in XHTML: the
# phrasing elements of the sanitiser's list; its block elements leave their text only.
_PHRASING = _VOID | {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn"}
_PHRASING |= {"em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong"}
_PHRASING |= {"sub", "sup", "time", "u", "var"}


class _Xml(HTMLParser):
    """Inline HTML (markdown-it's, or the sanitiser's for an HTML article) written again as
    XML a reader accepts: phrasing elements only, void ones closed, text and attribute
    values escaped with XML's own entities (the sanitiser writes `&nbsp;`, which XML does
    not know, `<hr>` without a slash, and the `<div>` or `<ul>` a translation holds)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _PHRASING:
            return
        values = "".join(f' {name}="{escape(value or "", _QUOTE)}"' for name, value in attrs)
        self.out.append(f"<{tag}{values}{'/' if tag in _VOID else ''}>")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _PHRASING and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data))


_QUOTE = {'"': "&quot;"}


def _as_xml(markup: str) -> str:
    parser = _Xml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


def _xhtml_rows(rows: list[dict], images: Mapping[str, BookImage] | None = None) -> list[dict]:
    from markupsafe import Markup

    for row in rows:
        for part in row["parts"]:
            block = part["block"]
            if block:
                for seg in block["segments"]:
                    seg["src"] = Markup(_xml_inline(str(seg["src"]), images))
                    seg["tgt"] = Markup(_xml_inline(str(seg["tgt"]), images))
    return rows


def _titles(article: AlignedArticle) -> tuple[str, str]:
    """(source title, translated title or '') as plain text."""
    source = plain_text(article.document.title, article.markdown)
    target = article.translated_title
    return source, plain_text(target, article.markdown) if target else ""


def render_chapter(
    article: AlignedArticle,
    layout: str,
    marks: bool,
    images: Mapping[str, BookImage] | None = None,
    schemes: tuple[str, ...] = DEFAULT_SCHEMES,
) -> str:
    """One article as an XHTML content document of the book (`images`: its embedded images
    by destination; links outside `schemes` point nowhere, as in every format)."""
    envs = (
        inline_env(article.document, article.source, schemes),
        inline_env(article.document, article.target, schemes),
    )
    source_title, target_title = _titles(article)
    first = target_title or source_title
    view = {
        "layout": layout,
        "marks": marks,
        "source": article.source,
        "target": article.target,
        "page_title": first,
        "title_first": first,
        "title_lang": article.target if target_title else article.source,
        "title_second": source_title if layout != "target" and target_title else "",
        "source_name": article.document.source_name,
        "model": article.model if article.model not in ("", "none") else "no machine translation",
        "progress_label": progress_label(article),
        "state_labels": STATE_LABELS,
        "rows": _xhtml_rows(list(page_rows(article, envs)), images),
    }
    return template("book-article.xhtml.j2").render(view=view)


def _page(lang: str, title: str, body: str, epub_type: str = "") -> str:
    """A small XHTML document of ours (title page, navigation); `body` is already escaped."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="book.css"/>\n</head>\n'
        f"<body{epub_type}>\n{body}\n</body>\n</html>\n"
    )


def _lang_span(lang: str, text: str) -> str:
    return f'<span lang="{lang}" xml:lang="{lang}">{escape(text)}</span>'


def _review_line(book: Book) -> str:
    reviewed = sum(a.progress.reviewed for a in book.articles)
    total = sum(a.progress.total for a in book.articles)
    percent = 100 * reviewed // total if total else 100
    return f"{percent}% of sentences reviewed ({reviewed} of {total})"


def _models(book: Book) -> list[str]:
    return sorted({a.model for a in book.articles if a.model and a.model != "none"})


def title_page(book: Book) -> str:
    """The title page: the book, its two languages, where it comes from and its review."""
    source, target = language_name(book.source), language_name(book.target)
    models = ", ".join(_models(book)) or "no machine translation"
    body = (
        '<section class="title-page" epub:type="titlepage">\n'
        f"<h1>{escape(book.title)}</h1>\n"
        f'<p class="languages">{_lang_span(book.source, source)} → '
        f"{_lang_span(book.target, target)}</p>\n"
        f'<p class="provenance">Translated from {escape(source)} ({book.source}) into '
        f"{escape(target)} ({book.target}) with diptych {__version__}; machine translation: "
        f"{escape(models)}; {escape(_review_line(book))}.</p>\n</section>"
    )
    return _page(book.target, book.title, body)


def nav_page(book: Book) -> str:
    """The navigation document: each article by its title in both languages."""
    items = []
    for number, article in enumerate(book.articles, 1):
        source_title, target_title = _titles(article)
        label = _lang_span(book.target, target_title) + " / " if target_title else ""
        label += _lang_span(book.source, source_title)
        items.append(f'<li><a href="{_chapter_name(number)}">{label}</a></li>')
    heading = f"{_lang_span(book.target, 'Contents')} / {_lang_span(book.source, 'Sommaire')}"
    if book.source != "fr":
        heading = _lang_span(book.target, "Contents")
    body = (
        f'<nav epub:type="toc" id="toc" role="doc-toc">\n<h1>{heading}</h1>\n<ol>\n'
        + "\n".join(items)
        + "\n</ol>\n</nav>"
    )
    return _page(book.target, "Contents", body)


def _chapter_name(number: int) -> str:
    return f"a{number:04d}.xhtml"


def _identifier(book: Book, layout: str) -> str:
    names = "\n".join(a.slug for a in book.articles)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'diptych:{book.target}:{layout}:{names}')}"


def _modified(book: Book) -> str:
    """The latest revision of an article (`YYYY-MM-DDThh:mm:ssZ`), fixed when none is known."""
    dates = sorted(a.revision_date for a in book.articles if a.revision_date)
    match = re.match(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d)", dates[-1]) if dates else None
    return f"{match.group(1)}T{match.group(2)}:00Z" if match else "2000-01-01T00:00:00Z"


def package_document(book: Book, layout: str) -> str:
    """content.opf: metadata (target language, sources, provenance), manifest and spine."""
    meta = [
        f'<dc:identifier id="uid">{_identifier(book, layout)}</dc:identifier>',
        f"<dc:title>{escape(book.title)}</dc:title>",
        f"<dc:language>{book.target}</dc:language>",
        f'<meta property="dcterms:modified">{_modified(book)}</meta>',
        f"<dc:description>{escape(_description(book, layout))}</dc:description>",
    ]
    for number, model in enumerate(_models(book), 1):
        meta.append(f'<dc:contributor id="mt{number}">{escape(model)}</dc:contributor>')
        meta.append(
            f'<meta refines="#mt{number}" property="role" scheme="marc:relators">trl</meta>'
        )
    for number, article in enumerate(book.articles, 1):
        source_title, _ = _titles(article)
        meta.append(
            f'<dc:source id="src{number}">'
            f"{escape(article.document.source_name)}: {escape(source_title)}</dc:source>"
        )
        meta.append(
            f'<meta refines="#src{number}" property="dcterms:language">{book.source}</meta>'
        )
        meta.append(
            f'<meta refines="#src{number}" property="dcterms:description">'
            f"{escape(progress_label(article))} reviewed</meta>"
        )
    manifest = [
        '<item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>',
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="book.css" media-type="text/css"/>',
    ]
    spine = ['<itemref idref="title"/>', '<itemref idref="nav"/>']
    for number, image in enumerate(_book_images(book), 1):
        manifest.append(
            f'<item id="img{number}" href={quoteattr(image.name)}'
            f" media-type={quoteattr(image.media_type)}/>"
        )
    for number in range(1, len(book.articles) + 1):
        name = _chapter_name(number)
        manifest.append(f'<item id="a{number}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="a{number}"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid"'
        f" xml:lang={quoteattr(book.target)}>\n"
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + "\n".join(meta)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + "\n</manifest>\n<spine>\n"
        + "\n".join(spine)
        + "\n</spine>\n</package>\n"
    )


def _description(book: Book, layout: str) -> str:
    models = ", ".join(_models(book)) or "none"
    return (
        f"Bilingual edition ({layout}): {language_name(book.source)} ({book.source}) and "
        f"{language_name(book.target)} ({book.target}). Machine translation: {models}. "
        f"Review: {_review_line(book)}."
    )


def _book_images(book: Book) -> list[BookImage]:
    """Each embedded image once, by name (the same file named twice is one entry)."""
    unique = {image.name: image for image in book.images.values()}
    return [unique[name] for name in sorted(unique)]


def _article_images(book: Book, article: AlignedArticle) -> dict[str, BookImage]:
    return {src: image for (slug, src), image in book.images.items() if slug == article.slug}


_CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles>\n</container>\n'
)


def render_epub(book: Book, layout: str = "interleaved", marks: bool = True) -> bytes:
    """The book as EPUB 3 bytes (`mimetype` first and stored, as the format requires)."""
    entries = [
        ("META-INF/container.xml", _CONTAINER),
        ("OEBPS/content.opf", package_document(book, layout)),
        ("OEBPS/book.css", environment().loader.get_source(environment(), "book.css")[0]),
        ("OEBPS/title.xhtml", title_page(book)),
        ("OEBPS/nav.xhtml", nav_page(book)),
    ]
    for number, article in enumerate(book.articles, 1):
        chapter = render_chapter(
            article, layout, marks, _article_images(book, article), book.schemes
        )
        entries.append((f"OEBPS/{_chapter_name(number)}", chapter))
    entries += [(f"OEBPS/{image.name}", image.data) for image in _book_images(book)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("mimetype", _ZIP_DATE)
        archive.writestr(info, "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, text in entries:
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            # characters XML forbids (a PO file may hold them) would make the page unreadable
            data = _CONTROL.sub("", text).encode("utf-8") if isinstance(text, str) else text
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
