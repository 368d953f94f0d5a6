"""mdtokens: the one Markdown parser diptych reads with, and its tokens handed over a
top-level block at a time, so that reading a long article never holds its whole token tree."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from functools import lru_cache

from translate import boxes


@lru_cache(maxsize=1)
def markdown_parser():
    """CommonMark with GFM tables, footnotes and boxes (`translate.boxes`): the one parser
    diptych reads Markdown with."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin, inline=False)
    # boxes: MkDocs admonitions (`!!!`, `???`) and markdown-it/VitePress `::: kind title`
    parser.use(admon_plugin).use(container_plugin, name="box", validate=boxes.box_name)
    # Reading needs each inline token's text, not its children: the inline rules still run
    # (footnote references are counted by them) but every child list is dropped at once, so
    # a large article never holds a token tree for all its inline markup.
    parser.core.ruler.at("inline", _inline_without_children)
    return parser


def _inline_without_children(state) -> None:
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, [])


def token_batches(parser, text: str, env: dict) -> Iterator[list]:
    """The parser's tokens of `text`, a top-level block at a time: the block parser's own
    loop (markdown-it's `ParserBlock.tokenize`) run at the top level, each block's tokens
    handed over before the next block is parsed, and no copy of the text made (markdown-it's
    `normalize` copies it to change what diptych's decoding already changed). Inline
    content is never parsed: reading uses each inline token's text alone. A text with
    footnotes (`[^`), whose definitions the parser moves to the end, or with carriage
    returns is parsed whole, as one batch."""
    if "[^" in text or "\r" in text:
        yield parser.parse(text, env)
        return
    if not text:
        return
    from markdown_it.rules_block import StateBlock

    src = text.replace("\0", "\ufffd") if "\0" in text else text  # as `normalize`
    state = StateBlock(src, parser, env, [])
    for name in ("bMarks", "eMarks", "tShift", "sCount", "bsCount"):  # 8 bytes a line each
        setattr(state, name, array("q", getattr(state, name)))
    rules = parser.block.ruler.getRules("")
    line, end = state.line, state.lineMax
    has_empty_lines = False
    while line < end:
        state.line = line = state.skipEmptyLines(line)
        if line >= end:
            break
        if state.level >= parser.options.maxNesting:
            break
        for rule in rules:
            if rule(state, line, end, False):
                if state.line <= line:
                    raise RuntimeError("block rule didn't increment state.line")
                break
        else:
            raise RuntimeError("none of the block rules matched")
        state.tight = not has_empty_lines
        line = state.line
        if (line - 1) < end and state.isEmpty(line - 1):
            has_empty_lines = True
        if line < end and state.isEmpty(line):
            has_empty_lines = True
            line += 1
            state.line = line
        if state.tokens:
            yield state.tokens
            state.tokens = []


_OPENERS = {
    "blockquote_open": "blockquote",
    "bullet_list_open": "ul",
    "ordered_list_open": "ol",
    "list_item_open": "li",
    "table_open": "table",
    "thead_open": "thead",
    "tbody_open": "tbody",
    "tr_open": "tr",
    "footnote_block_open": "footnotes",
    "footnote_open": "footnote",
}
_CLOSERS = {name.replace("_open", "_close") for name in _OPENERS}


def _item_number(token, current: dict) -> int | None:
    """The number an item of the list `current` shows: the one written (`3.`), else one more
    than the item before (the list's start for the first); None in a bullet list."""
    if not current["ordered"]:
        return None
    return int(token.info) if token.info.isdigit() else current["next"]


def line_starts(text: str) -> array:
    """Where each line of `text` starts: 8 bytes a line, not an int object each."""
    starts = array("q", [0])
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts
