"""The project glossary: terms machine translation must respect, and how to find them.

A glossary is `glossary.csv` (columns `source`, `target`, `note`) and any `*.tbx` file
(TBX-Basic, the ISO exchange format of terminology tools) at the project root. A term whose
target equals its source is kept as it is (names of people, companies, products).

Matching rule (docs/glossary.md): whole words only (no letter, digit or hyphen on either
side, so the `l’`/`d’`/`qu’` of French elision never hides a term); a term with a capital
letter matches exactly, an all-lowercase term also matches capitalised at a sentence start;
straight and curly apostrophes are the same. Longer terms win over shorter ones they contain.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import ConfigError
from translate.languages import base_code
from translate.markup import Piece, Protected

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

__all__ = [
    "CSV_NAME",
    "Glossary",
    "Hit",
    "Term",
    "load_glossary",
    "parse_csv",
    "parse_tbx",
    "protect_terms",
]

CSV_NAME = "glossary.csv"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Term:
    """One glossary entry: `target` is what the translation must say for `source`."""

    source: str
    target: str
    note: str = ""
    language: str = ""  # the target language it is for; "" = every target (glossary.csv)

    @property
    def keep(self) -> bool:
        """True for a term left as it is in translation (a name)."""
        return self.source == self.target


@dataclass(frozen=True)
class Hit:
    """A term found in a text: where, and the text as it is written there."""

    term: Term
    start: int
    end: int

    def target_for(self, text: str) -> str:
        """The target term, capitalised when a lowercase term opened the sentence."""
        found = text[self.start : self.end]
        target = self.term.target
        if found[:1].isupper() and self.term.source[:1].islower() and target[:1].islower():
            return target[:1].upper() + target[1:]
        return target


def _pattern(term: str) -> str:
    parts = []
    for ch in term:
        if ch in "'’":
            parts.append("['’]")
        elif ch.isspace():
            parts.append(r"[\s\u00a0\u202f]+")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if any(ch.isupper() for ch in term):
        return body
    # all lowercase: the first letter may be capitalised (a sentence start)
    first = term[0]
    rest = "".join(parts[1:])
    return f"[{re.escape(first)}{re.escape(first.upper())}]{rest}"


@dataclass(frozen=True)
class Glossary:
    """The terms of one target language; `digest` changes whenever any term does."""

    terms: tuple[Term, ...] = ()
    digest: str = ""

    def __bool__(self) -> bool:
        return bool(self.terms)

    def for_target(self, language: str) -> Glossary:
        """The terms that apply to translations into `language` (TBX terms are kept by
        language, so `pt` terms serve a `pt-BR` target)."""
        chosen = tuple(t for t in self.terms if t.language in ("", base_code(language)))
        return Glossary(chosen, _digest(chosen)) if chosen != self.terms else self

    def find(self, text: str) -> list[Hit]:
        """Every term in `text`, left to right, never overlapping (the longest term wins)."""
        if not self.terms or not text:
            return []
        regex, by_group = _compiled(self.terms)
        text = unicodedata.normalize("NFC", text)
        return [Hit(by_group[m.lastgroup], m.start(), m.end()) for m in regex.finditer(text)]


_CACHE: dict[tuple[Term, ...], tuple[re.Pattern[str], dict[str, Term]]] = {}


def _compiled(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], dict[str, Term]]:
    found = _CACHE.get(terms)
    if found is None:
        ordered = sorted(enumerate(terms), key=lambda item: -len(item[1].source))
        by_group = {f"t{i}": term for i, term in ordered}
        alternation = "|".join(f"(?P<t{i}>{_pattern(term.source)})" for i, term in ordered)
        regex = re.compile(rf"(?<![\w\-‑])(?:{alternation})(?![\w\-‑])")
        found = _CACHE[terms] = (regex, by_group)
    return found


def _digest(terms: Iterable[Term]) -> str:
    text = "\n".join(f"{t.source}\t{t.target}\t{t.language}" for t in terms)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text else ""


def _clean(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def parse_csv(text: str, name: str = CSV_NAME) -> list[Term]:
    """Terms of a `source,target,note` CSV (a header row is required; `note` is optional)."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    where: dict[str, int] = {}
    last = 0  # physical line the previous row ended on: a quoted cell may span several
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not where:
                header = [cell.strip().lower() for cell in row]
                if "source" not in header or "target" not in header:
                    raise ConfigError(
                        f"{name}:{line}: the first row must name the columns source,target,note"
                    )
                where = {c: header.index(c) for c in ("source", "target", "note") if c in header}
                continue
            if not any(cell.strip() for cell in row):
                continue
            cells = {c: _clean(row[i]) if i < len(row) else "" for c, i in where.items()}
            if not cells["source"] or not cells["target"]:
                raise ConfigError(f"{name}:{line}: a term needs both a source and a target")
            if cells["source"] in seen:
                first = seen[cells["source"]]
                raise ConfigError(
                    f"{name}:{line}: {cells['source']!r} is already defined on line {first}"
                )
            seen[cells["source"]] = line
            terms.append(Term(cells["source"], cells["target"], cells.get("note", "")))
    except csv.Error as exc:
        raise ConfigError(f"{name}:{reader.line_num}: {exc}") from None
    return terms


def parse_tbx(data: bytes, source: str, name: str = "glossary.tbx") -> list[Term]:
    """Terms of a TBX-Basic file (TBX 2 `martif`/`termEntry` or TBX 3 `conceptEntry`).

    Each entry gives the first term of the `source` language and the first term of every
    other language. The parser refuses, whatever the file's encoding, any DTD internal
    subset, entity declaration or external reference (a `<!DOCTYPE martif SYSTEM "...">`
    naming the standard's DTD is accepted: it is never read).
    """
    import xml.etree.ElementTree as ET  # only a project with a TBX file needs it

    from defusedxml import DefusedXmlException

    parser = ET.XMLPullParser(events=("start", "end"), _parser=_defused_parser())
    terms: list[Term] = []
    starts: dict[int, int] = {}
    try:
        for number, line in enumerate(data.splitlines(keepends=True), start=1):
            parser.feed(line)
            for event, element in parser.read_events():
                tag = _local(element.tag)
                if tag not in ("termEntry", "conceptEntry"):
                    continue
                if event == "start":
                    starts[id(element)] = number
                else:
                    terms.extend(_tbx_entry(element, source, name, starts.pop(id(element))))
                    element.clear()
        parser.close()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        message = str(exc).split(":", 1)[0]
        raise ConfigError(f"{name}:{line}: not well-formed XML ({message})") from None
    except DefusedXmlException:
        raise ConfigError(
            f"{name}: entity declarations are not allowed in a glossary "
            "(no DTD internal subset, entity or external reference)"
        ) from None
    return terms


def _defused_parser():
    """An expat parser that raises on a DTD internal subset, an entity declaration or an
    external reference (defusedxml's handlers; a bare DOCTYPE line is let through)."""
    import xml.etree.ElementTree as ET

    from defusedxml.ElementTree import DefusedXMLParser, DTDForbidden

    class Parser(DefusedXMLParser):
        def defused_start_doctype_decl(self, name, sysid, pubid, has_internal_subset):
            if has_internal_subset:
                raise DTDForbidden(name, sysid, pubid)

    return Parser(
        target=ET.TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _tbx_entry(entry: ET.Element, source: str, name: str, line: int) -> list[Term]:
    by_language: dict[str, str] = {}
    notes: list[str] = []
    for child in entry.iter():
        tag = _local(child.tag)
        if tag in ("langSet", "langSec"):
            language = base_code(child.get(_XML_LANG) or child.get("lang") or "")
            term = next((t for t in child.iter() if _local(t.tag) == "term"), None)
            if language and term is not None and _clean("".join(term.itertext())):
                by_language.setdefault(language, _clean("".join(term.itertext())))
        elif tag in ("descrip", "note") and child.get("type", "definition") in (
            "definition",
            "context",
        ):
            notes.append(_clean("".join(child.itertext())))
    if base_code(source) not in by_language:
        raise ConfigError(f"{name}:{line}: term entry without a {source!r} term")
    original = by_language.pop(base_code(source))
    note = "; ".join(n for n in notes if n)
    return [Term(original, target, note, language) for language, target in by_language.items()]


def load_glossary(root: Path, source: str) -> Glossary:
    """Every term of `glossary.csv` and of the `*.tbx` files at `root` (none: an empty one)."""
    terms: list[Term] = []
    paths = []
    csv_path = root / CSV_NAME
    if csv_path.is_file():
        paths.append(csv_path)
    paths += sorted(p for p in root.glob("*.tbx") if p.is_file())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"{path.name}: cannot be read ({exc.strerror})") from None
        if path.suffix == ".csv":
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise ConfigError(f"{path.name}:{line}: not UTF-8 text") from None
            terms += parse_csv(text, path.name)
        else:
            terms += parse_tbx(data, source, path.name)
    return Glossary(tuple(terms), _digest(terms))


def protect_terms(protected: Protected, glossary: Glossary) -> Protected:
    """Replace each term of the text the model will see by an atom placeholder whose
    restoration writes the target term: the model never sees, nor changes, a term."""
    if not glossary:
        return protected
    masked = protected.masked
    hits = glossary.find(masked)
    if not hits:
        return protected
    masked = unicodedata.normalize("NFC", masked)
    pieces = list(protected.pieces)
    parts: list[str] = []
    last = 0
    for hit in hits:
        number = len(pieces) + 1
        pieces.append(Piece(number, "term", hit.target_for(masked)))
        parts += [masked[last : hit.start], f"<x{number}/>"]
        last = hit.end
    parts.append(masked[last:])
    return Protected(protected.source, "".join(parts), tuple(pieces))
