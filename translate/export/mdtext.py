"""Markdown text shared by every Markdown layout: a block's sentences on one line with their
marks, a continuation paragraph's rule, the document's link reference definitions, and the
spliced layouts' edits taken as the document reaches them."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from translate.align import AlignedArticle, AlignedBlock
from translate.boxes import is_box
from translate.export.sanitise import (
    DEFAULT_RULES,
    Rules,
    allowed_url,
    escape_text,
    markdown_text,
    shown_text,
)
from translate.export.view import ROW_FRAMES
from translate.read import FRONT_MATTER_VALUE, LIST_ITEM, RAW_HTML_FRAME
from translate.states import EDITED, MACHINE, REUSED, UNTRANSLATED

MARK_SIGNS = {MACHINE: "†", REUSED: "§", EDITED: "‡", UNTRANSLATED: "°"}


def mark(state: str, marks: bool) -> str:
    return MARK_SIGNS.get(state, "") if marks else ""


def sentences_md(
    block: AlignedBlock, side: str, markdown: bool, marks: bool = False, rules=DEFAULT_RULES
) -> str:
    """A block's sentences on one line; a translation keeps only its source's markup."""
    if side == "src":
        return " ".join(markdown_text(seg.source, markdown, None, rules) for seg in block.segments)
    return " ".join(
        markdown_text(shown_text(seg), markdown, seg.source, rules) + mark(seg.state, marks)
        for seg in block.segments
    )


def continuation(block) -> bool:
    """A later paragraph of an ordered list item: the reader gives it no number."""
    return block.kind == LIST_ITEM and block.ordered and block.number is None


def reference_lines(article: AlignedArticle, rules=DEFAULT_RULES) -> list[str]:
    """The document's link reference definitions, so that `[text][label]` resolves in
    every column and layout."""
    lines = []
    for reference in article.document.references:
        label = re.sub(r"([\\\[\]])", r"\\\1", reference.label)
        href = linked(reference.href, rules) if allowed_url(reference.href, rules.schemes) else "#"
        href = re.sub(r"([<>\\])", r"\\\1", href).replace("\n", "%0A")
        title = escape_text(" ".join(reference.title.split())).replace('"', "&quot;")
        lines.append(f"[{label}]: <{href}>" + (f' "{title}"' if title else ""))
    return [""] + lines if lines else []


def linked(href: str, rules: Rules) -> str:
    return rules.links(href) if rules.links is not None and href else href


def in_order(article: AlignedArticle) -> bool:
    """Whether every block that may be edited stands after the one before it in the source,
    on a line of its own unless it shares the row of the one before (a table's cells), and
    none is in a footnote (markdown-it puts them last) or a box (its row reaches back to the
    box's first line): then the edits come sorted and the rows are asked in order."""
    text, last, last_row = article.document.text, -1, None
    for raw in article.document.blocks:
        if any(frame[0] in ("footnote", "footnotes") or is_box(frame) for frame in raw.frames):
            return False
        if raw.kind == FRONT_MATTER_VALUE or (raw.frames and raw.frames[-1][0] == RAW_HTML_FRAME):
            continue
        row = next((raw.frames[: n + 1] for n, f in enumerate(raw.frames) if f[0] in ROW_FRAMES), 0)
        if raw.spans:
            start = raw.spans[0][0]
            if start <= last or (last >= 0 and row != last_row and "\n" not in text[last:start]):
                return False
            last = raw.spans[-1][1]
        last_row = row or None
    return True


class EditsInOrder:
    """`markdown._Edits` for edits that come sorted and ranges asked in order, each after the one
    before: only the edits of the range being spliced are held, not every edit of a long
    document (they are about its size)."""

    def __init__(self, text: str, edits: Iterator[tuple[int, int, str]]) -> None:
        self.text, self.edits = text, edits
        self.held: deque[tuple[int, int, str]] = deque()
        self.end = -1

    def _next(self) -> bool:
        edit = next(self.edits, None)
        if edit is not None:
            self.held.append(edit)
        return edit is not None

    @property
    def starts(self) -> list[int]:
        """Where the first edit starts (the only one `_spliced_pieces` asks for)."""
        if not self.held:
            self._next()
        return [self.held[0][0]] if self.held else []

    def pieces(self, start: int, end: int) -> Iterator[str]:
        if start <= self.end:
            raise ValueError("ranges of a document asked out of order")
        self.end = end
        text, held, position = self.text, self.held, start
        while (held or self._next()) and held[0][0] < start:
            held.popleft()  # before the range: never applied (as `_Edits` skips them)
        while held or self._next():
            edit_start, edit_end, replacement = held[0]
            if edit_start > end:
                break
            held.popleft()
            if edit_end > end:
                continue
            yield text[position:edit_start]
            yield replacement
            position = edit_end
        yield text[position:end]

    def splice(self, start: int, end: int) -> str:
        return "".join(self.pieces(start, end))
