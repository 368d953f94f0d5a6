"""German: dotted ordinals ("am 3. Oktober", "der 2. Weltkrieg"), „…“ and »…« quotes."""

from translate.languages import Profile, abbreviation_sets, powers, vocabulary, words

_NO_SPLIT = """
Hr Hrn Fr Frl Dr Prof Dipl Ing Mag St Hl Pfr
z B d h u a o ä s v gg Ggf ggf bzw vgl ca evtl inkl exkl zzgl abzgl sog bspw zB dh ua
Nr Abs Art Bd Bde Kap Ziff Anm Abb Tab Hrsg hrsg Aufl Jh Jhs Mio Mrd Tsd Std Min Sek
Str Pl Tel Fa GmbH Co Inc Ltd Corp geb gest verh led Uni Jg
med kath evang u.a z.B d.h o.ä
n
"""
_MAY_END = "usw etc ff f"

_STARTERS = """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ihr Ich Man Dies Diese
    Dieser Dieses Aber Und Oder Doch Denn Dann Danach Damit Dabei Daher Deshalb Trotzdem Auch
    Nun So Im In Am An Auf Aus Bei Mit Nach Von Vor Zu Zum Zur Für Um Über Unter Seit Wenn Als
    Wie Was Wer Wo Warum Nachdem Während Obwohl Sein Seine Ihre Unsere Kein Keine Jeder Jede
    Alle Viele Mehrere Bereits Schon Noch Nur Zudem Außerdem Allerdings Jedoch Hier Dort Heute
    Gestern Morgen
"""

_never, _number, _end = abbreviation_sets(_NO_SPLIT, "", _MAY_END)

PROFILE = Profile(
    code="de",
    name="German",
    endonym="Deutsch",
    letters="äöüß",
    no_split=_never,
    before_number=_number,
    may_end=_end,
    starters=frozenset(_STARTERS.split()),
    dotted_ordinals=True,
    number_suffixes=("str",),
    quotes=(("„", "“"), ("»", "«"), ("‚", "‘"), ('"', '"')),
    decimal_mark=",",
    stopwords=frozenset(
        words(
            "der die das den dem des ein eine einen einem einer und oder in im am an auf aus"
            " bei mit nach von vor zu zum zur für ist sind war hat haben nicht sich es er sie"
        )
    ),
    number_words=vocabulary(
        "ein=1 eine=1 eins=1 zwei=2 drei=3 vier=4 fünf=5 sechs=6 sieben=7 acht=8 neun=9"
        " zehn=10 elf=11 zwölf=12 dreizehn=13 vierzehn=14 fünfzehn=15 sechzehn=16 zwanzig=20"
        " dreißig=30 vierzig=40 fünfzig=50 hundert=100 tausend=1000 erste=1 erster=1 ersten=1"
        " zweite=2 zweiten=2 dritte=3 dritten=3 hälfte=0.5 halb=0.5 halbe=0.5 viertel=0.25"
        " dutzend=12"
    ),
    multipliers=powers(
        "tausend=3 tsd=3 million=6 millionen=6 mio=6 milliarde=9 milliarden=9 mrd=9"
        " billion=12 billionen=12 bio=12"
    ),
    notes=(
        "quotes „…“ (or »…« in books); no space before ? ! : ;",
        "decimal comma, thousands with a period or a thin space: 1.000,5",
        "ordinals are a number with a period: der 3. Oktober",
    ),
)
