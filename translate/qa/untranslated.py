"""The `identical` and `untranslated` checks: a sentence, or a clause, left in the source
language, recognised by that language's function words (from its profile)."""

from __future__ import annotations

import functools
from itertools import compress, count

from translate.qa.base import (
    FR_EN,
    ArticleNorms,
    Finding,
    LanguagePair,
    folded_words,
    normalized,
    strip_urls,
)


def check_identical(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """A target equal to a source sentence was not translated; names and brands are fine.

    "Sentence" means at least two of the source language's function words (German "der",
    "und"; Spanish "el", "de"), which names, titles and brand lists lack."""
    if pair.src.code == pair.tgt.code:
        return []
    if normalized(source) != normalized(target):
        return []
    words = folded_words(strip_urls(source))
    hits = sum(map(pair.src.function_words.__contains__, words))
    if len(words) >= 3 and hits >= 2:
        message = f"target is identical to the {pair.src.name} source"
        return [Finding("identical", "error", message)]
    return []


@functools.cache
def _own_words(pair: LanguagePair) -> frozenset[str]:
    """The source language's function words that the target language does not use."""
    return pair.src.function_words - pair.tgt.function_words


_MIN_UNTRANSLATED = 4  # source words in a row, kept as they were, before a clause is flagged


def _tuples(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The `_MIN_UNTRANSLATED` words from each place in `words`, fewer near the end."""
    tuples = list(zip(*[words[i:] for i in range(_MIN_UNTRANSLATED)], strict=False))
    tuples += [words[i:] for i in range(len(tuples), len(words))]
    return tuples


@functools.lru_cache(maxsize=512)
def _grams(source: str) -> frozenset[tuple[str, ...]]:
    """The source's word tuples a run can start with (a source is shared by many entries)."""
    return frozenset(_tuples(folded_words(strip_urls(source))))


def _starts(words: tuple[str, ...], grams: frozenset[tuple[str, ...]]) -> list[int]:
    """The places in `words` where a run of source words starts."""
    return list(compress(count(), map(grams.__contains__, _tuples(words))))


def check_untranslated(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Part of the source left as it was inside a translated target: a run of source words,
    in source order, with at least two function words of the source language that the
    target language does not use (a quoted title or name has fewer)."""
    if pair.src.code == pair.tgt.code:
        return []
    if normalized(source) == normalized(target):
        return []  # the identical check speaks for the whole sentence
    function_words = _own_words(pair)
    tgt = folded_words(strip_urls(target))
    if sum(map(function_words.__contains__, tgt)) < 2:
        return []  # a run is part of the target: it cannot hold more of them than the target
    starts = _starts(tgt, _grams(source))
    best: tuple[str, ...] = ()
    taken = set(starts)
    for start in starts:
        if start - 1 in taken:
            continue  # inside a run already measured
        end = start
        while end + 1 in taken:
            end += 1
        run = tgt[start : end + _MIN_UNTRANSLATED]
        if len(run) > len(best):
            best = run
    if best and sum(map(function_words.__contains__, best)) >= 2:
        shown = " ".join(best)
        return [
            Finding(
                "untranslated", "warning", f"{pair.src.name} text left in the target: “{shown}”"
            )
        ]
    return []
