"""catalog: build, merge and render the PO file of one article and target language.

Conventions (architecture.md): one entry per distinct segment in document order, `#:` occurrences,
`#.` block kind and raw `mt:` output, `fuzzy` for unapproved drafts, obsolete `#~` entries for
segments that left the source. A non-empty, non-fuzzy msgstr is reviewed and never replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib

from translate import __version__
from translate.errors import CatalogError
from translate.files import ChangedMeanwhile, current_bytes, write_atomic
from translate.languages import profile
from translate.powrite import PAGE_WIDTH as WRAP_WIDTH
from translate.read import Document
from translate.segment import Segment
from translate.states import CONFIDENCE_PREFIX, MT_PREFIX, TERM_PREFIX, comment_lines, is_owned

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


@dataclass(frozen=True)
class CatalogInfo:
    """What the header says about the article, the languages and the machine translation."""

    slug: str
    source_name: str
    source: str
    target: str
    source_hash: str = ""
    machine_translation: str = ""


@dataclass(frozen=True)
class Occurrence:
    """A distinct segment with every place it occurs and the block kinds it occurs in."""

    msgid: str
    places: tuple[tuple[str, str], ...]
    kinds: tuple[str, ...] = field(default=())


def distinct_segments(document: Document, segments: Sequence[Segment]) -> list[Occurrence]:
    """Group segments by msgid, first occurrence first (document order)."""
    grouped: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}
    for segment in segments:
        msgid = segment.msgid
        if not msgid:
            continue
        places, kinds = grouped.setdefault(msgid, ([], []))
        places.append((document.source_name, str(segment.line)))
        if segment.kind not in kinds:
            kinds.append(segment.kind)
    return [Occurrence(m, tuple(p), tuple(k)) for m, (p, k) in grouped.items()]


@dataclass(frozen=True)
class OnDisk:
    """A catalog as diptych read it, with its bytes: if the file holds other bytes at write
    time, someone saved it meanwhile and their changes are merged in (`write_merged`)."""

    data: bytes | None
    catalog: polib.POFile | None


def load_catalog(path: Path) -> polib.POFile | None:
    """Parse a PO file, or None if it does not exist. Syntax errors name the file and line."""
    return read_catalog(path).catalog


def read_catalog(path: Path) -> OnDisk:
    """The catalog and the bytes it was parsed from (both None when there is no file)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return OnDisk(None, None)
    except IsADirectoryError:
        raise CatalogError(path, "is a directory, not a PO file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(path, "not valid UTF-8", line) from None
    check_syntax(text, path)
    try:
        catalog = polib.pofile(text, wrapwidth=WRAP_WIDTH)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise CatalogError(path, "syntax error", int(match.group(1)) if match else None) from None
    _check_duplicates(catalog, path, text)
    return OnDisk(data, catalog)


_KEYWORD = re.compile(r'^(?:#~\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_CONTINUATION = re.compile(r'^(?:#~\s*)?(".*)$')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


_VALID_LINE = re.compile(
    r"""[ \t]*(?:
        \#(?!~).*                                    # comment, reference, flag, #| previous
      | \#~[ \t]*(?:\|.*)?                          # obsolete marker, obsolete previous
      | (?:\#~[ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?
        "(?:[^"\\\n]|\\.)*"                        # a keyword and its string, or a continuation
      | )[ \t]*\r?$""",
    re.VERBOSE,
)


def check_syntax(text: str, path: Path | str = "PO file") -> None:
    """Reject what GNU msgfmt rejects lexically and polib lets through: unterminated strings,
    text outside strings, unknown keywords. One regex pass decides; errors are then located."""
    lines = text.split("\n")
    if all(_VALID_LINE.match(line) for line in lines):
        return
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("#~")):
            continue
        if line.startswith("#~") and (not line[2:].strip() or line[2:].strip().startswith("|")):
            continue
        match = _KEYWORD.match(line) or _CONTINUATION.match(line)
        if not match:
            raise CatalogError(path, f"syntax error: unexpected {line[:30]!r}", number)
        rest = match.group(match.lastindex or 1)
        string = _STRING.match(rest)
        if not string or rest[string.end() :].strip():
            raise CatalogError(path, "syntax error: unterminated or malformed string", number)


def _check_duplicates(catalog: polib.POFile, path: Path, text: str) -> None:
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            line = entry.linenum if getattr(entry, "linenum", None) else None
            raise CatalogError(path, f"duplicate message definition {entry.msgid[:40]!r}", line)
        seen.add(key)


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
) -> polib.POFile:
    """The catalog for the article as it is now, keeping every translation `existing` holds.

    Like `msgmerge --previous`, but sentence-aware: an unchanged segment keeps its entry; a
    changed one inherits the translation of the entry it came from (fuzzy, with `#|`), also
    across a split or a merge of sentences; entries whose segment left become obsolete and
    are revived when it returns. `drafts` fill what is still empty: a translation reused
    from another catalog first, else a carried-over one, else machine output. `terms`, when
    given, are the `term:` comment lines of each msgid (glossary terms it contains): they
    replace the ones an entry had, on every entry, reviewed or not.
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
    unmatched = [
        i
        for i, occurrence in enumerate(occurrences)
        if not (exact[occurrence.msgid] and exact[occurrence.msgid].msgstr)
        and not _is_reuse(drafts.get(occurrence.msgid))
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


@dataclass(frozen=True)
class Carry:
    """A translation inherited from an entry whose source segment changed."""

    msgstr: str
    previous_msgid: str
    tcomment: str = ""
    note: str = ""


def carry_over(
    new: Sequence[str], old: Sequence[polib.POEntry], language: str = "fr"
) -> tuple[dict[int, Carry], set[int]]:
    """Match changed segments (`new`, in document order) to translated entries that left
    (`old`): two new segments that together were one old sentence (split), one new segment
    that was two consecutive old ones (merge), then one-to-one edits, best matches first.
    Returns carries by index into `new`, and the ids of the old entries used; `language`
    is the source's, whose profile the similarity measure follows."""
    from translate.similar import find_merge, find_split, is_match, similarity

    carries: dict[int, Carry] = {}
    used: set[int] = set()
    if not new or not old:
        return carries, used
    old_ids = [e.msgid for e in old]
    # merges: one new segment ~ two consecutive old entries
    for k, segment in enumerate(new):
        for j in range(len(old) - 1):
            first, second = old[j], old[j + 1]
            if id(first) in used or id(second) in used:
                continue
            joined = f"{first.msgid} {second.msgid}"
            score = find_merge((first.msgid, second.msgid), segment, language=language)
            if score is not None and _closer(segment, joined, first.msgid, second.msgid):
                # a split whose first half kept the whole translation is undone, not doubled
                whole = _WHOLE_NOTE in (first.comment or "")
                carries[k] = Carry(
                    first.msgstr if whole else f"{first.msgstr} {second.msgstr}",
                    joined,
                    _join_comments(first.tcomment, second.tcomment),
                    "merged from 2 segments: check the carried-over translation",
                )
                used |= {id(first), id(second)}
                break
    # splits: two consecutive new segments ~ one old entry
    for k in range(len(new) - 1):
        if k in carries or k + 1 in carries:
            continue
        joined = f"{new[k]} {new[k + 1]}"
        for entry in old:
            if id(entry) in used:
                continue
            score = find_split(entry.msgid, (new[k], new[k + 1]), language=language)
            if score is not None and _closer(entry.msgid, joined, new[k], new[k + 1]):
                parts = _split_translation(entry.msgstr)
                note = "split from 1 segment: check the carried-over translation"
                if parts:
                    carries[k] = Carry(parts[0], entry.msgid, entry.tcomment, note)
                    carries[k + 1] = Carry(parts[1], entry.msgid, "", note)
                else:
                    carries[k] = Carry(entry.msgstr, entry.msgid, entry.tcomment, _WHOLE_NOTE)
                used.add(id(entry))
                break
    # one-to-one edits, best first
    pairs = sorted(
        (
            (similarity(segment, entry.msgid, language), k, j)
            for k, segment in enumerate(new)
            if k not in carries
            for j, entry in enumerate(old)
            if id(entry) not in used
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    for _, k, j in pairs:
        if (
            k in carries
            or id(old[j]) in used
            or not is_match(old_ids[j], new[k], language=language)
        ):
            continue
        entry = old[j]
        carries[k] = Carry(entry.msgstr, old_ids[j], entry.tcomment)
        used.add(id(entry))
    return carries, used


_WHOLE_NOTE = "split from 1 segment: holds the translation of the whole sentence"


def _closer(text: str, joined: str, *parts: str) -> bool:
    """Whether `text` is closer to the joined pair than to either part alone, counting every
    character (the word-set measure forgives missing words, so it cannot tell)."""
    from rapidfuzz import fuzz

    whole = fuzz.ratio(text, joined)
    return all(whole > fuzz.ratio(text, part) for part in parts)


_ENGLISH_SENTENCE_END = re.compile(r"(?<=[.!?…\"”])\s+(?=[A-Z\"“(‘'])")


def _split_translation(text: str) -> tuple[str, str] | None:
    """Two sentences of a translation, if it has exactly two."""
    parts = _ENGLISH_SENTENCE_END.split(text.strip())
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _join_comments(first: str, second: str) -> str:
    return "\n".join(part for part in (first, second) if part)


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
            _join_comments(previous.tcomment, entry.tcomment)
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
            obsolete.append(entry)
        elif entry.msgid or entry.msgctxt is not None:
            after.setdefault(id(anchor) if anchor is not None else 0, []).append(entry)
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
    changed = existing is None or [_content(e) for e in existing] != [_content(e) for e in catalog]
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


def render_catalog(catalog: polib.POFile) -> str:
    """The PO text, deterministic for equal catalogs, byte for byte as GNU `msgcat` would
    write it (`translate/powrite.py`): strings wrapped at 79 columns, comments never
    wrapped, so an `mt:` line or a translator's note keeps its lines."""
    from translate.powrite import render_header

    parts = [render_header(catalog.header, catalog.metadata_as_entry())]
    parts += [render_entry(entry) for entry in catalog if not entry.obsolete]
    parts += [render_entry(entry) for entry in catalog if entry.obsolete]
    return "\n\n".join(parts) + "\n"


def render_entry(entry: polib.POEntry) -> str:
    from translate import powrite

    return powrite.render_entry(entry)


def write_catalog(path: Path, catalog: polib.POFile) -> bool:
    """Write atomically; False when the file already had exactly these bytes."""
    return write_atomic(path, render_catalog(catalog))


def write_merged(path: Path, catalog: polib.POFile, read: OnDisk) -> tuple[bool, OnDisk]:
    """Write `catalog`, computed from `read`, without losing what anyone saved since.

    If the file's bytes are no longer those diptych read, it is read again and every entry
    changed there (approval, msgstr, comments, flags) wins over diptych's version, which
    only fills entries still empty on disk; entries diptych does not own come from disk.
    When the result holds the same content as the file, the file is left untouched
    (whatever tool wrapped it). Returns whether it wrote, and the file as it now is.
    """
    merged_catalog = catalog
    for _ in range(_WRITE_ATTEMPTS):
        current = read
        data = current_bytes(path)
        if data != read.data:
            current = read_catalog(path)
            if current.catalog is not None:
                merged_catalog = reconcile(catalog, read.catalog, current.catalog)
        if current.catalog is not None and same_content(merged_catalog, current.catalog):
            return False, current
        text = render_catalog(merged_catalog).encode("utf-8")
        try:
            write_atomic(path, text, expected=data)
        except ChangedMeanwhile:
            continue  # saved again while we rendered: merge that save too
        return True, OnDisk(text, merged_catalog)
    raise CatalogError(path, "kept changing while diptych wrote it; nothing was overwritten")


# How many times a write re-reads a catalog that someone keeps saving before it gives up.
_WRITE_ATTEMPTS = 5


def reconcile(ours: polib.POFile, base: polib.POFile | None, disk: polib.POFile) -> polib.POFile:
    """`ours` (diptych's update of `base`) with the changes someone saved to `disk` since."""
    before = {_key(e): _content(e) for e in base or () if is_owned(e)}
    saved = {_key(e): e for e in disk if is_owned(e)}
    merged = polib.POFile(wrapwidth=WRAP_WIDTH)
    merged.header = disk.header or ours.header
    merged.metadata = dict(ours.metadata)
    for name in _PERSON_FIELDS:
        if disk.metadata.get(name):
            merged.metadata[name] = disk.metadata[name]
    for entry in ours:
        if not is_owned(entry):
            continue
        theirs = saved.pop(_key(entry), None)
        if theirs is None or before.get(_key(entry)) == _content(theirs):
            merged.append(entry)
            continue
        kept = _copy(theirs)
        kept.occurrences = list(entry.occurrences)
        if not theirs.msgstr and entry.msgstr:
            # still empty on disk: diptych's draft goes in, with the reviewer's comments
            kept.msgstr, kept.comment = entry.msgstr, entry.comment
            kept.flags = list(dict.fromkeys([*entry.flags, *theirs.flags]))
            kept.previous_msgid = entry.previous_msgid
        kept.obsolete = entry.obsolete
        merged.append(kept)
    # entries someone added on disk that diptych does not know: kept, as obsolete
    for entry in saved.values():
        if _key(entry) not in before and (entry.msgstr or entry.tcomment):
            kept = _copy(entry)
            kept.obsolete = True
            merged.append(kept)
    _place_unowned(merged, disk)
    return merged


def _key(entry: polib.POEntry) -> str:
    return entry.msgid


def _content(entry: polib.POEntry) -> tuple:
    """What an entry says, however a tool wrapped or ordered its lines."""
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.tcomment,
        tuple(comment_lines(entry.comment)),
        tuple(tuple(o) for o in entry.occurrences),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


def _copy(entry: polib.POEntry) -> polib.POEntry:
    import copy

    return copy.deepcopy(entry)


# Header fields that only say who or what saved the file last: a difference there alone is
# no reason to write.
_STAMP_FIELDS = ("PO-Revision-Date", "X-Generator", "POT-Creation-Date")


def same_content(a: polib.POFile, b: polib.POFile) -> bool:
    """Whether two catalogs say the same: entries in order and header fields, compared
    parsed (so a file another tool wrapped differently is not rewritten for that)."""
    if [_content(e) for e in a] != [_content(e) for e in b]:
        return False
    if a.header.strip() != b.header.strip():
        return False
    meta_a = {k: v for k, v in a.metadata.items() if k not in _STAMP_FIELDS and v}
    meta_b = {k: v for k, v in b.metadata.items() if k not in _STAMP_FIELDS and v}
    return meta_a == meta_b
