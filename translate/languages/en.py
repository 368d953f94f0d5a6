"""English: diptych's default target, read by QA and labelled by exports.

Its sentence rules are the generic profile's (English sources have had no rules of their
own); its number vocabulary and function words are what QA reads English targets by.
"""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

_never, _number, _end = abbreviation_sets("Dr Mr Mrs Ms Prof St Jr Sr Inc Ltd Corp", "", "etc")

PROFILE = Profile(
    code="en",
    name="English",
    endonym="English",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    # Kept from the generic rules English sources had before: a quoted CJK passage still splits.
    fullwidth_terminators="。！？｡",
    quotes=(("“", "”"), ("‘", "’"), ('"', '"')),
    decimal_mark=".",
    stopwords=frozenset(
        words(
            "the a an of to in on at for with from by and or is are was were this that it he she"
            " they has have had not be been"
        )
    ),
    never_doubled=frozenset(
        words("the a an of to in on at for with from by and or is are was were this these")
    ),
    number_words=vocabulary(
        "one=1 a=1 an=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10"
        " eleven=11 twelve=12 thirteen=13 fourteen=14 fifteen=15 sixteen=16 twenty=20"
        " thirty=30 forty=40 fifty=50 hundred=100 thousand=1000 first=1 second=2 third=3"
        " fourth=4 fifth=5 tenth=10 half=0.5 quarter=0.25 dozen=12"
    ),
    multipliers=powers(
        "thousand=3 million=6 millions=6 billion=9 billions=9 bn=9 trillion=12 trillions=12"
    ),
    notes=("decimal point, thousands with a comma: 1,000.5",),
)
