"""Installed Argos packages: which exist, which serves a language pair (directly or through
English), and how to install one. Shared by the engine (`argos.py`) and the model commands
(`models.py`); argostranslate is imported only when the packages are listed."""

from __future__ import annotations

from typing import Any

from translate.errors import EngineError, ModelError

PIVOT = "en"
INSTALL_HINT = "`diptych models install FILE.argosmodel`"
EXAMPLE_PACKAGE_FILE = "translate-fr_en-1_9.argosmodel"


def install_hint(source: str, target: str) -> str:
    return (
        f"no Argos model installed for {source}->{target}; install one with "
        f"{INSTALL_HINT} or `diptych models install --download`; {offline_hint(source, target)}"
    )


def offline_hint(source: str, target: str) -> str:
    """Where an offline user gets a package file for the pair, and how to go on without one.

    Argos package files are named `translate-<from>_<to>-<version with _>.argosmodel`; the
    index argostranslate reads (ARGOS_PACKAGE_INDEX) lists the download links of each one.
    """
    from argostranslate import settings

    return (
        f"on a connected machine, download translate-{source}_{target}-<version>.argosmodel "
        f"(e.g. {EXAMPLE_PACKAGE_FILE}) from its link in the Argos package index "
        f"{settings.remote_package_index}, or run with `--engine none` to leave entries "
        "empty for human translators"
    )


def find_packages(source: str, target: str) -> list[Any]:
    """The installed package for the pair, or the two packages of a pivot through English."""
    installed = installed_packages()
    direct = _best(installed, source, target)
    if direct is not None:
        return [direct]
    if PIVOT not in (source, target):
        first, second = _best(installed, source, PIVOT), _best(installed, PIVOT, target)
        if first is not None and second is not None:
            return [first, second]
    raise EngineError(install_hint(source, target))


def installed_packages() -> list[Any]:
    """Every installed Argos translation package (argostranslate reads its settings here)."""
    from argostranslate import package  # imports neither stanza nor torch

    try:
        packages = package.get_installed_packages()
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the installed Argos packages: {exc}") from None
    return [pkg for pkg in packages if pkg.type == "translate"]


def _best(packages: list[Any], source: str, target: str) -> Any | None:
    matches = [pkg for pkg in packages if pkg.from_code == source and pkg.to_code == target]
    if not matches:
        return None
    return max(matches, key=lambda pkg: (version_key(pkg.package_version), str(pkg.package_path)))


def version_key(version: str) -> tuple[int, ...]:
    """A package version as numbers, so that 1.10 sorts after 1.9."""
    parts = []
    for part in str(version).split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)
