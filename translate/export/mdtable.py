"""The side-by-side Markdown layout: a GFM table, one row per list item, quote, table or other
block, footnotes with both languages, and the link reference definitions after it."""

from __future__ import annotations

from collections.abc import Iterator

from translate.align import AlignedArticle, AlignedBlock
from translate.export.mdtext import continuation, mark, reference_lines, sentences_md
from translate.export.rawhtml import block_texts, inside_html, one_line_form
from translate.export.sanitise import DEFAULT_RULES, cell, definition_text, escape_text
from translate.export.view import language_name, row_groups
from translate.read import (
    BOX_TITLE,
    CODE,
    FOOTNOTE,
    HEADING,
    HTML,
    LIST_ITEM,
    RULE,
    TABLE_CELL,
    TITLE,
)


def markdown_table(
    article: AlignedArticle, marks: bool = False, rules=DEFAULT_RULES
) -> Iterator[str]:
    """A GFM table, one row per list item, quote, table or other block; footnotes (both
    languages in each) and link reference definitions follow it. Its lines come one row at
    a time."""
    source, target = language_name(article.source), language_name(article.target)
    yield from (f"| {cell(source)} | {cell(target)} |", "| --- | --- |")
    footnotes: list[str] = []
    html = block_texts(article, mark=lambda state: mark(state, marks))
    for group in row_groups(article, skip_title=False):
        group = [block for block in group if not inside_html(block)]
        if not group:
            continue
        if group[0].kind == FOOTNOTE:
            footnotes += _footnote_lines(group, article, marks, rules)
            continue
        left = _group_cell(group, "src", article.markdown, marks, rules, html)
        right = _group_cell(group, "tgt", article.markdown, marks, rules, html)
        if left.strip() or right.strip():
            yield f"| {left} | {right} |"
    if footnotes:
        yield from ["", *footnotes[:-1]]
    yield from reference_lines(article, rules)


def _group_cell(
    group: list[AlignedBlock],
    side: str,
    markdown: bool,
    marks: bool,
    rules=DEFAULT_RULES,
    html: dict | None = None,
) -> str:
    """One side of a row on one line: blocks joined by line breaks, a table's cells by
    `|` (header cells bold)."""
    pieces: list[str] = []
    row: list[str] = []
    row_frame = None
    for block in group:
        if block.kind == TABLE_CELL:
            frame = block.block.frames[-1]
            if row and frame != row_frame:
                pieces.append(" \\| ".join(row))
                row = []
            row_frame = frame
            text = ""
            if block.translatable:
                text = sentences_md(block, side, markdown, marks, rules)
            text = cell(text)
            header = block.block.info.startswith("th") and text
            row.append(f"<strong>{text}</strong>" if header else text)
            continue
        if row:
            pieces.append(" \\| ".join(row))
            row = []
        if block.kind == HTML and html:
            pieces.append(cell(one_line_form(html[block.index][side == "tgt"], rules.schemes)))
        elif block.translatable or side == "src":
            pieces.append(_table_cell(block, side, markdown, marks, rules))
        else:
            pieces.append(_table_cell(block, "src", markdown, marks, rules))
    if row:
        pieces.append(" \\| ".join(row))
    return "<br>".join(piece for piece in pieces if piece.strip()) or " "


def _footnote_lines(
    group: list[AlignedBlock], article: AlignedArticle, marks: bool, rules=DEFAULT_RULES
) -> list[str]:
    """A footnote definition holding the source and, below it, the translation."""
    label = group[0].block.info
    markdown = article.markdown
    source = " ".join(sentences_md(block, "src", markdown, False, rules) for block in group)
    target = " ".join(sentences_md(block, "tgt", markdown, marks, rules) for block in group)
    source = definition_text(source, rules.schemes)
    name = language_name(article.target)
    return [f"[^{label}]: {source}", "", f"    *{name}:* {target}", ""]


def _table_cell(
    block: AlignedBlock, side: str, markdown: bool, marks: bool = False, rules=DEFAULT_RULES
) -> str:
    raw = block.block
    if raw.kind in (CODE, HTML):
        # every significant character a reference: some renderers (Pandoc) read Markdown
        # between raw tags, so `<code>` alone would not keep `[x]{onclick=…}` text
        code = escape_text(raw.text)
        return "<code>" + "<br>".join(code.split("\n")).replace(" ", "&nbsp;") + "</code>"
    if raw.kind == RULE:
        return "* * *"
    text = sentences_md(block, side, markdown, marks, rules)
    if raw.kind in (TITLE, HEADING, BOX_TITLE):  # a tag, not `**`: the text's `*` cannot pair
        text = f"<strong>{text}</strong>"
    elif raw.kind == LIST_ITEM:
        marker = "" if continuation(raw) else f"{raw.number}\\." if raw.ordered else "•"
        text = "&emsp;" * (raw.level - 1) + (f"{marker} {text}" if marker else f"&emsp; {text}")
    if raw.quote_depth:
        text = "▍" * raw.quote_depth + " " + text
    return cell(text) or " "
