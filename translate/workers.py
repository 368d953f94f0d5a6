"""Processes and cores: how many cores this process may use, and a worker pool that works
with every multiprocessing start method (fork, forkserver, spawn), so export runs the same
on Linux, macOS and Windows. Work is a top-level function and picklable arguments."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
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
) -> Iterator[Any]:
    """`map(function, *iterables)` over `workers` processes, results in order.

    `start_method` None is the platform's default; nothing relies on fork, so a worker
    re-imports what it needs."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    items = [list(iterable) for iterable in iterables]
    size = len(items[0]) if items else 0
    context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, size // (workers * 8))
        yield from pool.map(function, *items, chunksize=chunk)
