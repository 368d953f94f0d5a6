"""diptych writes PO files byte for byte as GNU gettext does (`msgcat` is the oracle), so a
catalog saved by gettext's tools, Poedit or diptych never shows a re-wrap diff."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.catalog import load_catalog, render_catalog

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs GNU msgcat")
TESTS = Path(__file__).parent
REPO = TESTS.parent

PIECES = [
    "le",
    "conseil",
    "municipal",
    "a",
    "voté",
    "budget",
    "l’intelligence",
    "d’OpenAI",
    "aujourd'hui",
    "au-dessus",
    "Jean-Pierre",
    "well-known",
    "e-mail",
    "et/ou",
    "and/or",
    "https://example.org/a/b",
    "«",
    "»",
    "“quoted”",
    "(entre",
    "parenthèses)",
    "[note]",
    "10 %",
    "3,5",
    "1 000",
    "20-30",
    "2026-11-24",
    "$5",
    "5 €",
    "AnticonstitutionnellementAnticonstitutionnellement",
    "x" * 90,
    "fin.",
    "vraiment ?",
    "non !",
    "oui;",
    "deux:",
    "—",
    "–",
    "…",
    "\\",
    '"',
    "a\\b",
    "tab\there",
    "\n",
    "ligne\n",
    "C++",
    "#hash",
    "*gras*",
    "_souligné_",
    "`code`",
    "[lien](http://x.fr)",
    "<b>",
    "a\u00a0:",
    "été",
    "œuvre",
    "ÇA",
    "l’",
    "’s",
    "don't",
    "rock'n'roll",
    "--",
    "-",
    "/",
    "a.b.c",
    "1.5",
    "-5",
    "+33",
]
text = st.lists(st.sampled_from(PIECES), min_size=0, max_size=40).map(lambda words: " ".join(words))


def _gnu(po_text: str) -> str:
    done = subprocess.run(["msgcat", "-"], input=po_text.encode(), capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(text, text, st.booleans()), min_size=1, max_size=12))
def test_wrapping_matches_msgcat(pairs):
    catalog = polib.POFile()
    catalog.header = "a header comment"
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "X-Long": " ".join(words for words, _, _ in pairs)[:200].replace("\n", " "),
    }
    seen = set()
    for number, (msgid, msgstr, obsolete) in enumerate(pairs):
        msgid = f"{number} {msgid}"
        if msgid in seen:
            continue
        seen.add(msgid)
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=msgstr,
            occurrences=[("seeds/article.md", str(n)) for n in range(number % 9)],
            comment=f"paragraph\nmt: {msgstr}" if "\n" not in msgstr else "paragraph",
            flags=["fuzzy"] if number % 2 else [],
            previous_msgid=msgstr if number % 3 == 0 else None,
            # msgcat drops obsolete entries without a translation, which diptych keeps
            # when they hold a translator's comment
            obsolete=obsolete and bool(msgstr),
        )
        catalog.append(entry)
    ours = render_catalog(catalog)
    assert _gnu(ours) == ours


def test_every_fixture_and_golden_catalog_renders_as_msgcat_writes_it():
    paths = sorted(TESTS.glob("fixtures/**/*.po")) + sorted(TESTS.glob("golden/**/*.po"))
    assert len(paths) > 5
    for path in paths:
        ours = render_catalog(load_catalog(path))
        assert _gnu(ours) == ours, path


def test_one_page_width_is_gettexts_and_every_catalog_object_uses_it(tmp_path):
    """PAGE_WIDTH is what msgcat fills lines to by default, and the catalogs diptych reads or
    creates carry it as polib's `wrapwidth` (polib's own default, 78, is not gettext's)."""
    from translate import catalog, powrite

    words = " ".join(f"mot{i}" for i in range(200))  # lines that fill the page exactly
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    gnu = _gnu(f'{header}msgid "{words}"\nmsgstr ""\n')
    assert max(len(line) for line in gnu.splitlines()) == powrite.PAGE_WIDTH
    po = tmp_path / "a.po"
    po.write_text(gnu, encoding="utf-8")
    assert load_catalog(po).wrapwidth == catalog.WRAP_WIDTH == powrite.PAGE_WIDTH
