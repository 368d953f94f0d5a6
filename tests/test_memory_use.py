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


# Peak Python heap of `translate`'s and `status`'s reading (`segment_source`), per byte of
# the article, counting the decoded text the caller holds (about 2 bytes a byte here): the
# Markdown parsed a top-level block at a time and segmented as it goes, only the msgids and
# places kept. Parsing the whole token tree, then holding every block and every segment,
# cost about 13.
SEGMENTING_BOUND = 8
# Peak heap of digesting an article that is only checked for changes (status, review, an
# unchanged article in translate): a chunk at a time, whatever the article's size.
DIGEST_BOUND = 0.5


def _project(tmp_path: Path, megabytes: float) -> tuple[Path, bytes]:
    data = article(megabytes)
    (tmp_path / "seeds").mkdir()
    path = tmp_path / "seeds" / "dossier.md"
    path.write_bytes(data)
    return path, data


def test_segmenting_an_article_for_its_catalog_holds_little_beside_its_text(tmp_path: Path):
    from translate.articles import segment_source
    from translate.decode import read_source
    from translate.project import load_project

    path, data = _project(tmp_path, 1.0)
    project = load_project(tmp_path)
    tracemalloc.start()
    try:
        source = read_source(path, "seeds/dossier.md", Reading(max_bytes=len(data) + 1))
        found = segment_source(project, source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(found.occurrences) > 1000 and found.document.blocks == ()
    assert peak < SEGMENTING_BOUND * len(data), f"peak {peak / len(data):.1f}× the article"


def test_an_article_only_checked_for_changes_is_digested_a_chunk_at_a_time(tmp_path: Path):
    from translate.decode import read_source, streamed_digest

    path, data = _project(tmp_path, 4.0)
    reading = Reading(max_bytes=len(data) + 1)
    tracemalloc.start()
    try:
        digest = streamed_digest(path, "seeds/dossier.md", reading)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest == read_source(path, "seeds/dossier.md", reading).digest
    assert peak < DIGEST_BOUND * len(data), f"peak {peak / len(data):.2f}× the article"
