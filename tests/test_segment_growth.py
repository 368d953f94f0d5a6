"""segment: time grows linearly with the input, whatever the input.

Each pathological run is segmented at 100 KB and at 1 MB; ten times the input must take less
than fifteen times the time. A quadratic rule takes about a hundred times as long, an
exponential one never finishes. Timings are the processor time of this process (waiting for
a busy processor does not count), the best of a few runs, and a failing ratio is measured
again before it fails, so that a loaded machine does not fail the test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from translate.read import Block
from translate.segment import segment_document, split_sentences

SMALL = 100_000
GROWTH = 10
ALLOWED = 15
# Below a few milliseconds, timer resolution and caches rule the ratio; a super-linear rule
# takes far longer than this on 100 KB.
FLOOR = 0.005


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * (size // len(unit)) + tail


# name -> text of about `size` characters
RUNS: dict[str, Callable[[int], str]] = {
    "sentence punctuation": lambda n: _repeat("!?", n, "Une phrase "),
    "periods": lambda n: _repeat(".", n, "Une phrase "),
    "ellipses": lambda n: _repeat("…", n, "Une phrase "),
    "spaced periods": lambda n: _repeat(". ", n, "Une phrase"),
    "spaces": lambda n: _repeat(" ", n, "Une phrase.", "Fin."),
    "straight quotes": lambda n: _repeat('"', n),
    "spaced straight quotes": lambda n: _repeat('a " ', n),
    "guillemets": lambda n: _repeat("« a » ", n, "Il dit "),
    "unclosed guillemets": lambda n: _repeat("« a. ", n),
    "closing marks": lambda n: _repeat("»", n, "Fin.", "x"),
    "brackets": lambda n: _repeat("[", n),
    "nested brackets": lambda n: _repeat("[", n // 3) + "texte." + _repeat("](", n // 2 * 2),
    "link runs": lambda n: _repeat("[[[[texte.](](](", n),
    "backticks": lambda n: _repeat("`a", n),
    "emphasis": lambda n: _repeat("**a ", n),
    "enumeration": lambda n: _repeat("Durand… Martin et ", n, "Dupont, "),
    "ordinary paragraph": lambda n: _repeat("Le chat dort. « Il rêve », dit-il. Rien ", n),
}


def _best(work: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def _assert_linear(make: Callable[[int], str], work: Callable[[str], object]) -> None:
    small, large = make(SMALL), make(SMALL * GROWTH)
    ratios = []
    for _ in range(5):
        small_time = max(_best(lambda: work(small), 3), FLOOR)
        large_time = _best(lambda: work(large), 3)
        ratios.append(large_time / small_time)
        if ratios[-1] <= ALLOWED:
            return
    pytest.fail(f"{GROWTH}x the input took {min(ratios):.0f}x the time (allowed {ALLOWED}x)")


@pytest.mark.parametrize("name", list(RUNS))
def test_split_is_linear(name):
    _assert_linear(RUNS[name], split_sentences)


def test_lines_of_a_long_paragraph_are_counted_once():
    """Each segment's line number comes from the previous segment, not from the block start."""

    def segment(text: str) -> object:
        document = SimpleNamespace(blocks=[Block(kind="paragraph", text=text, line=1)])
        return segment_document(document)

    _assert_linear(lambda n: _repeat("Le chat dort.\nIl rêve. ", n), segment)


def test_line_numbers_stay_right():
    text = "Un.\nDeux. Trois.\n\nQuatre."
    document = SimpleNamespace(blocks=[Block(kind="paragraph", text=text, line=5)])
    lines = [(s.text, s.line) for s in segment_document(document)]
    assert lines == [("Un.", 5), ("Deux.", 6), ("Trois.", 6), ("Quatre.", 8)]
