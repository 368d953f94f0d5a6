"""The target-only page of an HTML article: the source document itself, with each translated
text put in place of its source words and the root's `lang` (and `dir`) set, every other byte
kept: head, scripts, styles, attributes, whitespace, comments.

A sentence whose translation is its own source (or that has none) keeps its source bytes.
A translation is data: only the tags that its source sentence holds (the inline markup put
back by `markup.restore`) stay markup; any other `<`, `>` or bare `&` is escaped. An
attribute's translation is escaped for its quotes.
"""

from __future__ import annotations

import codecs
import html as htmlmod
import re
from dataclasses import replace

from translate.align import AlignedArticle, AlignedBlock
from translate.export.rawhtml import splice, unchanged
from translate.htmlread import read_page
from translate.read import ATTRIBUTE

HTML_FORMATS = ("html", "htm")
# Scripts written right to left: a page in one of these languages gets dir="rtl".
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb", "ug"})

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^>]*)?/?>|<!--[\s\S]*?-->")
_OPENER = re.compile("<")
_HTML_ROOT = re.compile(r"<html(?=[\s/>])[^>]*>", re.I)
_DOCTYPE = re.compile(r"\A\s*(?:<!--[\s\S]*?-->\s*)*<!doctype[^>]*>", re.I)


def is_html_article(article: AlignedArticle) -> bool:
    """Whether the article was read from an `.html`/`.htm` file."""
    return article.document.format in HTML_FORMATS


def render_target_html(article: AlignedArticle, rewrite: bool = False) -> str:
    """The source page with its translatable texts replaced by their translations
    (`rewrite` writes every sentence anew, even one equal to its source: how the writer
    itself is measured)."""
    text = article.document.text
    tags = {(item.start, item.end): item.tag for item in read_page(text).found}
    edits: list[tuple[int, int, str]] = []
    tag_edits: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for block in article.blocks:
        if not block.segments or not block.block.spans:
            continue
        start, end = block.block.spans[0]
        if block.kind == ATTRIBUTE:
            value = _attribute_value(block, text, start, rewrite)
            if value is not None:
                tag_edits.setdefault(tags[(start, end)], []).append((start, end, value))
            continue
        edits += _segment_edits(block, start, rewrite)
    tag_texts = {
        span: (text[span[0] : span[1]], splice(text, values, *span))
        for span, values in tag_edits.items()
    }
    merged: list[tuple[int, int, str]] = []
    for start, end, replacement in edits:
        for (tag_start, tag_end), (old, new) in tag_texts.items():
            if start <= tag_start and tag_end <= end:
                replacement = replacement.replace(old, new, 1)
        merged.append((start, end, replacement))
    for span, (_, new) in tag_texts.items():
        if not any(start <= span[0] and span[1] <= end for start, end, _ in edits):
            merged.append((span[0], span[1], new))
    page = _with_language(splice(text, merged, 0, len(text)), article.target)
    return _utf8_declared(page)


def _segment_edits(block: AlignedBlock, start: int, rewrite: bool) -> list[tuple[int, int, str]]:
    """(start, end, translation) in the page for each sentence of the block that changed."""
    edits = []
    position = start + len(block.gaps[0])
    for segment, gap in zip(block.segments, block.gaps[1:], strict=True):
        end = position + len(segment.source)
        if rewrite or not unchanged(segment):
            shown = segment.source if unchanged(segment) else segment.shown
            edits.append((position, end, safe_translation(shown, segment.source)))
        position = end + len(gap)
    return edits


def safe_translation(translation: str, source: str) -> str:
    """A sentence's translation as HTML: the tags and comments its source holds are kept,
    any other `<` is escaped, so no markup the source did not have can appear (a sentence
    translated by itself is its source, as it was)."""
    if translation == source:
        return source
    allowed = {match.group() for match in _TAG.finditer(source)}
    out, position = [], 0
    for match in _TAG.finditer(translation):
        out.append(_OPENER.sub("&lt;", translation[position : match.start()]))
        token = match.group()
        out.append(token if token in allowed else "&lt;" + token[1:])
        position = match.end()
    out.append(_OPENER.sub("&lt;", translation[position:]))
    return "".join(out)


def _attribute_value(block: AlignedBlock, text: str, start: int, rewrite: bool) -> str | None:
    """The new attribute value (with quotes when the source had none), or None if unchanged."""
    if not rewrite and all(unchanged(segment) for segment in block.segments):
        return None
    pieces = [segment.source if unchanged(segment) else segment.shown for segment in block.segments]
    value = block.with_gaps(pieces)
    if value == block.block.text:
        return value
    quote = text[start - 1] if start and text[start - 1] in "\"'" else ""
    escaped = value.replace(quote or '"', "&quot;" if (quote or '"') == '"' else "&#39;")
    return escaped if quote else f'"{escaped}"'


_LANG = re.compile(r"""(\s(?:xml:)?lang\s*=\s*)("[^"]*"|'[^']*'|[^\s>]*)""", re.I)
_DIR = re.compile(r"""(\sdir\s*=\s*)("[^"]*"|'[^']*'|[^\s>]*)""", re.I)


def _with_language(page: str, target: str) -> str:
    """`lang` set to the target on the root element (added when missing), `dir` as well when
    the source names one or the target is written right to left; a fragment without
    `<html>` gets one after its doctype."""
    direction = "rtl" if target.split("-")[0] in RTL_LANGUAGES else "ltr"
    root = _HTML_ROOT.search(page)
    if root is None:
        doctype = _DOCTYPE.match(page)
        at = doctype.end() if doctype else 0
        extra = f' dir="{direction}"' if direction == "rtl" else ""
        return f'{page[:at]}<html lang="{target}"{extra}>{page[at:]}'
    tag = root.group()
    new = _LANG.sub(lambda m: f'{m.group(1)}"{target}"', tag)
    if new == tag and not _LANG.search(tag):
        new = f'<html lang="{target}"' + tag[5:]
    if _DIR.search(new):
        new = _DIR.sub(lambda m: f'{m.group(1)}"{direction}"', new)
    elif direction == "rtl":
        new = new[:5] + f' dir="{direction}"' + new[5:]
    return page[: root.start()] + new + page[root.end() :]


def plain_view(article: AlignedArticle) -> AlignedArticle:
    """The article with its sentences as plain text (tags dropped, references resolved), for
    the Markdown documents: an HTML article's markup is not Markdown's."""
    blocks = []
    for block in article.blocks:
        segments = tuple(
            replace(segment, source=_plain(segment.source), target=_plain(segment.target))
            for segment in block.segments
        )
        blocks.append(replace(block, segments=segments))
    return replace(article, blocks=tuple(blocks))


def _plain(text: str) -> str:
    return " ".join(htmlmod.unescape(_TAG.sub(" ", text)).split())


_META_CHARSET = re.compile(
    r"""(<meta[^>]{0,200}?charset\s*=\s*["']?\s*)([A-Za-z0-9._:-]{1,40})""", re.I
)


def _utf8_declared(page: str) -> str:
    """Pages are written in UTF-8: a `<meta charset>` naming another encoding would make
    browsers misread it, so it names UTF-8 instead (the one byte change besides `lang`)."""

    def declared(match: re.Match[str]) -> str:
        try:
            utf8 = codecs.lookup(match.group(2)).name == "utf-8"
        except LookupError:
            utf8 = False
        return match.group(0) if utf8 else match.group(1) + "utf-8"

    return _META_CHARSET.sub(declared, page)


def shown_part(article: AlignedArticle) -> AlignedArticle:
    """The article as the bilingual pages show it: when the page has a `<main>` (else an
    `<article>`), its blocks and the title; the whole page otherwise."""
    found = read_page(article.document.text).main
    if found is None:
        return article
    start, end = found
    kept = tuple(
        block
        for block in article.blocks
        if block.index == article.title_block
        or (block.block.spans and start <= block.block.spans[0][0] < end)
    )
    title = next((n for n, b in enumerate(kept) if b.index == article.title_block), None)
    renumbered = tuple(replace(block, index=n) for n, block in enumerate(kept))
    return replace(article, blocks=renumbered, title_block=title)
