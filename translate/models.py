"""Argos model packages: list the installed ones, install a `.argosmodel` file, download one.

Packages live where argostranslate looks for them (`ARGOS_PACKAGES_DIR`, read by
`argostranslate.settings` at import). A file is checked before anything is written, so a
corrupt or foreign file is refused with a clear message instead of leaving a broken folder.

`argostranslate.package.install_from_path` is not used: after extracting it imports
`argostranslate.translate` (to clear a cache), which imports its sentence splitter. `install_model`
extracts the same archive into the same folder itself, under the same lock, atomically.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from translate.argos_packages import INSTALL_HINT, installed_packages, offline_hint, version_key
from translate.errors import ModelError

NETWORK_TIMEOUT = 10.0  # seconds; an unreachable index must fail fast, not after minutes


@dataclass(frozen=True)
class ModelInfo:
    """An installed translation package."""

    source: str
    target: str
    version: str
    path: Path
    name: str = ""


def list_models() -> list[ModelInfo]:
    """Installed translation packages, sorted by language pair and version."""
    infos = [_info(pkg) for pkg in installed_packages()]
    return sorted(infos, key=lambda m: (m.source, m.target, m.version, str(m.path)))


def _info(pkg: Any) -> ModelInfo:
    from argostranslate import package

    return ModelInfo(
        source=pkg.from_code,
        target=pkg.to_code,
        version=str(pkg.package_version),
        path=Path(pkg.package_path),
        name=package.argospm_package_name(pkg),
    )


def check_package_file(path: Path) -> dict[str, Any]:
    """Raise `ModelError` unless `path` is an intact Argos translation package; return metadata."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos model (.argosmodel files are zip archives)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            top = _single_top_folder(path, names)
            required = {f"{top}/metadata.json", f"{top}/sentencepiece.model"}
            missing = sorted(required - set(names))
            if not any(name.startswith(f"{top}/model/") for name in names):
                missing.append(f"{top}/model/")
            if missing:
                raise ModelError(f"{path}: not an Argos model (missing {', '.join(missing)})")
            broken = zf.testzip()
            if broken is not None:
                raise ModelError(f"{path}: corrupt archive (bad data in {broken})")
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ModelError(f"{path}: corrupt archive ({exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{path}: metadata.json is not valid JSON") from None
    if not isinstance(metadata, dict) or not all(
        isinstance(metadata.get(key), str) and metadata[key] for key in ("from_code", "to_code")
    ):
        raise ModelError(f"{path}: metadata.json lacks from_code/to_code")
    metadata["_folder"] = top
    return metadata


def _single_top_folder(path: Path, names: list[str]) -> str:
    tops = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts or "\\" in name:
            raise ModelError(f"{path}: unsafe path in archive: {name!r}")
        tops.add(parts[0])
        if len(parts) == 1 and not name.endswith("/"):
            raise ModelError(f"{path}: not an Argos model (file {name!r} outside a folder)")
    if len(tops) != 1:
        raise ModelError(f"{path}: not an Argos model (expected one top folder, found {len(tops)})")
    return tops.pop()


def install_model(path: Path) -> ModelInfo:
    """Check and install a `.argosmodel` file; a package in the same folder is replaced."""
    from argostranslate import package, settings

    metadata = check_package_file(Path(path))
    folder = metadata["_folder"]
    destination_root = Path(settings.package_data_dir)
    try:
        destination_root.mkdir(parents=True, exist_ok=True)
        with package.package_lock, tempfile.TemporaryDirectory(dir=destination_root) as tmp:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(tmp)
            destination = destination_root / folder
            old = Path(tmp) / ".replaced"
            if destination.exists():
                destination.rename(old)
            (Path(tmp) / folder).rename(destination)
    except OSError as exc:
        raise ModelError(f"cannot install {path} into {destination_root}: {exc}") from None
    _clear_argos_cache()
    return _info(package.Package(destination))


def _clear_argos_cache() -> None:
    """Tell argostranslate about the new package, only if it is already loaded."""
    import sys

    translate_module = sys.modules.get("argostranslate.translate")
    if translate_module is not None:
        translate_module.get_installed_languages.cache_clear()


def download_model(
    source: str,
    target: str,
    index_url: str | None = None,
    timeout: float = NETWORK_TIMEOUT,
) -> ModelInfo:
    """Download the pair's package from the Argos package index and install it."""
    from argostranslate import settings

    url = index_url or settings.remote_package_index
    try:
        return _download_model(source, target, url, timeout)
    except DownloadError as exc:
        raise DownloadError(exc.url, exc.reason, (source, target)) from None


def _download_model(source: str, target: str, url: str, timeout: float) -> ModelInfo:
    from argostranslate import package

    try:
        index = json.loads(_fetch(url, timeout))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ModelError(f"the Argos package index at {url} is not valid JSON") from None
    if not isinstance(index, list):
        raise ModelError(f"the Argos package index at {url} is not a list of packages")
    candidates = [
        package.AvailablePackage(entry)
        for entry in index
        if isinstance(entry, dict)
        and entry.get("from_code") == source
        and entry.get("to_code") == target
        and entry.get("type", "translate") == "translate"
    ]
    if not candidates:
        raise ModelError(f"the Argos package index has no package for {source}->{target}")
    best = max(candidates, key=lambda pkg: version_key(pkg.package_version))
    if not best.links:
        raise ModelError(f"the Argos index lists no download link for {source}->{target}")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / f"{package.argospm_package_name(best)}.argosmodel"
        archive.write_bytes(_fetch_any(best.links, timeout))
        return install_model(archive)


class DownloadError(ModelError):
    """The index or a package could not be fetched (offline, refused, timed out)."""

    def __init__(self, url: str, reason: str, pair: tuple[str, str] | None = None) -> None:
        self.url, self.reason = url, reason
        message = f"cannot download {url} ({reason}); offline? install a package file with "
        message += INSTALL_HINT
        if pair is not None:
            message += f"; {offline_hint(*pair)}"
        super().__init__(message)


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "diptych"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(url, str(reason)) from None


def _fetch_any(urls: list[str], timeout: float) -> bytes:
    error: ModelError | None = None
    for url in urls:
        try:
            return _fetch(url, timeout)
        except ModelError as exc:
            error = exc
    assert error is not None
    raise error


MODEL_FILE_ENV = "DIPTYCH_ARGOS_MODEL"


def ensure_model(source: str, target: str, file: Path | None = None) -> tuple[ModelInfo, str]:
    """Make sure a package serves source->target: keep an installed one, else install `file`,
    else download from the Argos index. Returns the package and what was done
    ("present", "installed" or "downloaded"); `ModelError` with the ways out otherwise."""
    present = [m for m in list_models() if (m.source, m.target) == (source, target)]
    if present:
        return present[-1], "present"
    if file is not None:
        return install_model(file), "installed"
    try:
        return download_model(source, target), "downloaded"
    except ModelError as exc:
        why = f"cannot download {exc.url}: {exc.reason}" if isinstance(exc, DownloadError) else exc
        raise ModelError(
            f"no Argos model for {source}->{target} and none could be downloaded ({why}); "
            f"set {MODEL_FILE_ENV}=FILE.argosmodel or run {INSTALL_HINT}; "
            f"{offline_hint(source, target)}"
        ) from None
