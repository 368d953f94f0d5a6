"""The cluster engine: the argos engine run by a pool of Ray actors, results written here.

A run connects once (`connected`); the engine made for a target then starts actors on the
cluster's nodes, ships them the project's Argos package through Ray's object store (nodes need
diptych's dependencies, not the model nor diptych itself: its code goes with the job's
runtime environment), and sends them batches of segments. Each actor makes the local argos
engine (`make_engine("argos", ...)`) with the argostranslate settings of this machine, so its
output is the local engine's, byte for byte. Translations come back to the one process that
writes catalogs: the pipeline, its merges and its lock are the same as for a local run. A
batch whose actor is lost is sent to another one. docs/cluster.md.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import socket
import tempfile
import zipfile
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.argos_packages import find_packages
from translate.engine import Progress, Translation
from translate.errors import DiptychError, EngineError

INSTALL_HINT = "pip install 'diptych[cluster]'"
# Segments per actor call: at most this many, fewer when a call has too few segments to give
# every actor IN_FLIGHT batches (bench/cluster.py measures the cost of one call).
MAX_BATCH_SEGMENTS = 64
MIN_BATCH_SEGMENTS = 8
# Calls queued on an actor: the next batch is there when one ends, so no actor waits.
IN_FLIGHT = 2
# Seconds the actors have to load the model before the run gives up on them.
READY_TIMEOUT = 300.0
CONNECT_TIMEOUT = 5.0


@dataclass(frozen=True)
class Worker:
    """One actor of the pool: where it runs and on what."""

    actor: str
    node: str
    ip: str
    device: str


@dataclass
class WorkerUse:
    """What one actor did in a run: batches and segments translated, calls it lost."""

    worker: Worker
    batches: int = 0
    segments: int = 0
    lost: int = 0
    pid: int = 0  # its process when it started (tests stop it to lose a worker)


@dataclass
class Session:
    """One connection to a cluster for a run: its address, the actors made (one pool at a
    time, for the target being translated) and what each did; `workers` None makes one
    actor per node (per GPU on cuda)."""

    address: str
    workers: int | None = None
    used: dict[str, WorkerUse] = field(default_factory=dict)
    retried: int = 0
    handles: list[Any] = field(default_factory=list)
    active: ClusterEngine | None = None  # the engine whose actors are running
    blobs: dict[tuple[str, ...], tuple[Any, str]] = field(default_factory=dict)

    def summary(self) -> list[str]:
        """One line per actor used, then the batches sent again after a lost actor."""
        lines = [
            f"worker actor {use.worker.actor[:12]} on node {use.worker.node[:12]} "
            f"({use.worker.ip}, {use.worker.device}): {use.segments} segments in "
            f"{use.batches} batches" + (f", {use.lost} lost" if use.lost else "")
            for use in self.used.values()
        ]
        if self.retried:
            lines.append(f"{self.retried} batch(es) sent again after a worker was lost")
        return lines


_session: Session | None = None


def resolve_address(address: str) -> str:
    """`auto` is the cluster RAY_ADDRESS names; any other value is used as given."""
    if address != "auto":
        return address
    found = os.environ.get("RAY_ADDRESS", "").strip()
    if not found:
        raise EngineError("--cluster auto: RAY_ADDRESS is not set; give the cluster's address")
    return found


@contextmanager
def connected(address: str, workers: int | None = None) -> Iterator[Session]:
    """Join the Ray cluster at `address` for the duration of a run, then stop every actor
    made and disconnect (the cluster itself keeps running). Raises `EngineError` at once
    when Ray is not installed or the cluster cannot be reached: before anything is written."""
    global _session
    ray = _ray()
    target = resolve_address(address)
    _probe(target)
    if ray.is_initialized():
        ray.shutdown()
    try:
        ray.init(
            address=target,
            runtime_env={"py_modules": [str(Path(__file__).resolve().parent)]},
            logging_level="ERROR",
            log_to_driver=False,
        )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise EngineError(f"cannot join the Ray cluster at {target}: {_first_line(exc)}") from None
    _session = Session(target, workers)
    try:
        yield _session
    finally:
        for handle in _session.handles:
            with suppress(Exception):  # an actor, or the whole cluster, may be gone already
                ray.kill(handle, no_restart=True)
        _session = None
        ray.shutdown()


class ClusterEngine:
    """The argos engine for `source`->`target`, run by actors of the connected cluster."""

    name = "cluster"
    translates = True

    def __init__(
        self,
        source: str,
        target: str,
        device: str = "auto",
        progress: Progress | None = None,
        **options: Any,
    ) -> None:
        if _session is None:
            raise EngineError("the cluster engine needs a cluster: use --cluster ADDRESS")
        self.session = _session
        self.progress = progress
        self.pair, self.device, self.options = (source, target), device, options
        self.blobs = _shipped(self.session, source, target)  # a missing model raises here
        self.actors: list[tuple[Any, WorkerUse, str]] = []
        self.lost: set[int] = set()  # actors lost during the run, by position
        self.description = ""
        if self.session.active is None:
            self._start()  # else when this engine is first used (`translate`)

    def _start(self) -> None:
        """Start this engine's actors, stopping those of the engine in use before: engines
        for several targets are used one after the other, and a GPU (or a node's last CPU)
        holds one actor at a time."""
        ray = _ray()
        if self.session.active is not None:
            self.session.active._stop()
        count, resources = _pool_size(ray, self.device, self.session.workers)
        remote = ray.remote(_Actor).options(
            max_restarts=0, max_task_retries=0, scheduling_strategy="SPREAD", **resources
        )
        settings = _argos_settings()
        handles = [
            remote.remote(*self.pair, self.device, self.options, settings, self.blobs)
            for _ in range(count)
        ]
        self.session.handles.extend(handles)
        self.session.active = self
        self.actors, self.lost = _ready(ray, handles, self.session), set()
        descriptions = sorted({description for _, _, description in self.actors})
        if len(descriptions) > 1:
            raise EngineError(
                "the cluster's workers run different model or library versions: "
                + "; ".join(descriptions)
            )
        self.description = descriptions[0]

    def _stop(self) -> None:
        ray = _ray()
        for handle, _, _ in self.actors:
            ray.kill(handle, no_restart=True)
        self.actors, self.session.active = [], None

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        """Translate in batches spread over the actors; results come back in input order.
        Sources are sorted by length first, so a batch holds sources of similar token
        lengths, which the argos engine groups into full unpadded batches."""
        import ray

        if self.session.active is not self:
            self._start()
        texts = list(sources)
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        size = batch_size(len(texts), len(self.actors) - len(self.lost))
        batches = [order[i : i + size] for i in range(0, len(order), size)]
        results: list[Translation | None] = [None] * len(texts)
        queue: deque[int] = deque(range(len(batches)))
        running: dict[Any, tuple[int, int]] = {}
        load = [0] * len(self.actors)
        done = 0
        while queue or running:
            while queue:
                slot = _pick(load, self.lost)
                if slot is None:
                    break
                number = queue.popleft()
                handle = self.actors[slot][0]
                ref = handle.translate.remote([texts[i] for i in batches[number]])
                running[ref] = (number, slot)
                load[slot] += 1
            ready, _ = ray.wait(list(running), num_returns=1)
            number, slot = running.pop(ready[0])
            load[slot] -= 1
            use = self.actors[slot][1]
            try:
                output = ray.get(ready[0])
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError) as exc:
                # the actor is gone (its node too, maybe): its batches go to the others
                use.lost += 1
                self.session.retried += 1
                self.lost.add(slot)
                if len(self.lost) == len(self.actors):
                    raise EngineError(
                        f"every worker of the cluster was lost ({_first_line(exc)}); "
                        "run again to resume"
                    ) from None
                queue.appendleft(number)
                continue
            except ray.exceptions.RayTaskError as exc:
                cause = getattr(exc, "cause", None)
                message = str(cause) if isinstance(cause, DiptychError) else _first_line(exc)
                raise EngineError(f"a cluster worker failed: {message}") from None
            for index, translation in zip(batches[number], output, strict=True):
                results[index] = translation
            use.batches += 1
            use.segments += len(batches[number])
            done += len(batches[number])
            if self.progress is not None:
                self.progress(done, len(texts))
        return [r if r is not None else Translation("") for r in results]


def batch_size(segments: int, actors: int) -> int:
    """Segments per call: enough calls to keep IN_FLIGHT batches on every actor, each
    between MIN_BATCH_SEGMENTS and MAX_BATCH_SEGMENTS."""
    wanted = math.ceil(segments / max(1, actors * IN_FLIGHT))
    return max(MIN_BATCH_SEGMENTS, min(MAX_BATCH_SEGMENTS, wanted))


def _pick(load: list[int], lost: set[int]) -> int | None:
    """The least loaded actor still there with room for a call, if any."""
    free = [slot for slot, count in enumerate(load) if count < IN_FLIGHT and slot not in lost]
    return min(free, key=lambda slot: (load[slot], slot)) if free else None


class _Actor:
    """Runs on a node: unpacks the shipped Argos package once, makes the argos engine with
    the driver's argostranslate settings, then translates batch after batch."""

    def __init__(self, source, target, device, options, settings, blobs) -> None:
        import ray

        self.error: str | None = None
        self.engine: Any = None
        try:
            from argostranslate import settings as argos_settings

            root = _unpack(ray, blobs)
            for key, value in settings.items():
                setattr(argos_settings, key, value)
            argos_settings.package_data_dir = root
            argos_settings.package_dirs = [root]
            from translate.engines import make_engine

            self.engine = make_engine("argos", source, target, device=device, **options)
        except (DiptychError, ImportError, OSError) as exc:  # a node without ctranslate2...
            self.error = str(exc)
        context = ray.get_runtime_context()
        self.worker = Worker(
            actor=context.get_actor_id() or "",
            node=context.get_node_id(),
            ip=ray.util.get_node_ip_address(),
            device=getattr(self.engine, "device", device),
        )

    def info(self) -> tuple[str | None, Worker, str, int]:
        description = self.engine.description if self.engine is not None else ""
        return self.error, self.worker, description, os.getpid()

    def translate(self, sources: list[str]) -> list[Translation]:
        return self.engine.translate(sources)


def _ready(ray: Any, handles: list[Any], session: Session) -> list[tuple[Any, WorkerUse, str]]:
    """Wait for the actors to load the model; those that cannot start within READY_TIMEOUT
    are left out, and none starting is an error."""
    calls = {handle.info.remote(): handle for handle in handles}
    ready, late = ray.wait(list(calls), num_returns=len(calls), timeout=READY_TIMEOUT)
    for ref in late:  # still waiting for a node: it must not start later and hold one
        ray.kill(calls[ref], no_restart=True)
    actors = []
    problems = []
    for ref in ready:
        try:
            error, worker, description, pid = ray.get(ref)
        except ray.exceptions.RayError as exc:
            problems.append(_first_line(exc))
            continue
        if error is not None:
            raise EngineError(f"a cluster worker cannot load the model: {error}")
        use = session.used.setdefault(worker.actor, WorkerUse(worker))
        use.pid = pid
        actors.append((calls[ref], use, description))
    if not actors:
        why = problems[0] if problems else f"none started within {READY_TIMEOUT:.0f} s"
        raise EngineError(f"no worker of the cluster could start: {why}")
    return actors


def _pool_size(ray: Any, device: str, workers: int | None) -> tuple[int, dict[str, float]]:
    """How many actors, and what each asks of its node: a GPU each on cuda (and on auto
    when the cluster has GPUs), otherwise one CPU each, one actor per node by default
    (CTranslate2 uses every core of its node)."""
    if device not in ("auto", "cpu", "cuda"):
        raise EngineError(f"unknown device {device!r} (expected auto, cpu or cuda)")
    gpus = int(ray.cluster_resources().get("GPU", 0))
    if device == "cuda" or (device == "auto" and gpus):
        if not gpus:
            raise EngineError("--device cuda: the cluster has no GPU")
        return workers or gpus, {"num_gpus": 1}
    nodes = [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU", 0)]
    return workers or max(1, len(nodes)), {"num_cpus": 1}


def _argos_settings() -> dict[str, Any]:
    """argostranslate's plain settings on this machine (compute type, beam size...), which
    the engine reads when it loads a model; the device is chosen per node instead."""
    from argostranslate import settings

    return {
        key: value
        for key, value in vars(settings).items()
        if not key.startswith("_") and key != "device" and type(value) in (str, int, float, bool)
    }


def _shipped(session: Session, source: str, target: str) -> list[tuple[Any, str]]:
    """The installed packages for the pair, each zipped once per run into the object store
    as (reference, digest)."""
    import ray

    shipped = []
    for pkg in find_packages(source, target):
        path = Path(pkg.package_path)
        key = (str(path),)
        if key not in session.blobs:
            data = _pack(path)
            session.blobs[key] = (ray.put(data), hashlib.sha256(data).hexdigest()[:16])
        shipped.append(session.blobs[key])
    return shipped


def _pack(path: Path) -> bytes:
    """The package folder as a zip (stored, not compressed: model weights do not shrink)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for file in sorted(path.rglob("*")):
            if file.is_file():
                archive.write(file, Path(path.name) / file.relative_to(path))
    return buffer.getvalue()


def _unpack(ray: Any, blobs: list[tuple[Any, str]]) -> Path:
    """Unpack the packages into a folder named by their digests, once per node: actors of a
    node share it, and a second run finds it there."""
    digest = hashlib.sha256("".join(d for _, d in blobs).encode()).hexdigest()[:16]
    root = Path(tempfile.gettempdir()) / "diptych-argos" / digest
    if root.is_dir():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{digest}.", dir=root.parent))
    for ref, _ in blobs:
        with zipfile.ZipFile(io.BytesIO(ray.get(ref))) as archive:
            archive.extractall(staging)
    try:
        staging.rename(root)
    except OSError:  # another actor of the node unpacked it first
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    return root


def _probe(address: str) -> None:
    """Fail in seconds on an address nothing listens at (Ray itself retries for minutes)."""
    hostport = address.split("://", 1)[-1].rsplit("/", 1)[0]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise EngineError(
            f"bad cluster address {address!r} (expected ray://HOST:PORT or HOST:PORT)"
        )
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise EngineError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}"
        ) from None


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise EngineError(f"--cluster needs Ray, which is not installed: {INSTALL_HINT}") from None
    return ray


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
