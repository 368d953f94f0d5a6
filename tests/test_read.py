"""read: plain text and CommonMark articles, encodings, and refusal of unusable input."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ArticleError
from translate.read import (
    CODE,
    FRONT_MATTER,
    FRONT_MATTER_VALUE,
    HEADING,
    HTML,
    LIST_ITEM,
    PARAGRAPH,
    QUOTE,
    RULE,
    TITLE,
    Reference,
    decode,
    read_article,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def kinds(document) -> list[tuple[str, int, str]]:
    return [(b.kind, b.line, b.text) for b in document.blocks]


def test_text_article_title_headings_paragraphs_and_soft_wraps(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        "Le titre\n\nPremière ligne\nsuite de la phrase.\n\nUn intertitre\n\nFin du texte.\n",
    )
    document = read_article(path, "seeds/a.txt")
    assert document.title == "Le titre"
    assert document.slug == "a"
    assert kinds(document) == [
        (TITLE, 1, "Le titre"),
        (PARAGRAPH, 3, "Première ligne\nsuite de la phrase."),
        (HEADING, 6, "Un intertitre"),
        (PARAGRAPH, 8, "Fin du texte."),
    ]


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Anthropic : Une nouvelle étape pour Leike", HEADING),
        ("Retour en haut", HEADING),
        ("Une phrase courte.", PARAGRAPH),
        ("Il a dit : « oui »", PARAGRAPH),
        ("Voici la liste :", PARAGRAPH),
        ("Vraiment ?", PARAGRAPH),
        ("x" * 120, PARAGRAPH),
    ],
)
def test_text_heading_rule_short_line_without_final_punctuation(tmp_path, line, kind):
    document = read_article(write(tmp_path, "a.txt", f"Titre\n\n{line}\n"))
    assert document.blocks[1].kind == kind


def test_text_list_items(tmp_path):
    document = read_article(write(tmp_path, "a.txt", "Titre\n\n- premier ;\n- second.\n"))
    assert [(b.kind, b.text, b.line) for b in document.blocks[1:]] == [
        (LIST_ITEM, "premier ;", 3),
        (LIST_ITEM, "second.", 4),
    ]


def test_title_followed_directly_by_text(tmp_path):
    document = read_article(write(tmp_path, "a.txt", "Titre\nUn paragraphe.\n"))
    assert kinds(document) == [(TITLE, 1, "Titre"), (PARAGRAPH, 2, "Un paragraphe.")]


MARKDOWN = """---
title: "Un essai"
---

# Le titre principal

Premier paragraphe avec *emphase* et un [lien](https://exemple.fr/a?b=1).
Suite du paragraphe.

- premier point ;
- second point, avec `code`.
  1. imbriqué

> Une citation.

```python
print("bonjour")
```

    code indenté

<div>html brut</div>

---

Fin.
"""


def test_markdown_blocks_kinds_lines_and_verbatim_parts(tmp_path):
    document = read_article(write(tmp_path, "a.md", MARKDOWN), "seeds/a.md")
    assert document.title == "Un essai"
    assert [(b.kind, b.line) for b in document.blocks] == [
        (FRONT_MATTER, 2),
        (FRONT_MATTER_VALUE, 2),  # the title: translated (tests/test_front_matter.py)
        (HEADING, 5),
        (PARAGRAPH, 7),
        (LIST_ITEM, 10),
        (LIST_ITEM, 11),
        (LIST_ITEM, 12),
        (QUOTE, 14),
        (CODE, 17),
        (CODE, 20),
        (HTML, 22),
        (PARAGRAPH, 22),  # the HTML block's prose (its frames say so)
        (RULE, 24),
        (PARAGRAPH, 26),
    ]
    assert document.blocks[11].text == "html brut" and document.blocks[11].frames[-1][1] == 10
    paragraph = document.blocks[3]
    assert paragraph.text == (
        "Premier paragraphe avec *emphase* et un [lien](https://exemple.fr/a?b=1).\n"
        "Suite du paragraphe."
    )
    nested = document.blocks[6]
    assert (nested.level, nested.ordered, nested.number) == (2, True, 1)
    assert document.blocks[8].info == "python"
    assert not any(b.translatable for b in document.blocks if b.kind in (CODE, HTML, FRONT_MATTER))


def test_markdown_title_falls_back_to_first_h1_then_file_stem(tmp_path):
    assert read_article(write(tmp_path, "a.md", "# Titre\n\nTexte.\n")).title == "Titre"
    assert read_article(write(tmp_path, "b.md", "Texte seul.\n")).title == "b"


def test_utf8_bom_is_dropped_and_crlf_normalised(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfTitre\r\n\r\nUne phrase.\rDeux.\r\n")
    document = read_article(path)
    assert document.title == "Titre"
    assert document.blocks[1].text == "Une phrase.\nDeux."
    assert document.warnings == ()


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_single_byte_encodings_are_detected_and_named(tmp_path, codec):
    text = "Élan vers l'été\n\nÀ Paris, les députés ont voté la loi à 3,5 % près.\n"
    path = write(tmp_path, "a.txt", text.encode(codec))
    document = read_article(path, "seeds/a.txt")
    assert document.blocks[1].text == text.split("\n")[2]
    assert len(document.warnings) == 1
    assert "not UTF-8" in document.warnings[0] and document.encoding in document.warnings[0]


def test_windows_1252_typography_survives(tmp_path):
    text = "L’été\n\nC’est l’œuvre « d’une vie »… Fin.\n"
    document = read_article(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert document.blocks[1].text == "C’est l’œuvre « d’une vie »… Fin."
    assert document.encoding == "cp1252"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unusable_articles_are_refused(tmp_path, data, reason):
    with pytest.raises(ArticleError, match=reason):
        read_article(write(tmp_path, "a.txt", data))


def test_missing_file_directory_and_wrong_suffix(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "absent.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(ArticleError, match="directory"):
        read_article(tmp_path / "dir.txt")
    with pytest.raises(ArticleError, match="unsupported"):
        read_article(write(tmp_path, "a.docx", "Titre\n"))


def test_decode_refuses_control_characters():
    with pytest.raises(ArticleError, match="control characters"):
        decode(b"Titre\x01\x02\x03\x04\x05\x06\x07\x08 texte", "a.txt")


def test_seed_articles_read_cleanly():
    for path in sorted(SEEDS.iterdir()):
        document = read_article(path)
        assert document.encoding == "utf-8" and document.warnings == ()
        assert document.blocks[0].kind == TITLE
        assert sum(b.translatable for b in document.blocks) == len(document.blocks)


def test_tables_footnotes_and_reference_definitions_are_read():
    from translate.read import parse_markdown_document

    text = (
        "| Poste | Montant |\n|:--|--:|\n| Écoles | 12 M€ |\n\n"
        "Voir [le site][metro][^n].\n\n> Un.\n>\n> Deux.\n\n"
        '[^n]: Une note.\n\n[metro]: https://example.org/m "Métro"\n'
    )
    _, blocks, references = parse_markdown_document(text)
    cells = [(b.text, b.info) for b in blocks if b.kind == "table cell"]
    assert cells == [
        ("Poste", "th left"),
        ("Montant", "th right"),
        ("Écoles", "td left"),
        ("12 M€", "td right"),
    ]
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [(b.text, b.info, b.line) for b in notes] == [("Une note.", "n", 11)]
    assert references == (Reference("METRO", "https://example.org/m", "Métro"),)
    quotes = [b for b in blocks if b.kind == "quote"]
    assert len(quotes) == 2 and quotes[0].frames == quotes[1].frames  # one quote, two paragraphs
    for block in blocks:  # every line of a block is found where it stands in the source
        assert [text[a:b] for a, b in block.spans] == block.text.split("\n")


def _whole(parser, text: str, env: dict):
    """The tokens of `text` parsed in one piece, as the reader took them before it read a
    top-level block at a time."""
    yield parser.parse(text, env)


def test_reading_a_top_level_block_at_a_time_gives_the_blocks_of_a_whole_parse(monkeypatch):
    """Every Markdown page of the corpora (and a page with boxes, raw HTML, an mdpo switch,
    lists, quotes, tables and a front matter) reads to the same title, blocks (frames,
    spans and HTML-block indexes included) and references either way."""
    from translate import read as reader

    corpora = Path(__file__).resolve().parent / "corpora"
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpora.rglob("*.md"))]
    pages.append(
        "---\ntitle: Un titre\n---\n# Titre\n\nUn paragraphe. Deux phrases.\n\n"
        "> Une citation.\n> > Imbriquée.\n\n- un\n- deux\n  1. trois\n\n"
        '| a | b |\n| --- | --- |\n| c | d |\n\n!!! note "Attention"\n    Dans la boîte.\n\n'
        "<!-- mdpo-disable-next-line -->\nGardé tel quel.\n\n<p>Du <b>HTML</b> ici.</p>\n\n"
        "::: tip Conseil\nUn conseil.\n:::\n\n> [!NOTE]\n> Une alerte.\n\n[ref]: https://exemple.fr\n"
    )
    assert len(pages) > 50
    streamed = [reader.parse_markdown_document(page) for page in pages]
    monkeypatch.setattr(reader, "token_batches", _whole)
    whole = [reader.parse_markdown_document(page) for page in pages]
    for page, one, other in zip(pages, streamed, whole, strict=True):
        assert one == other, page[:200]


@pytest.mark.parametrize(
    "data",
    [
        "Titre\r\n\r\nUne phrase été ’ici’.\r\nFin\r".encode(),
        b"Titre\r\rDeux\n\rTrois\r\n",
        "é" * 9 + "\r\n" + "’" * 7,
        "\ufeffTitre avec BOM\n".encode(),
        "Titre été\n".encode("latin-1"),
        b"   \n\t \n",
        b"Titre\x00\x01\x02\x03\x04\x05\n",
    ],
)
def test_an_article_digested_in_chunks_has_the_digest_of_its_decoded_text(
    tmp_path, monkeypatch, data
):
    """Chunks that cut a CRLF or a character in two change nothing; what is not plain UTF-8
    (a BOM, Latin-1) or would be refused (blank, control characters) is left to `read_source`."""
    from translate import decode

    if isinstance(data, str):
        data = data.encode()
    path = tmp_path / "a.md"
    path.write_bytes(data)
    monkeypatch.setattr(decode, "_CHUNK", 3)
    digest = decode.streamed_digest(path, "a.md")
    try:
        expected = decode.read_source(path, "a.md").digest
    except ArticleError:
        expected = None
    plain = not data.startswith(b"\xef\xbb\xbf") and expected is not None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        plain = False
    assert digest == (expected if plain else None)
