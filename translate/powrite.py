"""PO text as GNU gettext writes it, so that `msgcat` and diptych produce the same bytes.

gettext (`write-po.c`, `wrap()`) escapes each string, cuts it after every `\\n`, and breaks
the pieces at Unicode line-break opportunities (UAX #14, through libunistring's
`ulc_width_linebreaks`): after spaces, after hyphens, never inside an escape sequence, never
right before a final `\\n`; a string that needs more than one line starts with `""`. Lines
are at most 79 columns including quotes and prefixes. Comments (`#`, `#.`) are not wrapped;
`#:` references are filled to the same width.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import polib

# GNU gettext's page width (`msgcat --width`'s default): lines of at most 79 columns. polib's
# own default is 78; every catalog diptych renders, through this module or through polib
# (`wrapwidth`), uses this one width.
PAGE_WIDTH = 79

# Line-break classes (UAX #14) of the characters that matter in prose.
_CLASSES = {
    " ": "SP",
    "\t": "BA",
    "-": "HY",
    "/": "SY",
    ",": "IS",
    ".": "IS",
    ":": "IS",
    ";": "IS",
    "!": "EX",
    "?": "EX",
    "(": "OP",
    "[": "OP",
    "{": "OP",
    ")": "CP",
    "]": "CP",
    "}": "CL",
    '"': "QU",
    "'": "QU",
    "%": "PO",
    "$": "PR",
    "+": "PR",
    "\\": "PR",
    "#": "AL",
    "|": "BA",
    "\u00a0": "GL",
    "\u202f": "GL",
    "\u2007": "GL",
    "\u2011": "GL",
    "\u2060": "WJ",
    "\ufeff": "WJ",
    "\u200b": "ZW",
    "\u2010": "BA",
    "\u2012": "BA",
    "\u2013": "BA",
    "\u2014": "B2",
    "\u2026": "IN",
    "\u00ab": "QU",
    "\u00bb": "QU",
    "\u2018": "QU",
    "\u2019": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u2039": "QU",
    "\u203a": "QU",
    "\u00b0": "PO",
    "\u2030": "PO",
    "\u20ac": "PR",
    "\u00a3": "PR",
    "\u00a5": "PR",
    "\u00b4": "BB",
    "\u00ad": "BA",
    "\u00bf": "OP",
    "\u00a1": "OP",
}
_DIRECT, _INDIRECT, _PROHIBITED = 0, 1, 2


@lru_cache(maxsize=4096)  # per character: a catalog repeats few distinct ones
def _class(char: str) -> str:
    known = _CLASSES.get(char)
    if known:
        return known
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Mc"):
        return "CM"
    if category == "Nd":
        return "NU"
    if unicodedata.east_asian_width(char) in ("W", "F") and category[0] in "LS":
        return "ID"
    if category == "Zs":
        return "BA"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Pd":
        return "BA"
    if category == "Sc":
        return "PR"
    return "AL"


@lru_cache(maxsize=1024)
def _pair(before: str, after: str) -> int:
    """Whether a break between two classes is allowed: always, only after spaces, never."""
    if before == "OP" or after in ("CL", "CP", "EX", "IS", "SY", "WJ") or before == "WJ":
        return _PROHIBITED
    if (before, after) in (("QU", "OP"), ("CL", "NS"), ("CP", "NS"), ("B2", "B2")):
        return _PROHIBITED
    if before == "GL":
        return _INDIRECT
    if after == "GL":
        return _DIRECT if before in ("BA", "HY") else _INDIRECT
    if before == "QU" or after in ("QU", "BA", "HY", "NS", "IN") or before == "BB":
        return _INDIRECT
    indirect = {
        ("AL", "NU"),
        ("NU", "AL"),
        ("PR", "ID"),
        ("PR", "AL"),
        ("PO", "AL"),
        ("AL", "PR"),
        ("AL", "PO"),
        ("CL", "PO"),
        ("CL", "PR"),
        ("CP", "PO"),
        ("CP", "PR"),
        ("NU", "PO"),
        ("NU", "PR"),
        ("PO", "OP"),
        ("PR", "OP"),
        ("PO", "NU"),
        ("PR", "NU"),
        ("HY", "NU"),
        ("IS", "NU"),
        ("NU", "NU"),
        ("SY", "NU"),
        ("AL", "AL"),
        ("AL", "OP"),
        ("NU", "OP"),
        ("CP", "AL"),
        ("CP", "NU"),
        ("ID", "PO"),
    }
    return _INDIRECT if (before, after) in indirect else _DIRECT


def _opportunities(text: str) -> list[tuple[int, int]]:
    """(index, width of the text before it) of every character a line may break before.
    A space is the only character whose class is SP: the text is read a word at a time, and
    what a word allows depends only on the word and on what came before it (`_read_word`)."""
    found: list[tuple[int, int]] = []
    previous: str | None = None
    offset = width = 0
    for word in text.split(" "):
        if word:
            if len(word) <= _WORD_KEPT:
                inside, span, previous = _known_word(previous, word)
            else:
                inside, span, previous = _read_word(previous, word)
            if inside == _AT_START:
                found.append((offset, width))
            elif inside:
                found += [(offset + at, width + before) for at, before in inside]
            width += span
        offset += len(word) + 1
        width += 1  # the space after it (one too many after the last word: never read)
    return found


_AT_START = ((0, 0),)  # most words: a break before them (after a space) and none inside


# Prose repeats its words: what a word of up to this many characters allows is remembered
# (a URL, a run of symbols is read each time, never kept).
_WORD_KEPT = 40


def _read_word(previous: str | None, word: str) -> tuple[tuple, int, str | None]:
    """The break opportunities inside a word (no space in it) as (index, width before it),
    its width, and the class a break after it is judged by: what a word allows depends
    only on the word and on the class of what came before the space before it (there is
    one before every word but the first, and before the first, nothing is judged)."""
    found = []
    width = 0
    spaces = True
    for index, char in enumerate(word):
        kind = _class(char)
        if kind == "CM" and previous is not None and not spaces:
            width += _width(char)
            continue
        if kind == "CM":
            kind = "AL"
        if previous is None:
            pass  # never after leading spaces (as libunistring)
        elif previous == "ZW":
            found.append((index, width))
        else:
            rule = _pair(previous, kind)
            if rule == _DIRECT or (rule == _INDIRECT and spaces):
                found.append((index, width))
        previous, spaces = kind, False
        width += _width(char)
    return tuple(found), width, previous


_known_word = lru_cache(maxsize=8192)(_read_word)


_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPED = str.maketrans({**{c: f"\\{e}" for c, e in _ESCAPES.items()}, "\\": "\\\\", '"': '\\"'})
_NEEDS_ESCAPE = re.compile(f'[{re.escape("".join(_ESCAPES))}\\\\"]')


@lru_cache(maxsize=4096)
def _width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _text_width(text: str) -> int:
    return len(text) if _NOT_NARROW.search(text) is None else sum(map(_width, text))


# Characters every one of which is one column wide (tests/test_powrite_fast.py checks them):
# a text of these alone is as wide as it is long.
NARROW = "\x00-\xac\xae-\u02ff\u2010-\u2027\u202f-\u205f\u20a0-\u20c0"
_NOT_NARROW = re.compile(f"[^{NARROW}]")


def _escape(text: str) -> str:
    return text if _NEEDS_ESCAPE.search(text) is None else text.translate(_ESCAPED)


def wrap_string(prefix: str, name: str, text: str, width: int = PAGE_WIDTH) -> list[str]:
    """The lines of `prefix name "text"` as gettext's `wrap()` writes them."""
    after_break = len(prefix) + 1
    limit = width - 1 - after_break
    first_column = len(name) + 1  # where the text starts on the first line, as limit counts
    pieces = string_pieces(text)
    lines: list[str] = []
    first = True
    for number, piece in enumerate(pieces):
        last = number == len(pieces) - 1
        escaped = _escape(piece)
        total = _text_width(escaped)
        if len(pieces) == 1 and first_column + total <= limit:
            return [f'{prefix}{name} "{escaped}"']  # most strings: one line, no break to find
        allowed = _opportunities(escaped)
        if "\\" in escaped:  # breaks are never inside an escape sequence
            within = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(escaped)}
            if piece.endswith("\n"):
                within.add(len(escaped) - 2)  # nor right before a final \n
            allowed = [(at, before) for at, before in allowed if at not in within]
        while True:
            column = first_column if first else 0
            chosen = _choose(allowed, total, limit, column)
            if first and escaped and (not last or column > limit or chosen):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        first = False
        cuts = [0, *chosen, len(escaped)]
        lines.append(f'{head}"{escaped[: cuts[1]]}"')
        lines += [f'{prefix}"{escaped[a:b]}"' for a, b in zip(cuts[1:], cuts[2:], strict=False)]
    return lines


def string_pieces(text: str) -> list[str]:
    """The pieces gettext wraps a string in apart: cut after every newline (one, empty, for
    an empty string)."""
    pieces: list[str] = []
    start = 0
    while True:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        pieces.append(text[start:end])
        start = end
        if start >= len(text):
            return pieces


_ESCAPE_SEQUENCE = re.compile(r"\\.", re.DOTALL)


def _choose(allowed: list[tuple[int, int]], total: int, width: int, column: int) -> list[int]:
    """libunistring's greedy choice: break at the last opportunity before a piece that would
    run past `width`. `allowed`: (index, width of the text before it), in order; `total`:
    the text's width."""
    chosen: list[int] = []
    last: int | None = None
    before = 0  # width up to the last opportunity
    for index, upto in allowed:
        piece = upto - before
        if last is not None and column + piece > width:
            chosen.append(last)
            column = 0
        last = index
        column += piece
        before = upto
    if last is not None and column + total - before > width:
        chosen.append(last)
    return chosen


def render_entry(entry: polib.POEntry, width: int = PAGE_WIDTH) -> str:
    """One entry as gettext writes it: comments unwrapped, strings wrapped."""
    lines: list[str] = []
    for line in entry.tcomment.split("\n") if entry.tcomment else []:
        lines.append(_comment("# ", line))
    for line in entry.comment.split("\n") if entry.comment else []:
        lines.append(_comment("#. ", line))
    if entry.occurrences:
        lines += _references(entry.occurrences, width)
    flags = list(entry.flags)
    if "fuzzy" in flags and not (entry.msgstr or any(entry.msgstr_plural.values())):
        flags.remove("fuzzy")  # as gettext: an untranslated entry is never fuzzy
    if flags:
        lines.append("#, " + ", ".join(flags))
    body = "#~ " if entry.obsolete else ""
    previous = "#~| " if entry.obsolete else "#| "
    for name, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None and (value or name == "msgid"):
            lines += wrap_string(previous, name, value, width)
    if entry.msgctxt is not None:
        lines += wrap_string(body, "msgctxt", entry.msgctxt, width)
    lines += wrap_string(body, "msgid", entry.msgid, width)
    if entry.msgid_plural:
        lines += wrap_string(body, "msgid_plural", entry.msgid_plural, width)
        for index, value in sorted(entry.msgstr_plural.items(), key=lambda kv: int(kv[0])):
            lines += wrap_string(body, f"msgstr[{index}]", value, width)
    else:
        lines += wrap_string(body, "msgstr", entry.msgstr, width)
    return "\n".join(lines)


def _comment(prefix: str, line: str) -> str:
    # gettext's reader joins a line ending in a backslash with the next one, even in a
    # comment: a space keeps them apart (machine text is compared with whitespace folded)
    if line.endswith("\\"):
        line += " "
    return f"{prefix}{line}" if line else prefix.rstrip()


def _references(occurrences, width: int) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for path, line in occurrences:
        item = f"{path}:{line}" if line else path
        if len(current) > 2 and len(current) + 1 + len(item) > width:
            lines.append(current)
            current = "#:"
        current += f" {item}"
    lines.append(current)
    return lines


def render_header(header: str, metadata_entry: polib.POEntry, width: int = PAGE_WIDTH) -> str:
    """The file's header comment and header entry."""
    lines = [_comment("# ", line) for line in header.split("\n")] if header else []
    return "\n".join([*lines, render_entry(metadata_entry, width)])
