# ruff: noqa: E501 - one table row per line reads best
"""QA by language pair: each side read by its own conventions (numbers, typography, text left
untranslated). French to English keeps its own table in test_qa.py."""

from __future__ import annotations

import pytest

from translate.qa import CHECKS, LanguagePair, check_pair, qa_findings

NBSP, NNBSP = "\u00a0", "\u202f"

# (source language, target language, check, source, target, severity or None when quiet)
CASES: list[tuple[str, str, str, str, str, str | None]] = [
    # ------------------------------------------------ numbers: notation converted, quiet
    ("de", "en", "numbers", "Die Inflation lag bei 3,5 Prozent.", "Inflation was 3.5 percent.", None),
    ("de", "en", "numbers", "Rund 1.000 Menschen demonstrierten.", "About 1,000 people protested.", None),
    ("de", "en", "numbers", "Der Etat wächst auf 2,5 Milliarden Euro.", "The budget grows to 2.5 billion euros.", None),
    ("de", "en", "numbers", "Das kostet 12.500,75 Euro.", "That costs 12,500.75 euros.", None),
    ("de", "en", "numbers", "Das Werk beschäftigt 3 Mrd. Euro Kapital.", "The plant employs €3bn of capital.", None),
    ("de", "en", "numbers", "Drei Minister traten zurück.", "3 ministers resigned.", None),
    ("es", "en", "numbers", "La deuda supera los 2 mil millones de euros.", "The debt exceeds 2 billion euros.", None),
    ("es", "en", "numbers", "El paro bajó al 12,4 %.", "Unemployment fell to 12.4%.", None),
    ("es", "en", "numbers", "Asistieron 25.000 personas.", "25,000 people attended.", None),
    ("it", "en", "numbers", "Il governo stanzia 4 miliardi.", "The government allocates 4 billion.", None),
    ("it", "en", "numbers", "Il Pil cresce dello 0,7 per cento.", "GDP grows by 0.7 percent.", None),
    ("pt", "en", "numbers", "O investimento é de 3 bilhões de reais.", "The investment is 3 billion reais.", None),
    ("pt", "en", "numbers", "O défice chegou a 2 mil milhões de euros.", "The deficit reached 2 billion euros.", None),
    ("pt", "en", "numbers", "A taxa subiu para 10,5 %.", "The rate rose to 10.5%.", None),
    ("nl", "en", "numbers", "Het kabinet trekt 1,2 miljard euro uit.", "The cabinet sets aside 1.2 billion euros.", None),
    ("nl", "en", "numbers", "Er kwamen 15.000 bezoekers.", "15,000 visitors came.", None),
    ("en", "fr", "numbers", "Inflation was 3.5 percent.", f"L’inflation était de 3,5{NNBSP}%.", None),
    ("en", "de", "numbers", "About 1,000 people came.", "Etwa 1.000 Menschen kamen.", None),
    ("fr", "de", "numbers", "Le budget atteint 2,5 milliards.", "Der Etat erreicht 2,5 Milliarden.", None),
    # ------------------------------------------------ numbers: flagged
    ("de", "en", "numbers", "Die Inflation lag bei 3,5 Prozent.", "Inflation was 35 percent.", "error"),
    ("de", "en", "numbers", "Rund 1.000 Menschen demonstrierten.", "About 1.0 people protested.", "error"),
    ("de", "en", "numbers", "Der Etat wächst auf 2,5 Milliarden Euro.", "The budget grows to 2.5 million euros.", "error"),
    # German "Billion" is 10^12: the English "billion" is a mistranslation
    ("de", "en", "numbers", "Die Schulden liegen bei 2 Billionen Euro.", "The debt is 2 billion euros.", "error"),
    ("es", "en", "numbers", "La deuda supera los 2 mil millones de euros.", "The debt exceeds 2 million euros.", "error"),
    ("es", "en", "numbers", "El paro bajó al 12,4 %.", "Unemployment fell to 124%.", "error"),
    ("it", "en", "numbers", "Il governo stanzia 4 miliardi.", "The government allocates 4 million.", "error"),
    # Portugal's "bilião" is 10^12, Brazil's "bilhão" 10^9
    ("pt", "en", "numbers", "A dívida chega a 2 biliões de euros.", "The debt reaches 2 billion euros.", "error"),
    ("nl", "en", "numbers", "Het kabinet trekt 1,2 miljard euro uit.", "The cabinet sets aside 1.2 million euros.", "error"),
    ("en", "de", "numbers", "Inflation was 3.5 percent.", "Die Inflation lag bei 35 Prozent.", "error"),
    ("fr", "de", "numbers", "Le budget atteint 2,5 milliards.", "Der Etat erreicht 2,5 Millionen.", "error"),
    # ------------------------------------------------ typography: flagged
    ("de", "en", "typography", "Er sagte: „Wir bleiben.“", "He said: „We are staying.“", "warning"),
    ("de", "en", "typography", "Warum jetzt?", "Why now ?", "warning"),
    ("fr", "de", "typography", "L’inflation atteint 3,5 %.", "Die Inflation erreicht 3.5 %.", "warning"),
    ("en", "fr", "typography", "Why now?", "Pourquoi maintenant?", "warning"),
    ("en", "fr", "typography", "He said: no.", "Il a dit: non.", "warning"),
    ("en", "fr", "typography", "He said “no”.", "Il a dit «non».", "warning"),
    ("en", "es", "typography", "Why now?", "Por qué ahora?", "warning"),
    ("es", "en", "typography", "¿Por qué ahora?", "¿Why now?", "warning"),
    ("en", "de", "typography", "He said “no”.", "Er sagte “nein”.", "warning"),
    ("de", "en", "typography", "Die Rate lag bei 2,5.", "The rate was 2,5.", "warning"),
    # ------------------------------------------------ typography: quiet
    ("de", "en", "typography", "Er sagte: „Wir bleiben.“", "He said: “We are staying.”", None),
    ("de", "en", "typography", "Warum jetzt?", "Why now?", None),
    ("fr", "de", "typography", "L’inflation atteint 3,5 %.", "Die Inflation erreicht 3,5 %.", None),
    ("fr", "de", "typography", "Il a dit : « non ».", "Er sagte: „Nein.“", None),
    ("en", "fr", "typography", "Why now?", f"Pourquoi maintenant{NNBSP}?", None),
    ("en", "fr", "typography", "He said “no”.", f"Il a dit «{NBSP}non{NBSP}».", None),
    ("en", "fr", "typography", "See https://example.org/a?b=1 now.", "Voir https://example.org/a?b=1 maintenant.", None),
    ("en", "es", "typography", "Why now?", "¿Por qué ahora?", None),
    ("es", "en", "typography", "¿Por qué ahora?", "Why now?", None),
    ("en", "de", "typography", "The ratio is 16:9.", "Das Verhältnis ist 16:9.", None),
    ("de", "en", "typography", "Das Treffen beginnt um 14.30 Uhr.", "The meeting starts at 2.30 pm.", None),
    ("nl", "en", "typography", "Hij zei: „We blijven.”", "He said: “We are staying.”", None),
    # ------------------------------------------------ French typography: French sources only
    ("de", "en", "french-typography", "Er sagte: »Nein.«", "He said: »No.«", None),
    ("de", "en", "french-typography", "Warum jetzt?", "Why now ?", None),
    ("fr", "de", "french-typography", "Il a dit : « non ».", "Er sagte: »Nein.«", None),
    # ------------------------------------------------ identical: by the source's function words
    ("de", "en", "identical", "Die Regierung hat das Gesetz gestoppt.", "Die Regierung hat das Gesetz gestoppt.", "error"),
    ("es", "en", "identical", "El gobierno no ha cambiado la ley.", "El gobierno no ha cambiado la ley.", "error"),
    ("nl", "en", "identical", "Het kabinet is op de hoogte.", "Het kabinet is op de hoogte.", "error"),
    ("de", "en", "identical", "Deutsche Bank AG Frankfurt", "Deutsche Bank AG Frankfurt", None),
    ("it", "en", "identical", "Banca Monte dei Paschi", "Banca Monte dei Paschi", None),
    # ------------------------------------------------ untranslated: a source clause left inside
    ("de", "en", "untranslated", "Der Minister sagte, dass die Reform in der nächsten Woche kommt.", "The minister said that die Reform in der nächsten Woche kommt.", "warning"),
    ("es", "en", "untranslated", "El ministro dijo que la reforma llegará en la próxima semana.", "The minister said that la reforma llegará en la próxima semana.", "warning"),
    ("it", "en", "untranslated", "Il ministro ha detto che la riforma arriverà con la nuova legge.", "The minister said that la riforma arriverà con la nuova legge.", "warning"),
    ("pt", "en", "untranslated", "O ministro disse que a reforma chega em uma semana com a lei.", "The minister said that a reforma chega em uma semana com a lei.", "warning"),
    ("nl", "en", "untranslated", "De minister zei dat de hervorming in de volgende week komt.", "The minister said that de hervorming in de volgende week komt.", "warning"),
    ("fr", "en", "untranslated", "Le ministre a dit que la réforme arrivera dans la semaine.", "The minister said that la réforme arrivera dans la semaine.", "warning"),
    ("de", "en", "untranslated", "Der Minister sagte, dass die Reform kommt.", "The minister said the reform is coming.", None),
    ("de", "en", "untranslated", "Sie lasen „Die Blechtrommel“ von Günter Grass.", "They read “Die Blechtrommel” by Günter Grass.", None),
    ("es", "en", "untranslated", "Visitó el Museo Nacional del Prado en Madrid.", "He visited the Museo Nacional del Prado in Madrid.", None),
    ("it", "en", "untranslated", "Ha parlato alla Camera dei Deputati oggi.", "He spoke at the Camera dei Deputati today.", None),
    ("pt", "en", "untranslated", "O jogo foi no Estádio do Maracanã ontem.", "The game was at the Estádio do Maracanã yesterday.", None),
    ("nl", "en", "untranslated", "Hij sprak in de Tweede Kamer der Staten-Generaal.", "He spoke in the Tweede Kamer der Staten-Generaal.", None),
]  # fmt: skip


def _ids() -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for src, tgt, check, *_rest, severity in CASES:
        key = f"{src}-{tgt}-{check}-{'flag' if severity else 'quiet'}"
        seen[key] = seen.get(key, 0) + 1
        ids.append(f"{key}-{seen[key]}")
    return ids


@pytest.mark.parametrize(("src", "tgt", "check", "source", "target", "severity"), CASES, ids=_ids())
def test_check_by_pair(
    src: str, tgt: str, check: str, source: str, target: str, severity: str | None
) -> None:
    found = [
        f for f in check_pair(source, target, None, LanguagePair(src, tgt)) if f.check == check
    ]
    if severity is None:
        assert found == []
    else:
        assert found, f"{check} should flag {target!r} ({src}->{tgt})"
        assert {f.severity for f in found} == {severity}


def test_new_checks_have_six_positives_and_six_negatives() -> None:
    for check in ("untranslated", "typography"):
        assert check in CHECKS
        flagged = [c for c in CASES if c[2] == check and c[5]]
        quiet = [c for c in CASES if c[2] == check and not c[5]]
        assert len(flagged) >= 6 and len(quiet) >= 6, check


def test_every_first_class_source_has_number_cases() -> None:
    for code in ("de", "es", "it", "pt", "nl"):
        kinds = {c[5] for c in CASES if c[0] == code and c[2] == "numbers"}
        assert kinds == {None, "error"}, code


def test_french_pair_is_the_default() -> None:
    source, target = "Pourquoi maintenant ?", "Why now ?"
    assert check_pair(source, target) == check_pair(source, target, None, LanguagePair("fr", "en"))
    assert [f.check for f in check_pair(source, target, None, LanguagePair("de", "en"))] == [
        "typography"
    ]


def test_messages_name_the_languages() -> None:
    same = "Warum ist die Regierung jetzt gegangen?"
    [finding] = check_pair(same, same, None, LanguagePair("de", "en"))
    assert finding.message == "target is identical to the German source"
    found = check_pair("It costs 3.5 euros.", "Es kostet 3.5 Euro.", None, LanguagePair("en", "de"))
    assert "German writes a decimal comma: 3.5" in {f.message for f in found}


def test_qa_findings_take_the_pair() -> None:
    pairs = [("Die Quote lag bei 3,5 Prozent.", "The rate was 3.5 percent.")]
    assert qa_findings(pairs, LanguagePair("de", "en")) == [[]]
    # read as French, "3,5" is still 3.5, but as English source it is 35
    assert qa_findings(pairs, LanguagePair("en", "de")) != [[]]
