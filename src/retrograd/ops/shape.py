"""Shape ops and indexing: views (which share memory and the version counter with their
base), copies, concatenation, `__getitem__`/`__setitem__` and in-place writes through views."""
import builtins
import numbers

import numpy as np

from .. import _args, _backend, _device, _dtype
from ..autograd._thread_state import local as _local
from ..autograd.graph import Node
from . import _op
from ._op import _NO_EDGE, Op, apply_inplace, check_inplace, math_function, method, record
from .pointwise import accepts_out

__all__ = ["reshape", "flatten", "unflatten", "transpose", "swapaxes", "swapdims", "t",
           "permute", "unsqueeze", "squeeze", "broadcast_to", "clone", "cat", "concat",
           "concatenate", "stack", "select", "narrow", "fill_", "zero_", "movedim",
           "moveaxis", "unbind", "split", "split_with_sizes", "chunk", "flip", "roll",
           "repeat_interleave", "tril", "triu", "meshgrid", "tile", "broadcast_shapes",
           "broadcast_tensors", "hstack", "vstack"]


def _wrap(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n if ndim else 0


def _shape_arg(input, args, keyword, fn, arg):
    """Sizes or dims given positionally (`view(2, 3)`, `view((2, 3))`, `view([2, 3])`) or by
    keyword (`view(size=(2, 3))`), read as PyTorch's argument parser reads them."""
    values = args if keyword is None else (keyword,)
    if len(values) == 1 and isinstance(values[0], (tuple, list)):
        values = values[0]
    for v in values:
        if type(v) is not int:
            _args.reject(fn, (input,) + args, {} if keyword is None else {arg: keyword})
            break
    if keyword is None:
        return _args.size(args, fn, arg)
    return _args.size((keyword,), fn, arg, keyword=True)


def _check_ints(name, input, **named):
    """PyTorch's argument errors for an op whose arguments `named` (in order) are ints."""
    for v in named.values():
        if type(v) is not int and not _args.is_int(v):
            _args.reject_bound(name, (input,), named)


def _infer(shape, numel):
    """Resolve one -1 in a target shape, with PyTorch's error for impossible shapes."""
    known = 1
    for i, s in enumerate(shape):
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape "
                               f"[{', '.join(map(str, shape))}]")
    free = [i for i, s in enumerate(shape) if s == -1]
    for s in shape:
        if s != -1:
            known *= s
    if len(free) > 1:
        raise RuntimeError("only one dimension can be inferred")
    if free and known and numel % known == 0:
        shape = shape[:free[0]] + (numel // known,) + shape[free[0] + 1:]
    elif free or known != numel:
        raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of "
                           f"size {numel}")
    return shape


# --- views --------------------------------------------------------------------------------
_view = Op("ViewBackward0", lambda x, shape: x.reshape(shape),
           lambda g, x_shape, m: m.reshape(g, x_shape), inputs="x", dtype=None, view=True)
_unsafe_view = Op("UnsafeViewBackward0", lambda x, shape: x.reshape(shape),
                  lambda g, x_shape, m: m.reshape(g, x_shape), inputs="x", dtype=None)


@method
def view(input, *shape, size=None):
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        raise NotImplementedError("view(dtype) is not supported")
    if not shape and size is None:
        _args.reject("view", (input,))
    shape = _infer(_shape_arg(input, shape, size, "view", "size"), input._data.size)
    if shape != input._data.shape and not input._data.flags.c_contiguous and \
            not _viewable(input._data, shape):
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at "
                           "least one dimension spans across two contiguous subspaces). Use "
                           ".reshape(...) instead.")
    return _view(input, shape=shape)


def _viewable(data, shape):
    """Whether `data` can take `shape` as a view: NumPy refuses exactly when a copy would
    be needed."""
    try:
        np.reshape(data, shape, copy=False)
    except TypeError:   # NumPy before 2.1 has no copy=; setting a view's shape refuses alike
        try:
            data.view().shape = shape
        except AttributeError:
            return False
    except ValueError:
        return False
    return True


@method
def reshape(input, *sizes, shape=None):
    if not sizes and shape is None:
        _args.reject("reshape", (input,))
    shape = _infer(_shape_arg(input, sizes, shape, "reshape", "shape"), input._data.size)
    if input._data.flags.c_contiguous or _viewable(input._data, shape):
        return _view(input, shape=shape)
    return _unsafe_view(input, shape=shape)


@method
def view_as(input, other):
    return view(input, other._data.shape)


@method
def reshape_as(input, other):
    return reshape(input, other._data.shape)


@method
def flatten(input, start_dim=0, end_dim=-1):
    if type(start_dim) is not int or type(end_dim) is not int:
        _check_ints("flatten", input, start_dim=start_dim, end_dim=end_dim)
    shape = input._data.shape
    if not shape:
        return reshape(input, 1)
    s, e = _wrap(start_dim, len(shape)), _wrap(end_dim, len(shape))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


@method
def unflatten(input, dim, sizes):
    if type(dim) is not int or not isinstance(sizes, (tuple, list)) or \
            not builtins.all(type(s) is int for s in sizes):
        _args.reject("unflatten", (input, dim, sizes))
    dim = _wrap(dim, input._data.ndim)
    shape = input._data.shape
    if not len(sizes):
        raise RuntimeError("unflatten: sizes must be non-empty")
    try:
        sizes = _infer(tuple(sizes), shape[dim])
    except RuntimeError:
        raise RuntimeError(f"unflatten: Provided sizes [{', '.join(map(str, sizes))}] don't "
                           f"multiply up to the size of dim {dim} ({shape[dim]}) in the input "
                           "tensor") from None
    return view(input, shape[:dim] + sizes + shape[dim + 1:])


def _transpose_forward(x, dim0, dim1):
    return np.swapaxes(x, dim0, dim1) if x.ndim else x.view()   # 0-dim: nothing to swap


_transpose = Op("TransposeBackward0", _transpose_forward,
                lambda g, dim0, dim1, m: m.transpose(g, dim0, dim1), inputs="x", dtype=None,
                view=True)
_t = Op("TBackward0", lambda x: x.T, lambda g, m: m.t(g), inputs="x", dtype=None, view=True)
_permute = Op("PermuteBackward0", lambda x, dims: np.transpose(x, dims),
              lambda g, dims, m: m.permute(g, tuple(np.argsort(dims))), inputs="x",
              dtype=None, view=True)


@method
def transpose(input, dim0, dim1):
    if type(dim0) is not int or type(dim1) is not int:
        _check_ints("transpose", input, dim0=dim0, dim1=dim1)
    n = input._data.ndim
    return _transpose(input, dim0=_wrap(dim0, n), dim1=_wrap(dim1, n))


swapaxes = method(transpose, "swapaxes")
swapdims = method(transpose, "swapdims")


@method
def t(input):
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input._data.ndim}D")
    return _t(input)


@method
def permute(input, *args, dims=None):
    if not args and dims is None:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = tuple(_wrap(d, input._data.ndim) for d in _shape_arg(input, args, dims, "permute", "dims"))
    if len(dims) == input._data.ndim and len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    if sorted(dims) != list(range(input._data.ndim)):
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does "
                           "not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {input._data.ndim} is not equal to len(dims) = "
                           f"{len(dims)}")
    return _permute(input, dims=dims)


_unsqueeze = Op("UnsqueezeBackward0", lambda x, dim: np.expand_dims(x, dim),
                lambda g, dim, m: m.squeeze(g, dim), inputs="x", dtype=None, view=True)


@method
def unsqueeze(input, dim):
    if type(dim) is not int:
        _check_ints("unsqueeze", input, dim=dim)
    return _unsqueeze(input, dim=_wrap(dim, input._data.ndim + 1))


_squeeze_all = Op("SqueezeBackward0", lambda x: x.reshape([s for s in x.shape if s != 1]),
                  lambda g, x_shape, m: m.reshape(g, x_shape), inputs="x", dtype=None,
                  view=True)
_squeeze_dim = Op("SqueezeBackward1", lambda x, dims: np.squeeze(x, dims),
                  lambda g, x_shape, m: m.reshape(g, x_shape), inputs="x", dtype=None,
                  view=True)


@method
def squeeze(input, dim=None):
    if dim is None:
        return _squeeze_all(input)
    if type(dim) is not int and not _args.is_ints(dim):
        _args.reject("squeeze", (input, dim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    dims = tuple(d for d in (_wrap(d, input._data.ndim) for d in dims)
                 if input._data.ndim and input._data.shape[d] == 1)
    return _squeeze_dim(input, dims=dims)


_expand = Op("ExpandBackward0", lambda x, shape: np.broadcast_to(x, shape),
             lambda g: g, inputs="x", dtype=None, view=True)


@method
def expand(input, *sizes, size=None):
    return _expand_to(input, _shape_arg(input, sizes, size, "expand", "size"))


@method
def broadcast_to(input, *sizes, size=None):
    return _expand_to(input, _shape_arg(input, sizes, size, "broadcast_to", "size"))


def _expand_to(input, sizes):
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand(torch.{input._dtype.legacy_name}{{[{', '.join(map(str, shape))}]}}, "
                           f"size=[{', '.join(map(str, sizes))}]): the number of sizes provided "
                           f"({len(sizes)}) must be greater or equal to the number of dimensions "
                           f"in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = []
    for i in reversed(range(len(sizes))):    # from the last dim, as PyTorch checks them
        s = sizes[i]
        cur = shape[i - lead] if i >= lead else 1
        if s == -1:
            if i < lead:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            s = cur
        elif cur != 1 and s != cur:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({cur}) at non-singleton dimension {i}.  Target sizes: "
                               f"[{', '.join(map(str, sizes))}].  Tensor sizes: "
                               f"[{', '.join(map(str, shape))}]")
        target.append(s)
    return _expand(input, shape=tuple(reversed(target)))


@method
def expand_as(input, other):
    return expand(input, other._data.shape)




# --- copies -------------------------------------------------------------------------------
_clone = Op("CloneBackward0", lambda x: x.copy(), lambda g: g, inputs="x", dtype=None)


@method
def clone(input, *, memory_format=None):
    return _clone(input)


@method
def contiguous(input, memory_format=None):
    return input if input._data.flags.c_contiguous else _clone(input)


_to_copy = Op("ToCopyBackward0", lambda x, dtype: x.astype(dtype.np), lambda g: g, inputs="x",
              dtype=None)


def _to_dtype(input, dtype, copy=False):
    if dtype is input._dtype and not copy:
        return input
    return _to_copy(input, dtype=dtype)


@method
def to(input, *args, dtype=None, device=None, copy=False, non_blocking=False,
       memory_format=None):
    """`to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)`: only the CPU exists."""
    Tensor = _op.Tensor
    if dtype is not None and type(dtype) is not _dtype.dtype or len(args) > 1 or \
            args and not isinstance(
            args[0], (_dtype.dtype, Tensor, str, int, _device.device, type)) or \
            isinstance(args[0] if args else None, type) and args[0] not in _PYTHON_DTYPES:
        given = {k: v for k, v in (("dtype", dtype), ("device", device)) if v is not None}
        _args.reject("to", (input,) + args, given)
        dtype = _args.dtype(dtype, "to")
    for a in args:
        if isinstance(a, _dtype.dtype) or a in (builtins.float, builtins.int, builtins.bool):
            dtype = _args.dtype(a, "to")      # Python's float is float64, as in PyTorch
        elif isinstance(a, Tensor):
            dtype = a._dtype
        elif not isinstance(a, bool):   # non_blocking given by position
            device = a
    if device is not None:
        from .._device import check
        check(device)   # anything but the CPU raises
    return _to_dtype(input, dtype or input._dtype, copy)


_PYTHON_DTYPES = (builtins.float, builtins.int, builtins.bool, builtins.complex)


def _converter(dt, name):
    def convert(input, memory_format=None):
        return _to_dtype(input, dt)
    convert.__name__ = name
    return method(convert)


# x.float(), x.double(), ...: methods only (module-level names would shadow builtins)
for _name, _dt in (("float", _dtype.float32), ("double", _dtype.float64),
                   ("half", _dtype.float16), ("long", _dtype.int64), ("int", _dtype.int32),
                   ("short", _dtype.int16), ("char", _dtype.int8), ("byte", _dtype.uint8),
                   ("bool", _dtype.bool)):
    _converter(_dt, _name)


def _type(input, dtype=None, non_blocking=False):
    if dtype is None:
        return "torch." + input._dtype.legacy_name
    if isinstance(dtype, str):
        for d in _dtype.ALL:
            if dtype in ("torch." + d.legacy_name, d.legacy_name):
                dtype = d
                break
        else:
            raise ValueError(f"invalid type: '{dtype}'")
    elif isinstance(getattr(dtype, "dtype", None), _dtype.dtype):   # torch.LongTensor
        dtype = dtype.dtype
    return _to_dtype(input, dtype)


method(_type, "type")


@method
def type_as(input, other):
    return _to_dtype(input, other._dtype)


@method
def cpu(input, memory_format=None):
    return input


@method
def cuda(input, device=None, non_blocking=False, memory_format=None):
    """As PyTorch built without CUDA: an index asks for an accelerator, anything else for
    CUDA, and neither exists."""
    from .._device import NO_ACCELERATOR, NO_CUDA
    if isinstance(device, int) and not isinstance(device, bool):
        raise RuntimeError(NO_ACCELERATOR)
    raise AssertionError(NO_CUDA)



def meshgrid(*tensors, indexing=None):
    """Coordinate grids: output i holds tensors[i] along dim i ('ij'), or with the first two
    dims swapped ('xy', as NumPy's default). Each output is an expanded view of its input."""
    import warnings
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("xy", "ij"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f"received: {indexing}")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t}")
    if len({t._dtype for t in tensors}) > 1:
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    axes = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(tensors)
    for t, axis in zip(tensors, axes):
        shape[axis] = t._data.size
    grids = []
    for t, axis in zip(tensors, axes):
        along = [1] * len(tensors)
        along[axis] = -1
        grids.append(expand(reshape(t, along), shape))
    return tuple(grids)

# --- concatenation ------------------------------------------------------------------------
def _offsets(sizes):
    out, acc = [], 0
    for s in sizes:
        out.append(acc)
        acc += s
    return tuple(out)


_cat = Op("CatBackward0", lambda *xs, dim, sizes: np.concatenate(xs, axis=dim),
          lambda g, i, dim, sizes, m: m.narrow(g, dim, _offsets(sizes)[i], sizes[i]),
          inputs="x", variadic=True)
_stack = Op("StackBackward0", lambda *xs, dim: np.stack(xs, axis=dim),
            lambda g, i, dim, m: m.select(g, dim, i), inputs="x", variadic=True)


def _tensor_list(tensors, dim, fn):
    """cat's and stack's arguments as PyTorch's parser reads them: a tuple or list of
    tensors (a tensor is not one), and an int dim."""
    Tensor = _op.Tensor
    if not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {_args.type_name(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{_args.type_name(t)}")
    if not _args.is_int(dim):
        raise TypeError(f"{fn}(): argument 'dim' must be int, not {_args.type_name(dim)}")
    return tuple(tensors)


def _cat_castable(result, out):
    """cat's (and stack's) own words for an out= of a lower dtype category."""
    if out is not None and result._dtype.category > out._dtype.category:
        raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                        f"{out._dtype.scalar_name}")
    return result


def cat(tensors, dim=0, *, out=None):
    tensors = _tensor_list(tensors, dim, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not t._data.ndim:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
    # PyTorch skips 1-D empty tensors (legacy behaviour) when others have more dims
    parts = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)] or \
        list(tensors[:1])
    ref = parts[0]._data
    d = _wrap(dim, ref.ndim)
    for i, t in enumerate(parts):
        if t._data.ndim != ref.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} "
                               f"and {t._data.ndim}")
        for k in range(ref.ndim):
            if k != d and t._data.shape[k] != ref.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref.shape[k]} but got size "
                                   f"{t._data.shape[k]} for tensor number {i} in the list.")
    result = _cat(*parts, dim=d, sizes=tuple(t._data.shape[d] for t in parts))
    from .pointwise import _write_out
    return _write_out(_cat_castable(result, out), out, "cat")


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    tensors = _tensor_list(tensors, dim, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"[{', '.join(map(str, shape))}] at entry 0 and "
                               f"[{', '.join(map(str, t._data.shape))}] at entry {i}")
    result = _stack(*tensors, dim=_wrap(dim, len(shape) + 1))
    from .pointwise import _write_out
    return _write_out(_cat_castable(result, out), out, "stack")


# --- indexing -----------------------------------------------------------------------------
def _select_key(dim, index):
    # the trailing `...` keeps a 0-dim result a view (NumPy returns a scalar copy without it)
    return (slice(None),) * dim + (index, Ellipsis)


_select = Op("SelectBackward0", lambda x, dim, index: x[_select_key(dim, index)],
             lambda g, x_shape, dim, index, m: m.index_backward(g, x_shape,
                                                                _select_key(dim, index)),
             inputs="x", dtype=None, view=True)
_slice = Op("SliceBackward0", lambda x, dim, key: x[_select_key(dim, key)],
            lambda g, x_shape, dim, key, m: m.index_backward(g, x_shape, _select_key(dim, key)),
            inputs="x", dtype=None, view=True)
_index = Op("IndexBackward0", lambda x, key: x[key],
            lambda g, x_shape, key, m: m.index_backward(g, x_shape, key), inputs="x",
            dtype=None)
_alias = Op("AliasBackward0", lambda x: x.view(), lambda g: g, inputs="x", dtype=None,
            view=True)


@method
def select(input, dim, index):
    if type(dim) is not int or type(index) is not int:
        _check_ints("select", input, dim=dim, index=index)
    shape = input._data.shape
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = _wrap(dim, len(shape))
    size = shape[dim]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"[{', '.join(map(str, shape))}] at dimension {dim}")
    return _select(input, dim=dim, index=index % size)


@method
def narrow(input, dim, start, length):
    if type(dim) is not int or type(start) is not int or type(length) is not int:
        _args.reject("narrow", (input, dim, start, length))
        start = int(start)     # a 0-dim integer tensor
    if not input._data.ndim:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim = _wrap(dim, input._data.ndim)
    size = input._data.shape[dim]
    if start < 0:
        start += size
    if not 0 <= start <= size or length < 0 or start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    return _slice(input, dim=dim, key=slice(start, start + length, 1))


def _is_advanced(item):
    Tensor = _op.Tensor
    if isinstance(item, Tensor):
        return True
    return isinstance(item, (list, range, np.ndarray)) or (
        isinstance(item, tuple) and any(_is_advanced(i) for i in item))


def _index_array(item):
    """An index component as NumPy understands it (tensors to arrays, bools kept)."""
    Tensor = _op.Tensor
    if isinstance(item, Tensor):
        if item._dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        if item._dtype is _dtype.uint8:     # PyTorch's legacy byte mask
            import warnings
            warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a "
                          "dtype torch.bool instead.", UserWarning, stacklevel=4)
            return item._data.astype(bool)
        return item._data
    if isinstance(item, (list, range)):    # y_hat[range(len(y_hat)), y]: a range is a list
        arr = np.asarray([_index_array(i) for i in item])
        if arr.size == 0:
            return arr.astype(np.int64)      # x[[]]: an empty index, not a float one
        if arr.dtype.kind == "f":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return arr
    return item


def _advanced_key(input, index):
    """The NumPy key for an index with tensors, lists or masks in it, checked as PyTorch
    checks it: mask shapes, index bounds (naming the indexed dim)."""
    key = [_index_array(i) for i in index]
    shape = input._data.shape
    consumed = builtins.sum(i.ndim if isinstance(i, np.ndarray) and i.dtype == bool else 1
                            for i in key if i is not None and i is not Ellipsis)
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    dim = arrays = 0     # PyTorch names an index array's dim by its place among the arrays
    for pos, item in enumerate(key):
        if item is Ellipsis:
            dim += len(shape) - consumed
        elif isinstance(item, np.ndarray) and item.dtype == bool:
            for k, n in enumerate(item.shape):
                if n != shape[dim + k]:
                    raise IndexError(f"The shape of the mask [{', '.join(map(str, item.shape))}]"
                                     f" at index {k} does not match the shape of the indexed "
                                     f"tensor [{', '.join(map(str, shape))}] at index "
                                     f"{dim + k}")
            dim += item.ndim
            arrays += 1
        elif item is not None:
            if isinstance(item, np.ndarray):
                if not input._data.size and shape[dim] and item.dtype.kind in "iu":
                    # another dim is empty, so nothing is read: PyTorch checks no bound, and
                    # any index in range gives the same empty result
                    key[pos] = np.zeros_like(item)
                else:
                    _check_bounds(item, shape[dim], arrays)
                arrays += 1
            elif not isinstance(item, slice):
                _index_int(item, shape[dim], dim)
            dim += 1
    _check_broadcast(key)
    return key[0] if len(key) == 1 else tuple(key)


def _check_broadcast(key):
    """The index tensors must broadcast together (a mask counts as its nonzero indices)."""
    shapes = []
    for item in key:
        if isinstance(item, np.ndarray):
            shapes += [(int(np.count_nonzero(item)),)] * item.ndim if item.dtype == bool \
                else [item.shape]
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together "
                         f"with shapes {', '.join(str(list(s)) for s in shapes)}") from None


def _index_int(item, size, dim):
    """An int index, checked against the size of the dim it indexes."""
    if not hasattr(item, "__index__"):
        raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                         f"byte Variables are valid indices (got {type(item).__name__})")
    i = item.__index__()
    if not -size <= i < size:
        raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")
    return i


def _check_bounds(item, size, dim):
    if isinstance(item, np.ndarray) and item.dtype.kind in "iu" and item.size:
        if not size:
            raise IndexError("index is out of bounds for dimension with size 0")
        bad = item[(item >= size) | (item < -size)]
        if bad.size:
            raise IndexError(f"index {bad.flat[0]} is out of bounds for dimension {dim} with "
                             f"size {size}")


_SEQUENCE_INDEX = ("Using a non-tuple sequence for multidimensional indexing is deprecated and "
                   "will be changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In "
                   "pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
                   "which will result either in an error or a different result")


def _as_tuple(index):
    """The index as a tuple of per-dim items. A list (or string) holding a slice, None,
    `...`, a tensor or another sequence is still read as a tuple, with PyTorch's warning
    (its legacy reading); any other non-tuple is one item."""
    if isinstance(index, tuple):
        return index
    if isinstance(index, (list, str)) and len(index) < 32 and builtins.any(
            i is None or i is Ellipsis or isinstance(i, (slice, list, tuple, str, _op.Tensor))
            for i in index):
        import warnings
        warnings.warn(_SEQUENCE_INDEX, UserWarning, stacklevel=3)
        index = tuple(index)
        for i in index:
            if isinstance(i, str):     # PyTorch tries it as data for a tensor
                raise TypeError("new(): invalid data type 'str'")
        return index
    return (index,)


def getitem(input, index):
    lone = not isinstance(index, tuple)
    index = _as_tuple(index)
    if any(_is_advanced(i) for i in index):
        return _index(input, key=_advanced_key(input, index))
    return _basic_index(input, index, lone)


def _indexed_dims(index):
    """How many dims of the tensor a basic index uses (None, ... and bools use none)."""
    return sum(1 for i in index if i is not None and i is not Ellipsis and
               not isinstance(i, (bool, np.bool_)))


def _too_many_indices(index, ndim, lone):
    """PyTorch's error for an index that uses more dims than the tensor has: a lone int or
    slice on a 0-dim tensor has its own."""
    if ndim == 0 and lone:
        item = index[0]
        if isinstance(item, slice):
            return IndexError("slice() cannot be applied to a 0-dim tensor.")
        if item.__index__() == 0:
            return IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python "
                              "or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a "
                              "number")
        return IndexError(f"index {item.__index__()} is out of bounds for dimension 0 with "
                          "size 0")
    return IndexError(f"too many indices for tensor of dimension {ndim}")


def _basic_index(t, index, lone=False):
    """Ints, slices, None and ... applied one dim at a time, as PyTorch does (so `x[0, 1]`
    is two selects and its grad_fn is SelectBackward0)."""
    ndim = t._data.ndim
    used = _indexed_dims(index)
    if used > ndim:
        raise _too_many_indices(index, ndim, lone)
    # dim: where the next index applies in `out`; src: the dim of `t` it indexes
    out, dim, src, applied = t, 0, 0, False
    for item in index:
        if item is None:
            out, dim, applied = unsqueeze(out, dim), dim + 1, True
        elif item is Ellipsis:
            dim += ndim - used
            src += ndim - used
        elif isinstance(item, slice):
            size = out._data.shape[dim]
            if item.step == 0:
                raise ValueError("slice step cannot be zero")
            if item.step is not None and item.step < 0:
                raise ValueError("step must be greater than zero")
            start, stop, step = item.indices(size)
            # a lone slice is always a SliceBackward0 view, even a full one (x[:]), as in
            # PyTorch; inside a tuple a full slice is skipped
            if lone or not _full_slice(item, size):
                out, applied = _slice(out, dim=dim, key=slice(start, max(stop, start), step)), True
            dim, src = dim + 1, src + 1
        elif isinstance(item, (np.bool_, bool)):
            return getitem(t, tuple(np.asarray(i) if i is item else i for i in index))
        else:
            size = out._data.shape[dim]
            i = _index_int(item, size, src)
            out, applied, src = _select(out, dim=dim, index=i % size), True, src + 1
    return out if applied else _alias(t)


def _index_backward_array(g, shape, key):
    out = np.zeros(shape, g.dtype)
    if _is_advanced(key):
        np.add.at(out, key, g)
    else:
        out[key] = g
    return out


_index_backward = Op("IndexBackwardBackward0",
                     lambda g, shape, key: _index_backward_array(g, shape, key),
                     lambda g, key, m: m.getitem_raw(g, key), inputs="g", dtype=None)
_getitem_raw = Op("IndexBackward0", lambda x, key: x[key],
                  lambda g, x_shape, key, m: m.index_backward(g, x_shape, key), inputs="x",
                  dtype=None)

math_function(_index_backward_array, lambda g, shape, key: _index_backward(g, shape=shape,
                                                                           key=key),
              "index_backward")
math_function(lambda x, key: x[key], lambda x, key: _getitem_raw(x, key=key), "getitem_raw")


# --- writes -------------------------------------------------------------------------------
def _index_put_forward(x, v, key):
    out = x.copy()
    out[key] = v
    return out


def _zero_at(g, key, m):
    return m.index_fill_zero(g, key)


_copy_slices_put = Op("CopySlices", _index_put_forward, _zero_at,
                      lambda g, key, m: m.getitem_raw(g, key), inputs="x v")
_index_put = Op("IndexPutBackward0", _index_put_forward, _zero_at,
                lambda g, key, m: m.getitem_raw(g, key), inputs="x v")


def _fill_zero_array(g, key):
    out = g.copy()
    out[key] = 0
    return out


math_function(_fill_zero_array,
              lambda g, key: _index_put(g, _zeros_scalar(g), key=key), "index_fill_zero")


def _zeros_scalar(g):
    return 0


def setitem(input, index, value):
    Tensor = _op.Tensor
    lone = not isinstance(index, tuple)
    index = _as_tuple(index)
    advanced = any(_is_advanced(i) for i in index)
    # the index is checked first, then the write
    key = _advanced_key(input, index) if advanced else _basic_key(input, index, lone)
    if not advanced and _local.state.grad_enabled and input._grad_fn is None and \
            input._requires_grad and not _whole(input, index):    # (a whole write: copy_'s)
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    if isinstance(value, Tensor):
        while value._data.ndim and value._data.shape[0] == 1:   # leading 1s are dropped
            value = value[0]
        target = input._data[key].shape
        try:
            expand(value.detach(), target)    # PyTorch's error if it won't fit
        except RuntimeError:
            if not advanced:
                raise
            raise RuntimeError(f"shape mismatch: value tensor of shape "
                               f"[{', '.join(map(str, value._data.shape))}] cannot be broadcast "
                               f"to indexing result of shape [{', '.join(map(str, target))}]"
                               ) from None
        if value._dtype is not input._dtype:
            value = _to_dtype(value, input._dtype)
    elif isinstance(value, numbers.Number):
        value = _dtype.fill_value(value, input._dtype)
    elif isinstance(value, np.ndarray):
        value = value.astype(input._dtype.np)
    else:
        raise TypeError(f"can't assign a {_args.type_name(value)} to a "
                        f"torch.{input._dtype.legacy_name}")
    if not advanced and _whole(input, index):
        # x[...] = v, x[:] = v: PyTorch writes into x itself (CopyBackwards, not CopySlices)
        if isinstance(value, Tensor):
            copy_(input, value)
        else:   # a number is wrapped into a 0-dim tensor first, as PyTorch does (FillBackward3)
            fill_(input, Tensor._make(np.asarray(value)))
        return
    if advanced:
        # a 0-dim bool mask is, in PyTorch, a new dim (unsqueeze) indexed by [0] or by []
        basic = tuple(None if _is_zero_dim_mask(i) else slice(None) if _is_advanced(i) else i
                      for i in index)
        if not _whole(input, basic):
            # ints, slices and None first, as a view; the index arrays then write into the
            # view, so the base's node is CopySlices, as in PyTorch
            view = _basic_index(input, basic)
            rest = tuple(Tensor._make(np.arange(int(i._data))) if _is_zero_dim_mask(i)
                         else i if _is_advanced(i) or i is Ellipsis else slice(None)
                         for i in index if not _is_int(i))
            apply_inplace(_index_put, "index_put_", view, value,
                          key=_advanced_key(view, rest))
            return
    apply_inplace(_index_put if advanced else _copy_slices_put,
                  "index_put_" if advanced else "copy_", input, value, key=key)


def _is_zero_dim_mask(item):
    return isinstance(item, _op.Tensor) and item._dtype is _dtype.bool and not item._data.ndim


def _is_int(item):
    return isinstance(item, (numbers.Integral, np.integer)) and not isinstance(
        item, (bool, np.bool_))


def _full_slice(item, size):
    """A slice PyTorch skips: written from 0 with step 1 to the end or past it (x[:, :] and
    x[:, 0:9] are aliases; x[:, -3:], and x[1:] even of an empty x, are slices)."""
    return item.start in (None, 0) and item.step in (None, 1) and (
        item.stop is None or item.stop >= size)


def _whole(t, index):
    """Whether a basic index selects all of t, unchanged (only `...` and full slices)."""
    dim = 0
    for item in index:
        if item is Ellipsis:
            dim += t._data.ndim - builtins.sum(1 for i in index if i is not Ellipsis)
        elif isinstance(item, slice) and (dim >= t._data.ndim or   # (a 0-dim mask's)
                                          _full_slice(item, t._data.shape[dim])):
            dim += 1
        else:
            return False
    return True


def _basic_key(t, index, lone=False):
    """A NumPy basic-indexing key, validated as PyTorch does."""
    ndim = t._data.ndim
    used = _indexed_dims(index)
    if used > ndim:
        raise _too_many_indices(index, ndim, lone)
    dim = 0
    for item in index:
        if item is Ellipsis:
            dim += ndim - used
        elif item is None or isinstance(item, (bool, np.bool_)):
            continue
        elif isinstance(item, slice):
            if item.step == 0:
                raise ValueError("slice step cannot be zero")
            if item.step is not None and item.step < 0:
                raise ValueError("step must be greater than zero")
            dim += 1
        else:
            i = item.__index__()
            size = t._data.shape[dim]
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size "
                                 f"{size}")
            dim += 1
    return index


# in-place writes of whole tensors
_copy = Op("CopyBackwards", lambda x, src: np.broadcast_to(src, x.shape),
           lambda g, m: m.zeros_like(g), lambda g: g, dtype=None)
_fill = Op("FillBackward2", lambda x, value: np.broadcast_to(np.asarray(value, x.dtype), x.shape),
           lambda g, m: m.zeros_like(g), inputs="x", dtype=None)
_fill_tensor = Op("FillBackward3", lambda x, v: np.broadcast_to(v.astype(x.dtype), x.shape),
                  lambda g, m: m.zeros_like(g), lambda g, m: m.sum_all(g), dtype=None)
_zero = Op("ZeroBackward0", lambda x: np.zeros_like(x), lambda g, m: m.zeros_like(g),
           inputs="x", dtype=None)


@method
def copy_(input, src, non_blocking=False):
    Tensor = _op.Tensor
    if not isinstance(src, (Tensor, numbers.Number)):   # a number copies as a 0-dim tensor
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not "
                        f"{_args.type_name(src)}")
    if isinstance(src, Tensor):
        _op.raise_broadcast_error([input._data, src._data])
        shape = input._data.shape
        wide = np.broadcast_shapes(shape, src._data.shape)
        if wide != shape:
            raise RuntimeError(f"output with shape [{', '.join(map(str, shape))}] doesn't "
                               f"match the broadcast shape [{', '.join(map(str, wide))}]")
    return apply_inplace(_copy, "copy_", input, src)


@method
def fill_(input, value):
    Tensor = _op.Tensor
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value._data.ndim} dimensions.")
        return apply_inplace(_fill_tensor, "fill_", input, value)
    value = _dtype.fill_value(value, input._dtype, wide=True)
    return apply_inplace(_fill, "fill_", input, value=value)


@method
def zero_(input):
    if input._requires_grad or _local.state.tracer is not None or _op._forward.active:
        return apply_inplace(_zero, "zero_", input)
    check_inplace(input)   # the common `x.grad.zero_()`: nothing to record, just the write
    input._write(0, "zero_")
    return input


# --- in-place writes through views: PyTorch's CopySlices ----------------------------------
class CopySlices(Node):
    """The new grad_fn of a base tensor after an in-place op wrote into one of its views:
    the gradient of the base passes through unchanged except in the view's region, where
    the in-place op's own derivative applies."""
    __slots__ = ("fn", "geometry")
    __module__ = "builtins"

    def __init__(self, base_edge, fn, geometry, meta):
        Node.__init__(self, (base_edge,) + fn.next_functions[1:], meta)
        self.fn = fn
        self.geometry = geometry

    def _apply(self, grads, create_graph):
        g = grads[0]
        m = _op.TensorMath if create_graph else _op.ArrayMath
        res = self.fn._apply([m.take_region(g, self.geometry)], create_graph)
        inside = 0 if res[0] is None else res[0]
        return [m.put_region(g, inside, self.geometry)] + list(res[1:])

    def _release(self):
        self.fn._release()


class AsStridedBackward0(Node):
    """A view's grad_fn after its base was changed in place: its gradient lands in the
    view's region of a zero base-shaped gradient."""
    __slots__ = ("geometry", "base_meta")

    def __init__(self, base_edge, geometry, base_meta, meta):
        Node.__init__(self, (base_edge,), meta)
        self.geometry = geometry
        self.base_meta = base_meta

    def _apply(self, grads, create_graph):
        m = _op.TensorMath if create_graph else _op.ArrayMath
        return [m.embed_region(grads[0], self.base_meta[0], self.geometry)]


def _geometry(view_data, base_data):
    if not base_data.flags.c_contiguous:
        raise NotImplementedError("in-place writes through a view of a non-contiguous tensor "
                                  "are not supported while recording gradients")
    offset = view_data.__array_interface__["data"][0] - base_data.__array_interface__["data"][0]
    return (view_data.shape, view_data.strides, offset)


def _view_in(array, geometry):
    shape, strides, offset = geometry
    return np.ndarray(shape, array.dtype, buffer=array, offset=offset, strides=strides)


# The region of a base that a view covers, as three differentiable ops (each one's
# gradient is written with the others), so CopySlices works under create_graph too.
def _take_region_array(x, geometry):
    return _view_in(np.ascontiguousarray(x), geometry).copy()


def _embed_region_array(g, shape, geometry):
    out = np.zeros(shape, g.dtype)
    _view_in(out, geometry)[...] = g
    return out


def _put_region_array(g, v, geometry):
    out = np.array(g, order="C", copy=True)
    _view_in(out, geometry)[...] = v
    return out


_take_region = Op("AsStridedBackward0", _take_region_array,
                  lambda g, x_shape, geometry, m: m.embed_region(g, x_shape, geometry),
                  inputs="x", dtype=None)
_embed_region = Op("AsStridedBackward1", _embed_region_array,
                   lambda g, geometry, m: m.take_region(g, geometry), inputs="g", dtype=None)
_put_region = Op("CopySlices", _put_region_array,
                 lambda g, geometry, m: m.put_region(g, 0, geometry),
                 lambda g, geometry, m: m.take_region(g, geometry), inputs="g v", dtype=None)
math_function(_take_region_array, lambda x, geometry: _take_region(x, geometry=geometry),
              "take_region")
math_function(_embed_region_array,
              lambda g, shape, geometry: _embed_region(g, shape=shape, geometry=geometry),
              "embed_region")
math_function(_put_region_array, lambda g, v, geometry: _put_region(g, v, geometry=geometry),
              "put_region")


def record_view_inplace(op, view, before, inputs, attrs):
    """Record `op` applied in place to `view`: the base gets a CopySlices node and the
    view a node that reads its gradient out of the base's."""
    Tensor = _op.Tensor
    base = view._base
    fn = record(op, inputs, attrs, Tensor._make(view._data))
    if fn is None:
        return
    geometry = _geometry(view._data, base._data)
    meta = ((base._data.shape, base._data.dtype),)
    base._attach(CopySlices(base._edge() or _NO_EDGE, fn, geometry, meta))
    view._attach(AsStridedBackward0((base._grad_fn, 0), geometry, meta[0],
                                    ((view._data.shape, view._data.dtype),)))
    view._view_of = view._vc.value


def refresh_view(view):
    """Bring a view's grad_fn up to date after its memory was written in place through its
    base or through another view (the version counter moved on since the view's grad_fn was
    set): its gradient now flows out of the base's current node, like PyTorch's regenerated
    AsStridedBackward0."""
    base = view._base
    kind = getattr(view._grad_fn, "multi_view", None)
    if kind is not None:
        raise RuntimeError(f"Output {view._output_nr} of {kind} is a view and its base or "
                           "another view of its base has been modified inplace. This view is "
                           "the output of a function that returns multiple views. Such "
                           "functions do not allow the output views to be modified inplace. "
                           "You should replace the inplace operation by an out-of-place one.")
    view._view_of = view._vc.value
    edge = base._edge()
    if edge is not None:
        geometry = _geometry(view._data, base._data)
        view._attach(AsStridedBackward0(edge, geometry, (base._data.shape, base._data.dtype),
                                        ((view._data.shape, view._data.dtype),)))


math_function(np.zeros_like, lambda g: _zeros_like_tensor(g), "zeros_like")
math_function(lambda x: np.sum(x), lambda x: _sum_all_tensor(x), "sum_all")


def _zeros_like_tensor(g):
    Tensor = _op.Tensor
    return Tensor._make(np.zeros_like(g._data))


def _sum_all_tensor(x):
    from .reduction import sum
    return sum(x)


def _sum_leading(x, keep):
    return x.reshape((-1,) + x.shape[x.ndim - keep:]).sum(0) if x.ndim > keep else x


math_function(lambda x, shape: x.reshape(shape), reshape, "reshape")
math_function(lambda x, shape: np.broadcast_to(x, shape), expand, "expand")
math_function(lambda x: x.T, t, "t")
math_function(lambda x: np.swapaxes(x, -1, -2), lambda x: transpose(x, -2, -1), "mT")
math_function(_transpose_forward, transpose, "transpose")
math_function(lambda x, dims: np.transpose(x, dims), permute, "permute")
math_function(lambda x, dim: np.expand_dims(x, dim), unsqueeze, "unsqueeze")
math_function(lambda x, dim: np.squeeze(x, dim), squeeze, "squeeze")
math_function(lambda x, dim, start, length: x[_select_key(dim, slice(start, start + length))],
              narrow, "narrow")
math_function(lambda x, dim, i: x[_select_key(dim, i)], select, "select")
math_function(_sum_leading, lambda x, keep: _sum_leading_tensor(x, keep), "sum_leading")


def _sum_leading_tensor(x, keep):
    from .reduction import sum
    return sum(reshape(x, (-1,) + tuple(x._data.shape[x._data.ndim - keep:])), 0) \
        if x._data.ndim > keep else x



# --- more views and copies: movedim, split/chunk, flip, roll, repeat, tril/triu ------------
@method
def movedim(input, source, destination):
    return _movedim(input, source, destination, "movedim")


@method
def moveaxis(input, source, destination):
    return _movedim(input, source, destination, "moveaxis")


def _movedim(input, source, destination, name):
    if not (_args.is_int(source) and _args.is_int(destination) or
            isinstance(source, (tuple, list)) and isinstance(destination, (tuple, list))):
        _args.reject(name, (input, source, destination))
    n = input._data.ndim
    seq = (isinstance(source, (tuple, list)), isinstance(destination, (tuple, list)))
    src = tuple(source) if seq[0] else (source,)
    dst = tuple(destination) if seq[1] else (destination,)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source "
                           f"({list(src)} dims) should contain the same number of dims as "
                           f"destination ({list(dst)} dims)")
    if n == 0:              # a 0-dim tensor has one (virtual) dim to move
        for d in src + dst:
            _wrap(d, n)
        return _alias(input)
    src = tuple(_wrap(d, n) for d in src)
    dst = tuple(_wrap(d, n) for d in dst)
    order = [d for d in range(n) if d not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute(input, tuple(order))


class _PiecesBackward(Node):
    """One node for all the pieces split/chunk/unbind cut from a tensor, as in PyTorch:
    piece i is its output i, and the input's gradient is the pieces' gradients put back in
    place (zeros for pieces that got none)."""
    multi_view = None     # "Split" or "Unbind": PyTorch refuses in-place writes to the pieces

    def __init__(self, edge, meta, dim, keys, x_shape):
        Node.__init__(self, (edge,), meta)
        self.dim, self.keys, self.x_shape = dim, keys, x_shape

    def _apply(self, grads, create_graph):
        if create_graph:        # differentiable: the pieces joined back up
            parts = [g if g is not None else _zeros_tensor(shape, dtype)
                     for g, (shape, dtype) in zip(grads, self._meta)]
            return [stack(parts, self.dim) if self.multi_view == "Unbind" else
                    cat(parts, self.dim)]
        out = np.zeros(self.x_shape, self._meta[0][1] if self._meta else np.float32)
        for key, g in zip(self.keys, grads):
            if g is not None:
                out[key] = g
        return [out]


def _zeros_tensor(shape, dtype):
    Tensor = _op.Tensor
    return Tensor._make(np.zeros(shape, dtype))


SplitBackward0 = type("SplitBackward0", (_PiecesBackward,), {"multi_view": "Split"})
SplitWithSizesBackward0 = type("SplitWithSizesBackward0", (_PiecesBackward,),
                               {"multi_view": "SplitWithSizes"})
UnbindBackward0 = type("UnbindBackward0", (_PiecesBackward,), {"multi_view": "Unbind"})


def _pieces(input, dim, keys, node_class):
    """The views input[key] for each key, recorded as the outputs of one node."""
    Tensor = _op.Tensor
    from ..autograd import forward_ad
    datas = [input._data[key] for key in keys]
    pieces = tuple(Tensor._make(d, input) for d in datas)
    edge = input._edge() if _local.state.grad_enabled else None
    if edge is not None and input._dtype.differentiable:
        node = node_class(edge, tuple((d.shape, d.dtype) for d in datas), dim,
                          keys, input._data.shape)
        if _op._anomaly.state.enabled:
            node._trace = _op._anomaly.capture_stack()
        for i, piece in enumerate(pieces):
            piece._attach(node, i)
    tangent = getattr(input, "_tangent", None) if forward_ad.enabled() else None
    if tangent is not None:     # forward-mode AD: each piece's tangent is the same piece
        for key, piece in zip(keys, pieces):
            forward_ad.set_tangent(piece, tangent[key])
    return pieces


def unbind(input, dim=0):
    if not input._data.ndim:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = _wrap(dim, input._data.ndim)
    keys = [_select_key(dim, i) for i in range(input._data.shape[dim])]
    return _pieces(input, dim, keys, UnbindBackward0)


method(unbind, "unbind")


@method
def split(tensor, split_size_or_sections=None, dim=0, *, split_size=None):
    if split_size is not None:              # Tensor.split's name for it
        split_size_or_sections = split_size
    if not _args.is_int(split_size_or_sections) and \
            not isinstance(split_size_or_sections, (list, tuple)):
        # PyTorch's split hands anything but an int to split_with_sizes
        _args.reject("split_with_sizes", (tensor, split_size_or_sections, dim), method=False)
    if not tensor._data.ndim:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = _wrap(dim, tensor._data.ndim)
    size = tensor._data.shape[dim]
    if isinstance(split_size_or_sections, (list, tuple)):
        return split_with_sizes(tensor, split_size_or_sections, dim)
    step = split_size_or_sections
    if step == 0 and size:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                           f"dimension size of {size}")
    if step < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size="
                           f"{step}")
    starts = range(0, size, step) if size else [0]
    keys = [_select_key(dim, slice(s, s + builtins.min(step, size - s))) for s in starts]
    return _pieces(tensor, dim, keys, SplitBackward0)


@method
def split_with_sizes(input, split_sizes, dim=0):
    dim = _wrap(dim, input._data.ndim)
    size = input._data.shape[dim]
    sizes = [s.__index__() for s in split_sizes]
    if builtins.sum(sizes) != size or builtins.any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} "
                           f"(input tensor's size at dimension {dim}), but got split_sizes="
                           f"[{', '.join(map(str, sizes))}]")
    keys = [_select_key(dim, slice(s, s + n)) for s, n in zip(_offsets(sizes), sizes)]
    return _pieces(input, dim, keys, SplitWithSizesBackward0)


@method
def chunk(input, chunks, dim=0):
    if type(chunks) is not int or type(dim) is not int:
        _check_ints("chunk", input, chunks=chunks, dim=dim)
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if not input._data.ndim:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    size = input._data.shape[_wrap(dim, input._data.ndim)]
    if not size:    # an empty dim: `chunks` empty pieces, as PyTorch's split_with_sizes
        return split_with_sizes(input, [0] * chunks, dim)
    return split(input, -(-size // chunks), dim)


_flip = Op("FlipBackward0", lambda x, dims: np.flip(x, dims) if x.ndim else x.copy(),
           lambda g, dims, m: m.flip_dims(g, dims), inputs="x", dtype=None)


@method
def flip(input, *args, dims=None):
    if dims is not None and not isinstance(dims, (tuple, list)):
        raise TypeError(f"flip(): argument 'dims' must be tuple of ints, not "
                        f"{type(dims).__name__}")
    dims = _shape_arg(input, args, dims, "flip", "dims")
    n = input._data.ndim
    wrapped = tuple(_wrap(d, n) for d in dims)
    for d in wrapped:
        if wrapped.count(d) > 1:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return _flip(input, dims=wrapped)


math_function(lambda x, dims: np.flip(x, dims) if x.ndim else x,
              lambda x, dims: flip(x, dims), "flip_dims")


def _roll_forward(x, shifts, dims):
    if dims is None:
        return np.roll(x.reshape(-1), shifts).reshape(x.shape)
    return np.roll(x, shifts, dims)


_roll = Op("RollBackward0", _roll_forward,
           lambda g, shifts, dims, m: m.roll(g, tuple(-s for s in shifts), dims), inputs="x",
           dtype=None)


@method
def roll(input, shifts, dims=None):
    if not _args.is_ints(shifts) or dims is not None and not _args.is_ints(dims):
        _args.reject_bound("roll", (input,), {"shifts": shifts, "dims": dims})
    if not input._data.ndim and dims is not None:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    shifts = tuple(shifts) if isinstance(shifts, (list, tuple)) else (shifts,)
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               "dims:0")
        return _roll(input, shifts=shifts, dims=None)
    dims = tuple(dims) if isinstance(dims, (list, tuple)) else (dims,)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                           f"dims:{len(dims)}")
    return _roll(input, shifts=shifts, dims=tuple(_wrap(d, input._data.ndim) for d in dims))


math_function(_roll_forward, lambda x, shifts, dims: _roll(x, shifts=shifts, dims=dims),
              "roll")


def _repeat_grad(g, x_shape, reps, m):
    """Sum the tiles back: view g as (r0, s0, r1, s1, ...) and sum over the r axes."""
    padded = (1,) * (len(reps) - len(x_shape)) + tuple(x_shape)
    split = []
    for r, s in zip(reps, padded):
        split += [r, s]
    summed = m.sum_keepdim(m.reshape(g, tuple(split)), tuple(range(0, 2 * len(reps), 2)))
    return m.reshape(summed, x_shape)


_repeat = Op("RepeatBackward0", lambda x, reps: np.tile(x, reps), _repeat_grad, inputs="x",
             dtype=None)


@method
def repeat(input, *sizes, repeats=None):
    reps = _shape_arg(input, sizes, repeats, "repeat", "repeats")
    if len(reps) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    padded = (1,) * (len(reps) - input._data.ndim) + input._data.shape
    target = [r * s for r, s in zip(reps, padded)]
    if builtins.any(n < 0 for n in target):
        bad = next(n for n in target if n < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {bad}: "
                           f"[{', '.join(map(str, target))}]")
    _backend.check_alloc(input._dtype.itemsize, target)
    return _repeat(input, reps=reps)


@method
def tile(input, *dims):
    reps = _shape_arg(input, dims, None, "tile", "dims")
    # fewer dims than the tensor has: ones in front, then repeat
    return repeat(input, (1,) * (input._data.ndim - len(reps)) + reps)


def broadcast_shapes(*shapes):
    """The shape the given shapes broadcast to, with PyTorch's errors."""
    lengths = [1 if _args.is_int(s) else len(s) for s in shapes
               if _args.is_int(s) or isinstance(s, (tuple, list))]
    result = [1] * builtins.max(lengths, default=0)
    for index, shape in enumerate(shapes):
        if _args.is_int(shape):
            shape = (shape,)
        if not isinstance(shape, (tuple, list)):
            raise RuntimeError("Input shapes should be of type ints, a tuple of ints, or a list "
                               f"of ints, got {shape}")
        for i in range(-1, -1 - len(shape), -1):
            if shape[i] == 1 or shape[i] == result[i]:
                continue
            if result[i] != 1 or shape[i] < 0:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {shape[i]} at "
                                   f"{i}! Mismatching argument at index {index} had "
                                   f"{tuple(shape)}; but expected shape should be broadcastable "
                                   f"to {result}")
            result[i] = shape[i]
    from .._tensor import Size
    return Size(result)


def broadcast_tensors(*tensors):
    """Every tensor expanded to the shape they broadcast to (views, as expand gives)."""
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        tensors = tuple(tensors[0])
    for i, t in enumerate(tensors):
        if not isinstance(t, _op.Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{_args.type_name(t)}")
    shape = ()
    for t in tensors:
        try:
            shape = np.broadcast_shapes(shape, t._data.shape)
        except ValueError:
            _op.raise_shapes_error(shape, t._data.shape)
    return tuple(expand(t, shape) for t in tensors)


def _stack_like(tensors, name, least, dim):
    """hstack and vstack: cat of the tensors made at least `least`-dimensional."""
    tensors = _tensor_list(tensors, 0, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    shaped = [reshape(t, (1,) * (least - t._data.ndim) + t._data.shape)
              if t._data.ndim < least else t for t in tensors]
    if dim is None:      # hstack: along dim 0 for 1-D tensors, else dim 1
        dim = 0 if shaped[0]._data.ndim == 1 else 1
    return cat(shaped, dim)


@accepts_out
def hstack(tensors):
    return _stack_like(tensors, "hstack", 1, None)


@accepts_out
def vstack(tensors):
    return _stack_like(tensors, "vstack", 2, 0)


@method
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    Tensor = _op.Tensor
    if repeats is None:            # repeat_interleave(repeats): indices repeated
        counts = input._data
        return Tensor._make(np.repeat(np.arange(counts.shape[0]), counts).astype(np.int64))
    if dim is None:
        input, dim = flatten(input), 0
    dim = _wrap(dim, input._data.ndim)
    if isinstance(repeats, Tensor):
        counts = repeats._data.reshape(-1)
        size = input._data.shape[dim]
        if counts.size == 1:
            counts = np.repeat(counts, size)
        elif counts.size != size:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                               f"repeats.size(0) = {counts.size} and input.size({dim}) = {size}")
        from .indexing import index_select
        index = Tensor._make(np.repeat(np.arange(size), counts).astype(np.int64))
        return index_select(input, dim, index)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    shape = input._data.shape
    wide = expand(unsqueeze(input, dim + 1), shape[:dim + 1] + (repeats,) + shape[dim + 1:])
    return view(_clone(wide), shape[:dim] + (shape[dim] * repeats,) + shape[dim + 1:])


def _tri(node, fn):
    def forward(x, diagonal):
        return fn(x, diagonal)
    return Op(node, forward, lambda g, diagonal, m: getattr(m, fn.__name__)(g, diagonal),
              inputs="x", dtype=None)


_tril = _tri("TrilBackward0", np.tril)
_triu = _tri("TriuBackward0", np.triu)


def _tri_check(input, name):
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


@method
@accepts_out
def tril(input, diagonal=0):
    _tri_check(input, "tril")
    return _tril(input, diagonal=diagonal)


@method
@accepts_out
def triu(input, diagonal=0):
    _tri_check(input, "triu")
    return _triu(input, diagonal=diagonal)


math_function(np.tril, tril, "tril")
math_function(np.triu, triu, "triu")


# --- in-place shape changes: self takes the new shape, its grad_fn the op's node ----------
_unsqueeze_inplace = Op("UnsqueezeBackward1", _unsqueeze.forward, _unsqueeze.derivatives[0],
                        inputs="x", dtype=None)
_squeeze_all_inplace = Op("SqueezeBackward3", _squeeze_all.forward,
                          _squeeze_all.derivatives[0], inputs="x", dtype=None)
_squeeze_dim_inplace = Op("SqueezeBackward4", _squeeze_dim.forward,
                          _squeeze_dim.derivatives[0], inputs="x", dtype=None)
_transpose_inplace = Op("TransposeBackward1", _transpose.forward, _transpose.derivatives[0],
                        inputs="x", dtype=None)
_t_inplace = Op("TBackward1", _t.forward, _t.derivatives[0], inputs="x", dtype=None)


def _reshape_inplace(self, op, name, **attrs):
    check_inplace(self)
    result = op(self, **attrs)
    self._rebind(result._data)
    self._written(name)
    if result._grad_fn is not None:
        self._attach(result._grad_fn)
    tangent = getattr(result, "_tangent", None)
    if tangent is not None:         # forward-mode AD: the tangent takes the new shape too
        from ..autograd import forward_ad
        forward_ad.set_tangent(self, tangent)
    return self


@method
def unsqueeze_(input, dim):
    return _reshape_inplace(input, _unsqueeze_inplace, "unsqueeze_",
                            dim=_wrap(dim, input._data.ndim + 1))


@method
def squeeze_(input, dim=None):
    if dim is None:
        return _reshape_inplace(input, _squeeze_all_inplace, "squeeze_")
    dims = (dim,) if isinstance(dim, builtins.int) else tuple(dim)
    dims = tuple(d for d in (_wrap(d, input._data.ndim) for d in dims)
                 if input._data.ndim and input._data.shape[d] == 1)
    return _reshape_inplace(input, _squeeze_dim_inplace, "squeeze_", dims=dims)


@method
def transpose_(input, dim0, dim1):
    n = input._data.ndim
    return _reshape_inplace(input, _transpose_inplace, "transpose_", dim0=_wrap(dim0, n),
                            dim1=_wrap(dim1, n))


@method
def t_(input):
    if input._data.ndim > 2:
        raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is "
                           f"{input._data.ndim}D")
    return _reshape_inplace(input, _t_inplace, "t_")


@method
def tril_(input, diagonal=0):
    _tri_check(input, "tril")
    return apply_inplace(_tril, "tril_", input, diagonal=diagonal)


@method
def triu_(input, diagonal=0):
    _tri_check(input, "triu")
    return apply_inplace(_triu, "triu_", input, diagonal=diagonal)
