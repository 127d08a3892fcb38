"""NumPy's protocols as PyTorch has them: `__array__` (np.array copies, np.asarray shares),
ufuncs on tensors giving tensors, operators between arrays and tensors, NumPy scalars
promoting like Python numbers, DLPack both ways, and matplotlib taking 0-dim tensors.
Checked against golden data recorded from PyTorch (tools/gen_golden_numpy.py) and, when
torch is importable, against torch itself."""
import json
import math
import os
import warnings

import numpy as np
import pytest

import retrograd
from numpy_protocol_cases import CASES, outcome

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "golden",
                                     "numpy_protocols.json")))["cases"]


def same(a, b):
    """Outcomes equal, floats to float32's precision (NumPy versions round sin apart)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=1e-6) or math.isnan(a) and math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def retrograd_outcome(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)   # NumPy 2's contracts, all kept
        return outcome(CASES[name], retrograd, np)


def test_golden_covers_every_case():
    assert sorted(GOLDEN) == sorted(CASES)


# NumPy before 2.1 imports a DLPack capsule read-only, so these writes through it fail there
# whichever library exported it
WRITES_THROUGH_DLPACK = {"np.from_dlpack", "torch.from_dlpack"}


def _needs_writable_dlpack(name):
    if name in WRITES_THROUGH_DLPACK and np.lib.NumpyVersion(np.__version__) < "2.1.0":
        pytest.skip("NumPy before 2.1 imports DLPack read-only")


@pytest.mark.parametrize("name", sorted(CASES))
def test_as_pytorch_recorded(name):
    _needs_writable_dlpack(name)
    got = retrograd_outcome(name)
    assert same(got, GOLDEN[name]), (got, GOLDEN[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_as_pytorch_live(name):
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = outcome(CASES[name], torch, np)
    got = retrograd_outcome(name)
    assert same(got, expected), (got, expected)


def test_array_copy_false_shares_or_refuses():
    t = retrograd.tensor([1., 2.])
    a = np.asarray(t)
    assert np.shares_memory(a, t.numpy()) and not np.shares_memory(np.array(t), a)
    if np.lib.NumpyVersion(np.__version__) >= "2.0.0":
        assert np.shares_memory(np.array(t, copy=False), a)
        with pytest.raises(ValueError, match="Unable to avoid copy"):
            np.array(t, dtype=np.float64, copy=False)


def test_ndarray_times_tensor_keeps_no_graph_and_ufunc_result_is_a_leaf():
    t = retrograd.tensor([1., 2.])
    out = np.exp(t)
    assert isinstance(out, retrograd.Tensor) and out.is_leaf and not out.requires_grad
    # the result of a NumPy scalar op stays in the tensor's dtype and keeps the graph
    x = retrograd.tensor([1., 2.], requires_grad=True)
    y = (x * np.float64(3)).sum()
    y.backward()
    assert y.dtype is retrograd.float32 and x.grad.tolist() == [3., 3.]


def test_ndarray_operand_first_gives_a_tensor():
    # PyTorch raises TypeError for `ndarray * tensor`; retrograd gives what `tensor * ndarray`
    # gives (its own derivatives mix arrays and tensors so), with the graph kept
    x = retrograd.tensor([1., 2.], requires_grad=True)
    a = np.array([3., 4.])
    for left, right in ((a * x, x * a), (a + x, x + a), (a - x, -(x - a)), (a ** x, None)):
        assert isinstance(left, retrograd.Tensor) and left.requires_grad
        assert right is None or left.tolist() == right.tolist()
    (a * x).sum().backward()
    assert x.grad.tolist() == [3., 4.]


def _limits(torch):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    try:
        ax.set_xlim(torch.tensor(0.5), torch.tensor(2.))
        ax.set_ylim(torch.tensor(-1.))
        ax.axhline(torch.tensor(0.25))
        ax.plot(torch.arange(3.), torch.arange(3.) ** 2)
        ax.text(torch.tensor(1.), torch.tensor(1.), "x")
        return [float(v) for v in ax.get_xlim() + ax.get_ylim()]
    finally:
        plt.close(fig)


def test_matplotlib_takes_0dim_tensors_as_numbers():
    assert _limits(retrograd) == [0.5, 2.0, -1.0, 1.0]


def test_matplotlib_as_pytorch_live():
    torch = pytest.importorskip("torch")
    assert _limits(retrograd) == _limits(torch)


def _scipy_ufuncs(torch):
    special = pytest.importorskip("scipy.special")
    t = torch.tensor([0., 1.])
    return [outcome(lambda torch, np: f(t), torch, np) for f in (special.expit, special.erf)]


def test_scipy_ufuncs_give_tensors_as_pytorch_live():
    torch = pytest.importorskip("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _scipy_ufuncs(torch)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        got = _scipy_ufuncs(retrograd)
    assert same(got, expected) and got[0]["kind"] == "Tensor"
