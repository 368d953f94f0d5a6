"""Machine drafts for a run's pending segments: what the model sees (inline markup and
glossary terms kept out of its sight), the engine called in checkpoint-sized pieces or
streamed over the whole plan, and its output turned back into drafts with their notes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from translate.articles import Article
from translate.catalog import Draft, verbatim_draft
from translate.engine import Progress
from translate.glossary import Glossary, protect_terms

# `#. mt-batching: padded` on an entry whose machine text came from padded batches (docs/mt.md)
BATCHING_PREFIX = "mt-batching: "
# The label set of an HTML article's segment: its inline markup is HTML, not Markdown.
HTML_MARKUP = "\x00html"


def translated(
    engine,
    order: list[str],
    markdown: dict[str, frozenset[str]],
    glossary: Glossary,
    tracker: Tracker,
    every: int,
    macros: re.Pattern[str] | None = None,
) -> Iterator[tuple[int, dict[str, Draft]]]:
    """(segments finished, their drafts) about every `every` segments (a checkpoint each).

    An engine with `translate_stream` gets the whole group in one call, so its batching plan
    covers every pending segment of the run (segments of one length from all articles share
    batches) while the catalogs are still written as results arrive. Any other engine is
    called once per chunk of `every`."""
    stream = getattr(engine, "translate_stream", None)
    if stream is None:
        for start in range(0, len(order), every):
            chunk = order[start : start + every]
            tracker.start_chunk(start, len(order))
            yield len(chunk), _translate_chunk(engine, chunk, markdown, glossary, macros)
        return
    tracker.start_chunk(0, len(order))
    protected, sources = _mask(order, markdown, glossary, macros)
    # text from mixed-length (padded) batches says so, next to its `mt:` line
    mode = getattr(engine, "batching", "exact")
    provenance = () if mode == "exact" else (f"{BATCHING_PREFIX}{mode}",)
    drafts: dict[str, Draft] = {}
    count = 0
    for index, result in stream(sources):
        count += 1
        draft = _draft(order[index], result, protected, provenance)
        if draft is not None:
            drafts[order[index]] = draft
        if count >= every:
            yield count, drafts
            drafts, count = {}, 0
    if count:
        yield count, drafts


def _translate_chunk(
    engine,
    chunk: list[str],
    markdown: dict[str, frozenset[str]],
    glossary: Glossary,
    macros: re.Pattern[str] | None = None,
) -> dict[str, Draft]:
    """Machine-translate one chunk with `engine.translate`."""
    protected, sources = _mask(chunk, markdown, glossary, macros)
    results = engine.translate(sources)
    drafts = {}
    for msgid, result in zip(chunk, results, strict=True):
        draft = _draft(msgid, result, protected)
        if draft is not None:
            drafts[msgid] = draft
    return drafts


def _mask(
    chunk: list[str],
    markdown: dict[str, frozenset[str]],
    glossary: Glossary,
    macros: re.Pattern[str] | None = None,
) -> tuple[dict, list[str]]:
    """What the model sees: inline Markdown and glossary terms are kept out of its sight and
    put back around its output by `_draft` (an entry whose markup or terms did not come back
    in place says so in a note)."""
    protected = {}
    if markdown or glossary:
        from translate.markup import Protected

        masked = (
            (
                m,
                protect_terms(
                    _protect(m, markdown, macros) if m in markdown else Protected(m, m),
                    glossary,
                ),
            )
            for m in chunk
        )
        protected = {m: found for m, found in masked if found.pieces}
    return protected, [protected[m].masked if m in protected else m for m in chunk]


def _draft(msgid: str, result, protected: dict, provenance: tuple[str, ...] = ()) -> Draft | None:
    text = " ".join(result.text.split("\n")).strip()
    if not text:
        return None
    notes: tuple[str, ...] = provenance
    if msgid in protected:
        from translate.markup import note, restore

        restored = restore(protected[msgid], text)
        text = restored.text
        problem = note(restored)
        notes = (problem,) if problem else ()
    return Draft(text, mt=text, notes=notes, confidence=result.confidence)


class Tracker:
    """Turns per-batch engine progress into progress over the whole run."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.base = 0
        self.total = 0
        self.before = 0  # segments of the groups and targets already translated

    def advance(self, done: int) -> None:
        self.before += done

    def start_chunk(self, base: int, total: int) -> None:
        self.base, self.total = base, total

    def engine_update(self, done: int, _chunk_total: int) -> None:
        self.update(self.base + done, self.total)

    def update(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.before + min(done, total), self.before + total)


def _protect(msgid: str, markdown: dict, macros: re.Pattern[str] | None = None):
    """Inline markup of a segment out of the model's sight: HTML (an HTML article's
    segment: its labels are the marker `HTML_MARKUP`) or Markdown."""
    if HTML_MARKUP in markdown[msgid]:
        from translate.htmlread import protect_html

        return protect_html(msgid)
    from translate.markup import protect

    return protect(msgid, markdown[msgid], macros)


def markup_labels(article: Article) -> frozenset[str] | None:
    """How a document's segments are masked: a Markdown article's link reference labels, the
    `HTML_MARKUP` marker for an HTML article, None for plain text (no markup at all)."""
    document = article.document
    if document.format == "md":
        return document.reference_labels
    return frozenset({HTML_MARKUP}) if document.format in ("html", "htm") else None


def verbatim_drafts(article: Article, macros: re.Pattern[str] | None = None) -> dict[str, Draft]:
    """Copies of the article's segments that have nothing to translate (only code, macros,
    images, HTML tags, links whose text is code, numbers, punctuation): never sent to the
    model, approved as they are (docs/markup.md)."""
    from translate.markup import Protected, nothing_to_translate

    labels = markup_labels(article)
    drafts = {}
    for occurrence in article.occurrences:
        msgid = occurrence.msgid
        masked = Protected(msgid, msgid)
        if labels is not None:
            masked = _protect(msgid, {msgid: labels}, macros)
        if nothing_to_translate(masked):
            drafts[msgid] = verbatim_draft(msgid)
    return drafts
