"""Memory benchmark: every command on one large multi-paragraph French Markdown article.

Generates one article of a given size (default 50 MB; also 5 and 10 MB for the linearity
check) from realistic paragraphs with inline markup (emphasis, strong, code, links), headings,
bulleted and numbered lists and a table, with a fixed seed. Each command runs as a real
`diptych` process in a fresh project whose diptych.toml raises `max_article_mb` above the
article: translate --engine none, status, review, and export in each format and layout.
Reported per command: wall and CPU seconds, peak memory (`peak_mb`, ru_maxrss of the process
or of any worker it waited for; `tree_peak_mb`, the process tree sampled from /proc) and its
ratio to the article size.

    python bench/memory.py                 # 5, 10 and 50 MB
    python bench/memory.py --sizes 5 10    # other sizes, in MB
    python bench/memory.py --commands translate review export_html_side-by-side

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from pipeline import run  # noqa: E402

SENTENCES = [
    "Le gouvernement a présenté mardi un projet de loi sur la protection des données.",
    "Selon plusieurs sources, la décision sera prise avant la fin de l’année.",
    "Les chercheurs de l’université de Lyon ont publié leurs résultats dans une revue.",
    "« Nous ne pouvons pas attendre plus longtemps », a déclaré la ministre.",
    "La croissance a atteint 2,4 % au troisième trimestre, d’après l’Insee.",
    "Cette mesure concerne environ 12 000 entreprises de moins de cinquante salariés.",
    "Le maire a rappelé que les travaux dureraient au moins dix-huit mois.",
    "Pourquoi les prix de l’énergie ont-ils tant augmenté depuis janvier ?",
    "Les syndicats appellent à une nouvelle journée de grève jeudi prochain.",
    "Le rapport recommande de renforcer le contrôle des algorithmes publics.",
    "Dans la région, la sécheresse a réduit les récoltes de près d’un tiers.",
    "L’entreprise a annoncé la création de 300 emplois à Toulouse d’ici 2027.",
]
WORDS = ["projet", "réforme", "budget", "données", "santé", "école", "climat", "transport"]
HEADINGS = ["Contexte", "Les chiffres", "Ce que dit la loi", "Réactions", "Et maintenant ?"]


def inline(sentence: str, rng: random.Random) -> str:
    """One sentence with a piece of inline markup now and then."""
    roll = rng.random()
    word = rng.choice(WORDS)
    if roll < 0.15:
        return sentence.replace(" a ", " a *vraiment* ", 1)
    if roll < 0.25:
        return f"{sentence[:-1]}, pour le **{word}**."
    if roll < 0.32:
        return f"{sentence[:-1]} (voir `{word}_{rng.randint(1, 99)}`)."
    if roll < 0.42:
        return f"{sentence[:-1]}, [lire aussi](https://exemple.fr/{word}/{rng.randint(1, 9999)})."
    return sentence


def paragraph(rng: random.Random) -> str:
    return " ".join(inline(rng.choice(SENTENCES), rng) for _ in range(rng.randint(3, 7)))


def section(rng: random.Random) -> str:
    blocks = [f"## {rng.choice(HEADINGS)} {rng.randint(1, 999)}"]
    blocks += [paragraph(rng) for _ in range(rng.randint(3, 6))]
    roll = rng.random()
    if roll < 0.3:
        blocks.append("\n".join(f"- {inline(rng.choice(SENTENCES), rng)}" for _ in range(4)))
    elif roll < 0.45:
        items = (f"{n}. {inline(rng.choice(SENTENCES), rng)}" for n in range(1, 4))
        blocks.append("\n".join(items))
    elif roll < 0.55:
        rows = ["| Région | Hausse | Commentaire |", "| --- | ---: | --- |"]
        rows += [
            f"| {rng.choice(WORDS).capitalize()} | {rng.randint(1, 40)} % | Une hausse nette. |"
            for _ in range(3)
        ]
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks)


def article(megabytes: float, seed: int = 20261206) -> bytes:
    """A French Markdown article of about `megabytes` MB (UTF-8)."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts, size = ["# Un très long dossier sur la réforme\n\n"], 0
    while size < target:
        part = section(rng).encode() + b"\n\n"
        parts.append(part.decode())
        size += len(part)
    return "".join(parts).encode("utf-8")


COMMANDS = {
    "translate": ["translate", "--engine", "none"],
    "status": ["status"],
    "review": ["review"],
    **{
        f"export_{fmt}_{layout}": ["export", "--format", fmt, "--layout", layout]
        for fmt in ("html", "md")
        for layout in ("side-by-side", "interleaved", "target")
    },
}


def bench_size(megabytes: float, commands: dict[str, list[str]]) -> dict:
    with tempfile.TemporaryDirectory(prefix="diptych-membench-") as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        data = article(megabytes)
        (root / "seeds" / "dossier.md").write_bytes(data)
        limit = int(megabytes * 2) + 10
        (root / "diptych.toml").write_text(f"max_article_mb = {limit}\n", encoding="utf-8")
        article_mb = len(data) / 1024 / 1024
        del data
        result: dict = {"article_mb": round(article_mb, 2)}
        for name, args in commands.items():
            figure = run(root, args)
            figure["ratio"] = round(figure["peak_mb"] / article_mb, 2)
            figure["tree_ratio"] = round(figure["tree_peak_mb"] / article_mb, 2)
            result[name] = figure
            print(
                f"  {name:<28} {figure['seconds']:>8.2f} s  (CPU {figure['cpu_seconds']:.2f} s)"
                f"  {figure['peak_mb']:>8.1f} MB  {figure['ratio']:>5.2f}×"
                f"  (tree {figure['tree_peak_mb']:.1f} MB, {figure['tree_ratio']:.2f}×)",
                flush=True,
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[5, 10, 50], help="MB")
    parser.add_argument(
        "--commands", nargs="+", choices=list(COMMANDS), default=list(COMMANDS), metavar="NAME"
    )
    options = parser.parse_args()
    commands = {name: COMMANDS[name] for name in options.commands}
    results = []
    for megabytes in options.sizes:
        print(f"article of {megabytes:g} MB", flush=True)
        results.append(bench_size(megabytes, commands))
    summary: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg": [round(load, 2) for load in os.getloadavg()],
        },
        "results": results,
        "max_ratio": max(r[name]["ratio"] for r in results for name in commands),
    }
    for small, large in zip(results, results[1:], strict=False):
        size = large["article_mb"] / small["article_mb"]
        cpu = {n: round(large[n]["cpu_seconds"] / small[n]["cpu_seconds"], 2) for n in commands}
        summary.setdefault("cpu_ratios", []).append({"size_ratio": round(size, 2), "cpu": cpu})
        print(
            f"CPU ratio {large['article_mb']} MB / {small['article_mb']} MB (size ×{size:.2f}):",
            ", ".join(f"{k} {v}" for k, v in cpu.items()),
        )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
