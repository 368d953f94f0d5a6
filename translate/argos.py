"""The argos engine: an installed Argos Translate package run directly with CTranslate2.

argostranslate translates one text at a time through its sentence splitter (minisbd, an
ONNX model run by onnxruntime, in 1.12; stanza, which pulls in torch, when installed and asked
for). diptych segments text itself, so it only needs the package files: it finds the package
with `argostranslate.package` (light: no stanza, no torch), then tokenizes with the package's
SentencePiece model and decodes all segments of a run in batches of segments of one token
length (never padded, so each decodes as it would alone; the `padded` mode mixes lengths, faster,
not identical) with the decoding settings of `argostranslate.translate`
(`apply_packaged_translation` with one hypothesis). See docs/mt.md for where the two can differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
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
# Batching modes: "exact" batches hold sources of one token length, so each output is the one
# argostranslate gives that sentence alone; "padded" mixes lengths, faster, not identical.
EXACT, PADDED = "exact", "padded"
BATCHING_MODES = (EXACT, PADDED)

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
        batching: str = EXACT,
    ) -> None:
        if batching not in BATCHING_MODES:
            raise EngineError(f"unknown batching {batching!r} (expected exact or padded)")
        self.batching = batching
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
        if batching == PADDED:
            self.description += ", padded batches"

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        """Translate every source in batched passes; results come back in input order."""
        results: list[Translation] = [Translation("")] * len(sources)
        for index, translation in self.translate_stream(sources):
            results[index] = translation
        return results

    def translate_stream(self, sources: Sequence[str]) -> Iterator[tuple[int, Translation]]:
        """(source index, translation) pairs as their batches finish, in no set order.

        The whole run is planned at once (every source in one batching plan), yet a caller
        can write what is done as it comes. With a pivot, every source goes through the first
        package before the second starts, so results come at the end."""
        texts = list(sources)
        if len(self.stages) == 1:
            yield from self._stream_stage(self.stages[0], texts, len(texts))
            return
        totals = [[0.0, 0.0, 0] for _ in texts]
        total = len(texts) * len(self.stages)
        for number, stage in enumerate(self.stages):
            outputs = [""] * len(texts)
            done = number * len(texts)
            for index, result in self._stream_stage(stage, texts, total, done):
                outputs[index] = result.text
                totals[index][0] += result.score or 0.0
                totals[index][1] += result.log_prob or 0.0
                totals[index][2] += result.tokens
            texts = outputs
        for index, (text, (score, log_prob, count)) in enumerate(zip(texts, totals, strict=True)):
            yield index, Translation(text, score, log_prob if count else None, count)

    def _stream_stage(
        self, stage: _Stage, texts: list[str], total: int, before: int = 0
    ) -> Iterator[tuple[int, Translation]]:
        # argostranslate translates each line of a text separately and joins them with "\n".
        lines = [text.split("\n") for text in texts]
        flat = [line for parts in lines for line in parts]
        owner = [index for index, parts in enumerate(lines) for _ in parts]
        missing = [len(parts) for parts in lines]
        parts: dict[int, list[tuple[str, float, float, int]]] = {}
        first = [0] * len(texts)
        position = 0
        for index, count in enumerate(missing):
            first[index], position = position, position + count
        done = 0
        for line, result in self._decode_lines(stage, flat):
            index = owner[line]
            parts.setdefault(index, [None] * len(lines[index]))[line - first[index]] = result
            missing[index] -= 1
            if missing[index]:
                continue
            chunk = parts.pop(index)
            text = "\n".join(item[0] for item in chunk).lstrip("\n")
            score = sum(item[1] for item in chunk)
            log_prob = sum(item[2] for item in chunk)
            count = sum(item[3] for item in chunk)
            done += 1
            if self.progress is not None:
                self.progress(before + done, total)
            yield index, Translation(text, score, log_prob if count else None, count)

    def _decode_lines(
        self, stage: _Stage, lines: list[str]
    ) -> Iterator[tuple[int, tuple[str, float, float, int]]]:
        """(line index, (text, score, log-probability sum, generated tokens)) as batches
        finish. CTranslate2 divides a hypothesis's log-probability by (its length **
        length_penalty): the sum is undone from the score (docs/mt.md)."""
        tokens = [stage.encode(line) for line in lines]
        for i, toks in enumerate(tokens):
            if not toks:
                yield i, ("", 0.0, 0.0, 0)
        planner = plan_padded if self.batching == PADDED else plan_batches
        # Every batch is queued at once, the most work first: CTranslate2 runs them on its
        # workers (one per core on a CPU), which keeps every core busy to the end.
        queued = []
        for cap, batch in planner(tokens, self.cap, self.max_batch_tokens):
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
                yield i, (stage.decode(hypothesis), score, log_prob, generated)


def plan_batches(
    tokens: Sequence[Sequence[str]], cap: DecodingCap, max_batch_tokens: int
) -> list[tuple[int, list[int]]]:
    """Group source indexes into (decoding cap, batch) pairs of sources of one token length.

    No batch is padded: on an int8 model, padding a source changes its decoding (docs/mt.md,
    "Batching"), while a batch of equal-length sources decodes each exactly as alone, the way
    argostranslate translates a sentence. Sources of one length are filled into batches of at
    most `max_batch_tokens` tokens (examples x length, at least one source) and split evenly
    (two batches of 40 rather than 64 + 16). The decoding cap depends on the length only, so
    one batch has one cap. Batches come longest sources first, so the costliest work starts
    first and the workers finish together. Empty sources are left out: they translate to ""
    without calling the model.
    """
    by_length: dict[int, list[int]] = {}
    for i, toks in enumerate(tokens):
        if toks:
            by_length.setdefault(len(toks), []).append(i)
    plan: list[tuple[int, list[int]]] = []
    for length in sorted(by_length, reverse=True):
        members = by_length[length]
        size = max(1, max_batch_tokens // length)
        count = -(-len(members) // size)
        step = -(-len(members) // count)
        limit = max(1, cap(length))
        plan += [(limit, members[i : i + step]) for i in range(0, len(members), step)]
    return plan


def plan_padded(
    tokens: Sequence[Sequence[str]], cap: DecodingCap, max_batch_tokens: int
) -> list[tuple[int, list[int]]]:
    """The fast mode's batches: sources sorted by length, cut at `max_batch_tokens` padded
    tokens (examples x longest), longest batches first. Padding lets a source's output depend
    on its batch neighbours on an int8 model (docs/mt.md, "Batching"); the cap is the one of
    the batch's longest source."""
    order = sorted((i for i, t in enumerate(tokens) if t), key=lambda i: (-len(tokens[i]), i))
    plan: list[tuple[int, list[int]]] = []
    batch: list[int] = []
    for i in order:
        longest = len(tokens[batch[0]]) if batch else len(tokens[i])
        if batch and (len(batch) + 1) * longest > max_batch_tokens:
            plan.append((max(1, cap(longest)), batch))
            batch = []
        batch.append(i)
    if batch:
        plan.append((max(1, cap(len(tokens[batch[0]]))), batch))
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
