"""The command line on a temporary copy of the seed project: outputs, exit codes, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translate import __version__

SLUGS = ["000_da88f1f87eecb2fd", "002_e7fcacc06b89f122"]


def po(project: Path, slug: str) -> Path:
    return project / "locales" / "en" / f"{slug}.po"


def test_version_and_help(cli_run):
    assert cli_run("--version").output.strip() == f"diptych, version {__version__}"
    for command in ("translate", "segment", "status"):
        result = cli_run(command, "--help")
        assert result.exit_code == 0 and "--project" in result.output


def test_translate_engine_none_writes_valid_stable_catalogs_all_untranslated(
    cli_run, project, msgfmt_check
):
    first = cli_run("translate", "--engine", "none")
    assert first.exit_code == 0, first.output
    written = {slug: po(project, slug).read_bytes() for slug in SLUGS}
    for slug in SLUGS:
        assert msgfmt_check(po(project, slug)) == ""
        assert f"locales/en/{slug}.po" in first.output
    second = cli_run("translate", "--engine", "none")
    assert second.exit_code == 0 and "unchanged" in second.output
    assert {slug: po(project, slug).read_bytes() for slug in SLUGS} == written
    status = cli_run("status", "--json")
    rows = json.loads(status.output)["articles"]
    assert [row["article"] for row in rows] == SLUGS
    for row in rows:
        assert row["untranslated"] == row["total"] > 0
        assert row["reviewed"] == row["machine"] == row["edited"] == 0
        assert row["stale"] is False


def test_status_table_and_check_exit_codes(cli_run, project):
    cli_run("translate", "--engine", "none")
    table = cli_run("status")
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split()[:3] == ["article", "target", "reviewed"]
    assert cli_run("status", "--check").exit_code == 1
    from translate.catalog import load_catalog

    for slug in SLUGS:
        catalog = load_catalog(po(project, slug))
        for entry in catalog:
            entry.msgstr = "EN " + entry.msgid.replace("milliards", "billion")
            entry.flags = []
        catalog.save(str(po(project, slug)))
    passed = cli_run("status", "--check")
    assert passed.exit_code == 0, passed.output
    assert all(
        r["reviewed_percent"] == 100.0
        for r in json.loads(cli_run("status", "--json").output)["articles"]
    )


def test_status_marks_stale_article(cli_run, project):
    cli_run("translate", "--engine", "none")
    article = project / "seeds" / f"{SLUGS[0]}.txt"
    article.write_text(article.read_text() + "\n\nUne phrase ajoutée.\n")
    rows = json.loads(cli_run("status", "--json").output)["articles"]
    assert [r["stale"] for r in rows] == [True, False]
    assert cli_run("status", "--check").exit_code == 1


def test_segment_plain_and_json(cli_run, project):
    (project / "seeds" / "s.txt").write_text("Titre\n\nUne phrase. Une autre.\n\nFin.\n")
    plain = cli_run("segment", "s")
    assert plain.exit_code == 0
    assert plain.output == "Titre\n\nUne phrase.\nUne autre.\n\nFin.\n"
    records = [
        json.loads(line) for line in cli_run("segment", "seeds/s.txt", "--json").output.splitlines()
    ]
    assert [(r["block"], r["line"], r["msgid"]) for r in records] == [
        (0, 1, "Titre"),
        (1, 3, "Une phrase."),
        (1, 3, "Une autre."),
        (2, 5, "Fin."),
    ]


BAD_ARTICLES = {
    "missing.txt": None,
    "empty.txt": b"",
    "binary.txt": b"\x00\x01\x02PNG\x00" * 50,
    "folder.txt": "dir",
}


@pytest.mark.parametrize("name", sorted(BAD_ARTICLES))
def test_bad_article_alone_exits_2_with_one_line(cli_run, project, name):
    data = BAD_ARTICLES[name]
    path = project / "seeds" / name
    if data == "dir":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    result = cli_run("translate", "--engine", "none", f"seeds/{name}")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and name in errors[0]
    assert "Traceback" not in result.output


def test_one_bad_article_among_good_ones(cli_run, project):
    (project / "seeds" / "empty.txt").write_bytes(b"\n\n")
    result = cli_run("translate", "--engine", "none", SLUGS[0], "seeds/empty.txt", SLUGS[1])
    assert result.exit_code == 2
    assert "empty.txt" in result.output and "article is empty" in result.output
    assert all(po(project, slug).exists() for slug in SLUGS)


def test_po_syntax_error_is_reported_with_line_and_file_left_untouched(cli_run, project):
    cli_run("translate", "--engine", "none")
    target = po(project, SLUGS[0])
    broken = target.read_text(encoding="utf-8").replace(
        'msgstr ""\n\n#. paragraph', 'msgstr "oops\n\n#. paragraph', 1
    )
    target.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index('msgstr "oops') + 1
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert f"{target}:{line}:" in result.output
    assert target.read_text(encoding="utf-8") == broken
    assert po(project, SLUGS[1]).exists()
    assert cli_run("status").exit_code == 2


def test_seeds_without_articles(cli_run, tmp_path):
    (tmp_path / "empty" / "seeds").mkdir(parents=True)
    result = cli_run("translate", "--engine", "none", root=tmp_path / "empty")
    assert result.exit_code == 2 and "no articles" in result.output


def test_not_a_project(cli_run, tmp_path):
    nowhere = tmp_path / "nowhere"
    result = cli_run("status", root=nowhere)
    assert result.exit_code == 2
    assert result.output == f"Error: {nowhere}: project folder does not exist\n"


def test_bad_usage_exits_2(cli_run):
    assert cli_run("translate", "--engine", "deepl").exit_code == 2
    assert cli_run("frobnicate").exit_code == 2


def test_project_option_after_the_command(cli_run, project, tmp_path):
    from click.testing import CliRunner

    from translate.cli import cli

    result = CliRunner().invoke(cli, ["translate", "--engine", "none", "--project", str(project)])
    assert result.exit_code == 0 and po(project, SLUGS[0]).exists()


def test_quiet_prints_nothing(cli_run):
    result = cli_run("-q", "translate", "--engine", "none")
    assert result.exit_code == 0 and result.output == ""


def test_config_targets_and_abbreviations(cli_run, project):
    (project / "diptych.toml").write_text(
        'source = "fr"\ntargets = ["en", "de"]\n[segment]\nabbreviations = ["Ste."]\n'
    )
    (project / "seeds" / "a.txt").write_text("Titre\n\nLa Ste. Marie est là.\n")
    assert cli_run("translate", "--engine", "none", "a").exit_code == 0
    assert (project / "locales" / "de" / "a.po").exists()
    assert cli_run("segment", "a").output == "Titre\n\nLa Ste. Marie est là.\n"


def test_bad_config_is_one_line(cli_run, project):
    (project / "diptych.toml").write_text("source = [\n")
    result = cli_run("status")
    assert result.exit_code == 2 and "diptych.toml" in result.output


def test_python_dash_m_entry_point(project):
    result = subprocess.run(
        [sys.executable, "-m", "translate", "--project", str(project), "status", "--json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 2


def test_export_writes_every_format_and_layout(cli_run, project):
    cli_run("translate", "--engine", "none")
    result = cli_run("export")
    assert result.exit_code == 0, result.output
    for slug in SLUGS:
        assert (project / "build" / f"{slug}.en.html").read_text().startswith("<!DOCTYPE html>")
        assert (project / "build" / f"{slug}.en.md").exists()
    assert (project / "build" / "index.html").exists()
    out = project / "elsewhere"
    result = cli_run("export", "--format", "md", "--layout", "target", "-o", str(out), SLUGS[0])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".md") == [
        f"{SLUGS[0]}.en.target.md"
    ]


def test_export_min_reviewed_refuses_with_exit_1(cli_run, project):
    cli_run("translate", "--engine", "none")
    result = cli_run("export", "--min-reviewed", "50")
    assert result.exit_code == 1
    assert result.output.count("Error: ") == 2 and "0%" in result.output
    assert not list(project.glob("build/*.en.*")), "refused articles are not written"


def test_run_translates_then_exports(cli_run, project):
    result = cli_run("run", "--engine", "none")
    assert result.exit_code == 0, result.output
    assert all(po(project, slug).exists() for slug in SLUGS)
    assert (project / "build" / "index.html").exists()
    assert "Open build/index.html" in result.output


def test_parallel_export_writes_the_same_files_as_serial(cli_run, project, monkeypatch):
    import translate.export.job as export

    seeds = project / "seeds"
    text = (seeds / f"{SLUGS[1]}.txt").read_text(encoding="utf-8")
    for number in range(20):
        (seeds / f"copy-{number:02d}.txt").write_text(text.replace("2021", str(1990 + number)))
    cli_run("translate", "--engine", "none")
    monkeypatch.setattr(export, "PARALLEL_MIN_ARTICLES", 10**9)
    assert cli_run("export", "-o", str(project / "serial")).exit_code == 0
    monkeypatch.setattr(export, "PARALLEL_MIN_ARTICLES", 2)
    assert cli_run("export", "-o", str(project / "parallel")).exit_code == 0
    serial = {p.name: p.read_bytes() for p in (project / "serial").iterdir()}
    parallel = {p.name: p.read_bytes() for p in (project / "parallel").iterdir()}
    assert len(serial) == 2 * 22 + 2 and serial == parallel  # pages, index, manifest


def test_errors_cross_worker_processes_intact():
    import pickle

    from translate.errors import ArticleError, CatalogError

    article = pickle.loads(pickle.dumps(ArticleError("seeds/a.txt", "article is empty")))
    assert (article.path, article.reason, str(article)) == (
        "seeds/a.txt",
        "article is empty",
        "seeds/a.txt: article is empty",
    )
    catalog = pickle.loads(pickle.dumps(CatalogError("a.po", "syntax error", 7)))
    assert (catalog.line, str(catalog)) == (7, "a.po:7: syntax error")
