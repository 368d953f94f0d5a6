"""Cluster benchmark: the argos engine run locally vs by 1 and 2 Ray actors, and the cost of
one actor call.

Builds (fixed seed) a random-weight Argos package (`--model base`: the size class of the
published translate-fr_en 1.9, transformer-base int8; `--model tiny`: the test package),
starts a local Ray cluster on this machine (or joins `--address`), then translates the same
segments:

  - local: `make_engine("argos")`, in this process (what `diptych translate` does);
  - cluster-1, cluster-2: the cluster engine with 1 and 2 actors (`connected(workers=N)`),
    timing apart the start (package shipped through the object store, model loaded) and the
    translation; outputs are compared with the local ones (all identical is the promise);
  - writer: a whole translate run with an engine that answers at once, i.e. the rate the
    one writing process sustains whatever the cluster's size;
  - overhead: the median round trip of one actor call carrying one empty segment (no model
    work), i.e. what each batch pays for being remote, next to the local engine's time per
    segment.

On one machine two actors share its cores with each other (and with the local engine's
threads): the figures measure the overhead, not the gain of a second machine; docs/cluster.md
models N machines from them. The last line printed is JSON.

    python bench/cluster.py [--segments 300] [--model base|tiny] [--address HOST:PORT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def seed_segments(count: int) -> list[str]:
    from translate.read import read_article
    from translate.segment import segment_document

    articles = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.md"))
    segments = [s.msgid for path in articles for s in segment_document(read_article(path))]
    # numbered so that no two are equal, as in a real archive
    return [f"{i}. {s}" for i, s in zip(range(count), itertools.cycle(segments))]


def build(workdir: Path, model: str) -> Path:
    from argos_package import BASE_SPEC, TEST_SPEC, build_package

    from translate.models import install_model

    # the base model with an end-of-sentence bias, so outputs stop at varied lengths
    spec = replace(BASE_SPEC, eos_bias=6.0) if model == "base" else TEST_SPEC
    archive = build_package(workdir / "build", spec)
    install_model(archive)
    return archive


def local(segments: list[str]) -> dict:
    from translate.engines import make_engine

    start = time.perf_counter()
    engine = make_engine("argos", "fr", "en")
    loaded = time.perf_counter()
    outputs = engine.translate(segments)
    end = time.perf_counter()
    return {
        "start_s": round(loaded - start, 3),
        "translate_s": round(end - loaded, 3),
        "segments_per_s": round(len(segments) / (end - loaded), 2),
        "outputs": outputs,
    }


def remote(address: str, workers: int, segments: list[str], calls: int) -> dict:
    import ray

    from translate.cluster import connected
    from translate.engines import make_engine

    with connected(address, workers=workers) as session:
        start = time.perf_counter()
        engine = make_engine("cluster", "fr", "en", device="cpu")
        ready = time.perf_counter()
        outputs = engine.translate(segments)
        end = time.perf_counter()
        batches = sum(use.batches for use in session.used.values())
        handle = engine.actors[0][0]
        trips = []
        for _ in range(calls):
            t0 = time.perf_counter()
            ray.get(handle.translate.remote([""]))
            trips.append(time.perf_counter() - t0)
    return {
        "workers": workers,
        "start_s": round(ready - start, 3),
        "translate_s": round(end - ready, 3),
        "segments_per_s": round(len(segments) / (end - ready), 2),
        "batches": batches,
        "call_round_trip_ms": round(1000 * statistics.median(trips), 2),
        "outputs": outputs,
    }


class _Instant:
    """An engine that answers at once: what is left is the writing process's own work."""

    name, description, translates = "argos", "instant", True

    def translate(self, sources):
        from translate.engine import Translation

        return [Translation(f"[{s}]", -1.0, -5.0, 5) for s in sources]


def writer(workdir: Path, segments: list[str], per_article: int = 40) -> dict:
    """The one writing process alone: a whole translate run (read, segment, merge, write
    catalogs, checkpoints, index) with an engine that costs nothing."""
    from translate.pipeline import translate_project
    from translate.project import load_project

    root = workdir / "writer"
    (root / "seeds").mkdir(parents=True)
    for start in range(0, len(segments), per_article):
        body = "\n\n".join(segments[start : start + per_article]) + "\n"
        (root / "seeds" / f"a{start:06d}.txt").write_text(body, encoding="utf-8")
    start = time.perf_counter()
    report = translate_project(load_project(root), engine_factory=lambda target: _Instant())
    seconds = time.perf_counter() - start
    done = sum(o.machine_translated for o in report.outcomes)
    return {"segments": done, "seconds": round(seconds, 3), "segments_per_s": round(done / seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--model", choices=["base", "tiny"], default="base")
    parser.add_argument("--address", help="join this cluster instead of starting one")
    parser.add_argument("--calls", type=int, default=200, help="empty calls timed")
    parser.add_argument("--writer-segments", type=int, default=5000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="diptych-bench-cluster-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(workdir / "packages")
    (workdir / "packages").mkdir()
    archive = build(workdir, args.model)
    segments = seed_segments(args.segments)
    result: dict = {
        "segments": len(segments),
        "model": args.model,
        "package_mb": round(archive.stat().st_size / 1e6, 1),
        "cores": len(os.sched_getaffinity(0)),
        "load_average": os.getloadavg(),
    }
    base = local(segments)
    cluster = None
    address = args.address
    if address is None:
        from ray.cluster_utils import Cluster

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        cluster = Cluster(
            initialize_head=True,
            head_node_args={"num_cpus": 2, "gcs_server_port": port, "include_dashboard": False},
        )
        address = cluster.address
    try:
        runs = [remote(address, n, segments, args.calls) for n in (1, 2)]
    finally:
        if cluster is not None:
            cluster.shutdown()
    local_per_segment_ms = 1000 * base["translate_s"] / len(segments)
    result["local"] = {k: v for k, v in base.items() if k != "outputs"}
    for run in runs:
        pairs = list(zip(run.pop("outputs"), base["outputs"], strict=True))
        same = sum(a.text == b.text for a, b in pairs)
        run["identical_to_local"] = f"{same}/{len(segments)}"
        run["same_confidence"] = f"{sum(a.confidence == b.confidence for a, b in pairs)}"
        run["max_score_difference"] = max(abs((a.score or 0) - (b.score or 0)) for a, b in pairs)
        run["overhead_vs_local"] = round(run["translate_s"] / base["translate_s"], 3)
        result[f"cluster_{run['workers']}"] = run
    result["local_ms_per_segment"] = round(local_per_segment_ms, 2)
    result["writer"] = writer(workdir, seed_segments(args.writer_segments))
    result["load_average_after"] = os.getloadavg()
    for key, value in result.items():
        print(f"{key}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
