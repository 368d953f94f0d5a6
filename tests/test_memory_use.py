"""Memory of reading and segmenting a large Markdown article stays a bounded multiple of its
size (bench/memory.py measures every command on 5, 10 and 50 MB; this keeps the reading
stage from holding a whole token tree again)."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from memory import article  # noqa: E402

from translate.catalog import distinct_segments  # noqa: E402
from translate.decode import Reading  # noqa: E402
from translate.read import read_article  # noqa: E402
from translate.segment import segment_document  # noqa: E402

# Peak Python heap while reading, segmenting and grouping, per byte of the UTF-8 article.
# Its text is held as 2-byte characters (typographic apostrophes), so holding the text, the
# blocks, the segments and the msgids is already about 13 bytes per article byte; reading
# with a token tree for every inline markup run cost 20.
BOUND = 16


def test_reading_and_segmenting_memory_is_bounded_by_the_article_size(tmp_path: Path) -> None:
    data = article(1.0)
    path = tmp_path / "dossier.md"
    path.write_bytes(data)
    tracemalloc.start()
    try:
        document = read_article(path, reading=Reading(max_bytes=len(data) + 1))
        occurrences = distinct_segments(document, segment_document(document))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(occurrences) > 100
    assert peak < BOUND * len(data), f"peak {peak / len(data):.1f}× the article size"
