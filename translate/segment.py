"""segment: translatable blocks -> sentences, keeping exact offsets into the block text.

The splitter is rule-based and French-aware (see docs/segmentation.md for the evidence behind
the choice and the rules). It never rewrites text: it returns spans into the block, so the
segments joined with the whitespace between them give back the block exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from translate.read import Document

# Runs of ordinary whitespace fold to one space; no-break spaces are typography and stay.
_FOLDABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


@dataclass(frozen=True)
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


# --- French abbreviations ---------------------------------------------------------------
# Written without their final dot. Lowercase entries of two letters or more also match with a
# capital first letter ("Cf.", "Vol."), since they open sentences too.

# Never end a sentence: titles, company forms, references, addresses.
_NO_SPLIT_WORDS = """
M MM Mme Mmes Mlle Mlles Mgr Mgrs Dr Drs Pr Prs Me St Ste Sts Stes Vve
Cie Sté Inc Corp Ltd Gal Cdt Col Lt Sgt
p pp cf env éd coll dir trad vs resp ex suiv sq op av apr ap bd boul fg c.-à-d
"""
# Stand before a number ("art. 12", "vol. III", "3 sept. 2026") but are also words or may close
# a sentence ("l'art.", "son vol."): no split before a number, a roman numeral or "L. 121-1".
_BEFORE_NUMBER_WORDS = """
art vol chap ch fig tab no n t al sect liv éq
janv févr fév avr juil sept oct nov déc
"""
# Often end a sentence: split only when a capital follows ("etc. Le" / "etc. et").
_MAY_END_WORDS = "etc s hab cit ibid"
# "J.-C." after these is Jesus Christ (may end a sentence), otherwise initials (Jean-Claude).
_BEFORE_JC = frozenset({"av.", "apr.", "ap.", "avant", "après"})


def _with_capitals(words: Iterable[str]) -> frozenset[str]:
    """The words, plus their capitalized form for lowercase words of two letters or more."""
    forms = set()
    for word in words:
        word = word.strip().removesuffix(".")
        if not word:
            continue
        forms.add(word)
        if len(word) >= 2 and word[0].islower():
            forms.add(word[0].upper() + word[1:])
    return frozenset(forms)


_NO_SPLIT = _with_capitals(_NO_SPLIT_WORDS.split())
_BEFORE_NUMBER = _with_capitals(_BEFORE_NUMBER_WORDS.split()) - _NO_SPLIT
_MAY_END = _with_capitals(_MAY_END_WORDS.split()) - _NO_SPLIT - _BEFORE_NUMBER

# Words that open a French sentence but rarely a name: after an initial or a dotted acronym
# ("vitamine D. Les", "aux U.S.A. Il") they mark a new sentence; a name ("J. R. R. Tolkien",
# "O.N.U. Antonio Guterres") does not.
_STARTER_WORDS = """
    Le La Les Un Une Des Du De Au Aux Ce Cet Cette Ces Il Ils Elle Elles On Je Tu Nous Vous
    Mais Et Ou Donc Or Car Puis Ensuite Enfin Alors Ainsi Cependant Pourtant Toutefois
    Néanmoins En Dans Pour Par Sur Sous Avec Sans Chez Selon Depuis Après Avant Pendant Lors Si
    Quand Lorsque Comme Qui Que Quel Quelle Quels Quelles Pourquoi Comment Où Son Sa Ses Leur
    Leurs Mon Ma Mes Notre Nos Votre Vos Cela Ceci Ça Tout Tous Toute Toutes Aucun Aucune
    Chaque Plusieurs Certains Certaines Y
"""
_ELIDED_STARTER_WORDS = "L D J C S N Qu Lorsqu Puisqu Jusqu"
_STARTERS = frozenset(_STARTER_WORDS.split())
_ELIDED_STARTERS = frozenset(_ELIDED_STARTER_WORDS.split())

# --- patterns, compiled once -------------------------------------------------------------

_SPACE = re.compile(r"\s*")
# Sentence-final punctuation, the closing marks glued to it, then whitespace.
_CANDIDATE = re.compile(r"(?P<term>[.!?…‽]+)(?P<close>(?:[ \u00a0\u202f]?»|[”\"’)\]*_])*)(?=\s)")
# What may stand between the gap and the first letter of the next sentence.
_NEXT_OPENERS = re.compile(r"[\s«“\"‘'(\[{—–\-*_]*")
_WORD = re.compile(r"[^\W\d_]+")
_ELISION = re.compile(r"^.*[’']")
_TOKEN_OPENERS = '«“"‘([{*_`'
_TOKEN_CLOSERS = '»”"’)]}*_`'
_HYPHEN_INITIAL = re.compile(r"^(?:[A-ZÀ-Ý]\.?|[A-ZÀ-Ý][a-zà-ÿ]+)-[A-ZÀ-Ý]$")
_ACRONYM = re.compile(r"^(?:[A-ZÀ-Ý]\.)+[A-ZÀ-Ý]$")
_ROMAN = re.compile(r"[IVXLCDM]+(?![\w’'])")
_INITIAL = re.compile(r"[A-ZÀ-Ý]\.")
# Inline Markdown that a split must never cut: code, links and images, emphasis.
_MARKUP_HINT = re.compile(r"[`\[*_]")
_PROTECTED = re.compile(
    r"""
      (?P<tick>`+).+?(?<!`)(?P=tick)(?!`)
    | !?\[[^\]]*\](?:\([^)\s]*(?:\s+"[^"]*")?\)|\[[^\]]*\])
    | \*\*(?=\S).+?(?<=\S)\*\*
    | (?<!\w)__(?=\S).+?(?<=\S)__(?!\w)
    | \*(?=[^\s*])[^*]+?(?<=[^\s*])\*
    | (?<!\w)_(?=[^\s_])[^_]+?(?<=[^\s_])_(?!\w)
    """,
    re.VERBOSE | re.DOTALL,
)

_UPPER, _DIGIT, _LOWER, _OTHER = "upper", "digit", "lower", "other"


def split_sentences(text: str, abbreviations: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sentence spans of `text`: non-overlapping, in order, separated by whitespace only.

    A candidate boundary is a run of . ! ? … (with closing guillemets, quotes, brackets or
    emphasis markers glued to it) followed by whitespace. It becomes a boundary when the next
    word opens a sentence and the word before a period is not an abbreviation, an initial or
    a list number. `abbreviations` (written without their dot) never end a sentence.
    """
    extra = _with_capitals(abbreviations)
    protected = _protected_spans(text) if _MARKUP_HINT.search(text) else None
    spans: list[tuple[int, int]] = []
    length = len(text)
    start = _SPACE.match(text).end()
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        following = _SPACE.match(text, end).end()
        if following >= length:
            break
        if end <= start or (protected and _inside(protected, end)):
            continue
        if _is_boundary(text, match, start, following, extra):
            spans.append((start, end))
            start = following
    tail_end = len(text.rstrip())
    if tail_end > start:
        spans.append((start, tail_end))
    return spans


def _is_boundary(
    text: str, match: re.Match[str], sentence_start: int, following: int, extra: frozenset[str]
) -> bool:
    kind, word_at = _next_kind(text, following)
    if kind in (_LOWER, _OTHER):
        return False
    term, close = match.group("term"), match.group("close")
    if "!" in term or "?" in term or "‽" in term:
        return True
    if term != ".":  # an ellipsis; "[…]" and "(…)" mark a cut inside a quotation
        before = text[match.start() - 1] if match.start() else ""
        return not (before and before in "[(" and close[:1] in ("]", ")"))
    if close.strip("*_ \u00a0\u202f"):  # "(… fin.)", "« … fin. »": the period ends that sentence
        return True
    return _period_ends_sentence(text, match.start(), sentence_start, kind, word_at, extra)


def _period_ends_sentence(
    text: str, period: int, sentence_start: int, kind: str, word_at: int, extra: frozenset[str]
) -> bool:
    """Whether a period followed by a capital or a digit ends the sentence."""
    token_start = _token_start(text, period)
    token = text[token_start:period].lstrip(_TOKEN_OPENERS).rstrip(_TOKEN_CLOSERS)
    if "@" in token or "://" in token or token.startswith("www."):
        return True
    core = _ELISION.sub("", token)  # "l’art" -> "art"
    if not core:
        return True
    if core in extra or core in _NO_SPLIT:
        return False
    upper = kind == _UPPER
    if core in _BEFORE_NUMBER:
        return upper and not _is_reference(text, word_at)
    if core in _MAY_END:
        return upper
    if core == "J.-C" and _token_before(text, token_start).lower() in _BEFORE_JC:
        return upper
    if core.isdigit() and len(core) <= 3 and _is_list_number(text, token_start, sentence_start):
        return False
    if _HYPHEN_INITIAL.match(core):  # Jean-P. Sartre, J.-M. Le Pen
        return False
    if _ACRONYM.match(core):  # J.R.R. Tolkien vs aux U.S.A. Il
        return upper and _starts_sentence(text, word_at)
    if len(core) == 1 and core.isupper():  # J. Dupont vs vitamine D. Les
        previous = _token_before(text, token_start).lstrip(_TOKEN_OPENERS)
        return upper and previous[:1].islower() and _starts_sentence(text, word_at)
    return True


def _next_kind(text: str, position: int) -> tuple[str, int]:
    """What opens the text after a gap: a capital, a digit, a lowercase letter, or other."""
    at = _NEXT_OPENERS.match(text, position).end()
    if at >= len(text):
        return _OTHER, at
    char = text[at]
    if char.isupper():
        return _UPPER, at
    if char.isdigit():
        return _DIGIT, at
    if char.islower():
        # iPhone, eBay: a brand keeps its lowercase first letter at the start of a sentence.
        after = text[at + 1 : at + 2]
        return (_UPPER if after.isupper() else _LOWER), at
    return _OTHER, at


def _starts_sentence(text: str, word_at: int) -> bool:
    word = _WORD.match(text, word_at)
    if word is None:
        return False
    if text[word.end() : word.end() + 1] in ("’", "'"):
        return word.group() in _ELIDED_STARTERS
    return word.group() in _STARTERS


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


def _inside(protected: tuple[list[int], list[int]], position: int) -> bool:
    """Whether a split at `position` would fall strictly inside a protected span."""
    starts, ends = protected
    index = bisect.bisect_left(starts, position) - 1
    return index >= 0 and ends[index] > position


def segment_document(document: Document, abbreviations: Iterable[str] = ()) -> list[Segment]:
    """All segments of the translatable blocks of `document`, in document order."""
    abbreviations = tuple(abbreviations)
    segments: list[Segment] = []
    for index, block in enumerate(document.blocks):
        if not block.translatable:
            continue
        for start, end in split_sentences(block.text, abbreviations):
            line = block.line + block.text.count("\n", 0, start)
            segments.append(Segment(block.text[start:end], index, start, end, line, block.kind))
    return segments
