"""Pointwise ops: unary math, binary arithmetic, comparisons, logic.

Each entry: node name, forward on arrays, then one derivative per differentiable input
(see `_op.Op`). Derivatives use operators and `m.*` only, so they run on arrays for a
plain backward and on tensors (recorded, differentiable again) under create_graph.
"""
import math

import numpy as np

from .. import _dtype
from ._op import ArrayMath, Op, inplace, math_function, method, promote, promote_float

LN2, LN10 = math.log(2.0), math.log(10.0)


def _quiet(fn):
    """NumPy warns on log(0), 1/0, overflow; PyTorch returns inf/nan silently."""
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    return quiet


def _bool(args):
    """Comparisons compute in the promoted dtype and give bool (set by the forward)."""
    return promote(args)


def unary(node, forward, derivative, dtype=promote, name=None):
    op = Op(node, forward, derivative, inputs="x", dtype=dtype, name=name)
    if name:
        method(op, name)
        inplace(op, name + "_")
    return op


# --- unary math ---------------------------------------------------------------------------
neg = unary("NegBackward0", np.negative, lambda g: -g, name="neg")
negative = method(neg, "negative")
abs = unary("AbsBackward0", np.abs, lambda g, x, m: g * m.sign(x), name="abs")
absolute = method(abs, "absolute")
sign = unary("SignBackward0", np.sign, lambda g, m: m.zeros_like(g), name="sign")
exp = unary("ExpBackward0", _quiet(np.exp), lambda g, out: g * out, promote_float, "exp")
exp2 = unary("Exp2Backward0", _quiet(np.exp2), lambda g, out: g * out * LN2, promote_float,
             "exp2")
expm1 = unary("Expm1Backward0", _quiet(np.expm1), lambda g, out: g * (out + 1), promote_float,
              "expm1")
log = unary("LogBackward0", _quiet(np.log), lambda g, x: g / x, promote_float, "log")
log2 = unary("Log2Backward0", _quiet(np.log2), lambda g, x: g / (x * LN2), promote_float,
             "log2")
log10 = unary("Log10Backward0", _quiet(np.log10), lambda g, x: g / (x * LN10), promote_float,
              "log10")
log1p = unary("Log1PBackward0", _quiet(np.log1p), lambda g, x: g / (x + 1), promote_float,
              "log1p")
sqrt = unary("SqrtBackward0", _quiet(np.sqrt), lambda g, out: g / (2 * out), promote_float,
             "sqrt")
rsqrt = unary("RsqrtBackward0", _quiet(lambda x: 1 / np.sqrt(x)),
              lambda g, out: -0.5 * g * out * out * out, promote_float, "rsqrt")
sin = unary("SinBackward0", np.sin, lambda g, x, m: g * m.cos(x), promote_float, "sin")
cos = unary("CosBackward0", np.cos, lambda g, x, m: g * -m.sin(x), promote_float, "cos")
tan = unary("TanBackward0", np.tan, lambda g, out: g * (1 + out * out), promote_float, "tan")
asin = unary("AsinBackward0", _quiet(np.arcsin), lambda g, x, m: g / m.sqrt(1 - x * x),
             promote_float, "asin")
acos = unary("AcosBackward0", _quiet(np.arccos), lambda g, x, m: -g / m.sqrt(1 - x * x),
             promote_float, "acos")
atan = unary("AtanBackward0", np.arctan, lambda g, x: g / (1 + x * x), promote_float, "atan")
sinh = unary("SinhBackward0", _quiet(np.sinh), lambda g, x, m: g * m.cosh(x), promote_float,
             "sinh")
cosh = unary("CoshBackward0", _quiet(np.cosh), lambda g, x, m: g * m.sinh(x), promote_float,
             "cosh")
tanh = unary("TanhBackward0", np.tanh, lambda g, out: g * (1 - out * out), promote_float,
             "tanh")


def _sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


sigmoid = unary("SigmoidBackward0", _sigmoid, lambda g, out: g * (1 - out) * out,
                promote_float, "sigmoid")
relu = unary("ReluBackward0", lambda x: np.maximum(x, 0).astype(x.dtype, copy=False),
             lambda g, out, m: m.where(out > 0, g, 0 * g), name="relu")
reciprocal = unary("ReciprocalBackward0", _quiet(lambda x: 1 / x),
                   lambda g, out: -g * out * out, promote_float, "reciprocal")
floor = unary("FloorBackward0", np.floor, lambda g, m: m.zeros_like(g), name="floor")
ceil = unary("CeilBackward0", np.ceil, lambda g, m: m.zeros_like(g), name="ceil")
trunc = unary("TruncBackward0", np.trunc, lambda g, m: m.zeros_like(g), name="trunc")
frac = unary("FracBackward0", lambda x: x - np.trunc(x), lambda g: g, name="frac")
_round = unary("RoundBackward0", np.round, lambda g, m: m.zeros_like(g))


def _erf(x):
    return np.vectorize(math.erf, otypes=[x.dtype])(x) if x.size else x.copy()


erf = unary("ErfBackward0", _erf,
            lambda g, x, m: g * (2 / math.sqrt(math.pi)) * m.exp(-(x * x)), promote_float, "erf")
square_root_of_pi = math.sqrt(math.pi)


@method
def round(input, decimals=0):
    if decimals == 0:
        return _round(input)
    scale = 10.0 ** decimals
    return _round(input * scale) / scale


inplace(_round, "round_")


# --- binary arithmetic --------------------------------------------------------------------
_add = Op("AddBackward0", lambda x, y, alpha=1: x + y if alpha == 1 else x + alpha * y,
          lambda g: g, lambda g, alpha: g if alpha == 1 else g * alpha)
_sub = Op("SubBackward0", lambda x, y, alpha=1: x - y if alpha == 1 else x - alpha * y,
          lambda g: g, lambda g, alpha: -g if alpha == 1 else -g * alpha)
_rsub = Op("RsubBackward1", lambda x, y, alpha=1: y - alpha * x,
           lambda g, alpha: -g * alpha)
mul = method(Op("MulBackward0", lambda x, y: x * y, lambda g, y: g * y, lambda g, x: g * x),
             "mul")
multiply = method(mul, "multiply")
_div = Op("DivBackward0", _quiet(lambda x, y: x / y), lambda g, y: g / y,
          lambda g, x, y: -g * x / (y * y), dtype=promote_float)


def _alpha_check(x, y, alpha):
    if alpha != 1 and not isinstance(alpha, (int, float)):
        raise TypeError("alpha must be a number")


@method
def add(input, other, *, alpha=1, out=None):
    res = _add(input, other) if alpha == 1 else _add(input, other, alpha=alpha)
    return _write_out(res, out)


@method
def sub(input, other, *, alpha=1, out=None):
    res = _sub(input, other) if alpha == 1 else _sub(input, other, alpha=alpha)
    return _write_out(res, out)


subtract = method(sub, "subtract")


def rsub(input, other, *, alpha=1):
    """`other - alpha * input` (what `2 - x` calls)."""
    from .._tensor import Tensor
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    return _rsub(input, other, alpha=alpha)


add_ = inplace(_add, "add_")
sub_ = inplace(_sub, "sub_")
mul_ = inplace(mul, "mul_")
div_ = inplace(_div, "div_")


@method
def div(input, other, *, rounding_mode=None, out=None):
    if rounding_mode is None:
        res = _div(input, other)
    elif rounding_mode == "trunc":
        res = _div_trunc(input, other)
    elif rounding_mode == "floor":
        res = floor_divide(input, other)
    else:
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found '{rounding_mode}'")
    return _write_out(res, out)


divide = method(div, "divide")
true_divide = method(_div, "true_divide")


def rdiv(input, other):
    """`other / input`: PyTorch computes `input.reciprocal() * other` (node MulBackward0)."""
    return mul(reciprocal(input), other)


def _int_div_check(fn):
    def checked(x, y):
        if x.dtype.kind in "iub" and np.any(np.asarray(y) == 0):
            raise RuntimeError("ZeroDivisionError")
        with np.errstate(all="ignore"):
            return fn(x, y)
    return checked


_div_trunc = Op("DivBackward1", _int_div_check(
    lambda x, y: np.trunc(x / y).astype(np.result_type(x, y)) if x.dtype.kind == "f"
    or np.result_type(x, y).kind == "f" else (np.abs(x) // np.abs(y)) * np.sign(x) * np.sign(y)),
    lambda g, m: m.zeros_like(g), lambda g, m: m.zeros_like(g))
floor_divide = method(Op("FloorDivideBackward0", _int_div_check(np.floor_divide),
                         lambda g, m: m.zeros_like(g), lambda g, m: m.zeros_like(g)),
                      "floor_divide")
remainder = method(Op("RemainderBackward0", _int_div_check(np.remainder), lambda g: g,
                      lambda g, x, y, m: -g * m.floor(x / y)), "remainder")
fmod = method(Op("FmodBackward0", _int_div_check(np.fmod), lambda g: g,
                 lambda g, x, y, m: -g * m.trunc(x / y)), "fmod")
atan2 = method(Op("Atan2Backward0", np.arctan2, lambda g, x, y: g * y / (x * x + y * y),
                  lambda g, x, y: g * -x / (x * x + y * y), dtype=promote_float), "atan2")
arctan2 = method(atan2, "arctan2")


def _pow_forward(x, y):
    if x.dtype.kind in "iu" and np.any(np.asarray(y) < 0) and np.asarray(y).dtype.kind in "iu":
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    with np.errstate(all="ignore"):
        return np.power(x, y)


_pow_scalar = Op("PowBackward0", _pow_forward,
                 lambda g, x, y: g * 0 if y == 0 else g * y * x ** (y - 1))
_pow_tensor = Op("PowBackward1", _pow_forward,
                 lambda g, x, y: g * y * x ** (y - 1),
                 lambda g, x, y, out, m: g * m.where((x == 0) & (y >= 0), 0 * out,
                                                     out * m.log(x)))
_rpow = Op("PowBackward2", lambda y, x: _pow_forward(x, y),
           lambda g, x, out: g * 0 if x == 0 else g * out * math.log(x), inputs="y x")


@method
def pow(input, exponent):
    from .._tensor import Tensor
    if isinstance(exponent, Tensor):
        if not isinstance(input, Tensor):
            return _rpow(exponent, input)
        return _pow_tensor(input, exponent)
    return _pow_scalar(input, exponent)


def rpow(input, base):
    return _rpow(input, base)


inplace(_pow_scalar, "pow_")


@method
def square(input):
    return _pow_scalar(input, 2)


@method
def float_power(input, exponent):
    return pow(input.double() if hasattr(input, "double") else input, exponent)


maximum = method(Op("MaximumBackward0", np.maximum,
                    lambda g, x, y, m: m.where(x == y, g / 2, m.where(x < y, 0 * g, g)),
                    lambda g, x, y, m: m.where(x == y, g / 2, m.where(y < x, 0 * g, g))),
                 "maximum")
minimum = method(Op("MinimumBackward0", np.minimum,
                    lambda g, x, y, m: m.where(x == y, g / 2, m.where(x > y, 0 * g, g)),
                    lambda g, x, y, m: m.where(x == y, g / 2, m.where(y > x, 0 * g, g))),
                 "minimum")
fmax = method(Op("FmaxBackward0", np.fmax,
                 lambda g, x, y, m: m.where(x >= y, g, 0 * g),
                 lambda g, x, y, m: m.where(x >= y, 0 * g, g)), "fmax")
fmin = method(Op("FminBackward0", np.fmin,
                 lambda g, x, y, m: m.where(x <= y, g, 0 * g),
                 lambda g, x, y, m: m.where(x <= y, 0 * g, g)), "fmin")

_lerp = Op("LerpBackward0", lambda x, end, weight: x + weight * (end - x),
           lambda g, weight: g * (1 - weight), lambda g, weight: g * weight, inputs="x end")


@method
def lerp(input, end, weight):
    return _lerp(input, end, weight=weight)


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


@method
def clamp(input, min=None, max=None, *, out=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return _write_out(_clamp(input, min=min, max=max), out)


clip = method(clamp, "clip")
inplace(_clamp, "clamp_")
inplace(_clamp, "clip_")


# --- comparisons and logic: no gradient ---------------------------------------------------
def _cmp(fn, name):
    return method(Op(name, lambda x, y: fn(x, y), dtype=_bool, name=name), name)


eq = _cmp(np.equal, "eq")
ne = _cmp(np.not_equal, "ne")
lt = _cmp(np.less, "lt")
le = _cmp(np.less_equal, "le")
gt = _cmp(np.greater, "gt")
ge = _cmp(np.greater_equal, "ge")
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
for _alias, _op in (("greater", gt), ("greater_equal", ge), ("less", lt), ("less_equal", le),
                    ("not_equal", ne)):
    method(_op, _alias)

logical_and = _cmp(np.logical_and, "logical_and")
logical_or = _cmp(np.logical_or, "logical_or")
logical_xor = _cmp(np.logical_xor, "logical_xor")
logical_not = method(Op("logical_not", np.logical_not, name="logical_not"), "logical_not")
bitwise_and = _cmp(np.bitwise_and, "bitwise_and")
bitwise_or = _cmp(np.bitwise_or, "bitwise_or")
bitwise_xor = _cmp(np.bitwise_xor, "bitwise_xor")
bitwise_not = method(Op("bitwise_not", np.invert, name="bitwise_not"), "bitwise_not")
isnan = method(Op("isnan", np.isnan, name="isnan"), "isnan")
isinf = method(Op("isinf", np.isinf, name="isinf"), "isinf")
isfinite = method(Op("isfinite", np.isfinite, name="isfinite"), "isfinite")
signbit = method(Op("signbit", np.signbit, name="signbit"), "signbit")


# --- where --------------------------------------------------------------------------------
_where = Op("WhereBackward0", lambda cond, x, y: np.where(cond, x, y), None,
            lambda g, cond, m: m.where(cond, g, 0 * g),
            lambda g, cond, m: m.where(cond, 0 * g, g), inputs="cond x y",
            dtype=lambda args: promote(args[1:]))


def where(condition, input=None, other=None):
    if input is None and other is None:
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    return _where(condition, input, other)


method(lambda self, condition, y: _where(condition, self, y), "where")


def _write_out(result, out):
    """`out=`: copy the result into a given tensor (resized like PyTorch's if empty)."""
    if out is None:
        return result
    if out._data.shape != result._data.shape:
        out._data = np.empty(result._data.shape, out._data.dtype)
    out._data[...] = result._data
    out._version.bump("out=")
    return out


def _sign_like(x):
    return np.sign(x)


def _zeros_like(x):
    return np.zeros_like(x)


# m.* for derivatives: NumPy for arrays, the ops above for tensors
math_function(np.sign, sign, "sign")
math_function(np.cos, cos, "cos")
math_function(np.sin, sin, "sin")
math_function(np.cosh, cosh, "cosh")
math_function(np.sinh, sinh, "sinh")
math_function(_quiet(np.sqrt), sqrt, "sqrt")
math_function(np.exp, exp, "exp")
math_function(_quiet(np.log), log, "log")
math_function(np.floor, floor, "floor")
math_function(np.trunc, trunc, "trunc")
math_function(lambda c, a, b: np.where(c, a, b), _where, "where")

_ = (_dtype, ArrayMath, _alpha_check, _sign_like, _zeros_like, square_root_of_pi)
