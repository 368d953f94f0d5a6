"""The PO line wrapper reads text a word at a time and a break opportunity at a time; it must
choose the very lines the character-at-a-time reading of gettext's rules chooses (kept here
as the reference: it is how `translate/powrite.py` first wrote them, checked against msgcat
in tests/test_powrite.py)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from translate import powrite
from translate.powrite import _DIRECT, _INDIRECT, _class, _pair, _width

CORPORA = Path(__file__).parent / "corpora"
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


def reference_breaks(text: str) -> list[bool]:
    result = [False] * len(text)
    previous, spaces = None, False
    for index, char in enumerate(text):
        kind = _class(char)
        if kind == "SP":
            spaces = True
            continue
        if kind == "CM" and previous is not None and not spaces:
            continue
        if kind == "CM":
            kind = "AL"
        if previous == "ZW":
            result[index] = True
        elif previous is not None:
            rule = _pair(previous, kind)
            result[index] = rule == _DIRECT or (rule == _INDIRECT and spaces)
        previous, spaces = kind, False
    return result


def reference_choose(chars: list[str], allowed: list[bool], width: int, column: int) -> set:
    chosen, last, piece = set(), None, 0
    for index, char in enumerate(chars):
        if allowed[index]:
            if last is not None and column + piece > width:
                chosen.add(last)
                column = 0
            last, column, piece = index, column + piece, 0
        piece += _width(char)
    if last is not None and column + piece > width:
        chosen.add(last)
    return chosen


def reference_wrap(prefix: str, name: str, text: str, width: int = 79) -> list[str]:
    after_break = len(prefix) + 1
    limit = width - 1 - after_break
    pieces = powrite.string_pieces(text)  # unchanged: what is compared is how each is broken
    lines, first = [], True
    for number, piece in enumerate(pieces):
        last = number == len(pieces) - 1
        escaped, inside = [], []
        for char in piece:
            if char in _ESCAPES or char in '\\"':
                escaped += ["\\", _ESCAPES.get(char, char)]
                inside += [False, True]
            else:
                escaped.append(char)
                inside.append(False)
        breaks = reference_breaks("".join(escaped))
        allowed = [can and not within for can, within in zip(breaks, inside, strict=True)]
        if piece.endswith("\n"):
            allowed[-2] = False
        while True:
            startcol = (len(prefix) + len(name) + 1 if first else len(prefix)) + 1 - after_break
            chosen = reference_choose(escaped, allowed, limit, startcol)
            if first and escaped and (not last or startcol > limit or chosen):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        current = [f"{prefix}{name} " if first else prefix, '"']
        first = False
        for index, char in enumerate(escaped):
            if index in chosen:
                lines.append("".join([*current, '"']))
                current = [prefix, '"']
            current.append(char)
        lines.append("".join([*current, '"']))
    return lines


# the characters gettext's rules treat apart, combining marks, wide and zero-width ones,
# everything that is escaped
ALPHABET = list(
    "aé e-/.,:;!?()[]{}\"'%$+\\#|\u00a0\u202f\u2060\u200b\u2014\u2013\u2010\u2026«»“”‘’"
    "\u0301\u0327\u4e00\u3001\uff01\t\n\r\a\u00ad\u2011\ufeff€£°‰xyz019 "
)
SHAPES = [("", "msgid", 79), ("#~ ", "msgstr", 79), ("#| ", "msgid", 79), ("", "msgstr[1]", 30)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=260).map("".join))
def test_lines_are_the_character_at_a_time_reading_s(text):
    breaks = [index for index, can in enumerate(reference_breaks(text)) if can]
    assert [index for index, _width_before in powrite._opportunities(text)] == breaks
    for prefix, name, width in SHAPES:
        assert powrite.wrap_string(prefix, name, text, width) == reference_wrap(
            prefix, name, text, width
        )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["le", "l’été", "au-dessus", "a\u0301", "«", "»", "x" * 45]), max_size=40
    ).map(" ".join)
)
def test_remembered_words_give_the_lines_of_words_read_anew(text):
    """Words come back from the memory of words (up to 40 characters) and from a fresh
    reading (longer ones): the lines are the reference's either way, whatever came before."""
    for prefix, name, width in SHAPES:
        assert powrite.wrap_string(prefix, name, text, width) == reference_wrap(
            prefix, name, text, width
        )


def test_real_documents_wrap_as_the_reference_wraps_them():
    lines = []
    for path in sorted(CORPORA.rglob("*")):
        if path.suffix in (".md", ".txt", ".html", ".po"):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    assert len(lines) > 1000
    texts = lines + ["\n".join(lines[i : i + 4]) for i in range(0, len(lines), 4)]
    for text in texts:
        assert powrite.wrap_string("", "msgid", text) == reference_wrap("", "msgid", text)


def test_every_narrow_character_is_one_column_wide():
    """A text of these characters alone is measured by its length, not character by
    character: each must be one column wide as the wrapper counts columns."""
    ranges = re.findall(r"(.)-(.)", powrite.NARROW, re.DOTALL)
    assert len(ranges) >= 4
    for low, high in ranges:
        for code in range(ord(low), ord(high) + 1):
            assert _width(chr(code)) == 1, hex(code)
    assert _width("\u00ad") == 0 and _width("\u0301") == 0 and _width("\u4e00") == 2
