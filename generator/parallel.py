"""Per-seed work on every core: a process pool when there is enough of it, plain calls otherwise.

Reading and analysing a seed is pure Python, so threads would queue on the GIL;
seeds are independent, so worker processes scale the work with the cores.

Workers are forked (instant, the pipeline already imported) when this process
runs a single thread, as the command line does; `briefing serve` runs threads,
which a fork can catch holding a lock, so there they start from a fork server.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Forking two workers costs a few milliseconds and a seed 5 to 30 ms, so the pool
# pays as soon as each worker gets a whole chunk: measured on 2 cores, 32 synthetic
# seeds took 0.94 s on one process and 0.61 s on two, 48 took 1.25 s and 0.87 s.
MIN_ITEMS = 32
# Seeds per task: large enough that pickling the arguments is noise, small enough
# that the last tasks of a run keep both workers busy.
CHUNK = 16


def worker_count() -> int:
    """Worker processes: `BRIEFING_JOBS` if set (1 turns the pool off), else the usable cores."""
    wanted = os.environ.get("BRIEFING_JOBS", "").strip()
    if wanted:
        if not wanted.isdigit() or int(wanted) < 1:
            raise ValueError(f"BRIEFING_JOBS={wanted!r}: give a whole number of worker processes, 1 or more")
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["generator.build", "generator.analyse"])
        return context
    return multiprocessing.get_context("spawn")


def map_in_order(func: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> Iterator[R]:
    """`func` over `items`, results in the items' order; on `workers` processes when
    there are at least `MIN_ITEMS` items. `func` must be a picklable top-level function
    (or a `functools.partial` of one)."""
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(items) < MIN_ITEMS:
        yield from map(func, items)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        yield from pool.map(func, items, chunksize=CHUNK)
