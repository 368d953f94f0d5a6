"""The argos engine on a real (tiny, random-weight) Argos package, compared with argostranslate."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest
from argos_package import ROOT, TEST_SPEC, build_package

from translate.argos import (
    LENGTH_PENALTY,
    ArgosEngine,
    compute_type_option,
    default_decoding_cap,
    plan_batches,
    plan_padded,
)
from translate.engine import Engine, NoEngine, Translation
from translate.engines import ENGINES, make_engine
from translate.errors import EngineError
from translate.models import install_model
from translate.read import read_article
from translate.segment import segment_document

pytestmark = pytest.mark.slow


def seed_segments() -> list[str]:
    return [
        segment.msgid
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for segment in segment_document(read_article(path))
    ]


@pytest.fixture
def installed(argos_dir: Path, tiny_archive: Path) -> Path:
    return install_model(tiny_archive).path


@pytest.fixture(scope="module")
def segments() -> list[str]:
    return seed_segments()


def test_registry_has_argos_default_and_none() -> None:
    assert set(ENGINES) == {"argos", "none", "cluster"}
    engine = make_engine("none", "fr", "en")
    assert isinstance(engine, Engine)
    assert engine.translates is False
    assert engine.translate(["Bonjour.", "Merci."]) == [Translation(""), Translation("")]


def test_unknown_engine_is_an_engine_error() -> None:
    with pytest.raises(EngineError, match="nope"):
        make_engine("nope", "fr", "en")


def test_missing_model_names_pair_and_install_commands(argos_dir: Path) -> None:
    with pytest.raises(EngineError) as caught:
        make_engine("argos", "fr", "en")
    message = str(caught.value)
    assert "\n" not in message
    assert "fr->en" in message
    assert "diptych models install FILE.argosmodel" in message
    assert "diptych models install --download" in message
    from argostranslate import settings

    # offline: where a package file comes from, and how to go on without one
    assert settings.remote_package_index in message
    assert message.index("index.json") > message.index("translate-fr_en-<version>.argosmodel")
    assert "translate-fr_en-1_9.argosmodel" in message
    assert "`--engine none`" in message


def test_engine_describes_package_and_versions(installed: Path) -> None:
    engine = make_engine("argos", "fr", "en")
    assert engine.translates is True
    assert "translate-fr_en 1.0" in engine.description
    assert re.search(r"\(argostranslate \d+\.\d+[^,]*, ctranslate2 \d+\.", engine.description)


def test_batch_equals_one_at_a_time_in_input_order(installed: Path, segments: list[str]) -> None:
    engine = ArgosEngine("fr", "en")
    sample = segments[:16]
    batched = engine.translate(sample)
    alone = [engine.translate([source])[0] for source in sample]
    # Batches are never padded: each source decodes as alone (float32 products of another
    # row count may round the last bit of a score differently).
    assert [t.text for t in batched] == [t.text for t in alone]
    assert [t.score for t in batched] == pytest.approx([t.score for t in alone], rel=1e-6)
    reverse = engine.translate(sample[::-1])
    assert [t.text for t in reverse] == [t.text for t in batched[::-1]]
    assert len({t.text for t in batched}) > 1  # not one constant output for every input


def test_target_prefix_is_decoded_then_stripped(installed: Path, segments: list[str]) -> None:
    engine = ArgosEngine("fr", "en")
    stage = engine.stages[0]
    assert stage.target_prefix == TEST_SPEC.target_prefix
    raw = stage.translator.translate_batch(
        [stage.encode(segments[0])], target_prefix=[[stage.target_prefix]], beam_size=4
    )[0].hypotheses[0]
    assert raw[0] == TEST_SPEC.target_prefix
    text = engine.translate([segments[0]])[0].text
    assert not text.startswith(TEST_SPEC.target_prefix)
    assert text == stage.decode(raw)


def _argos_translation(monkeypatch: pytest.MonkeyPatch, cap=None):
    """argostranslate's own fr->en translation, with its sentence splitter as a pass-through."""
    import argostranslate.translate as argos_translate

    argos_translate.get_installed_languages.cache_clear()
    monkeypatch.setattr(argos_translate, "installed_translates", [])
    french = argos_translate.get_language_from_code("fr")
    translation = french.get_translation(argos_translate.get_language_from_code("en"))
    packaged = translation.underlying
    packaged.sentencizer.split_sentences = lambda text: [text]
    if cap is not None:
        # Same runaway cap as diptych's engine, per sentence (argostranslate has none).
        packaged.hypotheses("x", 1)  # loads packaged.translator
        packaged.translator = _CappedTranslator(packaged.translator, cap)
    return translation


class _CappedTranslator:
    def __init__(self, translator, cap) -> None:
        self.translator = translator
        self.cap = cap

    def translate_batch(self, source, **options):
        assert len(source) == 1
        return self.translator.translate_batch(
            source, max_decoding_length=self.cap(len(source[0])), **options
        )


@pytest.mark.parametrize("capped", [False, True])
def test_identical_to_argostranslate(
    installed: Path, segments: list[str], monkeypatch: pytest.MonkeyPatch, capped: bool
) -> None:
    if capped:
        engine = ArgosEngine("fr", "en")
        reference = _argos_translation(monkeypatch, default_decoding_cap)
    else:  # argostranslate decodes up to CTranslate2's default 256 tokens
        engine = ArgosEngine("fr", "en", max_decoding_length=lambda n: 256)
        reference = _argos_translation(monkeypatch)
    sample = segments[:24] + ["Une ligne.\nEt une autre ligne."]
    ours = engine.translate(sample)
    theirs = [reference.hypotheses(source, 1)[0] for source in sample]
    assert [t.text for t in ours] == [h.value for h in theirs]
    assert [t.score for t in ours] == pytest.approx([h.score for h in theirs], abs=1e-4)


def test_same_compute_type_as_argostranslate(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _argos_translation(monkeypatch)
    reference.underlying.hypotheses("x", 1)  # loads its CTranslate2 translator
    theirs = reference.underlying.translator.compute_type
    assert ArgosEngine("fr", "en").stages[0].translator.compute_type == theirs == "float32"
    assert compute_type_option("auto") == {}  # the model's own type, as argostranslate 1.12
    assert compute_type_option("int8") == {"compute_type": "int8"}


def test_installed_argostranslate_is_the_tested_version() -> None:
    """The decoding settings mirrored in translate/argos.py were read from this range."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    from packaging.requirements import Requirement

    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(Requirement(p) for p in pins if p.startswith("argos-translate-lt"))
    installed = metadata.version("argos-translate-lt")
    assert pin.specifier.contains(installed), (installed, str(pin.specifier))
    assert "1.12" in str(pin.specifier) and "<1.13" in str(pin.specifier)
    assert f"argostranslate {'.'.join(installed.split('.')[:2])}" in (
        ROOT / "docs" / "mt.md"
    ).read_text(encoding="utf-8")


def test_lines_are_translated_separately_like_argostranslate(installed: Path) -> None:
    engine = ArgosEngine("fr", "en")
    first, second = engine.translate(["Une ligne.", "Une autre."])
    joined = engine.translate(["Une ligne.\nUne autre."])[0]
    assert joined.text == f"{first.text}\n{second.text}".lstrip("\n")


def test_default_cap_stops_runaway_output(installed: Path) -> None:
    tokens = ArgosEngine("fr", "en").stages[0].encode("Bonjour.")
    assert default_decoding_cap(len(tokens)) < 256
    runaway = ArgosEngine("fr", "en", max_decoding_length=lambda n: 3).stages[0]
    out = runaway.translator.translate_batch(
        [tokens], target_prefix=[[runaway.target_prefix]], max_decoding_length=3
    )[0].hypotheses[0]
    assert len(out) <= 3
    for n in (1, 10, 40, 100, 500):
        assert 2 * n < default_decoding_cap(n) <= 256 or default_decoding_cap(n) == 256


def test_progress_reports_batches_up_to_total(installed: Path, segments: list[str]) -> None:
    calls: list[tuple[int, int]] = []
    engine = make_engine(
        "argos", "fr", "en", progress=lambda d, t: calls.append((d, t)), max_batch_tokens=64
    )
    engine.translate(segments[:12])
    assert len(calls) > 1
    assert calls[-1] == (12, 12)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_empty_source_gives_empty_translation(installed: Path) -> None:
    assert ArgosEngine("fr", "en").translate(["", "Bonjour."])[0] == Translation("", 0.0)


def test_pivot_through_english(installed: Path) -> None:
    root = installed.parent
    for source, target in (("de", "en"), ("en", "it")):
        copy = root / f"translate-{source}_{target}"
        shutil.copytree(installed, copy)
        meta = json.loads((copy / "metadata.json").read_text())
        meta.update(from_code=source, to_code=target)
        (copy / "metadata.json").write_text(json.dumps(meta))
    pivot = make_engine("argos", "de", "it")
    assert "translate-de_en" in pivot.description and "translate-en_it" in pivot.description
    sources = ["Bonjour tout le monde.", "Le chat dort."]
    middle = ArgosEngine("de", "en").translate(sources)
    expected = ArgosEngine("en", "it").translate([t.text for t in middle])
    got = pivot.translate(sources)
    assert [t.text for t in got] == [t.text for t in expected]
    assert [t.score for t in got] == pytest.approx(
        [a.score + b.score for a, b in zip(middle, expected, strict=True)]
    )


def test_broken_model_is_an_engine_error(installed: Path) -> None:
    (installed / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineError, match="cannot be loaded"):
        make_engine("argos", "fr", "en")


def test_plan_batches_never_pads_and_keeps_the_token_budget() -> None:
    tokens = [["a"] * n for n in (5, 1, 0, 9, 5, 2, 5, 1)]
    plan = plan_batches(tokens, lambda n: 10 if n < 5 else 20, max_batch_tokens=10)
    flat = [i for _, batch in plan for i in batch]
    assert sorted(flat) == [0, 1, 3, 4, 5, 6, 7]  # the empty source is not sent to the model
    # longest first (the costliest work starts first), one length per batch
    assert plan == [(20, [3]), (20, [0, 4]), (20, [6]), (10, [5]), (10, [1, 7])]
    for cap, batch in plan:
        assert len({len(tokens[i]) for i in batch}) == 1  # one length: no padding
        assert {10 if len(tokens[i]) < 5 else 20 for i in batch} == {cap}
        assert len(batch) == 1 or len(batch) * len(tokens[batch[0]]) <= 10


def test_plan_batches_splits_one_length_evenly() -> None:
    plan = plan_batches([["a"] * 4] * 10, lambda n: 32, max_batch_tokens=32)
    assert [len(batch) for _, batch in plan] == [5, 5]  # not 8 + 2


def test_plan_padded_mixes_lengths_longest_first_within_the_budget() -> None:
    tokens = [["a"] * n for n in (5, 1, 0, 9, 5, 2, 5, 1)]
    plan = plan_padded(tokens, lambda n: 10 if n < 5 else 20, max_batch_tokens=10)
    assert sorted(i for _, batch in plan for i in batch) == [0, 1, 3, 4, 5, 6, 7]
    assert plan[0] == (20, [3])
    for cap, batch in plan:
        longest = max(len(tokens[i]) for i in batch)
        assert cap == (10 if longest < 5 else 20)
        assert len(batch) == 1 or len(batch) * longest <= 10
    assert any(len({len(tokens[i]) for i in batch}) > 1 for _, batch in plan)


@pytest.fixture(scope="module")
def int8_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny test package quantized to int8, as the published Argos models are."""
    spec = dataclasses.replace(TEST_SPEC, quantization="int8")
    return build_package(tmp_path_factory.mktemp("argos-build-int8"), spec)


@pytest.mark.parametrize("quantization", ["float32", "int8_float32"])
def test_batched_output_is_exactly_the_one_sentence_output(
    argos_dir: Path,
    tiny_archive: Path,
    int8_archive: Path,
    segments: list[str],
    monkeypatch: pytest.MonkeyPatch,
    quantization: str,
) -> None:
    """A whole run decodes each sentence bit for bit as argostranslate decodes it alone: same
    text as argostranslate, same score as the engine given that sentence alone."""
    install_model(int8_archive if quantization.startswith("int8") else tiny_archive)
    engine = ArgosEngine("fr", "en", max_batch_tokens=256)
    assert engine.stages[0].translator.compute_type == quantization
    sample = segments[:40]
    tokens = [engine.stages[0].encode(source) for source in sample]
    plan = plan_batches(tokens, default_decoding_cap, 256)
    assert any(len(batch) > 1 for _, batch in plan)  # some sources do share a batch
    assert len(plan) > 1
    batched = engine.translate(sample)
    alone = [engine.translate([source])[0] for source in sample]
    reference = _argos_translation(monkeypatch, default_decoding_cap)
    theirs = [reference.hypotheses(source, 1)[0] for source in sample]
    assert [t.text for t in batched] == [t.text for t in alone] == [h.value for h in theirs]
    if quantization == "int8_float32":
        # int8 matrix products are exact integer sums: bit for bit, score included
        assert batched == alone
        assert [t.score for t in batched] == [h.score for h in theirs]
    else:
        # float32 products of a different row count may round differently in the last bit
        assert [t.score for t in batched] == pytest.approx([t.score for t in alone], rel=1e-6)


def test_translation_imports_neither_stanza_nor_torch(installed: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from translate.engines import make_engine
        from translate.models import list_models
        assert list_models()
        engine = make_engine("argos", "fr", "en")
        assert engine.translate(["Bonjour tout le monde."])[0].text
        heavy = sorted(m for m in ("stanza", "torch", "spacy", "argostranslate.translate")
                       if m in sys.modules)
        print(",".join(heavy) or "clean")
        """
    )
    env = {
        "ARGOS_PACKAGES_DIR": str(installed.parent),
        "PYTHONPATH": str(ROOT),
        "HOME": str(Path.home()),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"
    assert NoEngine().translates is False


@pytest.mark.parametrize("capped", [False, True])
def test_confidence_comes_from_the_model_s_own_token_log_probabilities(
    installed: Path, segments: list[str], capped: bool
) -> None:
    """The log-probability undone from CTranslate2's length-normalised score is the sum that
    `score_batch` gives for the same output, and the token count is the generated tokens."""
    # capped: every hypothesis stops at the cap, before any </s>
    engine = ArgosEngine("fr", "en", max_decoding_length=(lambda n: 6) if capped else None)
    stage = engine.stages[0]
    for source in segments[:12] + ["Bonjour."]:
        (ours,) = engine.translate([source])
        tokens = stage.encode(source)
        cap = engine.cap(len(tokens))
        (output,) = stage.translator.translate_batch(
            [tokens],
            target_prefix=[[stage.target_prefix]],
            replace_unknowns=True,
            beam_size=max(1, stage.beam_size),
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=cap,
        )
        hypothesis = output.hypotheses[0]  # starts with the forced prefix
        (scored,) = stage.translator.score_batch([tokens], [hypothesis])
        assert scored.tokens[: len(hypothesis)] == hypothesis
        # one log-prob per target token and </s>; the prefix was forced, not generated, and a
        # hypothesis that hit the cap never generated </s>
        hit_cap = len(hypothesis) >= cap
        assert hit_cap or not capped
        generated = scored.log_probs[1:-1] if hit_cap else scored.log_probs[1:]
        assert ours.tokens == len(generated)
        assert ours.log_prob == pytest.approx(sum(generated), abs=1e-3)
        assert ours.confidence == round(100 * math.exp(sum(generated) / len(generated)))
        assert 0 <= ours.confidence <= 100
