"""Markdown output: a GFM table, interleaved blocks, or the translation alone.

Where the source is Markdown and every block knows where it stands in it, the translation
is spliced into the source text itself, so that the document keeps the source's structure
byte for byte; otherwise the blocks are written anew. Every sentence goes through the
sanitiser (`translate.export.sanitise`) on its way out.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

from translate import __version__
from translate.align import AlignedArticle, AlignedBlock
from translate.export.front import export_front_matter
from translate.export.mdtable import markdown_table
from translate.export.mdtext import (
    MARK_SIGNS,
    EditsInOrder,
    continuation,
    in_order,
    linked,
    mark,
    reference_lines,
    sentences_md,
)
from translate.export.paths import check_layout
from translate.export.rawhtml import (
    block_texts,
    code_as_html,
    fence_range,
    inside_html,
    markdown_form,
    placed,
)
from translate.export.sanitise import (
    DEFAULT_RULES,
    DEFAULT_SCHEMES,
    Rules,
    allowed_url,
    cell,
    definition_text,
    escape_line_start,
    inert,
    markdown_text,
    shown_text,
)
from translate.export.view import STATE_LABELS, language_name, progress_label, row_key
from translate.frontmatter import match as front_matter_match
from translate.inline import normalize_label
from translate.pages import DEFAULT_LAYOUT
from translate.read import (
    BOX_TITLE,
    CODE,
    FOOTNOTE,
    FRONT_MATTER,
    FRONT_MATTER_VALUE,
    HEADING,
    HTML,
    LIST_ITEM,
    RULE,
    TABLE_CELL,
    TITLE,
)
from translate.states import UNTRANSLATED


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _code_block(block: AlignedBlock) -> list[str]:
    raw = block.block
    html = code_as_html(raw.text, raw.info) if raw.kind == CODE else None
    if html is not None:  # content a renderer without fences would read as markup
        return html.split("\n")
    fence = _fence(raw.text)
    info = raw.info.split()[0] if raw.kind == CODE and raw.info.split() else ""
    if raw.kind == HTML:
        info = "html"
    return [f"{fence}{info}", *raw.text.split("\n"), fence]


def _md_block(
    block: AlignedBlock,
    side: str,
    markdown: bool,
    number_width: dict,
    marks: bool = False,
    rules=DEFAULT_RULES,
    html: str | None = None,
) -> list[str]:
    """Lines of one block in Markdown, with its structure (heading, list, quote, code); an
    HTML block's `html` (its source or translation) in its safe form."""
    raw = block.block
    if raw.kind == HTML and html is not None:
        lines = markdown_form(html, rules.schemes, rules.author_html_as_written).split("\n")
    elif raw.kind in (CODE, HTML):
        lines = _code_block(block)
    elif raw.kind == RULE:
        lines = ["* * *"]
    elif raw.kind in (FRONT_MATTER, FRONT_MATTER_VALUE):
        return []
    else:
        text = sentences_md(block, side, markdown, marks, rules)
        if raw.kind in (TITLE, HEADING):
            level = 1 if raw.kind == TITLE else min(max(raw.level, 1), 6)
            lines = [f"{'#' * level} {text}"]
        elif raw.kind == LIST_ITEM and not continuation(raw):
            marker = f"{raw.number}." if raw.ordered else "-"
            lines = [f"{marker} {text}"]
        else:
            lines = [text]
    if raw.kind == LIST_ITEM and not continuation(raw):
        depth = raw.level
        indent = sum(number_width.get(level, 2) for level in range(1, depth))
        number_width[depth] = len(lines[0].split(" ", 1)[0]) + 1
        lines = [" " * indent + line if line else line for line in lines]
    elif raw.level and raw.kind in (CODE, LIST_ITEM):  # content inside a list item
        depth = raw.level
        indent = sum(number_width.get(level, 2) for level in range(1, depth + 1))
        lines = [" " * indent + line if line else line for line in lines]
    if raw.quote_depth:
        prefix = "> " * raw.quote_depth
        lines = [(prefix + line).rstrip() for line in lines]
    return lines


def _front_matter(article: AlignedArticle, translated: bool = False) -> str:
    """The front matter, its values without live markup (`sanitise.front_matter`); with
    `translated`, its translatable values in the target language (`export.front`)."""
    return export_front_matter(article, translated)


def _md_header(article: AlignedArticle) -> list[str]:
    """Provenance as an HTML comment; its values come from files, so they cannot close it."""
    text = (
        f"diptych {__version__}: {article.document.source_name}, "
        f"{article.source} → {article.target}; model: {article.model or 'none'}; "
        f"reviewed {progress_label(article)}; revised {article.revision_date or 'unknown'}"
    )
    text = re.sub(r"-{2,}", "-", text.replace(">", "").replace("<", "").replace("\n", " "))
    return [f"<!-- {text} -->", ""]


def _md_legend(article: AlignedArticle, marks: bool) -> list[str]:
    """The marks' legend, as HTML shows it, when the document carries marks."""
    if not marks or article.progress.reviewed >= article.progress.total:
        return []
    labels = "; ".join(f"{MARK_SIGNS[state]} {STATE_LABELS[state]}" for state in MARK_SIGNS)
    return [f"*Marks:* {labels}.", ""]


def render_markdown(
    article: AlignedArticle,
    layout: str = DEFAULT_LAYOUT,
    marks: bool = True,
    schemes: tuple[str, ...] = DEFAULT_SCHEMES,
    links=None,
    author_html_as_written: bool = False,
) -> str:
    """A Markdown document: a GFM table, interleaved blocks, or the translation alone.

    Unreviewed and untranslated sentences are followed by a mark (`†`, `§`, `‡`, `°`: plain
    characters, so they show in every renderer) explained by a legend; `marks=False` drops
    both. Link and image destinations outside `schemes` become `#` (docs/export.md); the
    others become what `links` (href -> href: links between pages of a tree) makes them.
    """
    return "".join(markdown_page(article, layout, marks, schemes, links, author_html_as_written))


def markdown_page(
    article: AlignedArticle,
    layout: str = DEFAULT_LAYOUT,
    marks: bool = True,
    schemes: tuple[str, ...] = DEFAULT_SCHEMES,
    links=None,
    author_html_as_written: bool = False,
) -> Iterator[str]:
    """`render_markdown`'s document as the pieces of text it is made of, each row made as
    the document reaches it: what export writes, so that it is never held whole."""
    check_layout(layout)
    rules = _rules(article, schemes, links, author_html_as_written)
    if layout == "target" and article.markdown and _spliceable(article, rules):
        return _spliced_pieces(article, marks, rules=rules)
    if layout == "interleaved" and article.markdown and _spliceable(article, rules):
        lines = _md_header(article) + _md_legend(article, marks)
        rows = _markdown_interleaved_spliced(article, marks, rules)
        return _joined(_front_matter(article), itertools.chain(lines, rows), rstrip=True)
    renderer = {
        "side-by-side": markdown_table,
        "interleaved": _markdown_interleaved,
        "target": _markdown_target,
    }[layout]
    lines = itertools.chain(
        _md_header(article), _md_legend(article, marks), renderer(article, marks, rules)
    )
    if layout != "side-by-side":  # the table writes them; here they follow the text
        lines = itertools.chain(_trimmed(lines), reference_lines(article, rules))
    return _joined(_front_matter(article, layout == "target"), _trimmed(lines))


def _trimmed(lines: Iterable[str]) -> Iterator[str]:
    """The lines without the empty ones they end with."""
    blanks = 0
    for line in lines:
        if not line:
            blanks += 1
            continue
        yield from itertools.repeat("", blanks)
        blanks = 0
        yield line


def _joined(head: str, lines: Iterable[str], rstrip: bool = False) -> Iterator[str]:
    """`head`, then the lines joined by line breaks (`rstrip`: without the line breaks they
    end with) and ended by one."""
    yield head
    yield from _rstripped(_separated(lines)) if rstrip else _separated(lines)
    yield "\n"


def _separated(lines: Iterable[str]) -> Iterator[str]:
    first = True
    for line in lines:
        if not first:
            yield "\n"
        first = False
        yield line


def _rstripped(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces without the line breaks their text ends with."""
    pending = ""
    for piece in pieces:
        kept = piece.rstrip("\n")
        if kept:
            yield pending + kept if pending else kept
            pending = piece[len(kept) :]
        else:
            pending += piece


def _rules(
    article: AlignedArticle, schemes: tuple[str, ...], links=None, as_written: bool = False
) -> Rules:
    """The allowed schemes and the document's reference labels, as the sanitiser reads them."""
    labels = frozenset(normalize_label(label) for label in article.document.reference_labels)
    return Rules(tuple(schemes), labels, links, as_written)


def _spliceable(article: AlignedArticle, rules: Rules) -> bool:
    """Whether every translated block and HTML block knows where it stands in the source,
    and the text between blocks (copied as it is) defines no refused destination."""
    return (
        bool(article.document.text)
        and all(allowed_url(ref.href, rules.schemes) for ref in article.document.references)
        and all(linked(ref.href, rules) == ref.href for ref in article.document.references)
        and all(
            block.block.spans
            for block in article.blocks
            if (block.translatable or block.kind == HTML) and block.kind != FRONT_MATTER_VALUE
        )
    )


def _markdown_spliced(
    article: AlignedArticle, marks: bool, rewrite: bool = False, rules: Rules | None = None
) -> str:
    """The source document with each block's words replaced by their translation in place.

    Everything around the words (containers, list markers, tables, reference definitions,
    footnote labels, code, spacing) is the source's own, so the translation has the source's
    structure exactly; a block whose translation equals its source is left byte for byte
    (`rewrite` writes every block anew: how the writer itself is measured).
    """
    return "".join(_spliced_pieces(article, marks, rewrite, rules))


def _spliced_pieces(
    article: AlignedArticle, marks: bool, rewrite: bool = False, rules: Rules | None = None
) -> Iterator[str]:
    """`_markdown_spliced` in pieces, the spliced text never held whole."""
    text = article.document.text
    rules = rules or _rules(article, DEFAULT_SCHEMES)
    edits = _edits_of(article, "tgt", marks, rewrite, rules)
    front = front_matter_match(text)
    if (front is None and text.startswith(("---", "+++"))) or (
        front is not None and edits.starts[:1] < [front.end()]
    ):  # the front matter the translation has may not be the source's: found in it
        body = edits.splice(0, len(text))
        front = front_matter_match(body)
        rest = iter((body[front.end() :] if front else body,))
    else:  # the source's, left as it is
        rest = edits.pieces(front.end() if front else 0, len(text))
    lines = _md_header(article) + _md_legend(article, marks)
    yield _front_matter(article, True) if front else ""
    yield "\n".join(lines) + "\n"
    for piece in rest:  # without the line breaks the rest starts with
        piece = piece.lstrip("\n")
        if piece:
            yield piece
            break
    yield from rest


class _Edits:
    """Edits of a text, sorted once: the text of any range with the edits inside it put in
    place (as `rawhtml.splice`), in pieces, found by bisection rather than a pass over
    every edit (a document's rows each take their range of it)."""

    def __init__(self, text: str, edits: list[tuple[int, int, str]]) -> None:
        self.text, self.edits = text, sorted(edits)
        self.starts = [edit[0] for edit in self.edits]

    def pieces(self, start: int, end: int) -> Iterator[str]:
        text, edits, position = self.text, self.edits, start
        for index in range(bisect.bisect_left(self.starts, start), len(edits)):
            edit_start, edit_end, replacement = edits[index]
            if edit_start > end:
                break
            if edit_end > end:
                continue
            yield text[position:edit_start]
            yield replacement
            position = edit_end
        yield text[position:end]

    def splice(self, start: int, end: int) -> str:
        return "".join(self.pieces(start, end))


def _edits(
    article: AlignedArticle, side: str, marks: bool, rewrite: bool = False, rules=DEFAULT_RULES
) -> list[tuple[int, int, str]]:
    """Replacements in the source text: HTML blocks in their safe form (translated on the
    target side: `rawhtml`), and on the target side the translation of each block (on the
    source side, only what must be made inert)."""
    return sorted(_edit_stream(article, side, marks, rewrite, rules))


def _edit_stream(
    article: AlignedArticle, side: str, marks: bool, rewrite: bool = False, rules=DEFAULT_RULES
) -> Iterator[tuple[int, int, str]]:
    """`_edits` in the order of the blocks, made as they are drawn."""
    text = article.document.text
    html = block_texts(article, rewrite, lambda state: mark(state, marks))
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    for block in article.blocks:
        spans = block.block.spans
        if block.kind == FRONT_MATTER_VALUE:
            continue  # written with the front matter (`export.front`)
        if block.kind == CODE:
            edit = _code_edit(text, starts, block)
            if edit:
                yield edit
            continue
        if block.kind == HTML:
            edit = _html_edit(text, block, html[block.index][side == "tgt"], rules)
            if edit is not None:
                yield edit
            continue
        if inside_html(block):
            continue
        if side == "src":
            replacement = _safe_block(block, text, rules)
        else:
            replacement = _spliced_block(block, marks, rewrite, rules)
        if replacement is not None:
            yield (spans[0][0], spans[-1][1], replacement)


def _edits_of(
    article: AlignedArticle, side: str, marks: bool, rewrite: bool = False, rules=DEFAULT_RULES
):
    """The edits of one side, drawn as the document reaches them when the blocks come in
    the order of the source (`mdtext.in_order`), else sorted and held (`_Edits`)."""
    text = article.document.text
    if in_order(article):
        return EditsInOrder(text, _edit_stream(article, side, marks, rewrite, rules))
    return _Edits(text, _edits(article, side, marks, rewrite, rules))


def _safe_block(block: AlignedBlock, source: str, rules=DEFAULT_RULES) -> str | None:
    """A source block made inert (raw HTML, refused links, lone signs), or None if it is."""
    if not block.translatable:
        return None
    text = block.block.text
    safe = _safe_source(text, rules)
    if block.kind == FOOTNOTE:  # may follow `[^label]: `
        safe = definition_text(safe, rules.schemes)
    if safe == text:
        return None
    if safe.count("\n") == text.count("\n"):
        return _relined(safe, block.block.spans, source)
    return escape_line_start(" ".join(safe.split("\n")).strip())


def _line_ranges(article: AlignedArticle) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) offsets in the source of each row of the document: a top-level
    list item, quote, table, footnote or other block, from its first line to its last; one
    row at a time."""
    text = article.document.text
    starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def offset(line: int) -> int:
        return starts[line - 1] if 0 < line <= len(starts) else len(text)

    current: list | None = None
    last_key = None
    for block in article.blocks:
        raw = block.block
        if raw.kind in (FRONT_MATTER, FRONT_MATTER_VALUE) or inside_html(block):
            continue
        fenced = _fenced(text, offset, raw)
        first = raw.line - fenced
        last = raw.line + raw.text.count("\n") + (fenced if raw.text else 0)
        if raw.spans:
            first_offset = text.rfind("\n", 0, raw.spans[0][0]) + 1
            end = text.find("\n", raw.spans[-1][1])
        else:
            first_offset = offset(first)
            end = text.find("\n", offset(min(last, len(starts))))
        end = len(text) if end < 0 else end
        key = row_key(block)
        if key[0] != "block" and len(key[-1]) > 4:  # a box: its opening and closing lines too
            first_offset = min(first_offset, offset(key[-1][3]))
            box_end = text.find("\n", offset(key[-1][4])) % (len(text) + 1)
            end = max(end, len(text[:box_end].rstrip()))  # not the blank lines after it
        if current is not None and key == last_key and key[0] != "block":
            current[1] = min(current[1], first_offset)
            current[2] = max(current[2], end)
        else:
            if current is not None:
                yield tuple(current)
            current = [key[-1][0] if key[0] != "block" else raw.kind, first_offset, end]
        last_key = key
    if current is not None:
        yield tuple(current)


def _fenced(text: str, offset, raw) -> int:
    """1 if a code block is fenced (its first line of code follows a fence line)."""
    if raw.kind != CODE or raw.line < 2:
        return 0
    line_start = offset(raw.line - 1)
    line = text[line_start : text.find("\n", line_start)]
    return 1 if re.match(r"^[\s>*+\-\d.)]*(```|~~~)", line) else 0


def _markdown_interleaved_spliced(
    article: AlignedArticle, marks: bool, rules=DEFAULT_RULES
) -> Iterator[str]:
    """Each row of the source as written, then its translation in a labelled quote."""
    text = article.document.text
    source_edits = _edits_of(article, "src", marks, rules=rules)
    target_edits = _edits_of(article, "tgt", marks, rules=rules)
    label = language_name(article.target)
    front = front_matter_match(text)
    position = front.end() if front else 0
    for kind, start, end in _line_ranges(article):
        between = text[position:start].strip("\n")
        if between.strip():
            yield from (between, "")
        source = source_edits.splice(start, end)
        yield from (source, "")
        target = target_edits.splice(start, end)
        if kind == "footnote":  # the translation goes inside the same footnote
            body = re.sub(r"^\[\^[^\]]+\]:[ \t]*", "", target)
            first, *rest = body.split("\n")
            yield from (f"    *{label}:* {first}", *rest, "")
        elif kind not in ("code", "rule") and (kind != "html" or target != source):
            lines = [f"*{label}:*", "", *target.split("\n")]
            yield from [("> " + line).rstrip() for line in lines] + [""]
        position = end
    tail = text[position:].strip("\n")
    if tail.strip():
        yield from (tail, "")


def _html_edit(
    text: str, block: AlignedBlock, html: str, rules=DEFAULT_RULES
) -> tuple[int, int, str] | None:
    """An HTML block in its Markdown form (`rawhtml.markdown_form`), in the same container,
    or None when that is the source itself."""
    safe = markdown_form(html, rules.schemes, rules.author_html_as_written)
    if safe == block.block.text:
        return None
    return placed(text, block.block.spans[0][0], block.block.spans[-1][1], safe)


def _code_edit(text: str, starts: list[int], block: AlignedBlock) -> tuple[int, int, str] | None:
    """A fenced code block that a renderer without fences would read as markup, as HTML."""
    safe = code_as_html(block.block.text, block.block.info)
    where = safe and fence_range(text, starts, block.block.line, block.block.text)
    return placed(text, *where, safe) if where else None


def _safe_source(text: str, rules=DEFAULT_RULES) -> str:
    """Source Markdown as diptych publishes it: raw HTML, refused links, lone signs inert."""
    return inert(text, rules)


def _relined(safe: str, spans: tuple, source: str) -> str:
    """Made-safe source lines put back between the source's own line prefixes."""
    lines = safe.split("\n")
    out = [lines[0]]
    for line, before, after in zip(lines[1:], spans[:-1], spans[1:], strict=True):
        out += [source[before[1] : after[0]], line]
    return "".join(out)


def _spliced_block(
    block: AlignedBlock, marks: bool, rewrite: bool = False, rules=DEFAULT_RULES
) -> str | None:
    """The Markdown that replaces a block's words, or None to keep the source as it is."""
    if not block.translatable:
        return None
    from translate.segment import normalize

    unchanged = _safe_source(block.block.text, rules) == block.block.text and all(
        (seg.state == UNTRANSLATED or seg.shown == normalize(seg.source))
        and not mark(seg.state, marks)
        for seg in block.segments
    )
    if unchanged and not rewrite:
        return None
    pieces = [
        markdown_text(shown_text(seg), True, seg.source, rules) + mark(seg.state, marks)
        for seg in block.segments
    ]
    text = " ".join(block.with_gaps(pieces).split("\n")).strip()
    text = escape_line_start(text)
    raw = block.block
    if raw.kind == TABLE_CELL:
        text = cell(text)
    elif raw.kind == FOOTNOTE:  # may follow `[^label]: `
        text = definition_text(text, rules.schemes)
    elif raw.kind == BOX_TITLE:  # between quotes on the box's first line
        text = text.replace('"', "&quot;")
    return text


def _markdown_interleaved(
    article: AlignedArticle, marks: bool = False, rules=DEFAULT_RULES
) -> Iterator[str]:
    """Each source block, then its translation quoted and labelled inside the same container."""
    widths: dict[int, int] = {}
    label = language_name(article.target)
    html = block_texts(article, mark=lambda state: mark(state, marks))
    for block in article.blocks:
        if inside_html(block):
            continue
        source, target = html.get(block.index, (None, None))
        source_lines = _md_block(block, "src", article.markdown, widths, False, rules, source)
        if not source_lines:
            continue
        yield from source_lines
        yield ""
        if block.kind == HTML and target != source:
            form = markdown_form(target, rules.schemes, rules.author_html_as_written)
            quote = ["> " + line if line else ">" for line in form.split("\n")]
            yield from (f"> *{label}:*", ">", *quote, "")
        if not block.translatable:
            continue
        raw = block.block
        text = sentences_md(block, "tgt", article.markdown, marks, rules)
        if raw.kind in (TITLE, HEADING):
            text = f"**{text}**"
        indent = ""
        if raw.kind == LIST_ITEM:
            indent = " " * sum(widths.get(level, 2) for level in range(1, raw.level + 1))
        quote = "> " * raw.quote_depth
        yield from (f"{quote}{indent}> *{label}:* {text}".rstrip(), "")


def _markdown_target(
    article: AlignedArticle, marks: bool = False, rules=DEFAULT_RULES
) -> Iterator[str]:
    widths: dict[int, int] = {}
    html = block_texts(article, mark=lambda state: mark(state, marks))
    for block in article.blocks:
        if inside_html(block):
            continue
        target = html.get(block.index, (None, None))[1]
        block_lines = _md_block(block, "tgt", article.markdown, widths, marks, rules, target)
        if block_lines:
            yield from block_lines
            yield ""
