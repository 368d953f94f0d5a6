"""The `translate` job: read and segment articles one at a time, reuse what is translated,
machine-translate the rest in batched passes over groups of articles, and merge everything
into each article's PO file."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import polib

from translate.articles import Article, segment_source, source_key
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
from translate.glossary import Glossary, protect_terms, terms_of
from translate.memory import ArticleFile, CatalogMemory, Index
from translate.project import Project
from translate.states import (
    MACHINE,
    REUSED_PREFIX,
    TERM_PREFIX,
    UNTRANSLATED,
    comment_lines,
    entry_state,
    is_owned,
)

EngineFactory = Callable[[str], object]
# Segments translated between two checkpoints: large enough for full batches, small enough
# that an interruption loses little work.
CHECKPOINT_SEGMENTS = 256
# `#. mt-batching: padded` on an entry whose machine text came from padded batches (docs/mt.md)
BATCHING_PREFIX = "mt-batching: "


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
    failures: list[DiptychError] = []
    warnings: list[str] = []
    index = Index(project, warnings)
    memories = {target: index.catalogs(target) for target in project.targets}
    for memory in memories.values():
        memory.refresh()  # reuse lookups then query the index alone
    tracker = _Tracker(progress)
    factory = engine_factory or (
        lambda target: _make_engine(
            engine, project, target, device, tracker.engine_update, batching
        )
    )
    glossaries = {target: project.glossary.for_target(target) for target in project.targets}
    run = _Run(project, index, memories, factory, tracker, now, glossaries)
    slugs: list[str] = []
    try:
        for found in index.articles(names, failures):
            slugs.append(found.path.stem)
            _plan(project, found, memories, translating, run, failures)
        run.flush()
    finally:
        index.close()
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

    def __init__(self, project, index, memories, factory, tracker, now, glossaries) -> None:
        self.project, self.index, self.memories = project, index, memories
        self.glossaries = glossaries
        self.factory = factory
        self.tracker, self.now = tracker, now
        self.engines: dict[str, object] = {}
        self.group: list[_Job] = []
        self.pending = 0
        self.held: list[_Rendered] = []
        self.outcomes: list[ArticleOutcome] = []

    def translate(self, job: _Job) -> None:
        self.group.append(job)
        self.pending += len(job.pending)
        if self.pending >= GROUP_SEGMENTS:
            self.flush()

    def write(self, job: _Job, wait_for_model: bool) -> None:
        rendered = _render(self.project, job, self.now)
        if not wait_for_model or job.target in self.engines:
            self.outcomes.append(rendered.write(self.memories[job.target]))
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
            self.outcomes.append(item.write(self.memories[item.outcome.target]))
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
            self.outcomes.append(_finish(self.project, job, self.now, memory, counts.get(index, 0)))
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
    slug = found.path.stem
    key = source_key(project, found.digest)
    article: Article | None = None
    for target in project.targets:
        memory = memories[target]
        po_path = project.po_path(slug, target)
        try:
            summary = memory.summary(po_path)
            if memory.up_to_date(summary, key):
                fillable = summary.states.counts[UNTRANSLATED] and (
                    translating or memory.fillable_from_others(po_path.name)
                )
                if not fillable:
                    total = summary.states.total
                    run.outcomes.append(
                        ArticleOutcome(found.name, slug, target, po_path, False, total, 0, 0)
                    )
                    continue
            article = article or segment_source(project, found.load())
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
        if translating and job.pending:
            run.translate(job)
        else:
            run.write(job, wait_for_model=translating)


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


def _outdated_terms(job: _Job) -> None:
    """Machine entries (fuzzy, still equal to their `mt:`) whose glossary terms changed since
    they were translated go back to the model; any other entry is only flagged by QA."""
    if job.existing is None:
        return
    for entry in job.existing:
        if entry.obsolete or not is_owned(entry) or entry.msgid not in job.terms:
            continue
        had = tuple(n for n in comment_lines(entry.comment) if n.startswith(TERM_PREFIX))
        if had != job.terms[entry.msgid] and entry_state(entry) == MACHINE:
            job.retranslate.add(entry.msgid)
            entry.msgstr = ""  # only in memory: the fresh machine output takes its place
            job.pending.append(entry.msgid)


def _reuse(job: _Job, memory: CatalogMemory) -> None:
    """Fill pending segments from identical ones in the target's other catalogs."""
    own = job.po_path.name
    for msgid in job.pending:
        if msgid in job.retranslate:
            continue  # the other catalogs hold the same outdated output
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
            if document.format == "md":
                for occurrence in jobs[index].article.occurrences:
                    labels = markdown.get(occurrence.msgid, frozenset())
                    markdown[occurrence.msgid] = labels | document.reference_labels
        done: dict[str, Draft] = {}
        finished = 0
        for count, drafts in _translated(engine, order, markdown, glossaries[target], tracker):
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


def _translated(
    engine, order: list[str], markdown: dict[str, frozenset[str]], glossary: Glossary, tracker
) -> Iterator[tuple[int, dict[str, Draft]]]:
    """(segments finished, their drafts) about every `CHECKPOINT_SEGMENTS` segments.

    An engine with `translate_stream` gets the whole group in one call, so its batching plan
    covers every pending segment of the run (segments of one length from all articles share
    batches) while the catalogs are still written as results arrive. Any other engine is
    called once per chunk of `CHECKPOINT_SEGMENTS`."""
    stream = getattr(engine, "translate_stream", None)
    if stream is None:
        for start in range(0, len(order), CHECKPOINT_SEGMENTS):
            chunk = order[start : start + CHECKPOINT_SEGMENTS]
            tracker.start_chunk(start, len(order))
            yield len(chunk), _translate_chunk(engine, chunk, markdown, glossary)
        return
    tracker.start_chunk(0, len(order))
    protected, sources = _mask(order, markdown, glossary)
    # text from mixed-length (padded) batches says so, next to its `mt:` line
    mode = getattr(engine, "batching", "exact")
    provenance = () if mode == "exact" else (f"{BATCHING_PREFIX}{mode}",)
    drafts: dict[str, Draft] = {}
    count = 0
    for index, result in stream(sources):
        count += 1
        draft = _draft(order[index], result, protected, provenance)
        if draft is not None:
            drafts[order[index]] = draft
        if count >= CHECKPOINT_SEGMENTS:
            yield count, drafts
            drafts, count = {}, 0
    if count:
        yield count, drafts


def _translate_chunk(
    engine, chunk: list[str], markdown: dict[str, frozenset[str]], glossary: Glossary
) -> dict[str, Draft]:
    """Machine-translate one chunk with `engine.translate`."""
    protected, sources = _mask(chunk, markdown, glossary)
    results = engine.translate(sources)
    drafts = {}
    for msgid, result in zip(chunk, results, strict=True):
        draft = _draft(msgid, result, protected)
        if draft is not None:
            drafts[msgid] = draft
    return drafts


def _mask(
    chunk: list[str], markdown: dict[str, frozenset[str]], glossary: Glossary
) -> tuple[dict, list[str]]:
    """What the model sees: inline Markdown and glossary terms are kept out of its sight and
    put back around its output by `_draft` (an entry whose markup or terms did not come back
    in place says so in a note)."""
    protected = {}
    if markdown or glossary:
        from translate.markup import Protected, protect

        masked = (
            (
                m,
                protect_terms(
                    protect(m, markdown[m]) if m in markdown else Protected(m, m), glossary
                ),
            )
            for m in chunk
        )
        protected = {m: found for m, found in masked if found.pieces}
    return protected, [protected[m].masked if m in protected else m for m in chunk]


def _draft(msgid: str, result, protected: dict, provenance: tuple[str, ...] = ()) -> Draft | None:
    text = " ".join(result.text.split("\n")).strip()
    if not text:
        return None
    notes: tuple[str, ...] = provenance
    if msgid in protected:
        from translate.markup import note, restore

        restored = restore(protected[msgid], text)
        text = restored.text
        problem = note(restored)
        notes = (problem,) if problem else ()
    return Draft(text, mt=text, notes=notes, confidence=result.confidence)


class _Tracker:
    """Turns per-batch engine progress into progress over the whole run."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.base = 0
        self.total = 0
        self.before = 0  # segments of the groups and targets already translated

    def advance(self, done: int) -> None:
        self.before += done

    def start_chunk(self, base: int, total: int) -> None:
        self.base, self.total = base, total

    def engine_update(self, done: int, _chunk_total: int) -> None:
        self.update(self.base + done, self.total)

    def update(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.before + min(done, total), self.before + total)


def _make_engine(
    name: str, project: Project, target: str, device: str, progress: Progress, batching: str
):
    options = {"batching": batching} if batching != "exact" else {}
    return make_engine(name, project.source, target, device=device, progress=progress, **options)


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
    return merge_catalog(
        info, job.article.occurrences, job.existing, job.drafts, now, terms=job.terms
    )


def _checkpoint(project: Project, job: _Job, now: datetime | None) -> None:
    """Write what the job has so far: a complete, valid catalog, should the run stop."""
    _, job.read = write_merged(job.po_path, _merged(project, job, now), job.read)
    job.existing = job.read.catalog
