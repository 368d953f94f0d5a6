"""Hostile article files: only regular files inside the project are read (links leaving it,
FIFOs, devices, sockets refused, scanned or named), reads are bounded, and a full disk names
the file it could not write."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import polib
import pytest

from translate.errors import ArticleError
from translate.read import Reading, read_source

ROOT = Path(__file__).resolve().parent.parent


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def test_a_link_in_seeds_to_a_file_outside_the_project_is_refused(
    project: Path, cli_run, tmp_path: Path
) -> None:
    secret = tmp_path / "private.md"
    secret.write_text("# Journal intime\n\nMon mot de passe est hunter2.\n", encoding="utf-8")
    (project / "seeds" / "journal.md").symlink_to(secret)
    result = cli_run("run", "--engine", "none")
    assert result.exit_code == 2
    errors = _errors(result.output)
    assert len(errors) == 1, result.output
    assert "seeds/journal.md" in errors[0] and "outside the project" in errors[0]
    assert not list(project.rglob("journal*.po"))
    assert not list((project / "build").glob("journal*"))
    assert "hunter2" not in "".join(
        p.read_text(encoding="utf-8") for p in project.rglob("*") if p.suffix in (".po", ".html")
    )
    assert len(list((project / "locales" / "en").glob("*.po"))) == 2  # the others go on


def test_a_link_to_a_file_inside_the_project_is_read_with_a_relative_reference(
    project: Path, cli_run
) -> None:
    notes = project / "notes"
    notes.mkdir()
    (notes / "billet.md").write_text("# Billet\n\nUne phrase courte.\n", encoding="utf-8")
    (project / "seeds" / "billet.md").symlink_to(Path("..") / "notes" / "billet.md")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(project / "locales" / "en" / "billet.po"))
    references = {where for entry in catalog for where, _ in entry.occurrences}
    assert references and all(not Path(ref).is_absolute() for ref in references)
    assert all(not ref.startswith("..") for ref in references)


def test_a_symlinked_seeds_folder_keeps_project_relative_references(
    tmp_path: Path, cli_run
) -> None:
    shared = tmp_path / "shared-articles"
    shared.mkdir()
    (shared / "note.md").write_text("# Note\n\nUne phrase courte.\n", encoding="utf-8")
    root = tmp_path / "linked"
    root.mkdir()
    (root / "seeds").symlink_to(shared)
    result = cli_run("translate", "--engine", "none", root=root)
    assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(root / "locales" / "en" / "note.po"))
    assert {where for entry in catalog for where, _ in entry.occurrences} == {"seeds/note.md"}


def _special_files(seeds: Path) -> dict[str, str]:
    """name -> what the refusal says, for each special file this machine lets us make."""
    made = {}
    os.mkfifo(seeds / "fifo.md")
    made["fifo.md"] = "is a FIFO"
    (seeds / "zero.md").symlink_to("/dev/zero")
    made["zero.md"] = "outside the project"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(seeds / "sock.md"))
        made["sock.md"] = "is a socket"
    except OSError:  # a path too long for a socket name
        pass
    finally:
        server.close()
    try:
        os.mknod(seeds / "null.md", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        made["null.md"] = "is a device"
    except (PermissionError, AttributeError):
        pass
    return made


def _diptych(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The command in its own process, with a timeout: a FIFO read would block forever."""
    return subprocess.run(
        [sys.executable, "-m", "translate", "--project", str(project), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_fifos_devices_and_sockets_are_refused_when_scanned_or_named(project: Path) -> None:
    made = _special_files(project / "seeds")
    scanned = _diptych(project, "translate", "--engine", "none")
    assert scanned.returncode == 2
    errors = _errors(scanned.stderr)
    assert len(errors) == len(made), scanned.stderr
    for name, reason in made.items():
        assert any(f"seeds/{name}" in line and reason in line for line in errors), name
    assert len(list((project / "locales" / "en").glob("*.po"))) == 2
    for name, reason in made.items():
        for spelled in (f"seeds/{name}", name, name.removesuffix(".md")):
            named = _diptych(project, "segment", spelled)
            assert named.returncode == 2, (spelled, named.stdout)
            assert _errors(named.stderr) == [_errors(named.stderr)[0]]
            assert reason in named.stderr, (spelled, named.stderr)


def test_reading_a_fifo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "a.md"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_source(fifo)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # blocked in open(): give it a writer so the thread can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], ArticleError)
    assert "is a FIFO, not a regular file" in str(outcome[0])


def test_an_article_named_outside_the_project_is_refused(
    project: Path, cli_run, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Ailleurs\n\nUne phrase.\n", encoding="utf-8")
    result = cli_run("translate", "--engine", "none", str(outside))
    assert result.exit_code == 2
    assert "outside the project" in _errors(result.output)[0]
    assert not (project / "locales" / "en" / "elsewhere.po").exists()


def test_articles_above_the_size_limit_are_refused(project: Path, cli_run) -> None:
    big = project / "seeds" / "gros.md"
    big.write_text("# Gros\n\n" + "Une phrase de plus. " * 2000 + "\n", encoding="utf-8")
    (project / "diptych.toml").write_text("max_article_mb = 0.02\n", encoding="utf-8")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    errors = _errors(result.output)
    assert len(errors) == 1 and "seeds/gros.md" in errors[0]
    assert "larger than the 0.02 MB an article may have (max_article_mb" in errors[0]
    assert len(list((project / "locales" / "en").glob("*.po"))) == 2
    (project / "diptych.toml").write_text("max_article_mb = 1\n", encoding="utf-8")
    assert cli_run("translate", "--engine", "none").exit_code == 0


def test_a_read_is_bounded_even_when_the_size_lies(tmp_path: Path, monkeypatch) -> None:
    article = tmp_path / "a.md"
    article.write_bytes(b"# T\n\n" + b"x" * 5000)
    with pytest.raises(ArticleError, match="larger than"):
        read_source(article, reading=Reading(max_bytes=1000))
    real_fstat = os.fstat

    class Lying:  # a file that grows after its stat (or a /proc file that reports 0)
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 0

    monkeypatch.setattr(os, "fstat", lambda fd: Lying(real_fstat(fd)))
    with pytest.raises(ArticleError, match="larger than"):
        read_source(article, reading=Reading(max_bytes=1000))


@pytest.mark.parametrize(
    ("args", "writes"),
    [
        (("translate", "--engine", "none"), "locales/en/"),
        (("review",), "reviews/"),
        (("export",), "build/"),
    ],
)
def test_a_full_disk_is_one_error_naming_the_file(
    project: Path, cli_run, monkeypatch, args, writes: str
) -> None:
    from translate import files

    if args[0] != "translate":
        assert cli_run("translate", "--engine", "none").exit_code == 0

    def full(fd: int, data: bytes) -> None:  # the temporary file of write_atomic, disk full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # outputs that are regenerated are not synced: the disk is full at the write
    monkeypatch.setattr(files, "_write_all", full)
    result = cli_run(*args)
    assert result.exit_code == 2
    errors = _errors(result.output)
    assert len(errors) == 1, result.output
    path, cause = errors[0].removeprefix("Error: ").rsplit(": ", 1)
    assert cause == "No space left on device"
    assert writes in path and Path(path).is_absolute()
    assert not [p for p in project.rglob("*.tmp")]


def test_the_scan_refuses_special_files_from_a_stat_before_any_read(project: Path) -> None:
    from translate.project import load_project

    made = _special_files(project / "seeds")
    paths, failures = load_project(project).scan_articles()
    assert sorted(Path(failure.path).name for failure in failures) == sorted(made)
    for failure in failures:
        assert made[Path(failure.path).name] in failure.reason
    assert all(path.name not in made for path in paths)
