"""carry: a changed sentence inherits the translation of the entry it came from, across an
edit, a split or a merge of sentences (`msgmerge --previous`, made sentence-aware)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import polib


@dataclass(frozen=True)
class Carry:
    """A translation inherited from an entry whose source segment changed."""

    msgstr: str
    previous_msgid: str
    tcomment: str = ""
    note: str = ""


def carry_over(
    new: Sequence[str], old: Sequence[polib.POEntry], language: str = "fr"
) -> tuple[dict[int, Carry], set[int]]:
    """Match changed segments (`new`, in document order) to translated entries that left
    (`old`): two new segments that together were one old sentence (split), one new segment
    that was two consecutive old ones (merge), then one-to-one edits, best matches first.
    Returns carries by index into `new`, and the ids of the old entries used; `language`
    is the source's, whose profile the similarity measure follows."""
    from translate.similar import find_merge, find_split, is_match, similarity

    carries: dict[int, Carry] = {}
    used: set[int] = set()
    if not new or not old:
        return carries, used
    old_ids = [e.msgid for e in old]
    # merges: one new segment ~ two consecutive old entries
    for k, segment in enumerate(new):
        for j in range(len(old) - 1):
            first, second = old[j], old[j + 1]
            if id(first) in used or id(second) in used:
                continue
            joined = f"{first.msgid} {second.msgid}"
            score = find_merge((first.msgid, second.msgid), segment, language=language)
            if score is not None and _closer(segment, joined, first.msgid, second.msgid):
                # a split whose first half kept the whole translation is undone, not doubled
                whole = _WHOLE_NOTE in (first.comment or "")
                carries[k] = Carry(
                    first.msgstr if whole else f"{first.msgstr} {second.msgstr}",
                    joined,
                    join_comments(first.tcomment, second.tcomment),
                    "merged from 2 segments: check the carried-over translation",
                )
                used |= {id(first), id(second)}
                break
    # splits: two consecutive new segments ~ one old entry
    for k in range(len(new) - 1):
        if k in carries or k + 1 in carries:
            continue
        joined = f"{new[k]} {new[k + 1]}"
        for entry in old:
            if id(entry) in used:
                continue
            score = find_split(entry.msgid, (new[k], new[k + 1]), language=language)
            if score is not None and _closer(entry.msgid, joined, new[k], new[k + 1]):
                parts = _split_translation(entry.msgstr)
                note = "split from 1 segment: check the carried-over translation"
                if parts:
                    carries[k] = Carry(parts[0], entry.msgid, entry.tcomment, note)
                    carries[k + 1] = Carry(parts[1], entry.msgid, "", note)
                else:
                    carries[k] = Carry(entry.msgstr, entry.msgid, entry.tcomment, _WHOLE_NOTE)
                used.add(id(entry))
                break
    # one-to-one edits, best first
    pairs = sorted(
        (
            (similarity(segment, entry.msgid, language), k, j)
            for k, segment in enumerate(new)
            if k not in carries
            for j, entry in enumerate(old)
            if id(entry) not in used
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    for _, k, j in pairs:
        if (
            k in carries
            or id(old[j]) in used
            or not is_match(old_ids[j], new[k], language=language)
        ):
            continue
        entry = old[j]
        carries[k] = Carry(entry.msgstr, old_ids[j], entry.tcomment)
        used.add(id(entry))
    return carries, used


_WHOLE_NOTE = "split from 1 segment: holds the translation of the whole sentence"


def _closer(text: str, joined: str, *parts: str) -> bool:
    """Whether `text` is closer to the joined pair than to either part alone, counting every
    character (the word-set measure forgives missing words, so it cannot tell)."""
    from rapidfuzz import fuzz

    whole = fuzz.ratio(text, joined)
    return all(whole > fuzz.ratio(text, part) for part in parts)


_ENGLISH_SENTENCE_END = re.compile(r"(?<=[.!?…\"”])\s+(?=[A-Z\"“(‘'])")


def _split_translation(text: str) -> tuple[str, str] | None:
    """Two sentences of a translation, if it has exactly two."""
    parts = _ENGLISH_SENTENCE_END.split(text.strip())
    return (parts[0], parts[1]) if len(parts) == 2 else None


def join_comments(first: str, second: str) -> str:
    return "\n".join(part for part in (first, second) if part)
