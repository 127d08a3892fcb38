"""dtypes with PyTorch's names, and PyTorch's type-promotion rules.

A `dtype` wraps a NumPy dtype. Promotion follows PyTorch, not NumPy: categories
bool < integer < floating decide first (int64 + float32 is float32, where NumPy says
float64), and a dimensioned tensor outranks a 0-dim tensor, which outranks a Python
number, unless the lower-ranked operand is of a higher category.
"""
import builtins
import math
import numbers

import numpy as np

__all__ = ["dtype", "float16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "bool", "get_default_dtype", "set_default_dtype", "promote_types"]

_BOOL, _INT, _FLOAT = 0, 1, 2


class dtype:
    """A tensor element type, printed as PyTorch prints it (`torch.float32`)."""
    __module__ = "retrograd"   # the public name type() prints
    _type_name = "torch.dtype"   # ...and the one PyTorch's messages give its objects
    __slots__ = ("name", "np", "itemsize", "is_floating_point", "is_signed", "is_complex",
                 "differentiable", "category", "scalar_name", "legacy_name", "cpp_name")

    def __init__(self, name, np_dtype, scalar_name, cpp_name):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.itemsize = self.np.itemsize
        self.category = _BOOL if self.np.kind == "b" else _FLOAT if self.np.kind == "f" else _INT
        self.is_floating_point = self.category == _FLOAT
        self.is_complex = False
        # only floating point (and complex) tensors can require grad or carry a grad_fn
        self.differentiable = self.is_floating_point or self.is_complex
        self.is_signed = self.np.kind in "fi"
        self.scalar_name = scalar_name           # "Float": used in error messages
        self.legacy_name = scalar_name + "Tensor"  # "FloatTensor": torch.FloatTensor
        self.cpp_name = cpp_name                 # "float": C++ type name in some messages

    def __repr__(self):
        return "torch." + self.name

    def to_real(self):
        return self

    def __reduce__(self):
        return (_by_name, (self.name,))


float16 = dtype("float16", np.float16, "Half", "c10::Half")
float32 = dtype("float32", np.float32, "Float", "float")
float64 = dtype("float64", np.float64, "Double", "double")
int8 = dtype("int8", np.int8, "Char", "signed char")
int16 = dtype("int16", np.int16, "Short", "short int")
int32 = dtype("int32", np.int32, "Int", "int")
int64 = dtype("int64", np.int64, "Long", "long int")
uint8 = dtype("uint8", np.uint8, "Byte", "unsigned char")
bool = dtype("bool", np.bool_, "Bool", "bool")  # noqa: A001 - torch.bool is the public name

ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, bool)
_FROM_NP = {d.np: d for d in ALL}
_NAMES = {d.name: d for d in ALL}

# PyTorch's aliases: torch.float is float32, torch.long is int64, ...
ALIASES = {"half": float16, "float": float32, "double": float64, "short": int16,
           "int": int32, "long": int64}


def _by_name(name):
    return _NAMES[name]


def from_numpy_dtype(np_dtype):
    """The retrograd dtype of a NumPy dtype; raises TypeError for unsupported ones."""
    try:
        return _FROM_NP[np.dtype(np_dtype)]
    except KeyError:
        d = np.dtype(np_dtype)
        text = (f"can't convert np.ndarray of type numpy.{d.type.__name__}. The only "
                "supported types are: float64, float32, float16, complex64, complex128, "
                "int64, int32, int16, int8, uint64, uint32, uint16, uint8, and bool.")
        if d.kind in "uicf":    # one PyTorch has and retrograd has not: say so
            text += (f"\n(retrograd has no {d.name} dtype: its types are float64, float32, "
                     "float16, int64, int32, int16, int8, uint8 and bool.)")
        raise TypeError(text) from None


_default = [float32]


def get_default_dtype():
    return _default[0]


def set_default_dtype(d):
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as the "
                        "default type")
    if d not in (float16, float32, float64):
        raise TypeError("only floating-point types are supported as the default type")
    _default[0] = d


def promote_types(a, b):
    """PyTorch's promoteTypes: the higher category wins, within one category the wider."""
    if type(a) is not dtype or type(b) is not dtype:
        from . import _args
        _args.reject("promote_types", (a, b))
        a, b = _args.dtype(a, "promote_types"), _args.dtype(b, "promote_types")
    if a is b:
        return a
    if a.category != b.category:
        return a if a.category > b.category else b
    return _FROM_NP[np.promote_types(a.np, b.np)]


def scalar_dtype(value):
    """The dtype PyTorch gives a Python number standing alone (`tensor(2)`, `tensor(2.)`)."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return bool
    if isinstance(value, (int, np.integer)):
        return int64
    return get_default_dtype()


def result_type(operands):
    """Result dtype of a pointwise op over tensors and Python numbers, PyTorch's way.

    `operands` yields (dtype, dim, is_python_number). Three tiers: dimensioned tensors,
    0-dim tensors, Python numbers. A lower tier only matters if its category is higher.
    """
    dims = zero = None
    number_cat = -1
    for d, ndim, is_number in operands:
        if is_number:
            if d.category > number_cat:
                number_cat = d.category
        elif ndim:
            dims = d if dims is None else promote_types(dims, d)
        else:
            zero = d if zero is None else promote_types(zero, d)
    result = dims
    if zero is not None and (result is None or zero.category > result.category):
        result = zero
    if number_cat >= 0 and (result is None or number_cat > result.category):
        result = (bool, int64, get_default_dtype())[number_cat]
    return result


# the C++ type PyTorch names when a fill value does not fit
_FILL_TYPE = {"int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t",
              "uint8": "uint8_t", "float16": "c10::Half", "float32": "float",
              "float64": "double"}


def _overflow(dtype, cpp=False):
    name = _FILL_TYPE[dtype.name] if cpp else dtype.name
    return RuntimeError(f"value cannot be converted to type {name} without overflow")


def _int_limits(dtype):
    info = np.iinfo(dtype.np)
    # an unsigned dtype takes negative integers down to -max (they wrap, as in C)
    return (-int(info.max) if info.min == 0 else int(info.min)), int(info.max)


def check_fits(value, dtype, cpp=True):
    """PyTorch's checked conversion of one Python number to `dtype` (c10::checked_convert):
    an integer dtype refuses out-of-range numbers and nan; a floating one finite numbers
    beyond its range. `cpp`: the message names the C++ type (fill values) or the dtype
    (tensor data)."""
    if dtype.category == 1:
        low, high = _int_limits(dtype)
        if isinstance(value, builtins.float):
            if value != value or not float(np.iinfo(dtype.np).min) <= value <= high:
                raise _overflow(dtype, cpp)
        elif isinstance(value, numbers.Integral) and not low <= value <= high:
            raise _overflow(dtype, cpp)
    elif dtype.category == 2 and isinstance(value, (builtins.int, builtins.float)) and \
            math.isfinite(value) and abs(value) > _FLOAT_MAX[dtype.name]:
        raise _overflow(dtype, cpp)


# half-precision values are checked against float32's range (they convert through it)
_FLOAT_MAX = {"float16": float(np.finfo(np.float32).max),
              "float32": float(np.finfo(np.float32).max),
              "float64": float(np.finfo(np.float64).max)}


def fill_value(value, dtype, wide=False):
    """A Python number as PyTorch converts a fill value (`fill_`, `x[i] = v`, `full`) to
    `dtype`: checked to fit, floats truncated into integers, as a NumPy scalar of `dtype`.
    `wide`: ints up to 2**64 are taken (then checked), as `fill_` and `full` take them."""
    if isinstance(value, builtins.int) and not -2**63 <= value < 2**(64 if wide else 63):
        raise ValueError("Overflow when unpacking long long")
    if isinstance(value, complex):
        if value.imag:
            raise _overflow(dtype, True)
        value = value.real
    check_fits(value, dtype)
    with np.errstate(all="ignore"):
        return np.asarray(value).astype(dtype.np)[()]
