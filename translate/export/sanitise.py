"""The Markdown sanitiser: sentence text made safe to place in a Markdown document.

Safe by construction. A sentence is read as inline Markdown; the constructs a source
sentence has (emphasis, links, images, code spans, autolinks, footnote references) are
written as they are, and a translation keeps only those its source segment has. Every other
character that is significant to Markdown in a common renderer (CommonMark, GFM,
Python-Markdown, Pandoc, mistune) is written as a character reference (`&lt;`, `&#96;`,
`&#42;`), which all of them read as text; a backslash escape is not universal
(Python-Markdown renders `\\<script>` as a live script). The author's inline HTML (a tag or
comment of the source sentence) stays markup when nothing in it could run
(`sanitise_html.active`), else it is text; a translation keeps only the tags its source
sentence has, each under the same rule. Template macros (`{{…}}`, `{%…%}`) a source sentence
has are written as they are. Link and
image destinations are checked after entity and percent decoding, case-insensitively,
against an allowlist of schemes (`allowed_url`); a refused one becomes `#`. Line breaks in a
sentence become spaces. Since each sentence leaves no character open behind it, joining
sentences never changes what one of them means.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from translate.export.sanitise_html import active
from translate.inline import Node, parse
from translate.markup import outside_code_spans
from translate.project import DEFAULT_LINK_SCHEMES

# Link schemes a destination may have when `diptych.toml` says nothing ([export] schemes);
# a destination without a scheme (relative, `#fragment`) is always allowed.
DEFAULT_SCHEMES = DEFAULT_LINK_SCHEMES


@dataclass(frozen=True)
class Rules:
    """What a document's sentences are written with: the allowed link schemes and the
    labels of its link reference definitions (so that `[label]` is read as a link)."""

    schemes: tuple[str, ...] = DEFAULT_SCHEMES
    references: frozenset[str] = frozenset()
    # what a link or image destination becomes (links between the pages of a tree), if set
    links: Callable[[str], str] | None = None
    # the author's HTML blocks written as the source has them even where something in them
    # could run (`[export] author_html = "as-written"`; docs/markup.md), else made inert
    author_html_as_written: bool = False


DEFAULT_RULES = Rules()

# Characters that mean something somewhere in a sentence for some renderer (CommonMark,
# GFM tables and strikethrough, Pandoc's math, citations, super/subscripts and attributes,
# Liquid and Jinja templates): written as character references.
_SIGNIFICANT = "\\`*_[]<>&{}|~^$@#"
_REFERENCES = {ord(ch): f"&#{ord(ch)};" for ch in _SIGNIFICANT}
_REFERENCES.update({ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;"})
# In source text, what could make live markup in some renderer, or pair with a sign of
# another sentence: raw HTML, code spans, links, Pandoc attributes, templates. The source's
# other signs mean what its author meant.
_SOURCE_REFERENCES = {ord(ch): _REFERENCES[ord(ch)] for ch in "`[]<>{}"}
# Every line break a renderer may see (`\r` is one for CommonMark), and other controls.
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|[\r\n\v\f\x85\u2028\u2029])[ \t]*")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\ufeff]+")
_ESCAPED_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s\\]{1,100}\]")
# A template macro (`{{…}}`, `{%…%}`) is written as it is only where a renderer that does not
# expand it could read nothing live in it: no bracket (it could close a link around it), code
# span or tag; else its signs are references, as any text's.
_LIVE_IN_MACRO = re.compile(r"[\[\]`]|<[A-Za-z/!?]")


def escape_text(text: str, table: dict = _REFERENCES) -> str:
    """Text that every common Markdown renderer shows as it is (one pass: linear). The
    default table goes through one regex, ~10x faster than `str.translate` with a dict."""
    if table is _REFERENCES:
        return _SIGNIFICANT_CHARACTER.sub(_reference, text)
    return text.translate(table)


_SIGNIFICANT_CHARACTER = re.compile("[" + re.escape("".join(map(chr, _REFERENCES))) + "]")


def _reference(match: re.Match) -> str:
    return _REFERENCES[ord(match.group())]


def one_line(text: str) -> str:
    """A sentence on one line: every line break a space, other control characters gone."""
    if _BREAK_OR_CONTROL.search(text) is None:  # most sentences: one scan, nothing to do
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)).replace("\t", " ")


# any character `one_line` changes: a line break, a tab, another control character
_BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def allowed_url(url: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> bool:
    """Whether a link or image destination may be published: no scheme (a relative link), or
    one of `schemes`, judged as a browser would read it, after entity and percent decoding,
    Markdown backslash escapes, ignored characters and case (`JaVaScRiPt:`, `&#106;ava…`,
    `java%0Ascript:`, `java\\tscript:` are all `javascript:`)."""
    previous = None
    cleaned = url
    for _ in range(8):  # decode until nothing changes (double encodings included)
        if cleaned == previous:
            break
        previous = cleaned
        cleaned = _ESCAPED_PUNCTUATION.sub(r"\1", cleaned)
        cleaned = unquote(htmlmod.unescape(cleaned), errors="replace")
        cleaned = _IGNORED_IN_URL.sub("", cleaned)
    else:
        return False  # still changing: refused rather than guessed
    cleaned = cleaned.strip("<>").lower()
    match = _SCHEME.match(cleaned)
    if match is None:  # no scheme: a relative link (`a:b` with other signs is a path)
        return True
    return match.group(1) in schemes


def _destination(tail: str) -> str | None:
    """The destination in a link's tail (`](dest "title")`), None for a reference (`][x]`)."""
    if not tail.startswith("]("):
        return None
    rest = tail[2:-1].strip()
    if rest.startswith("<"):
        end = rest.find(">")
        return rest[1:end] if end > 0 else rest
    return rest.split(None, 1)[0] if rest else ""


def rewrite_tail(tail: str, destination: str, links: Callable[[str], str]) -> str:
    """A link tail (`](dest "title")`) with its destination as `links` rewrites it, the
    rest kept as written."""
    new = links(destination)
    rest = tail[2:].lstrip()
    lead = tail[2 : len(tail) - len(rest)]
    angle = rest.startswith("<")
    written = f"<{destination}>" if angle else destination
    if new == destination or not rest.startswith(written):
        return tail
    return "](" + lead + (f"<{new}>" if angle else new) + rest[len(written) :]


def _safe_tail(tail: str, rules: Rules) -> str:
    """A link or image tail whose destination is allowed (as `rules.links` rewrites it), or
    `](#)`."""
    destination = _destination(tail)
    if destination is None:
        return tail
    if not allowed_url(destination, rules.schemes):
        return "](#)"
    if rules.links is not None and destination:
        return rewrite_tail(tail, destination, rules.links)
    return tail


def _keys(nodes: list[Node], text: str, into: set) -> set:
    """What a sentence's constructs look like, to tell a translation's own from its source's."""
    for node in nodes:
        if node.kind == "text":
            continue
        if node.kind == "image":  # its alt text is translated: known by its destination
            into.add(("image", text[node.close_start : node.end]))
        elif node.children is not None:
            opening, closing = text[node.start : node.open_end], text[node.close_start : node.end]
            into.add((node.kind, opening, closing))
            _keys(node.children, text, into)
        else:
            into.add((node.kind, text[node.start : node.end]))
    into.update(("footnote", ref) for ref in _FOOTNOTE_REF.findall(text))
    return into


@lru_cache(maxsize=4096)
def _source_keys(source: str, references: frozenset[str]) -> frozenset:
    line = one_line(source)
    return frozenset(_keys(parse(line, references), line, set()))


def safe_markdown(
    text: str,
    source: str | None = None,
    rules: Rules = DEFAULT_RULES,
    keep_lines: bool = False,
) -> str:
    """Inline Markdown safe in every common renderer, on one line (`keep_lines`: its line
    breaks kept, as `\\n`).

    `source` None: `text` is source text, and keeps its constructs (raw HTML only when it
    is inert). Otherwise `text` is a translation of `source`, and keeps only the constructs
    `source` has. Destinations outside `rules.schemes` become `#`.
    """
    text = "\n".join(one_line_each(text)) if keep_lines else one_line(text)
    allowed = None if source is None else _source_keys(source, rules.references)
    out: list[str] = []
    _write(parse(text, rules.references), text, allowed, rules, out)
    safe = "".join(out)
    if "<" in safe and _has_live_html(safe, allowed, rules.schemes):  # a second opinion
        return escape_text(text)
    return safe


def _write(nodes: list[Node], text: str, allowed, rules: Rules, out: list[str]) -> None:
    run: list[str] = []
    for node in nodes:
        if node.kind == "text":
            run.append(text[node.start : node.end])
            continue
        if run:
            out.append(_text_run("".join(run), allowed))
            run = []
        _node(node, text, allowed, rules, out)
    if run:
        out.append(_text_run("".join(run), allowed))


def _text_run(run: str, allowed) -> str:
    """Text, with the footnote references (`[^1]`) the source has."""
    table = _SOURCE_REFERENCES if allowed is None else _REFERENCES
    parts, position = [], 0
    for match in _FOOTNOTE_REF.finditer(run):
        if allowed is None or ("footnote", match.group()) in allowed:
            parts += [escape_text(run[position : match.start()], table), match.group()]
            position = match.end()
    parts.append(escape_text(run[position:], table))
    return "".join(parts)


def _node(node: Node, text: str, allowed, rules: Rules, out: list[str]) -> None:
    kind, raw = node.kind, text[node.start : node.end]
    if kind == "entity":  # a character reference is text in every renderer
        out.append(raw)
    elif kind == "escape":  # Python-Markdown has no `\<` (a live tag); a cell's `\|`
        out.append(escape_text(raw[1]) if raw[1] in "<|" else raw)  # would become `\\|`
    elif kind == "break":
        out.append(raw if "\n" in raw else " ")
    elif kind == "element":  # raw HTML: tags kept when inert, the words inside still words
        opening, closing = text[node.start : node.open_end], text[node.close_start : node.end]
        kept = _inert_tag(opening, rules.schemes) and _inert_tag(closing, rules.schemes)
        kept = kept and (allowed is None or (kind, opening, closing) in allowed)
        out.append(opening if kept else escape_text(opening))
        _write(node.children or [], text, allowed, rules, out)
        out.append(closing if kept else escape_text(closing))
    elif node.children is not None and kind != "image":  # link, emphasis, strong
        opening, closing = text[node.start : node.open_end], text[node.close_start : node.end]
        kept = allowed is None or (kind, opening, closing) in allowed
        out.append(opening if kept else escape_text(opening))
        _write(node.children, text, allowed, rules, out)
        out.append(_safe_tail(closing, rules) if kept else escape_text(closing))
    elif kind == "image" and (
        allowed is None or (kind, text[node.close_start : node.end]) in allowed
    ):
        alt = text[node.open_end : node.close_start]
        tail = _safe_tail(text[node.close_start : node.end], rules)
        out.append("![" + _escape_inside(alt, allowed) + tail)
    elif allowed is not None and (kind, raw) not in allowed:
        out.append(escape_text(raw))
    elif kind == "macro" and _LIVE_IN_MACRO.search(raw):
        out.append(escape_text(raw))  # a renderer that does not know it would see markup
    elif kind == "html":  # a lone tag or a comment of the source
        out.append(raw if _inert_tag(raw, rules.schemes) else escape_text(raw))
    elif kind == "autolink":
        inside = raw[1:-1]
        url = inside if ":" in inside else "mailto:" + inside
        out.append(raw if allowed_url(url, rules.schemes) else escape_text(raw))
    elif kind == "reference":
        label = text[node.open_end : node.close_start]
        if "<" in label or "{" in label:  # a tag or attributes in its words: text
            out.append(escape_text(raw))
        else:
            out.append(raw)
    else:  # code spans and bare web addresses: as written
        out.append(raw)


def _escape_inside(text: str, allowed) -> str:
    return escape_text(text, _SOURCE_REFERENCES if allowed is None else _REFERENCES)


@lru_cache(maxsize=1)
def _html_reader():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


def _inert_tag(tag: str, schemes: tuple[str, ...]) -> bool:
    """Whether one tag or comment of the author's may stay markup."""
    return not active(tag, lambda url: allowed_url(url, schemes))


def _has_live_html(text: str, allowed, schemes: tuple[str, ...]) -> bool:
    """Whether markdown-it reads in `text` a tag that is active, or (for a translation) one
    its source does not have: then the whole sentence is written as text."""
    tokens = _html_reader().parseInline(text)
    tags = [
        child.content for t in tokens for child in t.children or [] if child.type == "html_inline"
    ]
    if not tags:
        return False
    if allowed is not None:
        own = {key[-1] for key in allowed if key[0] == "html"}
        own |= {part for key in allowed if key[0] == "element" for part in key[1:]}
        if any(tag not in own for tag in tags):
            return True
    return any(not _inert_tag(tag, schemes) for tag in tags)


def markdown_text(
    text: str,
    markdown: bool,
    source: str | None = None,
    rules: Rules = DEFAULT_RULES,
) -> str:
    """Sentence text safe to place in a Markdown document, on one line.

    Markdown articles keep their inline markup (a translation, that of its `source`); plain
    text articles are written as text, every significant character a reference.
    """
    if not markdown:  # most sentences: one scan finds nothing to put on one line or escape
        plain = text if _BROKEN_OR_SIGNIFICANT.search(text) is None else escape_text(one_line(text))
        return escape_line_start(plain.strip(" "))
    return escape_line_start(safe_markdown(text, source, rules).lstrip(" "))


# any character `one_line` or `escape_text` changes
_BROKEN_OR_SIGNIFICANT = re.compile(
    "[" + re.escape("".join(map(chr, _REFERENCES))) + "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]"
)


# A backslash before a space: what is left of a backslash hard break once the msgid folded
# its line break (`foo\\` + newline + `bar` -> `foo\\ bar`); it would show as a backslash.
_BREAK_RESIDUE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?= )")


def shown_text(segment) -> str:
    """The text a segment shows, without the residue of a hard break its source had."""
    if "\\\n" not in segment.source:
        return segment.shown
    return outside_code_spans(segment.shown, lambda part: _BREAK_RESIDUE.sub(r"\1", part))


def inert(text: str, rules: Rules = DEFAULT_RULES) -> str:
    """Source Markdown with raw HTML as text and refused destinations `#`: its constructs
    kept, its line breaks where they were."""
    return safe_markdown(text, None, rules, keep_lines=True)


# What opens a block at the start of a line in some renderer: heading, quote, list item
# (Pandoc's `a.`, `(1)`, `i)` too), fence, rule, setext underline, definition, table row,
# Pandoc's line block, div fence and title block.
_LINE_START = re.compile(
    r"^(?:(?P<sign>[-+=:%])|(?P<number>\(?[0-9A-Za-z]{1,9})(?P<after>[.)])(?=[ \t]|$))"
)
_SIGN = {"-": "&#45;", "+": "&#43;", "=": "&#61;", ":": "&#58;", "%": "&#37;"}


def escape_line_start(text: str) -> str:
    """Text that opens no block where it starts a line (the significant characters are
    references already; what is left are the signs that mean something only there)."""
    text = text.lstrip(" \t")
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group("sign"):
        return _SIGN[match.group("sign")] + text[1:]
    after = "&#46;" if match.group("after") == "." else "&#41;"
    return match.group("number") + after + text[match.end() :]


def definition_text(text: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> str:
    """Text that follows `[^label]: `: a renderer without footnotes reads that line as a link
    reference definition whose destination is the text's first word; a refused one is
    prefixed with a zero-width space, which no URL scheme starts with."""
    first = text.split(None, 1)[0] if text.strip() else ""
    if first and not allowed_url(first, schemes):
        return "&#8203;" + text
    return text


def cell(text: str) -> str:
    """One table cell: pipes escaped (GFM escapes them even inside code spans)."""
    return text.replace("|", "\\|").strip()


# A front-matter line: indentation and list dashes, then an optional `key:`, then the value.
_FRONT_LINE = re.compile(r"^([ \t]*(?:-[ \t]+)*(?:[^\s:#][^:]*:(?=[ \t]|$))?[ \t]*)(.*)$")
_FRONT_SIGNIFICANT = {ord("<"): "&lt;", ord(">"): "&gt;", ord("`"): "&#96;"}
_FRONT_LINK = re.compile(r"\](?=[(\[:])")


def front_matter(body: str) -> str:
    """Front matter as written into a Markdown export: its YAML structure kept, its values
    without live markup for a renderer that shows front matter as text (no tag, code span or
    link: `<`, `>`, backticks and the `]` of a link become references; a YAML block
    indicator `>` or `|` that starts a value stays)."""
    lines = []
    for line in one_line_each(body):
        match = _FRONT_LINE.match(line)
        head, value = (match.group(1), match.group(2)) if match else ("", line)
        indicator = value[:1] in (">", "|") and not value[1:].strip("+-0123456789 ")
        lead = value[:1] if indicator else ""
        lines.append(head + lead + front_matter_value(value[len(lead) :]))
    return "\n".join(lines)


def front_matter_value(value: str) -> str:
    """A front-matter value without live markup (`front_matter`'s rule for one value): a
    translation is made so before it is written, so that the scalar written is the one a
    YAML reader reads (a plain `<b>` made `&lt;b&gt;` afterwards would read as an anchor)."""
    return _FRONT_LINK.sub("&#93;", value.translate(_FRONT_SIGNIFICANT))


def one_line_each(text: str) -> list[str]:
    """Lines of a text split at every line break a renderer sees, controls removed."""
    return [_CONTROLS.sub("", line) for line in _ANY_BREAK.split(text)]


_ANY_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
