"""`diptych serve` end to end in Chromium, driven by Playwright's Python API.

Starts the real command on a copy of a machine-translated project, approves one sentence by
mouse and one by keyboard only while a PO editor (polib) saves another entry, and checks the
PO file, `status` and the review report; then the request checks from outside, axe-core, the
layout at 1280 and 390 px, and Ctrl-C. Needs Chromium at /usr/bin/chromium (tests/setup.sh
installs it; Playwright drives it, no browser is downloaded) and axe-core from npm
(tests/setup.sh); skipped, saying why, without them. Screenshots go to the test's temporary
folder, or to DIPTYCH_SCREENSHOTS=DIR for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import polib
import pytest
from test_serve import SLUG, assert_only_changed, machine_project  # noqa: F401

from translate.postore import entry_content

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / ".venv" / "axe" / "node_modules" / "axe-core"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOUSE_TEXT = "A resounding departure has shaken Anthropic."
KEYBOARD_TEXT = "Approved from the keyboard alone."
POEDIT_TEXT = "Saved in a PO editor during the session."


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return "Chromium not found at /usr/bin/chromium (tests/setup.sh installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason())),
]


@pytest.fixture
def server(machine_project: Path, tmp_path: Path):  # noqa: F811 - the fixture of test_serve
    """`diptych serve --port 0` on a copy of the project: (root, url with token, process)."""
    root = tmp_path / "project"
    shutil.copytree(machine_project, root)
    _mark_one_entry(_po(root))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "--project", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", line)
    assert match, line + process.stderr.read() if process.poll() is not None else line
    yield root, match.group(1), process
    if process.poll() is None:
        process.kill()
        process.wait(10)


LOW = "Sharma dirigeait l'équipe"


def _mark_one_entry(path: Path) -> None:
    """Give one machine entry a low confidence, a glossary term and a previous source, as
    `translate` writes them (edited as text, so the file stays as diptych wrote it)."""
    text = path.read_text(encoding="utf-8")
    mt = f"#. mt: EN<{LOW}"
    start = text.index(mt)
    end = text.index("\n", start)
    text = (
        text[: end + 1]
        + "#. mt-confidence: 23\n#. term: garde-fous → guardrails\n"
        + text[end + 1 :]
    )
    fuzzy = text.index("#, fuzzy\n", start) + len("#, fuzzy\n")
    previous = '#| msgid "Sharma dirigeait l\'équipe de sécurité."\n'
    path.write_text(text[:fuzzy] + previous + text[fuzzy:], encoding="utf-8")


def _shots(tmp: Path) -> Path:
    folder = Path(os.environ.get("DIPTYCH_SCREENSHOTS") or tmp / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _status(code: int, url: str, headers: dict | None = None, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _po(root: Path) -> Path:
    return root / "locales" / "en" / f"{SLUG}.po"


def test_review_in_the_browser_end_to_end(server, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    root, url, process = server
    before = _po(root).read_text(encoding="utf-8")
    base = url.split("?")[0].rstrip("/")
    shots = _shots(tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        assert "token" not in page.url  # the token became a cookie
        expect(page.locator("h1")).to_have_text("Articles")
        page.screenshot(path=str(shots / "serve-index.png"))
        page.get_by_role("link", name=re.compile("Mriyank Sharma")).click()

        # by mouse: click the sentence, correct it, click Approve
        page.locator("#seg2").click()
        textarea = page.locator("#ed-text")
        expect(textarea).to_be_focused()
        textarea.fill(MOUSE_TEXT)
        page.get_by_role("button", name="Approve").click()
        expect(page.locator("#live")).to_have_text("Approved.")
        expect(page.locator("#seg2")).to_have_class(re.compile("st-reviewed"))
        after_mouse = _po(root).read_text(encoding="utf-8")
        mouse_entry = next(e for e in polib.pofile(after_mouse) if e.msgstr == MOUSE_TEXT)
        assert_only_changed(before, after_mouse, {mouse_entry.msgid})  # the rest byte-identical

        # a PO editor saves another entry while the page is open: the page shows it
        catalog = polib.pofile(str(_po(root)))
        other = [e for e in catalog if e.msgid and "fuzzy" in e.flags][-1]
        other.msgstr = POEDIT_TEXT
        catalog.save(str(_po(root)))
        saved_by_poedit = polib.pofile(str(_po(root)))
        expect(page.locator(".tgt .s", has_text=POEDIT_TEXT)).to_have_count(1, timeout=10_000)

        # by keyboard only: next to review, edit, replace, approve with Ctrl+Enter
        page.locator("#ed-close").focus()
        page.keyboard.press("Escape")
        page.keyboard.press("j")
        current = page.locator(".tgt .s.current")
        expect(current).to_have_count(1)
        keyboard_id = current.get_attribute("data-id")
        assert current.text_content().startswith(f"EN<{LOW}")  # lowest confidence first
        expect(page.locator("#ed-conf")).to_have_text("23 / 100")
        expect(page.locator("#ed-terms")).to_have_text("garde-fous → guardrails")
        expect(page.locator("#ed-prev")).to_contain_text("équipe de sécurité")
        expect(page.locator("#ed-mt")).to_contain_text(f"EN<{LOW}")
        page.keyboard.press("e")
        expect(textarea).to_be_focused()
        page.keyboard.press("Control+a")
        page.keyboard.type(KEYBOARD_TEXT)
        page.keyboard.press("Control+Enter")
        expect(page.locator("#live")).to_have_text("Approved.")
        expect(page.locator(f"#seg{keyboard_id}")).to_have_text(KEYBOARD_TEXT)
        expect(page.locator("#progress")).to_contain_text("(2 of ")  # the header follows

        page.keyboard.press("Escape")
        page.screenshot(path=str(shots / "serve.png"))
        page.keyboard.press("u")  # undo the keyboard's approval, then approve it again
        expect(page.locator("#live")).to_have_text("Undone.")
        expect(page.locator(f"#seg{keyboard_id}")).to_have_class(re.compile("st-machine"))
        page.locator(f"#seg{keyboard_id}").click()
        page.locator("#ed-text").fill(KEYBOARD_TEXT)
        page.locator(f"#seg{keyboard_id}").evaluate("s => s.closest('.row').scrollIntoView()")
        page.screenshot(path=str(shots / "serve-editor.png"))
        page.keyboard.press("Control+Enter")
        expect(page.locator("#live")).to_have_text("Approved.")

        # accessibility: axe-core over the article page (editor open) and the index
        if (AXE / "axe.min.js").exists():
            for where in (None, base + "/"):
                if where:
                    page.goto(where)
                page.evaluate((AXE / "axe.min.js").read_text(encoding="utf-8"))
                violations = page.evaluate(
                    "axe.run().then(r => r.violations.map(v => v.id + ': ' + "
                    "v.nodes.map(n => n.target.join(' ')).join(', ')))"
                )
                assert violations == [], violations

        # 390 px: stacked, nothing wider than the screen
        narrow = browser.new_page(viewport={"width": 390, "height": 844})
        narrow.goto(url)
        narrow.goto(f"{base}/a/{SLUG}/en")
        src = narrow.locator(".row").nth(1).locator(".cell.src").bounding_box()
        tgt = narrow.locator(".row").nth(1).locator(".cell.tgt").bounding_box()
        assert tgt["y"] >= src["y"] + src["height"] - 1  # translation under its source
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
        narrow.locator("#seg2").click()
        narrow.screenshot(path=str(shots / "serve-narrow.png"))
        narrow.goto(base + "/")
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
        narrow.screenshot(path=str(shots / "serve-index-narrow.png"))
        browser.close()

    after = _po(root).read_text(encoding="utf-8")
    final = polib.pofile(after)
    keyboard_entry = next(e for e in final if e.msgstr == KEYBOARD_TEXT)
    for text in (MOUSE_TEXT, KEYBOARD_TEXT):
        entry = next(e for e in final if e.msgstr == text)
        assert "fuzzy" not in entry.flags
    assert final.find(other.msgid).msgstr == POEDIT_TEXT  # the concurrent save is kept
    # the keyboard's save merged with the PO editor's file: every other entry says what the
    # editor saved (diptych writes it wrapped as msgcat does, as every command does)
    unchanged = [entry_content(e) for e in saved_by_poedit if e.msgid != keyboard_entry.msgid]
    assert [entry_content(e) for e in final if e.msgid != keyboard_entry.msgid] == unchanged
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(_po(root))], check=True)

    # status and the review report agree with what was approved
    cli = [sys.executable, "-m", "translate", "--project", str(root)]
    status = json.loads(
        subprocess.run([*cli, "status", "--json"], capture_output=True, text=True).stdout
    )
    row = next(r for r in status["articles"] if r["article"] == SLUG)
    assert row["reviewed"] == 2
    subprocess.run([*cli, "review", SLUG], capture_output=True, check=True)
    report = json.loads((root / "reviews" / f"{SLUG}.en.json").read_text(encoding="utf-8"))
    assert report["summary"]["counts"]["reviewed"] == 2
    assert report["summary"]["counts"]["edited"] == row["edited"] == 1  # the PO editor's draft

    # from outside: no token, a foreign Host, a cross-site POST
    assert _status(403, base + "/") == 403
    assert _status(403, f"{base}/a/{SLUG}/en") == 403
    token = url.split("token=")[1]
    cookie = {"Cookie": f"diptych-token-{base.rsplit(':', 1)[1]}={token}"}
    assert _status(200, base + "/", cookie) == 200  # the same request with the token passes
    assert _status(403, base + "/", {**cookie, "Host": "attacker.example"}) == 403
    body = json.dumps({"msgid": "x", "base": "y", "msgstr": "z", "fuzzy": False, "comment": ""})
    post = {**cookie, "Content-Type": "application/json", "Origin": "http://attacker.example"}
    assert _status(403, f"{base}/a/{SLUG}/en/entry", post, body.encode()) == 403
    assert _po(root).read_text(encoding="utf-8") == after

    # Ctrl-C stops cleanly: no temporary file left beside the catalogs
    process.send_signal(signal.SIGINT)
    assert process.wait(20) in (0, 130)
    assert sorted(p.name for p in _po(root).parent.iterdir()) == sorted(
        p.name for p in _po(root).parent.iterdir() if p.suffix == ".po"
    )


def test_a_conflict_is_shown_and_two_tabs_stay_in_step(server) -> None:
    """Text typed in one tab while the same sentence is saved on disk: Approve shows both
    versions and writes nothing until the reviewer keeps one; another tab follows."""
    from playwright.sync_api import expect, sync_playwright

    root, url, _process = server
    base = url.split("?")[0].rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        first, second = context.new_page(), context.new_page()
        first.goto(url)
        for tab in (first, second):
            tab.goto(f"{base}/a/{SLUG}/en")
        first.locator("#seg2").click()
        first.locator("#ed-text").fill("Mine, typed in the first tab.")

        catalog = polib.pofile(str(_po(root)))
        msgid = first.evaluate("JSON.parse(document.getElementById('data').textContent)")[
            "segments"
        ]["2"]
        catalog.find(msgid).msgstr = "Theirs, saved on disk."
        catalog.save(str(_po(root)))
        expect(first.locator("#live")).to_contain_text("changed on disk", timeout=10_000)
        expect(first.locator("#ed-text")).to_have_value("Mine, typed in the first tab.")
        on_disk = _po(root).read_bytes()

        first.get_by_role("button", name="Approve").click()
        expect(first.locator("#ed-conflict")).to_be_visible()
        expect(first.locator("#ed-theirs")).to_have_text("Theirs, saved on disk.")
        expect(first.locator("#ed-yours")).to_have_text("Mine, typed in the first tab.")
        assert _po(root).read_bytes() == on_disk  # nothing written behind the reviewer's back

        first.get_by_role("button", name="Keep mine").click()
        expect(first.locator("#live")).to_have_text("Saved your version.")
        entry = polib.pofile(str(_po(root))).find(msgid)
        assert entry.msgstr == "Mine, typed in the first tab." and "fuzzy" not in entry.flags

        # the second tab follows, and its own quick approvals, one after another, all land
        expect(second.locator("#seg2")).to_have_text(
            "Mine, typed in the first tab.", timeout=10_000
        )
        second.locator("body").focus()
        for _ in range(4):
            second.keyboard.press("j")
            second.keyboard.press("a")
            expect(second.locator("#live")).to_have_text("Approved.")
            second.evaluate("document.getElementById('live').textContent = ''")

        # the index is live too: an approval made in a PO editor shows up
        first.goto(base + "/")
        row = first.locator("tr", has_text=SLUG)
        expect(row).to_contain_text("(5 of 13")
        catalog = polib.pofile(str(_po(root)))
        next(e for e in catalog if e.msgid and "fuzzy" in e.flags).flags.remove("fuzzy")
        catalog.save(str(_po(root)))
        expect(first.locator("tr", has_text=SLUG)).to_contain_text("(6 of 13", timeout=10_000)
        browser.close()
    final = polib.pofile(str(_po(root)))
    reviewed = [e for e in final if e.msgid and e.msgstr and "fuzzy" not in e.flags]
    assert len(reviewed) == 1 + 4 + 1
