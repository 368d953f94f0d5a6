"""Which batching keeps the engine's output identical to one sentence per call (docs/mt.md).

Builds the int8 benchmark package of bench/mt.py (`--model realistic` by default), decodes
the same segments one per call on one thread (the reference: what argostranslate computes
for a sentence), then once per rule, and prints for each rule how many outputs are
identical to the reference, the largest score difference and the time. Rules
(comma-separated, run in the order given):

  padded<N>  the rule before: sorted by (cap, length), cut at N padded tokens, 2 workers
  sync<N>    the same batches run synchronously on one single-threaded worker
  equal<N>   the engine's rule (`plan_batches`): one token length per batch, N tokens at most
  block<B>   lengths padded within aligned blocks of B tokens (1-B, B+1-2B, ...): does a
             little padding keep outputs identical? (it does not: docs/mt.md)
  single     one segment per call, queued on one single-threaded worker per core
  copies<K>  each segment K times in one batch (no padding, K times the rows), one thread

    python bench/mt_batching.py [--segments 150] [--distinct] [--compute-type float32]
                                [--rules padded1024,equal1024,single]

Segments are the first distinct segments of real pages (bench/mt.py). --distinct is kept for
the former repeated-segment runs and changes nothing on distinct segments.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from mt import BEAM, bench_cap, build, cores, page_paragraphs  # noqa: E402

# decoding cap: the engine's runaway guard, or the cap model's 1.3 x source + 5
CAP = [bench_cap]
OPTIONS = dict(
    beam_size=BEAM, num_hypotheses=1, length_penalty=0.2, replace_unknowns=True, return_scores=True
)


def padded_plan(tokens: list[list[str]], max_batch_tokens: int) -> list[tuple[int, list[int]]]:
    """The engine's batching before: sorted by (cap, length), cut at N padded tokens."""
    order = sorted(range(len(tokens)), key=lambda i: (CAP[0](len(tokens[i])), len(tokens[i])))
    plan: list[tuple[int, list[int]]] = []
    batch: list[int] = []
    batch_cap = -1
    for i in order:
        length, limit = len(tokens[i]), CAP[0](len(tokens[i]))
        if batch and (limit != batch_cap or (len(batch) + 1) * length > max_batch_tokens):
            plan.append((batch_cap, batch))
            batch = []
        batch.append(i)
        batch_cap = limit
    if batch:
        plan.append((batch_cap, batch))
    return plan


def block_plan(tokens: list[list[str]], block: int) -> list[tuple[int, list[int]]]:
    """One batch per aligned block of `block` token lengths, padded to its longest source."""
    groups: dict[int, list[int]] = {}
    for i, toks in enumerate(tokens):
        groups.setdefault((len(toks) - 1) // block, []).append(i)
    return [
        (CAP[0](max(len(tokens[i]) for i in members)), members)
        for _, members in sorted(groups.items(), reverse=True)
    ]


def distinct(segments: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for segment in segments:
        k = seen.get(segment, 0)
        seen[segment] = k + 1
        words = segment.split()
        out.append(" ".join(words[: max(3, len(words) - 2 * k)]) if k else segment)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=150)
    parser.add_argument("--distinct", action="store_true")
    parser.add_argument("--model", choices=["realistic", "cap"], default="realistic")
    parser.add_argument("--compute-type", default="default")
    parser.add_argument("--rules", default="padded1024,sync1024,equal1024,single,copies2")
    args = parser.parse_args()

    import ctranslate2
    import sentencepiece

    from translate.argos import default_decoding_cap, plan_batches

    CAP[0] = bench_cap if args.model == "cap" else default_decoding_cap

    with tempfile.TemporaryDirectory(prefix="diptych-batching-") as tmp:
        build(Path(tmp), args.model)
        pkg = next((Path(tmp) / "packages").iterdir())
        spm = sentencepiece.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
        segments = [s for p in page_paragraphs(args.segments) for s in p]
        if args.distinct:
            segments = distinct(segments)
        tokens = [spm.encode(s, out_type=str) for s in segments]
        n = len(tokens)

        def translator(workers: int) -> ctranslate2.Translator:
            return ctranslate2.Translator(
                str(pkg / "model"),
                device="cpu",
                inter_threads=workers,
                intra_threads=1,
                compute_type=args.compute_type,
            )

        def run(model, plan, asynchronous=True):
            out: list = [None] * n
            start = time.perf_counter()
            queued = [
                (
                    batch,
                    model.translate_batch(
                        [tokens[i] for i in batch],
                        max_decoding_length=cap,
                        asynchronous=asynchronous,
                        **OPTIONS,
                    ),
                )
                for cap, batch in plan
            ]
            for batch, results in queued:
                for i, result in zip(batch, results, strict=True):
                    result = result.result() if asynchronous else result
                    out[i] = (result.hypotheses[0], result.scores[0])
            return out, time.perf_counter() - start

        one = translator(1)
        alone = [(CAP[0](len(t)), [i]) for i, t in enumerate(tokens)]
        reference, seconds = run(one, alone, asynchronous=False)
        print(
            f"{n} segments, {len({len(t) for t in tokens})} distinct token lengths, "
            f"compute type {one.compute_type}; reference one per call, one thread: "
            f"{seconds:.1f}s"
        )
        workers = translator(cores())
        for rule in args.rules.split(","):
            if rule.startswith("copies"):
                k = int(rule[6:])
                start = time.perf_counter()
                out = []
                for t in tokens:
                    results = one.translate_batch(
                        [t] * k, max_decoding_length=CAP[0](len(t)), **OPTIONS
                    )
                    texts = {tuple(r.hypotheses[0]) for r in results}
                    out.append(
                        (
                            results[0].hypotheses[0] if len(texts) == 1 else None,
                            results[0].scores[0],
                        )
                    )
                seconds, batches = time.perf_counter() - start, n
            else:
                if rule == "single":
                    plan = alone
                elif rule.startswith("equal"):
                    plan = plan_batches(tokens, CAP[0], int(rule[5:]))
                elif rule.startswith("block"):
                    plan = block_plan(tokens, int(rule[5:]))
                else:
                    plan = padded_plan(
                        tokens, int(rule.removeprefix("padded").removeprefix("sync"))
                    )
                out, seconds = run(
                    one if rule.startswith("sync") else workers,
                    plan,
                    asynchronous=not rule.startswith("sync"),
                )
                batches = len(plan)
            same = sum(a[0] == b[0] for a, b in zip(reference, out, strict=True))
            gap = max(abs(a[1] - b[1]) for a, b in zip(reference, out, strict=True))
            print(
                f"{rule:12} identical {same}/{n}  max score difference {gap:.2e}  "
                f"{seconds:6.1f}s  {batches} batches",
                flush=True,
            )


if __name__ == "__main__":
    main()
