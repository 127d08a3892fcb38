"""The window kernels under convolution and pooling (strided views, one copy or one add per
kernel element): each equals the plain per-element definition, each scatter is the exact
adjoint of its gather, and convolutions and pools built on them match PyTorch, overlapping
windows, dilation, groups, padding and ceil_mode included."""
import itertools

import numpy as np
import pytest

import retrograd
from retrograd.nn import functional as F

GEOMETRIES = [  # kernel, stride, pad, dilation
    ((3, 3), (1, 1), (0, 0), (1, 1)),
    ((5, 5), (1, 1), (2, 2), (1, 1)),
    ((2, 2), (2, 2), (0, 0), (1, 1)),     # windows apart: the one-copy scatter
    ((3, 2), (2, 3), (1, 0), (1, 1)),
    ((2, 3), (1, 2), (1, 1), (2, 1)),     # dilated, overlapping
    ((2, 2), (3, 3), (0, 1), (2, 2)),     # dilated, apart
    ((1, 1), (2, 1), (0, 0), (1, 1)),
]


def naive_im2col(x, k, stride, pad, dil):
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    oh = (h + 2 * pad[0] - dil[0] * (k[0] - 1) - 1) // stride[0] + 1
    ow = (w + 2 * pad[1] - dil[1] * (k[1] - 1) - 1) // stride[1] + 1
    cols = np.zeros((n, c, k[0], k[1], oh, ow), x.dtype)
    for i, j, p, q in itertools.product(range(k[0]), range(k[1]), range(oh), range(ow)):
        cols[:, :, i, j, p, q] = xp[:, :, p * stride[0] + i * dil[0], q * stride[1] + j * dil[1]]
    return cols.reshape(n, c * k[0] * k[1], oh * ow)


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_im2col_and_its_adjoint(geometry):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 7, 8))
    cols = F._im2col(x, *geometry)
    assert (cols == naive_im2col(x, *geometry)).all()
    # <col2im(c), x> = <c, im2col(x)>: the scatter adds each entry back where it was read
    c = rng.standard_normal(cols.shape)
    back = F._col2im(c, x.shape, *geometry)
    assert back.shape == x.shape and back.flags.writeable
    assert np.isclose((back * x).sum(), (c * cols).sum(), rtol=1e-12)


def test_columns_are_fresh_arrays():
    # a 1x1 kernel's columns could be a view of the input: they are always a copy
    x = np.arange(8.0).reshape(1, 2, 2, 2)
    cols = F._im2col(x, (1, 1), (1, 1), (0, 0), (1, 1))
    cols[...] = -1
    assert x.min() == 0


def test_average_of_negative_zeros_is_positive_zero():
    # PyTorch's sum starts from +0, so a window of -0.0 averages to +0.0
    x = retrograd.full((1, 1, 2, 2), -0.0)
    assert not np.signbit(F.avg_pool2d(x, 2)._data).any()


CASES = [
    ("conv", dict(stride=1, padding=2), (3, 1, 12, 12), (4, 1, 5, 5)),
    ("conv", dict(stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2), (2, 4, 9, 11),
     (6, 2, 3, 2)),
    ("conv", dict(stride=3, groups=2), (2, 4, 10, 10), (4, 2, 3, 3)),
    ("conv1d", dict(stride=2, padding=1, dilation=2), (2, 3, 17), (5, 3, 3)),
    ("max", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True), (2, 3, 9, 8), None),
    ("max", dict(kernel_size=2), (2, 3, 8, 8), None),
    ("avg", dict(kernel_size=3, stride=2, padding=1, count_include_pad=False), (2, 3, 9, 8), None),
    ("avg", dict(kernel_size=2, stride=2), (2, 3, 9, 9), None),
]


@pytest.mark.parametrize("kind, kwargs, x_shape, w_shape", CASES)
def test_matches_pytorch_values_and_gradients(kind, kwargs, x_shape, w_shape):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(x_shape).astype(np.float32)]
    if w_shape:
        arrays += [rng.standard_normal(w_shape).astype(np.float32),
                   rng.standard_normal(w_shape[0]).astype(np.float32)]
    results = []
    for lib in (retrograd, torch):
        ts = [lib.tensor(a.tolist(), requires_grad=True) for a in arrays]
        fn = {"conv": lib.nn.functional.conv2d, "conv1d": lib.nn.functional.conv1d,
              "max": lib.nn.functional.max_pool2d, "avg": lib.nn.functional.avg_pool2d}[kind]
        out = fn(*ts, **kwargs)
        (out * out).sum().backward()
        results.append([np.array(out.detach().tolist())] +
                       [np.array(t.grad.tolist()) for t in ts])
    for got, want in zip(*results):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def _lenet_grads(lib):
    nn = lib.nn
    lib.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2),
                        nn.Conv2d(6, 16, 5), nn.MaxPool2d(2, 1), nn.Flatten(),
                        nn.Linear(16 * 9 * 9, 10))
    x = lib.randn(64, 1, 28, 28)
    net(x).square().sum().backward()
    return [p.grad._data.copy() for p in net.parameters()]


def test_threads_change_no_bit():
    """The window kernels split across threads above a size; every split writes its own
    slice with the same arithmetic, so one thread and several give the same bits."""
    before = retrograd.get_num_threads()
    try:
        retrograd.set_num_threads(1)
        one = _lenet_grads(retrograd)
        retrograd.set_num_threads(4)
        many = _lenet_grads(retrograd)
    finally:
        retrograd.set_num_threads(before)
    for a, b in zip(one, many):
        assert a.tobytes() == b.tobytes()


def test_parallel_for_covers_the_range_and_reraises():
    from retrograd import _parallel
    before = retrograd.get_num_threads()
    retrograd.set_num_threads(3)
    try:
        seen = np.zeros(10, int)

        def mark(a, b):
            seen[a:b] += 1
        _parallel.parallel_for(10, 10 * _parallel.GRAIN, mark)
        assert (seen == 1).all()

        def fail(a, b):
            if a:
                raise ValueError("slice failed")
        with pytest.raises(ValueError, match="slice failed"):
            _parallel.parallel_for(10, 10 * _parallel.GRAIN, fail)
    finally:
        retrograd.set_num_threads(before)
