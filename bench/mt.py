"""Machine-translation benchmark: argostranslate vs diptych's argos engine vs bare CTranslate2.

Builds (fixed seed) a random-weight Argos package of the size class of the published
translate-fr_en 1.9 (transformer-base: 6+6 layers, d_model 512, 8 heads, FFN 2048, int8) with a
SentencePiece model trained on the seed text, then translates the same segments three ways:

  (a) argostranslate: `translate()` once per segment, sentence splitter as a pass-through;
  (b) diptych: `ArgosEngine.translate(all segments)`, its default batching (batches of
      segments of one token length, at most `DEFAULT_MAX_BATCH_TOKENS` tokens each);
  (c) bare CTranslate2: `translate_batch` over all pre-tokenized segments, best batch size,
      one single-threaded worker per core (the fastest bare set-up measured here);
  and two references: one segment at a time on a single thread, and diptych's engine with one
  segment per batch (to tell batching numerics from real differences with (a)). The report
  says how many of (b)'s outputs are identical to (a)'s: all of them is the engine's promise.

Random weights never emit end-of-sentence, so every path caps decoding at
about 1.3 x source tokens + 5 per segment
(rounded up to a multiple of 8): (a) through a wrapper around the package's
CTranslate2 translator that adds `max_decoding_length` to each one-sentence call, (b) through
the engine's `max_decoding_length` parameter, (c) by grouping segments of equal cap. Each path
runs in its own process so its peak RSS is its own. The last line printed is JSON.

    python bench/mt.py [--segments 300] [--batch-tokens 512,1024,2048,4096,8192]
                       [--engine-batch-tokens N (default: the engine's own)]
"""

from __future__ import annotations

import argparse
import itertools
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

BEAM = 4  # argostranslate's default beam size (ARGOS_BEAM_SIZE)


def bench_cap(source_tokens: int) -> int:
    """About 1.3 x source tokens + 5, rounded up to a multiple of 8 so equal caps share batches."""
    return 8 * math.ceil((1.3 * source_tokens + 5) / 8)


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cores() -> int:
    return len(os.sched_getaffinity(0))


def seed_segments(count: int) -> list[str]:
    from translate.read import read_article
    from translate.segment import segment_document

    articles = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.md"))
    segments = [s.msgid for path in articles for s in segment_document(read_article(path))]
    return list(itertools.islice(itertools.cycle(segments), count))


# ---- children: one path each -------------------------------------------------------------


def run_argos(segments: list[str]) -> dict:
    import argostranslate.translate as argos_translate

    # argostranslate's own thread settings, as a script that loops over PO entries runs it
    french = argos_translate.get_language_from_code("fr")
    translation = french.get_translation(argos_translate.get_language_from_code("en"))
    packaged = translation.underlying
    packaged.sentencizer.split_sentences = lambda text: [text]
    packaged.hypotheses("x", 1)  # loads the CTranslate2 translator outside the timing

    class Capped:
        def __init__(self, translator) -> None:
            self.translator = translator

        def translate_batch(self, source, **options):
            cap = bench_cap(len(source[0]))
            return self.translator.translate_batch(source, max_decoding_length=cap, **options)

    packaged.translator = Capped(packaged.translator)
    start = time.perf_counter()
    best = [translation.hypotheses(segment, 1)[0] for segment in segments]  # = translate()
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "outputs": [h.value for h in best],
        "scores": [h.score for h in best],
    }


def run_engine(segments: list[str], batch_tokens: int) -> dict:
    from translate.engines import make_engine

    engine = make_engine(
        "argos", "fr", "en", max_decoding_length=bench_cap, max_batch_tokens=batch_tokens
    )
    start = time.perf_counter()
    translations = engine.translate(segments)
    return {
        "seconds": time.perf_counter() - start,
        "outputs": [t.text for t in translations],
        "scores": [t.score for t in translations],
        "description": engine.description,
        "heavy_modules": sorted(m for m in ("stanza", "torch") if m in sys.modules),
    }


def _bare_translator(inter: int, intra: int):
    import ctranslate2
    import sentencepiece
    from argostranslate import package

    pkg = next(p for p in package.get_installed_packages() if p.from_code == "fr")
    spm = sentencepiece.SentencePieceProcessor(
        model_file=str(pkg.package_path / "sentencepiece.model")
    )
    translator = ctranslate2.Translator(
        str(pkg.package_path / "model"),
        device="cpu",
        inter_threads=inter,
        intra_threads=intra,
    )  # no compute_type: the model's own (int8), as argostranslate 1.12 and diptych run it
    return spm, translator


def run_ct2(segments: list[str], sizes: list[int]) -> dict:
    """The practical limit: bare translate_batch per decoding cap, every call queued at once on
    one single-threaded worker per core, CTranslate2 batching by tokens itself."""
    spm, translator = _bare_translator(cores(), 1)
    tokens = [spm.encode(s, out_type=str) for s in segments]
    groups: dict[int, list[list[str]]] = {}
    for toks in tokens:
        groups.setdefault(bench_cap(len(toks)), []).append(toks)
    timings = {}
    for size in sizes:
        start = time.perf_counter()
        queued = [
            translator.translate_batch(
                group,
                max_batch_size=size,
                batch_type="tokens",
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
        timings[size] = time.perf_counter() - start
    best = min(timings, key=timings.get)
    return {"seconds": timings[best], "best_batch_tokens": best, "sweep": timings}


def run_single(segments: list[str]) -> dict:
    """Reference: one segment at a time on a single thread (the fastest unbatched loop here)."""
    spm, translator = _bare_translator(1, 1)
    start = time.perf_counter()
    for segment in segments:
        toks = spm.encode(segment, out_type=str)
        translator.translate_batch(
            [toks],
            beam_size=BEAM,
            length_penalty=0.2,
            replace_unknowns=True,
            return_scores=True,
            max_decoding_length=bench_cap(len(toks)),
        )
    return {"seconds": time.perf_counter() - start}


def child(args: argparse.Namespace) -> None:
    segments = json.loads(Path(args.segments_file).read_text(encoding="utf-8"))
    if args.child == "argos":
        result = run_argos(segments)
    elif args.child == "engine":
        result = run_engine(segments, args.engine_batch_tokens)
    elif args.child == "single":
        result = run_single(segments)
    else:
        result = run_ct2(segments, [int(s) for s in args.batch_tokens.split(",")])
    result["peak_rss_mb"] = peak_rss_mb()
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# ---- parent ------------------------------------------------------------------------------


def build(workdir: Path) -> Path:
    from argos_package import PackageSpec, build_package

    spec = PackageSpec(
        layers=6, d_model=512, heads=8, ffn=2048, vocab_size=8000, quantization="int8", seed=7
    )
    archive = build_package(workdir / "build", spec)
    packages = workdir / "packages"
    packages.mkdir()
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(packages)
    return archive


def spawn(workdir: Path, name: str, extra: list[str]) -> dict:
    out = workdir / f"{name}.json"
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(workdir / "packages"))
    command = [sys.executable, __file__, "--child", name, "--out", str(out)]
    command += ["--segments-file", str(workdir / "segments.json"), *extra]
    subprocess.run(command, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--batch-tokens", default="512,1024,2048,4096,8192")
    parser.add_argument("--engine-batch-tokens", type=int, default=0)
    parser.add_argument("--child", choices=["argos", "engine", "ct2", "single"])
    parser.add_argument("--out")
    parser.add_argument("--segments-file")
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    from translate.argos import DEFAULT_MAX_BATCH_TOKENS

    with tempfile.TemporaryDirectory(prefix="diptych-bench-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        archive = build(workdir)
        built = time.perf_counter() - started
        segments = seed_segments(args.segments)
        (workdir / "segments.json").write_text(json.dumps(segments), encoding="utf-8")
        c = spawn(workdir, "ct2", ["--batch-tokens", args.batch_tokens])
        size = args.engine_batch_tokens or DEFAULT_MAX_BATCH_TOKENS
        b = spawn(workdir, "engine", ["--engine-batch-tokens", str(size)])
        a = spawn(workdir, "argos", [])
        single = spawn(workdir, "single", [])
        # the engine with one segment per batch: tells batching numerics from real differences
        b1 = spawn(workdir, "engine", ["--engine-batch-tokens", "1"])
        vocab = len(
            json.loads(
                (
                    next((workdir / "packages").iterdir()) / "model" / "shared_vocabulary.json"
                ).read_text()
            )
        )
        same = sum(x == y for x, y in zip(a["outputs"], b["outputs"], strict=True))
        same_unbatched = sum(x == y for x, y in zip(a["outputs"], b1["outputs"], strict=True))
        n = len(segments)
        # where batching changed the text: how far apart the two best scores are
        differ = [i for i in range(n) if a["outputs"][i] != b["outputs"][i]]
        gaps = [abs(a["scores"][i] - b["scores"][i]) for i in differ]
        spread = [abs(a["scores"][i]) for i in differ]
        print(
            f"package: {archive.stat().st_size / 1e6:.1f} MB, vocab {vocab}, built in {built:.1f}s"
        )
        print(f"ct2 batch sweep (padded tokens -> s): {c['sweep']}")
        for label, r in (("argostranslate", a), ("diptych engine", b), ("bare ctranslate2", c)):
            rate, rss = n / r["seconds"], r["peak_rss_mb"]
            print(f"{label:17} {r['seconds']:7.2f}s {rate:7.2f} seg/s  peak RSS {rss:.0f} MB")
        heavy = b["heavy_modules"] or "no stanza/torch"
        print(f"identical (a) vs (b) at {size} tokens: {same}/{n}; engine imported {heavy}")
        print(f"identical (a) vs engine one segment per batch: {same_unbatched}/{n}")
        if differ:
            print(
                f"where (a) and (b) differ: best scores {max(gaps):.3f} apart at most, "
                f"median score {statistics.median(spread):.1f}"
            )
        print(
            f"reference: one at a time, single thread: {single['seconds']:.2f}s "
            f"({n / single['seconds']:.2f} seg/s)"
        )
        summary = {
            "segments": n,
            "cores": cores(),
            "vocab": vocab,
            "package_mb": round(archive.stat().st_size / 1e6, 1),
            "batch_tokens": size,
            "argos_s": round(a["seconds"], 3),
            "engine_s": round(b["seconds"], 3),
            "ct2_s": round(c["seconds"], 3),
            "argos_seg_per_s": round(n / a["seconds"], 2),
            "engine_seg_per_s": round(n / b["seconds"], 2),
            "ct2_seg_per_s": round(n / c["seconds"], 2),
            "peak_rss_mb": {
                "argos": round(a["peak_rss_mb"]),
                "engine": round(b["peak_rss_mb"]),
                "ct2": round(c["peak_rss_mb"]),
            },
            "identical_share": round(same / n, 4),
            "identical_share_unbatched_engine": round(same_unbatched / n, 4),
            "differing_max_score_gap": round(max(gaps), 4) if gaps else 0.0,
            "single_thread_one_at_a_time_s": round(single["seconds"], 3),
            "speedup_vs_single_thread_loop": round(single["seconds"] / b["seconds"], 2),
            "speedup_vs_argos": round(a["seconds"] / b["seconds"], 2),
            "overhead_vs_ct2": round(b["seconds"] / c["seconds"], 3),
        }
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
