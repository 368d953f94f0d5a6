"""Start-up: a command loads only the heavy libraries its own code path uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
HEAVY = (
    "ctranslate2",
    "sentencepiece",
    "argostranslate",
    "jinja2",
    "markdown_it",
    "torch",
    "stanza",
    "numpy",
    "ray",
)
PROBE = """
import json, runpy, sys
arguments, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["diptych"] + arguments
try:
    runpy.run_module("translate", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in watched if m in sys.modules)), file=sys.stderr)
"""


def heavy_imports(project: Path, *args: str) -> list[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            json.dumps(["--project", str(project), "-q", *args]),
            json.dumps(HEAVY),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    """The seed project, translated with --engine none."""
    import shutil

    root = tmp_path_factory.mktemp("imports") / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "translate",
            "--project",
            str(root),
            "-q",
            "translate",
            "--engine",
            "none",
        ],
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return root


@pytest.mark.parametrize(
    "args, allowed",
    [
        (["--help"], []),
        (["--version"], []),
        (["status"], []),
        (["status", "--json"], []),
        (["segment", "000_da88f1f87eecb2fd"], []),
        (["translate", "--engine", "none"], []),
        (["export", "--format", "md"], []),
        (["export"], ["jinja2"]),
        (["review"], ["jinja2"]),
    ],
)
def test_commands_load_only_what_they_use(translated, args, allowed):
    assert heavy_imports(translated, *args) == allowed


def test_status_from_a_cold_cache_loads_nothing_heavy(translated):
    import shutil

    shutil.rmtree(translated / ".diptych", ignore_errors=True)
    assert heavy_imports(translated, "status") == []


@given(st.text(alphabet=st.characters(blacklist_characters="*_`[]<>!&\\"), max_size=80))
def test_markup_fast_path_agrees_with_the_parser(text):
    from collections import Counter

    from translate.qa import constructs as qa

    parsed: Counter[str] = Counter()
    for token in qa._markdown().parseInline(text)[0].children or []:
        if token.type == "text":
            qa._text_constructs(token.content, parsed)
    assert qa._constructs(text) == parsed
