"""QA checks on a (source, target) segment pair, for the review report.

Each side is read by its own language's conventions (`Conventions`, from the language
profiles): German "3,5" is English "3.5", Spanish "2 mil millones" is "2 billion", a German
target is expected to write „…“ and a decimal comma. French to English is the default pair.

Every check is a pure function ``(source, target, context, pair) -> list[Finding]``; they
are kept in ``CHECKS`` so that a report can list them. Only ``length`` reads ``context`` (the
article's norms): the catalog index keeps every other check's findings per entry
(`qa_findings`'s ``known``), so a new check must read the pair alone, and a change to what
any check finds must bump ``QA_REVISION``. Severity ``error`` means the target
says something the source does not (a number, a link, markup that breaks the output, an
untranslated sentence); ``warning`` means a reviewer should look (length, loops,
punctuation, typography).

One module per family of checks (`numbers`, `constructs`, `untranslated`, `shape`,
`typography`) over what they share (`base`); this package holds the registry and the entry
points review and the catalog index call.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence

from translate.qa.base import (
    FR_EN,
    ArticleNorms,
    Conventions,
    Finding,
    LanguagePair,
    Severity,
    conventions,
)
from translate.qa.constructs import check_markup
from translate.qa.numbers import check_numbers
from translate.qa.shape import (
    article_norms,
    check_final_punctuation,
    check_length,
    check_repetition,
)
from translate.qa.typography import check_french_typography, check_typography
from translate.qa.untranslated import check_identical, check_untranslated

__all__ = [
    "CHECKS",
    "FR_EN",
    "ArticleNorms",
    "Check",
    "Conventions",
    "Finding",
    "FindingKey",
    "LanguagePair",
    "Severity",
    "article_norms",
    "check_final_punctuation",
    "check_french_typography",
    "check_identical",
    "check_length",
    "check_markup",
    "check_numbers",
    "check_pair",
    "check_repetition",
    "check_terms",
    "check_typography",
    "check_untranslated",
    "conventions",
    "entry_findings",
    "qa_findings",
    "QA_REVISION",
]

# Bump when a check's findings change: findings the catalog index kept are then checked again.
QA_REVISION = 1

Check = Callable[[str, str, "ArticleNorms | None", LanguagePair], list[Finding]]

CHECKS: dict[str, Check] = {
    "numbers": check_numbers,
    "markup": check_markup,
    "identical": check_identical,
    "untranslated": check_untranslated,
    "length": check_length,
    "repetition": check_repetition,
    "final-punctuation": check_final_punctuation,
    "french-typography": check_french_typography,
    "typography": check_typography,
}


def check_pair(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """All findings for one translated pair; an untranslated (empty) target has none."""
    if not source.strip() or not target.strip():
        return []
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings.extend(check(source, target, context, pair))
    return findings


def check_terms(target: str, terms: Sequence[tuple[str, str]]) -> list[Finding]:
    """A glossary term of the source whose expected target term the translation lacks.

    `terms` are the (source, target) pairs an entry lists in its `#. term:` comments. The
    target term must appear as whole words: exactly when it has a capital (a name), in any
    case otherwise (it may open the sentence).
    """
    findings = []
    for source_term, target_term in dict.fromkeys(terms):
        if not _term_pattern(target_term).search(target):
            findings.append(
                Finding(
                    "glossary",
                    "error",
                    f"glossary term \u201c{source_term}\u201d should be translated as "
                    f"\u201c{target_term}\u201d",
                )
            )
    return findings


@functools.lru_cache(maxsize=1024)
def _term_pattern(target_term: str) -> re.Pattern[str]:
    """How `check_terms` finds a target term: built once per term, as a glossary's few terms
    come back in entry after entry."""
    flags = 0 if any(ch.isupper() for ch in target_term) else re.IGNORECASE
    body = r"\s+".join(re.escape(word) for word in target_term.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)


# (source, target, glossary terms): what every check but `length` reads of an entry
FindingKey = tuple[str, str, tuple[tuple[str, str], ...]]
Known = MutableMapping[FindingKey, tuple[Finding, ...]]


def entry_findings(
    entries: Sequence, metadata: Mapping[str, str], known: Known | None = None
) -> list[list[Finding]]:
    """QA of a catalog's translated entries (objects with `msgid`, `msgstr`, `comment`; no
    polib needed), judged by the pair the catalog's header records and against the glossary
    terms each entry lists: the one reading that review and the catalog index share.
    `known`: as `qa_findings` takes it."""
    from translate.states import is_verbatim, terms_in_comments

    found = qa_findings(
        [(e.msgid, e.msgstr) for e in entries],
        LanguagePair.of_header(metadata),
        [terms_in_comments(e.comment) for e in entries],
        known,
    )
    # a copy of a segment with nothing to translate is identical to its source by design
    return [
        [] if e.msgstr == e.msgid and is_verbatim(e) else findings
        for e, findings in zip(entries, found, strict=True)
    ]


def qa_findings(
    pairs: Sequence[tuple[str, str]],
    languages: LanguagePair = FR_EN,
    terms: Sequence[Sequence[tuple[str, str]]] | None = None,
    known: Known | None = None,
) -> list[list[Finding]]:
    """Findings of each translated (source, target) pair of one catalog, judged against the
    catalog's own norms and its languages' conventions; one list per pair, in order.
    `terms`, one list per pair, are the glossary terms each entry lists (checked with
    `check_terms`).

    Every check but `length` reads the pair alone: `known` (one language pair's) maps a
    `FindingKey` to those findings, so an entry already checked (by an earlier command,
    kept by the catalog index) is not checked again; what is checked is added to it."""
    norms = article_norms(pairs)
    found = []
    for position, (source, target) in enumerate(pairs):
        wanted = tuple(terms[position]) if terms is not None else ()
        key = (source, target, wanted)
        alone = known.get(key) if known is not None else None
        if alone is None:
            alone = _findings_alone(source, target, languages, wanted)
            if known is not None:
                known[key] = alone
        found.append(_with_length(alone, source, target, norms, languages))
    return found


_BEFORE_LENGTH = frozenset(list(CHECKS)[: list(CHECKS).index("length")])


def _findings_alone(
    source: str, target: str, languages: LanguagePair, terms: tuple[tuple[str, str], ...]
) -> tuple[Finding, ...]:
    """`check_pair`'s findings but `length`'s, then the glossary's."""
    findings: list[Finding] = []
    if source.strip() and target.strip():
        for name, check in CHECKS.items():
            if name != "length":
                findings.extend(check(source, target, None, languages))
    if terms and target.strip():
        findings.extend(check_terms(target, terms))
    return tuple(findings)


def _with_length(
    alone: tuple[Finding, ...],
    source: str,
    target: str,
    norms: ArticleNorms,
    languages: LanguagePair,
) -> list[Finding]:
    """The findings in `check_pair`'s order: `length`'s after those of the checks before it."""
    if not source.strip() or not target.strip():
        return list(alone)
    length = check_length(source, target, norms, languages)
    if not length:
        return list(alone)
    at = next((i for i, f in enumerate(alone) if f.check not in _BEFORE_LENGTH), len(alone))
    return [*alone[:at], *length, *alone[at:]]
