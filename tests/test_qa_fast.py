"""The QA checks' fast paths find what their full paths find: words folded as one string,
the places a run or a repeat can start, texts that carry no markup, no number, no French
spacing, no code span or no URL, and what is kept per source. Each is compared with the
plain computation on generated text that reaches both paths."""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.markup import _CODE_SPAN, outside_code_spans
from translate.qa import (
    LanguagePair,
    base,
    check_markup,
    check_numbers,
    check_terms,
    check_untranslated,
    constructs,
    numbers,
    shape,
    typography,
    untranslated,
)
from translate.qa.base import URL, WORD, Finding

PAIRS = [
    LanguagePair(),
    LanguagePair("en", "fr"),
    LanguagePair("de", "en"),
    LanguagePair("es", "fr"),
]

# characters whose case fold is longer or of another kind, and their plain neighbours
FOLDS = "AaÉéİiß\u0345ΐǰﬁΣσς_1٣ ,.’-\u00a0"
WORDS = [
    "le", "la", "de", "des", "et", "que", "the", "of", "a", "and", "der", "und", "el",
    "y", "chat", "cat", "Maison", "HOUSE", "had", "that", "XIXe", "siècle", "İstanbul",
]  # fmt: skip
SEPARATORS = [" ", " ", ", ", ". ", " « ", " » ", "\u00a0", " ? ", "’", " : ", "\n"]


def _sentence(words: list[str], separators: list[str]) -> str:
    return "".join(w + s for w, s in zip(words, separators * len(words), strict=False))


SENTENCES = st.builds(
    _sentence,
    st.lists(st.sampled_from(WORDS), max_size=24),
    st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(FOLDS), max_size=30))
def test_words_folded_as_one_string_are_the_words_folded_one_by_one(text):
    assert base.folded_words(text) == tuple(w.casefold() for w in WORD.findall(text))


def test_only_one_character_folds_to_one_character_of_another_kind():
    """Why a text folded as one string cuts the same words, whenever its length stays."""
    changed = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = char.casefold()
        if len(folded) == 1 and bool(WORD.match(char)) != bool(WORD.match(folded)):
            changed.append(char)
    assert changed == [base._FOLDS_TO_A_LETTER]


def _starts_by_slices(words: tuple[str, ...], source_words: tuple[str, ...]) -> list[int]:
    """Where a run of source words starts, as `check_untranslated` first found them."""
    n = untranslated._MIN_UNTRANSLATED
    grams = {tuple(source_words[i : i + n]) for i in range(len(source_words))}
    return [i for i in range(len(words)) if tuple(words[i : i + n]) in grams]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "de", "la"]), max_size=12),
    st.lists(st.sampled_from(["a", "b", "c", "de", "la"]), max_size=12),
)
def test_run_starts_are_the_slices(source, target):
    source, target = tuple(source), tuple(target)
    grams = frozenset(untranslated._tuples(source))
    assert untranslated._starts(target, grams) == _starts_by_slices(target, source)


def _untranslated_by_slices(source: str, target: str, pair: LanguagePair) -> list[Finding]:
    """`check_untranslated` as it was first written: every list built for every pair."""
    if pair.src.code == pair.tgt.code:
        return []
    if " ".join(source.split()).casefold() == " ".join(target.split()).casefold():
        return []
    function_words = untranslated._own_words(pair)
    tgt = [w.casefold() for w in WORD.findall(base.strip_urls(target))]
    if sum(w in function_words for w in tgt) < 2:
        return []
    src = tuple(w.casefold() for w in WORD.findall(base.strip_urls(source)))
    starts = _starts_by_slices(tuple(tgt), src)
    best: list[str] = []
    for k, start in enumerate(starts):
        if k and starts[k - 1] == start - 1:
            continue
        end = start
        while end + 1 in starts:
            end += 1
        run = tgt[start : end + untranslated._MIN_UNTRANSLATED]
        if len(run) > len(best):
            best = run
    if best and sum(w in function_words for w in best) >= 2:
        shown = " ".join(best)
        message = f"{pair.src.name} text left in the target: “{shown}”"
        return [Finding("untranslated", "warning", message)]
    return []


@settings(max_examples=400, deadline=None)
@given(SENTENCES, SENTENCES, st.sampled_from(PAIRS), st.booleans())
def test_untranslated_finds_what_the_slices_find(source, target, pair, kept):
    if kept:  # part of the source left in the target
        target = target + " " + source[len(source) // 3 :]
    expected = _untranslated_by_slices(source, target, pair)
    assert check_untranslated(source, target, None, pair) == expected


def test_untranslated_reference_finds_a_clause_left():
    source = "Il a dit que le chat de la maison dort."
    found = _untranslated_by_slices(source, "He said que le chat de la maison sleeps.", PAIRS[0])
    assert found and found == check_untranslated(source, "He said que le chat de la maison sleeps.")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "the", "had"]), max_size=40))
def test_repeats_of_a_tuple_are_those_of_the_list(words):
    assert shape._repeats(tuple(words)) == shape._repeats(list(words))


MARKUP_TEXT = st.lists(
    st.sampled_from(["ab", " ", "*", "_", "`", "[", "](", ")", "<b>", "!", "&amp;", "\\", "{",
                     "}", "%", "%s", "{name}", "http://x.org/a", "www.x.org", "http", "www"]),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(MARKUP_TEXT)
def test_text_said_to_carry_no_markup_carries_none(text):
    carried = constructs._carried(text)
    assert (carried if carried is not None else Counter()) == constructs._constructs(text)


def _markup_in_full(source: str, target: str) -> list[Finding]:
    src, tgt = constructs._constructs(source), constructs._constructs(target)
    findings = []
    if src - tgt:
        findings.append(
            Finding("markup", "error", f"missing in target: {', '.join(sorted(src - tgt))}")
        )
    if tgt - src:
        findings.append(
            Finding("markup", "error", f"not in source: {', '.join(sorted(tgt - src))}")
        )
    return findings


@settings(max_examples=300, deadline=None)
@given(MARKUP_TEXT, MARKUP_TEXT)
def test_markup_finds_what_the_full_parse_finds(source, target):
    assert check_markup(source, target) == _markup_in_full(source, target)
    assert check_markup(source, source) == []  # the kept source's constructs are not changed
    assert check_markup(source, target) == _markup_in_full(source, target)


NUMBERY = st.lists(
    st.sampled_from(["Au", " ", "XIXe", "siècle", "xxe", "siècles", "XIXe siècle", "3", "3,5",
                     "1.000", "14 h 30", "deux", "two", "million", "milliards", "2 pm",
                     "http://x.org/3", "٣", "a", ","]),
    max_size=10,
).map("".join)  # fmt: skip


def _numbers_in_full(source: str, target: str, pair: LanguagePair) -> list[Finding]:
    """`check_numbers` without its shortcut or what it keeps of a source: both sides read."""
    src_hard, src_soft = numbers._numbers(base.strip_urls(source), pair.src)
    tgt_hard, tgt_soft = numbers._numbers(base.strip_urls(target), pair.tgt)
    missing = numbers._drop_soft(numbers._unmatched(src_hard, tgt_hard), tgt_soft)
    added = numbers._drop_soft(numbers._unmatched(tgt_hard, src_hard), src_soft)
    findings = []
    if missing:
        message = f"number missing in target: {numbers._shown(missing)}"
        findings.append(Finding("numbers", "error", message))
    if added:
        findings.append(
            Finding("numbers", "error", f"number not in source: {numbers._shown(added)}")
        )
    return findings


@settings(max_examples=400, deadline=None)
@given(NUMBERY, NUMBERY, st.sampled_from(PAIRS))
def test_numbers_finds_what_reading_both_sides_finds(source, target, pair):
    assert check_numbers(source, target, None, pair) == _numbers_in_full(source, target, pair)
    assert check_numbers(source, target, None, pair) == _numbers_in_full(source, target, pair)


def test_a_text_without_a_hard_number_has_none():
    for text in ["Au XIXe siècle.", "deux millions", "In the 19th century", "rien"]:
        for language in ("fr", "en", "de"):
            conv = base.conventions(language)
            if not numbers._has_hard(text, conv):
                assert numbers._numbers(text, conv)[0] == []
    assert numbers._has_hard("Au XIXe siècle.", base.conventions("fr"))


def test_a_source_kept_for_many_entries_is_read_as_the_same_text():
    """What is kept per source is a function of the text (and the language) alone."""
    source = "Il a dit que le chat de la maison dort, dort, dort en 2021."
    first = [check(source, "He said que le chat de la maison dort.") for check in CHECKS_READ]
    again = [check(source, "He said que le chat de la maison dort.") for check in CHECKS_READ]
    assert first == again and first[0] and first[1]


CHECKS_READ = [check_untranslated, check_numbers, shape.check_repetition, check_markup]


SPACING = st.text(st.sampled_from(list("ab ?!:;%«»,.\n\t") + ["\u00a0", "\u202f"]), max_size=20)


@settings(max_examples=500, deadline=None)
@given(SPACING)
def test_french_spacing_is_what_its_patterns_find(text):
    expected = bool(typography._FRENCH_SPACE.search(text) or typography._SPACE_BEFORE.search(text))
    assert typography._spaced_french_style(text) == expected


def _outside_by_scan(text: str, transform, code: str | None) -> str:
    parts, position = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts += [
            transform(text[position : match.start()]),
            match.group(0) if code is None else code,
        ]
        position = match.end()
    parts.append(transform(text[position:]))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab `*_\n"), max_size=20), st.sampled_from([None, "", "C"]))
def test_text_outside_code_spans_is_the_scans(text, code):
    upper = str.upper
    assert outside_code_spans(text, upper, code) == _outside_by_scan(text, upper, code)
    assert outside_code_spans(text, code=code) == _outside_by_scan(text, lambda p: p, code)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab .:/?") + ["http", "https://", "www.", "ww"])).map("".join))
def test_urls_are_blanked_as_the_scan_blanks_them(text):
    assert base.blank_urls(text) == URL.sub(" ", text)


def _terms_by_search(target: str, terms: list[tuple[str, str]]) -> list[Finding]:
    """`check_terms` with its pattern built for each call, as it first was."""
    findings = []
    for source_term, target_term in dict.fromkeys(terms):
        flags = 0 if any(ch.isupper() for ch in target_term) else re.IGNORECASE
        body = r"\s+".join(re.escape(word) for word in target_term.split())
        if not re.search(rf"(?<![\w-]){body}(?![\w-])", target, flags):
            message = (
                f"glossary term \u201c{source_term}\u201d should be translated as "
                f"\u201c{target_term}\u201d"
            )
            findings.append(Finding("glossary", "error", message))
    return findings


TERMS = [("modèle", "model"), ("Anthropic", "Anthropic"), ("garde-fous", "safety rails")]
TERM_TEXT = st.lists(
    st.sampled_from(["The ", "model", "Model", "MODEL", "models", "-model", "anthropic",
                     "Anthropic", "safety", " ", "\n", "rails", "Safety  Rails", "."]),
    max_size=8,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(TERM_TEXT, st.lists(st.sampled_from(TERMS), max_size=3))
def test_glossary_terms_are_found_as_a_pattern_built_per_call_finds_them(target, terms):
    assert check_terms(target, terms) == _terms_by_search(target, terms)


# the number patterns as first written, starting with the lookbehind: the references for
# the patterns that start with the first digit
_SP = f"[{base.SPACES}]"
FIRST_PATTERNS = {
    "_TIME": re.compile(
        rf"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?:"
        rf"{_SP}?h(?:{_SP}?(?P<m1>[0-5]\d))?(?![^\W\d_])"
        rf"|:(?P<m2>[0-5]\d)(?:{_SP}?(?P<ap1>[ap])\.?m\b\.?)?"
        rf"|\.(?P<m3>[0-5]\d){_SP}?(?P<ap2>[ap])\.?m\b\.?"
        rf"|{_SP}?(?P<ap3>[ap])\.?m\b\.?"
        rf")",
        re.IGNORECASE,
    ),
    "_FR_NUMBER": re.compile(
        rf"(?<![\d,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?"
        r"|\d{1,3}(?:\.\d{3}){2,}"
        r"|\d+(?:\.\d+){2,}"
        r"|\d+(?:[,.]\d+)?)(?![\d])"
    ),
    "_COMMA_NUMBER": re.compile(
        rf"(?<![\d,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?"
        r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])"
        r"|\d+(?:\.\d+){2,}"
        r"|\d+(?:[,.]\d+)?)(?![\d])"
    ),
    "_EN_NUMBER": re.compile(
        rf"(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
        rf"|\d{{1,3}}(?:{_SP}\d{{3}})+(?:\.\d+)?"
        r"|\d+(?:\.\d+){2,}"
        r"|\d+(?:\.\d+)?)(?![\d])"
    ),
    "_DECIMAL_POINT": re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.]|,\d)"),
    "_DECIMAL_COMMA": re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,]|\.\d)"),
}
DIGITS = st.one_of(
    st.text(st.sampled_from("0112233456789٣.,: \u00a0\u202fhHapmPMx"), max_size=24),
    st.lists(
        st.sampled_from(["1", "12", "123", "1234", "0", "23", "24", "500", "٣", ".", ",", ":",
                         " ", "\u00a0", "h", "H", " pm", "a.m.", "m", "x"]),
        max_size=12,
    ).map("".join),
)  # fmt: skip


def _matches(pattern: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(DIGITS)
def test_patterns_from_the_first_digit_match_as_the_first_ones(text):
    for name, first in FIRST_PATTERNS.items():
        module = typography if name.startswith("_DECIMAL") else numbers
        assert _matches(getattr(module, name), text) == _matches(first, text), name


def test_the_number_patterns_match_as_the_first_ones_on_every_short_text():
    """Every text of up to four of these pieces: the places where the two ways of writing a
    pattern could part (a group of three, a mark before, a second digit of an hour)."""
    pieces = ["1", "12", "1234", "23", "24", "000", ".000", "5", ".", ",", ":", " ", "h", "pm", "x"]
    texts = ["".join(p) for n in range(1, 5) for p in itertools.product(pieces, repeat=n)]
    for name, first in FIRST_PATTERNS.items():
        module = typography if name.startswith("_DECIMAL") else numbers
        pattern = getattr(module, name)
        for text in texts:
            assert _matches(pattern, text) == _matches(first, text), (name, text)


def test_the_number_patterns_match_at_the_start_and_after_a_letter():
    table = ["14h30", "2 pm", "23 h", "24 h", "12:30:45", "2.30pm", "x12.50", "٣٣ h", "3,5"]
    table += ["1.000", "1.000.000", "1.2.3", "1234,567", "1,000.50", "1 000 000", "1\u00a0000,5"]
    for text in table:
        for name, first in FIRST_PATTERNS.items():
            module = typography if name.startswith("_DECIMAL") else numbers
            assert _matches(getattr(module, name), text) == _matches(first, text), name
    assert _matches(numbers._TIME, "23 h")[0][1]["h"] == "23"
