"""Portuguese: «…» and “…” quotes, ordinals 1.º / 1.ª, abbreviations Sr., Sra., Dr.ª."""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

_NO_SPLIT = """
Sr Srs Sra Sras Srta Dr Dra Drs Dras Prof Profa Eng Arq Exmo Exma Ilmo Ilma Revmo Sto Sta
D V Exa Excia Av Pe Fr
sr srs sra sras srta dr dra drs dras prof profa
pág págs p pp cap vol n nº al tel aprox ex cf fig tab Cia
"""
_BEFORE_NUMBER = "art séc sec jan fev mar abr mai jun jul ago set out nov dez"
_MAY_END = "etc Ltda S.A"

_STARTERS = """
    O A Os As Um Uma Uns Umas Do Da Dos Das No Na Nos Nas Ao Aos À Às Ele Ela Eles Elas Eu Nós
    Você Vocês Se Seu Sua Seus Suas Este Esta Isto Esse Essa Isso Aquele Aquela Mas E Ou Porém
    Contudo Entretanto Então Depois Antes Ainda Também Além Assim Segundo Para Por Com Sem Em
    De Desde Quando Como Onde Porque Quem Que Todos Todas Cada Hoje Ontem Amanhã Não Já Há É
"""

_never, _number, _end = abbreviation_sets(_NO_SPLIT, _BEFORE_NUMBER, _MAY_END)

PROFILE = Profile(
    code="pt",
    name="Portuguese",
    endonym="Português",
    letters="áàâãçéêíóôõú",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    quotes=(("«", "»"), ("“", "”"), ('"', '"')),
    decimal_mark=",",
    stopwords=frozenset(
        words(
            "o a os as um uma de do da dos das em no na nos nas e ou por para com sem se que"
            " não é são foi ao aos"
        )
    ),
    number_words=vocabulary(
        "um=1 uma=1 dois=2 duas=2 três=3 quatro=4 cinco=5 seis=6 sete=7 oito=8 nove=9"
        " dez=10 onze=11 doze=12 treze=13 catorze=14 quinze=15 dezesseis=16 dezasseis=16"
        " vinte=20 trinta=30 quarenta=40 cinquenta=50 cem=100 cento=100 mil=1000 primeiro=1"
        " primeira=1 segundo=2 segunda=2 terceiro=3 terceira=3 metade=0.5 meio=0.5 meia=0.5"
        " quarto=0.25 dúzia=12 dezena=10"
    ),
    multipliers=powers(
        "mil=3 milhão=6 milhões=6 milhao=6 milhoes=6 mi=6 mil_milhões=9 bilhão=9 bilhões=9"
        " bilhao=9 bilhoes=9 bi=9 bilião=12 biliões=12 trilhão=12 trilhões=12"
    ),
    notes=("«…» in Portugal, “…” in Brazil; decimal comma, thousands with a point",),
)
