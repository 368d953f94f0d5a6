"""align: an article as it is now + its PO file -> blocks of (source, translation) sentences.

The structure always comes from the source article, never from the PO file: a PO file that
is older than the article (a sentence was added or rewritten) still exports, with the
missing sentences shown in the source language, marked untranslated, and one warning.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import starmap
from operator import attrgetter

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
    blocks: Sequence[AlignedBlock]  # a tuple, or `PackedBlocks` for a long article
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
    aligner = Aligner(catalog)
    pending = iter(segments)
    segment = next(pending, None)
    blocks: list[AlignedBlock] = []
    for index, block in enumerate(document.blocks):
        own: list[Segment] = []
        while segment is not None and segment.block == index:
            own.append(segment)
            segment = next(pending, None)
        blocks.append(aligner.block(index, block, own))
    if segment is not None:
        raise ValueError(f"segment of block {segment.block} out of document order")
    return aligner.article(document, tuple(blocks), source, target)


class Aligner:
    """Aligns an article's blocks one after another (their sentences numbered across the
    article), counting the state of each distinct msgid and those missing from the catalog,
    so that a caller may draw the blocks one at a time (`translate.articles.align_streamed`)
    or all at once (`align_article`)."""

    def __init__(self, catalog) -> None:
        self.found = translations(catalog)
        self.entries = self.found.entries if self.found is not None else {}
        self.counter = 0
        self.states: dict[str, str] = {}
        self.missing: set[str] = set()

    def block(self, index: int, block: Block, segments: Iterable[Segment]) -> AlignedBlock:
        """The `index`-th block of its article with its segments (in order) aligned."""
        aligned: list[AlignedSegment] = []
        spans: list[tuple[int, int]] = []
        entries, states = self.entries, self.states
        for segment in segments:
            self.counter += 1
            spans.append((segment.start, segment.end))
            if block.kept:  # marked not to translate: shown as the source has it
                aligned.append(AlignedSegment(self.counter, segment.text, segment.text, VERBATIM))
                continue
            msgid = segment.msgid  # normalised once: the largest part of aligning
            entry = entries.get(msgid)
            if entry is None:
                self.missing.add(msgid)
                state, text, confidence = UNTRANSLATED, "", None
            else:
                state, text, confidence = entry
            states.setdefault(msgid, state)
            aligned.append(
                AlignedSegment(self.counter, segment.text, text, state, entry is None, confidence)
            )
        return AlignedBlock(index, block, tuple(aligned), _gaps(block, spans))

    def article(
        self, document: Document, blocks: Sequence[AlignedBlock], source: str, target: str
    ) -> AlignedArticle:
        """The aligned article once every block went through `block`; `blocks` is any
        sequence that gives them again in order (`document.blocks`, their `Block`s)."""
        title_block = _title_block(document)
        found = self.found
        return AlignedArticle(
            document=document,
            source=source,
            target=target,
            blocks=blocks,
            progress=StateCounts.of(self.states.values()),
            title_block=title_block,
            translated_title=_translated_title(document, blocks, title_block, self.entries),
            model=found.model if found is not None else "",
            revision_date=found.revision_date if found is not None else "",
            missing=len(self.missing),
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
    document: Document, blocks: Sequence[AlignedBlock], title_block: int | None, entries: dict
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


# Aligned blocks packed together: a long article's blocks are unpacked a batch at a time.
PACK_BATCH = 64
_BLOCK_FIELDS = attrgetter(*(f.name for f in fields(Block)))
_SEGMENT_FIELDS = attrgetter(*(f.name for f in fields(AlignedSegment)))


class PackedBlocks(Sequence[AlignedBlock]):
    """An article's aligned blocks kept as compressed batches of plain tuples, made again
    on each pass over them: an exporter reads the blocks several times (the page header's
    facts, the images, the rows), and blocks held as objects cost about four times the
    article's text (bench/memory.py), these a fraction of it."""

    def __init__(self, blocks: Iterable[AlignedBlock] = ()) -> None:
        self._batches: list[bytes] = []
        self._pending: list[tuple] = []
        self._count = 0
        for block in blocks:
            self.append(block)

    def append(self, block: AlignedBlock) -> None:
        """Add the next block (its `index` is its place: blocks come in order)."""
        segments = tuple(_SEGMENT_FIELDS(segment) for segment in block.segments)
        self._pending.append((block.index, _BLOCK_FIELDS(block.block), segments, block.gaps))
        self._count += 1
        if len(self._pending) == PACK_BATCH:
            self._pack()

    def _pack(self) -> None:
        if self._pending:
            self._batches.append(zlib.compress(pickle.dumps(self._pending, protocol=5), 1))
            self._pending = []

    def _packed(self, number: int) -> list[tuple]:
        if number == len(self._batches):
            return self._pending
        return pickle.loads(zlib.decompress(self._batches[number]))

    def _batch(self, number: int) -> list[AlignedBlock]:
        return [
            AlignedBlock(index, Block(*raw), tuple(starmap(AlignedSegment, segments)), gaps)
            for index, raw, segments, gaps in self._packed(number)
        ]

    def __iter__(self) -> Iterator[AlignedBlock]:
        for number in range(len(self._batches) + 1):
            yield from self._batch(number)

    def sources(self) -> Iterator[Block]:
        """The source blocks alone, in order (their sentences are not made)."""
        for number in range(len(self._batches) + 1):
            yield from (Block(*packed[1]) for packed in self._packed(number))

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("aligned block index out of range")
        return self._batch(index // PACK_BATCH)[index % PACK_BATCH]


class BlocksOf(Sequence[Block]):
    """The source blocks of aligned blocks (`document.blocks` of a packed article)."""

    def __init__(self, aligned: Sequence[AlignedBlock]) -> None:
        self.aligned = aligned

    def __iter__(self) -> Iterator[Block]:
        if isinstance(self.aligned, PackedBlocks):
            return self.aligned.sources()
        return (block.block for block in self.aligned)

    def __len__(self) -> int:
        return len(self.aligned)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [block.block for block in self.aligned[index]]
        return self.aligned[index].block
