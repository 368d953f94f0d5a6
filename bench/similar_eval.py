"""Compare similarity measures on the labelled French pairs of tests/similar_cases.py.

Run from the repository root:  python bench/similar_eval.py [--markdown]

For every measure and threshold it prints precision, recall (true edits matched), the
false-match rate (different sentences matched) overall and on short pairs (either side at most
similar.SHORT_WORDS words). "is_match" is the rule diptych uses: the similarity() score with
the stricter SHORT_THRESHOLD for short segments.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from pathlib import Path

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

sys.path[:0] = [
    str(Path(__file__).resolve().parents[1]),
    str(Path(__file__).resolve().parents[1] / "tests"),
]

from similar_cases import CASES  # noqa: E402

from translate import similar  # noqa: E402

_DMP = diff_match_patch()


def _dmp_similarity(a: str, b: str) -> float:
    diffs = _DMP.diff_main(a, b)
    _DMP.diff_cleanupSemantic(diffs)
    return 1 - _DMP.diff_levenshtein(diffs) / max(len(a), len(b), 1)


def _jaccard(a: str, b: str) -> float:
    x, y = set(similar.words(a)), set(similar.words(b))
    return len(x & y) / len(x | y) if x | y else 1.0


MEASURES: dict[str, Callable[[str, str], float]] = {
    "fuzz.ratio (char Indel)": lambda a, b: fuzz.ratio(a, b) / 100,
    "Levenshtein.normalized_similarity": Levenshtein.normalized_similarity,
    "difflib.SequenceMatcher": lambda a, b: difflib.SequenceMatcher(
        None, a, b, autojunk=False
    ).ratio(),
    "dmp char edit rate": _dmp_similarity,
    "fuzz.token_sort_ratio": lambda a, b: fuzz.token_sort_ratio(a, b) / 100,
    "fuzz.token_set_ratio": lambda a, b: fuzz.token_set_ratio(a, b) / 100,
    "word Jaccard": _jaccard,
    "word Indel": lambda a, b: Indel.normalized_similarity(similar.words(a), similar.words(b)),
    "diptych similarity() without the short rule": similar.similarity,
    "diptych is_match()": similar.is_match,
}


def _is_short(case: object) -> bool:
    return similar.is_short(case.old) or similar.is_short(case.new)


def evaluate(measure: Callable[[str, str], float], threshold: float) -> dict[str, float]:
    """Precision, recall and false-match rates of `score >= threshold` as 'same sentence'."""
    normal = similar.normalize
    tp = fp = fn = fp_short = 0
    different = sum(not c.same for c in CASES)
    short_different = sum(not c.same and _is_short(c) for c in CASES)
    for case in CASES:
        if measure is similar.is_match:
            matched = similar.is_match(case.old, case.new, threshold)
        else:
            matched = measure(normal(case.old), normal(case.new)) >= threshold
        tp += matched and case.same
        fn += (not matched) and case.same
        fp += matched and not case.same
        fp_short += matched and not case.same and _is_short(case)
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn),
        "false_match": fp / different,
        "false_match_short": fp_short / short_different,
    }


def _print_table(name: str, measure: Callable[[str, str], float], markdown: bool) -> None:
    if markdown:
        print(
            f"### {name}\n\n| threshold | precision | recall | false match | false match (short) |"
        )
        print("| --- | --- | --- | --- | --- |")
    else:
        print(name)
    for threshold in [round(0.5 + 0.05 * i, 2) for i in range(10)]:
        r = evaluate(measure, threshold)
        cells = (threshold, r["precision"], r["recall"], r["false_match"], r["false_match_short"])
        if markdown:
            print("| " + " | ".join(f"{c:.2f}" for c in cells) + " |")
        else:
            print("  t={:.2f}  P={:.2f}  R={:.2f}  FM={:.2f}  FM(short)={:.2f}".format(*cells))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    same = sum(c.same for c in CASES)
    print(f"{len(CASES)} pairs: {same} same sentence, {len(CASES) - same} different\n")
    for name, measure in MEASURES.items():
        if measure is similar.is_match:
            name += f" (<= {similar.SHORT_WORDS} words need {similar.SHORT_THRESHOLD})"
        _print_table(name, measure, args.markdown)
    chosen = similar.SHORT_WORDS
    similar.SHORT_WORDS = 4  # the same rule with a narrower idea of "short", for comparison
    _print_table("diptych is_match() (<= 4 words need 0.9)", similar.is_match, args.markdown)
    similar.SHORT_WORDS = chosen


if __name__ == "__main__":
    main()
