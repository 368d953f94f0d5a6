"""htmlread: an HTML article's text -> blocks that each know their exact place in the source.

The standard library's `html.parser` tokenizer reads the page (it never fails, and repairs
what browsers repair: unclosed and stray tags, bare `<` and `&`), and every text run and
attribute value becomes a block whose `text` is the exact source slice and whose single span
says where that slice stands, so that the target page can be the source with only those
slices replaced. Inline elements (`a`, `em`, `code`, ...) stay inside a block's text and are
protected through machine translation by `protect_html`; `script`, `style`, `pre`, `code`,
`svg`, `math`, `template`, comments and anything under `translate="no"` or
`class="notranslate"` are never translated. docs/html.md says why this parser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from translate.inline import Node
from translate.markup import Piece, Protected

HTML_SUFFIXES = (".html", ".htm")
# What a text is in the page (`read` gives each its block kind).
TITLE, HEADING, PARAGRAPH, ITEM, CELL, QUOTE = (
    "title",
    "heading",
    "paragraph",
    "item",
    "cell",
    "quote",
)
ATTRIBUTE = "attribute"

# Phrasing elements: they stay inside the text of the block around them.
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "button",
        "select",
        "output",
        "meter",
        "progress",
    ]
)
# Never translated, whatever they hold.
OPAQUE = frozenset(
    [
        "script",
        "style",
        "pre",
        "code",
        "svg",
        "math",
        "template",
        "textarea",
        "noscript",
        "kbd",
        "samp",
    ]
)
# Opaque elements kept whole inside the text around them when they stand in a sentence.
_INLINE_OPAQUE = frozenset(["script", "style", "svg", "math", "noscript"])
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
    ]
)
_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_META = {("name", "description"), ("property", "og:title"), ("property", "og:description")}
_META |= {("name", "og:title"), ("name", "og:description")}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SAME_LEVEL = {"p": ("p",), "li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd")}
_SAME_LEVEL |= {"td": ("td", "th"), "th": ("td", "th"), "tr": ("tr", "td", "th")}
_SAME_LEVEL |= {"option": ("option",)}
_SCOPES = frozenset(
    ["ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "select", "body", "html"]
)


@dataclass(frozen=True)
class Found:
    """One translatable text of a page: what it is (`TITLE`... `ATTRIBUTE`), exact source span,
    and what the kind needs (heading level, list depth, cell tag, attribute name)."""

    kind: str
    start: int
    end: int
    level: int = 0
    ordered: bool = False
    quote_depth: int = 0
    info: str = ""
    tag: tuple[int, int] = (0, 0)  # an attribute's start tag, where the value is replaced
    frames: tuple[tuple, ...] = ()  # a cell's ("table", start) and ("tr", start)


@dataclass(frozen=True)
class Page:
    """What the reader found in a page: texts in order, the title, where `<main>` or
    `<article>` stands (for the side-by-side page) and what was repaired."""

    found: tuple[Found, ...]
    title: str
    main: tuple[int, int] | None
    repaired: tuple[str, ...]


def _opaque(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in OPAQUE:
        return True
    values = dict(attrs)
    if (values.get("translate") or "").strip().lower() == "no":
        return True
    return "notranslate" in (values.get("class") or "").split()


class _Reader(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.stack: list[tuple[str, bool, bool, int]] = []  # (tag, opaque, inline, start)
        self.found: list[Found] = []
        self.run: list[tuple[int, int, bool]] = []  # (start, end, is words)
        self.title = ""
        self.opened: dict[str, tuple[int, int]] = {}  # main/article: start, depth
        self.closed: dict[str, tuple[int, int]] = {}  # main/article: start, end
        self.repaired: list[str] = []

    def here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    @property
    def hidden(self) -> bool:
        return any(entry[1] for entry in self.stack)

    # -- runs of inline content -------------------------------------------------------

    def add(self, start: int, end: int, words: bool) -> None:
        self.run.append((start, end, words))

    def flush(self) -> None:
        run, self.run = self.run, []
        if not any(words for _, _, words in run):
            return
        start, end = run[0][0], run[-1][1]
        raw = self.text[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        self.found.append(self.block(start, end))

    def block(self, start: int, end: int) -> Found:
        tags = [entry[0] for entry in self.stack]
        quotes = tags.count("blockquote")
        for tag in reversed(tags):
            if tag == "title":
                return Found(TITLE, start, end)
            if tag in _HEADINGS:
                return Found(HEADING, start, end, level=_HEADINGS[tag], quote_depth=quotes)
            if tag in ("li", "dt", "dd"):
                lists = [t for t in tags if t in ("ul", "ol", "dl")]
                ordered = bool(lists) and lists[-1] == "ol"
                level = max(len(lists), 1)
                return Found(ITEM, start, end, level, ordered, quotes)
            if tag in ("td", "th"):
                frames = tuple((e[0], e[3]) for e in self.stack if e[0] in ("table", "tr"))
                return Found(CELL, start, end, quote_depth=quotes, info=tag, frames=frames)
            if tag in ("p", "caption", "figcaption", "blockquote", "div", "section"):
                break
        return Found(QUOTE if quotes else PARAGRAPH, start, end, quote_depth=quotes)

    # -- tokenizer events -------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.here()
        end = start + len(self.get_starttag_text() or "")
        hidden = self.hidden
        words = any(item[2] for item in self.run)
        inline = tag in INLINE or (tag in _INLINE_OPAQUE and words)
        if not hidden:
            if inline:
                self.add(start, end, False)
            else:
                self.flush()
                self._close_same_level(tag)
            self._attributes(tag, attrs, start, end)
            if tag in ("main", "article") and tag not in self.opened:
                self.opened[tag] = (start, len(self.stack))
        if tag not in VOID:
            self.stack.append((tag, _opaque(tag, attrs), inline, start))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.here()
        end = start + len(self.get_starttag_text() or "")
        if not self.hidden:
            if tag in INLINE:
                self.add(start, end, False)
            else:
                self.flush()
            self._attributes(tag, attrs, start, end)

    def handle_endtag(self, tag: str) -> None:
        start = self.here()
        close = self.text.find(">", start)
        end = len(self.text) if close < 0 else close + 1
        names = [entry[0] for entry in self.stack]
        if tag not in names:
            if tag not in VOID and tag != "p":
                self.repaired.append(f"a stray </{tag}> (line {self.getpos()[0]})")
            if not self.hidden:
                self.add(start, end, False)
            return
        depth = len(names) - 1 - names[::-1].index(tag)
        outer_hidden = any(entry[1] for entry in self.stack[:depth])
        if not outer_hidden:
            if self.stack[depth][2]:
                self.add(start, end, False)
            else:
                self.flush()
                unclosed = [n for n in names[depth + 1 :] if n not in _SAME_LEVEL and n != "p"]
                if unclosed:
                    self.repaired.append(f"<{unclosed[-1]}> not closed before </{tag}>")
        del self.stack[depth:]
        opened = self.opened.get(tag)
        if opened and opened[1] == depth and tag not in self.closed:
            self.closed[tag] = (opened[0], end)

    def _close_same_level(self, tag: str) -> None:
        closes = _SAME_LEVEL.get(tag)
        if tag in ("div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6"):
            closes = ("p",)
        if not closes:
            return
        for depth in range(len(self.stack) - 1, -1, -1):
            name = self.stack[depth][0]
            if name in closes:
                del self.stack[depth:]
                return
            if name in _SCOPES or name not in INLINE:
                return

    def _attributes(self, tag: str, attrs, start: int, end: int) -> None:
        names = {name for name, _ in attrs}
        wanted = [name for name in _ATTRIBUTES if name in names]
        values = dict(attrs)
        meta = any((key, (values.get(key) or "").strip().lower()) in _META for key in values)
        if tag == "meta" and "content" in names and meta:
            wanted.append("content")
        if not wanted:
            return
        for name, value_start, value_end in _attribute_spans(self.text, start, end):
            if name in wanted and self.text[value_start:value_end].strip():
                self.found.append(
                    Found(ATTRIBUTE, value_start, value_end, info=name, tag=(start, end))
                )

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        start = self.here()
        self.add(start, start + len(data), bool(data.strip()))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")

    def _reference(self, written: str) -> None:
        if self.hidden:
            return
        start = self.here()
        end = start + len(written) + (self.text.startswith(";", start + len(written)))
        text = html.unescape(self.text[start:end])
        self.add(start, end, bool(text.strip()))

    def parse_comment(self, i: int, report: int = 1) -> int:
        """A comment ends where HTML5 ends it (`-->`, `--!>`, or `<!-->` at once), not at
        `-- >` as the older tokenizer has it."""
        rawdata = self.rawdata
        if not rawdata.startswith("<!--", i):
            return super().parse_comment(i, report)
        early = next((n for n in (">", "->") if rawdata.startswith(n, i + 4)), None)
        match = None if early else _COMMENT_END.search(rawdata, i + 4)
        if early is None and match is None:
            return -1
        end = i + 4 + len(early) if early else match.end()
        if report and not self.hidden:
            start = self.here()
            self.add(start, start + end - i, False)
        return end

    def handle_comment(self, data: str) -> None:
        """Comments are kept as they are (`parse_comment` has placed them)."""


_COMMENT_END = re.compile(r"--!?>")
_ATTRIBUTE_VALUE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""", re.DOTALL
)


def _attribute_spans(text: str, start: int, end: int):
    """(name, value start, value end) of each attribute of the start tag text[start:end]."""
    name_end = start + 1
    while name_end < end and not text[name_end].isspace() and text[name_end] not in "/>":
        name_end += 1
    position = name_end
    while position < end:
        match = _ATTRIBUTE_VALUE.search(text, position, end)
        if match is None or match.group(1) in (">", "/>"):
            return
        for group in (2, 3, 4):
            if match.group(group) is not None:
                yield match.group(1).lower(), match.start(group), match.end(group)
                break
        position = match.end()


def read_page(text: str) -> Page:
    """Every translatable text of an HTML page, in document order."""
    reader = _Reader(text)
    reader.feed(text)
    reader.close()
    reader.flush()
    found = sorted(reader.found, key=lambda item: item.start)
    title = next((item for item in found if item.kind == TITLE), None)
    heading = next((item for item in found if item.kind == HEADING and item.level == 1), None)
    chosen = title or heading
    shown = _plain(text[chosen.start : chosen.end]) if chosen else ""
    unclosed = [e[0] for e in reader.stack if e[0] not in ("html", "body", "head", "p", "li")]
    repaired = list(reader.repaired)
    if unclosed:
        repaired.append(f"<{unclosed[-1]}> never closed")
    main = reader.closed.get("main") or reader.closed.get("article")
    return Page(tuple(found), shown, main, tuple(dict.fromkeys(repaired)))


def _plain(text: str) -> str:
    """A text without its tags, references resolved, whitespace folded: for titles."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split())


def repair_warnings(page: Page, name: str) -> tuple[str, ...]:
    """What was repaired in the page, as at most four warning lines."""
    warnings = tuple(f"{name}: repaired as browsers do: {what}" for what in page.repaired[:3])
    if len(page.repaired) > 3:
        warnings += (f"{name}: and {len(page.repaired) - 3} more repair(s)",)
    return warnings


# ------------------------------------------------------------------------- protection

_TOKEN = re.compile(
    r"<!--[\s\S]*?(?:-->|$)|</?([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*)?/?>|&(?:#[0-9]{1,7}|"
    r"#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


_NO_TRANSLATE = re.compile(
    r"""\stranslate\s*=\s*["']?no\b|\sclass\s*=\s*["']?[^"'>]*\bnotranslate\b""", re.I
)


def html_nodes(text: str) -> list[Node]:
    """Inline HTML of one segment as `inline.Node`s: elements pair with their closing tag
    (the words inside stay translatable), opaque ones (`code`, `translate="no"`, ...) are
    kept whole, other tags, comments and references are atoms."""
    nodes: list[Node] = []
    stack: list[tuple[str, int, bool]] = []  # tag, index in nodes, opaque
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position and not any(o for *_, o in stack):
            nodes.append(Node("text", position, match.start()))
        position = match.end()
        token, tag = match.group(), (match.group(1) or "").lower()
        if not tag:
            if not any(o for *_, o in stack):
                nodes.append(Node("entity" if token.startswith("&") else "html", *match.span()))
            continue
        if token.startswith("</"):
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == tag), None)
            if depth is None:
                if not any(o for *_, o in stack):
                    nodes.append(Node("html", *match.span()))
                continue
            _, index, opaque = stack[depth]
            outer_opaque = any(o for *_, o in stack[:depth])
            del stack[depth:]
            if outer_opaque:
                continue
            opener = nodes[index]
            children = nodes[index + 1 :]
            kind = "html" if opaque or not children else "element"
            node = Node(kind, opener.start, match.end(), open_end=opener.end)
            if kind == "element":
                node.children, node.close_start = children, match.start()
            nodes[index:] = [node]
            continue
        if any(o for *_, o in stack):
            if tag not in VOID and not token.endswith("/>"):
                stack.append((tag, -1, True))
            continue
        nodes.append(Node("html", *match.span()))
        if tag not in VOID and not token.endswith("/>"):
            opaque = tag in OPAQUE or _NO_TRANSLATE.search(token) is not None
            stack.append((tag, len(nodes) - 1, opaque))
    outer = next((index for _, index, opaque in stack if opaque), None)
    if outer is not None:  # an opaque element left open: kept whole to the end
        nodes[outer:] = [Node("html", nodes[outer].start, len(text))]
    elif position < len(text):
        nodes.append(Node("text", position, len(text)))
    return nodes


def protect_html(text: str) -> Protected:
    """Replace an HTML segment's inline markup by the placeholders `markup.restore` knows."""
    if "<" not in text and "&" not in text:
        return Protected(text, text)
    from translate.markup import _mask

    parts: list[str] = []
    pieces: list[Piece] = []
    _mask(html_nodes(text), text, parts, pieces)
    if not pieces:
        return Protected(text, text)
    return Protected(text, "".join(parts), tuple(pieces))


def main_range(text: str) -> tuple[int, int] | None:
    """Where the page's `<main>` (else first `<article>`) stands, or None."""
    return read_page(text).main
