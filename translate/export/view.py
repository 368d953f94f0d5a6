"""The view model every format renders: how aligned blocks group into rows (one list item,
quote, table or footnote per row), the review line of a header, the states' labels and the
languages' own names."""

from __future__ import annotations

from collections.abc import Iterator

from translate.align import AlignedArticle, AlignedBlock
from translate.languages import endonym
from translate.read import FRONT_MATTER, FRONT_MATTER_VALUE
from translate.states import EDITED, MACHINE, REUSED, REVIEWED, UNTRANSLATED, VERBATIM

STATE_LABELS = {
    REVIEWED: "reviewed",
    MACHINE: "machine translation, not reviewed",
    REUSED: "reused from another article, not reviewed",
    EDITED: "edited, not yet approved",
    UNTRANSLATED: "not translated (source shown)",
    VERBATIM: "nothing to translate (source copied)",
}


def language_name(code: str) -> str:
    """A language as its readers name it (column headings, labels); the code if unknown.
    Every format asks here; the names themselves live in the language profiles."""
    return endonym(code)


def progress_label(article: AlignedArticle) -> str:
    """`40% (4 of 10; 3 machine, 2 edited, 1 untranslated)`: the header's review line."""
    progress = article.progress
    details = [
        f"{progress.counts[state]} {state}"
        for state in (MACHINE, REUSED, EDITED, UNTRANSLATED)
        if progress.counts.get(state)
    ]
    label = f"{progress.percent_label} ({progress.reviewed} of {progress.total}"
    return label + (f"; {', '.join(details)})" if details else ")")


# Where a row of the page ends: a row holds a top-level list item, quote, table or footnote
# whole (all its paragraphs, nested lists and code), or one other block.
ROW_FRAMES = ("li", "blockquote", "table", "footnote", "admonition", "container")


def row_key(block: AlignedBlock) -> tuple:
    """The container that makes a block's row: its outermost row frame, or the block alone."""
    frames = block.block.frames
    for position, frame in enumerate(frames):
        if frame[0] in ROW_FRAMES:
            return frames[: position + 1]
    return ("block", block.index)


def row_groups(article: AlignedArticle, skip_title: bool) -> Iterator[list[AlignedBlock]]:
    """Consecutive blocks of one list item, quote, table or footnote, as one row each
    (front matter never shows as such; the HTML page shows the title in its header), one
    row at a time."""
    group: list[AlignedBlock] = []
    last_key = None
    for block in article.blocks:
        # a front-matter value is a row where every block is (the review page, Markdown's
        # table); the HTML pages show the title in their header
        hidden = block.kind == FRONT_MATTER or (skip_title and block.kind == FRONT_MATTER_VALUE)
        if hidden or (skip_title and block.index == article.title_block):
            continue
        key = row_key(block)
        if group and key == last_key and key[0] != "block":
            group.append(block)
        else:
            if group:
                yield group
            group = [block]
        last_key = key
    if group:
        yield group
