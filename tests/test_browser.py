"""The side-by-side page in a real browser: columns at desktop width, stacked on a phone.

Needs headless Chromium (`apt-get install -y chromium`); skipped where it is missing. The page
under test is a copy with a probe script appended that writes element boxes into the DOM,
which `--dump-dom` then returns. Screenshots go to the test's temporary folder (pytest
keeps the last runs' folders, so a person can look at them); the repository stays clean.
"""

from __future__ import annotations

import json
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

    shots = tmp_path / "screenshots"
    shots.mkdir()
    clean = tmp_path / "clean.html"
    clean.write_text(html, encoding="utf-8")
    for width, name in ((1280, "export-side-by-side.png"), (400, "export-narrow.png")):
        target = shots / name
        _run(browser, tmp_path, clean.as_uri(), width, [f"--screenshot={target}"])
        assert target.stat().st_size > 10_000
