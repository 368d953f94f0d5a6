"""Language profiles: every fact about one language that diptych's stages need.

Segmentation (abbreviations, sentence openers, quotes), QA (number words, decimal mark,
function words, typography), similarity (quotes), catalogs (plural forms) and exports
(endonyms) all ask `profile(code)` here, and nothing else in diptych defines a language
fact (tests/test_architecture.py checks it). One small module per first-class language
(`en`, `fr`, `de`, `es`, `it`, `pt`, `nl`) defines a `PROFILE`, in the spirit of
translate-toolkit's `lang/fr.py`; every other language gets the generic Unicode-aware
profile, with a one-line warning naming the language. Modules are imported only when their
language is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field

# code -> module inside this package. A plain dict: adding a language is one line here plus
# one module (see README, "Languages").
REGISTRY: dict[str, str] = {
    "en": "en",
    "fr": "fr",
    "de": "de",
    "es": "es",
    "it": "it",
    "pt": "pt",
    "nl": "nl",
}
FIRST_CLASS = tuple(REGISTRY)


@dataclass(frozen=True)
class Profile:
    """The conventions of one language, as data; the rules that use them live elsewhere.

    Abbreviation sets are written without their final dot:
    `no_split` never ends a sentence (titles, references); `before_number` does not end one
    before a number, a roman numeral or a code letter ("art. 12"); `may_end` ends one only
    before a capital ("etc. Le"). `starters` are words that open a sentence but rarely a
    name: after an initial or a dotted acronym they mark a new sentence.
    """

    code: str
    name: str
    # The language's name for itself, as a bilingual page labels its column ("Français").
    endonym: str = ""
    # The gettext Plural-Forms header of a catalog translated into this language.
    plural_forms: str = "nplurals=2; plural=(n != 1);"
    # The letters beyond ASCII its text is written with, lowercase: they tell which
    # single-byte encoding an article not saved as UTF-8 is in (read.py).
    letters: str = ""
    no_split: frozenset[str] = frozenset()
    before_number: frozenset[str] = frozenset()
    may_end: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()
    elided_starters: frozenset[str] = frozenset()
    # Words after which "J.-C." is Jesus Christ (French) rather than initials.
    before_jc: frozenset[str] = frozenset()
    # "3. Oktober", "der 2. Weltkrieg": a number of up to three digits with a period before
    # a capitalized word that is not a starter is an ordinal, not a sentence end.
    dotted_ordinals: bool = False
    # Word endings that abbreviate before a number: German "Goethestr. 12".
    number_suffixes: tuple[str, ...] = ()
    # Characters that end a sentence with no space after them (。！？ in CJK scripts).
    fullwidth_terminators: str = ""
    # Quotation marks as (opening, closing) pairs, primary first.
    quotes: tuple[tuple[str, str], ...] = (("“", "”"),)
    decimal_mark: str = "."
    # With a decimal comma, how many ".ddd" groups make points group thousands: 1 reads
    # "1.000" as a thousand; 2 (French, which also writes "3.5") reads "1.500" as a decimal
    # and only "1.000.000" as grouped. Spaces always group thousands.
    thousands_point_groups: int = 1
    # A roman-numeral century written out ("XIXe siècle"), as a regex whose group `r` holds
    # the numeral: QA's number check reads it as the number it is ("19th century").
    roman_century: str = ""
    # A (narrow) no-break space before ? ! : ; and inside guillemets (French typography).
    space_before_punctuation: bool = False
    # ¿…? and ¡…! (Spanish).
    inverted_marks: bool = False
    # The commonest function words of the language, lowercase.
    stopwords: frozenset[str] = frozenset()
    # Words that show a run of text is in this language (QA's `identical` and `untranslated`
    # checks); None: the stopwords.
    function_words: frozenset[str] | None = None
    # Words a sound sentence never writes twice in a row ("the the"; "had had" is English),
    # for QA's repetition check; None: the stopwords.
    never_doubled: frozenset[str] | None = None
    # QA's number vocabulary, lowercase: words for small numbers ("drei" -> "3") that may
    # stand for digits on the other side, and the multipliers written after a number
    # ("3 Milliarden", "2 mil millones"), one or two words, as powers of ten.
    number_words: tuple[tuple[str, str], ...] = ()
    multipliers: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)


def words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words without their final dot."""
    return tuple(w.removesuffix(".") for w in text.split() if w.strip("."))


def with_capitals(items: Iterable[str]) -> frozenset[str]:
    """The words, plus their capitalized form for lowercase words of two letters or more."""
    forms = set()
    for word in items:
        word = word.strip().removesuffix(".")
        if not word:
            continue
        forms.add(word)
        if len(word) >= 2 and word[0].islower():
            forms.add(word[0].upper() + word[1:])
    return frozenset(forms)


def vocabulary(text: str) -> tuple[tuple[str, str], ...]:
    """ "zwei=2 drei=3" -> (("zwei", "2"), ("drei", "3")); values may be decimals ("0.5")."""
    return tuple(tuple(item.split("=")) for item in text.split())  # type: ignore[misc]


def powers(text: str) -> tuple[tuple[str, int], ...]:
    """ "Million=6 mil_millones=9" -> (("million", 6), ("mil millones", 9))."""
    pairs = (item.split("=") for item in text.split())
    return tuple((word.replace("_", " ").lower(), int(exp)) for word, exp in pairs)


def abbreviation_sets(
    no_split: str, before_number: str = "", may_end: str = ""
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The three abbreviation sets, disjoint, with capitalized forms added."""
    never = with_capitals(words(no_split))
    number = with_capitals(words(before_number)) - never
    end = with_capitals(words(may_end)) - never - number
    return never, number, end


_cache: dict[str, Profile] = {}


def base_code(language: str) -> str:
    """ "pt-BR", "pt_BR", "PT" -> "pt"."""
    return language.replace("_", "-").split("-")[0].strip().lower()


def get_profile(language: str) -> tuple[Profile, str | None]:
    """The profile of `language`, and a one-line warning when it falls back to the generic one."""
    code = base_code(language)
    if code in REGISTRY:
        return load(REGISTRY[code]), None
    generic = load("generic")
    label = language or "(none)"
    return generic, (
        f"no segmentation profile for language {label!r}; using generic Unicode rules"
        f" (first-class: {', '.join(FIRST_CLASS)})"
    )


def profile(language: str) -> Profile:
    """The profile of `language` ("fr", "pt-BR", "de_AT"), generic when it has none (no
    warning): the one accessor every module asks for a language fact."""
    return get_profile(language)[0]


def endonym(language: str) -> str:
    """What a language calls itself ("Deutsch" for "de" or "de-AT"), for page labels; the
    code as given when diptych has no profile for it."""
    return profile(language).endonym or language


def load(module: str) -> Profile:
    if module not in _cache:
        _cache[module] = importlib.import_module(f"{__name__}.{module}").PROFILE
    return _cache[module]
