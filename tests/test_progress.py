"""Progress on a terminal: the long commands (a cold `status`, `review`, `export`) say how far
they are, as `translate` does; the bar waits before it shows (a quick command shows none),
is drawn a few times a second, not once per article, and never where a script reads
(`--json`, `-q`, not a terminal)."""

from __future__ import annotations

import io

import polib
import pytest
from fakes import FakeEngine

from translate import console, pipeline
from translate.export import export_project
from translate.project import load_project
from translate.review import review_project
from translate.status import project_status


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def terminal(monkeypatch):
    """Call it in the test (pytest puts its own stderr back between a fixture and the
    test): stderr a terminal, and the bar's clock in the test's hands."""

    def attach() -> tuple[Terminal, Clock]:
        stderr, clock = Terminal(), Clock()
        monkeypatch.setattr(console.sys, "stderr", stderr)
        monkeypatch.setattr(console.time, "monotonic", clock)
        return stderr, clock

    return attach


def settings(quiet: bool = False) -> console.Settings:
    made = console.Settings()
    made.quiet = quiet
    return made


def test_the_bar_shows_only_once_the_work_has_lasted_and_is_not_redrawn_for_every_step(
    terminal,
):
    stderr, clock = terminal()
    with console.progress_bar(settings(), "Reviewing") as update:
        update(1, 100)
        clock.now += console.PROGRESS_DELAY / 2
        update(2, 100)
        assert stderr.getvalue() == ""  # done so soon: no bar
        clock.now += console.PROGRESS_DELAY
        update(3, 100)
        assert "Reviewing" in stderr.getvalue() and "3/100" in stderr.getvalue()
        drawn = stderr.getvalue()
        for done in range(4, 50):
            update(done, 100)  # within PROGRESS_REDRAW of the last drawing
        assert stderr.getvalue() == drawn
        clock.now += console.PROGRESS_REDRAW
        update(50, 100)
        assert stderr.getvalue().endswith("50/100")
        update(100, 100)  # the end is always drawn
        assert "100/100" in stderr.getvalue()


@pytest.mark.parametrize(
    ("quiet", "shown", "tty"), [(True, True, True), (False, False, True), (False, True, False)]
)
def test_no_bar_with_quiet_nor_for_json_nor_off_a_terminal(
    terminal, monkeypatch, quiet, shown, tty
):
    terminal()
    monkeypatch.setattr(console, "on_terminal", lambda: tty)
    with console.progress_bar(settings(quiet), "Reading catalogs", shown=shown) as update:
        assert update is None


@pytest.fixture
def translated(project):
    (project / "diptych.toml").write_text('source = "fr"\ntargets = ["en", "de"]\n', "utf-8")
    pipeline.translate_project(load_project(project), engine_factory=lambda target: FakeEngine())
    return load_project(project)


def calls(function, *args, **options):
    seen: list[tuple[int, int]] = []
    function(*args, progress=lambda done, total: seen.append((done, total)), **options)
    return seen


def test_review_and_export_count_the_articles_up_to_all_of_them(translated):
    articles = len(list(translated.seeds_dir.iterdir()))
    for seen in (calls(review_project, translated), calls(export_project, translated)):
        assert seen[-1] == (articles, articles)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert {total for _, total in seen} == {articles}


def test_status_counts_the_changed_catalogs_of_every_target_as_one_run(translated):
    saved = sorted(translated.locales_dir.rglob("*.po"))
    assert len(saved) == 4  # two articles, two targets
    for po in saved:
        catalog = polib.pofile(str(po))
        catalog.metadata["PO-Revision-Date"] = "2027-01-05 09:30+0000"
        catalog.save(str(po))
    seen = calls(project_status, translated)
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert calls(project_status, translated) == []  # nothing changed since: nothing to read


def test_the_commands_draw_their_bar_on_a_terminal_and_print_the_same(
    cli_run, project, monkeypatch
):
    assert cli_run("translate", "--engine", "none").exit_code == 0
    monkeypatch.setattr(console, "on_terminal", lambda: True)
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0)
    for po in project.rglob("*.po"):
        po.write_bytes(po.read_bytes() + b"\n")  # saved again: status reads it
    for args, label in (
        (["status"], "Reading catalogs"),
        (["review"], "Reviewing"),
        (["export"], "Exporting"),
    ):
        result = cli_run(*args)
        assert result.exit_code == 0
        assert label in result.stderr
        assert label not in result.stdout
    for po in project.rglob("*.po"):
        po.write_bytes(po.read_bytes() + b"\n")
    result = cli_run("status", "--json")
    assert "Reading catalogs" not in result.stderr + result.stdout
