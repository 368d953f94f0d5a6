"""The mutation run (tests/mutation.py) stays true to the code: each mutant's edit still
applies to exactly one place, so a refactor that moves guarded code cannot quietly turn a
mutant into a no-op. The run itself is slow and is started by hand (docs/architecture.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _mutants():
    spec = importlib.util.spec_from_file_location("mutation", REPO / "tests" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.MUTANTS


def test_every_mutant_edits_exactly_one_place_of_todays_code() -> None:
    mutants = _mutants()
    assert len(mutants) >= 10
    stale = [
        f"{m.name}: found {(REPO / m.path).read_text(encoding='utf-8').count(m.old)} times"
        for m in mutants
        if (REPO / m.path).read_text(encoding="utf-8").count(m.old) != 1
    ]
    assert not stale, "update tests/mutation.py: " + "; ".join(stale)
