"""A summary of every catalog of a target language, cached by file size and mtime.

It serves as the translation memory (identical segments reused across articles), tells the
translate job which articles need no work, and gives `status` its counts, so that commands
on a large project cost in proportion to what changed. The cache lives in `.diptych/` at the
project root; it is only ever a copy: a catalog whose size or mtime changed is read again,
and deleting the folder loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import polib

from translate import __version__
from translate.catalog import load_catalog
from translate.files import write_atomic
from translate.glossary import terms_in_comments
from translate.project import Project
from translate.qa import LanguagePair, qa_findings
from translate.states import MACHINE, StateCounts, entry_state, is_owned, machine_confidence

CACHE_DIR = ".diptych"


@dataclass(frozen=True)
class CatalogSummary:
    """What other commands need to know of one PO file without parsing it again."""

    source_hash: str
    states: StateCounts
    translated: dict[str, tuple[str, bool]]
    untranslated: tuple[str, ...]
    qa_errors: int
    qa_warnings: int
    msgids: str = ""
    term_errors: int = 0
    confidences: tuple[int, ...] = ()  # of the machine entries nobody has reviewed yet


def summarize(catalog: polib.POFile) -> CatalogSummary:
    active = [e for e in catalog if not e.obsolete and is_owned(e)]
    translated = [e for e in active if e.msgstr]
    pairs = [(e.msgid, e.msgstr) for e in translated]
    terms = [terms_in_comments(e.comment) for e in translated]
    languages = LanguagePair.of_header(catalog.metadata)
    findings = [f for found in qa_findings(pairs, languages, terms) for f in found]
    severities = [f.severity for f in findings]
    confidences = (machine_confidence(e) for e in active if entry_state(e) == MACHINE)
    return CatalogSummary(
        source_hash=catalog.metadata.get("X-Source-Hash", ""),
        states=StateCounts.of(entry_state(e) for e in active),
        translated={e.msgid: (e.msgstr, "fuzzy" not in e.flags) for e in active if e.msgstr},
        untranslated=tuple(e.msgid for e in active if not e.msgstr),
        qa_errors=severities.count("error"),
        qa_warnings=severities.count("warning"),
        msgids=_digest(e.msgid for e in active),
        term_errors=sum(1 for f in findings if f.check == "glossary"),
        confidences=tuple(sorted(c for c in confidences if c is not None)),
    )


def _digest(msgids) -> str:
    return hashlib.sha256("\n".join(msgids).encode("utf-8")).hexdigest()[:16]


class CatalogMemory:
    """Summaries of `locales/<target>/*.po`, read from the cache when the file is unchanged."""

    def __init__(self, project: Project, target: str) -> None:
        self.project = project
        self.target = target
        self.cache_path = project.root / CACHE_DIR / f"catalogs-{target}.json"
        self._entries: dict[str, dict] = self._load()
        self._summaries: dict[str, CatalogSummary] = {}
        self._dirty = False

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != __version__:
            return {}
        entries = data.get("catalogs")
        return entries if isinstance(entries, dict) else {}

    def summary(self, path: Path) -> CatalogSummary | None:
        """The catalog's summary, or None when there is no catalog; CatalogError if broken."""
        key = path.name
        try:
            stat = path.stat()
        except FileNotFoundError:
            self._forget(key)
            return None
        stamp = [stat.st_mtime_ns, stat.st_size]
        if key in self._summaries and self._entries.get(key, {}).get("stamp") == stamp:
            return self._summaries[key]
        cached = self._entries.get(key)
        if cached and cached.get("stamp") == stamp and "confidences" in cached["summary"]:
            summary = _from_json(cached["summary"])
        else:
            catalog = load_catalog(path)
            if catalog is None:
                return None
            summary = summarize(catalog)
            self._store(key, stamp, summary)
        self._summaries[key] = summary
        return summary

    def record(self, path: Path, summary: CatalogSummary) -> None:
        """Remember a catalog diptych just wrote, so the next command need not parse it."""
        stat = path.stat()
        self._store(path.name, [stat.st_mtime_ns, stat.st_size], summary)
        self._entries[path.name]["written"] = summary.msgids
        self._summaries[path.name] = summary

    def up_to_date(self, path: Path, source_hash: str) -> bool:
        """True when the catalog was written by diptych from this very source and still has
        exactly the entries it was written with (a tool may have reordered or dropped some)."""
        summary = self.summary(path)
        written = self._entries.get(path.name, {}).get("written")
        return bool(
            summary and written and summary.source_hash == source_hash and summary.msgids == written
        )

    def all(self) -> dict[str, CatalogSummary]:
        """Summaries of every readable catalog of the target, by file name."""
        folder = self.project.locales_dir / self.target
        found: dict[str, CatalogSummary] = {}
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                summary = self.summary(path)
            except Exception:  # a broken catalog is reported by the command that owns it
                continue
            if summary is not None:
                found[path.name] = summary
        return found

    def reusable(self) -> dict[str, tuple[str, str]]:
        """msgid -> (msgstr, where) over the other catalogs, reviewed translations first."""
        memory: dict[str, tuple[str, str, bool]] = {}
        folder = self.project.relative(self.project.locales_dir / self.target)
        for name, summary in self.all().items():
            for msgid, (msgstr, reviewed) in summary.translated.items():
                known = memory.get(msgid)
                if known is None or (reviewed and not known[2]):
                    memory[msgid] = (msgstr, f"{folder}/{name}", reviewed)
        return {msgid: (msgstr, where) for msgid, (msgstr, where, _) in memory.items()}

    def save(self) -> None:
        if not self._dirty:
            return
        data = {"version": __version__, "catalogs": self._entries}
        # a cache that cannot be written only costs time on the next run
        with contextlib.suppress(OSError):
            write_atomic(self.cache_path, json.dumps(data, ensure_ascii=False, sort_keys=True))
        self._dirty = False

    def _store(self, key: str, stamp: list[int], summary: CatalogSummary) -> None:
        written = self._entries.get(key, {}).get("written")
        self._entries[key] = {"stamp": stamp, "summary": _to_json(summary)}
        if written:
            self._entries[key]["written"] = written
        self._dirty = True

    def _forget(self, key: str) -> None:
        if self._entries.pop(key, None) is not None:
            self._dirty = True
        self._summaries.pop(key, None)


def _to_json(summary: CatalogSummary) -> dict:
    return {
        "source_hash": summary.source_hash,
        "counts": summary.states.counts,
        "translated": {m: [s, r] for m, (s, r) in summary.translated.items()},
        "untranslated": list(summary.untranslated),
        "qa": [summary.qa_errors, summary.qa_warnings],
        "msgids": summary.msgids,
        "terms": summary.term_errors,
        "confidences": list(summary.confidences),
    }


def _from_json(data: dict) -> CatalogSummary:
    return CatalogSummary(
        source_hash=data["source_hash"],
        states=StateCounts(dict(data["counts"])),
        translated={m: (s, bool(r)) for m, (s, r) in data["translated"].items()},
        untranslated=tuple(data["untranslated"]),
        qa_errors=data["qa"][0],
        qa_warnings=data["qa"][1],
        msgids=data.get("msgids", ""),
        term_errors=data.get("terms", 0),
        confidences=tuple(data.get("confidences", ())),
    )
