"""Segment states as docs/architecture.md defines them, read off a PO entry.

diptych's extracted comments (`#.`) are logical lines that other tools may re-wrap: polib's
default `save()` splits a long `#. mt:` line over several `#.` lines. The first `#.` line is
the block kind; every later line diptych writes starts with one of `KEYS`. A `#.` line that
does not start with a key continues the line before it (only the block-kind line never
has a continuation), so a line is read whole whatever tool saved the file. Machine text is
compared with whitespace folded, as a re-wrap folds it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translate.glossary import Glossary

REVIEWED = "reviewed"
MACHINE = "machine"
REUSED = "reused"
EDITED = "edited"
UNTRANSLATED = "untranslated"
# Nothing to translate (only code, macros, numbers...): the source copied, no review needed.
VERBATIM = "verbatim"
STATES = (REVIEWED, MACHINE, REUSED, EDITED, UNTRANSLATED, VERBATIM)

MT_PREFIX = "mt: "
REUSED_PREFIX = "reused from "
CONFIDENCE_PREFIX = "mt-confidence: "
TERM_PREFIX = "term: "
TERM_ARROW = " → "
# The `#.` line of an entry whose msgstr diptych copied from its msgid (docs/markup.md).
VERBATIM_NOTE = "verbatim: nothing to translate"
# Every `#.` line diptych writes after the block-kind line starts with one of these.
KEYS = (
    MT_PREFIX,
    REUSED_PREFIX,
    "markup: ",
    "merged from ",
    "split from ",
    "mt-",
    TERM_PREFIX,
    "verbatim: ",
)
_REUSED = re.compile(r"^reused from (\S+?\.po)(?:: (.*))?$", re.DOTALL)


def is_owned(entry) -> bool:
    """Whether diptych generated this entry: a segment (no context, no plural forms).
    Other entries are kept as they are, in place, and never counted as segments."""
    return bool(entry.msgid) and entry.msgctxt is None and not entry.msgid_plural


def comment_lines(comment: str | None) -> list[str]:
    """The logical `#.` lines of an entry: the block kind, then keyed lines each joined with
    the unkeyed lines that continue it (a re-wrap by another tool undone)."""
    return list(_comment_lines(comment))


@functools.lru_cache(maxsize=512)  # an entry's state, machine text and terms read it in turn
def _comment_lines(comment: str | None) -> tuple[str, ...]:
    lines: list[str] = []
    for index, line in enumerate((comment or "").split("\n")):
        if index >= 2 and lines and not _keyed(line) and _keyed(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}" if line else lines[-1]
        else:
            lines.append(line)
    return tuple(lines)


def _keyed(line: str) -> bool:
    # a re-wrap may leave a key alone on its line, without its trailing space
    return line.startswith(KEYS) or line in _BARE_KEYS


_BARE_KEYS = frozenset(key.rstrip() for key in KEYS)


def fold(text: str) -> str:
    """Whitespace folded, as textwrap folds it when a tool re-wraps a comment."""
    return " ".join(text.split())


def is_verbatim(entry) -> bool:
    """Whether diptych marked the entry as having nothing to translate."""
    return VERBATIM_NOTE in comment_lines(entry.comment)


def machine_output(entry) -> str | None:
    """The raw machine translation kept in the entry's `#. mt: ...` comment, if any."""
    for line in comment_lines(entry.comment):
        if line.startswith(MT_PREFIX):
            return line[len(MT_PREFIX) :]
    return None


def machine_confidence(entry) -> int | None:
    """The confidence recorded with the machine output (`#. mt-confidence: N`), if any."""
    for line in comment_lines(entry.comment):
        if line.startswith(CONFIDENCE_PREFIX):
            value = line[len(CONFIDENCE_PREFIX) :].strip()
            return int(value) if value.isdigit() else None
    return None


def reused_origin(entry) -> tuple[str, str | None] | None:
    """(catalog, translation as reused) from `#. reused from <catalog>: <translation>`."""
    for line in comment_lines(entry.comment):
        match = _REUSED.match(line)
        if match:
            return match.group(1), match.group(2)
    return None


def term_comment(source: str, target: str) -> str:
    """The `#.` line naming a glossary term on an entry: `term: garde-fous → guardrails`."""
    return f"{TERM_PREFIX}{source}{TERM_ARROW}{target}"


def terms_of(text: str, glossary: Glossary) -> tuple[str, ...]:
    """The `term:` comment lines for a segment: each glossary term it contains, once, in
    order (the glossary finds the terms; how an entry records them is the store's)."""
    found = (term_comment(hit.term.source, hit.term.target) for hit in glossary.find(text))
    return tuple(dict.fromkeys(found))


def terms_in_comments(comment: str | None) -> list[tuple[str, str]]:
    """(source, target) of every `term:` line of an entry's extracted comments (a line another
    tool re-wrapped is read whole)."""
    found = []
    for line in comment_lines(comment):
        if line.startswith(TERM_PREFIX) and TERM_ARROW in line:
            source, target = line[len(TERM_PREFIX) :].split(TERM_ARROW, 1)
            found.append((source, target))
    return found


def entry_state(entry) -> str:
    """reviewed: non-empty and not fuzzy; machine: fuzzy and equal to its `mt:` comment;
    reused: fuzzy and equal to the translation reused from another article; edited: any
    other fuzzy translation; untranslated: empty msgstr; verbatim: not fuzzy, the msgid
    copied as diptych copied it (`#. verbatim: …`), so a person's change makes it reviewed."""
    if not entry.msgstr:
        return UNTRANSLATED
    if "fuzzy" not in entry.flags:
        if entry.msgstr == entry.msgid and is_verbatim(entry):
            return VERBATIM
        return REVIEWED
    machine = machine_output(entry)
    if machine is not None and (entry.msgstr == machine or fold(entry.msgstr) == fold(machine)):
        return MACHINE
    origin = reused_origin(entry)
    if origin is not None and (origin[1] is None or fold(origin[1]) == fold(entry.msgstr)):
        return REUSED
    return EDITED


@dataclass(frozen=True)
class StateCounts:
    """Segments per state, and the one reviewed-percentage rule every command shows and
    checks: an integer percent rounded down, so 99.6 % never reads as a finished 100 % and
    the figure shown is the figure `--min-reviewed` compares."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    @classmethod
    def of(cls, states: Iterable[str]) -> StateCounts:
        counts = dict.fromkeys(STATES, 0)
        for state in states:
            counts[state] += 1
        return cls(counts)

    @property
    def total(self) -> int:
        """Segments to translate and review: all but those with nothing to translate, which
        are counted apart (`counts[VERBATIM]`) and never lower or raise the percentage."""
        return self.segments - self.counts.get(VERBATIM, 0)

    @property
    def segments(self) -> int:
        """Every segment, nothing-to-translate ones included."""
        return sum(self.counts.values())

    @property
    def reviewed(self) -> int:
        return self.counts.get(REVIEWED, 0)

    @property
    def percent(self) -> int:
        """Percent reviewed, rounded down; nothing to review counts as 100."""
        return 100 * self.reviewed // self.total if self.total else 100

    @property
    def percent_label(self) -> str:
        return f"{self.percent}%"
