"""The QA findings the catalog index keeps: review and status check only the entries that
changed, and every report is the one a review with no index at all writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from fakes import FakeEngine

import translate.qa as qa
from translate.memory import CACHE_DIR
from translate.pipeline import translate_project
from translate.project import load_project
from translate.review import review_project
from translate.status import project_status

ARTICLE = (
    "Le budget\n\n"
    "Le conseil a voté 3,5 millions d’euros mardi. Les travaux commenceront en 2027.\n\n"
    "Le maire a répondu aux questions des habitants sur le modèle retenu.\n"
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "glossary.csv").write_text("source,target,note\nmodèle,model,\n", encoding="utf-8")
    engine = FakeEngine()
    translate_project(load_project(root), engine_factory=lambda target: engine)
    return root


def po(root: Path) -> Path:
    return root / "locales" / "en" / "budget.po"


def change(root: Path, edit) -> None:
    """Act as a PO editor: change the catalog and save it."""
    catalog = polib.pofile(str(po(root)))
    edit(catalog)
    catalog.save(str(po(root)))


def set_msgstr(msgid: str, msgstr: str):
    def edit(catalog: polib.POFile) -> None:
        catalog.find(msgid).msgstr = msgstr

    return edit


def reviews(root: Path) -> dict[str, bytes]:
    review_project(load_project(root))
    folder = root / "reviews"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def without_index(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The reviews a copy of the project with no index writes: every entry checked."""
    copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(CACHE_DIR, "reviews"))
    return reviews(copy)


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The targets QA checks, as they are checked."""
    seen: list[str] = []
    real = qa._findings_alone

    def counting(source, target, languages, terms):
        seen.append(target)
        return real(source, target, languages, terms)

    monkeypatch.setattr(qa, "_findings_alone", counting)
    return seen


def test_a_second_review_checks_nothing_and_writes_the_same(root, tmp_path, checked):
    change(root, set_msgstr("Les travaux commenceront en 2027.", "Work will start soon."))
    first = reviews(root)
    assert checked  # the edited entry at least
    checked.clear()
    assert reviews(root) == first
    assert checked == []
    assert first == without_index(root, tmp_path)
    assert b"number missing in target" in first["budget.en.json"]


def test_status_after_review_and_review_after_status_read_what_the_other_checked(
    root, tmp_path, checked
):
    change(root, set_msgstr("Le budget", "The budget"))
    status = project_status(load_project(root))
    assert checked == ["The budget"]  # the machine entries were checked when translate wrote them
    checked.clear()
    written = reviews(root)
    assert checked == []
    assert written == without_index(root, tmp_path)
    assert project_status(load_project(root)) == status


def test_only_the_edited_entry_is_checked_again(root, tmp_path, checked):
    reviews(root)
    checked.clear()
    change(root, set_msgstr("Les travaux commenceront en 2027.", "Work will start in 2028."))
    after = reviews(root)
    assert checked == ["Work will start in 2028."]
    assert after == without_index(root, tmp_path)
    assert "number missing in target: “2027”" in after["budget.en.json"].decode()


def test_changed_glossary_terms_are_checked_again(root, tmp_path, checked):
    msgid = "Le maire a répondu aux questions des habitants sur le modèle retenu."
    reviews(root)

    def other_term(catalog: polib.POFile) -> None:
        entry = catalog.find(msgid)
        entry.comment = entry.comment.replace("modèle → model", "modèle → template")

    change(root, other_term)
    checked.clear()
    after = reviews(root)
    assert len(checked) == 1 and "model" in checked[0]
    assert "should be translated as “template”" in after["budget.en.json"].decode()
    assert after == without_index(root, tmp_path)


def test_findings_for_another_language_pair_are_not_reused(root, tmp_path, checked):
    reviews(root)
    checked.clear()

    def german(catalog: polib.POFile) -> None:
        catalog.metadata["X-Source-Language"] = "de"

    change(root, german)
    after = reviews(root)
    assert len(checked) == 4  # every translated entry, read with German conventions
    assert after == without_index(root, tmp_path)


def test_findings_of_an_older_revision_of_the_checks_are_not_reused(root, checked, monkeypatch):
    reviews(root)
    checked.clear()
    monkeypatch.setattr(qa, "QA_REVISION", qa.QA_REVISION + 1)
    import translate.summary as summary  # where the index's findings are labelled

    monkeypatch.setattr(summary, "QA_REVISION", qa.QA_REVISION)
    reviews(root)
    assert len(checked) == 4
