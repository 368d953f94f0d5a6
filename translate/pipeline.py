"""The `translate` job: read and segment articles one at a time, reuse what is translated,
machine-translate the rest in batched passes over groups of articles, and merge everything
into each article's PO file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import polib

from translate.articles import Article, ArticleFile, article_files, segment_source, source_key
from translate.catalog import CatalogInfo, Draft, machine_drafts, merge_catalog
from translate.drafts import HTML_MARKUP, Tracker, translated, verbatim_drafts
from translate.engine import Progress
from translate.engines import engine_translates, make_engine
from translate.errors import DiptychError
from translate.files import remove_stale_temporaries, write_atomic
from translate.glossary import Glossary
from translate.memory import CatalogMemory, Index
from translate.postore import (
    KeptChanging,
    OnDisk,
    load_catalog,
    pending_path,
    read_catalog,
    render_catalog,
    write_merged,
)
from translate.project import Project
from translate.states import (
    MACHINE,
    REUSED_PREFIX,
    TERM_PREFIX,
    UNTRANSLATED,
    comment_lines,
    entry_state,
    is_owned,
    terms_of,
)

EngineFactory = Callable[[str], object]
# Segments translated between two checkpoints: large enough for full batches, small enough
# that an interruption loses little work.
CHECKPOINT_SEGMENTS = 256
# How long a checkpoint keeps merging a catalog someone keeps saving before it keeps the
# run's catalog aside instead (the final write waits `postore.WRITE_PATIENCE`).
CHECKPOINT_PATIENCE = 2.0


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
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    retranslate: set[str] = field(default_factory=set)
    written: bool = False  # a checkpoint wrote the catalog during the run
    kept_aside: bool = False  # drafts were taken from a run that could not write the file
    set_aside: bool = False  # this run could not write the file: its catalog is kept aside


def translate_project(
    project: Project,
    names: Sequence[str] | None = None,
    engine: str = "argos",
    engine_factory: EngineFactory | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    device: str = "auto",
    batching: str = "exact",
) -> TranslateReport:
    """Bring every catalog of the named articles up to date with its source.

    Reviewed and draft translations are kept; pending segments are first looked up in the
    other catalogs of the same target (through the catalog index), then machine-translated
    together, a group of articles at a time (`GROUP_SEGMENTS`), in chunks after each of
    which the touched catalogs are written, so an interrupted run loses nothing and memory
    is bounded by a group, not by the project.
    An article whose source and catalog are unchanged since diptych last wrote it, and
    that has nothing left to fill, is not even parsed. `engine` names the registered engine
    (its `translates` contract decides what can be filled); `engine_factory`, if given, makes
    the engine for a target instead of the registry. `batching` is the argos engine's mode:
    "exact" (output identical to argostranslate per sentence) or "padded" (faster; docs/mt.md).
    """
    translating = engine_translates(engine)
    for target in project.targets:  # what a run killed while it wrote left behind
        remove_stale_temporaries(project.locales_dir / target)
    failures: list[DiptychError] = []
    warnings: list[str] = []
    index = Index(project, warnings)
    memories = {target: index.catalogs(target) for target in project.targets}
    # reuse lookups then query the index alone; every catalog's row read in one query
    held = {target: memory.refresh() for target, memory in memories.items()}
    tracker = Tracker(progress)
    factory = engine_factory or (
        lambda target: _make_engine(
            engine, project, target, device, tracker.engine_update, warnings, batching
        )
    )
    glossaries = {target: project.glossary.for_target(target) for target in project.targets}
    run = _Run(project, index, memories, factory, tracker, now, glossaries, held)
    slugs: list[str] = []
    try:
        for found in article_files(project, names, failures, warnings, index.digests(not names)):
            slugs.append(found.slug)
            _plan(project, found, memories, translating, run, failures)
        run.flush()
    finally:
        index.close()
        warnings.extend(run.warnings)
    order = {
        (slug, t): i for i, (t, slug) in enumerate((t, s) for t in project.targets for s in slugs)
    }
    outcomes = sorted(run.outcomes, key=lambda o: order[(o.slug, o.target)])
    return TranslateReport(tuple(outcomes), tuple(failures), tuple(warnings))


# Pending segments gathered before the model runs on them: a group of articles is translated,
# written and let go before the next is read, so memory is bounded by the group, not the
# project (a segment met again in a later group is reused from the catalog written before).
GROUP_SEGMENTS = 4096
# Catalogs merged and held until the model has loaded (a missing model writes no file).
HELD_CATALOGS = 64


class _Run:
    """What a translate run holds at one time: the current group of articles waiting for
    the model, catalogs waiting to be written, the engines once made, and the outcomes."""

    def __init__(self, project, index, memories, factory, tracker, now, glossaries, held) -> None:
        self.project, self.index, self.memories = project, index, memories
        self.held_rows = held  # each target's catalog rows as the run started
        self.glossaries = glossaries
        self.factory = factory
        self.tracker, self.now = tracker, now
        self.engines: dict[str, object] = {}
        self.group: list[_Job] = []
        self.pending = 0
        self.held: list[_Rendered] = []
        self.outcomes: list[ArticleOutcome] = []
        self.warnings: list[str] = []

    def translate(self, job: _Job) -> None:
        self.group.append(job)
        self.pending += len(job.pending)
        if self.pending >= GROUP_SEGMENTS:
            self.flush()

    def write(self, job: _Job, wait_for_model: bool) -> None:
        rendered = _render(self.project, job, self.now)
        if not wait_for_model or job.target in self.engines:
            self.outcomes.append(rendered.write(self.memories[job.target], self.warnings))
            return
        self.held.append(rendered)
        if len(self.held) >= HELD_CATALOGS:
            self.flush()

    def flush(self) -> None:
        """Load the models the group needs (once each), write the held catalogs, translate
        and write the group."""
        needed = {job.target for job in self.group}
        if len(self.held) >= HELD_CATALOGS:
            needed |= {item.outcome.target for item in self.held}
        for target in sorted(needed - set(self.engines)):
            # before any file of this group is written: a missing model raises first
            self.engines[target] = self.factory(target)
        for item in self.held:
            self.outcomes.append(item.write(self.memories[item.outcome.target], self.warnings))
        self.held = []
        counts: dict[int, int] = {}
        if self.group:
            _machine_translate(
                self.project,
                self.group,
                self.engines,
                self.tracker,
                self.now,
                counts,
                self.glossaries,
            )
        for index, job in enumerate(self.group):
            memory = self.memories[job.target]
            machine = counts.get(index, 0)
            self.outcomes.append(
                _finish(self.project, job, self.now, memory, machine, self.warnings)
            )
        self.group, self.pending = [], 0
        self.index.save()  # before the model runs again: no write lock held meanwhile


def _plan(
    project: Project,
    found: ArticleFile,
    memories: dict[str, CatalogMemory],
    translating: bool,
    run: _Run,
    failures: list[DiptychError],
) -> None:
    """Decide, for each target, what the article needs: nothing (its catalog is up to date
    and nothing can fill it), a merge, or the model."""
    slug = found.slug
    key = source_key(project, found.digest)
    article: Article | None = None
    for target in project.targets:
        memory = memories[target]
        po_path = project.po_path(slug, target)
        try:
            summary = memory.summary(po_path, run.held_rows[target])
            if memory.up_to_date(summary, key):
                fillable = summary.states.counts[UNTRANSLATED] and (
                    translating or memory.fillable_from_others(memory.name_of(po_path))
                )
                if not fillable:
                    total = summary.states.segments
                    run.outcomes.append(
                        ArticleOutcome(found.name, slug, target, po_path, False, total, 0, 0)
                    )
                    continue
            article = article or segment_source(project, found.load(), memory.index.parsed)
            read = read_catalog(po_path)
        except DiptychError as exc:
            failures.append(exc)
            continue
        existing = read.catalog
        job = _Job(article, target, po_path, existing, _pending(article, existing), key, read)
        glossary = run.glossaries[target]
        job.terms = {o.msgid: terms_of(o.msgid, glossary) for o in article.occurrences}
        if translating:
            _outdated_terms(job)
        _reuse(job, memory)
        _verbatim(job, project)
        if translating and job.pending:
            run.translate(job)
        else:
            run.write(job, wait_for_model=translating)


@dataclass(frozen=True)
class _Rendered:
    """A job whose catalog waits to be written (until the model has loaded)."""

    outcome: ArticleOutcome
    job: _Job
    project: Project
    now: datetime | None

    def write(self, memory: CatalogMemory, warnings: list[str]) -> ArticleOutcome:
        written = _save(self.project, self.job, self.now, warnings)
        if not self.job.set_aside:
            memory.record(self.job.po_path, self.job.existing)
        return replace(self.outcome, written=written or self.job.written)


def _render(project: Project, job: _Job, now: datetime | None) -> _Rendered:
    return _Rendered(_outcome(job, False, 0), job, project, now)


def _finish(
    project: Project,
    job: _Job,
    now: datetime | None,
    memory: CatalogMemory,
    machine: int,
    warnings: list[str],
) -> ArticleOutcome:
    outcome = _render(project, job, now).write(memory, warnings)
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
        reused=sum(1 for d in job.drafts.values() if d.mt is None and not d.verbatim),
    )


def _pending(article: Article, existing: polib.POFile | None) -> list[str]:
    have: set[str] = set()
    if existing is not None:
        have = {entry.msgid for entry in existing if entry.msgstr and is_owned(entry)}
    return [occ.msgid for occ in article.occurrences if occ.msgid not in have]


def _outdated_terms(job: _Job) -> None:
    """Machine entries (fuzzy, still equal to their `mt:`) whose glossary terms changed since
    they were translated go back to the model; any other entry is only flagged by QA."""
    for msgid in sorted(_outdated(job.existing, job.terms)):
        job.retranslate.add(msgid)
        job.pending.append(msgid)


def _outdated(catalog: polib.POFile | None, terms: dict[str, tuple[str, ...]]) -> set[str]:
    """The msgids whose entry is machine output translated under other glossary terms."""
    outdated: set[str] = set()
    for entry in catalog or ():
        if entry.obsolete or not is_owned(entry) or entry.msgid not in terms:
            continue
        had = tuple(n for n in comment_lines(entry.comment) if n.startswith(TERM_PREFIX))
        if had != terms[entry.msgid] and entry_state(entry) == MACHINE:
            outdated.add(entry.msgid)
    return outdated


def _reuse(job: _Job, memory: CatalogMemory) -> None:
    """Fill pending segments from the catalog an earlier run kept aside, then from identical
    ones in the target's other catalogs."""
    _take_kept_aside(job)
    own = memory.name_of(job.po_path)
    for msgid in job.pending:
        if msgid in job.retranslate or msgid in job.drafts:
            continue  # the other catalogs hold the same outdated output
        found = memory.reusable(msgid, own)
        if found:
            job.drafts[msgid] = Draft(found[0], notes=(f"{REUSED_PREFIX}{found[1]}: {found[0]}",))
    job.pending = [m for m in job.pending if m not in job.drafts]


def _verbatim(job: _Job, project: Project) -> None:
    """Segments with nothing to translate are copied, approved, and never sent to the model;
    machine output an earlier run made for them gives way to the copy (`merge_catalog`)."""
    copies = verbatim_drafts(job.article, project.protected_syntax)
    job.drafts.update(copies)
    job.pending = [m for m in job.pending if m not in copies]


def _machine_translate(
    project: Project,
    jobs: list[_Job],
    engines: dict[str, object],
    tracker: Tracker,
    now: datetime | None,
    counts: dict[int, int],
    glossaries: dict[str, Glossary],
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
        # msgid -> link reference labels of the Markdown documents it occurs in, so that
        # `[texte]` shortcut references are kept out of the model's sight like other links
        markdown: dict[str, frozenset[str]] = {}
        for index in indexes:
            document = jobs[index].article.document
            if document.format in ("md", "html", "htm"):
                for occurrence in jobs[index].article.occurrences:
                    labels = markdown.get(occurrence.msgid, frozenset())
                    own = document.reference_labels if document.format == "md" else {HTML_MARKUP}
                    markdown[occurrence.msgid] = labels | own
        done: dict[str, Draft] = {}
        finished = 0
        for count, drafts in translated(
            engine,
            order,
            markdown,
            glossaries[target],
            tracker,
            CHECKPOINT_SEGMENTS,
            project.protected_syntax,
        ):
            finished += count
            done.update(drafts)
            tracker.update(finished, len(order))
            for index in indexes:
                job = jobs[index]
                fresh = {m: done[m] for m in job.pending if m in drafts and m not in job.drafts}
                if not fresh:
                    continue
                job.drafts.update(fresh)
                job.machine = engine.description
                counts[index] = counts.get(index, 0) + len(fresh)
                if finished < len(order):
                    _checkpoint(project, job, now)
        tracker.advance(len(order))


def _make_engine(
    name: str,
    project: Project,
    target: str,
    device: str,
    progress: Progress,
    warnings: list[str],
    batching: str,
):
    options = {"batching": batching} if batching != "exact" else {}
    engine = make_engine(name, project.source, target, device=device, progress=progress, **options)
    warnings.extend(getattr(engine, "warnings", ()))
    return engine


def _merged(
    project: Project, job: _Job, now: datetime | None, existing: polib.POFile | None
) -> polib.POFile:
    """The job's catalog merged into `existing` (the file as diptych last read it)."""
    document = job.article.document
    info = CatalogInfo(
        slug=document.slug,
        source_name=document.source_name,
        source=project.source,
        target=job.target,
        source_hash=job.key or document.source_hash,
        machine_translation=job.machine,
    )
    # machine output queued for its new glossary terms, unless someone changed it meanwhile
    retranslate = _outdated(existing, job.terms) & job.retranslate if job.retranslate else ()
    return merge_catalog(
        info,
        job.article.occurrences,
        existing,
        job.drafts,
        now,
        terms=job.terms,
        retranslate=retranslate,
    )


def _checkpoint(project: Project, job: _Job, now: datetime | None) -> None:
    """Write what the job has so far: a complete, valid catalog, should the run stop."""
    _save(project, job, now)


def _save(
    project: Project, job: _Job, now: datetime | None, warnings: list[str] | None = None
) -> bool:
    """Merge the job into its catalog as the file is at this moment and write it; whether
    it wrote. A file someone kept saving all along is left to them: the catalog diptych
    made is kept aside, beside the file, for the next write or the next run to merge; at the
    end of the job (`warnings` given) that is said in one warning."""
    final = warnings is not None
    try:
        written, job.read = write_merged(
            job.po_path,
            lambda existing: _merged(project, job, now, existing),
            job.read,
            None if final else CHECKPOINT_PATIENCE,
        )
    except KeptChanging as exc:
        aside = pending_path(job.po_path)
        write_atomic(aside, render_catalog(_merged(project, job, now, job.read.catalog)))
        job.set_aside = True
        if warnings is not None:
            warnings.append(
                f"{exc.path}: kept changing while diptych wrote it; this run's translations "
                f"are kept in {aside.name} beside it, and the next `diptych translate` "
                "merges them"
            )
        return False
    job.existing = job.read.catalog
    job.written = job.written or written
    if job.kept_aside or job.set_aside:
        pending_path(job.po_path).unlink(missing_ok=True)
        job.kept_aside = job.set_aside = False
    return written


def _take_kept_aside(job: _Job) -> None:
    """Drafts for pending segments from the machine output an earlier run kept aside."""
    aside = pending_path(job.po_path)
    if not aside.is_file():
        return
    try:
        kept = load_catalog(aside)
    except DiptychError:
        return  # damaged: the model translates those segments again
    if kept is None:
        return
    job.drafts.update(machine_drafts(kept, set(job.pending), job.terms))
    job.kept_aside = True
    if kept.metadata.get("X-Machine-Translation", "none") != "none":
        job.machine = job.machine or kept.metadata["X-Machine-Translation"]
