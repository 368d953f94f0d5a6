"""Portuguese: «…» and “…” quotes, ordinals 1.º / 1.ª, abbreviations Sr., Sra., Dr.ª."""

from translate.languages import Profile, abbreviation_sets, words

_NO_SPLIT = """
Sr Srs Sra Sras Srta Dr Dra Drs Dras Prof Profa Eng Arq Exmo Exma Ilmo Ilma Revmo Sto Sta
D V Exa Excia Av Pe Fr
pág págs p pp cap vol n nº art al tel aprox ex cf fig tab Cia Ltda S.A
"""
_BEFORE_NUMBER = "séc sec jan fev mar abr mai jun jul ago set out nov dez"
_MAY_END = "etc"

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
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    months=frozenset(
        words(
            "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro"
            " dezembro"
        )
    ),
    quotes=(("«", "»"), ("“", "”"), ('"', '"')),
    decimal_mark=",",
    thousands_marks=(".", "\u202f", "\u00a0", " "),
    stopwords=frozenset(
        words(
            "o a os as um uma de do da dos das em no na nos nas e ou por para com sem se que"
            " não é são foi ao aos"
        )
    ),
    ordinal_pattern=r"\b\d+\.?[ºª°]",
    date_pattern=r"\b\d{1,2}\s+de\s+\w+(?:\s+de\s+\d{4})?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    notes=("«…» in Portugal, “…” in Brazil; decimal comma, thousands with a point",),
)
