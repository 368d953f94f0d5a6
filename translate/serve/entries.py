"""What the review page shows of an article and what a reviewer's save does to its PO file.

An article is found only through the project's own article list (`find_article`): a slug
from a request is looked up there, never joined to a path. A save is a fresh merge with the
PO file as it is (`postore.write_merged`), so what Poedit or `translate` saved meanwhile is
kept; the reviewer's change is applied only if the entry still says what the reviewer saw
(its `base`), otherwise `EntryConflict` carries both texts back to the page.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.align import AlignedArticle, align_article
from translate.articles import article_paths, read_document
from translate.errors import DiptychError
from translate.postore import read_catalog, write_merged
from translate.project import Project
from translate.qa import entry_findings
from translate.states import (
    EDITED,
    MACHINE,
    REUSED,
    UNTRANSLATED,
    entry_state,
    is_owned,
    machine_confidence,
    machine_output,
    terms_in_comments,
)

# The review order: unreviewed machine output (lowest confidence first), then edited
# drafts, then untranslated sentences, then any sentence with a QA finding.
QUEUE_GROUPS = {MACHINE: 0, REUSED: 0, EDITED: 1, UNTRANSLATED: 2}
QA_GROUP = 3
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class NotFound(DiptychError):
    """No article of the project has this slug, or the target is not one of the project's."""


class EntryConflict(DiptychError):
    """The entry changed on disk since the reviewer saw it: both texts go back to the page."""

    exit_code = 2

    def __init__(self, msgid: str, theirs: dict | None) -> None:
        self.msgid = msgid
        self.theirs = theirs
        super().__init__("the sentence changed on disk since it was shown")


@dataclass(frozen=True)
class ArticleRef:
    """An article of the project's list and one of its targets: the only way to a file."""

    slug: str
    target: str
    path: Path
    po_path: Path


@dataclass(frozen=True)
class Change:
    """What a reviewer asks for one entry: its text, whether it stays fuzzy, its comment."""

    msgid: str
    base: str
    msgstr: str
    fuzzy: bool
    comment: str


def article_refs(project: Project) -> tuple[list[ArticleRef], list[DiptychError]]:
    """Every article of the project for every target, as the commands list them."""
    failures: list[DiptychError] = []
    refs = [
        ArticleRef(path.stem, target, path, project.po_path(path.stem, target))
        for path in article_paths(project, None, failures)
        for target in project.targets
    ]
    return refs, failures


def find_article(project: Project, slug: str, target: str) -> ArticleRef:
    """The article a request names, looked up in the project's list (never a path)."""
    for ref in article_refs(project)[0]:
        if ref.slug == slug and ref.target == target:
            return ref
    raise NotFound(f"no article {slug!r} for target {target!r} in this project")


def version(ref: ArticleRef) -> str:
    """A tag that changes whenever the PO file or the article changes on disk (polled)."""
    parts = []
    for path in (ref.po_path, ref.path):
        try:
            stat = path.stat()
            parts.append(f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}")
        except OSError:
            parts.append("-")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def entry_base(entry: polib.POEntry | None) -> str:
    """What a reviewer saw of an entry (text, approval, comment), as a short hash."""
    if entry is None:
        return "none"
    seen = "\0".join((entry.msgstr, str("fuzzy" in entry.flags), entry.tcomment or ""))
    return hashlib.sha256(seen.encode("utf-8")).hexdigest()[:16]


def entry_view(entry: polib.POEntry, findings: list | None = None) -> dict:
    """An entry as the page shows it: text, state, the machine output and its confidence,
    glossary terms, QA findings, the previous source, the translator comment."""
    state = entry_state(entry)
    confidence = machine_confidence(entry) if state in (MACHINE, REUSED) else None
    qa = [f"{f.severity}: {f.message}" for f in (findings or [])]
    group = QUEUE_GROUPS.get(state, QA_GROUP if qa else None)
    return {
        "msgid": entry.msgid,
        "msgstr": entry.msgstr,
        "state": state,
        "fuzzy": "fuzzy" in entry.flags,
        "base": entry_base(entry),
        "mt": machine_output(entry),
        "confidence": confidence,
        "terms": [f"{s} → {t}" for s, t in terms_in_comments(entry.comment)],
        "qa": qa,
        "previous": entry.previous_msgid if "fuzzy" in entry.flags else None,
        "comment": entry.tcomment or "",
        "rank": None if group is None else [group, 101 if confidence is None else confidence],
    }


def entry_views(catalog: polib.POFile | None) -> dict[str, dict]:
    """msgid -> view of every segment entry of a catalog, QA judged as `review` judges it."""
    if catalog is None:
        return {}
    entries = [e for e in catalog if not e.obsolete and is_owned(e)]
    translated = [e for e in entries if e.msgstr]
    findings = dict(
        zip(
            [e.msgid for e in translated],
            entry_findings(translated, catalog.metadata),
            strict=True,
        )
    )
    return {e.msgid: entry_view(e, findings.get(e.msgid)) for e in entries}


@dataclass(frozen=True)
class ArticleView:
    """An article aligned with its catalog, and the views of its entries."""

    ref: ArticleRef
    article: AlignedArticle
    entries: dict[str, dict]
    version: str
    msgids: dict[int, str]  # page segment id -> msgid (a repeated sentence shares its entry)


def load_view(project: Project, ref: ArticleRef) -> ArticleView:
    """Read the article and its PO file now (errors are this article's alone)."""
    tag = version(ref)
    document, segments = read_document(project, ref.path)
    catalog = read_catalog(ref.po_path).catalog
    article = align_article(document, catalog, segments, project.source, ref.target)
    by_block: dict[int, list[str]] = {}
    for segment in segments:  # in the order align_article numbers them
        by_block.setdefault(segment.block, []).append(segment.msgid)
    ordered = [msgid for index in sorted(by_block) for msgid in by_block[index]]
    msgids = dict(enumerate(ordered, start=1))
    return ArticleView(ref, article, entry_views(catalog), tag, msgids)


def apply_change(ref: ArticleRef, change: Change) -> dict:
    """Write one reviewer's change merged with the PO file as it is; the entry's new view.

    Raises `EntryConflict` (nothing written) when the entry on disk no longer says what the
    reviewer saw, unless it already says what the reviewer asks.
    """

    def merge(catalog: polib.POFile | None) -> polib.POFile:
        if catalog is None:
            raise EntryConflict(change.msgid, None)
        catalog = copy.deepcopy(catalog)  # the file as read stays what it was: compared after
        found = (e for e in catalog if not e.obsolete and is_owned(e) and e.msgid == change.msgid)
        entry = next(found, None)
        if entry is None:  # the sentence left the article meanwhile
            raise EntryConflict(change.msgid, None)
        wanted = (change.msgstr, change.fuzzy, change.comment)
        now = (entry.msgstr, "fuzzy" in entry.flags, entry.tcomment or "")
        if entry_base(entry) != change.base and now != wanted:
            raise EntryConflict(change.msgid, entry_views(catalog).get(change.msgid))
        entry.msgstr = change.msgstr
        # one comment line per line: a carriage return would end the PO line and leave the
        # rest of the comment outside it (a file no reader accepts)
        entry.tcomment = "\n".join(_LINE_BREAK.split(change.comment))
        if change.fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        elif not change.fuzzy:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None  # approved: the old source has been looked at
            entry.previous_msgctxt = None
        return catalog

    _written, now = write_merged(ref.po_path, merge, read_catalog(ref.po_path))
    view = entry_views(now.catalog).get(change.msgid)
    assert view is not None
    return view


__all__ = [
    "ArticleRef",
    "ArticleView",
    "Change",
    "EntryConflict",
    "NotFound",
    "apply_change",
    "article_refs",
    "find_article",
    "load_view",
    "version",
]
