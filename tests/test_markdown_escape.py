"""Markdown exports write translated text as text: whatever a msgstr holds, the rendered
export has no element that the text itself does not have (property test)."""

from __future__ import annotations

import html as htmlmod
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


# ---------------------------------------------------------------------------- hardening cases
# Each numbered case of the hardening issues, as the exported Markdown reads in renderers
# that do not filter URLs themselves (markdown-it with its URL filter off, Python-Markdown).


def _permissive(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True
    return md.render(text)


def _python_markdown(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["tables", "fenced_code"])


def _exports(source: str, msgstrs: dict[int, str], suffix: str = ".md", schemes=None):
    document = parse_source(Source(Path(f"a{suffix}"), f"a{suffix}", source, "utf-8", ()))
    segments = segment_document(document)
    po = polib.POFile()
    for index, msgid in enumerate(dict.fromkeys(segment.msgid for segment in segments)):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstrs.get(index, msgid)))
    article = align_article(document, po, segments)
    options = {} if schemes is None else {"schemes": schemes}
    return {layout: render_markdown(article, layout, **options) for layout in LAYOUTS}


def _hrefs(html: str) -> list[str]:
    import re

    return [htmlmod.unescape(v) for v in re.findall(r'(?:href|src)="([^"]*)"', html)]


PARAGRAPH = "# Titre\n\nPremière phrase. Deuxième phrase.\n"


@pytest.mark.parametrize(
    "msgstr",
    ["A <javascript:alert(4)> link.", "A <JAVASCRIPT:alert(4)> link.", "<vbscript:x> y."],
)
def test_case_1_a_script_autolink_in_a_translation_is_text(msgstr):
    for layout, text in _exports(PARAGRAPH, {1: msgstr}).items():
        for html in (_permissive(text), _python_markdown(text)):
            assert not [h for h in _hrefs(html) if "script" in h.lower()], (layout, html)
            assert "alert(4)" in html or "x" in html


@pytest.mark.parametrize(
    "destination",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "java&#x09;script:alert(1)",
        "java%73cript:alert(1)",
        "%6A%61vascript:alert(1)",
        "<javascript:alert(1)>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:text/html,x",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        " javascript:alert(1)",
    ],
)
def test_case_2_script_destinations_never_reach_the_markdown(destination):
    """In the source's own link (kept) and as a translation's (not its source's: text)."""
    source = f"# Titre\n\nVoir [le site]({destination}). Fin.\n"
    for msgstrs in ({}, {1: f"See [the site]({destination})."}):
        for layout, text in _exports(source, msgstrs).items():
            for html in (_permissive(text), _python_markdown(text)):
                hrefs = [h for h in _hrefs(html) if h != "#"]
                assert not hrefs, (destination, layout, hrefs)


def test_case_2_the_allowlist_is_what_diptych_toml_says():
    source = "# Titre\n\nVoir [le site](ftp://example.org/f). Fin.\n"
    default = _exports(source, {})["target"]
    assert "(#)" in default and "ftp:" not in default
    allowed = _exports(source, {}, schemes=("https", "ftp"))["target"]
    assert "(ftp://example.org/f)" in allowed


def test_case_2_the_scheme_check_decodes_before_it_judges():
    from translate.export.sanitise import allowed_url

    for url in ("JaVaScRiPt:x", "&#106;avascript:x", "java%0Ascript:x", "java\tscript:x",
                "jav&#x09;ascript:x", "javascript&colon;x", "%26%23106%3Bavascript:x",
                "javascript\\:x", "\x01javascript:x"):  # fmt: skip
        assert not allowed_url(url), url
    for url in ("https://example.org/a:b", "mailto:a@b.org", "/a", "#x", "a/b:c", "./x:y"):
        assert allowed_url(url), url


def test_case_3_joined_sentences_keep_their_meaning():
    """A lone backtick ending one sentence never pairs with the next sentence's."""
    msgstrs = {1: "A lone backtick `", 2: "c` <script>alert(1)</script> `d"}
    for layout, text in _exports(PARAGRAPH, msgstrs).items():
        for html in (_permissive(text), _python_markdown(text)):
            assert "<script" not in html, (layout, html)


def test_case_3_a_refused_destination_takes_no_backtick_with_it():
    source = "# Titre\n\nUn `](javascript:` b `)` c. Fin.\n"
    msgstrs = {1: "A `](javascript:` <script>alert(1)</script> `)` c."}
    for layout, text in _exports(source, msgstrs).items():
        for html in (_permissive(text), _python_markdown(text)):
            assert "<script" not in html, (layout, html)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_case_4_no_backslash_before_a_tag_python_markdown_would_run(layout):
    source = "# Titre\n\nUn \\<script>alert(1)</script> piège. Fin.\n"
    msgstrs = {1: "A \\<script>alert(2)</script> trap.", 2: "<img src=x onerror=alert(3)>"}
    text = _exports(source, msgstrs)[layout]
    assert "\\<" not in text
    for html in (_permissive(text), _python_markdown(text)):
        assert "<script" not in html and "<img" not in html, html


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_29_4_every_line_break_of_a_translation_is_normalised(brk):
    msgstrs = {1: f"Words{brk}# Heading{brk}```{brk}- item{brk}> quote"}
    for layout, text in _exports(PARAGRAPH, msgstrs).items():
        assert brk not in text.replace("\n", "") if brk != "\n" else True
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        kinds = {t.type for t in tokens}
        assert not kinds & {"fence", "bullet_list_open"}, (layout, text)
        assert sum(t.type == "heading_open" for t in tokens) <= 1 + (layout != "target"), text


def test_29_5_front_matter_values_carry_no_live_markup():
    source = (
        "---\ntitle: <script>alert(1)</script>\nlink: '[x](javascript:alert(2))'\n"
        'code: "a ` b"\ndescription: >\n  folded <b onclick=x>text</b>\n---\n\n'
        "# Titre\n\nUne phrase.\n"
    )
    for text in _exports(source, {}).values():
        front = text.split("\n---\n", 1)[0]
        assert "<script" not in front and "<b " not in front, front
        assert "](javascript" not in front and "`" not in front, front
        assert "description: >\n" in front  # the YAML structure stays
        for html in (_permissive(text), _python_markdown(text)):
            assert "<script" not in html and "<b " not in html, html
            assert "&lt;b onclick=x&gt;" in html  # shown, as text
            assert not [h for h in _hrefs(html) if "script" in h], html


def test_29_8_escaping_is_linear():
    """10x the input within 30x the time (best of 3): 20,000 `<a ` took 19 s when each `<`
    was escaped by searching the whole rest of the text."""
    import gc
    import time

    from translate.export.sanitise import markdown_text

    def best(count: int) -> float:
        text = "<a " * count
        times = []
        for _ in range(3):
            gc.collect()  # the collector's passes over many parse nodes are not the escaping
            gc.disable()
            try:
                start = time.process_time()
                markdown_text(text, markdown=True, source=text)
                markdown_text(text, markdown=True)
                times.append(time.process_time() - start)
            finally:
                gc.enable()
        return min(times)

    # Quadratic escaping makes 10x the input cost 100x; linear work measures 10-15x, and a
    # busy machine can push one measurement past that, so the ratio gets three tries at 30x.
    measured = []
    for _ in range(3):
        small, large = best(2_000), best(20_000)
        measured.append((small, large))
        if large < 30 * max(small, 0.002):
            break
    else:
        pytest.fail(f"10x the input took {min(b / max(a, 0.002) for a, b in measured):.0f}x")
    assert large < 5, large


def test_the_scheme_allowlist_is_a_setting_used_by_every_format(tmp_path):
    from translate.errors import ConfigError
    from translate.export import export_project
    from translate.project import load_project

    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.md").write_text(
        "# Titre\n\nVoir [le fichier](ftp://example.org/f) et [JS](JavaScript:alert(1)).\n",
        encoding="utf-8",
    )
    for allowed, shown in ((None, False), ('["https", "FTP:"]', True)):
        config = f"[export]\nschemes = {allowed}\n" if allowed else ""
        (root / "diptych.toml").write_text(config, encoding="utf-8")
        project = load_project(root)
        export_project(project, out_dir=root / "out")
        for name in ("a.en.html", "a.en.md"):
            text = (root / "out" / name).read_text(encoding="utf-8")
            link = (
                'href="ftp://example.org/f"' if name.endswith("html") else "(ftp://example.org/f)"
            )
            assert (link in text) == shown, (name, text)
            assert 'href="JavaScript' not in text  # HTML: shown as text, not a link
            assert name.endswith("html") or "](JavaScript:" not in text
    for bad in ('["javascript"]', '["JavaScript:"]', '"https"', '["a b"]'):
        (root / "diptych.toml").write_text(f"[export]\nschemes = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="schemes"):
            load_project(root)


_ODD = st.sampled_from(
    list("ab \t\r\n\v\f\x85\u2028\u2029\x00\x1f\x7f\x9f\xa0\u202f\\`*_[]<>&{}|~^$@#")
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet=_ODD, max_size=40))
def test_the_fast_paths_of_escape_text_and_one_line_change_nothing(text):
    """`escape_text` (one regex) writes what `str.translate` with its table writes, and
    `one_line` returns text it has nothing to do to untouched, as the full passes would."""
    from translate.export import sanitise

    assert sanitise.escape_text(text) == text.translate(sanitise._REFERENCES)
    full = sanitise._CONTROLS.sub("", sanitise._LINE_BREAKS.sub(" ", text)).replace("\t", " ")
    assert sanitise.one_line(text) == full
