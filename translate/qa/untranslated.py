"""The `identical` and `untranslated` checks: a sentence, or a clause, left in the source
language, recognised by that language's function words (from its profile)."""

from __future__ import annotations

import functools

from translate.qa.base import FR_EN, WORD, ArticleNorms, Finding, LanguagePair, strip_urls


def check_identical(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """A target equal to a source sentence was not translated; names and brands are fine.

    "Sentence" means at least two of the source language's function words (German "der",
    "und"; Spanish "el", "de"), which names, titles and brand lists lack."""
    if pair.src.code == pair.tgt.code:
        return []
    if " ".join(source.split()).casefold() != " ".join(target.split()).casefold():
        return []
    words = [w.casefold() for w in WORD.findall(strip_urls(source))]
    function_words = pair.src.function_words
    hits = sum(w in function_words for w in words)
    if len(words) >= 3 and hits >= 2:
        message = f"target is identical to the {pair.src.name} source"
        return [Finding("identical", "error", message)]
    return []


@functools.cache
def _own_words(pair: LanguagePair) -> frozenset[str]:
    """The source language's function words that the target language does not use."""
    return pair.src.function_words - pair.tgt.function_words


_MIN_UNTRANSLATED = 4  # source words in a row, kept as they were, before a clause is flagged


def check_untranslated(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Part of the source left as it was inside a translated target: a run of source words,
    in source order, with at least two function words of the source language that the
    target language does not use (a quoted title or name has fewer)."""
    if pair.src.code == pair.tgt.code:
        return []
    if " ".join(source.split()).casefold() == " ".join(target.split()).casefold():
        return []  # the identical check speaks for the whole sentence
    function_words = _own_words(pair)
    tgt = [w.casefold() for w in WORD.findall(strip_urls(target))]
    if sum(w in function_words for w in tgt) < 2:
        return []  # a run is part of the target: it cannot hold more of them than the target
    src = [w.casefold() for w in WORD.findall(strip_urls(source))]
    grams = {tuple(src[i : i + _MIN_UNTRANSLATED]) for i in range(len(src))}
    starts = [i for i in range(len(tgt)) if tuple(tgt[i : i + _MIN_UNTRANSLATED]) in grams]
    best: list[str] = []
    for k, start in enumerate(starts):
        if k and starts[k - 1] == start - 1:
            continue  # inside a run already measured
        end = start
        while end + 1 in starts:
            end += 1
        run = tgt[start : end + _MIN_UNTRANSLATED]
        if len(run) > len(best):
            best = run
    if best and sum(w in function_words for w in best) >= 2:
        shown = " ".join(best)
        return [
            Finding(
                "untranslated", "warning", f"{pair.src.name} text left in the target: “{shown}”"
            )
        ]
    return []
