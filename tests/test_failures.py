"""Every article is its own unit of failure, and every failure is one `Error:` line."""

from __future__ import annotations

import json
import os

import pytest

SLUGS = ["000_da88f1f87eecb2fd", "002_e7fcacc06b89f122"]


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


BAD_ARTICLES = {
    "empty": ("a-vide.md", b"", "article is empty"),
    "name not UTF-8": ("nom-\udce9t\udce9.txt", b"Un texte.\n", "not valid UTF-8"),
    "newline in name": ("ligne\nsuite.txt", b"Un texte.\n", "control characters"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARTICLES))
def test_one_bad_article_does_not_stop_translate_export_or_run(cli_run, project, case):
    name, data, reason = BAD_ARTICLES[case]
    (project / "seeds" / name).write_bytes(data)
    for command in (("translate", "--engine", "none"), ("export",), ("run", "--engine", "none")):
        result = cli_run(*command)
        assert result.exit_code == 2, (command, result.output)
        no_traceback(result)
        lines = errors(result)
        assert len(lines) == 1 and reason in lines[0], (command, lines)
        for slug in SLUGS:
            assert (project / "locales" / "en" / f"{slug}.po").is_file()
    index = (project / "build" / "index.html").read_text()
    for slug in SLUGS:
        assert (project / "build" / f"{slug}.en.html").is_file()
        assert f"{slug}.en.html" in index
    assert sorted(p.name for p in (project / "locales" / "en").iterdir()) == [
        f"{slug}.po" for slug in SLUGS
    ]


def test_review_names_the_bad_article_and_reviews_the_others(cli_run, project):
    (project / "seeds" / "a-vide.md").write_bytes(b"")
    cli_run("translate", "--engine", "none")
    result = cli_run("review")
    assert result.exit_code == 2
    assert len(errors(result)) == 1 and "a-vide.md" in errors(result)[0]
    for slug in SLUGS:
        assert (project / "reviews" / f"{slug}.en.html").is_file()


def test_slug_clash_refuses_only_the_two_files_in_one_line_naming_both(cli_run, project):
    (project / "seeds" / "tempete.md").write_text("# Tempête\n\nLe vent souffle.\n")
    (project / "seeds" / "tempete.txt").write_text("Le vent souffle fort.\n")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert errors(result) == [
        "Error: seeds/tempete.md: shares the slug 'tempete' (its catalog, review and pages) "
        "with seeds/tempete.txt; rename one"
    ]
    assert not (project / "locales" / "en" / "tempete.po").exists()
    for slug in SLUGS:
        assert (project / "locales" / "en" / f"{slug}.po").is_file()


def test_a_name_with_a_newline_never_reaches_a_po_file(cli_run, project, msgfmt_check):
    (project / "seeds" / "a\nb.txt").write_text("Un texte.\n")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert errors(result) == [
        "Error: seeds/a\\nb.txt: file name contains control characters (such as a newline); "
        "rename the file"
    ]
    for path in (project / "locales" / "en").iterdir():
        assert msgfmt_check(path) == ""
        assert "a\nb" not in path.read_text()


def test_a_file_name_that_is_not_utf8_is_one_line(cli_run, project):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: a surrogate escape in Python
    try:
        (project / "seeds" / name).write_text("Un texte.\n")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert errors(result) == [
        "Error: seeds/caf\\xe9.txt: file name is not valid UTF-8; rename the file"
    ]
    assert (project / "locales" / "en" / f"{SLUGS[0]}.po").is_file()


@pytest.mark.parametrize("folder", ["build", "locales", "reviews"])
def test_a_file_where_a_folder_belongs_is_one_line(cli_run, project, folder):
    cli_run("translate", "--engine", "none")
    if folder == "locales":
        import shutil

        shutil.rmtree(project / "locales")
    (project / folder).write_text("not a folder\n")
    command = {"build": ("export",), "locales": ("translate", "--engine", "none")}
    result = cli_run(*command.get(folder, ("review",)))
    assert result.exit_code == 2, result.output
    lines = errors(result)
    assert len(lines) == 1 and f"{folder}" in lines[0] and "Not a directory" in lines[0], lines


def test_read_only_catalog_folder_is_one_line(cli_run, project):
    if os.geteuid() == 0:
        pytest.skip("root writes through a read-only folder; see the test below")
    cli_run("translate", "--engine", "none")
    (project / "seeds" / "nouveau.txt").write_text("Un nouveau texte.\n")
    folder = project / "locales" / "en"
    folder.chmod(0o555)
    try:
        result = cli_run("translate", "--engine", "none")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    lines = errors(result)
    assert len(lines) == 1 and "locales/en" in lines[0] and "Permission denied" in lines[0]


def test_os_errors_become_path_and_cause(tmp_path):
    """The mapping itself, for the errors root cannot be made to meet (PermissionError)."""
    from translate.console import os_error_line

    line = os_error_line(PermissionError(13, "Permission denied", str(tmp_path / "locales/en")))
    assert line == f"{tmp_path}/locales/en: Permission denied; check the folder's permissions"
    assert os_error_line(OSError(28, "No space left on device")) == "No space left on device"


def test_status_check_names_each_article_not_ready(cli_run, project):
    cli_run("translate", "--engine", "none", SLUGS[0])
    result = cli_run("status", "--check")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("Not ready:")]
    assert len(lines) == 2
    assert "untranslated" in lines[0] and SLUGS[0] in lines[0]
    assert "no catalog" in lines[1] and SLUGS[1] in lines[1]


def test_status_lists_orphan_catalogs(cli_run, project):
    cli_run("translate", "--engine", "none")
    (project / "seeds" / f"{SLUGS[1]}.txt").unlink()
    result = cli_run("status")
    assert f"locales/en/{SLUGS[1]}.po: orphan catalog" in result.output
    data = json.loads(cli_run("status", "--json").output)
    assert data["orphans"] == [f"locales/en/{SLUGS[1]}.po"]


def test_min_reviewed_removes_refused_pages_and_rewrites_index(cli_run, project):
    cli_run("translate", "--engine", "none")
    assert cli_run("export").exit_code == 0
    page = project / "build" / f"{SLUGS[0]}.en.html"
    assert page.is_file()
    result = cli_run("export", "--min-reviewed", "50")
    assert result.exit_code == 1
    assert not page.exists() and not page.with_suffix(".md").exists()
    assert "removed" in result.output
    index = (project / "build" / "index.html").read_text()
    assert SLUGS[0] not in index and SLUGS[1] not in index
    assert "No article was exported" in index


def test_run_names_the_catalogs_to_review(cli_run, project):
    result = cli_run("run", "--engine", "none")
    assert result.exit_code == 0
    review_line = [line for line in result.output.splitlines() if "To review" in line]
    assert review_line and all(f"locales/en/{slug}.po" in review_line[0] for slug in SLUGS)


def test_review_prints_the_configured_folder(cli_run, project):
    (project / "diptych.toml").write_text('[folders]\nreviews = "relectures"\n')
    cli_run("translate", "--engine", "none")
    result = cli_run("review")
    assert result.exit_code == 0
    assert f"relectures/{SLUGS[0]}.en.html" in result.output
    assert "reviews/" not in result.output


def test_encoding_warning_only_when_the_article_is_read_again(cli_run, project):
    path = project / "seeds" / "ancien.txt"
    path.write_bytes("Un été très chaud à Noël, déjà passé.\n".encode("cp1252"))
    first = cli_run("translate", "--engine", "none")
    assert "not UTF-8" in first.stderr
    for command in (("translate", "--engine", "none"), ("status",), ("export",)):
        assert "not UTF-8" not in cli_run(*command).stderr, command
    path.write_bytes("Un été très chaud à Noël, déjà oublié.\n".encode("cp1252"))
    assert "not UTF-8" in cli_run("translate", "--engine", "none").stderr


@pytest.mark.parametrize(
    "command",
    [
        ("translate",),
        ("segment",),
        ("status",),
        ("review",),
        ("export",),
        ("run",),
        ("models", "list"),
        ("models", "install"),
    ],
)
def test_every_command_help_has_an_example_and_project_help(cli_run, command):
    result = cli_run(*command, "--help")
    assert result.exit_code == 0
    assert f"Example: diptych {' '.join(command)}" in result.output
    assert "Project folder" in result.output


def test_a_run_killed_while_it_wrote_leaves_no_temporary_file_behind(tmp_path):
    """Hardening 29.11: SIGKILL between writing a catalog's temporary file and renaming it
    leaves `.<name>.po.XXXXXXXX.tmp`; the next run removes it, and only files named so."""
    import signal
    import subprocess
    import sys

    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text("Titre\n\nUne phrase.\n", encoding="utf-8")
    en = root / "locales" / "en"
    en.mkdir(parents=True)
    killed = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\n"
            "from pathlib import Path\n"
            "from translate import files\n"
            "def stop(*_):\n"
            "    print('ready', flush=True)\n"
            "    time.sleep(60)\n"
            "files.os.replace = stop\n"
            f'files.write_atomic(Path({str(en / "a.po")!r}), \'msgid ""\\nmsgstr ""\\n\')\n',
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert killed.stdout.readline().strip() == "ready"
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = [p.name for p in en.iterdir()]
    assert len(left) == 1 and left[0].startswith(".a.po.") and left[0].endswith(".tmp"), left
    others = [".a.po.tmp", "a.po.abcdefgh.tmp", ".notes.txt", ".a.po.ABCDEFGH.tmp"]
    for name in others:
        (en / name).write_text("not diptych's\n")
    done = subprocess.run(
        [sys.executable, "-m", "translate", "translate", "--engine", "none"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in en.iterdir()) == sorted([*others, "a.po"])
