"""Guarantees of "What diptych never does to your files" that the mutation run
(`tests/mutation.py`) found without a test of their own."""

from __future__ import annotations

import polib

from translate.states import entry_state


def test_machine_text_is_compared_with_whitespace_folded(tmp_path):
    """Machine output with a line break or a double space, in a comment that polib re-wraps
    on save (a wrap drops the whitespace it breaks at), still reads as machine output."""
    text = "A machine translation  with a double space, " * 3 + "and a line\nbreak."
    po = polib.POFile()
    entry = polib.POEntry(msgid="Une phrase.", msgstr=text, flags=["fuzzy"])
    entry.comment = f"paragraph\nmt: {text}"
    po.append(entry)
    assert entry_state(entry) == "machine"
    path = tmp_path / "resaved.po"
    po.save(str(path))  # polib's default save wraps `#.` lines at 78 columns
    saved = polib.pofile(str(path))[0]
    assert saved.comment != entry.comment, "the comment was re-wrapped"
    assert entry_state(saved) == "machine"
    saved.msgstr = text.replace("double space", "reviewer's edit")
    assert entry_state(saved) == "edited"
