"""CommonMark inline parsing that keeps exact source offsets, for `markup` to mask.

The tree says where each construct (code span, autolink, raw HTML, entity, escape, hard
break, bare web address, link, image, emphasis, HTML element) starts and ends in the segment,
and for a pair where its opening and closing markup end and start, so that `markup.protect`
can cut the segment at those offsets and keep the words inside translatable. Every step is
linear: emphasis, brackets and code spans are each read once, as CommonMark's algorithm does.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MACROS", "Node", "macro_pattern", "normalize_label", "parse"]

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>\x00-\x1f]*>")
_EMAIL = re.compile(
    r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*>"
)
# An autolink, URI or e-mail (`<https://…>`, `<a@b.org>`): Markdown, not raw HTML.
AUTOLINK = re.compile(f"{_AUTOLINK.pattern}|{_EMAIL.pattern}")
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
# Template macros and shortcodes, expanded by a site generator before Markdown is read:
# `{{…}}` (MDN's KumaScript, Vue, Handlebars, Jinja and Liquid output), Hugo's `{{< … >}}` and
# `{{% … %}}`, Jinja and Liquid tags `{%…%}`. Each stops at the first closing mark and never
# runs over the next opening one, so a text full of unclosed `{{` is still read in linear time.
MACROS = (
    r"\{\{(?:(?!\{\{|\}\}).){1,2000}?\}\}",
    r"\{%(?:(?!\{%|%\}).){1,2000}?%\}",
    # Jinja's comments, and the attributes VitePress, Pandoc and kramdown give a heading
    # (`## Qu'est-ce que Vue ? {#what-is-vue}`): ids for links, never words to translate
    r"\{#(?:(?!\{#|#\}).){1,2000}?#\}",
    r"\{#[A-Za-z][^{}\n]{0,200}\}",
)


@lru_cache(maxsize=32)
def macro_pattern(extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The default macros and a project's own patterns (`[markup] protect`), as one regex."""
    return re.compile("|".join(f"(?:{p})" for p in (*MACROS, *extra)), re.DOTALL)


def _macros(text: str, pattern: re.Pattern[str]) -> dict[int, int]:
    """Start -> end of every macro (an empty match protects nothing)."""
    return {m.start(): m.end() for m in pattern.finditer(text) if m.end() > m.start()}


@dataclass
class Node:
    """Parse-tree node over source offsets; pairs cover [start, end) with inner children."""

    kind: str
    start: int
    end: int
    children: list[Node] | None = None
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

    def __init__(
        self,
        text: str,
        references: frozenset[str] = frozenset(),
        macros: re.Pattern[str] | None = None,
    ) -> None:
        self.text = text
        self.references = references
        self.nodes: list[Node] = []
        self.brackets: list[Node] = []
        self.active_from = 0  # brackets below this index were deactivated by a link
        # the default macros all start with `{`: most segments need no scan
        scan = macros is not None or "{" in text
        self.macros = _macros(text, macros or macro_pattern()) if scan else {}
        self.urls = _bare_urls(text)
        # where a plain run must stop: a web address or a macro may start there
        self.url_starts = sorted(set(self.urls) | set(self.macros))
        self.url_next = 0
        self.ticks: dict[int, list[int]] | None = None  # backtick run length -> starts
        self.tick_next: dict[int, int] = {}

    def parse(self) -> list[Node]:
        text, pos = self.text, 0
        while pos < len(text):
            pos = self._step(pos)
        nodes = _emphasis(self.nodes)
        return _pair_html(_settle(nodes), text)

    def _add(self, kind: str, start: int, end: int, **extra: object) -> int:
        self.nodes.append(Node(kind, start, end, **extra))  # type: ignore[arg-type]
        return end

    def _step(self, pos: int) -> int:
        text, ch = self.text, self.text[pos]
        if pos in self.macros:  # read before Markdown, as the site generator does
            return self._add("macro", pos, self.macros[pos])
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
            node = Node("bracket", pos, pos + size, char=ch, index=len(self.nodes))
            self.nodes.append(node)
            self.brackets.append(node)
            return pos + size
        if ch == "]":
            return self._close_bracket(pos)
        if pos in self.urls:
            return self._add("url", pos, self.urls[pos])
        end = _PLAIN.match(text, pos + 1).end()
        if self.url_starts:
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
        node = Node("delim", pos, end, char=ch, count=size, length=size)
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
        link = Node(
            kind,
            opener.start,
            tail,
            children=inner if kind in ("link", "image") else None,
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


def _emphasis(nodes: list[Node]) -> list[Node]:
    """Match `*`/`_` runs into emphasis pairs, as CommonMark's delimiter algorithm does.

    Linear time: openers wait on one stack; a closer looks down it no further than where a
    closer of the same kind last failed (CommonMark's `openers_bottom`), and the openers it
    passes on success leave the stack, so no delimiter is looked at again and again."""
    out: list[Node] = []
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
            pair = Node(
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


def _as_text(node: Node) -> Node:
    if node.kind in ("delim", "bracket"):
        node.kind = "text"
    return node


def _settle(nodes: list[Node]) -> list[Node]:
    """Leftover delimiters and brackets are literal text; empty leftovers vanish."""
    return [_as_text(node) for node in nodes if node.end > node.start]


def _pair_html(nodes: list[Node], text: str) -> list[Node]:
    """Pair `<tag …>` with its `</tag>` on the same level so the words inside get translated."""
    out: list[Node] = []
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
                element = Node(
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


def parse(
    text: str,
    references: frozenset[str] = frozenset(),
    macros: re.Pattern[str] | None = None,
) -> list[Node]:
    """The inline constructs of `text` as a tree over its offsets; `references` are the
    normalised labels of the document's link definitions (empty: any label counts);
    `macros` the template syntax kept whole (default: `macro_pattern()`)."""
    return _Parser(text, references, macros).parse()
