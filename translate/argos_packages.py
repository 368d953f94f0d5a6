"""Installed Argos packages: which exist, which serves a language pair (directly or through
English), and how to install one. Shared by the engine (`argos.py`) and the model commands
(`models.py`); argostranslate is imported only when the packages are listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate.errors import EngineError, display
from translate.project import LANGUAGE_CODE

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


def find_packages(source: str, target: str, warnings: list[str] | None = None) -> list[Any]:
    """The installed package for the pair, or the two packages of a pivot through English;
    a broken installed package is skipped with a line added to `warnings`."""
    installed = installed_packages(warnings)
    asked = source, target
    known = {code for pkg in installed for code in (pkg.from_code, pkg.to_code)}
    source, target = argos_code(source, known), argos_code(target, known)
    direct = _best(installed, source, target)
    if direct is not None:
        return [direct]
    if PIVOT not in (source, target):
        first, second = _best(installed, source, PIVOT), _best(installed, PIVOT, target)
        if first is not None and second is not None:
            return [first, second]
    raise EngineError(install_hint(*asked))


# BCP 47 codes whose Argos package has a code of its own.
ARGOS_CODES = {"pt-br": "pb", "zh-hant": "zt", "zh-tw": "zt", "zh-hk": "zt"}


def argos_code(code: str, known: set[str]) -> str:
    """The code Argos packages use for a BCP 47 code, given the `known` codes of the
    packages at hand: as written when one uses it (`pt-BR` stays `pt-BR`), else Argos's own
    (`pt-BR` -> `pb`), else the language alone (`de-CH` -> `de`)."""
    if code in known:
        return code
    lowered = code.replace("_", "-").lower()
    alias = ARGOS_CODES.get(lowered)
    if alias is not None and alias in known:
        return alias
    return lowered.split("-")[0]


def installed_packages(warnings: list[str] | None = None) -> list[Any]:
    """Every usable installed Argos translation package. Each folder is checked on its own
    (argostranslate's own listing stops at the first broken one): a folder whose metadata
    breaks the schema or that argostranslate cannot load is skipped with one line added to
    `warnings`; packages of another type (sentence splitters) are left out silently."""
    from argostranslate import package, settings  # imports neither stanza nor torch

    found = []
    for folder in _package_folders(settings.package_dirs, warnings):
        try:
            metadata = json.loads((folder / "metadata.json").read_bytes().decode("utf-8"))
            if isinstance(metadata, dict) and metadata.get("type", "translate") != "translate":
                continue
            problem = metadata_problem(metadata)
            if problem is None:
                with package.package_lock:
                    found.append(package.Package(folder))
        except FileNotFoundError:
            problem = "no metadata.json"
        except (OSError, ValueError) as exc:  # JSON, Unicode and argostranslate's own errors
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        except Exception as exc:  # argostranslate or sentencepiece refusing the folder
            problem = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if problem is not None and warnings is not None:
            warnings.append(
                f"{display(folder)}: broken Argos package skipped ({problem}); "
                f"reinstall it with {INSTALL_HINT} or remove the folder"
            )
    return found


def _package_folders(roots: list[Path], warnings: list[str] | None) -> list[Path]:
    folders = []
    for root in roots:
        try:
            folders += sorted(
                path
                for path in Path(root).iterdir()
                if path.is_dir() and not path.name.startswith(".")  # an install under way
            )
        except FileNotFoundError:
            continue
        except OSError as exc:
            if warnings is not None:
                warnings.append(f"{display(root)}: cannot list Argos packages ({exc.strerror})")
    return folders


_TEXT_KEYS = ("code", "package_version", "argos_version", "from_name", "to_name", "type")
_TEXT_KEYS += ("target_prefix",)
_LIST_KEYS = ("links", "languages", "dependencies", "source_languages", "target_languages")
_LIST_KEYS += ("from_codes", "to_codes")


def metadata_problem(metadata: object) -> str | None:
    """Why a package's `metadata.json` content is not one argostranslate can load, or None:
    every key it reads must have the type it expects (it fails on `"languages": 5` with a
    traceback), and a translation package names a language pair."""
    if not isinstance(metadata, dict):
        return "metadata.json is not a JSON object"
    for key in _TEXT_KEYS:
        if key in metadata and not isinstance(metadata[key], str):
            return f"metadata.json: {key!r} must be a string"
    for key in _LIST_KEYS:
        if key in metadata and not isinstance(metadata[key], list):
            return f"metadata.json: {key!r} must be a list"
    if not all(isinstance(link, str) for link in metadata.get("links", [])):
        return "metadata.json: 'links' must be a list of strings"
    if not all(isinstance(item, dict) for item in metadata.get("languages", [])):
        return "metadata.json: 'languages' must be a list of objects"
    kind = metadata.get("type", "translate")
    if kind != "translate":
        return f"not a translation model (type {kind!r})"
    codes = [metadata.get("from_code"), metadata.get("to_code")]
    if not all(isinstance(code, str) and code for code in codes):
        return "metadata.json lacks from_code/to_code"
    if not all(LANGUAGE_CODE.fullmatch(code) for code in codes):
        return f"metadata.json: {codes[0]!r}->{codes[1]!r} is not a pair of language codes"
    if codes[0] == codes[1]:
        return f"metadata.json: {codes[0]!r}->{codes[1]!r} is not a language pair"
    return None


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
