"""The project export job: every article for every target, one article at a time (in worker
processes when there are enough), with the publication policy and its deletions.

Renderers return strings; this is the one place that writes (and removes) files. Each
article is exported on its own, so one that cannot be read never stops the others. Pages
mirror the seeds tree (`build/web/http/index.en.html`), links between articles lead to
their exported pages, and every file written is recorded in the output folder's manifest
(`.diptych-exports.json`): the only files export ever deletes are ones it recorded there,
still as it wrote them, in the formats being exported.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from translate.align import align_article
from translate.articles import align_streamed, article_paths, read_document, streamed
from translate.engine import Progress
from translate.errors import ConfigError, DiptychError
from translate.export.html import html_page
from translate.export.images import article_images, copy_name
from translate.export.index import IndexEntry, render_index
from translate.export.markdown import markdown_page
from translate.export.paths import (
    check_format,
    check_layout,
    check_slug,
    output_name,
    output_path,
    relative_link,
)
from translate.export.target_html import (
    is_html_article,
    plain_view,
    render_target_html,
    shown_part,
)
from translate.files import current_bytes, write_atomic
from translate.pages import BOOK_LAYOUTS, DEFAULT_LAYOUT, FORMATS, LAYOUTS
from translate.parsed import load_translations, project_cache
from translate.project import ARTICLE_SUFFIXES, Project
from translate.workers import cores, process_map

PARALLEL_MIN_ARTICLES = 16
MAX_WORKERS = 4
START_METHOD: str | None = None  # workers.process_map's choice (forkserver where there is one)


@dataclass(frozen=True)
class Refused:
    """An article held back by the publication policy, with a one-line reason."""

    slug: str
    target: str
    reason: str


@dataclass(frozen=True)
class ExportResult:
    """What an export did: files written (or already identical), warnings, refusals, pages
    of refused articles taken out of the output folder, and articles that failed."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    refused: tuple[Refused, ...] = ()
    removed: tuple[Path, ...] = ()
    failures: tuple[DiptychError, ...] = ()

    @property
    def ok(self) -> bool:
        """False when the policy refused an article: the CLI exits 1."""
        return not self.refused


@dataclass(frozen=True)
class ExportOptions:
    """What every article of one export shares (sent to each worker process)."""

    project: Project
    targets: tuple[str, ...]
    formats: tuple[str, ...]
    layout: str
    out_dir: Path
    marks: bool
    min_reviewed: float


@dataclass(frozen=True)
class ArticleExport:
    """What exporting one article did, for all its targets; `failures` holds the one error
    that stopped it, if any."""

    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    refused: tuple[Refused, ...] = ()
    index: tuple[IndexEntry, ...] = ()
    removed: tuple[Path, ...] = ()
    failures: tuple[DiptychError, ...] = ()
    recorded: tuple[tuple[str, str], ...] = ()  # (name in out_dir, digest) of files written


def export_project(
    project: Project,
    formats: tuple[str, ...] = FORMATS,
    layout: str | None = None,
    out_dir: Path | None = None,
    marks: bool = True,
    min_reviewed: float = 0,
    names: Sequence[str] | None = None,
    targets: tuple[str, ...] | None = None,
    failures: list[DiptychError] | None = None,
    paper: str = "a4",
    progress: Progress | None = None,
) -> ExportResult:
    """Align and render every article (or the `names`d ones) for every target; write the files.

    Each article is exported on its own: one that cannot be read is a failure, the others
    are still written and listed in `index.html`, which is rewritten on every HTML export.
    Articles reviewed below `min_reviewed` percent are refused, and the pages an earlier
    export wrote for them in the formats being exported are removed (only those the
    manifest records, unchanged since), so the output folder does not publish them; the
    deletions happen here, in the calling process, after every article is done. A missing
    or stale PO file is a warning: the article exports with the source shown where needed.
    `failures` are errors met before (articles that could not be found), reported with these.
    Book formats (`epub`, `pdf`) make one file per target of all the published articles;
    `layout` None is each format's default. `progress` is told how many articles are done.
    """
    books = tuple(fmt for fmt in formats if fmt in BOOK_LAYOUTS)
    for fmt in formats:
        if fmt not in books:
            check_format(fmt)
    books = tuple(fmt for fmt in formats if fmt in BOOK_LAYOUTS)
    formats = tuple(fmt for fmt in formats if fmt not in BOOK_LAYOUTS)
    if books:  # the books' modules (EPUB, PDF) imported only by an export that makes one
        from translate.export.book import book_file, check_book, collect_books, render_book
    for fmt in books:
        check_book(fmt, layout or BOOK_LAYOUTS[fmt][0], paper)
    requested, layout = layout, layout or DEFAULT_LAYOUT
    if formats or not books:
        check_layout(layout)
    if not 0 <= min_reviewed <= 100:
        raise ConfigError(f"minimum reviewed percentage must be 0-100, not {min_reviewed}")
    out_dir = Path(out_dir) if out_dir is not None else project.build_dir
    failed: list[DiptychError] = list(failures or ())
    paths = list(article_paths(project, names, failed))
    written: list[Path] = []
    unchanged: list[Path] = []
    warnings: list[str] = [project.profile_warning] if project.profile_warning else []
    refused: list[Refused] = []
    removed: list[Path] = []
    index: list[IndexEntry] = []
    options = ExportOptions(
        project=project,
        targets=tuple(targets or project.targets),
        formats=formats,
        layout=layout,
        out_dir=out_dir,
        marks=marks,
        min_reviewed=min_reviewed,
    )
    manifest = load_manifest(out_dir, warnings)
    for count, done in enumerate(_map_articles(options, paths), 1):
        if progress is not None:
            progress(count, len(paths))
        written += done.written
        unchanged += done.unchanged
        warnings += done.warnings
        refused += done.refused
        index += done.index
        failed += done.failures
        manifest.update(done.recorded)
    for item in refused:
        removed += _remove_exports(out_dir, item.slug, item.target, formats, manifest, warnings)
    if "html" in formats:
        index = [replace(e, files=_exported_files(out_dir, e, manifest)) for e in index]
        manifest["index.html"] = _publish(
            out_dir, "index.html", render_index(index), written, unchanged
        )
    targets = tuple(targets or project.targets)
    for book in collect_books(project, paths, targets, min_reviewed) if books else ():
        warnings += [warning for warning in book.warnings if warning not in warnings]
        for fmt in books:
            book_layout = requested or BOOK_LAYOUTS[fmt][0]
            try:
                data = render_book(book, fmt, book_layout, marks, paper)
            except DiptychError as exc:
                failed.append(exc)  # the pages and the other books are written all the same
                continue
            name = book_file(book, fmt, book_layout)
            manifest[name] = _publish(out_dir, name, data, written, unchanged)
    if written or removed or (out_dir / MANIFEST).exists():
        save_manifest(out_dir, manifest)
    return ExportResult(
        written=tuple(written),
        unchanged=tuple(unchanged),
        warnings=tuple(warnings),
        refused=tuple(refused),
        removed=tuple(removed),
        failures=tuple(failed),
    )


def _map_articles(options: ExportOptions, paths: list[Path]):
    """Export articles one by one, on every core when there are enough of them to be worth
    the start of worker processes (measured: bench/pipeline.py)."""
    workers = min(cores(), MAX_WORKERS)
    if workers < 2 or len(paths) < PARALLEL_MIN_ARTICLES:
        yield from (_export_article(options, path) for path in paths)
        return
    yield from process_map(
        _export_article,
        [options] * len(paths),
        paths,
        workers=workers,
        start_method=START_METHOD,
    )


def _export_article(options: ExportOptions, path: Path) -> ArticleExport:
    """One article, isolated: what it wrote, or the one error that stopped it."""
    try:
        return _export_one(options, path)
    except DiptychError as exc:
        return ArticleExport(failures=(exc,))


def _export_one(options: ExportOptions, path: Path) -> ArticleExport:
    """Align, render and write one article for every target (runs in a worker process)."""
    project, out_dir = options.project, options.out_dir
    written, unchanged, warnings, refused, index, recorded = [], [], [], [], [], []
    slug = project.slug(path)
    check_slug(slug)
    document, segments = None, []
    by_blocks = streamed(path)
    copies: dict[str, str] | None = None  # image src -> its copy in out_dir, once an article
    for target in options.targets:
        po_path = project.po_path(slug, target)
        # only what aligning reads of the catalog, kept in the index with each parse (never
        # a parsed catalog: it is larger than its article, bench/memory.py)
        catalog = load_translations(project, po_path)
        # the article's encoding warning is shown by `translate`, when it (re)reads it
        if by_blocks:  # read again for each target, a block at a time, its blocks packed
            article = align_streamed(project, path, catalog, target)
            document = article.document
        else:
            if document is None:
                document, segments = read_document(project, path, project_cache(project))
            last = target == options.targets[-1]
            # after the last target, each segment is let go once aligned
            article = align_article(
                document, catalog, _drawn(segments) if last else segments, project.source, target
            )
        found, catalog = catalog is not None, None
        if not found:
            warnings.append(
                f"{document.source_name}: no {project.relative(po_path)}; "
                "exported untranslated (run `diptych translate`)"
            )
        elif article.missing:
            warnings.append(
                f"{document.source_name}: {article.missing} segment(s) not in "
                f"{project.relative(po_path)}; shown untranslated (run `diptych translate`)"
            )
        if article.progress.percent < options.min_reviewed:
            refused.append(
                Refused(
                    document.slug,
                    target,
                    f"{document.source_name} ({target}): reviewed "
                    f"{article.progress.percent_label} < required {options.min_reviewed:g}%",
                )
            )
            continue
        if copies is None:
            copies = _copy_images(options, article, written, unchanged, warnings, recorded)
        files = []
        for fmt in options.formats:
            name = output_name(document.slug, target, fmt, options.layout)
            images = {src: quote(relative_link(name, copy)) for src, copy in copies.items()}
            links = page_links(project, path, name, target, fmt, options.layout)
            if fmt == "html" and options.layout == "target" and is_html_article(article):
                text = render_target_html(article)
            elif fmt == "html":
                shown = shown_part(article) if is_html_article(article) else article
                text = html_page(
                    shown,
                    options.layout,
                    options.marks,
                    project.low_confidence,
                    links,
                    project.link_schemes,
                    images,
                )
            else:
                shown = plain_view(shown_part(article)) if is_html_article(article) else article
                text = markdown_page(
                    shown,
                    options.layout,
                    options.marks,
                    project.link_schemes,
                    lambda href, images=images, links=links: images.get(href) or links(href),
                    project.author_html == "as-written",
                )
            recorded.append((name, _publish(out_dir, name, text, written, unchanged)))
            files.append(name)
        index.append(IndexEntry.of(article, tuple(files)))
    return ArticleExport(
        written=tuple(written),
        unchanged=tuple(unchanged),
        warnings=tuple(warnings),
        refused=tuple(refused),
        index=tuple(index),
        recorded=tuple(recorded),
    )


def _drawn(items: list) -> Iterator:
    """The items of `items` in order, each taken out of the list as it is drawn."""
    items.reverse()
    while items:
        yield items.pop()


def _copy_images(
    options: ExportOptions,
    article,
    written: list[Path],
    unchanged: list[Path],
    warnings: list[str],
    recorded: list[tuple[str, str]],
) -> dict[str, str]:
    """Copy the project images the article's source shows into the output folder, beside
    its pages as in the seeds tree (`images.copy_name`), each recorded in the manifest;
    one warning per image refused. Returns src -> name of its copy."""
    if is_html_article(article):
        return {}  # the sanitiser keeps no image of an HTML article (docs/export.md)
    project = options.project
    found, refused = article_images(project.root, article)
    warnings += refused
    copies = {}
    for src, image in found.items():
        name = copy_name(project.seeds_dir, image)
        recorded.append((name, _publish(options.out_dir, name, image.data, written, unchanged)))
        copies[src] = name
    return copies


def page_links(
    project: Project, path: Path, name: str, target: str, fmt: str, layout: str
) -> Callable[[str], str]:
    """What a link in the article at `path` (exported as `name`) becomes: a relative link
    to another article of the seeds tree (`../b/index.md`, `autre%20page.md#suite`) leads
    to that article's page in the same target, format and layout; anything else (another
    site, a file that is not an article, a link leaving seeds/) is kept as written."""
    seeds = Path(os.path.abspath(project.seeds_dir))
    here = Path(os.path.abspath(path)).parent

    def link(href: str) -> str:
        try:
            parts = urlsplit(href)
        except ValueError:
            return href
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return href
        relative = unquote(parts.path)
        if Path(relative).suffix not in ARTICLE_SUFFIXES:
            return href
        other = Path(os.path.normpath(here / relative))
        if seeds not in other.parents or not other.is_file():
            return href
        try:
            to_name = output_name(project.slug(other), target, fmt, layout)
        except DiptychError:
            return href
        url = quote(relative_link(name, to_name))
        if parts.query:
            url += "?" + parts.query
        if parts.fragment:
            url += "#" + parts.fragment
        return url

    return link


# ---------------------------------------------------------------------------- manifest

MANIFEST = ".diptych-exports.json"
MANIFEST_VERSION = 1


# Text of a page encoded and written this many characters at a time.
BATCH = 1 << 16


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _publish(
    out_dir: Path,
    name: str,
    data: str | bytes | Iterable[str],
    written: list[Path],
    unchanged: list[Path],
) -> str:
    """Write one output file (regenerable: no fsync), list it as written or unchanged, and
    return the digest its manifest entry records. A page given as pieces of text is
    encoded, hashed and written a batch at a time: it is never held whole (a page is about
    five times its article), unless it is one batch."""
    path = output_path(out_dir, name)
    digest = hashlib.sha256()
    batches = _batches((data,) if isinstance(data, (str, bytes)) else data, digest)
    first = next(batches, b"")
    second = next(batches, None)
    content = first if second is None else itertools.chain((first, second), batches)
    (written if write_atomic(path, content, durable=False) else unchanged).append(path)
    return digest.hexdigest()


def _batches(pieces: Iterable[str | bytes], digest) -> Iterator[bytes]:
    """The pieces as UTF-8 in batches of about `BATCH` characters, each added to `digest`."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if isinstance(piece, bytes):
            if batch:
                yield _hashed("".join(batch).encode("utf-8"), digest)
                batch, size = [], 0
            yield _hashed(piece, digest)
            continue
        batch.append(piece)
        size += len(piece)
        if size >= BATCH:
            yield _hashed("".join(batch).encode("utf-8"), digest)
            batch, size = [], 0
    if batch:
        yield _hashed("".join(batch).encode("utf-8"), digest)


def _hashed(data: bytes, digest) -> bytes:
    digest.update(data)
    return data


def load_manifest(out_dir: Path, warnings: list[str]) -> dict[str, str]:
    """The files diptych wrote in `out_dir` (name inside it -> digest of what it wrote),
    from its manifest; empty when there is none. A manifest that cannot be read is a
    warning and counts as empty: export then deletes nothing it wrote before."""
    path = out_dir / MANIFEST
    data = current_bytes(path)
    if data is None:
        return {}
    try:
        content = json.loads(data.decode("utf-8"))
        files = content["files"]
        if content.get("version") != MANIFEST_VERSION or not isinstance(files, dict):
            raise ValueError("unknown layout")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise ValueError("unknown layout")
    except (ValueError, KeyError, TypeError, AttributeError):
        warnings.append(
            f"{path}: not a manifest diptych can read; no earlier export will be deleted"
        )
        return {}
    return dict(files)


def save_manifest(out_dir: Path, manifest: dict[str, str]) -> None:
    """Write the manifest, forgetting files that are gone."""
    kept = {
        name: digest
        for name, digest in sorted(manifest.items())
        if (out_dir / name).is_file() or (out_dir / name).is_symlink()
    }
    text = json.dumps({"version": MANIFEST_VERSION, "files": kept}, indent=1, ensure_ascii=False)
    write_atomic(out_dir / MANIFEST, text + "\n")


def _names(slug: str, target: str, formats: Sequence[str]) -> list[str]:
    """Every name an export of this article and target may have, any layout."""
    return [output_name(slug, target, fmt, layout) for layout in LAYOUTS for fmt in formats]


def _exported_files(out_dir: Path, entry: IndexEntry, manifest: dict[str, str]) -> tuple[str, ...]:
    """The names the index links to for this article and target: files diptych wrote."""
    return tuple(
        name
        for name in _names(entry.slug, entry.target, FORMATS)
        if name in manifest and output_path(out_dir, name).is_file()
    )


def _remove_exports(
    out_dir: Path,
    slug: str,
    target: str,
    formats: Sequence[str],
    manifest: dict[str, str],
    warnings: list[str],
) -> list[Path]:
    """Delete the pages an earlier export wrote for this article and target in `formats`
    (any layout): only files the manifest records, with the bytes diptych wrote. A file of
    that name that diptych did not write, or that someone changed since, is left in place
    with a warning (it may still publish the article)."""
    removed = []
    for name in _names(slug, target, formats):
        path = output_path(out_dir, name)
        data = current_bytes(path) if path.is_file() else None
        if data is None:
            manifest.pop(name, None)
            continue
        if manifest.get(name) != _digest(data):
            manifest.pop(name, None)
            warnings.append(
                f"{path}: not deleted although its article was refused: "
                "diptych did not write it (or it changed since)"
            )
            continue
        path.unlink()
        manifest.pop(name)
        removed.append(path)
    return removed
