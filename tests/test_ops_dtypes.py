"""Every dtype through the op table, against PyTorch itself (skipped without it): result
dtype, values, or PyTorch's exception type and text, for unary ops and reductions on each
dtype, and for binary ops on each pair of a tensor's dtype with a dimensioned tensor, a 0-dim
tensor or a Python number of each kind (type promotion)."""
import warnings

import numpy as np
import pytest

import retrograd

torch = pytest.importorskip("torch")

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
UNARY = ("abs neg sign exp exp2 expm1 log log2 log10 log1p sqrt rsqrt square sin cos tan asin "
         "acos atan sinh cosh tanh sigmoid erf floor ceil round trunc frac reciprocal relu "
         "nan_to_num isnan isinf isfinite logical_not signbit").split()
REDUCTIONS = ("sum mean prod amax amin argmax std var norm logsumexp cumsum cumprod all any "
              "count_nonzero median max min sort argsort").split()
ALONG_DIM = ("logsumexp", "cumsum", "cumprod")
BINARY = ("add sub mul div true_divide floor_divide remainder fmod pow atan2 maximum minimum "
          "eq lt ge where lerp").split()


def outcome(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = fn()
    except Exception as e:  # noqa: BLE001 - the exception is what gets compared
        return ("error", type(e).__name__, str(e))
    if isinstance(out, tuple):
        out = out[0]
    return ("ok", str(out.dtype), out.tolist())


def same(fn):
    got, want = outcome(lambda: fn(retrograd)), outcome(lambda: fn(torch))
    assert got[:2] == want[:2], (got, want)
    if want[0] == "error":
        assert got[2] == want[2]
    else:
        np.testing.assert_allclose(np.array(got[2], float), np.array(want[2], float),
                                   rtol=2e-3, equal_nan=True)


def values(T, dtype):
    return T.tensor([True, False, True, True] if dtype == "bool" else [1, 0, 3, 2],
                    dtype=getattr(T, dtype))


@pytest.mark.parametrize("name", UNARY + REDUCTIONS)
def test_every_dtype(name):
    for dtype in DTYPES:
        def fn(T):
            f = getattr(T, name)
            x = values(T, dtype)
            return f(x, 0) if name in ALONG_DIM else f(x)
        same(fn)


@pytest.mark.parametrize("name", BINARY)
def test_every_promotion(name):
    for a in DTYPES:
        for kind, others in (("tensor", DTYPES), ("0-dim", DTYPES),
                             ("number", [True, 3, 2.5])):
            for b in others:
                def fn(T):
                    x = T.tensor([1, 0, 3], dtype=getattr(T, a))
                    if kind == "number":
                        y = b
                    else:
                        y = T.tensor([2, 1, 1] if kind == "tensor" else 2,
                                     dtype=getattr(T, b))
                    if name == "where":
                        return T.where(x > 0, x, y)
                    if name == "lerp":
                        return T.lerp(x, y, 0.5)
                    return getattr(T, name)(x, y)
                same(fn)
