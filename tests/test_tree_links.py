"""A document tree published as a whole: Markdown exports lead links between pages of the
tree to the other page's exported Markdown file (inline links, reference definitions, names
with spaces), leave links to other files alone, and `index.html` lists the tree grouped by
folder. The page of an article with an image and the grouped index are checked by axe-core
(no violation) and the Nu HTML checker (no error)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_book_images import _png
from test_export import _vnu_jar

PAGE_A = """# Page A

Le vent souffle. Voir [la page B](../b/index.md#suite) et [le site](https://example.org/c.md).

Un [fichier](../notes.pdf) et [la racine](../racine.md) et [une absente](../z/index.md).

Voir [la référence][ref] et ![le plan](img/plan.png).

[ref]: <../b/index.md>
"""
PAGE_B = "# Page B\n\nLa mer est calme. Retour à [la page A](../a/index.md).\n"
ROOT = "# Racine\n\nVoir [l'autre](autre%20page.md#suite) et [la sous-page](a/x/sous.md).\n"


@pytest.fixture
def tree(tmp_path: Path, cli_run) -> Path:
    """A tree: `racine.md`, `autre page.md`, `a/index.md` (with an image), `a/x/sous.md`,
    `b/index.md`, untranslated."""
    root = tmp_path / "proj"
    seeds = root / "seeds"
    for folder in ("a/img", "a/x", "b"):
        (seeds / folder).mkdir(parents=True)
    (seeds / "a" / "img" / "plan.png").write_bytes(_png(40, 24))
    (seeds / "notes.pdf").write_bytes(b"%PDF-1.4")
    pages = {
        "racine.md": ROOT,
        "autre page.md": "# Autre\n\nUn texte.\n",
        "a/index.md": PAGE_A,
        "a/x/sous.md": "# Sous-page\n\nUn texte.\n",
        "b/index.md": PAGE_B,
    }
    for name, text in pages.items():
        (seeds / name).write_text(text, encoding="utf-8")
    assert cli_run("translate", "--engine", "none", root=root).exit_code == 0
    return root


@pytest.mark.parametrize("layout", ("side-by-side", "interleaved", "target"))
def test_markdown_links_lead_to_the_other_pages_markdown(cli_run, tree, layout):
    result = cli_run("export", "--format", "md", "--layout", layout, root=tree)
    assert result.exit_code == 0, result.output
    middle = "" if layout == "side-by-side" else f".{layout}"
    page_a = (tree / "build" / "a" / f"index.en{middle}.md").read_text(encoding="utf-8")
    page_b = (tree / "build" / "b" / f"index.en{middle}.md").read_text(encoding="utf-8")
    root = (tree / "build" / f"racine.en{middle}.md").read_text(encoding="utf-8")
    assert f"[la page B](../b/index.en{middle}.md#suite)" in page_a
    assert f"[la racine](../racine.en{middle}.md)" in page_a
    assert f"[la page A](../a/index.en{middle}.md)" in page_b
    assert f"](autre-page.en{middle}.md#suite)" in root
    assert f"](a/x/sous.en{middle}.md)" in root
    # the reference definition too, so that [la référence][ref] leads there
    assert re.search(rf"^\[ref\]: <\.\./b/index\.en{re.escape(middle)}\.md>$", page_a, re.M | re.I)
    # other files, other sites and pages that are not articles: kept as written
    assert "[fichier](../notes.pdf)" in page_a
    assert "(https://example.org/c.md)" in page_a
    assert "[une absente](../z/index.md)" in page_a
    assert "![le plan](img/plan.png)" in page_a
    assert "index.md" not in re.sub(r"seeds/\S+|\.\./z/index\.md", "", page_a + page_b)


def _index_outline(html: str) -> list[tuple[str, str]]:
    """The index's headings and article rows in document order: (tag, text)."""
    found = re.findall(r"<(h[1-6])[^>]*>(.*?)</h[1-6]>|<small>(.*?)</small>", html)
    return [(tag or "row", heading or row) for tag, heading, row in found]


def test_the_index_lists_the_tree_grouped_by_folder(cli_run, tree):
    assert cli_run("export", "--format", "html", root=tree).exit_code == 0
    html = (tree / "build" / "index.html").read_text(encoding="utf-8")
    assert _index_outline(html) == [
        ("h1", "Bilingual articles"),
        ("row", "seeds/autre page.md"),
        ("row", "seeds/racine.md"),
        ("h2", "a/"),
        ("row", "seeds/a/index.md"),
        ("h3", "a/x/"),
        ("row", "seeds/a/x/sous.md"),
        ("h2", "b/"),
        ("row", "seeds/b/index.md"),
    ]


def test_a_flat_project_index_has_no_folder_heading(cli_run, project):
    assert cli_run("export", "--format", "html", root=project).exit_code == 0
    html = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert [tag for tag, _text in _index_outline(html)] == ["h1", "row", "row"]


@pytest.mark.slow
def test_the_image_page_and_the_index_pass_axe_and_the_nu_checker(cli_run, tree, tmp_path):
    assert cli_run("export", "--format", "html", root=tree).exit_code == 0
    build = tree / "build"
    pages = [build / "a" / "index.en.html", build / "index.html"]
    assert '<img src="img/plan.png" alt="le plan">' in pages[0].read_text(encoding="utf-8")
    jar = _vnu_jar()
    if jar is not None and shutil.which("java"):
        run = subprocess.run(
            ["java", "-jar", str(jar), "--errors-only", *map(str, pages)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
    chromium = Path("/usr/bin/chromium")
    axe = Path(__file__).resolve().parent.parent / ".venv/axe/node_modules/axe-core/axe.min.js"
    if not chromium.exists() or not axe.exists():
        pytest.skip("Chromium or axe-core missing (tests/setup.sh installs them)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="in the test extra")
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in pages:
            page.goto(path.as_uri())
            page.evaluate(axe.read_text(encoding="utf-8"))
            violations = page.evaluate(
                "axe.run().then(r => r.violations.map(v => v.id + ': ' + "
                "v.nodes.map(n => n.target.join(' ')).join(', ')))"
            )
            assert violations == [], (path.name, violations)
        page.goto(pages[0].as_uri())
        sizes = page.evaluate(
            "[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
        )
        assert sizes == [[True, 40, 24], [True, 40, 24]]  # the copy loads, in both columns
        browser.close()
