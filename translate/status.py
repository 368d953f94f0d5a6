"""status: per article and target, how many segments are in each state, and what is stale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.catalog import load_catalog
from translate.errors import DiptychError
from translate.pipeline import load_articles
from translate.project import Project
from translate.review import qa_findings
from translate.states import STATES, UNTRANSLATED, entry_state


@dataclass(frozen=True)
class ArticleStatus:
    slug: str
    source_name: str
    target: str
    catalog: str
    counts: dict[str, int]
    stale: bool
    has_catalog: bool
    qa_errors: int = 0
    qa_warnings: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def reviewed_percent(self) -> float:
        return 100.0 * self.counts["reviewed"] / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return (
            self.has_catalog
            and not self.stale
            and self.counts["reviewed"] == self.total
            and self.qa_errors == 0
        )

    def as_dict(self) -> dict:
        return {
            "article": self.slug,
            "source": self.source_name,
            "target": self.target,
            "catalog": self.catalog,
            **self.counts,
            "total": self.total,
            "reviewed_percent": round(self.reviewed_percent, 1),
            "stale": self.stale,
            "qa_errors": self.qa_errors,
            "qa_warnings": self.qa_warnings,
        }


@dataclass(frozen=True)
class StatusReport:
    articles: tuple[ArticleStatus, ...]
    failures: tuple[DiptychError, ...] = ()

    @property
    def all_reviewed(self) -> bool:
        return all(article.complete for article in self.articles)


def project_status(project: Project, names: Sequence[str] | None = None) -> StatusReport:
    """Counts read off each catalog; an article with no catalog counts as untranslated."""
    articles, failures, _ = load_articles(project, names)
    rows: list[ArticleStatus] = []
    for target in project.targets:
        for article in articles:
            document = article.document
            path = project.po_path(document.slug, target)
            try:
                catalog = load_catalog(path)
            except DiptychError as exc:
                failures.append(exc)
                continue
            counts = dict.fromkeys(STATES, 0)
            severities: list[str] = []
            if catalog is None:
                counts[UNTRANSLATED] = len(article.occurrences)
                stale = False
            else:
                active = [e for e in catalog if not e.obsolete and e.msgid]
                for entry in active:
                    counts[entry_state(entry)] += 1
                stale = _stale(catalog, article)
                severities = [f.severity for _, found in qa_findings(active) for f in found]
            rows.append(
                ArticleStatus(
                    slug=document.slug,
                    source_name=document.source_name,
                    target=target,
                    catalog=project.relative(path),
                    counts=counts,
                    stale=stale,
                    has_catalog=catalog is not None,
                    qa_errors=severities.count("error"),
                    qa_warnings=severities.count("warning"),
                )
            )
    return StatusReport(tuple(rows), tuple(failures))


def _stale(catalog, article) -> bool:
    recorded = catalog.metadata.get("X-Source-Hash")
    if recorded:
        return recorded != article.document.source_hash
    active = [e.msgid for e in catalog if not e.obsolete and e.msgid]
    return active != [occ.msgid for occ in article.occurrences]
