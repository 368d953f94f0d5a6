"""The whole run in one batching plan: the argos engine streams results back, the pipeline
writes checkpoints as they arrive, the padded mode says so; and the realistic benchmark
model ends its outputs at source-like lengths."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from argos_package import ROOT, PackageSpec, build_package
from fakes import FakeEngine, FakeTranslation

from translate import pipeline
from translate.argos import ArgosEngine
from translate.catalog import load_catalog
from translate.errors import EngineError
from translate.models import install_model
from translate.project import load_project
from translate.read import read_article
from translate.segment import segment_document
from translate.states import comment_lines


def seed_segments() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    return [s.msgid for path in paths for s in segment_document(read_article(path))]


class StreamingEngine(FakeEngine):
    """A fake with `translate_stream`: one call for the whole group, results in reverse
    order (as batches finish out of order), optionally interrupted after `stop_after`."""

    batching = "exact"

    def __init__(self, stop_after: int | None = None, batching: str = "exact") -> None:
        super().__init__()
        self.stop_after = stop_after
        self.batching = batching

    def translate_stream(self, sources):
        self.calls.append(list(sources))
        for count, index in enumerate(reversed(range(len(sources)))):
            if self.stop_after is not None and count >= self.stop_after:
                raise KeyboardInterrupt
            yield index, FakeTranslation(f"EN<{sources[index]}>")


def run(project, engine):
    return pipeline.translate_project(load_project(project), engine_factory=lambda t: engine)


def translated(project: Path) -> dict[str, str]:
    done = {}
    for po in (project / "locales" / "en").glob("*.po"):
        done.update({e.msgid: e.msgstr for e in load_catalog(po) if e.msgstr})
    return done


def test_streaming_engine_gets_every_article_in_one_call(project):
    engine = StreamingEngine()
    report = run(project, engine)
    assert len(engine.calls) == 1, "one batching plan for the whole run"
    done = translated(project)
    assert len(done) == len(engine.calls[0]) == sum(o.machine_translated for o in report.outcomes)
    assert all(text == f"EN<{msgid}>" for msgid, text in done.items())


def test_interrupted_stream_keeps_its_checkpoints(project, monkeypatch, msgfmt_check):
    monkeypatch.setattr(pipeline, "CHECKPOINT_SEGMENTS", 10)
    with pytest.raises(KeyboardInterrupt):
        run(project, StreamingEngine(stop_after=25))
    for po in (project / "locales" / "en").glob("*.po"):
        assert msgfmt_check(po) == ""
    done = translated(project)
    assert len(done) == 20, "two checkpoints of ten were written before the stop"
    engine = StreamingEngine()
    run(project, engine)
    assert not set(engine.calls[0]) & set(done), "the rerun sends only what is missing"


def test_padded_text_is_marked_in_its_entry(project):
    run(project, StreamingEngine(batching="padded"))
    po = next((project / "locales" / "en").glob("*.po"))
    for entry in load_catalog(po):
        lines = comment_lines(entry.comment)
        assert f"mt: {entry.msgstr}" in lines
        assert "mt-batching: padded" in lines


def test_exact_text_carries_no_batching_mark(project):
    run(project, StreamingEngine())
    po = next((project / "locales" / "en").glob("*.po"))
    assert all("mt-batching" not in entry.comment for entry in load_catalog(po))


@pytest.mark.slow
def test_stream_gives_each_source_once_and_equals_translate(argos_dir, tiny_archive):
    install_model(tiny_archive)
    engine = ArgosEngine("fr", "en", max_batch_tokens=64)
    sources = seed_segments()[:20] + ["", "Deux lignes.\nLa seconde."]
    streamed = dict(engine.translate_stream(sources))
    assert sorted(streamed) == list(range(len(sources)))
    assert [streamed[i] for i in range(len(sources))] == engine.translate(sources)


@pytest.mark.slow
def test_padded_mode_is_named_and_unknown_mode_refused(argos_dir, tiny_archive):
    install_model(tiny_archive)
    padded = ArgosEngine("fr", "en", batching="padded")
    assert padded.description.endswith(", padded batches")
    assert not ArgosEngine("fr", "en").description.endswith("padded batches")
    sources = seed_segments()[:12]
    assert len(padded.translate(sources)) == 12
    with pytest.raises(EngineError, match="unknown batching"):
        ArgosEngine("fr", "en", batching="fast")


@pytest.mark.slow
def test_realistic_model_ends_outputs_near_the_source_length(tmp_path):
    """The construction of tests/argos_package.py, on a small model: output length follows
    source length (a constant `</s>` bias would give lengths unrelated to the source)."""
    import ctranslate2
    import sentencepiece

    spec = PackageSpec(layers=1, d_model=128, heads=4, ffn=256, vocab_size=400, length_ratio=1.0)
    with zipfile.ZipFile(build_package(tmp_path, spec)) as zf:
        zf.extractall(tmp_path / "unpacked")
    root = tmp_path / "unpacked" / spec.folder
    spm = sentencepiece.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(root / "model"))
    sources = [spm.encode(s, out_type=str) for s in seed_segments()[::3]]
    outputs = translator.translate_batch(sources, beam_size=4, max_batch_size=1)
    pairs = sorted((len(s), len(o.hypotheses[0])) for s, o in zip(sources, outputs, strict=True))
    third = len(pairs) // 3
    short, long = [o for _, o in pairs[:third]], [o for _, o in pairs[-third:]]
    assert sorted(short)[len(short) // 2] * 2 < sorted(long)[len(long) // 2], pairs
    assert all(o < 256 for _, o in pairs), "every output ends"
    assert all(0.3 * s <= o <= 2 * s + 8 for s, o in pairs), pairs


@pytest.mark.slow
def test_cli_padded_batching_marks_entries_and_header(cli_run, project, argos_dir, tiny_archive):
    assert cli_run("models", "install", str(tiny_archive)).exit_code == 0
    result = cli_run("translate", "--batching", "padded", "000_da88f1f87eecb2fd")
    assert result.exit_code == 0, result.output
    catalog = load_catalog(project / "locales" / "en" / "000_da88f1f87eecb2fd.po")
    assert catalog.metadata["X-Machine-Translation"].endswith(", padded batches")
    machine = [e for e in catalog if e.msgstr]
    assert machine and all("mt-batching: padded" in comment_lines(e.comment) for e in machine)
    assert cli_run("translate", "--batching", "fast").exit_code == 2
