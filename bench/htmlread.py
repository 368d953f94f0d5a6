"""HTML parsers for `.html` articles: speed, and whether source offsets survive.

The 18 French documentation pages of tests/corpora/french-docs, rendered to HTML with
markdown-it-py (and repeated to `--mb` megabytes), are parsed by diptych's reader (the
standard library's `html.parser` tokenizer with offsets: `translate.htmlread.read_page`),
and, when installed (`pip install -e .[bench]`), by html5lib, lxml and selectolax (lexbor)
building their trees. Reports MB/s for each, and the number of translatable texts diptych's
reader finds in the 18 pages. (That the target page of each is the source byte for byte when
every text is rewritten by itself is a test: tests/test_html_articles.py.)

    python bench/htmlread.py            # 4 MB
    python bench/htmlread.py --mb 8

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from translate.htmlread import read_page  # noqa: E402


def pages() -> list[str]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    out = []
    for path in sorted((REPO / "tests" / "corpora" / "french-docs").glob("*.md")):
        if path.name != "README.md":
            body = md.render(path.read_text(encoding="utf-8"))
            out.append(
                f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{path.stem}'
                f"</title></head><body><main>{body}</main></body></html>"
            )
    return out


def timed(parse, documents: list[str]) -> float:
    start = time.perf_counter()
    for document in documents:
        parse(document)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0)
    args = parser.parse_args()
    base = pages()
    size = sum(len(page.encode()) for page in base)
    documents = base * max(1, round(args.mb * 1e6 / size))
    total = sum(len(page.encode()) for page in documents) / 1e6
    parsers = {"diptych (html.parser + offsets)": read_page}
    try:
        import html5lib

        parsers["html5lib"] = html5lib.parse
    except ImportError:
        pass
    try:
        import lxml.html

        parsers["lxml"] = lxml.html.document_fromstring
    except ImportError:
        pass
    try:
        from selectolax.lexbor import LexborHTMLParser

        parsers["selectolax (lexbor)"] = LexborHTMLParser
    except ImportError:
        pass
    figures: dict = {"mb": round(total, 2), "pages": len(documents)}
    for name, parse in parsers.items():
        seconds = timed(parse, documents)
        figures[name] = {"seconds": round(seconds, 3), "mb_per_s": round(total / seconds, 2)}
        print(f"{name:34} {seconds:7.3f} s  {total / seconds:7.2f} MB/s")
    figures["texts_found"] = sum(len(read_page(page).found) for page in base)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
