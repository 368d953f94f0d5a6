"""PDF output: one print-ready bilingual book per project and target, typeset by Typst (the
`typst` package from PyPI: a wheel with the engine and its fonts for Linux, macOS and
Windows, no system library; `pip install 'diptych[books]'`).

Article text is data, never markup: the book's text goes to Typst as JSON strings that the
template (`templates/book.typ`) shows as text, so `#`, `$`, `*`, `[`, `\\` or `<` in a
sentence print as themselves and nothing in an article is evaluated. An image goes in only
when `book.collect_books` checked and read it: its bytes travel in the JSON (as numbers) and
the template makes them an `image()`; Typst never opens a path an article names. Layouts:
`side-by-side` (two columns, rows breaking across pages), `facing` (source on left pages,
translation on right pages, each spread starting at the same block) and `target`.
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from translate import __version__
from translate.align import AlignedArticle, AlignedBlock
from translate.errors import ExportError
from translate.export.epub import Book
from translate.export.html import inline_env, plain_text
from translate.export.rawhtml import inside_html
from translate.export.sanitise import DEFAULT_SCHEMES, allowed_url
from translate.export.view import language_name, progress_label, row_groups
from translate.pages import environment
from translate.read import CODE, HEADING, LIST_ITEM, QUOTE, RULE, TABLE_CELL, TITLE

PDF_LAYOUTS = ("side-by-side", "facing", "target")
ENGINE_MISSING = "PDF export needs the typesetting engine: pip install 'diptych[books]'"
# Margins in points: room for the running head above the text and the page number below.
MARGIN = {"x": 62, "top": 72, "bottom": 64}
_PAPER = {"a4": "a4", "us-letter": "us-letter"}


def check_engine() -> None:
    """Raise one clear error when the `books` extra (Typst) is not installed."""
    try:
        import typst  # noqa: F401
    except ImportError as exc:
        raise ExportError(ENGINE_MISSING) from exc


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def runs(text: str, markdown: bool, images: dict | None = None, env: dict | None = None):
    """A sentence as text runs with their style (bold, italic, code, link): what the
    template shows, each run's text as a string, never as markup. `images` maps an embedded
    image's destination to its number in the book's data; `env` holds the references."""
    if not markdown:
        return [{"t": text}]
    out: list[dict] = []
    style: dict = {}
    for token in _parser().parseInline(text, dict(env or {}))[0].children or []:
        kind = token.type
        if kind in ("strong_open", "em_open"):
            style[kind[0]] = True
        elif kind in ("strong_close", "em_close"):
            style.pop(kind[0], None)
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            # an absolute link the export allows (a relative one leads nowhere from a book)
            schemes = (env or {}).get("schemes", DEFAULT_SCHEMES)
            if urlsplit(href).scheme and allowed_url(href, schemes):
                style["href"] = href
        elif kind == "link_close":
            style.pop("href", None)
        elif kind == "code_inline":
            out.append({**style, "t": token.content, "c": True})
        elif kind in ("softbreak", "hardbreak"):
            out.append({**style, "t": " "})
        elif kind == "image":
            number = (images or {}).get(str(token.attrGet("src") or ""))
            if number is None:
                out.append({**style, "t": f"[{token.content or 'image'}]"})
            else:
                out.append({"img": number, "alt": token.content, "t": ""})
        elif token.content:
            out.append({**style, "t": token.content})
    return out or [{"t": text}]


def _sentences(block: AlignedBlock, side: str, markdown) -> list[dict]:
    """`markdown`: False, or the article's (images, env) for `runs`."""
    if not block.translatable:
        return []
    return [
        {
            "st": seg.state,
            "runs": runs(seg.source if side == "src" else seg.shown, bool(markdown), *markdown),
        }
        for seg in block.segments
    ]


def _block(block: AlignedBlock, markdown) -> dict:
    raw = block.block
    kind = {TITLE: "title", HEADING: "heading", CODE: "code", RULE: "rule"}.get(raw.kind, "p")
    data = {
        "k": kind,
        "src": _sentences(block, "src", markdown),
        "tgt": _sentences(block, "tgt", markdown),
    }
    if raw.kind == LIST_ITEM:
        number = raw.number
        data.update(k="item", lvl=max(raw.level, 1) - 1, bullet=f"{number}." if number else "•")
    elif raw.kind == QUOTE or raw.quote_depth:
        data["k"] = "quote"
    if kind == "code":
        data["code"] = raw.text
    elif not block.translatable and raw.text and kind != "rule":
        data["k"] = "code"  # kept as written (raw HTML and the like): shown, never run
        data["code"] = raw.text
    return data


def _table(group: list[AlignedBlock], markdown) -> dict:
    """A table's cells in rows (by their `tr` frame), padded to the widest row."""
    rows: dict[tuple, list[dict]] = {}
    for block in group:
        if block.block.kind != TABLE_CELL:
            continue
        row = next((f for f in block.block.frames if f[0] == "tr"), ("tr", block.index))
        rows.setdefault(row, []).append(
            {
                "th": block.block.info.startswith("th"),
                "src": _sentences(block, "src", markdown),
                "tgt": _sentences(block, "tgt", markdown),
            }
        )
    columns = max(len(cells) for cells in rows.values())
    empty = {"th": False, "src": [], "tgt": []}
    cells = [cell for row in rows.values() for cell in row + [empty] * (columns - len(row))]
    return {"k": "table", "cols": columns, "cells": cells, "src": [], "tgt": []}


def _article(
    article: AlignedArticle,
    marks: bool,
    images: dict | None = None,
    schemes: tuple[str, ...] = DEFAULT_SCHEMES,
) -> dict:
    whole = inline_env(article.document, article.source, schemes)
    env = {"references": whole["references"], "schemes": whole["schemes"]}
    markdown = (images or {}, env) if article.markdown else ()
    title_src = plain_text(article.document.title, article.markdown)
    title_tgt = article.translated_title or ""
    title_tgt = plain_text(title_tgt, article.markdown) if title_tgt else ""
    blocks = []
    if article.title_block is not None:
        blocks.append(_block(article.blocks[article.title_block], markdown))
    for group in row_groups(article, skip_title=True):
        group = [block for block in group if not inside_html(block)]  # shown by the block
        if not group:
            continue
        if any(block.block.kind == TABLE_CELL for block in group):
            blocks.append(_table(group, markdown))
        else:
            blocks.extend(_block(block, markdown) for block in group)
    return {
        "title_src": title_src,
        "title_tgt": title_tgt or title_src,
        "blocks": blocks,
        "colophon": f"{article.document.source_name} · {article.model or 'no machine model'}"
        f" · reviewed {progress_label(article)}",
    }


def book_data(book: Book, layout: str, marks: bool, paper: str) -> dict:
    """Everything the template typesets, as JSON-ready data."""
    reviewed = sum(a.progress.reviewed for a in book.articles)
    total = sum(a.progress.total for a in book.articles)
    models = sorted({a.model for a in book.articles if a.model and a.model != "none"})
    provenance = (
        f"Translated with diptych {__version__}; machine translation: "
        f"{', '.join(models) or 'none'}; {reviewed} of {total} sentences reviewed."
    )
    if marks and reviewed < total:
        provenance += " Highlighted: translation not yet reviewed."
    embedded: list = []
    index: dict[str, int] = {}
    numbers: dict[str, dict[str, int]] = {}
    for (slug, src), image in sorted(book.images.items()):
        if image.name not in index:
            index[image.name] = len(embedded)
            embedded.append(image)
        numbers.setdefault(slug, {})[src] = index[image.name]
    return {
        "title": book.title,
        "paper": _PAPER[paper],
        "layout": layout,
        "marks": marks,
        "margin": MARGIN,
        "source": book.source,
        "target": book.target,
        "source_language": language_name(book.source),
        "target_language": language_name(book.target),
        "provenance": provenance,
        "articles": [_article(a, marks, numbers.get(a.slug), book.schemes) for a in book.articles],
        "images": [list(image.data) for image in embedded],
    }


def render_pdf(book: Book, layout: str = "side-by-side", marks: bool = True, paper: str = "a4"):
    """The book as PDF bytes, fonts embedded (Typst's own Libertinus Serif and DejaVu Sans
    Mono; the machine's fonts are never used, so every machine makes the same book)."""
    check_engine()
    if layout not in PDF_LAYOUTS:
        raise ExportError(f"layout {layout!r} is not one of pdf's ({', '.join(PDF_LAYOUTS)})")
    import typst

    source = environment().loader.get_source(environment(), "book.typ")[0]
    data = json.dumps(book_data(book, layout, marks, paper), ensure_ascii=False)
    with tempfile.TemporaryDirectory(prefix="diptych-pdf-") as folder:
        root = Path(folder)
        (root / "book.typ").write_text(source, encoding="utf-8")
        (root / "data.json").write_text(data, encoding="utf-8")
        try:
            return typst.compile(
                str(root / "book.typ"), root=str(root), ignore_system_fonts=True, pdf_tags=False
            )
        except Exception as exc:  # the engine's own error type differs between its versions
            raise ExportError(f"PDF typesetting failed: {str(exc).splitlines()[0]}") from exc
