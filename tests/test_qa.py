"""QA checks: for each check, pairs it must flag and pairs it must leave alone."""

from __future__ import annotations

import pytest

from translate.qa import CHECKS, ArticleNorms, Finding, article_norms, check_pair

NBSP, NNBSP = "\u00a0", "\u202f"

# (check, source, target, severity or None when the check must stay silent)
CASES: list[tuple[str, str, str, str | None]] = [
    # ---------------------------------------------------------------- numbers: flagged
    (
        "numbers",
        "Anthropic a obtenu un investissement de 4 milliards de dollars d’Amazon.",
        "Anthropic obtained a $4 million investment from Amazon.",
        "error",
    ),
    (
        "numbers",
        "Le chômage a reculé à 7,3 % au deuxième trimestre.",
        "Unemployment fell to 7.5% in the second quarter.",
        "error",
    ),
    (
        "numbers",
        "Fondé en 2021 par d’anciens employés d’OpenAI, Anthropic emploie 500 personnes.",
        "Founded by former OpenAI employees, Anthropic employs 500 people.",
        "error",
    ),
    (
        "numbers",
        "La réunion commencera à 14 h 30 au ministère.",
        "The meeting will start at 4:30 pm at the ministry.",
        "error",
    ),
    (
        "numbers",
        "Le prix du billet passe à 1,50 euro.",
        "The ticket price rises to 1,50 euros.",
        "error",
    ),
    (
        "numbers",
        "Plus de 3 000 manifestants ont défilé samedi.",
        "More than 3,000 demonstrators marched on Saturday, 12 were arrested.",
        "error",
    ),
    (
        "numbers",
        "La lettre a été vue 2,5 millions de fois.",
        "The letter was viewed 2.5 billion times.",
        "error",
    ),
    # ---------------------------------------------------------------- numbers: not flagged
    (
        "numbers",
        "Le taux d’inflation atteint 3,5 % en mars 2024.",
        "The inflation rate reaches 3.5% in March 2024.",
        None,
    ),
    (
        "numbers",
        f"La ville compte 1{NBSP}000{NBSP}000 d’habitants et 2{NNBSP}500 médecins.",
        "The city has 1,000,000 inhabitants and 2,500 doctors.",
        None,
    ),
    (
        "numbers",
        "Anthropic a obtenu un investissement de 4 milliards de dollars d’Amazon.",
        "Anthropic obtained a $4 billion investment from Amazon.",
        None,
    ),
    (
        "numbers",
        "Le budget s’élève à 2,5 millions d’euros.",
        "The budget amounts to 2.5 million euros.",
        None,
    ),
    (
        "numbers",
        "Le sommet s’ouvrira le 1er juin à 14h30.",
        "The summit will open on June 1st at 14:30.",
        None,
    ),
    (
        "numbers",
        "La conférence débute à 14 h 30, heure de Paris.",
        "The conference starts at 2:30 pm Paris time.",
        None,
    ),
    (
        "numbers",
        "Ce courant est né au XIXe siècle, bien avant GPT-3.5.",
        "This movement was born in the 19th century, long before GPT-3.5.",
        None,
    ),
    (
        "numbers",
        "Deux chercheurs et 3 ingénieurs ont quitté l’équipe.",
        "2 researchers and three engineers left the team.",
        None,
    ),
    (
        "numbers",
        "Microsoft a investi un milliard de dollars en 2019.",
        "Microsoft invested $1 billion in 2019.",
        None,
    ),
    (
        # a seed sentence in compound-adjective style ("a $4-billion investment"): the
        # hyphen still joins the multiplier to its number
        "numbers",
        "Fondé en 2021 par d’anciens employés et cadres d’OpenAI, Anthropic a récemment "
        "obtenu un investissement de 4 milliards de dollars d’Amazon.",
        "Founded in 2021 by former OpenAI employees and executives, Anthropic recently "
        "secured a US$4-billion investment from Amazon.",
        None,
    ),
    (
        "numbers",
        "Anthropic a obtenu un investissement de 4 milliards de dollars d’Amazon.",
        "Anthropic obtained a $4-million investment from Amazon.",
        "error",
    ),
    # ---------------------------------------------------------------- markup: flagged
    (
        "markup",
        "Leike l’a annoncé dans [un post sur X](https://x.com/janleike/status/1).",
        "Leike announced it in a post on X.",
        "error",
    ),
    (
        "markup",
        "Il a parlé de **sécurité** avant tout.",
        "He talked about ** safety** above all.",
        "error",
    ),
    (
        "markup",
        "La commande `pip install diptych` suffit.",
        "The `pip install diptych` command is `enough`.",
        "error",
    ),
    (
        "markup",
        "Le rapport est <em>accablant</em> pour la direction.",
        "The report is damning for the management.",
        "error",
    ),
    (
        "markup",
        "Lire [l’enquête](https://lemonde.fr/a) publiée mardi.",
        "Read [the investigation](https://lemonde.fr/b) published on Tuesday.",
        "error",
    ),
    (
        "markup",
        "Le modèle répond « {name} » à chaque requête.",
        "The model answers “name” to every request.",
        "error",
    ),
    (
        "markup",
        "Voir le communiqué sur https://www.anthropic.com/news pour les détails.",
        "See the press release for details.",
        "error",
    ),
    # ---------------------------------------------------------------- markup: not flagged
    (
        "markup",
        "Leike l’a annoncé dans [un post sur X](https://x.com/janleike/status/1).",
        "Leike announced it in [a post on X](https://x.com/janleike/status/1).",
        None,
    ),
    (
        "markup",
        "Il a parlé de **sécurité** et de *valeurs* avant tout.",
        "He talked about *values* and **safety** above all.",
        None,
    ),
    (
        "markup",
        "La commande `pip install diptych` suffit.",
        "The `pip install diptych` command is enough.",
        None,
    ),
    (
        "markup",
        "Le rapport est <em>accablant</em> pour la direction.",
        "The report is <em>damning</em> for the management.",
        None,
    ),
    (
        "markup",
        "Voir le communiqué sur https://www.anthropic.com/news.",
        "See the press release at https://www.anthropic.com/news.",
        None,
    ),
    (
        "markup",
        "Le fichier snake_case_name et la formule 2*3*4 ne sont pas du balisage.",
        "The snake_case_name file and the formula 2*3*4 are not markup.",
        None,
    ),
    # ---------------------------------------------------------------- identical: flagged
    (
        "identical",
        "Les préoccupations de Leike sur l’IA",
        "Les préoccupations de Leike sur l’IA",
        "error",
    ),
    (
        "identical",
        "Anthropic : Une nouvelle étape pour Leike",
        "Anthropic : Une nouvelle étape pour Leike",
        "error",
    ),
    (
        "identical",
        "Leike n’est pas le seul à avoir quitté OpenAI récemment.",
        "Leike n’est pas le seul à avoir quitté OpenAI récemment.",
        "error",
    ),
    (
        "identical",
        "Jan Leike et d’autres départs d’OpenAI",
        "Jan Leike et d’autres départs d’OpenAI",
        "error",
    ),
    (
        "identical",
        "La communauté a répondu avec respect.",
        "La  communauté a répondu avec respect. ",
        "error",
    ),
    (
        "identical",
        "Un départ retentissant chez Anthropic",
        "un départ retentissant chez anthropic",
        "error",
    ),
    # ---------------------------------------------------------------- identical: not flagged
    ("identical", "OpenAI", "OpenAI", None),
    ("identical", "Sam Altman et Elon Musk", "Sam Altman et Elon Musk", None),
    ("identical", "Claude 3 Opus", "Claude 3 Opus", None),
    (
        "identical",
        "« Move fast and break things »",
        "« Move fast and break things »",
        None,
    ),
    ("identical", "Le Monde diplomatique", "Le Monde diplomatique", None),
    (
        "identical",
        "Les préoccupations de Leike sur l’IA",
        "Leike’s concerns about AI",
        None,
    ),
    # ---------------------------------------------------------------- repetition: flagged
    ("repetition", "Le modèle a été testé.", "The the the model was tested.", "warning"),
    (
        "repetition",
        "Les résultats du modèle sont encourageants.",
        "The results of the model of the model of the model are encouraging.",
        "warning",
    ),
    (
        "repetition",
        "Il a quitté l’entreprise la semaine dernière.",
        "He left the company the company last week.",
        "warning",
    ),
    ("repetition", "Il a remercié ses collègues.", "He thanked his of of colleagues.", "warning"),
    (
        "repetition",
        "La sécurité est essentielle.",
        "Safety is essential, essential, essential, essential.",
        "warning",
    ),
    (
        "repetition",
        "L’équipe a été dissoute après les démissions.",
        "The team was dissolved after the resignations after the resignations.",
        "warning",
    ),
    # ---------------------------------------------------------------- repetition: not flagged
    (
        "repetition",
        "Il avait eu des doutes avant de partir.",
        "He had had doubts before leaving.",
        None,
    ),
    (
        "repetition",
        "Il a dit que cela ne suffirait pas.",
        "He said that that would not be enough.",
        None,
    ),
    ("repetition", "« Non, non, non », a-t-il répété.", "“No, no, no,” he repeated.", None),
    (
        "repetition",
        "Les prix augmentent très, très vite.",
        "Prices are rising very, very fast.",
        None,
    ),
    (
        "repetition",
        "Ce qu’il fait est important.",
        "What he does is is important.",
        "warning",
    ),
    (
        "repetition",
        "Jour après jour, la pression monte.",
        "Day after day, the pressure is mounting.",
        None,
    ),
    (
        "repetition",
        "Les partisans de l’IA ouverte et de l’IA fermée s’opposent.",
        "Supporters of open AI and closed AI are at odds.",
        None,
    ),
    # ---------------------------------------------------------------- final punctuation: flagged
    ("final-punctuation", "Il a quitté OpenAI.", "He left OpenAI", "warning"),
    ("final-punctuation", "Le monde est-il en danger ?", "The world is in danger.", "warning"),
    ("final-punctuation", "Quelle surprise !", "What a surprise.", "warning"),
    ("final-punctuation", "Il a déclaré :", "He said.", "warning"),
    ("final-punctuation", "Et pourtant…", "And yet.", "warning"),
    (
        "final-punctuation",
        "Les préoccupations de Leike sur l’IA",
        "Leike’s concerns about AI.",
        "warning",
    ),
    (
        "final-punctuation",
        "Il dénonce des « produits clinquants ».",
        "He denounces “flashy products”",
        "warning",
    ),
    # ---------------------------------------------------------------- final punctuation: quiet
    (
        "final-punctuation",
        "Il dénonce des « produits clinquants ».",
        "He denounces “flashy products.”",
        None,
    ),
    ("final-punctuation", "Le monde est-il en danger ?", "Is the world in danger?", None),
    (
        "final-punctuation",
        f"« Nous devons agir{NNBSP}! »",
        "“We must act!”",
        None,
    ),
    ("final-punctuation", "Et pourtant…", "And yet...", None),
    ("final-punctuation", "Jan Leike et d’autres départs d’OpenAI", "Jan Leike and others", None),
    (
        "final-punctuation",
        "Lire [l’enquête](https://lemonde.fr/a).",
        "Read [the investigation](https://lemonde.fr/a).",
        None,
    ),
    ("final-punctuation", "Il a déclaré :", "He said:", None),
    # ---------------------------------------------------------------- French typography: flagged
    (
        "french-typography",
        "Il dénonce des « produits clinquants ».",
        "He denounces « flashy products ».",
        "warning",
    ),
    ("french-typography", "Pourquoi maintenant ?", f"Why now{NBSP}?", "warning"),
    ("french-typography", "Pourquoi maintenant ?", "Why now ?", "warning"),
    ("french-typography", "Quelle surprise !", f"What a surprise{NNBSP}!", "warning"),
    ("french-typography", "Il a déclaré : « Non ».", f"He said{NBSP}: no.", "warning"),
    ("french-typography", "Une hausse de 3 %.", f"An increase of 3{NNBSP}%.", "warning"),
    # ---------------------------------------------------------------- French typography: quiet
    ("french-typography", "Pourquoi maintenant ?", "Why now?", None),
    (
        "french-typography",
        "Il dénonce des « produits clinquants ».",
        "He denounces “flashy products”.",
        None,
    ),
    ("french-typography", "Il a déclaré : « Non ».", "He said: “No”.", None),
    ("french-typography", "Une hausse de 3 %.", "A 3% increase.", None),
    (
        "french-typography",
        "La syntaxe `a ? b : c` est courante.",
        "The `a ? b : c` syntax is common.",
        None,
    ),
    ("french-typography", "Le ratio est de 16:9.", "The ratio is 16:9.", None),
    # inside a code span of two backticks, which may hold one: code, not prose
    ("french-typography", "Tapez ``a `b` ; « c »`` ici.", "Type ``a `b` ; « c »`` here.", None),
    ("french-typography", "Tapez ``a ; b`` ici.", "Type ``a ; b`` here.", None),
]


def _ids() -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for check, *_rest, severity in CASES:
        seen[check] = seen.get(check, 0) + 1
        ids.append(f"{check}-{'flag' if severity else 'quiet'}-{seen[check]}")
    return ids


@pytest.mark.parametrize(("check", "source", "target", "severity"), CASES, ids=_ids())
def test_check(check: str, source: str, target: str, severity: str | None) -> None:
    found = [f for f in check_pair(source, target) if f.check == check]
    if severity is None:
        assert found == []
    else:
        assert found, f"{check} should flag {target!r}"
        assert {f.severity for f in found} == {severity}


def test_every_check_has_six_positives_and_six_negatives() -> None:
    for check in CHECKS:
        if check in ("length", "untranslated", "typography"):
            continue  # tables of their own: below, and per language pair in test_qa_languages
        flagged = [c for c in CASES if c[0] == check and c[3]]
        quiet = [c for c in CASES if c[0] == check and not c[3]]
        assert len(flagged) >= 6 and len(quiet) >= 6, check


def test_number_messages_name_the_numbers() -> None:
    [missing, added] = check_pair(
        "Un investissement de 4 milliards de dollars.", "A $4 million investment."
    )
    assert "4 milliards" in missing.message and "4 million" in added.message
    assert missing.message.startswith("number missing") and added.message.startswith("number not")


# ---------------------------------------------------------------- length ratio

_ARTICLE = [
    (
        "Un départ retentissant a secoué Anthropic cette semaine.",
        "A resounding departure shook Anthropic this week.",
    ),
    (
        "Sharma dirigeait l’équipe de recherche sur les garde-fous.",
        "Sharma led the safeguards research team.",
    ),
    (
        "La lettre met en lumière la difficulté de maintenir des principes.",
        "The letter highlights the difficulty of maintaining principles.",
    ),
    (
        "Après son départ, il compte se consacrer à la philosophie.",
        "After his departure, he plans to devote himself to philosophy.",
    ),
    (
        "La communauté a répondu à sa décision avec respect.",
        "The community responded to his decision with respect.",
    ),
    (
        "Leike n’est pas le seul à avoir quitté OpenAI récemment.",
        "Leike is not the only one to have left OpenAI recently.",
    ),
    (
        "Cette équipe a été dissoute après les démissions.",
        "This team was dissolved after the resignations.",
    ),
    (
        "L’entreprise se positionne comme plus axée sur la sécurité.",
        "The company positions itself as more safety-focused.",
    ),
    (
        "Dans un post sur X, Leike a exprimé son enthousiasme.",
        "In a post on X, Leike expressed his enthusiasm.",
    ),
    (
        "Ces départs en série ont incité OpenAI à former un comité.",
        "These successive departures prompted OpenAI to form a committee.",
    ),
    ("OpenAI", "OpenAI"),
    ("Titre", ""),
]

LENGTH_CASES: list[tuple[str, str, bool]] = [
    # flagged: cut short, looped, or padded far beyond the article's norm
    (
        "La pression économique croissante a conduit à des décisions qu’il ne peut plus soutenir.",
        "The growing economic pressure.",
        True,
    ),
    (
        "Sharma lui-même note qu’en dehors des contraintes corporatives, il a plus de liberté.",
        "Sharma.",
        True,
    ),
    (
        "Il a remercié ses collègues pour leur collaboration.",
        "He thanked his colleagues for their collaboration, their collaboration, "
        "their collaboration, their collaboration and their collaboration.",
        True,
    ),
    (
        "Leike a quitté OpenAI il y a moins de deux semaines.",
        "Leike left OpenAI less than two weeks ago, and the company, which is backed by "
        "Microsoft, has since announced a safety committee overseen by board members.",
        True,
    ),
    (
        "Même les sociétés axées sur la sécurité sont confrontées au marché.",
        "Even companies.",
        True,
    ),
    (
        "Selon lui, cela implique aussi une instabilité géopolitique croissante.",
        "According to him.",
        True,
    ),
    # not flagged: ordinary variation in a translation's length
    (
        "La pression économique croissante a conduit à des décisions qu’il ne peut plus soutenir.",
        "Growing economic pressure has led to decisions he can no longer support.",
        False,
    ),
    (
        "Sharma lui-même note qu’en dehors des contraintes corporatives, il a plus de liberté.",
        "Sharma himself notes that outside corporate constraints he has more freedom.",
        False,
    ),
    (
        "Il a remercié ses collègues pour leur collaboration.",
        "He thanked his colleagues for working with him.",
        False,
    ),
    (
        "Leike a quitté OpenAI il y a moins de deux semaines.",
        "Leike left OpenAI less than two weeks ago.",
        False,
    ),
    (
        "Même les sociétés axées sur la sécurité sont confrontées au marché.",
        "Even safety-minded companies face the market.",
        False,
    ),
    (
        "Selon lui, cela implique aussi une instabilité géopolitique croissante.",
        "He says this also means growing geopolitical instability.",
        False,
    ),
    ("Voir ici.", "See.", False),  # too short to judge
]


def test_article_norms_use_translated_pairs_only() -> None:
    norms = article_norms(_ARTICLE)
    assert norms.count == 10  # the name kept as is and the empty target do not count
    assert 0.8 < 2.718281828**norms.median < 1.05
    assert norms.spread >= 0.15


@pytest.mark.parametrize(("source", "target", "flagged"), LENGTH_CASES)
def test_length(source: str, target: str, flagged: bool) -> None:
    found = [f for f in check_pair(source, target, article_norms(_ARTICLE)) if f.check == "length"]
    assert bool(found) is flagged
    assert all(f.severity == "warning" for f in found)


def test_length_needs_a_norm() -> None:
    short = "The growing economic pressure."
    source = LENGTH_CASES[0][0]
    assert not [f for f in check_pair(source, short) if f.check == "length"]
    few = ArticleNorms(median=0.0, spread=0.15, count=3)
    assert not [f for f in check_pair(source, short, few) if f.check == "length"]


# ---------------------------------------------------------------- registry


def test_empty_target_is_untranslated_not_wrong() -> None:
    assert check_pair("Il a quitté OpenAI en 2024.", "") == []


def test_findings_are_frozen() -> None:
    finding = Finding("numbers", "error", "x")
    with pytest.raises(AttributeError):
        finding.check = "markup"  # type: ignore[misc]


def test_a_roman_century_is_a_number_where_neither_side_has_a_digit():
    from translate.qa import check_numbers

    found = check_numbers("Au XIXe siècle, la ville a grandi.", "In that century, the city grew.")
    assert [f.message for f in found] == ["number missing in target: “XIXe siècle”"]
    assert check_numbers("Au XIXe siècle, la ville a grandi.", "In the 19th century.") == []
    assert check_numbers("La ville a grandi.", "The city grew.") == []


def test_repeats_are_found_at_every_size_up_to_the_longest():
    from translate.qa.shape import _MAX_NGRAM, _repeats

    for n in range(1, _MAX_NGRAM + 1):
        phrase = [f"w{i}" for i in range(n)]
        assert _repeats(["x", *phrase, *phrase, "y"]) == [(n, 2, 1)]
    longer = [f"w{i}" for i in range(_MAX_NGRAM + 1)]
    assert _repeats(longer + longer) == []
