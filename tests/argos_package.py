"""Build a real Argos-format package at test time: random CTranslate2 weights, real tokenizer.

No real model can be downloaded, so tests and benchmarks make one for any pair: a
SentencePiece model trained on text of the source language (the seed articles for French,
`tests/text/<code>.txt` for the others) and a CTranslate2 Transformer built with
`ctranslate2.specs` and random weights from a fixed seed. It loads and decodes exactly like a
published package; its output is not English. `eos_bias` raises the end-of-sentence logit so
outputs stop at varied lengths (random weights alone almost never end a sentence).

`length_ratio` > 0 builds the *realistic* benchmark model instead: its outputs end near
`length_ratio` x the source length, as a real translation model's do (random weights with a
constant bias end at lengths unrelated to the source). The construction (`_length_signal`):
positions come from a table (sinusoids as CTranslate2 computes them) in which `RAMP` dimensions
hold a linear ramp `t / 64` and `MEAN` dimensions hold 0; token embeddings and every sub-layer
that writes into the residual stream leave those dimensions alone, so the decoder at step `t`
still carries `t / 64` there. The last decoder layer's cross-attention has zero queries, so it
attends uniformly to the source, and its values copy the encoder's ramp into `MEAN`: the mean
of `p / 64` over the `L` source positions, a linear function of `L`. The `</s>` row of the
output projection reads `+ramp - 2 x ratio x mean`, so the `</s>` logit crosses zero near
`t = ratio x L` and rises by `EOS_SLOPE` per step after it; every other row ignores those
dimensions. All other weights stay random, so the text is not English and the compute per token
is the same as a plain random model's (`bench/mt.py --model realistic` prints the lengths).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, replace
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
    length_ratio: float = 0.0
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
    if spec.length_ratio > 0:
        _length_signal(ct2, spec, eos)
    ct2.register_source_vocabulary(pieces)
    ct2.register_target_vocabulary(pieces)
    ct2.validate()
    if spec.quantization:
        ct2.optimize(quantization=spec.quantization)
    model_dir.mkdir(parents=True, exist_ok=True)
    ct2.save(str(model_dir))


# the realistic model's reserved residual dimensions (see the module docstring): four groups
RESERVED = 8  # dimensions per group: +ramp, -ramp, +mean, -mean
RAMP_STEP = 1 / 64
EOS_SLOPE = 2.5  # </s> logit gained per decoding step past the source-like length
POSITIONS = 1024  # CTranslate2's default max_input_length
# The encoder's final layer norm divides its ramp by the row's standard deviation, the
# decoder's does not see that division: measured on the benchmark model (6 layers, d_model
# 512) so that the median output/source length ratio comes out near `length_ratio`.
ENCODER_SCALE = 2.5


def sinusoids(positions: int, depth: int) -> np.ndarray:
    """CTranslate2's sinusoidal position encodings: [sin | cos] over `depth / 2` timescales."""
    increment = np.log(10000.0) / (depth // 2 - 1)
    inverse = np.exp(np.arange(depth // 2) * -increment)
    scaled = np.arange(positions)[:, None] * inverse[None, :]
    return np.concatenate([np.sin(scaled), np.cos(scaled)], axis=1).astype(np.float32)


def _length_signal(ct2, spec: PackageSpec, eos: int) -> None:
    """Make `</s>` likely once the output is about `length_ratio` x the source length.

    Every signal comes in a + and a - copy and is read as their difference, so the layer
    norms' mean subtraction cancels out of the `</s>` logit."""
    d, k = spec.d_model, RESERVED
    # the lowest-frequency sine dimensions: nearly constant in the sinusoid table anyway
    first = d // 2 - 4 * k
    up, down, mean_up, mean_down = (np.arange(first + i * k, first + (i + 1) * k) for i in range(4))
    reserved = np.arange(first, d // 2)
    ramp = np.arange(POSITIONS, dtype=np.float32)[:, None] * RAMP_STEP
    table = sinusoids(POSITIONS, d)
    table[:, reserved] = 0.0
    table[:, up], table[:, down] = ramp, -ramp
    encoder, decoder = ct2.encoder, ct2.decoder
    encoder.position_encodings.encodings = table
    decoder.position_encodings.encodings = table.copy()
    encoder.embeddings[0].weight[:, reserved] = 0.0
    decoder.embeddings.weight[:, reserved] = 0.0
    writers = [layer.self_attention.linear[1] for layer in encoder.layer]
    writers += [layer.ffn.linear_1 for layer in encoder.layer]
    writers += [layer.self_attention.linear[1] for layer in decoder.layer]
    writers += [layer.attention.linear[2] for layer in decoder.layer]
    writers += [layer.ffn.linear_1 for layer in decoder.layer]
    for linear in writers:
        linear.weight[reserved, :] = 0.0
    last = decoder.layer[-1].attention
    last.linear[0].weight[:] = 0.0  # zero queries: uniform attention over the source
    values = last.linear[1].weight[d:]  # the value half of the fused key+value projection
    values[reserved, :] = 0.0
    values[mean_up, up] = 1.0
    values[mean_down, down] = 1.0
    last.linear[2].weight[reserved, :] = 0.0
    last.linear[2].weight[reserved, reserved] = 1.0
    projection = decoder.projection.weight
    projection[:, reserved] = 0.0
    # per step the +/- ramps add 2 k RAMP_STEP to the read-out: scale that to EOS_SLOPE; the
    # mean of p over L source positions is (L - 1) / 2, hence the factor 2
    gain = EOS_SLOPE / (2 * k * RAMP_STEP)
    projection[eos, up], projection[eos, down] = gain, -gain
    weight = 2.0 * spec.length_ratio * gain * ENCODER_SCALE
    projection[eos, mean_up], projection[eos, mean_down] = -weight, weight


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
# the benchmarks' model, of the size class of the published translate-fr_en 1.9
# (transformer-base: 6+6 layers, d_model 512, 8 heads, FFN 2048, int8); as it is, it never
# ends a sentence (bench/mt.py --model cap)
BASE_SPEC = PackageSpec(
    layers=6, d_model=512, heads=8, ffn=2048, vocab_size=8000, quantization="int8", seed=7
)
# the realistic construction on it: outputs end near the source length (bench/mt.py)
REALISTIC_SPEC = replace(BASE_SPEC, length_ratio=1.0)
# the same construction small enough for a test; seed 2: a model on which padded batches of
# the seed segments change some outputs (tests/test_argos_exact.py)
REALISTIC_TEST_SPEC = replace(
    REALISTIC_SPEC, layers=2, d_model=128, heads=4, ffn=256, vocab_size=400, seed=2
)
