"""Per-seed work on every core: a process pool when there is enough of it, plain calls otherwise.

Reading and analysing a seed is pure Python, so threads would queue on the GIL;
seeds are independent, so worker processes scale the work with the cores. So are
the pages made from them once the stories are known (`spread`): there the workers
are forked from the build's own state, so nothing but results crosses between them.
An edit has little work of each kind, so there one worker takes a whole job off the
build's process while it does another (`Beside`, `map_in_order(beside=True)`): reading
the edited seed while the cached ones load, joining the export while pages are made.

Workers are forked (instant, the pipeline already imported) when this process
runs a single thread, as the command line does; `briefing serve` runs threads,
which a fork can catch holding a lock, so there they start from a fork server.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

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


def _fork_is_safe() -> bool:
    """Whether this process can fork: it can, and runs no other thread (`briefing serve`
    does), which a fork could catch holding a lock."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context() -> multiprocessing.context.BaseContext:
    if _fork_is_safe():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["generator.build", "generator.analyse"])
        return context
    return multiprocessing.get_context("spawn")


def map_in_order(func: Callable[[T], R], items: Sequence[T], workers: int | None = None, beside: bool = False) -> Iterator[R]:
    """`func` over `items`, results in the items' order; on `workers` processes when
    there are at least `MIN_ITEMS` items. `func` must be a picklable top-level function
    (or a `functools.partial` of one). `beside`: even a few items go to a forked worker,
    started before this returns, so that this process can do other work while they run.
    The pool ends once the results are all taken or the iterator is dropped, which must
    come before anything else forks (a pool runs threads here)."""
    workers = worker_count() if workers is None else workers
    few = len(items) < MIN_ITEMS
    if not items or workers <= 1 or (few and not (beside and can_fork())):
        return map(func, items)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=_context())
    try:
        results = pool.map(func, items, chunksize=1 if few else CHUNK)  # every task submitted now
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return _then_shut(results, pool)


def _then_shut(results: Iterator[R], pool: ProcessPoolExecutor) -> Iterator[R]:
    with pool:
        yield from results


class Ahead(Generic[T, R]):
    """A worker forked now, before its work is known, that readies itself meanwhile (`ready`:
    imports, tables), then takes a few items (`map`). An edit's seed went to a worker only
    once every seed's key was known, and waited there for the readers' imports and the
    word list: the cached seeds were loaded up to 0.1 s before it was read. Where `spread`
    would not fork, there is no worker and `map` gives None."""

    def __init__(self, ready: Callable[[], None]):
        self._process: multiprocessing.process.BaseProcess | None = None
        if worker_count() <= 1 or not can_fork():
            return
        self._connection, theirs = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("fork").Process(target=_ahead, args=(ready, theirs), daemon=True)
        self._process.start()
        theirs.close()

    def map(self, func: Callable[[T], R], items: Sequence[T]) -> Iterator[R] | None:
        """`func` (picklable) over `items` on the worker, results in order; None without one."""
        if self._process is None:
            return None
        self._connection.send((func, list(items)))
        return self._results(len(items))

    def _results(self, count: int) -> Iterator[R]:
        try:
            for _ in range(count):
                try:
                    ok, value = self._connection.recv()
                except EOFError:
                    raise RuntimeError(f"a worker process ended with exit code {self._process and self._process.exitcode} before it gave its result") from None
                if not ok:
                    raise value
                yield value
        finally:
            self.close()

    def close(self) -> None:
        """End the worker, done or not needed (it may still be readying itself)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._connection.close()
            self._process = None


def _ahead(ready: Callable[[], None], connection: Any) -> None:
    ready()
    try:
        func, items = connection.recv()
    except EOFError:  # not needed after all
        return
    for item in items:
        try:
            connection.send((True, func(item)))
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            try:
                connection.send((False, exc))
            except Exception as unpicklable:  # its text then
                connection.send((False, RuntimeError(f"{type(exc).__name__}: {exc}; and {unpicklable}")))
            return


SPANS_PER_WORKER = 24
"""Ranges of items per worker in `spread`: the costliest go first and the rest fill in,
so the workers finish together; each range costs one round trip of its results."""
_work: Callable[[range], Any] | None = None
"""What `spread`'s forked workers run: set before they are forked, so it is never pickled."""


def can_fork() -> bool:
    """Whether `spread` can fork workers from this process: where `_fork_is_safe`, and not
    in a worker itself (a pool's workers may not have their own)."""
    return _fork_is_safe() and not multiprocessing.current_process().daemon


def spread(work: Callable[[range], R], sizes: Sequence[float], min_items: int = MIN_ITEMS, initializer: Callable[[], None] | None = None) -> list[R]:
    """`work(span)` over consecutive ranges of `len(sizes)` items (`sizes`: each one's rough
    cost), on workers forked from this process, or as one range here when few items, one
    worker or no fork. The results in the ranges' order. `work` may be any function
    (a closure over the build's state): the workers inherit it and receive only ranges.
    `initializer` runs first in each worker."""
    global _work
    workers = worker_count()
    if workers <= 1 or len(sizes) < min_items or not can_fork():
        return [work(range(len(sizes)))]
    spans = _spans(sizes, workers * SPANS_PER_WORKER)
    order = sorted(range(len(spans)), key=lambda n: -sum(sizes[i] for i in spans[n]))
    results: list[Any] = [None] * len(spans)
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=initializer) as pool:
            for number, result in pool.imap_unordered(_numbered, [(n, spans[n]) for n in order]):
                results[number] = result
    finally:
        _work = None
    return results


def _numbered(task: tuple[int, range]) -> tuple[int, Any]:
    number, span = task
    assert _work is not None
    return number, _work(span)


def _spans(sizes: Sequence[float], count: int) -> list[range]:
    """Consecutive ranges of about equal total size; an item bigger than the share is alone."""
    share = max(sum(sizes) / count, 1e-9)
    spans, start, total = [], 0, 0.0
    for index, size in enumerate(sizes):
        if index > start and total + size > share:
            spans.append(range(start, index))
            start, total = index, 0.0
        total += size
    spans.append(range(start, len(sizes)))
    return spans


class Beside(Generic[R]):
    """`work()` on a worker forked now, while this process goes on; `result()` waits for
    it (or `cancel()` stops it). `initializer` runs first, in the worker only. The result
    comes back through an unnamed temporary file, which carries a big one faster than a
    pipe (90 MB: 0.05 s against 0.4 s). Where `spread` would not fork (one worker, threads
    running, inside a worker), `work()` runs here at once."""

    def __init__(self, work: Callable[[], Any], initializer: Callable[[], None] | None = None, then: Callable[[Any], R] | None = None):
        """`then` turns what `work` returned into the result, here (after the worker's end)."""
        self._process: multiprocessing.process.BaseProcess | None = None
        self._then = then or (lambda value: value)
        if worker_count() <= 1 or not can_fork():
            self._value = work()
            return
        self._file = tempfile.TemporaryFile()
        self._process = multiprocessing.get_context("fork").Process(target=self._run, args=(work, initializer), daemon=True)
        self._process.start()

    def _run(self, work: Callable[[], R], initializer: Callable[[], None] | None) -> None:
        try:
            if initializer:
                initializer()
            outcome: tuple[bool, Any] = (True, work())
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            outcome = (False, exc)
        try:
            pickle.dump(outcome, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception that cannot be pickled: its text then
            self._file.seek(0)
            self._file.truncate()
            pickle.dump((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}; and {exc}")), self._file)
        self._file.flush()

    def result(self) -> R:
        if self._process is None:
            return self._then(self._value)
        self._process.join()
        try:
            self._file.seek(0)
            try:
                ok, value = pickle.load(self._file)
            except EOFError:
                raise RuntimeError(f"a worker process ended with exit code {self._process.exitcode} before it gave its result") from None
        finally:
            self._file.close()
        if not ok:
            raise value
        return self._then(value)

    def cancel(self) -> None:
        """Stop the worker, its result no longer wanted."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._file.close()


def _glibc() -> Any:
    """The C library, if it is glibc (its malloc's functions); else None. Looked up among
    the symbols this process has loaded already: `ctypes.util.find_library` runs
    `ldconfig -p` in a new process each time it is called."""
    try:
        libc = ctypes.CDLL(None)
    except (OSError, TypeError):  # TypeError: Windows loads no library by None
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
KEPT_BLOCKS = 32 << 20
"""The largest block glibc takes from its heap once `keep_freed_memory` is called (its limit)."""
TRIMMED_ABOVE = 128 << 20
"""Free memory at the top of the heap glibc keeps then, beyond which it gives it back."""


def keep_freed_memory() -> None:
    """Have glibc take big blocks (up to `KEPT_BLOCKS`: the stories stage's arrays of 1.8
    million pairs are 14 MB each) from its heap and keep what is freed for the next ones,
    rather than map fresh pages for each block and unmap them when it is freed: a fresh
    page is faulted in and zeroed again each time (0.1 s of an edit at 10,000 seeds).
    `release_freed_memory` gives the memory back. Elsewhere (no glibc), nothing is done."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, KEPT_BLOCKS)
        libc.mallopt(_M_TRIM_THRESHOLD, TRIMMED_ABOVE)


def release_freed_memory() -> None:
    """Give the memory this process has freed back to the system before workers are forked
    from it. glibc keeps freed memory for reuse, so after the generator a build holds on to
    what it no longer uses: at 10,000 seeds, 835 MB of which 260 MB are in use. Elsewhere
    (no glibc), nothing is done."""
    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
