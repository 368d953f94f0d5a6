"""segment: translatable blocks -> sentences, keeping exact offsets into the block text.

The splitter is rule-based; what it knows about a language (abbreviations, sentence openers,
ordinals, quotation marks, full-width terminators) comes from that language's profile in
`translate.languages`, French by default (see docs/segmentation.md for the evidence behind
the choice and the rules). It never rewrites text: it returns spans into the block, so the
segments joined with the whitespace between them give back the block exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from translate.inline import MACROS
from translate.languages import Profile, with_capitals
from translate.languages import profile as language_profile
from translate.read import Block, Document

# Runs of ordinary whitespace fold to one space; no-break spaces are typography and stay.
_FOLDABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of one block: `text` is exactly block.text[start:end]."""

    text: str
    block: int
    start: int
    end: int
    line: int
    kind: str

    @property
    def msgid(self) -> str:
        return normalize(self.text)


def normalize(text: str) -> str:
    """The msgid form of a segment: whitespace runs folded to one space, ends trimmed."""
    return _FOLDABLE.sub(" ", text).strip(" ")


# --- patterns, compiled once -------------------------------------------------------------

_SPACE = re.compile(r"\s*")
# What may stand between the gap and the first letter of the next sentence; ",," is the low
# double comma that opens a quotation in Dutch print (",,Het is …'').
_NEXT_OPENERS = re.compile(r"(?:[\s«»„“‚\"‘'(\[{—–\-*_¿¡]|,,)*")
# "P. -- O que", "Parágrafo 3º. -- Nos contratos": a spaced double hyphen after a period is a
# dash inside the sentence (a label, a heading run into its text), not a dialogue turn.
_DOUBLE_HYPHEN = re.compile(r"\s+--\s")
# A degree sign (or the masculine ordinal indicator typed for one) before a unit letter.
_DEGREE = "°º"
_WORD = re.compile(r"[^\W\d_]+")
# "raak. ...en toen": an ellipsis glued to the first word marks a sentence that opens on an
# omission or an interrupted thought; it opens a sentence whatever the case of that word.
_OPENING_ELLIPSIS = re.compile(r"(?:\.{3}|…)(?=[^\W\d_])")
_ELISION = re.compile(r"^.*[’']")
_TOKEN_OPENERS = '«»„“‚"‘([{*_`¿¡'
_TOKEN_CLOSERS = '»«“”"’‘)]}*_`'
_HYPHEN_INITIAL = re.compile(r"^(?:[A-ZÀ-Ý]\.?|[A-ZÀ-Ý][a-zà-ÿ]+)-[A-ZÀ-Ý]$")
_ACRONYM = re.compile(r"^(?:[A-ZÀ-Ý]\.)+[A-ZÀ-Ý]$")
_ROMAN = re.compile(r"[IVXLCDM]+(?![\w’'])")
_INITIAL = re.compile(r"[A-ZÀ-Ý]\.")
# Inline Markdown that a split must never cut: template macros, code, links and images,
# emphasis.
# Linear on any input: a match starts only at the first mark of a run (the run taken whole,
# as an atomic group would), link text holds at most one level of brackets, emphasis never
# spans a closing pair of its own marker, and a code span is at most _CODE_SPAN characters.
_MARKUP_HINT = re.compile(r"[`\[*_{]")
_CODE_SPAN = 2000
_PROTECTED = re.compile(
    rf"""
      {"|".join(MACROS)}
    | (?<!`)(?=(?P<tick>`+))(?P=tick).{{1,{_CODE_SPAN}}}?(?<!`)(?P=tick)(?!`)
    | !?\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\([^)\s\[\]]*(?:\s+"[^"]*")?\)|\[[^\[\]]*\])
    | \*\*(?=\S)(?:[^*]|\*(?!\*))+?(?<=\S)\*\*
    | (?<!\w)__(?=\S)(?:[^_]|_(?!_))+?(?<=\S)__(?!\w)
    | \*(?=[^\s*])[^*]+?(?<=[^\s*])\*
    | (?<!\w)_(?=[^\s_])[^_]+?(?<=[^\s_])_(?!\w)
    """,
    re.VERBOSE | re.DOTALL,
)

_UPPER, _DIGIT, _LOWER, _OTHER = "upper", "digit", "lower", "other"
# After an enumeration "Dupont, Durand…", a name followed by "," or a conjunction continues it.
_ENUMERATION_REACH = 400
_ENUMERATION_GOES_ON = re.compile(r"[^\W\d_]+(?:,|\s+(?:et|ou|und|oder|y|o|e|en|of)\s)")


# At most this many closing marks glue to a sentence end ("fin.»)*" is three).
_CLOSING_RUN = 8


@lru_cache(maxsize=16)
def _candidate(closers: str, wide: str) -> re.Pattern[str]:
    """Sentence-final punctuation, the closing marks glued to it, then whitespace; and, for
    scripts without spaces, full-width terminators wherever they stand."""
    # A match starts only at the first mark of a run ("!?!?…" is tried once, not from each
    # mark), a closing mark has one reading (a bare "»" is not also a spaced one), and a run
    # of closing marks is short. "''" closes what ",," opens in Dutch print, spaced or not.
    glued = re.escape("".join(sorted(set(closers + '”"’)]*_'))))
    pattern = (
        rf"(?<![.!?…‽])(?P<term>[.!?…‽]+)"
        rf"(?P<close>(?:[ \u00a0\u202f]»|[ \u00a0\u202f]?''|[{glued}]){{0,{_CLOSING_RUN}}})(?=\s)"
    )
    if wide:
        pattern += rf"|(?P<wide>[{re.escape(wide)}]+[」』）〕】”’\"»]*)"
    return re.compile(pattern)


def _quotation_pairs(profile: Profile) -> dict[str, str]:
    """The profile's quotation pairs, opening -> closing; a straight '"' pairs with itself."""
    return {o: c for o, c in profile.quotes if o != c or o == '"'}


# "(Manzoni)", "(Le Monde, 3 mars)": the source of a quotation, in brackets after it, starting
# with a capital and not itself a sentence (no . ! ? … before its closing bracket).
_SOURCE = re.compile(r"\([^()\n]{1,80}?(?<![.!?…])\)")
_BLANK = " \u00a0\u202f\t\n"
# An attributed quotation up to this length (about one and a half average sentences of the UD
# gold, whose mean is 121 characters: two short sentences) stays whole; a longer one holds
# sentences that stand on their own, and annotators split them (docs/segmentation.md).
_QUOTATION_KEPT = 170
_BLANK_RUN = re.compile(r"[ \u00a0\u202f\t\n]*")
_STRAIGHT = re.compile('"')
_AFTER_SPACED_CLOSING = ",.;:!?)]}"


def split_sentences(
    text: str,
    abbreviations: Iterable[str] = (),
    profile: Profile | None = None,
    macros: re.Pattern[str] | None = None,
) -> list[tuple[int, int]]:
    """Sentence spans of `text`: non-overlapping, in order, separated by whitespace only.

    A candidate boundary is a run of . ! ? … (with closing quotes, brackets or emphasis
    markers glued to it) followed by whitespace. It becomes a boundary when the next word
    opens a sentence and the word before a period is not an abbreviation, an initial, an
    ordinal or a list number of the language (`profile`, French by default). No boundary
    falls inside an attributed quotation. `abbreviations` (written without their dot) never
    end a sentence, and no boundary falls inside a match of `macros` (a project's own
    template syntax, `[markup] protect`; the default macros always count).
    """
    profile = profile or language_profile("fr")
    extra = with_capitals(abbreviations)
    protected = _protected_spans(text) if _MARKUP_HINT.search(text) else None
    if macros is not None:
        protected = _with_matches(protected, text, macros)
    quoted = _attributed_quotations(text, profile)
    closers = "".join(c for _, c in profile.quotes)
    candidate = _candidate(closers, profile.fullwidth_terminators)
    spans: list[tuple[int, int]] = []
    length = len(text)
    start = _SPACE.match(text).end()
    for match in candidate.finditer(text):
        end = match.end()
        following = _SPACE.match(text, end).end()
        if following >= length:
            break
        if end <= start or (protected and _inside(protected, end)):
            continue
        if quoted and _inside(quoted, end):
            continue
        if match.lastgroup == "wide" or _is_boundary(text, match, start, following, extra, profile):
            spans.append((start, end))
            start = following
    tail_end = len(text.rstrip())
    if tail_end > start:
        spans.append((start, tail_end))
    return spans


def _attributed_quotations(text: str, profile: Profile) -> tuple[list[int], list[int]] | None:
    """Quotations that belong to a sentence around them: followed by their attribution
    (« C’est fini. Place aux jeunes », a-t-il dit), by their source in brackets ("Ei fu.
    Siccome immobile …" (Manzoni).) or introduced by a colon at the end of the block
    (Il conclut : « … »).
    Splitting inside would hand the model two halves of one quotation; a long quotation is
    made of whole sentences and splits like any text (annotators of the UD treebanks split
    every such quotation). One pass: the next
    opening of each mark is remembered, and nothing after a quotation is copied."""
    pairs = _quotation_pairs(profile)
    if not any(o in text for o in pairs):
        return None
    straight = _StraightQuotes(text) if '"' in pairs else None
    upcoming = dict.fromkeys(pairs, -2)  # next opening of each mark at or after `position`
    starts, ends = [], []
    position = 0
    while True:
        opening = -1
        for mark in pairs:
            found = upcoming[mark]
            if found != -1 and found < position:
                if mark == '"' and straight:
                    found = straight.opening(position)
                else:
                    found = text.find(mark, position)
                upcoming[mark] = found
            if found >= 0 and (opening < 0 or found < opening):
                opening = found
        if opening < 0:
            break
        mark = text[opening]
        if mark == '"' and straight:
            closing = straight.closing(opening + 1)
        else:
            closing = text.find(pairs[mark], opening + 1)
        if closing < 0:
            break
        after = _BLANK_RUN.match(text, closing + 1).end()
        before = opening
        while before > 0 and text[before - 1] in _BLANK:
            before -= 1
        # Introduced by a colon and closing the block, the quotation is the end of the
        # sentence that introduces it; followed by more text, it splits like any other.
        next_char = text[after : after + 1]
        if closing - opening < _QUOTATION_KEPT and (
            next_char == ","
            or next_char.islower()
            or (before > 0 and text[before - 1] == ":" and after == len(text))
            or _is_source(text, after)
        ):
            starts.append(opening)
            ends.append(closing + 1)
        position = closing + 1
    return (starts, ends) if starts else None


def _is_source(text: str, at: int) -> bool:
    """Whether the text at `at` (after a quotation) opens on the quotation's bracketed source."""
    return (
        text[at : at + 1] == "("
        and text[at + 1 : at + 2].isupper()
        and bool(_SOURCE.match(text, at))
    )


class _StraightQuotes:
    """The straight quotes of a text, read as openings or closings by what stands around
    them, paired with nesting ("sono … un pugile "anziano", ed escludo …") and spaced quotes
    (AnCora's `del mundo ", subrayó`) understood. Positions only move forward: linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks = [m.start() for m in _STRAIGHT.finditer(text)]

    def _kind(self, index: int) -> str:
        text = self.text
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if before.isspace() or before in "([{—–-":
            if after.isspace() or after in _AFTER_SPACED_CLOSING:
                # `mundo ", subrayó`: a spaced closing before punctuation; ` " ` is unreadable
                return "close" if before.isspace() and not after.isspace() else ""
            return "open"
        return "" if after.isalnum() else "close"

    def opening(self, position: int) -> int:
        """The first opening straight quote at or after `position`, -1 when none."""
        marks = self.marks
        for k in range(bisect.bisect_left(marks, position), len(marks)):
            index = marks[k]
            if self._kind(index) == "open":
                return index
        return -1

    def closing(self, position: int) -> int:
        """The straight quote that closes a quotation opened just before `position`: the
        first closing one not matched by a nested opening, -1 when none."""
        depth = 0
        marks = self.marks
        for k in range(bisect.bisect_left(marks, position), len(marks)):
            index = marks[k]
            kind = self._kind(index)
            if kind == "close":
                if depth == 0:
                    return index
                depth -= 1
            elif kind == "open":
                depth += 1
        return -1


def _is_boundary(
    text: str,
    match: re.Match[str],
    sentence_start: int,
    following: int,
    extra: frozenset[str],
    profile: Profile,
) -> bool:
    kind, word_at = _next_kind(text, following)
    if kind in (_LOWER, _OTHER):
        return False
    term, close = match.group("term"), match.group("close")
    if "!" in term or "?" in term or "‽" in term:
        return True
    if term != ".":  # an ellipsis; "[…]" and "(…)" mark a cut inside a quotation
        before = text[match.start() - 1] if match.start() else ""
        if before and before in "[(" and close[:1] in ("]", ")"):
            return False
        return not _inside_enumeration(text, match.start(), sentence_start, word_at)
    if close.strip("*_ \u00a0\u202f"):  # "(… fin.)", "« … fin. »": the period ends that sentence
        return True
    if _DOUBLE_HYPHEN.match(text, match.end()):
        return False
    return _period_ends_sentence(text, match.start(), sentence_start, kind, word_at, extra, profile)


def _inside_enumeration(text: str, ellipsis: int, sentence_start: int, word_at: int) -> bool:
    """ "Dupont, Durand… Martin et d’autres": an ellipsis between names of one enumeration."""
    token_start = _token_start(text, ellipsis)
    name = text[token_start:ellipsis].lstrip(_TOKEN_OPENERS)
    # The comma of the enumeration stands close before: a bounded look back keeps a run of
    # "X… Y et" linear.
    lookback = max(sentence_start, token_start - _ENUMERATION_REACH)
    if not name[:1].isupper() or text.rfind(",", lookback, token_start) < 0:
        return False
    return _ENUMERATION_GOES_ON.match(text, word_at) is not None


def _period_ends_sentence(
    text: str,
    period: int,
    sentence_start: int,
    kind: str,
    word_at: int,
    extra: frozenset[str],
    profile: Profile,
) -> bool:
    """Whether a period followed by a capital or a digit ends the sentence."""
    token_start = _token_start(text, period)
    if period and text[period - 1] in ")]":  # "(herrschte 830 - 846). Ludwig", "(S. L). La"
        return True
    token = text[token_start:period].lstrip(_TOKEN_OPENERS).rstrip(_TOKEN_CLOSERS)
    if "@" in token or "://" in token or token.startswith("www."):
        return True
    core = _ELISION.sub("", token)  # "l’art" -> "art"
    if not core:
        return True
    if core in extra or core in profile.no_split:
        return False
    upper = kind == _UPPER
    if kind == _DIGIT and profile.number_suffixes and core.endswith(profile.number_suffixes):
        return False
    if core in profile.before_number:
        return upper and not _is_reference(text, word_at)
    if core in profile.may_end:
        return upper
    if core == "J.-C" and _token_before(text, token_start).lower() in profile.before_jc:
        return upper
    if core.isdigit() and len(core) <= 3:
        if _is_list_number(text, token_start, sentence_start):
            return False
        if profile.dotted_ordinals:  # "am 3. Oktober", "der 2. Weltkrieg"
            return upper and _starts_sentence(text, word_at, profile)
    if _HYPHEN_INITIAL.match(core):  # Jean-P. Sartre, J.-M. Le Pen
        return False
    if _ACRONYM.match(core):  # J.R.R. Tolkien vs aux U.S.A. Il
        return upper and _starts_sentence(text, word_at, profile)
    if len(core) == 1 and core.isupper():  # J. Dupont vs vitamine D. Les
        previous = _token_before(text, token_start).lstrip(_TOKEN_OPENERS)
        if previous[-1:] and previous[-1] in _DEGREE:  # "2° C. De nombreux", "2º C. Muchos": a unit
            return upper
        return upper and previous[:1].islower() and _starts_sentence(text, word_at, profile)
    return True


def _next_kind(text: str, position: int) -> tuple[str, int]:
    """What opens the text after a gap: a capital (or an ellipsis glued to a word), a digit,
    a lowercase letter, or other."""
    at = _NEXT_OPENERS.match(text, position).end()
    if at >= len(text):
        return _OTHER, at
    char = text[at]
    if char.isupper():
        return _UPPER, at
    ellipsis = _OPENING_ELLIPSIS.match(text, at)
    if ellipsis:
        return _UPPER, ellipsis.end()
    if char.isdigit():
        return _DIGIT, at
    if char.islower():
        # iPhone, eBay: a brand keeps its lowercase first letter at the start of a sentence.
        after = text[at + 1 : at + 2]
        return (_UPPER if after.isupper() else _LOWER), at
    return _OTHER, at


def _starts_sentence(text: str, word_at: int, profile: Profile) -> bool:
    word = _WORD.match(text, word_at)
    if word is None:
        return False
    if text[word.end() : word.end() + 1] in ("’", "'"):
        return word.group() in profile.elided_starters
    return word.group() in profile.starters


def _is_reference(text: str, word_at: int) -> bool:
    """A roman numeral or a code letter after "vol.", "art.": "vol. III", "art. L. 121-1"."""
    return bool(_ROMAN.match(text, word_at) or _INITIAL.match(text, word_at))


def _is_list_number(text: str, token_start: int, sentence_start: int) -> bool:
    """ "1. " opening a sentence or following a colon or semicolon numbers a list item."""
    if token_start <= sentence_start:
        return True
    before = token_start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return before > 0 and text[before - 1] in ":;"


def _token_start(text: str, end: int) -> int:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _token_before(text: str, token_start: int) -> str:
    end = token_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[_token_start(text, end) : end]


def _protected_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for match in _PROTECTED.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def _with_matches(
    protected: tuple[list[int], list[int]] | None, text: str, pattern: re.Pattern[str]
) -> tuple[list[int], list[int]] | None:
    """Protected spans and the matches of `pattern`, merged where they overlap (sorted and
    disjoint, as `_inside` needs)."""
    spans = [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
    if not spans:
        return protected
    if protected:
        spans += list(zip(*protected, strict=True))
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _inside(protected: tuple[list[int], list[int]], position: int) -> bool:
    """Whether a split at `position` would fall strictly inside a protected span."""
    starts, ends = protected
    index = bisect.bisect_left(starts, position) - 1
    return index >= 0 and ends[index] > position


def segment_document(
    document: Document,
    abbreviations: Iterable[str] = (),
    profile: Profile | None = None,
    macros: re.Pattern[str] | None = None,
) -> list[Segment]:
    """All segments of the translatable blocks of `document`, in document order, split by the
    rules of `profile` (the source language; French by default), never inside `macros`."""
    return list(iter_segments(document, abbreviations, profile, macros))


def iter_segments(
    document: Document,
    abbreviations: Iterable[str] = (),
    profile: Profile | None = None,
    macros: re.Pattern[str] | None = None,
) -> Iterator[Segment]:
    """`segment_document`'s segments one at a time, for a caller that keeps only what it
    draws from them (the catalog's msgids and places), not every segment of a long article."""
    abbreviations = tuple(abbreviations)
    for index, block in enumerate(document.blocks):
        if block.translatable:
            yield from block_segments(block, index, abbreviations, profile, macros)


def block_segments(
    block: Block,
    index: int,
    abbreviations: tuple[str, ...] = (),
    profile: Profile | None = None,
    macros: re.Pattern[str] | None = None,
) -> Iterator[Segment]:
    """The sentences of one translatable block, the `index`-th of its document."""
    # Lines are counted from the previous segment, not from the block start: linear.
    line, counted = block.line, 0
    for start, end in split_sentences(block.text, abbreviations, profile, macros):
        line += block.text.count("\n", counted, start)
        counted = start
        yield Segment(block.text[start:end], index, start, end, line, block.label)
