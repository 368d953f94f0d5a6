"""QA checks on a (source, target) segment pair, for the review report.

Each side is read by its own language's conventions (`Conventions`, from the language
profiles): German "3,5" is English "3.5", Spanish "2 mil millones" is "2 billion", a German
target is expected to write „…“ and a decimal comma. French to English is the default pair.

Every check is a pure function ``(source, target, context, pair) -> list[Finding]``; they
are kept in ``CHECKS`` so that a report can list them. Severity ``error`` means the target
says something the source does not (a number, a link, markup that breaks the output, an
untranslated sentence); ``warning`` means a reviewer should look (length, loops,
punctuation, typography).
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from translate.languages import base_code, profile

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


# --------------------------------------------------------------------------- numbers

_SPACES = "\u0020\u00a0\u202f\u2009\u2007"
# English is the default target and has no segmentation profile: its number vocabulary is here.
_EN_MULT = {
    "thousand": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
}
_EN_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "thousand": 1000, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "tenth": 10, "half": Decimal("0.5"), "quarter": Decimal("0.25"),
    "dozen": 12,
}  # fmt: skip
_SMALL_WORD_LIMIT = 20  # digits up to this value may stand for a number word on the other side

_SP = f"[{_SPACES}]"
# A time of day: 14 h 30, 14h, 14:30, 2:30 pm, 2.30pm, 2 pm.
_TIME = re.compile(
    rf"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?:"
    rf"{_SP}?h(?:{_SP}?(?P<m1>[0-5]\d))?(?![^\W\d_])"
    rf"|:(?P<m2>[0-5]\d)(?:{_SP}?(?P<ap1>[ap])\.?m\b\.?)?"
    rf"|\.(?P<m3>[0-5]\d){_SP}?(?P<ap2>[ap])\.?m\b\.?"
    rf"|{_SP}?(?P<ap3>[ap])\.?m\b\.?"
    rf")",
    re.IGNORECASE,
)
_ROMAN_CENTURY = re.compile(
    r"\b(?P<r>[IVXL]+)(?:e|ème|eme|er|re)" + _SP + r"+(?:siècles?|millénaires?)", re.IGNORECASE
)
# French: thousands grouped with a space, or with points when there are two groups or more
# ("1.000.000"); "1.500" alone reads as a decimal, as French sources also write "3.5".
_FR_NUMBER = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}"
    r"|\d+(?:\.\d+){2,}"
    r"|\d+(?:[,.]\d+)?)(?![\d])"
)
# German, Spanish, Italian, Portuguese, Dutch: points group thousands ("1.000", "2.500,75").
_COMMA_NUMBER = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])"
    r"|\d+(?:\.\d+){2,}"
    r"|\d+(?:[,.]\d+)?)(?![\d])"
)
_EN_NUMBER = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:{_SP}\d{{3}})+(?:\.\d+)?"
    r"|\d+(?:\.\d+){2,}"
    r"|\d+(?:\.\d+)?)(?![\d])"
)


@dataclass(frozen=True)
class Conventions:
    """What QA needs to know of one side's language: how it writes numbers, quotes, spaces.

    Built from the language's profile (`translate.languages`); English, the default target,
    has its own table here.
    """

    code: str
    name: str
    decimal_mark: str
    number: re.Pattern[str]
    thousand_points: int  # how many ".ddd" groups make "1.000" a thousands number
    multipliers: dict[str, int]
    words: dict[str, Decimal]
    quotes: str  # every quotation mark the language uses
    space_before_punctuation: bool
    inverted_marks: bool
    stopwords: frozenset[str]


_EN_FUNCTION_WORDS = (
    "the a an of to in on at for with from by and or is are was were this that it he she they "
    "has have had not be been"
)
_EN_STOPWORDS = frozenset(_EN_FUNCTION_WORDS.split())


@functools.cache
def conventions(language: str) -> Conventions:
    """The conventions of `language` ("en", "de", "pt-BR"...); generic for unknown ones."""
    code = base_code(language)
    if code == "en":
        return Conventions(
            code="en",
            name="English",
            decimal_mark=".",
            number=_EN_NUMBER,
            thousand_points=0,
            multipliers=_EN_MULT,
            words={w: Decimal(v) for w, v in _EN_WORDS.items()},
            quotes="“”‘’\"'",
            space_before_punctuation=False,
            inverted_marks=False,
            stopwords=_EN_STOPWORDS,
        )
    prof = profile(code)
    comma = prof.decimal_mark == ","
    french = code == "fr"
    return Conventions(
        code=prof.code,
        name=prof.name,
        decimal_mark=prof.decimal_mark,
        number=(_FR_NUMBER if french else _COMMA_NUMBER) if comma else _EN_NUMBER,
        thousand_points=(2 if french else 1) if comma else 0,
        multipliers={word: 10**power for word, power in prof.multipliers},
        words={word: Decimal(value) for word, value in prof.number_words},
        quotes="".join(mark for pair in prof.quotes for mark in pair) + "'",
        space_before_punctuation=prof.space_before_punctuation,
        inverted_marks=prof.inverted_marks,
        stopwords=frozenset(w.casefold() for w in prof.stopwords),
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

# the multiplier after a number: "4 milliards", "4 billion", and the compound adjective
# "a $4-billion investment" (hyphen or non-breaking hyphen)
_MULT_AFTER = re.compile(rf"^(?:{_SP}*|[-\u2011])(?P<w>[^\W\d_]+)\b(?:{_SP}+(?P<w2>[^\W\d_]+)\b)?")
_WORD = re.compile(r"[^\W\d_]+")


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


def _times(text: str) -> tuple[list[_Time], str]:
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


def _to_decimal(digits: str, decimal_mark: str, thousand_points: int = 2) -> Decimal | str:
    grouped = rf"\d{{1,3}}(?:\.\d{{3}}){{{max(thousand_points, 1)},}}"
    if (
        digits.count(".") >= 2
        and "," not in digits
        and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits)
    ):
        return digits  # a version number such as 1.2.3
    cleaned = re.sub(f"[{_SPACES}]", "", digits)
    if decimal_mark == ",":
        if re.fullmatch(grouped + r"(?:,\d+)?", cleaned):
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
    times, rest = _times(text)
    hard: list[_Num | _Time] = list(times)
    if conv.code == "fr":

        def century(match: re.Match[str]) -> str:
            hard.append(_Num(Decimal(_roman(match["r"].upper())), match.group()))
            return " " * len(match.group())

        rest = _ROMAN_CENTURY.sub(century, rest)
    multipliers = conv.multipliers
    for match in conv.number.finditer(rest):
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
    tokens = [w.lower() for w in _WORD.findall(rest)]
    soft = [words[w] for w in tokens if w in words]
    for i, number in enumerate(tokens[:-1]):
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


def _unmatched(left: list[_Num | _Time], right: list[_Num | _Time]) -> list[_Num | _Time]:
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


def _drop_soft(items: list[_Num | _Time], soft: list[Decimal]) -> list[_Num | _Time]:
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


def check_numbers(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Numbers written with digits must survive translation, each side read in its own
    language's notation (German "3,5" is English "3.5"; "2 Milliarden" is "2 billion")."""
    src_hard, src_soft = _numbers(_strip_urls(source), pair.src)
    tgt_hard, tgt_soft = _numbers(_strip_urls(target), pair.tgt)
    missing = _drop_soft(_unmatched(src_hard, tgt_hard), tgt_soft)
    added = _drop_soft(_unmatched(tgt_hard, src_hard), src_soft)
    findings = []
    if missing:
        findings.append(Finding("numbers", "error", f"number missing in target: {_shown(missing)}"))
    if added:
        findings.append(Finding("numbers", "error", f"number not in source: {_shown(added)}"))
    return findings


# --------------------------------------------------------------------------- markup

_INLINE_SYNTAX = re.compile(r"[*_`\[\]<>!&\\]")


@functools.cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _text_constructs(text: str, counts: Counter[str]) -> None:
    for url in _URL.findall(text):
        counts[f"url {url}"] += 1
    for placeholder in _PLACEHOLDER.findall(text):
        counts[f"placeholder {placeholder}"] += 1


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?»\"'’]")
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|\{[A-Za-z_][\w.]*\}|%(?:\([\w.]+\))?[sdifr](?![\w])")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")


def _strip_urls(text: str) -> str:
    return _URL.sub(" ", re.sub(r"\]\([^)]*\)", "]", text))


def _constructs(text: str) -> Counter[str]:
    """What a segment carries besides words: links, emphasis, code, tags, placeholders."""
    counts: Counter[str] = Counter()
    if not _INLINE_SYNTAX.search(text):  # plain prose: the parser would see one text token
        _text_constructs(text, counts)
        return counts
    tokens = _markdown().parseInline(text)[0].children or []
    for token in tokens:
        if token.type in ("link_open", "em_open", "strong_open"):
            name = {"link_open": "link", "em_open": "emphasis", "strong_open": "strong"}
            counts[name[token.type]] += 1
            if token.type == "link_open":
                counts[f"link to {token.attrs.get('href')}"] += 1
        elif token.type == "image":
            counts[f"image {token.attrs.get('src')}"] += 1
        elif token.type == "code_inline":
            counts[f"code `{token.content}`"] += 1
        elif token.type == "html_inline":
            tag = _TAG.match(token.content)
            if tag:
                counts[f"tag <{tag[1]}{tag[2].lower()}>"] += 1
        elif token.type == "text":
            _text_constructs(token.content, counts)
    return counts


def check_markup(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Links, emphasis, inline code, HTML tags, URLs and placeholders must all come through."""
    src, tgt = _constructs(source), _constructs(target)
    findings = []
    missing, added = src - tgt, tgt - src
    if missing:
        listed = ", ".join(sorted(missing))
        findings.append(Finding("markup", "error", f"missing in target: {listed}"))
    if added:
        listed = ", ".join(sorted(added))
        findings.append(Finding("markup", "error", f"not in source: {listed}"))
    return findings


# --------------------------------------------------------------------------- identical


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# French keeps the list it was tuned with; other sources use their profile's stopwords.
_FRENCH_FUNCTION_WORDS = _wordset(
    "le la les l de des du d un une et est sont que qui qu dans pour sur avec au aux en ne pas "
    "ce cette ces son sa ses leur leurs il elle ils elles nous vous par mais ou où plus selon "
    "été être a ont était comme très aussi entre après avant sans chez"
)


def _function_words(conv: Conventions) -> frozenset[str]:
    return _FRENCH_FUNCTION_WORDS if conv.code == "fr" else conv.stopwords


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
    words = [w.casefold() for w in _WORD.findall(_strip_urls(source))]
    function_words = _function_words(pair.src)
    hits = sum(w in function_words for w in words)
    if len(words) >= 3 and hits >= 2:
        message = f"target is identical to the {pair.src.name} source"
        return [Finding("identical", "error", message)]
    return []


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
    src = [w.casefold() for w in _WORD.findall(_strip_urls(source))]
    tgt = [w.casefold() for w in _WORD.findall(_strip_urls(target))]
    function_words = _function_words(pair.src) - _function_words(pair.tgt)
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

_NEVER_DOUBLED = _wordset(
    "the a an of to in on at for with from by and or is are was were this these"
)
_MAX_NGRAM = 8


def _repeats(words: list[str]) -> list[tuple[int, int, int]]:
    """(n, times, start) for every n-gram repeated back to back, longest run per start."""
    found = []
    for n in range(1, _MAX_NGRAM + 1):
        start = 0
        while start + 2 * n <= len(words):
            times = 1
            while words[start : start + n] == words[start + times * n : start + (times + 1) * n]:
                times += 1
            if times >= 2:
                found.append((n, times, start))
                start += times * n
            else:
                start += 1
    return found


def _is_loop(
    n: int, times: int, words: list[str], start: int, never_doubled: frozenset[str]
) -> bool:
    if times >= 3:
        return True
    if n >= 2:
        return True
    return n == 1 and words[start] in never_doubled


def check_repetition(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Back-to-back repeats are how a translation model loops; "had had" once is English."""
    words = [w.casefold() for w in _WORD.findall(target)]
    src_words = [w.casefold() for w in _WORD.findall(source)]
    src_worst = max((times for _, times, _ in _repeats(src_words)), default=1)
    never_doubled = _NEVER_DOUBLED if pair.tgt.code == "en" else pair.tgt.stopwords
    for n, times, start in _repeats(words):
        if _is_loop(n, times, words, start, never_doubled) and times > src_worst:
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


# --------------------------------------------------------------------------- typography

_FRENCH_SPACE = re.compile(r"[\u00a0\u202f](?=[?!:;%»])|(?<=«)[\u00a0\u202f ]")
_SPACE_BEFORE = re.compile(r"(?<=\w) (?=[?!;](?:\s|$)|:(?:\s|$))")
_CODE_SPAN = re.compile(r"`[^`]*`")


def check_french_typography(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """A target that does not write French has no « » and no space before ? ! : ; -
    leftovers of a French source (the check is silent for other sources and French targets)."""
    if pair.src.code != "fr" or pair.tgt.space_before_punctuation:
        return []
    text = _CODE_SPAN.sub("", target)
    findings = []
    if ("«" in text or "»" in text) and "«" not in pair.tgt.quotes:
        findings.append(Finding("french-typography", "warning", "French guillemets « » in target"))
    if _FRENCH_SPACE.search(text) or _SPACE_BEFORE.search(text):
        findings.append(
            Finding(
                "french-typography",
                "warning",
                "space before punctuation or inside guillemets (French style)",
            )
        )
    return findings


_QUOTE_MARKS = '«»„“”‚‹›「」『』"'
# a word glued to ? ! ; or to a colon that ends a clause (not 16:9, 14:30 or https:)
_NO_SPACE_BEFORE = re.compile(r"(?<=[^\W_])(?:[?!;]|:(?=\s|$))")
_NO_SPACE_IN_GUILLEMETS = re.compile(r"«(?=[^\s\u00a0\u202f])|(?<=[^\s\u00a0\u202f])»")
_DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.]|,\d)")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,]|\.\d)")


def check_typography(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """The target follows its own language's conventions, whatever the source's: its
    quotation marks, its decimal mark, the space French puts before ? ! : ; and inside « »,
    the ¿ ¡ that open a Spanish question or exclamation (and nowhere else).
    What `french-typography` reports for a French source is not repeated here."""
    tgt = pair.tgt
    text = _URL.sub(" ", _CODE_SPAN.sub("", target))
    french_leftovers = pair.src.code == "fr" and not tgt.space_before_punctuation
    findings: list[Finding] = []

    def warn(message: str) -> None:
        findings.append(Finding("typography", "warning", message))

    foreign = sorted({m for m in _QUOTE_MARKS if m in text and m not in tgt.quotes})
    if french_leftovers:
        foreign = [m for m in foreign if m not in "«»"]
    if foreign:
        warn(f"quotation marks {' '.join(foreign)} are not {tgt.name} ones")
    if tgt.space_before_punctuation:
        if _NO_SPACE_BEFORE.search(text) or _NO_SPACE_IN_GUILLEMETS.search(text):
            warn(f"no (narrow) no-break space before ? ! : ; or inside « » ({tgt.name} style)")
    elif not french_leftovers and (_SPACE_BEFORE.search(text) or _FRENCH_SPACE.search(text)):
        warn(f"space before punctuation, which {tgt.name} does not write")
    wrong = _DECIMAL_POINT if tgt.decimal_mark == "," else _DECIMAL_COMMA
    # the same token in a source of the same notation is no decimal there either ("2.1")
    same = wrong.findall(source) if pair.src.decimal_mark == tgt.decimal_mark else []
    hits = [n for n in wrong.findall(_times(text)[1]) if n not in same]
    if hits:
        mark = "comma" if tgt.decimal_mark == "," else "point"
        warn(f"{tgt.name} writes a decimal {mark}: {', '.join(hits)}")
    if tgt.inverted_marks:
        for mark, opener in (("?", "¿"), ("!", "¡")):
            if mark in text and opener not in text:
                warn(f"{tgt.name} opens a question or exclamation with {opener}")
    elif "¿" in text or "¡" in text:
        warn(f"¿ or ¡ in a {tgt.name} target")
    return findings


# --------------------------------------------------------------------------- registry

Check = Callable[[str, str, "ArticleNorms | None", LanguagePair], list[Finding]]

CHECKS: dict[str, Check] = {
    "numbers": check_numbers,
    "markup": check_markup,
    "identical": check_identical,
    "untranslated": check_untranslated,
    "length": check_length,
    "repetition": check_repetition,
    "final-punctuation": check_final_punctuation,
    "french-typography": check_french_typography,
    "typography": check_typography,
}


def check_pair(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """All findings for one translated pair; an untranslated (empty) target has none."""
    if not source.strip() or not target.strip():
        return []
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings.extend(check(source, target, context, pair))
    return findings


def check_terms(target: str, terms: Sequence[tuple[str, str]]) -> list[Finding]:
    """A glossary term of the source whose expected target term the translation lacks.

    `terms` are the (source, target) pairs an entry lists in its `#. term:` comments. The
    target term must appear as whole words: exactly when it has a capital (a name), in any
    case otherwise (it may open the sentence).
    """
    findings = []
    for source_term, target_term in dict.fromkeys(terms):
        flags = 0 if any(ch.isupper() for ch in target_term) else re.IGNORECASE
        body = r"\s+".join(re.escape(word) for word in target_term.split())
        if not re.search(rf"(?<![\w-]){body}(?![\w-])", target, flags):
            findings.append(
                Finding(
                    "glossary",
                    "error",
                    f"glossary term \u201c{source_term}\u201d should be translated as "
                    f"\u201c{target_term}\u201d",
                )
            )
    return findings


def entry_findings(entries: Sequence, metadata: Mapping[str, str]) -> list[list[Finding]]:
    """QA of a catalog's translated entries (objects with `msgid`, `msgstr`, `comment`; no
    polib needed), judged by the pair the catalog's header records and against the glossary
    terms each entry lists: the one reading that review and the catalog index share."""
    from translate.states import terms_in_comments

    return qa_findings(
        [(e.msgid, e.msgstr) for e in entries],
        LanguagePair.of_header(metadata),
        [terms_in_comments(e.comment) for e in entries],
    )


def qa_findings(
    pairs: Sequence[tuple[str, str]],
    languages: LanguagePair = FR_EN,
    terms: Sequence[Sequence[tuple[str, str]]] | None = None,
) -> list[list[Finding]]:
    """Findings of each translated (source, target) pair of one catalog, judged against the
    catalog's own norms and its languages' conventions; one list per pair, in order.
    `terms`, one list per pair, are the glossary terms each entry lists (checked with
    `check_terms`)."""
    norms = article_norms(pairs)
    found = [check_pair(source, target, norms, languages) for source, target in pairs]
    if terms is not None:
        for findings, (_source, target), wanted in zip(found, pairs, terms, strict=True):
            if wanted and target.strip():
                findings.extend(check_terms(target, wanted))
    return found
