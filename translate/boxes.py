"""boxes: how the Markdown reader knows admonitions, `:::` containers and GitHub alerts.

MkDocs admonitions (`!!! tip "Astuce"` with an indented body, `???`/`???+` collapsible)
and markdown-it/VitePress containers (`::: tip Astuce` … `:::`) are parsed by the
mdit_py_plugins `admon` and `container` plugins of `read.markdown_parser`; a GitHub alert
is a block quote whose first line is `[!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION). Each
is a frame of the blocks inside it: ("admonition" | "container" | "blockquote", token
index, kind, first line, last line). A title the source writes is text to translate, found
with its exact span on the box's first line; the markers, the kind and `[!NOTE]` never are.
"""

from __future__ import annotations

import re

OPENERS = {"admonition_open": "admonition", "container_box_open": "container"}
CLOSERS = {"admonition_close", "container_box_close"}

_NAME = re.compile(r"[ \t]*(?P<kind>[\w-]+)(?:[ \t]+(?P<title>.*?))?[ \t]*$")
ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)", re.IGNORECASE)
_ADMONITION_LINE = re.compile(r"[ \t]*(?:!!!|\?\?\?\+?)")
_QUOTED_TITLE = re.compile(r'[ \t]*[^"\s](?:[^"]*[^"\s])?[ \t]+"(?P<title>.*)"[^\s"]*[ \t]*$')
_CONTAINER_LINE = re.compile(r"[ \t]*:{3,}")


def box_name(params: str, *_) -> bool:
    """A `:::` line opens a box when a kind follows it (`::: tip`, `:::warning Titre`)."""
    return _NAME.match(params) is not None


def is_box(frame: tuple) -> bool:
    """Whether a frame is a box (a block quote's frame names a kind only for an alert)."""
    return frame[0] in ("admonition", "container") or (frame[0] == "blockquote" and len(frame) > 2)


def alert_at(tokens: list, index: int) -> str:
    """The first paragraph of the block quote opened at `index` when it opens with an
    alert marker (`[!NOTE]`), else ""."""
    if index + 2 < len(tokens) and tokens[index + 1].type == "paragraph_open":
        content = tokens[index + 2].content
        return content if ALERT.match(content) else ""
    return ""


def box_frame(token, index: int, offset: int, alert: str = "") -> tuple:
    """The frame of an admonition, a `:::` container or a GitHub alert (`alert`: the text
    that opens it), its lines counted in the whole document (`offset`: lines before the
    parsed text)."""
    first, last = (token.map[0] + 1 + offset, token.map[1] + offset) if token.map else (0, 0)
    if alert:
        kind = alert.split("]", 1)[0].lstrip("[!").lower()
        return ("blockquote", index, kind, first, last)
    if token.type == "admonition_open":
        return ("admonition", index, str(token.meta.get("tag", "")), first, last)
    name = _NAME.match(token.info)
    kind = name.group("kind").lower() if name else ""
    return ("container", index, kind, first, last + 1)  # and its closing `:::` line


def box_title(source: str, start: int, token) -> tuple[str, tuple[int, int]] | None:
    """A box's title as its first line (`source`, at offset `start`) writes it: (text,
    span), or None when it writes none (`!!! info` shows a title made from the kind)."""
    opener = _ADMONITION_LINE if token.type == "admonition_open" else _CONTAINER_LINE
    marker = opener.match(source)
    if marker is None:
        return None
    params = source[marker.end() :]
    quoted = _QUOTED_TITLE.match(params) if token.type == "admonition_open" else None
    if quoted:
        at, stop = quoted.span("title")
    else:
        named = _NAME.match(params)
        if named is None or named.group("title") is None:
            return None
        at, stop = named.span("title")
        if token.type == "admonition_open" and params[at:stop] == '""':
            return None
    title = params[at:stop]
    if not title.strip() or title != title.strip():
        return None
    base = start + marker.end()
    return title, (base + at, base + stop)
