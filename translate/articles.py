"""Articles: find them in `seeds/`, read and segment them, and tell whether a catalog lags
behind its source. Every command that looks at an article (translate, status, review,
export, segment) goes through here, so they all see the same articles and segments:
`article_paths` says which files a command takes (each slug once, a bad name or two files
that would share a slug a failure), and
`article_files` goes through them one at a time, reading only those a digest memory (the
catalog index) cannot vouch for."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from translate.align import AlignedArticle, Aligner, BlocksOf, PackedBlocks
from translate.catalog import Occurrence, group_segments
from translate.decode import streamed_digest
from translate.engine import Progress
from translate.errors import DiptychError
from translate.parsed import ParseCache
from translate.project import Project
from translate.read import Document, Reading, Source, SourceBlocks, read_article, read_source
from translate.segment import Segment, block_segments, segment_document


@dataclass(frozen=True)
class Article:
    """An article read and segmented, ready to be merged into its catalogs."""

    document: Document
    occurrences: tuple[Occurrence, ...]


def resolve_articles(
    project: Project, names: Sequence[str] | None
) -> tuple[list[Path], list[DiptychError]]:
    """The named articles (all of seeds/ when None, its subfolders included); names that
    resolve to nothing fail, and so do articles whose slug another file would share."""
    if not names:
        return project.scan_articles()
    paths: list[Path] = []
    failures: list[DiptychError] = []
    for name in names:
        try:
            paths.append(project.resolve_article(name))
        except DiptychError as exc:
            failures.append(exc)
    kept, clashes = project.check_named(paths)
    failures.extend(clashes)
    return kept, failures


def article_paths(
    project: Project, names: Sequence[str] | None, failures: list[DiptychError]
) -> Iterator[Path]:
    """The named articles' paths (all of seeds/ when None), each slug once; names that
    resolve to nothing are added to `failures`."""
    paths, failed = resolve_articles(project, names)
    failures.extend(failed)
    seen: set[str] = set()
    for path in paths:
        slug = project.slug(path)
        if slug not in seen:
            seen.add(slug)
            yield path


def segment_source(project: Project, source: Source, cache: ParseCache | None = None) -> Article:
    """The article's distinct segments, its blocks drawn and segmented one at a time
    (`SourceBlocks`): a command that merges catalogs never holds a long article's blocks,
    segments or token tree, only its msgids and places, and the `Article` keeps its document
    without text or blocks. With `cache` (translate's), the segmentation is kept for export,
    unless export reads the article a block at a time (`streamed`)."""
    reading = SourceBlocks(source, project.front_matter_keys)
    rules = _rules(project)
    kept: list[Segment] | None = None if cache is None or streamed(source.path) else []

    def segments() -> Iterator[Segment]:
        for index, block in enumerate(reading):
            if not block.translatable or (block.kept and kept is None):
                continue
            for segment in block_segments(block, index, *rules):
                if kept is not None:  # every segment the export shows,
                    kept.append(segment)
                if not block.kept:  # those its author marked not to translate left out
                    yield segment

    occurrences = tuple(group_segments(source.name, segments()))
    document = replace(reading.document(), slug=project.slug(source.path))
    if cache is not None and kept is not None:
        cache.keep_segments(source.name, document.format, source.text, _settings(project), kept)
    return Article(document, occurrences)


# Articles of this size or more (Markdown and plain text) are exported from their blocks
# packed (`align_streamed`): they are not held as objects, nor is the segmentation of the
# whole article, which is therefore never kept (bench/memory.py). HTML articles are read
# whole: their target page is the source page rewritten.
STREAM_MIN_BYTES = 256 * 1024
STREAMED_SUFFIXES = (".md", ".txt")


def streamed(path: Path) -> bool:
    """Whether the article at `path` is exported from its blocks packed (`align_streamed`)."""
    try:
        return path.suffix in STREAMED_SUFFIXES and path.stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        return False  # reading it says what is wrong


Stamp = tuple[int, int, int]  # size, mtime_ns, inode

# A file changed twice within one tick of the file system's clock keeps its mtime; a stat
# taken that close to the file's mtime proves nothing (git calls such entries "racily clean").
RACY_NS = 2_000_000_000


def stamp_of(path: Path) -> Stamp | None:
    """What says a file is unchanged without reading it (None when it is gone)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


@dataclass(frozen=True)
class KnownDigest:
    """The digest of an article's text as remembered, with the stat of the file it was read
    from and the time that stat was taken."""

    stamp: Stamp
    digest: str
    seen_ns: int

    def vouches_for(self, stamp: Stamp | None) -> bool:
        """Same stat, taken well after the file's last change, so an edit of the same size
        in the same tick cannot hide."""
        return stamp is not None and self.stamp == stamp and stamp[1] + RACY_NS < self.seen_ns


class DigestMemory(Protocol):
    """Where article digests are remembered between commands (the catalog index)."""

    def known(self, name: str) -> KnownDigest | None: ...

    def remember(self, name: str, known: KnownDigest) -> None: ...


@dataclass(frozen=True)
class ArticleFile:
    """An article known by the digest of its text; `source` is the decoded text when the
    file had to be read (`load()` reads it otherwise)."""

    path: Path
    name: str
    digest: str
    source: Source | None = None
    reading: Reading = Reading()
    slug: str = ""  # names its catalog, review and pages (`Project.slug`)

    def load(self) -> Source:
        return self.source or read_source(self.path, self.name, self.reading)


def article_files(
    project: Project,
    names: Sequence[str] | None,
    failures: list[DiptychError],
    warnings: list[str],
    memory: DigestMemory | None = None,
    progress: Progress | None = None,
) -> Iterator[ArticleFile]:
    """The named articles (all of seeds/ when None), one at a time, each with the digest of
    its text: from `memory` when the file's stat is unchanged (the file is then not even
    read), else read, decoded and remembered. Bad ones go to `failures`; an article's
    warnings (its encoding, say) go to `warnings` when its text is new to `memory`, so they
    are given once, by whichever command reads it first. `progress` is told, before each
    article and at the end, how many of them the caller is done with."""
    paths = list(article_paths(project, names, failures))
    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths))
        name = project.relative(path)
        slug = project.slug(path)
        stamp = stamp_of(path)
        known = memory.known(name) if memory is not None else None
        if known is not None and known.vouches_for(stamp):
            yield ArticleFile(path, name, known.digest, reading=project.reading, slug=slug)
            continue
        looked = time.time_ns()
        # a UTF-8 article is digested a chunk at a time, its text read again only if needed
        digest = streamed_digest(path, name, project.reading)
        source = None
        if digest is None:
            try:
                source = read_source(path, name, project.reading)
            except DiptychError as exc:
                failures.append(exc)
                continue
            digest = source.digest
        if memory is not None and stamp is not None:
            memory.remember(name, KnownDigest(stamp, digest, looked))
        if source is not None and (known is None or known.digest != digest):
            warnings.extend(source.warnings)
        yield ArticleFile(path, name, digest, source, project.reading, slug)
    if progress is not None and paths:
        progress(len(paths), len(paths))


def source_key(project: Project, digest: str) -> str:
    """What `X-Source-Hash` records: the source text and, if any, the user's abbreviations
    and `[markup] protect` patterns (they change the segmentation) and glossary (it changes
    term comments and machine output), so the catalog must follow either."""
    glossary = project.glossary.digest
    if not project.abbreviations and not glossary and not project.macros:
        return digest
    extra = ",".join(sorted(project.abbreviations))
    if glossary:
        extra += f"|glossary:{glossary}"
    if project.macros:  # they change the segmentation and what the model sees
        extra += "|protect:" + "\x00".join(project.macros)
    return hashlib.sha256(f"{digest}|{extra}".encode()).hexdigest()[:16]


def is_stale(recorded_hash: str, project: Project, digest: str) -> bool:
    """Whether a catalog whose header records `recorded_hash` lags behind the source with
    `digest`: the source (or the segmentation settings) changed since diptych wrote it, or
    diptych never wrote it."""
    return recorded_hash != source_key(project, digest)


def load_document(project: Project, name: str) -> tuple[Document, list[Segment]]:
    """One article, read and segmented (for `diptych segment`)."""
    return read_document(project, project.resolve_article(name))


def read_document(
    project: Project, path: Path, cache: ParseCache | None = None
) -> tuple[Document, list[Segment]]:
    """Read and segment the article at `path` (as export aligns it), keeping every segment;
    with `cache` (export's), an article segmented before with the same text and settings
    is not segmented again."""
    document = read_article(path, project.relative(path), project.reading)
    document = replace(document, slug=project.slug(path))
    if cache is None:
        return document, _segments(project, document)
    segment = lambda: _segments(project, document)  # noqa: E731
    return document, cache.segments(document.source_name, document, _settings(project), segment)


def _settings(project: Project) -> tuple:
    """The project settings an article's segmentation depends on (its kept key)."""
    return (project.source, project.abbreviations, project.macros, project.front_matter_keys)


def _segments(project: Project, document: Document) -> list[Segment]:
    """The article's segments, split by the project's rules (abbreviations, own macros)."""
    return segment_document(document, *_rules(project))


def _rules(project: Project) -> tuple:
    """How the project splits sentences: its abbreviations, the source language's profile
    and the macros kept whole (None when the project protects none of its own)."""
    macros = project.protected_syntax if project.macros else None
    return (tuple(project.abbreviations), project.source_profile, macros)


def align_streamed(project: Project, path: Path, catalog, target: str) -> AlignedArticle:
    """The article at `path` aligned with `catalog` (as `align.align_article` aligns it),
    read a block at a time (`SourceBlocks`), each block segmented and aligned as it is read
    and kept packed (`align.PackedBlocks`): export of a long article holds its decoded text
    and the packed blocks, never its blocks and segments as objects all at once, nor the
    segmentation of the whole article (the index's, which `read_document` keeps)."""
    source = read_source(path, project.relative(path), project.reading)
    reading = SourceBlocks(source, project.front_matter_keys)
    rules = _rules(project)
    aligner = Aligner(catalog)
    blocks = PackedBlocks()
    for index, block in enumerate(reading):
        segments = block_segments(block, index, *rules) if block.translatable else ()
        blocks.append(aligner.block(index, block, segments))
    document = replace(
        reading.document(), slug=project.slug(path), text=source.text, blocks=BlocksOf(blocks)
    )
    return aligner.article(document, blocks, project.source, target)
