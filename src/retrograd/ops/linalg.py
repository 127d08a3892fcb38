"""Products: dot, mv, mm, matmul, outer."""
import numpy as np

from ._op import Op, math_function, method

_dot = Op("DotBackward0", np.dot, lambda g, y: g * y, lambda g, x: g * x, dtype=None)
_mv = Op("MvBackward0", np.dot, lambda g, y, m: m.outer(g, y), lambda g, x, m: m.t(x) @ g,
         dtype=None)
_mm = Op("MmBackward0", np.matmul, lambda g, y, m: g @ m.t(y), lambda g, x, m: m.t(x) @ g,
         dtype=None)


def _batched_grad_x(g, x, y, m):
    if y.ndim == 1:
        return m.unsqueeze(g, -1) * y if x.ndim > 1 else g * y
    if x.ndim == 1:
        return m.sum_leading(m.squeeze(m.unsqueeze(g, -2) @ m.mT(y), -2), 1)
    return g @ m.mT(y)


def _batched_grad_y(g, x, y, m):
    if x.ndim == 1:
        return m.unsqueeze(x, -1) * m.unsqueeze(g, -2) if y.ndim > 1 else g * x
    if y.ndim == 1:
        return m.sum_leading(m.squeeze(m.mT(x) @ m.unsqueeze(g, -1), -1), 1)
    return m.mT(x) @ g


# N-D matmul (batched, broadcasting): PyTorch folds it into bmm + _unsafe_view, and the
# output's node is UnsafeViewBackward0; the engine sums broadcast batch dims back.
_matmul = Op("UnsafeViewBackward0", np.matmul,
             lambda g, x, y, m: _batched_grad_x(g, x, y, m),
             lambda g, x, y, m: _batched_grad_y(g, x, y, m), dtype=None)


def _same_dtype(name, a, b):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"{name} : expected both vectors to have same dtype, but found "
                           f"{a._dtype.scalar_name} and {b._dtype.scalar_name}")


@method
def dot(input, other):
    if input._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input._data.ndim}D and "
                           f"{other._data.ndim}D tensors")
    if input._data.shape[0] != other._data.shape[0]:
        a, b = input._data.shape[0], other._data.shape[0]
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a}] and src [{b}] to "
                           f"have the same number of elements, but got {a} and {b} elements "
                           "respectively")
    _same_dtype("dot", input, other)
    return _dot(input, other)


inner = method(dot, "inner")


@method
def mv(input, vec):
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input._data.ndim}, "
                           f"{vec._data.ndim}")
    if input._data.shape[1] != vec._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._data.shape[0]}), mat "
                           f"({input._data.shape[0]}x{input._data.shape[1]}), vec "
                           f"({vec._data.shape[0]})")
    _mm_dtype(input, vec)
    return _mv(input, vec)


def _mm_dtype(a, b):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{a._dtype.cpp_name} != {b._dtype.cpp_name}")


@method
def mm(input, mat2):
    if input._data.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    (a, b), (c, d) = input._data.shape, mat2._data.shape
    if b != c:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a}x{b} and {c}x{d})")
    _mm_dtype(input, mat2)
    return _mm(input, mat2)


@method
def matmul(input, other):
    from .._tensor import Tensor
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError("matmul(): argument 'other' (position 1) must be Tensor")
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{da}D and {db}D")
    if da == 1 and db == 1:
        return dot(input, other)
    if da == 2 and db == 1:
        return mv(input, other)
    if da == 2 and db == 2:
        return mm(input, other)
    if da == 1 and db == 2:
        return mm(input.unsqueeze(0), other).squeeze(0)
    k1 = input._data.shape[-1]
    k2 = other._data.shape[-2] if db > 1 else other._data.shape[0]
    if k1 != k2:
        sa = "x".join(map(str, input._data.shape[-2:] if da > 1 else (1, k1)))
        sb = "x".join(map(str, other._data.shape[-2:] if db > 1 else (k2, 1)))
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa} and {sb})")
    _mm_dtype(input, other)
    return _matmul(input, other)


def _outer_forward(x, y):
    return np.multiply.outer(x, y)


_outer = Op("MulBackward0", _outer_forward, lambda g, y: g @ y, lambda g, x, m: m.t(g) @ x)


@method
def outer(input, vec2):
    return _outer(input, vec2)


ger = method(outer, "ger")

math_function(np.multiply.outer, outer, "outer")
