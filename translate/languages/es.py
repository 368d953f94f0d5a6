"""Spanish: ¿…? and ¡…!, «…» quotes, ordinals 1.º / 1.ª, abbreviations Sr., Sra., EE. UU."""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

_NO_SPLIT = """
Sr Sres Sra Sras Srta Dr Dra Dres Lic Ing Arq Prof Mons Excmo Excma Ilmo Ilma Sto Sta Fr
D Dña Da Ud Uds Vd Vds EE EEUU
pág págs p pp cap vol núm n art av avda c cf vid aprox tel ej admón dpto depto Cía S.A S.L
párr párrf Mt
sr sres sra sras srta dr dra
"""
_BEFORE_NUMBER = """
fig figs
ene feb mar abr may jun jul ago sep sept oct nov dic lun mié jue vie sáb dom No
"""
_MAY_END = "etc"

_STARTERS = """
    El La Los Las Un Una Unos Unas Lo Al Del Él Ella Ellos Ellas Yo Nosotros Se Su Sus Este
    Esta Estos Estas Ese Esa Eso Esto Pero Y O Sin Con En Por Para Según Desde Tras Ante Sobre
    Entre Hasta Cuando Como Donde Si No Ya También Además Sin Embargo Así Luego Después Antes
    Hoy Ayer Mañana Aunque Mientras Todo Todos Toda Todas Cada Varios Hay Es
"""

_never, _number, _end = abbreviation_sets(_NO_SPLIT, _BEFORE_NUMBER, _MAY_END)

PROFILE = Profile(
    code="es",
    name="Spanish",
    endonym="Español",
    letters="áéíñóúü",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    quotes=(("«", "»"), ("“", "”"), ("‘", "’"), ('"', '"')),
    decimal_mark=",",
    inverted_marks=True,
    stopwords=frozenset(
        words(
            "el la los las un una unos unas y o de del al en por para con sin se su sus es son"
            " que no lo le les ha han"
        )
    ),
    number_words=vocabulary(
        "un=1 uno=1 una=1 dos=2 tres=3 cuatro=4 cinco=5 seis=6 siete=7 ocho=8 nueve=9"
        " diez=10 once=11 doce=12 trece=13 catorce=14 quince=15 dieciséis=16 veinte=20"
        " treinta=30 cuarenta=40 cincuenta=50 cien=100 ciento=100 mil=1000 primero=1 primera=1"
        " segundo=2 segunda=2 tercero=3 tercera=3 mitad=0.5 medio=0.5 media=0.5 cuarto=0.25"
        " docena=12 decena=10"
    ),
    multipliers=powers(
        "mil=3 millón=6 millones=6 mil_millones=9 millardo=9 millardos=9 mmdd=9"
        " billón=12 billones=12"
    ),
    notes=(
        "questions and exclamations open with ¿ and ¡",
        "decimal comma (a point in Mexico and Central America); thousands with a point",
        "ordinals 1.º, 2.ª",
    ),
)
