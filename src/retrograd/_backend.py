"""The array namespace tensors live in.

NumPy is the default and only required backend. Everything outside this module reaches
array math through `xp` (or a tensor's arrays' own methods), so a CuPy or Dask namespace can
stand in later without touching the op table.
"""
import os
import warnings

import numpy as np

xp = np
ndarray = np.ndarray

# PyTorch computes log(0), 1/0, sin(inf) and overflows silently, as values; NumPy warns
# ("invalid value encountered in sin"). Ignore NumPy's floating-point RuntimeWarnings
# attributed to retrograd's own modules only (user code calling NumPy still gets them).
# Unlike np.errstate around every op, this costs nothing until a warning is raised.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"retrograd(\.|$)")

# glibc's malloc serves blocks above its mmap threshold (128 KiB at first) with fresh pages
# from the kernel, and hands freed heap memory back above its trim threshold; both rise (to
# at most 32 MiB and twice that) each time a larger mmapped block is freed. Until one of a
# few MiB has been, a training loop on arrays of that size faults in every page of every
# temporary, every step (the MLP step of bench W4: 1,500 page faults, 7.2 ms instead of
# 4.3 ms; PyTorch takes none). Freeing one such block at import sets the thresholds where a
# long-running NumPy process ends up anyway. Elsewhere than glibc this is one allocation.
np.empty((32 << 20) - (64 << 10), np.uint8)


def _memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 1 << 62


MEMORY = _memory()    # bytes of physical memory: what a single allocation may reach


def check_alloc(itemsize, shape=()):
    """PyTorch's refusal of a tensor too big to allocate, raised before any allocation (a
    terabyte request fails at once there; NumPy would try, or page memory in): the byte
    count overflows int64, or exceeds the machine's memory (the allocator's error)."""
    n = itemsize
    for s in shape:
        n *= s
    if n <= MEMORY:
        return
    if n >= 1 << 63:
        raise RuntimeError(f"Storage size calculation overflowed with sizes="
                           f"[{', '.join(map(str, shape))}]")
    raise RuntimeError(f"[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: "
                       f"can't allocate memory: you tried to allocate {n} bytes. Error code 12 "
                       "(Cannot allocate memory)")


def as_array(value):
    """`value` as a real ndarray: NumPy hands back scalars (np.float32) from 0-dim math,
    and tensors need an array they can write into in place."""
    return value if type(value) is ndarray else np.asarray(value)


def sum_to(grad, shape):
    """Undo broadcasting: sum `grad` down to `shape` (leading dims, then size-1 dims)."""
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and grad.shape[i + lead] != 1)
    out = grad.sum(axis=axes, keepdims=True) if axes else grad
    if lead:
        out = out.reshape(shape)
    return as_array(out)
