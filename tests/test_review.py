"""review reports, QA in status, the project lock, and catalogs re-saved by other tools."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from fakes import FakeEngine

from translate.catalog import load_catalog
from translate.errors import LockError
from translate.files import ProjectLock
from translate.pipeline import translate_project
from translate.project import load_project
from translate.review import char_diff, edit_rate, review_project

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "review.schema.json").read_text()
)
ARTICLE = (
    "Le budget\n\n"
    "Le conseil a voté 3,5 millions d’euros mardi. Les travaux commenceront en 2027.\n\n"
    "Le maire a répondu aux questions des habitants.\n"
)


def translate(root: Path) -> FakeEngine:
    engine = FakeEngine()
    translate_project(load_project(root), engine_factory=lambda target: engine)
    return engine


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    translate(root)
    return root


def edit(root: Path, changes: dict[str, tuple[str, bool, str]]) -> None:
    """Act as a reviewer: set msgstr, approve (clear fuzzy) or not, add a comment."""
    po = root / "locales" / "en" / "budget.po"
    catalog = load_catalog(po)
    for msgid, (msgstr, approve, comment) in changes.items():
        entry = catalog.find(msgid)
        entry.msgstr = msgstr
        entry.flags = [] if approve else ["fuzzy"]
        entry.tcomment = comment
    catalog.save(str(po))


def test_char_diff_and_edit_rate_are_exact():
    diff, distance = char_diff("The council voted", "The city council voted")
    assert diff == (("equal", "The "), ("insert", "city "), ("equal", "council voted"))
    assert distance == 5
    assert edit_rate(char_diff("abc", "abc")[1], "abc", "abc") == 0.0
    assert edit_rate(char_diff("abcd", "wxyz")[1], "abcd", "wxyz") == 1.0
    assert edit_rate(distance, "The council voted", "The city council voted") == round(5 / 22, 4)


def test_review_report_post_edits_summary_and_schema(small):
    edit(
        small,
        {
            "Le budget": ("The budget", True, ""),
            "Les travaux commenceront en 2027.": ("Work will start in 2027.", True, "ok"),
            "Le maire a répondu aux questions des habitants.": ("The mayor answered.", False, ""),
        },
    )
    report = review_project(load_project(small))
    assert not report.failures and len(report.reviews) == 1
    data = json.loads((small / "reviews" / "budget.en.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    summary = data["summary"]
    assert summary["counts"] == {
        "reviewed": 2,
        "machine": 1,
        "reused": 0,
        "edited": 1,
        "untranslated": 0,
        "verbatim": 0,
    }
    assert summary["reviewed_percent"] == 50.0
    # Levenshtein distances: EN<Le budget> -> The budget is 5 (E->T, N->h, drop <, L, >) of
    # 13 characters; the second is 25 of 37
    rates = [round(5 / 13, 4), round(25 / 37, 4)]
    assert summary["mean_edit_rate"] == round(sum(rates) / 2, 4)
    assert summary["reviewed_machine_segments"] == 2
    edited = {p["msgid"]: p for p in data["post_edits"]}
    assert set(edited) == {
        "Le budget",
        "Les travaux commenceront en 2027.",
        "Le maire a répondu aux questions des habitants.",
    }
    mayor = edited["Le maire a répondu aux questions des habitants."]
    assert mayor["state"] == "edited" and mayor["final"] == "The mayor answered."
    rebuilt = "".join(text for op, text in mayor["diff"] if op != "delete")
    assert rebuilt == "The mayor answered."
    assert "".join(t for op, t in mayor["diff"] if op != "insert") == mayor["machine"]


def test_review_lists_source_changes_with_diff(small):
    edit(small, {"Le budget": ("The budget", True, "")})
    article = small / "seeds" / "budget.txt"
    article.write_text(ARTICLE.replace("Le budget", "Le budget 2027"), encoding="utf-8")
    translate(small)
    review_project(load_project(small))
    data = json.loads((small / "reviews" / "budget.en.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["source_changes"] == [
        {
            "msgid": "Le budget 2027",
            "previous": "Le budget",
            "translation": "The budget",
            "diff": [["equal", "Le budget"], ["insert", " 2027"]],
        }
    ]


def test_review_qa_findings_reach_report_and_status_check(small, cli_run):
    edit(
        small,
        {
            "Le budget": ("The budget", True, ""),
            "Le conseil a voté 3,5 millions d’euros mardi.": (
                "The council voted 4.5 million euros on Tuesday.",
                True,
                "",
            ),
            "Les travaux commenceront en 2027.": ("Work will start in 2027.", True, ""),
            "Le maire a répondu aux questions des habitants.": (
                "The mayor answered questions from residents.",
                True,
                "",
            ),
        },
    )
    review = review_project(load_project(small)).reviews[0]
    data = json.loads((small / "reviews" / "budget.en.json").read_text(encoding="utf-8"))
    flagged = {item["msgid"]: item["findings"] for item in data["qa"]}
    numbers = flagged["Le conseil a voté 3,5 millions d’euros mardi."]
    messages = " | ".join(f["message"] for f in numbers)
    assert {f["check"] for f in numbers} == {"numbers"}, messages
    assert {f["severity"] for f in numbers} == {"error"}
    assert "3.5" in messages or "3,5" in messages
    assert review.summary.qa_errors == len(numbers) == 2
    result = cli_run("status", "--check", root=small)
    assert result.exit_code == 1
    rows = json.loads(cli_run("status", "--json", root=small).output)["articles"]
    assert rows[0]["reviewed_percent"] == 100.0 and rows[0]["qa_errors"] == 2
    edit(
        small,
        {
            "Le conseil a voté 3,5 millions d’euros mardi.": (
                "The council voted 3.5 million euros on Tuesday.",
                True,
                "",
            )
        },
    )
    assert cli_run("status", "--check", root=small).exit_code == 0


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_review_html_escapes_article_and_translation_text(tmp_path):
    root = tmp_path / "xss"
    (root / "seeds").mkdir(parents=True)
    hostile = (
        "Titre <script>alert(1)</script>\n\nUn <img src=x onerror=alert(2)> texte {{ 7*7 }}.\n"
    )
    (root / "seeds" / "x.txt").write_text(hostile, encoding="utf-8")
    translate(root)
    po = root / "locales" / "en" / "x.po"
    catalog = load_catalog(po)
    for entry in catalog:
        entry.msgstr = entry.msgstr.replace("EN<", "<b onclick=x>")
    catalog.save(str(po))
    review_project(load_project(root))
    page = (root / "reviews" / "x.en.html").read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in "".join(parser.text) and "49" not in page


def test_review_without_catalog_names_the_command(cli_run, project):
    result = cli_run("review")
    assert result.exit_code == 2 and "run diptych translate" in result.output


def test_lock_refuses_a_second_writer_and_recovers_a_stale_lock(tmp_path, cli_run, project):
    with ProjectLock(project):
        with pytest.raises(LockError, match="another diptych command"):
            ProjectLock(project).__enter__()
        result = cli_run("translate", "--engine", "none")
        assert result.exit_code == 2 and "another diptych command" in result.output
        assert not (project / "locales").exists()
    (project / ".diptych.lock").write_text("999999999")  # a process that no longer exists
    assert cli_run("translate", "--engine", "none").exit_code == 0
    assert not (project / ".diptych.lock").exists()


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext's msgcat is not installed")
@pytest.mark.parametrize("options", [["--width=40"], ["--sort-output"], ["--no-wrap"]])
def test_catalogs_rewritten_by_msgcat_merge_the_same(small, tmp_path, options):
    edit(small, {"Le budget": ("The budget", True, "a reviewer's note")})
    po = small / "locales" / "en" / "budget.po"
    translate(small)
    untouched = tmp_path / "untouched"
    shutil.copytree(small, untouched)
    subprocess.run(["msgcat", *options, "-o", str(po), str(po)], check=True)
    rewritten = po.read_bytes()
    translate(small)
    if options == ["--sort-output"]:
        assert po.read_bytes() == (untouched / "locales/en/budget.po").read_bytes(), "reordered"
    else:
        assert po.read_bytes() == rewritten, "nothing to do: a tool's formatting is left alone"
    for root in (small, untouched):
        article = root / "seeds" / "budget.txt"
        article.write_text(ARTICLE + "\nUne phrase ajoutée.\n", encoding="utf-8")
        translate(root)
    assert po.read_bytes() == (untouched / "locales" / "en" / "budget.po").read_bytes()
    assert load_catalog(po).find("Le budget").tcomment == "a reviewer's note"


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext's msgmerge is missing")
def test_catalog_updated_by_msgmerge_keeps_reviewed_work(small, tmp_path):
    edit(small, {"Le budget": ("The budget", True, "note")})
    po = small / "locales" / "en" / "budget.po"
    pot = tmp_path / "budget.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Le budget"\nmsgstr ""\n',
        encoding="utf-8",
    )
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-U", "--backup=off", str(po), str(pot)], check=True
    )
    assert any(line.startswith("#~ ") for line in po.read_text().splitlines())
    translate(small)
    catalog = load_catalog(po)
    budget = catalog.find("Le budget")
    assert budget.msgstr == "The budget" and budget.flags == [] and budget.tcomment == "note"
    assert not [e for e in catalog if e.obsolete], "obsolete entries from msgmerge revived"


def test_poedit_style_resave_header_changes_and_reorder(small):
    po = small / "locales" / "en" / "budget.po"
    catalog = load_catalog(po)
    catalog.metadata["Last-Translator"] = "Anne Martin <anne@example.org>"
    catalog.metadata["X-Generator"] = "Poedit 3.4"
    entries = list(catalog)
    catalog[:] = entries[::-1]
    entries[0].msgstr, entries[0].flags = "The budget", []
    catalog.wrapwidth = 0
    catalog.save(str(po))
    translate(small)
    after = load_catalog(po)
    assert [e.msgid for e in after][0] == "Le budget", "document order restored"
    assert after.find("Le budget").msgstr == "The budget"
    assert after.metadata["Last-Translator"] == "Anne Martin <anne@example.org>"


def test_review_and_status_agree_on_stale_with_user_abbreviations(small, cli_run):
    (small / "diptych.toml").write_text('[segment]\nabbreviations = ["Ste"]\n', encoding="utf-8")
    translate(small)
    assert review_project(load_project(small)).reviews[0].summary.stale is False
    assert (
        json.loads(cli_run("status", "--json", root=small).output)["articles"][0]["stale"] is False
    )
    article = small / "seeds" / "budget.txt"
    article.write_text(ARTICLE + "\nUne phrase ajoutée.\n", encoding="utf-8")
    assert review_project(load_project(small)).reviews[0].summary.stale is True
    assert (
        json.loads(cli_run("status", "--json", root=small).output)["articles"][0]["stale"] is True
    )


def test_lock_held_by_a_dead_process_never_blocks_even_when_its_pid_is_reused(project, cli_run):
    import multiprocessing
    import os as _os

    context = multiprocessing.get_context("fork")
    child = context.Process(target=_hold_and_die, args=(project,))
    child.start()
    child.join()
    assert child.exitcode == 0
    lock = project / ".diptych.lock"
    # the dead holder's pid is the pid of a live process now (ours: as pid 1 is in a container)
    lock.write_text(str(_os.getpid()))
    assert cli_run("translate", "--engine", "none").exit_code == 0
    lock.write_text("1")
    with ProjectLock(project):
        pass


def test_a_live_holder_in_another_process_gives_the_clear_message(project):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    child = context.Process(target=_hold_until, args=(project, ready, release))
    child.start()
    try:
        assert ready.wait(30)
        with pytest.raises(LockError, match=rf"another diptych command \(pid {child.pid}\)"):
            ProjectLock(project).__enter__()
    finally:
        release.set()
        child.join()
    with ProjectLock(project):
        pass


def _hold_and_die(root):
    import os as _os

    lock = ProjectLock(root)
    lock.__enter__()
    _os._exit(0)  # dies holding the lock: no __exit__, the file stays behind


def _hold_until(root, ready, release):
    with ProjectLock(root):
        ready.set()
        release.wait(30)


def test_review_reads_an_article_only_when_new_to_the_index_and_warns_then(
    small, cli_run, monkeypatch
):
    """review takes its articles through the catalog index like status and translate: an
    unchanged article is neither read nor segmented again, and the warning of an article
    new to the index (not UTF-8) is given, once, instead of being dropped."""
    from translate import articles

    latin = small / "seeds" / "latin.txt"
    latin.write_bytes("Titre été\n\nUne phrase déjà lue.\n".encode("latin-1"))
    an_hour_ago = time.time() - 3600  # a stat taken in the tick of a change proves nothing
    for article in (small / "seeds").iterdir():
        os.utime(article, (an_hour_ago, an_hour_ago))
    translate(small)
    shutil.rmtree(small / ".diptych")  # every article is new to the index again
    read: list[str] = []
    original = articles.read_source

    def counting(path, name=None, *reading):
        read.append(path.name)
        return original(path, name, *reading)

    def digesting(path, name=None, *reading):
        digest = original_digest(path, name, *reading)
        if digest is not None:  # a UTF-8 article, read a chunk at a time
            read.append(path.name)
        return digest

    original_digest = articles.streamed_digest
    monkeypatch.setattr(articles, "read_source", counting)
    monkeypatch.setattr(articles, "streamed_digest", digesting)
    monkeypatch.setattr(articles, "segment_document", None)  # review never segments
    first = cli_run("review", root=small)
    assert first.exit_code == 0, first.output
    assert first.stderr.count("latin.txt: not UTF-8") == 1
    assert sorted(read) == ["budget.txt", "latin.txt"]
    read.clear()
    again = review_project(load_project(small))
    assert read == [] and again.warnings == () and not again.failures
    assert {(line.article, line.target) for line in again.reviews} == {
        ("budget", "en"),
        ("latin", "en"),
    }
