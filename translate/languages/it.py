"""Italian: «…» quotes, elided articles (l’, dell’, un’), abbreviations sig., dott., ecc."""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

_NO_SPLIT = """
sig sigg sig.ra sig.na dott dott.ssa dr prof prof.ssa avv ing arch geom rag on sen mons
S Ss gen col ten magg egr gent spett Fr dir amm psicol
pag pagg p pp cfr vol art cap n nr tel ca fig es tab
S.p.A S.r.l
"""
_BEFORE_NUMBER = "gen febbr mar apr mag giu lug ago sett ott nov dic"
_MAY_END = "ecc etc"

_STARTERS = """
    Il Lo La I Gli Le Un Uno Una Del Della Dei Degli Delle Al Alla Ai Agli Alle Nel Nella Nei
    Negli Nelle Sul Sulla Lui Lei Loro Io Noi Voi Egli Ella Ma E O Però Quindi Poi Anche Inoltre
    Tuttavia Infatti Intanto Così Se Quando Come Dove Perché Chi Che Questo Questa Questi
    Queste Quel Quella Ogni Tutti Tutte Alcuni Secondo Dopo Prima Oggi Ieri Domani In Per Con
    Da Su Tra Fra Non Già Ci Si È
"""
_ELIDED_STARTERS = "L Un Dell All Nell Sull Dall Quest Quell C D S"

_never, _number, _end = abbreviation_sets(_NO_SPLIT, _BEFORE_NUMBER, _MAY_END)

PROFILE = Profile(
    code="it",
    name="Italian",
    endonym="Italiano",
    letters="àèéìíîòóùú",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    elided_starters=frozenset(_ELIDED_STARTERS.split()),
    quotes=(("«", "»"), ("“", "”"), ('"', '"')),
    decimal_mark=",",
    stopwords=frozenset(
        words(
            "il lo la i gli le un uno una di del della dei degli delle a al alla e o in nel per"
            " con su da che non si è sono ha hanno"
        )
    ),
    number_words=vocabulary(
        "un=1 uno=1 una=1 due=2 tre=3 quattro=4 cinque=5 sei=6 sette=7 otto=8 nove=9"
        " dieci=10 undici=11 dodici=12 tredici=13 quattordici=14 quindici=15 sedici=16"
        " venti=20 trenta=30 quaranta=40 cinquanta=50 cento=100 mille=1000 primo=1 prima=1"
        " secondo=2 seconda=2 terzo=3 terza=3 metà=0.5 mezzo=0.5 mezza=0.5 quarto=0.25"
        " dozzina=12 decina=10"
    ),
    multipliers=powers(
        "mila=3 milione=6 milioni=6 mln=6 miliardo=9 miliardi=9 mld=9 mrd=9 bilione=12 bilioni=12"
    ),
    notes=("«…» in print, “…” online; decimal comma, thousands with a point",),
)
