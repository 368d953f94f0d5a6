"""A catalog's summary: what status, review and the catalog index need to know of one PO
file (counts per state, QA findings, the msgids' digest) without parsing it again, and its
segments as the index stores them. Pure: no database, no files (the index, `memory`, keeps
them; worker processes make them for it)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import polib

from translate.decode import joined_digest
from translate.qa import QA_REVISION, Finding, FindingKey, LanguagePair, entry_findings
from translate.states import (
    MACHINE,
    StateCounts,
    entry_state,
    is_owned,
    machine_confidence,
    terms_in_comments,
)

__all__ = ["CatalogSummary", "Known", "Segment", "Summarized", "checked_as", "known_from"]
__all__ += ["summarize"]

# A segment as the index stores it: msgid, msgstr, state, glossary terms and the findings
# of the checks that read the entry alone (JSON; None when it was not checked).
Segment = tuple[str, str, str, str, str | None]


@dataclass(frozen=True)
class CatalogSummary:
    """What other commands need to know of one PO file without parsing it again."""

    source_hash: str
    states: StateCounts
    qa_errors: int
    qa_warnings: int
    msgids: str = ""
    written: str | None = None  # the msgids digest when diptych itself wrote the file
    term_errors: int = 0
    confidences: tuple[int, ...] = ()  # of the machine entries nobody has reviewed yet


@dataclass(frozen=True)
class Summarized:
    """A catalog's summary, its segments as the index stores them (msgid, msgstr, state,
    glossary terms, findings of the checks that read the entry alone: `Known`), and the QA
    findings of its translated entries, in order (what review reports)."""

    summary: CatalogSummary
    rows: Callable[[], tuple[Segment, ...]] = field(repr=False)
    findings: tuple[list[Finding], ...] = ()
    checked_as: str = ""  # the language pair and QA revision the findings were made with

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        """Made only when the index is written (a review of an unchanged catalog needs none)."""
        return self.rows()


Known = dict[FindingKey, tuple[Finding, ...]]


def known_from(rows: Iterable[Sequence[str]]) -> Known:
    """The findings kept in the index's (msgid, msgstr, terms, findings) rows, as
    `summarize` takes them."""
    return {(msgid, msgstr, _load(terms)): _findings(found) for msgid, msgstr, terms, found in rows}


def checked_as(catalog: polib.POFile) -> str:
    """What the findings the index keeps for a catalog depend on besides its entries."""
    pair = LanguagePair.of_header(catalog.metadata)
    return f"{pair.source} {pair.target} qa{QA_REVISION}"


def summarize(catalog: polib.POFile, known: Known | None = None) -> Summarized:
    """Counts, segments and QA findings of a catalog; entries found in `known` (findings
    kept for this language pair) are not checked again, and `known` gains the others."""
    known = {} if known is None else known
    active = [e for e in catalog if not e.obsolete and is_owned(e)]
    states = [entry_state(e) for e in active]
    translated = [e for e in active if e.msgstr]
    found = entry_findings(translated, catalog.metadata, known)
    findings = [f for each in found for f in each]
    severities = [f.severity for f in findings]
    confidences = (
        machine_confidence(e) for e, state in zip(active, states, strict=True) if state == MACHINE
    )
    summary = CatalogSummary(
        source_hash=catalog.metadata.get("X-Source-Hash", ""),
        states=StateCounts.of(states),
        qa_errors=severities.count("error"),
        qa_warnings=severities.count("warning"),
        msgids=_digest(e.msgid for e in active),
        term_errors=sum(1 for f in findings if f.check == "glossary"),
        confidences=tuple(sorted(c for c in confidences if c is not None)),
    )

    def rows() -> tuple[Segment, ...]:
        segments = []
        for entry, state in zip(active, states, strict=True):
            terms = tuple(terms_in_comments(entry.comment))
            alone = known.get((entry.msgid, entry.msgstr, terms)) if entry.msgstr else None
            kept = None if alone is None else tuple((f.check, f.severity, f.message) for f in alone)
            segments.append((entry.msgid, entry.msgstr, state, _dump(terms), _dump(kept)))
        return tuple(segments)

    return Summarized(summary, rows, tuple(found), checked_as(catalog))


# The same few glossary terms and findings come back in entry after entry, catalog after
# catalog: their JSON is written and read once per command, not once per entry.
_RECUR = 4096


@functools.lru_cache(maxsize=_RECUR)
def _dump(items: tuple | None) -> str | None:
    """Terms or findings as the index keeps them (JSON; "" for none, None for unchecked)."""
    if not items:
        return None if items is None else ""
    return json.dumps([list(item) for item in items], ensure_ascii=False)


@functools.lru_cache(maxsize=_RECUR)
def _load(text: str) -> tuple:
    return tuple(tuple(item) for item in json.loads(text)) if text else ()


@functools.lru_cache(maxsize=_RECUR)
def _findings(text: str) -> tuple[Finding, ...]:
    return tuple(Finding(*f) for f in _load(text))


def _digest(msgids) -> str:
    return joined_digest(msgids)  # a msgid at a time: a large catalog is never joined whole
