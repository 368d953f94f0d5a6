"""The project export job: every article for every target, one article at a time (in worker
processes when there are enough), with the publication policy and its deletions.

Renderers return strings; this is the one place that writes (and removes) files. Each
article is exported on its own, so one that cannot be read never stops the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.align import align_article
from translate.articles import article_paths, read_document
from translate.catalog import load_catalog
from translate.errors import ConfigError, DiptychError
from translate.export.html import IndexEntry, render_html, render_index
from translate.export.markdown import render_markdown
from translate.export.paths import (
    check_format,
    check_layout,
    check_slug,
    output_name,
    output_path,
)
from translate.files import write_atomic
from translate.pages import DEFAULT_LAYOUT, FORMATS, LAYOUTS
from translate.project import Project
from translate.workers import cores, process_map

PARALLEL_MIN_ARTICLES = 16
MAX_WORKERS = 4
START_METHOD: str | None = None  # the platform's default; export relies on none in particular


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


def export_project(
    project: Project,
    formats: tuple[str, ...] = FORMATS,
    layout: str = DEFAULT_LAYOUT,
    out_dir: Path | None = None,
    marks: bool = True,
    min_reviewed: float = 0,
    names: Sequence[str] | None = None,
    targets: tuple[str, ...] | None = None,
    failures: list[DiptychError] | None = None,
) -> ExportResult:
    """Align and render every article (or the `names`d ones) for every target; write the files.

    Each article is exported on its own: one that cannot be read is a failure, the others
    are still written and listed in `index.html`, which is rewritten on every HTML export.
    Articles reviewed below `min_reviewed` percent are refused, and the pages an earlier
    export wrote for them are removed, so the output folder never publishes them. A missing
    or stale PO file is a warning: the article exports with the source shown where needed.
    `failures` are errors met before (articles that could not be found), reported with these.
    """
    for fmt in formats:
        check_format(fmt)
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
    for done in _map_articles(options, paths):
        written += done.written
        unchanged += done.unchanged
        warnings += done.warnings
        refused += done.refused
        index += done.index
        removed += done.removed
        failed += done.failures
    if "html" in formats:
        index = [replace(e, files=_exported_files(out_dir, e)) for e in index]
        path_out = output_path(out_dir, "index.html")
        (
            written if write_atomic(path_out, render_index(index), durable=False) else unchanged
        ).append(path_out)
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
    written, unchanged, warnings, refused, index, removed = [], [], [], [], [], []
    # the article's encoding warning is shown by `translate`, when it (re)reads the article
    document, segments = read_document(project, path)
    check_slug(document.slug)
    for target in options.targets:
        po_path = project.po_path(document.slug, target)
        catalog = load_catalog(po_path)
        article = align_article(document, catalog, segments, project.source, target)
        if catalog is None:
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
            removed.extend(_remove_exports(out_dir, document.slug, target))
            continue
        files = []
        for fmt in options.formats:
            name = output_name(document.slug, target, fmt, options.layout)
            if fmt == "html":
                text = render_html(article, options.layout, options.marks, project.low_confidence)
            else:
                text = render_markdown(article, options.layout, options.marks)
            path_out = output_path(out_dir, name)
            (written if write_atomic(path_out, text, durable=False) else unchanged).append(path_out)
            files.append(name)
        index.append(IndexEntry.of(article, tuple(files)))
    return ArticleExport(
        written=tuple(written),
        unchanged=tuple(unchanged),
        warnings=tuple(warnings),
        refused=tuple(refused),
        index=tuple(index),
        removed=tuple(removed),
    )


def _existing_exports(out_dir: Path, slug: str, target: str) -> list[tuple[str, Path]]:
    """(name, path) of every export of this article and target in `out_dir`, any layout."""
    found = []
    for layout in LAYOUTS:
        for fmt in FORMATS:
            name = output_name(slug, target, fmt, layout)
            path = output_path(out_dir, name)
            if path.is_file():
                found.append((name, path))
    return found


def _exported_files(out_dir: Path, entry: IndexEntry) -> tuple[str, ...]:
    """The names the index links to for this article and target."""
    return tuple(name for name, _ in _existing_exports(out_dir, entry.slug, entry.target))


def _remove_exports(out_dir: Path, slug: str, target: str) -> list[Path]:
    """Delete every page an earlier export wrote for this article and target (any layout)."""
    removed = [path for _, path in _existing_exports(out_dir, slug, target)]
    for path in removed:
        path.unlink()
    return removed
