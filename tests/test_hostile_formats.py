"""The renderer matrix's payloads in the book and review formats: the 22 issue cases, the
OWASP filter-evasion payloads and Typst injections, as msgstrs, article text, front matter
titles and glossary targets of one project, checked the way each reader sees the output.

- EPUB: every document of the book parsed as XML (a reader refuses a malformed one): only
  the elements and attributes the templates write, no event attribute, no link outside the
  allowlist, nothing loaded from outside the book; epubcheck clean on the interleaved book.
- PDF (Typst): pdftotext shows each payload as text, nothing evaluated (a `#read`, `#eval`
  or `#include` in a sentence would print a file or a computed value); poppler lists no link
  outside the allowlist, no JavaScript and no attached file.
- `diptych serve`: the index, article and error pages parsed, the JSON data and API, the
  edit round trip (a hostile msgstr saved through the page and shown again), and one page
  with every payload in Chromium: no dialog, no request elsewhere, no CSP violation.

Tools come from tests/setup.sh; a missing one skips its test, naming it.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import warnings
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from test_books import _squash
from test_renderer_matrix import ALLOWED_SCHEMES, ISSUE_CASES, PAYLOADS, XSS_CHEAT_SHEET, scheme

from translate.engine import Translation
from translate.export import export_project
from translate.pipeline import translate_project
from translate.project import load_project

# Typst markup and code in a sentence: evaluated, each would show something else than
# itself (a file's text, 42, the data of the book) or fail the whole book.
TYPST_CASES = [
    '#read("/etc/passwd")',
    '#read("data.json")',
    '#include "book.typ"',
    '#import "book.typ": data',
    "] #str(6 * 7) [",
    '#eval("str(6 * 7)")',
    "$#str(6 * 7)$",
    '#link("javascript:alert(1)")[clic]',
    '#pdf.embed("data.json")',
    '#image("/etc/passwd")',
    "#{ let x = 6 * 7; str(x) }",
    "```typ #str(6*7)``` et `#str(6*7)`",
    "<label> @label // fin /* x */ \\#set page(width: 1pt)",
]
# Links a book must not follow out of itself: relative, protocol-relative, to a file.
LINK_CASES = [
    "[x](//xss.example/a) [y](../../etc/passwd) [z](file:///etc/passwd)",
    "![i](/etc/passwd) ![j](//xss.example/i.png) [k](HTTPS:evil)",
]
ALL = PAYLOADS + TYPST_CASES + LINK_CASES
# What an HTML article's sanitised sentences may hold that XML has not: `&nbsp;` (French
# text is full of no-break spaces) and void elements written without a slash.
HTML_CASES = ["Le budget\u00a0: « voté ».", "a<hr>b<wbr>c<br>d", '<hr title="a>b"> <b>x</b>']
# Characters XML 1.0 forbids: refused in article files, a PO file may still carry them.
CONTROLS = "Titre A\x01B\x08C\x0bD\x0cE\x1bF\x7fG\ufffeH\uffffI"
EPUB_LAYOUTS = ("interleaved", "side-by-side", "target")
PDF_LAYOUTS = ("side-by-side", "facing", "target")


def marker(payload: str) -> str | None:
    """What of a payload a reader must see as text: its first tag or Typst call."""
    found = re.search(r"<[A-Za-z!/][A-Za-z]*|#[a-z][a-z.]*\(|#\{|#(?:include|import)\b", payload)
    return found.group(0) if found else None


MARKERS = {m for m in map(marker, ALL) if m}


def _need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (tests/setup.sh installs it)")


class _Echo:
    """An engine that gives back what it is sent, glossary targets restored in place."""

    name = "echo"
    description = "echo"
    translates = True

    def translate(self, sources):
        return [Translation(text) for text in sources]


def _msg_article() -> str:
    """One French sentence per payload, in every kind of block."""
    lines = ["# Le titre de l'article", ""]
    for number in range(len(ALL)):
        sentence = f"Phrase numéro {number}."
        kind = number % 5
        if kind == 0:
            lines += [f"{sentence} Suite {number}.", ""]
        elif kind == 1:
            lines += [f"- {sentence}", ""]
        elif kind == 2:
            lines += [f"> {sentence}", ""]
        elif kind == 3:
            lines += [f"## {sentence}", ""]
        else:
            lines += ["| a | b |", "|---|---|", f"| {sentence} | Cellule {number}. |", ""]
    return "\n".join(lines)


def build_project(root: Path) -> Path:
    """The hostile project: payloads as msgstrs (`msg`), as article text (`text`, `plain`),
    as front matter (`front`, and the titles of `t00`…) and as glossary targets (`gloss`),
    every entry approved."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "msg.md").write_text(_msg_article(), encoding="utf-8")
    # a fence opened by a payload runs to the end of the article: those come last
    body = "\n\n".join(sorted(ALL, key=lambda payload: "```\r" in payload))
    (seeds / "text.md").write_text(f"# {ALL[0]}\n\n{body}\n", encoding="utf-8")
    (seeds / "plain.txt").write_text(f"{ALL[1]}\n\n{body}\n", encoding="utf-8")
    paragraphs = "".join(
        f"<p>Phrase <em>numéro</em> {n}.</p><p title='Titre {n}.'>Alinéa {n}.</p>\n"
        for n in range(len(ALL))
    )
    paragraphs += "".join(f"<p>Cas {n}&nbsp;: oui.</p>\n" for n in range(len(HTML_CASES)))
    page = f"<html><head><title>Une page</title></head><body><h1>Une page</h1>\n{paragraphs}"
    hostile_html = "".join(f"<div>{payload}</div>\n" for payload in XSS_CHEAT_SHEET)
    (seeds / "page.html").write_text(f"{page}{hostile_html}</body></html>\n", "utf-8")
    values = [json.dumps(payload, ensure_ascii=False) for payload in ALL]  # YAML strings
    keys = "".join(f"k{number}: {value}\n" for number, value in enumerate(values))
    (seeds / "front.md").write_text(f"---\n{keys}---\n\n# Titre\n\nUne phrase.\n", "utf-8")
    for number, title in enumerate(values):
        article = f"---\ntitle: {title}\n---\n\nUne phrase {number}.\n"
        (seeds / f"t{number:02d}.md").write_text(article, encoding="utf-8")
    words = [f"mot{number}" for number in range(len(ALL))]
    sentences = " ".join(f"Le {word} est là." for word in words)
    (seeds / "gloss.md").write_text(f"# Glossaire\n\n{sentences}\n", encoding="utf-8")
    with (root / "glossary.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target"])
        for word, payload in zip(words, ALL, strict=True):
            writer.writerow([word, re.sub("[\r\n\u2028\u2029]", " ", payload)])
    project = load_project(root)
    translate_project(project, engine_factory=lambda target: _Echo())
    po_path = root / "locales" / "en" / "msg.po"
    catalog = polib.pofile(str(po_path))
    numbered = {e.msgid: e for e in catalog if e.msgid.startswith("Phrase numéro")}
    for number, payload in enumerate(ALL):
        numbered[f"Phrase numéro {number}."].msgstr = payload
    catalog.find("Le titre de l'article").msgstr = CONTROLS
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(po_path))
    html_po = root / "locales" / "en" / "page.po"  # an HTML article: msgstrs are HTML
    catalog = polib.pofile(str(html_po))
    for number, payload in enumerate(ALL):
        catalog.find(f"Phrase <em>numéro</em> {number}.").msgstr = payload
        catalog.find(f"Titre {number}.").msgstr = payload
    for number, case in enumerate(HTML_CASES):
        catalog.find(f"Cas {number}&nbsp;: oui.").msgstr = case  # entities kept
    catalog.save(str(html_po))
    gloss = polib.pofile(str(root / "locales" / "en" / "gloss.po"))
    assert sum(payload in entry.msgstr for entry in gloss for payload in ALL[:5])  # reached
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_project(tmp_path_factory.mktemp("hostile") / "project")


def _export(root: Path, fmt: str, layout: str, out: Path) -> Path:
    result = export_project(load_project(root), formats=(fmt,), layout=layout, out_dir=out)
    assert not result.failures, result.failures
    (path,) = result.written
    return path


# ---------------------------------------------------------------------------- EPUB

XHTML = "http://www.w3.org/1999/xhtml"
# What the book's templates and markdown-it's inline HTML (raw HTML off) write, and the
# package documents' own names: anything else came from article text.
EPUB_TAGS = {
    "html", "head", "meta", "title", "link", "body", "section", "header", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "p", "div", "span", "table", "thead", "tbody", "tr", "td", "th",
    "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong", "a", "img", "br", "hr",
    "sup", "container", "rootfiles", "rootfile", "package", "metadata", "identifier",
    "language", "source", "description", "contributor", "manifest", "item", "spine",
    "itemref",
    # the sanitiser's inert elements, for an HTML article's sentences
    "b", "i", "u", "s", "q", "mark", "small", "abbr", "cite", "dfn", "kbd", "samp", "var",
    "bdi", "bdo", "data", "time", "del", "ins", "sub", "wbr",
}  # fmt: skip
EPUB_ATTRIBUTES = {
    "aria-labelledby", "charset", "class", "full-path", "href", "id", "idref", "lang",
    "media-type", "properties", "property", "refines", "rel", "role", "scheme", "title",
    "type", "unique-identifier", "version", "src", "alt", "start",
    "dir", "translate", "hreflang", "datetime", "scope", "colspan", "rowspan", "reversed",
    "value",
}  # fmt: skip


def epub_problems(book: Path) -> tuple[list[str], str]:
    """What in the book a reader would run, load or refuse; and the chapters' text."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    problems, text = [], []
    with zipfile.ZipFile(book) as archive:
        names = set(archive.namelist())
        for name in sorted(names):
            if not name.endswith((".xhtml", ".opf", ".xml")):
                continue
            try:
                root = etree.fromstring(archive.read(name), parser)
            except etree.XMLSyntaxError as exc:
                problems.append(f"{name}: not well-formed: {exc}")
                continue
            if name.endswith(".xhtml"):
                text.append("".join(root.itertext()))
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue  # comments, processing instructions
                tag = etree.QName(element).localname
                if tag not in EPUB_TAGS:
                    problems.append(f"{name}: <{tag}>")
                for attribute, value in element.attrib.items():
                    local = etree.QName(attribute).localname
                    if local not in EPUB_ATTRIBUTES or local.startswith("on"):
                        problems.append(f"{name}: <{tag} {attribute}={value!r}>")
                    elif local in ("href", "src") and tag not in ("item", "rootfile"):
                        problems += _epub_link(name, tag, value, names)
    return problems, "\n".join(text)


def _epub_link(name: str, tag: str, value: str, names: set[str]) -> list[str]:
    inside = f"OEBPS/{value.split('#')[0]}" in names or value.startswith("#")
    if tag == "a" and (inside or scheme(value) in ALLOWED_SCHEMES):
        return []
    if tag in ("img", "link") and inside and not value.startswith("#"):
        return []
    return [f"{name}: <{tag}> to {value!r}"]


@pytest.fixture(scope="module")
def epubs(hostile: Path, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("epub")
    return {layout: _export(hostile, "epub", layout, out) for layout in EPUB_LAYOUTS}


@pytest.mark.parametrize("layout", EPUB_LAYOUTS)
def test_hostile_text_in_an_epub_is_text(epubs, layout):
    problems, text = epub_problems(epubs[layout])
    assert not problems, problems
    missing = [m for m in MARKERS if m not in text]
    assert not missing, missing  # shown as text, not dropped nor parsed


def test_a_hostile_book_passes_epubcheck(epubs):
    """One book holding every payload (interleaved: both languages); the JVM is told to
    start fast, and the check is bounded in time."""
    _need("java", "epubcheck")
    command = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]
    command += ["-jar", shutil.which("epubcheck"), str(epubs["interleaved"])]
    checked = subprocess.run(command, capture_output=True, text=True, timeout=180)
    report = checked.stdout + checked.stderr
    assert checked.returncode == 0, report
    assert "0 fatals / 0 errors / 0 warnings" in report, report


def test_the_epub_check_sees_what_a_reader_would_run(tmp_path):
    """The oracle itself: a book with a script, an event attribute, a javascript: link, an
    outside image and a malformed page is refused on each count."""
    book = tmp_path / "bad.epub"
    page = (
        f'<html xmlns="{XHTML}"><body><script>x</script><p onclick="x">a</p>'
        '<a href="JaVaScRiPt:x">b</a><img src="https://xss.example/i.png" alt=""/>'
        '<a href="https://example.org/">ok</a><a href="#s1">ok</a></body></html>'
    )
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("OEBPS/a.xhtml", page)
        archive.writestr("OEBPS/nav.xhtml", f'<html xmlns="{XHTML}"><p>\x01</p></html>')
    problems, _ = epub_problems(book)
    assert len(problems) == 5, problems
    for expected in ("<script>", "onclick", "'JaVaScRiPt:x'", "https://xss.example", "nav"):
        assert any(expected in problem for problem in problems), (expected, problems)


# ---------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def pdfs(hostile: Path, tmp_path_factory) -> dict[str, Path]:
    pytest.importorskip("typst", reason="the books extra (typst) is not installed")
    out = tmp_path_factory.mktemp("pdf")
    return {layout: _export(hostile, "pdf", layout, out) for layout in PDF_LAYOUTS}


def _poppler(tool: str, *args: str) -> str:
    _need(tool)
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_hostile_text_in_a_pdf_is_printed_never_run(pdfs, layout):
    path = str(pdfs[layout])
    text = _poppler("pdftotext", path, "-")
    squashed = _squash(text)
    missing = [m for m in MARKERS if _squash(m) not in squashed]
    assert not missing, missing
    for case in TYPST_CASES[:4] + ['#eval("str(6 * 7)")', "#str(6*7)"]:
        assert _squash(case) in squashed, case  # printed as written, not evaluated
    assert "root:" not in text and '"margin"' not in text and "Libertinus" not in text
    urls = _poppler("pdfinfo", "-url", path).splitlines()[1:]  # Page Type URL
    assert urls and all(scheme(line.split()[-1]) in ALLOWED_SCHEMES for line in urls), urls
    assert _poppler("pdfinfo", "-js", path).strip() == ""
    assert "0 embedded files" in _poppler("pdfdetach", "-list", path)


# ---------------------------------------------------------------------------- serve

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
# What the review pages' templates write: anything else came from article text.
SERVE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "nav", "p", "main", "h1",
    "h2", "section", "ul", "li", "kbd", "div", "span", "pre", "code", "em", "strong", "sup",
    "br", "form", "label", "textarea", "button", "dl", "dt", "dd", "script", "table",
    "thead", "tbody", "tr", "th", "td", "small", "progress",
}  # fmt: skip
SERVE_SCRIPTS = [{"src": "/static/serve.js"}]
DATA_SCRIPT = {"type": "application/json", "id": "data"}


class _Page(HTMLParser):
    """Elements, attributes, scripts, and the text of each target sentence by its id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[dict] = []
        self.data = ""
        self.sentences: dict[str, str] = {}
        self._in: str | None = None
        self._script = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag not in SERVE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in values.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction", "action"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            local = value.startswith(("/", "#")) and not value.startswith("//")
            link = tag == "a" and name == "href" and scheme(value) in (None, *ALLOWED_SCHEMES)
            if name in ("href", "src", "data-poll", "data-save", "data-entries") and not (
                local or link
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self.scripts.append(values)
            self._script = values == DATA_SCRIPT
        if tag == "span" and re.fullmatch(r"seg\d+", values.get("id", "")):
            self._in = values["id"]
            self.sentences[self._in] = ""

    def handle_endtag(self, tag):
        if tag == "span":
            self._in = None
        self._script = False

    def handle_data(self, data):
        if self._in:
            self.sentences[self._in] += data
        if self._script:
            self.data += data


def serve_problems(response) -> _Page:
    """The page parsed; its problems include a missing or loose Content-Security-Policy."""
    policy = response.headers.get("content-security-policy", "")
    page = _Page()
    page.feed(response.text)
    page.close()
    if "script-src 'self'" not in policy or "unsafe" in policy:
        page.problems.append(f"Content-Security-Policy: {policy!r}")
    if response.headers.get("x-content-type-options") != "nosniff":
        page.problems.append("no nosniff")
    return page


@pytest.fixture
def client_of():
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    with warnings.catch_warnings():  # newer Starlette prefers httpx2 for its test client
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from translate.serve.app import Server, make_app

    def make(root: Path):
        server = Server(load_project(root), "secret-token", "127.0.0.1", PORT)
        client = TestClient(make_app(server), base_url=ORIGIN)
        client.cookies.set(f"diptych-token-{PORT}", "secret-token")
        return client

    return make


def _article_page(client, slug: str) -> tuple[_Page, dict]:
    response = client.get(f"/a/{slug}/en")
    assert response.status_code == 200, response.text
    page = serve_problems(response)
    assert not page.problems, (slug, page.problems)
    assert page.scripts == [DATA_SCRIPT, *SERVE_SCRIPTS], page.scripts
    assert "<" not in page.data  # JSON in a script element: no way out of it
    return page, json.loads(page.data)


def test_serve_pages_show_hostile_text_as_text(hostile, client_of):
    client = client_of(hostile)
    index = client.get("/")
    page = serve_problems(index)
    assert not page.problems and page.scripts == SERVE_SCRIPTS, page.problems
    slugs = ["msg", "text", "plain", "front", "gloss", "page"] + [
        f"t{n:02d}" for n in range(len(ALL))
    ]
    for slug in slugs:
        page, data = _article_page(client, slug)
        catalog = polib.pofile(str(hostile / "locales" / "en" / f"{slug}.po"))
        shown = {e["msgid"]: e["msgstr"] for e in data["entries"].values()}
        assert shown == {e.msgid: e.msgstr for e in catalog if not e.obsolete}, slug
        for number, msgid in data["segments"].items():
            if shown[msgid]:  # the sentence as the reviewer sees it: its text, exactly
                assert page.sentences[f"seg{number}"] == shown[msgid], (slug, number)
        entries = client.get(f"/a/{slug}/en/entries")
        assert entries.headers["content-type"] == "application/json"
        assert entries.headers["x-content-type-options"] == "nosniff"
        assert entries.json()["entries"] == data["entries"]
    msg_page, _ = _article_page(client, "msg")
    assert all(payload in msg_page.sentences.values() for payload in ALL)


@pytest.mark.parametrize("payload", ISSUE_CASES[:3] + XSS_CHEAT_SHEET[:8])
def test_serve_error_pages_show_a_hostile_address_as_text(hostile, client_of, payload):
    from urllib.parse import quote

    client = client_of(hostile)
    for slug, target in ((payload, "en"), ("msg", payload)):
        response = client.get(f"/a/{quote(slug, safe='')}/{quote(target, safe='')}")
        assert response.status_code == 404
        page = serve_problems(response)
        assert not page.problems, page.problems
        assert page.scripts in ([], SERVE_SCRIPTS), page.scripts


def test_a_hostile_msgstr_saved_through_serve_is_shown_as_text(hostile, client_of, tmp_path):
    """The edit form's round trip: each payload saved as an approval, then the page, the
    API, the PO file and a conflict answer each give it back exactly, as text."""
    root = tmp_path / "project"
    shutil.copytree(hostile, root)
    client = client_of(root)
    _page, data = _article_page(client, "gloss")
    entries = [data["entries"][data["segments"][str(n)]] for n in range(2, len(ALL) + 2)]
    headers = {"origin": ORIGIN}
    for entry, payload in zip(entries, ALL, strict=True):
        body = {"msgid": entry["msgid"], "base": entry["base"], "msgstr": payload}
        body.update(fuzzy=False, comment=payload)
        response = client.post("/a/gloss/en/entry", json=body, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["entry"]["msgstr"] == payload
    page, data = _article_page(client, "gloss")
    catalog = polib.pofile(str(root / "locales" / "en" / "gloss.po"))
    for number, (entry, payload) in enumerate(zip(entries, ALL, strict=True), start=2):
        assert page.sentences[f"seg{number}"] == payload
        assert data["entries"][entry["msgid"]]["msgstr"] == payload
        assert catalog.find(entry["msgid"]).msgstr == payload
    stale = {"msgid": entries[0]["msgid"], "base": "stale", "msgstr": ALL[5]}
    stale.update(fuzzy=False, comment="")
    conflict = client.post("/a/gloss/en/entry", json=stale, headers=headers)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"] == "application/json"
    assert conflict.json()["yours"] == ALL[5] and conflict.json()["theirs"]["msgstr"] == ALL[0]


def test_a_change_a_po_file_cannot_hold_is_refused(hostile, client_of, tmp_path):
    """A NUL (it ends a compiled message) or half a surrogate pair (no UTF-8 can hold it)
    is a 400 answer, and the file is left as it was."""
    root = tmp_path / "project"
    shutil.copytree(hostile, root)
    client = client_of(root)
    po_path = root / "locales" / "en" / "gloss.po"
    before = po_path.read_bytes()
    entry = client.get("/a/gloss/en/entries").json()["entries"]["Le mot0 est là."]
    for field, value in (("msgstr", "a\x00b"), ("msgstr", "a\ud800b"), ("comment", "c\x00")):
        body = {"msgid": entry["msgid"], "base": entry["base"], "msgstr": "x", "comment": ""}
        body.update({"fuzzy": False, field: value})
        response = client.post(
            "/a/gloss/en/entry",
            content=json.dumps(body).encode(),  # \ud800 travels escaped, as JSON allows
            headers={"origin": ORIGIN, "content-type": "application/json"},
        )
        assert response.status_code == 400, (field, value, response.text)
        assert response.json() == {"error": "malformed change"}
        assert po_path.read_bytes() == before


@pytest.mark.parametrize("obsolete", [False, True])  # both of diptych's PO parsers
def test_line_separators_in_a_msgstr_read_back_as_written(tmp_path, obsolete):
    """U+2028, U+2029, U+0085, a form feed or a vertical tab in a msgstr (a model or a
    paste writes them; PO files hold them unescaped) end no PO line: the entry reads back
    exactly, as polib reads the file and msgfmt sees it."""
    from translate.postore import read_catalog

    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    text = "a\u2028b\u2029c\x85d\x0ce\x0bf\x1cg\x1dh\x1ei"
    catalog.append(polib.POEntry(msgid="x", msgstr=text, tcomment="t\u2028u"))
    if obsolete:
        catalog.append(polib.POEntry(msgid="y", msgstr=text, obsolete=True))
    path = tmp_path / "a.po"
    catalog.save(str(path))
    read = read_catalog(path).catalog
    assert read.find("x").msgstr == text and read.find("x").tcomment == "t\u2028u"
    assert [(e.msgid, e.msgstr) for e in read] == [(e.msgid, e.msgstr) for e in polib.pofile(path)]
    if obsolete:
        assert read.obsolete_entries()[0].msgstr == text


# ---------------------------------------------------------------------------- serve, live

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Run in the page after each load: what a payload would have made live.
LIVE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on') || a.name === 'style' || a.name === 'srcdoc')
        found.push(el.tagName + ' ' + a.name);
    }
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'MATH', 'STYLE', 'BASE', 'INPUT',
         'VIDEO', 'AUDIO', 'DETAILS', 'TEMPLATE'].includes(el.tagName.toUpperCase()))
      found.push(el.tagName);
  }
  return {found, scripts: [...document.scripts].map(s => s.getAttribute('src') || s.type),
          violations: window.__violations, location: location.pathname};
}"""
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def live_server(hostile: Path, tmp_path: Path):
    """`diptych serve --port 0` on a copy of the hostile project: (root, url with token)."""
    import os
    import sys

    if not CHROMIUM.exists():
        pytest.skip("Chromium not found at /usr/bin/chromium (tests/setup.sh installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    root = tmp_path / "project"
    shutil.copytree(hostile, root)
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "--project", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", line)
        assert match, line
        yield root, match.group(1)
    finally:
        process.kill()
        process.wait(10)


@pytest.mark.slow
def test_no_payload_is_live_in_the_review_page_in_chromium(live_server):
    """The index (payload titles), the page of payload msgstrs and the page of payload
    source text in Chromium, then a payload typed in the editor, approved and reloaded:
    no dialog, no request leaving the server, no CSP violation, no element a payload made."""
    from playwright.sync_api import expect, sync_playwright

    root, url = live_server
    base = url.split("/?")[0]
    dialogs: list[str] = []
    elsewhere: list[str] = []
    typed = XSS_CHEAT_SHEET[1] + " " + ISSUE_CASES[8] + " " + TYPST_CASES[0]

    def check(page, scripts: list[str]) -> None:
        page.wait_for_load_state("load")
        state = page.evaluate(LIVE)
        assert state["found"] == [] and state["violations"] == [], state
        assert state["scripts"] == scripts, state["scripts"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            page.add_init_script(WATCH)
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("request", lambda r: r.url.startswith(base) or elsewhere.append(r.url))
            page.goto(url)
            check(page, ["/static/serve.js"])
            for slug in ("msg", "text", "plain"):
                page.goto(f"{base}/a/{slug}/en")
                check(page, ["application/json", "/static/serve.js"])
            page.locator("#seg2").click()  # the editor shows the payload source and mt
            expect(page.locator("#ed-source")).to_have_text(
                ALL[0]
            )  # plain.txt: its title, then ALL
            page.locator("#ed-text").fill(typed)
            page.keyboard.press("Control+Enter")
            expect(page.locator("#live")).to_have_text("Approved.")
            page.reload()
            check(page, ["application/json", "/static/serve.js"])
            expect(page.locator("#seg2")).to_have_text(typed)
        finally:
            browser.close()
    assert dialogs == [] and elsewhere == [], (dialogs, elsewhere)
    saved = polib.pofile(str(root / "locales" / "en" / "plain.po"))
    assert typed in [entry.msgstr for entry in saved]


def test_a_hostile_line_in_a_broken_po_file_is_shown_as_text(hostile, client_of, tmp_path):
    """The error naming a broken PO file quotes its line: on the index and on the article's
    own page, as text."""
    root = tmp_path / "project"
    shutil.copytree(hostile, root)
    po_path = root / "locales" / "en" / "t05.po"
    po_path.write_text(f"{XSS_CHEAT_SHEET[4]}\n{po_path.read_text(encoding='utf-8')}", "utf-8")
    client = client_of(root)
    for address, status in (("/", 200), ("/a/t05/en", 500)):
        response = client.get(address)
        assert response.status_code == status
        assert "t05.po" in response.text and "&lt;a onmouseover" in response.text
        page = serve_problems(response)
        assert not page.problems and page.scripts == SERVE_SCRIPTS, page.problems
