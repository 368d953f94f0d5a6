"""Markdown text shared by every Markdown layout: a block's sentences on one line with their
marks, a continuation paragraph's rule, and the document's link reference definitions."""

from __future__ import annotations

import re

from translate.align import AlignedArticle, AlignedBlock
from translate.export.sanitise import (
    DEFAULT_RULES,
    Rules,
    allowed_url,
    escape_text,
    markdown_text,
    shown_text,
)
from translate.read import LIST_ITEM
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
