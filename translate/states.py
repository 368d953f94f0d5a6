"""Segment states as DESIGN.md defines them, read off a PO entry."""

from __future__ import annotations

REVIEWED = "reviewed"
MACHINE = "machine"
EDITED = "edited"
UNTRANSLATED = "untranslated"
STATES = (REVIEWED, MACHINE, EDITED, UNTRANSLATED)

MT_PREFIX = "mt: "


def machine_output(entry) -> str | None:
    """The raw machine translation kept in the entry's `#. mt: ...` comment, if any."""
    for line in (entry.comment or "").splitlines():
        if line.startswith(MT_PREFIX):
            return line[len(MT_PREFIX) :]
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
