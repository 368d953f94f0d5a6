"""Catalogs parsed once per content (translate/parsed.py): what the index serves is polib's
parse of the file as it is now, field for field, on every PO file the repository holds and
on catalogs hypothesis makes; an edited catalog is parsed again however little changed
(same size, same mtime), a broken one is never served, and an index of another version is
left alone by export."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_po_parse import FILES, ROOT, TEXT, _AsFile, described

from translate import parsed
from translate.align import translations
from translate.errors import CatalogError
from translate.memory import CACHE_DIR, DATABASE, SCHEMA_VERSION, Index
from translate.parsed import load as parsed_catalog
from translate.project import load_project


def _cache(tmp_path: Path) -> parsed.ParseCache:
    db = sqlite3.connect(tmp_path / "index.sqlite3")
    db.executescript(parsed.SCHEMA)
    return parsed.ParseCache(db)


def _served_twice(cache: parsed.ParseCache, path: Path, monkeypatch) -> polib.POFile:
    """The catalog as the cache serves it the second time, when it must not parse."""
    cache.load(path, "a.po")

    def no_parse(data, path):
        raise AssertionError("parsed again although the bytes are the ones kept")

    with monkeypatch.context() as patch:
        patch.setattr(parsed, "parse_catalog", no_parse)
        return cache.load(path, "a.po")


def _polib(path: Path) -> polib.POFile:
    """polib's parse of the file's text (as diptych reads it: lines end at newlines only)."""
    return polib.pofile(_AsFile(path.read_bytes().decode("utf-8-sig")), wrapwidth=79)


@pytest.mark.parametrize("source", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_po_file_of_the_repository_is_served_as_polib_parses_it(
    source, tmp_path, monkeypatch
):
    path = tmp_path / "a.po"
    path.write_bytes(source.read_bytes())
    try:
        expected = _polib(path)
    except (OSError, ValueError):
        pytest.skip("polib refuses it")
    try:
        served = _served_twice(_cache(tmp_path), path, monkeypatch)
    except CatalogError:
        return  # msgfmt refuses it: nothing is served (below)
    assert described(served) == described(expected)


@settings(max_examples=40, deadline=None)
@given(
    entries=st.lists(
        st.tuples(TEXT.filter(bool), TEXT, TEXT, st.booleans(), st.one_of(st.none(), TEXT)),
        max_size=6,
        unique_by=lambda e: e[0],
    ),
    plural=st.booleans(),
)
def test_catalogs_polib_saves_are_served_as_polib_parses_them(entries, plural, tmp_path_factory):
    folder = tmp_path_factory.mktemp("parsed")
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, comment, fuzzy, previous in entries:
        catalog.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                comment=comment,
                flags=["fuzzy"] if fuzzy else [],
                previous_msgid=previous,
                occurrences=[("a.md", "3"), ("b.md", "")],
            )
        )
    if plural:
        catalog.append(
            polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "un", 1: "des"})
        )
    path = folder / "a.po"
    path.write_text(str(catalog), encoding="utf-8")
    try:
        expected = _polib(path)
    except (OSError, ValueError):
        return
    cache = _cache(folder)
    try:
        first = cache.load(path, "a.po")
    except CatalogError:
        return
    second = cache.load(path, "a.po")
    assert described(first) == described(second) == described(expected)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "locales" / "en").mkdir(parents=True)
    source = ROOT / "tests" / "fixtures" / "po-saved-by" / "poedit-3.2.2.po"
    (root / "locales" / "en" / "a.po").write_bytes(source.read_bytes())
    return root


def test_an_edited_catalog_is_never_served_stale(tmp_path):
    """The same size and mtime, one letter changed: the new text is what is served."""
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    index = Index(load_project(root))
    first = index.parsed.load(path, "en/a.po")
    index.save()
    entry = next(e for e in first if e.msgstr)
    data = path.read_bytes()
    old = entry.msgstr.encode()
    new = bytes([old[0] ^ 0x20]) + old[1:]  # one letter's case, the same size
    assert data.count(old) >= 1
    stat = path.stat()
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    served = index.parsed.load(path, "en/a.po")
    assert described(served) == described(_polib(path))
    assert any(e.msgstr == new.decode() for e in served)
    index.close()


def test_a_catalog_broken_since_is_refused_not_served(tmp_path):
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    index = Index(load_project(root))
    index.parsed.load(path, "en/a.po")
    path.write_bytes(path.read_bytes() + b'\nmsgid "unterminated\n')
    with pytest.raises(CatalogError, match="syntax error"):
        index.parsed.load(path, "en/a.po")
    index.close()


def test_a_damaged_row_is_parsed_again(tmp_path):
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    index = Index(load_project(root))
    index.parsed.load(path, "en/a.po")
    index.db.execute("UPDATE parsed SET entries = ?", (b"not zlib",))
    assert described(index.parsed.load(path, "en/a.po")) == described(_polib(path))
    index.close()


def test_export_uses_the_index_and_leaves_another_version_alone(tmp_path):
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    project = load_project(root)
    database = root / CACHE_DIR / DATABASE
    Index(project).close()
    assert described(parsed_catalog(project, path)) == described(_polib(path))
    db = sqlite3.connect(database)
    assert db.execute("SELECT path FROM parsed").fetchall() == [("en/a.po",)]
    db.execute("DELETE FROM parsed")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    db.commit()
    db.close()
    parsed._open.cache_clear()
    assert described(parsed_catalog(project, path)) == described(_polib(path))
    db = sqlite3.connect(database)
    assert db.execute("SELECT count(*) FROM parsed").fetchone() == (0,)
    db.close()


def test_an_index_of_the_version_before_is_rebuilt_with_one_warning(tmp_path):
    root = _project(tmp_path)
    database = root / CACHE_DIR / DATABASE
    Index(load_project(root)).close()
    db = sqlite3.connect(database)
    db.execute("DROP TABLE parsed")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    db.commit()
    db.close()
    warnings: list[str] = []
    index = Index(load_project(root), warnings)
    assert len(warnings) == 1 and "rebuilding it" in warnings[0]
    index.parsed.load(root / "locales" / "en" / "a.po", "en/a.po")
    assert index.db.execute("SELECT count(*) FROM parsed").fetchone()[0] == 1
    index.close()


# --------------------------------------------------------------------------- segmentations


def _seeded(project: Path) -> tuple:
    from translate.parsed import project_cache

    Index(load_project(project)).close()
    parsed._open.cache_clear()
    return load_project(project), project_cache(load_project(project))


def test_a_kept_segmentation_is_the_one_segmenting_gives(project, monkeypatch):
    from translate import articles

    loaded, cache = _seeded(project)
    paths = sorted((project / "seeds").iterdir())
    first = [articles.read_document(loaded, path, cache) for path in paths]

    def no_segmenting(*args, **kwargs):
        raise AssertionError("segmented again although nothing changed")

    with monkeypatch.context() as patch:
        patch.setattr(articles, "segment_document", no_segmenting)
        served = [articles.read_document(loaded, path, cache)[1] for path in paths]
    fresh = [articles.read_document(loaded, path)[1] for path in paths]
    assert served == fresh == [segments for _document, segments in first]
    assert sum(len(segments) for segments in served) > 40


CORPORA = ROOT / "tests" / "corpora"


def test_translate_keeps_the_segmentation_export_reads(project, monkeypatch):
    """`translate` segments every article it merges and keeps the segmentation, under the key
    export looks it up by: the first export after a translation segments nothing again, and
    what it reads is what segmenting gives (real pages in all three formats, with the
    project's own abbreviations and protected macros, which change the segmentation)."""
    from translate import articles
    from translate.pipeline import translate_project

    pages = [*(CORPORA / "french-docs").glob("*.md"), *(CORPORA / "french-web").glob("*.html")]
    for page in pages:
        (project / "seeds" / page.name).write_bytes(page.read_bytes())
    (project / "seeds" / "kept.md").write_text(  # shown sentence by sentence, never extracted
        "Une phrase.\n\n<!-- mdpo-disable-next-line -->\nGardé tel quel. Et ceci.\n\nFin.\n",
        encoding="utf-8",
    )
    (project / "diptych.toml").write_text(
        'targets = ["en", "de"]\n[segment]\nabbreviations = ["cf.", "Ste."]\n'
        '[markup]\nprotect = ["\\\\{\\\\{[^}]*\\\\}\\\\}"]\n',
        encoding="utf-8",
    )
    loaded = load_project(project)
    assert loaded.macros and loaded.abbreviations
    translate_project(loaded, engine="none")
    parsed._open.cache_clear()
    cache = parsed.project_cache(loaded)
    paths = sorted((project / "seeds").iterdir())
    assert len(paths) == len(pages) + 3 and {p.suffix for p in paths} == {".md", ".txt", ".html"}

    def no_segmenting(*args, **kwargs):
        raise AssertionError("export segmented an article translate had segmented")

    with monkeypatch.context() as patch:
        patch.setattr(articles, "segment_document", no_segmenting)
        served = [articles.read_document(loaded, path, cache)[1] for path in paths]
    assert served == [articles.read_document(loaded, path)[1] for path in paths]
    assert sum(len(segments) for segments in served) > 2000


def test_a_streamed_article_s_segmentation_is_not_kept(project, monkeypatch):
    """An article export reads a block at a time is never segmented whole: translate keeps
    nothing of it (bench/memory.py)."""
    from translate import articles
    from translate.pipeline import translate_project

    loaded = load_project(project)
    monkeypatch.setattr(articles, "STREAM_MIN_BYTES", 1)
    translate_project(loaded, engine="none")
    kept = Index(loaded).db.execute("SELECT count(*) FROM segmented").fetchone()[0]
    monkeypatch.setattr(articles, "STREAM_MIN_BYTES", 1 << 40)
    for path in (project / "seeds").iterdir():
        path.write_bytes(path.read_bytes() + b"\nUne phrase de plus.\n")
    translate_project(load_project(project), engine="none")
    again = Index(load_project(project)).db.execute("SELECT count(*) FROM segmented")
    assert (kept, again.fetchone()[0]) == (0, 2)


def test_an_edited_article_or_other_settings_are_segmented_again(project):
    from translate import articles

    loaded, cache = _seeded(project)
    path = sorted((project / "seeds").glob("*.txt"))[0]
    articles.read_document(loaded, path, cache)
    data = path.read_bytes()
    stat = path.stat()
    index = data.index(b". ") + 1  # one sentence end made a comma: same size, same mtime
    path.write_bytes(data[: index - 1] + b"," + data[index:])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = articles.read_document(loaded, path, cache)[1]
    assert edited == articles.read_document(loaded, path)[1]
    document = articles.read_document(loaded, path)[0]
    calls = []

    def segment():
        calls.append(1)
        return edited

    cache.segments(document.source_name, document, ("fr", ()), segment)
    cache.segments(document.source_name, document, ("fr", ()), segment)
    cache.segments(document.source_name, document, ("fr", ("M.",)), segment)
    assert len(calls) == 2  # once for each settings, not for the same ones again


def test_status_reads_without_storing_and_review_stores(tmp_path):
    """A summary (status) reads each changed catalog once: storing its parse would only cost;
    review's read stores it, for the next review and export."""
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    index = Index(load_project(root))
    catalogs = index.catalogs("en")
    catalogs.summary(path)
    count = "SELECT count(*) FROM parsed"
    assert index.db.execute(count).fetchone()[0] == 0
    assert index.db.execute("SELECT count(*) FROM reduced").fetchone()[0] == 0
    catalog, _summary = catalogs.read(path)
    assert index.db.execute(count).fetchone()[0] == 1
    assert index.db.execute("SELECT count(*) FROM reduced").fetchone()[0] == 1
    index.close()
    # status's parse leaves the `#:` places out; what review reads and keeps has them all
    expected = [e.occurrences for e in polib.pofile(str(path))]
    assert [e.occurrences for e in catalog] == expected and any(expected)


# --------------------------------------------------------------------------- reductions


def _never_parsed(monkeypatch) -> None:
    """Neither a parse nor a kept parse may serve: only a kept reduction can."""

    def refused(*args):
        raise AssertionError("the catalog was parsed (or its parse rebuilt) again")

    monkeypatch.setattr(parsed, "parse_catalog", refused)
    monkeypatch.setattr(parsed, "unpack", refused)


@pytest.mark.parametrize("source", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_kept_reduction_is_what_aligning_reads_of_the_parse(source, tmp_path, monkeypatch):
    """Every PO file of the repository: the reduction export is served without a parse is
    `align.translations` of polib's parse of the file, entry for entry."""
    path = tmp_path / "a.po"
    path.write_bytes(source.read_bytes())
    try:
        expected = translations(_polib(path))
    except (OSError, ValueError):
        pytest.skip("polib refuses it")
    cache = _cache(tmp_path)
    try:
        cache.load(path, "a.po")  # a parse stored (as review stores it), with its reduction
    except CatalogError:
        return
    with monkeypatch.context() as patch:
        _never_parsed(patch)
        served = cache.translations(path, "a.po")
    assert served == expected
    assert all(type(entry) is tuple for entry in served.entries.values())


def test_a_reduction_is_made_from_the_kept_parse_and_kept(tmp_path, monkeypatch):
    """A parse stored before reductions were (or by a command that did not reduce): export
    reduces the kept parse once, then serves the reduction."""
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    cache = _cache(tmp_path)
    cache.load(path, "en/a.po")
    cache.db.execute("DELETE FROM reduced")
    expected = translations(_polib(path))
    with monkeypatch.context() as patch:
        patch.setattr(parsed, "parse_catalog", lambda *a: pytest.fail("parsed again"))
        assert cache.translations(path, "en/a.po") == expected
    with monkeypatch.context() as patch:
        _never_parsed(patch)
        assert cache.translations(path, "en/a.po") == expected
    assert cache.translations(tmp_path / "none.po", "en/none.po") is None


def test_an_edited_catalog_or_other_code_is_reduced_again(tmp_path, monkeypatch):
    """The same size and mtime, one letter changed, or another diptych: reduced anew."""
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    cache = _cache(tmp_path)
    first = cache.translations(path, "en/a.po")
    msgid, (state, text, _) = next((k, v) for k, v in first.entries.items() if v[1])
    data, stat = path.read_bytes(), path.stat()
    new = bytes([text.encode()[0] ^ 0x20]) + text.encode()[1:]
    path.write_bytes(data.replace(text.encode(), new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    served = cache.translations(path, "en/a.po")
    assert served == translations(_polib(path))
    assert served.entries[msgid][1] == new.decode()
    with monkeypatch.context() as patch:
        patch.setattr(parsed, "_code_digest", lambda: "another diptych")
        patch.setattr(parsed, "translations", lambda catalog: first)
        assert cache.translations(path, "en/a.po") == first  # made again by "that code"
    assert cache.translations(path, "en/a.po") == served


def test_a_damaged_reduction_is_made_again(tmp_path):
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    cache = _cache(tmp_path)
    expected = cache.translations(path, "en/a.po")
    damaged = ("not json", "[1, 2, 3]", '["", "", []]', '["", "", {"a": 1}]', '["", "", {"a": []}]')
    for damage in damaged:
        cache.db.execute("UPDATE reduced SET entries = ?", (damage,))
        assert cache.translations(path, "en/a.po") == expected
    cache.forget("en/a.po")(cache.db)
    assert cache.db.execute("SELECT count(*) FROM reduced").fetchone()[0] == 0


def test_a_large_catalog_is_parsed_each_time_but_its_reduction_is_kept(tmp_path, monkeypatch):
    """Above `KEEP_PARSE_MAX_BYTES` a catalog's parse is not stored (storing and rebuilding
    it costs more memory than parsing: one long article's catalog); export still reads its
    reduction without parsing, and a smaller catalog's parse is still kept."""
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    cache = _cache(tmp_path)
    size = path.stat().st_size
    monkeypatch.setattr(parsed, "KEEP_PARSE_MAX_BYTES", size - 1)
    first = cache.load(path, "en/a.po")
    assert cache.db.execute("SELECT count(*) FROM parsed").fetchone()[0] == 0
    assert cache.db.execute("SELECT count(*) FROM reduced").fetchone()[0] == 1
    with monkeypatch.context() as patch:
        _never_parsed(patch)
        assert cache.translations(path, "en/a.po") == translations(_polib(path))
    parses = []
    real = parsed.parse_catalog
    monkeypatch.setattr(parsed, "parse_catalog", lambda *a: parses.append(1) or real(*a))
    again = cache.load(path, "en/a.po")
    assert parses == [1]  # parsed again, not rebuilt from a kept parse
    assert [vars(e) for e in again] == [vars(e) for e in first]
    monkeypatch.setattr(parsed, "KEEP_PARSE_MAX_BYTES", size)
    cache.load(path, "en/a.po")
    assert cache.db.execute("SELECT count(*) FROM parsed").fetchone()[0] == 1


@pytest.mark.parametrize("source", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_parse_without_places_reduces_as_the_whole_parse(source, tmp_path):
    """What export reads of a catalog too large to keep parsed comes from a parse that
    leaves out the `#:` references (most of a long article's catalog): the same reduction
    as polib's whole parse, every other field the same."""
    path = tmp_path / "a.po"
    path.write_bytes(source.read_bytes())
    try:
        whole = _polib(path)
    except (OSError, ValueError):
        pytest.skip("polib refuses it")
    try:
        lean = parsed.parse_catalog(path.read_bytes(), path, False)
    except CatalogError:
        return
    assert translations(lean) == translations(whole)
    fields = [{k: v for k, v in vars(e).items() if k != "occurrences"} for e in lean]
    assert fields == [{k: v for k, v in vars(e).items() if k != "occurrences"} for e in whole]


def test_export_reads_a_large_catalog_without_keeping_its_places(tmp_path, monkeypatch):
    root = _project(tmp_path)
    path = root / "locales" / "en" / "a.po"
    cache = _cache(tmp_path)
    monkeypatch.setattr(parsed, "KEEP_PARSE_MAX_BYTES", path.stat().st_size - 1)
    seen = []
    real = parsed.parse_catalog
    monkeypatch.setattr(parsed, "parse_catalog", lambda *a: seen.append(a[2:]) or real(*a))
    assert cache.translations(path, "en/a.po") == translations(_polib(path))
    assert seen == [(False,)]
    assert cache.db.execute("SELECT count(*) FROM parsed").fetchone()[0] == 0
