"""HTML output: one self-contained bilingual page per article and target.

Article text is data, never markup: pages go through Jinja2 autoescaping, and inline
Markdown is rendered by markdown-it with raw HTML disabled; the author's own raw HTML (an
HTML block, a tag of a source sentence) is rendered through the allowlist sanitiser
(`sanitise_html`, comments dropped), and a translation keeps only its source's tags.
Later HTML-based writers (EPUB, PDF, a target-only site) build on `render_html`'s view and
`inline_html`.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from markupsafe import Markup, escape

from translate import __version__
from translate.align import AlignedArticle, AlignedBlock
from translate.boxes import is_box
from translate.export.front import description
from translate.export.htmlrows import add_sentences, rows_html, shell
from translate.export.paths import check_layout
from translate.export.rawhtml import block_texts, children, inside_html, page_form
from translate.export.sanitise import DEFAULT_SCHEMES, allowed_url
from translate.export.view import (
    STATE_LABELS,
    language_name,
    progress_label,
    row_groups,
    row_key,
)
from translate.pages import DEFAULT_LAYOUT, template
from translate.read import BOX_TITLE, CODE, HEADING, HTML, LIST_ITEM, TABLE_CELL, TITLE

# ---------------------------------------------------------------------------- inline text


@lru_cache(maxsize=8)
def _markdown(schemes: tuple[str, ...] = DEFAULT_SCHEMES, raw: bool = False):
    """The inline renderer (`raw`: raw HTML read, for a sentence `sanitise_html` cleans)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": raw, "xhtmlOut": False, "linkify": False})
    md.use(footnote_plugin, inline=False).disable("footnote_tail")
    # the export's scheme allowlist, not markdown-it's own list of bad schemes
    md.validateLink = lambda url: allowed_url(url, schemes)

    def image(self, tokens, idx, options, env):
        # A page shows the images export copied beside it (`env["images"]`: src -> its
        # URL from the page); an image it refused is its alt text. Nothing else is
        # loaded at view time: a remote image (and, for the books, any image) becomes a
        # link to it, labelled by its alt.
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        src = token.attrGet("src") or ""
        copies = env.get("images")
        if copies is not None and src in copies:
            title = token.attrGet("title")
            extra = f' title="{htmlmod.escape(str(title), quote=True)}"' if title else ""
            url = htmlmod.escape(copies[src], quote=True)
            return f'<img src="{url}" alt="{htmlmod.escape(alt, quote=True)}"{extra}>'
        if copies is not None and not src.lower().startswith(("http://", "https://")):
            return htmlmod.escape(alt, quote=False)
        src = htmlmod.escape(src if allowed_url(src, schemes) else "#", quote=True)
        label = htmlmod.escape(alt or "image", quote=False)
        return f'<a class="image" href="{src}">[{label}]</a>'

    def footnote_ref(self, tokens, idx, options, env):
        # Each column has its own footnotes: the reference points to the one of its language.
        meta = tokens[idx].meta
        label = htmlmod.escape(str(meta.get("label") or meta["id"] + 1), quote=False)
        target = f"fn{meta['id'] + 1}-{env.get('lang', '')}"
        return f'<sup class="fnref"><a href="#{htmlmod.escape(target)}">{label}</a></sup>'

    def link_open(self, tokens, idx, options, env):
        # a reference definition reaches a link without validateLink: checked here too
        href = tokens[idx].attrGet("href") or ""
        if not allowed_url(href, schemes):
            tokens[idx].attrSet("href", "#")
        elif env.get("links") is not None and href:
            # a link to another article of the tree leads to its exported page (export.job)
            tokens[idx].attrSet("href", env["links"](href))
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("footnote_ref", footnote_ref)
    return md


def inline_env(document, lang: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> dict:
    """What a sentence needs from its document to render: link reference definitions and
    footnote labels (references and footnotes resolve across sentences), and the link
    schemes the export allows."""
    references = {ref.label: {"href": ref.href, "title": ref.title} for ref in document.references}
    refs = {}
    for block in document.blocks:
        for frame in block.frames:
            if frame[0] == "footnote":
                refs[":" + frame[2]] = frame[3]
    footnotes = {"refs": refs, "list": {fid: {"label": label[1:]} for label, fid in refs.items()}}
    return {
        "references": references,
        "footnotes": footnotes,
        "lang": lang,
        "schemes": tuple(schemes),
    }


def inline_html(text: str, markdown: bool, env: dict | None = None):
    """Inline HTML for one sentence: Markdown rendered without raw HTML, or escaped text."""
    if not markdown:
        return escape(text)
    if _PLAIN_MARKDOWN.search(text) is None:  # no character any inline rule starts at
        from markdown_it.common.utils import escapeHtml  # how the renderer escapes text

        return Markup(escapeHtml(text))
    env = dict(env or {})
    if "footnotes" in env and "[^" in text:
        # the parser counts references in the list: a fresh copy per sentence that has one
        footnotes = env["footnotes"]
        counts = {key: {**value, "count": 0} for key, value in footnotes["list"].items()}
        env["footnotes"] = {"refs": footnotes["refs"], "list": counts}
    md = _markdown(tuple(env.get("schemes", DEFAULT_SCHEMES)))
    return Markup(md.renderInline(text, env).rstrip("\n"))


# A sentence without any of these characters holds no inline construct the renderer reads
# (CommonMark's and the footnote references' `[^`: each starts or closes at one of them; an
# image's `!` needs a `[`) and nothing its input normalisation rewrites: it renders as its own
# text, escaped as markdown-it escapes text (tests/test_inline_fast.py compares the two on the
# corpora's lines, on generated ones and on every construct). Most sentences of prose have
# none: they skip the parser.
_PLAIN_MARKDOWN = re.compile(r"[\n\r\x00\\`*_\[\]<&]")


def plain_text(text: str, markdown: bool) -> str:
    """A sentence without markup, for <title> and the index."""
    if not markdown:
        return text
    rendered = _markdown().renderInline(text)
    return htmlmod.unescape(re.sub(r"<[^>]*>", "", rendered)).strip()


# ---------------------------------------------------------------------------- pages


def _block_view(block: AlignedBlock, article: AlignedArticle, envs: tuple = ({}, {})) -> dict:
    raw = block.block
    level = 1 if raw.kind == TITLE else min(max(raw.level, 1), 6)
    # plain text: `_inline` is `inline_html`'s escaped text, asked here once per block
    plain = not article.markdown and article.document.format not in ("html", "htm")
    segments = [
        {
            "id": seg.id,
            "state": seg.state,
            "confidence": seg.confidence,
            "src": escape(seg.source) if plain else _inline(seg.source, article, envs[0]),
            "tgt": escape(seg.shown) if plain else _inline(seg.shown, article, envs[1], seg.source),
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


def _inline(text: str, article: AlignedArticle, env: dict, source: str | None = None):
    """A sentence as HTML: an HTML article's own markup through the sanitiser; a Markdown
    sentence whose source has raw HTML rendered with it, through the sanitiser too, after
    `sanitise.safe_markdown` made text of its active tags (and, in a translation, of the tags
    its source does not have), as the Markdown export does; else `inline_html`."""
    if article.document.format in ("html", "htm"):
        from translate.export.sanitise_html import sanitise_html

        return Markup(sanitise_html(text))
    if article.markdown and "<" in (source or text) and _raw_html(source or text):
        from translate.export.sanitise import Rules, safe_markdown
        from translate.export.sanitise_html import sanitise_html
        from translate.inline import normalize_label

        schemes = tuple(env.get("schemes", DEFAULT_SCHEMES))
        labels = frozenset(normalize_label(label) for label in env.get("references", ()))
        text = safe_markdown(text, source, Rules(schemes, labels))
        rendered = _markdown(schemes, raw=True).renderInline(text, dict(env))
        return Markup(sanitise_html(rendered.rstrip("\n"), own=True))
    return inline_html(text, article.markdown, env)


def _raw_html(text: str) -> bool:
    """Whether markdown-it reads raw HTML (a tag, a comment) in a sentence."""
    tokens = _markdown(DEFAULT_SCHEMES, raw=True).parseInline(text)
    return any(c.type == "html_inline" for t in tokens for c in t.children or [])


def _open_tag(frame: tuple, following: tuple | None, depth: int, box: tuple = (2, False)) -> dict:
    """A container's opening tag as the template writes it (names and values are ours). A
    box is a note with a heading one level below the page's last (`box`: that level, and
    whether the source gives it a title block; else the heading is the kind's name)."""
    kind = frame[0]
    if is_box(frame):
        name = re.sub(r"[^a-z0-9-]", "", frame[2].lower()) or "note"
        label = "" if box[1] else (frame[2] or "note").replace("-", " ").capitalize()
        attrs = {"class": f"box box-{name}", "role": "note"}
        return {"tag": "div", "attrs": attrs, "footnote": None, "label": label, "level": box[0]}
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


def _row_parts(blocks: list[AlignedBlock], views: list[dict], level: int = 2) -> list[dict]:
    """Open and close tags around the blocks of a row, from the containers they sit in
    (`level`: the heading level of a box's title)."""
    if len(blocks) == 1 and not blocks[0].block.frames:  # most rows: one block, no container
        return [_part(block=views[0], bare=blocks[0].kind == LIST_ITEM)]
    titled = {b.block.frames[-1] for b in blocks if b.kind == BOX_TITLE and b.block.frames}
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
            frame = frames[position]
            parts.append(_part(open=_open_tag(frame, following, depth, (level, frame in titled))))
            stack.append(frames[position])
        bare = block.kind == LIST_ITEM and sharing[frames] == 1
        parts.append(_part(block=view, bare=bare))
    while stack:
        parts.append(_part(close=_close_name(stack.pop())))
    return parts


def _part(open: dict | None = None, close: str = "", block=None, bare: bool = False) -> dict:
    return {"open": open, "close": close, "block": block, "bare": bare}


def _close_name(frame: tuple) -> str:
    return "div" if frame[0] in ("footnotes", "footnote") or is_box(frame) else frame[0]


def page_rows(article: AlignedArticle, envs: tuple) -> Iterator[dict]:
    """The page's rows: blocks grouped so that one quote, list item, table or footnote is
    one row in every layout, with its source and translation side by side; made one at a
    time, so that a page is written as its rows are made."""
    html = block_texts(article) if article.markdown else {}
    prose = children(article)
    heading = 1  # the page's title
    for group in row_groups(article, skip_title=True):
        group = [block for block in group if not inside_html(block)]
        if not group:
            continue
        views = [_block_view(block, article, envs) for block in group]
        level = min(heading + 1, 6)
        for block, view in zip(group, views, strict=True):
            if block.kind == HTML and block.index in html:
                source, target = html[block.index]
                view["html"] = {"src": page_form(source), "tgt": page_form(target)}
                view["translatable"] = any(b.segments for b in prose.get(block.index, ()))
            elif block.kind == HEADING:
                heading = view["level"]
            elif block.kind == BOX_TITLE:
                view["level"] = level
        if all(v["kind"] == HTML and not v.get("html", {"src": "x"})["src"].strip() for v in views):
            continue  # a comment, or nothing inert: nothing to show
        first = group[0]
        frame = row_key(first)[-1] if first.block.frames else None
        kind = "box" if frame and is_box(frame) else frame and frame[0]
        yield {
            "index": first.index,
            "kind": {"li": "list_item", "blockquote": "quote", "table": "table"}.get(
                kind or "", kind if kind in ("footnote", "box") else first.kind
            ),
            "translatable": any(view["translatable"] for view in views),
            "parts": _row_parts(group, views, level),
        }


def render_html(
    article: AlignedArticle,
    layout: str = DEFAULT_LAYOUT,
    marks: bool = True,
    low_confidence: int = 50,
    links=None,
    schemes: tuple[str, ...] = DEFAULT_SCHEMES,
    images: dict[str, str] | None = None,
) -> str:
    """One self-contained page: inline CSS and script, byte-stable; its only outside assets
    are `images` (src -> URL of the copy export wrote beside the page), shown, while any
    other image of the project is its alt text. With marks, machine sentences below
    `low_confidence` are marked as well; `links` (href -> href) rewrites the links of the
    article's text (links between articles of a tree); links and images outside `schemes`
    point to `#`."""
    return "".join(html_page(article, layout, marks, low_confidence, links, schemes, images))


def html_page(
    article: AlignedArticle,
    layout: str = DEFAULT_LAYOUT,
    marks: bool = True,
    low_confidence: int = 50,
    links=None,
    schemes: tuple[str, ...] = DEFAULT_SCHEMES,
    images: dict[str, str] | None = None,
) -> Iterator[str]:
    """`render_html`'s page as the pieces of text it is made of, each row made as the page
    reaches it: what export writes, so that a page (about five times its article) is never
    held whole, nor the HTML of all its rows."""
    check_layout(layout)
    markdown = article.markdown
    envs = (
        inline_env(article.document, article.source, schemes),
        inline_env(article.document, article.target, schemes),
    )
    for env in envs:
        if links is not None:
            env["links"] = links
        if images is not None:
            env["images"] = images
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
        "rows": None,
        "description": description(article),
        "boxes": any(is_box(frame) for block in article.blocks for frame in block.block.frames),
        "version": __version__,
    }
    if title_row is not None:
        add_sentences(title_row, view)
        shells = {side: Markup(shell(title_row, title_row["html"][side])) for side in SIDES}
        title_row["shell"] = shells
    view["rows"] = rows_html(page_rows(article, envs), view)
    view["css"], view["boxes_css"], view["script"] = _assets()
    return _page_template().generate(view=view)


SIDES = ("src", "tgt")


@lru_cache(maxsize=1)
def _page_template():
    """The page's template, looked up once per process rather than once per page."""
    return template("article.html.j2")


@lru_cache(maxsize=1)
def _assets() -> tuple:
    """The page's style sheets and script as Markup: diptych's own files, rendered once per
    process as the template's `include` rendered them on every page."""
    return tuple(Markup(template(name).render()) for name in ASSETS)


ASSETS = ("diptych.css", "boxes.css", "diptych.js")
