"""The Markdown sanitiser: sentence text made safe to place in a Markdown document.

Raw HTML is escaped (autolinks kept), script links (`javascript:`, `vbscript:`, `data:`,
`file:`) lose their destination, template syntax (`{{`, `{%`) is broken, and what would open
a block at the start of a line is escaped; inline code spans are left as a reader finds them.
Plain-text articles are escaped so that they render literally.
"""

from __future__ import annotations

import html as htmlmod
import re
from functools import lru_cache

from translate.inline import AUTOLINK
from translate.markup import outside_code_spans

_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_TXT_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_LINE_START = re.compile(
    r"^([ \t]*)(?:(?P<lead>[#>=]|`{3,}(?=[^`\n]*$)|~{3,}|\[(?=[^\]]*\]:))"
    r"|(?P<bullet>[-+*])(?=[ \t]|$)"
    r"|(?P<rule>(?P<char>[-*_])(?=(?:[ \t]*(?P=char)){2,}[ \t]*$))"
    r"|(?P<number>\d{1,9})(?P<after>[.)])(?=[ \t]|$))",
    re.MULTILINE,
)


def unsafe_url(url: str) -> bool:
    """Whether a link destination runs a script or reads a file, however it is disguised."""
    cleaned = _CONTROL_OR_SPACE.sub("", htmlmod.unescape(url)).lower().lstrip("<")
    return cleaned.startswith(_BAD_SCHEMES)


def neutralise_links(text: str) -> str:
    """Replace the destination of `[..](javascript:...)` (and vbscript, data, file) by `#`."""
    out, position = [], 0
    for match in re.finditer(r"\]\(", text):
        if match.start() < position:
            continue
        start = match.end()
        end = _destination_end(text, start)
        destination = text[start:end]
        if unsafe_url(destination):
            out += [text[position:start], "#"]
            position = end
    out.append(text[position:])
    text = "".join(out)
    # Reference definitions: `[label]: javascript:...`
    return re.sub(
        r"^(\s*\[[^\]]+\]:\s*)(\S+)",
        lambda m: m.group(1) + ("#" if unsafe_url(m.group(2)) else m.group(2)),
        text,
        flags=re.MULTILINE,
    )


def _destination_end(text: str, start: int) -> int:
    """End of a link destination (and title) starting at `start`: up to the matching `)`."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return len(text)


_OPENING_ANGLE = re.compile(r"(\\*)<(?=[A-Za-z/!?])")
_DESTINATION_BEFORE = re.compile(r"(?:\]\(|^[ \t]{0,3}\[[^\]]+\]:[ \t]*\n?[ \t]*)\Z")


def _escape_angles(text: str) -> str:
    """A backslash before each `<` that could open raw HTML and is not escaped already (an
    even run of backslashes before it is escaped backslashes, not an escaped `<`)."""

    def escape(match: re.Match[str]) -> str:
        before = text[: match.start()]
        if not match.group(1) and _DESTINATION_BEFORE.search(before):
            return match.group(0)  # `[a](<b c>)`: a link destination, not HTML
        return match.group(1) + ("" if len(match.group(1)) % 2 else "\\") + "<"

    return _OPENING_ANGLE.sub(escape, text)


def _escape_raw_html(text: str) -> str:
    """Escape `<` that could open an HTML tag, comment or declaration; keep autolinks."""
    out, position = [], 0
    for match in AUTOLINK.finditer(text):
        out += [_escape_angles(text[position : match.start()])]
        out.append(match.group(0))
        position = match.end()
    out.append(_escape_angles(text[position:]))
    return "".join(out)


def escape_templates(text: str) -> str:
    """`{{` and `{%` (Liquid, Jinja) become `{\\{` and `{\\%`: same rendering, no template."""
    return text.replace("{{", "{\\{").replace("{%", "{\\%")


def markdown_text(text: str, markdown: bool) -> str:
    """Sentence text safe to place in a Markdown document, on one line.

    Markdown articles keep their inline markup; raw HTML, script links and template syntax
    are neutralised. Plain-text articles are escaped so that they render literally.
    """
    text = re.sub(r"\\?[ \t]*\n[ \t]*", " ", text).lstrip(" \t")
    if not markdown:
        text = escape_templates(_TXT_SPECIAL.sub(r"\\\1", text))
        return escape_line_start(text, every_line=True)
    return escape_line_start(inert(text))


# A backslash before a space: what is left of a backslash hard break once the msgid folded
# its line break (`foo\\` + newline + `bar` -> `foo\\ bar`); it would show as a backslash.
_BREAK_RESIDUE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?= )")


def shown_text(segment) -> str:
    """The text a segment shows, without the residue of a hard break its source had."""
    if "\\\n" not in segment.source:
        return segment.shown
    return outside_code_spans(segment.shown, lambda part: _BREAK_RESIDUE.sub(r"\1", part))


def inert(text: str) -> str:
    """Inline Markdown with raw HTML, script links and template syntax made inert.

    Code spans are left alone, as a reader finds them; if a renderer would still see a tag
    (code spans told apart differently), every `<` is escaped, code spans included: a stray
    backslash in a rare code span is better than live markup.
    """
    safe = outside_code_spans(text, lambda part: escape_templates(_escape_raw_html(part)))
    if _has_raw_html(safe):
        safe = escape_templates(_OPENING_ANGLE.sub(lambda m: m.group(1) + "\\<", text))
    return neutralise_links(safe)


@lru_cache(maxsize=1)
def _html_reader():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


def _has_raw_html(text: str) -> bool:
    if "<" not in text:
        return False
    tokens = _html_reader().parseInline(text)
    return any(child.type == "html_inline" for t in tokens for child in t.children or [])


def escape_line_start(text: str, every_line: bool = False) -> str:
    """Escape what would open a block at the start of a line (heading, quote, list, fence,
    rule, setext underline): a backslash before the sign, or after the number of a list
    marker (`1\\.`: a backslash before a digit would show)."""

    def escape(match: re.Match[str]) -> str:
        if match.group("number"):
            return match.group(1) + match.group("number") + "\\" + match.group("after")
        sign = match.group("lead") or match.group("bullet") or match.group("rule")
        return match.group(1) + "\\" + sign

    text = text.lstrip(" \t") if not every_line else text
    return _LINE_START.sub(escape, text, count=0 if every_line else 1)


def cell(text: str) -> str:
    """One table cell: pipes escaped (GFM escapes them even inside code spans)."""
    return text.replace("|", "\\|").strip()
