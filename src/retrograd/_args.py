"""Arguments as PyTorch's argument parser reads them: sizes, dims and dtypes, with its
TypeError texts for anything else ("zeros(): argument 'size' (position 1) must be tuple of
ints, not float"). Every function that takes a size, a dim or a dtype reads it here."""
import builtins
import numbers

import numpy as np

from . import _dtype

_HEAP_TYPE = 1 << 9


def type_name(value):
    """The type's name as CPython's tp_name gives it in PyTorch's messages: `float`,
    `Tensor`, but `numpy.float64` for types defined in C outside the builtins."""
    t = type(value)
    if t.__flags__ & _HEAP_TYPE or t.__module__ == "builtins":
        return t.__name__
    return f"{t.__module__}.{t.__qualname__}"


def is_int(value):
    """An integer a size or dim may be: Python or NumPy ints, integer 0-dim tensors; not
    bool, not float."""
    if isinstance(value, builtins.bool):
        return False
    if isinstance(value, (numbers.Integral, np.integer)):
        return True
    data = getattr(value, "_data", None)     # a Tensor
    return isinstance(data, np.ndarray) and data.ndim == 0 and data.dtype.kind in "iu"


def size(values, fn, arg="size", position=1, keyword=False):
    """A size given as `f(2, 3)`, `f((2, 3))` or `f([2, 3])` (`values` is the tuple of
    positional values, or a 1-tuple holding the keyword's value), as a tuple of ints."""
    where = "" if keyword else f" (position {position})"
    spread = len(values) != 1     # f(2, 3) rather than f((2, 3))
    if not spread and not is_int(values[0]):
        value = values[0]
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"{fn}(): argument '{arg}'{where} must be tuple of ints, not "
                            f"{type_name(value)}")
        values = value
    if values and not is_int(values[0]):
        if not spread:
            if keyword:
                raise TypeError(f"{fn}(): argument '{arg}' must be tuple of ints, not "
                                f"{type_name(values)}")
            raise TypeError(f"{fn}(): argument '{arg}'{where} must be tuple of ints, but "
                            f"found element of type {type_name(values[0])} at pos 0")
        raise TypeError(f"{fn}() takes {position} positional argument"
                        f"{'s' if position > 1 else ''} but {position - 1 + len(values)} "
                        "were given")
    for i, v in enumerate(values):
        if not is_int(v):
            raise TypeError(f"{fn}(): argument '{arg}' failed to unpack the object at pos "
                            f"{i + 1} with error \"type must be tuple of ints,but got "
                            f"{type_name(v)}\"")
        if not -2**63 <= int(v) < 2**63:
            raise TypeError(f"{fn}(): argument '{arg}' failed to unpack the object at pos "
                            f"{i + 1} with error \"Overflow when unpacking long long\"")
    return tuple(int(v) for v in values)


def integer(value, fn, arg, position):
    """An int argument (`dim`, `n`, `chunks`)."""
    if not is_int(value):
        raise TypeError(f"{fn}(): argument '{arg}' (position {position}) must be int, not "
                        f"{type_name(value)}")
    return int(value)


# Python's own types as dtypes, as PyTorch reads `dtype=float`
_PYTHON_DTYPES = {builtins.float: _dtype.float64, builtins.int: _dtype.int64,
                  builtins.bool: _dtype.bool}


def dtype(value, fn, arg="dtype"):
    """A `dtype=` argument: None, a dtype, or Python's float, int, bool."""
    if value is None or type(value) is _dtype.dtype:
        return value
    d = _PYTHON_DTYPES.get(value) if isinstance(value, type) else None
    if d is None:
        raise TypeError(f"{fn}(): argument '{arg}' must be torch.dtype, not "
                        f"{type_name(value)}")
    return d
