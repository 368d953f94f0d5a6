"""align: an article as it is now + its PO file -> blocks of (source, translation) sentences.

The structure always comes from the source article, never from the PO file: a PO file that
is older than the article (a sentence was added or rewritten) still exports, with the
missing sentences shown in the source language, marked untranslated, and one warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from translate.read import FRONT_MATTER, FRONT_MATTER_VALUE, HEADING, TITLE, Block, Document
from translate.segment import Segment, normalize
from translate.states import (
    EDITED,
    MACHINE,
    REUSED,
    UNTRANSLATED,
    VERBATIM,
    StateCounts,
    entry_state,
    is_owned,
    machine_confidence,
)


@dataclass(frozen=True, slots=True)
class AlignedSegment:
    """One sentence and its translation. `target` is empty when there is none to show."""

    id: int
    source: str
    target: str
    state: str
    missing: bool = False
    confidence: int | None = None  # of unreviewed machine output: the model's own certainty

    @property
    def shown(self) -> str:
        """What the target side shows: the translation, or the source when there is none."""
        return self.target if self.state != UNTRANSLATED else self.source

    @property
    def unreviewed(self) -> bool:
        return self.state in (MACHINE, REUSED, EDITED)


@dataclass(frozen=True, slots=True)
class AlignedBlock:
    """A block of the source article with its sentences and the whitespace around them.

    `gaps` has one more item than `segments`: the text before the first sentence, between
    each pair, and after the last, so that `with_gaps` of the sources gives back `block.text`
    exactly.
    Blocks that are not translated (code, HTML, front matter, rules) have no segments and one
    gap holding the whole text.
    """

    index: int
    block: Block
    segments: tuple[AlignedSegment, ...]
    gaps: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.block.kind

    @property
    def translatable(self) -> bool:
        return bool(self.segments)

    def target_text(self) -> str:
        """The translation with the source's spacing; untranslated sentences in the source."""
        return self.with_gaps(segment.shown for segment in self.segments)

    def with_gaps(self, texts: Iterable[str]) -> str:
        """One text per segment put back between the block's gaps (a translation with the
        source's spacing, or the sources themselves: `block.text` exactly)."""
        parts = [self.gaps[0]]
        for text, gap in zip(texts, self.gaps[1:], strict=True):
            parts += [text, gap]
        return "".join(parts)


@dataclass(frozen=True)
class AlignedArticle:
    """Everything an exporter needs about one article and one target language."""

    document: Document
    source: str
    target: str
    blocks: tuple[AlignedBlock, ...]
    progress: StateCounts
    title_block: int | None
    translated_title: str | None
    model: str = ""
    revision_date: str = ""
    missing: int = 0

    @property
    def slug(self) -> str:
        return self.document.slug

    @property
    def markdown(self) -> bool:
        """Whether the article text is Markdown (inline markup kept) or plain text."""
        return self.document.format == "md"


@dataclass(frozen=True)
class Translations:
    """What aligning reads of a catalog: each segment entry's state, the text it shows
    (empty when untranslated) and the machine's confidence, by msgid, and two headers.
    Export makes it and lets the parsed catalog go before it reads the article: a parsed
    catalog costs several times its article, this a fraction of it (bench/memory.py)."""

    entries: dict[str, tuple[str, str, int | None]]
    model: str = ""
    revision_date: str = ""


def translations(catalog) -> Translations | None:
    """The `Translations` of a parsed catalog (None: no catalog)."""
    if catalog is None or isinstance(catalog, Translations):
        return catalog
    entries: dict[str, tuple[str, str, int | None]] = {}
    for entry in catalog:
        if entry.obsolete or not is_owned(entry):
            continue
        state = entry_state(entry)
        confidence = machine_confidence(entry) if state == MACHINE else None
        entries[entry.msgid] = (state, entry.msgstr if state != UNTRANSLATED else "", confidence)
    return Translations(
        entries, _header(catalog, "X-Machine-Translation"), _header(catalog, "PO-Revision-Date")
    )


def align_article(
    document: Document,
    catalog,
    segments: Iterable[Segment],
    source: str = "fr",
    target: str = "en",
) -> AlignedArticle:
    """Pair every segment of `document` with its PO entry (`catalog`, parsed or as
    `translations`, may be None: no PO). `segments` are drawn in document order, each let
    go once aligned (a caller that passes an iterator holds them only while they align)."""
    found = translations(catalog)
    entries = found.entries if found is not None else {}
    pending = iter(segments)
    segment = next(pending, None)
    counter = 0
    blocks: list[AlignedBlock] = []
    states: dict[str, str] = {}
    missing: set[str] = set()
    for index, block in enumerate(document.blocks):
        aligned: list[AlignedSegment] = []
        spans: list[tuple[int, int]] = []
        while segment is not None and segment.block == index:
            counter += 1
            spans.append((segment.start, segment.end))
            if block.kept:  # marked not to translate: shown as the source has it
                aligned.append(AlignedSegment(counter, segment.text, segment.text, VERBATIM))
                segment = next(pending, None)
                continue
            msgid = segment.msgid  # normalised once: the largest part of aligning
            entry = entries.get(msgid)
            if entry is None:
                missing.add(msgid)
                state, text, confidence = UNTRANSLATED, "", None
            else:
                state, text, confidence = entry
            states.setdefault(msgid, state)
            aligned.append(
                AlignedSegment(counter, segment.text, text, state, entry is None, confidence)
            )
            segment = next(pending, None)
        blocks.append(AlignedBlock(index, block, tuple(aligned), _gaps(block, spans)))
    if segment is not None:
        raise ValueError(f"segment of block {segment.block} out of document order")
    title_block = _title_block(document)
    return AlignedArticle(
        document=document,
        source=source,
        target=target,
        blocks=tuple(blocks),
        progress=StateCounts.of(states.values()),
        title_block=title_block,
        translated_title=_translated_title(document, blocks, title_block, entries),
        model=found.model if found is not None else "",
        revision_date=found.revision_date if found is not None else "",
        missing=len(missing),
    )


def _header(catalog, name: str) -> str:
    return (catalog.metadata.get(name) or "").strip()


def _gaps(block: Block, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    if not spans:
        return (block.text,)
    gaps = [block.text[: spans[0][0]]]
    for before, after in zip(spans, spans[1:], strict=False):
        gaps.append(block.text[before[1] : after[0]])
    gaps.append(block.text[spans[-1][1] :])
    return tuple(gaps)


def _title_block(document: Document) -> int | None:
    """The block that is the article's title: a .txt first line or the title `# heading`."""
    for index, block in enumerate(document.blocks):
        if block.kind == TITLE:
            return index
        if block.kind == HEADING and block.level == 1 and block.quote_depth == 0:
            return index if block.text == document.title else None
        if block.kind not in (FRONT_MATTER, FRONT_MATTER_VALUE) and block.translatable:
            return None
    return None


def _translated_title(
    document: Document, blocks: list[AlignedBlock], title_block: int | None, entries: dict
) -> str | None:
    """The title in the target language, only when every sentence of it is translated."""
    if title_block is not None:
        aligned = blocks[title_block]
        if aligned.segments and all(s.state != UNTRANSLATED for s in aligned.segments):
            return normalize(aligned.target_text())
        return None
    values = (b for b in blocks if b.kind == FRONT_MATTER_VALUE and b.block.info == "title")
    title = next(values, None)
    if title is not None and title.segments:  # the title the front matter gives
        if all(s.state != UNTRANSLATED for s in title.segments):
            return normalize(title.target_text())
        return None
    entry = entries.get(normalize(document.title))
    if entry is not None and entry[0] != UNTRANSLATED:
        return entry[1]
    return None
