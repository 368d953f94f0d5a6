"""French sentence-segmentation cases: what news prose contains, with the split a reader expects.

Each case is `Case(text, expected, category)`. Most texts are built by joining the expected
sentences with one space (`_c`); cases whose gaps matter (newlines, leading or trailing space)
spell out the text (`_t`). `NB` is U+00A0 (before a colon, inside guillemets, in numbers),
`NNB` is U+202F (before ? ! ;), as French typography puts them.

The table is shared by tests/test_segment.py (exact output of diptych's splitter) and
bench/segment_eval.py (accuracy of every candidate splitter, per category).
"""

from __future__ import annotations

from typing import NamedTuple

NB = "\u00a0"
NNB = "\u202f"


class Case(NamedTuple):
    text: str
    expected: tuple[str, ...]
    category: str


def _c(category: str, *sentences: str) -> Case:
    return Case(" ".join(sentences), sentences, category)


def _t(category: str, text: str, *sentences: str) -> Case:
    return Case(text, sentences, category)


CASES: list[Case] = [
    # --- abbreviations and titles -------------------------------------------------------
    _c("abbreviation", "M. Dupont a démissionné hier.", "Il sera remplacé par Mme Durand."),
    _c(
        "abbreviation",
        "MM. Martin et Bernard ont signé l’accord mardi.",
        "Les syndicats s’y opposent.",
    ),
    _c("abbreviation", "Selon Mme. Roux, la décision est prise."),
    _c(
        "abbreviation", "Mlle Moreau et Me Lefèvre étaient à l’audience.", "Le verdict est attendu."
    ),
    _c(
        "abbreviation",
        "Le Dr. Martin et le Pr. Petit ont publié l’étude.",
        "Elle porte sur 3 000 patients.",
    ),
    _c("abbreviation", "Le Dr Martin a confirmé le diagnostic.", "Le patient est sorti."),
    _c(
        "abbreviation",
        "Selon M. Macron, la réforme est nécessaire.",
        "M. Bayrou n’est pas de cet avis.",
    ),
    _c(
        "abbreviation",
        "Le prix a été attribué à M. Mbougar Sarr.",
        "Le jury a voté au premier tour.",
    ),
    _c("abbreviation", "Mgr. Aupetit a célébré la messe.", "La cathédrale était comble."),
    _c("abbreviation", "L’église St. Michel a été restaurée en 2019."),
    _c(
        "abbreviation", "Voir l’art. 12 de la loi du 9 décembre 1905.", "Le texte reste en vigueur."
    ),
    _c("abbreviation", "Le détail figure p. 45 du rapport, et pp. 60-62 pour les annexes."),
    _c("abbreviation", "Ils ont acheté du pain, du vin, etc.", "Le repas a duré trois heures."),
    _c("abbreviation", "On y trouve des livres, des disques, etc. et même des vinyles."),
    _c(
        "abbreviation", "Le rapport cite des voisins (Belgique, Suisse, etc.) sans tous les nommer."
    ),
    _c("abbreviation", "Cette thèse est discutée ailleurs (cf. chapitre 3).", "Nous y revenons."),
    _c("abbreviation", "Cf. Dupont (2019) pour une analyse complète."),
    _c("abbreviation", "La foule comptait env. 2 000 personnes selon la préfecture."),
    _c(
        "abbreviation",
        "L’ouvrage compte trois tomes (vol. 2 paru en 2021).",
        "Le dernier sortira en mai.",
    ),
    _c("abbreviation", "Le dossier n° 4512 a été classé sans suite.", "L’avocat fait appel."),
    _c("abbreviation", "La ville fut fondée en 52 av. J.-C. par les Romains."),
    _c("abbreviation", "La ville fut fondée en 52 av. J.-C.", "Elle devint une colonie romaine."),
    _c("abbreviation", "L’empereur mourut en 14 apr. J.-C. à Nola."),
    _c(
        "abbreviation",
        "Le site date du IIe siècle apr. J.-C.",
        "Les archéologues restent prudents.",
    ),
    _c("abbreviation", "Il a annulé son vol.", "Il partira demain."),
    _c("abbreviation", "Elle aime l’art.", "Le musée ouvre ses portes demain."),
    _c("abbreviation", "Le colloque aura lieu le 3 sept. 2026 à Lyon."),
    _c("abbreviation", "La réunion est fixée au 12 janv. 2027.", "L’ordre du jour suivra."),
    _c("abbreviation", "Elle habite 12, av. Victor-Hugo à Paris."),
    _c("abbreviation", "Dans son livre (éd. Gallimard, 2019), il raconte son enfance."),
    _c("abbreviation", "Le studio a été racheté par Take-Two Interactive Inc. pour 12 milliards."),
    _c("abbreviation", "Voir fig. 3 et tab. 2.", "Les données sont provisoires."),
    # --- initials -----------------------------------------------------------------------
    _c("initials", "J. R. R. Tolkien a écrit Le Seigneur des anneaux."),
    _c("initials", "Jean-P. Sartre refusa le prix Nobel en 1964."),
    _c(
        "initials", "Le roman de J.R.R. Tolkien reste un succès.", "Il a été traduit en 38 langues."
    ),
    _c("initials", "La doctrine de G. W. Bush a marqué la décennie."),
    _c("initials", "L’entreprise fondée par J.-C. Decaux emploie 11 000 personnes."),
    _c("initials", "Selon J.-M. Le Pen, rien n’avait changé."),
    _c("initials", "Le journaliste A. Dupont signe l’enquête."),
    _c(
        "initials", "Les patients manquaient de vitamine D.", "Les médecins recommandent un apport."
    ),
    _c("initials", "Le parti a choisi le plan B.", "Il sera présenté lundi."),
    _c("initials", "Il a été condamné au titre de l’art. L. 121-1 du Code de la consommation."),
    # --- acronyms -----------------------------------------------------------------------
    _c("acronym", "Il a vécu dix ans aux U.S.A.", "Il est rentré en France en 2019."),
    _c("acronym", "L’O.N.U. a adopté la résolution.", "La Russie s’est abstenue."),
    _c("acronym", "Le siège de l’O.N.U. se trouve à New York."),
    _c("acronym", "Le secrétaire général de l’O.N.U. Antonio Guterres a pris la parole."),
    _c("acronym", "La S.N.C.F. annonce des grèves.", "Les trains seront perturbés."),
    _c("acronym", "Selon l’AFP, 3 personnes ont été blessées.", "Le bilan est provisoire."),
    # --- numbers ------------------------------------------------------------------------
    _c("number", "Le taux est passé de 3,5 à 4,2 en un an.", "C’est un record."),
    _c(
        "number",
        "La croissance atteint 3.5 points selon l’institut.",
        "Les économistes sont surpris.",
    ),
    _c("number", "Le chômage a baissé en 2024.", "2025 s’annonce plus difficile."),
    _c("number", f"Les effectifs sont passés à 12{NB}000.", "Ce chiffre devrait encore augmenter."),
    _c("number", "Il a couru le 100 m en 9,58 s.", "C’est toujours le record du monde."),
    _c("number", "Le pont mesure 1.2 km de long."),
    _c("number", "La France a battu l’Irlande 27-24.", "Le match a été serré."),
    _c("number", "Le bilan est passé de 12 à 15.", "Il pourrait encore s’alourdir."),
    # --- dates and times ----------------------------------------------------------------
    _c("date_time", "La réunion est prévue le 22.11.2026 à Bruxelles.", "Les ministres y seront."),
    _c("date_time", f"Le train part à 14{NB}h{NB}30.", f"Il arrive à Lyon à 16{NB}h{NB}27."),
    _c("date_time", "Rendez-vous à 14h30.", "Soyez à l’heure."),
    _c("date_time", "Le marché ouvre à 8 h.", "Il ferme à midi."),
    _c("date_time", "Le sommet s’est tenu le 1er mars 2026.", "Il a réuni 27 chefs d’État."),
    _c("date_time", "Le scrutin a eu lieu le 12/06/2024.", "Les résultats ont surpris."),
    _c("date_time", "Il était 23 h 45.", "Les bars fermaient."),
    # --- currencies and percentages -----------------------------------------------------
    _c("currency_percent", "Le contrat est évalué à 4,5 M€.", "Il court sur cinq ans."),
    _c("currency_percent", f"Le billet coûte 10{NB}$.", "C’est deux fois plus qu’en 2020."),
    _c("currency_percent", f"L’inflation a atteint 3,5{NB}%.", "La BCE pourrait relever ses taux."),
    _c("currency_percent", "Les ventes ont progressé de 12 % sur un an, à 2,3 Md€."),
    _c(
        "currency_percent",
        "Sa fortune est estimée à 4 Md$.",
        "Il figure parmi les dix plus riches.",
    ),
    _c(
        "currency_percent",
        f"La dette atteint 110,6{NNB}% du PIB.",
        "Bruxelles demande des efforts.",
    ),
    _c("currency_percent", "Il a été élu avec 52,3 % des voix.", "Son adversaire conteste."),
    # --- ordinals -----------------------------------------------------------------------
    _c("ordinal", "Il a terminé 1er de sa promotion.", "Il rejoindra le Conseil d’État."),
    _c("ordinal", "Le château date du XIXe s.", "Il a été classé en 1987."),
    _c("ordinal", "Ce style est typique du XIXe s. et du début du XXe."),
    _c("ordinal", "Le 2e arrondissement et le 3e sont concernés.", "La mairie a réagi."),
    _c("ordinal", "Il a marqué à la 89e min.", "Le stade a explosé."),
    # --- URLs and e-mails ---------------------------------------------------------------
    _c("url_email", "Le rapport est sur https://exemple.fr/a.b?c=1.", "Il compte 200 pages."),
    _c("url_email", "Écrivez à jean.dupont@exemple.fr.", "La rédaction vous répondra."),
    _c("url_email", "Consultez www.service-public.fr pour les démarches.", "Le site est à jour."),
    _c(
        "url_email",
        "Le code est sur https://github.com/exemple/projet.",
        "Les contributions sont bienvenues.",
    ),
    _c("url_email", f"Contact{NB}: presse@ministere.gouv.fr ou 01 23 45 67 89."),
    # --- guillemets and no-break spaces -------------------------------------------------
    _c(
        "guillemets",
        f"Il a dénoncé des «{NB}produits clinquants{NB}».",
        "Sa lettre a été lue partout.",
    ),
    _c("guillemets", f"Faut-il s’inquiéter{NNB}?", "Les experts sont partagés."),
    _c("guillemets", f"C’est une victoire{NNB}!", "Le maire jubile."),
    _c(
        "guillemets", f"Le ministre l’a dit{NB}: «{NB}Nous sommes prêts.{NB}»", "La réforme suivra."
    ),
    _c(
        "guillemets",
        f"«{NNB}Nous ne céderons pas{NNB}», a affirmé la ministre.",
        "La grève continue.",
    ),
    _c("guillemets", f"Il a lancé{NB}: «{NB}Quelle histoire{NNB}!{NB}»", "Puis il est sorti."),
    _c("guillemets", f"«{NB}Je pars.", f"Tu restes.{NB}»"),
    _c(
        "guillemets",
        f"Elle a déclaré{NB}: «{NB}Le projet est mort.",
        f"Nous passons à autre chose.{NB}»",
        "La salle a applaudi.",
    ),
    _c("guillemets", 'Il a parlé de "produits clinquants".', "Personne n’a réagi."),
    _c("guillemets", 'Il a dit : "Je pars."', "Puis il est sorti."),
    _c(
        "guillemets",
        "Le “prochain modèle de frontière” sera testé.",
        "OpenAI n’a pas donné de date.",
    ),
    _c("guillemets", f"Pourquoi maintenant{NNB}?", f"Pourquoi lui{NNB}?"),
    _c("guillemets", "Quoi ?!", "Vous plaisantez."),
    _c("guillemets", f"Attention{NNB}; la route est glissante."),
    _c("guillemets", f"«{NB}Je reviendrai{NB}», avait-il promis.", "Il n’est jamais revenu."),
    # --- ellipses -----------------------------------------------------------------------
    _c("ellipsis", "Il hésita... puis partit sans un mot."),
    _c("ellipsis", "Il hésita…", "Puis il partit sans un mot."),
    _c("ellipsis", "Et puis… rien ne s’est passé."),
    _c("ellipsis", "Nous verrons bien...", "La suite au prochain épisode."),
    _c("ellipsis", f"«{NB}Le projet […] Nous l’abandonnons{NB}», a-t-il écrit."),
    _c("ellipsis", "Les marchés, l’énergie, l’immobilier…", "Tous les secteurs sont touchés."),
    # --- dialogue and incises -----------------------------------------------------------
    _c("dialogue", f"«{NB}Vous partez{NNB}? demanda-t-elle.{NB}»"),
    _c("dialogue", f"«{NB}Vous partez{NNB}?{NB}» demanda-t-elle.", "Il ne répondit pas."),
    _c("dialogue", f"«{NB}C’est terminé{NNB}!{NB}» s’exclama-t-il.", "Personne ne bougea."),
    _c("dialogue", f"«{NB}Nous verrons, dit-il.", f"Rien ne presse.{NB}»"),
    _c("dialogue", f"«{NB}Pourquoi{NNB}?", f"Parce que c’est ainsi.{NB}»"),
    _c("dialogue", "— Vous êtes sûr ? demanda le juge.", "— Certain, répondit-il."),
    _c("dialogue", "Hélas ! il était trop tard."),
    _c("dialogue", "Comment ? vous ne saviez pas ?"),
    _c("dialogue", "Qu’en pense-t-il ?", "Rien, à l’entendre."),
    # --- parentheses --------------------------------------------------------------------
    _c("parentheses", "Le texte a été adopté (par 312 voix contre 200).", "L’opposition proteste."),
    _c(
        "parentheses",
        "Le texte a été adopté.",
        "(Le Sénat doit encore se prononcer.)",
        "La navette reprendra en mars.",
    ),
    _c("parentheses", "Le projet (lancé en 2019 !) n’a jamais abouti."),
    _c("parentheses", "Le coût reste élevé (voir p. 12).", "Des économies sont possibles."),
    _c("parentheses", "La ville (env. 30 000 hab.) vote dimanche."),
    # --- dashes -------------------------------------------------------------------------
    _c("dash", "Le projet – lancé en 2019 – n’a jamais abouti.", "Il sera abandonné."),
    _c("dash", "Il a tout perdu — sa maison, son travail.", "Il repart de zéro."),
    _c("dash", "C’est une polycrise – une convergence de problèmes.", "Elle inquiète."),
    _c("dash", "Le résultat – incroyable ! – a surpris tout le monde."),
    _c("dash", "Il est parti.", "— Pourquoi ?"),
    # --- questions and exclamations -----------------------------------------------------
    _c("question_exclamation", "Qui gouverne vraiment ?", "La question divise."),
    _c("question_exclamation", "Quel gâchis !", "Tout était pourtant prêt."),
    _c("question_exclamation", "Faut-il réformer la PAC ? oui, répondent les agriculteurs."),
    _c("question_exclamation", "Pourquoi ?", "Personne ne le sait."),
    # --- numbered lists -----------------------------------------------------------------
    _c("list", "1. Ouvrir le dossier."),
    _c("list", "1. Ouvrir le dossier.", "2. Signer le formulaire."),
    _c(
        "list",
        "Trois mesures : 1. Baisser la TVA ; 2. Augmenter les pensions ; 3. Geler les loyers.",
    ),
    _c("list", "12. Le dernier point concerne le budget.", "Il sera voté en décembre."),
    # --- Markdown inline markup ---------------------------------------------------------
    _c("markdown", "Tapez `echo fin. Bonjour` dans le terminal.", "Le message s’affiche."),
    _c("markdown", "Lisez [l’article. Très bon](https://lemonde.fr/a.b) ce soir.", "Il est court."),
    _c("markdown", "Voir [le rapport](https://exemple.fr/rapport.v2.pdf).", "Il date de mars."),
    _c("markdown", "**Attention.**", "Le pont est fermé."),
    _c("markdown", "**Le pont est fermé. La déviation passe par Lyon.**"),
    _c("markdown", "Le logo ![Logo. Officiel](logo.png) est en ligne.", "Il est rouge."),
    _c("markdown", "Le texte est *vraiment* long.", "Il faut le couper."),
    # --- plain prose, layout ------------------------------------------------------------
    _c(
        "prose",
        "Un départ a secoué Anthropic : Mriyank Sharma a quitté ses fonctions.",
        "Il a remercié ses collègues.",
    ),
    _t(
        "prose",
        "Le gouvernement a présenté\nson budget. Les débats\ncommencent lundi.",
        "Le gouvernement a présenté\nson budget.",
        "Les débats\ncommencent lundi.",
    ),
    _t("prose", "Première phrase.\nDeuxième phrase.", "Première phrase.", "Deuxième phrase."),
    _c("prose", "Anthropic : une nouvelle étape pour Leike"),
    _t("prose", "  Une phrase. Une autre.  ", "Une phrase.", "Une autre."),
    _c("prose", "Il est parti.", "Étant donné la situation, c’est compréhensible."),
    _c("prose", "Le ministre a réagi.", "« C’est inacceptable », a-t-il dit."),
    _c("prose", "Apple a présenté son téléphone.", "iPhone 17 sera vendu en septembre."),
]

# Written after the splitter, and measured without changing it: an estimate of how the rules
# do on prose they were not designed against. Reported separately by bench/segment_eval.py.
HELD_OUT: list[Case] = [
    _c(
        "abbreviation",
        "Le Pr Raoult a été entendu par les sénateurs.",
        "Il a maintenu ses positions.",
    ),
    _c(
        "abbreviation", "Mme Borne et M. Le Maire ont présenté le budget.", "Les débats commencent."
    ),
    _c(
        "abbreviation",
        "Le document (p. 3, § 2) précise les règles.",
        "Elles s’appliquent dès lundi.",
    ),
    _c("abbreviation", "Le séminaire réunit linguistes, historiens, etc.", "Il dure deux jours."),
    _c("abbreviation", "Sous la dir. de P. Nora, l’ouvrage a connu un grand succès."),
    _c("abbreviation", "La société a son siège 8, bd. Haussmann à Paris."),
    _c("abbreviation", "Les chiffres de l’Insee (cf. tableau 4) sont provisoires."),
    _c("abbreviation", "Le roi est mort en 1715.", "Son arrière-petit-fils lui succède."),
    _c("initials", "Le prix a été remis à M. J.-P. Dupuis par le ministre."),
    _c("initials", "Selon Charles de G. Dupont, rien ne change."),
    _c("initials", "L’écrivain J. M. G. Le Clézio a reçu le Nobel en 2008."),
    _c("initials", "Il ne manquait que la note E.", "Tout le reste était parfait."),
    _c("acronym", "Il a travaillé pour la C.I.A. pendant vingt ans.", "Il a pris sa retraite."),
    _c("acronym", "Il a quitté les U.S.A.", "En 2019, il s’installe à Lyon."),
    _c("number", "Le tirage atteint 150 000 ex.", "C’est un record pour la maison."),
    _c("number", "La note moyenne est de 12,5/20.", "Elle progresse."),
    _c("date_time", f"La séance a été levée à 23{NB}h.", "Elle reprendra demain matin."),
    _c("date_time", "Il est né le 14.07.1989 à Marseille."),
    _c("currency_percent", "Le litre d’essence coûte 1,89 €.", "Il a augmenté de 10 ct."),
    _c("currency_percent", "Le chiffre d’affaires atteint 3,2 Mds €.", "Il double en un an."),
    _c("url_email", "Inscriptions sur https://exemple.fr/inscription.", "Places limitées."),
    _c("url_email", "Écrire à contact@exemple.fr, ou à M. Dupont.", "Réponse sous 48 h."),
    _c(
        "guillemets",
        f"Il a qualifié la mesure de «{NB}scandaleuse{NB}».",
        f"«{NB}Elle ne passera pas{NB}», a-t-il dit.",
    ),
    _c("guillemets", f"«{NB}On verra{NB}», lâche-t-il.", f"«{NB}Rien n’est joué.{NB}»"),
    _c("guillemets", f"Il conclut{NB}: «{NB}C’est fini. Place aux jeunes{NNB}!{NB}»"),
    _c("ellipsis", "Trois, deux, un... Partez !"),
    _c("ellipsis", "On attendait un accord (…) Il n’est jamais venu."),
    _c("dialogue", f"«{NB}Où allez-vous{NNB}?", f"– À Paris, répondit-il.{NB}»"),
    _c("dialogue", "— Vous venez ? — Oui, j’arrive."),
    _c("parentheses", "Il a signé (enfin).", "La crise est close."),
    _c("dash", "Il est arrivé – en retard, comme toujours.", "Personne ne s’en étonne."),
    _c("question_exclamation", "Et maintenant ?", "Nul ne le sait."),
    _c("list", "Deux points : 1. le coût ; 2. le délai.", "Le reste suivra."),
    _c("markdown", "Voir la [note 3](#note-3).", "Elle détaille la méthode."),
    _c("markdown", "La variable `max_len` vaut 512.", "Elle limite la longueur."),
    _c("prose", "Le président de la République a promulgué la loi.", "Elle entre en vigueur."),
]

# Error classes found on Universal Dependencies gold (docs/segmentation.md, "UD treebanks"):
# one case per class, kept apart so that the news table above stays the measure it was. The
# question case adapts a sentence of UD_French-PUD (CC BY-SA 3.0, universaldependencies.org).
UD_CLASSES: list[Case] = [
    _c("unit", "Le réchauffement dépasse le seuil de 2° C.", "De nombreux glaciers reculent."),
    _c("unit", "L’eau gèle à 32 °F.", "Les routes sont glissantes."),
    _c(
        "parentheses",
        "Le contrat a été signé par la société (Dupont S. A).",
        "La mairie l’a confirmé.",
    ),
    _c(
        "quotes",
        'Il est le meilleur du monde ", a souligné l’entraîneur.',
        "Sur la blessure, il est resté prudent.",
        '"Je ne sais pas", a-t-il dit.',
    ),
    _c(
        "quotes",
        '"Je suis le seul responsable.',
        'Personne ne m’a conseillé ce produit "miracle", je le répète".',
        "Le médecin a été suspendu.",
    ),
    _c(
        "quotes",
        "« Nous avons joué sans rythme et sans idées pendant toute la première mi-temps.",
        "Le vestiaire sait qu’il faudra faire beaucoup mieux samedi contre Lyon pour rester "
        "dans la course au titre », a reconnu l’entraîneur.",
    ),
    # Annotators keep "D’où vient … ? Et cette voix …" as one sentence in one treebank
    # sentence only; ? before a capital ends the sentence in the other 30 cases of the gold.
    _c("question", "D’où vient toute son énergie ?", "Et cette voix, si puissante ?"),
]
