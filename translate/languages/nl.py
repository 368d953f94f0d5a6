"""Dutch: abbreviations (dhr., mevr., bijv., o.a.), ’s-Hertogenbosch, „…“ and “…” quotes."""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

_NO_SPLIT = """
Dhr dhr Mevr mevr Mw mw Mr mr Dr dr Drs drs Ir ir Ing ing Prof prof Ds St Sr Jr Mej
bijv bv vgl resp incl excl ca evt o.a m.a.w d.w.z i.p.v t.a.v m.b.t z.g.a.n n.a.v c.q
nr blz pag p art al lid hfst fig tab tel Fa B.V N.V
"""
_BEFORE_NUMBER = "jan feb mrt apr jun jul aug sep sept okt nov dec"
_MAY_END = "enz etc"

_STARTERS = """
    De Het Een Die Dat Deze Dit Hij Zij Ze Het Wij We Ik Jij Je U Men Er Maar En Of Want Dus
    Toch Daarna Daarom Dan Ook Nu Zo In Op Aan Bij Met Na Van Voor Naar Over Onder Sinds Als
    Toen Wanneer Hoe Wat Wie Waar Waarom Omdat Terwijl Hoewel Zijn Haar Hun Ons Onze Geen Elke
    Alle Veel Vandaag Gisteren Morgen Volgens Tijdens Ondanks Al Niet Ook Bovendien Echter
"""

_never, _number, _end = abbreviation_sets(_NO_SPLIT, _BEFORE_NUMBER, _MAY_END)

PROFILE = Profile(
    code="nl",
    name="Dutch",
    endonym="Nederlands",
    letters="áàäçéèëêíïóöúü",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    elided_starters=frozenset({"s", "t", "S", "T"}),
    quotes=(("“", "”"), ("„", "”"), ("‘", "’"), ('"', '"')),
    decimal_mark=",",
    stopwords=frozenset(
        words(
            "de het een en of in op aan bij met van voor naar die dat is zijn was heeft hebben"
            " niet er ook te om"
        )
    ),
    number_words=vocabulary(
        "een=1 één=1 twee=2 drie=3 vier=4 vijf=5 zes=6 zeven=7 acht=8 negen=9 tien=10"
        " elf=11 twaalf=12 dertien=13 veertien=14 vijftien=15 zestien=16 twintig=20 dertig=30"
        " veertig=40 vijftig=50 honderd=100 duizend=1000 eerste=1 tweede=2 derde=3 helft=0.5"
        " half=0.5 halve=0.5 kwart=0.25 dozijn=12"
    ),
    multipliers=powers(
        "duizend=3 miljoen=6 miljoenen=6 mln=6 miljard=9 miljarden=9 mld=9 mrd=9"
        " biljoen=12 biljoenen=12"
    ),
    notes=("decimal comma, thousands with a point; ordinals 1e, 2de, 3de",),
)
