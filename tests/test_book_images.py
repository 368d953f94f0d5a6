"""Images in the books: a project's own PNG is embedded in the EPUB (epubcheck-clean, seen by
ebooklib) and the PDF (listed by poppler's pdfimages), with the translated alt text on the
target side; hostile references (escaping the folder, absolute, a symlink leading out, a
non-image named .png, another URL scheme) are refused with one warning each and nothing outside
the project is read. The PNG is made with the standard library."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest

XHTML = "{http://www.w3.org/1999/xhtml}"
SECRET = b"\x89PNG\r\n\x1a\n secret outside the project"


def _png(width: int = 6, height: int = 4) -> bytes:
    """A valid RGB PNG, red, of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


ARTICLE = """# Les images

Voici le logo ![le logo](img/logo.png "Logo") dans le texte.

Un mot de passe ![passe](../../etc/passwd) ici.

Un chemin absolu ![absolu](/etc/passwd) là.

Un lien ![secret](img/sortie.png) qui sort.

Un faux ![faux](img/faux.png) fichier.

Un serveur ![serveur](ftp://example.org/x.png) nommé.

Une image distante ![distante](https://example.org/x.png) jamais lue.
"""
HOSTILE = {
    "../../etc/passwd": "outside the project folder",
    "/etc/passwd": "an absolute path",
    "img/sortie.png": "outside the project folder",
    "img/faux.png": "not a PNG, JPEG, GIF or WebP image",
    "ftp://example.org/x.png": "a URL",
}


@pytest.fixture
def image_project(tmp_path: Path, cli_run) -> Path:
    """A project whose article names its own PNG and five hostile images; the logo's
    sentence is translated (alt text included) and reviewed."""
    import polib

    root = tmp_path / "proj"
    (root / "seeds" / "img").mkdir(parents=True)
    (root / "seeds" / "img" / "logo.png").write_bytes(_png())
    (root / "seeds" / "img" / "faux.png").write_text("not an image", encoding="utf-8")
    outside = tmp_path / "outside.png"
    outside.write_bytes(SECRET + _png())
    (root / "seeds" / "img" / "sortie.png").symlink_to(outside)
    (root / "seeds" / "images.md").write_text(ARTICLE, encoding="utf-8")
    assert cli_run("translate", "--engine", "none", root=root).exit_code == 0
    po_path = next((root / "locales" / "en").rglob("*.po"))
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if "le logo" in e.msgid)
    entry.msgstr = 'Here is the logo ![the logo](img/logo.png "Logo") in the text.'
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(po_path))
    return root


def _export(cli_run, root: Path, *args: str):
    result = cli_run("export", *args, root=root)
    assert result.exit_code == 0, result.output
    return result


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if "refused (" in line]


def _check_warnings(output: str) -> None:
    warnings = _warnings(output)
    assert len(warnings) == len(HOSTILE), warnings
    for src, reason in HOSTILE.items():
        found = [w for w in warnings if f"image {src!r}" in w]
        assert len(found) == 1 and reason in found[0] and "images.md" in found[0], warnings
    assert "https://example.org" not in output


@pytest.mark.parametrize("layout", ("interleaved", "side-by-side", "target"))
def test_epub_embeds_the_project_image_and_refuses_the_rest(cli_run, image_project, layout):
    result = _export(cli_run, image_project, "--format", "epub", "--layout", layout)
    _check_warnings(result.output)
    path = image_project / "build" / f"book.en.{layout}.epub"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        images = [n for n in names if n.startswith("OEBPS/images/")]
        assert len(images) == 1 and images[0].endswith(".png")
        assert archive.read(images[0]) == _png()
        for name in names:  # nothing outside the project was read into the book
            data = archive.read(name)
            assert b"secret outside" not in data and b"root:" not in data
            assert b"not an image" not in data
        opf = archive.read("OEBPS/content.opf").decode()
        chapter = ElementTree.fromstring(archive.read("OEBPS/a0001.xhtml"))
    assert f'href="{images[0][len("OEBPS/") :]}" media-type="image/png"' in opf
    shown = {
        img.get("alt"): img.get("src") for img in chapter.iter(f"{XHTML}img") if img.get("src")
    }
    expected = {"the logo": images[0][len("OEBPS/") :]}
    if layout != "target":
        expected["le logo"] = expected["the logo"]
    assert shown == expected
    text = "".join(chapter.itertext())
    for alt in ("[passe]", "[absolu]", "[secret]", "[faux]", "[serveur]", "[distante]"):
        assert alt in text
    if shutil.which("epubcheck") and shutil.which("java"):
        checked = subprocess.run(
            ["java", "-jar", shutil.which("epubcheck"), str(path)], capture_output=True, text=True
        )
        report = checked.stdout + checked.stderr
        assert "0 fatals / 0 errors / 0 warnings" in report, report


def test_ebooklib_sees_the_image(cli_run, image_project):
    epub = pytest.importorskip("ebooklib.epub", reason="ebooklib is in the test extra")
    import ebooklib

    _export(cli_run, image_project, "--format", "epub")
    book = epub.read_epub(str(image_project / "build" / "book.en.interleaved.epub"))
    images = list(book.get_items_of_type(ebooklib.ITEM_IMAGE))
    assert [item.media_type for item in images] == ["image/png"]
    assert images[0].get_content() == _png()


@pytest.mark.slow
@pytest.mark.parametrize("layout", ("side-by-side", "facing", "target"))
def test_pdf_embeds_the_project_image(cli_run, image_project, layout):
    pytest.importorskip("typst", reason="the books extra (typst) is not installed")
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages is not installed (tests/setup.sh installs it)")
    result = _export(cli_run, image_project, "--format", "pdf", "--layout", layout)
    _check_warnings(result.output)
    pdf = image_project / "build" / f"book.en.{layout}.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    rows = [row.split() for row in listed.stdout.splitlines()[2:]]
    # the logo, 6 x 4 pixels: on both sides, or the translation's only
    assert len(rows) == (1 if layout == "target" else 2), listed.stdout
    assert all(row[3:5] == ["6", "4"] for row in rows), listed.stdout
    assert b"secret outside" not in pdf.read_bytes()
