"""Build a real Argos-format package at test time: random CTranslate2 weights, real tokenizer.

No real model can be downloaded, so tests and benchmarks make one for any pair: a
SentencePiece model trained on text of the source language (the seed articles for French,
`tests/text/<code>.txt` for the others) and a CTranslate2 Transformer built with
`ctranslate2.specs` and random weights from a fixed seed. It loads and decodes exactly like a
published package; its output is not English. `eos_bias` raises the end-of-sentence logit so
outputs stop at varied lengths (random weights alone almost never end a sentence).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEXTS = ROOT / "tests" / "text"
LANGUAGE_NAMES = {
    "fr": "French",
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}


@dataclass(frozen=True)
class PackageSpec:
    """Architecture and metadata of a generated package."""

    layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocab_size: int = 400
    quantization: str | None = None
    seed: int = 1234
    eos_bias: float = 0.0
    target_prefix: str = ""
    from_code: str = "fr"
    to_code: str = "en"
    package_version: str = "1.0"
    argos_version: str = "1.9"

    @property
    def folder(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}-{self.package_version.replace('.', '_')}"


def seed_sentences(language: str = "fr") -> list[str]:
    """Non-empty lines of text in `language`: the SentencePiece training text."""
    if language == "fr":
        paths = sorted(SEEDS.glob("*.txt")) + sorted(SEEDS.glob("*.md"))
    else:
        paths = [TEXTS / f"{language}.txt"]
    lines: list[str] = []
    for path in paths:
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def train_sentencepiece(
    vocab_size: int, user_symbols: tuple[str, ...] = (), language: str = "fr"
) -> bytes:
    """Train a unigram SentencePiece model on text of `language`; `vocab_size` is a soft
    limit."""
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(seed_sentences(language)),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        user_defined_symbols=list(user_symbols),
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _shape(name: str, spec: PackageSpec, vocab: int) -> tuple[int, ...] | None:
    d, f = spec.d_model, spec.ffn
    parts = name.split("/")
    leaf, owner = parts[-1], parts[-2] if len(parts) > 1 else ""
    if leaf in ("gamma", "beta"):
        return (d,)
    if "embeddings" in owner or name.startswith("encoder/embeddings_"):
        return (vocab, d)
    if owner == "projection":
        return (vocab, d) if leaf == "weight" else (vocab,)
    if leaf != "weight":
        return None
    if owner == "linear_0" and parts[-3] == "ffn":
        return (f, d)
    if owner == "linear_1" and parts[-3] == "ffn":
        return (d, f)
    if parts[-3] == "self_attention":
        return (3 * d, d) if owner == "linear_0" else (d, d)
    if parts[-3] == "attention":  # decoder cross-attention: query, key+value, output
        return (2 * d, d) if owner == "linear_1" else (d, d)
    return None


def build_model(model_dir: Path, pieces: list[str], spec: PackageSpec) -> None:
    """Save a random-weight Transformer over the SentencePiece pieces to `model_dir`."""
    from ctranslate2.specs import TransformerSpec, model_spec

    rng = np.random.default_rng(spec.seed)
    ct2 = TransformerSpec.from_config(spec.layers, spec.heads)
    vocab = len(pieces)
    eos = pieces.index("</s>")

    def fill(layer, name, value):
        if value is not None and not (name.endswith("projection/bias") and value == "__optional"):
            return
        shape = _shape(name, spec, vocab)
        if shape is None:
            raise ValueError(f"no shape rule for {name}")
        leaf = name.split("/")[-1]
        if leaf == "gamma":
            array = np.ones(shape, dtype=np.float32)
        elif leaf in ("beta", "bias"):
            array = np.zeros(shape, dtype=np.float32)
            if name.endswith("projection/bias"):
                array[eos] = spec.eos_bias
        else:
            array = rng.normal(0.0, shape[-1] ** -0.5, size=shape).astype(np.float32)
        setattr(layer, leaf, array)

    model_spec.visit_spec(ct2, fill)
    ct2.register_source_vocabulary(pieces)
    ct2.register_target_vocabulary(pieces)
    ct2.validate()
    if spec.quantization:
        ct2.optimize(quantization=spec.quantization)
    model_dir.mkdir(parents=True, exist_ok=True)
    ct2.save(str(model_dir))


def build_package(out_dir: Path, spec: PackageSpec | None = None) -> Path:
    """Write `<folder>.argosmodel` (a zip with one top folder) into `out_dir`; return it."""
    import sentencepiece

    spec = spec or PackageSpec()
    symbols = (spec.target_prefix,) if spec.target_prefix else ()
    spm_bytes = train_sentencepiece(spec.vocab_size, symbols, spec.from_code)
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm_bytes)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    root = out_dir / spec.folder
    build_model(root / "model", pieces, spec)
    (root / "sentencepiece.model").write_bytes(spm_bytes)
    metadata = {
        "package_version": spec.package_version,
        "argos_version": spec.argos_version,
        "from_code": spec.from_code,
        "from_name": LANGUAGE_NAMES.get(spec.from_code, spec.from_code),
        "to_code": spec.to_code,
        "to_name": LANGUAGE_NAMES.get(spec.to_code, spec.to_code),
        "type": "translate",
        "target_prefix": spec.target_prefix,
        "links": [],
    }
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (root / "README.md").write_text("Random-weight test package built by diptych's tests.\n")
    archive = out_dir / f"{spec.folder}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            zf.write(path, path.relative_to(out_dir).as_posix())
    return archive


# the package the tests install (a target prefix exercises its stripping)
TEST_SPEC = PackageSpec(eos_bias=2.0, target_prefix="<en>")
# the German package: the whole pipeline on a language other than French
GERMAN_SPEC = PackageSpec(eos_bias=2.0, from_code="de", vocab_size=300)
