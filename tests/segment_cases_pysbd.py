# ruff: noqa: E501 - one case per line, as in the source tables
"""Public sentence-boundary cases: pySBD's golden rules and its further test cases for German,
Spanish, Italian and Dutch, as published in https://github.com/nipunsadvilkar/pySBD
(tests/lang/test_deutsch.py, test_spanish.py, test_italian.py, test_dutch.py; the Spanish
and Italian rules come from the Pragmatic Segmenter). Only single-paragraph cases are kept:
multi-line PDF and "clean" cases test text cleaning, which diptych does before segmenting.
Texts and expected sentences are copied unchanged.

pySBD is distributed under the MIT licence:

MIT License

Copyright (c) 2019 Nipun Sadvilkar

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    text: str
    expected: tuple[str, ...]
    category: str


DE: list[Case] = [
    Case(
        "„Ich habe heute keine Zeit“, sagte die Frau und flüsterte leise: „Und auch keine Lust.“ Wir haben 1.000.000 Euro.",
        (
            "„Ich habe heute keine Zeit“, sagte die Frau und flüsterte leise: „Und auch keine Lust.“",
            "Wir haben 1.000.000 Euro.",
        ),
        "pysbd",
    ),
    Case(
        "Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist.",
        (
            "Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist.",
        ),
        "pysbd",
    ),
    Case(
        "Was sind die Konsequenzen der Abstimmung vom 12. Juni?",
        ("Was sind die Konsequenzen der Abstimmung vom 12. Juni?",),
        "pysbd",
    ),
    Case(
        "„Lass uns jetzt essen gehen!“, sagte die Mutter zu ihrer Freundin, „am besten zum Italiener.“",
        (
            "„Lass uns jetzt essen gehen!“, sagte die Mutter zu ihrer Freundin, „am besten zum Italiener.“",
        ),
        "pysbd",
    ),
    Case("Wir haben 1.000.000 Euro.", ("Wir haben 1.000.000 Euro.",), "pysbd"),
    Case("Sie bekommen 3,50 Euro zurück.", ("Sie bekommen 3,50 Euro zurück.",), "pysbd"),
    Case("Dafür brauchen wir 5,5 Stunden.", ("Dafür brauchen wir 5,5 Stunden.",), "pysbd"),
    Case("Bitte überweisen Sie 5.300,25 Euro.", ("Bitte überweisen Sie 5.300,25 Euro.",), "pysbd"),
    Case("1. Dies ist eine Punkteliste.", ("1. Dies ist eine Punkteliste.",), "pysbd"),
    Case(
        "Wir trafen Dr. med. Meyer in der Stadt.",
        ("Wir trafen Dr. med. Meyer in der Stadt.",),
        "pysbd",
    ),
    Case(
        "Wir brauchen Getränke, z. B. Wasser, Saft, Bier usw.",
        ("Wir brauchen Getränke, z. B. Wasser, Saft, Bier usw.",),
        "pysbd",
    ),
    Case("Ich kann u.a. Spanisch sprechen.", ("Ich kann u.a. Spanisch sprechen.",), "pysbd"),
    Case(
        "Frau Prof. Schulze ist z. Z. nicht da.",
        ("Frau Prof. Schulze ist z. Z. nicht da.",),
        "pysbd",
    ),
    Case(
        "Sie erhalten ein neues Bank-Statement bzw. ein neues Schreiben.",
        ("Sie erhalten ein neues Bank-Statement bzw. ein neues Schreiben.",),
        "pysbd",
    ),
    Case(
        "Z. T. ist die Lieferung unvollständig.",
        ("Z. T. ist die Lieferung unvollständig.",),
        "pysbd",
    ),
    Case("Das finden Sie auf S. 225.", ("Das finden Sie auf S. 225.",), "pysbd"),
    Case("Sie besucht eine kath. Schule.", ("Sie besucht eine kath. Schule.",), "pysbd"),
    Case(
        "Wir benötigen Zeitungen, Zeitschriften u. Ä. für unser Projekt.",
        ("Wir benötigen Zeitungen, Zeitschriften u. Ä. für unser Projekt.",),
        "pysbd",
    ),
    Case(
        "Das steht auf S. 23, s. vorherige Anmerkung.",
        ("Das steht auf S. 23, s. vorherige Anmerkung.",),
        "pysbd",
    ),
    Case(
        "Dies ist meine Adresse: Dr. Meier, Berliner Str. 5, 21234 Bremen.",
        ("Dies ist meine Adresse: Dr. Meier, Berliner Str. 5, 21234 Bremen.",),
        "pysbd",
    ),
    Case(
        "Er sagte: „Hallo, wie geht´s Ihnen, Frau Prof. Müller?“",
        ("Er sagte: „Hallo, wie geht´s Ihnen, Frau Prof. Müller?“",),
        "pysbd",
    ),
    Case(
        "Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist. Ich persönlich kaufe kein Junkfood oder etwas, das nicht rein ist (ich traue mir da selbst nicht!). Ich finde jeden Vorwand, um das Junkfood zu essen, vor allem die Vorstellung, dass ich nicht mehr in Versuchung kommen werde, wenn ich es jetzt aufesse und es weg ist. Es ist schon komisch, was unser Verstand mitunter anstellt!",
        (
            "Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist.",
            "Ich persönlich kaufe kein Junkfood oder etwas, das nicht rein ist (ich traue mir da selbst nicht!).",
            "Ich finde jeden Vorwand, um das Junkfood zu essen, vor allem die Vorstellung, dass ich nicht mehr in Versuchung kommen werde, wenn ich es jetzt aufesse und es weg ist.",
            "Es ist schon komisch, was unser Verstand mitunter anstellt!",
        ),
        "pysbd",
    ),
    Case("s. vorherige Anmerkung.", ("s. vorherige Anmerkung.",), "pysbd"),
    Case(
        "Mit Inkrafttreten des Mindestlohngesetzes (MiLoG) zum 01. Januar 2015 werden in Bezug auf den Einsatz von Leistungs.",
        (
            "Mit Inkrafttreten des Mindestlohngesetzes (MiLoG) zum 01. Januar 2015 werden in Bezug auf den Einsatz von Leistungs.",
        ),
        "pysbd",
    ),
]

ES: list[Case] = [
    Case(
        "¿Cómo está hoy? Espero que muy bien.", ("¿Cómo está hoy?", "Espero que muy bien."), "pysbd"
    ),
    Case(
        "¡Hola señorita! Espero que muy bien.", ("¡Hola señorita!", "Espero que muy bien."), "pysbd"
    ),
    Case(
        "Hola Srta. Ledesma. Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.",
        (
            "Hola Srta. Ledesma.",
            "Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.",
        ),
        "pysbd",
    ),
    Case(
        "¡La casa cuesta $170.500.000,00! ¡Muy costosa! Se prevé una disminución del 12.5% para el próximo año.",
        (
            "¡La casa cuesta $170.500.000,00!",
            "¡Muy costosa!",
            "Se prevé una disminución del 12.5% para el próximo año.",
        ),
        "pysbd",
    ),
    Case(
        "«Ninguna mente extraordinaria está exenta de un toque de demencia.», dijo Aristóteles.",
        ("«Ninguna mente extraordinaria está exenta de un toque de demencia.», dijo Aristóteles.",),
        "pysbd",
    ),
    Case(
        "«Ninguna mente extraordinaria está exenta de un toque de demencia», dijo Aristóteles. Pablo, ¿adónde vas? ¡¿Qué viste?!",
        (
            "«Ninguna mente extraordinaria está exenta de un toque de demencia», dijo Aristóteles.",
            "Pablo, ¿adónde vas?",
            "¡¿Qué viste?!",
        ),
        "pysbd",
    ),
    Case(
        "Admón. es administración o me equivoco.",
        ("Admón. es administración o me equivoco.",),
        "pysbd",
    ),
    Case(
        "¡Hola Srta. Ledesma! ¿Cómo está hoy? Espero que muy bien.",
        ("¡Hola Srta. Ledesma!", "¿Cómo está hoy?", "Espero que muy bien."),
        "pysbd",
    ),
    Case(
        "Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.",
        ("Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.",),
        "pysbd",
    ),
    Case(
        "He apuntado una cita para la siguiente fecha: Mar. 23 de Nov. de 2014. Gracias.",
        ("He apuntado una cita para la siguiente fecha: Mar. 23 de Nov. de 2014.", "Gracias."),
        "pysbd",
    ),
    Case(
        "Núm. de tel: 351.123.465.4. Envíe mis saludos a la Sra. Rescia.",
        ("Núm. de tel: 351.123.465.4.", "Envíe mis saludos a la Sra. Rescia."),
        "pysbd",
    ),
    Case(
        "Cero en la escala Celsius o de grados centígrados (0 °C) se define como el equivalente a 273.15 K, con una diferencia de temperatura de 1 °C equivalente a una diferencia de 1 Kelvin. Esto significa que 100 °C, definido como el punto de ebullición del agua, se define como el equivalente a 373.15 K.",
        (
            "Cero en la escala Celsius o de grados centígrados (0 °C) se define como el equivalente a 273.15 K, con una diferencia de temperatura de 1 °C equivalente a una diferencia de 1 Kelvin.",
            "Esto significa que 100 °C, definido como el punto de ebullición del agua, se define como el equivalente a 373.15 K.",
        ),
        "pysbd",
    ),
    Case(
        "Durante la primera misión del Discovery (30 Ago. 1984 15:08.10) tuvo lugar el lanzamiento de dos satélites de comunicación, el nombre de esta misión fue STS-41-D.",
        (
            "Durante la primera misión del Discovery (30 Ago. 1984 15:08.10) tuvo lugar el lanzamiento de dos satélites de comunicación, el nombre de esta misión fue STS-41-D.",
        ),
        "pysbd",
    ),
    Case(
        "Citando a Criss Jami «Prefiero ser un artista a ser un líder, irónicamente, un líder tiene que seguir las reglas.», lo cual parece muy acertado.",
        (
            "Citando a Criss Jami «Prefiero ser un artista a ser un líder, irónicamente, un líder tiene que seguir las reglas.», lo cual parece muy acertado.",
        ),
        "pysbd",
    ),
    Case(
        'Cuando llegué, le estaba dando ejercicios a los niños, uno de los cuales era "3 + (14/7).x = 5". ¿Qué te parece?',
        (
            'Cuando llegué, le estaba dando ejercicios a los niños, uno de los cuales era "3 + (14/7).x = 5".',
            "¿Qué te parece?",
        ),
        "pysbd",
    ),
    Case(
        "Se le pidió a los niños que leyeran los párrf. 5 y 6 del art. 4 de la constitución de los EE. UU..",
        (
            "Se le pidió a los niños que leyeran los párrf. 5 y 6 del art. 4 de la constitución de los EE. UU..",
        ),
        "pysbd",
    ),
    Case(
        'Una de las preguntas realizadas en la evaluación del día Lun. 15 de Mar. fue la siguiente: "Alumnos, ¿cuál es el resultado de la operación 1.1 + 4/5?". Disponían de 1 min. para responder esa pregunta.',
        (
            'Una de las preguntas realizadas en la evaluación del día Lun. 15 de Mar. fue la siguiente: "Alumnos, ¿cuál es el resultado de la operación 1.1 + 4/5?".',
            "Disponían de 1 min. para responder esa pregunta.",
        ),
        "pysbd",
    ),
    Case(
        "La temperatura del motor alcanzó los 120.5°C. Afortunadamente, pudo llegar al final de carrera.",
        (
            "La temperatura del motor alcanzó los 120.5°C.",
            "Afortunadamente, pudo llegar al final de carrera.",
        ),
        "pysbd",
    ),
    Case(
        "El volumen del cuerpo es 3m³. ¿Cuál es la superficie de cada cara del prisma?",
        ("El volumen del cuerpo es 3m³.", "¿Cuál es la superficie de cada cara del prisma?"),
        "pysbd",
    ),
    Case(
        "La habitación tiene 20.55m². El living tiene 50.0m².",
        ("La habitación tiene 20.55m².", "El living tiene 50.0m²."),
        "pysbd",
    ),
    Case(
        "1°C corresponde a 33.8°F. ¿A cuánto corresponde 35°C?",
        ("1°C corresponde a 33.8°F.", "¿A cuánto corresponde 35°C?"),
        "pysbd",
    ),
    Case(
        "Hamilton ganó el último gran premio de Fórmula 1, luego de 1:39:02.619 Hs. de carrera, segundo resultó Massa, a una diferencia de 2.5 segundos. De esta manera se consagró ¡Campeón mundial!",
        (
            "Hamilton ganó el último gran premio de Fórmula 1, luego de 1:39:02.619 Hs. de carrera, segundo resultó Massa, a una diferencia de 2.5 segundos.",
            "De esta manera se consagró ¡Campeón mundial!",
        ),
        "pysbd",
    ),
    Case("El corredor No. 103 arrivó 4°.", ("El corredor No. 103 arrivó 4°.",), "pysbd"),
    Case(
        "Hoy es 27/04/2014, y es mi cumpleaños. ¿Cuándo es el tuyo?",
        ("Hoy es 27/04/2014, y es mi cumpleaños.", "¿Cuándo es el tuyo?"),
        "pysbd",
    ),
    Case(
        "Aquí está la lista de compras para el almuerzo: 1.Helado, 2.Carne, 3.Arroz. ¿Cuánto costará? Quizás $12.5.",
        (
            "Aquí está la lista de compras para el almuerzo: 1.Helado, 2.Carne, 3.Arroz.",
            "¿Cuánto costará?",
            "Quizás $12.5.",
        ),
        "pysbd",
    ),
    Case(
        "1 + 1 es 2. 2 + 2 es 4. El auto es de color rojo.",
        ("1 + 1 es 2.", "2 + 2 es 4.", "El auto es de color rojo."),
        "pysbd",
    ),
    Case(
        "La máquina viajaba a 100 km/h. ¿En cuánto tiempo recorrió los 153 Km.?",
        ("La máquina viajaba a 100 km/h.", "¿En cuánto tiempo recorrió los 153 Km.?"),
        "pysbd",
    ),
    Case(
        "Explora oportunidades de carrera en el área de Salud en el Hospital de Northern en Mt. Kisco.",
        (
            "Explora oportunidades de carrera en el área de Salud en el Hospital de Northern en Mt. Kisco.",
        ),
        "pysbd",
    ),
]

IT: list[Case] = [
    Case(
        "Salve Sig.ra Mengoni! Come sta oggi?", ("Salve Sig.ra Mengoni!", "Come sta oggi?"), "pysbd"
    ),
    Case(
        "Una lettera si può iniziare in questo modo «Il/la sottoscritto/a.».",
        ("Una lettera si può iniziare in questo modo «Il/la sottoscritto/a.».",),
        "pysbd",
    ),
    Case("La casa costa 170.500.000,00€!", ("La casa costa 170.500.000,00€!",), "pysbd"),
    Case(
        "Buongiorno! Sono l'Ing. Mengozzi. È presente l'Avv. Cassioni?",
        ("Buongiorno!", "Sono l'Ing. Mengozzi.", "È presente l'Avv. Cassioni?"),
        "pysbd",
    ),
    Case(
        "Mi fissi un appuntamento per mar. 23 Nov.. Grazie.",
        ("Mi fissi un appuntamento per mar. 23 Nov..", "Grazie."),
        "pysbd",
    ),
    Case(
        "Ecco il mio tel.:01234567. Mi saluti la Sig.na Manelli. Arrivederci.",
        ("Ecco il mio tel.:01234567.", "Mi saluti la Sig.na Manelli.", "Arrivederci."),
        "pysbd",
    ),
    Case(
        "La centrale meteor. si è guastata. Gli idraul. son dovuti andare a sistemarla.",
        ("La centrale meteor. si è guastata.", "Gli idraul. son dovuti andare a sistemarla."),
        "pysbd",
    ),
    Case(
        "Hanno creato un algoritmo allo st. d. arte. Si ringrazia lo psicol. Serenti.",
        ("Hanno creato un algoritmo allo st. d. arte.", "Si ringrazia lo psicol. Serenti."),
        "pysbd",
    ),
    Case(
        "Chiamate il V.Cte. delle F.P., adesso!",
        ("Chiamate il V.Cte. delle F.P., adesso!",),
        "pysbd",
    ),
    Case(
        "Giancarlo ha sostenuto l'esame di econ. az..",
        ("Giancarlo ha sostenuto l'esame di econ. az..",),
        "pysbd",
    ),
    Case(
        "Stava viaggiando a 90 km/h verso la provincia di TR quando il Dott. Mesini ha sentito un rumore e si fermò!",
        (
            "Stava viaggiando a 90 km/h verso la provincia di TR quando il Dott. Mesini ha sentito un rumore e si fermò!",
        ),
        "pysbd",
    ),
    Case(
        "Egregio Dir. Amm., le faccio sapere che l'ascensore non funziona.",
        ("Egregio Dir. Amm., le faccio sapere che l'ascensore non funziona.",),
        "pysbd",
    ),
    Case("Stava mangiando e/o dormendo.", ("Stava mangiando e/o dormendo.",), "pysbd"),
    Case(
        "Ricordatevi che dom 25 Set. sarà il compleanno di Maria; dovremo darle un regalo.",
        ("Ricordatevi che dom 25 Set. sarà il compleanno di Maria; dovremo darle un regalo.",),
        "pysbd",
    ),
    Case(
        "La politica è quella della austerità; quindi verranno fatti tagli agli sprechi.",
        ("La politica è quella della austerità; quindi verranno fatti tagli agli sprechi.",),
        "pysbd",
    ),
    Case(
        "Nel tribunale, l'Avv. Fabrizi ha urlato \"Io, l'illustrissimo Fabrizi, vi si oppone!\".",
        (
            "Nel tribunale, l'Avv. Fabrizi ha urlato \"Io, l'illustrissimo Fabrizi, vi si oppone!\".",
        ),
        "pysbd",
    ),
    Case(
        "Le parti fisiche di un computer (ad es. RAM, CPU, tastiera, mouse, etc.) sono definiti HW.",
        (
            "Le parti fisiche di un computer (ad es. RAM, CPU, tastiera, mouse, etc.) sono definiti HW.",
        ),
        "pysbd",
    ),
    Case(
        "La parola 'casa' è sinonimo di abitazione.",
        ("La parola 'casa' è sinonimo di abitazione.",),
        "pysbd",
    ),
    Case(
        'La "Mulino Bianco" fa alimentari pre-confezionati.',
        ('La "Mulino Bianco" fa alimentari pre-confezionati.',),
        "pysbd",
    ),
    Case(
        '"Ei fu. Siccome immobile / dato il mortal sospiro / stette la spoglia immemore / orba di tanto spiro / [...]" (Manzoni).',
        (
            '"Ei fu. Siccome immobile / dato il mortal sospiro / stette la spoglia immemore / orba di tanto spiro / [...]" (Manzoni).',
        ),
        "pysbd",
    ),
    Case(
        "Una lettera si può iniziare in questo modo «Il/la sottoscritto/a ... nato/a a ...».",
        ("Una lettera si può iniziare in questo modo «Il/la sottoscritto/a ... nato/a a ...».",),
        "pysbd",
    ),
    Case(
        'Per casa, in uno degli esercizi per i bambini c\'era "3 + (14/7) = 5"',
        ('Per casa, in uno degli esercizi per i bambini c\'era "3 + (14/7) = 5"',),
        "pysbd",
    ),
    Case(
        'Ai bambini è stato chiesto di fare "4:2*2"',
        ('Ai bambini è stato chiesto di fare "4:2*2"',),
        "pysbd",
    ),
    Case(
        "La maestra esclamò: \"Bambini, quanto fa '2/3 + 4/3?'\".",
        ("La maestra esclamò: \"Bambini, quanto fa '2/3 + 4/3?'\".",),
        "pysbd",
    ),
    Case("Il motore misurava 120°C.", ("Il motore misurava 120°C.",), "pysbd"),
    Case("Il volume era di 3m³.", ("Il volume era di 3m³.",), "pysbd"),
    Case("La stanza misurava 20m².", ("La stanza misurava 20m².",), "pysbd"),
    Case("1°C corrisponde a 33.8°F.", ("1°C corrisponde a 33.8°F.",), "pysbd"),
    Case("Oggi è il 27-10-14.", ("Oggi è il 27-10-14.",), "pysbd"),
    Case("Il corridore 103 è arrivato 4°.", ("Il corridore 103 è arrivato 4°.",), "pysbd"),
    Case("Oggi è il 27/10/2014.", ("Oggi è il 27/10/2014.",), "pysbd"),
    Case(
        "Ecco l'elenco: 1.gelato, 2.carne, 3.riso.",
        ("Ecco l'elenco: 1.gelato, 2.carne, 3.riso.",),
        "pysbd",
    ),
    Case("Devi comprare : 1)pesce 2)sale.", ("Devi comprare : 1)pesce 2)sale.",), "pysbd"),
    Case("La macchina viaggiava a 100 km/h.", ("La macchina viaggiava a 100 km/h.",), "pysbd"),
]

NL: list[Case] = [
    Case(
        "Hij schoot op de JP8-brandstof toen de Surface-to-Air (sam)-missiles op hem af kwamen. 81 procent van de schoten was raak.",
        (
            "Hij schoot op de JP8-brandstof toen de Surface-to-Air (sam)-missiles op hem af kwamen.",
            "81 procent van de schoten was raak.",
        ),
        "pysbd",
    ),
    Case(
        "81 procent van de schoten was raak. ...en toen barste de hel los.",
        ("81 procent van de schoten was raak.", "...en toen barste de hel los."),
        "pysbd",
    ),
    Case("Afkorting aanw. vnw.", ("Afkorting aanw. vnw.",), "pysbd"),
]

TABLES: dict[str, list[Case]] = {"de": DE, "es": ES, "it": IT, "nl": NL}
