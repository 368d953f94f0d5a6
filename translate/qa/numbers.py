"""The `numbers` check: numbers written with digits (and times of day) must survive
translation, each side read in its own language's notation."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from translate.qa.base import (
    FR_EN,
    SPACES,
    WORD,
    ArticleNorms,
    Conventions,
    Finding,
    LanguagePair,
    conventions,
    has_digit,
    strip_urls,
)

_SMALL_WORD_LIMIT = 20  # digits up to this value may stand for a number word on the other side

_SP = f"[{SPACES}]"
# Every pattern here starts with the number's first digit, not with the lookbehind that says
# what may not come before it (that follows the digit: "(?<![...]\d)"): a pattern that starts
# with a digit lets the regex engine skip straight to the digits instead of trying the
# lookbehind at every place. The same matches as a pattern that starts with the lookbehind.

# A time of day: 14 h 30, 14h, 14:30, 2:30 pm, 2.30pm, 2 pm. The hour is "[01]?\d|2[0-3]"
# tried in that order: a digit, then a second one after a 0 or 1, none, or 0-3 after a 2.
_TIME = re.compile(
    rf"(?P<h>\d(?<![\d.,:]\d)(?:(?<=[01])\d||(?<=2)[0-3]))(?:"
    rf"{_SP}?h(?:{_SP}?(?P<m1>[0-5]\d))?(?![^\W\d_])"
    rf"|:(?P<m2>[0-5]\d)(?:{_SP}?(?P<ap1>[ap])\.?m\b\.?)?"
    rf"|\.(?P<m3>[0-5]\d){_SP}?(?P<ap2>[ap])\.?m\b\.?"
    rf"|{_SP}?(?P<ap3>[ap])\.?m\b\.?"
    rf")",
    re.IGNORECASE,
)
# A decimal comma whose points group thousands only from two groups on (French "1.000.000";
# "1.500" alone reads as a decimal, as French sources also write "3.5"), or a space.
_FR_NUMBER = re.compile(
    rf"\d(?<![\d,.]\d)(?:\d{{0,2}}(?:{_SP}\d{{3}})+(?:,\d+)?"
    r"|\d{0,2}(?:\.\d{3}){2,}"
    r"|\d*(?:\.\d+){2,}"
    r"|\d*(?:[,.]\d+)?)(?![\d])"
)
# A decimal comma whose points group thousands ("1.000", "2.500,75": German, Spanish...).
_COMMA_NUMBER = re.compile(
    rf"\d(?<![\d,.]\d)(?:\d{{0,2}}(?:{_SP}\d{{3}})+(?:,\d+)?"
    r"|\d{0,2}(?:\.\d{3})+(?:,\d+)?(?![\d.])"
    r"|\d*(?:\.\d+){2,}"
    r"|\d*(?:[,.]\d+)?)(?![\d])"
)
# A decimal point, commas or spaces grouping thousands (English).
_EN_NUMBER = re.compile(
    rf"\d(?<![\d,.]\d)(?:\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|\d{{0,2}}(?:{_SP}\d{{3}})+(?:\.\d+)?"
    r"|\d*(?:\.\d+){2,}"
    r"|\d*(?:\.\d+)?)(?![\d])"
)


def number_pattern(conv: Conventions) -> re.Pattern[str]:
    """How `conv`'s language writes a number: its decimal mark and thousands grouping."""
    if conv.decimal_mark != ",":
        return _EN_NUMBER
    return _FR_NUMBER if conv.thousand_points >= 2 else _COMMA_NUMBER


# the multiplier after a number: "4 milliards", "4 billion", and the compound adjective
# "a $4-billion investment" (hyphen or non-breaking hyphen)
_MULT_AFTER = re.compile(rf"^(?:{_SP}*|[-\u2011])(?P<w>[^\W\d_]+)\b(?:{_SP}+(?P<w2>[^\W\d_]+)\b)?")


@dataclass(frozen=True)
class _Num:
    value: Decimal | str  # a str for version-like tokens such as 1.2.3
    text: str


@dataclass(frozen=True)
class _Time:
    hour: int
    minute: int
    text: str


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for char, following in zip(text, text[1:] + " ", strict=True):
        value = values[char]
        total += -value if values.get(following, 0) > value else value
    return total


def times_of_day(text: str) -> tuple[list[_Time], str]:
    """Times of day in `text`, and the text with them blanked out."""
    found: list[_Time] = []

    def take(match: re.Match[str]) -> str:
        hour = int(match["h"])
        minute = int(match["m1"] or match["m2"] or match["m3"] or 0)
        ampm = (match["ap1"] or match["ap2"] or match["ap3"] or "").lower()
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        found.append(_Time(hour, minute, match.group().strip()))
        return " " * len(match.group())

    return found, _TIME.sub(take, text)


_THOUSANDS_BY_POINTS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SPACE = re.compile(_SP)


@functools.cache
def _grouped(thousand_points: int) -> re.Pattern[str]:
    """A number whose points group thousands, from `thousand_points` groups on."""
    return re.compile(rf"\d{{1,3}}(?:\.\d{{3}}){{{max(thousand_points, 1)},}}(?:,\d+)?")


def _to_decimal(digits: str, decimal_mark: str, thousand_points: int = 2) -> Decimal | str:
    if digits.count(".") >= 2 and "," not in digits and not _THOUSANDS_BY_POINTS.fullmatch(digits):
        return digits  # a version number such as 1.2.3
    cleaned = _SPACE.sub("", digits)
    if decimal_mark == ",":
        if _grouped(thousand_points).fullmatch(cleaned):
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return digits


def _multiplier(first: str, second: str | None, multipliers: dict[str, int]) -> tuple[int, int]:
    """(value, words used) of the multiplier words after a number: "mil millones" is 10^9."""
    if second and f"{first} {second}".lower() in multipliers:
        return multipliers[f"{first} {second}".lower()], 2
    return multipliers.get(first.lower(), 0), 1


def _numbers(text: str, conv: Conventions) -> tuple[list[_Num | _Time], list[Decimal]]:
    """Numbers written with digits (hard) and numbers written as words (soft) in `text`."""
    digits = has_digit(text)  # times and digit numbers need one
    times, rest = times_of_day(text) if digits else ([], text)
    hard: list[_Num | _Time] = list(times)
    if conv.roman_century:

        def century(match: re.Match[str]) -> str:
            hard.append(_Num(Decimal(_roman(match["r"].upper())), match.group()))
            return " " * len(match.group())

        rest = conv.roman_century.sub(century, rest)
    multipliers = conv.multipliers
    for match in number_pattern(conv).finditer(rest) if digits else ():
        value = _to_decimal(match.group(), conv.decimal_mark, conv.thousand_points)
        after = _MULT_AFTER.match(rest[match.end() :])
        shown = match.group()
        if isinstance(value, Decimal) and after:
            factor, used = _multiplier(after["w"], after["w2"], multipliers)
            if factor:
                value *= factor
                shown += after.group()[: after.end("w2" if used == 2 else "w")]
        hard.append(_Num(value, shown))
    words = conv.words
    tokens = [w.lower() for w in WORD.findall(rest)]
    soft = [words[w] for w in tokens if w in words]
    for i, number in enumerate(tokens[:-1] if soft else ()):
        if number in words:
            second = tokens[i + 2] if i + 2 < len(tokens) else None
            factor, _ = _multiplier(tokens[i + 1], second, multipliers)
            if factor:
                soft.append(words[number] * factor)
    return hard, soft


def _same(a: _Num | _Time, b: _Num | _Time) -> bool:
    if isinstance(a, _Time) and isinstance(b, _Time):
        return a.hour % 12 == b.hour % 12 and a.minute == b.minute
    if isinstance(a, _Num) and isinstance(b, _Num):
        return a.value == b.value
    time, num = (a, b) if isinstance(a, _Time) else (b, a)
    assert isinstance(time, _Time) and isinstance(num, _Num)
    return time.minute == 0 and num.value in (Decimal(time.hour), Decimal(time.hour % 12))


def _unmatched(left: Sequence[_Num | _Time], right: Sequence[_Num | _Time]) -> list[_Num | _Time]:
    """Items of `left` that pair with nothing in `right`: same notation first, then across."""
    pool = list(right)
    rest: list[_Num | _Time] = []
    for item in left:
        hit = next(
            (i for i, o in enumerate(pool) if type(o) is type(item) and _same(item, o)), None
        )
        if hit is None:
            rest.append(item)
        else:
            pool.pop(hit)
    unmatched = []
    for item in rest:
        hit = next((i for i, other in enumerate(pool) if _same(item, other)), None)
        if hit is None:
            unmatched.append(item)
        else:
            pool.pop(hit)
    return unmatched


def _drop_soft(items: Sequence[_Num | _Time], soft: Sequence[Decimal]) -> list[_Num | _Time]:
    """Forgive digits that the other side spells as a word (deux <-> 2, un million <-> 1m)."""
    pool = list(soft)
    kept: list[_Num | _Time] = []
    for item in items:
        value = item.value if isinstance(item, _Num) else None
        small = isinstance(value, Decimal) and value <= _SMALL_WORD_LIMIT
        round_big = isinstance(value, Decimal) and value >= 1000
        if (small or round_big) and value in pool:
            pool.remove(value)
        else:
            kept.append(item)
    return kept


def _shown(items: list[_Num | _Time]) -> str:
    return ", ".join(f"“{item.text}”" for item in items)


def _has_hard(text: str, conv: Conventions) -> bool:
    """Whether `text` may hold a number `_numbers` finds hard: a digit or a roman century."""
    if has_digit(text):
        return True
    return bool(conv.roman_century and conv.roman_century.search(text))


@functools.lru_cache(maxsize=512)
def _source_has_hard(source: str, language: str) -> bool:
    """`_has_hard` of a source, which many entries share."""
    return _has_hard(source, conventions(language))


@functools.lru_cache(maxsize=512)
def _source_numbers(
    source: str, language: str
) -> tuple[tuple[_Num | _Time, ...], tuple[Decimal, ...]]:
    """`_numbers` of a source, which many entries share."""
    hard, soft = _numbers(strip_urls(source), conventions(language))
    return tuple(hard), tuple(soft)


def check_numbers(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Numbers written with digits must survive translation, each side read in its own
    language's notation (German "3,5" is English "3.5"; "2 Milliarden" is "2 billion")."""
    if not _source_has_hard(source, pair.source) and not _has_hard(target, pair.tgt):
        return []  # nothing hard on either side: nothing to miss or add
    src_hard, src_soft = _source_numbers(source, pair.source)
    tgt_hard, tgt_soft = _numbers(strip_urls(target), pair.tgt)
    missing = _drop_soft(_unmatched(src_hard, tgt_hard), tgt_soft)
    added = _drop_soft(_unmatched(tgt_hard, src_hard), src_soft)
    findings = []
    if missing:
        findings.append(Finding("numbers", "error", f"number missing in target: {_shown(missing)}"))
    if added:
        findings.append(Finding("numbers", "error", f"number not in source: {_shown(added)}"))
    return findings
