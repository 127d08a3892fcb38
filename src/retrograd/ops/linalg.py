"""Products: dot, mv, mm, matmul, outer."""
import numpy as np

from .. import _dtype
from . import _op
from ._op import Op, math_function, method
from .pointwise import accepts_out

__all__ = ["dot", "inner", "mv", "mm", "matmul", "outer", "ger", "bmm", "addmm",
           "tensordot", "einsum", "diagonal", "diag", "trace", "det", "inverse"]

def _half_in_float(fn):
    """float16 products accumulate in float32 and round once, as PyTorch's CPU kernels do."""
    def product(x, y):
        if x.dtype == np.float16:
            return np.asarray(fn(x.astype(np.float32), y.astype(np.float32))).astype(np.float16)
        return fn(x, y)
    return product


_dot_product = _half_in_float(np.dot)
_matrix_product = _half_in_float(np.matmul)
_dot = Op("DotBackward0", _dot_product, lambda g, y: g * y, lambda g, x: g * x, dtype=None)
_mv = Op("MvBackward0", _dot_product, lambda g, y, m: m.outer(g, y), lambda g, x, m: m.t(x) @ g,
         dtype=None)
_mm = Op("MmBackward0", _matrix_product, lambda g, y, m: g @ m.t(y), lambda g, x, m: m.t(x) @ g,
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
_matmul = Op("UnsafeViewBackward0", _matrix_product,
             lambda g, x, y, m: _batched_grad_x(g, x, y, m),
             lambda g, x, y, m: _batched_grad_y(g, x, y, m), dtype=None)


def _same_dtype(name, a, b):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"{name} : expected both vectors to have same dtype, but found "
                           f"{a._dtype.scalar_name} and {b._dtype.scalar_name}")


@method
@accepts_out
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
    if input._dtype is _dtype.bool:      # checked even with no elements
        raise NotImplementedError('"dot" not implemented for \'Bool\'')
    return _dot(input, other)


@method
def inner(input, other):
    """The sum over the last dims of both: shape input.shape[:-1] + other.shape[:-1]."""
    if not isinstance(other, _op.Tensor):
        raise TypeError(f"inner(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    if not input._data.ndim or not other._data.ndim:
        return input * other
    a, b = input._data.shape, other._data.shape
    if a[-1] != b[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but "
                           f"got shapes {list(a)} and {list(b)}")
    if input._dtype is not other._dtype:
        raise RuntimeError("both inputs should have same dtype")
    if len(a) == 1 and len(b) == 1:
        return dot(input, other)
    flat = matmul(input.reshape(-1, a[-1]), other.reshape(-1, b[-1]).t())
    return flat.reshape(a[:-1] + b[:-1])


@method
@accepts_out
def mv(input, vec):
    if not input._data.ndim:      # PyTorch reads the matrix's size(0) first
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input._data.ndim}, "
                           f"{vec._data.ndim}")
    if input._data.shape[1] != vec._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input._data.shape[0]}), mat "
                           f"({input._data.shape[0]}x{input._data.shape[1]}), vec "
                           f"({vec._data.shape[0]})")
    if input._dtype is not vec._dtype:
        v, m = vec._dtype.scalar_name, input._dtype.scalar_name
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {v}, {m}, "
                           f"and {v}")
    return _mv(input, vec)


def _mm_dtype(a, b):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{a._dtype.cpp_name} != {b._dtype.cpp_name}")


@method
@accepts_out
def mm(input, mat2):
    _mm_check(input, mat2)
    return _mm(input, mat2)


def _mm_check(input, mat2):
    _mm_shapes(input, mat2)
    _mm_dtype(input, mat2)


def _mm_shapes(input, mat2):
    if input._data.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    (a, b), (c, d) = input._data.shape, mat2._data.shape
    if b != c:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a}x{b} and {c}x{d})")


def addmm_check(input, mat1, mat2):
    """addmm's rules (also nn.Linear's, which is one addmm): the product's shapes, one
    dtype for all three, and `input` broadcastable to the product."""
    from .shape import expand
    _mm_shapes(mat1, mat2)
    for name, t in (("mat1", mat1), ("self", input)):
        if t._dtype is not mat2._dtype:
            raise RuntimeError(f"{name} and mat2 must have the same dtype, but got "
                               f"{t._dtype.scalar_name} and {mat2._dtype.scalar_name}")
    expand(input.detach(), (mat1._data.shape[0], mat2._data.shape[1]))  # PyTorch's error


@method
@accepts_out
def matmul(input, other):
    Tensor = _op.Tensor
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
        return _squeeze_row(mm(input.unsqueeze(0), other))
    return _batched_check(input, other) or _matmul(input, other)


def _batched_check(input, other):
    """A batched matmul's errors as PyTorch gives them: (..., n, k) @ (k,) is one mv of the
    folded rows; otherwise the batch dims broadcast first, then each product is a bmm."""
    a, b = input._data.shape, other._data.shape
    if len(b) == 1:
        rows = int(np.prod(a[:-1]))
        if a[-1] != b[0]:
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{a[-1]}), vec "
                               f"({b[0]})")
        _mm_dtype(input, other)
        return None
    if len(a) == 1:
        a = (1,) + a
    _op.raise_shapes_error(a[:-2], b[:-2])
    batch = int(np.prod(np.broadcast_shapes(a[:-2], b[:-2])))
    if a[-1] != b[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch}, {a[-1]}] but got: [{batch}, {b[-2]}].")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected scalar type {input._dtype.scalar_name} but found "
                           f"{other._dtype.scalar_name}")
    return None


# vector @ matrix: PyTorch runs mm on the vector as a row and squeezes it in place
_squeeze_row = Op("SqueezeBackward4", lambda x: x[0], lambda g, m: m.unsqueeze(g, 0),
                  inputs="x", dtype=None, view=True)


def _outer_forward(x, y):
    return np.multiply.outer(x, y)


_outer = Op("MulBackward0", _outer_forward, lambda g, y: g @ y, lambda g, x, m: m.t(g) @ x)


@method
@accepts_out
def outer(input, vec2):
    for name, t in (("self", input), ("vec2", vec2)):
        if t._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got "
                               f"{t._data.ndim}-D")
    return _outer(input, vec2)


ger = method(outer, "ger")

math_function(np.multiply.outer, outer, "outer")


# --- batched and fused products -----------------------------------------------------------
_bmm = Op("BmmBackward0", _matrix_product, lambda g, y, m: g @ m.mT(y), lambda g, x, m: m.mT(x) @ g,
          dtype=None)


@method
@accepts_out
def bmm(input, mat2):
    if input._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    (b, _, k), (b2, k2, _) = input._data.shape, mat2._data.shape
    if (b2, k2) != (b, k):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{b}, {k}] but got: [{b2}, {k2}].")
    if input._dtype is not mat2._dtype:
        raise RuntimeError(f"expected scalar type {input._dtype.scalar_name} but found "
                           f"{mat2._dtype.scalar_name}")
    return _bmm(input, mat2)


def _addmm_forward(c, x, y, beta, alpha):
    prod = np.matmul(x, y)
    if alpha != 1:
        prod = prod * alpha
    if beta == 0:                 # PyTorch ignores c entirely then (a nan in c does not leak)
        return prod
    return (c if beta == 1 else beta * c) + prod


_addmm = Op("AddmmBackward0", _addmm_forward,
            lambda g, beta: g if beta == 1 else g * beta,
            lambda g, y, alpha, m: (g @ m.t(y)) * alpha,
            lambda g, x, alpha, m: (m.t(x) @ g) * alpha, inputs="c x y", dtype=None)


@method
@accepts_out
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    addmm_check(input, mat1, mat2)
    return _addmm(input, mat1, mat2, beta=beta, alpha=alpha)


# --- tensordot and einsum, composed of differentiable ops ---------------------------------
@accepts_out
def tensordot(a, b, dims=2):
    """Contract `dims` of a with `dims` of b: permute, reshape to matrices, mm, reshape."""
    from .shape import permute, reshape
    na, nb = a._data.ndim, b._data.ndim
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        da, db = list(range(-dims, 0)), list(range(dims))
    else:
        da, db = ([dims[0]] if isinstance(dims[0], int) else list(dims[0]),
                  [dims[1]] if isinstance(dims[1], int) else list(dims[1]))
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    sa, sb = a._data.shape, b._data.shape
    for x, y in zip(da, db):
        if sa[x] != sb[y]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size "
                               f"{sa[x]} in dim {x} and second has size {sb[y]} in dim {y}")
    da, db = [d % na for d in da], [d % nb for d in db]
    free_a = [d for d in range(na) if d not in da]
    free_b = [d for d in range(nb) if d not in db]
    k = int(np.prod([sa[d] for d in da]))
    left = reshape(permute(a, free_a + da), (-1, k) if k else (int(np.prod(
        [sa[d] for d in free_a])), 0))
    right = reshape(permute(b, db + free_b), (k, -1) if k else (0, int(np.prod(
        [sb[d] for d in free_b]))))
    return reshape(mm(left, right), tuple(sa[d] for d in free_a) + tuple(sb[d] for d in free_b))


def _einsum_terms(equation, operands):
    """Parse an einsum equation into one letter string per operand and the output letters,
    with `...` spelled out as upper-case letters aligned from the right."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the "
                           "equation" if len(operands) > len(terms) else
                           "einsum(): fewer operands were provided than specified in the "
                           "equation")
    n_ell = 0
    for t, x in zip(terms, operands):
        if "..." in t:
            n_ell = max(n_ell, x._data.ndim - (len(t) - 3))
    fill = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:n_ell]
    out_terms = []
    for t, x in zip(terms, operands):
        if "..." in t:
            k = x._data.ndim - (len(t) - 3)
            t = t.replace("...", fill[n_ell - k:])
        if len(t) != x._data.ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(t)}) "
                               f"does not match the number of dimensions "
                               f"({x._data.ndim}) for operand {len(out_terms)} and no "
                               "ellipsis was given")
        out_terms.append(t)
    if arrow:
        out = rhs.replace("...", fill)
    else:
        letters = "".join(out_terms)
        out = fill + "".join(sorted(c for c in set(letters) if c.islower()
                                    and letters.count(c) == 1))
    return out_terms, out


def einsum(equation, *operands):
    """Einstein summation, as PyTorch computes it: take diagonals for repeated letters,
    sum out letters nothing else needs, then contract operands left to right, each pair
    with one batched matrix product (or a broadcast product when nothing is contracted)."""
    from .shape import permute
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    terms, out = _einsum_terms(equation, operands)
    sizes = {}
    prepared = []
    for i, (t, x) in enumerate(zip(terms, operands)):
        while True:                       # 'ii' -> the diagonal, as one letter
            repeated = next((c for c in t if t.count(c) > 1), None)
            if repeated is None:
                break
            p = t.index(repeated)
            q = t.index(repeated, p + 1)
            x = diagonal(x, 0, p, q)
            t = t[:p] + t[p + 1:q] + t[q + 1:] + repeated
        for c, n in zip(t, x._data.shape):
            seen = sizes.get(c)
            if seen is not None and n != seen and 1 not in (n, seen):
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {i} which "
                                   f"does not broadcast with previously seen size {seen}")
            if seen is None or seen == 1:
                sizes[c] = n
        prepared.append((x, t))
    for c in out:
        if c not in sizes:
            raise RuntimeError(f"einsum(): output subscript {c} does not appear in the "
                               "equation for any input operand")
    x, t = prepared[0]
    for k, (y, u) in enumerate(prepared[1:], start=1):
        later = out + "".join(v for _, v in prepared[k + 1:])
        x, t = _contract(x, t, y, u, later, sizes)
    x, t = _sum_out(x, t, [c for c in t if c not in out])
    if t != out:
        x = permute(x, tuple(t.index(c) for c in out))
    return x


def _sum_out(x, t, letters):
    """Sum x over the dims of the given letters."""
    from .reduction import sum as reduce_sum
    if not letters:
        return x, t
    return reduce_sum(x, tuple(t.index(c) for c in letters)), "".join(
        c for c in t if c not in letters)


def _contract(a, ta, b, tb, keep, sizes):
    """Contract two operands over the letters they share that `keep` does not need."""
    from .shape import expand, permute, reshape
    a, ta = _sum_out(a, ta, [c for c in ta if c not in tb and c not in keep])
    b, tb = _sum_out(b, tb, [c for c in tb if c not in ta and c not in keep])
    batch = [c for c in ta if c in tb and c in keep]
    summed = [c for c in ta if c in tb and c not in keep]
    left = [c for c in ta if c not in tb]
    right = [c for c in tb if c not in ta]
    if not summed:                        # nothing to contract: a broadcast product
        order = batch + left + right
        return _align(a, ta, order) * _align(b, tb, order), "".join(order)

    def arrange(x, t, letters, shape):
        x = expand(x, tuple(sizes[c] if c in t else 1 for c in t))   # size-1 broadcasts
        if list(t) != letters:
            x = permute(x, tuple(t.index(c) for c in letters))
        return reshape(x, shape)

    def size(letters):
        n = 1
        for c in letters:
            n *= sizes[c]
        return n

    nb, nl, nk, nr = size(batch), size(left), size(summed), size(right)
    a = arrange(a, ta, batch + left + summed, (nb, nl, nk))
    b = arrange(b, tb, batch + summed + right, (nb, nk, nr))
    order = batch + left + right
    return reshape(bmm(a, b), tuple(sizes[c] for c in order)), "".join(order)


def _align(x, t, order):
    """x with its dims in `order`, size-1 dims for the letters it lacks."""
    from .shape import permute, reshape
    mine = [c for c in order if c in t]
    if mine != list(t):
        x = permute(x, tuple(t.index(c) for c in mine))
    full = tuple(x._data.shape[mine.index(c)] if c in t else 1 for c in order)
    return reshape(x, full) if full != x._data.shape else x


# --- trace, diag, diagonal ----------------------------------------------------------------
def _diagonal_view(x, offset, d1, d2):
    """A writable view of a diagonal (NumPy's own is read-only), last dim the diagonal."""
    key = [slice(None)] * x.ndim
    if offset >= 0:
        key[d2] = slice(offset, None)
    else:
        key[d1] = slice(-offset, None)
    y = x[tuple(key)]
    n = max(min(y.shape[d1], y.shape[d2]), 0)
    others = [d for d in range(x.ndim) if d not in (d1, d2)]
    shape = tuple(y.shape[d] for d in others) + (n,)
    strides = tuple(y.strides[d] for d in others) + (y.strides[d1] + y.strides[d2],)
    return np.lib.stride_tricks.as_strided(y, shape, strides)


def _diag_embed_array(g, shape, offset, d1, d2):
    out = np.zeros(shape, g.dtype)
    _diagonal_view(out, offset, d1, d2)[...] = g
    return out


_diagonal = Op("DiagonalBackward0", lambda x, offset, d1, d2: _diagonal_view(x, offset, d1, d2),
               lambda g, x_shape, offset, d1, d2, m: m.diag_embed(g, x_shape, offset, d1, d2),
               inputs="x", dtype=None, view=True)
_diag_embed = Op("DiagonalBackwardBackward0",
                 lambda g, shape, offset, d1, d2: _diag_embed_array(g, shape, offset, d1, d2),
                 lambda g, offset, d1, d2, m: m.diagonal(g, offset, d1, d2), inputs="g",
                 dtype=None)
math_function(_diag_embed_array,
              lambda g, shape, offset, d1, d2: _diag_embed(g, shape=shape, offset=offset,
                                                           d1=d1, d2=d2), "diag_embed")
math_function(lambda x, offset, d1, d2: _diagonal_view(x, offset, d1, d2).copy(),
              lambda x, offset, d1, d2: _diagonal(x, offset=offset, d1=d1, d2=d2), "diagonal")


@method
def diagonal(input, offset=0, dim1=0, dim2=1):
    from .shape import _wrap
    n = input._data.ndim
    d1, d2 = _wrap(dim1, n), _wrap(dim2, n)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return _diagonal(input, offset=offset, d1=d1, d2=d2)


_diag_vector = Op("DiagEmbedBackward0", lambda x, offset: np.diag(x, offset),
                  lambda g, offset, m: m.diagonal(g, offset, 0, 1), inputs="x", dtype=None)
_diag_matrix = Op("DiagonalBackward0_copy", lambda x, offset: np.diagonal(x, offset).copy(),
                  lambda g, x_shape, offset, m: m.diag_embed(g, x_shape, offset, 0, 1),
                  inputs="x", dtype=None)


@method
@accepts_out
def diag(input, diagonal=0):
    n = input._data.ndim
    if n == 1:
        return _diag_vector(input, offset=diagonal)
    if n == 2:
        return _diag_matrix(input, offset=diagonal)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {n}D")


def _trace_forward(x):
    out = np.trace(x)
    return np.asarray(out, np.int64 if x.dtype.kind in "biu" else x.dtype)


_trace = Op("TraceBackward0", _trace_forward,
            lambda g, x_shape, m: m.diag_embed(m.expand(g, (min(x_shape),)), x_shape, 0, 0, 1),
            inputs="x", dtype=None)


@method
def trace(input):
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim "
                           f"{input._data.ndim}")
    return _trace(input)


# --- inverse, determinant, solve (torch.linalg) -------------------------------------------
class LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError: a linear-algebra routine failed (a singular matrix)."""


LinAlgError.__name__ = LinAlgError.__qualname__ = "_LinAlgError"


def _first_zero_pivot(a):
    """1-based index of the first zero pivot of LU with partial pivoting (LAPACK's info)."""
    a = np.array(a, dtype=np.float64)
    n = a.shape[0]
    for k in range(n):
        p = k + int(np.argmax(np.abs(a[k:, k])))
        if a[p, k] == 0:
            return k + 1
        a[[k, p]] = a[[p, k]]
        a[k + 1:, k:] -= np.outer(a[k + 1:, k] / a[k, k], a[k, k:])
    return n


def _square_check(input, name):
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    r, c = input._data.shape[-2:]
    if r != c:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {r} by "
                           f"{c} matrices")
    if not input._dtype.is_floating_point:
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{input._dtype.scalar_name}")
    low_precision_check(input, name)


# the LAPACK kernel behind each function: PyTorch has them for float and double only
_KERNELS = {"linalg.det": "lu_cpu", "linalg.solve": "lu_cpu", "linalg.cholesky": "cholesky_cpu",
            "linalg.svd": "linalg_svd_cpu", "linalg.solve_triangular": "triangular_solve_cpu"}


def low_precision_check(input, name):
    """A float16 matrix is refused by the kernel's name; an empty batch never reaches the
    kernel (so it passes), except in inv and solve_triangular, which check first."""
    if input._dtype is not _dtype.float16:
        return
    if name == "linalg.inv":
        raise RuntimeError("linalg.inv: Low precision dtypes not supported. Got Half")
    if input._data.size or name == "linalg.solve_triangular":
        raise NotImplementedError(f'"{_KERNELS[name]}" not implemented for \'Half\'')


def in_single(forward):
    """NumPy's LAPACK takes no float16: an (empty) float16 batch is computed in float32 and
    handed back as float16."""
    def single(x, *args, **kwargs):
        if x.dtype != np.float16:
            return forward(x, *args, **kwargs)
        args = [a.astype(np.float32) if getattr(a, "dtype", None) == np.float16 else a
                for a in args]
        out = forward(x.astype(np.float32), *args, **kwargs)
        return tuple(o.astype(np.float16) for o in out) if isinstance(out, tuple) else \
            np.asarray(out).astype(np.float16)
    return single


def _inv_forward(x):
    try:
        return np.linalg.inv(x)
    except np.linalg.LinAlgError:
        flat = x.reshape((-1,) + x.shape[-2:])
        for i, a in enumerate(flat):
            try:
                np.linalg.inv(a)
            except np.linalg.LinAlgError:
                batch = f"(Batch element {i}): " if x.ndim > 2 else ""
                raise LinAlgError(f"linalg.inv: {batch}The diagonal element "
                                  f"{_first_zero_pivot(a)} is zero, the inversion could not be "
                                  "completed because the input matrix is singular.") from None
        raise


_inv = Op("LinalgInvExBackward0", _inv_forward,
          lambda g, out, m: -(m.mT(out) @ g @ m.mT(out)), inputs="x", dtype=None)


@accepts_out
def inv(A):
    _square_check(A, "linalg.inv")
    return _inv(A)


def _quiet_det(x):
    with np.errstate(all="ignore"):   # nan and inf entries give nan, silently
        return np.linalg.det(x)


_det = Op("LinalgDetBackward0", in_single(lambda x: np.asarray(_quiet_det(x), x.dtype)),
          lambda g, x, out, m: m.unsqueeze(m.unsqueeze(g * out, -1), -1) * m.mT(m.inv(x)),
          inputs="x", dtype=None)


@accepts_out
def det(A):
    _square_check(A, "linalg.det")
    return _det(A)


def _solve_forward(a, b, vector):
    try:
        if vector:
            return np.linalg.solve(a, b[..., None])[..., 0]
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        raise LinAlgError("torch.linalg.solve: The solver failed because the input matrix is "
                          "singular.") from None


def _solve_grad_b(g, a, vector, m):
    return m.solve(m.mT(a), g, vector)


def _solve_grad_a(g, a, out, vector, m):
    gb = m.solve(m.mT(a), g, vector)
    if vector:
        return -(m.unsqueeze(gb, -1) * m.unsqueeze(out, -2))
    return -(gb @ m.mT(out))


_solve = Op("LinalgSolveExBackward0", in_single(_solve_forward), _solve_grad_a, _solve_grad_b,
            inputs="a b", dtype=None)


@accepts_out
def solve(A, B, *, left=True):
    _square_check(A, "linalg.solve")
    if A._dtype is not B._dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found "
                           f"A of type {A._dtype.scalar_name} and B of type "
                           f"{B._dtype.scalar_name} instead")
    n = A._data.shape[-1]
    vector = B._data.ndim == 1 or (B._data.ndim == A._data.ndim - 1
                                   and B._data.shape == A._data.shape[:-1])
    rows = B._data.shape[-1] if vector else B._data.shape[-2]
    if rows != n:
        cols = 1 if vector else B._data.shape[-1]
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"AX = B ({n}x{n} and {rows}x{cols})")
    return _solve(A, B, vector=vector)


math_function(in_single(np.linalg.inv), inv, "inv")
math_function(in_single(lambda a, b, vector: _solve_forward(a, b, vector)),
              lambda a, b, vector: _solve(a, b, vector=vector), "solve")


# --- norms --------------------------------------------------------------------------------
@accepts_out
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    from .reduction import vector_norm as reduce_vector_norm
    return reduce_vector_norm(x, ord, dim, keepdim, dtype=dtype)


@accepts_out
def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """Frobenius, 1/-1 (largest/smallest column sum) and inf/-inf (row sum) norms."""
    from .reduction import amax, amin, sum as reduce_sum, vector_norm as reduce_vector_norm
    from .pointwise import abs as pointwise_abs
    from .shape import _wrap
    if A._data.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    if dtype is not None:
        A = A.to(dtype)
    d0, d1 = (_wrap(d, A._data.ndim) for d in dim)
    if ord == "fro":
        return reduce_vector_norm(A, 2, (d0, d1), keepdim)
    if ord in ("nuc", 2, -2):
        raise NotImplementedError(f"linalg.matrix_norm: ord={ord!r} needs singular values, "
                                  "which are not supported")
    if ord not in (1, -1, float("inf"), -float("inf")):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if not A._dtype.is_floating_point:
        raise RuntimeError(f"linalg.matrix_norm: Expected a floating point or complex tensor "
                           f"as input. Got {A._dtype.scalar_name}")
    summed, across = (d0, d1) if ord in (1, -1) else (d1, d0)
    sums = reduce_sum(pointwise_abs(A), summed, keepdim=keepdim)
    if not keepdim and across > summed:
        across -= 1                     # the summed dim is gone
    return (amax if ord > 0 else amin)(sums, across, keepdim=keepdim)


@accepts_out
def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """torch.linalg.norm: a vector norm over one dim (or all, when ord is None), else a
    matrix norm over two."""
    if isinstance(dim, int):
        dim = (dim,)
    if dim is None and ord is not None and A._data.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must "
                           f"be 1D or 2D. Got {A._data.ndim}D.")
    vector = len(dim) == 1 if dim is not None else (
        ord is None or (A._data.ndim == 1 and not isinstance(ord, str)))
    if vector:
        return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    return matrix_norm(A, "fro" if ord is None else ord, dim or (-2, -1), keepdim, dtype=dtype)


inverse = method(inv, "inverse")
method(det, "det")


@method
def addmm_(input, mat1, mat2, *, beta=1, alpha=1):
    from ._op import apply_inplace
    _mm_check(mat1, mat2)
    return apply_inplace(_addmm, "addmm_", input, mat1, mat2, beta=beta, alpha=alpha)


# --- triangular factors: cholesky and solve_triangular ------------------------------------
def _potf2(a):
    """LAPACK's unblocked Cholesky of a batch of matrices (their lower triangles) in IEEE
    arithmetic, and per matrix its info: the order of the first leading minor whose pivot is
    not positive or is nan, 0 if there is none."""
    n = a.shape[-1]
    low, info = np.zeros_like(a), np.zeros(a.shape[:-2], int)
    for j in range(n):
        row = low[..., j, :j]
        pivot = a[..., j, j] - np.einsum("...k,...k->...", row, row)
        info[~(pivot > 0) & (info == 0)] = j + 1
        low[..., j, j] = np.sqrt(pivot)
        below = a[..., j + 1:, j] - np.einsum("...ik,...k->...i", low[..., j + 1:, :j], row)
        if a.dtype == np.float32:       # MKL's float32 kernel: times sqrt(p) / p, nan at p = inf
            low[..., j + 1:, j] = below * (low[..., j, j] / pivot)[..., None]
        else:
            low[..., j + 1:, j] = below / low[..., j, j, None]
    return low, info


def _cholesky_forward(x, upper):
    if upper:                           # PyTorch reads A's upper triangle: A^T's lower one
        return np.swapaxes(_cholesky_forward(np.swapaxes(x, -1, -2), False), -1, -2).copy()
    with np.errstate(all="ignore"):
        if np.isfinite(x).all():        # NumPy's LAPACK: right for finite entries
            try:
                low = np.linalg.cholesky(x)
                if not np.isnan(np.diagonal(low, axis1=-2, axis2=-1)).any():
                    return low
            except np.linalg.LinAlgError:
                pass
        low, info = _potf2(x)           # which minor fails; inf and nan as MKL's LAPACK
    failed = np.flatnonzero(info)
    if failed.size:
        i = failed[0]
        batch = f"(Batch element {i}): " if x.ndim > 2 else ""
        raise LinAlgError(f"linalg.cholesky: {batch}The factorization could not be completed "
                          "because the input is not positive-definite (the leading minor of "
                          f"order {info.reshape(-1)[i]} is not positive-definite).")
    return low


def _cholesky_grad(g, out, upper, m):
    """A = L L^T: gA = sym(L^-T Phi(L^T gL) L^-1), Phi = lower triangle, diagonal halved."""
    if getattr(out, "_data", out).dtype == np.float16:    # (an empty one: see low_precision_check)
        raise NotImplementedError('"triangular_solve_cpu" not implemented for \'Half\'')
    low, g = (m.mT(out), m.mT(g)) if upper else (out, g)
    p = m.mT(low) @ m.tril(g)
    phi = 0.5 * (m.tril(p) + m.tril(p, -1))
    s = m.solve_triangular(m.mT(low), m.solve_triangular(low, phi, False, False), True, True)
    return 0.5 * (s + m.mT(s))


_cholesky = Op("LinalgCholeskyExBackward0", in_single(_cholesky_forward), _cholesky_grad, inputs="x",
               dtype=None)


@accepts_out
def cholesky(A, *, upper=False):
    """torch.linalg.cholesky: the lower (or upper) triangular L with A = L L^T."""
    _square_check(A, "linalg.cholesky")
    return _cholesky(A, upper=upper)


def _substitute(a, b, upper):
    """X with A X = B for triangular A, by substitution as BLAS's trsm does it: nothing is
    factored or pivoted, so a nan or a zero on A's diagonal reaches only the entries of X
    that depend on it (x_k = b_k / a_kk, then b_i -= a_ik x_k for the rows still to solve)."""
    n = a.shape[-1]
    x = np.array(np.broadcast_to(b, np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
                                 + b.shape[-2:]), dtype=np.result_type(a, b))
    for k in (range(n - 1, -1, -1) if upper else range(n)):
        x[..., k, :] /= a[..., k, k, None]
        rest = slice(0, k) if upper else slice(k + 1, n)
        x[..., rest, :] -= a[..., rest, k, None] * x[..., k, None, :]
    return x


def _solve_triangular_forward(a, b, upper, left):
    with np.errstate(all="ignore"):
        if left:
            return _substitute(a, b, upper)
        return np.swapaxes(_substitute(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2),
                                       not upper), -1, -2)


def _solve_triangular_grad_b(g, a, upper, left, m):
    return m.solve_triangular(m.mT(a), g, not upper, left)


def _solve_triangular_grad_a(g, a, out, upper, left, m):
    gb = m.solve_triangular(m.mT(a), g, not upper, left)
    ga = -(gb @ m.mT(out)) if left else -(m.mT(out) @ gb)
    return m.triu(ga) if upper else m.tril(ga)


_solve_triangular = Op("LinalgSolveTriangularBackward0", _solve_triangular_forward,
                       _solve_triangular_grad_a, _solve_triangular_grad_b, inputs="a b",
                       dtype=None)


@accepts_out
def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """torch.linalg.solve_triangular: X with A X = B (or X A = B), A triangular."""
    if unitriangular:
        raise NotImplementedError("solve_triangular: unitriangular=True is not supported")
    _square_check(A, "linalg.solve_triangular")
    return _solve_triangular(A, B, upper=upper, left=left)


math_function(in_single(_solve_triangular_forward),
              lambda a, b, upper, left: _solve_triangular(a, b, upper=upper, left=left),
              "solve_triangular")
