"""What every QA check shares: findings, the article's length norms, and each side's
language conventions, read from the language profiles (`translate.languages`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from translate.languages import profile

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem found in a segment pair, worded for a reviewer."""

    check: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class ArticleNorms:
    """How long translations run in one article, for the length-ratio check.

    ``median`` and ``spread`` are the median and the scaled median absolute deviation of
    ln(len(target) / len(source)) over the article's translated pairs; ``count`` is how many
    pairs they rest on.
    """

    median: float
    spread: float
    count: int


@dataclass(frozen=True)
class Conventions:
    """What QA needs to know of one side's language: how it writes numbers, quotes, spaces,
    and which words show a text is in it. Built from the language's profile."""

    code: str
    name: str
    decimal_mark: str
    thousand_points: int  # how many ".ddd" groups make "1.000" a thousands number (0: never)
    roman_century: re.Pattern[str] | None  # "XIXe siècle", read as the number 19
    multipliers: dict[str, int]
    words: dict[str, Decimal]
    quotes: str  # every quotation mark the language uses
    space_before_punctuation: bool
    inverted_marks: bool
    function_words: frozenset[str]  # marks of running text in the language
    never_doubled: frozenset[str]  # words a sound sentence never repeats back to back


@functools.cache
def conventions(language: str) -> Conventions:
    """The conventions of `language` ("en", "de", "pt-BR"...); generic for unknown ones."""
    prof = profile(language)
    comma = prof.decimal_mark == ","
    function_words = prof.stopwords if prof.function_words is None else prof.function_words
    never_doubled = prof.stopwords if prof.never_doubled is None else prof.never_doubled
    return Conventions(
        code=prof.code,
        name=prof.name,
        decimal_mark=prof.decimal_mark,
        thousand_points=prof.thousands_point_groups if comma else 0,
        roman_century=re.compile(prof.roman_century, re.IGNORECASE) if prof.roman_century else None,
        multipliers={word: 10**power for word, power in prof.multipliers},
        words={word: Decimal(value) for word, value in prof.number_words},
        quotes="".join(mark for pair in prof.quotes for mark in pair) + "'",
        space_before_punctuation=prof.space_before_punctuation,
        inverted_marks=prof.inverted_marks,
        function_words=frozenset(w.casefold() for w in function_words),
        never_doubled=frozenset(w.casefold() for w in never_doubled),
    )


@dataclass(frozen=True)
class LanguagePair:
    """The languages of a catalog: the source's and the target's conventions."""

    source: str = "fr"
    target: str = "en"

    @property
    def src(self) -> Conventions:
        return conventions(self.source)

    @property
    def tgt(self) -> Conventions:
        return conventions(self.target)

    @classmethod
    def of_header(cls, metadata: Mapping[str, str]) -> LanguagePair:
        """A catalog's pair, as its header records it (`X-Source-Language`, `Language`)."""
        return cls(metadata.get("X-Source-Language") or "fr", metadata.get("Language") or "en")


FR_EN = LanguagePair()

SPACES = "\u0020\u00a0\u202f\u2009\u2007"
WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?»\"'’]")


# the one character whose case fold is a single character of another kind: a combining mark
# (no word character) folded to a Greek letter; every other fold that keeps the length keeps
# each character a word character or not (tests/test_qa_fast.py checks the Unicode tables)
_FOLDS_TO_A_LETTER = "\u0345"


@functools.lru_cache(maxsize=512)
def folded_words(text: str) -> tuple[str, ...]:
    """The words (`WORD`) of `text`, casefolded: what several checks compare, shared by the
    checks of one entry and by the entries of one source.

    Folded as one string when that cuts the same words: when no character folds to more than
    one (İ is i and a combining dot, which is no word character) or to another kind."""
    folded = text.casefold()
    if len(folded) == len(text) and _FOLDS_TO_A_LETTER not in text:
        return tuple(WORD.findall(folded))
    return tuple(w.casefold() for w in WORD.findall(text))


@functools.lru_cache(maxsize=512)
def has_digit(text: str) -> bool:
    """Whether `text` has a digit, which numbers and decimals need: asked of a target by two
    checks, of a source by the entries that share it."""
    return _DIGIT.search(text) is not None


@functools.lru_cache(maxsize=512)
def normalized(text: str) -> str:
    """`text` with its whitespace runs as one space, casefolded: how `identical` compares."""
    return " ".join(text.split()).casefold()


def strip_urls(text: str) -> str:
    """The text without its URLs and link destinations, whose digits and words are no prose."""
    if "](" in text:
        text = re.sub(r"\]\([^)]*\)", "]", text)
    return blank_urls(text)


def blank_urls(text: str) -> str:
    """The text with each URL a space; scanned only when it has what a URL starts with."""
    return URL.sub(" ", text) if "http" in text or "www." in text else text
