"""The argos engine: an installed Argos Translate package run directly with CTranslate2.

argostranslate translates one text at a time through its sentence splitter (minisbd, an
ONNX model run by onnxruntime, in 1.12; stanza, which pulls in torch, when installed and asked
for). diptych segments text itself, so it only needs the package files: it finds the package
with `argostranslate.package` (light: no stanza, no torch), then tokenizes with the package's
SentencePiece model and decodes all segments of a run in batches of segments of one token
length (never padded, so each decodes as it would alone) with the decoding settings of
`argostranslate.translate` (`apply_packaged_translation` with one hypothesis). See docs/mt.md
for where the two can differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from translate.argos_packages import find_packages
from translate.engine import Progress, Translation
from translate.errors import EngineError
from translate.workers import cores

# CTranslate2's default max_decoding_length, which argostranslate never overrides.
ARGOS_DECODING_LIMIT = 256
# Source tokens (examples x length, all of one length) per translate_batch call; bench/mt.py.
DEFAULT_MAX_BATCH_TOKENS = 1024
# argostranslate: length_penalty=0.2, replace_unknowns=True, one hypothesis.
LENGTH_PENALTY = 0.2

DecodingCap = Callable[[int], int]


def default_decoding_cap(source_tokens: int) -> int:
    """Runaway guard: 3 x source tokens + 10, rounded up to a multiple of 32, at most 256.

    Real translations stay far below it (French->English output is about as long as the
    input); it only stops a degenerate loop early. Rounding keeps the number of distinct caps
    (hence of separate batches) small; 256 is the limit argostranslate decodes with.
    """
    return min(ARGOS_DECODING_LIMIT, 32 * math.ceil((3 * source_tokens + 10) / 32))


def compute_type_option(setting: str) -> dict[str, str]:
    """The compute type argostranslate 1.12 passes to CTranslate2: none for "auto".

    `PackageTranslation.hypotheses` omits `compute_type` when ARGOS_COMPUTE_TYPE is "auto"
    (its default), so CTranslate2 keeps the type the model was saved in ("default"). Passing
    "auto" instead would let CTranslate2 pick its fastest type, int8 on most CPUs, and a float32
    model would then decode differently from argostranslate (1.11 still passed "auto").
    """
    return {} if setting == "auto" else {"compute_type": setting}


@dataclass
class _Stage:
    """One loaded package: tokenizer, translator and the settings that decoding needs."""

    name: str
    version: str
    path: Path
    target_prefix: str
    translator: Any
    tokenizer: Any
    beam_size: int = 4

    def encode(self, text: str) -> list[str]:
        return self.tokenizer.encode(text, out_type=str)

    def decode(self, tokens: list[str]) -> str:
        """argostranslate's SentencePieceTokenizer.decode, then its prefix and space trimming."""
        value = self.tokenizer.decode_pieces(tokens).replace("▁", " ").replace("_", " ")
        if self.target_prefix != "" and value.startswith(self.target_prefix):
            value = value[len(self.target_prefix) :]
        if len(value) > 0 and value[0] == " ":
            value = value[1:]
        return value


class ArgosEngine:
    """Translate with the installed Argos package for `source`->`target` (or via English)."""

    name = "argos"
    translates = True

    def __init__(
        self,
        source: str,
        target: str,
        device: str = "auto",
        progress: Progress | None = None,
        max_decoding_length: DecodingCap | None = None,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
    ) -> None:
        self.source = source
        self.target = target
        self.progress = progress
        self.cap = max_decoding_length or default_decoding_cap
        self.max_batch_tokens = max(1, max_batch_tokens)
        self.warnings: list[str] = []  # broken packages skipped on the way
        packages = find_packages(source, target, self.warnings)
        self.device = _resolve_device(device)
        self.stages = [_load_stage(pkg, self.device) for pkg in packages]
        self.description = _describe(self.stages)

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        """Translate every source in batched passes; results come back in input order."""
        texts = list(sources)
        scores = [0.0] * len(texts)
        log_probs = [0.0] * len(texts)
        counts = [0] * len(texts)
        total = len(texts) * len(self.stages)
        done = 0
        for stage in self.stages:
            offset = done

            def report(count: int, offset: int = offset) -> None:
                if self.progress is not None:
                    self.progress(offset + count, total)

            texts, stage_scores, stage_logs, stage_counts = self._translate_stage(
                stage, texts, report
            )
            scores = [a + b for a, b in zip(scores, stage_scores, strict=True)]
            log_probs = [a + b for a, b in zip(log_probs, stage_logs, strict=True)]
            counts = [a + b for a, b in zip(counts, stage_counts, strict=True)]
            done += len(texts)
        return [
            Translation(text, score, log_prob if count else None, count)
            for text, score, log_prob, count in zip(texts, scores, log_probs, counts, strict=True)
        ]

    def _translate_stage(
        self, stage: _Stage, texts: list[str], report: Callable[[int], None]
    ) -> tuple[list[str], list[float], list[float], list[int]]:
        # argostranslate translates each line of a text separately and joins them with "\n".
        lines = [text.split("\n") for text in texts]
        flat = [line for parts in lines for line in parts]

        def lines_done(count: int) -> None:
            report(count * len(texts) // max(1, len(flat)))

        results = self._decode_lines(stage, flat, lines_done)
        out_texts: list[str] = []
        out_scores: list[float] = []
        out_logs: list[float] = []
        out_counts: list[int] = []
        position = 0
        for parts in lines:
            chunk = results[position : position + len(parts)]
            position += len(parts)
            out_texts.append("\n".join(item[0] for item in chunk).lstrip("\n"))
            out_scores.append(sum(item[1] for item in chunk))
            out_logs.append(sum(item[2] for item in chunk))
            out_counts.append(sum(item[3] for item in chunk))
        return out_texts, out_scores, out_logs, out_counts

    def _decode_lines(
        self, stage: _Stage, lines: list[str], report: Callable[[int], None]
    ) -> list[tuple[str, float, float, int]]:
        """(text, score, log-probability sum, generated tokens) per line. CTranslate2 divides
        a hypothesis's log-probability by (its length ** length_penalty): the sum is undone
        from the score (docs/mt.md)."""
        tokens = [stage.encode(line) for line in lines]
        results: list[tuple[str, float, float, int]] = [("", 0.0, 0.0, 0)] * len(lines)
        done = sum(1 for toks in tokens if not toks)
        # Every batch is queued at once: CTranslate2 runs them on its workers (one per core
        # on a CPU), which keeps both cores busy even when a batch is small.
        queued = []
        for cap, batch in plan_batches(tokens, self.cap, self.max_batch_tokens):
            prefix = [[stage.target_prefix]] * len(batch) if stage.target_prefix else None
            outputs = stage.translator.translate_batch(
                [tokens[i] for i in batch],
                target_prefix=prefix,
                replace_unknowns=True,
                beam_size=max(1, stage.beam_size),
                num_hypotheses=1,
                length_penalty=LENGTH_PENALTY,
                return_scores=True,
                max_decoding_length=cap,
                asynchronous=True,
            )
            queued.append((cap, batch, outputs))
        for cap, batch, outputs in queued:
            for i, pending in zip(batch, outputs, strict=True):
                output = pending.result()
                hypothesis, score = output.hypotheses[0], output.scores[0]
                # the normalising length counts the prefix and the end of sentence (absent
                # when decoding hit the cap); the score leaves out the forced prefix itself
                length = len(hypothesis) + (1 if len(hypothesis) < cap else 0)
                log_prob = score * length**LENGTH_PENALTY
                generated = length - (1 if stage.target_prefix else 0)
                results[i] = (stage.decode(hypothesis), score, log_prob, generated)
            done += len(batch)
            report(done)
        return results


def plan_batches(
    tokens: Sequence[Sequence[str]], cap: DecodingCap, max_batch_tokens: int
) -> list[tuple[int, list[int]]]:
    """Group source indexes into (decoding cap, batch) pairs of sources of one token length.

    No batch is padded: on an int8 model, padding a source changes its decoding (docs/mt.md,
    "Batching"), while a batch of equal-length sources decodes each exactly as alone, the way
    argostranslate translates a sentence. Sources are sorted by length; a batch holds at most
    `max_batch_tokens` tokens (examples x length) and at least one source. The decoding cap
    depends on the length only, so one batch has one cap. Empty sources are left out: they
    translate to "" without calling the model.
    """
    order = sorted(
        (i for i, toks in enumerate(tokens) if toks),
        key=lambda i: (len(tokens[i]), i),
    )
    plan: list[tuple[int, list[int]]] = []
    batch: list[int] = []
    batch_cap = batch_length = -1
    for i in order:
        length = len(tokens[i])
        too_big = (len(batch) + 1) * length > max_batch_tokens
        if batch and (length != batch_length or too_big):
            plan.append((batch_cap, batch))
            batch = []
        batch.append(i)
        batch_cap, batch_length = max(1, cap(length)), length
    if batch:
        plan.append((batch_cap, batch))
    return plan


def _resolve_device(device: str) -> str:
    import ctranslate2

    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device not in ("cpu", "cuda"):
        raise EngineError(f"unknown device {device!r} (expected auto, cpu or cuda)")
    return device


def _threads(device: str) -> tuple[int, int]:
    """(workers, threads per worker). On a CPU, one single-threaded worker per core: batches
    run side by side, which measured faster than one worker using every core (bench/mt.py);
    a GPU takes one worker."""
    if device == "cuda":
        return 1, 1
    return cores(), 1


def _load_stage(pkg: Any, device: str) -> _Stage:
    import ctranslate2
    import sentencepiece
    from argostranslate import package, settings

    path = Path(pkg.package_path)
    name = package.argospm_package_name(pkg)
    spm_path = path / "sentencepiece.model"
    if not spm_path.is_file():
        raise EngineError(f"{name} at {path}: no sentencepiece.model (unsupported package)")
    try:
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(spm_path))
        workers, threads = _threads(device)
        translator = ctranslate2.Translator(
            str(path / "model"),
            device=device,
            inter_threads=workers,
            intra_threads=threads,
            **compute_type_option(settings.compute_type),
        )
    except (OSError, RuntimeError, ValueError) as exc:
        raise EngineError(f"{name} at {path} cannot be loaded: {exc}") from None
    return _Stage(
        name=name,
        version=str(pkg.package_version),
        path=path,
        target_prefix=pkg.target_prefix,
        translator=translator,
        tokenizer=tokenizer,
        beam_size=settings.beam_size,
    )


def _describe(stages: list[_Stage]) -> str:
    models = " + ".join(f"{stage.name} {stage.version}".strip() for stage in stages)
    return (
        f"Argos Translate {models} "
        f"(argostranslate {_version(*ARGOSTRANSLATE_DISTRIBUTIONS)}, "
        f"ctranslate2 {_version('ctranslate2')})"
    )


# The `argostranslate` package comes from the torch-free distribution diptych depends on, or
# from the full one a user may have installed instead.
ARGOSTRANSLATE_DISTRIBUTIONS = ("argos-translate-lt", "argostranslate")


def _version(*dists: str) -> str:
    for dist in dists:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"
