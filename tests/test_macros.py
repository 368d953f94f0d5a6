"""Template macros and shortcodes, and text its author marked not to translate: kept away from
the model, never split by the segmenter, written back verbatim where the source has them, and
never made live where a translation adds them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from fakes import FakeEngine
from hypothesis import given
from hypothesis import strategies as st

from translate import pipeline
from translate.cli import cli
from translate.drafts import _mask
from translate.export.sanitise import safe_markdown
from translate.glossary import Glossary
from translate.inline import macro_pattern
from translate.markup import protect, restore
from translate.project import load_project
from translate.read import parse_markdown_document
from translate.segment import split_sentences

CORPUS = Path(__file__).resolve().parent / "corpora" / "french-docs"  # licences: its README

# (segment, the macros it holds): each one an atom, whole.
MACRO_CASES = [
    ('Voir {{jsxref("Array.prototype.map()")}} ici.', ['{{jsxref("Array.prototype.map()")}}']),
    ("{{HTTPSidebar}}", ["{{HTTPSidebar}}"]),
    ('Une image {{< figure src="a.png" title="Vue. Mer" >}} ici.', []),
    ("Un extrait {{% note %}}texte{{% /note %}} fin.", ["{{% note %}}", "{{% /note %}}"]),
    ("Avec Liquid {% include bas.html titre='x' %} et {{ page.title }}.", []),
    ("`index`{{optional_inline}}", ["{{optional_inline}}"]),
    ("Vue écrit {{ { a: 1 } }} ainsi.", ["{{ { a: 1 } }}"]),
    ("Un [lien {{macro}}](https://x.org) et *{{gras}}*.", ["{{macro}}", "{{gras}}"]),
    ("Qu'est-ce que Vue ? {#what-is-vue}", ["{#what-is-vue}"]),  # a heading's anchor
    ("Titre {#id .classe}", ["{#id .classe}"]),  # Pandoc and kramdown attributes
    ("Avant {# une note de Jinja #} après.", ["{# une note de Jinja #}"]),
]


def _macros(text: str) -> list[str]:
    return macro_pattern().findall(text)


@pytest.mark.parametrize(("text", "expected"), MACRO_CASES)
def test_each_macro_is_an_atom_never_seen_by_the_model(text, expected):
    found = _macros(text)
    assert found, "the case holds a macro"
    if expected:
        assert found == expected
    protected = protect(text)
    pieces = [piece.open for piece in protected.pieces if piece.kind == "macro"]
    assert pieces == found
    for macro in found:
        assert macro not in protected.masked
    assert "{" not in protected.masked and "}" not in protected.masked
    assert restore(protected, protected.masked).text == text


def test_a_macro_the_model_lost_comes_back_with_a_note():
    protected = protect("Voir {{jsxref('Array')}} ici.")
    restored = restore(protected, "See here.")
    assert restored.text == "See here {{jsxref('Array')}}."
    assert restored.problems == ("macro 1 missing, appended",)


def test_a_macro_inside_a_code_span_stays_code():
    protected = protect("Écrire `{{ message }}` dans le gabarit.")
    assert [piece.kind for piece in protected.pieces] == ["code"]


# (text, number of sentences): a `.` or `?` inside a macro never ends a sentence
SPLIT_CASES = [
    ('Voir {{ note("Fin. Début") }} ici. Puis la suite.', 2),
    ("Le tag {% if a. Bien %} marche. Oui, vraiment.", 2),
    ('{{< figure caption="Une vue. La mer" >}} Puis. Encore une.', 2),
    ("{{ Fin? Oui! Non. }} Suite ici.", 1),
]


@pytest.mark.parametrize(("text", "count"), SPLIT_CASES)
def test_the_segmenter_never_cuts_a_macro(text, count):
    spans = split_sentences(text)
    assert len(spans) == count
    for macro in re.finditer(macro_pattern(), text):
        assert any(s <= macro.start() and macro.end() <= e for s, e in spans), macro.group()


def test_source_macros_are_written_verbatim_never_escaped():
    text = 'Voir {{jsxref("Array")}}, {{< figure src="x" >}} et {% raw %}.'
    assert safe_markdown(text) == text


def test_a_heading_anchor_is_written_back_as_the_source_has_it():
    """A translation that keeps `{#what-is-vue}` keeps the page's link target; one that
    invents an anchor gets text."""
    source = "Qu'est-ce que Vue ? {#what-is-vue}"
    assert safe_markdown("What is Vue? {#what-is-vue}", source=source).endswith("{#what-is-vue}")
    assert "{#other}" not in safe_markdown("What is Vue? {#other}", source=source)


def test_a_translation_keeps_only_the_macros_of_its_source():
    source = 'Voir {{jsxref("Array")}}.'
    out = safe_markdown('See {{jsxref("Array")}} and {{jsxref("Evil")}} {% x %}.', source)
    assert out.startswith('See {{jsxref("Array")}} and &#123;&#123;jsxref("Evil")')
    assert _macros(out) == ['{{jsxref("Array")}}']


_PIECES = st.sampled_from(["{", "}", "{{", "}}", "{%", "%}", "<", ">", " ", "x", ".", "`", "\\"])


@given(
    st.lists(st.one_of(_PIECES, st.sampled_from(["{{a}}", "{% b %}", "{{< c >}}"])), max_size=25)
)
def test_no_translation_makes_a_macro_its_source_does_not_have(parts):
    """Whatever a translation holds, every macro of the exported text (as a site generator
    would find it) is one its source has."""
    source = "Voir {{a}} et {% b %}."
    out = safe_markdown("".join(parts), source)
    allowed = set(_macros(source))
    assert set(_macros(out)) <= allowed, out
    assert "{\\{" not in out


_HOSTILE = st.sampled_from(
    ["{{", "}}", "{%", "%}", "[", "]", "(javascript:alert(1))", "<script>", "<", "`", "x", " "]
)


@given(st.lists(_HOSTILE, max_size=20), st.lists(_HOSTILE, max_size=20))
def test_a_hostile_macro_never_makes_live_markup(source_parts, target_parts):
    """Macros are written as they are, but a renderer that does not expand them must find no
    live link, tag or script in them, in a source or in its translation."""
    from markdown_it import MarkdownIt

    source = "".join(source_parts)
    renderer = MarkdownIt("commonmark", {"html": True})
    for out in (safe_markdown(source), safe_markdown("".join(target_parts), source)):
        rendered = renderer.render(out)
        assert "javascript:" not in "".join(re.findall(r'href="[^"]*"', rendered)), out
        assert "<script" not in rendered, out


def test_a_macro_with_a_bracket_is_written_as_text():
    source = "[a {{b](javascript:alert(1))}}](https://x.org)"
    out = safe_markdown(source)
    assert "{{b]" not in out and "&#123;&#123;b&#93;" in out


def test_an_html_element_marked_translate_no_is_one_atom():
    text = 'La maire, <span translate="no">Jeanne Dupont</span>, a parlé.'
    protected = protect(text)
    assert protected.masked == "La maire, <x1/>, a parlé."
    assert protected.pieces[0].kind == "kept"
    assert restore(protected, "The mayor, <x1/>, spoke.").text == (
        'The mayor, <span translate="no">Jeanne Dupont</span>, spoke.'
    )
    # without the attribute, the words inside are prose
    assert protect("<span>Jeanne</span> parle").masked == "<g1>Jeanne</g1> parle"


# ---------------------------------------------------------------- the project's own syntax


def test_a_project_pattern_is_kept_from_the_model_and_never_cut(tmp_path):
    (tmp_path / "seeds").mkdir()
    text = "Bonjour %%NOM. Complet%% et {{ page }}, à bientôt."
    (tmp_path / "seeds" / "a.md").write_text(f"# Titre\n\n{text} Merci.\n", encoding="utf-8")
    (tmp_path / "diptych.toml").write_text('[markup]\nprotect = ["%%[^%]+%%"]\n')
    project = load_project(tmp_path)
    engine = FakeEngine()
    pipeline.translate_project(project, engine_factory=lambda target: engine)
    sent = [text for call in engine.calls for text in call]
    assert "Bonjour <x1/> et <x2/>, à bientôt." in sent
    assert not any("%%" in text or "{{" in text for text in sent)
    catalog = polib.pofile(str(tmp_path / "locales" / "en" / "a.po"))
    assert catalog.find(text).msgstr == f"EN<{text}>"
    # the setting is part of the source key: changing it makes the catalog follow
    before = catalog.metadata["X-Source-Hash"]
    (tmp_path / "diptych.toml").write_text('[markup]\nprotect = ["%%[A-Z]+%%"]\n')
    pipeline.translate_project(load_project(tmp_path), engine_factory=lambda target: engine)
    after = polib.pofile(str(tmp_path / "locales" / "en" / "a.po"))
    assert after.metadata["X-Source-Hash"] != before
    assert after.find("Bonjour %%NOM.") is not None  # cut there, now that it is prose


def test_without_the_setting_the_same_text_is_prose():
    _protected, sources = _mask(["Bonjour %%NOM%%."], {"Bonjour %%NOM%%.": frozenset()}, Glossary())
    assert sources == ["Bonjour %%NOM%%."]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[markup]\nprotect = ["foo("]\n', "is not a regular expression"),
        ('[markup]\nprotect = ["a*"]\n', "matches empty text"),
        ('[markup]\nprotect = "x"\n', "must be a list of regular expressions"),
        ('[markup]\nprotekt = ["x"]\n', "did you mean protect"),
    ],
)
def test_a_bad_pattern_is_one_clear_error(tmp_path, toml, message):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.md").write_text("Bonjour.\n", encoding="utf-8")
    (tmp_path / "diptych.toml").write_text(toml)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "status"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines


# ---------------------------------------------------------------- marked not to translate

MARKED = """# Titre

Premier paragraphe à traduire.

<!-- mdpo-disable-next-line -->
Ce *paragraphe* reste en français.

Celui-ci se traduit.

<!-- diptych-disable -->
## Nom propre

- Élément **un**

| A | B |
|---|---|
| x `y` | z |

<!-- mdpo-enable-next-line -->
Exception traduite.

Encore gardé.
<!-- DIPTYCH-ENABLE -->

Dernier paragraphe.
"""


def test_blocks_marked_not_to_translate_are_flagged_by_the_reader():
    _title, blocks, _refs = parse_markdown_document(MARKED)
    kept = [block.text for block in blocks if block.kept]
    assert kept == [
        "Ce *paragraphe* reste en français.",
        "Nom propre",
        "Élément **un**",
        "A",
        "B",
        "x `y`",
        "z",
        "Encore gardé.",
    ]


def _marked_project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.md").write_text(MARKED, encoding="utf-8")
    return tmp_path


def test_marked_blocks_are_not_extracted_and_export_as_the_source(tmp_path):
    root = _marked_project(tmp_path)
    engine = FakeEngine()
    pipeline.translate_project(load_project(root), engine_factory=lambda target: engine)
    catalog = polib.pofile(str(root / "locales" / "en" / "a.po"))
    assert [e.msgid for e in catalog] == [
        "Titre",
        "Premier paragraphe à traduire.",
        "Celui-ci se traduit.",
        "Exception traduite.",
        "Dernier paragraphe.",
    ]
    for entry in catalog:
        entry.msgstr, entry.flags = f"EN {entry.msgid}", []
    catalog.save()
    runner = CliRunner()
    for layout in ("target", "side-by-side"):
        result = runner.invoke(
            cli, ["--project", str(root), "export", "--format", "md", "--layout", layout]
        )
        assert result.exit_code == 0, result.output
    target = (root / "build" / "a.en.target.md").read_text(encoding="utf-8")
    for kept in ("Ce *paragraphe* reste en français.", "## Nom propre", "- Élément **un**"):
        assert kept in target
    assert "| x `y` | z |" in target and "Encore gardé." in target
    assert "EN Celui-ci se traduit." in target and "EN Exception traduite." in target
    side = (root / "build" / "a.en.md").read_text(encoding="utf-8")
    row = next(line for line in side.splitlines() if "Ce *paragraphe*" in line)
    assert row.count("Ce *paragraphe* reste en français.") == 2  # both columns


# ---------------------------------------------------------------- the real pages


def _corpus_project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    for page in CORPUS.glob("*.md"):
        if page.name != "README.md":
            shutil.copy(page, tmp_path / "seeds" / page.name)
    return tmp_path


def _outside_code(text: str) -> str:
    """The inline text of a Markdown document without its code spans (macros in code are
    code), as markdown-it reads it: code blocks, HTML blocks and front matter left out."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = "\n".join(token.content for token in tokens if token.type == "inline")
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", inline, flags=re.DOTALL)


def test_every_macro_of_the_real_pages_survives_every_export(tmp_path):
    root = _corpus_project(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["--project", str(root), "translate", "--engine", "none"])
    assert result.exit_code == 0, result.output
    for po in (root / "locales" / "en").glob("*.po"):
        catalog = polib.pofile(str(po))
        for entry in catalog:
            entry.msgstr, entry.flags = entry.msgid, []
        catalog.save()
    for layout in ("target", "side-by-side", "interleaved"):
        args = ["--project", str(root), "export", "--format", "md", "--format", "html"]
        result = runner.invoke(cli, [*args, "--layout", layout])
        assert result.exit_code == 0, result.output
    for output in (root / "build").iterdir():
        assert "{\\{" not in output.read_text(encoding="utf-8"), output.name
    mdn = (root / "seeds" / "mdn-js-array-map.md").read_text(encoding="utf-8")
    target = (root / "build" / "mdn-js-array-map.en.target.md").read_text(encoding="utf-8")
    wanted = _macros(_outside_code(mdn))
    assert len(wanted) >= 10
    assert _macros(_outside_code(target)) == wanted
    for page in (root / "seeds").glob("*.md"):
        exported = root / "build" / f"{page.stem}.en.target.md"
        source_macros = _macros(_outside_code(page.read_text(encoding="utf-8")))
        assert _macros(_outside_code(exported.read_text(encoding="utf-8"))) == source_macros
