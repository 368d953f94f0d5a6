"""Export writes a page as it makes it: what exporting one large article adds to the memory
that reading and aligning it already hold is a small multiple of the article, in every
format and layout (bench/memory.py measures whole commands on 5 and 50 MB articles).

A page is about five times its article (an HTML page, with its spans and attributes) and
Python holds text as 2-byte characters once a typographic apostrophe is in it, so a page
built whole before it is written, with its encoded bytes, costs 15 to 60 times the article.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from memory import article  # noqa: E402

import translate.export.job as job  # noqa: E402
from translate.export import export_project  # noqa: E402
from translate.project import load_project  # noqa: E402

# Peak memory export adds after alignment, per byte of the UTF-8 article: measured 2 to 6
# (the edits of a Markdown layout, a batch of the page being written); a page held whole
# before it is written costs at least 15.
BOUND = 9
CASES = [
    (fmt, layout) for fmt in ("html", "md") for layout in ("side-by-side", "interleaved", "target")
]


@pytest.fixture(scope="module")
def project_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large")
    (root / "seeds").mkdir()
    (root / "seeds" / "dossier.md").write_bytes(article(0.4))
    (root / "diptych.toml").write_text("max_article_mb = 5\n", encoding="utf-8")
    warm = tmp_path_factory.mktemp("warm")  # imports and compiled templates, before tracing
    (warm / "seeds").mkdir()
    (warm / "seeds" / "dossier.md").write_bytes(article(0.01))
    for fmt, layout in CASES:
        export_project(load_project(warm), formats=(fmt,), layout=layout)
    return root


@pytest.mark.parametrize(("fmt", "layout"), CASES)
def test_export_adds_a_small_multiple_of_the_article_to_memory(
    project_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, layout: str
) -> None:
    size = (project_root / "seeds" / "dossier.md").stat().st_size
    aligned_at: list[int] = []
    align = job.align_article

    def measured_align(*args, **kwargs):
        aligned = align(*args, **kwargs)
        aligned_at.append(tracemalloc.get_traced_memory()[0])
        tracemalloc.reset_peak()
        return aligned

    monkeypatch.setattr(job, "align_article", measured_align)
    tracemalloc.start()
    try:
        result = export_project(
            load_project(project_root), formats=(fmt,), layout=layout, out_dir=tmp_path
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.failures and len(aligned_at) == 1
    page = next(path for path in result.written if path.name.startswith("dossier."))
    assert page.stat().st_size > size  # the whole page was written
    added = peak - aligned_at[0]
    assert added < BOUND * size, f"export added {added / size:.1f}× the article size"
