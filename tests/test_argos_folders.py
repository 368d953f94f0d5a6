"""Argos package folders shared with other tools: the full argostranslate, LibreTranslate.

They all keep packages where `argostranslate.settings` says: `ARGOS_PACKAGES_DIR` (from the
environment or `~/.config/argos-translate/settings.json`), else
`$XDG_DATA_HOME/argos-translate/packages`, else `~/.local/share/argos-translate/packages`;
one folder per package, as `argostranslate.package.install_from_path` extracts it
(`metadata.json`, `model/`, `sentencepiece.model`, and in older packages `stanza/`).
argostranslate reads those settings once, at import, so every case runs in a fresh process
with only the environment it sets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from argos_package import ROOT, TEST_SPEC

pytestmark = pytest.mark.slow

LAYOUTS = ["default", "XDG_DATA_HOME", "ARGOS_PACKAGES_DIR", "settings.json"]


def layout(kind: str, tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A clean environment for one way of locating the packages, and the folder it names."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "SOURCE_DATE_EPOCH": "1790000000",
    }
    if kind == "default":
        return env, home / ".local" / "share" / "argos-translate" / "packages"
    if kind == "XDG_DATA_HOME":
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
        return env, tmp_path / "xdg-data" / "argos-translate" / "packages"
    folder = tmp_path / "shared-packages"
    if kind == "ARGOS_PACKAGES_DIR":
        env["ARGOS_PACKAGES_DIR"] = str(folder)
    else:  # argostranslate's settings file, as its GUI and LibreTranslate's installer write it
        config = home / ".config" / "argos-translate"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(folder)}))
    return env, folder


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


ENGINE_SCRIPT = textwrap.dedent(
    """
    from translate.engines import make_engine
    engine = make_engine("argos", "fr", "en")
    print(engine.description)
    print(engine.translate(["Bonjour tout le monde."])[0].text)
    """
)


@pytest.mark.parametrize("kind", LAYOUTS)
def test_packages_installed_by_other_tools_are_found(
    kind: str,
    tmp_path: Path,
    tiny_archive: Path,
) -> None:
    env, folder = layout(kind, tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tiny_archive) as zf:  # what argostranslate's install_from_path does
        zf.extractall(folder)
    package = folder / TEST_SPEC.folder
    (package / "stanza").mkdir()  # packages from the 1.9 index also carry stanza's model
    (package / "stanza" / "resources.json").write_text("{}")
    listed = run(env, "-m", "translate", "models", "list").splitlines()
    assert listed == [f"fr->en\t1.0\ttranslate-fr_en\t{package}"]
    description, text = run(env, "-c", ENGINE_SCRIPT).splitlines()
    assert description.startswith("Argos Translate translate-fr_en 1.0 ")
    assert text


ARGOS_SCRIPT = textwrap.dedent(
    """
    import json
    from argostranslate import package
    import argostranslate.translate as argos_translate
    from translate.engines import make_engine
    found = [(p.type, p.from_code, p.to_code, str(p.package_path))
             for p in package.get_installed_packages()]
    translation = argos_translate.get_translation_from_codes("fr", "en")
    # argostranslate's sentence splitter needs a model download: a pass-through here
    translation.underlying.sentencizer.split_sentences = lambda text: [text]
    source = "Bonjour tout le monde."
    print(json.dumps({
        "found": found,
        "argos": translation.translate(source),
        # argostranslate decodes up to 256 tokens: diptych's runaway guard set to the same
        "diptych": make_engine("argos", "fr", "en", max_decoding_length=lambda n: 256)
        .translate([source])[0].text,
    }))
    """
)


@pytest.mark.parametrize("kind", LAYOUTS)
def test_packages_diptych_installs_are_usable_by_argostranslate(
    kind: str,
    tmp_path: Path,
    tiny_archive: Path,
) -> None:
    env, folder = layout(kind, tmp_path)
    installed = run(env, "-m", "translate", "models", "install", str(tiny_archive))
    assert installed.strip() == "fr->en translate-fr_en 1.0: installed"
    package = folder / TEST_SPEC.folder
    assert sorted(p.name for p in folder.iterdir()) == [TEST_SPEC.folder]
    result = json.loads(run(env, "-c", ARGOS_SCRIPT))
    assert result["found"] == [["translate", "fr", "en", str(package)]]
    assert result["argos"] == result["diptych"] != ""
