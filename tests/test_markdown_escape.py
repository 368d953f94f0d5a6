"""Markdown exports write translated text as text: whatever a msgstr holds, the rendered
export has no element that the text itself does not have (property test)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from translate.align import align_article
from translate.export import render_markdown
from translate.read import Source, parse_source
from translate.segment import segment_document

LAYOUTS = ("side-by-side", "interleaved", "target")
SOURCE_MD = (
    "# Titre\n\n- Un point.\n\n> Une citation.\n\n| Poste | Montant |\n|---|---|\n| A | B |\n"
)
SOURCE_TXT = "Titre\n\nUne phrase.\n"
LINE_STARTS = [
    "",
    "1. ",
    "2) ",
    "# ",
    "> ",
    "- ",
    "* ",
    "+ ",
    "    ",
    "```",
    "~~~",
    "---",
    "===",
    "[a]: /x ",
    "| ",
    "<!-- ",
    "</div>",
    "<div>",
    "\\<",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1


def _tags(html: str) -> Counter[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _renderer():
    # Permissive, as many static-site generators are: raw HTML passes through, tables on.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _export(source: str, suffix: str, msgstr: str, layout: str, which: int = 0) -> str:
    """The export with one msgstr (the `which`-th, cyclically) set to `msgstr`, the others
    to a plain word."""
    document = parse_source(Source(Path(f"a{suffix}"), f"a{suffix}", source, "utf-8", ()))
    segments = segment_document(document)
    msgids = list(dict.fromkeys(segment.msgid for segment in segments))
    po = polib.POFile()
    for index, msgid in enumerate(msgids):
        text = msgstr if index == which % len(msgids) else "Mot"
        po.append(polib.POEntry(msgid=msgid, msgstr=text))
    return render_markdown(align_article(document, po, segments), layout)


def _check(source: str, suffix: str, text: str, layout: str, which: int) -> None:
    md = _renderer()
    baseline = _tags(md.render(_export(source, suffix, "Mot", layout, which)))
    rendered = md.render(_export(source, suffix, text, layout, which))
    # the text's own inline markup as a reader renders it; plain text has none
    own = _tags(MarkdownIt("commonmark").renderInline(text)) if suffix == ".md" else Counter()
    extra = _tags(rendered) - (baseline + own)
    assert not extra, (text, layout, extra, rendered)


TEXT = st.builds(
    lambda start, body: start + body,
    st.sampled_from(LINE_STARTS),
    st.text(alphabet="<>\\`*_[]()|#>=-+!&;:/ \naimg1.\"'{}%", max_size=40),
)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("suffix", "source"), [(".md", SOURCE_MD), (".txt", SOURCE_TXT)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, which=st.integers(min_value=0, max_value=10))
def test_translated_text_never_becomes_markup(layout, suffix, source, text, which):
    if not text.strip():
        return
    _check(source, suffix, text, layout, which)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_escaped_tag_stays_text(layout):
    source = "# Titre\n\nUn \\<img src=x onerror=alert(1)> piège.\n"
    for msgstr in (None, "A \\<img src=x onerror=alert(1)> trap."):
        document = parse_source(Source(Path("a.md"), "a.md", source, "utf-8", ()))
        segments = segment_document(document)
        po = polib.POFile()
        if msgstr:
            for msgid in dict.fromkeys(segment.msgid for segment in segments):
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        exported = render_markdown(align_article(document, po, segments), layout)
        html = _renderer().render(exported)
        assert "img" not in _tags(html), exported
        assert "<img src=x onerror=alert(1)>" in html.replace("&lt;", "<").replace("&gt;", ">")
