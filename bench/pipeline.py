"""Scale benchmark: diptych on a generated project of N realistic French articles.

Articles are built from the seed articles' sentences, shuffled and varied (names, numbers,
clauses) with a fixed seed, about 40 segments each. Every command runs as a real `diptych`
process; wall time and peak memory (max RSS of that process) are measured per command:
translate --engine none, status, export (HTML and Markdown), review, and a rerun of translate
after one article was edited. Runs N=100 and N=1000 (or --sizes) and reports the cost ratio
between each size and the next.

Two archives are measured. The *empty* archive is what `translate --engine none` leaves:
every entry untranslated. The *realistic* archive is what a newsroom's archive looks like:
a glossary (`glossary.csv`), every entry filled with machine output by a fake engine (a
word-for-word stand-in that keeps numbers and punctuation, with a slip every few dozen
sentences so that QA finds something), and every third entry post-edited and approved, the
catalog then saved by polib as a PO editor would. `status`, `review` and `export` are timed
on both; the realistic figures are the ones that matter. On the realistic archive `status`
is cold (every catalog changed since the index saw it, as after reviewers saved), and
`export` and `status` run a second time (`export_again`: nothing changed, so catalogs and
segmentations come from the index). Last, `status_after_a_day`: reviewers approve one more
entry in each of 100 catalogs spread over the archive (saved by polib), and `status` runs
again, as it does in a newsroom's day. The load average before and after is recorded: on a
shared machine, CPU time is the steadier figure. `--keep DIR` builds the archive in DIR once
and times copies of it (the archive of N = 10,000 takes a while to build), its articles
hard-linked so that the index still knows them: only the catalogs changed since it saw them.

`--golden DIR` writes the realistic archive's `reviews/` and `build/` (N = --sizes, first
value) under DIR; `--compare DIR` rebuilds the same archive and checks every file of both
folders is byte-identical with DIR (exit 1 naming the first difference): outputs made by one
version of diptych are compared with another's.

Peak memory is `peak_mb`, the largest resident size of the command's process or of any of its
worker processes (ru_maxrss from wait4, which covers waited-for children), and `tree_peak_mb`,
the largest sum of the resident sizes of the process and all its descendants, sampled every
20 ms from /proc (Linux only; export runs worker processes at once). CPU time (user + system,
the process and its workers) is reported beside wall time: on a shared machine it is the
steadier measure of the work done.

    python bench/pipeline.py                          # N = 100 and 1000
    python bench/pipeline.py --sizes 100,1000,10000   # other sizes
    python bench/pipeline.py --only realistic --sizes 1000  # one archive
    python bench/pipeline.py --only realistic --sizes 10000 --keep /tmp/a10k  # built once
    python bench/pipeline.py --golden /tmp/golden --sizes 200   # outputs of this version
    python bench/pipeline.py --compare /tmp/golden --sizes 200  # same bytes as those?

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import contextlib
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
from datetime import datetime, timezone
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
# on the realistic archive (translated in-process by the fake engine, then post-edited)
REALISTIC_COMMANDS = {
    "status": ["status"],
    "review": ["review"],
    "export": ["export"],
    "export_again": ["export"],  # articles unchanged: their segmentations are in the index
    "status_again": ["status"],
    # a reviewers' day: REVIEWED_IN_A_DAY catalogs approved further and saved by polib
    "status_after_a_day": ["status"],
}
# catalogs a newsroom's reviewers save in a day, whatever the archive's size
REVIEWED_IN_A_DAY = 100
GLOSSARY = {
    "intelligence artificielle": "artificial intelligence",
    "garde-fous": "guardrails",
    "modèle": "model",
    "chercheurs": "researchers",
    "entreprise": "company",
}
# a word-for-word stand-in for machine translation: enough English that QA reads a translation
WORDS = {
    "le": "the",
    "la": "the",
    "les": "the",
    "l": "the",
    "un": "a",
    "une": "a",
    "des": "some",
    "de": "of",
    "du": "of the",
    "d": "of",
    "et": "and",
    "à": "to",
    "au": "to the",
    "en": "in",
    "dans": "in",
    "pour": "for",
    "par": "by",
    "sur": "on",
    "avec": "with",
    "est": "is",
    "sont": "are",
    "a": "has",
    "ont": "have",
    "qui": "who",
    "que": "that",
    "ce": "this",
    "cette": "this",
    "il": "he",
    "elle": "she",
    "ils": "they",
    "nous": "we",
    "pas": "not",
    "ne": "",
    "plus": "more",
    "selon": "according to",
    "sources": "sources",
    "plusieurs": "several",
    "journal": "newspaper",
    "année": "year",
    "semaine": "week",
    "prochaine": "next",
    "première": "first",
    "fois": "time",
    "fin": "end",
    "sans": "without",
    "surprise": "surprise",
    "comme": "as",
    "prévu": "planned",
    "dès": "from",
    "après": "after",
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
        workers: dict[int, float] = {}  # CPU seconds of each descendant, last seen
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss_kb(process.pid, workers))
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
        # CPU time of its descendants as /proc last showed them (export's workers are the
        # children of a forkserver, which the command does not wait for: not in cpu_seconds;
        # a worker's last 20 ms may be missed)
        "workers_cpu_seconds": round(sum(workers.values()), 3),
        "peak_mb": round(peak / 1024, 1),
        "tree_peak_mb": round(max(tree_peak, peak) / 1024, 1),
    }


def tree_rss_kb(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Resident kB of `pid` and all its descendants now (0 where /proc cannot tell); `cpu`
    gains the CPU seconds each descendant has used so far."""
    total, pending = 0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
            if cpu is not None and current != pid:
                fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
                cpu[current] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total


class FakeEngine:
    """Machine output without a model: French function words put into English, the rest
    (names, numbers, punctuation) kept; every 37th sentence loses a number or repeats a
    word, as a model sometimes does."""

    name = "bench-fake"
    description = "bench fake 1.0"
    translates = True

    def __init__(self) -> None:
        self.count = 0

    def translate(self, sources):
        from translate.engine import Translation

        return [Translation(self.one(source)) for source in sources]

    def one(self, source: str) -> str:
        self.count += 1
        text = source
        for french, english in GLOSSARY.items():
            text = text.replace(french, english)
        text = re.sub(
            r"[^\W\d_]+",
            lambda m: WORDS.get(m.group().lower(), m.group()) if m.group().islower() else m.group(),
            text,
        )
        text = re.sub(r"(?<=\w)’(?=\w)", " ", text).replace(" ,", ",").replace("  ", " ")
        text = re.sub("«[\\s\u00a0\u202f]*", "“", text)
        text = re.sub("[\\s\u00a0\u202f]*»", "”", text)
        text = re.sub("[\\s\u00a0\u202f]+([?!:;])", r"\1", text)
        if self.count % 37 == 0:
            text = re.sub(r"\d+", "", text, count=1) if re.search(r"\d", text) else text
        elif self.count % 37 == 18 and len(text.split(" ")) > 1:
            words = text.split(" ")
            text = " ".join([*words[:2], words[1], words[1], *words[2:]])
        return text.strip() or source


def realistic_archive(root: Path, count: int) -> None:
    """Seeds as `make_project` writes them, a glossary, machine output in every entry, and
    every third entry post-edited and approved (saved by polib, as an editor saves)."""
    import polib

    import translate.pipeline
    from translate.pipeline import translate_project
    from translate.project import load_project

    # Building the archive is set-up, not what is measured: without the checkpoints that
    # write each catalog again while a long run translates, and without syncing the disk
    # (this process only), it is several times faster and holds the same bytes.
    translate.pipeline.CHECKPOINT_SEGMENTS = 1 << 30
    os.fsync = lambda descriptor: None
    make_project(root, count)
    (root / "glossary.csv").write_text(
        "source,target,note\n" + "".join(f"{s},{t},\n" for s, t in GLOSSARY.items()),
        encoding="utf-8",
    )
    engine = FakeEngine()
    # a fixed revision date: the outputs of two runs (two versions of diptych) compare equal
    now = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)
    translate_project(load_project(root), engine_factory=lambda target: engine, now=now)
    for number, po_path in enumerate(sorted((root / "locales").glob("*/*.po"))):
        catalog = polib.pofile(str(po_path))
        for index, entry in enumerate(catalog):
            if entry.msgstr and (index + number) % 3 == 0:
                entry.msgstr = post_edit(entry.msgstr)
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        catalog.save(str(po_path))


def build_archive(root: Path, count: int, tile: int = 1) -> None:
    """`realistic_archive` in a process of its own: a child process starts with the peak
    memory of the process it was forked from, so the bench itself stays small. With `tile`,
    an archive of count / tile articles is built and copied `tile` times under other names
    (seeds and catalogs alike, the index left to the commands): building a large archive
    then costs a fraction of the time, and every command does the same work per article."""
    if tile <= 1:
        subprocess.run(
            [sys.executable, __file__, "--make-archive", str(root), "--sizes", str(count)],
            check=True,
        )
        return
    build_archive(root, count // tile)
    tile_archive(root, tile)


def tile_archive(root: Path, tile: int) -> None:
    """Copy every article of the archive and its catalogs `tile` - 1 times under other names."""
    shutil.rmtree(root / ".diptych", ignore_errors=True)
    originals = sorted((root / "seeds").glob("article-*.txt"))
    for copy in range(1, tile):
        for seed in originals:
            slug = seed.stem
            other = f"{slug}-{copy}"
            (root / "seeds" / f"{other}.txt").write_bytes(seed.read_bytes())
            for po in (root / "locales").glob(f"*/{slug}.po"):
                text = po.read_text(encoding="utf-8").replace(f"{slug}.txt", f"{other}.txt")
                text = text.replace(f"Project-Id-Version: {slug}", f"Project-Id-Version: {other}")
                po.with_name(f"{other}.po").write_text(text, encoding="utf-8")


def a_day_of_review(root: Path, count: int) -> int:
    """Approve the next machine entry, post-edited, in `count` catalogs spread over the
    archive, each saved by polib as an editor saves it: what `status` finds changed after a
    day of review. Returns the number of catalogs saved."""
    import polib

    catalogs = sorted((root / "locales").glob("*/*.po"))
    chosen = catalogs[:: max(1, len(catalogs) // count)][:count]
    for po_path in chosen:
        catalog = polib.pofile(str(po_path))
        entry = next((e for e in catalog if e.msgstr and "fuzzy" in e.flags), None)
        if entry is not None:
            entry.msgstr = post_edit(entry.msgstr)
            entry.flags.remove("fuzzy")
        catalog.save(str(po_path))
    return len(chosen)


def post_edit(text: str) -> str:
    """What a reviewer does to machine output: a word put right, a phrase smoothed."""
    text = text.replace(" of the ", " of ", 1).replace(" has ", " had ", 1)
    return text[0].upper() + text[1:] if text else text


def bench_realistic(count: int, tile: int = 1, keep: Path | None = None) -> dict:
    """Time the commands on a realistic archive of `count` articles; with `keep`, the archive
    is built there once (or found there) and each run works on a copy of it, index included,
    so that two versions of diptych can be timed in turn on the same archive."""
    with tempfile.TemporaryDirectory(prefix="diptych-bench-real-") as folder:
        root = Path(folder) / "archive"
        if keep is None:
            build_archive(root, count, tile)
        else:
            if not (keep / "seeds").is_dir():
                build_archive(keep, count, tile)
            copy_archive(keep, root)
        result: dict = {"articles": count, "load_before": os.getloadavg()}
        for name, args in REALISTIC_COMMANDS.items():
            if name == "status_after_a_day":
                result["catalogs_saved"] = a_day_of_review(root, REVIEWED_IN_A_DAY)
            result[name] = run(root, args)
        result["load_after"] = os.getloadavg()
    return result


def copy_archive(kept: Path, root: Path) -> None:
    """A copy of the kept archive to time commands on, its articles hard links to the kept
    ones (no command writes an article): a file's stamp is its size, mtime and inode, so
    copied articles would all look changed to the index, as in a project moved elsewhere,
    and the first command would read every article again. Linked, the copy is the archive
    as it was left: its catalogs changed since the index saw them, its articles not."""

    def copy(source: str, destination: str) -> None:
        if Path(source).is_relative_to(kept / "seeds"):
            with contextlib.suppress(OSError):  # another file system: copied
                os.link(source, destination)
                return
        shutil.copy2(source, destination)

    shutil.copytree(kept, root, symlinks=True, copy_function=copy)


def golden(directory: Path, count: int, compare: bool) -> int:
    """Write (or compare with) under `directory` the realistic archive's catalogs, reviews/
    and build/ after review and export, and the catalogs `translate --engine none` writes
    for the empty archive (`empty/locales/`: every line wrapped by diptych itself)."""
    with tempfile.TemporaryDirectory(prefix="diptych-golden-") as folder:
        root = Path(folder) / "realistic"
        root.mkdir()
        build_archive(root, count)
        run(root, ["review"])
        run(root, ["export"])
        empty = Path(folder) / "empty"
        make_project(empty, count)
        run(empty, ["translate", "--engine", "none"])
        outputs = {
            f"{prefix}{part}/{path.relative_to(base / part)}": _undated(path.read_bytes())
            for prefix, base, parts in (
                ("", root, ("locales", "reviews", "build")),
                ("empty/", empty, ("locales",)),
            )
            for part in parts
            for path in sorted((base / part).rglob("*"))
            if path.is_file()
        }
        if not compare:
            for name, data in outputs.items():
                (directory / name).parent.mkdir(parents=True, exist_ok=True)
                (directory / name).write_bytes(data)
            print(f"{len(outputs)} files written under {directory}")
            return 0
        expected = {
            str(path.relative_to(directory)): _undated(path.read_bytes())
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }
        if sorted(expected) != sorted(outputs):
            print(f"files differ: {sorted(set(expected) ^ set(outputs))[:5]}")
            return 1
        for name, data in expected.items():
            if outputs[name] != data:
                print(f"{name} differs")
                return 1
        print(f"{len(outputs)} files byte-identical with {directory}")
        return 0


# The one line of a catalog that says when it was written, not what: the empty archive is
# translated by the command itself, at the time it runs.
_REVISION_DATE = re.compile(rb'^"PO-Revision-Date: [^"\n]*\\n"$', re.MULTILINE)


def _undated(data: bytes) -> bytes:
    return _REVISION_DATE.sub(lambda _: b'"PO-Revision-Date: (when it was written)\\n"', data)


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
    parser.add_argument("--only", choices=("empty", "realistic"), help="one archive only")
    parser.add_argument("--golden", type=Path, help="write the realistic outputs under this folder")
    parser.add_argument("--compare", type=Path, help="compare the realistic outputs with these")
    parser.add_argument(
        "--tile",
        type=int,
        default=1,
        help="realistic archive: build N / TILE articles and copy them TILE times (faster)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="realistic archive: build it in this folder once, then time copies of it",
    )
    parser.add_argument("--make-archive", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    sizes = [int(size) for item in options.sizes for size in item.split(",") if size]
    if options.make_archive:
        realistic_archive(options.make_archive, sizes[0])
        return
    if options.golden or options.compare:
        raise SystemExit(golden(options.golden or options.compare, sizes[0], bool(options.compare)))
    results = []
    for count in sizes:
        result = {"articles": count}
        if options.only != "realistic":
            result = bench_size(count)
            print(f"N = {count} articles, {result['segments']} segments (empty archive)")
            show(result, COMMANDS)
        if options.only != "empty":
            result["realistic"] = bench_realistic(count, options.tile, options.keep)
            print(f"N = {count} articles (realistic archive: translated, a third approved)")
            show(result["realistic"], REALISTIC_COMMANDS)
        results.append(result)
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
        if options.only:
            break
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


def show(result: dict, commands: dict) -> None:
    for name in commands:
        figure = result[name]
        print(
            f"  {name:<18} {figure['seconds']:>8.2f} s  (CPU {figure['cpu_seconds']:.2f} s"
            f" + workers {figure.get('workers_cpu_seconds', 0):.2f} s)"
            f"  {figure['peak_mb']:>7.1f} MB"
            f"  (process tree {figure['tree_peak_mb']:.1f} MB)",
            flush=True,
        )


if __name__ == "__main__":
    main()
