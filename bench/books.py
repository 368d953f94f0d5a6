"""Book benchmark: EPUB and PDF of a generated project of N articles (default 100).

The articles are the pipeline benchmark's (bench/pipeline.py: built from the seed articles'
sentences, about 40 segments each). They are translated with `--engine none` (every sentence
shown untranslated, which typesets the same amount of text on both sides), then exported as
an EPUB book and as a PDF book in every layout; each export is one real `diptych` process,
timed (wall and CPU seconds) with its peak memory, and the book's size and page count
(pdfinfo, when installed) are reported; for `facing`, the spreads whose two pages do not
start and end on the same line (`misaligned_spreads`, 0 expected).

    python bench/books.py              # N = 100
    python bench/books.py --count 300

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import make_project, run  # noqa: E402

RUNS = [
    ("epub", "interleaved"),
    ("epub", "side-by-side"),
    ("epub", "target"),
    ("pdf", "side-by-side"),
    ("pdf", "facing"),
    ("pdf", "target"),
]


def pages(path: Path) -> int | None:
    if path.suffix != ".pdf" or shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    return int(found.group(1)) if found else None


def misaligned_spreads(path: Path, count: int) -> int | None:
    """Spreads of a facing book whose left and right pages differ in their first or last
    line. With `--engine none` both sides show the same (untranslated) text, so an aligned
    spread has the same lines on both pages."""
    if shutil.which("pdftotext") is None:
        return None

    def lines(number: int) -> list[str]:
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
        ).stdout
        return [line for line in text.splitlines() if line.strip() and not line.isdigit()]

    bad = 0
    for left in range(2, count, 2):
        a, b = lines(left), lines(left + 1)
        bad += a[:1] != b[:1] or a[-1:] != b[-1:]
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--paper", default="a4")
    args = parser.parse_args()
    results: dict = {"count": args.count, "paper": args.paper, "exports": {}}
    with tempfile.TemporaryDirectory(prefix="diptych-books-") as folder:
        root = Path(folder)
        make_project(root, args.count)
        results["translate"] = run(root, ["translate", "--engine", "none"])
        for fmt, layout in RUNS:
            figures = run(
                root, ["export", "--format", fmt, "--layout", layout, "--paper", args.paper]
            )
            book = root / "build" / f"book.en.{layout}.{fmt}"
            figures["mb"] = round(book.stat().st_size / 1e6, 2)
            figures["pages"] = pages(book)
            if layout == "facing" and figures["pages"]:
                figures["misaligned_spreads"] = misaligned_spreads(book, figures["pages"])
            results["exports"][f"{fmt} {layout}"] = figures
            print(f"{fmt:4} {layout:12} {json.dumps(figures)}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
