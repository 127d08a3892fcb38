"""Reductions: sum, mean, norm, prod, max/min, ... and their derivatives."""
import builtins

import math

import numpy as np

from .. import _args, _dtype
from . import _op
from ._op import ArrayMath, Op, math_function, method, promote_float
from .pointwise import accepts_out

__all__ = ["sum", "mean", "norm", "prod", "max", "min", "amax", "amin", "argmax", "argmin",
           "var", "std", "logsumexp", "cumsum", "cumprod", "all", "any", "count_nonzero",
           "sort", "argsort", "topk", "kthvalue", "median", "unique", "dist"]


def _check(name, input, dim, keepdim, **keywords):
    """PyTorch's argument errors for a reduction's `dim`, `keepdim` and keyword arguments
    (`dtype=`) of the wrong type."""
    if dim is not None and type(dim) is not int and not _args.is_ints(dim) or \
            keepdim is not False and keepdim is not True or \
            keywords.get("dtype") is not None and type(keywords["dtype"]) is not _dtype.dtype:
        _args.reject_bound(name, (input,), {"dim": dim, "keepdim": keepdim}, keywords)


def _check_dim(name, input, dim, **keywords):
    """The same for an op of one dim (`cumsum`, `softmax`)."""
    if type(dim) is not int and not _args.is_int(dim) or \
            keywords.get("dtype") is not None and type(keywords["dtype"]) is not _dtype.dtype:
        _args.reject_bound(name, (input,), {"dim": dim}, keywords)


def _dims(dim, ndim):
    """`dim` (None, int or sequence) as a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    if _args.is_int(dim):       # an int, a NumPy int or a 0-dim integer tensor
        dim = (int(dim),)
    n = builtins.max(ndim, 1)
    out = []
    for d in dim:
        if not -n <= d < n:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, "
                             f"{n - 1}], but got {d})")
        d = d % n if ndim else 0
        if d in out:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        out.append(d)
    return tuple(sorted(out)) if ndim else ()    # a 0-dim tensor has no axis to reduce


def _all_if_empty(dim):
    """dim=() asks sum, mean, norm, count_nonzero for every dim (PyTorch's legacy rule)."""
    return None if isinstance(dim, (tuple, list)) and not dim else dim


def _dim(dim, ndim):
    """One dim, wrapped (0 for a 0-dim tensor, whose ops treat it as one element)."""
    return _dims(dim, builtins.max(ndim, 1))[0]


def keepdim_shape(shape, dims):
    return tuple(1 if i in dims else s for i, s in enumerate(shape))


def _expand_back(g, x_shape, dims, keepdim, m):
    """The gradient of a reduction over `dims`, spread back over the input's shape."""
    if not keepdim:
        g = m.reshape(g, keepdim_shape(x_shape, dims))
    return m.expand(g, x_shape)


def _sum_forward(x, dims, keepdim, dtype=None):
    """Integers and bools add up in int64 unless a dtype was asked for."""
    if dtype is None and x.dtype.kind in "biu":
        dtype = np.int64
    # the ufunc's own reduce: np.sum's argument handling costs more than a small sum
    return np.add.reduce(x, axis=dims, keepdims=keepdim, dtype=dtype)


_sum_all = Op("SumBackward0", _sum_forward,
              lambda g, x_shape, dims, keepdim, m: _expand_back(g, x_shape, dims, keepdim, m),
              inputs="x", dtype=None,
              scalar=lambda x, dims, keepdim, dtype=None: x + 0.0)   # a sum of -0. is 0.
_sum_dim = Op("SumBackward1", _sum_forward,
              lambda g, x_shape, dims, keepdim, m: _expand_back(g, x_shape, dims, keepdim, m),
              inputs="x", dtype=None)


@method
@accepts_out
def sum(input, dim=None, keepdim=False, *, dtype=None):
    _check("sum", input, dim, keepdim, dtype=dtype)
    attrs = {}
    if dtype is not None:
        input = input.to(dtype)
        attrs["dtype"] = dtype.np
    dims = _dims(_all_if_empty(dim), input._data.ndim)
    if dim is None:
        return _sum_all(input, dims=dims, keepdim=False, **attrs)
    return _sum_dim(input, dims=dims, keepdim=keepdim, **attrs)


def _float_only(input, fn_name):
    if not input._dtype.is_floating_point:
        raise RuntimeError(f"{fn_name}(): could not infer output dtype. Input dtype must be "
                           "either a floating point or complex dtype. Got: "
                           f"{input._dtype.scalar_name}")


def _mean_forward(x, dims, keepdim):
    if x.size == 0:      # the mean of nothing is nan, without NumPy's warning
        return np.full(np.sum(x, axis=dims, keepdims=keepdim).shape, np.nan, x.dtype)
    # np.mean's own steps, as ufunc calls (np.mean warns about inf - inf from its module)
    total = np.add.reduce(x, axis=dims, keepdims=keepdim,
                          dtype=np.float32 if x.dtype == np.float16 else None)
    return np.asarray(total / _count(x.shape, dims)).astype(x.dtype, copy=False)


def _mean_grad(g, x_shape, dims, keepdim, m):
    count = 1
    for d in dims:
        count *= x_shape[d]
    return _expand_back(g, x_shape, dims, keepdim, m) / count


_mean_all = Op("MeanBackward0", _mean_forward, _mean_grad, inputs="x", dtype=None)
_mean_dim = Op("MeanBackward1", _mean_forward, _mean_grad, inputs="x", dtype=None)


@method
@accepts_out
def mean(input, dim=None, keepdim=False, *, dtype=None):
    _check("mean", input, dim, keepdim, dtype=dtype)
    if dtype is not None:
        input = input.to(dtype)
    _float_only(input, "mean")
    dims = _dims(_all_if_empty(dim), input._data.ndim)
    if dim is None:
        return _mean_all(input, dims=dims, keepdim=False)
    return _mean_dim(input, dims=dims, keepdim=keepdim)


def _norm_forward(x, ord, dims, keepdim):
    if x.ndim == 0:     # the norm of one number is its magnitude (the common loop test)
        return np.abs(x)
    # accumulate float32 in float64, as PyTorch's CPU kernels do: |x| of a 0-dim x is exact;
    # powers of float32 stay float32 (they overflow and underflow there, as in PyTorch).
    # ufunc reductions: NumPy's np.sum would warn from its own module on overflow
    acc = np.abs(x.astype(np.float64) if x.dtype != np.float64 else x)
    f32 = x.dtype == np.float32
    if ord == 2:
        square = np.abs(x) * np.abs(x) if f32 else acc * acc
        out = np.sqrt(np.add.reduce(square, axis=dims, keepdims=keepdim, dtype=acc.dtype))
    elif ord == float("inf"):
        out = np.maximum.reduce(acc, axis=dims, keepdims=keepdim)
    elif ord == -float("inf"):
        out = np.minimum.reduce(acc, axis=dims, keepdims=keepdim)
    elif ord == 0:
        out = np.add.reduce(acc != 0, axis=dims, keepdims=keepdim).astype(np.float64)
    elif ord == 1:
        out = np.add.reduce(acc, axis=dims, keepdims=keepdim)
    else:
        power = np.abs(x) ** ord if f32 else acc ** ord
        out = np.add.reduce(power, axis=dims, keepdims=keepdim, dtype=acc.dtype) ** (1.0 / ord)
    return np.asarray(out, dtype=x.dtype)


def _norm_grad(g, x, out, ord, dims, keepdim, m):
    shape = keepdim_shape(x.shape, dims)
    if not keepdim:
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    if ord == 2:    # PyTorch's order: a nan or inf g at a zero norm gives nan
        return g * m.where(out == 0, 0 * out, x / out)
    if ord == 1:
        return m.sign(x) * g
    if ord in (float("inf"), -float("inf")):
        mask = m.abs(x) == out
        count = m.sum_keepdim(mask * 1.0, dims)
        return m.sign(x) * m.where(mask, g / count, m.zeros_like(g))
    if ord == 0:
        return None     # norm_backward's undefined gradient: the 0-norm is piecewise constant
    scale = m.where(out == 0, 0 * out, g / out ** (ord - 1))
    return x * m.abs(x) ** (ord - 2) * scale


_norm = Op("LinalgVectorNormBackward0", _norm_forward, _norm_grad, inputs="x", dtype=None,
           scalar=lambda x, ord, dims, keepdim: abs(x) if ord else float(x != 0))


def _dist_grad(g, x, y, out, p, m):
    diff = x - y
    return _norm_grad(g, diff, out, p, tuple(range(diff.ndim)), False, m)


_dist = Op("DistBackward0",
           lambda x, y, p: _norm_forward(x - y, p, tuple(range(np.ndim(x - y))), False),
           _dist_grad, lambda g, x, y, out, p, m: -_dist_grad(g, x, y, out, p, m),
           inputs="x y", dtype=promote_float)


@method
@accepts_out
def dist(input, other, p=2):
    """The p-norm of input - other (broadcast)."""
    if not isinstance(other, _op.Tensor):
        raise TypeError(f"dist(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    p = float(p)
    _op.raise_broadcast_error([input._data, other._data])
    if (p < 0 or p == math.inf) and not math.prod(
            np.broadcast_shapes(input._data.shape, other._data.shape)):
        _refuse_empty_norm(input, p, None)
    return _dist(input, other, p=p)


def vector_norm(input, ord=2, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    if not input._dtype.is_floating_point:
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor "
                           f"as input. Got {input._dtype.scalar_name}")
    ord = float(ord)
    dims = _dims(_all_if_empty(dim), input._data.ndim)
    if (ord < 0 or ord == math.inf) and not input._data.size:
        _refuse_empty_norm(input, ord, dim)
    return _norm.call(input, ord=ord, dims=dims, keepdim=keepdim)


def _refuse_empty_norm(input, ord, dim):
    """The inf and negative norms have no identity: over nothing they are undefined."""
    if dim is None:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on an empty "
                           "tensor because the operation does not have an identity")
    for d in dim if isinstance(dim, (tuple, list)) else (dim,):   # named as given
        if not input._data.shape[d % input._data.ndim]:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {ord:g} norm on the "
                               f"dimension {d}because this dimension is empty and the "
                               "operation does not have an identity")


@method
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    if p == "fro" or p is None:
        if dim is None and dtype is None and input._dtype.is_floating_point:
            # the common `x.norm()` (the seed's loop test) straight to the op
            return _norm.call(input, ord=2.0, dims=tuple(range(input._data.ndim)),
                              keepdim=False)
        p = 2
    if p == "nuc":
        raise NotImplementedError("nuclear norm is not supported")
    return vector_norm(input, p, dim, keepdim, dtype=dtype)


def half_in_float(fn):
    """float16 accumulates in float32 and rounds once at the end, as PyTorch's CPU kernels
    do (NumPy would round after every step)."""
    def forward(x, *args, **kwargs):
        if x.dtype == np.float16:
            return np.asarray(fn(x.astype(np.float32), *args, **kwargs)).astype(np.float16)
        return fn(x, *args, **kwargs)
    return forward


def _prod_forward(x, dims, keepdim):
    if x.dtype == np.float16 and x.size:
        # PyTorch multiplies half values one after another, rounding at each step
        moved = np.moveaxis(x, dims, tuple(range(-len(dims), 0)))
        flat = moved.reshape(moved.shape[:moved.ndim - len(dims)] + (-1,))
        out = np.multiply.accumulate(flat, axis=-1)[..., -1]
        return out.reshape(keepdim_shape(x.shape, dims)) if keepdim else out
    return np.multiply.reduce(x, axis=dims, keepdims=keepdim,
                              dtype=np.int64 if x.dtype.kind in "biu" else None)


_prod = Op("ProdBackward0", _prod_forward,
           lambda g, x, out, dims, keepdim, m: _prod_grad(g, x, out, dims, keepdim, m, True),
           inputs="x", dtype=None)
_prod_dim = Op("ProdBackward1", _prod_forward,
               lambda g, x, out, dims, keepdim, m: _prod_grad(g, x, out, dims, keepdim, m),
               inputs="x", dtype=None)


def _prod_grad(g, x, out, dims, keepdim, m, whole=False):
    """prod_backward: g * (out / x) when no element is zero (so a nan or inf gives nan, and
    an underflowed product 0); otherwise the product of the others, recomputed from
    cumulative products. `whole` (prod() over everything) with two zeros or more and no
    graph being built: zeros, whatever g is."""
    if not x.shape:     # PyTorch hands a 0-dim input the gradient itself
        return g
    shape = keepdim_shape(x.shape, dims)
    if not keepdim:
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    zeros = int((x == 0).sum())
    if zeros == 0:
        return g * (out / x)
    if zeros > 1 and whole and m is ArrayMath:
        return m.zeros_like(x)
    if _count(x.shape, dims) == 1:
        # groups of one: PyTorch's product of the others is the constant 1 (the gradient
        # requires grad only through g)
        return g
    return m.prod_others(x, dims) * g


@method
@accepts_out
def prod(input, dim=None, keepdim=False, *, dtype=None):
    _check("prod", input, dim, keepdim, dtype=dtype)
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        return _prod(input, dims=_dims(None, input._data.ndim), keepdim=False)
    return _prod_dim(input, dims=_dims(dim, input._data.ndim), keepdim=keepdim)


def _prod_others_array(x, dims):
    """For each element, the product of the other elements of its reduction group."""
    moved = np.moveaxis(x, dims, tuple(range(-len(dims), 0)))
    flat = moved.reshape(moved.shape[:moved.ndim - len(dims)] + (-1,))
    n = flat.shape[-1]
    ones = np.ones(flat.shape[:-1] + (1,), flat.dtype)
    left = np.concatenate([ones, np.cumprod(flat, -1)[..., :-1]], -1) if n else flat
    right = np.concatenate([np.cumprod(flat[..., ::-1], -1)[..., :-1][..., ::-1], ones], -1) \
        if n else flat
    res = (left * right).reshape(moved.shape)
    return np.moveaxis(res, tuple(range(-len(dims), 0)), dims)


def _prod_others_tensor(x, dims):
    """The same, differentiable: products of the elements before and after each one (so a
    zero in x needs no division), from cumulative products."""
    from .shape import cat, flip, movedim, reshape
    moved = movedim(x, dims, tuple(range(-len(dims), 0)))
    lead = moved._data.shape[:moved._data.ndim - len(dims)]
    flat = reshape(moved, lead + (-1,))
    if flat._data.shape[-1] == 0:
        return x
    # a constant, as PyTorch's at::ones (0 * x + 1 would be nan at an infinite x)
    ones = _op.Tensor._make(np.ones(flat._data.shape[:-1] + (1,), flat._data.dtype))
    # PyTorch's prod_safe_zeros_backward: cumprod of [1, x_0, ..., x_n-2], and of the
    # reversed [1, x_n-1, ..., x_1] (so the second derivative is cumprod's, as there)
    before = cumprod(cat([ones, flat[..., :-1]], -1), -1)
    after = flip(cumprod(cat([ones, flip(flat[..., 1:], -1)], -1), -1), -1)
    others = reshape(before * after, moved._data.shape)
    return movedim(others, tuple(range(-len(dims), 0)), dims)


math_function(_prod_others_array, _prod_others_tensor, "prod_others")
math_function(lambda x, dims: np.sum(x, axis=dims if np.ndim(x) else None, keepdims=True),
              lambda x, dims: sum(x, dims, keepdim=True), "sum_keepdim")



# --- selecting along a dim: gather and its adjoint scatter-add ----------------------------
def _grid(index, dim):
    """Index arrays that pick `x[..., index[i], ...]` along `dim` at every position i of
    `index` (PyTorch's gather/scatter addressing)."""
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


def gather_array(x, dim, index):
    return x[_grid(index, dim)]


def scatter_add_array(shape, dim, index, src):
    """zeros(shape) with src added at index along dim; repeated indices add up."""
    out = np.zeros(shape, src.dtype)
    src = src[tuple(slice(0, n) for n in index.shape)]
    np.add.at(out, _grid(index, dim), src)
    return out


_gather_op = Op("GatherBackward0", lambda x, dim, index: gather_array(x, dim, index),
                lambda g, x_shape, dim, index, m: m.scatter_add_zeros(g, x_shape, dim, index),
                inputs="x", dtype=None)
# the adjoint, for create_graph: a gather's gradient is a scatter-add into zeros
_scatter_add_zeros = Op("ScatterAddBackward0",
                        lambda g, shape, dim, index: scatter_add_array(shape, dim, index, g),
                        lambda g, dim, index, m: m.gather(g, dim, index), inputs="g",
                        dtype=None)

math_function(gather_array, lambda x, dim, index: _gather_op(x, dim=dim, index=index),
              "gather")
math_function(lambda g, shape, dim, index: scatter_add_array(shape, dim, index, g),
              lambda g, shape, dim, index: _scatter_add_zeros(g, shape=shape, dim=dim,
                                                              index=index),
              "scatter_add_zeros")


def _picker(node):
    """An op that takes the elements at `index` (keepdim-shaped) along `dim`, as
    max(dim), sort, topk and median(dim) do: its gradient goes to the picked positions."""
    def forward(x, dim, index, keepdim):
        if not x.ndim:      # a 0-dim input is its own pick
            return x.copy()
        out = gather_array(x, dim, index)
        return out if keepdim else np.squeeze(out, dim)

    def derivative(g, x_shape, dim, index, keepdim, m):
        if not x_shape:
            return g
        return m.scatter_add_zeros(g if keepdim else m.unsqueeze(g, dim), x_shape, dim, index)

    return Op(node, forward, derivative, inputs="x", dtype=None)


def _evenly(g, x, out, dims, keepdim, m):
    """Gradient of max(), min() and median(): split evenly among the elements equal to the
    result, or among the nans when the result is nan (evenly_distribute_backward)."""
    if not keepdim:
        shape = keepdim_shape(x.shape, dims)
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    mask = (x == out) | ((x != x) & (out != out))
    return m.where(mask, g / m.sum_keepdim(mask * 1.0, dims), m.zeros_like(g))


def _by_count(g, x, out, dims, keepdim, m):
    """Gradient of amax and amin: (g / count) * mask, with the mask of elements equal to
    the result (scale_grad_by_count); a slice whose result is nan has no such element,
    so its gradient is nan throughout, as in PyTorch."""
    if not keepdim:
        shape = keepdim_shape(x.shape, dims)
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    mask = (x == out) * 1.0
    return g / m.sum_keepdim(mask, dims) * mask


def _reduce_forward(fn):
    def forward(x, dims, keepdim):
        with np.errstate(invalid="ignore"):
            return fn(x, axis=dims, keepdims=keepdim)
    return forward


_max_all = Op("MaxBackward1", _reduce_forward(np.max), _evenly, inputs="x", dtype=None)
_min_all = Op("MinBackward1", _reduce_forward(np.min), _evenly, inputs="x", dtype=None)
_amax = Op("AmaxBackward0", _reduce_forward(np.max), _by_count, inputs="x", dtype=None)
_amin = Op("AminBackward0", _reduce_forward(np.min), _by_count, inputs="x", dtype=None)
_max_dim = _picker("MaxBackward0")
_min_dim = _picker("MinBackward0")


def _empty_check(input, name, dim_name="dim"):
    if input._data.size == 0:
        raise RuntimeError(f"{name}(): Expected reduction {dim_name} to be specified for "
                           f"input.numel() == 0. Specify the reduction dim with the 'dim' "
                           "argument.")


def _nonempty_dim(input, name, d):
    if input._data.ndim and input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _arg_extreme(data, d, largest):
    """Index of the first max (min) along d, NaN counting as the largest, like PyTorch."""
    return np.argmax(data, d) if largest else np.argmin(data, d)


def _max_min(input, dim, keepdim, other, largest, name):
    Tensor = _op.Tensor
    from . import pointwise
    if isinstance(dim, Tensor):       # max(input, other): the elementwise maximum
        other, dim = dim, None
    elif dim is not None and not _args.is_int(dim) or type(keepdim) is not builtins.bool:
        _args.reject_bound(name, (input,), {"dim": dim, "keepdim": keepdim})
    if other is not None:
        return pointwise.maximum(input, other) if largest else pointwise.minimum(input, other)
    if dim is None:
        _empty_check(input, name)
        op = _max_all if largest else _min_all
        return op(input, dims=_dims(None, input._data.ndim), keepdim=False)
    data = input._data
    if data.ndim == 0:
        data = data.reshape(1)
    d = _dim(dim, data.ndim)
    _nonempty_dim(input, name, d)
    index = np.expand_dims(_arg_extreme(data, d, largest), d)
    op = _max_dim if largest else _min_dim
    if input._data.ndim == 0:
        values = op(input, dim=0, index=index, keepdim=False)
        index = index.reshape(())
    else:
        values = op(input, dim=d, index=index, keepdim=keepdim)
        index = index if keepdim else np.squeeze(index, d)
    from .. import return_types
    cls = return_types.max if largest else return_types.min
    return cls((values, _long(index)))


def _long(index):
    Tensor = _op.Tensor
    return Tensor._make(np.asarray(index, dtype=np.int64))


@method
@accepts_out
def max(input, dim=None, keepdim=False, *, other=None):
    return _max_min(input, dim, keepdim, other, True, "max")


@method
@accepts_out
def min(input, dim=None, keepdim=False, *, other=None):
    return _max_min(input, dim, keepdim, other, False, "min")


def _amax_amin(input, dim, keepdim, op, name):
    dims = _dims(dim if dim != () else None, input._data.ndim)
    if input._data.size == 0:
        if dim is None or dim == ():
            _empty_check(input, name)
        for given in (dim if isinstance(dim, (tuple, list)) else (dim,)):
            if input._data.ndim and input._data.shape[given] == 0:
                # PyTorch names the dim as it was given (-1 stays -1)
                raise IndexError(f"{name}(): Expected reduction dim {given} to have non-zero "
                                 "size.")
    return op(input, dims=dims, keepdim=keepdim)


@method
@accepts_out
def amax(input, dim=(), keepdim=False):
    _check("amax", input, dim, keepdim)
    return _amax_amin(input, dim, keepdim, _amax, "amax")


@method
@accepts_out
def amin(input, dim=(), keepdim=False):
    _check("amin", input, dim, keepdim)
    return _amax_amin(input, dim, keepdim, _amin, "amin")


def _arg(input, dim, keepdim, largest, name):
    Tensor = _op.Tensor
    data = input._data
    if data.dtype == bool:
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        if data.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             "input.numel() == 0.")
        index = _arg_extreme(data.reshape(-1), 0, largest)
        if keepdim:
            index = np.reshape(index, (1,) * data.ndim)
        return Tensor._make(np.asarray(index, dtype=np.int64))
    d = _dim(dim, data.ndim)
    if data.ndim == 0:
        return Tensor._make(np.zeros((), np.int64))
    _nonempty_dim(input, name, d)
    index = _arg_extreme(data, d, largest)
    if keepdim:
        index = np.expand_dims(index, d)
    return Tensor._make(np.asarray(index, dtype=np.int64))


@method
@accepts_out
def argmax(input, dim=None, keepdim=False):
    _check("argmax", input, dim, keepdim)
    return _arg(input, dim, keepdim, True, "argmax")


@method
@accepts_out
def argmin(input, dim=None, keepdim=False):
    _check("argmin", input, dim, keepdim)
    return _arg(input, dim, keepdim, False, "argmin")


# --- variance and standard deviation ------------------------------------------------------
def _var_forward(x, dims, keepdim, correction, whole=False, root=False):
    """The variance (its square root: the std), float16 in float32 and float32 in float64,
    rounded once (PyTorch's CPU variance accumulates in double: the squares of large
    float32 values do not overflow)."""
    wide = {np.float16: np.float32, np.float32: np.float64}.get(x.dtype.type)
    out = _var_wide(x if wide is None else x.astype(wide), dims, keepdim, correction)
    if root:
        out = np.sqrt(out)
    return out if wide is None else np.asarray(out).astype(x.dtype)


def _var_wide(x, dims, keepdim, correction):
    n = _count(x.shape, dims)
    with np.errstate(all="ignore"):
        mu = _mean_forward(x, dims, True)
        d = x - mu
        return np.sum(d * d, axis=dims, keepdims=keepdim) / np.asarray(
            builtins.max(n - correction, 0), x.dtype)


def _count(shape, dims):
    n = 1
    for d in dims:
        n *= shape[d]
    return n


def _var_grad(g, x, dims, keepdim, correction, whole, m):
    if not keepdim:
        g = m.reshape(g, keepdim_shape(x.shape, dims))
    dof = _count(x.shape, dims) - correction
    if dof <= 0 and (whole or not x.shape):
        # PyTorch's var over everything with no degrees of freedom: inf * (x - mean) written
        # as nan or inf, a constant (the gradient requires grad only through g)
        c = m.zeros_like(x)
        return g * m.where(x == m.mean_keepdim(x, dims), c + math.nan, c + math.inf)
    # PyTorch's order, (2 / dof) * g * (x - mean); C++'s 2.0 / 0 is inf
    return (2.0 / dof if dof else math.inf) * g * (x - m.mean_keepdim(x, dims))


def _std_grad(g, x, out, dims, keepdim, correction, whole, m):
    """std_backward: var's gradient of g / (2 std), that taken as 0 where the std is 0."""
    if not keepdim:
        shape = keepdim_shape(x.shape, dims)
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    grad_var = g / (out * 2)
    grad_var = m.where(out == 0, m.zeros_like(grad_var), grad_var)
    return _var_grad(grad_var, x, dims, True, correction, whole, m)


_var = Op("VarBackward0", _var_forward, _var_grad, inputs="x", dtype=None)
_std = Op("StdBackward0", lambda x, dims, keepdim, correction, whole: _var_forward(
    x, dims, keepdim, correction, root=True), _std_grad, inputs="x", dtype=None)

math_function(lambda x, dims: np.mean(x, axis=dims, keepdims=True),
              lambda x, dims: mean(x, dims, keepdim=True), "mean_keepdim")


def _var_args(name, input, dim, unbiased, keepdim, correction):
    """Sort out std/var's overloads: (dim, unbiased, keepdim), (unbiased), (dim, *,
    correction, keepdim)."""
    if isinstance(dim, bool):            # std(x, True): the unbiased flag
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        "(correction=int, unbiased=bool, ), but expected one of:\n"
                        " * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n"
                        " * (tuple of ints dim = None, *, Number correction = None, bool "
                        "keepdim = False)\n * (bool unbiased = True)\n")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    if not input._dtype.is_floating_point:
        raise RuntimeError("std and var only support floating point and complex dtypes")
    dims = _dims(dim if dim != () else None, input._data.ndim)
    n = _count(input._data.shape, dims)
    if n - correction <= 0:
        import warnings
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly "
                      "less than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=3)
    return dims, keepdim, correction


@method
@accepts_out
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    dims, keepdim, correction = _var_args("var", input, dim, unbiased, keepdim, correction)
    return _var(input, dims=dims, keepdim=keepdim, correction=correction,
                whole=_over_everything(dim))


def _over_everything(dim):
    """var_backward and std_backward's case of no dim given (their constant gradient over
    no degrees of freedom)."""
    return dim is None or dim == () or isinstance(dim, bool)


@method
@accepts_out
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    dims, keepdim, correction = _var_args("std", input, dim, unbiased, keepdim, correction)
    return _std(input, dims=dims, keepdim=keepdim, correction=correction,
                whole=_over_everything(dim))


# --- logsumexp ----------------------------------------------------------------------------
def _logsumexp_forward(x, dims, keepdim):
    if x.size == 0:
        return np.full(np.sum(x, axis=dims, keepdims=keepdim).shape, -np.inf, x.dtype)
    with np.errstate(all="ignore"):
        top = np.max(x, axis=dims, keepdims=True)
        top = np.where(np.isfinite(top), top, 0)    # inf/-inf rows: let exp/log handle them
        out = np.log(np.sum(np.exp(x - top), axis=dims, keepdims=True)) + top
    return out if keepdim else np.squeeze(out, dims)


def _logsumexp_grad(g, x, out, dims, keepdim, m):
    if not keepdim:
        shape = keepdim_shape(x.shape, dims)
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    return g * m.exp(x - out)


_logsumexp = Op("LogsumexpBackward0", _logsumexp_forward, _logsumexp_grad, inputs="x",
                dtype=None)


@method
@accepts_out
def logsumexp(input, dim, keepdim=False):
    _check("logsumexp", input, dim, keepdim)
    if not input._dtype.is_floating_point:
        input = input.to(_dtype.get_default_dtype())
    return _logsumexp(input, dims=_dims(dim, input._data.ndim), keepdim=keepdim)


# --- cumulative sums and products ---------------------------------------------------------
def _cum_dtype(input, dtype):
    if dtype is not None:
        return input.to(dtype)
    if not input._dtype.is_floating_point and input._dtype is not _dtype.int64:
        return input.to(_dtype.int64)      # PyTorch accumulates integers and bools in int64
    return input


@half_in_float
def _cumsum_forward(x, dim):
    out = np.cumsum(x, axis=dim) if x.ndim else x.copy()
    if out.dtype.kind == "f":
        out += 0.0     # PyTorch adds from 0: a sum is never -0 (NumPy's first is x itself)
    return out


def _flip_array(x, dim):
    return np.flip(x, dim) if x.ndim else x


_cumsum = Op("CumsumBackward0", _cumsum_forward,
             lambda g, dim, m: m.flip(m.cumsum(m.flip(g, dim), dim), dim), inputs="x",
             dtype=None)


@method
@accepts_out
def cumsum(input, dim, *, dtype=None):
    _check_dim("cumsum", input, dim, dtype=dtype)
    input = _cum_dtype(input, dtype)
    return _cumsum(input, dim=_dim(dim, input._data.ndim))


@half_in_float
def _cumprod_forward(x, dim):
    return np.multiply.accumulate(x, axis=dim) if x.ndim else x.copy()


def _cumprod_grad(g, x, out, dim, m):
    """d out_k / d x_i = prod_{j <= k, j != i} x_j for k >= i, as PyTorch's cumprod_backward:
    without a zero in x, the reversed cumulative sum of out * g divided by x (so a nan or inf
    in x gives nan, an underflowed product 0); with one, without dividing by x: a (.., n, n)
    stack where row i has x_i replaced by 1, whose cumulative products give every term."""
    if x.ndim == 0 or x.shape[dim] <= 1 or not np.size(getattr(x, "_data", x)):
        return g    # PyTorch hands back g itself: nothing to multiply along dim
    if not (x == 0).any():
        return m.flip(m.cumsum(m.flip(out * g, dim), dim), dim) / x
    n = x.shape[dim]
    xm = m.unsqueeze(m.movedim(x, dim, -1), -2)        # (..., 1, n)
    gm = m.unsqueeze(m.movedim(g, dim, -1), -2)
    eye = np.eye(n, dtype=bool)
    # constants made from zeros_like, not 0 * x (which is nan at an infinite or nan x)
    rows = m.where(eye, m.zeros_like(xm) + 1, xm)      # (..., n, n): x with x_i -> 1 in row i
    later = np.triu(np.ones((n, n), dtype=bool))        # k >= i
    grad = m.sum_last(m.where(later, m.cumprod(rows, -1) * gm, m.zeros_like(gm)))
    return m.movedim(grad, -1, dim)


_cumprod = Op("CumprodBackward0", _cumprod_forward, _cumprod_grad, inputs="x", dtype=None)


@method
@accepts_out
def cumprod(input, dim, *, dtype=None):
    _check_dim("cumprod", input, dim, dtype=dtype)
    input = _cum_dtype(input, dtype)
    return _cumprod(input, dim=_dim(dim, input._data.ndim))


def _movedim_array(x, src, dst):
    return np.moveaxis(x, src, dst)


def _movedim_tensor(x, src, dst):
    from .shape import movedim
    return movedim(x, src, dst)


def _flip_tensor(x, dim):
    from .shape import flip
    return flip(x, dim) if x._data.ndim else x


math_function(_flip_array, _flip_tensor, "flip")
math_function(_cumsum_forward, lambda x, dim: cumsum(x, dim), "cumsum")
math_function(lambda x, dim: np.cumprod(x, axis=dim), lambda x, dim: cumprod(x, dim),
              "cumprod")
math_function(_movedim_array, _movedim_tensor, "movedim")
math_function(lambda x: np.sum(x, axis=-1), lambda x: sum(x, -1), "sum_last")


# --- logical reductions and counting (no gradient) ----------------------------------------
def _logical(input, dim, keepdim, fn):
    Tensor = _op.Tensor
    data = input._data
    out = fn(data, axis=_dims(dim, data.ndim) if dim is not None else None, keepdims=keepdim)
    # uint8 stays uint8 (PyTorch's legacy rule); everything else gives bool
    dt = np.uint8 if data.dtype == np.uint8 else np.bool_
    return Tensor._make(np.asarray(out, dtype=dt))


@method
@accepts_out
def all(input, dim=None, keepdim=False):
    _check("all", input, dim, keepdim)
    return _logical(input, dim, keepdim, np.all)


@method
@accepts_out
def any(input, dim=None, keepdim=False):
    _check("any", input, dim, keepdim)
    return _logical(input, dim, keepdim, np.any)


@method
def count_nonzero(input, dim=None):
    Tensor = _op.Tensor
    data = input._data
    axis = _dims(dim, data.ndim) if _all_if_empty(dim) is not None else None
    return Tensor._make(np.asarray(np.count_nonzero(data, axis=axis), dtype=np.int64))


# --- sorting ------------------------------------------------------------------------------
_sort_op = _picker("SortBackward0")
_topk_op = _picker("TopkBackward0")
_median_dim = _picker("MedianBackward1")
_kthvalue_op = _picker("KthvalueBackward0")


def _order(data, d, descending):
    """Stable sorting order along d; NaN sorts as the largest value, as in PyTorch."""
    if descending:
        # sort the reversed array ascending, stably, then map back: ties keep first-first
        key = np.flip(data, d)
        idx = np.flip(np.argsort(key, axis=d, kind="stable"), d)
        return data.shape[d] - 1 - idx
    return np.argsort(data, axis=d, kind="stable")


def _sorted(input, dim, index, op, cls, **attrs):
    from .. import return_types
    if input._data.ndim == 0:
        values = op(input.reshape(1), dim=0, index=index.reshape(1), keepdim=True)
        return getattr(return_types, cls)((values.reshape(()), _long(index.reshape(()))))
    values = op(input, dim=dim, index=index, keepdim=True)
    return getattr(return_types, cls)((values, _long(index)))


@method
@accepts_out
def sort(input, dim=-1, descending=False, stable=False):
    data = input._data
    d = _dim(dim, data.ndim)
    index = _order(data, d, descending) if data.ndim else np.zeros((), np.int64)
    return _sorted(input, d, index, _sort_op, "sort")


def _no_derivative(name):
    def derivative(g):
        raise NotImplementedError(f"the derivative for '{name}' is not implemented.")
    return derivative


# unique's values are recorded (a float input that requires grad gives a grad_fn) but
# PyTorch has no derivative for them: backward through one raises
_unique = Op("Unique2Backward0", lambda x, values: values, _no_derivative("_unique2"),
             inputs="x", dtype=None)
_unique_dim = Op("UniqueDimBackward0", lambda x, values: values,
                 _no_derivative("unique_dim"), inputs="x", dtype=None)


@method
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values (always sorted, as PyTorch's CPU kernel gives them even with
    sorted=False), optionally where each element went (`inverse`) and how often each occurs."""
    data = input._data
    if dim is None:
        values, inverse, counts = np.unique(data.reshape(-1), return_inverse=True,
                                            return_counts=True)
        inverse = inverse.reshape(data.shape)
        out = _unique(input, values=values)
    else:
        d = _dim(dim, data.ndim)
        values, inverse, counts = np.unique(data, axis=d, return_inverse=True,
                                            return_counts=True)
        inverse = inverse.reshape(-1)   # NumPy 2.0.0 gives it an extra axis
        out = _unique_dim(input, values=values)
    extra = [_op.Tensor._make(np.asarray(a, np.int64).reshape(a.shape))
             for a, wanted in ((inverse, return_inverse), (counts, return_counts)) if wanted]
    return (out, *extra) if extra else out


@method
def argsort(input, dim=-1, descending=False, stable=False):
    data = input._data
    d = _dim(dim, data.ndim)
    Tensor = _op.Tensor
    if not data.ndim:
        return Tensor._make(np.zeros((), np.int64))
    return Tensor._make(np.asarray(_order(data, d, descending), np.int64))


@method
@accepts_out
def topk(input, k, dim=-1, largest=True, sorted=True):
    if type(k) is not int and not _args.is_int(k) or type(dim) is not int and \
            not _args.is_int(dim):
        _args.reject_bound("topk", (input,), {"k": k, "dim": dim, "largest": largest,
                                               "sorted": sorted})
    if input._dtype is _dtype.bool:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    data = input._data
    d = _dim(dim, data.ndim)
    size = data.shape[d] if data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    index = np.take(_order(data, d, largest), np.arange(k), axis=d) if data.ndim else \
        np.zeros((), np.int64)
    return _sorted(input, d, index, _topk_op, "topk")


@method
@accepts_out
def kthvalue(input, k, dim=-1, keepdim=False):
    _no_bool(input, "kthvalue_cpu")
    data = input._data
    d = _dim(dim, data.ndim)
    size = data.shape[d] if data.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    return _pick_rank(input, d, k - 1, keepdim, _kthvalue_op, "kthvalue")


def _pick_rank(input, d, rank, keepdim, op, cls):
    """The value of the given rank along d (and its index): kthvalue and median(dim)."""
    from .. import return_types
    data = input._data if input._data.ndim else input._data.reshape(1)
    index = np.take(_order(data, d, False), [rank], axis=d)
    # a NaN in the slice makes it median's answer (kthvalue sorts NaN last, as PyTorch)
    has_nan = np.isnan(data).any(axis=d, keepdims=True) \
        if data.dtype.kind == "f" and cls == "median" else None
    if has_nan is not None and has_nan.any():
        index = np.where(has_nan, np.expand_dims(np.argmax(np.isnan(data), d), d), index)
    source = input if input._data.ndim else input.reshape(1)
    values = op(source, dim=d, index=index, keepdim=keepdim)
    index = index if keepdim else np.squeeze(index, d)
    if input._data.ndim == 0:
        values, index = values.reshape(()), index.reshape(())
    return getattr(return_types, cls)((values, _long(index)))


def _no_bool(input, kernel):
    if input._dtype is _dtype.bool:
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def _median_all_forward(x, dims, keepdim):
    flat = x.reshape(-1)
    if flat.dtype.kind == "f" and np.isnan(flat).any():
        return np.asarray(np.nan, x.dtype)
    return np.sort(flat, kind="stable")[(flat.size - 1) // 2]


_median_all = Op("MedianBackward0", _median_all_forward, _evenly, inputs="x", dtype=None)


@method
@accepts_out
def median(input, dim=None, keepdim=False):
    _no_bool(input, "median_cpu" if dim is None else "median_out")
    if dim is None:
        if input._data.size == 0:
            Tensor = _op.Tensor
            return Tensor._make(np.asarray(np.nan, input._data.dtype))
        return _median_all(input, dims=_dims(None, input._data.ndim), keepdim=False)
    data = input._data
    d = _dim(dim, data.ndim)
    _nonempty_dim(input, "median", d)
    size = data.shape[d] if data.ndim else 1
    return _pick_rank(input, d, (size - 1) // 2, keepdim, _median_dim, "median")


@method
def cumsum_(input, dim, *, dtype=None):
    from ._op import apply_inplace
    return apply_inplace(_cumsum, "cumsum_", input, dim=_dim(dim, input._data.ndim))


@method
def cumprod_(input, dim, *, dtype=None):
    from ._op import apply_inplace
    return apply_inplace(_cumprod, "cumprod_", input, dim=_dim(dim, input._data.ndim))
