"""The code base stays ruff-clean (lint and format), as the README asks of contributions."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff_command() -> list[str] | None:
    """ruff as installed with the interpreter running the tests (the `test` extra), wherever
    its environment lives: the script next to the interpreter, else `python -m ruff`."""
    script = Path(sys.executable).parent / ("ruff.exe" if sys.platform == "win32" else "ruff")
    if script.is_file():
        return [str(script)]
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    return None


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command):
    ruff = ruff_command()
    if ruff is None:
        pytest.skip("ruff is not installed in this interpreter's environment (a test extra)")
    result = subprocess.run(
        [*ruff, *command, "translate", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
