"""Processes and cores: how many cores this process may use, and a worker pool that works
with every multiprocessing start method (forkserver by default, spawn, fork), so export runs
the same on Linux, macOS and Windows. Work is a top-level function and picklable arguments."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any


def cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_map(
    function: Callable[..., Any],
    *iterables: Iterable[Any],
    workers: int,
    start_method: str | None = None,
    ahead: int | None = None,
) -> Iterator[Any]:
    """`map(function, *iterables)` over `workers` processes, results in order. With `ahead`,
    at most that many items are given out beyond the result the caller is at, so results
    a slower caller has not taken yet do not pile up in its memory.

    `start_method` None is `forkserver` where the system has it, else the platform's
    default. Not `fork`: a process that has threads (a model's, a server's, a library's)
    may be forked while one of them holds a lock, the import lock among them, and the worker
    then waits for it forever. A fork server is a single-threaded process started once,
    with the work's module imported (so workers start fast), from which workers are forked."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    items = [list(iterable) for iterable in iterables]
    size = len(items[0]) if items else 0
    if start_method is None and "forkserver" in multiprocessing.get_all_start_methods():
        start_method = "forkserver"
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        context.set_forkserver_preload([function.__module__])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        if ahead is None:
            chunk = max(1, size // (workers * 8))
            yield from pool.map(function, *items, chunksize=chunk)
            return
        chunk = max(1, ahead // (workers * 4))
        pending: deque = deque()
        work = zip(*items, strict=True)
        while batch := list(islice(work, chunk)):
            pending.append(pool.submit(_each, function, batch))
            if len(pending) * chunk > ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _each(function: Callable[..., Any], batch: list[tuple]) -> list[Any]:
    """A chunk of `process_map`'s work, in a worker: one message each way per chunk."""
    return [function(*arguments) for arguments in batch]
