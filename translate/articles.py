"""Articles: find them in `seeds/`, read and segment them, and tell whether a catalog lags
behind its source. Every command that looks at an article (translate, status, review,
export, segment) goes through here, so they all see the same segments."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.catalog import Occurrence, distinct_segments
from translate.errors import DiptychError
from translate.project import Project
from translate.read import Document, Source, parse_source, read_article, read_source
from translate.segment import Segment, segment_document


@dataclass(frozen=True)
class Article:
    """An article read and segmented, ready to be merged into its catalogs."""

    document: Document
    occurrences: tuple[Occurrence, ...]


def resolve_articles(
    project: Project, names: Sequence[str] | None
) -> tuple[list[Path], list[DiptychError]]:
    """The named articles (all of seeds/ when None); names that resolve to nothing fail."""
    if not names:
        return project.scan_articles()
    paths: list[Path] = []
    failures: list[DiptychError] = []
    for name in names:
        try:
            paths.append(project.resolve_article(name))
        except DiptychError as exc:
            failures.append(exc)
    return paths, failures


def article_paths(
    project: Project, names: Sequence[str] | None, failures: list[DiptychError]
) -> Iterator[Path]:
    """The named articles' paths (all of seeds/ when None), each slug once; names that
    resolve to nothing are added to `failures`."""
    paths, failed = resolve_articles(project, names)
    failures.extend(failed)
    seen: set[str] = set()
    for path in paths:
        if path.stem not in seen:
            seen.add(path.stem)
            yield path


def iter_sources(
    project: Project, names: Sequence[str] | None, failures: list[DiptychError]
) -> Iterator[Source]:
    """The named articles decoded one at a time (a command holds one article, not the
    project); bad ones are added to `failures`."""
    for path in article_paths(project, names, failures):
        try:
            source = read_source(path, project.relative(path), project.reading)
        except DiptychError as exc:
            failures.append(exc)
            continue
        yield source


def segment_source(project: Project, source: Source) -> Article:
    document = parse_source(source)
    segments = segment_document(document, project.abbreviations, project.source_profile)
    return Article(document, tuple(distinct_segments(document, segments)))


def iter_articles(
    project: Project,
    names: Sequence[str] | None,
    failures: list[DiptychError],
    warnings: list[str],
) -> Iterator[Article]:
    """The named articles (all of seeds/ when None) read and segmented one at a time; bad
    ones are added to `failures`, decoding warnings to `warnings`."""
    for source in iter_sources(project, names, failures):
        try:
            article = segment_source(project, source)
        except DiptychError as exc:
            failures.append(exc)
            continue
        warnings.extend(source.warnings)
        yield article


def source_key(project: Project, digest: str) -> str:
    """What `X-Source-Hash` records: the source text and, if any, the user's abbreviations
    (they change the segmentation) and glossary (it changes term comments and machine
    output), so the catalog must follow either."""
    glossary = project.glossary.digest
    if not project.abbreviations and not glossary:
        return digest
    extra = ",".join(sorted(project.abbreviations))
    if glossary:
        extra += f"|glossary:{glossary}"
    return hashlib.sha256(f"{digest}|{extra}".encode()).hexdigest()[:16]


def is_stale(recorded_hash: str, project: Project, digest: str) -> bool:
    """Whether a catalog whose header records `recorded_hash` lags behind the source with
    `digest`: the source (or the segmentation settings) changed since diptych wrote it, or
    diptych never wrote it."""
    return recorded_hash != source_key(project, digest)


def load_document(project: Project, name: str) -> tuple[Document, list[Segment]]:
    """One article, read and segmented (for `diptych segment`)."""
    return read_document(project, project.resolve_article(name))


def read_document(project: Project, path: Path) -> tuple[Document, list[Segment]]:
    """Read and segment the article at `path` (as export aligns it), keeping every segment."""
    document = read_article(path, project.relative(path), project.reading)
    return document, segment_document(document, project.abbreviations, project.source_profile)
