"""read: article bytes -> a `Document` of blocks, each with its kind and source line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from translate import boxes
from translate.decode import (  # noqa: F401 (read's callers find them here)
    Reading,
    Source,
    decode,
    file_kind,
    read_source,
    text_digest,
)
from translate.errors import ArticleError
from translate.frontmatter import DEFAULT_KEYS, FrontMatter
from translate.frontmatter import FRONT_MATTER_TEXT as FRONT_MATTER_TEXT
from translate.frontmatter import find as find_front_matter
from translate.mdtokens import (  # noqa: F401 (read's callers find them here)
    _CLOSERS,
    _OPENERS,
    _inline_without_children,
    _item_number,
    line_starts,
    markdown_parser,
    token_batches,
)

TITLE = "title"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
QUOTE = "quote"
CODE = "code"
HTML = "html"
FRONT_MATTER = "front_matter"
RULE = "rule"
TABLE_CELL = "table cell"
FOOTNOTE = "footnote"
FRONT_MATTER_VALUE = "front matter"  # a translatable value of the front matter; info: its key
BOX_TITLE = "box title"  # the title of an admonition, a `:::` container

ATTRIBUTE = "attribute"  # an HTML attribute a reader sees (alt, title, meta description)

TRANSLATABLE = frozenset(
    {
        TITLE,
        HEADING,
        PARAGRAPH,
        LIST_ITEM,
        QUOTE,
        TABLE_CELL,
        FOOTNOTE,
        ATTRIBUTE,
        FRONT_MATTER_VALUE,
        BOX_TITLE,
    }
)

_HEADING_MAX_CHARS = 100
_FINAL_PUNCTUATION = tuple('.!?…:;,»"”)]')
_BULLET = re.compile(r"^(?:[-*•–]|\d{1,3}[.)])\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """One structural unit of an article.

    `text` is what gets segmented (inline Markdown kept) or, for code, HTML and front matter,
    the verbatim content. `line` is the 1-based source line of the first line of `text`;
    each further line of `text` is the next source line.
    """

    kind: str
    text: str
    line: int
    level: int = 0
    ordered: bool = False
    number: int | None = None
    quote_depth: int = 0
    info: str = ""
    frames: tuple[tuple, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    # its author marked it not to translate (`<!-- mdpo-disable -->`): segmented, so that
    # exports show it sentence by sentence, but never extracted into a catalog
    kept: bool = False

    @property
    def translatable(self) -> bool:
        return self.kind in TRANSLATABLE

    @property
    def label(self) -> str:
        """The kind a reviewer reads in the PO entry: a front-matter value names its key."""
        return f"{self.kind}: {self.info}" if self.kind == FRONT_MATTER_VALUE else self.kind


# Containers a Markdown block sits in, outermost first, as `frames`: each frame is a tuple
# whose first item is its kind and second a number unique in the document, so that blocks of
# one quote, list item, table or footnote can be told apart from those of the next one.
# ("blockquote", n) ("ul", n) ("ol", n, start) ("li", n[, number in an ordered list])
# ("table", n) ("thead", n) ("tbody", n) ("tr", n) ("footnotes", n) ("footnote", n, label, id).
# Boxes: ("admonition", n, kind, first line, last line) for `!!! kind "title"` (MkDocs) and
# `???` (collapsible), ("container", n, kind, first line, last line) for `::: kind title`, and
# ("blockquote", n, kind, first line, last line) for a GitHub alert `> [!NOTE]`; a box's title,
# when the source writes one, is a BOX_TITLE block in it.
# `spans` gives, for each line of a Markdown block's text, where that line stands in the
# source text (start, end offsets), so that a translation can be put back exactly in place of
# the source's words.


@dataclass(frozen=True)
class Reference:
    """A link reference definition `[label]: destination "title"`."""

    label: str
    href: str
    title: str = ""


@dataclass(frozen=True)
class Document:
    """An article as diptych sees it: title, blocks in order, and how it was decoded."""

    path: Path
    source_name: str
    slug: str
    format: str
    title: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    source_hash: str = ""
    text: str = ""
    references: tuple[Reference, ...] = ()
    front_matter: FrontMatter | None = None

    @property
    def reference_labels(self) -> frozenset[str]:
        """Normalised labels of the link reference definitions, for markup protection."""
        return frozenset(reference.label for reference in self.references)


def parse_source(source: Source, front_matter_keys: tuple[str, ...] = DEFAULT_KEYS) -> Document:
    """The blocks of a decoded article (`front_matter_keys`: its front matter's to translate)."""
    reading = SourceBlocks(source, front_matter_keys)
    blocks = tuple(reading)
    return replace(reading.document(), blocks=blocks, text=source.text)


class SourceBlocks:
    """An article's blocks drawn one at a time, then `document()`: its `Document` without
    text or blocks. A Markdown article is parsed a top-level block at a time
    (`MarkdownBlocks`), so a caller that keeps only what it draws from each block (the
    catalog's msgids) never holds the token tree or the blocks of a whole long article."""

    def __init__(self, source: Source, front_matter_keys: tuple[str, ...] = DEFAULT_KEYS):
        self.source, self.keys = source, front_matter_keys
        self.title, self.references, self.front = "", (), None
        self.warnings, self.translatable = source.warnings, False

    def __iter__(self) -> Iterator[Block]:
        source = self.source
        if source.path.suffix == ".md":
            self.front = find_front_matter(source.text, self.keys)
            markdown = MarkdownBlocks(source.text, self.front)
            blocks: Iterable[Block] = markdown
        elif source.path.suffix in (".html", ".htm"):
            self.title, blocks, repaired = parse_html(source.text, source.name)
            self.warnings += repaired
        else:
            self.title, blocks = parse_text(source.text)
        for block in blocks:
            self.translatable = self.translatable or block.translatable
            yield block
        if source.path.suffix == ".md":
            self.title, self.references = markdown.title, markdown.references

    def document(self) -> Document:
        """The article's document, once every block was drawn (blocks and text left out)."""
        source = self.source
        if not self.translatable:
            raise ArticleError(source.name, "article has no translatable text")
        path = source.path
        return Document(
            path=path,
            source_name=source.name,
            slug=path.stem,
            format=path.suffix[1:],
            title=self.title or path.stem,
            blocks=(),
            encoding=source.encoding,
            warnings=self.warnings,
            source_hash=source.digest,
            references=self.references,
            front_matter=self.front,
        )


def read_article(
    path: Path, source_name: str | None = None, reading: Reading | None = None
) -> Document:
    """Read a `.txt`, `.md` or `.html` article; raise `ArticleError` for anything unusable."""
    reading = reading or Reading()
    return parse_source(read_source(path, source_name, reading), reading.front_matter_keys)


def parse_html(text: str, name: str = "article") -> tuple[str, list[Block], tuple[str, ...]]:
    """The title, blocks and repair warnings of an HTML page: each block's text is the exact
    source slice its one span points at (`translate.htmlread` finds them)."""
    from bisect import bisect_right

    from translate import htmlread

    kinds = {
        htmlread.TITLE: TITLE,
        htmlread.HEADING: HEADING,
        htmlread.PARAGRAPH: PARAGRAPH,
        htmlread.ITEM: LIST_ITEM,
        htmlread.CELL: TABLE_CELL,
        htmlread.QUOTE: QUOTE,
        htmlread.ATTRIBUTE: ATTRIBUTE,
    }
    page = htmlread.read_page(text)
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    blocks = [
        Block(
            kinds[item.kind],
            text[item.start : item.end],
            bisect_right(starts, item.start),
            level=item.level,
            ordered=item.ordered,
            quote_depth=item.quote_depth,
            info=item.info,
            frames=item.frames,
            spans=((item.start, item.end),),
        )
        for item in page.found
    ]
    return page.title, blocks, htmlread.repair_warnings(page, name)


def parse_text(text: str) -> tuple[str, list[Block]]:
    """Plain text: first line is the title, blank lines separate blocks."""
    blocks: list[Block] = []
    lines = text.split("\n")
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            blocks.extend(_text_blocks(current, first=not blocks))
            current.clear()

    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line.strip()))
            if not blocks and len(current) == 1:
                blocks.append(Block(TITLE, line.strip(), number))
                current.clear()
        else:
            flush()
    flush()
    title = blocks[0].text if blocks else ""
    return title, blocks


def _text_blocks(lines: list[tuple[int, str]], first: bool) -> list[Block]:
    start = lines[0][0]
    if all(_BULLET.match(text) for _, text in lines):
        return [_list_item(number, text) for number, text in lines]
    joined = "\n".join(text for _, text in lines)
    if len(lines) == 1 and _is_heading(joined):
        return [Block(HEADING, joined, start, level=2)]
    return [Block(PARAGRAPH, joined, start)]


def _list_item(line: int, text: str) -> Block:
    marker = _BULLET.match(text)
    assert marker is not None
    token = marker.group(0).strip()
    ordered = token[0].isdigit()
    return Block(
        LIST_ITEM,
        text[marker.end() :],
        line,
        level=1,
        ordered=ordered,
        number=int(token[:-1]) if ordered else None,
    )


def _is_heading(line: str) -> bool:
    return len(line) <= _HEADING_MAX_CHARS and not line.endswith(_FINAL_PUNCTUATION)


def parse_markdown_document(
    text: str, front: FrontMatter | None = None
) -> tuple[str, list[Block], tuple[Reference, ...]]:
    """The title, blocks and link reference definitions of a Markdown article (`front`: its
    front matter as found with the project's keys; by default, found without any)."""
    reading = MarkdownBlocks(text, front)
    blocks = list(reading)
    return reading.title, blocks, reading.references


class MarkdownBlocks:
    """A Markdown article's blocks in order, read a top-level block at a time: the parser's
    tokens of one top-level block (a paragraph, a whole list, a whole quote) are turned into
    blocks and let go before the next is parsed. `title` and `references` are known once
    every block is drawn."""

    def __init__(self, text: str, front: FrontMatter | None = None) -> None:
        self.text = text
        self.front = find_front_matter(text, ()) if front is None else front
        self.title = ""
        self.references: tuple[Reference, ...] = ()

    def __iter__(self) -> Iterator[Block]:
        return _kept_by_author(self._blocks())

    def _blocks(self) -> Iterator[Block]:  # noqa: C901
        from bisect import bisect_right

        full = text = self.text
        front = self.front
        title = ""
        offset = 0
        starts = line_starts(full)
        if front:
            yield Block(FRONT_MATTER, front.body.rstrip("\n"), 2)
            for f in front.fields:
                yield Block(FRONT_MATTER_VALUE, f.value, bisect_right(starts, f.start), info=f.key)
            count = 1 + len(front.fields)
            title = front.value("title").strip()
            offset = text[: front.end].count("\n")
            text = text[front.end :]
        env: dict = {}
        quote_depth = 0
        lists: list[dict] = []
        frames: list[tuple] = []
        pending: dict | None = None
        cell = ""
        row_position = 0
        count = count if front else 0  # blocks yielded: an HTML block's index
        base = 0  # tokens of the blocks before: a frame's number is unique in the document
        for tokens in token_batches(markdown_parser(), text, env):
            blocks: list[Block] = []
            for index, token in enumerate(tokens, start=base):
                kind = token.type
                if kind in _OPENERS:
                    frame: tuple = (_OPENERS[kind], index)
                    if kind == "ordered_list_open":
                        frame += (int(token.attrGet("start") or 1),)
                    elif kind == "footnote_open":
                        label = token.meta.get("label")
                        frame += (str(label if label is not None else token.meta.get("id")),)
                        frame += (int(token.meta.get("id", 0)),)
                    elif kind == "list_item_open" and lists and lists[-1]["ordered"]:
                        frame += (_item_number(token, lists[-1]),)
                    frames.append(frame)
                elif kind in _CLOSERS and frames:
                    frames.pop()
                if kind in boxes.OPENERS:
                    frames.append(boxes.box_frame(token, index, offset))
                    line = (token.map[0] if token.map else 0) + 1 + offset
                    start, end = _source_line(full, starts, line)
                    found = boxes.box_title(full[start:end], start, token) if token.map else None
                    if found is not None:
                        shared = {"quote_depth": quote_depth, "frames": tuple(frames)}
                        blocks.append(Block(BOX_TITLE, found[0], line, spans=(found[1],), **shared))
                elif kind in boxes.CLOSERS and frames:
                    frames.pop()
                elif kind == "blockquote_open" and boxes.alert_at(tokens, index - base):
                    frames[-1] = boxes.box_frame(
                        token, index, offset, boxes.alert_at(tokens, index - base)
                    )
                if kind == "blockquote_open":
                    quote_depth += 1
                elif kind == "blockquote_close":
                    quote_depth -= 1
                elif kind in ("bullet_list_open", "ordered_list_open"):
                    start = (
                        int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None
                    )
                    lists.append({"ordered": kind == "ordered_list_open", "next": start})
                elif kind in ("bullet_list_close", "ordered_list_close"):
                    lists.pop()
                elif kind == "list_item_open":
                    current = lists[-1]
                    number = _item_number(token, current)
                    if number is not None:
                        current["next"] = number + 1
                    pending = {"ordered": current["ordered"], "number": number, "depth": len(lists)}
                elif kind == "tr_open":
                    row_position = 0
                elif kind in ("th_open", "td_open"):
                    style = token.attrGet("style") or ""
                    cell = (kind[:2] + " " + style.replace("text-align:", "")).strip()
                elif kind == "inline":
                    opener = tokens[index - base - 1]
                    if opener.type == "admonition_title_open":
                        continue  # the title as the source writes it is the box's (boxes.box_title)
                    mapped = token.map or opener.map
                    line = (mapped[0] if mapped else 0) + 1 + offset
                    content = token.content
                    if frames and len(frames[-1]) > 2 and frames[-1][0] == "blockquote":
                        marker = boxes.ALERT.match(content) if frames[-1][1] == index - 2 else None
                        if marker:  # `[!NOTE]` is the box's kind, never a segment
                            content, line = content[marker.end() :], line + 1
                            if not content.strip():
                                continue
                    shared = {"quote_depth": quote_depth, "frames": tuple(frames)}
                    if opener.type in ("th_open", "td_open"):
                        spans, row_position = _cell_span(full, starts, line, content, row_position)
                        blocks.append(
                            Block(TABLE_CELL, content, line, info=cell, spans=spans, **shared)
                        )
                        continue
                    shared["spans"] = _spans(full, starts, line, content)
                    if opener.type == "heading_open":
                        level = int(opener.tag[1])
                        blocks.append(Block(HEADING, content, line, level=level, **shared))
                        if not title and level == 1:
                            title = content
                    elif any(frame[0] == "footnote" for frame in frames):
                        label = next(f[2] for f in reversed(frames) if f[0] == "footnote")
                        blocks.append(Block(FOOTNOTE, content, line, info=label, **shared))
                    elif lists and _innermost_item_or_quote(frames) == "li":
                        item = pending or {"ordered": lists[-1]["ordered"], "number": None}
                        blocks.append(
                            Block(
                                LIST_ITEM,
                                content,
                                line,
                                level=len(lists),
                                ordered=item["ordered"],
                                number=item["number"],
                                **shared,
                            )
                        )
                        pending = None
                    else:
                        kind_name = QUOTE if quote_depth else PARAGRAPH
                        blocks.append(Block(kind_name, content, line, **shared))
                elif kind in ("fence", "code_block"):
                    line = (token.map[0] if token.map else 0) + 1 + offset + (kind == "fence")
                    blocks.append(
                        Block(
                            CODE,
                            token.content.rstrip("\n"),
                            line,
                            quote_depth=quote_depth,
                            info=token.info.strip(),
                            level=len(lists),
                            frames=tuple(frames),
                        )
                    )
                    pending = None
                elif kind == "html_block":
                    line = (token.map[0] if token.map else 0) + 1 + offset
                    content = token.content.rstrip("\n")
                    html = Block(
                        HTML,
                        content,
                        line,
                        quote_depth=quote_depth,
                        frames=tuple(frames),
                        spans=_spans(full, starts, line, content),
                    )
                    blocks.append(html)
                    blocks += _html_prose(html, full, starts, count + len(blocks) - 1)
                    pending = None
                elif kind == "hr":
                    line = (token.map[0] if token.map else 0) + 1 + offset
                    blocks.append(
                        Block(RULE, "", line, quote_depth=quote_depth, frames=tuple(frames))
                    )
                    pending = None
            base += len(tokens)
            count += len(blocks)
            del tokens
            yield from blocks
        self.title = title
        self.references = tuple(
            Reference(label, str(value.get("href", "")), str(value.get("title") or ""))
            for label, value in (env.get("references") or {}).items()
        )


# mdpo's comments that mark text not to translate, and the same with a `diptych-` prefix.
_SWITCH = re.compile(
    r"\A<!--\s*(?:mdpo|diptych)-(disable|enable)(-next-line)?\s*-->\Z", re.IGNORECASE
)


def _kept_by_author(blocks: Iterable[Block]) -> Iterator[Block]:
    """Blocks between `<!-- mdpo-disable -->` and `<!-- mdpo-enable -->`, or on the line after
    `<!-- mdpo-disable-next-line -->`, are kept as the source has them, never extracted
    (`-enable-next-line` makes an exception inside a disabled stretch)."""
    disabled = False
    next_line: bool | None = None  # the switch for the next line, once it is found
    line: int | None = None  # that line
    for block in blocks:
        switch = _SWITCH.match(block.text.strip()) if block.kind == HTML else None
        if switch:
            if switch.group(2):
                next_line, line = switch.group(1) == "disable", None
            else:
                disabled = switch.group(1) == "disable"
            yield block
            continue
        if next_line is not None and block.kind in TRANSLATABLE and line is None:
            line = block.line
        off = next_line if line is not None and block.line == line else disabled
        if line is not None and block.line != line:
            next_line, line = None, None
            off = disabled
        yield replace(block, kept=True) if off and block.kind in TRANSLATABLE else block


# An HTML block's prose (`htmlread` finds it) is a block of its own, of the kind the
# element makes it, whose frames end with ("raw html", index of the HTML block): exports
# put its translation back inside the HTML block (translate/export/rawhtml.py).
RAW_HTML_FRAME = "raw html"


def _html_prose(html: Block, full: str, starts: list[int], index: int) -> list[Block]:
    """The translatable texts inside an HTML block, each with its exact span in the source.

    Only a block that is one run of the source (not inside a quote or list item, whose
    line prefixes cut it) is read; the others stay as they are, untranslated."""
    from bisect import bisect_right

    from translate import htmlread

    if not html.spans or full[html.spans[0][0] : html.spans[-1][1]] != html.text:
        return []
    kinds = {htmlread.HEADING: HEADING, htmlread.ITEM: LIST_ITEM, htmlread.CELL: TABLE_CELL}
    kinds |= {htmlread.ATTRIBUTE: ATTRIBUTE}
    base = html.spans[0][0]
    frames = html.frames + ((RAW_HTML_FRAME, index),)
    blocks = []
    for item in htmlread.read_page(html.text).found:
        start, end = base + item.start, base + item.end
        blocks.append(
            Block(
                kinds.get(item.kind, PARAGRAPH),
                full[start:end],
                bisect_right(starts, start),
                level=item.level if item.kind in (htmlread.HEADING, htmlread.ITEM) else 0,
                ordered=item.ordered,
                quote_depth=html.quote_depth,
                info=item.info,
                frames=frames,
                spans=((start, end),),
            )
        )
    return blocks


def _source_line(full: str, starts: list[int], line: int) -> tuple[int, int]:
    if line - 1 >= len(starts):
        return len(full), len(full)
    start = starts[line - 1]
    end = full.find("\n", start)
    return start, len(full) if end < 0 else end


def _spans(full: str, starts: list[int], line: int, content: str) -> tuple[tuple[int, int], ...]:
    """Where each line of `content` stands in the source; () when it cannot be found."""
    spans = []
    for number, part in enumerate(content.split("\n")):
        start, end = _source_line(full, starts, line + number)
        found = full.find(part, start, end) if part else end  # an empty line: its end
        if found < 0:
            return ()
        spans.append((found, found + len(part)))
    return tuple(spans)


def _cell_span(
    full: str, starts: list[int], line: int, content: str, position: int
) -> tuple[tuple[tuple[int, int], ...], int]:
    """A table cell's place in its row, searched after the previous cell of the row."""
    start, end = _source_line(full, starts, line)
    start = max(start, position)
    found = full.find(content, start, end) if content else -1
    if found < 0:
        return (), position
    return ((found, found + len(content)),), found + len(content)


def _innermost_item_or_quote(frames: list[tuple]) -> str | None:
    """ "li" or "blockquote": the innermost of those containers open around a token (the
    frames stack already knows, so no rescan of the tokens before it)."""
    return next((f[0] for f in reversed(frames) if f[0] in ("li", "blockquote")), None)
