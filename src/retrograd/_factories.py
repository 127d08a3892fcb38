"""Creating tensors: from data, filled, ranges, and random (PyTorch's streams)."""
import builtins
import ctypes
import math
import numbers
import operator
import sys
import warnings

import numpy as np

from . import _args, _backend, _device, _dtype, _parallel, _rng, _warnings
from ._tensor import Tensor
from .random import default_generator
from .ops._op import Op, apply_inplace, method, promote
from .ops.pointwise import _not_differentiable, _write_out, accepts_out

__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "from_dlpack", "zeros", "ones", "empty", "full",
           "zeros_like", "ones_like", "empty_like", "full_like", "arange", "range", "linspace",
           "logspace", "eye", "rand", "randn", "randint", "randperm", "rand_like", "randn_like",
           "randint_like", "normal", "bernoulli", "multinomial", "binomial", "poisson",
           "result_type", "can_cast"]


def _factory_out(fn):
    """A factory's `out=`: resized without a warning, as PyTorch's factories do."""
    return accepts_out(fn, warn=False)


def _finish(data, requires_grad, capital=True):
    t = Tensor._make(data)
    if requires_grad:
        if not t._dtype.differentiable:
            raise RuntimeError(("Only" if capital else "only") + " Tensors of floating point and "
                               "complex dtype can require gradients")
        t._requires_grad = True
    return t


def _size(size, name="empty", position=1, keyword=False):
    """`f(2, 3)`, `f((2, 3))`, `f([2, 3])`, `f(torch.Size(...))` all mean shape (2, 3);
    anything else gets the error PyTorch's factory `name` gives."""
    shape = _args.size(size, name, position=position, keyword=keyword)
    for s in shape:
        if s < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"[{', '.join(map(str, shape))}]")
    return shape


def _size_of(args, size, name):
    """The shape given positionally (`zeros(2, 3)`) or as `size=`."""
    if size is not None:
        if args:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        return _size((size,), name, keyword=True)
    return _size(args, name)


def _np(dtype, default=None):
    d = dtype or default or _dtype.get_default_dtype()
    return d.np


def _allocating(shape, dtype):
    """`shape` after PyTorch's check that a tensor of it can be allocated at all."""
    _backend.check_alloc((dtype or _dtype.get_default_dtype()).itemsize, shape)
    return shape


# --- tensor(data): PyTorch's walk over nested Python data ---------------------------------
# (torch/csrc/utils/tensor_new.cpp): the shape from the first element of each level, the
# dtype inferred from every element, then each element stored with its dtype's conversion.

def _is_level(obj):
    """What the walk descends into: sequences (not strings, not tensors: a tensor inside
    a list is one number), including any object with the sequence protocol (a pandas
    Series), which PyTorch reads element by element."""
    if isinstance(obj, (list, tuple, builtins.range)):
        return True
    if isinstance(obj, np.ndarray):
        return obj.ndim > 0
    kind = type(obj)
    return hasattr(kind, "__len__") and hasattr(kind, "__getitem__") and not isinstance(
        obj, (str, bytes, dict, Tensor, np.generic))


def _shape_of(data):
    shape = []
    seq = data
    while _is_level(seq) or isinstance(seq, str) and shape:
        if isinstance(seq, str):       # a string is a sequence of strings, without end
            raise ValueError("too many dimensions 'str'")
        shape.append(len(seq))
        if not len(seq):
            break
        seq = seq[0]
    return shape


def _flatten(data, shape):
    """The elements of nested `data` in order, each level checked against `shape`."""
    flat = []
    if shape:
        _walk(data, shape, 0, flat)
    else:
        flat.append(data)
    return flat


def _walk(obj, shape, dim, flat):
    if not _is_level(obj):
        raise TypeError("not a sequence")
    if len(obj) != shape[dim]:
        raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} "
                         f"(got {len(obj)})")
    if dim == len(shape) - 1:
        flat.extend(obj)
    else:
        for item in obj:
            _walk(item, shape, dim + 1, flat)


_PLAIN = {builtins.int: 1, builtins.float: 2, builtins.bool: 0}


def _infer_dtype(obj):
    """PyTorch's dtype for one element (or a whole nested sequence): Python numbers by
    kind, tensors and NumPy values by their dtype, promoted over a sequence."""
    kind = _PLAIN.get(type(obj))
    if kind is not None:
        return (_dtype.bool, _dtype.int64, _dtype.get_default_dtype())[kind]
    if isinstance(obj, Tensor):
        return obj._dtype
    if isinstance(obj, (np.ndarray, np.generic)):
        return _dtype.from_numpy_dtype(obj.dtype)
    if isinstance(obj, builtins.bool):
        return _dtype.bool
    if isinstance(obj, numbers.Integral):
        return _dtype.int64
    if isinstance(obj, numbers.Real):
        return _dtype.get_default_dtype()
    if isinstance(obj, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(obj).__name__}'")
    if _is_level(obj):
        if not len(obj):
            return _dtype.get_default_dtype()
        kinds = {_PLAIN.get(type(x), -1) for x in obj}
        if -1 not in kinds:        # plain Python numbers: the highest kind
            return (_dtype.bool, _dtype.int64, _dtype.get_default_dtype())[builtins.max(kinds)]
        result = None
        for item in obj:
            d = _infer_dtype(item)
            result = d if result is None else _dtype.promote_types(result, d)
        return result
    raise RuntimeError(f"Could not infer dtype of {type(obj).__name__}")


def _as_number(item, dtype):
    """One element as the Python number stored for `dtype` (its errors PyTorch's)."""
    if dtype.category == 2:
        if isinstance(item, (numbers.Real, Tensor)) or hasattr(item, "__float__"):
            return float(item)
        raise TypeError(f"must be real number, not {_args.type_name(item)}")
    if dtype.category == 0:
        return bool(item)
    if isinstance(item, builtins.float):   # Python floats truncate, checked for range
        _dtype.check_fits(item, dtype, cpp=False)
        return int(item)
    value = operator.index(item)
    if not -2**63 <= value < 2**63:
        raise ValueError("Overflow when unpacking long long")
    _dtype.check_fits(value, dtype, cpp=False)
    return value


def _from_sequence(data, dtype):
    shape = _shape_of(data)
    dtype = dtype or _infer_dtype(data)     # (a given dtype: each element converted to it)
    flat = _flatten(data, shape) if math.prod(shape) else []
    kinds = {_PLAIN.get(type(x), -1) for x in flat}
    if -1 in kinds or dtype.category == 1:
        flat = [_as_number(x, dtype) for x in flat]
    if dtype.category == 1:    # checked to fit; negative ints wrap into unsigned dtypes
        return np.array(flat, dtype=np.int64).astype(dtype.np).reshape(shape)
    with np.errstate(over="ignore"):      # 1e40 as float32 is inf, silently
        return np.array(flat, dtype=dtype.np).reshape(shape)


def _from_array(arr, dtype):
    if arr.dtype.byteorder not in "=|" and arr.dtype.byteorder != _NATIVE:
        raise ValueError("given numpy array has byte order different from the native byte "
                         "order. Conversion between byte orders is currently not supported.")
    d = _dtype.from_numpy_dtype(arr.dtype)
    with np.errstate(all="ignore"):      # nan to an integer dtype: what the cast gives
        return np.array(arr, dtype=(dtype or d).np, copy=True)


_NATIVE = "<" if sys.byteorder == "little" else ">"


def _to_array(data, dtype):
    if isinstance(data, Tensor):
        with np.errstate(all="ignore"):
            return np.array(data._data, dtype=(dtype or data._dtype).np, copy=True)
    if isinstance(data, np.ndarray):
        return _from_array(data, dtype)
    if isinstance(data, np.generic):
        return _from_array(np.asarray(data), dtype)
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    if hasattr(data, "__array__") and not _is_level(data):   # an array-like object
        return _from_array(np.asarray(data), dtype)
    return _from_sequence(data, dtype)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of `data` (nested lists, numbers, arrays, tensors)."""
    _device.check(device)
    dtype = _args.dtype(dtype, "tensor")
    if not isinstance(requires_grad, builtins.bool):
        raise TypeError(f"tensor(): argument 'requires_grad' must be bool, not "
                        f"{_args.type_name(requires_grad)}")
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use "
                      "sourceTensor.detach().clone() or sourceTensor.detach().clone()"
                      ".requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
    return _finish(_to_array(data, dtype), requires_grad)


def as_tensor(data, dtype=None, device=None):
    """Like `tensor`, but shares memory with a tensor or ndarray when the dtype allows."""
    _device.check(device)
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data._dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.np == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


asarray = as_tensor


def from_numpy(ndarray):
    """A tensor sharing memory with `ndarray`."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {_args.type_name(ndarray)})")
    if ndarray.dtype.byteorder not in "=|" and ndarray.dtype.byteorder != _NATIVE:
        raise ValueError("given numpy array has byte order different from the native byte "
                         "order. Conversion between byte orders is currently not supported.")
    _dtype.from_numpy_dtype(ndarray.dtype)
    if any(s < 0 for s in ndarray.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and "
                         "tensors with negative strides are not currently supported. (You can "
                         "probably work around this by making a copy of your array  with "
                         "array.copy().) ")
    if not ndarray.flags.writeable:
        _warnings.warn_once(NOT_WRITABLE)
        ndarray = _writable_view(ndarray)
    return Tensor._make(ndarray)


NOT_WRITABLE = ("The given NumPy array is not writable, and PyTorch does not support "
                "non-writable tensors. This means writing to this tensor will result in "
                "undefined behavior. You may want to copy the array to protect its data or "
                "make it writable before converting it to a tensor. This type of warning will "
                "be suppressed for the rest of this program.")


def _writable_view(a):
    """PyTorch writes into a read-only array's memory anyway; so does retrograd, through a
    view that may write, where the memory is NumPy's own (heap). Memory NumPy borrowed (a
    file mapped read-only, bytes) stays read-only: writing there would crash."""
    owner = a
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    if owner.base is not None or not owner.flags.owndata:
        return a
    memory = (ctypes.c_char * owner.nbytes).from_address(owner.ctypes.data)
    memory.owner = owner     # the view's buffer keeps the array's memory alive
    return np.ndarray(a.shape, a.dtype, buffer=memory, strides=a.strides,
                      offset=a.ctypes.data - owner.ctypes.data)


def from_dlpack(ext_tensor):
    """A tensor sharing memory with `ext_tensor`: any object with `__dlpack__` (an
    ndarray, another library's tensor) or a DLPack capsule (read-only here: NumPy
    imports a bare capsule so)."""
    if not hasattr(ext_tensor, "__dlpack__"):   # a capsule: NumPy reads only objects
        ext_tensor = _Capsule(ext_tensor)
    return Tensor._make(np.from_dlpack(ext_tensor))


class _Capsule:
    """A bare DLPack capsule dressed as the object `np.from_dlpack` reads."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, stream=None, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)   # kDLCPU


def _filled(shape, value, dtype, requires_grad, device, name):
    if requires_grad is not False and requires_grad is not True:
        raise TypeError(f"{name}(): argument 'requires_grad' must be bool, not "
                        f"{_args.type_name(requires_grad)}")
    if not isinstance(value, (numbers.Number, Tensor)):
        raise TypeError(f"{name}(): argument 'fill_value' (position 2) must be Number, not "
                        f"{_args.type_name(value)}")
    _device.check(device)
    dtype = _args.dtype(dtype, name) or _dtype.get_default_dtype()
    if isinstance(value, (int, float)):
        value = _dtype.fill_value(value, dtype, wide=True)
    return _finish(np.full(_allocating(shape, dtype), value, dtype=dtype.np), requires_grad)


@_factory_out
def zeros(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False):
    return _filled(_size_of(args, size, "zeros"), 0, dtype, requires_grad, device, "zeros")


@_factory_out
def ones(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False):
    return _filled(_size_of(args, size, "ones"), 1, dtype, requires_grad, device, "ones")


@_factory_out
def empty(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False,
          memory_format=None, pin_memory=False):
    # zero-filled: uninitialised memory would make results depend on chance
    return _filled(_size_of(args, size, "empty"), 0, dtype, requires_grad, device, "empty")


@_factory_out
def full(size, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False):
    if not isinstance(size, (tuple, list)):     # full's size is never a bare int
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{_args.type_name(size)}")
    shape = _size((size,), "full")
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value.item() if isinstance(fill_value, Tensor)
                                    else fill_value)
    return _filled(shape, fill_value, dtype, requires_grad, device, "full")


# --- tensor.new_*(size): a new tensor of the tensor's dtype ------------------------------
@method
def new_zeros(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    return _filled(_size_of(size, None, "new_zeros"), 0, dtype or self._dtype, requires_grad,
                   device, "new_zeros")


@method
def new_ones(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    return _filled(_size_of(size, None, "new_ones"), 1, dtype or self._dtype, requires_grad,
                   device, "new_ones")


@method
def new_empty(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    # zero-filled, as torch.empty here
    return _filled(_size_of(size, None, "new_empty"), 0, dtype or self._dtype, requires_grad,
                   device, "new_empty")


@method
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    return _filled(_size((size,), "new_full"), fill_value, dtype or self._dtype,
                   requires_grad, device, "new_full")


def _like(t, dtype, name):
    """The dtype of a `*_like(t, dtype=...)` call, with its arguments checked."""
    if not isinstance(t, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{_args.type_name(t)}")
    return _args.dtype(dtype, name) or t._dtype


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    dtype = _like(input, dtype, "zeros_like")
    return zeros(input._data.shape, dtype=dtype, requires_grad=requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    dtype = _like(input, dtype, "ones_like")
    return ones(input._data.shape, dtype=dtype, requires_grad=requires_grad)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    dtype = _like(input, dtype, "empty_like")
    return empty(input._data.shape, dtype=dtype, requires_grad=requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    dtype = _like(input, dtype, "full_like")
    return full(input._data.shape, fill_value, dtype=dtype, requires_grad=requires_grad)


# `t.new_ones(2, 3)`, `t.new_tensor(data)`, ...: a new tensor with t's dtype unless told
def _new_filled(value, name):
    def new(self, *args, size=None, dtype=None, layout=None, device=None, requires_grad=False,
            pin_memory=False):
        shape = _size_of(args, size, name)
        return _filled(shape, value, dtype or self._dtype, requires_grad, device, name)
    new.__name__ = name
    return method(new)


new_zeros = _new_filled(0, "new_zeros")
new_ones = _new_filled(1, "new_ones")
new_empty = _new_filled(0, "new_empty")


@method
def new_full(self, size, fill_value, *, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    if not isinstance(size, (tuple, list)):     # as full's, a size is never a bare int
        raise TypeError(f"new_full(): argument 'size' (position 1) must be tuple of ints, "
                        f"not {_args.type_name(size)}")
    shape = _size((size,), "new_full")
    return _filled(shape, fill_value, dtype or self._dtype, requires_grad, device, "new_full")


@method
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    return tensor(data, dtype=dtype or self._dtype, device=device, requires_grad=requires_grad)


def _scalar(v):
    return v.item() if isinstance(v, Tensor) else v


def _fma(a, b, c):
    """a * b + c in float64 rounded once, as a fused multiply-add: the exact product
    (Dekker's split) and sum (Knuth's two-sum) kept as a double-double, then added."""
    p = a * b
    split = lambda x: (lambda t: (t - (t - x), x - (t - (t - x))))(134217729.0 * x)
    (ah, al), (bh, bl) = split(a), split(b)
    p_err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = p + c
    back = s - p
    s_err = (p - (s - back)) + (c - back)
    return s + (s_err + p_err)


_GRAIN_SIZE = 32768     # ATen's parallel_for splits work into chunks of at least this


def _arange_kernel(start, step, n, np_dtype):
    """PyTorch's CPU arange for float and double, value for value: each vector of `lanes`
    values starts from base = start + step * index (one fused multiply-add in double,
    rounded to the dtype) and holds base + k * step (fused, then rounded); a chunk's last
    values that fill no pair of vectors are start + step * index each."""
    lanes = 8 if np_dtype == np.float32 else 4
    index = np.arange(n, dtype=np.float64)
    out = _fma(index, step, start).astype(np_dtype)     # the scalar path
    tasks = builtins.max(1, builtins.min(_parallel.threads[0], -(-n // _GRAIN_SIZE)))
    chunk = -(-n // tasks) if n else 0
    for begin in builtins.range(0, n, chunk or 1):
        vectorised = (builtins.min(chunk, n - begin) // (2 * lanes)) * 2 * lanes
        if vectorised:
            first = begin + np.arange(0, vectorised, lanes, dtype=np.float64)
            base = _fma(first, step, start).astype(np_dtype).astype(np.float64)
            k = np.arange(lanes, dtype=np.float64)
            values = _fma(k[None, :], step, base[:, None]).astype(np_dtype)
            out[begin:begin + vectorised] = values.ravel()
    return out


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False):
    """Values from `start` up to (not including) `end`: int64 if all bounds are integers,
    else the default float; computed in float64 and rounded, as PyTorch's kernel does."""
    _device.check(device)
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    given = (("start", start), ("end", end), ("step", step))
    if end is None:
        start, end = 0, start
        given = (("end", end),)
    if not _args.is_dtype(dtype) or type(requires_grad) is not bool or not builtins.all(
            isinstance(v, numbers.Number) for _, v in given):
        bounds = tuple(v for _, v in given)
        if len(bounds) == 3 and step == 1:       # the default step, not given
            bounds = bounds[:2]
        _args.reject_bound("arange", bounds, None,
                           {"dtype": dtype, "requires_grad": requires_grad})
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if step == 0 or step != step:
        raise RuntimeError("step must be nonzero")
    dtype = _args.dtype(dtype, "arange")
    if dtype is _dtype.bool:
        raise NotImplementedError('"arange_cpu" not implemented for \'Bool\'')
    if dtype is None:
        is_int = all(isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, bool)
                     or isinstance(v, bool) for v in (start, end, step))
        dtype = _dtype.int64 if is_int else _dtype.get_default_dtype()
    if not dtype.is_floating_point and int(step) == 0:
        raise ValueError("step must be nonzero")      # a fractional step for an int dtype
    n = math.ceil((end - start) / step)
    if (step > 0 and start > end) or (step < 0 and start < end):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = builtins.max(n, 0)
    _backend.check_alloc(dtype.itemsize, (n,))
    if dtype in (_dtype.float32, _dtype.float64):
        data = _arange_kernel(float(start), float(step), n, dtype.np)
    elif dtype.is_floating_point:
        data = (start + np.arange(n, dtype=np.float64) * step).astype(dtype.np)
    else:
        data = (start + np.arange(n, dtype=np.int64) * int(step)).astype(dtype.np)
    result = _finish(data, requires_grad)
    if out is not None and out.numel() != n:    # arange's own words for a resized out=
        warnings.warn(f"The number of elements in the out tensor of shape {list(out.shape)} is "
                      f"{out.numel()} which does not match the computed number of elements {n}. "
                      "Note that this may occur as a result of rounding error. The out tensor "
                      f"will be resized to a tensor of shape ({n},).", UserWarning, stacklevel=2)
    return _write_out(result, out, "arange", warn=False)


def range(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated torch.range: includes `end`, default float."""
    if end is None:
        start, end = 0, start
    n = int(math.floor((end - start) / step)) + 1
    data = (start + np.arange(n, dtype=np.float64) * step).astype(_np(dtype))
    return _finish(data, requires_grad)


@_factory_out
def linspace(start, end, steps=None, *, dtype=None, layout=None, device=None,
             requires_grad=False):
    """`steps` evenly spaced values; each half is stepped from its own end, as PyTorch does."""
    _check_space("linspace", start, end, steps, dtype)
    _device.check(device)
    start, end = _scalar(start), _scalar(end)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    _allocating((steps,), dtype)
    d = _np(dtype)
    if steps == 1:
        return _finish(np.array([start], dtype=d), requires_grad)
    work = d if np.dtype(d).kind == "f" else np.float64
    s, e = np.asarray(start, work), np.asarray(end, work)
    step = (e - s) / np.asarray(steps - 1, work)
    i = np.arange(steps)
    half = steps // 2
    lo = s + step * i[:half].astype(work)
    hi = e - step * (steps - 1 - i[half:]).astype(work)
    data = np.concatenate([lo, hi]).astype(d)
    return _finish(data, requires_grad)


def logspace(start, end, steps=None, base=10.0, *, dtype=None, device=None,
             requires_grad=False):
    _check_space("logspace", start, end, steps, dtype, base=base)
    lin = linspace(start, end, steps, dtype=_dtype.float64)._data
    return _finish((base ** lin).astype(_np(dtype)), requires_grad)


def _check_space(name, start, end, steps, dtype, **base):
    """PyTorch's argument errors for linspace and logspace."""
    if steps is None or type(steps) is not int and not _args.is_int(steps) or \
            not _args.is_dtype(dtype) or not builtins.all(
                isinstance(v, (numbers.Number, Tensor)) for v in (start, end, *base.values())):
        _args.reject_bound(name, (start, end) + (() if steps is None else (steps,)), None,
                           {"dtype": dtype, **base})


@_factory_out
def eye(n, m=None, *, dtype=None, layout=None, device=None, requires_grad=False):
    if not _args.is_int(n) or m is not None and not _args.is_int(m) or \
            not _args.is_dtype(dtype):
        _args.reject_bound("eye", (n,), {"m": m}, {"dtype": dtype})
    _device.check(device)
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    _allocating((n, n if m is None else m), dtype)
    return _finish(np.eye(n, n if m is None else m, dtype=_np(dtype)), requires_grad)


# --- random -------------------------------------------------------------------------------
def _gen(generator):
    return generator if generator is not None else default_generator


def _check_random(name, args, generator, dtype, **keywords):
    """PyTorch's argument errors for a random factory given a generator or dtype that is
    not one."""
    if generator is not None and not isinstance(generator, _rng.Generator) or \
            dtype is not None and type(dtype) is not _dtype.dtype:
        _args.reject_bound(name, args, None, dict(generator=generator, dtype=dtype,
                                                  **keywords))


def _float_kernel(dtype, kernel):
    """Random floats into an integer dtype: PyTorch's kernels refuse."""
    if dtype is not None and not dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{dtype.scalar_name}\'')


@_factory_out
def rand(*args, size=None, generator=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    _device.check(device)
    _check_random("rand", args, generator, dtype, requires_grad=requires_grad)
    shape = _size_of(args, size, "rand")
    dtype = _args.dtype(dtype, "rand")
    _float_kernel(dtype, "check_uniform_bounds")
    return _finish(_gen(generator).uniform(_allocating(shape, dtype), _np(dtype)),
                   requires_grad)


@_factory_out
def randn(*args, size=None, generator=None, dtype=None, layout=None, device=None,
          requires_grad=False, pin_memory=False):
    _device.check(device)
    _check_random("randn", args, generator, dtype, requires_grad=requires_grad)
    shape = _size_of(args, size, "randn")
    dtype = _args.dtype(dtype, "randn")
    _float_kernel(dtype, "normal_kernel_cpu")
    return _finish(_gen(generator).normal(_allocating(shape, dtype), _np(dtype)),
                   requires_grad)


def randint(low=0, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, requires_grad=False):
    """`randint(high, size)` or `randint(low, high, size)`: int64 by default."""
    _device.check(device)
    position = 3
    if size is None and isinstance(high, (tuple, list)):
        low, high, size, position = 0, low, high, 2
    if size is None or generator is not None and not isinstance(generator, _rng.Generator) \
            or not _args.is_int(low) or not _args.is_int(high) or not _args.is_dtype(dtype):
        given = (low, high, size) if position == 3 else (high, size)
        _args.reject_bound("randint", tuple(v for v in given if v is not None), None,
                           dict(generator=generator, dtype=dtype, requires_grad=requires_grad))
    if high is None:
        low, high = 0, low
    if high <= low:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    d = _args.dtype(dtype, "randint") or _dtype.int64
    shape = _allocating(_size((size,), "randint", position), d)
    return _finish(_gen(generator).randint(low, high, shape, d.np), requires_grad)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    _device.check(device)
    n = _args.integer(n, "randperm", "n", 1)
    _allocating((n,), dtype or _dtype.int64)
    return _finish(_gen(generator).randperm(n, (dtype or _dtype.int64).np), requires_grad)


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    dtype = _like(input, dtype, "rand_like")
    return rand(input._data.shape, dtype=dtype, requires_grad=requires_grad)


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    dtype = _like(input, dtype, "randn_like")
    return randn(input._data.shape, dtype=dtype, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None):
    if high is None:
        low, high = 0, low
    return randint(low, high, input._data.shape, dtype=_like(input, dtype, "randint_like"))


def normal(mean=0.0, std=1.0, size=None, *, generator=None, out=None, dtype=None,
           layout=None, device=None, requires_grad=False):
    """PyTorch's overloads: float mean/std with `size`, or tensors (broadcast together)."""
    gen = _gen(generator)
    mt, st = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not mt and not st:
        if size is None or not isinstance(size, (tuple, list)) or \
                not builtins.all(_args.is_int(s) for s in size):
            _args.reject_bound("normal", (mean, std) + (() if size is None else (size,)), None,
                               {"generator": generator, "dtype": dtype})
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        return _finish(gen.normal(_size((size,), "normal", 3), _np(dtype), float(mean), float(std)),
                       requires_grad)
    shape = np.broadcast_shapes(mean._data.shape if mt else (), std._data.shape if st else ())
    ref = mean if mt else std
    if mt and not st:   # normal_(0, std) then + mean
        out = gen.normal(shape, ref._data.dtype, 0.0, float(std))
        return Tensor._make(np.asarray(out + mean._data, dtype=ref._data.dtype))
    out = gen.normal(shape, ref._data.dtype, 0.0, 1.0)
    out = np.asarray(out * std._data, dtype=ref._data.dtype)
    return Tensor._make(np.asarray(out + (mean._data if mt else mean), dtype=ref._data.dtype))




# --- in-place random fills: new values, no gradient to the old ones -----------------------
def _random_fill(name, node):
    """`t.<name>(...)`: overwrite t with fresh random values. Recorded like any in-place op,
    with a node whose gradient is zero (the result does not depend on the old values)."""
    op = Op(node, lambda x, values: values, lambda g, m: m.zeros_like(g), inputs="x",
            dtype=None)

    def fill(self, values):
        return apply_inplace(op, name, self, values=values)
    return fill


_uniform_fill = _random_fill("uniform_", "UniformBackward0")
_normal_fill = _random_fill("normal_", "NormalBackward0")
_exponential_fill = _random_fill("exponential_", "ExponentialBackward0")
_random_fills = {n: _random_fill("random_", f"RandomBackward{n}") for n in (0, 1, 2)}
_bernoulli_fill_tensor = _random_fill("bernoulli_", "BernoulliBackward1")
_bernoulli_fill_scalar = _random_fill("bernoulli_", "BernoulliBackward2")


@method
def uniform_(self, from_=0, to=1, *, generator=None):
    if not self._dtype.is_floating_point:
        raise NotImplementedError(f'"check_uniform_bounds" not implemented for '
                                  f"'{self._dtype.scalar_name}'")
    if from_ > to:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={from_} > to={to}")
    values = _gen(generator).uniform(self._data.shape, self._data.dtype, from_, to)
    return _uniform_fill(self, values)


@method
def normal_(self, mean=0, std=1, *, generator=None):
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    values = _gen(generator).normal(self._data.shape, self._data.dtype, mean, std)
    return _normal_fill(self, values)


@method
def exponential_(self, lambd=1, *, generator=None):
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    values = _gen(generator).exponential(self._data.shape, self._data.dtype, lambd)
    return _exponential_fill(self, values)


@method
def random_(self, from_=None, to=None, *, generator=None):
    """random_(): any integer the dtype holds (up to 2**24 / 2**53 for floats);
    random_(to): [0, to); random_(from, to): [from, to)."""
    if from_ is not None and to is None:
        low, high, kind = 0, from_, 1
    elif from_ is None:
        low, high, kind = None, None, 2
    else:
        low, high, kind = from_, to, 0
    if kind != 2 and low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    values = _gen(generator).random_(self._data.shape, self._data.dtype, low, high)
    return _random_fills[kind](self, values)


@method
def bernoulli_(self, p=0.5, *, generator=None):
    gen = _gen(generator)
    if isinstance(p, Tensor):
        values = gen.bernoulli_tensor(np.broadcast_to(p._data, self._data.shape),
                                      self._data.dtype)
        return _bernoulli_fill_tensor(self, values)
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    return _bernoulli_fill_scalar(self, gen.bernoulli_scalar(self._data.shape, p,
                                                             self._data.dtype))


_bernoulli_op = Op("BernoulliBackward0", lambda x, values: values,
                   lambda g, m: m.zeros_like(g), inputs="x", dtype=None)


def bernoulli(input, p=None, *, generator=None, out=None):
    """0/1 draws with probabilities `input` (or the number `p`), in input's dtype."""
    gen = _gen(generator)
    if p is not None:
        values = gen.bernoulli_scalar(input._data.shape, p, input._data.dtype)
    else:
        values = gen.bernoulli_tensor(input._data, input._data.dtype)
    return _bernoulli_op(input, values=values)


method(bernoulli, "bernoulli")


# the draws are recorded as PyTorch records them: Poisson's gradient is zero, Binomial's is
# not implemented
_poisson_op = Op("PoissonBackward0", lambda x, values: values, lambda g, m: m.zeros_like(g),
                 inputs="x", dtype=None)
_binomial_op = Op("NotImplemented", lambda x, y, values: values,
                  _not_differentiable("binomial"), _not_differentiable("binomial"), dtype=None)


def binomial(count, prob, generator=None):
    """Binomial draws: `count` trials each with success probability `prob`."""
    return _binomial_op(count, prob, values=_gen(generator).binomial(count._data, prob._data))


def poisson(input, generator=None):
    """Poisson draws with rates `input`, in input's dtype."""
    return _poisson_op(input, values=_gen(generator).poisson(input._data))


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    return Tensor._make(_gen(generator).multinomial(input._data, num_samples, replacement))


method(multinomial, "multinomial")


# --- dtype questions ----------------------------------------------------------------------
def result_type(tensor, other):
    """The dtype an arithmetic op on `tensor` and `other` (tensors or numbers) computes in."""
    if not isinstance(tensor, Tensor) and not isinstance(other, Tensor) and not (
            isinstance(tensor, numbers.Number) and isinstance(other, numbers.Number)):
        raise TypeError(f"result_type() received an invalid combination of arguments - got "
                        f"({type(tensor).__name__}, {type(other).__name__}), but expected one "
                        "of:\n * (Tensor tensor, Tensor other)\n * (Number scalar, Tensor "
                        "tensor)\n * (Tensor tensor, Number other)\n * (Number scalar1, Number "
                        "scalar2)\n")
    return promote((tensor, other))


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow from_ -> to: never down a category (float to
    int, int to bool); within a category anything goes."""
    if type(from_) is not _dtype.dtype or type(to) is not _dtype.dtype:
        _args.reject("can_cast", (from_, to))
        from_, to = _args.dtype(from_, "can_cast"), _args.dtype(to, "can_cast")
    return from_.category <= to.category
