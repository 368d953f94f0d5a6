"""Identity round trip: a Markdown document whose every msgstr equals its msgid comes back
from the target export rendering to the same HTML (markdown-it-py, CommonMark preset).

Measured on corpora diptych did not write (tests/corpora/markdown, see its README). Raw HTML
is the construct diptych changes on purpose (HTML blocks shown as code, inline HTML escaped):
documents that have it are counted apart, as in bench/roundtrip.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import roundtrip  # noqa: E402


@pytest.fixture(scope="module")
def outcomes():
    return {
        corpus: [(name, roundtrip.roundtrip(text)) for _, name, text in cases]
        for corpus, cases in roundtrip.corpora().items()
    }


def _kept(items):
    return [(name, o) for name, o in items if o.article and not o.raw_html]


def test_commonmark_spec_examples_round_trip(outcomes):
    kept = _kept(outcomes["CommonMark spec"])
    same = sum(o.same for _, o in kept)
    assert len(kept) > 400
    # below 1: autolinks of schemes outside the export allowlist (irc:, made-up ones) are
    # written as text on purpose, and a block rewritten for safety joins its lines
    assert same / len(kept) >= 0.96, [name for name, o in kept if not o.same]


def test_mdpo_documents_round_trip(outcomes):
    kept = _kept(outcomes["mdpo"])
    assert len(kept) > 40
    assert [name for name, o in kept if not o.same] == []


def test_every_top_level_block_of_real_readmes_round_trips(outcomes):
    articles = [o for _, o in outcomes["READMEs"] if o.article]
    assert len(articles) == 3
    assert sum(o.blocks for o in articles) > 100
    assert [o.blocks_same for o in articles] == [o.blocks for o in articles]


@pytest.mark.parametrize(
    "text",
    [
        "# Titre\n\n- un\n- deux\n\n1. trois\n2. quatre\n",  # tight lists stay tight
        'Voir [le site][metro].\n\n[metro]: https://example.org "Métro"\n',
        "- a\n-\n- c\n\n-     code\n- > quote\n- ---\n",  # empty items, blocks opening items
        "Lien [x](<a b>) et <https://example.org> puis <foo+bar@example.org>.\n",
        "Ligne\\\ncoupée et `code   espacé` ici.\n",
        "### 1. BOS\n",
        "> un\n>\n> deux\n",
    ],
)
def test_causes_of_lost_structure_are_fixed(text):
    outcome = roundtrip.roundtrip(text)
    assert outcome.same, outcome.exported


@pytest.mark.parametrize(
    "text",
    [
        "- a\n- b\n",
        "Voir [le site][metro].\n\n[metro]: https://example.org\n",
        "### 1. BOS\n",
        "# foo \\#\n",  # an escaped closing '#' is not escaped twice
        "*-*\n",  # emphasis, not a rule
        "``` ```\naaa\n",  # a code span, not a fence
        "Un ***\n\n-- deux\n",
    ],
)
def test_rewritten_blocks_keep_their_structure(text):
    """When every block is written anew (as a changed translation is), structure holds."""
    exported = roundtrip.identity_export(text, rewrite=True)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    # a block written anew is on one line: soft line breaks become spaces, as HTML shows them
    assert roundtrip._loose(md.render(exported)) == roundtrip._loose(md.render(text)), exported


def test_a_backslash_hard_break_leaves_no_backslash_when_rewritten():
    exported = roundtrip.identity_export("Ligne\\\ncoupée ici.\n", rewrite=True)
    from markdown_it import MarkdownIt

    assert "\\" not in MarkdownIt("commonmark").render(exported), exported
