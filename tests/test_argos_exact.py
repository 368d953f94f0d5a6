"""Exact mode on the realistic benchmark model: every sentence's output is argostranslate's.

The model is the realistic construction of bench/mt.py (outputs end near the source length,
int8 as the published packages), small enough for a test. On the seed segments its output
is sensitive to batching: mixing lengths in padded batches changes the text of some
sentences (checked here too), so the identity below is a real check, not a lucky one. The
sentences are the seed segments, three times, and each doubled (longer inputs beside short
ones, larger batches: on some processors the seed segments alone come out the same in
padded batches).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from argos_package import REALISTIC_TEST_SPEC, build_package
from test_argos import _argos_translation, seed_segments

from translate.argos import ArgosEngine, default_decoding_cap, plan_batches
from translate.models import install_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def realistic_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("argos-build-realistic"), REALISTIC_TEST_SPEC)


def test_exact_mode_is_argostranslate_per_sentence_on_the_realistic_model(
    argos_dir: Path, realistic_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_model(realistic_archive)
    seeds = seed_segments()
    sources = seeds * 3 + [f"{seed} {seed}" for seed in seeds]
    engine = ArgosEngine("fr", "en")
    assert engine.stages[0].translator.compute_type == "int8_float32"
    tokens = [engine.stages[0].encode(source) for source in sources]
    plan = plan_batches(tokens, default_decoding_cap, engine.max_batch_tokens)
    assert any(len(batch) > 1 for _, batch in plan), "some sentences share a batch"
    ours = dict(engine.translate_stream(sources))  # as `diptych translate` runs it
    reference = _argos_translation(monkeypatch, default_decoding_cap)
    theirs = [reference.hypotheses(source, 1)[0] for source in sources]
    assert [ours[i].text for i in range(len(sources))] == [h.value for h in theirs]
    # int8 products are exact integer sums: the score too, to the last bit
    assert [ours[i].score for i in range(len(sources))] == [h.score for h in theirs]
    # the check has teeth: mixed-length (padded) batches change some of these outputs
    padded = ArgosEngine("fr", "en", batching="padded", max_batch_tokens=8192)
    changed = [t.text != h.value for t, h in zip(padded.translate(sources), theirs, strict=True)]
    assert 0 < sum(changed) < len(sources)
