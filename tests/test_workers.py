"""workers.process_map: results in order, and with `ahead`, a bounded amount of work given out
beyond what the caller has taken (cold `status` writes each result to the index as it comes:
results a slower caller has not taken must not pile up)."""

from __future__ import annotations

import concurrent.futures
from concurrent.futures import Future

from translate.workers import process_map


def square(number: int) -> int:
    return number * number


def test_results_come_in_order_with_and_without_a_bound():
    numbers = list(range(200))
    expected = [n * n for n in numbers]
    assert list(process_map(square, numbers, workers=2)) == expected
    assert list(process_map(square, numbers, workers=2, ahead=16)) == expected


class _CountingPool:
    """A pool that runs each submission at once, counting them."""

    submitted: list[int] = []

    def __init__(self, max_workers, mp_context):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, function, *args):
        _CountingPool.submitted.append(len(args[-1]))
        future: Future = Future()
        future.set_result(function(*args))
        return future


def test_work_given_out_ahead_of_the_caller_is_bounded(monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.submitted = []
    results = process_map(square, range(1000), workers=2, ahead=64)
    taken = []
    for result in results:
        taken.append(result)
        assert sum(_CountingPool.submitted) - len(taken) <= 64 + 8  # ahead, plus one chunk
    assert taken == [n * n for n in range(1000)]
