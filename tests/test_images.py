"""Images in the pages: alt text goes to translation (a paired placeholder: in context, the
path never sent), Markdown keeps the image with its translated alt, and the HTML pages show
the project's own images, copied beside the page as in the seeds tree and recorded in the
export manifest. Image paths are article text: only files of the project, judged by their
content and size, are read; SVG, hostile paths and remote images stay alt text or a link,
with one warning each, and nothing outside the project is read or copied."""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_book_images import _png

from translate import pipeline
from translate.engine import Translation
from translate.export import images
from translate.markup import protect, restore
from translate.project import load_project

SECRET = b"\x89PNG\r\n\x1a\n secret outside the project"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11"

ARTICLE = """# Les images

Voici le logo ![le logo](img/logo.png "Logo") dans le texte.

Un mot de passe ![passe](../../../../etc/passwd) ici.

Un chemin absolu ![absolu](/etc/passwd) là.

Un lien ![secret](img/sortie.png) qui sort.

Un faux ![faux](img/faux.png) fichier.

Un dessin ![dessin](img/dessin.svg) refusé.

Une image distante ![distante](https://example.org/x.png) jamais lue.

Une image hors des articles ![commune](../../../assets/commune.png) partagée.
"""
HOSTILE = {
    "../../../../etc/passwd": "outside the project folder",
    "/etc/passwd": "an absolute path",
    "img/sortie.png": "outside the project folder",
    "img/faux.png": "not a PNG, JPEG, GIF or WebP image",
    "img/dessin.svg": "not a PNG, JPEG, GIF or WebP image",
}


class Upper:
    """An engine whose translation is the text in capitals (placeholders survive: `restore`
    reads `<G1>` as `<g1>`), so that what reached the model shows in the catalog."""

    name = "upper"
    description = "upper 1.0"
    translates = True

    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate(self, sources):
        self.seen += sources
        return [Translation(text.upper()) for text in sources]


@pytest.fixture
def image_tree(tmp_path: Path) -> Path:
    """A project whose article `guide/demo/index.md` names its own PNG, a PNG of the project
    outside seeds/, five hostile images and a remote one; translated by `Upper`."""
    root = tmp_path / "proj"
    folder = root / "seeds" / "guide" / "demo"
    (folder / "img").mkdir(parents=True)
    (root / "assets").mkdir()
    (folder / "img" / "logo.png").write_bytes(_png())
    (root / "assets" / "commune.png").write_bytes(_png(3, 3))
    (folder / "img" / "faux.png").write_text("not an image", encoding="utf-8")
    (folder / "img" / "dessin.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8"
    )
    outside = tmp_path / "outside.png"
    outside.write_bytes(SECRET + _png())
    (folder / "img" / "sortie.png").symlink_to(outside)
    (folder / "index.md").write_text(ARTICLE, encoding="utf-8")
    engine = Upper()
    pipeline.translate_project(load_project(root), None, engine_factory=lambda target: engine)
    po_path = root / "locales" / "en" / "guide" / "demo" / "index.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(po_path))
    return root


def _export(cli_run, root: Path, *args: str):
    result = cli_run("export", *args, root=root)
    assert result.exit_code == 0, result.output
    return result


def _resolves(build: Path, page: str, url: str) -> Path:
    """The file a relative URL of the page `page` (a name in build/) leads to."""
    return build / posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(url)))


# ---------------------------------------------------------------------------- translation


def test_alt_text_goes_to_the_model_and_the_path_does_not():
    protected = protect('Voici ![le logo](img/logo.png "Logo") ici')
    assert protected.masked == "Voici <g1>le logo</g1> ici"
    restored = restore(protected, "Here is <g1>the logo</g1>")
    assert restored.text == 'Here is ![the logo](img/logo.png "Logo")' and restored.intact


def test_an_image_whose_markers_are_lost_comes_back_whole():
    protected = protect("Voici ![le logo](img/logo.png) ici.")
    restored = restore(protected, "Here is the logo.")
    assert restored.text == "Here is the logo ![le logo](img/logo.png)."
    assert not restored.intact and "image 1 put back as in the source" in restored.problems


def test_the_catalog_holds_the_translated_alt_text(image_tree):
    catalog = polib.pofile(str(image_tree / "locales/en/guide/demo/index.po"))
    entry = next(e for e in catalog if "le logo" in e.msgid)
    assert entry.msgstr == 'VOICI LE LOGO ![LE LOGO](img/logo.png "Logo") DANS LE TEXTE.'


# ---------------------------------------------------------------------------- pages


@pytest.mark.parametrize("layout", ("side-by-side", "interleaved", "target"))
def test_pages_show_the_project_images_copied_beside_them(cli_run, image_tree, layout):
    result = _export(cli_run, image_tree, "--layout", layout)
    build = image_tree / "build"
    copy = build / "guide" / "demo" / "img" / "logo.png"
    assert copy.read_bytes() == _png()
    name = "guide/demo/index.en" + ("" if layout == "side-by-side" else f".{layout}")
    page = (build / f"{name}.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img src="([^"]*)" alt="([^"]*)"', page)
    alts = {alt: src for src, alt in shown}
    expected = {"LE LOGO", "COMMUNE"} | (set() if layout == "target" else {"le logo", "commune"})
    assert set(alts) == expected, shown
    assert alts["LE LOGO"] == "img/logo.png"
    for src, _alt in shown:  # every image the page shows is a file export wrote
        assert _resolves(build, f"{name}.html", src).read_bytes() in (_png(), _png(3, 3))
    assert alts["COMMUNE"].startswith("../../images/") and alts["COMMUNE"].endswith(".png")
    # refused images are their alt text: no image, no link to a file that is not there
    for src in HOSTILE:
        assert src not in page
    assert 'href="https://example.org/x.png"' in page  # remote: a link, never fetched
    # the manifest records each copy with its digest, like the pages
    manifest = json.loads((build / ".diptych-exports.json").read_text())["files"]
    assert "guide/demo/img/logo.png" in manifest
    assert [n for n in manifest if n.startswith("images/")] != []
    # one warning per refused image, naming the article and the reason
    warnings = [line for line in result.output.splitlines() if "refused (" in line]
    assert len(warnings) == len(HOSTILE), warnings
    for src, reason in HOSTILE.items():
        found = [w for w in warnings if f"image {src!r}" in w]
        assert len(found) == 1 and reason in found[0] and "index.md" in found[0], warnings
    # nothing outside the project was read into the output folder
    for path in build.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"secret outside" not in data and b"root:" not in data
            assert b"onload" not in data and b"not an image" not in data


def test_pages_and_a_book_exported_together_warn_once_per_image(cli_run, image_tree):
    result = _export(cli_run, image_tree, "--format", "html", "--format", "epub")
    warnings = [line for line in result.output.splitlines() if "refused (" in line]
    assert sorted(warnings) == sorted(set(warnings)) and len(warnings) == len(HOSTILE), warnings


def test_markdown_keeps_the_image_with_its_translated_alt(cli_run, image_tree):
    _export(cli_run, image_tree, "--format", "md", "--layout", "target")
    text = (image_tree / "build/guide/demo/index.en.target.md").read_text(encoding="utf-8")
    assert '![LE LOGO](img/logo.png "Logo")' in text
    assert (image_tree / "build/guide/demo/img/logo.png").read_bytes() == _png()


def test_a_translation_shows_no_image_its_source_does_not_have(cli_run, image_tree):
    po_path = image_tree / "locales/en/guide/demo/index.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if "le logo" in e.msgid)
    entry.msgstr = "Here is ![a pixel](https://tracker.example/p.png) and ![x](img/faux.png)."
    catalog.save(str(po_path))
    _export(cli_run, image_tree, "--layout", "target")
    page = (image_tree / "build/guide/demo/index.en.target.html").read_text(encoding="utf-8")
    assert "tracker.example" in page and '<img src="https://' not in page
    assert 'alt="a pixel"' not in page and 'alt="x"' not in page
    _export(cli_run, image_tree, "--format", "md", "--layout", "target")
    text = (image_tree / "build/guide/demo/index.en.target.md").read_text(encoding="utf-8")
    assert "![a pixel]" not in text and "![x]" not in text


def test_a_derived_folder_name_still_finds_its_image(cli_run, project):
    folder = project / "seeds" / "Été"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "soleil.png").write_bytes(_png())
    (folder / "index.md").write_text("# Été\n\nLe soleil ![le soleil](img/soleil.png).\n")
    cli_run("translate", "--engine", "none")
    _export(cli_run, project, "--format", "html")
    page = (project / "build" / "Ete" / "index.en.html").read_text(encoding="utf-8")
    srcs = re.findall(r'<img src="([^"]*)"', page)
    assert srcs and all(
        _resolves(project / "build", "Ete/index.en.html", src).read_bytes() == _png()
        for src in srcs
    )


def test_refused_images_are_not_in_the_pages_of_a_plain_text_article(cli_run, project):
    (project / "seeds" / "texte.txt").write_text("Un titre\n\nVoir ![x](/etc/passwd) ici.\n")
    cli_run("translate", "--engine", "none")
    result = _export(cli_run, project, "--format", "html")
    assert "refused (" not in result.output  # text articles have no image syntax


# ---------------------------------------------------------------------------- the checks


def test_read_image_refuses_by_content_and_size(tmp_path, monkeypatch):
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.gif").write_bytes(b"GIF89a" + b"\x00" * 20)
    (root / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    (root / "c.svg").write_text('<svg onload="x()"><script>x()</script></svg>', encoding="utf-8")
    (root / "d.png").write_bytes(_png())
    (root / "e.webp").write_bytes(WEBP)
    (root / "riff.webp").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    (root / "dir.png").mkdir()
    os.mkfifo(root / "fifo.png")
    read = images.read_image
    assert read(root, root, "a.gif").media_type == "image/gif"
    assert read(root, root, "b.jpg").media_type == "image/jpeg"
    assert read(root, root, "e.webp").media_type == "image/webp"
    assert read(root, root, "e.webp", images.BOOK_TYPES) == "a WebP image, which books do not embed"
    assert read(root, root, "riff.webp") == "not a PNG, JPEG, GIF or WebP image"
    assert read(root, root, "c.svg") == "not a PNG, JPEG, GIF or WebP image"
    assert read(root, root, "dir.png") == "not a regular file"
    assert read(root, root, "fifo.png") == "not a regular file"
    assert read(root, root, "missing.png") == "no such file"
    assert read(root, root / "sub", "../d.png").media_type == "image/png"
    assert read(root, root, "../p/d.png").media_type == "image/png"
    assert read(root, root, "..%2F..%2Fetc%2Fpasswd") == "outside the project folder"
    assert read(root, root, "d.png?x=1") == "a path with a query or fragment"
    assert read(root, root, "//example.org/d.png") == "an absolute path"
    assert read(root, root, "https://example.org/d.png") == "a URL, not a file of the project"
    monkeypatch.setattr(images, "IMAGE_LIMIT", 50)
    assert read(root, root, "d.png") == "larger than 50 bytes"


def test_copy_names_mirror_the_seeds_tree_or_fall_back_to_the_digest(tmp_path):
    seeds = tmp_path / "seeds"
    image = images.ProjectImage(path=seeds / "a" / "img" / "x.png", kind="png", data=b"1")
    assert images.copy_name(seeds, image) == "a/img/x.png"
    digest = image.digest_name
    assert re.fullmatch(r"images/[0-9a-f]{16}\.png", digest)
    for path in (
        tmp_path / "assets" / "x.png",  # outside seeds/
        seeds / "a" / "x.jpg",  # a name that is not of its type
        seeds / ".hidden" / "x.png",
        seeds / "index.en.html",
    ):
        assert images.copy_name(seeds, images.ProjectImage(path, "png", b"1")) == digest


# ---------------------------------------------------------------------------- never lost


def _shown(text: str) -> list[str]:
    """The images a Markdown renderer shows for `text` (an image inside another's alt text
    is only words there)."""
    from markdown_it import MarkdownIt

    return [
        child.attrGet("src")
        for token in MarkdownIt("commonmark").parseInline(text)
        for child in token.children or []
        if child.type == "image"
    ]


# Images the model put inside another image's alt text (`![plan ![du](1.png)](0.png)` shows
# one image, its alt text "plan du"); the first was found by the property below.
NESTED = [
    ("le ![le](img/0.png) ![le `x`](img/1.png).", "le <g1>le .<g2>le </g2></g1>"),
    ("le ![plan](img/0.png) ![du](img/1.png).", "le <g1>plan <g2>du</g2></g1>."),
    ("le ![plan](img/0.png) ![du](img/1.png).", "le <g2>du <g1>plan</g1></g2>."),
    ("![a](img/0.png) ![b](img/1.png) ![c](img/2.png)", "<g1>a <g2>b <g3>c</g3></g2></g1>"),
    ("![a *b*](img/0.png) ![c](img/1.png)", "<g1>a <g2>b <g3>c</g3></g2></g1>"),
    ("le ![plan](img/0.png) et ![](img/1.png)", "le <g1>plan <x2/></g1> et"),
]


@pytest.mark.parametrize(("source", "translated"), NESTED)
def test_an_image_put_inside_another_alt_text_comes_back_whole(source, translated):
    protected = protect(source)
    restored = restore(protected, translated)
    assert sorted(_shown(restored.text)) == sorted(re.findall(r"\]\(([^)]*)\)", source))
    assert not restored.intact, restored


_WORDS = st.sampled_from(["le", "plan", "du", "réseau", "voir", "ici", "*gras*", "`x`"])


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(_WORDS, min_size=1, max_size=4),
    alts=st.lists(st.lists(_WORDS, min_size=1, max_size=3), min_size=1, max_size=3),
    seed=st.randoms(use_true_random=False),
)
def test_an_image_survives_whatever_the_model_does_to_its_markers(words, alts, seed):
    """Whatever the model drops, moves or duplicates, every image of the source is in the
    restored text with its destination, as an image."""
    images_in = [f"![{' '.join(alt)}](img/{n}.png)" for n, alt in enumerate(alts)]
    source = " ".join(words + images_in) + "."
    protected = protect(source)
    tokens = re.findall(r"</?g\d+>|<x\d+/>|[^<]+", protected.masked)
    mangled = [t for t in tokens if not (t.startswith("<") and seed.random() < 0.3)]
    if seed.random() < 0.3:
        seed.shuffle(mangled)
    restored = restore(protected, "".join(mangled)).text
    found = _shown(restored)
    assert set(found) >= {f"img/{n}.png" for n in range(len(alts))}, (protected, restored)
