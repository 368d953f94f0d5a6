"""The HTML sanitiser: source HTML made inert before it is shown in a page diptych writes.

An allowlist (nh3, the bindings of the Rust `ammonia` crate, which parses as browsers do):
inline and block text elements with their harmless attributes are kept, everything else is
dropped or reduced to its text. No script, no style, no event handler, no `javascript:`,
`vbscript:` or `data:` URL, no form control, no embedded content (images become nothing: a
page diptych writes loads no external asset). Used for an HTML article's sentences and a
Markdown article's raw HTML in every page diptych writes.

`active` is the other half: whether a fragment of the author's HTML could run anything
(a script, style or embedding element, an event handler, a refused URL scheme), read by a
tokenizer and, as a second opinion, by patterns on the decoded text. A Markdown export keeps
the author's HTML byte for byte when it is not active, and writes its sanitised form when it
is (docs/markup.md).
"""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "data",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
_ATTRIBUTES = {
    "*": {"lang", "dir", "title", "translate"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "data": {"value"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
}
_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with everything inside them (the others keep their text).
_DROPPED = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe"})
_DROPPED |= frozenset({"object", "embed", "textarea", "select", "title"})


# The classes diptych's own inline rendering writes (images, footnote references).
_OWN_ATTRIBUTES = {"a": {"class"}, "sup": {"class"}}


def sanitise_html(fragment: str, own: bool = False) -> str:
    """`fragment` with only inert markup left; unbalanced tags are closed (`own`: the
    classes diptych's inline Markdown rendering writes are kept too)."""
    import nh3

    attributes = {name: set(values) for name, values in _ATTRIBUTES.items()}
    if own:
        for name, values in _OWN_ATTRIBUTES.items():
            attributes[name] = attributes.get(name, set()) | values
    return nh3.clean(
        fragment,
        tags=set(_TAGS),
        clean_content_tags=set(_DROPPED),
        attributes=attributes,
        url_schemes=set(_SCHEMES),
        link_rel=None,  # no target="_blank" is kept, and rel without href is invalid
        strip_comments=True,
    )


# ------------------------------------------------------------------------ active HTML

# Elements that run, load, embed, restyle or submit something, or hide markup from a
# tokenizer (raw text elements): a fragment holding one is never kept as it is.
_ACTIVE_TAGS = frozenset(
    re.findall(
        r"\S+",
        """script style iframe frame frameset object embed applet base link meta form svg math
        template noscript xmp plaintext noembed noframes param portal title textarea xml
        import isindex listing""",
    )
)
# Attributes whose value a browser reads as a URL.
_URL_ATTRIBUTES = frozenset(
    re.findall(
        r"\S+",
        """href src action formaction background poster data cite longdesc srcset xlink:href
        lowsrc dynsrc codebase manifest ping usemap icon profile archive classid itemtype
        imagesrcset""",
    )
)
_STYLE_ACTIVE = re.compile(r"url\s*\(|expression|javascript|@import|behavior|binding", re.I)
# The second opinion, on the text itself: a tag of an active element, an event handler
# inside a tag, a script scheme anywhere once references, escapes and blanks are undone.
_ACTIVE_TEXT = re.compile(
    r"<\s*/?\s*(?:" + "|".join(sorted(_ACTIVE_TAGS)) + r")(?![\w-])"
    r"|<[^>]*?[\s/\"'`]on[a-z]+\s*=|<[?!](?!--)|<!--\s*\[if",
    re.I,
)
_SCRIPT_SCHEME = re.compile(r"(?:java|vb|live|ecma|mocha)script:|data:[\w.+-]+/", re.I)
_BLANKS = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\ufeff\\]+")


class _Tokens(HTMLParser):
    """The start tags of a fragment and whether anything in it is active."""

    def __init__(self, url_allowed: Callable[[str], bool]) -> None:
        super().__init__(convert_charrefs=True)
        self.url_allowed = url_allowed
        self.active = False

    def handle_starttag(self, tag: str, attrs) -> None:
        self.active = self.active or tag in _ACTIVE_TAGS
        self.active = self.active or any(self._attribute(n, v or "") for n, v in attrs)

    def _attribute(self, name: str, value: str) -> bool:
        if name.startswith("on") or name in ("srcdoc", "is", "xmlns"):
            return True
        if name == "style":
            return _STYLE_ACTIVE.search(value) is not None
        urls = (url.strip().split(" ")[0] for url in value.split(","))
        return name in _URL_ATTRIBUTES and not all(self.url_allowed(url) for url in urls)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag in _ACTIVE_TAGS:
            self.active = True

    def handle_decl(self, decl: str) -> None:
        self.active = True

    handle_pi = unknown_decl = handle_decl


def _decoded(text: str) -> str:
    """Text as a URL reader sees it: references and percent escapes undone (until nothing
    changes), blanks and backslashes gone."""
    previous = None
    for _ in range(8):
        if text == previous:
            break
        previous = text
        text = _BLANKS.sub("", unquote(htmlmod.unescape(text), errors="replace"))
    return text


def active(fragment: str, url_allowed: Callable[[str], bool]) -> bool:
    """Whether a fragment of the author's HTML could run, load or embed anything: judged by
    a tokenizer (elements, event handlers, style, URL attributes against `url_allowed`)
    and by patterns on the raw and decoded text, so that a parser that reads the fragment
    otherwise still finds nothing live."""
    if _ACTIVE_TEXT.search(fragment) or _SCRIPT_SCHEME.search(_decoded(fragment)):
        return True
    tokens = _Tokens(url_allowed)
    tokens.feed(fragment)
    tokens.close()
    return tokens.active
