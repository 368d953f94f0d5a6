"""status: per article and target, how many segments are in each state, and what is stale."""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.articles import (
    ArticleFile,
    article_files,
    is_stale,
    segment_source,
    stamp_of,
)
from translate.engine import Progress
from translate.errors import DiptychError
from translate.memory import CatalogMemory, Held, Index
from translate.project import Project
from translate.states import UNTRANSLATED, StateCounts


@dataclass(frozen=True)
class ArticleStatus:
    slug: str
    source_name: str
    target: str
    catalog: str
    states: StateCounts
    stale: bool
    has_catalog: bool
    qa_errors: int = 0
    qa_warnings: int = 0
    term_errors: int = 0
    confidences: tuple[int, ...] = ()  # unreviewed machine entries, sorted

    @property
    def complete(self) -> bool:
        return (
            self.has_catalog
            and not self.stale
            and self.states.reviewed == self.states.total
            and self.qa_errors == 0
        )

    @property
    def reasons(self) -> str:
        """Why the article is not ready, in a few words ("" when it is)."""
        if not self.has_catalog:
            return f"no catalog ({self.catalog}); run diptych translate"
        untranslated = self.states.counts.get(UNTRANSLATED, 0)
        unreviewed = self.states.total - self.states.reviewed - untranslated
        found = []
        if untranslated:
            found.append(f"{untranslated} untranslated")
        if unreviewed:
            found.append(f"{unreviewed} unreviewed")
        if self.stale:
            found.append("stale (the source changed; run diptych translate)")
        if self.qa_errors:
            found.append(f"{self.qa_errors} QA error(s)")
        return ", ".join(found)

    def as_dict(self) -> dict:
        return {
            "article": self.slug,
            "source": self.source_name,
            "target": self.target,
            "catalog": self.catalog,
            **self.states.counts,
            "total": self.states.total,
            "reviewed_percent": self.states.percent,
            "stale": self.stale,
            "qa_errors": self.qa_errors,
            "qa_warnings": self.qa_warnings,
            "term_errors": self.term_errors,
            "confidence_lowest": self.confidences[0] if self.confidences else None,
            "confidence_median": statistics.median(self.confidences) if self.confidences else None,
        }


@dataclass(frozen=True)
class StatusReport:
    articles: tuple[ArticleStatus, ...]
    failures: tuple[DiptychError, ...] = ()
    warnings: tuple[str, ...] = ()
    orphans: tuple[str, ...] = ()  # catalogs whose article is no longer in seeds/

    @property
    def all_reviewed(self) -> bool:
        return all(article.complete for article in self.articles)


def project_status(
    project: Project, names: Sequence[str] | None = None, progress: Progress | None = None
) -> StatusReport:
    """Counts read off each catalog (through the catalog index, so an unchanged catalog is
    not parsed again); an article with no catalog counts as untranslated. Articles are read
    one at a time: only the small per-article rows are kept. Without names, catalogs left
    behind by a deleted article are listed as orphans. `progress` follows the reading of the
    catalogs changed since the index saw them (all of them, on a new clone)."""
    failures: list[DiptychError] = []
    warnings: list[str] = []
    rows: list[ArticleStatus] = []
    index = Index(project, warnings)
    try:
        memories = {target: index.catalogs(target) for target in project.targets}
        # every article: the index's rows read in one query per table, not two per article
        held = {} if names else {target: m.summaries() for target, m in memories.items()}
        if not names:  # catalogs saved since the index saw them: read at once, on every core
            seeds = project.seed_slugs()
            changed = {t: _changed(m, held[t], seeds) for t, m in memories.items()}
            total, before = sum(map(len, changed.values())), 0
            for target, memory in memories.items():
                shown = _offset(progress, before, total)
                held[target].update(memory.read_changed(changed[target], held[target], shown))
                before += len(changed[target])
        digests = index.digests(whole=not names)
        slugs: set[str] = set()
        for found in article_files(project, names, failures, warnings, digests):
            slugs.add(found.slug)
            rows += _article_rows(project, found, memories, held, failures)
    finally:
        index.close()
    order = {target: position for position, target in enumerate(project.targets)}
    rows.sort(key=lambda row: order[row.target])  # stable: article order within a target
    orphans = [] if names else [o for t in project.targets for o in _orphans(project, t, slugs)]
    return StatusReport(tuple(rows), tuple(failures), tuple(warnings), tuple(orphans))


def _offset(progress: Progress | None, before: int, total: int) -> Progress | None:
    """`progress` over all targets' catalogs, told of one target's (`before` done already)."""
    if progress is None:
        return None
    return lambda done, _count: progress(before + done, total)


def _changed(memory: CatalogMemory, held: Held, slugs: set[str]) -> list[Path]:
    """The catalogs of articles `slugs` whose file is not the one the index has a summary of."""
    changed = []
    for slug in sorted(slugs):
        path = memory.path_of(slug)
        try:
            stamp = stamp_of(path)
        except OSError:
            continue  # the article's row reports it
        known = held.get(f"{slug}.po")
        if stamp is not None and (known is None or known[0] != stamp):
            changed.append(path)
    return changed


def _orphans(project: Project, target: str, articles: set[str]) -> list[str]:
    """Catalogs of `target` with no article file of the same slug in seeds/ or its
    subfolders (any name, even one refused as an article, counts: its catalog is not
    orphaned, only unusable). Names are compared as text, first with the `articles` just
    read: seeds/ is walked again only for a catalog none of them has."""
    folder = project.locales_dir / target
    if not folder.is_dir():
        return []
    found = []
    for top, dirs, files in os.walk(folder):  # as `rglob`: every folder, links not followed
        inside = os.path.relpath(top, folder).replace(os.sep, "/")
        for name in files + dirs:
            if name.endswith(".po"):
                slug = f"{inside}/{name}".removeprefix("./")
                found.append((slug if name == ".po" else slug[:-3], slug))
    others = [(slug, name) for slug, name in found if slug not in articles]
    seeds = project.seed_slugs() if others else set()
    orphans = sorted(name.split("/") for slug, name in others if slug not in seeds)
    return [project.relative(folder.joinpath(*parts)) for parts in orphans]


def _article_rows(
    project: Project,
    found: ArticleFile,
    memories: dict[str, CatalogMemory],
    held: dict[str, Held],
    failures: list[DiptychError],
) -> list[ArticleStatus]:
    """One row per target for the article: counts from its catalog's summary in the index,
    or, without a catalog, every segment untranslated (the article is then segmented)."""
    rows = []
    article = None
    for target, memory in memories.items():
        path = memory.path_of(found.slug)
        try:
            summary = memory.summary(path, held.get(target))
            if summary is None:
                article = article or segment_source(project, found.load())
        except DiptychError as exc:
            failures.append(exc)
            continue
        if summary is None:
            states = StateCounts.of([UNTRANSLATED] * len(article.occurrences))
            stale, errors, qa_warnings, terms, confidences = False, 0, 0, 0, ()
        else:
            states = summary.states
            stale = is_stale(summary.source_hash, project, found.digest)
            errors, qa_warnings = summary.qa_errors, summary.qa_warnings
            terms, confidences = summary.term_errors, summary.confidences
        rows.append(
            ArticleStatus(
                slug=found.slug,
                source_name=found.name,
                target=target,
                catalog=project.relative(path),
                states=states,
                stale=stale,
                has_catalog=summary is not None,
                qa_errors=errors,
                qa_warnings=qa_warnings,
                term_errors=terms,
                confidences=confidences,
            )
        )
    return rows
