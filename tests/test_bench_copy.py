"""The pipeline benchmark times copies of a kept archive: the copy must look to the index as
the archive was left (its articles unchanged), or the first command timed reads them all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from pipeline import copy_archive  # noqa: E402


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
