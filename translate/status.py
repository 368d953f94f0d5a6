"""status: per article and target, how many segments are in each state, and what is stale."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from translate.articles import ArticleFile, article_files, is_stale, segment_source
from translate.errors import DiptychError
from translate.memory import CatalogMemory, Index
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


def project_status(project: Project, names: Sequence[str] | None = None) -> StatusReport:
    """Counts read off each catalog (through the catalog index, so an unchanged catalog is
    not parsed again); an article with no catalog counts as untranslated. Articles are read
    one at a time: only the small per-article rows are kept. Without names, catalogs left
    behind by a deleted article are listed as orphans."""
    failures: list[DiptychError] = []
    warnings: list[str] = []
    rows: list[ArticleStatus] = []
    index = Index(project, warnings)
    try:
        memories = {target: index.catalogs(target) for target in project.targets}
        for found in article_files(project, names, failures, warnings, index):
            rows += _article_rows(project, found, memories, failures)
    finally:
        index.close()
    order = {target: position for position, target in enumerate(project.targets)}
    rows.sort(key=lambda row: order[row.target])  # stable: article order within a target
    orphans = [] if names else [o for target in project.targets for o in _orphans(project, target)]
    return StatusReport(tuple(rows), tuple(failures), tuple(warnings), tuple(orphans))


def _orphans(project: Project, target: str) -> list[str]:
    """Catalogs of `target` with no article file of the same slug in seeds/ or its
    subfolders (any name, even one refused as an article, counts: its catalog is not
    orphaned, only unusable)."""
    folder = project.locales_dir / target
    if not folder.is_dir():
        return []
    slugs = project.seed_slugs()
    return [
        project.relative(path)
        for path in sorted(folder.rglob("*.po"))
        if path.relative_to(folder).with_suffix("").as_posix() not in slugs
    ]


def _article_rows(
    project: Project,
    found: ArticleFile,
    memories: dict[str, CatalogMemory],
    failures: list[DiptychError],
) -> list[ArticleStatus]:
    """One row per target for the article: counts from its catalog's summary in the index,
    or, without a catalog, every segment untranslated (the article is then segmented)."""
    rows = []
    article = None
    for target, memory in memories.items():
        path = project.po_path(found.slug, target)
        try:
            summary = memory.summary(path)
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
