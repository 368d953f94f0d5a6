"""review: what people changed, what the source changed, and where machine output looks wrong.

One report per article and target, as JSON (for tools) and HTML (for people), with:
post-edits (machine output vs final translation, character diff, edit rate), fuzzy
carry-overs (previous vs current source, diff), QA findings per segment, and a summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from translate.articles import ArticleFile, article_files, is_stale
from translate.engine import Progress
from translate.errors import DiptychError
from translate.files import write_atomic
from translate.memory import Index
from translate.pages import template
from translate.project import Project
from translate.qa import Finding, entry_findings
from translate.states import (
    MACHINE,
    REVIEWED,
    STATES,
    StateCounts,
    entry_state,
    is_owned,
    machine_confidence,
    machine_output,
)

SCHEMA_VERSION = 1
Diff = tuple[tuple[str, str], ...]
_OPS = {-1: "delete", 0: "equal", 1: "insert"}


@dataclass(frozen=True)
class PostEdit:
    msgid: str
    machine: str
    final: str
    state: str
    edit_rate: float
    diff: Diff


@dataclass(frozen=True)
class SourceChange:
    msgid: str
    previous: str
    translation: str
    diff: Diff


@dataclass(frozen=True)
class QAItem:
    msgid: str
    target: str
    state: str
    findings: tuple[dict, ...]


@dataclass(frozen=True)
class CheckFirst:
    """An unreviewed machine sentence, with the confidence the model gave it."""

    msgid: str
    target: str
    confidence: int


@dataclass(frozen=True)
class Summary:
    states: StateCounts
    mean_edit_rate: float | None
    reviewed_machine_segments: int
    qa_errors: int
    qa_warnings: int
    stale: bool


@dataclass(frozen=True)
class ArticleReview:
    article: str
    source: str
    target: str
    catalog: str
    machine_translation: str
    summary: Summary
    post_edits: tuple[PostEdit, ...] = field(default=())
    source_changes: tuple[SourceChange, ...] = field(default=())
    qa: tuple[QAItem, ...] = field(default=())
    check_first: tuple[CheckFirst, ...] = field(default=())

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["summary"]["states"]
        states = self.summary.states
        data["summary"].update(
            counts=states.counts, total=states.total, reviewed_percent=states.percent
        )
        data["schema"] = SCHEMA_VERSION
        return data


@dataclass(frozen=True)
class ReviewLine:
    """What the command reports of one written review (the review itself is let go once
    written, so a large project costs the memory of one article)."""

    article: str
    target: str
    summary: Summary
    post_edits: int
    source_changes: int

    @classmethod
    def of(cls, review: ArticleReview) -> ReviewLine:
        return cls(
            review.article,
            review.target,
            review.summary,
            len(review.post_edits),
            len(review.source_changes),
        )


@dataclass(frozen=True)
class ReviewReport:
    reviews: tuple[ReviewLine, ...]
    written: tuple[Path, ...]
    failures: tuple[DiptychError, ...] = ()
    warnings: tuple[str, ...] = ()


def char_diff(before: str, after: str) -> tuple[Diff, int]:
    """Character diff with semantic cleanup (for people), and the Levenshtein distance of the
    two texts (not of the cleaned-up diff, whose hunks can count more edits than there are
    characters), so that distance <= max(len(before), len(after))."""
    from diff_match_patch import diff_match_patch
    from rapidfuzz.distance import Levenshtein

    engine = diff_match_patch()
    engine.Diff_Timeout = 0.5
    diffs = engine.diff_main(before, after)
    engine.diff_cleanupSemantic(diffs)
    distance = Levenshtein.distance(before, after)
    return tuple((_OPS[op], text) for op, text in diffs), distance


def edit_rate(distance: int, machine: str, final: str) -> float:
    """Characters changed (`distance`, from `char_diff`) per character of the longer text,
    0 (kept) to 1 (rewritten)."""
    return round(distance / max(len(machine), len(final), 1), 4)


def review_catalog(
    article: ArticleFile,
    catalog: polib.POFile,
    target: str,
    catalog_name: str,
    stale: bool,
    found: Sequence[list[Finding]] | None = None,
) -> ArticleReview:
    """The review of one catalog. `found`: the QA findings of its translated entries, in
    order, when the caller has them (the catalog index keeps them); checked here otherwise."""
    entries = [e for e in catalog if not e.obsolete and is_owned(e)]
    post_edits: list[PostEdit] = []
    changes: list[SourceChange] = []
    rates: list[float] = []
    states = [entry_state(e) for e in entries]
    for entry, state in zip(entries, states, strict=True):
        machine = machine_output(entry)
        if machine is not None and entry.msgstr:
            diff, distance = char_diff(machine, entry.msgstr)
            rate = edit_rate(distance, machine, entry.msgstr)
            if state == REVIEWED:
                rates.append(rate)
            if entry.msgstr != machine:
                post_edits.append(PostEdit(entry.msgid, machine, entry.msgstr, state, rate, diff))
        if entry.previous_msgid and "fuzzy" in entry.flags:
            diff, _ = char_diff(entry.previous_msgid, entry.msgid)
            changes.append(SourceChange(entry.msgid, entry.previous_msgid, entry.msgstr, diff))
    translated = [(e, state) for e, state in zip(entries, states, strict=True) if e.msgstr]
    if found is None:
        found = entry_findings([e for e, _ in translated], catalog.metadata)
    qa_items = [
        QAItem(e.msgid, e.msgstr, state, tuple(asdict(f) for f in findings))
        for (e, state), findings in zip(translated, found, strict=True)
        if findings
    ]
    machine_entries = (
        (machine_confidence(e), i, e)
        for i, (e, state) in enumerate(zip(entries, states, strict=True))
        if state == MACHINE
    )
    check_first = [
        CheckFirst(e.msgid, e.msgstr, confidence)
        for confidence, _i, e in sorted(t for t in machine_entries if t[0] is not None)
    ]
    severities = [f["severity"] for item in qa_items for f in item.findings]
    summary = Summary(
        states=StateCounts.of(states),
        mean_edit_rate=round(sum(rates) / len(rates), 4) if rates else None,
        reviewed_machine_segments=len(rates),
        qa_errors=severities.count("error"),
        qa_warnings=severities.count("warning"),
        stale=stale,
    )
    return ArticleReview(
        article=article.slug,
        source=article.name,
        target=target,
        catalog=catalog_name,
        machine_translation=catalog.metadata.get("X-Machine-Translation", ""),
        summary=summary,
        post_edits=tuple(post_edits),
        source_changes=tuple(changes),
        qa=tuple(qa_items),
        check_first=tuple(check_first),
    )


def render_review_json(review: ArticleReview) -> str:
    """The review as JSON: the bytes `json.dumps(review.as_dict(), ensure_ascii=False,
    indent=2, sort_keys=True)` gives, written without copying the review into dicts and
    without the standard library's pure-Python indenting encoder (several times faster)."""
    summary = dict(vars(review.summary))
    states = summary.pop("states")
    summary.update(counts=states.counts, total=states.total, reviewed_percent=states.percent)
    data = {**vars(review), "summary": summary, "schema": SCHEMA_VERSION}
    out: list[str] = []
    _encode(data, "\n", out)
    out.append("\n")
    return "".join(out)


_ESCAPE = json.encoder.encode_basestring  # the C escaper json.dumps uses without ensure_ascii
_CONSTANTS = {None: "null", True: "true", False: "false"}


def _encode(value: object, newline: str, out: list[str]) -> None:
    """`value` as json.dumps(indent=2, sort_keys=True) writes it at the indent `newline`
    holds; frozen dataclasses are written as the dicts `asdict` makes of them."""
    if isinstance(value, str):
        out.append(_ESCAPE(value))
    elif value is None or value is True or value is False:
        out.append(_CONSTANTS[value])
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(json.dumps(value))
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        out.append("[")
        for position, item in enumerate(value):
            out.append(inner if position == 0 else "," + inner)
            _encode(item, inner, out)
        out.append(newline + "]")
    else:
        items = value if isinstance(value, dict) else vars(value)
        if not items:
            out.append("{}")
            return
        inner = newline + "  "
        out.append("{")
        for position, key in enumerate(sorted(items)):
            out.append(inner if position == 0 else "," + inner)
            out.append(_ESCAPE(key) + ": ")
            _encode(items[key], inner, out)
        out.append(newline + "}")


def render_review_html(review: ArticleReview, low_confidence: int = 50) -> str:
    """The same content as the JSON, for people; every piece of text is escaped. Machine
    sentences below `low_confidence` are marked in the check-first list."""
    return template("review.html").render(
        review=review, states=STATES, low_confidence=low_confidence
    )


def review_project(
    project: Project, names: Sequence[str] | None = None, progress: Progress | None = None
) -> ReviewReport:
    """Write `reviews/<slug>.<target>.json` and `.html` for every article with a catalog.
    Articles come through the catalog index like every command's: an unchanged article is
    not even read, and its warnings are given once, when its text is new to the index.
    `progress` is told how many articles are done."""
    failures: list[DiptychError] = []
    warnings: list[str] = []
    reviews: list[ReviewLine] = []
    written: list[Path] = []
    index = Index(project, warnings)
    try:
        memories = {target: index.catalogs(target) for target in project.targets}
        for found in article_files(project, names, failures, warnings, index, progress):
            for target, memory in memories.items():
                path = project.po_path(found.slug, target)
                try:
                    read = memory.read(path)
                except DiptychError as exc:
                    failures.append(exc)
                    continue
                if read is None:
                    failures.append(
                        DiptychError(f"{project.relative(path)}: no catalog; run diptych translate")
                    )
                    continue
                catalog, summarized = read
                stale = is_stale(catalog.metadata.get("X-Source-Hash", ""), project, found.digest)
                review = review_catalog(
                    found, catalog, target, project.relative(path), stale, summarized.findings
                )
                del read, catalog, summarized  # the review holds all the reports show
                reviews.append(ReviewLine.of(review))
                stem = project.reviews_dir / f"{found.slug}.{target}"
                for suffix, render in (
                    (".json", render_review_json),
                    (".html", lambda r: render_review_html(r, project.low_confidence)),
                ):  # one report's text at a time
                    out = stem.with_name(stem.name + suffix)
                    write_atomic(out, render(review), durable=False)
                    written.append(out)
                del review
    finally:
        index.close()
    order = {target: position for position, target in enumerate(project.targets)}
    reviews.sort(key=lambda line: order[line.target])  # stable: article order within a target
    return ReviewReport(tuple(reviews), tuple(written), tuple(failures), tuple(warnings))
