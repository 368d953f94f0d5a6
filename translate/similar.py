"""Decide whether a changed source segment is the same sentence as one that left.

When a journalist edits a sentence, its old translation is still a useful draft: it is carried
over as a fuzzy entry with the previous msgid (like msgmerge's fuzzy matching). A different
sentence that only looks alike must not be carried over: the reviewer would see wrong words.

The measure works on words, not characters (see docs/similarity.md for the comparison): the
token-set ratio forgives reordering and an added or cut clause, a penalty stops a short
segment from matching a long sentence that merely contains its words, and short segments
(headings) must be nearly identical, because one changed word changes what they say.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

from translate.languages import profile

DEFAULT_THRESHOLD = 0.85
SHORT_WORDS = 5  # a segment this short (in words) is judged with SHORT_THRESHOLD
SHORT_THRESHOLD = 0.9
MIN_LENGTH_RATIO = 0.5  # below this (shorter/longer, in characters) the score is scaled down

_TYPOGRAPHY = {"’": "'", "‘": "'", "ʼ": "'", "«": '"', "»": '"', "“": '"', "”": '"'}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_WORD = re.compile(r"\w+")
DEFAULT_LANGUAGE = "fr"


@functools.cache
def _folding(language: str) -> dict[int, str]:
    """The source profile's quotation marks fold to one straight quote (German „…“, Dutch
    „…”), so that a change of quotes alone is a typographic edit. Elided words ("l'",
    Italian "dell'") need no list: the apostrophe splits them off in every language, and
    dropping them would make "l'accord" and "d'accord" one word."""
    table = dict(_TYPOGRAPHY)
    for opening, closing in profile(language).quotes:
        for mark in (opening, closing):
            if mark not in "'’‘":
                table.setdefault(mark, '"')
    return str.maketrans(table)


def normalize(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Fold what a typographic edit alone changes: case, apostrophes, quotes, spaces."""
    text = unicodedata.normalize("NFC", text).translate(_folding(language)).casefold()
    return _SPACES.sub(" ", text).strip()


def words(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Word tokens of a segment, punctuation dropped."""
    return _WORD.findall(normalize(text, language))


def similarity(a: str, b: str, language: str = DEFAULT_LANGUAGE) -> float:
    """How alike two segments are, in [0, 1]: 1 when equal up to typography and word order."""
    x, y = " ".join(words(a, language)), " ".join(words(b, language))
    if x == y:
        return 1.0 if normalize(a, language) == normalize(b, language) or x else 0.0
    if not x or not y:
        return 0.0
    score = fuzz.token_set_ratio(x, y) / 100
    length_ratio = min(len(x), len(y)) / max(len(x), len(y))
    return score * min(1.0, length_ratio / MIN_LENGTH_RATIO)


def is_short(text: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Headings and other short strings, which one changed word turns into another text."""
    return len(words(text, language)) <= SHORT_WORDS


def is_match(
    a: str, b: str, threshold: float = DEFAULT_THRESHOLD, language: str = DEFAULT_LANGUAGE
) -> bool:
    """Whether `b` is close enough to `a` for a's translation to be a useful draft."""
    if is_short(a, language) or is_short(b, language):
        threshold = max(threshold, SHORT_THRESHOLD)
    return similarity(a, b, language) >= threshold


def find_split(
    old: str,
    new_pair: tuple[str, str],
    threshold: float = DEFAULT_THRESHOLD,
    language: str = DEFAULT_LANGUAGE,
) -> float | None:
    """Score when two consecutive new segments together are an edit of one old segment.

    A sentence split in two keeps its words; each half alone matches the old sentence poorly
    (the length penalty), but their concatenation matches it well.
    """
    joined = " ".join(part.strip() for part in new_pair)
    if not all(part.strip() for part in new_pair) or not is_match(old, joined, threshold, language):
        return None
    return similarity(old, joined, language)


def find_merge(
    old_pair: tuple[str, str],
    new: str,
    threshold: float = DEFAULT_THRESHOLD,
    language: str = DEFAULT_LANGUAGE,
) -> float | None:
    """Score when one new segment is an edit of two consecutive old segments joined."""
    joined = " ".join(part.strip() for part in old_pair)
    if not all(part.strip() for part in old_pair) or not is_match(joined, new, threshold, language):
        return None
    return similarity(joined, new, language)
