"""Identity round trip: does a Markdown document come back from diptych unchanged?

Every msgstr is set to its own msgid (reviewed), the target layout is exported as Markdown
without marks, and the source and the export are both rendered with markdown-it-py's
CommonMark preset. A document round-trips when both give the same HTML.

Usage, from the repository root:

    python bench/roundtrip.py              # share per CommonMark spec section and per corpus
    python bench/roundtrip.py --failures   # also print the examples that differ

Corpora (tests/corpora/, see its README for sources and licences): the CommonMark 0.31.2
spec examples, mdpo's test documents, real READMEs, and 18 real French documentation pages
(tests/corpora/french-docs: rendered with GFM tables, front matter apart). Raw HTML is the
author's markup and is kept, so documents with raw HTML are counted with the others (how
many of them round-trip is shown too); what diptych changes on purpose is HTML in which
something could run (a script, a style, an event handler: written sanitised, docs/markup.md).
With `--rewrite`, every block is written anew as a changed translation is, and HTML is
compared with whitespace runs folded outside <pre> (a block written anew is on one line).
READMEs are also compared block by block (top-level blocks of the source found unchanged in
the export). Documents with nothing to translate (only code, HTML or rules) are not articles
(diptych refuses them) and are counted apart.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.align import align_article  # noqa: E402
from translate.errors import ArticleError  # noqa: E402
from translate.export import render_markdown  # noqa: E402
from translate.read import Source, parse_source  # noqa: E402
from translate.segment import segment_document  # noqa: E402

CORPORA = ROOT / "tests" / "corpora" / "markdown"
FRENCH_DOCS = ROOT / "tests" / "corpora" / "french-docs"
_FRONT = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)
_HEADER = re.compile(r"\A(?:---\n.*?\n(?:---|\.\.\.)\n\n?)?(<!-- diptych [^\n]*-->\n\n)", re.DOTALL)


@dataclass(frozen=True)
class Outcome:
    """One document: `same` when the HTML is identical; `raw_html` when its source has raw
    HTML; `article` False when diptych refuses it (nothing to translate); block counts."""

    same: bool
    raw_html: bool
    article: bool
    blocks: int = 0
    blocks_same: int = 0
    exported: str = ""


def _commonmark(tables: bool = False):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    return md.enable("table") if tables else md


def identity_export(text: str, rewrite: bool = False) -> str:
    """The target-layout Markdown export of `text` with every msgstr equal to its msgid;
    `rewrite` writes every block anew as if its translation differed from its source."""
    import polib

    document = parse_source(Source(Path("doc.md"), "doc.md", text, "utf-8", ()))
    segments = segment_document(document)
    po = polib.POFile()
    seen = set()
    for segment in segments:
        if segment.msgid and segment.msgid not in seen:
            seen.add(segment.msgid)
            po.append(polib.POEntry(msgid=segment.msgid, msgstr=segment.msgid))
    article = align_article(document, po, segments)
    if rewrite:
        from translate.export.markdown import _markdown_spliced

        exported = _markdown_spliced(article, marks=False, rewrite=True)
    else:
        exported = render_markdown(article, "target", marks=False)
    match = _HEADER.match(exported)
    if match:  # the provenance comment is diptych's own addition
        exported = exported[: match.start(1)] + exported[match.end(1) :]
    return exported


def _top_blocks(md, text: str) -> list[tuple[str, bool]]:
    """The HTML of each top-level block of `text`, and whether the block has raw HTML."""
    env: dict = {}
    tokens = md.parse(text, env)
    groups, current = [], []
    for token in tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            raw = any(_raw_html(t) for t in current)
            groups.append((md.renderer.render(current, md.options, env), raw))
            current = []
    return groups


def _raw_html(token) -> bool:
    return token.type == "html_block" or any(
        child.type == "html_inline" for child in token.children or []
    )


_PRE = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)


def _loose(html: str) -> str:
    """HTML with whitespace runs outside <pre> folded: a soft line break and a space
    render alike, and a block written anew is written on one line."""
    parts = _PRE.split(html)
    return "".join(
        part if part.startswith("<pre>") else re.sub(r"\s+", " ", part) for part in parts
    )


def _same(source_html: str, exported_html: str, loose: bool) -> bool:
    if loose:
        return _loose(source_html) == _loose(exported_html)
    return source_html == exported_html


def roundtrip(text: str, md=None, rewrite: bool = False, front: bool = False) -> Outcome:
    """One document's outcome (`front`: front matter left out of both renderings)."""
    md = md or _commonmark()
    raw_html = any(_raw_html(token) for token in md.parse(text))
    try:
        exported = identity_export(text, rewrite)
    except ArticleError:
        return Outcome(md.render(text) == md.render(text), raw_html, article=False)
    if front:
        text, exported = _FRONT.sub("", text), _FRONT.sub("", exported)
    source_blocks = _top_blocks(md, text)
    exported_blocks = [html for html, _ in _top_blocks(md, exported)]
    sources = [html for html, _ in source_blocks]
    if rewrite:
        sources = [_loose(html) for html in sources]
        exported_blocks = [_loose(html) for html in exported_blocks]
    matcher = difflib.SequenceMatcher(None, sources, exported_blocks, False)
    kept = [False] * len(sources)
    for match in matcher.get_matching_blocks():
        for position in range(match.a, match.a + match.size):
            kept[position] = True
    return Outcome(
        _same(md.render(text), md.render(exported), loose=rewrite),
        raw_html,
        True,
        len(sources),
        sum(kept),
        exported,
    )


def corpora() -> dict[str, list[tuple[str, str, str]]]:
    """corpus -> [(group, name, markdown)]: spec examples grouped by section."""
    spec = json.loads((CORPORA / "commonmark.json").read_text(encoding="utf-8"))
    result = {
        "CommonMark spec": [
            (case["section"], f"example {case['example']}", case["markdown"]) for case in spec
        ]
    }
    for corpus, folder in (("mdpo", "mdpo"), ("READMEs", "readmes")):
        result[corpus] = [
            (corpus, path.name, path.read_text(encoding="utf-8"))
            for path in sorted((CORPORA / folder).glob("*.md"))
        ]
    result["French docs"] = [
        ("French docs", path.name, path.read_text(encoding="utf-8"))
        for path in sorted(FRENCH_DOCS.glob("*.md"))
        if path.name != "README.md"
    ]
    return result


def _share(good: int, total: int) -> str:
    return f"{good}/{total} ({100 * good / total:.1f} %)" if total else "0/0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="print documents that differ")
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help="write every block anew (as if translated) instead of keeping unchanged ones",
    )
    args = parser.parse_args()
    for corpus, cases in corpora().items():
        french = corpus == "French docs"
        md = _commonmark(tables=french)
        by_group: dict[str, list[Outcome]] = defaultdict(list)
        failures = []
        for group, name, text in cases:
            outcome = roundtrip(text, md, args.rewrite, front=french)
            by_group[group].append(outcome)
            if not outcome.same and outcome.article:
                failures.append((name, text, outcome.exported))
        outcomes = [o for group in by_group.values() for o in group]
        print(f"== {corpus}")
        if corpus == "CommonMark spec":
            for group, items in by_group.items():
                kept = [o for o in items if o.article]
                print(f"  {group:40} {_share(sum(o.same for o in kept), len(kept))}")
        articles = [o for o in outcomes if o.article]
        raw = [o for o in articles if o.raw_html]
        print(f"  documents: {_share(sum(o.same for o in articles), len(articles))}")
        print(f"  of which with raw HTML: {_share(sum(o.same for o in raw), len(raw))}")
        print(f"  not articles (nothing to translate): {sum(not o.article for o in outcomes)}")
        blocks = sum(o.blocks for o in articles)
        same = sum(o.blocks_same for o in articles)
        print(f"  top-level blocks: {_share(same, blocks)}")
        if args.failures:
            for name, text, exported in failures:
                print(f"  -- {name}\n{text!r}\n{exported!r}")


if __name__ == "__main__":
    main()
