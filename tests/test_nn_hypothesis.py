"""nn.functional over Hypothesis-drawn shapes and options (size-1 dims, spatial dims,
groups, strides, ignored targets, ...). For each draw: the gradient against finite
differences in float64 (always), and values, gradients and node name against PyTorch
itself (when it is importable)."""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import retrograd
from gradcheck_util import check_grad

EXAMPLES = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

try:
    import torch
except ImportError:      # the gradient checks still run; the comparisons are skipped
    torch = None


def outcome(T, fn, arrays):
    """Result, node name and input gradients of fn under library T (float64 inputs)."""
    xs = [T.tensor(a, requires_grad=True) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = fn(T, *xs)
        w = T.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)))
        (out * w).sum().backward()
    return (out.detach().numpy(), type(out.grad_fn).__name__,
            [x.grad.numpy() if x.grad is not None else None for x in xs])


def check(fn, *arrays, order=1):
    check_grad(lambda *xs: fn(retrograd, *xs), *arrays, order=order)
    if torch is None:
        return
    ours, theirs = outcome(retrograd, fn, arrays), outcome(torch, fn, arrays)
    assert ours[1] == theirs[1]
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-7, atol=1e-10)
    for g, h in zip(ours[2], theirs[2]):
        assert (g is None) == (h is None)
        if g is not None:
            np.testing.assert_allclose(g, h, rtol=1e-7, atol=1e-10)


def arrays_of(data, *shapes):
    rng = np.random.default_rng(data.draw(st.integers(0, 2 ** 16)))
    return [rng.standard_normal(s) for s in shapes]


@EXAMPLES
@given(st.data())
def test_softmax_family(data):
    shape = tuple(data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    kind = data.draw(st.sampled_from(["softmax", "log_softmax"]))
    check(lambda T, x: getattr(T.nn.functional, kind)(x, dim), *arrays_of(data, shape),
          order=2)


@EXAMPLES
@given(st.data())
def test_cross_entropy_and_nll(data):
    n, c = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    spatial = tuple(data.draw(st.lists(st.integers(1, 3), max_size=2)))
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    target = rng.integers(0, c, (n,) + spatial)
    target[rng.random(target.shape) < 0.2] = -100
    options = dict(reduction=data.draw(st.sampled_from(["mean", "sum", "none"])))
    if data.draw(st.booleans()):
        options["label_smoothing"] = 0.15
    use_weight = data.draw(st.booleans())
    weight = rng.random(c) + 0.5
    if (target == -100).all() and options["reduction"] == "mean":
        target[(0,) * target.ndim] = 0     # a mean over no targets is nan: not a gradient test
    kind = data.draw(st.sampled_from(["cross_entropy", "nll_loss"]))
    if kind == "nll_loss":
        options.pop("label_smoothing", None)

    def fn(T, x):
        w = T.tensor(weight) if use_weight else None
        return getattr(T.nn.functional, kind)(x, T.tensor(target), weight=w, **options)

    check(fn, *arrays_of(data, (n, c) + spatial), order=2)


@EXAMPLES
@given(st.data())
def test_conv2d(data):
    groups = data.draw(st.integers(1, 2))
    cin, cout = groups * data.draw(st.integers(1, 2)), groups * data.draw(st.integers(1, 2))
    kh, kw = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    stride = data.draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    dilation = data.draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    padding = data.draw(st.tuples(st.integers(0, 2), st.integers(0, 2)))
    h = data.draw(st.integers(dilation[0] * (kh - 1) + 1, 6))
    w = data.draw(st.integers(dilation[1] * (kw - 1) + 1, 6))
    n = data.draw(st.integers(1, 2))
    bias = data.draw(st.booleans())
    shapes = [(n, cin, h, w), (cout, cin // groups, kh, kw)] + ([(cout,)] if bias else [])

    def fn(T, x, weight, b=None):
        return T.nn.functional.conv2d(x, weight, b, stride, padding, dilation, groups)

    check(fn, *arrays_of(data, *shapes))


@EXAMPLES
@given(st.data())
def test_pooling(data):
    k = data.draw(st.integers(1, 3))
    stride = data.draw(st.integers(1, 3))
    pad = data.draw(st.integers(0, k // 2))
    h, w = data.draw(st.integers(k, 6)), data.draw(st.integers(k, 6))
    kind = data.draw(st.sampled_from(["max", "avg", "avg_exclude_pad"]))
    ceil_mode = data.draw(st.booleans())

    def fn(T, x):
        F = T.nn.functional
        if kind == "max":
            return F.max_pool2d(x, k, stride, pad, ceil_mode=ceil_mode)
        return F.avg_pool2d(x, k, stride, pad, ceil_mode, count_include_pad=kind == "avg")

    check(fn, *arrays_of(data, (2, 2, h, w)))


@EXAMPLES
@given(st.data())
def test_normalization(data):
    shape = tuple(data.draw(st.lists(st.integers(2, 4), min_size=2, max_size=4)))
    kind = data.draw(st.sampled_from(["layer", "batch_train", "batch_eval"]))
    rng = np.random.default_rng(0)
    stats = rng.standard_normal(shape[1]), rng.random(shape[1]) + 0.5

    if kind == "layer":
        normalized = shape[data.draw(st.integers(1, len(shape) - 1)):]

        def fn(T, x, w, b):
            return T.nn.functional.layer_norm(x, normalized, w, b)

        check(fn, *arrays_of(data, shape, normalized, normalized), order=2)
        return

    def fn(T, x, w, b):
        mean, var = (T.tensor(s) for s in stats)
        return T.nn.functional.batch_norm(x, mean, var, w, b, training=kind == "batch_train")

    check(fn, *arrays_of(data, shape, shape[1:2], shape[1:2]), order=2)


@pytest.mark.skipif(torch is None, reason="needs PyTorch")
def test_comparison_catches_a_wrong_gradient():
    """The checker itself can fail: a deliberately wrong function is caught."""
    with pytest.raises(AssertionError):
        check(lambda T, x: T.nn.functional.softmax(x, 0) if T is retrograd
              else T.nn.functional.softmax(x, 1), np.ones((2, 3)) * [[1, 2, 3]])
