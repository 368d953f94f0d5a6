"""Document trees and file names: seeds/ is read recursively, an article's slug is its path in
seeds/ made safe, catalogs, reviews and exports mirror the tree, two articles never share a
catalog, and any UTF-8 file name is an article (outputs get a derived safe name)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.export.paths import check_slug, output_name
from translate.project import load_project, safe_slug

REPO = Path(__file__).resolve().parent.parent
SLUGS = ["000_da88f1f87eecb2fd", "002_e7fcacc06b89f122"]

PAGE_A = "# Page A\n\nLe vent souffle. Voir [la page B](../b/index.md#suite) et [le site](https://example.org/c.md).\n"
PAGE_B = "# Page B\n\nLa mer est calme. Retour à [la page A](../a/index.md).\n"


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


@pytest.fixture
def tree(project: Path) -> Path:
    """The copied seed project with two `index.md` pages in subfolders."""
    for folder, text in (("a", PAGE_A), ("b", PAGE_B)):
        (project / "seeds" / folder).mkdir()
        (project / "seeds" / folder / "index.md").write_text(text, encoding="utf-8")
    return project


def _approve_all(path: Path) -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgstr or entry.msgid
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()


# ---------------------------------------------------------------------------- trees


def test_a_tree_gets_one_catalog_per_page_and_every_command_works(cli_run, tree):
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 0, result.output
    en = tree / "locales" / "en"
    for folder, text in (("a", PAGE_A), ("b", PAGE_B)):
        catalog = polib.pofile(str(en / folder / "index.po"))
        assert catalog.metadata["X-Source-File"] == f"seeds/{folder}/index.md"
        assert any(entry.msgid in text for entry in catalog)
    assert not (en / "index.po").exists()
    for slug in SLUGS:
        assert (en / f"{slug}.po").is_file()

    status = json.loads(cli_run("status", "--json").output)
    articles = {row["article"] for row in status["articles"]}
    assert {"a/index", "b/index", *SLUGS} <= articles
    assert status["orphans"] == []

    assert cli_run("review").exit_code == 0
    for folder in ("a", "b"):
        assert json.loads((tree / "reviews" / folder / "index.en.json").read_text())

    assert cli_run("export").exit_code == 0
    for folder in ("a", "b"):
        assert (tree / "build" / folder / "index.en.html").is_file()
        assert (tree / "build" / folder / "index.en.md").is_file()
    index = (tree / "build" / "index.html").read_text()
    for name in ("a/index.en.html", "b/index.en.html", "a/index.en.md", f"{SLUGS[0]}.en.html"):
        assert f'href="{name}"' in index
    assert "seeds/a/index.md" in index and "seeds/b/index.md" in index


def test_naming_two_index_pages_one_after_the_other_keeps_both_catalogs(cli_run, tree):
    assert cli_run("translate", "--engine", "none", "a/index.md").exit_code == 0
    first = (tree / "locales" / "en" / "a" / "index.po").read_bytes()
    assert cli_run("translate", "--engine", "none", "seeds/b/index.md").exit_code == 0
    assert (tree / "locales" / "en" / "a" / "index.po").read_bytes() == first
    assert (tree / "locales" / "en" / "b" / "index.po").is_file()
    result = cli_run("translate", "--engine", "none", "a/index", "b/index")
    assert result.exit_code == 0 and "locales/en/a/index.po" in result.output
    assert (tree / "locales" / "en" / "a" / "index.po").read_bytes() == first
    status = json.loads(cli_run("status", "--json", "b/index").output)
    assert [row["article"] for row in status["articles"]] == ["b/index"]


def test_links_between_pages_of_the_tree_lead_to_the_exported_pages(cli_run, tree):
    cli_run("translate", "--engine", "none")
    assert cli_run("export", "--format", "html").exit_code == 0
    page_a = (tree / "build" / "a" / "index.en.html").read_text()
    page_b = (tree / "build" / "b" / "index.en.html").read_text()
    assert 'href="../b/index.en.html#suite"' in page_a
    assert 'href="https://example.org/c.md"' in page_a  # another site: kept as written
    assert 'href="../a/index.en.html"' in page_b
    assert "index.md" not in re.sub(r"seeds/[ab]/index\.md", "", page_a + page_b)
    assert cli_run("export", "--format", "html", "--layout", "target").exit_code == 0
    target_a = (tree / "build" / "a" / "index.en.target.html").read_text()
    assert 'href="../b/index.en.target.html#suite"' in target_a


def test_a_tree_catalog_is_reused_by_its_own_path_not_its_file_name(cli_run, tree):
    cli_run("translate", "--engine", "none")
    path_a = tree / "locales" / "en" / "a" / "index.po"
    _approve_all(path_a)
    (tree / "seeds" / "b" / "index.md").write_text(PAGE_B + "\nLe vent souffle.\n")
    assert cli_run("translate", "--engine", "none").exit_code == 0
    catalog_b = polib.pofile(str(tree / "locales" / "en" / "b" / "index.po"))
    reused = catalog_b.find("Le vent souffle.")
    assert reused is not None and reused.msgstr == "Le vent souffle."
    assert "reused from locales/en/a/index.po" in reused.comment


def test_a_catalog_in_a_subfolder_without_its_article_is_an_orphan(cli_run, tree):
    cli_run("translate", "--engine", "none")
    shutil.rmtree(tree / "seeds" / "b")
    data = json.loads(cli_run("status", "--json").output)
    assert data["orphans"] == ["locales/en/b/index.po"]


def test_orphans_come_in_path_order_and_a_file_that_is_no_article_keeps_its_catalog(cli_run, tree):
    """A catalog whose file is in seeds/ without being an article (`notes.rst`) is no orphan."""
    cli_run("translate", "--engine", "none")
    en = tree / "locales" / "en"
    for name in ("a-b/x.po", "a/z/y.po", "notes.po", "zz.po"):
        (en / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(en / "a" / "index.po", en / name)
    (tree / "seeds" / "notes.rst").write_text("Pas un article.\n", encoding="utf-8")
    data = json.loads(cli_run("status", "--json").output)
    assert data["orphans"] == ["locales/en/a/z/y.po", "locales/en/a-b/x.po", "locales/en/zz.po"]


def test_hidden_folders_and_folder_links_are_not_read(cli_run, tree):
    (tree / "seeds" / ".git").mkdir()
    (tree / "seeds" / ".git" / "notes.md").write_text("Ne pas lire.\n")
    (tree / "seeds" / "a" / "loop").symlink_to(tree / "seeds", target_is_directory=True)
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 0, result.output
    assert not list((tree / "locales").rglob("notes.po"))
    assert not (tree / "locales" / "en" / "a" / "loop").exists()


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "identity, slug",
    [
        ("post", "post"),
        ("000_da88f1f87eecb2fd", "000_da88f1f87eecb2fd"),
        ("web/http/overview/index", "web/http/overview/index"),
        ("élection-été", "election-ete"),
        ("mon article", "mon-article"),
        ("-rf", "rf"),
        ("notes/..x", "notes/x"),
        ("日本語", "article-"),
        ("été/<b>x&amp;", "ete/b-x-amp"),
    ],
)
def test_safe_slugs(identity, slug):
    assert safe_slug(identity).startswith(slug)
    assert all(
        re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", p) for p in safe_slug(identity).split("/")
    )


def test_ordinary_file_names_are_articles_with_derived_output_names(cli_run, project):
    seeds = project / "seeds"
    for name in ("élection-été.md", "mon article.txt", "-rf.txt"):
        (seeds / name).write_text("Un texte sur les élections.\n", encoding="utf-8")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 0, result.output
    en = project / "locales" / "en"
    for slug, source in (
        ("election-ete", "seeds/élection-été.md"),
        ("mon-article", "seeds/mon article.txt"),
        ("rf", "seeds/-rf.txt"),
    ):
        assert polib.pofile(str(en / f"{slug}.po")).metadata["X-Source-File"] == source
    assert cli_run("export").exit_code == 0
    assert (project / "build" / "mon-article.en.html").is_file()
    index = (project / "build" / "index.html").read_text()
    assert "seeds/mon article.txt" in index and 'href="mon-article.en.html"' in index
    # a name starting with `-` is an article, never an option, once options end
    result = cli_run("translate", "--engine", "none", "--", "-rf.txt")
    assert result.exit_code == 0 and "locales/en/rf.po" in result.output


def test_a_file_name_is_escaped_in_every_page(cli_run, project):
    (project / "seeds" / "<img src=x onerror=alert(1)>.md").write_text("Un texte.\n")
    assert cli_run("translate", "--engine", "none").exit_code == 0
    assert cli_run("export").exit_code == 0
    for page in (project / "build").rglob("*.html"):
        assert "<img src=x" not in page.read_text(), page


def test_names_that_become_the_same_slug_are_refused_in_one_line_naming_both(cli_run, project):
    (project / "seeds" / "mon article.txt").write_text("Un texte.\n")
    (project / "seeds" / "mon-article.md").write_text("Un autre texte.\n")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert errors(result) == [
        "Error: seeds/mon article.txt: shares the slug 'mon-article' (its catalog, review and "
        "pages) with seeds/mon-article.md; rename one"
    ]
    assert not (project / "locales" / "en" / "mon-article.po").exists()
    for slug in SLUGS:  # the others go on
        assert (project / "locales" / "en" / f"{slug}.po").is_file()
    # naming one of them is refused too: its catalog would be the other's
    named = cli_run("translate", "--engine", "none", "mon-article.md")
    assert named.exit_code == 2 and len(errors(named)) == 1
    assert "seeds/mon article.txt" in errors(named)[0]
    assert not (project / "locales" / "en" / "mon-article.po").exists()


def test_the_same_article_named_twice_is_one_article(cli_run, tree):
    result = cli_run("translate", "--engine", "none", "a/index", "seeds/a/index.md")
    assert result.exit_code == 0, result.output
    assert result.output.count("locales/en/a/index.po") == 1


def test_same_identity_in_a_subfolder_is_refused_naming_both(cli_run, tree):
    (tree / "seeds" / "a" / "index.txt").write_text("Un texte.\n")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert errors(result) == [
        "Error: seeds/a/index.md: shares the slug 'a/index' (its catalog, review and pages) "
        "with seeds/a/index.txt; rename one"
    ]
    assert (tree / "locales" / "en" / "b" / "index.po").is_file()


# ---------------------------------------------------------------------------- flat projects


def test_the_repository_project_keeps_its_catalogs_byte_identical(cli_run, tmp_path):
    root = tmp_path / "repo"
    for folder in ("seeds", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    before = {p.relative_to(root): p.read_bytes() for p in (root / "locales").rglob("*.po")}
    assert before
    for command in (("translate", "--engine", "none"), ("status",), ("review",), ("export",)):
        assert cli_run(*command, root=root).exit_code in (0, 1), command
    after = {p.relative_to(root): p.read_bytes() for p in (root / "locales").rglob("*.po")}
    assert after == before
    project = load_project(root)
    assert [project.slug(p) for p in project.articles()] == sorted(
        p.stem for p in (REPO / "seeds").iterdir()
    )


def test_a_flat_project_keeps_its_catalog_paths_and_bytes(cli_run, project):
    assert cli_run("translate", "--engine", "none").exit_code == 0
    en = project / "locales" / "en"
    _approve_all(en / f"{SLUGS[0]}.po")
    before = {p.name: p.read_bytes() for p in en.iterdir()}
    assert sorted(before) == [f"{slug}.po" for slug in SLUGS]
    assert cli_run("translate", "--engine", "none").exit_code == 0
    assert {p.name: p.read_bytes() for p in en.iterdir()} == before


# ---------------------------------------------------------------------------- deletions


def test_a_hand_written_page_in_another_format_survives_a_refusal(cli_run, project):
    cli_run("translate", "--engine", "none")
    out = project / "site"
    assert cli_run("export", "-o", str(out)).exit_code == 0
    mine = out / f"{SLUGS[0]}.en.md"
    mine.write_text("# My own page\n")  # the site's own page, under an export's name
    result = cli_run("export", "-o", str(out), "--format", "html", "--min-reviewed", "50")
    assert result.exit_code == 1
    assert mine.read_text() == "# My own page\n"
    assert not (out / f"{SLUGS[0]}.en.html").exists()  # diptych's own page is taken out
    # only the formats being exported: diptych's own Markdown of the other article stays
    assert (out / f"{SLUGS[1]}.en.md").is_file()


def test_a_file_diptych_did_not_write_is_never_deleted(cli_run, project):
    cli_run("translate", "--engine", "none")
    out = project / "site"
    out.mkdir()
    theirs = out / f"{SLUGS[0]}.en.html"
    theirs.write_text("<p>the site's own page</p>\n")
    (out / "post.en.md").write_text("# post\n")
    result = cli_run("export", "-o", str(out), "--min-reviewed", "50")
    assert result.exit_code == 1
    assert theirs.read_text() == "<p>the site's own page</p>\n"
    assert (out / "post.en.md").read_text() == "# post\n"
    assert "not deleted" in result.output and theirs.name in result.output
    index = (out / "index.html").read_text()
    assert theirs.name not in index


def test_a_page_edited_after_export_is_kept_on_refusal(cli_run, project):
    cli_run("translate", "--engine", "none")
    assert cli_run("export").exit_code == 0
    page = project / "build" / f"{SLUGS[0]}.en.html"
    other = project / "build" / f"{SLUGS[1]}.en.html"
    page.write_text(page.read_text() + "<!-- edited by hand -->\n")
    result = cli_run("export", "--min-reviewed", "50")
    assert result.exit_code == 1
    assert page.is_file() and "edited by hand" in page.read_text()
    assert not other.exists()
    manifest = json.loads((project / "build" / ".diptych-exports.json").read_text())
    assert page.name not in manifest["files"] and other.name not in manifest["files"]


def test_an_unreadable_manifest_deletes_nothing_and_is_named(cli_run, project):
    cli_run("translate", "--engine", "none")
    assert cli_run("export").exit_code == 0
    (project / "build" / ".diptych-exports.json").write_text("{not json")
    result = cli_run("export", "--min-reviewed", "50")
    assert result.exit_code == 1
    assert ".diptych-exports.json: not a manifest" in result.output
    assert (project / "build" / f"{SLUGS[0]}.en.html").is_file()


def test_refused_tree_pages_are_removed_from_their_folder(cli_run, tree):
    cli_run("translate", "--engine", "none")
    assert cli_run("export").exit_code == 0
    assert (tree / "build" / "a" / "index.en.html").is_file()
    assert cli_run("export", "--min-reviewed", "50").exit_code == 1
    assert not (tree / "build" / "a" / "index.en.html").exists()
    assert not (tree / "build" / "a" / "index.en.md").exists()


def test_a_link_to_a_file_name_with_a_space_leads_to_its_derived_page(cli_run, project):
    (project / "seeds" / "mon article.md").write_text("# Mon article\n\nUn texte.\n")
    (project / "seeds" / "renvoi.md").write_text(
        "# Renvoi\n\nVoir [l'article](mon%20article.md) et [l'autre](<mon article.md#fin>).\n"
    )
    cli_run("translate", "--engine", "none")
    assert cli_run("export", "--format", "html").exit_code == 0
    page = (project / "build" / "renvoi.en.html").read_text()
    assert 'href="mon-article.en.html"' in page and 'href="mon-article.en.html#fin"' in page


def test_a_folder_name_with_a_newline_is_refused_and_the_others_go_on(cli_run, tree):
    (tree / "seeds" / "a\nb").mkdir()
    (tree / "seeds" / "a\nb" / "page.md").write_text("Un texte.\n")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2
    assert errors(result) == [
        "Error: seeds/a\\nb/page.md: folder name contains control characters (such as a "
        "newline); rename the folder"
    ]
    assert (tree / "locales" / "en" / "a" / "index.po").is_file()
    assert not list((tree / "locales").rglob("page.po"))


def test_slugs_differing_only_in_case_are_refused(cli_run, project):
    # `Été.md` becomes `Ete`; beside `ete.md` the two catalogs would be one file on macOS
    (project / "seeds" / "Été.md").write_text("Un texte.\n")
    (project / "seeds" / "ete.md").write_text("Un autre texte.\n")
    result = cli_run("translate", "--engine", "none")
    assert result.exit_code == 2 and len(errors(result)) == 1
    assert "seeds/Été.md" in errors(result)[0] and "seeds/ete.md" in errors(result)[0]
    assert not list((project / "locales" / "en").glob("[Ee]te.po"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(min_size=1, max_size=40).filter(lambda t: "/" not in t), min_size=1, max_size=4
    )
)
def test_every_identity_gets_a_slug_export_accepts(parts):
    slug = safe_slug("/".join(parts))
    assert check_slug(slug) == slug
    assert output_name(slug, "en", "html", "interleaved").startswith(slug + ".")


def test_a_name_relative_to_the_root_follows_links_as_a_full_resolve(tmp_path, monkeypatch):
    """`Project.relative` resolves a folder once, then reads names as text: a link to a
    file, a file in a linked folder and a relative project root still give the real path."""
    root = tmp_path / "p"
    (root / "seeds" / "real").mkdir(parents=True)
    (root / "seeds" / "real" / "a.md").write_text("Un.\n", encoding="utf-8")
    (root / "seeds" / "linked").symlink_to(root / "seeds" / "real")
    (root / "seeds" / "alias.md").symlink_to(root / "seeds" / "real" / "a.md")
    cases = {
        "seeds/real/a.md": "seeds/real/a.md",
        "seeds/linked/a.md": "seeds/real/a.md",
        "seeds/alias.md": "seeds/real/a.md",
        "seeds/missing.md": "seeds/missing.md",
        "diptych.toml": "diptych.toml",
    }
    project = load_project(root)
    assert {name: project.relative(root / name) for name in cases} == cases
    monkeypatch.chdir(root / "seeds")
    here = load_project("..")
    assert {name: here.relative(Path("..") / name) for name in cases} == cases
    outside = tmp_path / "o.md"
    assert project.relative(outside) == outside.as_posix()
