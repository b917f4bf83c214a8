"""crawler.workers.WorkerPool: the synchronous ordered map (reprocess) over real worker processes."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from crawler.workers import WorkerPool


def slow_square(n: int) -> tuple[int, int]:
    # Later items finish first, so an order-preserving map has to wait for the earlier ones.
    import time

    time.sleep(0.002 * (20 - n % 20))
    return n * n, os.getpid()


def die_once(n: int, marker: str) -> int:
    if n == 5 and not Path(marker).exists():
        Path(marker).touch()
        os._exit(1)  # a worker killed mid-task (out of memory, SIGKILL)
    return n


def always_die(n: int) -> int:
    if n == 3:
        os._exit(1)
    return n


def test_map_yields_in_order_from_several_processes() -> None:
    pool = WorkerPool(2, start_method="fork")
    consumed: list[int] = []

    def items() -> object:
        for n in range(60):
            consumed.append(n)
            yield n

    try:
        results = []
        for result in pool.map(slow_square, items(), window=4):
            results.append(result)
            assert len(consumed) <= len(results) + 4  # lazily: never more than the window in flight
    finally:
        pool.close()
    assert [square for square, _pid in results] == [n * n for n in range(60)]
    assert len({pid for _square, pid in results} - {os.getpid()}) == 2


def test_map_without_workers_runs_in_this_process() -> None:
    results = list(WorkerPool(0).map(slow_square, range(5)))
    assert results == [(n * n, os.getpid()) for n in range(5)]


def test_a_dead_worker_is_replaced_and_its_calls_tried_again(tmp_path: Path) -> None:
    pool = WorkerPool(2, start_method="fork")
    try:
        assert list(pool.map(die_once, range(20), str(tmp_path / "died"))) == list(range(20))
    finally:
        pool.close()
    assert pool.restarts == 1


def test_a_call_that_kills_every_worker_ends_the_map() -> None:
    pool = WorkerPool(1, start_method="fork")
    try:
        with pytest.raises(BrokenProcessPool):
            list(pool.map(always_die, range(6)))
    finally:
        pool.close()
    assert pool.restarts == 1
