"""Inline Markdown markup kept out of machine translation and put back around the result.

A segment such as ``voir [le rapport](https://x.org "Rapport") en *détail*`` goes to the model
as ``voir <g1>le rapport</g1> en <g2>détail</g2>``: link text and emphasised words are prose and
get translated in context, while link targets, code, HTML and escapes are replaced by
placeholders (``<x3/>``) and never reach the model. `restore` puts the original markup back
around the translated words and says what it could not restore, so that the entry can carry a
``#.`` note for the reviewer.  See docs/markup.md for the choice of placeholders.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

__all__ = [
    "Piece",
    "Protected",
    "Restored",
    "has_markup",
    "normalize_label",
    "note",
    "protect",
    "restore",
]

# Characters without which no inline construct can start; most segments have none.
_TRIGGERS = ("*", "_", "`", "[", "<", "&", "\\", "\n", "://", "www.", "＜", "‹", "〈")

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


# --------------------------------------------------------------------------- parsing

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>\x00-\x1f]*>")
_EMAIL = re.compile(
    r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*>"
)
_ATTR = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_OPEN_HTML = re.compile(r"<([A-Za-z][A-Za-z0-9\-]*)" + _ATTR + r"*\s*(/?)>")
_CLOSE_HTML = re.compile(r"</([A-Za-z][A-Za-z0-9\-]*)\s*>")
_OTHER_HTML = re.compile(
    r"<!--(?:>|->|[\s\S]*?-->)|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>"
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HARD_BREAK = re.compile(r" {2,}\n")
_BARE_URL = re.compile(r"(?<![\w/.@])(?:https?://|www\.)[^\s<>\[\]\"«»`]+")
_URL_TRAILER = ".,;:!?'\")*_~"
_REF_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.){0,999}\]")
_ANGLE_DEST = re.compile(r"<(?:[^<>\n\\]|\\.)*>")
_PLAIN = re.compile(r"[^\\`<&*_\[\]! ]*")  # a run of characters that start nothing
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr"}


@dataclass
class _Node:
    """Parse-tree node over source offsets; pairs cover [start, end) with inner children."""

    kind: str
    start: int
    end: int
    children: list[_Node] | None = None
    open_end: int = 0
    close_start: int = 0
    # delimiter runs and brackets only
    char: str = ""
    count: int = 0
    length: int = 0
    can_open: bool = False
    can_close: bool = False
    active: bool = True
    tag: str = ""
    index: int = 0  # a bracket's position in the parser's node list


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace() or unicodedata.category(ch) == "Zs"


def _is_punct(ch: str) -> bool:
    return ch != "" and unicodedata.category(ch)[0] in "PS"


class _Parser:
    """A CommonMark-style inline parser that keeps exact source offsets."""

    def __init__(self, text: str, references: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.references = references
        self.nodes: list[_Node] = []
        self.brackets: list[_Node] = []
        self.active_from = 0  # brackets below this index were deactivated by a link
        self.urls = _bare_urls(text)
        self.url_starts = sorted(self.urls)
        self.url_next = 0
        self.ticks: dict[int, list[int]] | None = None  # backtick run length -> starts
        self.tick_next: dict[int, int] = {}

    def parse(self) -> list[_Node]:
        text, pos = self.text, 0
        while pos < len(text):
            pos = self._step(pos)
        nodes = _emphasis(self.nodes)
        return _pair_html(_settle(nodes), text)

    def _add(self, kind: str, start: int, end: int, **extra: object) -> int:
        self.nodes.append(_Node(kind, start, end, **extra))  # type: ignore[arg-type]
        return end

    def _step(self, pos: int) -> int:
        text, ch = self.text, self.text[pos]
        if ch == "\\":
            nxt = text[pos + 1 : pos + 2]
            if nxt == "\n":
                return self._add("break", pos, pos + 2)
            if nxt in _ESCAPABLE and nxt:
                return self._add("escape", pos, pos + 2)
            return self._add("text", pos, pos + 1)
        if ch == "`":
            return self._code(pos)
        if ch == "<":
            return self._angle(pos)
        if ch == "&":
            match = _ENTITY.match(text, pos)
            if match and (match.group()[1] == "#" or match.group()[1:] in html.entities.html5):
                return self._add("entity", pos, match.end())
            return self._add("text", pos, pos + 1)
        if ch == " ":
            match = _HARD_BREAK.match(text, pos)
            if match:
                return self._add("break", pos, match.end())
        if ch in "*_":
            return self._delimiter(pos)
        if ch == "[" or (ch == "!" and text[pos + 1 : pos + 2] == "["):
            size = 1 if ch == "[" else 2
            node = _Node("bracket", pos, pos + size, char=ch, index=len(self.nodes))
            self.nodes.append(node)
            self.brackets.append(node)
            return pos + size
        if ch == "]":
            return self._close_bracket(pos)
        if pos in self.urls:
            return self._add("url", pos, self.urls[pos])
        end = _PLAIN.match(text, pos + 1).end()
        if self.urls:
            # the next web address may start inside the plain run
            starts, cursor = self.url_starts, self.url_next
            while cursor < len(starts) and starts[cursor] <= pos:
                cursor += 1
            self.url_next = cursor
            if cursor < len(starts):
                end = min(end, starts[cursor])
        return self._add("text", pos, end)

    def _code(self, pos: int) -> int:
        text = self.text
        run = pos
        while run < len(text) and text[run] == "`":
            run += 1
        found = self._closing_ticks(run - pos, run)
        if found is None:
            return self._add("text", pos, run)
        return self._add("code", pos, found + run - pos)

    def _closing_ticks(self, size: int, after: int) -> int | None:
        """Start of the next backtick run of exactly `size` at or after `after`. Runs are
        indexed once and each length's cursor only moves forward, so a paragraph full of
        unmatched backticks is still read once, not once per backtick."""
        if self.ticks is None:
            self.ticks = {}
            for match in re.finditer(r"`+", self.text):
                self.ticks.setdefault(match.end() - match.start(), []).append(match.start())
        starts = self.ticks.get(size, [])
        cursor = self.tick_next.get(size, 0)
        while cursor < len(starts) and starts[cursor] < after:
            cursor += 1
        self.tick_next[size] = cursor
        return starts[cursor] if cursor < len(starts) else None

    def _angle(self, pos: int) -> int:
        text = self.text
        for pattern, kind in ((_AUTOLINK, "autolink"), (_EMAIL, "autolink")):
            match = pattern.match(text, pos)
            if match:
                return self._add(kind, pos, match.end())
        match = _OPEN_HTML.match(text, pos)
        if match:
            name = match.group(1).lower()
            opens = not match.group(2) and name not in _VOID
            return self._add("html", pos, match.end(), tag=name if opens else "")
        match = _CLOSE_HTML.match(text, pos)
        if match:
            return self._add("html", pos, match.end(), tag="/" + match.group(1).lower())
        match = _OTHER_HTML.match(text, pos)
        if match:
            return self._add("html", pos, match.end())
        return self._add("text", pos, pos + 1)

    def _delimiter(self, pos: int) -> int:
        text, ch = self.text, self.text[pos]
        end = pos
        while end < len(text) and text[end] == ch:
            end += 1
        before = text[pos - 1] if pos else ""
        after = text[end] if end < len(text) else ""
        left = not _is_space(after) and (
            not _is_punct(after) or _is_space(before) or _is_punct(before)
        )
        right = not _is_space(before) and (
            not _is_punct(before) or _is_space(after) or _is_punct(after)
        )
        if ch == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        size = end - pos
        node = _Node("delim", pos, end, char=ch, count=size, length=size)
        node.can_open, node.can_close = can_open, can_close
        self.nodes.append(node)
        return end

    def _defined(self, name: str) -> bool:
        """Without the document's definitions, any well-formed label is taken as defined."""
        return bool(name) and (not self.references or name in self.references)

    def _close_bracket(self, pos: int) -> int:
        if not self.brackets:
            return self._add("text", pos, pos + 1)
        opener = self.brackets.pop()
        self.active_from = min(self.active_from, len(self.brackets))
        tail = _link_tail(self.text, pos + 1) if opener.active else None
        is_image = opener.char == "!"
        kind = "image" if is_image else "link"
        # a label has at most 999 characters: longer bracketed text is never normalized
        inside = pos - opener.end
        words = normalize_label(self.text[opener.end : pos]) if inside <= 999 else ""
        if tail is not None and self.text.startswith("[", pos + 1):
            name = normalize_label(self.text[pos + 2 : tail - 1]) or words
            if not self._defined(name):
                tail = None
            elif tail == pos + 3 and not is_image:
                kind = "reference"
        if (
            tail is None
            and opener.active
            and words in self.references
            and not _REF_LABEL.match(self.text, pos + 1)
        ):
            tail = pos + 1
            kind = "image" if is_image else "reference"
        if tail is None:
            opener.kind = "text"
            return self._add("text", pos, pos + 1)
        index = opener.index
        inner = _settle(_emphasis(self.nodes[index + 1 :]))
        link = _Node(
            kind,
            opener.start,
            tail,
            children=inner if kind == "link" else None,
            open_end=opener.end,
            close_start=pos,
        )
        self.nodes[index:] = [link]
        if not is_image:
            # no link inside a link: every `[` still open is deactivated (each one once)
            for node in self.brackets[self.active_from :]:
                if node.char == "[":
                    node.active = False
            self.active_from = len(self.brackets)
        return tail


def normalize_label(text: str) -> str:
    """A reference label in the form CommonMark matches it: case-folded, whitespace folded."""
    return " ".join(text.split()).casefold()


def _bare_urls(text: str) -> dict[int, int]:
    """Start -> end of plain web addresses, trimmed of the sentence punctuation that follows."""
    if "://" not in text and "www." not in text:
        return {}
    spans = {}
    for match in _BARE_URL.finditer(text):
        url = match.group()
        while url and (
            url[-1] in _URL_TRAILER and (url[-1] != ")" or url.count(")") > url.count("("))
        ):
            url = url[:-1]
        if "." in url.split("//", 1)[-1]:
            spans[match.start()] = match.start() + len(url)
    return spans


def _link_tail(text: str, pos: int) -> int | None:
    """End of `(dest "title")`, `[ref]` or `[]` right after a link's `]`, or None."""
    if text.startswith("[", pos):
        match = _REF_LABEL.match(text, pos)
        if match and (match.end() - pos == 2 or match.group()[1:-1].strip()):
            return match.end()
        return None
    if not text.startswith("(", pos):
        return None
    p = _skip_ws(text, pos + 1)
    if text.startswith("<", p):
        match = _ANGLE_DEST.match(text, p)
        if not match:
            return None
        p = match.end()
    else:
        depth, start = 0, p
        while p < len(text):
            ch = text[p]
            if ch == "\\" and p + 1 < len(text) and text[p + 1] in _ESCAPABLE:
                p += 2
                continue
            if ch.isspace() or ord(ch) < 0x20:
                break
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            p += 1
        if depth:
            return None
        if p == start and not text.startswith(")", p):
            return None
    q = _skip_ws(text, p)
    if q > p and q < len(text) and text[q] in "\"'(":
        closing = ")" if text[q] == "(" else text[q]
        r = q + 1
        while r < len(text) and text[r] != closing:
            if text[r] == "\\":
                r += 1
            elif closing == ")" and text[r] == "(":
                return None
            r += 1
        if r >= len(text):
            return None
        q = _skip_ws(text, r + 1)
    if q < len(text) and text[q] == ")":
        return q + 1
    return None


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _emphasis(nodes: list[_Node]) -> list[_Node]:
    """Match `*`/`_` runs into emphasis pairs, as CommonMark's delimiter algorithm does.

    Linear time: openers wait on one stack; a closer looks down it no further than where a
    closer of the same kind last failed (CommonMark's `openers_bottom`), and the openers it
    passes on success leave the stack, so no delimiter is looked at again and again."""
    out: list[_Node] = []
    stack: list[int] = []  # positions in `out` of delimiters that may still open
    bottom: dict[tuple[str, bool, int], int] = {}
    for node in nodes:
        if node.kind != "delim":
            out.append(node)
            continue
        closer = node
        while closer.can_close and closer.count:
            key = (closer.char, closer.can_open, closer.length % 3)
            floor = min(bottom.get(key, 0), len(stack))
            found = None
            for k in range(len(stack) - 1, floor - 1, -1):
                opener = out[stack[k]]
                if opener.char != closer.char or not opener.count:
                    continue
                odd = (opener.can_close or closer.can_open) and (
                    (opener.length + closer.length) % 3 == 0
                    and not (opener.length % 3 == 0 and closer.length % 3 == 0)
                )
                if not odd:
                    found = k
                    break
            if found is None:
                bottom[key] = len(stack)
                break
            at = stack[found]
            opener = out[at]
            size = 2 if opener.count >= 2 and closer.count >= 2 else 1
            pair = _Node(
                "strong" if size == 2 else "emphasis",
                opener.end - size,
                closer.start + size,
                children=_settle([_as_text(inner) for inner in out[at + 1 :]]),
                open_end=opener.end,
                close_start=closer.start,
            )
            opener.count -= size
            opener.end -= size
            closer.count -= size
            closer.start += size
            del out[at + 1 :]
            out.append(pair)
            del stack[found + 1 :]
            if not opener.count:
                stack.pop()
            for name, value in bottom.items():
                bottom[name] = min(value, len(stack))
        if closer.can_open and closer.count:
            stack.append(len(out))
        out.append(closer)
    return out


def _as_text(node: _Node) -> _Node:
    if node.kind in ("delim", "bracket"):
        node.kind = "text"
    return node


def _settle(nodes: list[_Node]) -> list[_Node]:
    """Leftover delimiters and brackets are literal text; empty leftovers vanish."""
    return [_as_text(node) for node in nodes if node.end > node.start]


def _pair_html(nodes: list[_Node], text: str) -> list[_Node]:
    """Pair `<tag …>` with its `</tag>` on the same level so the words inside get translated."""
    out: list[_Node] = []
    stack: list[int] = []  # positions in `out` of open tags not yet closed
    by_name: dict[str, list[int]] = {}  # tag name -> its positions in `stack`
    for node in nodes:
        if node.children is not None:
            node.children = _pair_html(node.children, text)
        if node.kind == "html" and node.tag.startswith("/"):
            name = node.tag[1:]
            if by_name.get(name):
                depth = by_name[name][-1]
                match = stack[depth]
                for k in stack[depth:]:  # tags left open inside stay as they are
                    by_name[out[k].tag].pop()
                del stack[depth:]
                opener = out[match]
                element = _Node(
                    "element",
                    opener.start,
                    node.end,
                    children=out[match + 1 :],
                    open_end=opener.end,
                    close_start=node.start,
                )
                out[match:] = [element]
                continue
        if node.kind == "html" and node.tag and not node.tag.startswith("/"):
            by_name.setdefault(node.tag, []).append(len(stack))
            stack.append(len(out))
        out.append(node)
    return out


# --------------------------------------------------------------------------- protect


def _quick(text: str) -> bool:
    return any(ch in text for ch in _TRIGGERS)


def protect(text: str, references: Collection[str] = ()) -> Protected:
    """Replace inline markup by placeholders; plain text comes back as it is, untouched.

    `references` are the link reference labels defined in the document: `[texte]` and
    `[texte][]` name such a definition by their very words, so they are kept whole rather than
    translated (a translated label would no longer find its definition).
    """
    if not _quick(text):
        return Protected(text, text)
    labels = frozenset(normalize_label(name) for name in references)
    nodes = _Parser(text, labels).parse()
    parts: list[str] = []
    pieces: list[Piece] = []
    _mask(nodes, text, parts, pieces)
    if not pieces:
        return Protected(text, text)
    return Protected(text, "".join(parts), tuple(pieces))


def _mask(nodes: list[_Node], text: str, parts: list[str], pieces: list[Piece]) -> None:
    run: list[str] = []
    for node in nodes:
        if node.kind == "text":
            run.append(text[node.start : node.end])
            continue
        if run:
            _mask_text("".join(run), parts, pieces)
            run = []
        if node.children is not None and node.kind != "image" and node.children:
            number = len(pieces) + 1
            pieces.append(
                Piece(
                    number,
                    node.kind,
                    text[node.start : node.open_end],
                    text[node.close_start : node.end],
                )
            )
            parts.append(_open_tag(number))
            _mask(node.children, text, parts, pieces)
            parts.append(_close_tag(number))
        else:
            number = len(pieces) + 1
            kind = "html" if node.kind == "element" else node.kind
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
    kept = [mark for mark in marks if mark.role == "atom" or mark.id in valid]
    dropped += [mark for mark in marks if not (mark.role == "atom" or mark.id in valid)]
    seen = {mark.id for mark in kept}
    order = [mark.id for mark in kept if mark.role != "close"]
    missing_atoms = [
        piece for piece in protected.pieces if piece.close is None and piece.id not in seen
    ]
    for piece in protected.pieces:
        if piece.id in seen:
            continue
        if piece.close is None:
            verb = "dropped" if piece.kind == "break" else "missing, appended"
            _report(problems, f"{piece.label} {verb}")
        else:
            _report(problems, f"{piece.label} not restored")
    if order != sorted(order):
        _report(problems, "order changed")
    # Atoms the model lost go at the end of the sentence, before its final punctuation.
    tail = _TAIL.search(translated)
    cut = tail.start() if tail else len(translated.rstrip())
    kept += [_Mark(cut, cut, p.id, "append") for p in missing_atoms if p.kind != "break"]
    text = _build(translated, kept, dropped, pieces, _spacing(protected.masked))
    text, scrubbed = _scrub(text, protected.source)
    if scrubbed:
        _report(problems, "placeholder residue removed")
    return Restored(text, not problems, tuple(problems))


_RESIDUE = re.compile(
    r"[<＜‹〈]\s*[/／]?\s*[gGxXｇＧｘＸ]\s*[0-9０-９]{1,6}\s*[/／]?\s*[>＞›〉]?"
    r"|[gGxXｇＧｘＸ][0-9０-９]{1,6}\s*[/／]?\s*[>＞›〉]"
)


def _scrub(text: str, source: str) -> tuple[str, bool]:
    """Last safety net: placeholder fragments too mangled to be read are removed, unless the
    source itself holds that text."""
    found = False
    in_source: dict[str, bool] = {}  # each distinct fragment is looked up in the source once

    def drop(match: re.Match[str]) -> str:
        nonlocal found
        fragment = match.group()
        if fragment not in in_source:
            in_source[fragment] = fragment in source
        if in_source[fragment]:
            return fragment
        found = True
        return ""

    cleaned = _RESIDUE.sub(drop, text)
    if found:
        cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).strip()
    return cleaned, found


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
) -> str:
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
            out += piece.open
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
        out += raw or ""
        if mark.role != "open" and (space_after or moved) and translated[last : last + 1].isalnum():
            out += " "
    out += translated[last:]
    return out.text()


class _Output:
    """Text built piece by piece, knowing its last character without joining it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.last = ""

    def __iadd__(self, text: str) -> _Output:
        if text:
            self.parts.append(text)
            self.last = text[-1]
        return self

    def text(self) -> str:
        return "".join(self.parts)


_TAIL = re.compile(r"\s*[.!?…]+[\"”»’)\]]*\s*$")


def note(restored: Restored) -> str | None:
    """The `#.` comment a caller attaches to an entry whose markup did not come back whole."""
    if restored.intact:
        return None
    return "markup: " + "; ".join(restored.problems)


# --------------------------------------------------------------------------- shared patterns

# An autolink, URI or e-mail (`<https://…>`, `<a@b.org>`): Markdown, not raw HTML.
AUTOLINK = re.compile(f"{_AUTOLINK.pattern}|{_EMAIL.pattern}")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


def outside_code_spans(text: str, transform=lambda part: part, code: str | None = None) -> str:
    """`text` with `transform` applied outside its inline code spans (a run of n backticks up
    to the next run of exactly n); the spans are kept as written, or replaced by `code`."""
    parts, position = [], 0
    for match in _CODE_SPAN.finditer(text):
        kept = match.group(0) if code is None else code
        parts += [transform(text[position : match.start()]), kept]
        position = match.end()
    parts.append(transform(text[position:]))
    return "".join(parts)
