"""Large array work split across threads, as PyTorch splits its CPU kernels (intra-op).

NumPy releases the GIL inside its copy and ufunc loops, so a pass over a large array cut
into slices runs on several cores at once. Every slice writes its own part of the result
with the same per-element arithmetic in the same order, so results are bit for bit the same
at any number of threads. A slice's work is NumPy calls only: it never touches a tensor or
autograd state (which is per thread). Small work stays on the calling thread.

The split starts once `torch.set_num_threads(n)` asks for n > 1 threads. Until then the
only threads are those of NumPy's BLAS (OpenBLAS by default, which spins its threads for
a while after each product): on two cores shared with other work, a pool running beside
them made the LeNet step of bench W9 slower, not faster. `get_num_threads()` reports
PyTorch's default either way (OMP_NUM_THREADS when set, else the CPUs).
"""
import os
import threading

import numpy as np

GRAIN = 1 << 16   # elements a slice should at least have to be worth a thread


def _default_threads():
    """PyTorch's default: OMP_NUM_THREADS when set to a positive number, else the CPUs."""
    try:
        n = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        n = 0
    return n if n > 0 else os.cpu_count() or 1


threads = [_default_threads()]   # torch.get_num_threads / set_num_threads
split_threads = [1]              # what the split uses: threads[0] once set explicitly
_pool = None
_pool_lock = threading.Lock()
_worker = threading.local()      # set in the pool's threads: no nested splitting there


def _mark_worker():
    _worker.active = True


def _executor(workers):
    global _pool
    from concurrent.futures import ThreadPoolExecutor   # on first use: keeps import short
    with _pool_lock:
        if _pool is None or _pool._max_workers < workers:
            old, _pool = _pool, ThreadPoolExecutor(workers, "retrograd-intraop", _mark_worker)
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def _forget_pool():   # a forked child has none of the parent's threads
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def parallel_for(n, work, fn):
    """Call fn(start, stop) on slices that cover range(n), on up to get_num_threads()
    threads when `work` (elements in all) is large enough. The caller runs the first slice,
    then every slice no thread has started yet (on a busy machine a pool thread may wait
    long for a core: then the work is never slower than on one thread), and returns when
    all are done, re-raising the first error."""
    parts = min(split_threads[0], n, work // GRAIN)
    if parts <= 1 or getattr(_worker, "active", False):
        fn(0, n)
        return
    bounds = [n * i // parts for i in range(parts + 1)]
    pool = _executor(parts - 1)
    futures = [(pool.submit(fn, bounds[i], bounds[i + 1]), i) for i in range(1, parts)]
    try:
        fn(bounds[0], bounds[1])
        for future, i in futures:
            if future.cancel():
                fn(bounds[i], bounds[i + 1])
    finally:
        errors = [f.exception() for f, _ in futures if not f.cancelled()]   # waits for all
    for e in errors:
        if e is not None:
            raise e


def copyto(dst, src):
    """np.copyto(dst, src) for same-shape arrays, split along the longer of the first two
    axes (a convolution's columns may have a single channel)."""
    axis = 0 if dst.ndim < 2 or dst.shape[0] >= dst.shape[1] else 1

    def part(a, b):
        key = (slice(None),) * axis + (slice(a, b),)
        np.copyto(dst[key], src[key])
    parallel_for(dst.shape[axis] if dst.ndim else 1, dst.size, part)
