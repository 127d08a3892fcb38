"""Gradients through a mask (relu, hardtanh, where, masked_fill) are a bitwise AND with the
mask on float arrays: the same bits as np.where and as PyTorch, nan, inf and signed zeros
included, for every float dtype and memory layout."""
import numpy as np
import pytest

import retrograd
from retrograd.ops.pointwise import _masked_array

EDGES = [np.nan, -np.nan, np.inf, -np.inf, -0.0, 0.0, 1.5, -2.5, 1e-40, -1e-40]
UINT = {np.float16: np.uint16, np.float32: np.uint32, np.float64: np.uint64}


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("keep", [True, False])
def test_same_bits_as_where(dtype, keep):
    rng = np.random.default_rng(0)
    g = rng.standard_normal(600).astype(dtype)
    g[:len(EDGES)] = EDGES
    cond = rng.random(600) < 0.5
    for c, a in ((cond, g), (cond.reshape(20, 30).T, g.reshape(20, 30).T),   # transposed
                 (cond[::2], g[::2])):                                         # strided
        zero = np.zeros_like(a)
        want = np.where(c, a, zero) if keep else np.where(c, zero, a)
        got = _masked_array(c, a, keep)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert (got.view(UINT[dtype]) == want.view(UINT[dtype])).all()


def test_other_inputs_fall_back_to_where():
    # a broadcast mask, a 0-dim gradient, integers: np.where's result, unchanged
    g = np.arange(6.0).reshape(2, 3)
    assert (_masked_array(np.array([True, False, True]), g, False) == [[0, 1, 0], [0, 4, 0]]).all()
    assert _masked_array(np.bool_(True), np.float32(3), True) == 3


CASES = {
    "relu": lambda t, x: t.relu(x),
    "hardtanh": lambda t, x: t.nn.functional.hardtanh(x),
    "where": lambda t, x: t.where(x > 0, x, 2 * x),
    "masked_fill": lambda t, x: x.masked_fill(x < 0.5, 1.0),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradients_match_pytorch(name):
    torch = pytest.importorskip("torch")
    xs = [0.0, -0.0, 1.0, -1.0, np.nan, np.inf, -np.inf, 0.7, -3.0, 1.0]
    gs = [np.nan, -1.0, -0.0, np.inf, 2.0, -np.inf, -0.0, np.nan, -5.0, 3.0]
    results = []
    for lib in (retrograd, torch):
        x = lib.tensor(xs, requires_grad=True)
        CASES[name](lib, x).backward(lib.tensor(gs))
        results.append(x.grad.detach().numpy().view(np.uint32) if lib is torch else
                       np.asarray(x.grad._data).view(np.uint32))
    assert (results[0] == results[1]).all(), (results[0], results[1])
