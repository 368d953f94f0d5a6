"""The `translate` job: read and segment articles, reuse what is translated, machine-translate
the rest in one batched pass, and merge everything into each article's PO file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import polib

from translate.articles import Article, iter_sources, segment_source, source_key
from translate.catalog import (
    CatalogInfo,
    Draft,
    OnDisk,
    merge_catalog,
    read_catalog,
    write_merged,
)
from translate.engine import Progress
from translate.engines import engine_translates, make_engine
from translate.errors import DiptychError
from translate.memory import CatalogMemory
from translate.project import Project
from translate.states import REUSED_PREFIX, UNTRANSLATED, is_owned

EngineFactory = Callable[[str], object]
# Segments translated between two checkpoints: large enough for full batches, small enough
# that an interruption loses little work.
CHECKPOINT_SEGMENTS = 256


@dataclass(frozen=True)
class ArticleOutcome:
    source_name: str
    slug: str
    target: str
    po_path: Path
    written: bool
    entries: int
    machine_translated: int
    reused: int


@dataclass(frozen=True)
class TranslateReport:
    outcomes: tuple[ArticleOutcome, ...] = ()
    failures: tuple[DiptychError, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass
class _Job:
    """One article and one target: what it has, what it still needs."""

    article: Article
    target: str
    po_path: Path
    existing: polib.POFile | None
    pending: list[str]
    key: str = ""
    read: OnDisk = OnDisk(None, None)
    drafts: dict[str, Draft] = field(default_factory=dict)
    machine: str = ""


def translate_project(
    project: Project,
    names: Sequence[str] | None = None,
    engine: str = "argos",
    engine_factory: EngineFactory | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    device: str = "auto",
) -> TranslateReport:
    """Bring every catalog of the named articles up to date with its source.

    Reviewed and draft translations are kept; pending segments are first looked up in the
    other catalogs of the same target, then machine-translated together, in chunks after
    each of which the touched catalogs are written, so an interrupted run loses nothing.
    An article whose source and catalog are unchanged since diptych last wrote it, and
    that has nothing left to fill, is not even parsed. `engine` names the registered engine
    (its `translates` contract decides what can be filled); `engine_factory`, if given, makes
    the engine for a target instead of the registry.
    """
    translating = engine_translates(engine)
    failures: list[DiptychError] = []
    warnings: list[str] = []
    memories = {target: CatalogMemory(project, target, warnings) for target in project.targets}
    for memory in memories.values():
        memory.refresh()  # reuse lookups then query the index alone
    jobs: list[_Job] = []
    ready: list[_Rendered] = []
    outcomes: list[ArticleOutcome] = []
    slugs: list[str] = []
    for source in iter_sources(project, names, failures):
        warnings.extend(source.warnings)
        slug = source.path.stem
        slugs.append(slug)
        key = source_key(project, source.digest)
        article: Article | None = None
        for target in project.targets:
            memory = memories[target]
            po_path = project.po_path(slug, target)
            try:
                summary = memory.summary(po_path)
                if summary and memory.up_to_date(po_path, key):
                    fillable = summary.states.counts[UNTRANSLATED] and (
                        translating or memory.fillable_from_others(po_path.name)
                    )
                    if not fillable:
                        outcomes.append(
                            ArticleOutcome(
                                source.name,
                                slug,
                                target,
                                po_path,
                                False,
                                summary.states.total,
                                0,
                                0,
                            )
                        )
                        continue
                article = article or segment_source(project, source)
                read = read_catalog(po_path)
            except DiptychError as exc:
                failures.append(exc)
                continue
            existing = read.catalog
            job = _Job(article, target, po_path, existing, _pending(article, existing), key, read)
            _reuse(job, memory)
            if translating and job.pending:
                jobs.append(job)
            elif translating:
                # held until the model has loaded: a missing model writes no file at all
                ready.append(_render(project, job, now))
            else:
                # nothing for a model to do: merge, write and let the article go (streaming)
                outcomes.append(_render(project, job, now).write(memory))
    machine_counts: dict[int, int] = {}
    tracker = _Tracker(progress)
    factory = engine_factory or (
        lambda target: _make_engine(engine, project, target, device, tracker.engine_update)
    )
    engines = {target: factory(target) for target in {job.target for job in jobs}}
    # (a missing model has raised by now, before any file was written)
    for item in ready:
        outcomes.append(item.write(memories[item.outcome.target]))
    if jobs:
        _machine_translate(project, jobs, engines, tracker, now, machine_counts)
    for index, job in enumerate(jobs):
        outcomes.append(
            _finish(project, job, now, memories[job.target], machine_counts.get(index, 0))
        )
    for memory in memories.values():
        memory.close()
    order = {
        (slug, t): i for i, (t, slug) in enumerate((t, s) for t in project.targets for s in slugs)
    }
    outcomes.sort(key=lambda o: order[(o.slug, o.target)])
    return TranslateReport(tuple(outcomes), tuple(failures), tuple(warnings))


@dataclass(frozen=True)
class _Rendered:
    """A catalog merged, waiting to be written, and the file as it was read."""

    outcome: ArticleOutcome
    catalog: polib.POFile
    read: OnDisk

    def write(self, memory: CatalogMemory) -> ArticleOutcome:
        written, now = write_merged(self.outcome.po_path, self.catalog, self.read)
        memory.record(self.outcome.po_path, now.catalog)
        return replace(self.outcome, written=written)


def _render(project: Project, job: _Job, now: datetime | None) -> _Rendered:
    return _Rendered(_outcome(job, False, 0), _merged(project, job, now), job.read)


def _finish(
    project: Project, job: _Job, now: datetime | None, memory: CatalogMemory, machine: int
) -> ArticleOutcome:
    outcome = _render(project, job, now).write(memory)
    return replace(outcome, machine_translated=machine)


def _outcome(job: _Job, written: bool, machine: int) -> ArticleOutcome:
    return ArticleOutcome(
        source_name=job.article.document.source_name,
        slug=job.article.document.slug,
        target=job.target,
        po_path=job.po_path,
        written=written,
        entries=len(job.article.occurrences),
        machine_translated=machine,
        reused=sum(1 for d in job.drafts.values() if d.mt is None),
    )


def _pending(article: Article, existing: polib.POFile | None) -> list[str]:
    have: set[str] = set()
    if existing is not None:
        have = {entry.msgid for entry in existing if entry.msgstr and is_owned(entry)}
    return [occ.msgid for occ in article.occurrences if occ.msgid not in have]


def _reuse(job: _Job, memory: CatalogMemory) -> None:
    """Fill pending segments from identical ones in the target's other catalogs."""
    own = job.po_path.name
    for msgid in job.pending:
        found = memory.reusable(msgid, own)
        if found:
            job.drafts[msgid] = Draft(found[0], notes=(f"{REUSED_PREFIX}{found[1]}: {found[0]}",))
    job.pending = [m for m in job.pending if m not in job.drafts]


def _machine_translate(
    project: Project,
    jobs: list[_Job],
    engines: dict[str, object],
    tracker: _Tracker,
    now: datetime | None,
    counts: dict[int, int],
) -> None:
    by_target: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        if job.pending:
            by_target.setdefault(job.target, []).append(index)
    if not by_target:
        return  # nothing new: no model is loaded at all
    for target, indexes in by_target.items():
        engine = engines[target]
        order: list[str] = []
        seen: set[str] = set()
        for index in indexes:
            for msgid in jobs[index].pending:
                if msgid not in seen:
                    seen.add(msgid)
                    order.append(msgid)
        markdown: dict[str, set[str]] = {}  # msgid -> reference labels of its articles
        for index in indexes:
            document = jobs[index].article.document
            if document.format == "md":
                for occurrence in jobs[index].article.occurrences:
                    markdown.setdefault(occurrence.msgid, set()).update(document.references)
        done: dict[str, Draft] = {}
        for start in range(0, len(order), CHECKPOINT_SEGMENTS):
            chunk = order[start : start + CHECKPOINT_SEGMENTS]
            tracker.start_chunk(start, len(order))
            done.update(_translate_chunk(engine, chunk, markdown))
            tracker.update(start + len(chunk), len(order))
            for index in indexes:
                job = jobs[index]
                fresh = {m: done[m] for m in job.pending if m in done and m not in job.drafts}
                if not fresh:
                    continue
                job.drafts.update(fresh)
                job.machine = engine.description
                counts[index] = counts.get(index, 0) + len(fresh)
                if start + len(chunk) < len(order):
                    _checkpoint(project, job, now)


def _translate_chunk(engine, chunk: list[str], markdown: dict[str, set[str]]) -> dict[str, Draft]:
    """Machine-translate one chunk; inline Markdown is kept out of the model's sight and put
    back around its output (an entry whose markup did not come back says so in a note)."""
    protected = {}
    if markdown:
        from translate.markup import protect

        masked = ((m, protect(m, markdown[m])) for m in chunk if m in markdown)
        protected = {m: found for m, found in masked if found.pieces}
    sources = [protected[m].masked if m in protected else m for m in chunk]
    results = engine.translate(sources)
    drafts = {}
    for msgid, result in zip(chunk, results, strict=True):
        text = " ".join(result.text.split("\n")).strip()
        if not text:
            continue
        notes: tuple[str, ...] = ()
        if msgid in protected:
            from translate.markup import note, restore

            restored = restore(protected[msgid], text)
            text = restored.text
            problem = note(restored)
            notes = (problem,) if problem else ()
        drafts[msgid] = Draft(text, mt=text, notes=notes)
    return drafts


class _Tracker:
    """Turns per-batch engine progress into progress over the whole run."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.base = 0
        self.total = 0

    def start_chunk(self, base: int, total: int) -> None:
        self.base, self.total = base, total

    def engine_update(self, done: int, _chunk_total: int) -> None:
        self.update(self.base + done, self.total)

    def update(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(min(done, total), total)


def _make_engine(name: str, project: Project, target: str, device: str, progress: Progress):
    return make_engine(name, project.source, target, device=device, progress=progress)


def _merged(project: Project, job: _Job, now: datetime | None) -> polib.POFile:
    document = job.article.document
    info = CatalogInfo(
        slug=document.slug,
        source_name=document.source_name,
        source=project.source,
        target=job.target,
        source_hash=job.key or document.source_hash,
        machine_translation=job.machine,
    )
    return merge_catalog(info, job.article.occurrences, job.existing, job.drafts, now)


def _checkpoint(project: Project, job: _Job, now: datetime | None) -> None:
    """Write what the job has so far: a complete, valid catalog, should the run stop."""
    _, job.read = write_merged(job.po_path, _merged(project, job, now), job.read)
    job.existing = job.read.catalog
