"""catalog: build and merge the PO catalog of one article and target language.

Conventions (docs/architecture.md): one entry per distinct segment in document order, `#:`
occurrences, `#.` block kind and raw `mt:` output, `fuzzy` for unapproved drafts, obsolete `#~`
entries for segments that left the source. A non-empty, non-fuzzy msgstr is reviewed and never
replaced. The catalog given as the base of a merge is never changed: the result is a new catalog, as
babel's `Catalog.update` makes one. Reading, rendering and writing the file: `postore`.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

import polib

from translate import __version__
from translate.carry import Carry, carry_over, join_comments
from translate.languages import profile
from translate.postore import (  # noqa: F401 (re-exported: where readers look for them)
    WRAP_WIDTH,
    OnDisk,
    entry_content,
    load_catalog,
    read_catalog,
    render_catalog,
)
from translate.read import Document
from translate.segment import Segment
from translate.states import (
    CONFIDENCE_PREFIX,
    MACHINE,
    MT_PREFIX,
    TERM_PREFIX,
    UNTRANSLATED,
    VERBATIM_NOTE,
    comment_lines,
    entry_state,
    is_owned,
    machine_confidence,
    machine_output,
)

# Header fields a reviewer's PO editor may set; diptych keeps them as they are.
_PERSON_FIELDS = ("Last-Translator", "Language-Team")


@dataclass(frozen=True)
class Draft:
    """A translation proposed for a segment that has none yet: machine output or reuse."""

    msgstr: str
    mt: str | None = None
    notes: tuple[str, ...] = ()
    fuzzy: bool = True
    confidence: int | None = None

    @property
    def verbatim(self) -> bool:
        """A copy of a segment with nothing to translate (`verbatim_draft`)."""
        return VERBATIM_NOTE in self.notes


def verbatim_draft(msgid: str) -> Draft:
    """The draft of a segment with nothing to translate: its own text, approved, marked."""
    return Draft(msgid, notes=(VERBATIM_NOTE,), fuzzy=False)


@dataclass(frozen=True)
class CatalogInfo:
    """What the header says about the article, the languages and the machine translation."""

    slug: str
    source_name: str
    source: str
    target: str
    source_hash: str = ""
    machine_translation: str = ""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A distinct segment with every place it occurs and the block kinds it occurs in."""

    msgid: str
    places: tuple[tuple[str, str], ...]
    kinds: tuple[str, ...] = field(default=())


def distinct_segments(document: Document, segments: Iterable[Segment]) -> list[Occurrence]:
    """Group segments by msgid, first occurrence first (document order). Segments of blocks
    their author marked not to translate (`Block.kept`) are not extracted."""
    blocks = document.blocks
    kept = (segment for segment in segments if not blocks[segment.block].kept)
    return group_segments(document.source_name, kept)


def group_segments(source_name: str, segments: Iterable[Segment]) -> list[Occurrence]:
    """`distinct_segments` of segments already chosen, which may be drawn one at a time
    (`segment.block_segments`): only the msgids and places are kept, and the segments of one
    line share one place."""
    grouped: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}
    place: tuple[str, str] = ("", "")
    for segment in segments:
        msgid = segment.msgid
        if not msgid:
            continue
        places, kinds = grouped.setdefault(msgid, ([], []))
        line = str(segment.line)
        if place[1] != line:
            place = (source_name, line)
        places.append(place)
        if segment.kind not in kinds:
            kinds.append(segment.kind)
    return [Occurrence(m, tuple(p), tuple(k)) for m, (p, k) in grouped.items()]


def new_catalog(info: CatalogInfo) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.header = f"{info.slug}: {info.source} to {info.target} translation, made with diptych."
    return catalog


def merge_catalog(
    info: CatalogInfo,
    occurrences: Sequence[Occurrence],
    existing: polib.POFile | None,
    drafts: Mapping[str, Draft] | None = None,
    now: datetime | None = None,
    terms: Mapping[str, Sequence[str]] | None = None,
    retranslate: Collection[str] = (),
) -> polib.POFile:
    """The catalog for the article as it is now, keeping every translation `existing` holds.

    Like `msgmerge --previous`, but sentence-aware: an unchanged segment keeps its entry; a
    changed one inherits the translation of the entry it came from (fuzzy, with `#|`), also
    across a split or a merge of sentences; entries whose segment left become obsolete and
    are revived when it returns. `drafts` fill what is still empty: a translation reused
    from another catalog first, else a carried-over one, else machine output. `terms`, when
    given, are the `term:` comment lines of each msgid (glossary terms it contains): they
    replace the ones an entry had, on every entry, reviewed or not. The entries of the msgids
    in `retranslate` (machine output gone out of date) give way to their draft. `existing`
    is left as it was: every entry of the result is a new one.
    """
    drafts = drafts or {}
    old_active: dict[str, polib.POEntry] = {}
    old_obsolete: dict[str, polib.POEntry] = {}
    if existing is not None:
        for entry in existing:
            if is_owned(entry):
                (old_obsolete if entry.obsolete else old_active)[entry.msgid] = entry
    catalog = new_catalog(info)
    if existing is not None and existing.header.strip():
        catalog.header = existing.header
    present = {occurrence.msgid for occurrence in occurrences}
    exact = {
        occurrence.msgid: old_active.get(occurrence.msgid) or old_obsolete.get(occurrence.msgid)
        for occurrence in occurrences
    }
    for msgid in retranslate:
        if exact.get(msgid) is not None:
            exact[msgid] = _untranslated(exact[msgid])
    for msgid, draft in drafts.items():
        # machine output for a segment with nothing to translate gives way to the copy;
        # what a person wrote or approved stays
        entry = exact.get(msgid)
        if draft.verbatim and entry is not None and entry_state(entry) in _REPLACEABLE:
            exact[msgid] = _untranslated(entry)
    unmatched = [
        i
        for i, occurrence in enumerate(occurrences)
        if not (exact[occurrence.msgid] and exact[occurrence.msgid].msgstr)
        and not _is_reuse(drafts.get(occurrence.msgid))
        and occurrence.msgid not in retranslate
    ]
    leftovers = [
        entry
        for msgid, entry in {**old_active, **old_obsolete}.items()
        if msgid not in present and entry.msgstr
    ]
    carries, consumed = carry_over(
        [occurrences[i].msgid for i in unmatched], leftovers, info.source
    )
    carried = {unmatched[k]: carry for k, carry in carries.items()}
    for index, occurrence in enumerate(occurrences):
        catalog.append(
            _entry(
                occurrence,
                exact[occurrence.msgid],
                drafts.get(occurrence.msgid),
                carried.get(index),
                None if terms is None else tuple(terms.get(occurrence.msgid, ())),
            )
        )
    for msgid, entry in {**old_active, **old_obsolete}.items():
        if msgid in present:
            continue
        # a reviewed translation carried over is kept too, so that it comes back approved
        # if the sentence does (as msgmerge revives an obsolete entry)
        if id(entry) in consumed and (not entry.msgstr or "fuzzy" in entry.flags):
            continue
        if entry.msgstr or entry.tcomment:
            catalog.append(_obsolete(entry))
    if existing is not None:
        _place_unowned(catalog, existing)
    catalog.metadata = _metadata(info, existing, catalog, now)
    return catalog


def machine_drafts(
    catalog: polib.POFile, msgids: Collection[str], terms: Mapping[str, Sequence[str]]
) -> dict[str, Draft]:
    """The machine output `catalog` holds for `msgids`, as drafts: entries still as the
    model made them, under the glossary terms each msgid has now (`terms`)."""
    drafts: dict[str, Draft] = {}
    for entry in catalog:
        if entry.obsolete or not is_owned(entry) or entry.msgid not in msgids:
            continue
        lines = comment_lines(entry.comment)[1:]
        had = tuple(line for line in lines if line.startswith(TERM_PREFIX))
        if entry_state(entry) != MACHINE or had != tuple(terms.get(entry.msgid, ())):
            continue
        notes = tuple(
            line
            for line in lines
            if line and not line.startswith((MT_PREFIX, CONFIDENCE_PREFIX, TERM_PREFIX))
        )
        drafts[entry.msgid] = Draft(
            entry.msgstr,
            mt=machine_output(entry),
            notes=notes,
            confidence=machine_confidence(entry),
        )
    return drafts


def _untranslated(entry: polib.POEntry) -> polib.POEntry:
    """A copy of a machine entry without its translation, which a fresh draft replaces."""
    copied = copy.deepcopy(entry)
    copied.msgstr = ""
    return copied


_REPLACEABLE = (MACHINE, UNTRANSLATED)


def _is_reuse(draft: Draft | None) -> bool:
    return draft is not None and draft.mt is None and bool(draft.msgstr)


def _entry(
    occurrence: Occurrence,
    previous: polib.POEntry | None,
    draft: Draft | None,
    carry: Carry | None = None,
    terms: tuple[str, ...] | None = None,
) -> polib.POEntry:
    entry = polib.POEntry(msgid=occurrence.msgid, msgstr="", occurrences=list(occurrence.places))
    notes: list[str] = []
    fresh_mt = [f"{MT_PREFIX}{draft.mt}"] if draft is not None and draft.mt is not None else []
    if fresh_mt and draft is not None and draft.confidence is not None:
        fresh_mt.append(f"{CONFIDENCE_PREFIX}{draft.confidence}")
    if previous is not None and previous.msgstr:
        entry.msgstr = previous.msgstr
        entry.flags = list(previous.flags)
        entry.previous_msgid = previous.previous_msgid
        entry.previous_msgctxt = previous.previous_msgctxt
        notes = _notes(previous)
    elif carry is not None and not _is_reuse(draft):
        entry.msgstr = carry.msgstr
        entry.flags = ["fuzzy"]
        entry.previous_msgid = carry.previous_msgid
        entry.tcomment = carry.tcomment
        notes = fresh_mt + ([carry.note] if carry.note else [])
    elif draft is not None and draft.msgstr:
        entry.msgstr = draft.msgstr
        entry.flags = ["fuzzy"] if draft.fuzzy else []
        notes = fresh_mt + list(draft.notes)
    elif previous is not None:
        entry.flags = [flag for flag in previous.flags if flag != "fuzzy"]
    if previous is not None:
        entry.tcomment = (
            join_comments(previous.tcomment, entry.tcomment)
            if (previous.tcomment != entry.tcomment)
            else previous.tcomment
        )
    if terms is not None:
        notes = [note for note in notes if not note.startswith(TERM_PREFIX)] + list(terms)
    entry.comment = "\n".join([", ".join(occurrence.kinds), *notes])
    return entry


def _notes(entry: polib.POEntry) -> list[str]:
    """Extracted comments after the block-kind line: `mt:` output and diptych's notes."""
    return [line for line in comment_lines(entry.comment)[1:] if line]


def _obsolete(entry: polib.POEntry) -> polib.POEntry:
    kept = polib.POEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        obsolete=True,
        flags=list(entry.flags),
        tcomment=entry.tcomment,
        comment=entry.comment,
        previous_msgid=entry.previous_msgid,
    )
    return kept


def _place_unowned(catalog: polib.POFile, source: polib.POFile) -> None:
    """Put back the entries of `source` diptych does not own, unchanged, each after the
    owned entry it followed there (the nearest one still present), obsolete ones last."""
    present = {entry.msgid: entry for entry in catalog if not entry.obsolete}
    anchor: polib.POEntry | None = None
    after: dict[int, list[polib.POEntry]] = {}
    obsolete: list[polib.POEntry] = []
    for entry in source:
        if is_owned(entry):
            if not entry.obsolete and entry.msgid in present:
                anchor = present[entry.msgid]
        elif entry.obsolete:
            obsolete.append(copy.deepcopy(entry))
        elif entry.msgid or entry.msgctxt is not None:
            after.setdefault(id(anchor) if anchor is not None else 0, []).append(
                copy.deepcopy(entry)
            )
    if not after and not obsolete:
        return
    ordered: list[polib.POEntry] = list(after.get(0, []))
    for entry in catalog:
        ordered.append(entry)
        ordered.extend(after.get(id(entry), []))
    ordered.extend(obsolete)
    catalog[:] = ordered


def _metadata(
    info: CatalogInfo,
    existing: polib.POFile | None,
    catalog: polib.POFile,
    now: datetime | None,
) -> dict[str, str]:
    old = dict(existing.metadata) if existing is not None else {}
    changed = existing is None or [entry_content(e) for e in existing] != [
        entry_content(e) for e in catalog
    ]
    revision = old.get("PO-Revision-Date", "")
    if changed or not revision:
        revision = format_date(now or current_time())
    metadata = {
        "Project-Id-Version": info.slug,
        "PO-Revision-Date": revision,
        "Last-Translator": "diptych",
        "Language-Team": info.target,
        "Language": info.target,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": profile(info.target).plural_forms,
        "X-Generator": f"diptych {__version__}",
        "X-Source-Language": info.source,
        "X-Source-File": info.source_name,
    }
    for name in _PERSON_FIELDS:
        if old.get(name) and "FULL NAME" not in old[name] and "LANGUAGE" not in old[name]:
            metadata[name] = old[name]
    machine = info.machine_translation or old.get("X-Machine-Translation", "")
    metadata["X-Machine-Translation"] = machine or "none"
    if info.source_hash:
        metadata["X-Source-Hash"] = info.source_hash
        recorded = old.get("X-Source-Hash")
        if recorded and recorded != info.source_hash:
            metadata["X-Source-Changed"] = format_date(now or current_time())
        elif old.get("X-Source-Changed"):
            metadata["X-Source-Changed"] = old["X-Source-Changed"]
    return metadata


def current_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproducible."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def format_date(moment: datetime) -> str:
    """The PO date format: `2026-11-22 10:05+0000`."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
