"""segment: translatable blocks -> sentences, keeping exact offsets into the block text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from translate.read import Document

# Runs of ordinary whitespace fold to one space; no-break spaces are typography and stay.
_FOLDABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


@dataclass(frozen=True)
class Segment:
    """One sentence of one block: `text` is exactly block.text[start:end]."""

    text: str
    block: int
    start: int
    end: int
    line: int
    kind: str

    @property
    def msgid(self) -> str:
        return normalize(self.text)


def normalize(text: str) -> str:
    """The msgid form of a segment: whitespace runs folded to one space, ends trimmed."""
    return _FOLDABLE.sub(" ", text).strip(" ")


def split_sentences(text: str, abbreviations: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sentence spans of `text`: non-overlapping, in order, separated by whitespace only."""
    spans: list[tuple[int, int]] = []
    start = None
    boundary = re.compile(r"[.!?…]+[»\"”)]*(?=\s+[A-ZÀ-Ý«\"“(])")
    position = 0
    for match in boundary.finditer(text):
        end = match.end()
        if start is None:
            start = _skip_space(text, position)
        if end > start:
            spans.append((start, end))
        start = None
        position = end
    tail_start = _skip_space(text, position)
    tail_end = len(text.rstrip())
    if tail_end > tail_start:
        spans.append((tail_start, tail_end))
    return spans


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def segment_document(document: Document, abbreviations: Iterable[str] = ()) -> list[Segment]:
    """All segments of the translatable blocks of `document`, in document order."""
    abbreviations = tuple(abbreviations)
    segments: list[Segment] = []
    for index, block in enumerate(document.blocks):
        if not block.translatable:
            continue
        for start, end in split_sentences(block.text, abbreviations):
            line = block.line + block.text.count("\n", 0, start)
            segments.append(Segment(block.text[start:end], index, start, end, line, block.kind))
    return segments
