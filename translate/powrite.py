"""PO text as GNU gettext writes it, so that `msgcat` and diptych produce the same bytes.

gettext (`write-po.c`, `wrap()`) escapes each string, cuts it after every `\\n`, and breaks
the pieces at Unicode line-break opportunities (UAX #14, through libunistring's
`ulc_width_linebreaks`): after spaces, after hyphens, never inside an escape sequence, never
right before a final `\\n`; a string that needs more than one line starts with `""`. Lines
are at most 79 columns including quotes and prefixes. Comments (`#`, `#.`) are not wrapped;
`#:` references are filled to the same width.
"""

from __future__ import annotations

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


def possible_breaks(text: str) -> list[bool]:
    """For each character, whether a line may break before it."""
    result = [False] * len(text)
    previous: str | None = None
    spaces = False
    for index, char in enumerate(text):
        kind = _class(char)
        if kind == "SP":
            spaces = True
            continue
        if kind == "CM" and previous is not None and not spaces:
            continue
        if kind == "CM":
            kind = "AL"
        if previous is None:
            result[index] = False  # never after leading spaces (as libunistring)
        elif previous == "ZW":
            result[index] = True
        else:
            rule = _pair(previous, kind)
            result[index] = rule == _DIRECT or (rule == _INDIRECT and spaces)
        previous, spaces = kind, False
    return result


_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


@lru_cache(maxsize=4096)
def _width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap_string(prefix: str, name: str, text: str, width: int = PAGE_WIDTH) -> list[str]:
    """The lines of `prefix name "text"` as gettext's `wrap()` writes them."""
    after_break = len(prefix) + 1
    limit = width - 1 - after_break
    pieces: list[str] = []
    start = 0
    while True:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        pieces.append(text[start:end])
        start = end
        if start >= len(text):
            break
    lines: list[str] = []
    first = True
    for number, piece in enumerate(pieces):
        last = number == len(pieces) - 1
        # breaks are found in the escaped text, never inside an escape sequence
        escaped: list[str] = []
        inside: list[bool] = []
        for char in piece:
            if char in _ESCAPES or char in '\\"':
                escaped += ["\\", _ESCAPES.get(char, char)]
                inside += [False, True]
            else:
                escaped.append(char)
                inside.append(False)
        allowed = [
            can and not within
            for can, within in zip(possible_breaks("".join(escaped)), inside, strict=True)
        ]
        if piece.endswith("\n"):
            allowed[-2] = False
        while True:
            startcol = (len(prefix) + len(name) + 1 if first else len(prefix)) + 1 - after_break
            chosen = _choose(escaped, allowed, limit, startcol)
            if first and escaped and (not last or startcol > limit or chosen):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        line = f"{prefix}{name} " if first else prefix
        first = False
        current = [line, '"']
        for index, char in enumerate(escaped):
            if index in chosen:
                current.append('"')
                lines.append("".join(current))
                current = [prefix, '"']
            current.append(char)
        current.append('"')
        lines.append("".join(current))
    return lines


def _choose(chars: list[str], allowed: list[bool | None], width: int, column: int) -> set[int]:
    """libunistring's greedy choice: break at the last opportunity before a piece that would
    run past `width`."""
    chosen: set[int] = set()
    last: int | None = None
    piece = 0
    for index, char in enumerate(chars):
        if allowed[index]:
            if last is not None and column + piece > width:
                chosen.add(last)
                column = 0
            last = index
            column += piece
            piece = 0
        piece += _width(char)
    if last is not None and column + piece > width:
        chosen.add(last)
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
