"""Model management: list, install (refusing bad files before writing), download."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from translate.errors import ModelError
from translate.models import (
    ModelInfo,
    check_package_file,
    download_model,
    install_model,
    list_models,
)


def test_list_is_empty_then_shows_installed_package(argos_dir: Path, tiny_archive: Path) -> None:
    assert list_models() == []
    info = install_model(tiny_archive)
    assert info == ModelInfo("fr", "en", "1.0", argos_dir / info.path.name, "translate-fr_en")
    assert list_models() == [info]
    assert (info.path / "model" / "model.bin").is_file()


def test_reinstall_replaces_the_same_folder(argos_dir: Path, tiny_archive: Path) -> None:
    first = install_model(tiny_archive)
    (first.path / "stale.txt").write_text("left from the previous install")
    second = install_model(tiny_archive)
    assert second.path == first.path
    assert not (second.path / "stale.txt").exists()
    assert [p.name for p in argos_dir.iterdir()] == [first.path.name]


def _rezip(source: Path, target: Path, rename=lambda n: n, drop=(), extra=None) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            if any(item.filename.endswith(d) for d in drop):
                continue
            data = zin.read(item.filename)
            if extra and item.filename.endswith("metadata.json"):
                data = extra
            zout.writestr(rename(item.filename), data)
    return target


def _bad_files(tiny: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    text = tmp / "notes.argosmodel"
    text.write_text("hello")
    truncated = tmp / "truncated.argosmodel"
    truncated.write_bytes(tiny.read_bytes()[: tiny.stat().st_size // 2])
    flipped = tmp / "flipped.argosmodel"
    data = bytearray(tiny.read_bytes())
    with zipfile.ZipFile(tiny) as zf:
        info = zf.getinfo(next(n for n in zf.namelist() if n.endswith("model.bin")))
    data[info.header_offset + 30 + len(info.filename) + 100] ^= 0xFF
    flipped.write_bytes(bytes(data))
    return {
        "text": (text, "zip"),
        "truncated": (truncated, "corrupt|not an Argos model"),
        "flipped": (flipped, "corrupt"),
        "no-metadata": (_rezip(tiny, tmp / "a.argosmodel", drop=("metadata.json",)), "metadata"),
        "no-spm": (
            _rezip(tiny, tmp / "b.argosmodel", drop=("sentencepiece.model",)),
            "sentencepiece",
        ),
        "no-model": (
            _rezip(
                tiny,
                tmp / "c.argosmodel",
                drop=("model.bin", "config.json", "vocabulary.json", "model/"),
            ),
            "model/",
        ),
        "two-tops": (
            _rezip(
                tiny,
                tmp / "d.argosmodel",
                rename=lambda n: n if "model/" in n else "other/" + n.split("/", 1)[1],
            ),
            "one top folder",
        ),
        "traversal": (_rezip(tiny, tmp / "e.argosmodel", rename=lambda n: "../" + n), "unsafe"),
        "no-codes": (
            _rezip(tiny, tmp / "f.argosmodel", extra=json.dumps({"from_code": "fr"}).encode()),
            "from_code/to_code",
        ),
        "bad-json": (_rezip(tiny, tmp / "g.argosmodel", extra=b"{nope"), "JSON"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "text",
        "truncated",
        "flipped",
        "no-metadata",
        "no-spm",
        "no-model",
        "two-tops",
        "traversal",
        "no-codes",
        "bad-json",
    ],
)
def test_bad_package_is_refused_before_anything_is_written(
    argos_dir: Path,
    tiny_archive: Path,
    tmp_path: Path,
    case: str,
) -> None:
    path, reason = _bad_files(tiny_archive, tmp_path)[case]
    with pytest.raises(ModelError, match=reason) as caught:
        install_model(path)
    assert "\n" not in str(caught.value)
    assert list(argos_dir.iterdir()) == []


def test_missing_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file"):
        check_package_file(tmp_path / "absent.argosmodel")


def test_download_offline_fails_with_install_hint(argos_dir: Path, monkeypatch) -> None:
    from argostranslate import settings

    with socket.socket() as probe:  # a local port with nothing listening: refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(settings, "remote_package_index", f"http://127.0.0.1:{port}/index.json")
    with pytest.raises(ModelError, match="diptych models install FILE.argosmodel") as caught:
        download_model("fr", "en")
    assert list(argos_dir.iterdir()) == []
    message = str(caught.value)
    assert "\n" not in message
    assert "translate-fr_en-<version>.argosmodel" in message
    assert f"Argos package index {settings.remote_package_index}" in message
    assert "`--engine none`" in message


def test_download_from_a_silent_server_times_out(argos_dir: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/index.json"
        with pytest.raises(ModelError, match="timed out"):
            download_model("fr", "en", index_url=url, timeout=0.3)


@pytest.fixture
def index_server(tmp_path: Path, tiny_archive: Path) -> Iterator[str]:
    served = tmp_path / "served"
    served.mkdir()
    (served / "fr_en.argosmodel").write_bytes(tiny_archive.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = [
        {
            "type": "translate",
            "from_code": "fr",
            "to_code": "en",
            "package_version": "1.0",
            "argos_version": "1.9",
            "links": [f"{base}/fr_en.argosmodel"],
        },
        {
            "type": "translate",
            "from_code": "en",
            "to_code": "fr",
            "package_version": "1.0",
            "argos_version": "1.9",
            "links": [f"{base}/missing.argosmodel"],
        },
    ]
    (served / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{base}/index.json"
    server.shutdown()
    server.server_close()


def test_download_installs_package_from_index(argos_dir: Path, index_server: str) -> None:
    info = download_model("fr", "en", index_url=index_server)
    assert (info.source, info.target, info.version) == ("fr", "en", "1.0")
    assert list_models() == [info]
    with pytest.raises(ModelError, match="no package for de->en"):
        download_model("de", "en", index_url=index_server)
    with pytest.raises(ModelError, match="cannot download"):
        download_model("en", "fr", index_url=index_server)
