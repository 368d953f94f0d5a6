"""The command line with a real (tiny, random-weight) Argos package: the whole MT path."""

from __future__ import annotations

import pytest

from translate.catalog import load_catalog
from translate.states import entry_state

SLUGS = ["000_da88f1f87eecb2fd", "002_e7fcacc06b89f122"]


def test_translate_without_model_exits_2_naming_pair_and_writes_nothing(
    cli_run,
    project,
    argos_dir,
):
    (project / "locales" / "en").mkdir(parents=True)
    result = cli_run("translate")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "fr->en" in errors[0]
    assert "diptych models install" in errors[0]
    assert "translate-fr_en-<version>.argosmodel" in errors[0]
    assert "argospm-index" in errors[0] and "`--engine none`" in errors[0]
    assert list((project / "locales" / "en").iterdir()) == []


def test_translate_with_installed_model_then_rerun_loads_nothing(
    cli_run,
    project,
    argos_dir,
    tiny_archive,
    msgfmt_check,
    monkeypatch,
):
    assert cli_run("models", "install", str(tiny_archive)).exit_code == 0
    listed = cli_run("models", "list")
    assert listed.exit_code == 0 and listed.output.startswith("fr->en\t")
    result = cli_run("translate")
    assert result.exit_code == 0, result.output
    for slug in SLUGS:
        po = project / "locales" / "en" / f"{slug}.po"
        assert msgfmt_check(po) == ""
        catalog = load_catalog(po)
        assert catalog.metadata["X-Machine-Translation"].startswith("Argos Translate ")
        states = {entry_state(e) for e in catalog}
        assert states <= {"machine", "untranslated"} and "machine" in states
    before = {p: p.read_bytes() for p in (project / "locales" / "en").iterdir()}

    import translate.argos

    def refuse(*args, **kwargs):
        raise AssertionError("a rerun with nothing new must not load a model")

    monkeypatch.setattr(translate.argos, "ArgosEngine", refuse)
    again = cli_run("translate")
    assert again.exit_code == 0, again.output
    assert {p: p.read_bytes() for p in (project / "locales" / "en").iterdir()} == before


def test_models_install_refuses_a_corrupt_file(cli_run, argos_dir, tmp_path):
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli_run("models", "install", str(bad))
    assert result.exit_code == 2 and result.output.startswith("Error: ")
    assert list(argos_dir.iterdir()) == []


def test_models_install_if_missing_uses_the_named_file_then_does_nothing(
    cli_run,
    argos_dir,
    tiny_archive,
    monkeypatch,
):
    monkeypatch.setenv("DIPTYCH_ARGOS_MODEL", str(tiny_archive))
    first = cli_run("models", "install", "--if-missing")
    assert first.exit_code == 0 and first.output.strip().endswith("installed")
    second = cli_run("models", "install", "--if-missing")
    assert second.exit_code == 0 and second.output.strip().endswith("present")


def test_models_install_if_missing_offline_is_one_clear_line(cli_run, argos_dir, monkeypatch):
    from argostranslate import settings

    monkeypatch.delenv("DIPTYCH_ARGOS_MODEL", raising=False)
    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    result = cli_run("models", "install", "--if-missing")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "fr->en" in lines[0] and "DIPTYCH_ARGOS_MODEL" in lines[0]
    assert "translate-fr_en-<version>.argosmodel" in lines[0] and "`--engine none`" in lines[0]


def test_models_install_download_offline_is_one_line_naming_the_index(
    cli_run,
    argos_dir,
    monkeypatch,
):
    from argostranslate import settings

    index = "http://127.0.0.1:9/index.json"  # the discard port: nothing listens there
    monkeypatch.setattr(settings, "remote_package_index", index)
    result = cli_run("models", "install", "--download")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot download")
    assert f"Argos package index {index}" in lines[0]
    assert "translate-fr_en-<version>.argosmodel" in lines[0] and "`--engine none`" in lines[0]
    assert list(argos_dir.iterdir()) == []


def test_models_install_needs_exactly_one_way(cli_run):
    assert cli_run("models", "install").exit_code == 2


@pytest.mark.parametrize("device", ["cpu", "auto"])
def test_device_option_runs_on_cpu(cli_run, project, argos_dir, tiny_archive, device):
    cli_run("models", "install", str(tiny_archive))
    result = cli_run("translate", "--device", device, SLUGS[0])
    assert result.exit_code == 0, result.output


def test_device_option_is_validated(cli_run):
    result = cli_run("translate", "--device", "tpu")
    assert result.exit_code == 2 and "tpu" in result.output


def test_cuda_without_a_gpu_is_one_clear_line(cli_run, project, argos_dir, tiny_archive):
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("a GPU is visible: the CUDA path runs instead of failing")
    cli_run("models", "install", str(tiny_archive))
    result = cli_run("translate", "--device", "cuda", SLUGS[0])
    assert result.exit_code == 2 and result.output.startswith("Error: ")
    assert not (project / "locales" / "en" / f"{SLUGS[0]}.po").exists()
