"""bench/quality.py runs end to end with the random-weight test model and scores for real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

pytest.importorskip("sacrebleu")


def test_score_is_sacrebleu_on_the_pairs() -> None:
    from quality import score

    references = ["Leike is not the only one to have left OpenAI recently.", "Back to top"]
    assert score(references, references) == {"items": 2, "chrF": 100.0, "BLEU": 100.0}
    worse = score(["Leike is the only one to have left OpenAI.", "Back to top"], references)
    assert 0 < worse["BLEU"] < 100 and 0 < worse["chrF"] < 100


def test_reference_paragraphs_are_the_reviewed_segments() -> None:
    from quality import reviewed_paragraphs

    paragraphs = reviewed_paragraphs(REPO, "en")
    reviewed = {
        e.msgid: e.msgstr
        for path in (REPO / "locales" / "en").glob("*.po")
        for e in polib.pofile(str(path))
        if e.msgid
    }
    assert sorted(s for p in paragraphs for s in p.segments) == sorted(reviewed)
    for paragraph in paragraphs:
        assert paragraph.references == tuple(reviewed[s] for s in paragraph.segments)
        assert paragraph.segments[0] in paragraph.source


def test_bench_runs_with_the_test_model(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "quality.py"), "--test-model", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["test_model"] is True and report["articles"] == 2
    assert "translate-fr_en" in report["model"]
    scores = report["scores"]
    segments = sum(
        1 for path in (REPO / "locales" / "en").glob("*.po") for e in polib.pofile(str(path))
    )
    assert scores["engine-segments"]["items"] == segments
    assert scores["engine-paragraphs"]["items"] == scores["argos-paragraphs"]["items"] > 2
    for row in scores.values():
        assert 0 <= row["chrF"] <= 100 and 0 <= row["BLEU"] <= 100
