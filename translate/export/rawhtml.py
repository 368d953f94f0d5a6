"""The author's raw HTML in a Markdown article: translated in place, published as markup.

`read` gives each HTML block its prose (paragraphs, cells, captions, `alt` and `title`
values) as blocks of their own, framed by `read.RAW_HTML_FRAME`. Here their translations go
back into the block exactly where their source words stand, as HTML: the tags and comments
of the source sentence are kept, anything else a translation holds is text (`<`, `&` and
every character that is Markdown to some renderer become character references, so that a
renderer reading Markdown inside HTML, as Pandoc does, finds none). Then the block as a
whole is judged (`sanitise_html.active`): a Markdown export keeps it byte for byte when
nothing in it could run, and writes its sanitised form otherwise; an HTML page always
shows its sanitised form (comments dropped).
"""

from __future__ import annotations

import re

from translate.align import AlignedArticle, AlignedBlock
from translate.export.sanitise import DEFAULT_SCHEMES, allowed_url
from translate.export.sanitise_html import active, sanitise_html
from translate.read import ATTRIBUTE, HTML, RAW_HTML_FRAME
from translate.segment import normalize
from translate.states import UNTRANSLATED

# A tag, a comment or a character reference of a translation (kept when its source has it).
_TOKEN = re.compile(
    r"<!--[\s\S]*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Text inside HTML: what is markup to HTML, and to a Markdown renderer reading inside it.
_TEXT = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_[]{}|~^$@#!"}
_TEXT.update({ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;", ord('"'): "&quot;"})
_TAG_OR_TEXT = re.compile(r"(<!--[\s\S]*?-->|<[^<>]*>)")


def children(article: AlignedArticle) -> dict[int, list[AlignedBlock]]:
    """The prose blocks of each HTML block, by the index of the HTML block."""
    found: dict[int, list[AlignedBlock]] = {}
    for block in article.blocks:
        frames = block.block.frames
        if frames and frames[-1][0] == RAW_HTML_FRAME:
            found.setdefault(frames[-1][1], []).append(block)
    return found


def inside_html(block: AlignedBlock) -> bool:
    """Whether a block is prose of an HTML block (written by the HTML block, not alone)."""
    frames = block.block.frames
    return bool(frames) and frames[-1][0] == RAW_HTML_FRAME


def html_text(translation: str, source: str) -> str:
    """A sentence's translation as text inside HTML: the tags, comments and references of
    its source kept, every other significant character a reference (a sentence translated
    by itself is its source, as it was)."""
    if translation == source:
        return source
    allowed = {match.group() for match in _TOKEN.finditer(source)}
    out, position = [], 0
    for match in _TOKEN.finditer(translation):
        out.append(translation[position : match.start()].translate(_TEXT))
        token = match.group()
        out.append(token if token in allowed or token[0] == "&" else token.translate(_TEXT))
        position = match.end()
    out.append(translation[position:].translate(_TEXT))
    return "".join(out)


def unchanged(segment) -> bool:
    """Whether a sentence is shown as its source: untranslated, or translated by itself."""
    return segment.state == UNTRANSLATED or segment.shown == normalize(segment.source)


def _segment_edits(block: AlignedBlock, rewrite: bool, mark) -> list[tuple[int, int, str]]:
    """(start, end, translation) in the source text for each sentence of a prose block."""
    edits = []
    position = block.block.spans[0][0] + len(block.gaps[0])
    for segment, gap in zip(block.segments, block.gaps[1:], strict=True):
        end = position + len(segment.source)
        sign = mark(segment.state)
        if rewrite or sign or not unchanged(segment):
            shown = segment.source if unchanged(segment) else segment.shown
            edits.append((position, end, html_text(shown, segment.source) + sign))
        position = end + len(gap)
    return edits


def _attribute_edit(block: AlignedBlock, rewrite: bool) -> tuple[int, int, str] | None:
    """The new value of an attribute (quotes escaped), or None when it is unchanged."""
    if not rewrite and all(unchanged(segment) for segment in block.segments):
        return None
    pieces = [s.source if unchanged(s) else s.shown for s in block.segments]
    value = block.with_gaps(pieces)
    start, end = block.block.spans[0]
    return start, end, value if value == block.block.text else value.translate(_TEXT)


def translated(
    text: str, html: AlignedBlock, prose: list[AlignedBlock], rewrite: bool = False, mark=None
) -> str:
    """An HTML block with each of its prose blocks' translations in place of its words
    (`mark` gives the sign a sentence's state adds, "" for none)."""
    mark = mark or (lambda state: "")
    start, end = html.block.spans[0][0], html.block.spans[-1][1]
    edits: list[tuple[int, int, str]] = []
    values: list[tuple[int, int, str]] = []
    for block in prose:
        if not block.segments or not block.block.spans:
            continue
        if block.kind == ATTRIBUTE:
            edit = _attribute_edit(block, rewrite)
            if edit is not None:
                values.append(edit)
        else:
            edits += _segment_edits(block, rewrite, mark)
    tags: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for value_start, value_end, value in values:  # the values of one tag change together
        tag = (text.rfind("<", start, value_start), text.find(">", value_end) + 1)
        tags.setdefault(tag, []).append((value_start, value_end, value))
    for (tag_start, tag_end), changes in tags.items():
        old, new, position = text[tag_start:tag_end], [], tag_start
        for value_start, value_end, value in sorted(changes):
            new += [text[position:value_start], value]
            position = value_end
        new.append(text[position:tag_end])
        holder = next(
            (k for k, (s, e, _) in enumerate(edits) if s <= tag_start and tag_end <= e), None
        )
        if holder is None:
            edits += changes
        else:
            s, e, replacement = edits[holder]
            edits[holder] = (s, e, replacement.replace(old, "".join(new), 1))
    return splice(text, edits, start, end)


def splice(text: str, edits: list[tuple[int, int, str]], start: int, end: int) -> str:
    """`text[start:end]` with each (start, end, replacement) edit inside it put in place, in
    source order: how every export puts translations into the source's own text."""
    parts, position = [], start
    for edit_start, edit_end, replacement in sorted(edits):
        if edit_start < start or edit_end > end:
            continue
        parts += [text[position:edit_start], replacement]
        position = edit_end
    parts.append(text[position:end])
    return "".join(parts)


def markdown_form(
    fragment: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES, as_written: bool = False
) -> str:
    """An HTML block as a Markdown export writes it: as it is when nothing in it is active
    (or when the project trusts its authors' HTML: `as_written`), else its sanitised form,
    whose text holds no Markdown either (references)."""
    if as_written or not active(fragment, lambda url: allowed_url(url, schemes)):
        return fragment
    parts = _TAG_OR_TEXT.split(sanitise_html(fragment))
    return "".join(
        part if index % 2 else _text_references(part) for index, part in enumerate(parts)
    )


def _text_references(text: str) -> str:
    """Serialised HTML text with its Markdown signs as references (its own references kept)."""
    out, position = [], 0
    for match in _REFERENCE.finditer(text):
        out += [text[position : match.start()].translate(_TEXT), match.group()]
        position = match.end()
    out.append(text[position:].translate(_TEXT))
    return "".join(out)


def page_form(fragment: str):
    """An HTML block as a page shows it: sanitised, comments dropped (Markup)."""
    from markupsafe import Markup

    return Markup(sanitise_html(fragment))


def block_texts(
    article: AlignedArticle, rewrite: bool = False, mark=None
) -> dict[int, tuple[str, str]]:
    """(source, translation) HTML of each HTML block, by block index."""
    text = article.document.text
    prose = children(article)
    out = {}
    for block in article.blocks:
        if block.kind != HTML:
            continue
        source = block.block.text
        inner = prose.get(block.index)
        target = translated(text, block, inner, rewrite, mark) if inner else source
        out[block.index] = (source, target)
    return out


# ------------------------------------------------------------------------ code blocks

# A renderer without fenced code (plain Python-Markdown) reads a fence's content as Markdown
# and raw HTML: a fenced block whose content could then be markup is written as the HTML
# CommonMark renders it to (`<pre><code class="language-…">`, content escaped), which every
# renderer passes through as it is.
_CODE_MARKUP = re.compile(r"<|\]\s*[(:\[]|&")
_FENCE_LINE = re.compile(r"^[ \t>]*(?:[-+*]|\d{1,9}[.)])?[ \t]*(`{3,}|~{3,})")
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}


def code_as_html(content: str, info: str) -> str | None:
    """A fenced code block as an HTML block, or None when its content holds nothing a
    renderer without fences could read as markup."""
    if not _CODE_MARKUP.search(content):
        return None
    language = info.split()[0] if info.split() else ""
    opening = (
        f'<pre><code class="language-{language.translate(_ESCAPES)}">'
        if language
        else ("<pre><code>")
    )
    body = content.translate(_ESCAPES) + "\n" if content else ""
    return f"{opening}{body}</code></pre>"


def fence_range(text: str, starts: list[int], line: int, content: str) -> tuple[int, int] | None:
    """Where a fenced code block whose content starts at `line` (1-based) stands in `text`,
    from its opening fence to the end of its closing fence (or of its content when the
    document ends it), or None when it is not fenced."""
    if line < 2 or line - 2 >= len(starts):
        return None
    start = starts[line - 2]
    stop = text.find("\n", start)
    opening = _FENCE_LINE.match(text, start, len(text) if stop < 0 else stop)
    if opening is None:
        return None
    start = opening.start(1)
    last = line + (content.count("\n") + 1 if content else 0) - 1
    sign = opening.group(1)[0]
    for number in range(last + 1, len(starts) + 1):
        begin = starts[number - 1]
        stop = text.find("\n", begin)
        stop = len(text) if stop < 0 else stop
        row = text[begin:stop].lstrip(" \t>")
        if row.startswith(sign * 3):
            return start, stop
        if row.strip():
            break
    end = text.find("\n", starts[min(last, len(starts)) - 1])
    return start, len(text) if end < 0 else end


_MARKER = re.compile(r"[-+*]|\d{1,9}[.)]")


def placed(text: str, start: int, end: int, safe: str) -> tuple[int, int, str]:
    """An edit putting the lines of `safe` in place of `text[start:end]`, in the same
    container: its later lines get the first line's prefix (quote signs; a list marker as
    spaces)."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    later = _MARKER.sub(lambda m: " " * len(m.group(0)), prefix)
    lines = safe.split("\n")
    body = [prefix + lines[0]] + [(later + line) if line else later.rstrip() for line in lines[1:]]
    return line_start, end, "\n".join(body)


_COMMENT = re.compile(r"<!--[\s\S]*?(?:-->|--!>)|<!-->|<!--->")


def one_line_form(html: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> str:
    """An HTML block on one line (a table cell): its safe form, comments left out."""
    return " ".join(_COMMENT.sub("", markdown_form(html, schemes)).split())
