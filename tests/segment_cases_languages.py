"""Sentence-segmentation cases of news prose in German, Spanish, Italian, Portuguese, Dutch.

Same shape as tests/segment_cases.py: `Case(text, expected, category)`, the text being the
expected sentences joined by one space. Shared by tests/test_languages.py (boundary F1 of
diptych per language) and bench/segment_eval.py --lang xx (every candidate splitter).

The cases at the end of each table stand for the error classes found on Universal Dependencies
gold (docs/segmentation.md); some adapt short fragments of treebank sentences: UD_German-PUD,
UD_Italian-PUD, UD_Spanish-PUD (CC BY-SA 3.0), UD_Spanish-AnCora (CC BY 4.0), UD_Italian-VIT
(CC BY-NC-SA 3.0), UD_Portuguese-Bosque and UD_Dutch-Alpino (CC BY-SA 4.0), from
https://universaldependencies.org.
"""

from __future__ import annotations

from typing import NamedTuple

NB = "\u00a0"


class Case(NamedTuple):
    text: str
    expected: tuple[str, ...]
    category: str


def _c(category: str, *sentences: str) -> Case:
    return Case(" ".join(sentences), sentences, category)


DE: list[Case] = [
    _c("abbreviation", "Dr. Müller hat das Gutachten vorgelegt.", "Es umfasst 80 Seiten."),
    _c("abbreviation", "Prof. Schmidt und Hr. Weber waren anwesend.", "Die Sitzung dauerte lange."),
    _c("abbreviation", "Es gibt viele Gründe, z. B. die hohen Kosten.", "Die Stadt prüft nun."),
    _c("abbreviation", "Die Partei, d. h. ihr Vorstand, lehnt ab.", "Eine Einigung ist fern."),
    _c("abbreviation", "Betroffen sind u. a. Bayern und Hessen.", "Weitere Länder folgen."),
    _c("abbreviation", "Der Preis liegt bei ca. 40 Euro.", "Das ist mehr als im Vorjahr."),
    _c("abbreviation", "Vgl. dazu den Bericht vom Montag.", "Er ist online abrufbar."),
    _c("abbreviation", "Es kamen Äpfel, Birnen usw.", "Der Markt war voll."),
    _c("abbreviation", "Siehe Art. 5 Abs. 1 des Grundgesetzes.", "Die Pressefreiheit gilt."),
    _c("abbreviation", "Die Firma Meyer & Co. KG meldet Insolvenz an.", "Es geht um 200 Stellen."),
    _c("abbreviation", "Der Vertrag gilt bzw. galt bis Mai.", "Jetzt wird neu verhandelt."),
    _c("abbreviation", "Er wohnt in der Goethestr. 12 in Bonn.", "Dort ist es ruhig."),
    _c(
        "abbreviation",
        "Die Zahl der Fälle liegt bei 3 Mio. Euro Schaden.",
        "Die Polizei ermittelt.",
    ),
    _c("ordinal", "Die Wahl findet am 3. Oktober statt.", "Die Parteien werben um Stimmen."),
    _c("ordinal", "Der 2. Weltkrieg endete 1945.", "Europa lag in Trümmern."),
    _c("ordinal", "Sie belegte den 1. Platz im Wettbewerb.", "Ihr Trainer ist stolz."),
    _c("ordinal", "Das Gebäude stammt aus dem 19. Jahrhundert.", "Es steht unter Denkmalschutz."),
    _c("ordinal", "Am 9. November 1989 fiel die Mauer.", "Die Menschen feierten."),
    _c("ordinal", "Er wurde Dritter beim 5. Rennen.", "Das Ziel war der Sieg."),
    _c("ordinal", "Die Mannschaft landete auf Platz 3.", "Der Abstieg ist abgewendet."),
    _c("date_time", "Das Treffen ist am 12.05.2024 geplant.", "Alle sind eingeladen."),
    _c("date_time", "Der Zug fährt um 14.30 Uhr ab.", "Er ist pünktlich."),
    _c("number", "Die Inflation stieg auf 3,5 Prozent.", "Das ist ein Rekord."),
    _c("number", "Rund 1.000 Menschen demonstrierten.", "Es blieb friedlich."),
    _c("number", "Die Miete steigt im Jahr 2025.", "Mieter sind besorgt."),
    _c("quotes", "„Wir schaffen das“, sagte sie.", "Viele zweifelten."),
    _c("quotes", "Er sagte: „Das ist falsch.“", "Dann ging er."),
    _c("quotes", "„Es ist vorbei. Wir gehen“, sagte der Trainer."),
    _c("quotes", "Sie fragte: „Warum jetzt?“", "Niemand antwortete."),
    _c("quotes", "»Das war knapp«, meinte er.", "Alle lachten."),
    _c("question_exclamation", "Wer zahlt die Rechnung?", "Die Steuerzahler."),
    _c("question_exclamation", "Was für ein Spiel!", "Die Fans jubelten."),
    _c("initials", "Der Roman von J. K. Rowling erscheint neu.", "Die Auflage ist hoch."),
    _c("initials", "Helmut K. Weber leitet das Amt.", "Er ist seit 2019 dort."),
    _c("acronym", "Die EU hat reagiert.", "Die USA noch nicht."),
    _c("url_email", "Mehr unter www.beispiel.de.", "Die Anmeldung läuft."),
    _c("url_email", "Fragen an info@beispiel.de.", "Wir antworten schnell."),
    _c("ellipsis", "Er zögerte… dann ging er.", "Niemand hielt ihn auf."),
    _c("ellipsis", "Und dann…", "Stille."),
    _c("parentheses", "Die Stadt (rund 50.000 Einwohner) wächst.", "Neue Schulen entstehen."),
    _c("list", "Drei Punkte: 1. Kosten, 2. Zeit, 3. Qualität.", "Alles wird geprüft."),
    _c("prose", "Die Regierung hat den Haushalt beschlossen.", "Die Opposition kritisiert ihn."),
    _c("abbreviation", "Sie kamen im 6. Jahrhundert n. Chr. dort an.", "Das ist belegt."),
    _c("parentheses", "Ihr König war Mojmír I. (herrschte 830 - 846).", "Ludwig marschierte ein."),
    _c("unit", "Die Erwärmung liegt bei 2° C.", "Viele Gletscher schmelzen."),
    _c("question", "Woher kommt ihre Energie?", "Oder diese Stimme, so kräftig?"),
]

ES: list[Case] = [
    _c("abbreviation", "El Sr. García presentó su dimisión.", "La empresa lo confirmó."),
    _c("abbreviation", "La Sra. López y el Dr. Pérez asistieron.", "El acto fue breve."),
    _c("abbreviation", "Lo dijo la Dra. Ruiz en rueda de prensa.", "Nadie lo desmintió."),
    _c("abbreviation", "Hubo frutas, verduras, etc.", "El mercado estaba lleno."),
    _c("abbreviation", "Véase la pág. 12 del informe.", "Los datos son provisionales."),
    _c("abbreviation", "Vive en la Avda. de América, núm. 5.", "Es un barrio tranquilo."),
    _c("abbreviation", "El presidente de EE. UU. viajó a México.", "La visita duró dos días."),
    _c("abbreviation", "Asistieron aprox. 300 personas.", "Fue un éxito."),
    _c("abbreviation", "El art. 14 de la Constitución lo garantiza.", "Nadie lo discute."),
    _c("abbreviation", "Ud. puede votar por correo.", "El plazo acaba el lunes."),
    _c("abbreviation", "La empresa Telefónica S.A. ganó el contrato.", "Sus acciones suben."),
    _c("abbreviation", "El 3 de feb. de 2024 se firmó.", "Entró en vigor en marzo."),
    _c("question_exclamation", "¿Quién pagará la factura?", "Nadie lo sabe."),
    _c("question_exclamation", "¡Qué partido!", "La afición celebró hasta tarde."),
    _c("question_exclamation", "Se preguntó: ¿y ahora qué?", "No hubo respuesta."),
    _c("question_exclamation", "¿Lo sabía?", "¿Lo ocultó?", "La jueza quiere saberlo."),
    _c("question_exclamation", "¡Basta ya! gritaron los manifestantes."),
    _c("question_exclamation", "¿Dónde está el dinero? preguntó el fiscal."),
    _c("ordinal", "Quedó en 2.º lugar en la carrera.", "Su entrenador está satisfecho."),
    _c("ordinal", "Es la 1.ª vez que ocurre.", "Los vecinos están sorprendidos."),
    _c("ordinal", "Celebra su 50.º aniversario.", "Habrá una fiesta."),
    _c("number", "El paro bajó al 11,5 %.", "Es el dato más bajo en años."),
    _c("number", "Unas 10.000 personas se manifestaron.", "No hubo incidentes."),
    _c("number", "El presupuesto es de 3,2 millones de euros.", "Es insuficiente."),
    _c("date_time", "La reunión es el 12/05/2024.", "Todos están invitados."),
    _c("date_time", "El tren sale a las 14.30 h.", "Llega a Madrid a las 17 h."),
    _c("quotes", "«Lo haremos», dijo la ministra.", "Muchos dudan."),
    _c("quotes", "Dijo: «Se acabó».", "Después se fue."),
    _c("quotes", "«Se acabó. Nos vamos», dijo el entrenador."),
    _c("quotes", "Calificó la medida de “injusta”.", "La oposición la apoya."),
    _c("initials", "El libro de J. R. R. Tolkien se reedita.", "La tirada es grande."),
    _c("initials", "Lo firmó José M. Aznar en 1998.", "Fue polémico."),
    _c("acronym", "La ONU pidió calma.", "La OTAN también."),
    _c("url_email", "Más información en www.ejemplo.es.", "La inscripción es gratuita."),
    _c("url_email", "Escriba a info@ejemplo.es.", "Respondemos pronto."),
    _c("ellipsis", "Dudó... y luego se fue.", "Nadie lo detuvo."),
    _c("ellipsis", "Y entonces…", "Silencio."),
    _c("parentheses", "La ciudad (unos 50.000 habitantes) crece.", "Se abren escuelas."),
    _c("list", "Tres puntos: 1. coste, 2. plazo, 3. calidad.", "Todo se revisará."),
    _c("prose", "El Gobierno aprobó los presupuestos.", "La oposición los critica."),
    _c("prose", "Llovió toda la noche en Valencia.", "Hoy brilla el sol."),
    _c("abbreviation", "En ello trabaja nuestro grupo (fig. 6).", "La molécula es estable."),
    _c("abbreviation", "Lo dijo el sr. García en la rueda de prensa.", "Nadie respondió."),
    _c("parentheses", "La obra la hará la empresa (CBM S. L).", "La Junta lo aprobó ayer."),
    _c("unit", "Se superó el umbral de 2º C.", "Muchos glaciares retroceden."),
    _c(
        "quotes",
        'Es el número uno del mundo ", subrayó.',
        "Sobre Raúl fue precavido.",
        '"No sé cómo está", dijo.',
    ),
    _c(
        "quotes",
        '"No hemos tenido ni tiempo de hablar de nada importante durante toda la semana.',
        "Rivaldo llegó un día más tarde que yo y apenas nos hemos visto en el hotel del "
        'equipo antes del entrenamiento de la tarde", indicó.',
    ),
    _c(
        "quotes",
        '"Soy el único responsable.',
        'Nadie me recetó un fármaco "fuerte", lo repito".',
        "El médico fue suspendido.",
    ),
]

IT: list[Case] = [
    _c("abbreviation", "Il sig. Rossi ha presentato le dimissioni.", "L’azienda conferma."),
    _c(
        "abbreviation",
        "Il dott. Bianchi e la prof.ssa Verdi erano presenti.",
        "La seduta è durata poco.",
    ),
    _c("abbreviation", "Lo ha detto l’avv. Esposito ai giornalisti.", "Nessuno ha smentito."),
    _c("abbreviation", "C’erano frutta, verdura ecc.", "Il mercato era pieno."),
    _c("abbreviation", "Vedi pag. 12 del rapporto.", "I dati sono provvisori."),
    _c("abbreviation", "L’art. 21 della Costituzione lo garantisce.", "Nessuno lo discute."),
    _c("abbreviation", "Hanno partecipato ca. 300 persone.", "È stato un successo."),
    _c("abbreviation", "La Fiat S.p.A. ha vinto l’appalto.", "Le azioni salgono."),
    _c("abbreviation", "Il sen. Monti ha votato contro.", "Il governo tiene."),
    _c("abbreviation", "Cfr. il capitolo precedente.", "Lì si spiega tutto."),
    _c("abbreviation", "Ne parla l’on. Meloni in un’intervista.", "L’opposizione replica."),
    _c("abbreviation", "È nato il 3 sett. 1980 a Napoli.", "Vive a Roma."),
    _c("question_exclamation", "Chi pagherà il conto?", "Nessuno lo sa."),
    _c("question_exclamation", "Che partita!", "I tifosi hanno festeggiato."),
    _c("question_exclamation", "«Dove sono i soldi?» ha chiesto il pm."),
    _c("question_exclamation", "Basta! gridavano i manifestanti."),
    _c("ordinal", "È arrivato 2º nella gara.", "L’allenatore è soddisfatto."),
    _c("ordinal", "È la 1ª volta che accade.", "I residenti sono sorpresi."),
    _c("ordinal", "Il palazzo risale al XIX secolo.", "È vincolato."),
    _c("number", "La disoccupazione è scesa all’8,5 per cento.", "È il dato migliore."),
    _c("number", "Circa 10.000 persone hanno manifestato.", "Non ci sono stati incidenti."),
    _c("number", "Il bilancio vale 3,2 milioni di euro.", "Non basta."),
    _c("date_time", "La riunione è il 12/05/2024.", "Tutti sono invitati."),
    _c("date_time", "Il treno parte alle 14.30.", "Arriva a Milano alle 17."),
    _c("quotes", "«Lo faremo», ha detto la ministra.", "Molti dubitano."),
    _c("quotes", "Ha detto: «È finita».", "Poi se n’è andato."),
    _c("quotes", "«È finita. Ce ne andiamo», ha detto l’allenatore."),
    _c("quotes", "Ha definito la misura “ingiusta”.", "L’opposizione la sostiene."),
    _c("initials", "Il libro di J. R. R. Tolkien viene ristampato.", "La tiratura è alta."),
    _c("initials", "Lo ha firmato Carlo A. Ciampi nel 1999.", "Fu una svolta."),
    _c("acronym", "L’ONU ha chiesto calma.", "Anche la NATO."),
    _c("url_email", "Informazioni su www.esempio.it.", "L’iscrizione è gratuita."),
    _c("url_email", "Scrivete a info@esempio.it.", "Rispondiamo presto."),
    _c("ellipsis", "Esitò... poi se ne andò.", "Nessuno lo fermò."),
    _c("ellipsis", "E poi…", "Silenzio."),
    _c("elision", "L’Italia ha vinto.", "L’Europa applaude."),
    _c("elision", "Ha parlato dell’accordo.", "Un’intesa è vicina."),
    _c("parentheses", "La città (circa 50.000 abitanti) cresce.", "Aprono nuove scuole."),
    _c("list", "Tre punti: 1. costo, 2. tempi, 3. qualità.", "Tutto sarà verificato."),
    _c("prose", "Il governo ha approvato la manovra.", "L’opposizione la critica."),
    _c("prose", "Ha piovuto tutta la notte a Genova.", "Oggi splende il sole."),
    _c(
        "quotes",
        "\"Sono l'unico responsabile.",
        'Nessuno mi ha consigliato un farmaco "pesante", e lo ripeto".',
        "Il medico è stato sospeso.",
    ),
    _c("question", "Da dove proviene la sua energia?", "O quella voce, così potente?"),
    _c("unit", "La temperatura ha superato i 2° C.", "Molti ghiacciai si ritirano."),
    _c("parentheses", "Il lavoro è della ditta (Rossi S. P).", "Il comune lo ha approvato."),
]

PT: list[Case] = [
    _c("abbreviation", "O Sr. Silva apresentou a demissão.", "A empresa confirmou."),
    _c("abbreviation", "A Sra. Costa e o Dr. Santos estiveram presentes.", "A sessão foi curta."),
    _c("abbreviation", "Disse-o a Dra. Ferreira aos jornalistas.", "Ninguém desmentiu."),
    _c("abbreviation", "Havia fruta, legumes, etc.", "O mercado estava cheio."),
    _c("abbreviation", "Ver a pág. 12 do relatório.", "Os dados são provisórios."),
    _c("abbreviation", "O art. 37 da Constituição garante-o.", "Ninguém o discute."),
    _c("abbreviation", "Participaram aprox. 300 pessoas.", "Foi um sucesso."),
    _c("abbreviation", "A Petrobras S.A. ganhou o contrato.", "As ações sobem."),
    _c("abbreviation", "Mora na Av. da Liberdade, em Lisboa.", "É uma zona calma."),
    _c("abbreviation", "V. Exa. tem a palavra.", "O debate começa."),
    _c("abbreviation", "Nasceu a 3 de set. de 1980 no Porto.", "Vive em Lisboa."),
    _c("abbreviation", "O Prof. Almeida publicou o estudo.", "Envolve 3 mil doentes."),
    _c("question_exclamation", "Quem vai pagar a conta?", "Ninguém sabe."),
    _c("question_exclamation", "Que jogo!", "Os adeptos festejaram."),
    _c("question_exclamation", "«Onde está o dinheiro?» perguntou o procurador."),
    _c("question_exclamation", "Basta! gritavam os manifestantes."),
    _c("ordinal", "Ficou em 2.º lugar na corrida.", "O treinador está satisfeito."),
    _c("ordinal", "É a 1.ª vez que acontece.", "Os moradores estão surpreendidos."),
    _c("ordinal", "O edifício data do séc. XIX.", "Está classificado."),
    _c("number", "O desemprego desceu para 6,5 %.", "É o valor mais baixo."),
    _c("number", "Cerca de 10.000 pessoas manifestaram-se.", "Não houve incidentes."),
    _c("number", "O orçamento é de 3,2 milhões de euros.", "Não chega."),
    _c("date_time", "A reunião é a 12/05/2024.", "Todos estão convidados."),
    _c("date_time", "O comboio parte às 14h30.", "Chega ao Porto às 17h."),
    _c("quotes", "«Vamos fazê-lo», disse a ministra.", "Muitos duvidam."),
    _c("quotes", "Disse: «Acabou».", "Depois saiu."),
    _c("quotes", "«Acabou. Vamos embora», disse o treinador."),
    _c("quotes", "Chamou à medida “injusta”.", "A oposição apoia-a."),
    _c("initials", "O livro de J. R. R. Tolkien é reeditado.", "A tiragem é grande."),
    _c("initials", "Assinou-o Luiz I. Lula da Silva em 2003.", "Foi uma viragem."),
    _c("acronym", "A ONU pediu calma.", "A NATO também."),
    _c("url_email", "Mais informações em www.exemplo.pt.", "A inscrição é gratuita."),
    _c("url_email", "Escreva para info@exemplo.pt.", "Respondemos depressa."),
    _c("ellipsis", "Hesitou... depois saiu.", "Ninguém o deteve."),
    _c("ellipsis", "E então…", "Silêncio."),
    _c("parentheses", "A cidade (cerca de 50.000 habitantes) cresce.", "Abrem escolas."),
    _c("list", "Três pontos: 1. custo, 2. prazo, 3. qualidade.", "Tudo será revisto."),
    _c("prose", "O Governo aprovou o orçamento.", "A oposição critica-o."),
    _c("prose", "Choveu toda a noite em Lisboa.", "Hoje brilha o sol."),
    _c("prose", "O presidente discursou no Parlamento.", "Os deputados aplaudiram."),
    _c("abbreviation", "O sr. Silva chegou ontem a Lisboa.", "Ninguém o esperava."),
    _c("abbreviation", "O contrato foi assinado pela Construtora Alfa Ltda.", "A obra começa já."),
    _c("abbreviation", "Ela estudou na Glasgow School of Art.", "Depois voltou ao Porto."),
    _c("abbreviation", "Veja o art. 38 da lei.", "A regra é clara."),
    _c("dash", "Parágrafo 3º. -- Nos contratos celebrados a regra não vale.", "Fica revogado."),
    _c(
        "quotes",
        "«Ao longo de quase 200 anos, a história do teatro acompanhou a vida cultural do país.",
        "Em conclusão, será de natureza privada a entidade responsável pela nova gestão do "
        "teatro», diz o comunicado.",
    ),
    _c("unit", "O aquecimento passou de 2º C.", "Muitos glaciares recuam."),
    _c("parentheses", "A obra ficou com a empresa (Alfa S. A).", "A câmara aprovou ontem."),
    _c(
        "quotes",
        '"Sou o único responsável.',
        'Ninguém me receitou um remédio "forte", repito".',
        "O médico foi suspenso.",
    ),
]

NL: list[Case] = [
    _c("abbreviation", "Dhr. Jansen heeft ontslag genomen.", "Het bedrijf bevestigt dat."),
    _c("abbreviation", "Mevr. De Vries en dr. Bakker waren aanwezig.", "De zitting was kort."),
    _c("abbreviation", "Er zijn veel redenen, bijv. de hoge kosten.", "De stad onderzoekt het."),
    _c("abbreviation", "Getroffen zijn o.a. Utrecht en Gelderland.", "Meer provincies volgen."),
    _c("abbreviation", "De prijs is ca. 40 euro.", "Dat is meer dan vorig jaar."),
    _c("abbreviation", "Vgl. het rapport van maandag.", "Het staat online."),
    _c("abbreviation", "Er waren appels, peren enz.", "De markt was vol."),
    _c("abbreviation", "Zie art. 7 van de Grondwet.", "De persvrijheid geldt."),
    _c("abbreviation", "Het contract liep t.a.v. de huur tot mei.", "Nu wordt er onderhandeld."),
    _c("abbreviation", "Prof. Smit publiceerde de studie.", "Er deden 3.000 patiënten mee."),
    _c("abbreviation", "Ing. Visser leidt het project.", "Het loopt op schema."),
    _c("abbreviation", "De vergadering is op 3 okt. 2024 gepland.", "Iedereen is welkom."),
    _c("abbreviation", "Mr. Van Dijk pleitte voor vrijspraak.", "De rechter beslist later."),
    _c("question_exclamation", "Wie betaalt de rekening?", "Niemand weet het."),
    _c("question_exclamation", "Wat een wedstrijd!", "De fans juichten."),
    _c("question_exclamation", "“Waar is het geld?” vroeg de officier."),
    _c("ordinal", "Ze werd 2e in de race.", "Haar trainer is trots."),
    _c("ordinal", "Het gebouw stamt uit de 19de eeuw.", "Het is een monument."),
    _c("ordinal", "Het is de 1ste keer dat dit gebeurt.", "Bewoners zijn verrast."),
    _c("number", "De inflatie steeg naar 3,5 procent.", "Dat is een record."),
    _c("number", "Zo'n 1.000 mensen demonstreerden.", "Het bleef rustig."),
    _c("number", "De huur stijgt in 2025.", "Huurders zijn bezorgd."),
    _c("date_time", "De afspraak is op 12-05-2024.", "Iedereen is uitgenodigd."),
    _c("date_time", "De trein vertrekt om 14.30 uur.", "Hij is op tijd."),
    _c("quotes", "“We gaan het doen”, zei de minister.", "Velen twijfelen."),
    _c("quotes", "Hij zei: “Het is voorbij.”", "Toen vertrok hij."),
    _c("quotes", "“Het is voorbij. We gaan”, zei de trainer."),
    _c("quotes", "Ze noemde de maatregel ‘onrechtvaardig’.", "De oppositie steunt haar."),
    _c("initials", "Het boek van J. R. R. Tolkien verschijnt opnieuw.", "De oplage is groot."),
    _c("initials", "Mark P. Rutte leidde het kabinet.", "Hij vertrok in 2024."),
    _c("acronym", "De EU heeft gereageerd.", "De VS nog niet."),
    _c("url_email", "Meer op www.voorbeeld.nl.", "Aanmelden kan nu."),
    _c("url_email", "Vragen naar info@voorbeeld.nl.", "We antwoorden snel."),
    _c("ellipsis", "Hij aarzelde… toen ging hij.", "Niemand hield hem tegen."),
    _c("ellipsis", "En toen…", "Stilte."),
    _c("elision", "Hij woont in ’s-Hertogenbosch.", "Het is een mooie stad."),
    _c("elision", "Het gebeurde ’s nachts.", "Niemand zag het."),
    _c("parentheses", "De stad (zo'n 50.000 inwoners) groeit.", "Er komen scholen bij."),
    _c("list", "Drie punten: 1. kosten, 2. tijd, 3. kwaliteit.", "Alles wordt bekeken."),
    _c("prose", "Het kabinet heeft de begroting goedgekeurd.", "De oppositie is kritisch."),
    _c("prose", "Het regende de hele nacht in Amsterdam.", "Vandaag schijnt de zon."),
    _c("quotes", "Dat schrijft het webmagazine.", ",,Het is ook een manier om te bidden.''"),
    _c("quotes", "Dat moet beter. ''", "Er zijn teams gevormd."),
    _c("unit", "De opwarming bleef onder 2° C.", "Veel gletsjers smelten."),
    _c("parentheses", "Het werk gaat naar het bedrijf (Jansen B. V).", "De gemeente stemde in."),
]

TABLES: dict[str, list[Case]] = {"de": DE, "es": ES, "it": IT, "pt": PT, "nl": NL}


def _boundaries(sentences: list[str] | tuple[str, ...]) -> set[int]:
    """Sentence ends as offsets into the text with all whitespace removed, so that splitters
    that rewrite whitespace are measured on the same footing. The final end is left out."""
    ends, position = set(), 0
    for sentence in sentences:
        position += len("".join(sentence.split()))
        ends.add(position)
    return ends - {position}


def boundary_f1(results: list[tuple[tuple[str, ...], list[str]]]) -> tuple[float, int, int, int]:
    """Boundary F1 over (expected, got) pairs, with true positives, false positives and
    false negatives summed over all cases."""
    tp = fp = fn = 0
    for expected, got in results:
        want, have = _boundaries(expected), _boundaries(got)
        tp += len(want & have)
        fp += len(have - want)
        fn += len(want - have)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return f1, tp, fp, fn
