"""The glossary and the confidence score, end to end with the random-weight test model."""

from __future__ import annotations

import json

import polib
import pytest

from translate.catalog import load_catalog
from translate.states import MACHINE, entry_state, machine_confidence, machine_output

GLOSSARY = "source,target,note\nAnthropic,Anthropic,company\nOpenAI,OpenAI,company\n"
GLOSSARY += "garde-fous,guardrails,newsroom term\n"
TERMS = {"Anthropic": "Anthropic", "OpenAI": "OpenAI", "garde-fous": "guardrails"}


@pytest.fixture
def translated(cli_run, project, argos_dir, tiny_archive):
    """The seed articles (no reviewed catalogs) translated by the test model with a glossary."""
    (project / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert cli_run("models", "install", str(tiny_archive)).exit_code == 0
    result = cli_run("translate")
    assert result.exit_code == 0, result.output
    return project


def _entries(project):
    for po in sorted((project / "locales" / "en").glob("*.po")):
        yield po, [e for e in load_catalog(po) if e.msgid and not e.obsolete]


def test_terms_reach_every_machine_sentence_with_comments(translated, msgfmt_check):
    seen = set()
    for po, entries in _entries(translated):
        assert msgfmt_check(po) == ""
        for entry in entries:
            found = sorted(
                (entry.msgid.index(s), s, t) for s, t in TERMS.items() if s in entry.msgid
            )
            expected = [f"term: {s} → {t}" for _, s, t in found]
            lines = entry.comment.splitlines()
            assert [line for line in lines if line.startswith("term: ")] == expected
            for source, target in TERMS.items():
                if source in entry.msgid:
                    seen.add(source)
                    assert target in entry.msgstr, (entry.msgid, entry.msgstr)
            assert entry_state(entry) == MACHINE
    assert seen == set(TERMS)


def test_every_machine_entry_carries_a_confidence(translated):
    for _po, entries in _entries(translated):
        for entry in entries:
            confidence = machine_confidence(entry)
            assert confidence is not None and 0 <= confidence <= 100, entry.comment
            lines = entry.comment.splitlines()
            # recorded right after the machine output it describes
            assert lines[lines.index(f"mt: {machine_output(entry)}") + 1].startswith(
                "mt-confidence: "
            )


def test_reviewed_translation_missing_a_term_is_flagged_and_never_changed(translated, cli_run):
    po = translated / "locales" / "en" / "002_e7fcacc06b89f122.po"
    catalog = polib.pofile(str(po))  # polib re-wraps long `#.` lines on save
    entry = next(e for e in catalog if "OpenAI" in e.msgid and "Anthropic" not in e.msgid)
    entry.msgstr = "Leike is not the only one to have left the company recently."
    entry.flags = []
    catalog.save(str(po))
    status = json.loads(cli_run("status", "--json").output)
    row = next(r for r in status["articles"] if r["article"] == "002_e7fcacc06b89f122")
    assert row["term_errors"] == 1 and row["qa_errors"] >= 1
    assert cli_run("review").exit_code == 0
    report = json.loads((translated / "reviews" / "002_e7fcacc06b89f122.en.json").read_text())
    found = [
        item
        for item in report["qa"]
        if item["msgid"] == entry.msgid and any(f["check"] == "glossary" for f in item["findings"])
    ]
    assert found and "OpenAI" in json.dumps(found)
    # changing the glossary re-translates machine entries, never the reviewed one
    (translated / "glossary.csv").write_text(
        GLOSSARY + "Leike,Jan Leike,person\n", encoding="utf-8"
    )
    again = cli_run("translate")
    assert again.exit_code == 0, again.output
    after = {e.msgid: e for e in polib.pofile(str(po))}
    assert after[entry.msgid].msgstr == entry.msgstr and not after[entry.msgid].fuzzy
    assert "term: Leike → Jan Leike" in after[entry.msgid].comment
    others = [e for m, e in after.items() if "Leike" in m and m != entry.msgid and e.msgid]
    assert others and [e.msgid for e in others if "Jan Leike" not in e.msgstr] == []


def test_review_report_lists_unreviewed_machine_output_lowest_confidence_first(translated, cli_run):
    assert cli_run("review").exit_code == 0
    for _po, entries in _entries(translated):
        slug = _po.stem
        report = json.loads((translated / "reviews" / f"{slug}.en.json").read_text())
        first = report["check_first"]
        assert {item["msgid"] for item in first} == {e.msgid for e in entries}
        confidences = [item["confidence"] for item in first]
        assert confidences == sorted(confidences)
        html = (translated / "reviews" / f"{slug}.en.html").read_text()
        assert "Check first" in html


def test_status_json_gives_lowest_and_median_confidence(translated, cli_run):
    status = json.loads(cli_run("status", "--json").output)
    for row in status["articles"]:
        po = translated / "locales" / "en" / f"{row['article']}.po"
        values = sorted(machine_confidence(e) for e in load_catalog(po) if e.msgid)
        assert row["confidence_lowest"] == values[0]
        middle = len(values) // 2
        median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        assert row["confidence_median"] == median


def test_export_marks_machine_sentences_below_the_threshold(translated, cli_run):
    values = []
    for _po, entries in _entries(translated):
        values += [machine_confidence(e) for e in entries]
    out = translated / "out"
    for threshold in sorted({min(values), max(values) + 1, 0}):
        (translated / "diptych.toml").write_text(f"[review]\nlow_confidence = {threshold}\n")
        assert cli_run("export", "--format", "html", "-o", str(out)).exit_code == 0
        pages = [p.read_text() for p in out.glob("*.en.html")]
        marked = sum(page.count('data-confidence="') for page in pages)
        low = sum(page.count(' low-confidence" id="s') for page in pages)
        assert marked == len(values)
        assert low == sum(1 for v in values if v < threshold)
    assert cli_run("export", "--format", "html", "--no-marks", "-o", str(out)).exit_code == 0
    assert not any('low-confidence"' in p.read_text() for p in out.glob("*.en.html"))


def test_low_confidence_setting_is_validated(project, cli_run):
    (project / "diptych.toml").write_text("[review]\nlow_confidence = 150\n")
    result = cli_run("status")
    assert result.exit_code == 2 and "low_confidence" in result.output
