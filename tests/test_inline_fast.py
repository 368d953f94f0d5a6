"""A Markdown sentence with no character an inline rule starts at is written as its own
text, escaped, without running the parser: the HTML must be what the parser writes for it."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from translate.export import html
from translate.export.sanitise import DEFAULT_SCHEMES

CORPORA = Path(__file__).parent / "corpora"
ENV = {"references": {}, "footnotes": {"refs": {}, "list": {}}, "lang": "en"}


def parsed(text: str) -> Markup:
    """The parser's rendering, as `inline_html` gave it before it had a fast path."""
    env = {**ENV, "schemes": DEFAULT_SCHEMES}
    return Markup(html._markdown(DEFAULT_SCHEMES).renderInline(text, env).rstrip("\n"))


ALPHABET = list(
    "abc é ÉÀ’«»—…'\"\t\n\r\x00 "
    + "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
    + "0123456789"
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_every_sentence_renders_as_the_parser_renders_it(text):
    assert html.inline_html(text, True, {**ENV, "schemes": DEFAULT_SCHEMES}) == parsed(text)


def test_the_corpora_lines_render_as_the_parser_renders_them():
    lines = [
        line
        for path in sorted(CORPORA.rglob("*"))
        if path.suffix in (".md", ".txt", ".html")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    fast = [line for line in lines if html._PLAIN_MARKDOWN.search(line) is None]
    assert len(lines) > 1000 and len(fast) > len(lines) / 4  # the fast path is taken
    for line in lines:
        assert html.inline_html(line, True, {**ENV, "schemes": DEFAULT_SCHEMES}) == parsed(line)


def test_quotes_are_escaped_as_the_parser_escapes_them():
    text = 'Il a dit "oui" > l\'autre'
    assert html._PLAIN_MARKDOWN.search(text) is None
    assert str(html.inline_html(text, True, ENV)) == "Il a dit &quot;oui&quot; &gt; l'autre"


CONSTRUCTS = [
    "un [lien](https://example.org) ici",
    "une ![image](a.png) ici",
    "une note[^1] ici",
    "une [référence][ref] ici",
    "une <https://example.org> adresse",
    "une entité &eacute; ici",
    "du `code` ici",
    "de l’*emphase* et du **gras**",
    "de l’_emphase_ et du __gras__",
    "un \\*échappement\\* ici",
    "une fin de ligne  \nforcée",
    "Bonjour ! Ça va ?",
]


def test_every_construct_renders_as_the_parser_renders_it():
    env = {
        **ENV,
        "references": {"REF": {"href": "https://example.org", "title": None}},
        "footnotes": {"refs": {":1": 0}, "list": {0: {"label": ":1", "count": 0}}},
        "schemes": DEFAULT_SCHEMES,
    }
    for text in CONSTRUCTS:
        fresh = copy.deepcopy(env)
        expected = Markup(html._markdown(DEFAULT_SCHEMES).renderInline(text, fresh).rstrip("\n"))
        assert html.inline_html(text, True, env) == expected, text
        if expected != escapeHtml(text):  # markup: the parser had to run
            assert html._PLAIN_MARKDOWN.search(text), text
