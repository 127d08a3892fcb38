"""The scalar lane: ops on 0-dim float32/float64 tensors computed as Python floats.

It must be invisible: every result, dtype, node and gradient equal to what the NumPy path
gives for the same values (the NumPy path is reached through a 1-element 1-dim tensor),
and PyTorch's inf/nan where Python's math would raise."""
import math
import operator
import warnings

import numpy as np
import pytest

import retrograd as torch

try:
    import torch as real_torch
except ImportError:
    real_torch = None

BINARY = [operator.add, operator.sub, operator.mul, operator.truediv,
          operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]
UNARY = ["sin", "cos", "exp", "log", "sqrt", "neg", "norm", "sum"]


def _values(dtype, n=60, seed=0):
    rng = np.random.default_rng(seed)
    v = np.concatenate([rng.normal(size=n) * 10.0 ** rng.integers(-3, 4, size=n),
                        [0.0, -0.0, 1.0, 0.1, 3.0, 88.5, 89.0, 710.0]])
    return v.astype(dtype.np)


def _lane_and_array(fn, *args):
    """fn on 0-dim tensors (the lane) and on 1-element tensors (the NumPy path)."""
    lane = fn(*[torch.tensor(a) if isinstance(a, np.generic) else a for a in args])
    array = fn(*[torch.tensor([a]) if isinstance(a, np.generic) else a for a in args])
    return lane, array


def _same(lane, array):
    assert lane.shape == () and lane.dtype == array.dtype
    a, b = lane.numpy(), array.numpy()[0]
    assert a.tobytes() == b.tobytes() or (np.isnan(a) and np.isnan(b)), (a, b)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("op", BINARY, ids=lambda f: f.__name__)
def test_binary_bit_identical_to_numpy_path(op, dtype):
    values = _values(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # the NumPy path's own warnings are not under test
        for x, y in zip(values, values[::-1]):
            _same(*_lane_and_array(op, x, y))
            # Python numbers: rounded to the tensor's dtype first, as PyTorch and NumPy do
            for number in (float(y), 0.1, 1.0000001, 2, -7, 2 ** 24 + 1, 2 ** 60):
                _same(*_lane_and_array(op, x, number))
                _same(*_lane_and_array(lambda a, b: op(b, a), x, number))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("name", UNARY)
def test_unary_matches_numpy_path(name, dtype):
    """Exact where IEEE fixes the result. Transcendentals are the float64 value rounded
    once to the dtype: NumPy's own float32 kernels differ from that (and PyTorch's from
    both) in the last bits, so those are checked against float64 NumPy, rounded."""
    fn = {"neg": operator.neg}.get(name, lambda t: getattr(t, name)())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for x in _values(dtype):
            lane, array = _lane_and_array(fn, x)
            a, b = lane.numpy(), array.numpy().reshape(())
            if name in ("sin", "cos", "exp", "log"):
                b = getattr(np, name)(np.float64(x)).astype(dtype.np)
                ulps = 0 if dtype is torch.float32 else 1
            else:
                ulps = 0
            assert np.isnan(a) == np.isnan(b), (x, a, b)
            assert np.isnan(a) or a.tobytes() == b.tobytes() or \
                abs(a - b) <= ulps * np.spacing(np.abs(b)), (x, a, b)


def test_where_python_raises_the_result_is_pytorchs():
    x = torch.tensor(0.0)
    with warnings.catch_warnings(record=True) as caught:   # and no warning reaches the user
        assert (1 / x).item() == math.inf
        assert x.log().item() == -math.inf
        assert math.isnan((x - 1).sqrt().item())
        assert math.isnan((x / x).item())
        assert torch.tensor(100.0).exp().item() == math.inf           # float32 overflow
        assert torch.tensor(100.0, dtype=torch.float64).exp().item() == math.exp(100)
        assert (torch.tensor(3e38) * 10).item() == math.inf
        assert math.isnan(torch.tensor(math.inf).sin().item())
    assert not caught, [str(w.message) for w in caught]


def test_types_numbers_and_bools():
    x = torch.tensor(1.5)
    assert (x < 2).dtype == torch.bool and (x < 2).item() is True
    assert (x * True).dtype == torch.float32      # a bool operand takes the NumPy path
    assert (x * 2).dtype == torch.float32
    assert (torch.tensor(1.5, dtype=torch.float64) * 2.5).dtype == torch.float64
    assert (torch.tensor(3) * 2.5).dtype == torch.float32   # int tensors are not in the lane
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with a bool"):
        x - True


def test_lane_records_the_same_graph():
    for fn in (lambda a: a * 2, lambda a: 100 * a, lambda a: a / 3, lambda a: a.sin().exp(),
               lambda a: a.norm(), lambda a: a.sum(), lambda a: -a - 1, lambda a: a.sqrt()):
        x0 = torch.tensor(0.7, requires_grad=True)
        x1 = torch.tensor([0.7], requires_grad=True)
        y0, y1 = fn(x0), fn(x1)
        assert y0.grad_fn.name() == y1.grad_fn.name()
        y0.backward()
        y1.sum().backward()
        assert x0.grad.item() == pytest.approx(x1.grad.item(), rel=1e-6)


def test_zero_dim_gradients_are_writable_tensors():
    """NumPy gives scalars from 0-dim math: every gradient the engine hands out must still
    be a tensor that in-place ops can write."""
    a = torch.tensor(0.5, requires_grad=True)
    (a * 2).backward()
    a.grad.zero_()
    (a * 2).backward()
    (a * 3).backward()
    assert a.grad.item() == 5.0
    g, = torch.autograd.grad(a.sin() * 2, a)
    g.add_(1)
    b = a * 2
    b.retain_grad()
    seen = []
    b.register_hook(lambda grad: seen.append(grad.mul_(1)))
    (b * b).backward()
    b.grad.add_(1)
    assert seen and b.grad.item() == 3.0

    class Twice(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad.mul_(2)      # a custom backward may write its incoming gradient

    c = torch.tensor(1.5, requires_grad=True)
    (Twice.apply(c) * 3).backward()
    assert c.grad.item() == 6.0


@pytest.mark.skipif(real_torch is None, reason="PyTorch (the oracle) is not installed")
def test_arithmetic_bit_identical_to_pytorch():
    values = _values(torch.float32, seed=1)
    for x, y in zip(values, values[::-1]):
        for op in (operator.add, operator.sub, operator.mul, operator.truediv):
            for other in (y, float(y), 1.0000001, 3):
                ours = op(torch.tensor(x), torch.tensor(other) if isinstance(other, np.generic)
                          else other)
                theirs = op(real_torch.tensor(x), real_torch.tensor(other)
                            if isinstance(other, np.generic) else other)
                a, b = ours.numpy(), theirs.numpy()
                assert a.tobytes() == b.tobytes() or (np.isnan(a) and np.isnan(b)), (x, other)


@pytest.mark.skipif(real_torch is None, reason="PyTorch (the oracle) is not installed")
def test_norm_of_one_number_matches_pytorch_for_every_order():
    """The lane's norm of a 0-dim tensor is |x| (a count of nonzeros for ord 0)."""
    for v in (3.0, -2.5, 0.0, -0.0, math.inf, math.nan):
        for p in (2, 1, 0, math.inf, -math.inf, -1, 3, 0.5):
            ours = torch.linalg.vector_norm(torch.tensor(v), ord=p).item()
            theirs = real_torch.linalg.vector_norm(real_torch.tensor(v), ord=p).item()
            assert ours == theirs or (math.isnan(ours) and math.isnan(theirs)), (v, p)
