"""Pointwise ops: unary math, binary arithmetic, comparisons, logic.

Each entry: node name, forward on arrays, then one derivative per differentiable input
(see `_op.Op`). Derivatives use operators and `m.*` only, so they run on arrays for a
plain backward and on tensors (recorded, differentiable again) under create_graph.
"""
import math
import operator

import numpy as np

from .. import _dtype
from . import _op
from ._op import Op, apply_inplace, inplace, math_function, method, promote, promote_float

__all__ = ["neg", "negative", "abs", "absolute", "sign", "exp", "exp2", "expm1", "log",
           "log2", "log10", "log1p", "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos",
           "atan", "sinh", "cosh", "tanh", "sigmoid", "relu", "reciprocal", "floor", "ceil",
           "trunc", "frac", "erf", "round", "round_", "mul", "multiply", "add", "sub",
           "subtract", "div", "divide", "true_divide", "floor_divide", "remainder", "fmod",
           "atan2", "arctan2", "pow", "square", "float_power", "maximum", "minimum", "fmax",
           "fmin", "lerp", "clamp", "clamp_", "clip", "clip_", "clamp_min", "clamp_max",
           "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
           "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor",
           "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not",
           "bitwise_left_shift", "bitwise_right_shift",
           "isnan", "isinf", "isfinite", "signbit", "isclose", "allclose", "equal",
           "nan_to_num", "nan_to_num_", "where"]

LN2, LN10 = math.log(2.0), math.log(10.0)


def _quiet(fn):
    """NumPy warns on log(0), 1/0, overflow; PyTorch returns inf/nan silently."""
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    return quiet


def _rounded(fn):
    """A float32 function of one array computed in float64 and rounded once. PyTorch's
    vectorised float kernels (exp, sin, tanh, ...) are within an ulp of the true
    value, so the correctly rounded result is theirs far more often than NumPy's float32
    loops are (exp: 99% against 60% of values)."""
    def forward(x):
        if x.dtype != np.float32:
            return fn(x)
        if x.size <= _ROUNDED_CHUNK:
            return fn(x.astype(np.float64)).astype(np.float32)
        return _rounded_by_chunks(fn, x)
    return forward


_ROUNDED_CHUNK = 1 << 15   # float64 values in flight: a large input needs no double copy


def _rounded_by_chunks(fn, x):
    """`fn` of a large float32 array in float64 a chunk at a time, into a float32 result
    laid out as x is (as astype and PyTorch's kernels keep a transposed input's strides)."""
    out = np.empty_like(x)
    flat, result = x.ravel(order="K"), out.ravel(order="K")   # both in x's memory order
    if not np.shares_memory(result, out):   # a layout ravel can't view: the plain way
        return fn(x.astype(np.float64)).astype(np.float32)
    wide = np.empty(_ROUNDED_CHUNK, np.float64)
    for start in range(0, flat.size, _ROUNDED_CHUNK):
        part = wide[:min(_ROUNDED_CHUNK, flat.size - start)]
        part[...] = flat[start:start + part.size]
        result[start:start + part.size] = fn(part, out=part)
    return out


def _bool(args):
    """Comparisons compute in the promoted dtype and give bool (set by the forward)."""
    return promote(args)


def _write_out(result, out, name, warn=True):
    """`out=`: copy the result of op `name` into the given tensor (or tuple of tensors),
    resized if its shape differs; refused for results that need a gradient, as in PyTorch."""
    if out is None:
        return result
    if isinstance(result, tuple):
        return type(result)(tuple(_write_out(r, o, name) for r, o in zip(result, out)))
    if result._requires_grad:
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    if result._dtype.category > out._dtype.category:
        raise RuntimeError(f"result type {result._dtype.scalar_name} can't be cast to the "
                           f"desired output type {out._dtype.scalar_name}")
    shape = result._data.shape
    if out._data.shape != shape:
        if out._data.size and warn:
            import warnings
            warnings.warn(f"An output with one or more elements was resized since it had shape "
                          f"[{', '.join(map(str, out._data.shape))}], which does not match the "
                          f"required output shape [{', '.join(map(str, shape))}]. This behavior "
                          "is deprecated, and in a future PyTorch release outputs will not be "
                          "resized unless they have zero elements. You can explicitly reuse an "
                          "out tensor t by resizing it, inplace, to zero elements with "
                          "t.resize_(0).", UserWarning, stacklevel=3)
        out._rebind(np.empty(shape, out._data.dtype))
    out._write(result._data, "out=")
    return out


def accepts_out(fn, warn=True):
    """Give `fn` PyTorch's `out=` keyword: its result is copied into `out` (resizing it
    with a warning, or quietly as most of PyTorch's factories do, `warn=False`)."""
    def with_out(*args, out=None, **kwargs):
        return _write_out(fn(*args, **kwargs), out, fn.__name__, warn)
    with_out.__name__ = fn.__name__
    with_out.__doc__ = fn.__doc__
    with_out.__wrapped__ = fn     # its signature, for inspect and numpy_aliases
    return with_out


# torch.sin_(x), torch.relu_(x), ...: every unary op's in-place method is a function too
INPLACE_FUNCTIONS = {}


def unary(node, forward, derivative, dtype=promote, name=None, scalar=None):
    op = Op(node, forward, derivative, inputs="x", dtype=dtype, name=name, scalar=scalar)
    if name:
        method(op, name)
        INPLACE_FUNCTIONS[name + "_"] = inplace(op, name + "_")
    return op


def _refuse(fn, kinds, error, text):
    """A forward that raises PyTorch's error for inputs of the given NumPy kinds ('b' bool,
    'i' integer), as PyTorch's kernels do (`{dtype}` becomes e.g. 'Long')."""
    def forward(x, *args, **kwargs):
        if x.dtype.kind in kinds:
            raise error(text.format(dtype=_dtype.from_numpy_dtype(x.dtype).scalar_name))
        return fn(x, *args, **kwargs)
    return forward


def _not_implemented_for(fn, kernel, kinds="b"):
    return _refuse(fn, kinds, NotImplementedError,
                   f'"{kernel}" not implemented for ' + "'{dtype}'")


# --- unary math ---------------------------------------------------------------------------
neg = unary("NegBackward0", _refuse(np.negative, "b", RuntimeError, (
    "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
    "invert a mask, use the `~` or `logical_not()` operator instead.")), lambda g: -g,
    name="neg", scalar=operator.neg)
negative = method(neg, "negative")
abs = unary("AbsBackward0", _not_implemented_for(np.abs, "abs_cpu"),
            lambda g, x, m: g * m.sign(x), name="abs")
absolute = method(abs, "absolute")
def _sign(x):
    """-1, 0 or 1; PyTorch's sign of nan is 0 (NumPy's is nan)."""
    if x.dtype.kind == "f":
        return np.subtract(x > 0, x < 0, dtype=x.dtype)
    return x.copy() if x.dtype == bool else np.sign(x)


sign = unary("SignBackward0", _sign, lambda g, m: m.zeros_like(g), name="sign")
exp = unary("ExpBackward0", _quiet(_rounded(np.exp)),
            lambda g, out: g * out, promote_float, "exp", math.exp)
exp2 = unary("Exp2Backward0", _quiet(_rounded(np.exp2)),
             lambda g, out: g * out * LN2, promote_float, "exp2")
expm1 = unary("Expm1Backward0", _quiet(_rounded(np.expm1)),
              lambda g, out: g * (out + 1), promote_float, "expm1")
# log stays NumPy's: its float32 loop is PyTorch's value as often as the rounded double
log = unary("LogBackward0", _quiet(np.log), lambda g, x: g / x, promote_float, "log",
            math.log)
log2 = unary("Log2Backward0", _quiet(_rounded(np.log2)),
             lambda g, x: g / (x * LN2), promote_float, "log2")
log10 = unary("Log10Backward0", _quiet(_rounded(np.log10)),
              lambda g, x: g / (x * LN10), promote_float, "log10")
log1p = unary("Log1PBackward0", _quiet(_rounded(np.log1p)),
              lambda g, x: g / (x + 1), promote_float, "log1p")
sqrt = unary("SqrtBackward0", _quiet(np.sqrt), lambda g, out: g / (2 * out), promote_float,
             "sqrt", math.sqrt)
rsqrt = unary("RsqrtBackward0", _quiet(lambda x: 1 / np.sqrt(x)),
              lambda g, out: -0.5 * g * out * out * out, promote_float, "rsqrt")
sin = unary("SinBackward0", _rounded(np.sin),
            lambda g, x, m: g * m.cos(x), promote_float, "sin", math.sin)
cos = unary("CosBackward0", _rounded(np.cos),
            lambda g, x, m: g * -m.sin(x), promote_float, "cos", math.cos)
tan = unary("TanBackward0", _rounded(np.tan),
            lambda g, out: g * (1 + out * out), promote_float, "tan")
asin = unary("AsinBackward0", _quiet(_rounded(np.arcsin)),
             lambda g, x, m: g / m.sqrt(1 - x * x), promote_float, "asin")
acos = unary("AcosBackward0", _quiet(_rounded(np.arccos)),
             lambda g, x, m: -g / m.sqrt(1 - x * x), promote_float, "acos")
atan = unary("AtanBackward0", _rounded(np.arctan),
             lambda g, x: g / (1 + x * x), promote_float, "atan")
sinh = unary("SinhBackward0", _quiet(_rounded(np.sinh)),
             lambda g, x, m: g * m.cosh(x), promote_float, "sinh")
cosh = unary("CoshBackward0", _quiet(_rounded(np.cosh)),
             lambda g, x, m: g * m.sinh(x), promote_float, "cosh")
tanh = unary("TanhBackward0", _rounded(np.tanh),
             lambda g, out: g * (1 - out * out), promote_float, "tanh")


def _sigmoid(x):
    """1 / (1 + exp(-x)) in x's dtype, exp rounded once as PyTorch's kernel has it."""
    with np.errstate(over="ignore"):
        return 1 / (1 + _rounded(np.exp)(-x))


sigmoid = unary("SigmoidBackward0", _sigmoid, lambda g, out: g * (1 - out) * out,
                promote_float, "sigmoid")
relu = unary("ReluBackward0", _refuse(lambda x: _masked_array(x < 0, x, False), "b",
                                     RuntimeError, "Boolean inputs not supported for relu"),
             lambda g, out, m: m.threshold_backward(g, out), name="relu")


def _threshold_backward_array(dy, y):
    return _masked_array(y <= 0, dy, False)   # zero where y <= 0: a nan passes


# relu's derivative is an op of its own, as in PyTorch: under create_graph its result
# requires grad through relu's output too (the derivative of that path is zero)
_threshold_backward = Op("ThresholdBackwardBackward0", _threshold_backward_array,
                         lambda g, y, m: m.threshold_backward(g, y),
                         lambda g, m: m.zeros_like(g), inputs="dy y", dtype=None)
math_function(_threshold_backward_array, _threshold_backward, "threshold_backward")
reciprocal = unary("ReciprocalBackward0", _quiet(lambda x: 1 / x),
                   lambda g, out: -g * out * out, promote_float, "reciprocal")
def _integral(fn):
    """Rounding an integer tensor gives it back in its dtype, as PyTorch (and NumPy from 2.1;
    before, NumPy gave floats)."""
    def forward(x):
        return x.copy() if x.dtype.kind in "iu" else fn(x)
    return forward


floor = unary("FloorBackward0", _not_implemented_for(_integral(np.floor), "floor_vml_cpu"),
              lambda g, m: m.zeros_like(g), name="floor")
ceil = unary("CeilBackward0", _not_implemented_for(_integral(np.ceil), "ceil_vml_cpu"),
             lambda g, m: m.zeros_like(g), name="ceil")
trunc = unary("TruncBackward0", _not_implemented_for(_integral(np.trunc), "trunc_vml_cpu"),
              lambda g, m: m.zeros_like(g), name="trunc")
frac = unary("FracBackward0", _not_implemented_for(lambda x: x - np.trunc(x), "frac_cpu", "biu"),
             lambda g: g, name="frac")
_round = unary("RoundBackward0", _not_implemented_for(np.round, "round_vml_cpu"),
               lambda g, m: m.zeros_like(g))


def _erf(x):
    return np.vectorize(math.erf, otypes=[x.dtype])(x) if x.size else x.copy()


erf = unary("ErfBackward0", _erf,
            lambda g, x, m: 2 / math.sqrt(math.pi) * m.exp(-(x ** 2)) * g, promote_float, "erf")


_round_decimals = Op("RoundBackward1", lambda x, decimals: _round_decimals_forward(x, decimals),
                     lambda g, m: m.zeros_like(g), inputs="x")


def _round_decimals_forward(x, decimals):
    if x.dtype.kind != "f":
        raise NotImplementedError(f'"round_cpu" not implemented for '
                                  f"'{_dtype.from_numpy_dtype(x.dtype).scalar_name}'")
    with np.errstate(all="ignore"):
        return np.round(x, decimals)


@method
def round(input, *, decimals=0, out=None):
    if decimals == 0:
        return _write_out(_round(input), out, "round")
    return _write_out(_round_decimals(input, decimals=decimals), out, "round")


@method
def round_(input, *, decimals=0):
    if decimals == 0:
        return apply_inplace(_round, "round_", input)
    return apply_inplace(_round_decimals, "round_", input, decimals=decimals)


# --- binary arithmetic --------------------------------------------------------------------
_add = Op("AddBackward0", lambda x, y, alpha=1: x + y if alpha == 1 else x + alpha * y,
          lambda g: g, lambda g, alpha: g if alpha == 1 else g * alpha, scalar=operator.add)
def _promote_no_bool(args):
    """Subtraction's dtype; PyTorch refuses `-` on bools (a tensor or a Python bool)."""
    x, y = args[0], args[1]
    x_bool = type(x) is bool or getattr(x, "_dtype", None) is _dtype.bool
    y_bool = type(y) is bool or getattr(y, "_dtype", None) is _dtype.bool
    if x_bool and y_bool:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if x_bool or y_bool:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    return promote(args)


_sub = Op("SubBackward0", lambda x, y, alpha=1: x - y if alpha == 1 else x - alpha * y,
          lambda g: g, lambda g, alpha: -g if alpha == 1 else -g * alpha,
          dtype=_promote_no_bool, scalar=operator.sub)
_rsub = Op("RsubBackward1", lambda x, y, alpha=1: y - alpha * x,
           lambda g, alpha: -g * alpha, dtype=_promote_no_bool)
mul = method(Op("MulBackward0", lambda x, y: x * y, lambda g, y: g * y, lambda g, x: g * x,
                scalar=operator.mul), "mul")
multiply = method(mul, "multiply")
_div = Op("DivBackward0", _quiet(lambda x, y: x / y), lambda g, y: g / y,
          # PyTorch's order, (x / y) / y: y * y would underflow (y = 1e-25 in float32)
          lambda g, x, y: -g * (x / y / y), dtype=promote_float, scalar=operator.truediv)


@method
def add(input, other, *, alpha=1, out=None):
    res = _add(input, other) if alpha == 1 else _add(input, other, alpha=alpha)
    return _write_out(res, out, "add")


@method
def sub(input, other, *, alpha=1, out=None):
    res = _sub(input, other) if alpha == 1 else _sub(input, other, alpha=alpha)
    return _write_out(res, out, "sub")


subtract = method(sub, "subtract")


def rsub(input, other, *, alpha=1):
    """`other - alpha * input` (what `2 - x` calls)."""
    Tensor = _op.Tensor
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    return _rsub(input, other, alpha=alpha)


add_ = inplace(_add, "add_")


@method
def sub_(input, other, *, alpha=1):
    return apply_inplace(_sub, "sub_", input, other, alpha=alpha)


mul_ = inplace(mul, "mul_")
div_ = inplace(_div, "div_")
# the ufuncs that compute these ops into their first input (apply_inplace's fast lane)
_add.into, _sub.into, mul.into, _div.into = np.add, np.subtract, np.multiply, np.true_divide


@method
def div(input, other, *, rounding_mode=None, out=None):
    if rounding_mode is None:
        res = _div(input, other)
    elif rounding_mode == "trunc":
        res = _div_trunc(input, other)
    elif rounding_mode == "floor":
        res = _div_floor(input, other)
    else:
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found '{rounding_mode}'")
    return _write_out(res, out, "div")


divide = method(div, "divide")
true_divide = method(_div, "true_divide")
true_divide_ = inplace(_div, "true_divide_")


def rdiv(input, other):
    """`other / input`: PyTorch computes `input.reciprocal() * other` (node MulBackward0)."""
    return mul(reciprocal(input), other)


def _int_div_check(fn, kernel):
    """Integer division by zero raises; bools have no division kernel in PyTorch."""
    def checked(x, y):
        if x.dtype == bool:
            raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
        if x.dtype.kind in "iub" and np.any(np.asarray(y) == 0):
            raise RuntimeError("ZeroDivisionError")
        with np.errstate(all="ignore"):
            return fn(x, y)
    return checked


_div_trunc = Op("DivBackward2", _int_div_check(
    lambda x, y: np.trunc(x / y).astype(np.result_type(x, y)) if x.dtype.kind == "f"
    or np.result_type(x, y).kind == "f" else (np.abs(x) // np.abs(y)) * np.sign(x) * np.sign(y),
    "div_trunc_cpu"),
    lambda g, m: m.zeros_like(g), lambda g, m: m.zeros_like(g))
_div_floor = Op("DivBackward2", _int_div_check(lambda x, y: _floor_divide_forward(x, y),
                                               "div_floor_cpu"), lambda g, m: m.zeros_like(g),
                lambda g, m: m.zeros_like(g))


def _not_differentiable(name):
    def derivative(g):
        raise RuntimeError(f"derivative for aten::{name} is not implemented")
    return derivative


def _floor_divide_forward(x, y):
    """PyTorch's floor division of floats: from fmod, rounded to the nearest integer (so
    inf // 1.5 is nan, and a zero quotient keeps the sign of x / y)."""
    if np.result_type(x, y).kind != "f":
        return np.floor_divide(x, y)
    mod = np.fmod(x, y)
    div = (x - mod) / y
    div = div - ((mod != 0) & ((y < 0) != (mod < 0)))
    floor = np.floor(div)
    floor = floor + (div - floor > 0.5)
    quotient = x / y
    return np.where(y == 0, quotient, np.where(div != 0, floor, np.copysign(0 * div, quotient)))


def _remainder_forward(x, y):
    """PyTorch's remainder of floats: fmod, moved by y when its sign differs from y's."""
    if np.result_type(x, y).kind != "f":
        return np.remainder(x, y)
    mod = np.fmod(x, y)
    return np.where((mod != 0) & ((y < 0) != (mod < 0)), mod + y, mod)


_floor_divide = Op("NotImplemented", _int_div_check(_floor_divide_forward, "div_floor_cpu"),
                   _not_differentiable("floor_divide"), _not_differentiable("floor_divide"))
_remainder_scalar = Op("RemainderBackward0", _int_div_check(_remainder_forward, "remainder_cpu"),
                       lambda g: g)
# derivatives.yaml: other: -grad * self.div(other, rounding_mode="floor")
_remainder = Op("RemainderBackward1", _int_div_check(_remainder_forward, "remainder_cpu"),
                lambda g: g, lambda g, x, y, m: -g * m.div_floor(x, y))
_fmod_scalar = Op("FmodBackward0", _int_div_check(np.fmod, "fmod_cpu"), lambda g: g)
_fmod = Op("FmodBackward1", _int_div_check(np.fmod, "fmod_cpu"), lambda g: g,
           lambda g, x, y, m: -g * m.div_trunc(x, y))


def _by_other(scalar_op, tensor_op):
    """Ops whose node differs when `other` is a number (FmodBackward0) or a tensor (...1)."""
    def pick(input, other):
        Tensor = _op.Tensor
        return tensor_op if isinstance(other, Tensor) or not isinstance(input, Tensor) \
            else scalar_op
    return pick


_pick_remainder = _by_other(_remainder_scalar, _remainder)
_pick_fmod = _by_other(_fmod_scalar, _fmod)


@method
def floor_divide(input, other, *, out=None):
    return _write_out(_floor_divide(input, other), out, "floor_divide")


@method
def remainder(input, other, *, out=None):
    return _write_out(_pick_remainder(input, other)(input, other), out, "remainder")


@method
def fmod(input, other, *, out=None):
    return _write_out(_pick_fmod(input, other)(input, other), out, "fmod")


@method
def remainder_(input, other):
    return apply_inplace(_pick_remainder(input, other), "remainder_", input, other)


@method
def fmod_(input, other):
    return apply_inplace(_pick_fmod(input, other), "fmod_", input, other)


floor_divide_ = inplace(_floor_divide, "floor_divide_")
_atan2 = Op("Atan2Backward0", _quiet(np.arctan2), lambda g, x, y, m: g * y * _atan2_recip(x, y, m),
            lambda g, x, y, m: g * -x * _atan2_recip(x, y, m), dtype=promote_float)


def _atan2_recip(x, y, m):
    """1 / (x*x + y*y), taken as 0 where the sum is 0 (PyTorch's atan2_backward)."""
    r = x * x + y * y
    return m.where(r == 0, m.zeros_like(r), 1 / r)
inplace(_atan2, "atan2_")
inplace(_atan2, "arctan2_")


def _pow_forward(x, y):
    if np.asarray(x).dtype.kind in "iu" and np.asarray(y).dtype.kind in "iu" and np.any(np.asarray(y) < 0):
        if not isinstance(y, np.ndarray) or not y.ndim:   # a number exponent: refused
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        # a tensor of exponents: integer arithmetic, 1/x rounded toward zero
        out = np.power(x, np.where(y < 0, 0, y))
        odd = np.where(y % 2 == 1, -1, 1)
        return np.where(y < 0, np.where(x == 1, 1, np.where(x == -1, odd, 0)), out).astype(
            out.dtype)
    if getattr(x, "dtype", None) == bool:   # bool ** bool: only a Python bool exponent
        if isinstance(y, np.ndarray):
            raise NotImplementedError('"pow" not implemented for \'Bool\'')
        return np.power(x, y).astype(bool)
    with np.errstate(all="ignore"):
        return np.power(x, y)


def _pow_scalar_forward(x, y):
    """PyTorch's float and double kernel takes these exponents by products: x ** 2 is x * x,
    x ** 3 is x * x * x, x ** -2 is 1 / (x * x) (pow differs from them in the last bit for
    about a third of inputs), x ** 0.5 is sqrt(x) and x ** -0.5 rsqrt(x) (sqrt(-0) is -0 and
    sqrt(-inf) nan, where pow gives +0 and +inf). Derivatives take pow through the same
    kernel: x ** 1.5's is 1.5 * sqrt(x)."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f" and x.itemsize > 2 and \
            not isinstance(y, np.ndarray) and y in _POW_BY_PRODUCTS:
        with np.errstate(all="ignore"):
            return _POW_BY_PRODUCTS[y](x)
    return _pow_forward(x, y)


_POW_BY_PRODUCTS = {2: lambda x: x * x, 3: lambda x: x * x * x,
                    -2: lambda x: 1 / (x * x), 0.5: np.sqrt, -0.5: lambda x: 1 / np.sqrt(x)}


def _log_number(v):
    """log of a Python number as PyTorch's Scalar log gives it: -inf at 0, nan below."""
    return math.log(v) if v > 0 else -math.inf if v == 0 else math.nan


def _pow_base_grad(g, x, y, m):
    """PyTorch's pow_backward_self: 0 where the exponent is 0, even at 0 ** 0."""
    if getattr(y, "dtype", None) == np.bool_:   # PyTorch computes y - 1, which refuses bool
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not "
                           "supported. If you are trying to invert a mask, use the `~` or "
                           "`logical_not()` operator instead.")
    return m.where(y == 0, m.zeros_like(g), g * (y * x ** (y - 1)))


_pow_scalar = Op("PowBackward0", _pow_scalar_forward,
                 lambda g, x, y, m: m.zeros_like(g) if y == 0 else g * (y * m.pow(x, y - 1)))
# pow_backward_exponent takes log of the base promoted to the result's dtype
_pow_tensor = Op("PowBackward1", _pow_forward, _pow_base_grad,
                 lambda g, x, y, out, m: g * m.where((x == 0) & (y >= 0), m.zeros_like(out),
                                                     out * m.log(m.cast_like(x, out))))
_rpow = Op("PowBackward2", lambda y, x: _pow_forward(x, y),
           lambda g, y, x, out, m: g * m.where(y >= 0, m.zeros_like(out), out * -math.inf)
           if x == 0 else g * (out * _log_number(x)), inputs="y x")


@method
@accepts_out
def pow(input, exponent):
    Tensor = _op.Tensor
    if isinstance(exponent, Tensor):
        if not isinstance(input, Tensor):
            return _rpow(exponent, input)
        return _pow_tensor(input, exponent)
    return _pow_scalar(input, exponent)


def rpow(input, base):
    return _rpow(input, base)


@method
def pow_(input, exponent):
    op = _pow_tensor if isinstance(exponent, _op.Tensor) else _pow_scalar
    return apply_inplace(op, "pow_", input, exponent)


@method
def square(input, *, out=None):
    return _write_out(_pow_scalar(input, 2), out, "square")


@method
def square_(input):
    return apply_inplace(_pow_scalar, "square_", input, 2)


@method
def float_power(input, exponent):
    return pow(input.double() if hasattr(input, "double") else input, exponent)


_maximum = Op("MaximumBackward0", np.maximum,
              lambda g, x, y, m: m.where(x == y, g / 2, m.where(x < y, m.zeros_like(g), g)),
              lambda g, x, y, m: m.where(x == y, g / 2, m.where(y < x, m.zeros_like(g), g)))
_minimum = Op("MinimumBackward0", np.minimum,
              lambda g, x, y, m: m.where(x == y, g / 2, m.where(x > y, m.zeros_like(g), g)),
              lambda g, x, y, m: m.where(x == y, g / 2, m.where(y > x, m.zeros_like(g), g)))
_fmax = Op("FmaxBackward0", np.fmax,
           lambda g, x, y, m: m.where((x >= y) | (y != y), g, m.zeros_like(g)),
           lambda g, x, y, m: m.where((x >= y) | (y != y), m.zeros_like(g), g))
_fmin = Op("FminBackward0", np.fmin,
           lambda g, x, y, m: m.where((x <= y) | (y != y), g, m.zeros_like(g)),
           lambda g, x, y, m: m.where((x <= y) | (y != y), m.zeros_like(g), g))


def _tensors_only(op, name):
    """Binary ops PyTorch defines for two tensors only (no Python number for `other`)."""
    def fn(input, other, *, out=None):
        Tensor = _op.Tensor
        if not isinstance(other, Tensor):
            raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                            f"{type(other).__name__}")
        return _write_out(op(input, other), out, name)
    fn.__name__ = name
    return method(fn)


atan2 = _tensors_only(_atan2, "atan2")
arctan2 = method(atan2, "arctan2")
maximum = _tensors_only(_maximum, "maximum")
minimum = _tensors_only(_minimum, "minimum")
fmax = _tensors_only(_fmax, "fmax")
fmin = _tensors_only(_fmin, "fmin")

def _lerp_forward(x, end, weight):
    """PyTorch's lerp: from the start for |weight| < 0.5, from the end otherwise (exact at
    weight 1)."""
    with np.errstate(all="ignore"):
        if not isinstance(weight, np.ndarray):
            return x + weight * (end - x) if -0.5 < weight < 0.5 else \
                end + (weight - 1) * (end - x)
        return np.where(np.abs(weight) < 0.5, x + weight * (end - x),
                        end + (weight - 1) * (end - x))


_lerp = Op("LerpBackward0", _lerp_forward,
           lambda g, weight: g * (1 - weight), lambda g, weight: g * weight, inputs="x end")
_lerp_tensor = Op("LerpBackward1", _lerp_forward,
                  lambda g, weight: g * (1 - weight), lambda g, weight: g * weight,
                  lambda g, x, end: g * (end - x), inputs="x end weight")


def _lerp_args(input, end, weight):
    Tensor = _op.Tensor
    if not isinstance(end, Tensor):
        raise TypeError(f"lerp() received an invalid combination of arguments - got (Tensor, "
                        f"{type(end).__name__}, {type(weight).__name__}), but expected one of:\n"
                        " * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
                        " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")
    if end._dtype is not input._dtype:
        raise RuntimeError(f"expected dtype {input._dtype.cpp_name} for `end` but got dtype "
                           f"{end._dtype.cpp_name}")
    if isinstance(weight, Tensor):
        if weight._dtype is not input._dtype:
            raise RuntimeError(f"expected dtype {input._dtype.cpp_name} for `weight` but got "
                               f"dtype {weight._dtype.cpp_name}")
        _float_kernel(input, "lerp_kernel_tensor")
        return _lerp_tensor, (input, end, weight), {}
    _float_kernel(input, "lerp_kernel_scalar")
    return _lerp, (input, end), {"weight": weight}


def _float_kernel(input, kernel):
    if not input._dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{input._dtype.scalar_name}'")


@method
def lerp(input, end, weight, *, out=None):
    op, args, attrs = _lerp_args(input, end, weight)
    return _write_out(op(*args, **attrs), out, "lerp")


@method
def lerp_(input, end, weight):
    op, args, attrs = _lerp_args(input, end, weight)
    return apply_inplace(op, "lerp_", *args, **attrs)


# --- clamp --------------------------------------------------------------------------------
def _clamp_forward(x, min=None, max=None):
    if min is not None:
        x = np.maximum(x, min)
    if max is not None:
        x = np.minimum(x, max)
    return x


def _clamp_grad(g, x, min, max):
    keep = True
    if min is not None:
        keep = x >= min
    if max is not None:
        keep = (x <= max) if keep is True else keep & (x <= max)
    return g if keep is True else g * keep


_clamp = Op("ClampBackward1", _clamp_forward, _clamp_grad, inputs="x")
# tensor bounds: the gradient goes to whichever of x, min, max was picked
_clamp_tensor = Op("ClampBackward0", lambda x, lo, hi: _clamp_forward(x, lo, hi),
                   lambda g, x, lo, hi, m: g * _between(x, lo, hi),
                   lambda g, x, lo, hi, m: m.where(_below(x, lo, hi), g, m.zeros_like(g)),
                   lambda g, x, lo, hi, m: m.where(_above(x, lo, hi), g, m.zeros_like(g)),
                   inputs="x lo hi")


def _between(x, lo, hi):
    keep = (x >= lo) if lo is not None else None
    if hi is not None:
        keep = (x <= hi) if keep is None else keep & (x <= hi)
    return keep


# clamp(x, lo, hi) is min(max(x, lo), hi): when lo > hi the result is hi everywhere
def _below(x, lo, hi):
    """Where min is the result."""
    under = x < lo
    return under if hi is None else under & (lo < hi)


def _above(x, lo, hi):
    """Where max is the result."""
    over = x > hi
    return over if lo is None else over | (lo > hi)


def _clamp_op(input, min, max):
    Tensor = _op.Tensor
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        if not all(v is None or isinstance(v, Tensor) for v in (min, max)):
            raise TypeError(f"clamp() received an invalid combination of arguments - got "
                            f"(Tensor, {type(min).__name__}, {type(max).__name__}), but "
                            "expected one of:\n * (Tensor input, Tensor min = None, Tensor "
                            "max = None, *, Tensor out = None)\n * (Tensor input, Number min "
                            "= None, Number max = None, *, Tensor out = None)\n")
        return _clamp_tensor, (input, min, max), {}
    return _clamp, (input,), {"min": min, "max": max}


def _clamp_compute(input, min, max):
    """Number bounds take part in type promotion (an int tensor clamped at 0.5 is float)."""
    return promote((input,) + tuple(v for v in (min, max) if v is not None))


@method
def clamp(input, min=None, max=None, *, out=None):
    op, args, attrs = _clamp_op(input, min, max)
    if op is _clamp:
        compute = _clamp_compute(input, min, max)
        args = (input if compute is input._dtype else input.to(compute),)
    return _write_out(op(*args, **attrs), out, "clamp")


@method
def clamp_(input, min=None, max=None):
    op, args, attrs = _clamp_op(input, min, max)
    if op is _clamp and _clamp_compute(input, min, max).category > input._dtype.category:
        raise RuntimeError(f"result type {_clamp_compute(input, min, max).scalar_name} can't be "
                           f"cast to the desired output type {input._dtype.cpp_name}")
    return apply_inplace(op, "clamp_", *args, **attrs)


clip = method(clamp, "clip")
clip_ = method(clamp_, "clip_")
_clamp_min = Op("ClampMinBackward0", lambda x, min: np.maximum(x, min),
                lambda g, x, min: g * (x >= min), inputs="x")
_clamp_max = Op("ClampMaxBackward0", lambda x, max: np.minimum(x, max),
                lambda g, x, max: g * (x <= max), inputs="x")


@method
def clamp_min(input, min):
    return _clamp_min(input, min=min)


@method
def clamp_max(input, max):
    return _clamp_max(input, max=max)


# --- comparisons and logic: no gradient ---------------------------------------------------
def _cmp(fn, name, scalar=None):
    return method(Op(name, lambda x, y: fn(x, y), dtype=_bool, name=name, scalar=scalar), name)


eq = _cmp(np.equal, "eq", operator.eq)
ne = _cmp(np.not_equal, "ne", operator.ne)
lt = _cmp(np.less, "lt", operator.lt)
le = _cmp(np.less_equal, "le", operator.le)
gt = _cmp(np.greater, "gt", operator.gt)
ge = _cmp(np.greater_equal, "ge", operator.ge)
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
for _alias, _cmp_op in (("greater", gt), ("greater_equal", ge), ("less", lt),
                        ("less_equal", le), ("not_equal", ne)):
    method(_cmp_op, _alias)

logical_and = _cmp(np.logical_and, "logical_and")
logical_or = _cmp(np.logical_or, "logical_or")
logical_xor = _cmp(np.logical_xor, "logical_xor")
logical_not = method(Op("logical_not", np.logical_not, name="logical_not"), "logical_not")


def _integral(kernel):
    """The dtype rule of bitwise ops: promotion, and PyTorch's refusal of floating types
    (its kernels exist for integers and bool only)."""
    def dtype(args):
        d = promote(args)
        if d.is_floating_point:
            raise NotImplementedError(f'"{kernel}" not implemented for \'{d.scalar_name}\'')
        return d
    return dtype


def _shift(fn, sign_fill):
    """A shift by `y` bits; shifting by the width or more, or by a negative count, gives
    0 (left) or the sign (right), as PyTorch's kernels define it."""
    def forward(x, y):
        bits = np.asarray(x).dtype.itemsize * 8
        y = np.asarray(y)
        out_of_range = (y < 0) | (y >= bits)
        shifted = fn(x, np.where(out_of_range, 0, y).astype(np.asarray(x).dtype))
        if not out_of_range.any():
            return shifted
        fill = (np.asarray(x) < 0) * np.asarray(-1, shifted.dtype) if sign_fill else 0
        return np.where(out_of_range, fill, shifted).astype(shifted.dtype)
    return forward


def _bitwise(fn, name, kernel):
    return method(Op(name, fn, dtype=_integral(kernel), name=name), name)


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and", "bitwise_and_cpu")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or", "bitwise_or_cpu")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor", "bitwise_xor_cpu")
bitwise_not = method(Op("bitwise_not", np.invert, dtype=_integral("bitwise_not_cpu"),
                        name="bitwise_not", inputs="x"), "bitwise_not")
bitwise_left_shift = _bitwise(_shift(np.left_shift, False), "bitwise_left_shift", "lshift_cpu")
bitwise_right_shift = _bitwise(_shift(np.right_shift, True), "bitwise_right_shift",
                               "rshift_cpu")
for _name, _bit_op in (("bitwise_and", bitwise_and), ("bitwise_or", bitwise_or),
                       ("bitwise_xor", bitwise_xor), ("bitwise_not", bitwise_not),
                       ("bitwise_left_shift", bitwise_left_shift),
                       ("bitwise_right_shift", bitwise_right_shift)):
    inplace(_bit_op, _name + "_")
isnan = method(Op("isnan", np.isnan, name="isnan"), "isnan")
isinf = method(Op("isinf", np.isinf, name="isinf"), "isinf")
isfinite = method(Op("isfinite", np.isfinite, name="isfinite"), "isfinite")
signbit = method(Op("signbit", np.signbit, name="signbit"), "signbit")

# comparisons in place write 0/1 into self, in self's dtype: a bool result always fits, so
# the in-place form skips the "result type can't be cast" check (its compute dtype is None)
for _name, _cmp_op in (("eq", eq), ("ne", ne), ("lt", lt), ("le", le), ("gt", gt),
                       ("ge", ge), ("logical_and", logical_and), ("logical_or", logical_or),
                       ("logical_xor", logical_xor), ("logical_not", logical_not)):
    inplace(Op(_cmp_op.name, _cmp_op.forward, inputs=" ".join(_cmp_op.inputs), dtype=None,
               name=_cmp_op.name), _name + "_")


def _same_dtype_check(input, other):
    if input._dtype is not other._dtype:
        raise RuntimeError(f"{input._dtype.scalar_name} did not match {other._dtype.scalar_name}")


def _isclose_forward(x, y, rtol, atol, equal_nan):
    with np.errstate(all="ignore"):
        close = x == y
        if x.dtype.kind == "f" or np.result_type(x, y).kind == "f":
            finite = np.isfinite(x) & np.isfinite(y)
            diff = np.abs(x.astype(np.float64) - y) if x.dtype.kind != "f" else np.abs(x - y)
            close = close | (finite & (diff <= atol + rtol * np.abs(y)))
            if equal_nan:
                close = close | (np.isnan(x) & np.isnan(y))
        else:
            diff = np.abs(x.astype(np.float64) - y.astype(np.float64))
            close = close | (diff <= atol + rtol * np.abs(y.astype(np.float64)))
    return close


_isclose = Op("isclose", _isclose_forward, name="isclose", inputs="x y", dtype=None)


@method
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    _same_dtype_check(input, other)
    return _isclose(input, other, rtol=rtol, atol=atol, equal_nan=equal_nan)


@method
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    from .indexing import _broadcast
    _broadcast(input._data.shape, other._data.shape)    # PyTorch's size message if not
    return bool(np.all(isclose(input, other, rtol, atol, equal_nan)._data))


@method
def equal(input, other):
    """True when both have the same shape and elements (NaN is never equal)."""
    if not isinstance(other, _op.Tensor):
        raise TypeError(f"equal(): argument 'other' (position 1) must be Tensor, not "
                        f"{type(other).__name__}")
    if input._data.shape != other._data.shape:
        return False
    return bool(np.array_equal(input._data, other._data))


def _nan_to_num_forward(x, nan, posinf, neginf):
    if x.dtype.kind != "f":
        return x.copy()
    return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


_nan_to_num = Op("NanToNumBackward0", _nan_to_num_forward,
                lambda g, x, m: g * m.isfinite(x), inputs="x", name="nan_to_num")


@method
def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    result = _nan_to_num(input, nan=nan, posinf=posinf, neginf=neginf)
    return _write_out(result, out, "nan_to_num")


@method
def nan_to_num_(input, nan=0.0, posinf=None, neginf=None):
    return apply_inplace(_nan_to_num, "nan_to_num_", input, nan=nan, posinf=posinf,
                         neginf=neginf)


# --- where --------------------------------------------------------------------------------
_where = Op("WhereBackward0", lambda cond, x, y: np.where(cond, x, y), None,
            lambda g, cond, m: m.keep_where(cond, g),
            lambda g, cond, m: m.zero_where(cond, g), inputs="cond x y",
            dtype=lambda args: promote(args[1:]))


def where(condition, input=None, other=None, *, out=None):
    Tensor = _op.Tensor
    if input is None and other is None:
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    if condition._dtype is not _dtype.bool:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {condition._dtype.scalar_name}")
    from .indexing import _broadcast
    shapes = [t._data.shape for t in (condition, input, other) if isinstance(t, Tensor)]
    for s in shapes[1:]:
        _broadcast(shapes[0], s)           # PyTorch's size message if they don't broadcast
    # numbers take the result dtype (where(c, 1.0, 0.0) is float32, not NumPy's float64)
    compute = promote((input, other))
    input, other = (v if isinstance(v, Tensor) else compute.np.type(v) for v in (input, other))
    return _write_out(_where(condition, input, other), out, "where")


method(lambda self, condition, y: where(condition, self, y), "where")


# m.* for derivatives: NumPy for arrays, the ops above for tensors
math_function(_sign, sign, "sign")
math_function(_rounded(np.cos), cos, "cos")
math_function(_rounded(np.sin), sin, "sin")
math_function(_rounded(np.cosh), cosh, "cosh")
math_function(_rounded(np.sinh), sinh, "sinh")
math_function(_quiet(np.sqrt), sqrt, "sqrt")
math_function(_rounded(np.exp), exp, "exp")
math_function(_quiet(np.log), log, "log")
math_function(np.floor, floor, "floor")
math_function(np.trunc, trunc, "trunc")
math_function(_quiet(_floor_divide_forward), lambda x, y: _div_floor(x, y), "div_floor")
math_function(lambda c, a, b: np.where(c, a, b), _where, "where")


# --- gradients through a mask -------------------------------------------------------------
_UINT = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def _masked_array(cond, g, keep):
    """g where cond is `keep`, +0.0 elsewhere: np.where's values, bit for bit. On a float
    array of the mask's shape this is a bitwise AND with the mask widened to all-ones or
    all-zeros words: no branch per element (np.where on a random mask mispredicts about
    every other one, ten times slower)."""
    if type(g) is not np.ndarray or type(cond) is not np.ndarray or g.dtype.kind != "f" or \
            g.shape != cond.shape or cond.dtype != bool:
        zero = np.zeros_like(g)
        return np.where(cond, g, zero) if keep else np.where(cond, zero, g)
    uint = _UINT[g.itemsize]
    flags = cond.view(np.uint8)
    # keep: 1 -> all ones (0 - 1 wraps); zero: 1 -> 0, 0 -> all ones
    bits = np.negative(flags, dtype=uint) if keep else np.subtract(flags, 1, dtype=uint)
    np.bitwise_and(bits, g.view(uint), out=bits)
    return bits.view(g.dtype)


def _zeros(g):
    return _op.TensorMath.zeros_like(g)


math_function(lambda cond, g: _masked_array(cond, g, True),
              lambda cond, g: _where(cond, g, _zeros(g)), "keep_where")
math_function(lambda cond, g: _masked_array(cond, g, False),
              lambda cond, g: _where(cond, _zeros(g), g), "zero_where")

math_function(np.isfinite, isfinite, "isfinite")
math_function(_quiet(_div_trunc.forward), lambda x, y: _div_trunc(x, y), "div_trunc")
math_function(_pow_scalar_forward, lambda x, y: pow(x, y), "pow")   # sqrt at 0.5, as PyTorch
# x in the dtype of `like` (a derivative that computes in the promoted dtype, as PyTorch's
# pow_backward_exponent takes log of the base promoted)
math_function(lambda x, like: x.astype(like.dtype, copy=False),
              lambda x, like: x.to(like.dtype), "cast_like")
math_function(np.abs, abs, "abs")


del INPLACE_FUNCTIONS["sign_"]   # x.sign_() exists, torch.sign_ does not
globals().update(INPLACE_FUNCTIONS)
__all__ += list(INPLACE_FUNCTIONS)
