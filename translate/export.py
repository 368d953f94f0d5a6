"""export: aligned articles -> self-contained bilingual HTML pages and Markdown documents.

Renderers return strings; `export_project` is the one place that writes files. Article text
is data, never markup: HTML goes through Jinja2 autoescaping (inline Markdown is rendered by
markdown-it with raw HTML disabled), and Markdown output escapes raw HTML, neutralises
script links and template syntax.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from translate import __version__
from translate.align import AlignedArticle, AlignedBlock, align_article
from translate.articles import read_document, resolve_articles
from translate.catalog import load_catalog
from translate.errors import ConfigError, DiptychError, ExportError
from translate.files import write_atomic
from translate.pages import DEFAULT_LAYOUT, FORMATS, LAYOUTS, template
from translate.read import (
    CODE,
    FOOTNOTE,
    FRONT_MATTER,
    FRONT_MATTER_TEXT,
    HEADING,
    HTML,
    LIST_ITEM,
    RULE,
    TABLE_CELL,
    TITLE,
)
from translate.states import EDITED, MACHINE, REUSED, REVIEWED, UNTRANSLATED
from translate.workers import cores, process_map

LANGUAGE_NAMES = {
    "fr": "Français",
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "nl": "Nederlands",
}

STATE_LABELS = {
    REVIEWED: "reviewed",
    MACHINE: "machine translation, not reviewed",
    REUSED: "reused from another article, not reviewed",
    EDITED: "edited, not yet approved",
    UNTRANSLATED: "not translated (source shown)",
}

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Refused:
    """An article held back by the publication policy, with a one-line reason."""

    slug: str
    target: str
    reason: str


@dataclass(frozen=True)
class ExportResult:
    """What an export did: files written (or already identical), warnings, refusals, pages
    of refused articles taken out of the output folder, and articles that failed."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    refused: tuple[Refused, ...] = ()
    removed: tuple[Path, ...] = ()
    failures: tuple[DiptychError, ...] = ()

    @property
    def ok(self) -> bool:
        """False when the policy refused an article: the CLI exits 1."""
        return not self.refused


# ---------------------------------------------------------------------------- names and paths


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def check_slug(slug: str) -> str:
    """A slug becomes a file name: refuse separators, `..`, absolute paths and odd characters."""
    if not slug or not _SLUG.match(slug) or ".." in slug:
        raise ExportError(f"{slug!r}: not a safe article name for an output file")
    return slug


def output_name(slug: str, target: str, fmt: str, layout: str = DEFAULT_LAYOUT) -> str:
    """`<slug>.<target>.<ext>`, with `.<layout>` before the extension unless side-by-side."""
    check_slug(slug)
    check_slug(target)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    _check_layout(layout)
    middle = "" if layout == DEFAULT_LAYOUT else f".{layout}"
    return f"{slug}.{target}{middle}.{fmt}"


def output_path(out_dir: Path, name: str) -> Path:
    """`out_dir / name`, refused unless it resolves to a file directly inside `out_dir`."""
    if not name or Path(name).is_absolute() or "/" in name or "\\" in name or ".." in name:
        raise ExportError(f"{name!r}: output file name would leave the output folder")
    root = out_dir.resolve()
    path = (out_dir / name).resolve()
    if path.parent != root:
        raise ExportError(f"{name!r}: output file name would leave the output folder")
    return out_dir / name


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ExportError(f"unknown layout {layout!r} (expected one of {', '.join(LAYOUTS)})")


# ---------------------------------------------------------------------------- inline text


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False, "linkify": False})
    md.use(footnote_plugin, inline=False).disable("footnote_tail")

    def image(self, tokens, idx, options, env):
        # No external assets at view time: an image becomes a link to it, labelled by its alt.
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        src = htmlmod.escape(token.attrGet("src") or "", quote=True)
        label = htmlmod.escape(alt or "image", quote=False)
        return f'<a class="image" href="{src}">[{label}]</a>'

    def footnote_ref(self, tokens, idx, options, env):
        # Each column has its own footnotes: the reference points to the one of its language.
        meta = tokens[idx].meta
        label = htmlmod.escape(str(meta.get("label") or meta["id"] + 1), quote=False)
        target = f"fn{meta['id'] + 1}-{env.get('lang', '')}"
        return f'<sup class="fnref"><a href="#{htmlmod.escape(target)}">{label}</a></sup>'

    md.add_render_rule("image", image)
    md.add_render_rule("footnote_ref", footnote_ref)
    return md


def _inline_env(document, lang: str) -> dict:
    """What a sentence needs from its document to render: link reference definitions and
    footnote labels (references and footnotes resolve across sentences)."""
    references = {ref.label: {"href": ref.href, "title": ref.title} for ref in document.references}
    refs = {}
    for block in document.blocks:
        for frame in block.frames:
            if frame[0] == "footnote":
                refs[":" + frame[2]] = frame[3]
    footnotes = {"refs": refs, "list": {fid: {"label": label[1:]} for label, fid in refs.items()}}
    return {"references": references, "footnotes": footnotes, "lang": lang}


def inline_html(text: str, markdown: bool, env: dict | None = None):
    """Inline HTML for one sentence: Markdown rendered without raw HTML, or escaped text."""
    from markupsafe import Markup, escape

    if not markdown:
        return escape(text)
    env = dict(env or {})
    if "footnotes" in env and "[^" in text:
        # the parser counts references in the list: a fresh copy per sentence that has one
        footnotes = env["footnotes"]
        counts = {key: {**value, "count": 0} for key, value in footnotes["list"].items()}
        env["footnotes"] = {"refs": footnotes["refs"], "list": counts}
    return Markup(_markdown().renderInline(text, env).rstrip("\n"))


def plain_text(text: str, markdown: bool) -> str:
    """A sentence without markup, for <title> and the index."""
    if not markdown:
        return text
    rendered = _markdown().renderInline(text)
    return htmlmod.unescape(re.sub(r"<[^>]*>", "", rendered)).strip()


# ---------------------------------------------------------------------------- HTML


def _block_view(block: AlignedBlock, article: AlignedArticle, envs: tuple = ({}, {})) -> dict:
    raw = block.block
    level = 1 if raw.kind == TITLE else min(max(raw.level, 1), 6)
    segments = [
        {
            "id": seg.id,
            "state": seg.state,
            "confidence": seg.confidence,
            "src": inline_html(seg.source, article.markdown, envs[0]),
            "tgt": inline_html(seg.shown, article.markdown, envs[1]),
        }
        for seg in block.segments
    ]
    cell = raw.info.split() if raw.kind == TABLE_CELL else []
    return {
        "index": block.index,
        "kind": raw.kind,
        "translatable": block.translatable,
        "segments": segments,
        "gaps": list(block.gaps),
        "text": raw.text,
        "level": level,
        "list_level": min(max(raw.level, 1), 6),
        "ordered": raw.ordered,
        "number": raw.number,
        "quote_depth": raw.quote_depth,
        "info": raw.info.split()[0] if raw.info.split() and raw.kind == CODE else "",
        "cell": cell[0] if cell else "td",
        "align": cell[1] if len(cell) > 1 else "",
    }


# Where a row of the page ends: a row holds a top-level list item, quote, table or footnote
# whole (all its paragraphs, nested lists and code), or one other block.
_ROW_FRAMES = ("li", "blockquote", "table", "footnote")


def _row_key(block: AlignedBlock) -> tuple:
    frames = block.block.frames
    for position, frame in enumerate(frames):
        if frame[0] in _ROW_FRAMES:
            return frames[: position + 1]
    return ("block", block.index)


def _row_groups(article: AlignedArticle, skip_title: bool) -> list[list[AlignedBlock]]:
    """Consecutive blocks of one list item, quote, table or footnote, as one row each
    (front matter never shows; the HTML page shows the title in its header)."""
    groups: list[list[AlignedBlock]] = []
    last_key = None
    for block in article.blocks:
        if block.kind == FRONT_MATTER or (skip_title and block.index == article.title_block):
            continue
        key = _row_key(block)
        if groups and key == last_key and key[0] != "block":
            groups[-1].append(block)
        else:
            groups.append([block])
        last_key = key
    return groups


def _open_tag(frame: tuple, following: tuple | None, depth: int) -> dict:
    """A container's opening tag as the template writes it (names and values are ours)."""
    kind = frame[0]
    if kind in ("ul", "ol"):
        attrs = {"class": f"lvl-{min(depth, 6)}"}
        if kind == "ol":
            start = following[2] if following and len(following) > 2 else frame[2]
            if start != 1:
                attrs["start"] = str(start)
        return {"tag": kind, "attrs": attrs, "footnote": None}
    if kind == "footnotes":
        return {"tag": "div", "attrs": {"class": "footnotes"}, "footnote": None}
    if kind == "footnote":
        return {"tag": "div", "attrs": {"class": "footnote"}, "footnote": frame}
    return {"tag": kind, "attrs": {}, "footnote": None}


def _row_parts(blocks: list[AlignedBlock], views: list[dict]) -> list[dict]:
    """Open and close tags around the blocks of a row, from the containers they sit in."""
    parts: list[dict] = []
    stack: list[tuple] = []
    sharing = Counter(block.block.frames for block in blocks)  # blocks of each container
    for block, view in zip(blocks, views, strict=True):
        frames = block.block.frames
        shared = 0
        while shared < min(len(stack), len(frames)) and stack[shared] == frames[shared]:
            shared += 1
        while len(stack) > shared:
            frame = stack.pop()
            parts.append(_part(close=_close_name(frame)))
        for position in range(shared, len(frames)):
            following = frames[position + 1] if position + 1 < len(frames) else None
            depth = sum(1 for f in frames[: position + 1] if f[0] in ("ul", "ol"))
            parts.append(_part(open=_open_tag(frames[position], following, depth)))
            stack.append(frames[position])
        bare = block.kind == LIST_ITEM and sharing[frames] == 1
        parts.append(_part(block=view, bare=bare))
    while stack:
        parts.append(_part(close=_close_name(stack.pop())))
    return parts


def _part(open: dict | None = None, close: str = "", block=None, bare: bool = False) -> dict:
    return {"open": open, "close": close, "block": block, "bare": bare}


def _close_name(frame: tuple) -> str:
    return "div" if frame[0] in ("footnotes", "footnote") else frame[0]


def _rows(article: AlignedArticle, envs: tuple) -> list[dict]:
    """The page's rows: blocks grouped so that one quote, list item, table or footnote is
    one row in every layout, with its source and translation side by side."""
    rows = []
    for group in _row_groups(article, skip_title=True):
        views = [_block_view(block, article, envs) for block in group]
        first = group[0]
        kind = first.block.frames and _row_key(first)[-1][0]
        rows.append(
            {
                "index": first.index,
                "kind": {"li": "list_item", "blockquote": "quote", "table": "table"}.get(
                    kind or "", "footnote" if kind == "footnote" else first.kind
                ),
                "translatable": any(block.translatable for block in group),
                "parts": _row_parts(group, views),
            }
        )
    return rows


def progress_label(article: AlignedArticle) -> str:
    """`40% (4 of 10; 3 machine, 2 edited, 1 untranslated)`: the header's review line."""
    progress = article.progress
    details = [
        f"{progress.counts[state]} {state}"
        for state in (MACHINE, REUSED, EDITED, UNTRANSLATED)
        if progress.counts.get(state)
    ]
    label = f"{progress.percent_label} ({progress.reviewed} of {progress.total}"
    return label + (f"; {', '.join(details)})" if details else ")")


def render_html(
    article: AlignedArticle,
    layout: str = DEFAULT_LAYOUT,
    marks: bool = True,
    low_confidence: int = 50,
) -> str:
    """One self-contained page: inline CSS and script, no external asset, byte-stable. With
    marks, machine sentences below `low_confidence` are marked as well."""
    _check_layout(layout)
    markdown = article.markdown
    envs = (
        _inline_env(article.document, article.source),
        _inline_env(article.document, article.target),
    )
    rows = _rows(article, envs)
    title_row = None
    if article.title_block is not None:
        title_row = _block_view(article.blocks[article.title_block], article, envs)
    title_source = plain_text(article.document.title, markdown)
    title_target = (
        plain_text(article.translated_title, markdown) if article.translated_title else ""
    )
    page_title = title_target if layout == "target" and title_target else title_source
    if layout != "target" and title_target:
        page_title = f"{title_source} / {title_target}"
    view = {
        "layout": layout,
        "layout_class": {"side-by-side": "sbs", "interleaved": "interleaved"}.get(layout, "single"),
        "marks": marks,
        "low_confidence": low_confidence,
        "source": article.source,
        "target": article.target,
        "source_language": language_name(article.source),
        "target_language": language_name(article.target),
        "page_lang": article.target,
        "page_title": page_title,
        "title_row": title_row,
        "title_source": title_source,
        "title_target": title_target,
        "source_name": article.document.source_name,
        "model": article.model or "none",
        "date": article.revision_date or "unknown",
        "progress_label": progress_label(article),
        "unreviewed": article.progress.reviewed < article.progress.total,
        "low_marked": any(
            seg.confidence is not None and seg.confidence < low_confidence
            for block in article.blocks
            for seg in block.segments
        ),
        "state_labels": STATE_LABELS,
        "rows": rows,
        "version": __version__,
    }
    return template("article.html.j2").render(view=view)


@dataclass(frozen=True)
class IndexEntry:
    """One article of the index page and the files exported for it (names in out_dir): only
    what the index shows, so that export holds one article at a time, not the project."""

    slug: str
    source: str
    target: str
    source_name: str
    title: str
    title_target: str
    percent: int
    progress_label: str
    files: tuple[str, ...]

    @classmethod
    def of(cls, article: AlignedArticle, files: tuple[str, ...]) -> IndexEntry:
        title_target = article.translated_title
        return cls(
            slug=article.slug,
            source=article.source,
            target=article.target,
            source_name=article.document.source_name,
            title=plain_text(article.document.title, article.markdown),
            title_target=plain_text(title_target, article.markdown) if title_target else "",
            percent=article.progress.percent,
            progress_label=progress_label(article),
            files=files,
        )


def render_index(entries: list[IndexEntry], heading: str = "Bilingual articles") -> str:
    """`index.html`: every exported article with its review progress and relative links."""
    from urllib.parse import quote

    items = []
    for entry in entries:
        links = [{"href": quote(name), "label": _link_label(name, entry)} for name in entry.files]
        items.append(
            {
                "title": entry.title,
                "title_target": entry.title_target,
                "source": entry.source,
                "target": entry.target,
                "source_name": entry.source_name,
                "percent": entry.percent,
                "progress_label": entry.progress_label,
                "links": links,
            }
        )
    index_template = template("index.html.j2")
    return index_template.render(items=items, heading=heading, version=__version__)


def _link_label(name: str, entry: IndexEntry) -> str:
    rest = name[len(f"{entry.slug}.{entry.target}.") :]
    parts = rest.split(".")
    fmt = "HTML" if parts[-1] == "html" else "Markdown"
    layout = parts[0] if len(parts) > 1 else DEFAULT_LAYOUT
    return f"{fmt}, {layout}"


# ---------------------------------------------------------------------------- Markdown

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*>"
    r"|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
)
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


def _outside_code(text: str, transform) -> str:
    """Apply `transform` to the parts of `text` outside inline code spans."""
    parts, position = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts += [transform(text[position : match.start()]), match.group(0)]
        position = match.end()
    parts.append(transform(text[position:]))
    return "".join(parts)


def _unsafe_url(url: str) -> bool:
    cleaned = _CONTROL_OR_SPACE.sub("", htmlmod.unescape(url)).lower().lstrip("<")
    return cleaned.startswith(_BAD_SCHEMES)


def _neutralise_links(text: str) -> str:
    """Replace the destination of `[..](javascript:...)` (and vbscript, data, file) by `#`."""
    out, position = [], 0
    for match in re.finditer(r"\]\(", text):
        if match.start() < position:
            continue
        start = match.end()
        end = _destination_end(text, start)
        destination = text[start:end]
        if _unsafe_url(destination):
            out += [text[position:start], "#"]
            position = end
    out.append(text[position:])
    text = "".join(out)
    # Reference definitions: `[label]: javascript:...`
    return re.sub(
        r"^(\s*\[[^\]]+\]:\s*)(\S+)",
        lambda m: m.group(1) + ("#" if _unsafe_url(m.group(2)) else m.group(2)),
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
    for match in _AUTOLINK.finditer(text):
        out += [_escape_angles(text[position : match.start()])]
        out.append(match.group(0))
        position = match.end()
    out.append(_escape_angles(text[position:]))
    return "".join(out)


def _escape_templates(text: str) -> str:
    """`{{` and `{%` (Liquid, Jinja) become `{\\{` and `{\\%`: same rendering, no template."""
    return text.replace("{{", "{\\{").replace("{%", "{\\%")


def markdown_text(text: str, markdown: bool) -> str:
    """Sentence text safe to place in a Markdown document, on one line.

    Markdown articles keep their inline markup; raw HTML, script links and template syntax
    are neutralised. Plain-text articles are escaped so that they render literally.
    """
    text = re.sub(r"\\?[ \t]*\n[ \t]*", " ", text).lstrip(" \t")
    if not markdown:
        text = _escape_templates(_TXT_SPECIAL.sub(r"\\\1", text))
        return _escape_line_start(text, every_line=True)
    return _escape_line_start(_inert(text))


# A backslash before a space: what is left of a backslash hard break once the msgid folded
# its line break (`foo\\` + newline + `bar` -> `foo\\ bar`); it would show as a backslash.
_BREAK_RESIDUE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?= )")


def _translation(segment) -> str:
    """The text a segment shows, without the residue of a hard break its source had."""
    if "\\\n" not in segment.source:
        return segment.shown
    return _outside_code(segment.shown, lambda part: _BREAK_RESIDUE.sub(r"\1", part))


def _inert(text: str) -> str:
    """Inline Markdown with raw HTML, script links and template syntax made inert.

    Code spans are left alone, as a reader finds them; if a renderer would still see a tag
    (code spans told apart differently), every `<` is escaped, code spans included: a stray
    backslash in a rare code span is better than live markup.
    """
    safe = _outside_code(text, lambda part: _escape_templates(_escape_raw_html(part)))
    if _has_raw_html(safe):
        safe = _escape_templates(_OPENING_ANGLE.sub(lambda m: m.group(1) + "\\<", text))
    return _neutralise_links(safe)


@lru_cache(maxsize=1)
def _html_reader():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


def _has_raw_html(text: str) -> bool:
    if "<" not in text:
        return False
    tokens = _html_reader().parseInline(text)
    return any(child.type == "html_inline" for t in tokens for child in t.children or [])


def _escape_line_start(text: str, every_line: bool = False) -> str:
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


def _cell(text: str) -> str:
    """One table cell: pipes escaped (GFM escapes them even inside code spans)."""
    return text.replace("|", "\\|").strip()


def _sentences_md(block: AlignedBlock, side: str, markdown: bool, marks: bool = False) -> str:
    if side == "src":
        return " ".join(markdown_text(seg.source, markdown) for seg in block.segments)
    return " ".join(
        markdown_text(_translation(seg), markdown) + _mark(seg.state, marks)
        for seg in block.segments
    )


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _code_block(block: AlignedBlock) -> list[str]:
    raw = block.block
    fence = _fence(raw.text)
    info = raw.info.split()[0] if raw.kind == CODE and raw.info.split() else ""
    if raw.kind == HTML:
        info = "html"
    return [f"{fence}{info}", *raw.text.split("\n"), fence]


def _continuation(block) -> bool:
    """A later paragraph of an ordered list item: the reader gives it no number."""
    return block.kind == LIST_ITEM and block.ordered and block.number is None


def _md_block(
    block: AlignedBlock, side: str, markdown: bool, number_width: dict, marks: bool = False
) -> list[str]:
    """Lines of one block in Markdown, with its structure (heading, list, quote, code)."""
    raw = block.block
    if raw.kind in (CODE, HTML):
        lines = _code_block(block)
    elif raw.kind == RULE:
        lines = ["* * *"]
    elif raw.kind == FRONT_MATTER:
        return []
    else:
        text = _sentences_md(block, side, markdown, marks)
        if raw.kind in (TITLE, HEADING):
            level = 1 if raw.kind == TITLE else min(max(raw.level, 1), 6)
            lines = [f"{'#' * level} {text}"]
        elif raw.kind == LIST_ITEM and not _continuation(raw):
            marker = f"{raw.number}." if raw.ordered else "-"
            lines = [f"{marker} {text}"]
        else:
            lines = [text]
    if raw.kind == LIST_ITEM and not _continuation(raw):
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


def _front_matter(article: AlignedArticle) -> str:
    for block in article.blocks:
        if block.kind == FRONT_MATTER:
            return f"---\n{block.block.text}\n---\n\n" if block.block.text else "---\n---\n\n"
    return ""


def _md_header(article: AlignedArticle) -> list[str]:
    """Provenance as an HTML comment; its values come from files, so they cannot close it."""
    text = (
        f"diptych {__version__}: {article.document.source_name}, "
        f"{article.source} → {article.target}; model: {article.model or 'none'}; "
        f"reviewed {progress_label(article)}; revised {article.revision_date or 'unknown'}"
    )
    text = re.sub(r"-{2,}", "-", text.replace(">", "").replace("<", "").replace("\n", " "))
    return [f"<!-- {text} -->", ""]


MARK_SIGNS = {MACHINE: "†", REUSED: "§", EDITED: "‡", UNTRANSLATED: "°"}


def _md_legend(article: AlignedArticle, marks: bool) -> list[str]:
    """The marks' legend, as HTML shows it, when the document carries marks."""
    if not marks or article.progress.reviewed >= article.progress.total:
        return []
    labels = "; ".join(f"{MARK_SIGNS[state]} {STATE_LABELS[state]}" for state in MARK_SIGNS)
    return [f"*Marks:* {labels}.", ""]


def _mark(state: str, marks: bool) -> str:
    return MARK_SIGNS.get(state, "") if marks else ""


def render_markdown(
    article: AlignedArticle, layout: str = DEFAULT_LAYOUT, marks: bool = True
) -> str:
    """A Markdown document: a GFM table, interleaved blocks, or the translation alone.

    Unreviewed and untranslated sentences are followed by a mark (`†`, `§`, `‡`, `°`: plain
    characters, so they show in every renderer) explained by a legend; `marks=False` drops
    both.
    """
    _check_layout(layout)
    if layout == "target" and article.markdown and _spliceable(article):
        return _markdown_spliced(article, marks)
    if layout == "interleaved" and article.markdown and _spliceable(article):
        lines = _md_header(article) + _md_legend(article, marks)
        lines += _markdown_interleaved_spliced(article, marks)
        return _front_matter(article) + "\n".join(lines).rstrip("\n") + "\n"
    renderer = {
        "side-by-side": _markdown_table,
        "interleaved": _markdown_interleaved,
        "target": _markdown_target,
    }[layout]
    lines = _md_header(article) + _md_legend(article, marks) + renderer(article, marks)
    while lines and not lines[-1]:
        lines.pop()
    return _front_matter(article) + "\n".join(lines) + "\n"


def _spliceable(article: AlignedArticle) -> bool:
    """Whether every translated block and HTML block knows where it stands in the source."""
    return bool(article.document.text) and all(
        block.block.spans for block in article.blocks if block.translatable or block.kind == HTML
    )


def _markdown_spliced(article: AlignedArticle, marks: bool, rewrite: bool = False) -> str:
    """The source document with each block's words replaced by their translation in place.

    Everything around the words (containers, list markers, tables, reference definitions,
    footnote labels, code, spacing) is the source's own, so the translation has the source's
    structure exactly; a block whose translation equals its source is left byte for byte
    (`rewrite` writes every block anew: how the writer itself is measured).
    """
    text = article.document.text
    body = _apply(text, _edits(article, "tgt", marks, rewrite), 0, len(text))
    front = FRONT_MATTER_TEXT.match(body)
    head, rest = "", body
    if front:
        head, rest = body[: front.end()].rstrip("\n") + "\n\n", body[front.end() :]
    lines = _md_header(article) + _md_legend(article, marks)
    return head + "\n".join(lines) + "\n" + rest.lstrip("\n")


def _edits(
    article: AlignedArticle, side: str, marks: bool, rewrite: bool = False
) -> list[tuple[int, int, str]]:
    """Replacements in the source text: HTML blocks as code, and on the target side the
    translation of each block (on the source side, only what must be made inert)."""
    text = article.document.text
    edits = []
    for block in article.blocks:
        spans = block.block.spans
        if block.kind == HTML:
            edits.append(_html_as_code(text, block))
            continue
        if side == "src":
            replacement = _safe_block(block, text)
        else:
            replacement = _spliced_block(block, marks, rewrite)
        if replacement is not None:
            edits.append((spans[0][0], spans[-1][1], replacement))
    return sorted(edits)


def _apply(text: str, edits: list[tuple[int, int, str]], start: int, end: int) -> str:
    """`text[start:end]` with the edits that fall inside it."""
    parts, position = [], start
    for edit_start, edit_end, replacement in edits:
        if edit_start < start or edit_end > end:
            continue
        parts += [text[position:edit_start], replacement]
        position = edit_end
    parts.append(text[position:end])
    return "".join(parts)


def _safe_block(block: AlignedBlock, source: str) -> str | None:
    """A source block made inert (raw HTML, script links, templates), or None if it is."""
    if not block.translatable:
        return None
    text = block.block.text
    safe = _safe_source(text)
    if safe == text:
        return None
    if safe.count("\n") == text.count("\n"):
        return _relined(safe, block.block.spans, source)
    return _escape_line_start(" ".join(safe.split("\n")).strip())


def _line_ranges(article: AlignedArticle) -> list[tuple[str, int, int]]:
    """(kind, start, end) offsets in the source of each row of the document: a top-level
    list item, quote, table, footnote or other block, from its first line to its last."""
    text = article.document.text
    starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def offset(line: int) -> int:
        return starts[line - 1] if 0 < line <= len(starts) else len(text)

    ranges: list[list] = []
    last_key = None
    for block in article.blocks:
        raw = block.block
        if raw.kind == FRONT_MATTER:
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
        key = _row_key(block)
        if ranges and key == last_key and key[0] != "block":
            ranges[-1][1] = min(ranges[-1][1], first_offset)
            ranges[-1][2] = max(ranges[-1][2], end)
        else:
            ranges.append([key[-1][0] if key[0] != "block" else raw.kind, first_offset, end])
        last_key = key
    return [tuple(item) for item in ranges]


def _fenced(text: str, offset, raw) -> int:
    """1 if a code block is fenced (its first line of code follows a fence line)."""
    if raw.kind != CODE or raw.line < 2:
        return 0
    line_start = offset(raw.line - 1)
    line = text[line_start : text.find("\n", line_start)]
    return 1 if re.match(r"^[\s>*+\-\d.)]*(```|~~~)", line) else 0


def _markdown_interleaved_spliced(article: AlignedArticle, marks: bool) -> list[str]:
    """Each row of the source as written, then its translation in a labelled quote."""
    text = article.document.text
    source_edits = _edits(article, "src", marks)
    target_edits = _edits(article, "tgt", marks)
    label = language_name(article.target)
    out: list[str] = []
    front = FRONT_MATTER_TEXT.match(text)
    position = front.end() if front else 0
    for kind, start, end in _line_ranges(article):
        between = _neutralise_links(text[position:start]).strip("\n")
        if between.strip():
            out += [between, ""]
        out += [_apply(text, source_edits, start, end), ""]
        target = _apply(text, target_edits, start, end)
        if kind == "footnote":  # the translation goes inside the same footnote
            body = re.sub(r"^\[\^[^\]]+\]:[ \t]*", "", target)
            first, *rest = body.split("\n")
            out += [f"    *{label}:* {first}", *rest, ""]
        elif kind != "code" and kind != "html" and kind != "rule":
            lines = [f"*{label}:*", "", *target.split("\n")]
            out += [("> " + line).rstrip() for line in lines] + [""]
        position = end
    tail = _neutralise_links(text[position:]).strip("\n")
    if tail.strip():
        out += [tail, ""]
    return out


_MARKER = re.compile(r"[-+*]|\d{1,9}[.)]")


def _html_as_code(text: str, block: AlignedBlock) -> tuple[int, int, str]:
    """An HTML block is shown as code, as in HTML pages: a fence in the same container."""
    spans = block.block.spans
    line_start = text.rfind("\n", 0, spans[0][0]) + 1
    prefix = text[line_start : spans[0][0]]
    later = _MARKER.sub(lambda m: " " * len(m.group(0)), prefix)
    fence = _fence(block.block.text)
    lines = [f"{prefix}{fence}html", *block.block.text.split("\n"), fence]
    body = [lines[0]] + [(later + line) if line else later.rstrip() for line in lines[1:]]
    return line_start, spans[-1][1], "\n".join(body)


def _safe_source(text: str) -> str:
    """Source Markdown as diptych publishes it: raw HTML, script links, templates inert."""
    return _inert(text)


def _relined(safe: str, spans: tuple, source: str) -> str:
    """Made-safe source lines put back between the source's own line prefixes."""
    lines = safe.split("\n")
    out = [lines[0]]
    for line, before, after in zip(lines[1:], spans[:-1], spans[1:], strict=True):
        out += [source[before[1] : after[0]], line]
    return "".join(out)


def _spliced_block(block: AlignedBlock, marks: bool, rewrite: bool = False) -> str | None:
    """The Markdown that replaces a block's words, or None to keep the source as it is."""
    if not block.translatable:
        return None
    from translate.segment import normalize

    unchanged = _safe_source(block.block.text) == block.block.text and all(
        (seg.state == UNTRANSLATED or seg.shown == normalize(seg.source))
        and not _mark(seg.state, marks)
        for seg in block.segments
    )
    if unchanged and not rewrite:
        return None
    pieces = [
        markdown_text(_translation(seg), markdown=True) + _mark(seg.state, marks)
        for seg in block.segments
    ]
    parts = [block.gaps[0]]
    for piece, gap in zip(pieces, block.gaps[1:], strict=True):
        parts += [piece, gap]
    text = " ".join("".join(parts).split("\n")).strip()
    text = _escape_line_start(text)
    raw = block.block
    if raw.kind == TABLE_CELL:
        text = _cell(text)
    elif raw.kind in (HEADING, TITLE) and re.search(r"(?<!\\)(?:\\\\)*#$", text):
        text = text[:-1] + "\\#"  # not a closing sequence (unless already escaped)
    return text


def _markdown_table(article: AlignedArticle, marks: bool = False) -> list[str]:
    """A GFM table, one row per list item, quote, table or other block; footnotes (both
    languages in each) and link reference definitions follow it."""
    source, target = language_name(article.source), language_name(article.target)
    lines = [f"| {_cell(source)} | {_cell(target)} |", "| --- | --- |"]
    footnotes: list[str] = []
    for group in _row_groups(article, skip_title=False):
        if group[0].kind == FOOTNOTE:
            footnotes += _footnote_lines(group, article, marks)
            continue
        left = _group_cell(group, "src", article.markdown, marks)
        right = _group_cell(group, "tgt", article.markdown, marks)
        lines.append(f"| {left} | {right} |")
    if footnotes:
        lines += [""] + footnotes[:-1]
    return lines + _reference_lines(article)


def _group_cell(group: list[AlignedBlock], side: str, markdown: bool, marks: bool) -> str:
    """One side of a row on one line: blocks joined by line breaks, a table's cells by
    `|` (header cells bold)."""
    pieces: list[str] = []
    row: list[str] = []
    row_frame = None
    for block in group:
        if block.kind == TABLE_CELL:
            frame = block.block.frames[-1]
            if row and frame != row_frame:
                pieces.append(" \\| ".join(row))
                row = []
            row_frame = frame
            text = _sentences_md(block, side, markdown, marks) if block.translatable else ""
            text = _cell(text)
            header = block.block.info.startswith("th") and text
            row.append(f"<strong>{text}</strong>" if header else text)
            continue
        if row:
            pieces.append(" \\| ".join(row))
            row = []
        if block.translatable or side == "src":
            pieces.append(_table_cell(block, side, markdown, marks))
        else:
            pieces.append(_table_cell(block, "src", markdown, marks))
    if row:
        pieces.append(" \\| ".join(row))
    return "<br>".join(piece for piece in pieces if piece.strip()) or " "


def _footnote_lines(group: list[AlignedBlock], article: AlignedArticle, marks: bool) -> list[str]:
    """A footnote definition holding the source and, below it, the translation."""
    label = group[0].block.info
    markdown = article.markdown
    source = " ".join(_sentences_md(block, "src", markdown) for block in group)
    target = " ".join(_sentences_md(block, "tgt", markdown, marks) for block in group)
    name = language_name(article.target)
    return [f"[^{label}]: {source}", "", f"    *{name}:* {target}", ""]


def _reference_lines(article: AlignedArticle) -> list[str]:
    """The document's link reference definitions, so that `[text][label]` resolves in
    every column and layout."""
    lines = []
    for reference in article.document.references:
        label = re.sub(r"([\\\[\]])", r"\\\1", reference.label)
        href = "#" if _unsafe_url(reference.href) else reference.href
        href = re.sub(r"([<>\\])", r"\\\1", href).replace("\n", "%0A")
        title = reference.title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
        title = _escape_templates(title)
        lines.append(f"[{label}]: <{href}>" + (f' "{title}"' if title else ""))
    return [""] + lines if lines else []


def _table_cell(block: AlignedBlock, side: str, markdown: bool, marks: bool = False) -> str:
    raw = block.block
    if raw.kind in (CODE, HTML):
        code = htmlmod.escape(raw.text, quote=False).replace("|", "&#124;")
        code = code.replace("{{", "&#123;{").replace("{%", "&#123;%")
        return "<code>" + "<br>".join(code.split("\n")).replace(" ", "&nbsp;") + "</code>"
    if raw.kind == RULE:
        return "* * *"
    text = _sentences_md(block, side, markdown, marks)
    if raw.kind in (TITLE, HEADING):  # a tag, not `**`: the text's own `*` cannot pair with it
        text = f"<strong>{text}</strong>"
    elif raw.kind == LIST_ITEM:
        marker = "" if _continuation(raw) else f"{raw.number}\\." if raw.ordered else "•"
        text = "&emsp;" * (raw.level - 1) + (f"{marker} {text}" if marker else f"&emsp; {text}")
    if raw.quote_depth:
        text = "▍" * raw.quote_depth + " " + text
    return _cell(text) or " "


def _markdown_interleaved(article: AlignedArticle, marks: bool = False) -> list[str]:
    """Each source block, then its translation quoted and labelled inside the same container."""
    lines: list[str] = []
    widths: dict[int, int] = {}
    label = language_name(article.target)
    for block in article.blocks:
        source_lines = _md_block(block, "src", article.markdown, widths)
        if not source_lines:
            continue
        lines += source_lines + [""]
        if not block.translatable:
            continue
        raw = block.block
        text = _sentences_md(block, "tgt", article.markdown, marks)
        if raw.kind in (TITLE, HEADING):
            text = f"**{text}**"
        indent = ""
        if raw.kind == LIST_ITEM:
            indent = " " * sum(widths.get(level, 2) for level in range(1, raw.level + 1))
        quote = "> " * raw.quote_depth
        lines += [f"{quote}{indent}> *{label}:* {text}".rstrip(), ""]
    return lines


def _markdown_target(article: AlignedArticle, marks: bool = False) -> list[str]:
    lines: list[str] = []
    widths: dict[int, int] = {}
    for block in article.blocks:
        block_lines = _md_block(block, "tgt", article.markdown, widths, marks)
        if block_lines:
            lines += block_lines + [""]
    return lines


# ---------------------------------------------------------------------------- project export


def _existing_exports(out_dir: Path, slug: str, target: str) -> list[tuple[str, Path]]:
    """(name, path) of every export of this article and target in `out_dir`, any layout."""
    found = []
    for layout in LAYOUTS:
        for fmt in FORMATS:
            name = output_name(slug, target, fmt, layout)
            path = output_path(out_dir, name)
            if path.is_file():
                found.append((name, path))
    return found


def _exported_files(out_dir: Path, entry: IndexEntry) -> tuple[str, ...]:
    """The names the index links to for this article and target."""
    return tuple(name for name, _ in _existing_exports(out_dir, entry.slug, entry.target))


def export_project(
    project,
    formats: tuple[str, ...] = FORMATS,
    layout: str = DEFAULT_LAYOUT,
    out_dir: Path | None = None,
    marks: bool = True,
    min_reviewed: float = 0,
    articles: list[Path] | None = None,
    targets: tuple[str, ...] | None = None,
    failures: list[DiptychError] | None = None,
) -> ExportResult:
    """Align and render every article (or `articles`) for every target; write the files.

    Each article is exported on its own: one that cannot be read is a failure, the others
    are still written and listed in `index.html`, which is rewritten on every HTML export.
    Articles reviewed below `min_reviewed` percent are refused, and the pages an earlier
    export wrote for them are removed, so the output folder never publishes them. A missing
    or stale PO file is a warning: the article exports with the source shown where needed.
    `failures` are errors met before (articles that could not be found), reported with these.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    _check_layout(layout)
    if not 0 <= min_reviewed <= 100:
        raise ConfigError(f"minimum reviewed percentage must be 0-100, not {min_reviewed}")
    out_dir = Path(out_dir) if out_dir is not None else project.build_dir
    failed: list[DiptychError] = list(failures or ())
    if articles is not None:
        paths = list(articles)
    else:
        paths, scan_failures = resolve_articles(project, None)
        failed += scan_failures
    written, unchanged, warnings, refused, removed = [], [], [], [], []
    if project.profile_warning:
        warnings.append(project.profile_warning)
    index: list[IndexEntry] = []
    options = (
        project,
        tuple(targets or project.targets),
        formats,
        layout,
        out_dir,
        marks,
        min_reviewed,
    )
    for part in _map_articles(options, paths):
        written += part[0]
        unchanged += part[1]
        warnings += part[2]
        refused += part[3]
        index += part[4]
        removed += part[5]
        failed += part[6]
    if "html" in formats:
        index = [replace(e, files=_exported_files(out_dir, e)) for e in index]
        path_out = output_path(out_dir, "index.html")
        (written if write_atomic(path_out, render_index(index)) else unchanged).append(path_out)
    return ExportResult(
        tuple(written),
        tuple(unchanged),
        tuple(warnings),
        tuple(refused),
        tuple(removed),
        tuple(failed),
    )


PARALLEL_MIN_ARTICLES = 16
MAX_WORKERS = 4
START_METHOD: str | None = None  # the platform's default; export relies on none in particular


def _map_articles(options: tuple, paths: list[Path]):
    """Export articles one by one, on every core when there are enough of them to be worth
    the start of worker processes (measured: bench/pipeline.py)."""
    workers = min(cores(), MAX_WORKERS)
    if workers < 2 or len(paths) < PARALLEL_MIN_ARTICLES:
        yield from (_export_article(options, path) for path in paths)
        return
    yield from process_map(
        _export_article,
        [options] * len(paths),
        paths,
        workers=workers,
        start_method=START_METHOD,
    )


def _export_article(options: tuple, path: Path) -> tuple[list, ...]:
    """One article, isolated: what it wrote, or the one error that stopped it."""
    try:
        return (*_export_one(options, path), [])
    except DiptychError as exc:
        return [], [], [], [], [], [], [exc]


def _export_one(options: tuple, path: Path) -> tuple[list, list, list, list, list, list]:
    """Align, render and write one article for every target (runs in a worker process)."""
    project, targets, formats, layout, out_dir, marks, min_reviewed = options
    written, unchanged, warnings, refused, index, removed = [], [], [], [], [], []
    # the article's encoding warning is shown by `translate`, when it (re)reads the article
    document, segments = read_document(project, path)
    check_slug(document.slug)
    for target in targets:
        po_path = project.po_path(document.slug, target)
        catalog = load_catalog(po_path)
        article = align_article(document, catalog, segments, project.source, target)
        if catalog is None:
            warnings.append(
                f"{document.source_name}: no {project.relative(po_path)}; "
                "exported untranslated (run `diptych translate`)"
            )
        elif article.missing:
            warnings.append(
                f"{document.source_name}: {article.missing} segment(s) not in "
                f"{project.relative(po_path)}; shown untranslated (run `diptych translate`)"
            )
        if article.progress.percent < min_reviewed:
            refused.append(
                Refused(
                    document.slug,
                    target,
                    f"{document.source_name} ({target}): reviewed "
                    f"{article.progress.percent_label} < required {min_reviewed:g}%",
                )
            )
            removed.extend(_remove_exports(out_dir, document.slug, target))
            continue
        files = []
        for fmt in formats:
            name = output_name(document.slug, target, fmt, layout)
            if fmt == "html":
                text = render_html(article, layout, marks, project.low_confidence)
            else:
                text = render_markdown(article, layout, marks)
            path_out = output_path(out_dir, name)
            (written if write_atomic(path_out, text) else unchanged).append(path_out)
            files.append(name)
        index.append(IndexEntry.of(article, tuple(files)))
    return written, unchanged, warnings, refused, index, removed


def _remove_exports(out_dir: Path, slug: str, target: str) -> list[Path]:
    """Delete every page an earlier export wrote for this article and target (any layout)."""
    removed = [path for _, path in _existing_exports(out_dir, slug, target)]
    for path in removed:
        path.unlink()
    return removed
