"""postore's entry-at-a-time reader (`_parse_shaped`) against polib, the reference. Catalogs
in the shapes it reads (what diptych, polib, msgcat and the PO editors write) must be taken
and give polib's catalog, attribute for attribute; near misses (a line a little off that
shape, or one polib or msgfmt refuses) are refused, or give polib's catalog too. Whatever it
takes passes msgfmt's lexical check, which `parse_catalog` then skips."""

from __future__ import annotations

import polib
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_po_parse import _AsFile, described, same_as_polib

from translate.errors import CatalogError
from translate.postore import _VALID_TEXT, _parse_shaped, check_syntax, parse_catalog

# What a quoted string may hold: escapes polib knows and one it does not, an escaped quote,
# and characters that are line breaks to `str.splitlines` or spaces to `str.strip`, which a
# PO line does not end at.
BODY = st.lists(
    st.sampled_from(
        ["a", "é", " ", "\t", "\\\\", '\\"', "\\n", "\\t", "\\q", "\u2028", "\x0c", "\x85"]
        + ["\xa0", "'", "#", ":", ",", '"\\n"', "\\"]
    ),
    max_size=6,
).map("".join)
STRING = BODY.filter(lambda body: _VALID_TEXT.fullmatch(f'"{body}"') is not None)
# A comment's text after its marker and one space: never ending in a space polib strips.
WORDS = st.lists(
    st.sampled_from(["a", "é", " ", "\t", "#", ":", ",", "\u3000", "\x1c", "x:1", "~", "|"]),
    min_size=1,
    max_size=6,
).map("".join)
TEXT = WORDS.filter(lambda text: not text[-1].isspace())
REFERENCE = st.sampled_from(["a.md:3", "b", "c:x", ":12", "d:", "e:1:2", "f:٣", "a.md:3"])


@st.composite
def entries(draw) -> list[str]:
    """One entry's lines in the shape `_parse_shaped` reads, then the blank lines after it."""
    lines = draw(st.lists(st.one_of(st.just("#"), st.just("# "), TEXT.map("# ".__add__))))
    lines += [f"#. {text}" for text in draw(st.lists(TEXT, max_size=3))]
    for _ in range(draw(st.integers(0, 2))):
        lines.append("#: " + " ".join(draw(st.lists(REFERENCE, min_size=1, max_size=3))))
    lines += [f"#, {text}" for text in draw(st.lists(TEXT, max_size=2))]
    if draw(st.booleans()):
        previous = draw(st.lists(STRING, min_size=1, max_size=3))
        lines += [f'#| msgid "{previous[0]}"'] + [f'#| "{body}"' for body in previous[1:]]
    msgid = draw(st.lists(STRING, min_size=1, max_size=3))
    msgstr = draw(st.lists(STRING, min_size=1, max_size=3))
    mark = draw(st.sampled_from(["", "", "#~ "]))  # an obsolete entry's
    lines += [f'{mark}msgid "{msgid[0]}"'] + [f'{mark}"{body}"' for body in msgid[1:]]
    lines += [f'{mark}msgstr "{msgstr[0]}"'] + [f'{mark}"{body}"' for body in msgstr[1:]]
    return lines + [""] * draw(st.integers(0, 2))


HEADER_ENTRY = [
    'msgid ""',
    'msgstr ""',
    '"Project-Id-Version: x\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"X-Long: a "',
    '"b\\n"',
    '"continued\\n"',
    "",
]


@st.composite
def shaped(draw) -> tuple[str, int]:
    """A catalog in the shape `_parse_shaped` reads, and where its text starts (1 after a BOM)."""
    header = draw(
        st.lists(st.one_of(st.just("#"), st.just("# "), st.just(""), TEXT.map("# ".__add__)))
    )
    if draw(st.booleans()):
        header += [f"#, {draw(TEXT)}"] * draw(st.integers(0, 1)) + HEADER_ENTRY
    lines = header + [line for entry in draw(st.lists(entries(), max_size=4)) for line in entry]
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(lines) + draw(st.sampled_from([end, ""]))
    bom = draw(st.booleans())
    return ("\ufeff" if bom else "") + text, int(bom)


def _polib(text: str) -> tuple:
    return described(polib.pofile(_AsFile(text), wrapwidth=79))


@settings(max_examples=300, deadline=None)
@given(shaped())
def test_catalogs_in_the_shape_are_read_entry_by_entry_as_polib_reads_them(case):
    text, start = case
    parsed = _parse_shaped(text, 79, start=start)
    assert parsed is not None
    assert described(parsed) == _polib(text)
    check_syntax(text[start:])  # and msgfmt's lexical check passes, so it may be skipped


@settings(max_examples=100, deadline=None)
@given(shaped())
def test_without_places_only_the_occurrences_are_left_out(case):
    text, start = case
    lean = _parse_shaped(text, 79, keep_places=False, start=start)
    full = _parse_shaped(text, 79, start=start)
    assert lean is not None and full is not None
    # two header entries: polib removes the first that renders as the one it found, which
    # may then depend on the references
    assume(all(entry.msgid for entry in full))
    assert all(entry.occurrences == [] for entry in lean)
    for entry in full:
        entry.occurrences = []
    assert described(lean) == described(full)


# Lines a little off the shape, or off the format: each is refused by `_parse_shaped`, or read
# as polib reads it.
ODD_LINES = [
    '#~ msgid "x"',
    '#~ msgstr "y"',
    '#~| msgid "z"',
    '#~ "x"',
    '#~msgid "x"',
    '#~  msgid "x"',
    '#~ msgid "x" ',
    "#~",
    'msgctxt "c"',
    'msgid_plural "p"',
    'msgstr[0] "x"',
    "#.",
    "#. ",
    "#.x",
    "#.  x",
    "#. x ",
    "#,",
    "#,fuzzy",
    "#, fuzzy ",
    "#:",
    "#: a:1 ",
    "##x",
    "## x",
    "#x",
    "#\tx",
    "# x ",
    "#  ",
    "#| msgid",
    '#|msgid "a"',
    '#| msgid "a" ',
    '#| "b"',
    '  msgid "a"',
    'msgid  "a"',
    'msgid "a" ',
    '"a" ',
    ' "a"',
    'msgid "a"b"',
    'msgid "a\\"',
    '"a\\\\"b"',
    "bogus",
    " ",
    "\t",
    "\x0c",
    "\u2028",
    'msgid "a',
    '"x',
    "msgid",
    "msgstr",
    '#| msgctxt "k"',
    '#| msgid_plural "k"',
    "\ufeff",
]


@st.composite
def near_misses(draw) -> str:
    """A catalog in the shape, with a line or a few changed: an odd line put in, two lines
    swapped, one left out, a space at a line's end, a CR inside a line or at its end."""
    text, start = draw(shaped())
    lines = text[start:].replace("\r\n", "\n").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        change = draw(st.sampled_from(["insert", "swap", "delete", "space", "cr"]))
        if change == "insert":
            lines.insert(at, draw(st.sampled_from(ODD_LINES)))
        elif at < len(lines) - 1 and change == "swap":
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif at < len(lines) and change == "delete":
            del lines[at]
        elif at < len(lines) and change == "space":
            lines[at] += draw(st.sampled_from([" ", "\t", "\xa0", "\x0c", "\u2028", "\r"]))
        elif at < len(lines):
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + "\r" + lines[at][cut:]
    return "\n".join(lines)


@settings(max_examples=500, deadline=None)
@given(near_misses())
def test_near_misses_are_refused_or_read_as_polib_reads_them(text):
    same_as_polib(text)
    parsed = _parse_shaped(text, 79)
    if parsed is not None:
        assert described(parsed) == _polib(text)
        check_syntax(text)


@settings(max_examples=200, deadline=None)
@given(near_misses())
def test_parse_catalog_refuses_what_it_refused_with_every_line_checked(text):
    """`parse_catalog` checks msgfmt's syntax only of what `_parse_shaped` does not take:
    a file it refuses, it refuses as before (the check first), and it reads the rest alike."""
    data = text.encode()
    text = data.decode("utf-8-sig")  # as parse_catalog decodes it
    try:
        check_syntax(text, "x.po")
        expected = described(polib.pofile(_AsFile(text), wrapwidth=79))
    except CatalogError as exc:
        with pytest.raises(CatalogError) as raised:
            parse_catalog(data, "x.po")
        assert str(raised.value) == str(exc)
        return
    except (OSError, ValueError):
        with pytest.raises(CatalogError, match="syntax error"):
            parse_catalog(data, "x.po")
        return
    try:
        catalog = parse_catalog(data, "x.po")
    except CatalogError as exc:
        assert "duplicate message definition" in str(exc)
        return
    assert described(catalog) == expected


TEMPLATE = [
    "# a title",
    "#",
    'msgid ""',
    'msgstr ""',
    '"Language: en\\n"',
    "",
    "# a note",
    "#. paragraph",
    "#: a.md:3 b",
    "#, fuzzy",
    '#| msgid "old"',
    '#| "er"',
    'msgid "x"',
    '"y"',
    'msgstr ""',
    '"z"',
    "",
    "#. second",
    'msgid "s"',
    'msgstr "t"',
    "",
    "#. removed",
    '#~ msgid "o"',
    '#~ "p"',
    '#~ msgstr "q"',
]


def test_each_odd_line_anywhere_is_refused_or_read_as_polib_reads_it():
    """Every odd line at every place of a catalog in the shape, and every line of it ended
    by a space or a CR, or cut by a CR: not one left to chance."""
    assert _parse_shaped("\n".join(TEMPLATE), 79) is not None
    texts = []
    for at in range(len(TEMPLATE) + 1):
        texts += ["\n".join(TEMPLATE[:at] + [odd] + TEMPLATE[at:]) for odd in ODD_LINES]
    for at, line in enumerate(TEMPLATE):
        changed = [line + end for end in (" ", "\t", "\xa0", "\x0c", "\u2028", "\r")]
        changed += [line[:cut] + "\r" + line[cut:] for cut in range(len(line))]
        texts += ["\n".join(TEMPLATE[:at] + [new] + TEMPLATE[at + 1 :]) for new in changed]
    for text in texts:
        same_as_polib(text)
        parsed = _parse_shaped(text, 79)
        if parsed is not None:
            assert described(parsed) == _polib(text), repr(text)
            check_syntax(text)


def test_the_common_shapes_are_taken():
    """What diptych writes, what polib saves and GNU's own shapes: read entry by entry."""
    text = (
        '# article: fr to en, made with diptych.\n#\nmsgid ""\nmsgstr ""\n'
        '"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "# a note\n#. paragraph\n#. mt: A first\n#: seeds/a.txt:3 seeds/a.txt:11\n"
        '#, fuzzy\n#| msgid "Une"\n#| "phrase"\nmsgid ""\n"Une "\n"phrase"\nmsgstr "A"\n'
    )
    catalog = _parse_shaped(text, 79)
    assert catalog is not None
    assert described(catalog) == _polib(text)
    assert _parse_shaped(text.replace("\n", "\r\n"), 79) is not None
    removed = text + '\n#. paragraph\n#~ msgid ""\n#~ "Une phrase "\n#~ "retirée"\n#~ msgstr "B"\n'
    catalog = _parse_shaped(removed, 79)  # an entry whose sentence left the article
    assert catalog is not None and [entry.obsolete for entry in catalog] == [0, 1]
    assert described(catalog) == _polib(removed)


def test_parse_po_reads_the_common_shapes_entry_by_entry(monkeypatch):
    """Without a BOM, with one, with CR LF line ends: never line by line."""
    from translate import postore

    text = '#. a\n#: b:1\nmsgid "x"\nmsgstr "y"\n'
    monkeypatch.setattr(postore, "_parse_lines", lambda *a: pytest.fail("read line by line"))
    for variant in (text, "\ufeff" + text, text.replace("\n", "\r\n")):
        assert [entry.msgstr for entry in postore.parse_po(variant)] == ["y"]
        postore.parse_catalog(variant.encode(), "x.po")


def test_rare_constructs_are_refused():
    for text in [
        'msgid "a"\nmsgstr "b"\n\n#~| msgid "c"\n#~ msgid "c"\n#~ msgstr "d"\n',
        'msgid "a"\nmsgstr "b"\n\n#~ msgid "c"\nmsgstr "d"\n',
        'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr "b"\n# trailing\n',
        'msgid "a"\rmsgstr "b"\n',
    ]:
        assert _parse_shaped(text, 79) is None
        same_as_polib(text)


def test_long_reference_lines_are_read_each_time_as_polib_reads_them():
    """A sentence found in many places has a long "#:" line, read again for each entry that
    has it (not kept: a long catalog would pay for every such line): the same occurrences."""
    places = " ".join(f"seeds/dossier.md:{line}" for line in range(1, 400, 3))
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for number in range(3):
        for place in (places, "seeds/dossier.md:7"):
            text += f'#: {place}\nmsgid "Phrase {number} {len(place)}"\nmsgstr ""\n\n'
    parsed = _parse_shaped(text, 79)
    assert parsed is not None and len(parsed[0].occurrences) == 133
    assert described(parsed) == _polib(text)
