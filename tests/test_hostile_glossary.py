"""TBX glossaries: entities and DTD internal subsets are refused by the XML parser itself,
whatever the file's encoding (a byte search for `<!ENTITY` misses UTF-16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ConfigError
from translate.glossary import load_glossary, parse_tbx

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "glossary"

HEAD = '<?xml version="1.0" encoding="{encoding}"?>\n'
BODY = """<martif type="TBX-Basic"><text><body><termEntry>
<langSet xml:lang="fr"><tig><term>{term}</term></tig></langSet>
<langSet xml:lang="en"><tig><term>guardrails</term></tig></langSet>
</termEntry></body></text></martif>
"""
HOSTILE = {
    "laughs": '<!DOCTYPE martif [\n<!ENTITY a "aaaaaaaaaa">\n'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n',
    "external": '<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n',
    "parameter": '<!DOCTYPE martif [<!ENTITY % p SYSTEM "http://example.com/x.dtd"> %p;]>\n',
    "subset": "<!DOCTYPE martif [<!ELEMENT martif ANY>]>\n",
}
TERMS = {"laughs": "&b;", "external": "&secret;", "parameter": "x", "subset": "x"}
# (codec the file is saved in, the name its XML declaration gives, byte order mark)
ENCODINGS = [
    ("utf-8", "UTF-8", b""),
    ("utf-8", "UTF-8", b"\xef\xbb\xbf"),
    ("utf-16-le", "UTF-16", b"\xff\xfe"),
    ("utf-16-be", "UTF-16", b"\xfe\xff"),
]


def _file(kind: str, codec: str, declared: str, bom: bytes) -> bytes:
    text = HEAD.format(encoding=declared) + HOSTILE.get(kind, "")
    text += BODY.format(term=TERMS.get(kind, "garde-fous"))
    return bom + text.encode(codec)


@pytest.mark.parametrize(("codec", "declared", "bom"), ENCODINGS)
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_entities_and_internal_subsets_are_refused_in_every_encoding(
    tmp_path: Path, kind: str, codec: str, declared: str, bom: bytes
) -> None:
    data = _file(kind, codec, declared, bom)
    assert b"<!ENTITY" not in data or codec == "utf-8"
    (tmp_path / "hostile.tbx").write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        load_glossary(tmp_path, "fr")
    message = str(caught.value)
    assert message.startswith("hostile.tbx: entity declarations are not allowed in a glossary")
    assert "\n" not in message and "aaaa" not in message and "root:" not in message


@pytest.mark.parametrize(("codec", "declared", "bom"), ENCODINGS)
def test_a_clean_glossary_reads_the_same_in_every_encoding(
    codec: str, declared: str, bom: bytes
) -> None:
    terms = parse_tbx(_file("clean", codec, declared, bom), "fr", "clean.tbx")
    assert [(t.source, t.target, t.language) for t in terms] == [("garde-fous", "guardrails", "en")]


def test_a_doctype_naming_the_standard_dtd_is_accepted_and_never_read() -> None:
    data = (FIXTURES / "newsroom.tbx").read_bytes()
    assert b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">' in data
    assert parse_tbx(data, "fr", "newsroom.tbx")
    utf16 = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert parse_tbx(utf16.encode("utf-16"), "fr", "newsroom.tbx") == parse_tbx(
        data, "fr", "newsroom.tbx"
    )
