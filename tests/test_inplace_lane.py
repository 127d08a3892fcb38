"""In-place arithmetic that records nothing writes straight into the tensor's memory
(`p -= lr * p.grad` under no_grad). It must give what PyTorch gives, bit for bit, for
every dtype, broadcast, overlap and view it may meet, and count one version."""
import numpy as np
import pytest

import retrograd

torch = pytest.importorskip("torch")

DTYPES = ["float32", "float64", "float16", "int64", "int32", "int8", "uint8"]
CASES = [
    ("x += y", lambda x, y: x.__iadd__(y)),
    ("x -= y", lambda x, y: x.__isub__(y)),
    ("x *= y", lambda x, y: x.__imul__(y)),
    ("x.add_(y, alpha=2)", lambda x, y: x.add_(y, alpha=2)),
    ("x += 3", lambda x, y: x.__iadd__(3)),
    ("x *= 0.5", lambda x, y: x.__imul__(0.5) if x.is_floating_point() else x),
    ("x /= y", lambda x, y: x.__itruediv__(y) if x.is_floating_point() else x),
    ("x /= 0.0", lambda x, y: x.div_(0.0) if x.is_floating_point() else x),
    ("x += row", lambda x, y: x.__iadd__(y[0])),
    ("x[1:] += x[:-1]", lambda x, y: x[1:].__iadd__(x[:-1])),   # PyTorch refuses
    ("x[:, 1] += x[:, 0]", lambda x, y: x[:, 1].__iadd__(x[:, 0])),
    ("x.t() -= y.t()", lambda x, y: x.t().__isub__(y.t())),
    ("x += x", lambda x, y: x.__iadd__(x)),
    ("x += x.t()", lambda x, y: x.__iadd__(x.t())),                # PyTorch refuses
    ("x += x[0]", lambda x, y: x.__iadd__(x[0])),                  # PyTorch refuses
    ("x[0] += x[2]", lambda x, y: x[0].__iadd__(x[2])),
    ("x += 300", lambda x, y: x.__iadd__(300)),
]


def run(lib, dtype, case):
    x = lib.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).to(getattr(lib, dtype))
    y = lib.tensor([[3, 1, 2], [1, 1, 1], [2, 0, 5]]).to(getattr(lib, dtype))
    with lib.no_grad():
        before = x._version
        try:
            case(x, y)
        except RuntimeError as e:
            return type(e).__name__, str(e).split("\n")[0]
    return x.numpy().copy(), x._version - before


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,case", CASES, ids=[c[0] for c in CASES])
def test_matches_pytorch(dtype, name, case):
    ours, theirs = run(retrograd, dtype, case), run(torch, dtype, case)
    if isinstance(theirs[0], str) or isinstance(ours[0], str):
        assert ours == theirs
        return
    assert ours[0].dtype == theirs[0].dtype
    assert ours[0].tobytes() == theirs[0].tobytes(), (ours[0], theirs[0])
    assert ours[1] == theirs[1]


def test_under_grad_mode_the_op_still_records():
    w = retrograd.ones(3, requires_grad=True)
    h = w * 1
    h -= 2 * w
    assert h.grad_fn.name() == "SubBackward0"
    h.sum().backward()
    assert np.array_equal(w.grad.numpy(), [-1.0, -1.0, -1.0])
