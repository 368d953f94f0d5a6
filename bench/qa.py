"""QA checks per entry: how long checking one translated entry takes, on a project's catalogs.

    python bench/qa.py PROJECT [--target en]

Every distinct (source, translation, glossary terms) of the project's translated entries is
checked once, as a command checks an entry whose findings the index does not keep (a post-edit
it has not seen). What a cold `status` or a `review` costs for N changed entries is about N
times this, spread over the cores.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from translate.postore import load_catalog
from translate.qa import LanguagePair, qa_findings
from translate.states import is_owned, terms_in_comments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--target", default="en")
    options = parser.parse_args()
    entries: dict[tuple, LanguagePair] = {}
    for path in sorted((options.project / "locales" / options.target).rglob("*.po")):
        catalog = load_catalog(path)
        pair = LanguagePair.of_header(catalog.metadata)
        for entry in catalog:
            if entry.msgstr and not entry.obsolete and is_owned(entry):
                terms = tuple(terms_in_comments(entry.comment))
                entries.setdefault((entry.msgid, entry.msgstr, terms), pair)
    start = time.process_time()
    for (source, target, terms), pair in entries.items():
        qa_findings([(source, target)], pair, [terms])
    seconds = time.process_time() - start
    result = {
        "distinct_entries": len(entries),
        "cpu_seconds": round(seconds, 3),
        "microseconds_per_entry": round(seconds / max(len(entries), 1) * 1e6, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
