"""Checks of a target's shape: its length against the article's norm (`length`), loops
(`repetition`) and its closing mark (`final-punctuation`)."""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Sequence
from itertools import compress, count

from translate.qa.base import FR_EN, ArticleNorms, Finding, LanguagePair, folded_words

# --------------------------------------------------------------------------- length ratio

_MIN_LENGTH = 20  # shorter segments have too noisy a ratio to judge
_MIN_PAIRS = 8  # fewer pairs give no reliable norm
_MIN_SPREAD = 0.15  # floor on the spread of ln(ratio): ordinary rewording moves it ±15 %
_K = 3.5  # how many spreads away from the median a ratio is flagged


def _log_ratio(source: str, target: str) -> float:
    return math.log(len(target.strip()) / len(source.strip()))


def article_norms(pairs: Sequence[tuple[str, str]]) -> ArticleNorms:
    """The article's typical ln(len(target)/len(source)) and its robust spread (scaled MAD)."""
    ratios = [
        _log_ratio(s, t)
        for s, t in pairs
        if len(s.strip()) >= _MIN_LENGTH and t.strip() and s.strip() != t.strip()
    ]
    if not ratios:
        return ArticleNorms(median=0.0, spread=_MIN_SPREAD, count=0)
    median = statistics.median(ratios)
    mad = statistics.median(abs(r - median) for r in ratios)
    return ArticleNorms(median=median, spread=max(1.4826 * mad, _MIN_SPREAD), count=len(ratios))


def check_length(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """A target much shorter or longer than the article's norm is often cut short or looped."""
    if context is None or context.count < _MIN_PAIRS or len(source.strip()) < _MIN_LENGTH:
        return []
    deviation = (_log_ratio(source, target) - context.median) / context.spread
    if abs(deviation) <= _K:
        return []
    ratio = len(target.strip()) / len(source.strip())
    typical = math.exp(context.median)
    kind = "short" if deviation < 0 else "long"
    return [
        Finding(
            "length",
            "warning",
            f"target unusually {kind}: {ratio:.2f}× the source length "
            f"(this article: about {typical:.2f}×)",
        )
    ]


# --------------------------------------------------------------------------- repetition

_MAX_NGRAM = 8


def _repeats(words: Sequence[str]) -> list[tuple[int, int, int]]:
    """(n, times, start) for every n-gram repeated back to back, longest run per start.

    Scanning each size from the left, a run is taken where one starts and the scan goes on
    after it. A run can only start where a word equals the next one (n = 1) or a pair of
    words comes back n words further on (n >= 2): only those places are looked at, found in
    one pass over the word pairs when some pair comes twice (in most sentences none does)."""
    found: list[tuple[int, int, int]] = []
    same = list(map(str.__eq__, words, words[1:]))
    if True in same:
        _runs(words, 1, list(compress(count(), same)), found)
    pairs = list(zip(words, words[1:], strict=False))
    if len(set(pairs)) == len(pairs):
        return found
    places: dict[tuple[str, str], list[int]] = {}
    starts: dict[int, list[int]] = {}
    for i, pair in enumerate(pairs):
        earlier = places.setdefault(pair, [])
        for j in earlier:
            if 2 <= i - j <= _MAX_NGRAM:
                starts.setdefault(i - j, []).append(j)
        earlier.append(i)
    for n in sorted(starts):
        _runs(words, n, starts[n], found)  # ascending: taken in the order of i
    return found


def _runs(
    words: Sequence[str], n: int, starts: list[int], found: list[tuple[int, int, int]]
) -> None:
    """Add to `found` the runs of n-grams repeated back to back that start at `starts`
    (ascending), from the left, the scan going on after each run taken."""
    after = 0  # where the scan is: the end of the last run taken
    for start in starts:
        if start < after:
            continue
        times = 1
        while words[start : start + n] == words[start + times * n : start + (times + 1) * n]:
            times += 1
        if times >= 2:
            found.append((n, times, start))
            after = start + times * n


def _is_loop(
    n: int, times: int, words: Sequence[str], start: int, never_doubled: frozenset[str]
) -> bool:
    if times >= 3:
        return True
    if n >= 2:
        return True
    return n == 1 and words[start] in never_doubled


@functools.lru_cache(maxsize=512)
def _worst_repeat(source: str) -> int:
    """How many times the source repeats a phrase back to back at most (1: never); a source
    is shared by many entries."""
    words = folded_words(source)
    return max((times for _, times, _ in _repeats(words)), default=1)


def check_repetition(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Back-to-back repeats are how a translation model loops; "had had" once is English."""
    words = folded_words(target)
    if len(set(words)) == len(words):
        return []  # a repeat needs a word twice
    never_doubled = pair.tgt.never_doubled
    loops = [r for r in _repeats(words) if _is_loop(r[0], r[1], words, r[2], never_doubled)]
    if not loops:
        return []  # the source's own repeats only ever excuse a loop
    src_worst = _worst_repeat(source)
    for n, times, start in loops:
        if times > src_worst:
            phrase = " ".join(words[start : start + n])
            return [Finding("repetition", "warning", f"“{phrase}” repeated {times} times")]
    return []


# --------------------------------------------------------------------------- final punctuation

_CLOSERS = " \t\u00a0\u202f»«\"”“’'()[]*_`"
_KINDS = {".": "period", "?": "question mark", "!": "exclamation mark", "…": "ellipsis"}
_KINDS.update({":": "colon", ";": "semicolon"})


def _final_kind(text: str) -> str | None:
    text = text.rstrip(_CLOSERS)
    if text.endswith(("...", "…")):
        return "ellipsis"
    if text[-2:] in ("?!", "!?"):
        return "question mark"
    return _KINDS.get(text[-1:]) if text else None


def check_final_punctuation(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """The sentence's closing mark (statement, question, cut-off, lead-in) must not change."""
    if not source.strip():
        return []
    src, tgt = _final_kind(source), _final_kind(target)
    if src == tgt:
        return []
    if src is None:
        message = f"target ends with a {tgt}, the source has no final punctuation"
    elif tgt is None:
        message = f"source ends with a {src}, the target has no final punctuation"
    else:
        message = f"source ends with a {src}, the target with a {tgt}"
    return [Finding("final-punctuation", "warning", message)]
