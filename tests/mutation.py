"""Mutation run: break each guarantee of the README's "What diptych never does to your files"
on purpose, and check that the tests notice.

Each mutant is one targeted edit of the source that breaks one guarantee. The script copies
the repository's tracked files to a temporary folder, applies one mutant there (the working
tree is never edited), runs the tests that guard the guarantee, and expects them to fail.
A mutant whose tests still pass has survived: some guarantee has no test. A mutant whose
edit no longer applies (the code moved) is reported too, so the list is kept true.

    .venv/bin/python tests/mutation.py            # every mutant
    .venv/bin/python tests/mutation.py -k lock    # those whose name contains `lock`

Exit status 0 when every mutant is killed, 1 otherwise. Not part of the normal suite: it
runs the guarding tests once per mutant (docs/architecture.md gives the list and the time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The tests that guard the PO files (kept as a list: one run per mutant, stopped at the first
# failure).
STORE_TESTS = (
    "tests/test_guarantees.py",
    "tests/test_review_store.py",
    "tests/test_catalog.py",
    "tests/test_merge.py",
    "tests/test_update_invariant.py",
)


@dataclass(frozen=True)
class Mutant:
    name: str
    guarantee: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...] = STORE_TESTS


MUTANTS = (
    Mutant(
        "unowned-entry-dropped",
        "never drops an entry it did not write (msgctxt, plural, other entries)",
        "translate/catalog.py",
        "            after.setdefault(id(anchor) if anchor is not None else 0, []).append(\n"
        "                copy.deepcopy(entry)\n"
        "            )",
        "            pass",
    ),
    Mutant(
        "plural-entry-owned",
        "plural entries are not segments: never counted, reused or rewritten",
        "translate/states.py",
        "return bool(entry.msgid) and entry.msgctxt is None and not entry.msgid_plural",
        "return bool(entry.msgid) and entry.msgctxt is None",
    ),
    Mutant(
        "save-meanwhile-not-reread",
        "never overwrites a save made while it runs (checkpoint and final write re-read)",
        "translate/postore.py",
        "        if current_bytes(path) != current.data:\n            current = read_catalog(path)",
        "        if False:\n            current = read_catalog(path)",
    ),
    Mutant(
        "no-check-before-replace",
        "the file is compared once more right before it is replaced",
        "translate/files.py",
        "        if expected is not _ANY and current_bytes(path) != expected:",
        "        if False:",
    ),
    Mutant(
        "rewrapped-comment-split",
        "never misreads a comment another tool re-wrapped (keyed `#.` lines read whole)",
        "translate/states.py",
        "        if index >= 2 and lines and not _keyed(line) and _keyed(lines[-1]):",
        "        if False:",
    ),
    Mutant(
        "machine-text-not-folded",
        "machine text is compared with whitespace folded",
        "translate/states.py",
        "entry.msgstr == machine or fold(entry.msgstr) == fold(machine)):",
        "entry.msgstr == machine):",
    ),
    Mutant(
        "approval-lost-on-merge",
        "an approved entry whose sentence is unchanged stays approved with the same text",
        "translate/catalog.py",
        "        entry.flags = list(previous.flags)\n",
        "        entry.flags = [*previous.flags, 'fuzzy']\n",
    ),
    Mutant(
        "approved-original-not-kept",
        "a changed sentence's approved original is kept as an obsolete entry",
        "translate/catalog.py",
        'if id(entry) in consumed and (not entry.msgstr or "fuzzy" in entry.flags):',
        "if id(entry) in consumed:",
    ),
    Mutant(
        "obsolete-loses-comment",
        "never loses a translator's comment (obsolete entries keep all their comments)",
        "translate/catalog.py",
        "        tcomment=entry.tcomment,\n        comment=entry.comment,",
        '        tcomment="",\n        comment=entry.comment,',
    ),
    Mutant(
        "carried-draft-approved",
        "nothing becomes approved that a person did not approve (carried-over drafts fuzzy)",
        "translate/catalog.py",
        '        entry.msgstr = carry.msgstr\n        entry.flags = ["fuzzy"]',
        "        entry.msgstr = carry.msgstr\n        entry.flags = []",
    ),
    Mutant(
        "rewrite-for-formatting",
        "never rewrites a file for formatting (same content: left byte-identical)",
        "translate/postore.py",
        "        if current.catalog is not None and same_content(catalog, current.catalog):",
        "        if False:",
    ),
)


def _copy_repository(destination: Path) -> None:
    """The tracked files (and the untracked ones not ignored) as they are in the tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (item.decode() for item in listed)):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _run_tests(root: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def _imports_from(root: Path) -> Path:
    """Where `translate` is imported from when the tests run in `root`."""
    probe = "import translate, pathlib; print(pathlib.Path(translate.__file__).resolve())"
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
    )
    return Path(out.stdout.strip())


def run(mutants: tuple[Mutant, ...]) -> int:
    failed = 0
    with tempfile.TemporaryDirectory(prefix="diptych-mutants-") as tmp:
        root = Path(tmp)
        _copy_repository(root)
        if root.resolve() not in _imports_from(root).parents:
            print("Error: the tests would not import the mutated copy", file=sys.stderr)
            return 1
        baseline = _run_tests(root, STORE_TESTS)
        if baseline.returncode != 0:
            print("Error: the guarding tests fail without any mutant:", file=sys.stderr)
            print(baseline.stdout[-2000:], file=sys.stderr)
            return 1
        for mutant in mutants:
            path = root / mutant.path
            original = path.read_text(encoding="utf-8")
            if original.count(mutant.old) != 1:
                print(f"STALE     {mutant.name}: the edit no longer applies to {mutant.path}")
                failed += 1
                continue
            path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
            start = time.monotonic()
            try:
                result = _run_tests(root, mutant.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            seconds = time.monotonic() - start
            if result.returncode == 0:
                failed += 1
                print(f"SURVIVED  {mutant.name} ({seconds:.1f} s): {mutant.guarantee}")
            else:
                failing = next(
                    (line for line in result.stdout.splitlines() if line.startswith("FAILED")),
                    "tests failed",
                )
                print(f"killed    {mutant.name} ({seconds:.1f} s): {failing}")
    print(f"{len(mutants) - failed} of {len(mutants)} mutants killed")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="only the mutants whose name contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args()
    chosen = tuple(m for m in MUTANTS if args.k in m.name)
    if args.list:
        for mutant in chosen:
            print(f"{mutant.name}: {mutant.guarantee} ({mutant.path})")
        return 0
    return run(chosen)


if __name__ == "__main__":
    sys.exit(main())
