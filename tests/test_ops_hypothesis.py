"""One Hypothesis-driven check applied to every op family: shapes drawn with 0-dim, size-0
and size-1 (broadcast) dims, float and integer dtypes. For each draw:

- the gradient, first and second order, against finite differences in float64 in random
  directions (always);
- the result's values, dtype and node name, or PyTorch's exception type and text, against
  PyTorch itself (when it is importable).
"""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import retrograd
import op_cases
from gradcheck_util import check_grad

EXAMPLES = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

try:
    import torch
except ImportError:      # the gradient checks still run; the comparisons are skipped
    torch = None


def shapes(min_dims=0, max_dims=3, min_side=0):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                            max_side=4)


def outcome(T, fn, arrays, float_dtype):
    """What fn does under library T: ("ok", encoded result, node name) or ("error", type,
    message)."""
    xs = op_cases.to_lib(T, arrays, float_dtype, requires_grad=float_dtype == "float64")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if T is retrograd:          # no NumPy warning may leak
                warnings.simplefilter("error", RuntimeWarning)
            out = fn(T, *xs)
    except Exception as e:  # noqa: BLE001 - the exception is what gets compared
        return ("error", type(e).__name__, str(e))
    node = type(out.grad_fn).__name__ if getattr(out, "grad_fn", None) is not None else None
    return ("ok", op_cases.encode(out), node)


def compare_with_pytorch(fn, arrays, float_dtype):
    if torch is None:
        return
    got = outcome(retrograd, fn, arrays, float_dtype)
    want = outcome(torch, fn, arrays, float_dtype)
    assert got[0] == want[0], (got, want)
    if want[0] == "error":
        assert got[1:] == want[1:]
        return
    g, w = got[1], want[1]
    assert got[2] == want[2], f"node {got[2]} != {want[2]}"
    if "py" in w:
        assert g == w
        return
    assert (g["dtype"], g["shape"]) == (w["dtype"], w["shape"])
    rtol = 1e-4 if w["dtype"] == "torch.float32" else 1e-10
    np.testing.assert_allclose(np.array(g["values"], float), np.array(w["values"], float),
                               rtol=rtol, atol=rtol, equal_nan=True)


def check(fn, arrays, dtype, grad=True, order=2):
    """The whole check for one draw."""
    compare_with_pytorch(fn, arrays, dtype)
    if dtype == "float64":
        compare_with_pytorch(fn, arrays, "float32")
    floats = [a for a in arrays if a.dtype.kind == "f"]
    if grad and floats and all(a.size for a in floats) and _runs(fn, arrays):
        check_grad(lambda *xs: fn(retrograd, *_merge(arrays, xs)), *floats, order=order)


def _runs(fn, arrays):
    """Gradient checks only where the op accepts the input (errors are compared above) and
    gives a finite result (std of one element is nan: nothing to differentiate)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            out = fn(retrograd, *op_cases.to_lib(retrograd, arrays, "float64"))
    except Exception:  # noqa: BLE001
        return False
    return bool(np.isfinite(out.detach().numpy()).all())


def _merge(arrays, float_tensors):
    """The op's inputs with the float ones replaced by the tensors being differentiated."""
    it = iter(float_tensors)
    return [next(it) if a.dtype.kind == "f" else retrograd.tensor(a) for a in arrays]


def draw_inputs(data, shapes_and_domains):
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    return [op_cases._draw(rng, shape, domain) for shape, domain in shapes_and_domains]


# --- unary pointwise ----------------------------------------------------------------------
UNARY = {"abs": "away", "neg": "real", "sign": "away", "exp": "real", "exp2": "real",
         "expm1": "real", "log": "pos", "log2": "pos", "log10": "pos", "log1p": "pos",
         "sqrt": "pos", "rsqrt": "pos", "square": "real", "sin": "real", "cos": "real",
         "tan": "unit", "asin": "unit", "acos": "unit", "atan": "real", "sinh": "real",
         "cosh": "real", "tanh": "real", "sigmoid": "real", "erf": "real", "floor": "real",
         "ceil": "real", "round": "real", "trunc": "real", "frac": "real",
         "reciprocal": "away", "relu": "away", "nan_to_num": "real"}


@pytest.mark.parametrize("name", list(UNARY))
@EXAMPLES
@given(data=st.data(), shape=shapes(), dtype=st.sampled_from(["float64", "int", "bool"]))
def test_unary(name, data, shape, dtype):
    domain = UNARY[name] if dtype == "float64" else dtype
    arrays = draw_inputs(data, [(shape, domain)])
    check(lambda T, x: getattr(T, name)(x), arrays, "float64", grad=dtype == "float64")


# --- binary pointwise, broadcasting -------------------------------------------------------
BINARY = {"add": ("real", "real"), "sub": ("real", "real"), "mul": ("real", "real"),
          "div": ("real", "away"), "pow": ("pos", "real"), "atan2": ("real", "away"),
          "maximum": ("real", "real"), "minimum": ("real", "real"),
          "fmod": ("real", "pos"), "remainder": ("real", "pos"),
          "eq": ("int", "int"), "lt": ("int", "int"), "ge": ("int", "int"),
          "logical_and": ("int", "int"), "logical_xor": ("int", "int"),
          "floor_divide": ("int", "natural")}


@pytest.mark.parametrize("name", list(BINARY))
@EXAMPLES
@given(data=st.data(), pair=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3,
                                                               max_side=3))
def test_binary_broadcasting(name, data, pair):
    dx, dy = BINARY[name]
    arrays = draw_inputs(data, [(pair.input_shapes[0], dx), (pair.input_shapes[1], dy)])
    check(lambda T, x, y: getattr(T, name)(x, y), arrays, "float64")


@pytest.mark.parametrize("name", ["add", "mul", "div", "pow", "maximum"])
@EXAMPLES
@given(data=st.data(), shape=shapes(), number=st.sampled_from([2, -1, 0.5, True]))
def test_binary_with_number(name, data, shape, number):
    arrays = draw_inputs(data, [(shape, "pos")])
    check(lambda T, x: getattr(T, name)(x, number), arrays, "float64")


# --- reductions over a dim ----------------------------------------------------------------
REDUCTIONS = {
    "sum": lambda T, x, d, k: x.sum(d, keepdim=k),
    "mean": lambda T, x, d, k: x.mean(d, keepdim=k),
    "prod": lambda T, x, d, k: x.prod(d, keepdim=k),
    "amax": lambda T, x, d, k: x.amax(d, keepdim=k),
    "amin": lambda T, x, d, k: x.amin(d, keepdim=k),
    "max": lambda T, x, d, k: x.max(d, keepdim=k).values,
    "min": lambda T, x, d, k: x.min(d, keepdim=k).values,
    "argmax": lambda T, x, d, k: x.argmax(d, keepdim=k),
    "median": lambda T, x, d, k: x.median(d, keepdim=k).values,
    "std": lambda T, x, d, k: x.std(d, keepdim=k),
    "var": lambda T, x, d, k: x.var(d, keepdim=k, correction=0),
    "norm": lambda T, x, d, k: x.norm(dim=d, keepdim=k),
    "logsumexp": lambda T, x, d, k: x.logsumexp(d, keepdim=k),
    "cumsum": lambda T, x, d, k: x.cumsum(d),
    "cumprod": lambda T, x, d, k: x.cumprod(d),
    "sort": lambda T, x, d, k: x.sort(d, descending=k).values,
    "all": lambda T, x, d, k: x.all(d, keepdim=k),
    "count_nonzero": lambda T, x, d, k: x.count_nonzero(d),
    "flip": lambda T, x, d, k: x.flip(d),
    "roll": lambda T, x, d, k: x.roll(1, d),
}


@pytest.mark.parametrize("name", list(REDUCTIONS))
@EXAMPLES
@given(data=st.data(), shape=shapes(min_dims=1), keepdim=st.booleans())
def test_reduction_over_dim(name, data, shape, keepdim):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1), label="dim")
    domain = "distinct" if name in ("amax", "amin", "max", "min", "median", "sort",
                                    "argmax") else "away"
    arrays = draw_inputs(data, [(shape, domain)])
    fn = REDUCTIONS[name]
    check(lambda T, x: fn(T, x, dim, keepdim), arrays, "float64",
          grad=name not in ("argmax", "all", "count_nonzero"))


# --- shape ops ----------------------------------------------------------------------------
@EXAMPLES
@given(data=st.data(), shape=shapes(min_dims=2, min_side=1))
def test_transpose_tril_diagonal(data, shape):
    arrays = draw_inputs(data, [(shape, "real")])
    k = data.draw(st.integers(-2, 2), label="offset")
    check(lambda T, x: x.transpose(0, -1).tril(k), arrays, "float64")
    check(lambda T, x: x.diagonal(k, 0, -1), arrays, "float64")


@EXAMPLES
@given(data=st.data(), shape=shapes(min_dims=1, min_side=1))
def test_split_cat_roundtrip(data, shape):
    arrays = draw_inputs(data, [(shape, "real")])
    size = data.draw(st.integers(1, 3), label="split size")
    check(lambda T, x: T.cat(x.split(size, -1)[::-1], -1), arrays, "float64")
    check(lambda T, x: T.stack(x.unbind(0), -1), arrays, "float64")


@EXAMPLES
@given(data=st.data(), shape=shapes(min_dims=1, min_side=1))
def test_gather_matches_indexing(data, shape):
    arrays = draw_inputs(data, [(shape, "real")])
    rng = np.random.default_rng(data.draw(st.integers(0, 99), label="index seed"))
    index = rng.integers(0, shape[0], (3,) + tuple(shape[1:]))    # repeated rows too
    check(lambda T, x: x.gather(0, T.tensor(index)), arrays, "float64")
    check(lambda T, x: x.index_select(0, T.tensor(index[:, ...].reshape(-1)[:5] % shape[0])),
          arrays, "float64")
    check(lambda T, x: x[T.tensor(index.reshape(-1)[:4])], arrays, "float64")


@EXAMPLES
@given(data=st.data(), pair=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1,
                                                               max_dims=3, max_side=3))
def test_matmul_shapes(data, pair):
    a, b = pair.input_shapes
    n = data.draw(st.integers(1, 3), label="inner")
    left = a + (n,) if len(a) > 1 else (n,)          # 1-D and batched operands
    right = b[:-1] + (n, b[-1]) if len(b) > 1 else (n,)
    arrays = draw_inputs(data, [(left, "real"), (right, "real")])
    check(lambda T, x, y: T.matmul(x, y), arrays, "float64")


# --- type promotion: every dtype pair, dimensioned and 0-dim tensors, Python numbers ------
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
PROMOTING = ["add", "sub", "mul", "div", "maximum", "eq", "lt", "where", "atan2", "pow",
             "remainder", "floor_divide"]


def _operand(T, kind, dtype, value):
    if kind == "number":
        return {"bool": True, "float": 2.5}.get(dtype, 3)
    t = T.tensor(value, dtype=getattr(T, dtype))
    return t.reshape(()) if kind == "0-dim" else t


@pytest.mark.parametrize("name", PROMOTING)
@EXAMPLES
@given(a=st.sampled_from(DTYPES), b=st.sampled_from(DTYPES + ["int", "float"]),
       kind=st.sampled_from(["tensor", "0-dim", "number"]))
def test_type_promotion(name, a, b, kind):
    if torch is None:
        pytest.skip("needs PyTorch")
    if kind == "number" and b not in ("bool", "int", "float"):
        kind = "tensor"
    if kind != "number" and b in ("int", "float"):
        b = "int64" if b == "int" else "float32"

    def fn(T):
        x = T.tensor([1, 0, 3], dtype=getattr(T, a))
        y = _operand(T, kind, b, [2, 1, 1] if kind == "tensor" else [2])
        if name == "where":
            return T.where(x > 0, x, y)
        return getattr(T, name)(x, y)

    def run(T):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = fn(T)
            return ("ok", str(out.dtype), out.tolist())
        except Exception as e:  # noqa: BLE001 - the exception is what gets compared
            return ("error", type(e).__name__, str(e))

    got, want = run(retrograd), run(torch)
    assert got[:2] == want[:2], (got, want)
    if want[0] == "ok":
        np.testing.assert_allclose(np.array(got[2], float), np.array(want[2], float),
                                   rtol=1e-3, equal_nan=True)
    else:
        assert got[2] == want[2]


# --- indexing: random keys of ints, slices, None, ..., lists, masks and index tensors -----
@st.composite
def index_keys(draw, shape, unique=False):
    """A key for a tensor of `shape`, as a list of (kind, value) parts both libraries can
    turn into their own index objects."""
    parts, dim = [], 0
    ellipsis_used = False
    while dim < len(shape) and draw(st.booleans()):
        n = shape[dim]
        kind = draw(st.sampled_from(["int", "slice", "none", "ellipsis", "list", "mask",
                                     "tensor"]))
        if kind == "ellipsis":
            if ellipsis_used:
                continue
            ellipsis_used = True
            parts.append(("ellipsis", None))
            dim = len(shape) - sum(1 for k, _ in parts if k not in ("none", "ellipsis"))
            continue
        if kind == "none":
            parts.append(("none", None))
            continue
        if n == 0 and kind in ("int", "list", "tensor"):
            kind = "slice"
        if kind == "int":
            parts.append(("int", draw(st.integers(-n, n - 1))))
        elif kind == "slice":
            start = draw(st.one_of(st.none(), st.integers(-n - 1, n + 1)))
            stop = draw(st.one_of(st.none(), st.integers(-n - 1, n + 1)))
            parts.append(("slice", (start, stop, draw(st.one_of(st.none(),
                                                                 st.integers(1, 3))))))
        elif kind == "mask":
            parts.append(("mask", draw(st.lists(st.booleans(), min_size=n, max_size=n))))
        else:
            # unique positions: with repeats, which write wins is unspecified
            parts.append((kind, draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3,
                                              unique=unique))))
        dim += 1
    return parts


def build_key(T, parts):
    key = []
    for kind, value in parts:
        if kind == "int":
            key.append(value)
        elif kind == "slice":
            key.append(slice(*value))
        elif kind == "none":
            key.append(None)
        elif kind == "ellipsis":
            key.append(Ellipsis)
        elif kind == "list":
            key.append(list(value))
        elif kind == "mask":
            key.append(T.tensor(value, dtype=T.bool))
        else:
            key.append(T.tensor(value))
    return tuple(key)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data(), shape=shapes(min_dims=1, max_dims=3, min_side=1))
def test_getitem_random_keys(data, shape):
    parts = data.draw(index_keys(shape), label="key")
    arrays = draw_inputs(data, [(shape, "real")])
    check(lambda T, x: x[build_key(T, parts)], arrays, "float64", order=1)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data(), shape=shapes(min_dims=1, max_dims=3, min_side=1))
def test_setitem_random_keys(data, shape):
    """x[key] = v on a copy: gradients reach both the target and the value."""
    parts = data.draw(index_keys(shape, unique=True), label="key")
    arrays = draw_inputs(data, [(shape, "real")])
    try:       # the value fills the indexed region (keys that raise are compared too)
        value_shape = tuple(retrograd.zeros(shape)[build_key(retrograd, parts)].shape)
    except IndexError:
        value_shape = (1,)
    arrays.append(np.random.default_rng(1).standard_normal(value_shape))

    def fn(T, x, v):
        y = x * 1
        y[build_key(T, parts)] = v
        return y
    check(fn, arrays, "float64", order=1)
