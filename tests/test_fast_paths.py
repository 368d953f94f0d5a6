"""The fast paths review and export take give what the plain code gave: the review JSON is
json.dumps's, the repeat finder with its prefilter is the full scan's, and only outputs
that are regenerated skip the sync to disk."""

from __future__ import annotations

import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from translate import files
from translate.qa.base import Finding
from translate.qa.shape import _MAX_NGRAM, _repeats
from translate.review import (
    ArticleReview,
    CheckFirst,
    PostEdit,
    QAItem,
    SourceChange,
    Summary,
    render_review_json,
)
from translate.states import StateCounts

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def full_scan(words: list[str]) -> list[tuple[int, int, int]]:
    """The repeat finder as it was, without the prefilter: the reference."""
    found = []
    for n in range(1, _MAX_NGRAM + 1):
        start = 0
        while start + 2 * n <= len(words):
            times = 1
            while words[start : start + n] == words[start + times * n : start + (times + 1) * n]:
                times += 1
            if times >= 2:
                found.append((n, times, start))
                start += times * n
            else:
                start += 1
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "the", "had"]), max_size=40))
def test_repeats_are_the_full_scans(words):
    assert _repeats(words) == full_scan(words)


def test_the_repeat_reference_finds_loops():
    assert full_scan(["a", "b", "a", "b", "a", "b", "c"]) == [(2, 3, 0)]
    assert _repeats(["a", "b", "a", "b", "a", "b", "c"]) == [(2, 3, 0)]


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(TEXT, min_size=6, max_size=6),
    rate=st.one_of(st.none(), st.floats(0, 1, allow_nan=False)),
    confidence=st.integers(-5, 100),
    stale=st.booleans(),
)
def test_review_json_is_json_dumps(texts, rate, confidence, stale):
    a, b, c, d, e, f = texts
    finding = Finding("numbers", "error", f)
    review = ArticleReview(
        article=a,
        source=b,
        target="en",
        catalog=c,
        machine_translation=d,
        summary=Summary(StateCounts.of(["reviewed", "machine"]), rate, 3, 1, 0, stale),
        post_edits=(PostEdit(a, b, c, "edited", 0.25, (("equal", d), ("insert", e))),),
        source_changes=(SourceChange(a, b, c, ()),) if stale else (),
        qa=(QAItem(a, b, "machine", ({"check": finding.check, "message": e},)),),
        check_first=(CheckFirst(a, f, confidence),),
    )
    expected = json.dumps(review.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert render_review_json(review) == expected


def test_only_regenerable_outputs_skip_the_sync(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(files.os, "fsync", lambda fd: synced.append(fd) or real(fd))
    files.write_atomic(tmp_path / "catalog.po", "kept\n")
    assert len(synced) == 1
    files.write_atomic(tmp_path / "page.html", "regenerated\n", durable=False)
    assert len(synced) == 1
    assert (tmp_path / "page.html").read_text() == "regenerated\n"


def _opened(monkeypatch) -> list[str]:
    """The paths write_atomic tries to open from now on (its temporary files included),
    the folder they would be in when it is not there left out."""
    opened: list[str] = []
    real = os.open

    def recording(path, flags, *args, **kwargs):
        if os.path.isdir(os.path.dirname(path)):
            opened.append(os.path.basename(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", recording)
    return opened


def test_a_page_is_compared_only_with_a_file_that_is_there(tmp_path, monkeypatch):
    """Written in chunks: a new page opens only its temporary file, never a file that is not
    there; the same page again is compared, left as it was (same inode, no temporary file
    left), a changed one replaces it keeping its permissions; a new file is 0644 whatever
    the umask, in a folder made when there is none."""
    opened = _opened(monkeypatch)
    page = tmp_path / "out" / "sub" / "page.html"
    old_umask = os.umask(0o077)
    try:
        assert files.write_atomic(page, iter(["<p>", "a", "</p>"]), durable=False)
    finally:
        os.umask(old_umask)
    assert page.read_text() == "<p>a</p>" and page.stat().st_mode & 0o777 == 0o644
    assert [name.endswith(".tmp") for name in opened] == [True]
    inode = page.stat().st_ino
    assert not files.write_atomic(page, iter(["<p>", "a</p>"]), durable=False)
    assert page.stat().st_ino == inode and os.listdir(page.parent) == ["page.html"]
    assert "page.html" in opened
    page.chmod(0o600)
    for content in (["<p>", "b</p>"], ["<p>a</p>", "!"], ["<p>"], []):
        assert files.write_atomic(page, iter(content), durable=False)
        assert page.read_text() == "".join(content) and page.stat().st_mode & 0o777 == 0o600
        assert os.listdir(page.parent) == ["page.html"]


def test_a_linked_page_stays_a_link(tmp_path):
    real = tmp_path / "real" / "page.html"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "page.html"
    link.symlink_to(real)
    assert not files.write_atomic(link, iter(["old"]), durable=False)
    assert files.write_atomic(link, iter(["new"]), durable=False)
    assert link.is_symlink() and real.read_text() == "new"
    assert real.stat().st_mode & 0o777 == 0o640
    assert files.write_atomic(link, "newer", durable=False) and real.read_text() == "newer"


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.integers(), st.none(), st.booleans(), TEXT.map(lambda t: t + "<&'\">")))
def test_page_escaping_is_the_templates(value):
    """The HTML page's rows are built in Python: every value escaped exactly as Jinja's
    autoescaping (markupsafe) writes it, markup passed through as it is."""
    from markupsafe import Markup, escape

    from translate.export.htmlrows import _text

    assert _text(value) == str(escape(value))
    assert _text(Markup("<b>&amp;</b>")) == "<b>&amp;</b>"


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab -1.\t\n\r\u2028\x00\x85*_[]<>&{}|~^$@#`\\é"), max_size=20))
def test_plain_markdown_text_is_the_full_passes(text):
    """A plain-text sentence that one scan finds nothing in is written as the full passes
    (line breaks, then character references) write it."""
    from translate.export.sanitise import escape_line_start, escape_text, markdown_text, one_line

    expected = escape_line_start(escape_text(one_line(text)).strip(" "))
    assert markdown_text(text, False) == expected


# The title row's macro as the page template had it: the reference for `htmlrows.shell`.
_SHELL_MACRO = """{%- macro shell(block, body) -%}
{%- for _ in range(block.quote_depth) %}<blockquote>{% endfor -%}
{%- if block.kind in ('heading', 'title') -%}
<h{{ block.level }}>{{ body }}</h{{ block.level }}>
{%- elif block.kind == 'list_item' -%}
{%- if block.ordered and block.number is none -%}
<div class="cont lvl-{{ block.list_level }}"><p>{{ body }}</p></div>
{%- elif block.ordered -%}
<ol class="lvl-{{ block.list_level }}"{% if block.number is not none %} start="{{ block.number }}"{% endif %}><li>{{ body }}</li></ol>
{%- else -%}
<ul class="lvl-{{ block.list_level }}"><li>{{ body }}</li></ul>
{%- endif -%}
{%- elif block.kind == 'code' -%}
<pre translate="no"><code{% if block.info %} class="language-{{ block.info }}"{% endif %}>{{ block.text }}</code></pre>
{%- elif block.kind == 'html' -%}
<pre class="raw-html" translate="no"><code>{{ block.text }}</code></pre>
{%- elif block.kind == 'rule' -%}
<hr>
{%- else -%}
<p>{{ body }}</p>
{%- endif -%}
{%- for _ in range(block.quote_depth) %}</blockquote>{% endfor -%}
{%- endmacro -%}{{ shell(block, body) }}"""  # noqa: E501


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["heading", "title", "list_item", "code", "html", "rule", "paragraph"]),
    level=st.integers(1, 6),
    ordered=st.booleans(),
    number=st.one_of(st.none(), st.integers(0, 99)),
    quote_depth=st.integers(0, 3),
    info=st.sampled_from(["", "py", 'a"<b>&']),
    text=TEXT.map(lambda t: t + "<&'\">"),
    body=TEXT,
)
def test_the_title_row_is_written_as_the_template_macro_wrote_it(
    kind, level, ordered, number, quote_depth, info, text, body
):
    from jinja2 import Environment
    from markupsafe import Markup

    from translate.export.htmlrows import shell

    block = {
        "kind": kind,
        "level": level,
        "list_level": level,
        "ordered": ordered,
        "number": number,
        "quote_depth": quote_depth,
        "info": info,
        "text": text,
    }
    spans = Markup(f"<span>{Markup.escape(body)}</span>")
    macro = Environment(autoescape=True).from_string(_SHELL_MACRO)
    assert shell(block, spans) == macro.render(block=block, body=spans)
