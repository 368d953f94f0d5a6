"""`--cluster`: machine translation on a Ray cluster, catalogs written by this process.

The tests that need a cluster share one, started once for the module on this machine: a head
and a second node (separate raylets, one CPU each), so the pool has two actors in separate
worker processes, as on two machines. Starting it takes about 15 s on a loaded 2-core machine;
every test then joins it (a second or two) and starts its actors. Without Ray installed those
tests are skipped, and the plain-install behaviour is tested by hiding Ray.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

import pytest
from argos_package import seed_sentences

from translate.catalog import load_catalog
from translate.models import install_model
from translate.project import load_project

ARTICLES = 8
PARAGRAPHS = 40


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A project of 8 articles, about 330 distinct segments: seed sentences, each dated so
    that no two are the same (generated text)."""
    root = tmp_path / "news"
    (root / "seeds").mkdir(parents=True)
    text = " ".join(seed_sentences("fr"))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
    for article in range(ARTICLES):
        paragraphs = []
        for number in range(PARAGRAPHS):
            k = article * PARAGRAPHS + number
            sentence = sentences[k % len(sentences)]
            paragraphs.append(f"En {1700 + k}, {sentence[0].lower()}{sentence[1:]}")
        body = "\n\n".join([f"Dépêche {article}", *paragraphs]) + "\n"
        (root / "seeds" / f"depeche-{article}.txt").write_text(body, encoding="utf-8")
    return root


def _copy(project: Path, name: str) -> Path:
    return Path(shutil.copytree(project, project.parent / name))


def _catalogs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "locales" / "en").glob("*.po"))}


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once closed: nothing listens there


@pytest.fixture(scope="module")
def ray_cluster() -> str:
    """A two-node Ray cluster on this machine for the module; its address. Stopped (every
    process it started) at the end."""
    pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    cluster = Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": 1,
            "gcs_server_port": _closed_port(),
            "include_dashboard": False,
        },
    )
    try:
        cluster.add_node(num_cpus=1)
        yield cluster.address
    finally:
        import ray

        ray.shutdown()  # a driver still connected would keep its node from stopping
        cluster.shutdown()


def test_without_ray_cluster_is_one_line_naming_the_extra(cli_run, project, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    for command in ("translate", "run"):
        result = cli_run(command, "--cluster", "ray://127.0.0.1:10001")
        assert result.exit_code == 2
        errors = _errors(result.output)
        assert len(errors) == 1 and "pip install 'diptych[cluster]'" in errors[0]
    assert not (project / "locales").exists() and not (project / "build").exists()


def test_unreachable_cluster_is_one_line_before_anything_is_written(cli_run, project):
    pytest.importorskip("ray")
    port = _closed_port()
    for command in ("translate", "run"):
        result = cli_run(command, "--cluster", f"ray://127.0.0.1:{port}")
        assert result.exit_code == 2
        errors = _errors(result.output)
        assert len(errors) == 1 and f"127.0.0.1:{port}" in errors[0], result.output
        assert "cannot reach the Ray cluster" in errors[0]
    assert not (project / "locales").exists() and not (project / "build").exists()


def test_cluster_auto_needs_ray_address(cli_run, project, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    result = cli_run("translate", "--cluster", "auto")
    assert result.exit_code == 2
    assert _errors(result.output) == [
        "Error: --cluster auto: RAY_ADDRESS is not set; give the cluster's address"
    ]


def test_cluster_runs_the_argos_engine_only(cli_run, project):
    result = cli_run("translate", "--engine", "none", "--cluster", "auto")
    assert result.exit_code == 2
    assert _errors(result.output) == ["Error: --cluster runs the argos engine, not none"]
    assert "cluster" not in cli_run("translate", "--help").output.split("--engine")[1][:40]


@pytest.mark.slow
def test_cluster_catalogs_are_byte_identical_to_a_local_run(
    ray_cluster, cli_run, news, argos_dir, tiny_archive, msgfmt_check, monkeypatch
):
    install_model(tiny_archive)
    remote = _copy(news, "remote")
    local = cli_run("translate", root=news)
    assert local.exit_code == 0, local.output
    monkeypatch.setenv("RAY_ADDRESS", ray_cluster)  # `auto` joins the cluster it names
    result = cli_run("translate", "--cluster", "auto", root=remote)
    assert result.exit_code == 0, result.output
    expected = _catalogs(news)
    assert len(expected) == ARTICLES and _catalogs(remote) == expected
    entries = sum(len(load_catalog(remote / "locales" / "en" / name)) for name in expected)
    assert entries > 300
    msgfmt_check(remote / "locales" / "en" / "depeche-0.po")
    # the report names each worker: its actor, its node and the device it ran on
    workers = re.findall(
        r"worker actor (\w+) on node (\w+) \([^,]+, cpu\): (\d+) segments", result.output
    )
    assert len(workers) == 2 and len({node for _, node, _ in workers}) == 2
    assert all(int(segments) > 0 for _, _, segments in workers)
    assert "machine-translated" in result.output


@pytest.mark.slow
def test_a_worker_lost_mid_run_has_its_batches_translated_by_another(
    ray_cluster, news, argos_dir, tiny_archive
):
    from translate.cluster import connected
    from translate.pipeline import translate_project

    install_model(tiny_archive)
    remote = _copy(news, "remote")
    assert not translate_project(load_project(news)).failures
    stopped = []
    seen = []
    with connected(ray_cluster, workers=2) as session:

        def progress(done: int, total: int) -> None:
            seen.append((done, total))
            if not stopped:  # at the first batch back, stop the actor that has not answered
                victim = min(session.used.values(), key=lambda use: use.batches)
                os.kill(victim.pid, signal.SIGKILL)
                stopped.append(victim)

        report = translate_project(load_project(remote), engine="cluster", progress=progress)
    assert not report.failures
    assert _catalogs(remote) == _catalogs(news)
    assert stopped[0].lost >= 1 and session.retried >= 1
    survivor = next(use for use in session.used.values() if use is not stopped[0])
    assert survivor.segments > stopped[0].segments
    # progress counts segments done across the cluster, up to the whole run
    assert seen[-1][0] == seen[-1][1] > 300


@pytest.mark.slow
def test_interrupted_cluster_run_keeps_what_was_written_and_stops_its_workers(
    ray_cluster, news, argos_dir, tiny_archive, msgfmt_check
):
    from translate.cluster import connected
    from translate.pipeline import CHECKPOINT_SEGMENTS, translate_project

    install_model(tiny_archive)

    def progress(done: int, total: int) -> None:
        if done > CHECKPOINT_SEGMENTS:  # a chunk was translated and checkpointed
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), connected(ray_cluster, workers=2) as session:
        translate_project(load_project(news), engine="cluster", progress=progress)
    written = sorted((news / "locales" / "en").glob("*.po"))
    assert written
    machine = 0
    for path in written:
        msgfmt_check(path)
        machine += sum(1 for entry in load_catalog(path) if entry.msgstr)
    assert machine >= CHECKPOINT_SEGMENTS
    for use in session.used.values():  # every actor process is gone
        for _ in range(50):
            try:
                os.kill(use.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"actor process {use.pid} still running")


@pytest.mark.slow
def test_engines_for_two_targets_take_turns_on_nodes_with_one_cpu(
    ray_cluster, argos_dir, tiny_archive, monkeypatch
):
    """Each node has one CPU, taken by the actor of the engine in use: the engine of another
    target (here, a second engine for the same pair) starts its actors only when it is used,
    after the first one's are stopped, and the first starts again when used again."""
    import translate.cluster as cluster
    from translate.engines import make_engine

    install_model(tiny_archive)
    monkeypatch.setattr(cluster, "READY_TIMEOUT", 60.0)  # a pool that cannot start fails
    sources = [s for s in seed_sentences("fr") if len(s) < 200][:20]
    expected = [t.text for t in make_engine("argos", "fr", "en").translate(sources)]
    with cluster.connected(ray_cluster, workers=2) as session:
        first = make_engine("cluster", "fr", "en")
        second = make_engine("cluster", "fr", "en")
        assert session.active is first and not second.actors
        assert [t.text for t in second.translate(sources)] == expected
        assert session.active is second and not first.actors
        assert [t.text for t in first.translate(sources)] == expected
        assert first.description == second.description
    assert len(session.used) == 6  # two actors per start, three starts


@pytest.mark.slow
def test_a_model_the_workers_cannot_load_is_one_error_line_and_nothing_written(
    ray_cluster, cli_run, project, argos_dir, tiny_archive
):
    installed = install_model(tiny_archive).path
    (installed / "sentencepiece.model").unlink()  # found here, refused where it is loaded
    result = cli_run("translate", "--cluster", ray_cluster)
    assert result.exit_code == 2
    errors = _errors(result.output)
    assert len(errors) == 1, result.output
    assert "a cluster worker cannot load the model" in errors[0]
    assert "no sentencepiece.model" in errors[0]
    assert not list((project / "locales").rglob("*.po"))
