"""read: article bytes -> a `Document` of blocks, each with its kind and source line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from translate.errors import ArticleError

TITLE = "title"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
QUOTE = "quote"
CODE = "code"
HTML = "html"
FRONT_MATTER = "front_matter"
RULE = "rule"

TRANSLATABLE = frozenset({TITLE, HEADING, PARAGRAPH, LIST_ITEM, QUOTE})

_UTF8_BOM = b"\xef\xbb\xbf"
_HEADING_MAX_CHARS = 100
_FINAL_PUNCTUATION = tuple('.!?…:;,»"”)]')
_BULLET = re.compile(r"^(?:[-*•–]|\d{1,3}[.)])\s+")


@dataclass(frozen=True)
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

    @property
    def translatable(self) -> bool:
        return self.kind in TRANSLATABLE


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
    references: tuple[str, ...] = ()  # Markdown link reference labels defined in the article


@dataclass(frozen=True)
class Source:
    """An article's text, decoded, before any parsing: enough to tell whether it changed."""

    path: Path
    name: str
    text: str
    encoding: str
    warnings: tuple[str, ...]

    @property
    def digest(self) -> str:
        return text_digest(self.text)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_source(path: Path, source_name: str | None = None) -> Source:
    """Read and decode an article; raise `ArticleError` for anything unusable."""
    name = source_name or path.as_posix()
    if not path.exists():
        raise ArticleError(name, "no such file")
    if path.is_dir():
        raise ArticleError(name, "is a directory, not an article")
    if path.suffix not in (".txt", ".md"):
        raise ArticleError(name, "unsupported article type (expected .txt or .md)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(name, exc.strerror or str(exc)) from None
    text, encoding, warnings = decode(data, name)
    if not text.strip():
        raise ArticleError(name, "article is empty")
    return Source(path, name, text, encoding, tuple(warnings))


def parse_source(source: Source) -> Document:
    """The blocks of a decoded article."""
    path = source.path
    parse = parse_markdown if path.suffix == ".md" else parse_text
    title, blocks = parse(source.text)
    if not any(block.translatable for block in blocks):
        raise ArticleError(source.name, "article has no translatable text")
    return Document(
        path=path,
        source_name=source.name,
        slug=path.stem,
        format=path.suffix[1:],
        title=title or path.stem,
        blocks=tuple(blocks),
        encoding=source.encoding,
        warnings=source.warnings,
        source_hash=source.digest,
        references=link_references(source.text) if path.suffix == ".md" else (),
    )


def link_references(text: str) -> tuple[str, ...]:
    """The link reference labels a Markdown article defines (`[label]: url`), so that inline
    markup protection keeps `[label]` whole instead of handing it to the model."""
    if "]:" not in text:
        return ()
    from markdown_it import MarkdownIt

    env: dict = {}
    MarkdownIt("commonmark").parse(text, env)
    return tuple(sorted(env.get("references", {})))


def read_article(path: Path, source_name: str | None = None) -> Document:
    """Read a `.txt` or `.md` article; raise `ArticleError` for anything unusable."""
    return parse_source(read_source(path, source_name))


def decode(data: bytes, name: str = "article") -> tuple[str, str, list[str]]:
    """Bytes -> (text with LF newlines, encoding, warnings). UTF-8 first, then detection."""
    warnings: list[str] = []
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    if _looks_binary(data):
        raise ArticleError(name, "looks like a binary file, not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _detect(data, name)
        warnings.append(f"{name}: not UTF-8; decoded as {encoding}")
    if _control_ratio(text) > 0.01:
        raise ArticleError(name, "contains control characters; not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, warnings


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with BOM: left to detection
    return b"\x00" in data[:8192]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(name, "cannot detect the text encoding; save the article as UTF-8")
    encoding = best.encoding
    # Western single-byte guesses are equivalent for French letters, but only Windows-1252
    # has the typographic apostrophe, dashes and oe ligature that French articles use.
    if encoding in {"latin_1", "iso8859_15", "cp1252", "cp1250", "mac_roman", "cp850"}:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), encoding


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


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def parse_markdown(text: str) -> tuple[str, list[Block]]:
    """CommonMark: headings, paragraphs, list items, quotes; code, HTML, front matter verbatim."""
    from markdown_it import MarkdownIt

    blocks: list[Block] = []
    title = ""
    offset = 0
    front = _FRONT_MATTER.match(text)
    if front:
        body = front.group(1) or ""
        blocks.append(Block(FRONT_MATTER, body.rstrip("\n"), 2))
        title = _front_matter_title(body)
        offset = front.group(0).count("\n")
        text = text[front.end() :]
    tokens = MarkdownIt("commonmark").parse(text)
    quote_depth = 0
    lists: list[dict] = []
    pending: dict | None = None
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None
            lists.append({"ordered": kind == "ordered_list_open", "next": start})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            current = lists[-1]
            number = int(token.info) if current["ordered"] and token.info.isdigit() else None
            if current["ordered"] and number is None:
                number = current["next"]
            if current["ordered"]:
                current["next"] = (number or 0) + 1
            pending = {"ordered": current["ordered"], "number": number, "depth": len(lists)}
        elif kind == "inline":
            opener = tokens[index - 1]
            line = (opener.map[0] if opener.map else 0) + 1 + offset
            content = token.content
            if opener.type == "heading_open":
                level = int(opener.tag[1])
                blocks.append(Block(HEADING, content, line, level=level, quote_depth=quote_depth))
                if not title and level == 1:
                    title = content
            elif lists and _inside_list_item(tokens, index):
                item = pending or {"ordered": lists[-1]["ordered"], "number": None}
                blocks.append(
                    Block(
                        LIST_ITEM,
                        content,
                        line,
                        level=len(lists),
                        ordered=item["ordered"],
                        number=item["number"],
                        quote_depth=quote_depth,
                    )
                )
                pending = None
            else:
                kind_name = QUOTE if quote_depth else PARAGRAPH
                blocks.append(Block(kind_name, content, line, quote_depth=quote_depth))
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
                )
            )
        elif kind == "html_block":
            line = (token.map[0] if token.map else 0) + 1 + offset
            blocks.append(Block(HTML, token.content.rstrip("\n"), line, quote_depth=quote_depth))
        elif kind == "hr":
            line = (token.map[0] if token.map else 0) + 1 + offset
            blocks.append(Block(RULE, "", line, quote_depth=quote_depth))
    return title, blocks


def _inside_list_item(tokens: list, index: int) -> bool:
    """True if the innermost open container of tokens[index] is a list item."""
    depth = 0
    for token in reversed(tokens[:index]):
        if token.nesting == 1 and token.type in ("list_item_open", "blockquote_open"):
            if depth == 0:
                return token.type == "list_item_open"
            depth -= 1
        elif token.nesting == -1 and token.type in ("list_item_close", "blockquote_close"):
            depth += 1
    return False


def _front_matter_title(body: str) -> str:
    match = re.search(r"^title:\s*(.+?)\s*$", body, re.MULTILINE)
    if not match:
        return ""
    return match.group(1).strip("'\"")
