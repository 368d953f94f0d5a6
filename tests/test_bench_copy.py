"""The pipeline benchmark times copies of a kept archive: the copy must look to the index as
the archive was left (its articles unchanged), or the first command timed reads them all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from pipeline import a_day_of_review, copy_archive  # noqa: E402


def test_a_kept_archive_is_copied_with_its_articles_linked_and_the_rest_copied(tmp_path):
    kept = tmp_path / "kept"
    files = {
        "seeds/a.txt": "Titre\n\nUne phrase.\n",
        "seeds/web/b.md": "# Titre\n",
        "locales/en/a.po": 'msgid ""\nmsgstr ""\n',
        ".diptych/index.sqlite3": "index",
        "glossary.csv": "source,target,note\n",
    }
    for name, text in files.items():
        (kept / name).parent.mkdir(parents=True, exist_ok=True)
        (kept / name).write_text(text, "utf-8")
    copy = tmp_path / "copy"
    copy_archive(kept, copy)
    for name, text in files.items():
        assert (copy / name).read_text("utf-8") == text
        same = os.stat(copy / name).st_ino == os.stat(kept / name).st_ino
        assert same == name.startswith("seeds/"), name  # only articles are shared
        assert os.stat(copy / name).st_mtime_ns == os.stat(kept / name).st_mtime_ns


def test_a_day_of_review_approves_one_more_entry_in_each_catalog_it_saves(tmp_path):
    folder = tmp_path / "locales" / "en"
    folder.mkdir(parents=True)
    for number in range(10):
        catalog = polib.POFile()
        for index in range(3):
            entry = polib.POEntry(msgid=f"Phrase {index} de l’article {number}.")
            entry.msgstr = f"Sentence {index} of the article {number}."
            entry.flags.append("fuzzy")
            catalog.append(entry)
        catalog.save(str(folder / f"a{number:02}.po"))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert a_day_of_review(tmp_path, 5) == 5
    saved = sorted(p.name for p in folder.iterdir() if p.read_bytes() != before[p.name])
    assert saved == ["a00.po", "a02.po", "a04.po", "a06.po", "a08.po"]  # spread over the archive
    for name in saved:
        entries = polib.pofile(str(folder / name))
        approved = [e for e in entries if "fuzzy" not in e.flags]
        number = int(name[1:3])
        assert [e.msgstr for e in approved] == [f"Sentence 0 of article {number}."]  # post-edited
