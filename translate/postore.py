"""postore: a catalog's PO file on disk. Read with the checks GNU msgfmt makes, rendered as
GNU gettext writes it, and written so that nothing anyone saved meanwhile is lost: every
write is a merge with the file as it is at that moment (`write_merged`)."""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.errors import CatalogError
from translate.files import ChangedMeanwhile, current_bytes, write_atomic
from translate.powrite import PAGE_WIDTH
from translate.states import comment_lines

WRAP_WIDTH = PAGE_WIDTH  # what msgcat fills to


@dataclass(frozen=True)
class OnDisk:
    """A catalog as diptych read it, with its bytes: if the file holds other bytes at write
    time, someone saved it meanwhile and their changes are merged in (`write_merged`)."""

    data: bytes | None
    catalog: polib.POFile | None


def load_catalog(path: Path) -> polib.POFile | None:
    """Parse a PO file, or None if it does not exist. Syntax errors name the file and line."""
    return read_catalog(path).catalog


def read_catalog(path: Path, parse: Callable[[bytes, Path], polib.POFile] | None = None) -> OnDisk:
    """The catalog and the bytes it was parsed from (both None when there is no file);
    `parse` (`parse_catalog` unless given) makes the catalog of the bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return OnDisk(None, None)
    except IsADirectoryError:
        raise CatalogError(path, "is a directory, not a PO file") from None
    return OnDisk(data, (parse or parse_catalog)(data, path))


def parse_catalog(data: bytes, path: Path, places: bool = True) -> polib.POFile:
    """The catalog a PO file's bytes hold, checked as msgfmt checks it (CatalogError).
    `places` False: entries without their `#:` references where that saves memory (what
    export reads of a long article's catalog needs none)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(path, "not valid UTF-8", line) from None
    catalog = _parse_shaped(text, WRAP_WIDTH, places)  # a shape msgfmt's check always passes
    if catalog is None:
        check_syntax(text, path)
        try:
            catalog = _parse_lines(text, WRAP_WIDTH, places)
        except (OSError, ValueError) as exc:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) if match else None
            raise CatalogError(path, "syntax error", line) from None
    _check_duplicates(catalog, path, text)
    return catalog


def parse_po(text: str, wrapwidth: int = WRAP_WIDTH, places: bool = True) -> polib.POFile:
    """`polib.pofile(text, wrapwidth=...)`, the same objects, many times faster on what
    diptych, polib, msgcat and the common editors write: read an entry at a time by one
    regex where every entry has their shape (`_parse_shaped`), else line by line by polib's
    own state machine run inline. Anything rarer (contexts, plural forms, a line polib would
    refuse) is left to polib itself, so the result (or the error) is always polib's
    (`places` False: the fast paths leave every entry's occurrences empty)."""
    bom = text.startswith("\ufeff")  # polib drops it from the first line
    parsed = _parse_shaped(text, wrapwidth, places, start=1 if bom else 0)
    return parsed or _parse_lines(text, wrapwidth, places)


def _parse_lines(text: str, wrapwidth: int, places: bool) -> polib.POFile:
    """polib's parse of `text`, by its state machine run inline, or by polib itself."""
    parsed = _parse_common(text, wrapwidth, places)
    return parsed or polib.pofile(_Lines(text), wrapwidth=wrapwidth)


# A PO line ends at a newline only, as msgfmt (and polib reading a file) sees it: not at
# U+2028, U+0085, a form feed or the other breaks `str.splitlines` knows, which a msgstr may
# hold unescaped (polib, given text, splits on them and mangles the entry).
_NEWLINE = re.compile(r"\r\n|\r|\n")


class _Lines(str):
    """PO text that polib splits into lines at newlines only."""

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        return _NEWLINE.split(self)


# polib's transitions, (symbol, state) -> next state, for the symbols `_parse_common` reads
_EVERY = ("st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi")
_NEXT = {
    **{("tc", state): "he" for state in ("st", "he")},
    **{("tc", state): "tc" for state in ("gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms")},
    **{("tc", state): "tc" for state in ("mp", "mx", "mi")},
    **{(symbol, state): symbol for symbol in ("gc", "oc", "fl", "pm") for state in _EVERY},
    **{
        ("mi", state): "mi"
        for state in ("st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx")
    },
    **{("ms", state): "ms" for state in ("mi", "mp", "tc")},
    **{("mc", state): "mc" for state in ("mi", "ms", "pm")},
}
_NEW_ENTRY = frozenset({"tc", "gc", "oc", "fl", "pm", "mi"})  # after a msgstr: a new entry
_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, ended at newlines only as polib and msgfmt read a file (a U+2028
    or a form feed is part of a msgstr), one at a time: a large catalog is not copied."""
    if "\r" in text:
        lines = _NEWLINE.split(text)
        yield from lines[:-1] if lines[-1] == "" else lines
        return
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        yield text[start:end]
        start = end + 1


def _parse_common(text: str, wrapwidth: int, keep_places: bool = True) -> polib.POFile | None:  # noqa: C901
    """polib's parse of `text`, or None where polib's parser would take a path this one
    does not take (then polib parses it)."""
    if "#~" in text:
        return None

    def unescape(text: str) -> str:  # polib.unescape, which only ever replaces a backslash
        return polib.unescape(text) if "\\" in text else text

    catalog = polib.POFile(pofile=text, encoding=polib.detect_encoding(text))
    entry = polib.POEntry(linenum=0)
    state = "st"
    tokens: list[str] = []
    places: dict[str, tuple[str, str]] = {}  # a reference -> its (file, line)
    names: dict[str, str] = {}  # each file name once
    for number, raw in enumerate(_lines(text), start=1):
        if number == 1 and raw.startswith("\ufeff"):
            raw = raw[1:]
        line = raw.strip()
        if not line:
            continue
        tokens = line.split(None, 2)
        head, count = tokens[0], len(tokens)
        if head in ("msgid", "msgstr") and count > 1:
            symbol = "mi" if head == "msgid" else "ms"
            line = line[len(head) :].lstrip()
            if '"' in line[1:-1] and _UNESCAPED_QUOTE.search(line[1:-1]):
                return None
        elif head == "#:":
            if count <= 1:
                continue
            symbol = "oc"
        elif line[:1] == '"':
            if '"' in line[1:-1] and _UNESCAPED_QUOTE.search(line[1:-1]):
                return None
            symbol = "mc"
        elif head == "#,":
            if count <= 1:
                continue
            symbol = "fl"
        elif head == "#" or head.startswith("##"):
            line = "# " if line == "#" else line
            symbol = "tc"
        elif head == "#.":
            if count <= 1:
                continue
            symbol = "gc"
        elif head == "#|" and count > 1:
            line = line[2:].lstrip()
            if tokens[1].startswith('"'):
                symbol = "mc"
            elif tokens[1] == "msgid" and count > 2:
                symbol = "pm"
                line = line[len("msgid") :].lstrip()
            else:
                return None
        else:
            return None  # msgctxt, plurals, or a line polib refuses
        following = _NEXT.get((symbol, state))
        if following is None:
            return None
        if symbol == "mc":
            piece = unescape(line[1:-1])
            if state == "mi":
                entry.msgid += piece
            elif state == "ms":
                entry.msgstr += piece
            else:
                entry.previous_msgid += piece
            continue
        if following == "he":
            catalog.header += ("\n" if catalog.header != "" else "") + line[2:]
            state = following
            continue
        if state == "ms" and symbol in _NEW_ENTRY:
            catalog.append(entry)
            entry = polib.POEntry(linenum=number)
        state = following
        if symbol == "mi":
            entry.obsolete = 0
            entry.msgid = unescape(line[1:-1])
        elif symbol == "ms":
            entry.msgstr = unescape(line[1:-1])
        elif symbol == "gc":
            entry.comment += ("\n" if entry.comment != "" else "") + line[3:]
        elif symbol == "tc":
            comment = line.lstrip("#")
            comment = comment[1:] if comment.startswith(" ") else comment
            entry.tcomment += ("\n" if entry.tcomment != "" else "") + comment
        elif symbol == "fl":
            entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif symbol == "pm":
            entry.previous_msgid = unescape(line[1:-1])
        elif keep_places:  # oc
            entry.occurrences += _occurrences(line[3:], places, names)
    if tokens and not tokens[0].startswith("#"):
        catalog.append(entry)
    return _with_metadata(catalog, wrapwidth)


def _with_metadata(catalog: polib.POFile, wrapwidth: int) -> polib.POFile:
    """The catalog with its header entry read into the metadata, as polib reads it."""
    header = catalog.find("")
    if header:
        catalog.remove(header)
        catalog.metadata_is_fuzzy = header.flags
        key = None
        for message in header.msgstr.splitlines():
            try:
                key, value = message.split(":", 1)
                catalog.metadata[key] = value.strip()
            except (ValueError, KeyError):
                if key is not None:
                    catalog.metadata[key] += "\n" + message.strip()
    catalog.wrapwidth = wrapwidth
    return catalog


# The shape of nearly every entry diptych, polib, msgcat and the PO editors write, read by
# one regex an entry at a time (`_parse_shaped`): a string holds no newline and no unescaped
# quote; a comment line has no space at its end (polib strips it) and its marker is followed
# by one space; each kind of comment comes in GNU's order; no blank line inside an entry; an
# obsolete entry has each of its msgid and msgstr lines marked "#~ ".
_BODY = r'[^"\\\n]*(?:\\.[^"\\\n]*)*'  # a string's inside, in a loop the regex runs fast
_HEADER_COMMENTS = re.compile(r"(?:#(?: [^\n]*\S| ?)\n|\n)*")  # and blank lines
_ENTRY = re.compile(
    r"((?:#(?: [^\n]*\S| ?)\n)*)"  # translator comments: "# text", "#"
    r"((?:#\. [^\n]*\S\n)*)"  # extracted comments
    r"((?:#: [^\n]*\S\n)*)"  # references
    r"((?:#, [^\n]*\S\n)*)"  # flags
    rf'(?:#\| msgid "({_BODY}(?:"\n#\| "{_BODY})*)"\n)?'  # the previous msgid
    rf'(?:msgid "({_BODY}(?:"\n"{_BODY})*)"\n'
    rf'msgstr "({_BODY}(?:"\n"{_BODY})*)"\n'
    rf'|#~ msgid "({_BODY}(?:"\n#~ "{_BODY})*)"\n'  # or an obsolete entry's
    rf'#~ msgstr "({_BODY}(?:"\n#~ "{_BODY})*)"\n)'
    r"\n*"
)
_CHARSET = re.compile(r'"?Content-Type:.+? charset=([\w_\-:\.]+)')  # polib.detect_encoding's
_ENTRY_FIELDS = ("msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "obsolete")
_ENTRY_FIELDS += ("encoding", "comment", "tcomment", "occurrences", "flags", "previous_msgctxt")
_ENTRY_FIELDS += ("previous_msgid", "previous_msgid_plural", "linenum")
_SAME_FIELDS = tuple(vars(polib.POEntry())) == _ENTRY_FIELDS  # what `_parse_shaped` makes


def _string(pieces: str, joint: str) -> str:
    """The string whose quoted pieces, `joint` between each two, a `_BODY` group holds."""
    text = pieces.replace(joint, "") if "\n" in pieces else pieces
    return polib.unescape(text) if "\\" in text else text


def _parse_shaped(
    po: str, wrapwidth: int, keep_places: bool = True, start: int = 0
) -> polib.POFile | None:
    """polib's parse of the text `po` when every entry has the shape of `_ENTRY` (a line
    polib or msgfmt would refuse never has it), else None. `start` 1 skips a BOM. The text
    is never taken for a file's path (polib.pofile would read that file instead)."""
    if not _SAME_FIELDS:
        return None  # a polib that makes its entries otherwise
    text = po.replace("\r\n", "\n") if "\r" in po else po  # lines that end in CR LF
    if "\r" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    head = _HEADER_COMMENTS.match(text, start)
    pos, size = head.end(), len(text)
    number = text.count("\n", 0, pos) + 1  # the line at pos
    entries = []
    places: dict[str, tuple[str, str]] = {}  # a reference -> its (file, line)
    names: dict[str, str] = {}  # each file name once
    lines: dict[str, list[tuple[str, str]]] = {}  # the references of a "#:" line
    encoding = polib.default_encoding
    match, new = _ENTRY.match, polib.POEntry.__new__
    while pos < size:
        found = match(text, pos)
        if found is None:
            return None
        translator, extracted, references, flags, previous, msgid, msgstr, *gone = found.groups()
        entry = new(polib.POEntry)  # its attributes set in the order POEntry() sets them
        if msgid is None:  # obsolete
            entry.msgid = _string(gone[0], '"\n#~ "')
            entry.msgstr = _string(gone[1], '"\n#~ "')
        else:
            entry.msgid = _string(msgid, '"\n"')
            entry.msgstr = _string(msgstr, '"\n"')
        entry.msgid_plural = ""
        entry.msgstr_plural = {}
        entry.msgctxt = None
        entry.obsolete = 0 if msgid is not None else 1
        entry.encoding = encoding
        entry.comment = extracted[3:-1].replace("\n#. ", "\n")
        entry.tcomment = _comment(translator) if translator else ""
        entry.occurrences = []
        if references and keep_places:
            line = references[3:-1].replace("\n#: ", " ")
            read = lines.get(line)
            if read is None:
                read = _occurrences(line, places, names)
                if len(line) <= _SHARED_LINE:  # a paragraph's sentences share their line
                    lines[line] = read
            entry.occurrences += read
        entry.flags = []
        if flags:
            entry.flags += [flag.strip() for flag in flags[3:-1].replace("\n#, ", ",").split(",")]
        entry.previous_msgctxt = None
        entry.previous_msgid = None if previous is None else _string(previous, '"\n#| "')
        entry.previous_msgid_plural = None
        entry.linenum = number if entries else 0
        entries.append(entry)
        end = found.end()
        number += text.count("\n", pos, end)
        pos = end
    catalog = polib.POFile(encoding=_encoding(po))
    catalog.header = _comment(head.group())
    for entry in entries:
        catalog.append(entry)
    return _with_metadata(catalog, wrapwidth)


# A "#:" line this long or shorter is read once per catalog (the sentences of a paragraph
# share it); a longer one (a sentence found in many places) each time, never kept: keeping
# them cost a long catalog more memory than its entries' own references.
_SHARED_LINE = 200


def _occurrences(
    line: str, places: dict[str, tuple[str, str]], names: dict[str, str]
) -> list[tuple[str, str]]:
    """A `#:` line's references as polib reads them, each (file, line) tuple made once in a
    catalog (`places`, `names`: those made so far): the sentences of a line share it."""
    occurrences = []
    for occurrence in line.split():
        place = places.get(occurrence)
        if place is None:
            where, colon, at = occurrence.rpartition(":")
            if not colon or not at.isdigit():
                where, at = occurrence, ""
            place = places[occurrence] = (names.setdefault(where, where), at)
        occurrences.append(place)
    return occurrences


def _comment(lines: str) -> str:
    """The text of "# " comment lines (blank lines between them skipped), as polib adds
    each line: after a newline, unless the text is still empty (a "#" line adds nothing)."""
    return "\n".join(line[2:] for line in lines.split("\n") if line).lstrip("\n")


def _encoding(text: str) -> str:
    """`polib.detect_encoding(text)`, never taking the text for a file's path."""
    found = _CHARSET.search(text)
    if found:
        try:
            codecs.lookup(found.group(1).strip())
        except LookupError:
            pass
        else:
            return found.group(1).strip()
    return polib.default_encoding


_KEYWORD = re.compile(r'^(?:#~\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_CONTINUATION = re.compile(r'^(?:#~\s*)?(".*)$')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


_VALID_LINE = re.compile(
    r"""[ \t]*(?:
        \#(?!~).*                                    # comment, reference, flag, #| previous
      | \#~[ \t]*(?:\|.*)?                          # obsolete marker, obsolete previous
      | (?:\#~[ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?
        "(?:[^"\\\n]|\\.)*"                        # a keyword and its string, or a continuation
      | )[ \t]*\r?$""",
    re.VERBOSE,
)


# `_VALID_LINE`, in a pattern that matches a whole text of such lines in one pass: each line
# can match in one way only, so a text that fails is given up in linear time.
_LINE = rf"""[ \t]*(?:
        \#(?!~)[^\n]*
      | \#~[ \t]*(?:\|[^\n]*|\r?)
      | (?:\#~[ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?
        "{_BODY}"[ \t]*\r?
      | \r?)"""
_VALID_TEXT = re.compile(rf"(?:{_LINE}\n)*{_LINE}", re.VERBOSE)
# The regex engine keeps a record of every line it went through (about twenty bytes a
# character): a long catalog is checked a piece of whole lines at a time, in bounded memory.
_VALID_PIECE = 64 * 1024


def _valid_text(text: str) -> bool:
    """Whether every line of `text` is `_VALID_LINE` (`_VALID_TEXT`, a piece at a time)."""
    start, size = 0, len(text)
    while True:
        end = text.find("\n", start + _VALID_PIECE)
        end = size if end < 0 else end
        if _VALID_TEXT.fullmatch(text, start, end) is None:
            return False
        if end >= size:
            return True
        start = end + 1


def check_syntax(text: str, path: Path | str = "PO file") -> None:
    """Reject what GNU msgfmt rejects lexically and polib lets through: unterminated strings,
    text outside strings, unknown keywords. One regex pass decides; errors are then located."""
    if _valid_text(text):  # every line valid, read in one pass in C
        return
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("#~")):
            continue
        if line.startswith("#~") and (not line[2:].strip() or line[2:].strip().startswith("|")):
            continue
        match = _KEYWORD.match(line) or _CONTINUATION.match(line)
        if not match:
            raise CatalogError(path, f"syntax error: unexpected {line[:30]!r}", number)
        rest = match.group(match.lastindex or 1)
        string = _STRING.match(rest)
        if not string or rest[string.end() :].strip():
            raise CatalogError(path, "syntax error: unterminated or malformed string", number)


def _check_duplicates(catalog: polib.POFile, path: Path, text: str) -> None:
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            line = entry.linenum if getattr(entry, "linenum", None) else None
            raise CatalogError(path, f"duplicate message definition {entry.msgid[:40]!r}", line)
        seen.add(key)


def render_catalog(catalog: polib.POFile) -> str:
    """The PO text, deterministic for equal catalogs, byte for byte as GNU `msgcat` would
    write it (`translate/powrite.py`): strings wrapped at 79 columns, comments never
    wrapped, so an `mt:` line or a translator's note keeps its lines."""
    from translate.powrite import render_header

    parts = [render_header(catalog.header, catalog.metadata_as_entry())]
    parts += [render_entry(entry) for entry in catalog if not entry.obsolete]
    parts += [render_entry(entry) for entry in catalog if entry.obsolete]
    return "\n\n".join(parts) + "\n"


def render_catalog_bytes(catalog: polib.POFile) -> bytes:
    """`render_catalog(catalog)` in UTF-8, encoded an entry at a time: a large catalog's
    text is never held whole as a str (two or four bytes a character) beside its bytes."""
    from translate.powrite import render_header

    parts = [render_header(catalog.header, catalog.metadata_as_entry()).encode()]
    parts += [render_entry(entry).encode() for entry in catalog if not entry.obsolete]
    parts += [render_entry(entry).encode() for entry in catalog if entry.obsolete]
    parts[-1] += b"\n"  # the last line's end, without another copy of the whole
    return b"\n\n".join(parts)


def render_entry(entry: polib.POEntry) -> str:
    from translate import powrite

    return powrite.render_entry(entry)


class KeptChanging(CatalogError):
    """The file was saved again during every merge diptych made, for as long as it waited."""


# How long a write keeps merging a catalog that someone keeps saving, and the pauses between
# attempts (doubling from the first to the last): a save every few tenths of a second (an
# editor's autosave, a sync tool) leaves gaps that one of these attempts falls into.
WRITE_PATIENCE = 20.0
_FIRST_PAUSE, _LAST_PAUSE = 0.05, 1.0


def write_merged(
    path: Path,
    merge: Callable[[polib.POFile | None], polib.POFile],
    read: OnDisk,
    patience: float | None = None,
) -> tuple[bool, OnDisk]:
    """Write the catalog `merge` makes of the file, without losing what anyone saved since.

    `merge` is diptych's update of a catalog, which keeps every translation, approval and
    comment the catalog holds. It is first given `read`; if the file holds other bytes when
    diptych writes, someone saved it meanwhile: it is read and merged again, as often as
    needed, pausing longer each time, and replaced only if it still holds the bytes just
    merged (checked again right before the rename). When the result says what the file
    says, the file is left untouched (whatever tool wrapped it). Returns whether it wrote,
    and the file as it now is. Raises `KeptChanging`, having written nothing, when the file
    was saved again during every attempt for `patience` seconds (`WRITE_PATIENCE` unless
    given).
    """
    current = read
    patience = WRITE_PATIENCE if patience is None else patience
    pause, give_up = _FIRST_PAUSE, time.monotonic() + patience
    while True:
        if current_bytes(path) != current.data:
            current = read_catalog(path)
        catalog = merge(current.catalog)
        if current.catalog is not None and same_content(catalog, current.catalog):
            return False, current
        text = render_catalog_bytes(catalog)
        try:
            write_atomic(path, text, expected=current.data)
        except ChangedMeanwhile:
            if time.monotonic() + pause > give_up:
                raise KeptChanging(
                    path, "kept changing while diptych wrote it; nothing was overwritten"
                ) from None
            time.sleep(pause)  # saved again while we merged: merge that save too
            pause = min(pause * 2, _LAST_PAUSE)
            continue
        return True, OnDisk(text, catalog)


def pending_path(path: Path) -> Path:
    """Where a run that could not write `path` keeps the catalog it made, for the next run."""
    return path.with_name(f"{path.name}.pending")


def entry_content(entry: polib.POEntry) -> tuple:
    """What an entry says, however a tool wrapped or ordered its lines."""
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.tcomment,
        tuple(comment_lines(entry.comment)),
        tuple(tuple(o) for o in entry.occurrences),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


# Header fields that only say who or what saved the file last: a difference there alone is
# no reason to write.
_STAMP_FIELDS = ("PO-Revision-Date", "X-Generator", "POT-Creation-Date")


def same_content(a: polib.POFile, b: polib.POFile) -> bool:
    """Whether two catalogs say the same: entries in order and header fields, compared
    parsed (so a file another tool wrapped differently is not rewritten for that)."""
    if [entry_content(e) for e in a] != [entry_content(e) for e in b]:
        return False
    if a.header.strip() != b.header.strip():
        return False
    meta_a = {k: v for k, v in a.metadata.items() if k not in _STAMP_FIELDS and v}
    meta_b = {k: v for k, v in b.metadata.items() if k not in _STAMP_FIELDS and v}
    return meta_a == meta_b
