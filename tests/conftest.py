"""Shared fixtures: a temporary copy of the seed project, the CLI runner, msgfmt."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from argos_package import GERMAN_SPEC, TEST_SPEC, build_package
from click.testing import CliRunner
from hypothesis import settings

# In CI the property tests run a fixed sequence of examples, so a run fails only because of
# a change; on a developer's machine they explore new examples on every run.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXED_EPOCH = "1790000000"  # 2026-09-21 14:13 UTC: golden files need a fixed revision date


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder holding a copy of the seed articles."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    for article in SEEDS.iterdir():
        shutil.copy(article, root / "seeds" / article.name)
    return root


@pytest.fixture
def cli_run(project: Path):
    """Invoke `diptych --project <project> ARGS`; returns click's Result."""
    from translate.cli import cli

    def run(*args: str, root: Path | None = None):
        runner = CliRunner()
        return runner.invoke(
            cli, ["--project", str(root or project), *args], catch_exceptions=False
        )

    return run


@pytest.fixture
def msgfmt_check():
    """Run GNU `msgfmt --check`; returns its stderr (empty when the file is clean)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (tests/setup.sh installs it)")

    def check(path: Path) -> str:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stderr

    return check


@pytest.fixture(scope="session")
def tiny_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fr->en package (with a target prefix), built once per test session."""
    return build_package(tmp_path_factory.mktemp("argos-build"), TEST_SPEC)


@pytest.fixture(scope="session")
def german_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny de->en package, its tokenizer trained on German text, built once per session."""
    return build_package(tmp_path_factory.mktemp("argos-build-de"), GERMAN_SPEC)


@pytest.fixture
def argos_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ARGOS_PACKAGES_DIR; argostranslate.settings read it at import, so patch both."""
    from argostranslate import settings

    packages = tmp_path / "argos-packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    return packages
