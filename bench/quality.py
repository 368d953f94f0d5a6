"""Machine-translation quality against the project's reviewed translations (sacrebleu).

For every article with a catalog, the reviewed (approved, non-fuzzy) translations are the
reference. Three outputs of the installed Argos model are scored with chrF and BLEU:

  engine-segments   diptych's engine on every segment (what `diptych translate` produces);
  engine-paragraphs the same output, a paragraph's segments joined with a space;
  argos-paragraphs  argostranslate's own `argostranslate.translate.translate()` on each whole
                    paragraph (the way a user of Argos alone would translate the article).

The two paragraph rows have the same references (a paragraph's reviewed segments joined), so
their difference tells whether diptych's sentence-level pipeline loses anything against Argos
on whole paragraphs. Only blocks whose every segment is reviewed are used.

    python bench/quality.py [--project DIR] [--target en] [--test-model] [--json]

`--test-model` builds the random-weight test package (`tests/argos_package.py`) into a
temporary ARGOS_PACKAGES_DIR first: it exercises the whole path, but its output is not
English and its scores mean nothing. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


@dataclass(frozen=True)
class Paragraph:
    """One translatable block: its source text and its segments with their references."""

    article: str
    source: str
    segments: tuple[str, ...]
    references: tuple[str, ...]


def reviewed_paragraphs(project_dir: Path, target: str) -> list[Paragraph]:
    """Blocks of every article whose segments all have a reviewed translation."""
    import polib

    from translate.articles import read_document
    from translate.project import load_project
    from translate.segment import normalize

    project = load_project(project_dir)
    paragraphs: list[Paragraph] = []
    for po_path in sorted((project.locales_dir / target).glob("*.po")):
        article = project.resolve_article(po_path.stem)
        reviewed = {
            e.msgid: e.msgstr
            for e in polib.pofile(str(po_path))
            if e.msgstr and not e.fuzzy and not e.obsolete
        }
        document, segments = read_document(project, article)
        by_block: dict[int, list] = {}
        for segment in segments:
            by_block.setdefault(segment.block, []).append(segment)
        for block, segments in by_block.items():
            if all(s.msgid in reviewed for s in segments):
                paragraphs.append(
                    Paragraph(
                        po_path.stem,
                        normalize(document.blocks[block].text),
                        tuple(s.msgid for s in segments),
                        tuple(reviewed[s.msgid] for s in segments),
                    )
                )
    return paragraphs


def translate_segments(segments: list[str], source: str, target: str) -> tuple[list[str], str]:
    """diptych's engine on all segments at once, as `diptych translate` runs it."""
    from translate.engines import make_engine

    engine = make_engine("argos", source, target, device="cpu")
    return [t.text for t in engine.translate(segments)], engine.description


def translate_paragraphs(paragraphs: list[str], source: str, target: str) -> tuple[list[str], str]:
    """argostranslate's own translate(), one call per whole paragraph.

    argostranslate splits a paragraph into sentences with its own sentence model, fetched
    on first use; where that cannot be fetched (offline), each paragraph goes to the model
    as one input, and the returned note says so.
    """
    import argostranslate.translate as argos_translate

    language = argos_translate.get_language_from_code(source)
    translation = language.get_translation(argos_translate.get_language_from_code(target))
    splitter = "argostranslate's sentence splitter"
    sentencizer = getattr(translation.underlying, "sentencizer", None)
    if sentencizer is not None:
        try:
            sentencizer.split_sentences("Un. Deux.")
        except OSError as exc:  # URLError included: the sentence model cannot be fetched
            sentencizer.split_sentences = lambda text: [text]
            splitter = f"none, whole paragraphs (sentence model unavailable: {exc})"
    return [translation.translate(text) for text in paragraphs], splitter


def score(hypotheses: list[str], references: list[str]) -> dict:
    import sacrebleu

    bleu = sacrebleu.corpus_bleu(hypotheses, [references])
    chrf = sacrebleu.corpus_chrf(hypotheses, [references])
    return {"items": len(hypotheses), "chrF": round(chrf.score, 1), "BLEU": round(bleu.score, 1)}


def install_test_model(workdir: Path) -> None:
    """Build the random-weight test package into a fresh ARGOS_PACKAGES_DIR."""
    from argos_package import TEST_SPEC, build_package

    packages = workdir / "packages"
    packages.mkdir()
    with zipfile.ZipFile(build_package(workdir, TEST_SPEC)) as archive:
        archive.extractall(packages)
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages)


def measure(project_dir: Path, target: str) -> dict:
    from translate.project import load_project

    source = load_project(project_dir).source
    paragraphs = reviewed_paragraphs(project_dir, target)
    if not paragraphs:
        raise SystemExit(f"no reviewed {target} translations in {project_dir}/locales")
    segments = [s for p in paragraphs for s in p.segments]
    references = [r for p in paragraphs for r in p.references]
    unique = list(dict.fromkeys(segments))
    outputs, model = translate_segments(unique, source, target)
    by_source = dict(zip(unique, outputs, strict=True))
    joined = [" ".join(by_source[s] for s in p.segments) for p in paragraphs]
    paragraph_refs = [" ".join(p.references) for p in paragraphs]
    argos, splitter = translate_paragraphs([p.source for p in paragraphs], source, target)
    return {
        "model": model,
        "argos_splitter": splitter,
        "articles": len({p.article for p in paragraphs}),
        "scores": {
            "engine-segments": score([by_source[s] for s in segments], references),
            "engine-paragraphs": score(joined, paragraph_refs),
            "argos-paragraphs": score(argos, paragraph_refs),
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--target", default="en")
    parser.add_argument("--test-model", action="store_true", help="use the random test model")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="diptych-quality-") as tmp:
        if args.test_model:
            install_test_model(Path(tmp))
        result = measure(args.project, args.target)
    result["test_model"] = args.test_model
    if not args.json:
        print(f"model: {result['model']}")
        print(f"argostranslate sentence splitting: {result['argos_splitter']}")
        if args.test_model:
            print("(random-weight test model: its output is not English, the scores mean nothing)")
        print(f"{'output':<18} {'items':>6} {'chrF':>6} {'BLEU':>6}")
        for name, row in result["scores"].items():
            print(f"{name:<18} {row['items']:>6} {row['chrF']:>6} {row['BLEU']:>6}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
