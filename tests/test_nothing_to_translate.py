"""Segments with nothing to translate (only code, macros, images, tags, numbers, punctuation)
never reach the model and need no approval: copied, marked `verbatim`, counted apart; machine
output an earlier run made for them gives way, what a person wrote or approved stays."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from fakes import FakeEngine

from translate import pipeline
from translate.cli import cli
from translate.markup import nothing_to_translate as nothing
from translate.markup import protect
from translate.project import load_project
from translate.qa import entry_findings
from translate.states import REVIEWED, VERBATIM, VERBATIM_NOTE, StateCounts, entry_state
from translate.status import project_status

CORPUS = Path(__file__).resolve().parent / "corpora" / "french-docs"  # licences: its README

NOTHING = [
    "`i8`",
    "`0b1111_0000`",
    "{{HTTPSidebar}}",
    "`index`{{optional_inline}}",
    "![](img/ferris.svg)",
    "[`Vec<T>`](https://doc.rust-lang.org/std/vec/struct.Vec.html)",
    "42",
    "1 000 000 €",
    "—",
    "`slides.md` :",
    "**`x`**",
    '<span id="ferris"></span>',
    '<span translate="no">Jeanne Dupont</span>',
    "{% include pied.html %}",
    "&nbsp;",
]
WORDS = [
    "Taille",
    "8 bits",
    "Octet (`u8` seulement)",
    "[le lien](https://x.org)",
    "Voir {{jsxref('Array')}}.",
    "*Attention*",
    '<span class="filename">Fichier : src/main.rs</span>',
    "x2/>",
    "IV",
    "![Ferris](img/ferris.svg)",  # an image's alt text is translated (docs/markup.md)
]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing_to_translate(text):
    assert nothing(protect(text))


@pytest.mark.parametrize("text", WORDS)
def test_words_to_translate(text):
    assert not nothing(protect(text))


@pytest.mark.parametrize(
    ("html", "expected"),
    [("<code>i8</code>", True), ("42 %", True), ("Le <em>budget</em>", False)],
)
def test_html_articles_are_judged_by_their_own_markup(html, expected):
    from translate.htmlread import protect_html

    assert nothing(protect_html(html)) is expected


PAGE = """# Les types

| Longueur | Signé | Non signé |
|----------|-------|-----------|
| 8 bits | `i8` | `u8` |
| 16 bits | `i16` | `u16` |

{{Compat}}

![Ferris](img/ferris.svg)

![](img/logo.png)

<img alt="s1 et s2 qui pointent vers la même valeur" src="img/trpl04-02.svg"
class="center" />

Un entier est un nombre.

2024
"""
IMG = (
    '<img alt="s1 et s2 qui pointent vers la même valeur" src="img/trpl04-02.svg" class="center" />'
)
COPIED = ["`i8`", "`u8`", "`i16`", "`u16`", "{{Compat}}", "![](img/logo.png)", IMG, "2024"]


def _project(tmp_path: Path, text: str = PAGE) -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / "types.md").write_text(text, encoding="utf-8")
    return tmp_path


def _run(root: Path, engine: FakeEngine):
    return pipeline.translate_project(load_project(root), engine_factory=lambda target: engine)


def _catalog(root: Path) -> polib.POFile:
    return polib.pofile(str(root / "locales" / "en" / "types.po"))


def test_copies_never_reach_the_model_and_need_no_approval(tmp_path, msgfmt_check):
    root = _project(tmp_path)
    engine = FakeEngine()
    report = _run(root, engine)
    sent = [text for call in engine.calls for text in call]
    assert not set(COPIED) & set(sent)
    assert "Un entier est un nombre." in sent and "Longueur" in sent
    catalog = _catalog(root)
    for msgid in COPIED:
        entry = catalog.find(msgid)
        assert entry.msgstr == msgid and "fuzzy" not in entry.flags
        assert VERBATIM_NOTE in entry.comment.split("\n")
        assert entry_state(entry) == VERBATIM
    assert report.outcomes[0].reused == 0
    msgfmt_check(root / "locales" / "en" / "types.po")
    # counted apart: the percentage is that of what needs review
    row = project_status(load_project(root)).articles[0]
    assert row.states.counts[VERBATIM] == len(COPIED)
    assert row.states.total == len(catalog) - len(COPIED)
    assert row.states.percent == 0
    # a copy is identical to its source by design (the image's French alt text included):
    # no QA finding says otherwise
    copies = [e for e in catalog if e.msgid in COPIED]
    assert entry_findings(copies, catalog.metadata) == [[]] * len(COPIED)


def test_status_shows_the_count(tmp_path):
    root = _project(tmp_path)
    _run(root, FakeEngine())
    result = CliRunner().invoke(cli, ["--project", str(root), "status"])
    header, row = result.output.splitlines()[:2]
    columns = header.split()
    assert "verbatim" in columns
    assert row.split()[columns.index("verbatim")] == str(len(COPIED))
    result = CliRunner().invoke(cli, ["--project", str(root), "status", "--json"])
    assert f'"verbatim": {len(COPIED)}' in result.output


def test_a_person_changing_a_copy_makes_it_reviewed(tmp_path):
    root = _project(tmp_path)
    _run(root, FakeEngine())
    catalog = _catalog(root)
    entry = catalog.find("2024")
    entry.msgstr = "2 024"
    assert entry_state(entry) == REVIEWED
    entry.msgstr, entry.flags = "2024", ["fuzzy"]
    assert entry_state(entry) != VERBATIM


def test_existing_entries_follow_msgmerge_semantics(tmp_path):
    """Machine output for a copy gives way; a person's approval or edit is never lost."""
    root = _project(tmp_path)
    _run(root, FakeEngine())
    catalog = _catalog(root)
    # as an earlier diptych left them: machine gibberish, approved gibberish, an edit
    for msgid, msgstr, fuzzy in (
        ("`i8`", "<x1/> `i8`", True),
        ("`u8`", "`u8` (approved)", False),
        ("`i16`", "`i16` edited", True),
    ):
        entry = catalog.find(msgid)
        entry.msgstr = msgstr
        entry.flags = ["fuzzy"] if fuzzy else []
        entry.comment = "table cell\nmt: <x1/> `i8`\nmarkup: code 1 missing, appended"
    catalog.save()
    states = [entry_state(catalog.find(m)) for m in ("`i8`", "`u8`", "`i16`")]
    assert states == ["machine", REVIEWED, "edited"]
    # the source changes: the article is merged again
    _project(tmp_path, PAGE + "\nUne phrase de plus.\n")
    engine = FakeEngine()
    _run(root, engine)
    after = _catalog(root)
    copy = after.find("`i8`")
    assert copy.msgstr == "`i8`" and entry_state(copy) == VERBATIM
    assert "mt:" not in copy.comment and "markup:" not in copy.comment
    approved = after.find("`u8`")
    assert approved.msgstr == "`u8` (approved)" and entry_state(approved) == REVIEWED
    edited = after.find("`i16`")
    assert edited.msgstr == "`i16` edited" and "fuzzy" in edited.flags
    assert [text for call in engine.calls for text in call] == ["Une phrase de plus."]


def test_counts_apart_keep_the_percentage_honest():
    counts = StateCounts.of([REVIEWED, "machine", VERBATIM, VERBATIM])
    assert (counts.total, counts.segments, counts.reviewed, counts.percent) == (2, 4, 1, 50)
    assert StateCounts.of([VERBATIM]).percent == 100


def test_the_real_pages(tmp_path):
    """On the 18 pages: the code-only cells of the Rust book's integer table and MDN's
    macro-only lines are copied; prose around them is not."""
    (tmp_path / "seeds").mkdir()
    for page in CORPUS.glob("*.md"):
        if page.name != "README.md":
            shutil.copy(page, tmp_path / "seeds" / page.name)
    engine = FakeEngine()
    pipeline.translate_project(load_project(tmp_path), engine_factory=lambda target: engine)
    sent = {text for call in engine.calls for text in call}
    copies = set()
    for po in (tmp_path / "locales" / "en").glob("*.po"):
        copies |= {e.msgid for e in polib.pofile(str(po)) if entry_state(e) == VERBATIM}
    assert {"`i8`", "`u128`", "`0xff`", "{{Compat}}", "{{Specifications}}"} <= copies
    assert not copies & sent
    assert "Les types de données" in sent and "Les types de données" not in copies
    rows = project_status(load_project(tmp_path)).articles
    assert sum(row.states.counts[VERBATIM] for row in rows) == len(copies)
