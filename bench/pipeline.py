"""Scale benchmark: diptych on a generated project of N realistic French articles.

Articles are built from the seed articles' sentences, shuffled and varied (names, numbers,
clauses) with a fixed seed, about 40 segments each. Every command runs as a real `diptych`
process; wall time and peak memory (max RSS of that process) are measured per command:
translate --engine none, status, export (HTML and Markdown), review, and a rerun of translate
after one article was edited. Runs N=100 and N=1000 (or --sizes) and reports the cost ratio
between each size and the next.

Peak memory is `peak_mb`, the largest resident size of the command's process or of any of its
worker processes (ru_maxrss from wait4, which covers waited-for children), and `tree_peak_mb`,
the largest sum of the resident sizes of the process and all its descendants, sampled every
20 ms from /proc (Linux only; export runs worker processes at once). CPU time (user + system,
the process and its workers) is reported beside wall time: on a shared machine it is the
steadier measure of the work done.

    python bench/pipeline.py                          # N = 100 and 1000
    python bench/pipeline.py --sizes 100,1000,10000   # other sizes

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from translate.read import TITLE, read_article  # noqa: E402
from translate.segment import segment_document  # noqa: E402

NAMES = [
    "Claire Dubois",
    "Marc Lefèvre",
    "Sophie Martin",
    "Karim Benali",
    "Julie Moreau",
    "Thomas Girard",
    "Nadia Haddad",
    "Pierre Lambert",
    "Élise Fournier",
    "Hugo Petit",
]
COMPANIES = ["OpenAI", "Anthropic", "Mistral AI", "Google", "Meta", "Microsoft", "Hugging Face"]
CLAUSES = [
    "selon plusieurs sources",
    "d’après le journal",
    "comme prévu",
    "sans surprise",
    "à la fin de l’année",
    "dès la semaine prochaine",
    "pour la première fois",
]
COMMANDS = {
    "translate": ["translate", "--engine", "none"],
    "status": ["status"],
    "export": ["export"],
    "review": ["review"],
    "rerun_after_edit": ["translate", "--engine", "none"],
}


def seed_sentences() -> tuple[list[str], list[str]]:
    sentences, headings = [], []
    for path in sorted((REPO / "seeds").iterdir()):
        document = read_article(path)
        for segment in segment_document(document):
            kind = document.blocks[segment.block].kind
            (headings if kind in (TITLE, "heading") else sentences).append(segment.msgid)
    return sentences, headings


def vary(sentence: str, rng: random.Random) -> str:
    sentence = re.sub(r"\d+", lambda m: str(rng.randint(2, 2030)), sentence)
    for company in COMPANIES:
        if company in sentence and rng.random() < 0.5:
            sentence = sentence.replace(company, rng.choice(COMPANIES))
    if rng.random() < 0.6:
        sentence = sentence.replace("Leike", rng.choice(NAMES).split()[1])
        sentence = sentence.replace("Sharma", rng.choice(NAMES).split()[1])
    if rng.random() < 0.5 and sentence.endswith("."):
        sentence = f"{sentence[:-1]}, {rng.choice(CLAUSES)}."
    return sentence


def article(rng: random.Random, sentences: list[str], headings: list[str]) -> str:
    title = f"{vary(rng.choice(headings), rng)} ({rng.randint(1, 999)})"
    blocks = [title]
    for _ in range(rng.randint(7, 9)):
        if rng.random() < 0.25:
            blocks.append(vary(rng.choice(headings), rng))
        paragraph = [vary(rng.choice(sentences), rng) for _ in range(rng.randint(3, 6))]
        blocks.append(" ".join(paragraph))
    return "\n\n".join(blocks) + "\n"


def make_project(root: Path, count: int, seed: int = 20261122) -> int:
    rng = random.Random(seed)
    sentences, headings = seed_sentences()
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for number in range(count):
        (seeds / f"article-{number:05d}.txt").write_text(
            article(rng, sentences, headings), encoding="utf-8"
        )
    return count


def run(root: Path, args: list[str]) -> dict:
    """One diptych process: wall seconds, peak RSS in MB (largest process; whole tree)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "translate", "--project", str(root), "-q", *args],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss_kb(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"diptych {' '.join(args)} failed ({code}): {stderr.strip()}")
    peak = usage.ru_maxrss
    return {
        "seconds": round(seconds, 3),
        # CPU time of the process and the workers it waited for: on a shared machine, wall
        # time includes waiting for a core, CPU time does not
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_mb": round(peak / 1024, 1),
        "tree_peak_mb": round(max(tree_peak, peak) / 1024, 1),
    }


def tree_rss_kb(pid: int) -> int:
    """Resident kB of `pid` and all its descendants now (0 where /proc cannot tell)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total


def edit_one(root: Path) -> None:
    path = sorted((root / "seeds").iterdir())[len(list((root / "seeds").iterdir())) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "\nUne phrase ajoutée par la rédaction après publication.\n", encoding="utf-8"
    )


def bench_size(count: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="diptych-bench-") as folder:
        root = Path(folder)
        make_project(root, count)
        result: dict = {"articles": count}
        for name, args in COMMANDS.items():
            if name == "rerun_after_edit":
                edit_one(root)
            result[name] = run(root, args)
        result["segments"] = (
            sum(
                1
                for po in (root / "locales" / "en").glob("*.po")
                for line in po.read_text(encoding="utf-8").splitlines()
                if line.startswith("msgid ")
            )
            - count
        )  # minus one header entry per file
        shutil.rmtree(root / "build", ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["100,1000"],
        help="article counts, comma- or space-separated (default: 100,1000)",
    )
    options = parser.parse_args()
    sizes = [int(size) for item in options.sizes for size in item.split(",") if size]
    results = []
    for count in sizes:
        result = bench_size(count)
        results.append(result)
        print(f"N = {count} articles, {result['segments']} segments", flush=True)
        for name in COMMANDS:
            figure = result[name]
            print(
                f"  {name:<18} {figure['seconds']:>8.2f} s  (CPU {figure['cpu_seconds']:.2f} s)"
                f"  {figure['peak_mb']:>7.1f} MB"
                f"  (process tree {figure['tree_peak_mb']:.1f} MB)",
                flush=True,
            )
    summary: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
    }
    summary["cost_ratios"] = []
    for small, large in zip(results, results[1:], strict=False):
        ratio = {
            "from": small["articles"],
            "to": large["articles"],
            "size_ratio": round(large["articles"] / small["articles"], 2),
            "time": {
                name: round(large[name]["seconds"] / small[name]["seconds"], 2) for name in COMMANDS
            },
            "cpu": {
                name: round(large[name]["cpu_seconds"] / small[name]["cpu_seconds"], 2)
                for name in COMMANDS
            },
        }
        summary["cost_ratios"].append(ratio)
        for kind in ("time", "cpu"):
            print(
                f"cost ratio ({kind}) N={large['articles']} / N={small['articles']}:",
                ", ".join(f"{k} {v}" for k, v in ratio[kind].items()),
            )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
