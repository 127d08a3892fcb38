"""Reductions: sum, mean, norm, prod, max/min, ... and their derivatives."""
import numpy as np

from .. import _dtype
from ._op import Op, math_function, method


def _dims(dim, ndim):
    """`dim` (None, int or sequence) as a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, int):
        dim = (dim,)
    n = max(ndim, 1)
    out = []
    for d in dim:
        if not -n <= d < n:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, "
                             f"{n - 1}], but got {d})")
        out.append(d % n if ndim else 0)
    return tuple(sorted(set(out)))


def keepdim_shape(shape, dims):
    return tuple(1 if i in dims else s for i, s in enumerate(shape))


def _expand_back(g, x_shape, dims, keepdim, m):
    """The gradient of a reduction over `dims`, spread back over the input's shape."""
    if not keepdim:
        g = m.reshape(g, keepdim_shape(x_shape, dims))
    return m.expand(g, x_shape)


def _sum_forward(x, dims, keepdim):
    if x.dtype.kind in "biu":
        return np.sum(x, axis=dims, keepdims=keepdim, dtype=np.int64)
    return np.sum(x, axis=dims, keepdims=keepdim)


_sum_all = Op("SumBackward0", lambda x, dims, keepdim: _sum_forward(x, dims, keepdim),
              lambda g, x_shape, dims, keepdim, m: _expand_back(g, x_shape, dims, keepdim, m),
              inputs="x", dtype=None)
_sum_dim = Op("SumBackward1", lambda x, dims, keepdim: _sum_forward(x, dims, keepdim),
              lambda g, x_shape, dims, keepdim, m: _expand_back(g, x_shape, dims, keepdim, m),
              inputs="x", dtype=None)


@method
def sum(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    dims = _dims(dim, input._data.ndim)
    if dim is None:
        return _sum_all(input, dims=dims, keepdim=False)
    return _sum_dim(input, dims=dims, keepdim=keepdim)


def _float_only(input, fn_name):
    if not input._dtype.is_floating_point:
        raise RuntimeError(f"{fn_name}(): could not infer output dtype. Input dtype must be "
                           "either a floating point or complex dtype. Got: "
                           f"{input._dtype.scalar_name}")


def _mean_forward(x, dims, keepdim):
    return np.mean(x, axis=dims, keepdims=keepdim)


def _mean_grad(g, x_shape, dims, keepdim, m):
    count = 1
    for d in dims:
        count *= x_shape[d]
    return _expand_back(g, x_shape, dims, keepdim, m) / count


_mean_all = Op("MeanBackward0", _mean_forward, _mean_grad, inputs="x", dtype=None)
_mean_dim = Op("MeanBackward1", _mean_forward, _mean_grad, inputs="x", dtype=None)


@method
def mean(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    _float_only(input, "mean")
    dims = _dims(dim, input._data.ndim)
    if dim is None:
        return _mean_all(input, dims=dims, keepdim=False)
    return _mean_dim(input, dims=dims, keepdim=keepdim)


def _norm_forward(x, ord, dims, keepdim):
    # accumulate float32 in float64, as PyTorch's CPU kernels do: |x| of a 0-dim x is exact
    acc = np.abs(x.astype(np.float64) if x.dtype != np.float64 else x)
    if ord == 2:
        out = np.sqrt(np.sum(acc * acc, axis=dims, keepdims=keepdim))
    elif ord == float("inf"):
        out = np.max(acc, axis=dims, keepdims=keepdim)
    elif ord == -float("inf"):
        out = np.min(acc, axis=dims, keepdims=keepdim)
    elif ord == 0:
        out = np.sum(acc != 0, axis=dims, keepdims=keepdim).astype(np.float64)
    elif ord == 1:
        out = np.sum(acc, axis=dims, keepdims=keepdim)
    else:
        out = np.sum(acc ** ord, axis=dims, keepdims=keepdim) ** (1.0 / ord)
    return np.asarray(out, dtype=x.dtype)


def _norm_grad(g, x, out, ord, dims, keepdim, m):
    shape = keepdim_shape(x.shape, dims)
    if not keepdim:
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    if ord == 2:
        scale = m.where(out == 0, 0 * out, g / out)
        return x * scale
    if ord == 1:
        return m.sign(x) * g
    if ord in (float("inf"), -float("inf")):
        mask = m.abs(x) == out
        count = m.sum_keepdim(mask * 1.0, dims)
        return m.sign(x) * mask * (g / count)
    if ord == 0:
        return 0 * x
    scale = m.where(out == 0, 0 * out, g / out ** (ord - 1))
    return x * m.abs(x) ** (ord - 2) * scale


_norm = Op("LinalgVectorNormBackward0", _norm_forward, _norm_grad, inputs="x", dtype=None)


def vector_norm(input, ord=2, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    if not input._dtype.is_floating_point:
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor "
                           f"as input. Got {input._dtype.scalar_name}")
    return _norm(input, ord=float(ord), dims=_dims(dim, input._data.ndim), keepdim=keepdim)


@method
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    if p == "fro" or p is None:
        p = 2
    if p == "nuc":
        raise NotImplementedError("nuclear norm is not supported")
    return vector_norm(input, p, dim, keepdim, dtype=dtype)


_prod = Op("ProdBackward0",
           lambda x, dims, keepdim: np.prod(x, axis=dims, keepdims=keepdim,
                                             dtype=np.int64 if x.dtype.kind in "biu" else None),
           lambda g, x, out, dims, keepdim, m: _prod_grad(g, x, out, dims, keepdim, m),
           inputs="x", dtype=None)
_prod_dim = Op("ProdBackward1", _prod.forward, _prod.derivatives[0], inputs="x", dtype=None)


def _prod_grad(g, x, out, dims, keepdim, m):
    shape = keepdim_shape(x.shape, dims)
    if not keepdim:
        g, out = m.reshape(g, shape), m.reshape(out, shape)
    # out / x, made safe where x is zero by recomputing the product of the others
    return m.prod_others(x, dims) * g


@method
def prod(input, dim=None, keepdim=False, *, dtype=None):
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
    from .. import ops
    out = None
    # differentiable form: product over the group divided by x where x != 0; exact for
    # the zero-free case, and the array path handles zeros for first-order gradients
    p = ops.prod(x, dims[0], keepdim=True) if len(dims) == 1 else _prod(x, dims=dims,
                                                                         keepdim=True)
    out = p / x
    return out


math_function(_prod_others_array, _prod_others_tensor, "prod_others")
math_function(lambda x, dims: np.sum(x, axis=dims, keepdims=True),
              lambda x, dims: sum(x, dims, keepdim=True), "sum_keepdim")

_ = _dtype
