"""Compare sentence splitters on the French case table (tests/segment_cases.py).

Usage, from the repository root:

    python bench/segment_eval.py                 # accuracy per category and in total
    python bench/segment_eval.py --failures NAME # also list the cases NAME gets wrong
    python bench/segment_eval.py --speed         # segments/second of each candidate
    python bench/segment_eval.py --lang de       # boundary F1 on the German table
    python bench/segment_eval.py --lang de --set pysbd  # on pySBD's public German cases
    python bench/segment_eval.py --set ud        # F1 on Universal Dependencies gold, six languages
    python bench/segment_eval.py --set ud --lang pt --failures diptych  # and its core errors

The peers (pySBD, sentence-splitter, syntok) are the `bench` extra: pip install -e '.[bench]'.

A case counts as right only when the splitter returns exactly the expected sentences. The
other candidates return sentence strings, not spans, so every output is compared after
`normalize` (whitespace folded, ends trimmed); diptych's own output is exact substrings.
A candidate that is not installed is skipped with a note.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.languages import get_profile  # noqa: E402
from translate.segment import normalize, split_sentences  # noqa: E402

Splitter = Callable[[str], list[str]]


def _load(name: str):
    """A case module, loaded by path: a stray `tests` package may shadow ours on sys.path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / f"tests/{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_tables(lang: str = "fr", case_set: str = "own") -> dict[str, list]:
    if case_set == "pysbd":
        return {f"{lang} pySBD cases": _load("segment_cases_pysbd").TABLES[lang]}
    if lang == "fr":
        module = _load("segment_cases")
        return {
            "main table": module.CASES,
            "held-out table": module.HELD_OUT,
            "UD error classes": module.UD_CLASSES,
        }
    return {f"{lang} table": _load("segment_cases_languages").TABLES[lang]}


LANG = "fr"


def diptych_splitter() -> Splitter:
    profile = get_profile(LANG)[0]
    return lambda text: [text[start:end] for start, end in split_sentences(text, (), profile)]


_BASELINE = re.compile(r"[.!?…]+[»\"”)]*(?=\s+[A-ZÀ-Ý«\"“(])")


def baseline_splitter() -> Splitter:
    """The naive rule diptych started with: split after . ! ? … before a capital."""

    def split(text: str) -> list[str]:
        pieces, start = [], 0
        for match in _BASELINE.finditer(text):
            pieces.append(text[start : match.end()])
            start = match.end()
        pieces.append(text[start:])
        return pieces

    return split


def pysbd_splitter() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language=LANG, clean=False, char_span=True)
    return lambda text: [span.sent for span in segmenter.segment(text)]


def sentence_splitter_splitter() -> Splitter:
    from sentence_splitter import SentenceSplitter

    splitter = SentenceSplitter(language=LANG)
    return splitter.split


def syntok_splitter() -> Splitter:
    """syntok has no language setting: its rules are the same for every language."""
    from syntok import segmenter

    def split(text: str) -> list[str]:
        sentences = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                sentences.append(text[sentence[0].offset : _end(sentence)])
        return sentences

    def _end(sentence) -> int:
        last = sentence[-1]
        return last.offset + len(last.value)

    return split


CANDIDATES: dict[str, Callable[[], Splitter]] = {
    "diptych": diptych_splitter,
    "pysbd": pysbd_splitter,
    "sentence-splitter": sentence_splitter_splitter,
    "syntok": syntok_splitter,
    "baseline": baseline_splitter,
}


def outcome(split: Splitter, case) -> tuple[bool, list[str]]:
    try:
        got = [normalize(piece) for piece in split(case.text)]
    except Exception as exc:  # a candidate crashing on a case gets that case wrong
        return False, [f"<{type(exc).__name__}: {exc}>"]
    got = [piece for piece in got if piece]
    return got == [normalize(sentence) for sentence in case.expected], got


def _splitters(names: list[str]) -> dict[str, Splitter]:
    splitters: dict[str, Splitter] = {}
    for name in names:
        try:
            splitters[name] = CANDIDATES[name]()
        except (ImportError, ValueError, KeyError, AssertionError) as exc:
            print(f"note: {name} skipped, not installed or no {LANG} support ({exc!r})")
    return splitters


def evaluate(names: list[str], show_failures: set[str], case_set: str = "own") -> None:
    splitters = _splitters(names)
    for title, cases in load_tables(LANG, case_set).items():
        print(f"\n== {title} ({len(cases)} cases) ==")
        report(cases, splitters, show_failures)
        f1_report(cases, splitters)


def f1_report(cases: list, splitters: dict[str, Splitter]) -> None:
    """Boundary F1 of each candidate (sentence ends, whitespace ignored)."""
    boundary_f1 = _load("segment_cases_languages").boundary_f1
    print()
    for name, split in splitters.items():
        results = [(case.expected, outcome(split, case)[1]) for case in cases]
        f1, tp, fp, fn = boundary_f1(results)
        print(f"{name:>18}: boundary F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn})")


def report(cases: list, splitters: dict[str, Splitter], show_failures: set[str]) -> None:
    right: dict[str, dict[str, int]] = {name: defaultdict(int) for name in splitters}
    totals: dict[str, int] = defaultdict(int)
    failures: dict[str, list[tuple[object, list[str]]]] = defaultdict(list)
    for case in cases:
        totals[case.category] += 1
        for name, split in splitters.items():
            ok, got = outcome(split, case)
            right[name][case.category] += ok
            if not ok:
                failures[name].append((case, got))
    width = max(len(c) for c in totals) + 2
    header = f"{'category':<{width}}{'cases':>6}" + "".join(f"{n:>20}" for n in splitters)
    print(header)
    print("-" * len(header))
    for category, count in totals.items():
        cells = "".join(
            f"{right[n][category]:>11}/{count:<3} {right[n][category] / count:>4.0%}"
            for n in splitters
        )
        print(f"{category:<{width}}{count:>6}{cells}")
    print("-" * len(header))
    total = sum(totals.values())
    cells = "".join(
        f"{sum(right[n].values()):>11}/{total:<3} {sum(right[n].values()) / total:>4.0%}"
        for n in splitters
    )
    print(f"{'TOTAL':<{width}}{total:>6}{cells}")
    for name in show_failures & set(splitters):
        print(f"\n{name}: {len(failures[name])} case(s) wrong")
        for case, got in failures[name]:
            print(f"  [{case.category}] {case.text!r}\n    expected {list(case.expected)!r}")
            print(f"    got      {got!r}")


# --- UD: sentence boundaries annotated by people who never saw diptych --------------------

UD_DIR = ROOT.parent / "shared" / "corpora" / "ud-sentences"
_CLOSING = "\"'”’»›)]}"
_TERMINAL = ".!?…"
SCORINGS = ("all", "terminal", "core")


def load_ud(lang: str, folder: Path) -> list[dict]:
    """The paragraphs of one language: {"text", "starts", "source"} per line (see its README)."""
    path = folder / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _dense(text: str) -> list[int]:
    """Offsets of the non-space characters of `text`, in order."""
    return [i for i, char in enumerate(text) if not char.isspace()]


def _starts_of(text: str, pieces: list[str], dense: list[int]) -> set[int]:
    """Where each sentence but the first starts in `text`, counted over non-space characters
    so that a splitter that rewrites whitespace is measured like one that keeps it."""
    starts, count = set(), 0
    for piece in pieces:
        size = len("".join(piece.split()))
        if size and count:
            starts.add(count)
        count += size
    return {dense[k] for k in starts if k < len(dense)}


def _terminal(text: str, start: int) -> bool:
    """Whether the sentence before `start` ends on . ! ? …, past closing quotes and brackets."""
    at = len(text[:start].rstrip())
    while at and text[at - 1] in _CLOSING:
        at -= 1
    return at > 0 and text[at - 1] in _TERMINAL


def _opens_lowercase(text: str, start: int) -> bool:
    at = start
    while at < len(text) and not text[at].isalnum():
        at += 1
    return at < len(text) and text[at].islower()


def scored(text: str, gold: set[int], got: set[int], scoring: str) -> tuple[set, set]:
    """Gold and predicted starts kept by one scoring of the corpus README: "all" boundaries;
    "terminal" leaves out, from both, boundaries after no final . ! ? …; "core" also leaves
    out the gold sentences that open in lowercase (treebank conventions, not sentence ends)."""
    want, have = set(gold), set(got)
    if scoring != "all":
        want = {s for s in want if _terminal(text, s)}
        have = {s for s in have if _terminal(text, s)}
    if scoring == "core":
        lower = {s for s in want if _opens_lowercase(text, s)}
        want, have = want - lower, have - lower
    return want, have


def ud_counts(text: str, gold: set[int], got: set[int]) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) of one paragraph in each of the three scorings."""
    scores = {}
    for scoring in SCORINGS:
        want, have = scored(text, gold, got, scoring)
        scores[scoring] = (len(want & have), len(have - want), len(want - have))
    return scores


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _context(text: str, start: int) -> str:
    return text[max(0, start - 60) : start].replace("\n", " ") + " ‖ " + text[start : start + 40]


def evaluate_ud(names: list[str], langs: list[str], show_failures: set[str], folder: Path) -> None:
    """F1 of every candidate on the UD gold, per language and per treebank, in one run."""
    global LANG
    print(f"UD sentence boundaries from {folder}; F1 all / terminal / core")
    for lang in langs:
        LANG = lang
        records = load_ud(lang, folder)
        splitters = _splitters(names)
        totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        failures: dict[str, list[str]] = defaultdict(list)
        treebanks = sorted({r["source"]["treebank"] for r in records})
        for record in records:
            text, gold = record["text"], set(record["starts"])
            treebank = record["source"]["treebank"]
            dense = _dense(text)
            gold = {dense[len("".join(text[:s].split()))] for s in gold}
            for name, split in splitters.items():
                try:
                    got = _starts_of(text, list(split(text)), dense)
                except Exception as exc:  # a crash loses every boundary of the paragraph
                    print(f"note: {name} failed on a {lang} paragraph ({exc!r})")
                    got = set()
                for scoring, counts in ud_counts(text, gold, got).items():
                    for key in ((name, lang, scoring), (name, treebank, scoring)):
                        totals[key] = [a + b for a, b in zip(totals[key], counts, strict=True)]
                if name in show_failures:
                    want, have = scored(text, gold, got, "core")
                    for s in sorted(have - want):
                        failures[name].append(f"  fp {treebank}: {_context(text, s)}")
                    for s in sorted(want - have):
                        failures[name].append(f"  fn {treebank}: {_context(text, s)}")
        print(f"\n== {lang}: {len(records)} paragraphs ==")
        width = max(len(t) for t in treebanks) + 2
        print(f"{'':<{width}}" + "".join(f"{n:>26}" for n in splitters))
        for row in [lang, *treebanks]:
            cells = ""
            for name in splitters:
                f1s = [_f1(*totals[(name, row, s)]) for s in SCORINGS]
                cells += f"{' / '.join(f'{f:.3f}' for f in f1s):>26}"
            print(f"{row:<{width}}{cells}")
        for name in splitters:
            tp, fp, fn = totals[(name, lang, "core")]
            print(f"{name:>18} core: tp {tp}, fp {fp}, fn {fn}")
        for name, lines in failures.items():
            print(f"\n{name}: boundaries wrong in {lang} (fp: split not in gold; fn: missed)")
            print("\n".join(lines))


def speed(names: list[str], repeat: int) -> None:
    """Segments/second of each candidate over the seed paragraphs, repeated `repeat` times."""
    paragraphs = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        paragraphs += [p for p in text.split("\n\n") if p.strip()]
    paragraphs *= repeat
    chars = sum(len(p) for p in paragraphs)
    print(f"{len(paragraphs)} paragraphs, {chars} characters")
    for name in names:
        try:
            split = CANDIDATES[name]()
        except ImportError as exc:
            print(f"note: {name} skipped, not installed ({exc})")
            continue
        started = time.perf_counter()
        count = sum(len(split(p)) for p in paragraphs)
        elapsed = time.perf_counter() - started
        print(
            f"{name:>18}: {count} segments in {elapsed:.3f} s: "
            f"{count / elapsed:,.0f} segments/s, {chars / elapsed:,.0f} chars/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--candidates", nargs="*", default=list(CANDIDATES), choices=list(CANDIDATES)
    )
    parser.add_argument(
        "--failures",
        action="append",
        default=[],
        metavar="NAME",
        help="list the cases this candidate gets wrong",
    )
    parser.add_argument("--speed", action="store_true", help="measure segments/second instead")
    parser.add_argument(
        "--lang", default=None, help="language: fr, de, es, it, pt, nl (--set ud: all six)"
    )
    parser.add_argument(
        "--set",
        dest="case_set",
        default="own",
        choices=("own", "pysbd", "ud"),
        help="own: diptych's tables; pysbd: pySBD's public cases (de, es, it, nl); "
        "ud: Universal Dependencies gold (--ud-dir)",
    )
    parser.add_argument(
        "--ud-dir", type=Path, default=UD_DIR, help="folder of the UD gold: fr.jsonl … nl.jsonl"
    )
    parser.add_argument("--repeat", type=int, default=500, help="seed repetitions for --speed")
    args = parser.parse_args()
    global LANG
    if args.case_set == "ud":
        names = [n for n in args.candidates if n != "baseline"]
        langs = [args.lang] if args.lang else ["fr", "de", "es", "it", "pt", "nl"]
        evaluate_ud(names, langs, set(args.failures), args.ud_dir)
        return
    LANG = args.lang or "fr"
    if args.speed:
        speed(args.candidates, args.repeat)
        return
    evaluate(args.candidates, set(args.failures), args.case_set)


if __name__ == "__main__":
    main()
