"""postore.parse_po against polib, the reference: the same catalog, attribute for attribute,
on every PO file the repository holds, on files saved by other tools, on edge cases of the
format, and on catalogs hypothesis makes and polib saves at any wrap width."""

from __future__ import annotations

import io
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.postore import _parse_common, parse_po

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    path
    for folder in ("locales", "tests")
    for path in (ROOT / folder).rglob("*.po*")
    if path.suffix in (".po", ".pending") or path.name.endswith(".po")
)


def described(catalog: polib.POFile) -> tuple:
    entries = [sorted(vars(entry).items(), key=lambda item: item[0]) for entry in catalog]
    return (
        type(catalog),
        catalog.header,
        list(catalog.metadata.items()),
        catalog.metadata_is_fuzzy,
        catalog.encoding,
        catalog.wrapwidth,
        catalog.fpath,
        [[(key, repr(value)) for key, value in entry] for entry in entries],
    )


class _AsFile(str):
    """PO text split into lines as polib splits a file it opens (universal newlines), not at
    U+2028, U+001E and the other breaks `str.splitlines` knows: what msgfmt sees."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return io.StringIO(str(self), newline=None).read().split("\n")


def same_as_polib(text: str) -> None:
    try:
        expected = polib.pofile(_AsFile(text), wrapwidth=79)
    except (OSError, ValueError) as exc:
        with pytest.raises(type(exc)) as raised:
            parse_po(text, 79)
        assert str(raised.value) == str(exc)
        return
    assert described(parse_po(text, 79)) == described(expected)


def test_the_repository_holds_po_files():
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_po_file_of_the_repository(path):
    same_as_polib(path.read_text(encoding="utf-8-sig", errors="replace"))


CASES = {
    "header comments and fuzzy header": (
        '# Title\n#\n## doubled\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n'
        '"X-Continued: a\\n"\n"b\\n"\n\n#. block\n#: a.md:3 :12 b c:x d:\nmsgid "x"\nmsgstr "y"\n'
    ),
    "previous msgid and flags": (
        'msgid ""\nmsgstr ""\n\n#, fuzzy, python-format\n#| msgid "old"\n#| "er"\n'
        'msgid "new"\nmsgstr "neu"\n'
    ),
    "escapes and wrapped strings": (
        'msgid ""\n"a \\"quoted\\" \\\\ word\\n"\n"\\ttab"\nmsgstr "b"\n"c"\n'
    ),
    "translator comments after msgstr start an entry": (
        'msgid "a"\nmsgstr "b"\n# note\n#. gen\n#.\n#:\n#,\nmsgid "c"\nmsgstr ""\n'
    ),
    "trailing comment is dropped": 'msgid "a"\nmsgstr "b"\n\n# trailing\n',
    "no final newline, CRLF, spaces": '  msgid "a"  \r\nmsgstr "b"',
    "bom": '\ufeffmsgid "a"\nmsgstr "b"\n',
    "obsolete entries": 'msgid "a"\nmsgstr "b"\n\n#~ msgid "c"\n#~ msgstr "d"\n',
    "context and plurals": (
        'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgid "x"\nmsgid_plural "xs"\n'
        'msgstr[0] "y"\nmsgstr[1] "ys"\n'
    ),
    "unescaped quote": 'msgid "a"b"\nmsgstr ""\n',
    "text outside strings": 'msgid "a"\nmsgstr "b"\nnonsense\n',
    "msgstr without msgid": 'msgstr "b"\n',
    "two msgstr": 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
    "bare previous": 'msgid "a"\nmsgstr "b"\n\n#| msgid\nmsgid "c"\nmsgstr ""\n',
    "empty": "",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_edge_cases_of_the_format(text):
    same_as_polib(text)


def test_rare_constructs_are_left_to_polib():
    """Obsolete entries, contexts and plurals are parsed by polib itself (a branch of the fast
    parser cannot then differ from it), and still give polib's catalog."""
    assert _parse_common(CASES["obsolete entries"], 79) is None
    assert _parse_common(CASES["context and plurals"], 79) is None
    assert _parse_common(CASES["escapes and wrapped strings"], 79) is not None


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(
        st.tuples(TEXT.filter(bool), TEXT, TEXT, TEXT, st.booleans(), st.one_of(st.none(), TEXT)),
        max_size=6,
        unique_by=lambda e: e[0],
    ),
    width=st.sampled_from([0, 40, 78, 79]),
)
def test_catalogs_polib_saves(entries, width):
    catalog = polib.POFile(wrapwidth=width)
    catalog.header = "a header\nof two lines"
    catalog.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, comment, tcomment, fuzzy, previous in entries:
        catalog.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                comment=comment,
                tcomment=tcomment,
                flags=["fuzzy"] if fuzzy else [],
                previous_msgid=previous,
                occurrences=[("a.md", "3")],
            )
        )
    same_as_polib(str(catalog))


LINE_PIECES = ["msgid ", "msgstr ", "msgstr[0] ", "msgctxt ", '"', "\\", "a", "é", " ", "\t"]
LINE_PIECES += ["\r", "\n", "#", "#~ ", "|", '\n"x"\n', "msgid_plural ", "#~", "~", "\u2028"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=14))
def test_the_one_pass_syntax_check_is_the_line_by_line_one(pieces):
    from translate.postore import _VALID_LINE, _VALID_TEXT

    text = "".join(pieces)
    line_by_line = all(_VALID_LINE.match(line) for line in text.split("\n"))
    assert (_VALID_TEXT.fullmatch(text) is not None) == line_by_line


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=40), st.integers(0, 12))
def test_the_syntax_check_a_piece_at_a_time_is_the_one_pass_check(pieces, piece):
    """Long catalogs are checked a piece of whole lines at a time: pieces of any size, cut
    anywhere a line ends, judge as the whole text does."""
    from translate import postore

    text = "".join(pieces)
    size, postore._VALID_PIECE = postore._VALID_PIECE, piece
    try:
        assert postore._valid_text(text) == (postore._VALID_TEXT.fullmatch(text) is not None)
    finally:
        postore._VALID_PIECE = size


def test_the_syntax_check_of_a_long_catalog_takes_bounded_memory():
    """The regex engine's record of the lines it went through grows with the text it is
    given (about twenty bytes a character): checked whole, a 2 MB catalog took 40 MB."""
    import tracemalloc

    from translate.postore import check_syntax

    entry = "#. paragraph\n#: seeds/a.md:3\n#, fuzzy\n"
    entry += 'msgid ""\n"Une phrase assez longue "\n"ici."\n'
    text = (entry + 'msgstr "A sentence."\n\n') * 20_000
    assert len(text) > 2_000_000
    tracemalloc.start()
    try:
        check_syntax(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000


def test_the_one_pass_syntax_check_gives_up_in_linear_time():
    """A long catalog whose last line is wrong: the pattern does not try every other way of
    reading the lines before it (each line reads one way only)."""
    import time

    from translate.postore import _VALID_TEXT

    lines = ["#. a \r", "#~ ", '  msgid "a\\"b" \t\r', "", '"x"', "#~ | y", "\t"] * 3000
    text = "\n".join(lines)
    start = time.process_time()
    assert _VALID_TEXT.fullmatch(text) is not None
    valid = time.process_time() - start
    start = time.process_time()
    assert _VALID_TEXT.fullmatch(text + '\nmsgid "') is None
    assert time.process_time() - start < 20 * valid + 0.5


def test_the_syntax_check_names_the_first_bad_line():
    from translate.errors import CatalogError
    from translate.postore import check_syntax

    with pytest.raises(CatalogError, match=":3: syntax error"):
        check_syntax('msgid "a"\nmsgstr "b"\nmsgstr "c\n\nmsgid "d"\nbogus\n')


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", " ", "\n", "\n\n", "\r", "\r\n", "\u2028", "\x85"])))
def test_lines_end_at_newlines_only(pieces):
    """As polib and msgfmt read a file: at `\n`, `\r\n` or `\r`, never at U+2028 or U+0085
    (a msgstr may hold them)."""
    import io

    from translate.postore import _lines

    text = "".join(pieces)
    expected = io.StringIO(text, newline=None).read().split("\n")
    assert list(_lines(text)) == (expected[:-1] if expected[-1] == "" else expected)
