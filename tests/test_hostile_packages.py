"""Hostile model packages: checked whole in a temporary folder before anything installed is
touched; never replace another pair's package; a broken installed one is skipped with one
warning by every command that lists packages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from translate import models
from translate.errors import ModelError
from translate.models import install_model, list_models


def _rewrite(source: Path, target: Path, metadata=None, rename=None, extra=()) -> Path:
    """A copy of the package at `source` with other metadata, member names or extra members
    (each a ZipInfo and its bytes)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if metadata is not None and item.filename.endswith("metadata.json"):
                original = json.loads(data)
                data = json.dumps(metadata(original)).encode()
            name = rename(item.filename) if rename else item.filename
            zout.writestr(name, data, zipfile.ZIP_DEFLATED)
        for info, data in extra:
            zout.writestr(info, data)
    return target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_malformed_metadata_is_refused_and_the_installed_package_kept(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path
) -> None:
    good = install_model(tiny_archive)
    before = _snapshot(argos_dir)
    bad = _rewrite(tiny_archive, tmp_path / "bad.argosmodel", lambda m: {**m, "languages": 5})
    with pytest.raises(ModelError, match="'languages' must be a list") as caught:
        install_model(bad)
    assert "\n" not in str(caught.value)
    assert _snapshot(argos_dir) == before
    assert list_models() == [good]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda m: {**m, "type": "sbd"}, "not a translation model"),
        (lambda m: {**m, "to_code": "fr"}, "not a language pair"),
        (lambda m: {**m, "from_code": "../../x"}, "not a pair of language codes"),
        (lambda m: {**m, "from_code": 3}, "from_code/to_code"),
        (lambda m: {**m, "package_version": 1.0}, "'package_version' must be a string"),
        (lambda m: {**m, "links": [1]}, "'links' must be a list of strings"),
        (lambda m: [m], "not a JSON object"),
    ],
)
def test_package_that_is_not_a_translation_model_for_a_pair_is_refused(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path, change, reason: str
) -> None:
    bad = _rewrite(tiny_archive, tmp_path / "bad.argosmodel", change)
    with pytest.raises(ModelError, match=reason):
        install_model(bad)
    assert list(argos_dir.iterdir()) == []


def test_cli_refuses_an_sbd_package_with_one_error_line(
    cli_run, argos_dir: Path, tiny_archive: Path, tmp_path: Path
) -> None:
    bad = _rewrite(tiny_archive, tmp_path / "sbd.argosmodel", lambda m: {**m, "type": "sbd"})
    result = cli_run("models", "install", str(bad))
    assert result.exit_code == 2
    assert result.output.count("Error:") == 1
    assert "not a translation model" in result.output
    assert "installed" not in result.output.replace("nothing was installed", "")
    assert list(argos_dir.iterdir()) == []


def test_a_package_never_replaces_another_pairs_package(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path
) -> None:
    french = install_model(tiny_archive)
    # a de->en package whose archive folder is named like the fr->en one
    german = _rewrite(tiny_archive, tmp_path / "de.argosmodel", lambda m: {**m, "from_code": "de"})
    with zipfile.ZipFile(german) as zf:
        assert zf.namelist()[0].startswith(french.path.name)
    installed = install_model(german)
    assert (installed.source, installed.target) == ("de", "en")
    assert installed.path != french.path
    pairs = sorted((m.source, m.target) for m in list_models())
    assert pairs == [("de", "en"), ("fr", "en")]
    assert (french.path / "model" / "model.bin").is_file()


def test_a_folder_of_the_derived_name_holding_another_pair_is_not_replaced(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path
) -> None:
    french = install_model(tiny_archive)
    # someone put an it->en package in the folder name diptych derives for fr->en 1.1
    squatter = argos_dir / "translate-fr_en-1_1"
    squatter.mkdir()
    (squatter / "metadata.json").write_text(json.dumps({"from_code": "it", "to_code": "en"}))
    newer = _rewrite(
        tiny_archive, tmp_path / "new.argosmodel", lambda m: {**m, "package_version": "1.1"}
    )
    with pytest.raises(ModelError, match="holds the it->en package"):
        install_model(newer)
    assert json.loads((squatter / "metadata.json").read_text())["from_code"] == "it"
    assert (french.path / "model" / "model.bin").is_file()


def _member(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    info.create_system = 3
    return info


@pytest.mark.parametrize(
    "mode",
    [0o120777, 0o010644, 0o020644, 0o060644, 0o140644],
    ids=["link", "fifo", "chr", "blk", "sock"],
)
def test_links_and_special_files_in_a_package_are_refused(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path, mode: int
) -> None:
    top = zipfile.ZipFile(tiny_archive).namelist()[0].split("/")[0]
    extra = [(_member(f"{top}/model/evil", mode), b"/etc/passwd")]
    bad = _rewrite(tiny_archive, tmp_path / "link.argosmodel", extra=extra)
    with pytest.raises(ModelError, match="link or special file"):
        install_model(bad)
    assert list(argos_dir.iterdir()) == []


def test_unsafe_names_in_a_package_are_refused(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path
) -> None:
    top = zipfile.ZipFile(tiny_archive).namelist()[0].split("/")[0]
    for name in ("/abs", f"{top}/../../b", f"{top}/a\\b", "C:/x", f"{top}/line\nbreak"):
        bad = _rewrite(
            tiny_archive, tmp_path / "unsafe.argosmodel", extra=[(zipfile.ZipInfo(name), b"x")]
        )
        with pytest.raises(ModelError, match="unsafe path"):
            install_model(bad)
    assert list(argos_dir.iterdir()) == []


def test_zip_bombs_are_refused_before_anything_is_unpacked(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = zipfile.ZipFile(tiny_archive).namelist()[0].split("/")[0]
    bomb = zipfile.ZipInfo(f"{top}/bomb.bin")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    ratio = _rewrite(tiny_archive, tmp_path / "ratio.argosmodel", extra=[(bomb, bytes(50 << 20))])
    with pytest.raises(ModelError, match="zip bomb"):
        install_model(ratio)
    monkeypatch.setattr(models, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ModelError, match=r"unpacks to \d+ bytes \(limit 1000"):
        install_model(tiny_archive)
    monkeypatch.setattr(models, "MAX_UNPACKED_BYTES", 8 << 30)
    monkeypatch.setattr(models, "MAX_MEMBERS", 3)
    with pytest.raises(ModelError, match="files in the archive"):
        install_model(tiny_archive)
    assert list(argos_dir.iterdir()) == []


def test_a_package_that_does_not_load_is_refused(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path
) -> None:
    with (
        zipfile.ZipFile(tiny_archive) as zin,
        zipfile.ZipFile(tmp_path / "b.argosmodel", "w") as zout,
    ):
        for item in zin.infolist():
            data = b"garbage" if item.filename.endswith("sentencepiece.model") else zin.read(item)
            zout.writestr(item.filename, data)
    with pytest.raises(ModelError, match="does not load"):
        install_model(tmp_path / "b.argosmodel")
    assert list(argos_dir.iterdir()) == []


def _break_installed(argos_dir: Path) -> Path:
    broken = argos_dir / "translate-xx_en-1_0"
    broken.mkdir()
    (broken / "metadata.json").write_text(
        json.dumps({"from_code": "xx", "to_code": "en", "languages": 5})
    )
    return broken


def test_a_broken_installed_package_is_skipped_with_one_warning(
    argos_dir: Path, tiny_archive: Path
) -> None:
    good = install_model(tiny_archive)
    broken = _break_installed(argos_dir)
    warnings: list[str] = []
    assert list_models(warnings) == [good]
    assert len(warnings) == 1
    assert str(broken) in warnings[0] and "'languages' must be a list" in warnings[0]
    undecodable = argos_dir / "translate-yy_en-1_0"
    undecodable.mkdir()
    (undecodable / "metadata.json").write_bytes(b"\xff{")
    (argos_dir / "no-metadata").mkdir()
    warnings.clear()
    assert list_models(warnings) == [good]
    assert len(warnings) == 3


def test_every_command_listing_packages_warns_once_about_a_broken_one(
    cli_run, project: Path, argos_dir: Path, tiny_archive: Path
) -> None:
    install_model(tiny_archive)
    broken = _break_installed(argos_dir)
    for args in (("models", "list"), ("models", "install", "--if-missing"), ("translate",)):
        result = cli_run(*args)
        assert result.exit_code == 0, result.output
        warnings = [line for line in result.output.splitlines() if line.startswith("Warning:")]
        assert len(warnings) == 1, (args, result.output)
        assert str(broken) in warnings[0]
        assert "Traceback" not in result.output
