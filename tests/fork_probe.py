"""A worker that takes a lock of its module: forked from a parent holding that lock, it would
wait forever (tests/test_export.py)."""

import threading

LOCK = threading.Lock()


def work(number: int) -> int:
    with LOCK:
        return number * 2
