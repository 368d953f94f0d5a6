"""Encodings of articles not saved as UTF-8: what French, German, Spanish, Italian,
Portuguese and Dutch text is really saved in is read right, and a file diptych cannot be
sure of is one error asking for its encoding, never silent mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ArticleError
from translate.read import Reading, decode

# (language, text): a short and a long sample per language, with its letters and the
# punctuation its writers use.
SAMPLES = [
    ("fr", "L'été où la sécurité était forte."),
    (
        "fr",
        "« Le cœur a ses raisons », écrivait-il ; l’œuvre, déjà célèbre, coûtait 12 € "
        "à Noël. Ça m’étonne… Où est passée l’âme de ce château ? Même Zoë s’y plaît, "
        "dit-elle – et l’ambiguïté demeure.",
    ),
    ("de", "Über die Brücke gehen wir später."),
    (
        "de",
        "„Grüße aus München“, schrieb er. Die Straße führt über den Fluss; "
        "das Gemüse kostet 3 € – äußerst günstig. Österreichs Bürger wählen wieder.",
    ),
    ("es", "¿Qué día es mañana?"),
    (
        "es",
        "«El niño comió piña en el año nuevo», contó su tía. ¡Qué alegría! "
        "La canción, según él, está en el corazón de la región. Más información: 5 €.",
    ),
    ("it", "Perché è così difficile?"),
    (
        "it",
        "«La città è più bella d’estate», disse. Il caffè costa 2 €; però "
        "l’università è già chiusa. Così finì la novità dell’anno.",
    ),
    ("pt", "A situação não é fácil."),
    (
        "pt",
        "«A informação está no coração da nação», disse a avó. Você já viu o pão? "
        "São três opções; à noite, a lição é difícil e custa 4 €.",
    ),
    ("nl", "Hij zei: één, twee."),
    (
        "nl",
        "De coöperatie in België opende een café. „Ideeën genoeg”, zei hij; "
        "de reünie kostte 10 € – financiële zaken zijn geëindigd.",
    ),
]
CODECS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "iso8859-15", "utf-16"]


def _cases():
    for language, text in SAMPLES:
        for codec in CODECS:
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue  # Latin-1 has no € or œ: a text with them was never saved so
            yield pytest.param(language, text, codec, data, id=f"{language}-{len(text)}-{codec}")


@pytest.mark.parametrize(("language", "text", "codec", "data"), list(_cases()))
def test_western_text_is_read_right_in_every_encoding_it_is_saved_in(
    language: str, text: str, codec: str, data: bytes
) -> None:
    decoded, encoding, warnings = decode(data, "a.txt", Reading(language=language))
    assert decoded == text
    if codec.startswith("utf-8"):
        assert warnings == []
    else:
        assert len(warnings) == 1 and encoding in warnings[0]
        assert data.decode(encoding) == text


def test_the_issue_sample_in_windows_1252_is_not_read_as_central_european() -> None:
    text = "L'été où la sécurité était forte."
    decoded, encoding, warnings = decode(text.encode("cp1252"), "a.txt")
    assert (decoded, encoding) == (text, "cp1252")
    assert warnings == ["a.txt: not UTF-8; decoded as cp1252 (the French letters it gives)"]


def test_latin_9_letters_win_where_latin_1_would_give_symbols() -> None:
    text = "Le cœur et l'œuvre coûtent 5 €."
    decoded, encoding, _ = decode(text.encode("iso8859-15"), "a.txt")
    assert (decoded, encoding) == (text, "iso8859-15")


def test_meta_charset_names_the_encoding() -> None:
    text = '<meta charset="iso-8859-15">\n\nLe cœur coûte 5 €.'
    decoded, encoding, warnings = decode(text.encode("iso8859-15"), "a.md")
    assert (decoded, encoding) == (text, "iso8859-15")
    assert "<meta charset>" in warnings[0]


@pytest.mark.parametrize(
    ("language", "data"),
    [
        ("fr", "L'été où la sécurité était forte.".encode("mac_roman")),
        ("fr", "Привет, мир! Это статья.".encode("cp1251")),
        ("de", "Über die Brücke gehen wir später.".encode("cp437")),
        ("es", "Ελληνικά κείμενα εδώ.".encode("iso8859-7")),
        ("fr", b"Une \x81\x8d\x8f\x90 suite d'octets."),
    ],
    ids=["mac-roman", "cyrillic", "dos", "greek", "undefined-bytes"],
)
def test_an_encoding_diptych_cannot_be_sure_of_is_an_error_asking_for_it(
    language: str, data: bytes
) -> None:
    with pytest.raises(ArticleError) as caught:
        decode(data, "seeds/a.txt", Reading(language=language))
    message = str(caught.value)
    assert message.startswith("seeds/a.txt: cannot tell its encoding")
    assert 'encoding = "cp1252"' in message and "diptych.toml" in message
    assert "\n" not in message


def test_the_encoding_setting_reads_what_detection_refuses(project: Path, cli_run) -> None:
    text = "Titre\n\nL'été où la sécurité était forte.\n"
    (project / "seeds" / "mac.txt").write_bytes(text.encode("mac_roman"))
    refused = cli_run("translate", "--engine", "none", "mac")
    assert refused.exit_code == 2
    assert refused.output.count("Error:") == 1 and "cannot tell its encoding" in refused.output
    (project / "diptych.toml").write_text('encoding = "mac_roman"\n', encoding="utf-8")
    accepted = cli_run("translate", "--engine", "none", "mac")
    assert accepted.exit_code == 0, accepted.output
    po = (project / "locales" / "en" / "mac.po").read_text(encoding="utf-8")
    assert "L'été où la sécurité était forte." in po


def test_an_article_that_is_not_in_the_configured_encoding_is_one_error(
    project: Path, cli_run
) -> None:
    (project / "diptych.toml").write_text('encoding = "ascii"\n', encoding="utf-8")
    (project / "seeds" / "a.txt").write_text("Titre\n\nUn été.\n", encoding="utf-8")
    result = cli_run("translate", "--engine", "none", "a")
    assert result.exit_code == 2
    assert "line 3: not ascii text, although the encoding in diptych.toml says it is" in (
        result.output
    )
    (project / "diptych.toml").write_text('encoding = "klingon"\n', encoding="utf-8")
    result = cli_run("status")
    assert result.exit_code == 2 and "'encoding' must name a text encoding" in result.output


def test_a_utf16_article_is_read_by_its_byte_order_mark() -> None:
    text = "Titre\n\nUn été très chaud."
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le"):
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\0\0"}
        decoded, _, warnings = decode(bom[codec] + text.encode(codec), "a.txt")
        assert decoded == text and "byte order mark" in warnings[0]


def test_a_language_without_a_letter_table_falls_back_to_general_detection() -> None:
    text = "Привет, мир! Это статья о погоде в Москве, написанная вчера вечером."
    decoded, encoding, warnings = decode(text.encode("cp1251"), "a.txt", Reading(language="ru"))
    assert (decoded, encoding) == (text, "cp1251")
    assert warnings == ["a.txt: not UTF-8; decoded as cp1251 (detected)"]
