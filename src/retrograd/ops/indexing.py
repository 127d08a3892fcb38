"""Indexing ops: gather/scatter, index_select, masked_fill/select, take, nonzero, index_put.

Every gradient of a gather-like op is a scatter-add into zeros (so repeated indices add up),
and the scatter-add's own gradient is the gather again: each pair is written once with an
array form and a tensor form, so gradients of gradients work.
"""
import numpy as np

from .. import _args, _dtype
from . import _op
from ._op import Op, apply_inplace, math_function, method
from .pointwise import accepts_out
from .reduction import _gather_op, _grid
from .shape import _wrap

__all__ = ["gather", "scatter", "scatter_add", "index_select", "masked_fill",
           "masked_select", "take", "nonzero", "argwhere", "index_put", "index_put_",
           "index_add"]


def _tensor_type():
    Tensor = _op.Tensor
    return Tensor


def _size_list(shape):
    return f"[{', '.join(map(str, shape))}]"


def _check_index(input, dim, index, name, src=None):
    """PyTorch's checks for gather/scatter: an integer index with the input's number of
    dims, no larger than the input (and src) apart from dim, values in range."""
    if index._dtype not in (_dtype.int64, _dtype.int32):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    nd = input._data.ndim
    if index._data.ndim != nd and not (index._data.ndim <= 1 and nd <= 1):
        what = "input" if name == "gather" else "self"
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {what} "
                           "tensor")
    ishape, xshape = index._data.shape, input._data.shape
    too_big = any(ishape[d] > xshape[d] for d in range(len(ishape)) if d != dim)
    if src is not None:
        sshape = src._data.shape
        if len(ishape) > len(sshape):     # reading src's size at each of index's dims
            n = max(len(sshape), 1)
            raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, "
                             f"{n - 1}], but got {len(sshape)})")
        if too_big or any(ishape[d] > sshape[d] for d in range(len(ishape))):
            raise RuntimeError(f"Expected index {_size_list(ishape)} to be no larger than self "
                               f"{_size_list(xshape)} apart from dimension {dim} and to be no "
                               f"larger size than src {_size_list(sshape)}")
    elif too_big:
        raise RuntimeError(f"Size does not match at dimension {_first_bad(ishape, xshape, dim)}"
                           f" expected index {_size_list(ishape)} to be no larger than self "
                           f"{_size_list(xshape)} apart from dimension {dim}")
    size = xshape[dim] if nd else 1
    values = index._data
    # unlike x[i], gather and scatter take no negative indices
    bad = values[(values < 0) | (values >= size)] if values.size else values[:0]
    if bad.size:
        raise RuntimeError(f"index {bad.flat[0]} is out of bounds for dimension {dim} with "
                           f"size {size}")


def _first_bad(ishape, xshape, dim):
    return next(d for d in range(len(ishape)) if d != dim and ishape[d] > xshape[d])


def _index_data(index):
    return index._data.astype(np.int64)


@method
@accepts_out
def gather(input, dim, index, *, sparse_grad=False):
    dim = _wrap(dim, input._data.ndim)
    _check_index(input, dim, index, "gather")
    if input._data.ndim == 0:
        return gather(input.reshape(1), 0, index.reshape(1)).reshape(index._data.shape)
    return _gather_op(input, dim=dim, index=_index_data(index))


# --- scatter ------------------------------------------------------------------------------
def _scatter_array(x, dim, index, src):
    out = x.copy()
    src = np.broadcast_to(src, index.shape) if np.ndim(src) == 0 else \
        src[tuple(slice(0, n) for n in index.shape)]
    out[_grid(index, dim)] = src
    return out


def _scatter_add_array(x, dim, index, src):
    out = x.copy()
    np.add.at(out, _grid(index, dim), src[tuple(slice(0, n) for n in index.shape)])
    return out


_scatter = Op("ScatterBackward0", lambda x, src, dim, index: _scatter_array(x, dim, index, src),
              lambda g, dim, index, m: m.scatter_zero(g, dim, index),
              lambda g, dim, index, m: m.gather(g, dim, index), inputs="x src", dtype=None)
_scatter_value = Op("ScatterBackward1",
                    lambda x, dim, index, value: _scatter_array(x, dim, index,
                                                                np.asarray(value, x.dtype)),
                    lambda g, dim, index, m: m.scatter_zero(g, dim, index), inputs="x",
                    dtype=None)
_scatter_add = Op("ScatterAddBackward0",
                  lambda x, src, dim, index: _scatter_add_array(x, dim, index, src),
                  lambda g: g, lambda g, dim, index, m: m.gather(g, dim, index),
                  inputs="x src", dtype=None)

math_function(lambda g, dim, index: _scatter_array(g, dim, index, np.zeros((), g.dtype)),
              lambda g, dim, index: _scatter_value(g, dim=dim, index=index, value=0),
              "scatter_zero")


def _scatter_args(input, dim, index, src, name):
    Tensor = _tensor_type()
    dim = _wrap(dim, input._data.ndim)
    if isinstance(src, Tensor):
        if src._dtype is not input._dtype:
            raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
        _check_index(input, dim, index, name, src)
    else:
        _check_index(input, dim, index, name)
    return dim, _index_data(index)


@method
@accepts_out
def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    Tensor = _tensor_type()
    if src is None:
        src = value
    if reduce is not None:
        raise NotImplementedError("scatter(reduce=...) is not supported; use scatter_add")
    if input._data.ndim == 0:
        return scatter(input.reshape(1), 0, index.reshape(1),
                       src.reshape(1) if isinstance(src, Tensor) else src).reshape(())
    dim, idx = _scatter_args(input, dim, index, src, "scatter")
    if isinstance(src, Tensor):
        return _scatter(input, src, dim=dim, index=idx)
    return _scatter_value(input, dim=dim, index=idx, value=src)


@method
def scatter_add(input, dim, index, src):
    dim, idx = _scatter_args(input, dim, index, src, "scatter_add")
    return _scatter_add(input, src, dim=dim, index=idx)


@method
def scatter_(input, dim, index, src=None, *, value=None, reduce=None):
    Tensor = _tensor_type()
    if src is None:
        src = value
    if reduce is not None:
        raise NotImplementedError("scatter_(reduce=...) is not supported; use scatter_add_")
    dim, idx = _scatter_args(input, dim, index, src, "scatter")
    if isinstance(src, Tensor):
        return apply_inplace(_scatter, "scatter_", input, src, dim=dim, index=idx)
    return apply_inplace(_scatter_value, "scatter_", input, dim=dim, index=idx, value=src)


@method
def scatter_add_(input, dim, index, src):
    dim, idx = _scatter_args(input, dim, index, src, "scatter_add")
    return apply_inplace(_scatter_add, "scatter_add_", input, src, dim=dim, index=idx)


# --- index_select and index_add -----------------------------------------------------------
def _along(dim, index):
    return (slice(None),) * dim + (index,)


def _index_add_zeros_array(g, shape, dim, index):
    out = np.zeros(shape, g.dtype)
    np.add.at(out, _along(dim, index), g)
    return out


_index_select = Op("IndexSelectBackward0", lambda x, dim, index: x[_along(dim, index)],
                   lambda g, x_shape, dim, index, m: m.index_add_zeros(g, x_shape, dim, index),
                   inputs="x", dtype=None)
_index_add_zeros = Op("IndexAddBackward0",
                      lambda g, shape, dim, index: _index_add_zeros_array(g, shape, dim, index),
                      lambda g, dim, index, m: m.index_select(g, dim, index), inputs="g",
                      dtype=None)
math_function(_index_add_zeros_array,
              lambda g, shape, dim, index: _index_add_zeros(g, shape=shape, dim=dim,
                                                            index=index), "index_add_zeros")
math_function(lambda x, dim, index: x[_along(dim, index)],
              lambda x, dim, index: _index_select(x, dim=dim, index=index), "index_select")


@method
@accepts_out
def index_select(input, dim, index):
    if index._dtype not in (_dtype.int64, _dtype.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if input._data.ndim == 0:
        if index._data.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                               f"{index._data.size} value(s)")
        return index_select(input.reshape(1), 0, index).reshape(index._data.shape)
    dim = _wrap(dim, input._data.ndim)
    size = input._data.shape[dim]
    idx = index._data.reshape(-1).astype(np.int64)
    if idx.size and not size:
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    if idx.size and (idx.min() < 0 or idx.max() >= size):    # no negative indices either
        raise IndexError("index out of range in self")
    return _index_select(input, dim=dim, index=idx)


_index_add = Op("IndexAddBackward0",
                lambda x, src, dim, index, alpha: _index_add_forward(x, src, dim, index, alpha),
                lambda g: g, lambda g, dim, index, alpha, m: m.index_select(g, dim, index) *
                alpha, inputs="x src", dtype=None)


def _index_add_forward(x, src, dim, index, alpha):
    out = x.copy()
    np.add.at(out, _along(dim, index), src * alpha if alpha != 1 else src)
    return out


def _index_add_args(input, dim, index, source):
    """index_add's checks, in PyTorch's order; the wrapped dim and the flat index."""
    if index._dtype not in (_dtype.int64, _dtype.int32):
        raise RuntimeError("index_add_(): Expected dtype int32/int64 for index but got: "
                           f"{index._dtype.scalar_name}")
    dim = _wrap(dim, input._data.ndim)
    src = source._data.shape
    if source._data.ndim and dim >= len(src):
        raise RuntimeError(f"index_add_(): Indexing dim {dim} is out of bounds of the source "
                           f"tensor with dim {len(src)}")
    idx = index._data.reshape(-1).astype(np.int64)
    count = src[dim] if src else 1
    if idx.size != count:
        raise RuntimeError(f"index_add_(): Number of indices ({idx.size}) should be equal to "
                           f"source.size(dim): ({count}), for dim: {dim}")
    shape = input._data.shape
    if len(src) != len(shape) or any(a != b for d, (a, b) in enumerate(zip(shape, src))
                                     if d != dim):
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(shape)} source.shape "
                           f"= {list(src)}")
    size = shape[dim] if shape else 1
    bad = idx[(idx < 0) | (idx >= size)]
    if bad.size:
        raise RuntimeError(f"index {bad[0]} is out of bounds for dimension {dim} with size "
                           f"{size}")
    return dim, idx


@method
def index_add(input, dim, index, source, *, alpha=1):
    dim, idx = _index_add_args(input, dim, index, source)
    return _index_add(input, source, dim=dim, index=idx, alpha=alpha)


@method
def index_add_(input, dim, index, source, *, alpha=1):
    dim, idx = _index_add_args(input, dim, index, source)
    return apply_inplace(_index_add, "index_add_", input, source, dim=dim, index=idx,
                         alpha=alpha)


# --- masks --------------------------------------------------------------------------------
def _masked_fill_forward(x, value, mask):
    return np.where(mask, np.asarray(value).astype(x.dtype), x)


_masked_fill = Op("MaskedFillBackward0",
                  lambda x, mask, value: _masked_fill_forward(x, value, mask),
                  lambda g, mask, m: m.zero_where(mask, g), inputs="x", dtype=None)
_masked_fill_tensor = Op("MaskedFillBackward1",
                         lambda x, value, mask: _masked_fill_forward(x, value, mask),
                         lambda g, mask, m: m.zero_where(mask, g),
                         lambda g, mask, m: m.sum_all(m.where(mask, g, m.zeros_like(g))),
                         inputs="x value", dtype=None)


def _mask_check(input, mask, value):
    Tensor = _tensor_type()
    if mask._dtype is not _dtype.bool:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask._dtype.cpp_name}")
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value._data.ndim} dimension(s).")
    _broadcast(mask._data.shape, input._data.shape)


def _broadcast(a, b):
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        for i in range(1, max(len(a), len(b)) + 1):
            x = a[-i] if i <= len(a) else 1
            y = b[-i] if i <= len(b) else 1
            if x != y and 1 not in (x, y):
                raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor "
                                   f"b ({y}) at non-singleton dimension "
                                   f"{max(len(a), len(b)) - i}") from None
        raise


@method
def masked_fill(input, mask, value):
    Tensor = _tensor_type()
    _mask_check(input, mask, value)
    if isinstance(value, Tensor):
        return _masked_fill_tensor(input, value, mask=mask._data)
    return _masked_fill(input, mask=mask._data, value=value)


@method
def masked_fill_(input, mask, value):
    Tensor = _tensor_type()
    _mask_check(input, mask, value)
    shape = np.broadcast_shapes(input._data.shape, mask._data.shape)
    if shape != input._data.shape:
        raise RuntimeError(f"output with shape {_size_list(input._data.shape)} doesn't match "
                           f"the broadcast shape {_size_list(shape)}")
    if isinstance(value, Tensor):
        return apply_inplace(_masked_fill_tensor, "masked_fill_", input, value, mask=mask._data)
    return apply_inplace(_masked_fill, "masked_fill_", input, mask=mask._data, value=value)


_masked_select = Op("MaskedSelectBackward0",
                    lambda x, key, shape: np.broadcast_to(x, shape)[key],
                    lambda g, key, shape, m: m.index_backward(g, shape, key), inputs="x",
                    dtype=None)


@method
@accepts_out
def masked_select(input, mask):
    if mask._dtype is not _dtype.bool:
        raise RuntimeError(f"masked_select: expected BoolTensor for mask")
    # 0-dim input and mask select from one element (the engine sums the gradient back)
    shape = _broadcast(input._data.shape, mask._data.shape) or (1,)
    key = np.nonzero(np.broadcast_to(mask._data, shape))
    return _masked_select(input, key=key, shape=shape)


# --- take and nonzero ---------------------------------------------------------------------
_take = Op("TakeBackward0", lambda x, index: x.reshape(-1)[index],
           lambda g, x_shape, index, m: m.reshape(
               m.index_backward(g, (int(np.prod(x_shape)),), index), x_shape),
           inputs="x", dtype=None)


@method
@accepts_out
def take(input, index):
    if index._dtype is not _dtype.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got "
                           f"{index._dtype.scalar_name}")
    n = input._data.size
    idx = index._data.astype(np.int64)
    if idx.size and not n:
        raise IndexError("take(): tried to take from an empty tensor")
    bad = idx[(idx < -n) | (idx >= n)] if idx.size else idx[:0]
    if bad.size:
        raise IndexError(f"out of range: tried to access index {bad.flat[0]} on a tensor of "
                         f"{n} elements.")
    return _take(input, index=np.where(idx < 0, idx + n, idx))


@method
@accepts_out
def nonzero(input, *, as_tuple=False):
    if as_tuple is not False and as_tuple is not True:
        _args.reject("nonzero", (input,), {"as_tuple": as_tuple})
    Tensor = _tensor_type()
    data = input._data
    if as_tuple:
        if data.ndim == 0:
            return (Tensor._make(np.zeros(int(data != 0), np.int64)),)
        return tuple(Tensor._make(i.astype(np.int64)) for i in np.nonzero(data))
    if data.ndim == 0:
        return Tensor._make(np.zeros((int(data != 0), 0), np.int64))
    return Tensor._make(np.argwhere(data).astype(np.int64))


@method
def argwhere(input):
    return nonzero(input)


# --- index_put ----------------------------------------------------------------------------
def _index_put_forward(x, v, key, accumulate):
    out = x.copy()
    if accumulate:
        np.add.at(out, key, v)
    else:
        out[key] = v
    return out


_index_put = Op("IndexPutBackward0", _index_put_forward,
                lambda g, key, accumulate, m: g if accumulate else m.index_fill_zero(g, key),
                lambda g, key, m: m.getitem_raw(g, key), inputs="x v", dtype=None)


def _index_put_args(input, indices, values):
    Tensor = _tensor_type()
    if not isinstance(values, Tensor):
        raise TypeError("index_put(): argument 'values' (position 2) must be Tensor")
    if values._dtype is not input._dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{input._dtype.scalar_name} for the destination and "
                           f"{values._dtype.scalar_name} for the source.")
    from .shape import _check_bounds, _index_array
    if len(indices) > input._data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {input._data.ndim} (got "
                         f"{len(indices)})")
    key = tuple(_index_array(i) if i is not None else slice(None) for i in indices)
    for d, k in enumerate(key):
        _check_bounds(k, input._data.shape[d], d)
    return key


@method
def index_put(input, indices, values, accumulate=False):
    key = _index_put_args(input, indices, values)
    return _index_put(input, values, key=key, accumulate=accumulate)


@method
def index_put_(input, indices, values, accumulate=False):
    key = _index_put_args(input, indices, values)
    return apply_inplace(_index_put, "index_put_", input, values, key=key,
                         accumulate=accumulate)

