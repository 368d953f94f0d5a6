# ruff: noqa: E501 - the articles read best one paragraph per line
"""Language profiles: the registry, the generic fallback and its warning, the CLI override."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest

from translate.languages import FIRST_CLASS, REGISTRY, endonym, get_profile, profile
from translate.project import load_project
from translate.segment import split_sentences


def pieces(text: str, language: str) -> list[str]:
    profile, _ = get_profile(language)
    return [text[start:end] for start, end in split_sentences(text, (), profile)]


def test_first_class_profiles_load_with_no_warning():
    assert set(FIRST_CLASS) == {"en", "fr", "de", "es", "it", "pt", "nl"}
    for code in FIRST_CLASS:
        profile, warning = get_profile(code)
        assert profile.code == code and warning is None
        assert profile.no_split and profile.quotes and profile.stopwords and profile.multipliers
        # English sentences split by the titles rule alone, as before English had a profile.
        assert profile.starters or code == "en"


def test_regional_codes_use_the_base_language():
    assert get_profile("pt-BR")[0].code == "pt"
    assert get_profile("de_AT")[0].code == "de"


def test_endonym_is_what_the_language_calls_itself():
    assert [endonym(code) for code in ("fr", "en", "de", "es", "it", "pt", "nl")] == [
        "Français",
        "English",
        "Deutsch",
        "Español",
        "Italiano",
        "Português",
        "Nederlands",
    ]
    assert endonym("pt-BR") == "Português" and endonym("DE_at") == "Deutsch"
    assert endonym("ja") == "ja"  # no profile: the code as given, never "generic"


@pytest.mark.parametrize("code", [*FIRST_CLASS, "ja"])
def test_plural_forms_are_a_gettext_rule_for_every_count(code):
    """Each profile's Plural-Forms parses as gettext's and picks a form that exists."""
    match = re.fullmatch(r"nplurals=(\d+); plural=(.+);", profile(code).plural_forms)
    assert match, profile(code).plural_forms
    rule = gettext.c2py(match[2])
    assert {rule(n) for n in range(200)} == set(range(int(match[1])))


def test_catalog_header_takes_the_target_profiles_plural_forms():
    from translate.catalog import CatalogInfo, merge_catalog

    def plural(target: str) -> str:
        info = CatalogInfo("a", "seeds/a.txt", "en", target)
        return merge_catalog(info, [], None).metadata["Plural-Forms"]

    assert plural("fr") == plural("fr-CA") == "nplurals=2; plural=(n > 1);"  # 0 and 1: singular
    assert plural("de") == plural("en") == plural("ja") == "nplurals=2; plural=(n != 1);"


def test_qa_reads_each_fact_from_the_profile():
    """QA's conventions are the profile's facts, English included; nothing is QA's own."""
    from translate.qa import conventions

    english, french, german = conventions("en"), conventions("fr"), conventions("de-AT")
    assert english.words["dozen"] == 12 and english.multipliers["bn"] == 10**9
    assert "the" in english.function_words and "that" not in english.never_doubled
    assert {"nous", "qu", "chez"} <= french.function_words  # the list QA was tuned with
    assert "nous" not in french.never_doubled  # "nous nous sommes vus" is French
    assert french.function_words == profile("fr").function_words
    assert german.never_doubled == german.function_words == profile("de").stopwords
    assert (english.thousand_points, french.thousand_points, german.thousand_points) == (0, 2, 1)
    assert french.roman_century and not german.roman_century


def test_other_languages_get_the_generic_profile_and_a_one_line_warning():
    profile, warning = get_profile("ja")
    assert profile.code == "und"
    assert warning is not None and "'ja'" in warning and "\n" not in warning


def test_profiles_are_imported_lazily():
    code = (
        "import sys, translate.segment, translate.project;"
        "print(sorted(m for m in sys.modules if m.startswith('translate.languages.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert set(REGISTRY.values()) == set(FIRST_CLASS)


def test_scripts_without_spaces_split_after_fullwidth_terminators():
    text = "東京で会議が開かれた。首相が出席した！本当か？ はい。"
    assert pieces(text, "ja") == [
        "東京で会議が開かれた。",
        "首相が出席した！",
        "本当か？",
        "はい。",
    ]
    # French has no full-width rule: the text stays one sentence.
    assert pieces(text, "fr") == [text]


def test_the_same_text_splits_by_the_language_of_its_profile():
    text = "Die Wahl findet am 3. Oktober statt. Der 2. Weltkrieg endete 1945."
    assert pieces(text, "de") == [
        "Die Wahl findet am 3. Oktober statt.",
        "Der 2. Weltkrieg endete 1945.",
    ]
    assert len(pieces(text, "fr")) == 4


def _project(tmp_path: Path, source: str, text: str) -> Path:
    (tmp_path / "seeds").mkdir(parents=True)
    (tmp_path / "seeds" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "diptych.toml").write_text(f'source = "{source}"\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("source", ["de", "fr"])
def test_project_source_picks_the_profile(tmp_path, cli_run, source):
    root = _project(tmp_path, source, "Titel\n\nEs geschah am 3. Oktober. Dann kam Ruhe.\n")
    assert load_project(root).source_profile.code == source
    result = cli_run("segment", "a", root=root)
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line]
    expected = 3 if source == "de" else 4
    assert len(lines) == expected, lines


def test_segment_source_option_overrides_the_project(tmp_path, cli_run):
    root = _project(tmp_path, "fr", "Titel\n\nEs geschah am 3. Oktober. Dann kam Ruhe.\n")
    result = cli_run("segment", "a", "--source", "de", root=root)
    assert [line for line in result.stdout.splitlines() if line][1] == "Es geschah am 3. Oktober."
    assert "Warning" not in result.stderr


def test_segment_warns_once_for_a_language_without_profile(tmp_path, cli_run):
    root = _project(tmp_path, "fr", "題名\n\n会議が開かれた。首相が出席した。\n")
    result = cli_run("segment", "a", "--source", "ja", root=root)
    assert result.exit_code == 0
    assert result.stderr.count("Warning:") == 1 and "'ja'" in result.stderr
    assert "会議が開かれた。\n首相が出席した。" in result.stdout


def _load_tables(name: str = "segment_cases_languages"):
    # Loaded by path, like tests/segment_cases.py.
    import importlib.util

    here = Path(__file__).resolve().parent
    spec = importlib.util.spec_from_file_location(name, here / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_LANGUAGE_TABLES = _load_tables()


@pytest.mark.parametrize("language", sorted(_LANGUAGE_TABLES.TABLES))
def test_language_table_boundary_f1(language):
    cases = _LANGUAGE_TABLES.TABLES[language]
    assert len(cases) >= 40
    results = [(case.expected, pieces(case.text, language)) for case in cases]
    f1, _, fp, fn = _LANGUAGE_TABLES.boundary_f1(results)
    wrong = [got for expected, got in results if list(expected) != got]
    assert f1 >= 0.97, wrong
    assert not wrong, wrong  # today every case passes exactly; keep it so


_PYSBD_TABLES = _load_tables("segment_cases_pysbd")


@pytest.mark.parametrize("language", sorted(_PYSBD_TABLES.TABLES))
def test_pysbd_public_cases_pass_exactly(language):
    """pySBD passes its own cases by construction; diptych must be at its level on them."""
    results = [
        (case.expected, pieces(case.text, language)) for case in _PYSBD_TABLES.TABLES[language]
    ]
    wrong = [got for expected, got in results if list(expected) != got]
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # An ellipsis glued to the first word opens a sentence, whatever its case.
        (
            "nl",
            "Het was stil. ...en toen kwam de storm.",
            ["Het was stil.", "...en toen kwam de storm."],
        ),
        ("fr", "Il hésita. …puis il partit.", ["Il hésita.", "…puis il partit."]),
        ("it", "Rimase zitto. ...e poi se ne andò.", ["Rimase zitto.", "...e poi se ne andò."]),
        # Not glued, the lowercase word continues the sentence; an abbreviation still holds.
        ("fr", "Il hésita... puis il partit.", ["Il hésita... puis il partit."]),
        ("nl", "Het rapport van dhr. ...en anderen.", ["Het rapport van dhr. ...en anderen."]),
    ],
)
def test_a_sentence_may_open_on_a_glued_ellipsis(language, text, expected):
    assert pieces(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # A quotation followed by its source in brackets is one segment.
        (
            "it",
            '"Ei fu. Siccome immobile" (Manzoni). Poi il silenzio.',
            ['"Ei fu. Siccome immobile" (Manzoni).', "Poi il silenzio."],
        ),
        (
            "fr",
            "« C’est fini. Place aux jeunes » (Victor Hugo, 1862).",
            ["« C’est fini. Place aux jeunes » (Victor Hugo, 1862)."],
        ),
        # A bracketed sentence or a lowercase aside is not a source: the quotation splits.
        (
            "fr",
            "« Je pars. Tu restes. » (rires).",
            ["« Je pars.", "Tu restes. » (rires)."],
        ),
        (
            "fr",
            "« Je pars. Tu restes. » (Il sourit.)",
            ["« Je pars.", "Tu restes. »", "(Il sourit.)"],
        ),
        # Straight quotes pair like curly ones: attributed, they stay whole ...
        (
            "it",
            '"È finita. Largo ai giovani", ha detto.',
            ['"È finita. Largo ai giovani", ha detto.'],
        ),
        (
            "de",
            '"Es ist vorbei. Jetzt die Jungen", sagte er.',
            ['"Es ist vorbei. Jetzt die Jungen", sagte er.'],
        ),
        # ... not attributed, they split; inches are not quotation marks.
        (
            "it",
            '"È finita. Largo ai giovani." Poi se ne andò.',
            ['"È finita.', 'Largo ai giovani."', "Poi se ne andò."],
        ),
        (
            "it",
            'Lo schermo misura 27" di diagonale. Il prezzo, "basso", sorprende.',
            ['Lo schermo misura 27" di diagonale.', 'Il prezzo, "basso", sorprende.'],
        ),
    ],
)
def test_quotation_followed_by_its_source_or_in_straight_quotes(language, text, expected):
    assert pieces(text, language) == expected


def test_boundary_f1_counts_misses_and_extra_splits():
    f1, tp, fp, fn = _LANGUAGE_TABLES.boundary_f1(
        [(("A b.", "C d.", "E."), ["A b. C d.", "E."]), (("X.",), ["X", "."])]
    )
    assert (tp, fp, fn) == (1, 1, 1) and f1 == pytest.approx(0.5)


_ARTICLES = {
    "de": "Wahl in Bayern\n\nDie Wahl findet am 3. Oktober statt. Dr. Müller verspricht 2,5 Milliarden.\n",
    "es": "Elecciones\n\n¿Quién ganará? El Sr. García promete 2 mil millones.\n",
    "it": "Elezioni\n\nIl sig. Rossi promette 4 miliardi. Il voto è il 3 ott. 2026.\n",
    "pt": "Eleições\n\nO Sr. Silva promete 3 bilhões. A votação é a 3 de out. de 2026.\n",
    "nl": "Verkiezingen\n\nDhr. Jansen belooft 1,2 miljard. De stemming is op 3 okt. 2026.\n",
}
# the number each article's QA must read in its own notation
_NUMBERS = {
    "de": "“2,5 Milliarden”",
    "es": "“2 mil millones”",
    "it": "“4 miliardi”",
    "pt": "“3 bilhões”",
    "nl": "“1,2 miljard”",
}


@pytest.mark.parametrize("language", sorted(_ARTICLES))
def test_project_in_each_language_translates_reviews_and_exports(
    tmp_path, cli_run, argos_dir, language
):
    """Each first-class language through every stage with its own random-weight xx->en
    package (tokenizer trained on tests/text/xx.txt): segmentation by the source profile,
    the real Argos engine, review with QA by the pair, export."""
    import dataclasses
    import json

    from argos_package import GERMAN_SPEC, build_package

    spec = dataclasses.replace(GERMAN_SPEC, from_code=language)
    archive = build_package(tmp_path / "build-package", spec)
    root = _project(tmp_path / f"{language}-project", language, _ARTICLES[language])
    assert cli_run("models", "install", str(archive), root=root).exit_code == 0
    result = cli_run("translate", root=root)
    assert result.exit_code == 0, result.output
    catalog = (root / "locales" / "en" / "a.po").read_text(encoding="utf-8")
    assert catalog.count('msgid "') - 1 == 3, catalog  # title + two sentences
    assert f'"X-Source-Language: {language}\\n"' in catalog
    assert catalog.count("#. mt: ") == 3  # every segment went through the model
    reviewed = cli_run("review", root=root)
    assert reviewed.exit_code == 0, reviewed.output
    report = json.loads((root / "reviews" / "a.en.json").read_text(encoding="utf-8"))
    findings = [f for item in report["qa"] for f in item["findings"]]
    # the random-weight model loses the number: QA names it as the source language wrote it
    assert _NUMBERS[language] in " ".join(f["message"] for f in findings), findings
    assert not [f for f in findings if f["check"] == "french-typography"]
    result = cli_run("export", root=root)
    assert result.exit_code == 0, result.output
    assert list((root / "build").rglob("*.html"))


_GERMAN_ARTICLE = """Streik legt Flughäfen lahm

Ein Warnstreik hat am 3. Oktober den Betrieb an mehreren Flughäfen gestört. Die Gewerkschaft fordert 12,5 Prozent mehr Lohn.

„Wir bleiben hart“, sagte der Sprecher. Der Schaden liegt bei 2,5 Milliarden Euro.
"""


def test_german_article_end_to_end_with_the_de_en_model(
    tmp_path, cli_run, argos_dir, german_archive, msgfmt_check
):
    """translate -> review -> export on a German article, through the real Argos engine."""
    import json

    root = _project(tmp_path, "de", _GERMAN_ARTICLE)
    installed = cli_run("models", "install", str(german_archive), root=root)
    assert installed.exit_code == 0, installed.output
    assert cli_run("models", "list", root=root).output.startswith("de->en\t")
    result = cli_run("translate", root=root)
    assert result.exit_code == 0, result.output
    po = root / "locales" / "en" / "a.po"
    assert msgfmt_check(po) == ""
    from translate.catalog import load_catalog
    from translate.states import entry_state

    catalog = load_catalog(po)
    assert catalog.metadata["X-Source-Language"] == "de"
    assert catalog.metadata["Language"] == "en"
    assert catalog.metadata["X-Machine-Translation"].startswith("Argos Translate ")
    msgids = [e.msgid for e in catalog]
    # segmented by the German profile: "am 3. Oktober" does not end a sentence
    assert "Ein Warnstreik hat am 3. Oktober den Betrieb an mehreren Flughäfen gestört." in msgids
    assert {entry_state(e) for e in catalog} == {"machine"}
    reviewed = cli_run("review", root=root)
    assert reviewed.exit_code == 0, reviewed.output
    report = json.loads((root / "reviews" / "a.en.json").read_text(encoding="utf-8"))
    findings = [f for item in report["qa"] for f in item["findings"]]
    messages = " ".join(f["message"] for f in findings)
    # the random-weight model drops the numbers; QA reads them the German way
    assert "“2,5 Milliarden”" in messages and "“12,5”" in messages
    assert not [f for f in findings if f["check"] == "french-typography"]
    exported = cli_run("export", root=root)
    assert exported.exit_code == 0, exported.output
    pages = [p for p in (root / "build").rglob("a*.html")]
    assert pages, sorted(p.name for p in (root / "build").rglob("*"))
    html = pages[0].read_text(encoding="utf-8")
    assert 'lang="de"' in html
    assert "Flughäfen" in html and "„Wir bleiben hart“" in html
