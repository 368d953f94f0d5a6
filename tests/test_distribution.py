"""`pip install .` (not only the editable install) ships every module and template: a
subpackage missing from the distribution is a plain install that fails at its first import."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "translate"


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_subpackage_is_in_the_distribution() -> None:
    from setuptools import find_packages

    include = _setuptools()["packages"]["find"]["include"]
    shipped = set(find_packages(str(ROOT), include=include))
    packages = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")
    }
    assert packages and packages <= shipped, sorted(packages - shipped)


def test_every_data_file_is_in_the_distribution() -> None:
    patterns = _setuptools()["package-data"]["translate"]
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]
    missing = [name for name in data if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert data and not missing, missing
