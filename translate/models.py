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
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from translate.argos_packages import (
    INSTALL_HINT,
    argos_code,
    installed_packages,
    metadata_problem,
    offline_hint,
    version_key,
)
from translate.errors import ModelError, display

NETWORK_TIMEOUT = 10.0  # seconds; an unreachable index must fail fast, not after minutes


@dataclass(frozen=True)
class ModelInfo:
    """An installed translation package."""

    source: str
    target: str
    version: str
    path: Path
    name: str = ""


def list_models(warnings: list[str] | None = None) -> list[ModelInfo]:
    """Installed translation packages, sorted by language pair and version; a broken one is
    skipped with a line added to `warnings`."""
    infos = [_info(pkg) for pkg in installed_packages(warnings)]
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


# Bounds on what an archive may unpack to, so that a zip bomb is refused before a byte is
# written: published packages hold about ten files and at most a few hundred megabytes,
# and their weights barely compress.
MAX_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 8 * 1024**3
MAX_RATIO = 200  # uncompressed / compressed size of one member above MIN_RATIO_CHECK bytes
MIN_RATIO_CHECK = 1024**2


def check_package_file(path: Path) -> dict[str, Any]:
    """Raise `ModelError` unless `path` is an intact Argos translation package; return its
    metadata (and the archive's top folder as `_folder`). Nothing is extracted: the names,
    types and sizes of the members, the metadata's schema and every CRC are checked."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{display(path)}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(
            f"{display(path)}: not an Argos model (.argosmodel files are zip archives)"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            _check_members(path, members)
            names = [member.filename for member in members]
            top = _single_top_folder(path, names)
            required = {f"{top}/metadata.json", f"{top}/sentencepiece.model"}
            required.add(f"{top}/model/model.bin")
            missing = sorted(required - set(names))
            if missing:
                raise ModelError(
                    f"{display(path)}: not an Argos model (missing {', '.join(missing)})"
                )
            broken = zf.testzip()
            if broken is not None:
                raise ModelError(f"{display(path)}: corrupt archive (bad data in {broken})")
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ModelError(f"{display(path)}: corrupt archive ({exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{display(path)}: metadata.json is not valid JSON") from None
    problem = metadata_problem(metadata)
    if problem is not None:
        raise ModelError(f"{display(path)}: {problem}; nothing was installed")
    metadata["_folder"] = top
    return metadata


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Only regular files and folders (no link, device or FIFO), within the size limits."""
    if len(members) > MAX_MEMBERS:
        raise ModelError(
            f"{display(path)}: {len(members)} files in the archive (limit {MAX_MEMBERS})"
        )
    total = 0
    for member in members:
        kind = stat.S_IFMT(member.external_attr >> 16)
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise ModelError(
                f"{display(path)}: {member.filename!r} is a link or special file; "
                "a package holds only files and folders"
            )
        total += member.file_size
        if member.file_size > MIN_RATIO_CHECK and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise ModelError(
                f"{display(path)}: {member.filename!r} unpacks {member.file_size} bytes from "
                f"{member.compress_size} (more than {MAX_RATIO}:1, a zip bomb?)"
            )
    if total > MAX_UNPACKED_BYTES:
        raise ModelError(
            f"{display(path)}: unpacks to {total} bytes (limit {MAX_UNPACKED_BYTES}, a zip bomb?)"
        )


def _single_top_folder(path: Path, names: list[str]) -> str:
    tops = set()
    for name in names:
        parts = PurePosixPath(name).parts
        bad = not parts or name.startswith("/") or "\\" in name or ":" in parts[0]
        if bad or ".." in parts or not all(p.isprintable() for p in parts):
            raise ModelError(f"{display(path)}: unsafe path in archive: {name!r}")
        tops.add(parts[0])
        if len(parts) == 1 and not name.endswith("/"):
            raise ModelError(
                f"{display(path)}: not an Argos model (file {name!r} outside a folder)"
            )
    if len(tops) != 1:
        raise ModelError(
            f"{display(path)}: not an Argos model (expected one top folder, found {len(tops)})"
        )
    return tops.pop()


def package_folder(metadata: dict[str, Any]) -> str:
    """The folder a package is installed in, derived from its pair and version (as Argos
    names its archives), never from the archive: a package can only replace one of its pair."""
    version = str(metadata.get("package_version") or "0").replace(".", "_")
    name = f"translate-{metadata['from_code']}_{metadata['to_code']}-{version}"
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


INSTALL_PREFIX = ".diptych-install-"


def install_model(path: Path) -> ModelInfo:
    """Check and install a `.argosmodel` file. The archive is checked, then extracted and
    loaded in a temporary folder; only then does it replace the package of the same pair and
    version. A folder of that name holding another pair's package is never replaced."""
    from argostranslate import package, settings

    path = Path(path)
    metadata = check_package_file(path)
    destination_root = Path(settings.package_data_dir)
    destination = destination_root / package_folder(metadata)
    try:
        destination_root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=INSTALL_PREFIX, dir=destination_root) as tmp:
            unpacked = _extract(path, metadata["_folder"], Path(tmp) / "new")
            _check_unpacked(path, unpacked)
            with package.package_lock:
                _refuse_other_pair(path, destination, metadata)
                if destination.exists() or destination.is_symlink():
                    destination.rename(Path(tmp) / "replaced")
                unpacked.rename(destination)
    except (OSError, zipfile.BadZipFile) as exc:
        where = getattr(exc, "filename", None) or destination_root
        raise ModelError(
            f"{display(where)}: cannot install {display(path)} "
            f"({getattr(exc, 'strerror', None) or exc})"
        ) from None
    _clear_argos_cache()
    return _info(package.Package(destination))


def _extract(path: Path, top: str, target: Path) -> Path:
    """Write the archive's files under `target` (its top folder renamed), each bounded by
    the size its header declares (zipfile stops there, and the CRC was checked)."""
    target.mkdir()
    with zipfile.ZipFile(path) as zf:
        for member in zf.infolist():
            relative = PurePosixPath(member.filename).relative_to(top)
            out = target.joinpath(*relative.parts)
            if member.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as source, open(out, "xb") as sink:
                shutil.copyfileobj(source, sink)
    return target


def _check_unpacked(path: Path, folder: Path) -> None:
    """The extracted package loads in argostranslate and its tokenizer reads."""
    import sentencepiece
    from argostranslate import package

    try:
        package.Package(folder)
        sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except Exception as exc:  # argostranslate and sentencepiece raise what they like
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"{display(path)}: the package does not load ({reason})") from None


def _refuse_other_pair(path: Path, destination: Path, metadata: dict[str, Any]) -> None:
    try:
        there = json.loads((destination / "metadata.json").read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return  # nothing there, or a broken package of this name: replaced
    if not isinstance(there, dict):
        return
    pair = (there.get("from_code"), there.get("to_code"))
    if pair != (metadata["from_code"], metadata["to_code"]):
        raise ModelError(
            f"{display(destination)} holds the {pair[0]}->{pair[1]} package; "
            f"{display(path)} was not installed over it"
        )


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
    available = [
        package.AvailablePackage(entry)
        for entry in index
        if isinstance(entry, dict) and metadata_problem(entry) is None
    ]
    known = {code for pkg in available for code in (pkg.from_code, pkg.to_code)}
    source, target = argos_code(source, known), argos_code(target, known)
    candidates = [pkg for pkg in available if (pkg.from_code, pkg.to_code) == (source, target)]
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


def ensure_model(
    source: str, target: str, file: Path | None = None, warnings: list[str] | None = None
) -> tuple[ModelInfo, str]:
    """Make sure a package serves source->target: keep an installed one, else install `file`,
    else download from the Argos index. Returns the package and what was done
    ("present", "installed" or "downloaded"); `ModelError` with the ways out otherwise."""
    installed = list_models(warnings)
    known = {code for model in installed for code in (model.source, model.target)}
    pair = (argos_code(source, known), argos_code(target, known))
    present = [m for m in installed if (m.source, m.target) == pair]
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
