"""The repository's own seed articles: reviewed catalogs that publish without any model.

Every test works on a copy of the repository's project files and never writes into it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent

PROJECT_PARTS = ("seeds", "locales", "reviews", "diptych.toml", "glossary.csv")


def _copy_project(root: Path) -> Path:
    """Copy what a fresh clone holds of the project (not build/, not .diptych/)."""
    root.mkdir()
    for name in PROJECT_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy(source, root / name)
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".diptych" not in p.parts and "build" not in p.parts
    }


def _offline_env(tmp_path: Path) -> dict[str, str]:
    """No Argos package anywhere, and any network access fails at once."""
    packages = tmp_path / "argos-packages"
    packages.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DIPTYCH_ARGOS_MODEL"}
    dead = "http://127.0.0.1:9"
    env.update(
        ARGOS_PACKAGES_DIR=str(packages),
        HOME=str(tmp_path / "home"),
        HTTP_PROXY=dead,
        HTTPS_PROXY=dead,
        ALL_PROXY=dead,
        http_proxy=dead,
        https_proxy=dead,
        NO_PROXY="",
    )
    return env


def _readme_main_command() -> list[list[str]]:
    """The diptych commands of the README's first shell block (the main command)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block, "README.md has no ```sh block"
    commands = []
    for part in block.group(1).replace("\\\n", " ").split("&&"):
        words = shlex.split(part)
        if words and words[0].endswith("bin/diptych"):
            commands.append(words[1:])
    assert commands, "the README's main command runs no diptych command"
    return commands


class _Rows(HTMLParser):
    """English sentence spans of a side-by-side page, grouped by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str, str]]] = []  # (pair id, classes, text)
        self._span: list[str] | None = None
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = {k: v or "" for k, v in attrs}
        classes = attrs.get("class", "").split()
        if tag == "div" and "row" in classes:
            self.rows.append([])
        elif tag == "span" and attrs.get("id", "").endswith("-en"):
            self._span, self._attrs = [], attrs

    def handle_data(self, data: str) -> None:
        if self._span is not None:
            self._span.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._span is not None:
            text = "".join(self._span)
            self.rows[-1].append((self._attrs["data-pair"], self._attrs["class"], text))
            self._span = None


class _Sources(HTMLParser):
    """French sentence spans of a page: pair id -> text."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "span" and (attrs.get("id") or "").endswith("-fr"):
            self._id = attrs["id"]
            self.text[self._id] = ""

    def handle_data(self, data: str) -> None:
        if self._id:
            self.text[self._id] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._id = None


def test_seed_catalogs_are_reviewed_and_pass_status_check(tmp_path: Path, msgfmt_check) -> None:
    root = _copy_project(tmp_path / "copy")
    catalogs = sorted((root / "locales" / "en").glob("*.po"))
    assert [p.stem for p in catalogs] == sorted(p.stem for p in (REPO / "seeds").iterdir())
    for path in catalogs:
        assert msgfmt_check(path) == ""
        po = polib.pofile(str(path))
        assert po.percent_translated() == 100 and not po.fuzzy_entries(), path.name
        for entry in po.translated_entries():
            assert "\u00a0" not in entry.msgstr and "\u202f" not in entry.msgstr, entry.msgid
            assert "«" not in entry.msgstr and "'" not in entry.msgstr, entry.msgid
    before = _snapshot(root)
    result = subprocess.run(
        [sys.executable, "-m", "translate", "--project", str(root), "status", "--check"],
        capture_output=True,
        text=True,
        env=_offline_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _snapshot(root) == before


def test_readme_main_command_publishes_the_seeds_offline(tmp_path: Path) -> None:
    """A fresh clone, no model installed, no network: the README's command publishes both
    articles with reviewed English in every row, and changes no catalog."""
    root = _copy_project(tmp_path / "clone")
    env = _offline_env(tmp_path)
    before = _snapshot(root)
    for args in _readme_main_command():
        result = subprocess.run(
            [sys.executable, "-m", "translate", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, f"diptych {' '.join(args)}: {result.stderr}"
    assert _snapshot(root) == before  # nothing retranslated, no catalog rewritten
    assert not any(Path(env["ARGOS_PACKAGES_DIR"]).iterdir())
    for po_path in sorted((root / "locales" / "en").glob("*.po")):
        english = {e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if e.msgid}
        page = (root / "build" / f"{po_path.stem}.en.html").read_text(encoding="utf-8")
        rows, sources = _Rows(), _Sources()
        rows.feed(page)
        sources.feed(page)
        body = [row for row in rows.rows if row]
        assert len(body) >= 2
        assert len(rows.rows) == len(body), "a row without English"
        for row in body:
            for pair, classes, text in row:
                french = re.sub(r"[ \t\n]+", " ", sources.text[pair]).strip()
                assert "st-reviewed" in classes.split(), (pair, classes)
                assert text == english[french] != french


def test_second_translate_changes_no_byte(tmp_path: Path) -> None:
    root = _copy_project(tmp_path / "copy")
    env = _offline_env(tmp_path)
    before = _snapshot(root)
    for engine in ("none", "argos"):
        result = subprocess.run(
            [sys.executable, "-m", "translate", "--project", str(root), "translate"]
            + ["--engine", engine],
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 0, result.stderr
        assert _snapshot(root) == before


def test_committed_review_reports_are_what_review_writes(tmp_path: Path) -> None:
    """`reviews/` holds the reports as `diptych review` writes them today, with no finding."""
    root = _copy_project(tmp_path / "copy")
    committed = {p.name: p.read_bytes() for p in (root / "reviews").iterdir()}
    result = subprocess.run(
        [sys.executable, "-m", "translate", "--project", str(root), "review"],
        capture_output=True,
        text=True,
        env=_offline_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_bytes() for p in (root / "reviews").iterdir()}
    assert written == committed, "run `diptych review` and commit reviews/"
    for name in (n for n in written if n.endswith(".json")):
        summary = json.loads(written[name])["summary"]
        assert (summary["qa_errors"], summary["qa_warnings"]) == (0, 0), name
