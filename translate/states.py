"""Segment states as DESIGN.md defines them, read off a PO entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

REVIEWED = "reviewed"
MACHINE = "machine"
EDITED = "edited"
UNTRANSLATED = "untranslated"
STATES = (REVIEWED, MACHINE, EDITED, UNTRANSLATED)

MT_PREFIX = "mt: "
CONFIDENCE_PREFIX = "mt-confidence: "
TERM_PREFIX = "term: "


def machine_output(entry) -> str | None:
    """The raw machine translation kept in the entry's `#. mt: ...` comment, if any."""
    for line in (entry.comment or "").splitlines():
        if line.startswith(MT_PREFIX):
            return line[len(MT_PREFIX) :]
    return None


def machine_confidence(entry) -> int | None:
    """The confidence recorded with the machine output (`#. mt-confidence: N`), if any."""
    for line in (entry.comment or "").splitlines():
        if line.startswith(CONFIDENCE_PREFIX):
            value = line[len(CONFIDENCE_PREFIX) :].strip()
            return int(value) if value.isdigit() else None
    return None


def entry_state(entry) -> str:
    """reviewed: non-empty and not fuzzy; machine: fuzzy and equal to its `mt:` comment;
    edited: any other fuzzy translation; untranslated: empty msgstr."""
    if not entry.msgstr:
        return UNTRANSLATED
    if "fuzzy" not in entry.flags:
        return REVIEWED
    if entry.msgstr == machine_output(entry):
        return MACHINE
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
