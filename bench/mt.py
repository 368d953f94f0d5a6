"""Machine-translation benchmark: argostranslate vs diptych's argos engine vs bare CTranslate2.

Builds (fixed seed) a random-weight Argos package of the size class of the published
translate-fr_en 1.9 (`BASE_SPEC` of tests/argos_package.py: transformer-base, 6+6 layers,
d_model 512, 8 heads, FFN 2048, int8) with a SentencePiece model trained on the seed text, then
translates distinct segments of real pages (the seed articles, then
`../shared/corpora/french-docs/` or `--corpus`, in order, each segment once) along these
paths, each in its own process (its own peak RSS):

  (a)  argostranslate `translate()` once per segment, its sentence splitter a pass-through;
  (a') argostranslate `translate()` once per paragraph, its splitter returning diptych's
       segments of that paragraph (so it batches a paragraph's sentences in one padded call);
  (b)  diptych's engine as `diptych translate` runs it: `ArgosEngine.translate_stream` over
       all pending segments at once, exact batching (batches of one token length);
  (b') the same in padded mode (`diptych translate --batching padded`);
  (c)  bare CTranslate2 `translate_batch` over all pre-tokenized segments in one call, at the
       best of a sweep (workers x threads, batch type and size) run on a sample first.

(b), (c) and (b') run on all the segments, `--rounds` times interleaved, and each ratio is
taken within a round, of wall time and of processor time (user + system of the child, all its
threads: on a shared machine the steadier measure of the work; min and median over the rounds).

**argostranslate's paths are sampled**: at 10 to 20 times the engine's time per segment they
would take most of the run, so (a) runs on every `--argos-every`-th segment (default 4:
segments 0, 4, 8, ... in page order, 250 of 1,000) and (a') on every `--argos-every`-th
paragraph (with `--paragraphs`); `--argos-every 1` runs them on everything. Their speed is
compared as rates (segments per wall second and per processor second: `speedup_vs_argos` is
the engine's rate over argostranslate's), and the JSON gives the sample's share of the source
tokens so its representativeness can be checked. `identical_share` compares, on the sampled
segments, the exact mode's output (every round's) with (a)'s.

`--model realistic` (default): outputs end near the source length (tests/argos_package.py,
`length_ratio`), so every path decodes until `</s>` as with a real model; the output/source
length distribution is printed. `--model cap`: the former benchmark model, which never emits
`</s>`; every path caps decoding at about 1.3 x source tokens + 5 (rounded up to a multiple of
8) instead. The defaults (1,000 segments, one round, argostranslate on a quarter, no (a'))
need about 590 processor-seconds (19.5 and 15.9 minutes of wall time measured with the 2 cores
shared with other benchmarks, load average 4 to 13; docs/mt.md). The last line printed is JSON.

    python bench/mt.py [--model realistic|cap] [--segments 1000] [--rounds 1] [--paragraphs]
                       [--argos-every 4] [--sample 60] [--sweep 2x1:examples:8,...]
                       [--compute-type float32]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
# the shared corpus of real French pages, next to the project or one folder further up
CORPUS = next(
    (
        folder / "shared" / "corpora" / "french-docs"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "corpora" / "french-docs").is_dir()
    ),
    ROOT.parent / "shared" / "corpora" / "french-docs",
)

BEAM = 4  # argostranslate's default beam size (ARGOS_BEAM_SIZE)
# workers x threads : batch type : max_batch_size
# (best by processor time on a 100-segment sample: 8 examples; 1, 2, 4 and 64 were worse)
SWEEP = "2x1:examples:8,2x1:examples:16,2x1:examples:32"


def bench_cap(source_tokens: int) -> int:
    """About 1.3 x source tokens + 5, rounded up to a multiple of 8 (the `cap` model only)."""
    return 8 * math.ceil((1.3 * source_tokens + 5) / 8)


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cores() -> int:
    return len(os.sched_getaffinity(0))


def page_paragraphs(count: int, corpus: Path = CORPUS) -> list[list[str]]:
    """Paragraphs (lists of segments) of real pages holding the first `count` distinct
    segments: the seed articles, then the corpus pages (its README, the attribution, left out)."""
    from translate.read import read_article
    from translate.segment import segment_document

    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.md"))
    paths += sorted(p for p in corpus.glob("*.md") if p.name != "README.md")
    seen: set[str] = set()
    paragraphs: list[list[str]] = []
    for path in paths:
        blocks: dict[int, list[str]] = {}
        for segment in segment_document(read_article(path)):
            if segment.msgid not in seen and len(seen) < count:
                seen.add(segment.msgid)
                blocks.setdefault(segment.block, []).append(segment.msgid)
        paragraphs += list(blocks.values())
    return paragraphs


# ---- children: one path each -------------------------------------------------------------


def _argos_translation(capped: bool):
    import argostranslate.translate as argos_translate

    # argostranslate's own thread settings, as a script that loops over PO entries runs it
    french = argos_translate.get_language_from_code("fr")
    translation = french.get_translation(argos_translate.get_language_from_code("en"))
    packaged = translation.underlying
    packaged.sentencizer.split_sentences = lambda text: [text]
    packaged.hypotheses("x", 1)  # loads the CTranslate2 translator outside the timing
    if capped:

        class Capped:
            def __init__(self, translator) -> None:
                self.translator = translator

            def translate_batch(self, source, **options):
                cap = bench_cap(max(len(s) for s in source))
                return self.translator.translate_batch(source, max_decoding_length=cap, **options)

        packaged.translator = Capped(packaged.translator)
    return translation, packaged


def run_argos(paragraphs: list[list[str]], capped: bool) -> dict:
    translation, _ = _argos_translation(capped)
    segments = [s for p in paragraphs for s in p]
    start, cpu = time.perf_counter(), time.process_time()
    best = [translation.hypotheses(segment, 1)[0] for segment in segments]  # = translate()
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "outputs": [h.value for h in best],
    }


def run_argos_paragraphs(paragraphs: list[list[str]], capped: bool) -> dict:
    translation, packaged = _argos_translation(capped)
    known = {" ".join(p): p for p in paragraphs}
    packaged.sentencizer.split_sentences = lambda text: known.get(text, [text])
    start, cpu = time.perf_counter(), time.process_time()
    for paragraph in paragraphs:
        translation.hypotheses(" ".join(paragraph), 1)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu}


def run_engine(segments: list[str], batching: str, capped: bool) -> dict:
    from translate.engines import make_engine

    options = {"max_decoding_length": bench_cap} if capped else {}
    engine = make_engine("argos", "fr", "en", batching=batching, **options)
    translations: list = [None] * len(segments)
    start, cpu = time.perf_counter(), time.process_time()
    for index, translation in engine.translate_stream(segments):  # as the pipeline calls it
        translations[index] = translation
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "outputs": [t.text for t in translations],
        "tokens": [t.tokens for t in translations],
        "description": engine.description,
        "compute_type": engine.stages[0].translator.compute_type,
        "heavy_modules": sorted(m for m in ("stanza", "torch") if m in sys.modules),
    }


def _bare(inter: int, intra: int):
    import ctranslate2
    import sentencepiece
    from argostranslate import package

    pkg = next(p for p in package.get_installed_packages() if p.from_code == "fr")
    spm = sentencepiece.SentencePieceProcessor(
        model_file=str(pkg.package_path / "sentencepiece.model")
    )
    # the model's own type (int8) unless --compute-type asks, as argostranslate 1.12 and diptych
    compute = os.environ.get("ARGOS_COMPUTE_TYPE", "auto")
    translator = ctranslate2.Translator(
        str(pkg.package_path / "model"),
        device="cpu",
        inter_threads=inter,
        intra_threads=intra,
        **({} if compute == "auto" else {"compute_type": compute}),
    )
    return spm, translator


def run_ct2(segments: list[str], settings: list[str], capped: bool) -> dict:
    """Bare translate_batch: all segments in one call, CTranslate2 sorting and batching them
    itself (padded) on its workers; one timing per setting `IxJ:type:size`."""
    timings, cpu_timings = {}, {}
    for setting in settings:
        threads, batch_type, size = setting.split(":")
        inter, intra = (int(n) for n in threads.split("x"))
        spm, translator = _bare(inter, intra)
        tokens = [spm.encode(s, out_type=str) for s in segments]
        groups: dict[int, list[list[str]]] = {}
        for toks in tokens:  # the cap model needs one call per cap; else one call in all
            groups.setdefault(bench_cap(len(toks)) if capped else 256, []).append(toks)
        start, cpu = time.perf_counter(), time.process_time()
        queued = [
            translator.translate_batch(
                group,
                max_batch_size=int(size),
                batch_type=batch_type,
                beam_size=BEAM,
                length_penalty=0.2,
                replace_unknowns=True,
                return_scores=True,
                max_decoding_length=cap,
                asynchronous=True,
            )
            for cap, group in sorted(groups.items())
        ]
        for results in queued:
            for result in results:
                result.result()
        timings[setting] = time.perf_counter() - start
        cpu_timings[setting] = time.process_time() - cpu
        del translator
    # on a shared machine the processor time is the steadier measure of a setting's work
    best = min(cpu_timings, key=cpu_timings.get)
    return {
        "seconds": timings[best],
        "cpu_seconds": cpu_timings[best],
        "best": best,
        "sweep": timings,
        "sweep_cpu": cpu_timings,
    }


def child(args: argparse.Namespace) -> None:
    paragraphs = json.loads(Path(args.segments_file).read_text(encoding="utf-8"))
    segments = [s for p in paragraphs for s in p]
    capped = args.model == "cap"
    if args.child == "argos":
        result = run_argos(paragraphs, capped)
    elif args.child == "paragraphs":
        result = run_argos_paragraphs(paragraphs, capped)
    elif args.child in ("exact", "padded"):
        result = run_engine(segments, args.child, capped)
    else:
        result = run_ct2(segments, args.sweep.split(","), capped)
    result["peak_rss_mb"] = peak_rss_mb()
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# ---- parent ------------------------------------------------------------------------------


def build(workdir: Path, model: str = "cap") -> Path:
    from argos_package import BASE_SPEC, REALISTIC_SPEC, build_package

    spec = REALISTIC_SPEC if model == "realistic" else BASE_SPEC
    archive = build_package(workdir / "build", spec)
    packages = workdir / "packages"
    packages.mkdir()
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(packages)
    return archive


def spawn(workdir: Path, name: str, args: argparse.Namespace, file: str, extra=()) -> dict:
    out = workdir / f"{name}.json"
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(workdir / "packages"))
    if args.compute_type:
        env["ARGOS_COMPUTE_TYPE"] = args.compute_type
    command = [sys.executable, __file__, "--child", name, "--out", str(out)]
    command += ["--segments-file", str(workdir / file), "--model", args.model, *extra]
    subprocess.run(command, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def source_tokens(workdir: Path, segments: list[str]) -> list[int]:
    """Each segment's length in SentencePiece tokens of the built package."""
    import sentencepiece

    pkg = next((workdir / "packages").iterdir())
    spm = sentencepiece.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    return [len(spm.encode(s, out_type=str)) for s in segments]


def length_table(sources: list[int], tokens: list[int]) -> list[str]:
    """Output tokens (</s> included) against source tokens, by source length band."""
    lines = ["source tokens | segments | output tokens median (quartiles) | output/source median"]
    for low, high in ((1, 5), (6, 10), (11, 20), (21, 40), (41, 80), (81, 10_000)):
        pairs = [(s, t) for s, t in zip(sources, tokens, strict=True) if low <= s <= high]
        if len(pairs) < 2:
            continue
        out = [t for _, t in pairs]
        q = statistics.quantiles(out, n=4)
        ratio = statistics.median(t / s for s, t in pairs)
        band = f"{low}-{high}" if high < 10_000 else f"{low}+"
        lines.append(
            f"{band:>13} | {len(pairs):8} | {statistics.median(out):5.0f} ({q[0]:.0f}-{q[2]:.0f})"
            f"{'':14} | {ratio:.2f}"
        )
    lines.append(
        f"all: source {statistics.mean(sources):.1f} tokens on average, output "
        f"{statistics.mean(tokens):.1f}; at 256 (never ended): {sum(t >= 256 for t in tokens)}"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["realistic", "cap"], default="realistic")
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--sample", type=int, default=60, help="segments for the CT2 sweep")
    parser.add_argument("--sweep", default=SWEEP)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--compute-type", default="", help="ARGOS_COMPUTE_TYPE for every path")
    parser.add_argument("--skip-argos", action="store_true", help="engine and CT2 paths only")
    parser.add_argument(
        "--argos-every",
        type=int,
        default=4,
        help="argostranslate on every Nth segment (and paragraph); 1: all",
    )
    parser.add_argument(
        "--paragraphs", action="store_true", help="also argostranslate once per paragraph"
    )
    parser.add_argument("--child", choices=["argos", "paragraphs", "exact", "padded", "ct2"])
    parser.add_argument("--out")
    parser.add_argument("--segments-file")
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    every = max(1, args.argos_every)
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="diptych-bench-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        archive = build(workdir, args.model)
        built = time.perf_counter() - started
        paragraphs = page_paragraphs(args.segments, args.corpus)
        segments = [s for p in paragraphs for s in p]
        n = len(segments)
        (workdir / "all.json").write_text(json.dumps(paragraphs), encoding="utf-8")
        step = max(1, n // max(1, args.sample))
        sample = [[s] for s in segments[::step]]
        (workdir / "sample.json").write_text(json.dumps(sample), encoding="utf-8")
        # argostranslate's sample: every `every`-th segment, one paragraph each
        picked = list(range(0, n, every))
        argos_sample = [[segments[i]] for i in picked]
        (workdir / "argos.json").write_text(json.dumps(argos_sample), encoding="utf-8")
        paragraph_sample = paragraphs[::every]
        (workdir / "argos-paragraphs.json").write_text(
            json.dumps(paragraph_sample), encoding="utf-8"
        )
        print(f"{n} distinct segments in {len(paragraphs)} paragraphs; load: {load_before}")
        print(f"package {archive.stat().st_size / 1e6:.1f} MB, built in {built:.0f}s")
        sweep = spawn(workdir, "ct2", args, "sample.json", ["--sweep", args.sweep])
        print(f"CT2 sweep on {len(sample)} segments (setting: wall s / processor s): ", end="")
        print(
            ", ".join(f"{k} {v:.1f}/{sweep['sweep_cpu'][k]:.1f}" for k, v in sweep["sweep"].items())
        )
        best = sweep["best"]
        rounds = []
        for number in range(args.rounds):
            b = spawn(workdir, "exact", args, "all.json")
            c = spawn(workdir, "ct2", args, "all.json", ["--sweep", best])
            p = spawn(workdir, "padded", args, "all.json")
            rounds.append((b, c, p, _load()))
            print(
                f"round {number + 1} (wall s / processor s): engine exact {_times(b)}, "
                f"bare CT2 ({best}) {_times(c)}, engine padded {_times(p)}; load: {rounds[-1][3]}",
                flush=True,
            )
        b, c, p, _ = rounds[0]
        sources = source_tokens(workdir, segments)
        if args.model == "realistic":
            print("\n".join(length_table(sources, b["tokens"])))

        def stats(values) -> dict:
            values = list(values)
            return {"min": round(min(values), 3), "median": round(statistics.median(values), 3)}

        def ratio(x: int, y: int, key: str = "seconds") -> dict:
            return stats(r[x][key] / r[y][key] for r in rounds)

        def median(index: int, key: str = "seconds") -> float:
            return statistics.median(r[index][key] for r in rounds)

        summary = {
            "model": args.model,
            "segments": n,
            "paragraphs": len(paragraphs),
            "source_tokens_mean": round(statistics.mean(sources), 1),
            "cores": cores(),
            "compute_type": b["compute_type"],
            "mode": "exact",  # the default: `engine_*` and `overhead_vs_ct2`
            "fast_mode": "padded",  # `--batching padded`: `engine_padded_*`
            "ct2_best": best,
            "ct2_sweep_sample_segments": len(sample),
            "ct2_sweep_sample_s": {k: round(v, 2) for k, v in sweep["sweep"].items()},
            "ct2_sweep_sample_cpu_s": {k: round(v, 2) for k, v in sweep["sweep_cpu"].items()},
            "engine_s": round(median(0), 2),
            "engine_cpu_s": round(median(0, "cpu_seconds"), 2),
            "engine_padded_s": round(median(2), 2),
            "engine_padded_cpu_s": round(median(2, "cpu_seconds"), 2),
            "ct2_s": round(median(1), 2),
            "ct2_cpu_s": round(median(1, "cpu_seconds"), 2),
            "engine_seg_per_s": round(n / median(0), 2),
            "engine_padded_seg_per_s": round(n / median(2), 2),
            "ct2_seg_per_s": round(n / median(1), 2),
            # each ratio within a round (the runs follow each other), median over the rounds
            "overhead_vs_ct2": ratio(0, 1)["median"],
            "overhead_vs_ct2_cpu": ratio(0, 1, "cpu_seconds")["median"],
            "padded_overhead_vs_ct2": ratio(2, 1)["median"],
            "padded_overhead_vs_ct2_cpu": ratio(2, 1, "cpu_seconds")["median"],
            "exact_vs_padded": ratio(0, 2)["median"],
            "exact_vs_padded_cpu": ratio(0, 2, "cpu_seconds")["median"],
            # min and median over the rounds, of wall time and of processor time
            "ratios": {
                "exact_vs_ct2": ratio(0, 1),
                "exact_vs_ct2_cpu": ratio(0, 1, "cpu_seconds"),
                "padded_vs_ct2": ratio(2, 1),
                "padded_vs_ct2_cpu": ratio(2, 1, "cpu_seconds"),
                "exact_vs_padded": ratio(0, 2),
                "exact_vs_padded_cpu": ratio(0, 2, "cpu_seconds"),
            },
            "rounds_s": [
                {name: _times(r[i]) for i, name in enumerate(("exact", "ct2", "padded"))}
                | {"load": r[3]}
                for r in rounds
            ],
            "rounds": args.rounds,
            "peak_rss_mb": {
                "engine": round(b["peak_rss_mb"]),
                "padded": round(p["peak_rss_mb"]),
                "ct2": round(c["peak_rss_mb"]),
            },
            "heavy_modules": b["heavy_modules"],
        }
        if not args.skip_argos:
            a = spawn(workdir, "argos", args, "argos.json")
            m = len(picked)
            print(
                f"argostranslate per sentence, {_every(every, 'segment', m, n)}: {_times(a)}; "
                f"load: {_load()}",
                flush=True,
            )
            # the same segments of every round: the exact mode must not depend on timing
            same = min(
                sum(x == r[0]["outputs"][i] for x, i in zip(a["outputs"], picked, strict=True))
                for r in rounds
            )
            same_padded = sum(
                x == p["outputs"][i] for x, i in zip(a["outputs"], picked, strict=True)
            )
            # rates, segments per second: the sample against all the segments
            argos_rate = m / a["seconds"]
            argos_cpu_rate = m / a["cpu_seconds"]
            summary.update(
                argos_sample=_every(every, "segment", m, n),
                argos_sample_segments=m,
                argos_sample_token_share=round(sum(sources[i] for i in picked) / sum(sources), 4),
                argos_s=round(a["seconds"], 2),
                argos_cpu_s=round(a["cpu_seconds"], 2),
                argos_seg_per_s=round(argos_rate, 3),
                argos_seg_per_cpu_s=round(argos_cpu_rate, 3),
                engine_seg_per_cpu_s=round(n / median(0, "cpu_seconds"), 3),
                identical_share=round(same / m, 4),
                identical_segments=f"{same}/{m}",
                identical_padded_share=round(same_padded / m, 4),
                speedup_vs_argos=round((n / median(0)) / argos_rate, 2),
                speedup_vs_argos_cpu=round((n / median(0, "cpu_seconds")) / argos_cpu_rate, 2),
            )
            summary["peak_rss_mb"]["argos"] = round(a["peak_rss_mb"])
        if args.paragraphs:
            a2 = spawn(workdir, "paragraphs", args, "argos-paragraphs.json")
            m2 = sum(len(paragraph) for paragraph in paragraph_sample)
            print(
                f"argostranslate per paragraph, "
                f"{_every(every, 'paragraph', len(paragraph_sample), len(paragraphs))} "
                f"({m2} segments): {_times(a2)}; load: {_load()}"
            )
            summary.update(
                argos_paragraph_sample=_every(
                    every, "paragraph", len(paragraph_sample), len(paragraphs)
                ),
                argos_paragraph_sample_paragraphs=len(paragraph_sample),
                argos_paragraph_sample_segments=m2,
                argos_paragraph_s=round(a2["seconds"], 2),
                argos_paragraph_cpu_s=round(a2["cpu_seconds"], 2),
                argos_paragraph_seg_per_s=round(m2 / a2["seconds"], 3),
                speedup_vs_argos_paragraphs=round((n / median(0)) / (m2 / a2["seconds"]), 2),
                speedup_vs_argos_paragraphs_cpu=round(
                    (n / median(0, "cpu_seconds")) / (m2 / a2["cpu_seconds"]), 2
                ),
            )
        summary["load_before"] = load_before
        summary["load_after"] = _load()
        summary["total_s"] = round(time.perf_counter() - started, 1)
        print(json.dumps(summary))


def _times(result: dict) -> str:
    return f"{result['seconds']:.1f}/{result['cpu_seconds']:.1f}"


def _every(every: int, unit: str, m: int, n: int) -> str:
    """How argostranslate's sample was taken, e.g. `every 4th segment from the first (250 of
    1000)`."""
    if every == 1:
        return f"every {unit} ({m} of {n})"
    return f"every {every}th {unit} from the first ({m} of {n})"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
