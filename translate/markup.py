"""Inline Markdown markup kept out of machine translation and put back around the result.

A segment such as ``voir [le rapport](https://x.org "Rapport") en *détail*`` goes to the model
as ``voir <g1>le rapport</g1> en <g2>détail</g2>``: link text and emphasised words are prose and
get translated in context, while link targets, code, HTML and escapes are replaced by
placeholders (``<x3/>``) and never reach the model. `restore` puts the original markup back
around the translated words and says what it could not restore, so that the entry can carry a
``#.`` note for the reviewer.  See docs/markup.md for the choice of placeholders. The
Markdown inline parser that finds the constructs is `translate/inline.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from translate.inline import Node, normalize_label, parse

__all__ = [
    "Piece",
    "Protected",
    "Restored",
    "has_markup",
    "nothing_to_translate",
    "normalize_label",
    "note",
    "protect",
    "restore",
]

# Characters without which no inline construct can start; most segments have none.
_TRIGGERS = ("*", "_", "`", "[", "<", "&", "\\", "\n", "://", "www.", "＜", "‹", "〈", "{")
# An HTML element its author marked `translate="no"` (HTML's own attribute): kept whole.
_NO_TRANSLATE = re.compile(r"""\stranslate\s*=\s*(?:"no"|'no'|no\b)""", re.IGNORECASE)

# Kinds of pieces and how a note names them. Pairs: link, emphasis, strong, element (an HTML
# element whose tags sit on the same level); the others are atoms, never sent to the model.
_LABELS = {
    "code": "code",
    "autolink": "autolink",
    "url": "URL",
    "reference": "reference link",
    "html": "HTML tag",
    "image": "image",
    "entity": "entity",
    "escape": "escape",
    "break": "line break",
    "literal": "placeholder-like text",
    "macro": "macro",
    "kept": "text marked translate=no",
    "link": "link",
    "emphasis": "emphasis",
    "strong": "strong emphasis",
    "element": "HTML element",
    "term": "glossary term",
}


@dataclass(frozen=True)
class Piece:
    """One protected construct: an atom (`close` is None) or a pair wrapping translatable text."""

    id: int
    kind: str
    open: str
    close: str | None = None
    # an image pair's source markup, put back whole if its markers are lost
    whole: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        """How notes name the piece: kind and number, as in the masked text."""
        return f"{_LABELS[self.kind]} {self.id}"


@dataclass(frozen=True)
class Protected:
    """What the model sees (`masked`) and the pieces needed to put the markup back."""

    source: str
    masked: str
    pieces: tuple[Piece, ...] = ()

    @property
    def plain(self) -> bool:
        """True when nothing was protected: the text goes to the model as it is."""
        return not self.pieces


@dataclass(frozen=True)
class Restored:
    """Translated text with markup back; `problems` says what could not be put back exactly."""

    text: str
    intact: bool
    problems: tuple[str, ...] = ()


# --------------------------------------------------------------------------- placeholders


def _open_tag(n: int) -> str:
    return f"<g{n}>"


def _close_tag(n: int) -> str:
    return f"</g{n}>"


def _atom_tag(n: int) -> str:
    return f"<x{n}/>"


# What models make of ``<g12>``: spaces inside, upper case, fullwidth forms, slashes moved,
# and a bracket lost on one side (never both: ``g1`` alone could be prose). Up to six digits:
# one long paragraph can hold many thousand pieces.
_PLACEHOLDER = re.compile(
    r"""
    (?: [<＜‹〈] \s* (?P<before> [/／]? ) \s*     # an opening bracket; if it was lost,
      | (?P<slash> [/／] ) (?= [gGxXｇＧｘＸ][0-9０-９]{1,6}\s*[/／]?\s*[>＞›〉] )
      | (?<![\w/／]) (?= [gGxXｇＧｘＸ][0-9０-９]{1,6}\s*[/／]?\s*[>＞›〉] )  # a closing one
    )
    (?P<letter> [gGxXｇＧｘＸ] ) \s*
    (?P<digits> [0-9０-９]{1,6} )
    (?: \s* (?P<after> [/／]? ) \s* [>＞›〉] | (?P<bare> [/／]? ) (?![\w]) )
    """,
    re.VERBOSE,
)


def _parts(match: re.Match[str]) -> tuple[bool, str, int, bool]:
    """Slash before, letter, number and slash after of a placeholder as a model wrote it."""
    letter = unicodedata.normalize("NFKC", match.group("letter")).lower()
    number = int(unicodedata.normalize("NFKC", match.group("digits")))
    after = bool(match.group("after") or match.group("bare"))
    before = bool(match.group("before") or match.group("slash"))
    return before, letter, number, after


# --------------------------------------------------------------------------- protect


def _quick(text: str, macros: re.Pattern[str] | None = None) -> bool:
    if any(ch in text for ch in _TRIGGERS):
        return True
    return macros is not None and macros.search(text) is not None


def protect(
    text: str, references: Collection[str] = (), macros: re.Pattern[str] | None = None
) -> Protected:
    """Replace inline markup by placeholders; plain text comes back as it is, untouched.

    `references` are the link reference labels defined in the document: `[texte]` and
    `[texte][]` name such a definition by their very words, so they are kept whole rather than
    translated (a translated label would no longer find its definition). `macros` is the
    template syntax kept whole (`inline.macro_pattern` of the project's patterns).
    """
    if not _quick(text, macros):
        return Protected(text, text)
    labels = frozenset(normalize_label(name) for name in references)
    nodes = parse(text, labels, macros)
    parts: list[str] = []
    pieces: list[Piece] = []
    _mask(nodes, text, parts, pieces)
    if not pieces:
        return Protected(text, text)
    return Protected(text, "".join(parts), tuple(pieces))


def _mask(nodes: list[Node], text: str, parts: list[str], pieces: list[Piece]) -> None:
    run: list[str] = []
    for node in nodes:
        if node.kind == "text":
            run.append(text[node.start : node.end])
            continue
        if run:
            _mask_text("".join(run), parts, pieces)
            run = []
        kept = node.kind == "element" and _NO_TRANSLATE.search(text[node.start : node.open_end])
        if node.children and not kept:  # a pair: link, emphasis, element, an image's alt text
            number = len(pieces) + 1
            pieces.append(
                Piece(
                    number,
                    node.kind,
                    text[node.start : node.open_end],
                    text[node.close_start : node.end],
                    text[node.start : node.end] if node.kind == "image" else "",
                )
            )
            parts.append(_open_tag(number))
            _mask(node.children, text, parts, pieces)
            parts.append(_close_tag(number))
        else:
            number = len(pieces) + 1
            kind = ("kept" if kept else "html") if node.kind == "element" else node.kind
            pieces.append(Piece(number, kind, text[node.start : node.end]))
            parts.append(_atom_tag(number))
    if run:
        _mask_text("".join(run), parts, pieces)


def _mask_text(chunk: str, parts: list[str], pieces: list[Piece]) -> None:
    """Prose that happens to look like a placeholder is itself protected, so it cannot clash."""
    last = 0
    for match in _PLACEHOLDER.finditer(chunk):
        parts.append(chunk[last : match.start()])
        number = len(pieces) + 1
        pieces.append(Piece(number, "literal", match.group()))
        parts.append(_atom_tag(number))
        last = match.end()
    parts.append(chunk[last:])


def has_markup(text: str, references: Collection[str] = ()) -> bool:
    """True when the segment holds inline markup that `protect` would take out."""
    return _quick(text) and bool(protect(text, references).pieces)


# What is left of a masked text once its placeholders are gone, when nothing in it is words:
# digits, punctuation, symbols, spaces (letters of any script are words).
_NOTHING_LEFT = re.compile(r"[\W\d_]*")
# Placeholders exactly as `protect` writes them (prose that looks like one is itself an atom).
_OWN_PLACEHOLDER = re.compile(r"</?g[0-9]+>|<x[0-9]+/>")


def nothing_to_translate(protected: Protected) -> bool:
    """True when the model would get no words: the text is only protected pieces (code,
    macros, images, links whose text is code, HTML tags), numbers and punctuation."""
    left = _OWN_PLACEHOLDER.sub("", protected.masked) if protected.pieces else protected.source
    return _NOTHING_LEFT.fullmatch(left) is not None


# --------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    id: int
    role: str  # "open" | "close" | "atom" | "append" (a lost atom put back at the end)


def restore(protected: Protected, translated: str) -> Restored:
    """Put the markup back into the model's output, tolerating what models do to placeholders."""
    if not protected.pieces:
        return Restored(translated, True)
    pieces = {piece.id: piece for piece in protected.pieces}
    problems: dict[str, None] = {}  # ordered, and a repeated problem is said once
    marks, dropped = _read_marks(translated, pieces, problems)
    valid = _check_nesting(marks, pieces, problems)
    swallowed = _swallowed(marks, valid, pieces, protected.masked)
    valid -= swallowed
    kept: list[_Mark] = []
    for mark in marks:
        keep = (mark.role == "atom" or mark.id in valid) and mark.id not in swallowed
        (kept if keep else dropped).append(mark)
    seen = {mark.id for mark in kept}
    order = [mark.id for mark in kept if mark.role != "close"]
    # An image whose markers did not come back whole comes back as its source has it: an
    # image never vanishes from the page (its alt words may then show twice: the note says so).
    lost = [
        piece
        for piece in protected.pieces
        if piece.id not in seen and (piece.close is None or piece.whole)
    ]
    for piece in protected.pieces:
        if piece.whole and piece.id not in valid:
            _report(problems, f"{piece.label} put back as in the source")
        elif piece.id in seen:
            continue
        elif piece.close is None:
            verb = "dropped" if piece.kind == "break" else "missing, appended"
            _report(problems, f"{piece.label} {verb}")
        else:
            _report(problems, f"{piece.label} not restored")
    if order != sorted(order):
        _report(problems, "order changed")
    # Atoms the model lost go at the end of the sentence, before its final punctuation.
    tail = _TAIL.search(translated)
    cut = tail.start() if tail else len(translated.rstrip())
    kept += [_Mark(cut, cut, p.id, "append") for p in lost if p.kind != "break"]
    out = _build(translated, kept, dropped, pieces, _spacing(protected.masked))
    text, scrubbed = _scrub_prose(out, protected.source)
    if scrubbed:
        _report(problems, "placeholder residue removed")
    return Restored(text, not problems, tuple(problems))


_RESIDUE = re.compile(
    r"[<＜‹〈]\s*[/／]?\s*[gGxXｇＧｘＸ]\s*[0-9０-９]{1,6}\s*[/／]?\s*[>＞›〉]?"
    r"|[gGxXｇＧｘＸ][0-9０-９]{1,6}\s*[/／]?\s*[>＞›〉]"
)


def _read_marks(
    translated: str, pieces: dict[int, Piece], problems: dict[str, None]
) -> tuple[list[_Mark], list[_Mark]]:
    marks: list[_Mark] = []
    dropped: list[_Mark] = []
    seen: set[tuple[int, str]] = set()
    found = [(match, _parts(match)) for match in _PLACEHOLDER.finditer(translated)]
    # A model that drops the slash writes the closing marker as a second opening one.
    explicit = {number for _match, (before, _l, number, _a) in found if before}
    for match, (slash_before, _letter, number, slash_after) in found:
        piece = pieces.get(number)
        if piece is None:
            dropped.append(_Mark(match.start(), match.end(), number, "atom"))
            _report(problems, f"unexpected placeholder {number}")
            continue
        if piece.close is None:
            role = "atom"
        elif slash_before or (
            number not in explicit
            and (number, "open") in seen
            and (number, "close") not in seen
            and not slash_after
        ):
            role = "close"
        else:
            role = "open"
        mark = _Mark(match.start(), match.end(), number, role)
        if (number, role) in seen:
            dropped.append(mark)
            _report(problems, f"{piece.label} duplicated")
            continue
        seen.add((number, role))
        marks.append(mark)
    return marks, dropped


def _report(problems: dict[str, None], message: str) -> None:
    problems.setdefault(message)


def _check_nesting(
    marks: list[_Mark], pieces: dict[int, Piece], problems: dict[str, None]
) -> set[int]:
    """Pairs whose two markers came back in order and properly nested."""
    valid: set[int] = set()
    broken: set[int] = set()
    stack: list[int] = []
    open_ids: set[int] = set()  # what `stack` holds, for a constant-time look-up
    for mark in marks:
        if mark.role == "open":
            stack.append(mark.id)
            open_ids.add(mark.id)
        elif mark.role == "close":
            if mark.id in open_ids:
                while stack[-1] != mark.id:
                    open_ids.discard(stack[-1])
                    broken.add(stack.pop())
                open_ids.discard(stack.pop())
                valid.add(mark.id)
            else:
                broken.add(mark.id)
    broken.update(stack)
    valid -= broken
    for number in sorted(broken):
        _report(problems, f"{pieces[number].label} not restored")
    return valid


# What CommonMark makes of a link or image inside another's text: inside an image's alt text
# it is only words (the image is lost from the page), and a link inside a link's text breaks
# the outer one. Such a construct, nested there by the model and not in the source, loses its
# markers: an image comes back whole as in the source, an atom at the end of the sentence.
_LINKS = ("link", "image", "reference")


def _swallowed(
    marks: list[_Mark], valid: set[int], pieces: dict[int, Piece], masked: str
) -> set[int]:
    """Links and images (pairs or atoms) that the model put inside a valid image pair, or a
    link inside a valid link pair, that did not hold them in the source. Source nesting is
    transitive: checking the innermost image and link around a construct is enough."""
    out: set[int] = set()
    ends: dict[int, int] | None = None  # the source's nesting, read when needed
    # each valid image or link pair open at this point, with the innermost image and link
    # pairs around the point once it is open (0: none)
    stack: list[tuple[int, int, int]] = []
    for mark in marks:
        kind = pieces[mark.id].kind
        if kind not in _LINKS or mark.id in out or (mark.role != "atom" and mark.id not in valid):
            continue
        if mark.role == "close":
            stack.pop()
            continue
        image, link = stack[-1][1:] if stack else (0, 0)
        outers = [outer for outer in (image, 0 if kind == "image" else link) if outer]
        if outers:
            ends = _last_inside(masked) if ends is None else ends
            if not all(outer < mark.id <= ends.get(outer, 0) for outer in outers):
                out.add(mark.id)
                continue
        if mark.role == "open":
            image, link = (mark.id, link) if kind == "image" else (image, mark.id)
            stack.append((mark.id, image, link))
    return out


def _last_inside(masked: str) -> dict[int, int]:
    """Each pair's last number inside it in the source: pieces are numbered in the order
    they open, so the pieces inside pair n are exactly n + 1 .. _last_inside[n]."""
    found: dict[int, int] = {}
    highest = 0
    for match in _OWN_PLACEHOLDER.finditer(masked):
        tag = match.group()
        number = int(tag.strip("</gx>"))
        if tag.startswith("</"):
            found[number] = highest
        else:
            highest = max(highest, number)
    return found


def _spacing(masked: str) -> dict[tuple[int, str], tuple[bool, bool]]:
    """Whether each placeholder had whitespace before/after it in the text sent to the model."""
    found: dict[tuple[int, str], tuple[bool, bool]] = {}
    for match in _PLACEHOLDER.finditer(masked):
        slash_before, letter, number, _after = _parts(match)
        role = "close" if slash_before else ("atom" if letter == "x" else "open")
        before = masked[match.start() - 1 : match.start()]
        after = masked[match.end() : match.end() + 1]
        found[(number, role)] = (before.isspace(), after.isspace())
    return found


def _build(
    translated: str,
    kept: list[_Mark],
    dropped: list[_Mark],
    pieces: dict[int, Piece],
    spacing: dict[tuple[int, str], tuple[bool, bool]],
) -> _Output:
    """Swap placeholders for markup; whitespace a model pushed inside a pair goes outside."""
    events = [(mark, True) for mark in kept] + [(mark, False) for mark in dropped]
    events.sort(key=lambda event: (event[0].start, event[0].role == "append"))
    out = _Output()
    last = 0
    for mark, keep in events:
        chunk = translated[last : mark.start]
        last = mark.end
        if not keep:
            out += chunk
            if (not out.last or out.last.isspace()) and translated[last : last + 1].isspace():
                last += 1
            continue
        piece = pieces[mark.id]
        if mark.role == "append":
            out += chunk
            out += " " if out.last and not out.last.isspace() else ""
            out.markup(piece.whole or piece.open)
            continue
        space_before, space_after = spacing.get((mark.id, mark.role), (False, False))
        moved = False
        if mark.role == "close" and not space_before and chunk[-1:].isspace():
            chunk, moved = chunk.rstrip(), True
        out += chunk
        if mark.role != "close" and space_before and out.last.isalnum():
            out += " "
        raw = piece.close if mark.role == "close" else piece.open
        if mark.role == "open" and not space_after and translated[last : last + 1].isspace():
            while translated[last : last + 1].isspace():
                last += 1
            if out.last.isalnum():
                out += " "
        out.markup(raw or "")
        if mark.role != "open" and (space_after or moved) and translated[last : last + 1].isalnum():
            out += " "
    out += translated[last:]
    return out


class _Output:
    """Text built piece by piece, knowing its last character without joining it; the
    markup put back is held apart (`markup`) so that the scrub never takes its characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.held: list[str] = []  # markup, by its index in `parts`
        self.at: list[int] = []
        self.last = ""

    def __iadd__(self, text: str) -> _Output:
        if text:
            self.parts.append(text)
            self.last = text[-1]
        return self

    def markup(self, text: str) -> None:
        if text:
            self.at.append(len(self.parts))
            self.held.append(text)
            self.parts.append(text)
            self.last = text[-1]

    def text(self) -> str:
        return "".join(self.parts)


def _scrub_prose(out: _Output, source: str) -> tuple[str, bool]:
    """Last safety net: placeholder fragments too mangled to be read are removed, unless the
    source itself holds that text. A fragment is found in the whole text (markup put back
    next to a model's stray `/g2>` can complete one), but only the model's characters are
    removed, never the markup's (`\\<` stays an escaped `<`). Removing can join the text
    around into a new fragment (`gx2/>1>` -> `g1>`): a few passes settle ordinary damage."""
    text = out.text()
    if not _RESIDUE.search(text):
        return text, False
    owned = [False] * len(text)  # the characters of markup put back
    position = 0
    marked = set(out.at)
    for index, part in enumerate(out.parts):
        if index in marked:
            owned[position : position + len(part)] = [True] * len(part)
        position += len(part)
    in_source: dict[str, bool] = {}
    found = False
    for _ in range(8):
        drop = set()
        for match in _RESIDUE.finditer(text):
            fragment = match.group()
            if fragment not in in_source:
                in_source[fragment] = fragment in source
            if not in_source[fragment]:
                drop.update(i for i in range(match.start(), match.end()) if not owned[i])
        if not drop:
            break
        found = True
        keep = [i for i in range(len(text)) if i not in drop]
        text = "".join(text[i] for i in keep)
        owned = [owned[i] for i in keep]
    if found:
        text = re.sub(r"[ \t]{2,}", " ", text).strip()
    return text, found


_TAIL = re.compile(r"\s*[.!?…]+[\"”»’)\]]*\s*$")


def note(restored: Restored) -> str | None:
    """The `#.` comment a caller attaches to an entry whose markup did not come back whole."""
    if restored.intact:
        return None
    return "markup: " + "; ".join(restored.problems)


# --------------------------------------------------------------------------- shared patterns

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


def outside_code_spans(text: str, transform=lambda part: part, code: str | None = None) -> str:
    """`text` with `transform` applied outside its inline code spans (a run of n backticks up
    to the next run of exactly n); the spans are kept as written, or replaced by `code`."""
    if "`" not in text:  # no span (most text): the scan would find none
        return transform(text)
    parts, position = [], 0
    for match in _CODE_SPAN.finditer(text):
        kept = match.group(0) if code is None else code
        parts += [transform(text[position : match.start()]), kept]
        position = match.end()
    parts.append(transform(text[position:]))
    return "".join(parts)
