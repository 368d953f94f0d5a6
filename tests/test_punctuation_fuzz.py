"""Generated runs of Markdown punctuation go through every stage (read, segment,
protect/restore, every export layout in both formats) without an error and in bounded time:
the inputs that once made a stage quadratic or worse (runs of `[`, `*`, backticks, `<`,
sentence punctuation) are what the generator is made of."""

from __future__ import annotations

import time
from pathlib import Path

import polib
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from translate.align import align_article
from translate.errors import ArticleError
from translate.export import render_html, render_markdown
from translate.markup import protect, restore
from translate.pages import LAYOUTS
from translate.read import Source, parse_source
from translate.segment import segment_document

# Each piece is repeated to make a run; letters and spaces keep some segments translatable.
PIECES = [
    "[", "]", "(", ")", "](", "*", "**", "_", "`", "``", "<", "</", ">", "<a ", "!", "?",
    ".", "…", "!?", "«", "»", '"', "'", "\\", "#", "-", "|", "~", "{{", "}}", "&", "&#",
    " ", "\n", "\n\n", "mot", "Texte. ", "1. ", "> ",
]  # fmt: skip
RUN = st.tuples(st.sampled_from(PIECES), st.integers(min_value=1, max_value=600))
TEXTS = st.lists(RUN, min_size=1, max_size=40).map(lambda runs: "".join(p * n for p, n in runs))
# Processor seconds one article of up to ~30 KB may take through every stage; a quadratic
# stage on a 20 KB run takes far longer.
BOUND = 8.0


def _through_every_stage(body: str) -> None:
    text = f"# Titre\n\nUne phrase. {body}\n"
    try:
        document = parse_source(Source(Path("a.md"), "a.md", text, "utf-8", ()))
    except ArticleError:
        return  # nothing translatable: refused with one error, as documented
    segments = list(segment_document(document))
    po = polib.POFile()
    for msgid in dict.fromkeys(s.msgid for s in segments):
        protected = protect(msgid, document.reference_labels)
        assert restore(protected, protected.masked).text == msgid
        po.append(polib.POEntry(msgid=msgid, msgstr=body[:200] or msgid))
    article = align_article(document, po, segments)
    for layout in LAYOUTS:
        assert render_markdown(article, layout)
        assert render_html(article, layout)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.generate],
)
@given(TEXTS)
def test_runs_of_markdown_punctuation_pass_every_stage_in_bounded_time(body):
    started = time.process_time()
    _through_every_stage(body)
    spent = time.process_time() - started
    assert spent < BOUND, f"{len(body)} characters took {spent:.1f} s of processor time"
