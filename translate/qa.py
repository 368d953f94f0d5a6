"""QA checks on a (French source, English target) segment pair, for the review report.

Every check is a pure function ``(source, target, context) -> list[Finding]``; they are kept in
``CHECKS`` so that a report can list them. Severity ``error`` means
the target says something the source does not (a number, a link, markup that breaks the
output, an untranslated sentence); ``warning`` means a reviewer should look (length, loops,
punctuation, French typography).
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

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
_FR_MULT = {
    "mille": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**12,  # French "billion" is 10^12
    "billions": 10**12,
    "md": 10**9,
    "mds": 10**9,
    "mrd": 10**9,
    "mrds": 10**9,
}
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
_FR_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "cent": 100, "mille": 1000, "premier": 1, "première": 1, "deuxième": 2, "second": 2,
    "seconde": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "dixième": 10,
    "moitié": Decimal("0.5"), "demi": Decimal("0.5"), "quart": Decimal("0.25"),
    "dizaine": 10, "douzaine": 12, "centaine": 100,
}  # fmt: skip
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
_FR_NUMBER = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}"
    r"|\d+(?:\.\d+){2,}"
    r"|\d+(?:[,.]\d+)?)(?![\d])"
)
_EN_NUMBER = re.compile(
    rf"(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:{_SP}\d{{3}})+(?:\.\d+)?"
    r"|\d+(?:\.\d+){2,}"
    r"|\d+(?:\.\d+)?)(?![\d])"
)
# the multiplier after a number: "4 milliards", "4 billion", and the compound adjective
# "a $4-billion investment" (hyphen or non-breaking hyphen)
_MULT_AFTER = re.compile(rf"^(?:{_SP}*|[-\u2011])(?P<w>[^\W\d_]+)\b")
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


def _to_decimal(digits: str, decimal_mark: str) -> Decimal | str:
    if (
        digits.count(".") >= 2
        and "," not in digits
        and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits)
    ):
        return digits  # a version number such as 1.2.3
    cleaned = re.sub(f"[{_SPACES}]", "", digits)
    if decimal_mark == ",":
        if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", cleaned):
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return digits


def _numbers(text: str, french: bool) -> tuple[list[_Num | _Time], list[Decimal]]:
    """Numbers written with digits (hard) and numbers written as words (soft) in `text`."""
    times, rest = _times(text)
    hard: list[_Num | _Time] = list(times)
    if french:

        def century(match: re.Match[str]) -> str:
            hard.append(_Num(Decimal(_roman(match["r"].upper())), match.group()))
            return " " * len(match.group())

        rest = _ROMAN_CENTURY.sub(century, rest)
    pattern = _FR_NUMBER if french else _EN_NUMBER
    multipliers = _FR_MULT if french else _EN_MULT
    for match in pattern.finditer(rest):
        value = _to_decimal(match.group(), "," if french else ".")
        after = _MULT_AFTER.match(rest[match.end() :])
        shown = match.group()
        if isinstance(value, Decimal) and after and after["w"].lower() in multipliers:
            value *= multipliers[after["w"].lower()]
            shown += after.group()
        hard.append(_Num(value, shown))
    words = _FR_WORDS if french else _EN_WORDS
    soft = [Decimal(words[w.lower()]) for w in _WORD.findall(rest) if w.lower() in words]
    tokens = [w.lower() for w in _WORD.findall(rest)]
    for number, word in zip(tokens, tokens[1:], strict=False):
        if number in words and word in multipliers:
            soft.append(Decimal(words[number]) * multipliers[word])
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


def check_numbers(source: str, target: str, context: ArticleNorms | None = None) -> list[Finding]:
    """Numbers written with digits must survive translation, whatever their notation."""
    src_hard, src_soft = _numbers(_strip_urls(source), french=True)
    tgt_hard, tgt_soft = _numbers(_strip_urls(target), french=False)
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


def check_markup(source: str, target: str, context: ArticleNorms | None = None) -> list[Finding]:
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


_FRENCH_FUNCTION_WORDS = _wordset(
    "le la les l de des du d un une et est sont que qui qu dans pour sur avec au aux en ne pas "
    "ce cette ces son sa ses leur leurs il elle ils elles nous vous par mais ou où plus selon "
    "été être a ont était comme très aussi entre après avant sans chez"
)


def check_identical(source: str, target: str, context: ArticleNorms | None = None) -> list[Finding]:
    """A target equal to a French sentence was not translated; names and brands are fine."""
    if " ".join(source.split()).casefold() != " ".join(target.split()).casefold():
        return []
    words = [w.casefold() for w in _WORD.findall(_strip_urls(source))]
    french = sum(w in _FRENCH_FUNCTION_WORDS for w in words)
    if len(words) >= 3 and french >= 2:
        return [Finding("identical", "error", "target is identical to the French source")]
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


def check_length(source: str, target: str, context: ArticleNorms | None = None) -> list[Finding]:
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


def _is_loop(n: int, times: int, words: list[str], start: int) -> bool:
    if times >= 3:
        return True
    if n >= 2:
        return True
    return n == 1 and words[start] in _NEVER_DOUBLED


def check_repetition(
    source: str, target: str, context: ArticleNorms | None = None
) -> list[Finding]:
    """Back-to-back repeats are how a translation model loops; "had had" once is English."""
    words = [w.casefold() for w in _WORD.findall(target)]
    src_words = [w.casefold() for w in _WORD.findall(source)]
    src_worst = max((times for _, times, _ in _repeats(src_words)), default=1)
    for n, times, start in _repeats(words):
        if _is_loop(n, times, words, start) and times > src_worst:
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
    source: str, target: str, context: ArticleNorms | None = None
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


# --------------------------------------------------------------------------- French typography

_FRENCH_SPACE = re.compile(r"[\u00a0\u202f](?=[?!:;%»])|(?<=«)[\u00a0\u202f ]")
_SPACE_BEFORE = re.compile(r"(?<=\w) (?=[?!;](?:\s|$)|:(?:\s|$))")


def check_french_typography(
    source: str, target: str, context: ArticleNorms | None = None
) -> list[Finding]:
    """English has no « » and no space before ? ! : ; - leftovers of the French source."""
    text = re.sub(r"`[^`]*`", "", target)
    findings = []
    if "«" in text or "»" in text:
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


# --------------------------------------------------------------------------- registry

Check = Callable[[str, str, "ArticleNorms | None"], list[Finding]]

CHECKS: dict[str, Check] = {
    "numbers": check_numbers,
    "markup": check_markup,
    "identical": check_identical,
    "length": check_length,
    "repetition": check_repetition,
    "final-punctuation": check_final_punctuation,
    "french-typography": check_french_typography,
}


def check_pair(source: str, target: str, context: ArticleNorms | None = None) -> list[Finding]:
    """All findings for one translated pair; an untranslated (empty) target has none."""
    if not source.strip() or not target.strip():
        return []
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings.extend(check(source, target, context))
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


def qa_findings(
    pairs: Sequence[tuple[str, str]], terms: Sequence[Sequence[tuple[str, str]]] | None = None
) -> list[list[Finding]]:
    """Findings of each translated (source, target) pair of one catalog, judged against the
    catalog's own norms; one list per pair, in order. `terms`, one list per pair, are the
    glossary terms each entry lists (checked with `check_terms`)."""
    norms = article_norms(pairs)
    found = [check_pair(source, target, norms) for source, target in pairs]
    if terms is not None:
        for findings, (_source, target), wanted in zip(found, pairs, terms, strict=True):
            if wanted and target.strip():
                findings.extend(check_terms(target, wanted))
    return found
