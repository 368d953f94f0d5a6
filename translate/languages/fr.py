"""French: the rules diptych was built on (compare translate-toolkit's lang/fr.py)."""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

# Never end a sentence: titles, company forms, references, addresses, and the honorifics and
# abbreviated first names of news prose (S. Exc., Ch. de Gaulle, Ph. Martin, Th. Durand).
_NO_SPLIT = """
M MM Mme Mmes Mlle Mlles Mgr Mgrs Dr Drs Pr Prs Me St Ste Sts Stes Vve
Exc Excs Ch Ph Th
Cie Sté Inc Corp Ltd Gal Cdt Col Lt Sgt
p pp cf env éd coll dir trad vs resp ex suiv sq op av apr ap bd boul fg c.-à-d
"""
# Stand before a number ("art. 12", "vol. III", "3 sept. 2026") but are also words or may
# close a sentence ("l'art.", "son vol."): no split before a number, a roman numeral or
# "L. 121-1".
_BEFORE_NUMBER = """
art vol chap ch fig tab no n t al sect liv éq
janv févr fév avr juil sept oct nov déc
"""
# Often end a sentence: split only when a capital follows ("etc. Le" / "etc. et").
_MAY_END = "etc s hab cit ibid"

# Words that open a French sentence but rarely a name: after an initial or a dotted acronym
# ("vitamine D. Les", "aux U.S.A. Il") they mark a new sentence; a name ("J. R. R. Tolkien",
# "O.N.U. Antonio Guterres") does not.
_STARTERS = """
    Le La Les Un Une Des Du De Au Aux Ce Cet Cette Ces Il Ils Elle Elles On Je Tu Nous Vous
    Mais Et Ou Donc Or Car Puis Ensuite Enfin Alors Ainsi Cependant Pourtant Toutefois
    Néanmoins En Dans Pour Par Sur Sous Avec Sans Chez Selon Depuis Après Avant Pendant Lors Si
    Quand Lorsque Comme Qui Que Quel Quelle Quels Quelles Pourquoi Comment Où Son Sa Ses Leur
    Leurs Mon Ma Mes Notre Nos Votre Vos Cela Ceci Ça Tout Tous Toute Toutes Aucun Aucune
    Chaque Plusieurs Certains Certaines Y
"""
_ELIDED_STARTERS = "L D J C S N Qu Lorsqu Puisqu Jusqu"

_never, _number, _end = abbreviation_sets(_NO_SPLIT, _BEFORE_NUMBER, _MAY_END)

PROFILE = Profile(
    code="fr",
    name="French",
    endonym="Français",
    plural_forms="nplurals=2; plural=(n > 1);",
    letters="àâæçéèêëîïôœùûüÿ",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    elided_starters=frozenset(_ELIDED_STARTERS.split()),
    before_jc=frozenset({"av.", "apr.", "ap.", "avant", "après"}),
    quotes=(("«", "»"), ("“", "”"), ('"', '"')),
    decimal_mark=",",
    thousands_point_groups=2,
    roman_century=r"\b(?P<r>[IVXL]+)(?:e|ème|eme|er|re)[\u0020\u00a0\u202f\u2009\u2007]+"
    r"(?:siècles?|millénaires?)",
    space_before_punctuation=True,
    stopwords=frozenset(
        words(
            "le la les un une des du de au aux et ou à en dans pour par sur ce cette ces il elle"
            " ils elles on qui que est sont a ont pas ne se sa son ses leur leurs"
        )
    ),
    # The list QA's identical and untranslated checks were tuned with, elided forms included.
    function_words=frozenset(
        words(
            "le la les l de des du d un une et est sont que qui qu dans pour sur avec au aux en"
            " ne pas ce cette ces son sa ses leur leurs il elle ils elles nous vous par mais ou"
            " où plus selon été être a ont était comme très aussi entre après avant sans chez"
        )
    ),
    number_words=vocabulary(
        "un=1 une=1 deux=2 trois=3 quatre=4 cinq=5 six=6 sept=7 huit=8 neuf=9 dix=10 onze=11"
        " douze=12 treize=13 quatorze=14 quinze=15 seize=16 vingt=20 trente=30 quarante=40"
        " cinquante=50 cent=100 mille=1000 premier=1 première=1 deuxième=2 second=2 seconde=2"
        " troisième=3 quatrième=4 cinquième=5 dixième=10 moitié=0.5 demi=0.5 quart=0.25"
        " dizaine=10 douzaine=12 centaine=100"
    ),
    multipliers=powers(
        "mille=3 million=6 millions=6 milliard=9 milliards=9 billion=12 billions=12"
        " md=9 mds=9 mrd=9 mrds=9"
    ),
    notes=(
        "narrow no-break space before ? ! ; and no-break space before : and inside « »",
        "decimal comma; thousands grouped with a (narrow) no-break space",
    ),
)
