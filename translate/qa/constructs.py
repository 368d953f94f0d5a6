"""The `markup` check: links, emphasis, inline code, HTML tags, URLs and placeholders of the
source must all come through, and nothing of the kind be added."""

from __future__ import annotations

import functools
import re
from collections import Counter

from translate.qa.base import FR_EN, URL, ArticleNorms, Finding, LanguagePair

_INLINE_SYNTAX = re.compile(r"[*_`\[\]<>!&\\]")


@functools.cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _text_constructs(text: str, counts: Counter[str]) -> None:
    for url in URL.findall(text):
        counts[f"url {url}"] += 1
    for placeholder in _PLACEHOLDER.findall(text):
        counts[f"placeholder {placeholder}"] += 1


_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|\{[A-Za-z_][\w.]*\}|%(?:\([\w.]+\))?[sdifr](?![\w])")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")


def _constructs(text: str) -> Counter[str]:
    """What a segment carries besides words: links, emphasis, code, tags, placeholders."""
    counts: Counter[str] = Counter()
    if not _INLINE_SYNTAX.search(text):  # plain prose: the parser would see one text token
        _text_constructs(text, counts)
        return counts
    tokens = _markdown().parseInline(text)[0].children or []
    for token in tokens:
        if token.type in ("link_open", "em_open", "strong_open"):
            name = {"link_open": "link", "em_open": "emphasis", "strong_open": "strong"}
            counts[name[token.type]] += 1
            if token.type == "link_open":
                counts[f"link to {token.attrs.get('href')}"] += 1
        elif token.type == "image":
            counts[f"image {token.attrs.get('src')}"] += 1
        elif token.type == "code_inline":
            counts[f"code `{token.content}`"] += 1
        elif token.type == "html_inline":
            tag = _TAG.match(token.content)
            if tag:
                counts[f"tag <{tag[1]}{tag[2].lower()}>"] += 1
        elif token.type == "text":
            _text_constructs(token.content, counts)
    return counts


def _carried(text: str) -> Counter[str] | None:
    """`_constructs` of `text`, or None for plain prose that carries none (most segments): no
    markup syntax, and neither what a URL starts with nor a placeholder's "{" or "%"."""
    if (
        _INLINE_SYNTAX.search(text)
        or "http" in text
        or "www." in text
        or "{" in text
        or "%" in text
    ):
        return _constructs(text)
    return None


@functools.lru_cache(maxsize=512)
def _source_constructs(source: str) -> Counter[str] | None:
    """`_carried` of a source, which many entries share (read, never changed)."""
    return _carried(source)


def check_markup(
    source: str, target: str, context: ArticleNorms | None = None, pair: LanguagePair = FR_EN
) -> list[Finding]:
    """Links, emphasis, inline code, HTML tags, URLs and placeholders must all come through."""
    src, tgt = _source_constructs(source), _carried(target)
    if src == tgt:
        return []  # None for both: plain prose
    src, tgt = src or Counter(), tgt or Counter()
    findings = []
    missing, added = src - tgt, tgt - src
    if missing:
        listed = ", ".join(sorted(missing))
        findings.append(Finding("markup", "error", f"missing in target: {listed}"))
    if added:
        listed = ", ".join(sorted(added))
        findings.append(Finding("markup", "error", f"not in source: {listed}"))
    return findings
