"""The HTML sanitiser: source HTML made inert before it is shown in a page diptych writes.

An allowlist (nh3, the bindings of the Rust `ammonia` crate, which parses as browsers do):
inline and block text elements with their harmless attributes are kept, everything else is
dropped or reduced to its text. No script, no style, no event handler, no `javascript:`,
`vbscript:` or `data:` URL, no form control, no embedded content (images become nothing: a
page diptych writes loads no external asset). Used for an HTML article's sentences in the
side-by-side and interleaved pages; Markdown's raw HTML may use it as well.
"""

from __future__ import annotations

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


def sanitise_html(fragment: str) -> str:
    """`fragment` with only inert markup left; unbalanced tags are closed."""
    import nh3

    return nh3.clean(
        fragment,
        tags=set(_TAGS),
        clean_content_tags=set(_DROPPED),
        attributes={name: set(values) for name, values in _ATTRIBUTES.items()},
        url_schemes=set(_SCHEMES),
        link_rel=None,  # no target="_blank" is kept, and rel without href is invalid
        strip_comments=True,
    )
