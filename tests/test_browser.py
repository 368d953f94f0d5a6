"""The side-by-side page in a real browser: columns at desktop width, stacked on a phone.

Needs headless Chromium (`apt-get install -y chromium`); skipped where it is missing. The page
under test is a copy with a probe script appended that writes element boxes into the DOM,
which `--dump-dom` then returns. Screenshots go to the test's temporary folder (set
DIPTYCH_SCREENSHOTS=DIR to keep them for a person to look at).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from translate.align import align_article
from translate.catalog import load_catalog
from translate.export import render_html
from translate.read import read_article
from translate.segment import segment_document

GOLDEN = Path(__file__).parent / "golden" / "export"

PROBE = """
<script>
(function () {
  function box(selector) {
    var el = document.querySelector(selector);
    if (!el) { return null; }
    var r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, width: r.width, height: r.height};
  }
  var source = document.getElementById("s2-fr");
  source.focus();
  // A headless window may lack system focus, and then focus() fires no focusin: send the
  // event keyboard focus would send, so the page's own handlers are what is tested.
  var hadSystemFocus = document.hasFocus();
  if (!hadSystemFocus) {
    source.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
  }
  var result = {
    src: box("#b2 .cell.src"),
    tgt: box("#b2 .cell.tgt"),
    next: box("#b3 .cell.src"),
    pairedOnFocus: document.getElementById("s2-en").classList.contains("pair"),
    focused: document.activeElement === source
  };
  source.blur();
  if (!hadSystemFocus) {
    source.dispatchEvent(new FocusEvent("focusout", {bubbles: true}));
  }
  result.unpairedOnBlur = !document.getElementById("s2-en").classList.contains("pair");
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
})();
</script>
"""


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(browser: str, tmp: Path, url: str, width: int, extra: list[str]) -> str:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        f"--window-size={width},900",
        *extra,
        url,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def _shots(tmp: Path) -> Path:
    folder = Path(os.environ.get("DIPTYCH_SCREENSHOTS") or tmp / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _probe(browser: str, tmp: Path, page: Path, width: int) -> dict:
    dom = _run(browser, tmp, page.as_uri(), width, ["--dump-dom"])
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert match, "the probe script did not run"
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.slow
def test_side_by_side_page_in_headless_chromium(tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium not found: `apt-get install -y chromium` to run the browser test")
    document = read_article(GOLDEN / "article.md", "seeds/article.md")
    article = align_article(
        document, load_catalog(GOLDEN / "article.en.po"), segment_document(document)
    )
    html = render_html(article)
    page = tmp_path / "page.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")

    wide = _probe(browser, tmp_path, page, 1280)
    src, tgt = wide["src"], wide["tgt"]
    assert tgt["left"] >= src["left"] + src["width"]  # two columns, source on the left
    assert abs(tgt["top"] - src["top"]) < 1  # the paragraph and its translation start level
    assert wide["next"]["top"] >= max(src["top"] + src["height"], tgt["top"] + tgt["height"])
    assert wide["focused"] and wide["pairedOnFocus"] and wide["unpairedOnBlur"]

    narrow = _probe(browser, tmp_path, page, 400)
    src, tgt = narrow["src"], narrow["tgt"]
    assert tgt["top"] >= src["top"] + src["height"]  # stacked: translation under the source
    assert abs(tgt["left"] - src["left"]) < 40

    shots = _shots(tmp_path)
    clean = tmp_path / "clean.html"
    clean.write_text(html, encoding="utf-8")
    for width, name in ((1280, "export-side-by-side.png"), (400, "export-narrow.png")):
        target = shots / name
        _run(browser, tmp_path, clean.as_uri(), width, [f"--screenshot={target}"])
        assert target.stat().st_size > 10_000


LAYOUT_PROBE = """
<script>
(function () {
  var result = {page: document.documentElement.scrollWidth, view: window.innerWidth, cells: []};
  document.querySelectorAll(".cell, .index td, table.qa td").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1) { result.cells.push(el.className || el.tagName); }
  });
  var reviewed = document.querySelector(".legend .st-reviewed");
  if (reviewed) {
    var sample = getComputedStyle(reviewed, "::before");
    result.reviewedSample = parseFloat(sample.width) > 0 && sample.borderTopStyle !== "none";
  }
  var src = document.querySelector(".title-src"), tgt = document.querySelector(".title-tgt");
  if (src && tgt) {
    var a = getComputedStyle(src), b = getComputedStyle(tgt);
    result.titlesDiffer = a.fontStyle !== b.fontStyle || a.fontWeight !== b.fontWeight;
    result.titlesStacked = tgt.getBoundingClientRect().top > src.getBoundingClientRect().top;
  }
  var findings = document.querySelector("table.qa th:nth-child(3)");
  if (findings) { result.findings = findings.getBoundingClientRect().width; }
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
})();
</script>
"""

LONG_WORD = "https://example.org/" + "cheminSansCoupure" * 12  # no hyphen to break at


def _layout_pages(tmp: Path) -> dict[str, str]:
    """A side-by-side page with a table, footnote, quote and a long unbroken word; the index;
    a review report with long findings."""
    from types import SimpleNamespace

    import polib

    from translate.export import IndexEntry, render_index
    from translate.review import QAItem, Summary, render_review_html
    from translate.states import StateCounts

    article_path = tmp / "fidelity.md"
    article_path.write_text(
        (GOLDEN / "fidelity.md").read_text(encoding="utf-8")
        + f"\nLe lien {LONG_WORD} et Jean-Pierre-Marie-Dupont-de-la-Villemarqué.\n",
        encoding="utf-8",
    )
    document = read_article(article_path, "seeds/fidelity.md")
    catalog = load_catalog(GOLDEN / "fidelity.en.po")
    article = align_article(document, catalog, segment_document(document))
    finding = {
        "severity": "warning",
        "check": "numbers",
        "message": "the number 12 of the source is not in the translation; "
        "check the figures of the table and of the paragraph above it",
    }
    review = SimpleNamespace(
        article="fidelity",
        source="seeds/fidelity.md",
        target="en",
        catalog="locales/en/fidelity.po",
        machine_translation="argos",
        summary=Summary(StateCounts.of(["reviewed"]), None, 0, 0, 1, False),
        post_edits=(),
        source_changes=(),
        check_first=(),
        qa=(
            QAItem(
                "Le maire a présenté " * 8 + LONG_WORD,
                "The mayor presented " * 8,
                "reviewed",
                (finding, finding),
            ),
        ),
    )
    del polib
    return {
        "page": render_html(article),
        "index": render_index([IndexEntry.of(article, ("fidelity.en.html",))]),
        "review": render_review_html(review),
    }


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 400])
def test_layout_details_in_headless_chromium(tmp_path, width):
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium not found: `apt-get install -y chromium` to run the browser test")
    shots = _shots(tmp_path)
    for name, html in _layout_pages(tmp_path).items():
        page = tmp_path / f"{name}.html"
        page.write_text(html.replace("</body>", LAYOUT_PROBE + "</body>"), encoding="utf-8")
        result = _probe(browser, tmp_path, page, width)
        assert result["page"] <= result["view"], (name, result)  # nothing runs off the page
        assert result["cells"] == [], (name, result)  # long words wrap inside their column
        if name == "page":
            assert result["reviewedSample"]  # the legend shows a sample for "reviewed" too
        if name == "index":
            assert result["titlesDiffer"] and result["titlesStacked"]
        if name == "review" and width == 1280:
            assert result["findings"] >= 300, result  # the findings column is not squeezed
        clean = tmp_path / f"{name}-clean.html"
        clean.write_text(html, encoding="utf-8")
        target = shots / f"{name}-{width}.png"
        target.unlink(missing_ok=True)
        _run(browser, tmp_path, clean.as_uri(), width, [f"--screenshot={target}"])
        assert target.stat().st_size > 5_000
