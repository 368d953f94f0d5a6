"""Every other language: Unicode rules only, including scripts written without spaces."""

from translate.languages import Profile, abbreviation_sets

# Titles shared by many languages written in the Latin script.
_never, _number, _end = abbreviation_sets("Dr Mr Mrs Ms Prof St Jr Sr Inc Ltd Corp", "", "etc")

PROFILE = Profile(
    code="und",
    name="generic",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    fullwidth_terminators="。！？｡",
    quotes=(("“", "”"), ("«", "»"), ("「", "」"), ("『", "』"), ('"', '"')),
    decimal_mark=".",
    notes=("no language-specific rules: abbreviations beyond titles end sentences",),
)
