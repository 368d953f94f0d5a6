"""Hostile `diptych.toml`: folders inside the project, distinct, not nested; no control
character in any string; BCP 47 codes accepted; unknown names refused naming the closest."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import ConfigError
from translate.project import load_project


def _config(project: Path, text: str) -> None:
    (project / "diptych.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('[folders]\nbuild = "seeds"\n', "build is the same folder as seeds"),
        ('[folders]\nbuild = "seeds/out"\n', "build ('seeds/out') is inside seeds"),
        ('[folders]\nseeds = "build/articles"\n', "seeds ('build/articles') is inside build"),
        (
            '[folders]\nlocales = "out"\nbuild = "out/site"\n',
            "build ('out/site') is inside locales",
        ),
        ('[folders]\nreviews = "locales"\n', "reviews is the same folder as locales"),
        ('[folders]\nbuild = "./seeds/"\n', "build is the same folder as seeds"),
        ('[folders]\nbuild = "."\n', "build must be a folder inside the project"),
        ('[folders]\nbuild = "/tmp/out"\n', "build must be a folder inside the project"),
        ('[folders]\nbuild = "../out"\n', "build must be a folder inside the project"),
        ('[folders]\nbuild = ".diptych/x"\n', "build must not be inside .diptych"),
        ('[folders]\nbuild = ""\n', "build must be a folder name"),
        ("[folders]\nbuild = 3\n", "build must be a folder name"),
    ],
)
def test_folders_must_be_inside_the_project_distinct_and_not_nested(
    project: Path, cli_run, toml: str, named: str
) -> None:
    _config(project, toml)
    with pytest.raises(ConfigError, match="diptych.toml: ") as caught:
        load_project(project)
    assert named in str(caught.value)
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    result = cli_run("run", "--engine", "none")
    assert result.exit_code == 2
    assert result.output.count("Error:") == 1 and named in result.output
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_a_folder_symlinked_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "site").symlink_to(outside)
    _config(project, '[folders]\nbuild = "site"\n')
    with pytest.raises(ConfigError, match="build must be a folder inside the project"):
        load_project(project)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[folders]\nbuild = "out\\u0000x"\n', "folders.build"),
        ('[folders]\nseeds = "a\\nb"\n', "folders.seeds"),
        ('source = "fr\\u0007"\n', "source"),
        ('targets = ["en", "d\\te"]\n', "targets"),
        ('[segment]\nabbreviations = ["Ste\\u2028"]\n', "segment.abbreviations"),
    ],
)
def test_control_characters_in_any_string_are_one_error_naming_the_key(
    project: Path, cli_run, toml: str, key: str
) -> None:
    _config(project, toml)
    result = cli_run("status")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert f"'{key}' contains a control character" in lines[0]


@pytest.mark.parametrize("code", ["pt-BR", "zh-Hant", "pt_BR", "sr-Latn-RS", "de-CH"])
def test_bcp47_codes_are_accepted_as_source_and_target(project: Path, code: str) -> None:
    _config(project, f'targets = ["{code}", "{code}"]\n')
    with pytest.raises(ConfigError, match="names a language twice"):
        load_project(project)
    _config(project, f'source = "fr"\ntargets = ["{code}"]\n')
    assert load_project(project).targets == (code,)
    _config(project, f'source = "{code}"\ntarget = "en"\n')
    assert load_project(project).source == code


def test_a_bcp47_target_runs_through_every_command(project: Path, cli_run) -> None:
    _config(project, 'targets = ["pt-BR", "zh-Hant"]\n')
    assert cli_run("translate", "--engine", "none").exit_code == 0
    assert sorted(p.name for p in (project / "locales").iterdir()) == ["pt-BR", "zh-Hant"]
    for args in (("status",), ("review",), ("export",)):
        result = cli_run(*args)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("code", ["", "e", "en en", "en/../x", "12", "français"])
def test_malformed_language_codes_are_refused(project: Path, code: str) -> None:
    _config(project, f'targets = ["{code}"]\n')
    with pytest.raises(ConfigError, match="is not a language code"):
        load_project(project)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[reveiw]\nlow_confidence = 10\n", "unknown setting 'reveiw'; did you mean [review]?"),
        ("low_confidence = 10\n", "unknown setting 'low_confidence'; did you mean [review]"),
        ('sourse = "fr"\n', "unknown setting 'sourse'; did you mean source"),
        ('[folders]\nbuidl = "out"\n', "unknown setting 'buidl' in [folders]; did you mean build"),
        ("[segment]\nabreviations = []\n", "did you mean abbreviations (in [segment])?"),
        ("[colour]\nx = 1\n", "unknown setting 'colour'"),
        ('review = "yes"\n', "[review] must be a table"),
        ('[source]\nx = "fr"\n', "'source' must be a value, not a table"),
    ],
)
def test_unknown_tables_and_keys_name_the_closest_known_one(
    project: Path, cli_run, toml: str, message: str
) -> None:
    _config(project, toml)
    with pytest.raises(ConfigError) as caught:
        load_project(project)
    assert message in str(caught.value)
    result = cli_run("status")
    assert result.exit_code == 2 and result.output.count("Error:") == 1


def test_every_documented_setting_is_accepted(project: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("An optional `diptych.toml` at the project root:\n\n```toml\n")[1]
    _config(project, example.split("```")[0])
    loaded = load_project(project)
    assert loaded.encoding is None and loaded.max_article_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("asked", "installed", "found"),
    [("pt-BR", "pb", "pb"), ("pt-BR", "pt", "pt"), ("zh-Hant", "zt", "zt"), ("de-CH", "de", "de")],
)
def test_a_bcp47_target_finds_its_argos_package(
    argos_dir: Path, tiny_archive: Path, tmp_path: Path, asked: str, installed: str, found: str
) -> None:
    from test_hostile_packages import _rewrite

    from translate.argos_packages import find_packages
    from translate.models import install_model

    archive = _rewrite(
        tiny_archive, tmp_path / "x.argosmodel", lambda m: {**m, "to_code": installed}
    )
    install_model(archive)
    (package,) = find_packages("fr", asked)
    assert package.to_code == found


def test_tbx_terms_of_a_language_serve_its_regional_targets(tmp_path: Path) -> None:
    from translate.glossary import parse_tbx

    data = b"""<?xml version="1.0"?><martif><text><body><termEntry>
<langSet xml:lang="fr-FR"><tig><term>garde-fous</term></tig></langSet>
<langSet xml:lang="pt"><tig><term>salvaguardas</term></tig></langSet>
<langSet xml:lang="en-US"><tig><term>guardrails</term></tig></langSet>
</termEntry></body></text></martif>"""
    from translate.glossary import Glossary

    terms = tuple(parse_tbx(data, "fr", "g.tbx"))
    glossary = Glossary(terms, "x")
    assert [t.target for t in glossary.for_target("pt-BR").terms] == ["salvaguardas"]
    assert [t.target for t in glossary.for_target("en").terms] == ["guardrails"]


def test_author_html_as_written_keeps_the_authors_script_in_markdown_only(
    project: Path, cli_run
) -> None:
    """`[export] author_html = "as-written"`: the author's HTML block with a script reaches
    the Markdown export as written (a site that runs it runs the original too); diptych's
    own HTML pages still show it sanitised. By default it is sanitised everywhere."""
    (project / "seeds" / "vue.md").write_text(
        "# Titre\n\nUn paragraphe.\n\n<script setup>\nimport { ref } from 'vue'\n</script>\n",
        encoding="utf-8",
    )
    assert cli_run("translate", "--engine", "none", "vue").exit_code == 0
    for setting, kept in (("", False), ('[export]\nauthor_html = "as-written"\n', True)):
        _config(project, setting)
        for fmt in ("md", "html"):
            result = cli_run("export", "--format", fmt, "--layout", "target", "vue")
            assert result.exit_code == 0, result.output
        (markdown,) = (project / "build").glob("vue*.md")
        (page,) = (project / "build").glob("vue*.html")
        assert ("<script setup>" in markdown.read_text(encoding="utf-8")) is kept
        assert "<script setup" not in page.read_text(encoding="utf-8")
    _config(project, '[export]\nauthor_html = "trusted"\n')
    result = cli_run("export", "vue")
    assert result.exit_code == 2 and result.output.count("Error:") == 1
    assert 'author_html must be "sanitised" or "as-written"' in result.output
