"""Labelled pairs of French segments for choosing the fuzzy-match measure and its threshold.

`same=True`: the second is an edit of the first that a journalist could make (a word fixed, a
clause added or cut, a number changed, a typo fixed, a reordering): its old translation is a
useful draft. `same=False`: a different sentence that merely looks alike (short headings on
one pattern, a long shared prefix, one template with other names): carrying the old
translation over would put wrong words in front of the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    old: str
    new: str
    same: bool
    kind: str


CASES: list[Case] = [
    # ------------------------------------------------------------------ same: a word fixed
    Case(
        "Leike a quitté OpenAI il y a moins de deux semaines.",
        "Leike a quitté OpenAI il y a moins de trois semaines.",
        True,
        "word",
    ),
    Case(
        "Sharma dirigeait l'équipe de recherche sur les garde-fous.",
        "Sharma pilotait l'équipe de recherche sur les garde-fous.",
        True,
        "word",
    ),
    Case(
        "La communauté a répondu à sa décision avec respect.",
        "La communauté a accueilli sa décision avec respect.",
        True,
        "word",
    ),
    Case(
        "Un départ retentissant a secoué Anthropic.",
        "Un départ inattendu a secoué Anthropic.",
        True,
        "word",
    ),
    Case(
        "Cette équipe a été dissoute et ses membres ont été réaffectés à des rôles de recherche.",
        "Cette équipe a été démantelée et ses membres ont été réaffectés à des rôles de recherche.",
        True,
        "word",
    ),
    Case(
        "L'entreprise se positionne comme étant plus axée sur la sécurité que ses concurrents.",
        "La société se positionne comme étant plus axée sur la sécurité que ses concurrents.",
        True,
        "word",
    ),
    Case(
        "Le transfert de Jan Leike à Anthropic marque une étape importante.",
        "Le passage de Jan Leike à Anthropic marque une étape importante.",
        True,
        "word",
    ),
    Case(
        "Les préoccupations de Leike sur l'IA",
        "Les inquiétudes de Leike sur l'IA",
        True,
        "word",
    ),
    Case(
        "Anthropic et l'éthique de l'IA",
        "Anthropic et l'éthique de l'intelligence artificielle",
        True,
        "word",
    ),
    Case("Jan Leike rejoint Anthropic", "Jan Leike rejoint officiellement Anthropic", True, "word"),
    # ------------------------------------------------------------------ same: a number changed
    Case(
        "Anthropic a obtenu un investissement de 4 milliards de dollars d'Amazon.",
        "Anthropic a obtenu un investissement de 2,75 milliards de dollars d'Amazon.",
        True,
        "number",
    ),
    Case(
        "Fondé en 2021 par d'anciens employés d'OpenAI, Anthropic a grandi vite.",
        "Fondé en 2020 par d'anciens employés d'OpenAI, Anthropic a grandi vite.",
        True,
        "number",
    ),
    Case(
        "La lettre a été vue plus de 2 millions de fois en 24 heures.",
        "La lettre a été vue plus de 3 millions de fois en 48 heures.",
        True,
        "number",
    ),
    Case(
        "Le chômage a reculé à 7,3 % au deuxième trimestre.",
        "Le chômage a reculé à 7,4 % au deuxième trimestre.",
        True,
        "number",
    ),
    Case(
        "Plus de 3 000 manifestants ont défilé samedi à Paris.",
        "Plus de 30 000 manifestants ont défilé samedi à Paris.",
        True,
        "number",
    ),
    Case(
        "La réunion est prévue le 12 mars à 14 h 30.",
        "La réunion est prévue le 14 mars à 15 h.",
        True,
        "number",
    ),
    # ------------------------------------------------------------------ same: a typo fixed
    Case(
        "Leike n'est pas le seul à avoir quiter OpenAI récemment.",
        "Leike n'est pas le seul à avoir quitté OpenAI récemment.",
        True,
        "typo",
    ),
    Case(
        "Les systemes d'IA superintelligents doivent rester controlables.",
        "Les systèmes d'IA superintelligents doivent rester contrôlables.",
        True,
        "typo",
    ),
    Case(
        "Il a remercié ses collègues pour leur colaboration.",
        "Il a remercié ses collègues pour leur collaboration.",
        True,
        "typo",
    ),
    Case(
        "Dans un post sur X, Leike a exprimé son enthousiasme pour son nouveau role.",
        "Dans un post sur X, Leike a exprimé son enthousiasme pour son nouveau rôle.",
        True,
        "typo",
    ),
    Case(
        "Anthropic : Une nouvelle étape pour Leike",
        "Anthropic : une nouvelle étape pour Leike",
        True,
        "typo",
    ),
    Case(
        "Sa décision reflète une prise de conscience croissante des enjeux éthiques.",
        "Sa décision reflète une prise de conscience croissante des enjeux éthiques .",
        True,
        "typo",
    ),
    Case(
        "OpenAI a aussi dévoilé des plans pour tester son « prochain modèle de frontière ».",
        "OpenAI a aussi dévoilé des plans pour tester son « prochain modèle de pointe ».",
        True,
        "word",
    ),
    # ------------------------------------------------------------------ same: a clause added or cut
    Case(
        "Leike a critiqué OpenAI pour ne pas avoir fourni suffisamment de ressources.",
        "Leike a critiqué OpenAI pour ne pas avoir fourni suffisamment de ressources "
        "informatiques à son équipe.",
        True,
        "clause",
    ),
    Case(
        "Sharma lui-même note qu'en dehors des contraintes corporatives, il a plus de liberté.",
        "Sharma lui-même note qu'en dehors des contraintes corporatives, il a plus de liberté "
        "pour s'exprimer ouvertement.",
        True,
        "clause",
    ),
    Case(
        "Gretchen Krueger, une chercheuse en politique, a également annoncé sa démission.",
        "Gretchen Krueger a également annoncé sa démission.",
        True,
        "clause",
    ),
    Case(
        "Après son départ, il compte se consacrer à des études de philosophie.",
        "Après son départ de l'entreprise, il compte changer complètement d'orientation pour se "
        "consacrer à des études de philosophie.",
        True,
        "clause",
    ),
    Case(
        "Anthropic semble bien positionné pour jouer un rôle clé dans l'avenir de l'IA.",
        "Avec des investissements massifs, Anthropic semble bien positionné pour jouer un rôle "
        "clé dans l'avenir de l'IA.",
        True,
        "clause",
    ),
    Case(
        "Ces départs ont incité OpenAI à former un comité de sécurité.",
        "Ces départs en série ont incité OpenAI, soutenu par Microsoft, à former un comité de "
        "sécurité.",
        True,
        "clause",
    ),
    Case(
        "La lettre met particulièrement en lumière la difficulté de maintenir des principes "
        "dans un environnement d'entreprise.",
        "La lettre met en lumière la difficulté de maintenir des principes.",
        True,
        "clause",
    ),
    Case(
        "Leike, avec son expérience, est sans doute un atout précieux pour cette mission.",
        "Leike, avec son expérience et son dévouement à la cause, est sans doute un atout "
        "précieux pour cette mission ambitieuse.",
        True,
        "clause",
    ),
    # ------------------------------------------------------------------ same: reordered
    Case(
        "Selon lui, le monde est en danger.",
        "Le monde est en danger, selon lui.",
        True,
        "reorder",
    ),
    Case(
        "Dans son message, il a affirmé que le monde est en danger.",
        "Il a affirmé dans son message que le monde est en danger.",
        True,
        "reorder",
    ),
    Case(
        "La semaine dernière, Gretchen Krueger a annoncé sa démission.",
        "Gretchen Krueger a annoncé sa démission la semaine dernière.",
        True,
        "reorder",
    ),
    Case(
        "Après les démissions, cette équipe a été dissoute.",
        "Cette équipe a été dissoute après les démissions.",
        True,
        "reorder",
    ),
    Case(
        "Bret Taylor, Sam Altman, Nicole Seligman et Adam D'Angelo siègent au comité.",
        "Sam Altman, Bret Taylor, Adam D'Angelo et Nicole Seligman siègent au comité.",
        True,
        "reorder",
    ),
    Case(
        "Cette semaine, le domaine de l'IA a été secoué par l'annonce de Jan Leike.",
        "Le domaine de l'IA a été secoué cette semaine par l'annonce de Jan Leike.",
        True,
        "reorder",
    ),
    Case(
        "« Nous devons prioriser la préparation », a-t-il déclaré.",
        "Il a déclaré : « Nous devons prioriser la préparation ».",
        True,
        "reorder",
    ),
    # ------------------------------------------------------------------ different: short headings
    Case("Les préoccupations de Leike", "Les départs de Leike", False, "heading"),
    Case(
        "Les préoccupations de Leike sur l'IA", "Les ambitions de Leike sur l'IA", False, "heading"
    ),
    Case("Anthropic et l'éthique de l'IA", "Anthropic et la sécurité de l'IA", False, "heading"),
    Case("Jan Leike rejoint Anthropic", "Jan Leike quitte Anthropic", False, "heading"),
    Case("Jan Leike quitte OpenAI", "Ilya Sutskever quitte OpenAI", False, "heading"),
    Case("Une nouvelle étape pour Leike", "Une nouvelle étape pour Anthropic", False, "heading"),
    Case("Les risques de l'IA", "Les promesses de l'IA", False, "heading"),
    Case("Retour en haut", "Retour en arrière", False, "heading"),
    Case("Introduction", "Conclusion", False, "heading"),
    Case("Contexte", "Contacts", False, "heading"),
    Case("Partie 1", "Partie 2", False, "heading"),
    Case("Le rôle d'Amazon", "Le rôle de Microsoft", False, "heading"),
    Case("Ce que dit la lettre", "Ce que dit la loi", False, "heading"),
    Case("Sharma quitte Anthropic", "Sharma rejoint Anthropic", False, "heading"),
    # ------------------------------------------------------------------ different: shared prefix
    Case(
        "Dans son message, il a affirmé que le monde est en danger.",
        "Dans son message, il a remercié ses collègues pour leur collaboration.",
        False,
        "prefix",
    ),
    Case(
        "Leike a précédemment travaillé sur l'équipe Superalignment d'OpenAI.",
        "Leike a précédemment dirigé des recherches sur l'apprentissage par renforcement.",
        False,
        "prefix",
    ),
    Case(
        "Anthropic, pour sa part, utilise une approche appelée IA constitutionnelle.",
        "Anthropic, pour sa part, refuse de commenter ces départs.",
        False,
        "prefix",
    ),
    Case(
        "Selon lui, cela implique une instabilité géopolitique croissante.",
        "Selon lui, cela ne change rien à la stratégie de l'entreprise.",
        False,
        "prefix",
    ),
    Case(
        "La lettre met particulièrement en lumière la difficulté de maintenir des principes.",
        "La lettre met particulièrement en cause la direction de l'entreprise.",
        False,
        "prefix",
    ),
    Case(
        "Pour les passionnés de technologie, le passage de Leike à Anthropic est un signe.",
        "Pour les passionnés de technologie, cette annonce n'a rien de surprenant.",
        False,
        "prefix",
    ),
    Case(
        "Après son départ, il compte se consacrer à des études de philosophie.",
        "Après son départ, l'équipe a été dissoute.",
        False,
        "prefix",
    ),
    Case(
        "En annonçant sa démission, Jan Leike a exprimé ses préoccupations sur l'AGI.",
        "En annonçant sa démission, Jan Leike a remercié Sam Altman.",
        False,
        "prefix",
    ),
    Case(
        "Il a déclaré que l'entreprise déviait de sa mission.",
        "Il a déclaré que l'entreprise n'avait pas de comité de sécurité.",
        False,
        "prefix",
    ),
    # ------------------------------------------------------------------ different: same template
    Case(
        "Gretchen Krueger, une chercheuse en politique, a annoncé sa démission.",
        "Ilya Sutskever, le cofondateur de l'entreprise, a annoncé sa démission.",
        False,
        "template",
    ),
    Case(
        "Leike a quitté OpenAI pour rejoindre Anthropic.",
        "Sutskever a quitté Google pour rejoindre OpenAI.",
        False,
        "template",
    ),
    Case(
        "Amazon a investi 4 milliards de dollars dans Anthropic.",
        "Microsoft a investi 13 milliards de dollars dans OpenAI.",
        False,
        "template",
    ),
    Case(
        "Le comité est supervisé par Bret Taylor.",
        "Le conseil est présidé par Sam Altman.",
        False,
        "template",
    ),
    Case(
        "Sharma dirigeait l'équipe de recherche sur les garde-fous.",
        "Leike dirigeait l'équipe de recherche sur l'alignement.",
        False,
        "template",
    ),
    Case(
        "La semaine dernière, Gretchen Krueger a annoncé sa démission.",
        "La semaine dernière, OpenAI a annoncé un nouveau modèle.",
        False,
        "template",
    ),
    Case(
        "Il a remercié ses collègues pour leur collaboration.",
        "Il a critiqué ses dirigeants pour leur manque de moyens.",
        False,
        "template",
    ),
    # ------------------------------------------------------------------ different: same topic
    Case(
        "Leike n'est pas le seul à avoir quitté OpenAI récemment.",
        "Sutskever a quitté OpenAI plus tôt ce mois-ci.",
        False,
        "topic",
    ),
    Case(
        "Anthropic se positionne comme plus axée sur la sécurité.",
        "La sécurité est au cœur de la stratégie d'Anthropic.",
        False,
        "topic",
    ),
    Case(
        "Sa décision reflète une prise de conscience croissante des enjeux éthiques.",
        "Sa démission pourrait influencer la perception de la société.",
        False,
        "topic",
    ),
    Case(
        "Cette équipe a été dissoute après les démissions.",
        "Cette approche illustre l'engagement d'Anthropic.",
        False,
        "topic",
    ),
    # ------------------------------------------------------------------ different: contained
    # Every word of the short one is in the long one, but the old translation would cover
    # only a sliver of the new sentence.
    Case(
        "Anthropic",
        "Anthropic a récemment obtenu un investissement de 4 milliards de dollars.",
        False,
        "contained",
    ),
    Case(
        "Retour en haut",
        "Le retour en haut de l'affiche d'OpenAI a surpris les analystes.",
        False,
        "contained",
    ),
    Case(
        "Il a démissionné.",
        "Il a démissionné de son poste au conseil d'administration, a annoncé mardi son "
        "porte-parole dans un communiqué transmis à la presse.",
        False,
        "contained",
    ),
    Case(
        "Jan Leike et OpenAI",
        "Les relations entre Jan Leike et la direction d'OpenAI se sont dégradées au fil des mois.",
        False,
        "contained",
    ),
    Case(
        "La sécurité de l'IA",
        "La sécurité de l'IA n'est plus une priorité pour les dirigeants, selon plusieurs "
        "anciens employés de l'entreprise.",
        False,
        "contained",
    ),
    Case(
        "Sam Altman a réagi.",
        "Sam Altman a réagi sur X en remerciant Leike pour ses contributions, tout en promettant "
        "une réponse détaillée dans les jours suivants.",
        False,
        "contained",
    ),
]
