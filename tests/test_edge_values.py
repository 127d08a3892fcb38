"""Values and gradients at nan, +-inf, +-0, subnormals and the extremes of each dtype, as
PyTorch computes them, over the op table (the sweeps of tests/edge_cases.py). Compared with
PyTorch itself when it is importable, and with tests/golden/edges.json (recorded from it by
tools/gen_golden_edges.py) otherwise. No NumPy warning may escape an op."""
import json
import os
import warnings

import numpy as np
import pytest

import edge_cases
import retrograd

try:
    import torch
except ImportError:
    torch = None

_GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "edges.json")
RUNS = {key: rest for key, *rest in edge_cases.all_runs()}
RTOL = {"float16": 2e-2, "float32": 2e-5, "float64": 1e-10}

# The sign of max(-0, +0) (and of clamp, fmax, min, ... there) depends on PyTorch's kernel:
# its scalar and vectorized loops differ, so only the value 0 is compared.
SIGN_FREE = ("maximum", "minimum", "fmax", "fmin", "clamp", "clip", "max", "min", "amax",
             "amin")

# Where PyTorch's result is not a function of the values alone, or comes from a way of
# computing NumPy has no equivalent for: each run listed, with the reason. They are
# expected to differ (xfail, strict: one that starts matching must be taken off).
_FLOAT16 = "PyTorch computes a float16 op in float32 and rounds once; NumPy rounds each step"
_VECTOR_FMOD = ("PyTorch's vectorized fmod (16-element chunks) gives nan where x / y "
                "overflows; its scalar loop, like NumPy, the exact remainder")
_FMA = "PyTorch's kernel uses a fused multiply-add (exact -max where NumPy overflows)"
_ORDER = "summation order: +-max cancel in PyTorch's order and not in NumPy's"
_LAPACK = "LAPACK/BLAS order of operations at overflowing entries"
KNOWN = {
    **dict.fromkeys(["rsqrt/float16", "round_decimals/float16", "lerp/float16",
                     "F.gelu_tanh/float16", "F.huber_loss_delta/float16", "F.gelu/float16"],
                    _FLOAT16),
    **dict.fromkeys(["fmod/float32", "fmod/float64", "remainder/float32",
                     "remainder/float64", "fmod_tensor/tiny/float64",
                     "remainder_tensor/tiny/float64", "fmod_/huge/float64",
                     "remainder_/huge/float64"], _VECTOR_FMOD),
    **dict.fromkeys(["lerp_weight/float32", "lerp_weight/float64", "lerp_weight/float16",
                     "add_alpha_/huge/float32", "add_alpha_/huge/float64"], _FMA),
    **dict.fromkeys(["sum/huge/float32", "sum/huge/float64", "mean/huge/float32",
                     "mean/huge/float64"], _ORDER),
    **dict.fromkeys(["dot/huge/float64", "addmm/huge/float32", "addmm/huge/float64",
                     "addmm_scaled/huge/float32", "addmm_scaled/huge/float64",
                     "det/inf/float32", "det/inf/float64", "det/huge/float32",
                     "det/huge/float64", "solve/huge/float32", "solve_vector/huge/float32"],
                    _LAPACK),
    **dict.fromkeys(["atan2/float32", "atan2/float64", "atan2/float16"],
                    "second derivative at infinite inputs: PyTorch's atan2 double backward "
                    "multiplies in another order (inf vs nan)"),
    **dict.fromkeys(["F.relu6/float64", "F.hardtanh/float64"],
                    "PyTorch's hardtanh_backward passes a nan's gradient on in float32 and "
                    "float16 but not in float64 (retrograd: as float32)"),
    **dict.fromkeys(["F.gelu/float32", "F.gelu/float64"],
                    "PyTorch's vectorized erf gives gelu(inf) = nan, and nan second "
                    "derivatives at +-max"),
    **dict.fromkeys(["F.softplus_beta/float32", "F.softplus_beta/float64",
                     "F.softplus_beta/float16"],
                    "at x * beta == threshold PyTorch's first derivative takes the smooth "
                    "branch (x * beta > threshold) and its second the linear one "
                    "(x * beta < threshold)"),
    **dict.fromkeys(["std_dim/edges/float64", "std_unbiased/edges/float64"],
                    "PyTorch's Welford update gives nan for a slice with inf, NumPy's "
                    "two-pass variance inf"),
    **dict.fromkeys(["prod_zero_all/huge/float32", "cumprod_zero/edges/float32",
                     "cumprod_zero/edges/float64", "cumprod_zero/nan/float32",
                     "cumprod_zero/nan/float64", "cumprod_zero/inf/float32",
                     "cumprod_zero/inf/float64", "cumprod_zero/huge/float32",
                     "cumprod_zero/huge/float64", "cumprod_/edges/float32",
                     "cumprod_/edges/float64"],
                    "PyTorch's cumprod_backward with a zero in the slice (a separate "
                    "algorithm past the first zero) at nan, inf and overflowing products"),
}


def expected(key):
    fn, arrays, dtype, order = RUNS[key]
    if torch is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return edge_cases.run(torch, fn, arrays, dtype, order)
    return _golden()[key]


_cache = {}


def _golden():
    if "golden" not in _cache:
        with open(_GOLDEN) as f:
            _cache["golden"] = json.load(f)
    return _cache["golden"]


def assert_same(got, want, where, zero_sign=True):
    """Same dtype, shape, nan and inf where PyTorch has them, the sign of every zero (of
    values; a gradient's zero sign is an accident of PyTorch's kernels), and finite values
    within a few units in the last place of the dtype (float16: PyTorch computes in float32
    and rounds once, NumPy in float16 throughout)."""
    if "py" in want or "py" in got:
        assert got == want, where
        return
    assert got["dtype"] == want["dtype"], f"{where}: dtype {got['dtype']} != {want['dtype']}"
    assert got["shape"] == want["shape"], f"{where}: shape {got['shape']} != {want['shape']}"
    a = np.array(got["values"], dtype=np.float64)
    b = np.array(want["values"], dtype=np.float64)
    if a.dtype.kind == "b" or not a.size:
        assert np.array_equal(a, b), where
        return
    bad = np.isnan(a) != np.isnan(b)
    both = ~np.isnan(a) & ~np.isnan(b)
    with np.errstate(all="ignore"):
        inf = both & (np.isinf(a) | np.isinf(b))
        bad |= inf & (a != b)
        fin = both & ~inf
        tol = RTOL.get(want["dtype"], 0.0)
        # within tol of the value, or of the largest finite value (sums cancel)
        scale = np.abs(b[fin]).max(initial=0.0)
        tiny = np.finfo(want["dtype"]).tiny if want["dtype"] in RTOL else 0.0
        bad |= fin & (np.abs(a - b) > tol * (np.abs(b) + scale) + tiny)
        if zero_sign:
            bad |= fin & (a == 0) & (b == 0) & (np.signbit(a) != np.signbit(b))
    if bad.any():
        idx = np.flatnonzero(bad)[:8]
        raise AssertionError(f"{where}: {int(bad.sum())} of {a.size} differ, at {idx.tolist()}: "
                             f"got {a[idx].tolist()} want {b[idx].tolist()}")


def assert_same_record(got, want, key):
    sign_free = key.split("/")[0].rstrip("_").split("_")[0] in SIGN_FREE
    for field in ("error", "grad_error", "grad2_error"):
        assert got.get(field) == want.get(field), f"{key}: {field} {got.get(field)} != " \
                                                  f"{want.get(field)}"
    if "out" in want:
        assert_same(got["out"], want["out"], f"{key} forward", zero_sign=not sign_free)
    for field in ("grads", "grads2"):
        if field == "grads2" and (field in got) != (field in want):
            # a first derivative that is constant in x: PyTorch may still record it and
            # give zeros, retrograd gives a gradient that needs no grad
            assert _all_zero(got.get(field) or want.get(field)), f"{key}: {field} presence"
            continue
        assert (field in got) == (field in want), f"{key}: {field} presence"
        for k, (g, w) in enumerate(zip(got.get(field, ()), want.get(field, ()))):
            assert (g is None) == (w is None), f"{key}: {field}[{k}] presence"
            if w is not None:
                assert_same(g, w, f"{key} {field}[{k}]", zero_sign=False)


def _all_zero(grads):
    return all(g is None or not np.any(np.array(g["values"], dtype=np.float64))
               for g in grads)


@pytest.mark.parametrize("key", [pytest.param(k, marks=pytest.mark.xfail(
    reason=KNOWN[k], strict=True)) if k in KNOWN else k for k in RUNS])
def test_edge_values_match_pytorch(key):
    fn, arrays, dtype, order = RUNS[key]
    want = expected(key)
    got, leaked = run_retrograd(fn, arrays, dtype, order)
    assert_same_record(got, want, key)
    assert not leaked, f"{key}: {leaked[0]}"


def run_retrograd(fn, arrays, dtype, order):
    """The run and the warnings a user would see from it: every warning is shown, except
    the NumPy floating-point warnings retrograd's own modules silence (retrograd._backend)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"retrograd(\.|$)")
        # PyTorch's own deprecation warning (x.T of a non-2-d tensor), given once per process
        warnings.filterwarnings("ignore", message=r"The use of `x\.T`")
        got = edge_cases.run(retrograd, fn, arrays, dtype, order)
    return got, [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
                 for w in caught]


def test_known_differences_are_runs():
    assert set(KNOWN) <= set(RUNS)


def test_golden_file_is_current():
    """The recorded data covers every run of the sweeps (regenerate it when a case is added)."""
    assert set(_golden()) == set(RUNS)
