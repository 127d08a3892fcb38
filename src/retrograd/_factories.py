"""Creating tensors: from data, filled, ranges, and random (PyTorch's streams)."""
import builtins
import math
import numbers

import numpy as np

from . import _device, _dtype
from ._tensor import Tensor
from .random import default_generator
from .ops._op import Op, apply_inplace, method, promote
from .ops.pointwise import accepts_out

__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "empty", "full",
           "zeros_like", "ones_like", "empty_like", "full_like", "arange", "range", "linspace",
           "logspace", "eye", "rand", "randn", "randint", "randperm", "rand_like", "randn_like",
           "randint_like", "normal", "bernoulli", "multinomial", "result_type", "can_cast"]


def _finish(data, requires_grad, capital=True):
    t = Tensor._make(data)
    if requires_grad:
        if not t._dtype.is_floating_point:
            raise RuntimeError(("Only" if capital else "only") + " Tensors of floating point and "
                               "complex dtype can require gradients")
        t._requires_grad = True
    return t


def _size(size, name="empty"):
    """`f(2, 3)`, `f((2, 3))`, `f([2, 3])`, `f(torch.Size(...))` all mean shape (2, 3);
    anything else gets the error PyTorch's factory `name` gives."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    elif len(size) == 1 and not isinstance(size[0], (numbers.Integral, np.integer, Tensor)):
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size[0]).__name__}")
    out = []
    for s in size:
        if isinstance(s, Tensor):
            s = s.item()
        if not isinstance(s, (numbers.Integral, np.integer)):
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos "
                            f"{len(out) + 1} with error \"type must be tuple of ints,but got "
                            f"{type(s).__name__}\"")
        if s < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"[{', '.join(map(str, size))}]")
        out.append(int(s))
    return tuple(out)


def _size_of(args, size):
    """The shape given positionally (`zeros(2, 3)`) or as `size=`."""
    if size is not None:
        if args:
            raise TypeError("got multiple values for argument 'size'")
        return (size,)
    return args


def _np(dtype, default=None):
    d = dtype or default or _dtype.get_default_dtype()
    return d.np


def _infer_dtype(data):
    """PyTorch's dtype for nested Python data: bool < int64 < default float (also empty)."""
    kind = -1
    numpy_float = python_float = None   # NumPy float scalars keep their own precision
    for item in _flat(data):
        if isinstance(item, np.floating):
            d = _dtype.from_numpy_dtype(item.dtype)
            numpy_float = d if numpy_float is None else _dtype.promote_types(numpy_float, d)
            k = 2
        elif isinstance(item, Tensor):
            if item._dtype.is_floating_point:
                return None   # the tensors' own dtype decides
            k = 0 if item._dtype is _dtype.bool else 1
        elif isinstance(item, (bool, np.bool_)):
            k = 0
        elif isinstance(item, numbers.Integral):
            if not -2**63 <= item < 2**63:
                raise ValueError("Overflow when unpacking long long")
            k = 1
        elif isinstance(item, numbers.Real):
            python_float = _dtype.get_default_dtype()
            k = 2
        elif isinstance(item, np.ndarray) or hasattr(item, "__array__"):
            return None   # the array's own dtype decides
        else:
            raise TypeError(f"new(): invalid data type '{type(item).__name__}'")
        kind = builtins.max(kind, k)
    if kind in (0, 1):
        return (_dtype.bool, _dtype.int64)[kind]
    if numpy_float is not None and python_float is not None:
        return _dtype.promote_types(numpy_float, python_float)
    return numpy_float or _dtype.get_default_dtype()


def _to_array(data, dtype):
    inferred = None
    if dtype is None and not isinstance(data, (np.ndarray, Tensor, np.generic)):
        inferred = _infer_dtype(data)
    if isinstance(data, Tensor):
        arr = data._data
    elif isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in _flat(data)):
        arr = np.array(_untensor(data))
    else:
        try:
            arr = np.array(data)
        except ValueError:
            raise ValueError(_ragged(data)) from None
    if dtype is None:
        d = inferred
        if d is None:
            if arr.dtype == np.float64 and not isinstance(data, (np.ndarray, np.generic, Tensor)):
                d = _dtype.get_default_dtype()
            else:
                d = _dtype.from_numpy_dtype(arr.dtype)
        dtype = d
    with np.errstate(over="ignore"):      # 1e40 as float32 is inf, silently
        return np.array(arr, dtype=dtype.np, copy=True)


def _ragged(data, dim=0):
    """PyTorch's message for nested lists of unequal lengths."""
    if isinstance(data, (list, tuple)) and data and isinstance(data[0], (list, tuple)):
        n = len(data[0])
        for item in data:
            if not isinstance(item, (list, tuple)) or len(item) != n:
                got = len(item) if isinstance(item, (list, tuple)) else type(item).__name__
                return f"expected sequence of length {n} at dim {dim + 1} (got {got})"
        for item in data:
            message = _ragged(item, dim + 1)
            if message:
                return message
    return ""


def _flat(data):
    """The scalars of nested data: lists, tuples, and any object with the sequence protocol
    (a range, a pandas Series), which PyTorch reads element by element."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif type(x) not in _PY_SCALARS and _is_sequence(x):
            stack.extend(x[i] for i in builtins.range(len(x)))
        else:
            yield x


_PY_SCALARS = frozenset({float, int, bool})


def _is_sequence(x):
    kind = type(x)
    return hasattr(kind, "__len__") and hasattr(kind, "__getitem__") and \
        not isinstance(x, (str, bytes, dict, Tensor, np.ndarray, np.generic))


def _untensor(data):
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)):
        return [_untensor(x) for x in data]
    return data


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of `data` (nested lists, numbers, arrays, tensors)."""
    _device.check(device)
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
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    return Tensor._make(ndarray)


def _filled(size, value, dtype, requires_grad, device, name):
    _device.check(device)
    return _finish(np.full(_size(size, name), value, dtype=_np(dtype)), requires_grad)


@accepts_out
def zeros(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False):
    return _filled(_size_of(args, size), 0, dtype, requires_grad, device, "zeros")


@accepts_out
def ones(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False):
    return _filled(_size_of(args, size), 1, dtype, requires_grad, device, "ones")


@accepts_out
def empty(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False,
          memory_format=None, pin_memory=False):
    # zero-filled: uninitialised memory would make results depend on chance
    return _filled(_size_of(args, size), 0, dtype, requires_grad, device, "empty")


@accepts_out
def full(size, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False):
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size).__name__}")
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value.item() if isinstance(fill_value, Tensor)
                                    else fill_value)
    return _filled((size,), fill_value, dtype, requires_grad, device, "full")


def _like(t, dtype):
    return dtype or t._dtype


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return zeros(input._data.shape, dtype=_like(input, dtype), requires_grad=requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return ones(input._data.shape, dtype=_like(input, dtype), requires_grad=requires_grad)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return empty(input._data.shape, dtype=_like(input, dtype), requires_grad=requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return full(input._data.shape, fill_value, dtype=_like(input, dtype),
                requires_grad=requires_grad)


def _scalar(v):
    return v.item() if isinstance(v, Tensor) else v


@accepts_out
def arange(start=0, end=None, step=1, *, dtype=None, layout=None, device=None,
           requires_grad=False):
    """Values from `start` up to (not including) `end`: int64 if all bounds are integers,
    else the default float; computed in float64 and rounded, as PyTorch's kernel does."""
    _device.check(device)
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
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
    if dtype.is_floating_point:
        data = (start + np.arange(n, dtype=np.float64) * step).astype(dtype.np)
    else:
        data = (start + np.arange(n, dtype=np.int64) * int(step)).astype(dtype.np)
    return _finish(data, requires_grad)


def range(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated torch.range: includes `end`, default float."""
    if end is None:
        start, end = 0, start
    n = int(math.floor((end - start) / step)) + 1
    data = (start + np.arange(n, dtype=np.float64) * step).astype(_np(dtype))
    return _finish(data, requires_grad)


@accepts_out
def linspace(start, end, steps, *, dtype=None, layout=None, device=None, requires_grad=False):
    """`steps` evenly spaced values; each half is stepped from its own end, as PyTorch does."""
    _device.check(device)
    start, end = _scalar(start), _scalar(end)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
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


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    lin = linspace(start, end, steps, dtype=_dtype.float64)._data
    return _finish((base ** lin).astype(_np(dtype)), requires_grad)


@accepts_out
def eye(n, m=None, *, dtype=None, layout=None, device=None, requires_grad=False):
    _device.check(device)
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    return _finish(np.eye(n, n if m is None else m, dtype=_np(dtype)), requires_grad)


# --- random -------------------------------------------------------------------------------
def _gen(generator):
    return generator if generator is not None else default_generator


def _float_kernel(dtype, kernel):
    """Random floats into an integer dtype: PyTorch's kernels refuse."""
    if dtype is not None and not dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{dtype.scalar_name}\'')


@accepts_out
def rand(*args, size=None, generator=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    _device.check(device)
    shape = _size(_size_of(args, size), "rand")
    _float_kernel(dtype, "check_uniform_bounds")
    return _finish(_gen(generator).uniform(shape, _np(dtype)), requires_grad)


@accepts_out
def randn(*args, size=None, generator=None, dtype=None, layout=None, device=None,
          requires_grad=False, pin_memory=False):
    _device.check(device)
    shape = _size(_size_of(args, size), "randn")
    _float_kernel(dtype, "normal_kernel_cpu")
    return _finish(_gen(generator).normal(shape, _np(dtype)), requires_grad)


def randint(low=0, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, requires_grad=False):
    """`randint(high, size)` or `randint(low, high, size)`: int64 by default."""
    _device.check(device)
    if size is None:
        if isinstance(high, (tuple, list)):
            low, high, size = 0, low, high
        else:
            raise TypeError("randint() missing required argument 'size'")
    if high is None:
        low, high = 0, low
    if high <= low:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    d = dtype or _dtype.int64
    return _finish(_gen(generator).randint(low, high, _size((size,)), d.np), requires_grad)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    _device.check(device)
    return _finish(_gen(generator).randperm(n, (dtype or _dtype.int64).np), requires_grad)


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return rand(input._data.shape, dtype=_like(input, dtype), requires_grad=requires_grad)


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return randn(input._data.shape, dtype=_like(input, dtype), requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None):
    if high is None:
        low, high = 0, low
    return randint(low, high, input._data.shape, dtype=_like(input, dtype))


def normal(mean=0.0, std=1.0, size=None, *, generator=None, out=None, dtype=None,
           layout=None, device=None, requires_grad=False):
    """PyTorch's overloads: float mean/std with `size`, or tensors (broadcast together)."""
    gen = _gen(generator)
    mt, st = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not mt and not st:
        if size is None:
            raise TypeError("normal() missing required argument 'size'")
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        return _finish(gen.normal(_size((size,)), _np(dtype), float(mean), float(std)),
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
    return from_.category <= to.category
