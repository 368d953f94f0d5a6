"""export: aligned articles -> self-contained bilingual HTML pages and Markdown documents.

Renderers return strings; `export_project` is the one place that writes files. Article text
is data, never markup: HTML goes through Jinja2 autoescaping (inline Markdown is rendered by
markdown-it with raw HTML disabled), and Markdown output escapes raw HTML, neutralises
script links and template syntax.
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from translate import __version__
from translate.align import AlignedArticle, AlignedBlock, align_article
from translate.articles import read_document
from translate.catalog import load_catalog
from translate.errors import ConfigError, ExportError
from translate.files import write_atomic
from translate.pages import DEFAULT_LAYOUT, FORMATS, LAYOUTS, template
from translate.read import CODE, FRONT_MATTER, HEADING, HTML, LIST_ITEM, RULE, TITLE
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
    """What an export did: files written (or already identical), warnings, refusals."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    refused: tuple[Refused, ...] = ()

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

    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False, "linkify": False})

    def image(self, tokens, idx, options, env):
        # No external assets at view time: an image becomes a link to it, labelled by its alt.
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        src = htmlmod.escape(token.attrGet("src") or "", quote=True)
        label = htmlmod.escape(alt or "image", quote=False)
        return f'<a class="image" href="{src}">[{label}]</a>'

    md.add_render_rule("image", image)
    return md


def inline_html(text: str, markdown: bool):
    """Inline HTML for one sentence: Markdown rendered without raw HTML, or escaped text."""
    from markupsafe import Markup, escape

    if not markdown:
        return escape(text)
    return Markup(_markdown().renderInline(text).rstrip("\n"))


def plain_text(text: str, markdown: bool) -> str:
    """A sentence without markup, for <title> and the index."""
    if not markdown:
        return text
    rendered = _markdown().renderInline(text)
    return htmlmod.unescape(re.sub(r"<[^>]*>", "", rendered)).strip()


# ---------------------------------------------------------------------------- HTML


def _block_view(block: AlignedBlock, article: AlignedArticle) -> dict:
    raw = block.block
    level = 1 if raw.kind == TITLE else min(max(raw.level, 1), 6)
    segments = [
        {
            "id": seg.id,
            "state": seg.state,
            "src": inline_html(seg.source, article.markdown),
            "tgt": inline_html(seg.shown, article.markdown),
        }
        for seg in block.segments
    ]
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
        "info": raw.info.split()[0] if raw.info.split() else "",
    }


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


def render_html(article: AlignedArticle, layout: str = DEFAULT_LAYOUT, marks: bool = True) -> str:
    """One self-contained page: inline CSS and script, no external asset, byte-stable."""
    _check_layout(layout)
    markdown = article.markdown
    rows = [
        _block_view(block, article)
        for block in article.blocks
        if block.kind != FRONT_MATTER and block.index != article.title_block
    ]
    title_row = None
    if article.title_block is not None:
        title_row = _block_view(article.blocks[article.title_block], article)
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
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>", re.I)
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_TXT_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


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


def _escape_raw_html(text: str) -> str:
    """Escape `<` that could open an HTML tag, comment or declaration; keep web autolinks."""
    out, position = [], 0
    for match in _AUTOLINK.finditer(text):
        out += [re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text[position : match.start()])]
        out.append(match.group(0))
        position = match.end()
    out.append(re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text[position:]))
    return "".join(out)


def _escape_templates(text: str) -> str:
    """`{{` and `{%` (Liquid, Jinja) become `{\\{` and `{\\%`: same rendering, no template."""
    return text.replace("{{", "{\\{").replace("{%", "{\\%")


def markdown_text(text: str, markdown: bool) -> str:
    """Sentence text safe to place in a Markdown document, on one line.

    Markdown articles keep their inline markup; raw HTML, script links and template syntax
    are neutralised. Plain-text articles are escaped so that they render literally.
    """
    text = re.sub(r"\\?[ \t]*\n[ \t]*", " ", text)
    if not markdown:
        text = _escape_templates(_TXT_SPECIAL.sub(r"\\\1", text))
        return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _outside_code(text, lambda part: _escape_templates(_escape_raw_html(part)))
    text = _neutralise_links(text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _cell(text: str) -> str:
    """One table cell: pipes escaped (GFM escapes them even inside code spans)."""
    return text.replace("|", "\\|").strip()


def _sentences_md(block: AlignedBlock, side: str, markdown: bool) -> str:
    texts = [seg.source if side == "src" else seg.shown for seg in block.segments]
    return " ".join(markdown_text(text, markdown) for text in texts)


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


def _md_block(block: AlignedBlock, side: str, markdown: bool, number_width: dict) -> list[str]:
    """Lines of one block in Markdown, with its structure (heading, list, quote, code)."""
    raw = block.block
    if raw.kind in (CODE, HTML):
        lines = _code_block(block)
    elif raw.kind == RULE:
        lines = ["* * *"]
    elif raw.kind == FRONT_MATTER:
        return []
    else:
        text = _sentences_md(block, side, markdown)
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


def render_markdown(article: AlignedArticle, layout: str = DEFAULT_LAYOUT) -> str:
    """A Markdown document: a GFM table, interleaved blocks, or the translation alone."""
    _check_layout(layout)
    renderer = {
        "side-by-side": _markdown_table,
        "interleaved": _markdown_interleaved,
        "target": _markdown_target,
    }[layout]
    lines = _md_header(article) + renderer(article)
    while lines and not lines[-1]:
        lines.pop()
    return _front_matter(article) + "\n".join(lines) + "\n"


def _markdown_table(article: AlignedArticle) -> list[str]:
    source, target = language_name(article.source), language_name(article.target)
    lines = [f"| {_cell(source)} | {_cell(target)} |", "| --- | --- |"]
    for block in article.blocks:
        if block.kind == FRONT_MATTER:
            continue
        left = _table_cell(block, "src", article.markdown)
        right = _table_cell(block, "tgt", article.markdown) if block.translatable else left
        lines.append(f"| {left} | {right} |")
    return lines


def _table_cell(block: AlignedBlock, side: str, markdown: bool) -> str:
    raw = block.block
    if raw.kind in (CODE, HTML):
        code = htmlmod.escape(raw.text, quote=False).replace("|", "&#124;")
        code = code.replace("{{", "&#123;{").replace("{%", "&#123;%")
        return "<code>" + "<br>".join(code.split("\n")).replace(" ", "&nbsp;") + "</code>"
    if raw.kind == RULE:
        return "* * *"
    text = _sentences_md(block, side, markdown)
    if raw.kind in (TITLE, HEADING):
        text = f"**{text}**"
    elif raw.kind == LIST_ITEM:
        marker = "" if _continuation(raw) else f"{raw.number}\\." if raw.ordered else "•"
        text = "&emsp;" * (raw.level - 1) + (f"{marker} {text}" if marker else f"&emsp; {text}")
    if raw.quote_depth:
        text = "▍" * raw.quote_depth + " " + text
    return _cell(text) or " "


def _markdown_interleaved(article: AlignedArticle) -> list[str]:
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
        text = _sentences_md(block, "tgt", article.markdown)
        if raw.kind in (TITLE, HEADING):
            text = f"**{text}**"
        indent = ""
        if raw.kind == LIST_ITEM:
            indent = " " * sum(widths.get(level, 2) for level in range(1, raw.level + 1))
        quote = "> " * raw.quote_depth
        lines += [f"{quote}{indent}> *{label}:* {text}".rstrip(), ""]
    return lines


def _markdown_target(article: AlignedArticle) -> list[str]:
    lines: list[str] = []
    widths: dict[int, int] = {}
    for block in article.blocks:
        block_lines = _md_block(block, "tgt", article.markdown, widths)
        if block_lines:
            lines += block_lines + [""]
    return lines


# ---------------------------------------------------------------------------- project export


def _exported_files(out_dir: Path, entry: IndexEntry) -> tuple[str, ...]:
    """Every export of this article and target in `out_dir`, any layout, for the index."""
    names = []
    for layout in LAYOUTS:
        for fmt in FORMATS:
            name = output_name(entry.slug, entry.target, fmt, layout)
            if (out_dir / name).is_file():
                names.append(name)
    return tuple(names)


def export_project(
    project,
    formats: tuple[str, ...] = FORMATS,
    layout: str = DEFAULT_LAYOUT,
    out_dir: Path | None = None,
    marks: bool = True,
    min_reviewed: float = 0,
    articles: list[Path] | None = None,
    targets: tuple[str, ...] | None = None,
) -> ExportResult:
    """Align and render every article (or `articles`) for every target; write the files.

    Articles reviewed below `min_reviewed` percent are refused, not written. A missing or
    stale PO file is a warning: the article exports with the source shown where needed.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    _check_layout(layout)
    if not 0 <= min_reviewed <= 100:
        raise ConfigError(f"minimum reviewed percentage must be 0-100, not {min_reviewed}")
    out_dir = Path(out_dir) if out_dir is not None else project.build_dir
    paths = list(articles) if articles is not None else project.articles()
    written, unchanged, warnings, refused = [], [], [], []
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
    if "html" in formats and index:
        index = [replace(e, files=_exported_files(out_dir, e)) for e in index]
        path_out = output_path(out_dir, "index.html")
        (written if write_atomic(path_out, render_index(index)) else unchanged).append(path_out)
    return ExportResult(tuple(written), tuple(unchanged), tuple(warnings), tuple(refused))


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


def _export_article(options: tuple, path: Path) -> tuple[list, list, list, list, list]:
    """Align, render and write one article for every target (runs in a worker process)."""
    project, targets, formats, layout, out_dir, marks, min_reviewed = options
    written, unchanged, warnings, refused, index = [], [], [], [], []
    document, segments = read_document(project, path)
    check_slug(document.slug)
    warnings.extend(document.warnings)
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
            continue
        files = []
        for fmt in formats:
            name = output_name(document.slug, target, fmt, layout)
            if fmt == "html":
                text = render_html(article, layout, marks)
            else:
                text = render_markdown(article, layout)
            path_out = output_path(out_dir, name)
            (written if write_atomic(path_out, text) else unchanged).append(path_out)
            files.append(name)
        index.append(IndexEntry.of(article, tuple(files)))
    return written, unchanged, warnings, refused, index
