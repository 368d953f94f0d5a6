"""Inline Markdown protection on one huge paragraph: time must grow linearly with its length.

A 1 MB Markdown paragraph full of `*`, `_`, `[` and backticks (emphasis, footnote-like
stars, links, brackets that close nothing, code spans, unmatched backticks) is segmented as
`translate` segments it, then every segment goes through `protect` and `restore` (with the
masked text standing in for the model's output). Reports seconds for segmentation and for
the markup round trip, at 1/4 and full size, and their ratio (about 4 when linear).

    python bench/markup.py             # 1 MB
    python bench/markup.py --mb 2

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

from translate.languages import get_profile  # noqa: E402
from translate.markup import protect, restore  # noqa: E402
from translate.read import Source, parse_source  # noqa: E402
from translate.segment import segment_document  # noqa: E402

UNIT = (
    "Le *mot* et _autre_ note* [lien](https://exemple.org/a) `code` fin [x] a* b_ c` "
    "**fort** [[ouvert ___tiré___ `` ` `` *a _b* c_ "
)


def paragraph(size: int) -> str:
    """One paragraph (no blank line, no sentence end) of `size` characters of markup."""
    return (UNIT * (size // len(UNIT) + 1))[:size]


def measure(size: int) -> dict:
    text = paragraph(size)
    source = Source(Path("long.md"), "long.md", text + "\n", "utf-8", ())
    start = time.perf_counter()
    document = parse_source(source)
    segments = segment_document(document, (), get_profile("fr")[0])
    segmented = time.perf_counter()
    pieces = 0
    for segment in segments:
        protected = protect(segment.msgid)
        pieces += len(protected.pieces)
        restored = restore(protected, protected.masked)
        assert restored.text == segment.msgid, "markup did not round-trip"
    done = time.perf_counter()
    return {
        "chars": size,
        "segments": len(segments),
        "pieces": pieces,
        "segment_s": round(segmented - start, 3),
        "markup_s": round(done - segmented, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    small, full = measure(size // 4), measure(size)
    for row in (small, full):
        print(
            f"{row['chars']:>9} chars  {row['segments']:>5} segments  {row['pieces']:>6} pieces  "
            f"segment {row['segment_s']:.3f} s  protect+restore {row['markup_s']:.3f} s"
        )
    ratio = full["markup_s"] / max(small["markup_s"], 1e-9)
    print(f"markup time ratio for 4x the text: {ratio:.1f} (linear: about 4)")
    print(json.dumps({"small": small, "full": full, "ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
