"""Ops at the edges of floating point: nan, +-inf, +-0, subnormal and tiny values, values
whose square underflows or overflows, and the largest finite value of each dtype.

Two sweeps, each run by PyTorch (tools/gen_golden_edges.py, recorded in
tests/golden/edges.json) and by retrograd (tests/test_edge_values.py):

- POINTWISE: every pointwise op, activation and elementwise loss on all edge values (unary)
  or on every pair of them (binary), with first and second derivatives.
- every op case of tests/op_cases.py with its float inputs filled with edge values, in
  several ways (VARIANTS), with first derivatives.

A case is `fn(T, *inputs)` with `T` the library (torch or retrograd), as in op_cases.
"""
import numpy as np

import op_cases

DTYPES = ("float32", "float64", "float16")


def edge_values(dtype):
    """The edge values of one dtype, and a few ordinary ones between them."""
    fi = np.finfo(dtype)
    sub = float(fi.smallest_subnormal)
    small = float(np.sqrt(fi.tiny)) / 16      # small * small underflows to 0
    big = float(np.sqrt(fi.max)) * 16         # big * big overflows to inf
    return np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, sub, -float(fi.tiny), small, -big,
                     float(fi.max), -float(fi.max), 1.0, -1.0, 0.5, -2.5], dtype=dtype)


class Edge:
    def __init__(self, name, fn, arity=1, order=2, dtypes=DTYPES):
        self.name = name
        self.fn = fn
        self.arity = arity        # 1: all edge values; 2: every pair of them
        self.order = order        # derivatives compared (0: forward only)
        self.dtypes = dtypes


def pointwise_inputs(edge, dtype):
    v = edge_values(dtype)
    if edge.arity == 1:
        return [v]
    x, y = np.meshgrid(v, v, indexing="ij")
    return [x.reshape(-1), y.reshape(-1)]


POINTWISE = []


def edge(name, fn, arity=1, **kwargs):
    POINTWISE.append(Edge(name, fn, arity, **kwargs))


def _f(name):
    return lambda T, *xs: getattr(T, name)(*xs)


def _nn(name, **kwargs):
    return lambda T, *xs: getattr(T.nn.functional, name)(*xs, **kwargs)


for _name in ["abs", "neg", "sign", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
              "sqrt", "rsqrt", "square", "sin", "cos", "tan", "asin", "acos", "atan", "sinh",
              "cosh", "tanh", "sigmoid", "erf", "floor", "ceil", "round", "trunc", "frac",
              "reciprocal", "relu", "nan_to_num", "isnan", "isinf", "isfinite", "signbit"]:
    edge(_name, _f(_name))
edge("round_decimals", lambda T, x: T.round(x, decimals=2))
edge("clamp", lambda T, x: T.clamp(x, -1.0, 0.5))
edge("clamp_min", lambda T, x: T.clamp(x, min=0.0))
edge("clamp_max", lambda T, x: x.clamp_max(0.0))
edge("clamp_nan_bound", lambda T, x: T.clamp(x, min=float("nan")), order=1)
edge("nan_to_num_args", lambda T, x: x.nan_to_num(1.0, 2.0, -3.0))
for _p in (0, 0.5, -0.5, 1, 2, 3, -1, -2, 2.5, float("inf"), float("-inf")):
    edge(f"pow_{_p}", (lambda p: lambda T, x: x ** p)(_p))
for _b in (2.0, 0.0, 0.5, -2.0):
    edge(f"rpow_{_b}", (lambda b: lambda T, x: b ** x)(_b))
edge("add_scalar", lambda T, x: x + 1.5)
edge("mul_scalar", lambda T, x: x * 2.0)
edge("div_scalar", lambda T, x: x / 3.0)
edge("rdiv", lambda T, x: 1.0 / x)
edge("x_div_x", lambda T, x: x / x)
edge("x_mul_x", lambda T, x: x * x)
edge("fmod_scalar", lambda T, x: T.fmod(x, 1.5))
edge("remainder_scalar", lambda T, x: T.remainder(x, 1.5))
edge("remainder_neg_scalar", lambda T, x: x % -1.5)
edge("floor_divide_scalar", lambda T, x: x // 1.5, order=0)
edge("div_trunc_scalar", lambda T, x: T.div(x, 1.5, rounding_mode="trunc"))
edge("div_floor_scalar", lambda T, x: T.div(x, 1.5, rounding_mode="floor"))
edge("lerp_scalar", lambda T, x: T.lerp(x, T.zeros_like(x), 0.25))
for _name in ["add", "sub", "mul", "div", "pow", "atan2", "maximum", "minimum", "fmax", "fmin",
              "fmod", "remainder"]:
    edge(_name, _f(_name), 2)
edge("div_trunc", lambda T, x, y: T.div(x, y, rounding_mode="trunc"), 2)
edge("div_floor", lambda T, x, y: T.div(x, y, rounding_mode="floor"), 2)
edge("floor_divide", lambda T, x, y: T.floor_divide(x, y), 2, order=0)
edge("lerp", lambda T, x, y: T.lerp(x, y, 0.5), 2)
edge("lerp_weight", lambda T, x, w: T.lerp(T.ones_like(x), x, w), 2)
edge("clamp_tensor_min", lambda T, x, lo: T.clamp(x, min=lo), 2)
edge("clamp_tensor_max", lambda T, x, hi: T.clamp(x, max=hi), 2)
edge("where", lambda T, x, y: T.where(x > y, x, y), 2)
for _name in ["eq", "ne", "lt", "le", "gt", "ge"]:
    edge(_name, _f(_name), 2, order=0)
edge("isclose", lambda T, x, y: T.isclose(x, y), 2, order=0)
edge("isclose_nan", lambda T, x, y: T.isclose(x, y, equal_nan=True), 2, order=0)

for _name, _kw in [("relu", {}), ("relu6", {}), ("gelu", {}), ("silu", {}), ("softplus", {}),
                   ("elu", {}), ("hardtanh", {}), ("leaky_relu", {"negative_slope": 0.2})]:
    edge("F." + _name, _nn(_name, **_kw))
edge("F.gelu_tanh", _nn("gelu", approximate="tanh"))
edge("F.softplus_beta", _nn("softplus", beta=2.0, threshold=1.0))
edge("F.elu_alpha", _nn("elu", alpha=0.5))
edge("F.sigmoid", _nn("sigmoid"))
edge("F.tanh", _nn("tanh"))
edge("F.softmax", lambda T, x: T.nn.functional.softmax(x.reshape(-1, 3), dim=1))
edge("F.log_softmax", lambda T, x: T.nn.functional.log_softmax(x.reshape(-1, 3), dim=1))
edge("F.softmin", lambda T, x: T.nn.functional.softmin(x.reshape(-1, 3), dim=1))
edge("F.normalize", lambda T, x: T.nn.functional.normalize(x.reshape(-1, 3), dim=1))
for _name in ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"]:
    edge(f"F.{_name}_none", _nn(_name, reduction="none"), 2)
    edge(f"F.{_name}_mean", _nn(_name), 2, order=1)
edge("F.huber_loss_delta", _nn("huber_loss", reduction="none", delta=0.5), 2)
edge("F.smooth_l1_loss_beta", _nn("smooth_l1_loss", reduction="none", beta=0.5), 2)
edge("F.smooth_l1_loss_beta0", _nn("smooth_l1_loss", reduction="none", beta=0.0), 2)
edge("F.bce_with_logits", _nn("binary_cross_entropy_with_logits", reduction="none"), 2)
edge("F.bce_with_logits_mean", _nn("binary_cross_entropy_with_logits"), 2, order=1)
edge("F.bce", lambda T, x, y: T.nn.functional.binary_cross_entropy(
    T.sigmoid(x), T.sigmoid(y), reduction="none"), 2, order=1,
    dtypes=("float32", "float64"))
edge("F.kl_div", _nn("kl_div", reduction="none"), 2)
edge("F.kl_div_log_target", _nn("kl_div", reduction="none", log_target=True), 2)
# the gamma family, erfinv and the log-sigmoid, to second order
for _name in ["lgamma", "digamma", "erfinv"]:
    edge(_name, _f(_name))
for _n in (1, 2, 3):
    edge(f"polygamma_{_n}", (lambda n: lambda T, x: T.polygamma(n, x))(_n))
edge("xlogy", _f("xlogy"), 2)
edge("F.logsigmoid", _nn("logsigmoid"))
# truth values of the edges: nan is true, -0 false
for _name in ["logical_and", "logical_or", "logical_xor"]:
    edge(_name, _f(_name), 2, order=0)
for _name in ["logical_not", "bool", "nonzero"]:
    edge(_name, (lambda name: lambda T, x: getattr(x, name)())(_name), order=0)
for _name in ["all", "any", "count_nonzero"]:
    edge(_name, _f(_name), order=0)
    edge(f"{_name}_dim", (lambda name: lambda T, x: getattr(T, name)(x.reshape(-1, 3), 1))(
        _name), order=0)
# conversions between float dtypes: overflow to inf, underflow to 0
for _name in ["float", "double", "half"]:
    edge(f"to_{_name}", (lambda name: lambda T, x: getattr(x, name)())(_name))


# --- the op table's cases, their float inputs filled with edge values ---------------------
VARIANTS = ("edges", "nan", "inf", "zero", "tiny", "huge")


def fill(arrays, variant, dtype):
    """The float inputs of a case for one variant: all edge values (each input shifted so
    that pairs differ), or the case's ordinary inputs with one or two special values in them."""
    out = []
    v = edge_values(dtype)
    fi = np.finfo(dtype)
    specials = {"nan": [np.nan], "inf": [np.inf, -np.inf], "zero": [0.0, -0.0],
                "tiny": [float(fi.smallest_subnormal), -float(fi.tiny)],
                "huge": [float(fi.max), -float(fi.max)]}
    for k, a in enumerate(arrays):
        if a.dtype.kind != "f":
            out.append(a)
            continue
        a = a.astype(dtype)
        flat = a.reshape(-1)
        if variant == "edges":
            flat[:] = np.resize(np.roll(v, 4 * k), flat.size)
        else:
            for j, s in enumerate(specials[variant]):
                if flat.size:
                    flat[(3 * k + 5 * j + 1) % flat.size] = s
        out.append(flat.reshape(a.shape))
    return out


TABLE_DTYPES = ("float32", "float64")
TABLE = [c for c in op_cases.CASES if any(d != "bool" and d not in ("int", "natural")
                                          for _, d in c.inputs)]


# --- running a case in one library ----------------------------------------------------------
def _encode(value):
    if isinstance(value, (bool, int, float)):
        return {"py": value}
    data = value.detach().numpy(force=True)    # force: PyTorch's zero tensors too
    values = data.reshape(-1)
    # float32 and float16 as their shortest decimals (a smaller golden file)
    values = [float(str(v)) for v in values] if data.dtype.kind == "f" and \
        data.dtype.itemsize < 8 else values.tolist()
    return {"dtype": str(value.dtype).replace("torch.", ""), "shape": list(data.shape),
            "values": values}


def _weights(T, shape, dtype, phase):
    n = int(np.prod(shape))
    w = np.cos(np.arange(n) * 1.3 + phase).reshape(shape)
    return T.tensor(w, dtype=getattr(T, dtype))


def run(T, fn, arrays, dtype, order):
    """fn's forward on the arrays (floats in `dtype`) and, up to `order`, the derivatives of
    <out, w1> (and of <grad, w2>) with respect to the float inputs."""
    try:
        xs = op_cases.to_lib(T, arrays, dtype, requires_grad=order > 0)
        out = fn(T, *xs)
    except Exception as e:  # noqa: BLE001 - the exception's type is the behaviour
        return {"error": type(e).__name__}
    record = {"out": _encode(out)}
    diff = [x for x in xs if x.requires_grad]
    if order == 0 or not getattr(out, "requires_grad", False) or not diff:
        return record
    w1 = _weights(T, tuple(out.shape), str(out.dtype).replace("torch.", ""), 0.5)
    try:
        grads = T.autograd.grad(out, diff, w1, create_graph=order > 1, allow_unused=True)
    except Exception as e:  # noqa: BLE001
        record["grad_error"] = type(e).__name__
        return record
    record["grads"] = [None if g is None else _encode(g) for g in grads]
    if order > 1:
        terms = [g for g in grads if g is not None and g.requires_grad]
        if terms:
            total = sum((g * _weights(T, tuple(g.shape), dtype, 1.1 + k)).sum()
                        for k, g in enumerate(terms))
            try:
                grads2 = T.autograd.grad(total, diff, allow_unused=True)
            except Exception as e:  # noqa: BLE001
                record["grad2_error"] = type(e).__name__
                return record
            record["grads2"] = [None if g is None else _encode(g) for g in grads2]
    return record


def all_runs():
    """Every (key, fn, arrays, dtype, order) the sweeps compare."""
    for e in POINTWISE:
        for dtype in e.dtypes:
            yield f"{e.name}/{dtype}", e.fn, pointwise_inputs(e, dtype), dtype, e.order
    for c in TABLE:
        base = op_cases.make_inputs(c)
        for variant in VARIANTS:
            for dtype in TABLE_DTYPES:
                yield (f"{c.name}/{variant}/{dtype}", c.fn, fill(base, variant, dtype), dtype,
                       1 if c.grad and c.order else 0)
