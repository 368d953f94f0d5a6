"""Typography checks: what a French source leaves in a target that does not write French
(`french-typography`), and the target language's own quotes, decimal mark and spacing
(`typography`)."""

from __future__ import annotations

import re

from translate.markup import outside_code_spans
from translate.qa.base import (
    FR_EN,
    ArticleNorms,
    Finding,
    LanguagePair,
    blank_urls,
    has_digit,
)
from translate.qa.numbers import times_of_day

# --------------------------------------------------------------------------- typography

_FRENCH_SPACE = re.compile(r"[\u00a0\u202f](?=[?!:;%»])|(?<=«)[\u00a0\u202f ]")
_SPACE_BEFORE = re.compile(r"(?<=\w) (?=[?!;](?:\s|$)|:(?:\s|$))")


def _spaced_french_style(text: str) -> bool:
    """A space before ? ! : ; or inside « », as French writes them (`_FRENCH_SPACE`,
    `_SPACE_BEFORE`); their lookbehinds are tried only where what they need is there (a
    substring test is much cheaper than a scan that tries them at every place)."""
    if ("\u00a0" in text or "\u202f" in text or "«" in text) and _FRENCH_SPACE.search(text):
        return True
    spaced = " ?" in text or " !" in text or " ;" in text or " :" in text
    return spaced and _SPACE_BEFORE.search(text) is not None


def check_french_typography(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """A target that does not write French has no « » and no space before ? ! : ; -
    leftovers of a French source (the check is silent for other sources and French targets)."""
    if pair.src.code != "fr" or pair.tgt.space_before_punctuation:
        return []
    text = outside_code_spans(target, code="")
    findings = []
    if ("«" in text or "»" in text) and "«" not in pair.tgt.quotes:
        findings.append(Finding("french-typography", "warning", "French guillemets « » in target"))
    if _spaced_french_style(text):
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
# a decimal written the other way; the first digit comes before the lookbehind, which lets
# the regex engine skip to the digits (the same matches as "(?<![\d.,])\d+...")
_DECIMAL_POINT = re.compile(r"\d(?<![\d.,]\d)\d*\.\d{1,2}(?![\d.]|,\d)")
_DECIMAL_COMMA = re.compile(r"\d(?<![\d.,]\d)\d*,\d{1,2}(?![\d,]|\.\d)")


def check_typography(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """The target follows its own language's conventions, whatever the source's: its
    quotation marks, its decimal mark, the space French puts before ? ! : ; and inside « »,
    the ¿ ¡ that open a Spanish question or exclamation (and nowhere else).
    What `french-typography` reports for a French source is not repeated here."""
    tgt = pair.tgt
    text = blank_urls(outside_code_spans(target, code=""))
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
    elif not french_leftovers and _spaced_french_style(text):
        warn(f"space before punctuation, which {tgt.name} does not write")
    wrong = _DECIMAL_POINT if tgt.decimal_mark == "," else _DECIMAL_COMMA
    # a decimal needs a digit; the same token in a source of the same notation is no decimal
    # there either ("2.1")
    hits = wrong.findall(times_of_day(text)[1]) if has_digit(text) else []
    if hits and pair.src.decimal_mark == tgt.decimal_mark:
        same = wrong.findall(source)
        hits = [n for n in hits if n not in same]
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
