"""Bad input gets PyTorch's error, never a value: every line of tests/error_cases.py must
do in retrograd what it does in PyTorch 2.13 (tests/golden/errors.json, recorded by
tools/gen_golden_errors.py): the same exception type and message (retrograd may add one
line after it), or the same value, with the same warnings. Where torch is importable the
golden data is checked against it live."""
import json
import os
import subprocess
import sys

import pytest

import retrograd
from error_cases import CASES
from error_runner import matches, outcome

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "errors.json")
with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)["cases"]

# Lines where retrograd knowingly differs, and why. Strict xfail: a line that starts to
# match must leave this list.
KNOWN = {
    'torch.from_numpy(np.array([1, 2], dtype=np.uint16))':
        'retrograd has no complex, uint16 or uint32 dtypes',
    'torch.tensor(np.array([1, 2], dtype=np.uint32)).dtype':
        'retrograd has no complex, uint16 or uint32 dtypes',
    'torch.zeros(2, dtype=torch.float32())':
        "the dtype class is named `dtype`, PyTorch's `torch.dtype`",
    'x = torch.ones(2, 3)\nx.view(torch.int32).shape':
        'view(dtype) (a reinterpreting view) is not implemented',
    'torch.finfo(torch.int32)':
        '`finfo` is not in retrograd (a missing name)',
    'torch.iinfo(torch.float32)':
        '`iinfo` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\nx.resize_(3.0, 2)':
        '`resize_` is not in retrograd (a missing name)',
    'torch.cross(torch.ones(2), torch.ones(2))':
        '`cross` is not in retrograd (a missing name)',
    'nn.Bilinear(2, 3, 4)(torch.ones(1, 2), torch.ones(1, 4))':
        '`Bilinear` is not in retrograd (a missing name)',
    'torch.ones(4).tensor_split(0)':
        '`tensor_split` is not in retrograd (a missing name)',
    'torch.ones(2) + 1j':
        'retrograd has no complex, uint16 or uint32 dtypes',
    'x = torch.zeros(3).expand(2, 3); x[0, 0] = 1':
        'retrograd refuses writes into expanded memory (PyTorch writes, with undefined results)',
    'torch.tensor([2.]).atanh()':
        '`atanh` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\nx[[0, 1.5]]':
        'a list index mixing ints and floats: PyTorch reads it as data for an index tensor',
    'x = torch.ones(2, 3)\nx[np.array([0.5])]':
        'a float NumPy index array: PyTorch truncates it',
    'x = torch.ones(2, 3)\nx.index_fill(0, torch.tensor([5]), 1.)':
        '`index_fill` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\ntorch.take_along_dim(x, torch.tensor([[0.]]), 0)':
        '`take_along_dim` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\nx.unfold(0, 3, 1)':
        '`unfold` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\nx.unfold(0, 1, 0)':
        '`unfold` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\ntorch.ones(3).index_copy(0, torch.tensor([0]), torch.ones(2))':
        '`index_copy` is not in retrograd (a missing name)',
    'nn.MaxPool1d(5)(torch.ones(1, 1, 3))':
        '`MaxPool1d` is not in retrograd (a missing name)',
    'nn.AvgPool1d(4)(torch.ones(1, 1, 3))':
        '`AvgPool1d` is not in retrograd (a missing name)',
    'F.avg_pool2d(torch.ones(1, 1, 4, 4, dtype=torch.int64), 2)':
        'average pooling of integers computes in floating point',
    'nn.GroupNorm(2, 3)':
        '`GroupNorm` is not in retrograd (a missing name)',
    'nn.GroupNorm(2, 4)(torch.ones(2, 6))':
        '`GroupNorm` is not in retrograd (a missing name)',
    'F.pad(torch.ones(2, 2), (-3, 0))':
        'negative padding is not implemented',
    'nn.init.orthogonal_(torch.ones(3))':
        '`orthogonal_` is not in retrograd (a missing name)',
    "f = tmp + '/a.pt'\nwith open(f, 'w') as h: h.write('junk')\ntorch.load(f)":
        "retrograd's file format is not pickle: its loader has its own error for foreign files",
    "f = tmp + '/a.pt'\nwith open(f, 'wb') as h: h.write(b'')\ntorch.load(f)":
        "retrograd's file format is not pickle: its loader has its own error for foreign files",
    "f = tmp + '/a.pt'\ntorch.save([torch.ones(1), print], f)":
        'save stores data only: a function is refused (PyTorch pickles it by name)',
    "f = tmp + '/a.pt'\ntorch.save(torch.ones(2), f, pickle_protocol=0); torch.load(f)":
        'pickle_protocol is ignored (the format is not pickle)',
    'x = torch.ones(2, 3)\nx.sum(0, keepdim=1)':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\nx.flatten(start_dim=0.5)':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\nx.transpose(dim0=0, dim1=1.0)':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\nx.size(dim=0.5)':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\ntorch.linspace(0, 1, steps=3.0)':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\ntorch.eye(n=2.0)':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\ntorch.normal(0.0, 1.0, size=(2.5,))':
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    "x = torch.ones(2, 3)\nx.softmax(0, 'float64')":
        "retrograd's Python signature binds keyword and positional arguments alike, so the parser's error cannot tell `f(x, 1.0)` from `f(x, dim=1.0)`; it reports one form",
    'x = torch.ones(2, 3)\nx.argmin(0, True, 1)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.cumsum(0, torch.float64)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.view(2, 3, dtype=torch.float64)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.unsqueeze()':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.unsqueeze(0, 1)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.transpose(0)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.narrow(0, 0)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\nx.sum(bogus=1)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\ntorch.eye(2, 3, 4)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\ntorch.arange(1, 2, 3, 4)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\ntorch.promote_types(torch.int8)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    'x = torch.ones(2, 3)\ntorch.can_cast(torch.float32)':
        "Python refuses the call before the function runs (argument count or an unknown keyword), in Python's words rather than PyTorch's parser's",
    "x = torch.ones(2, 3)\ntorch.arange(0, 3, dtype=torch.float32, device='cpu', requires_grad=1)":
        "PyTorch lists keyword arguments in its hash map's order",
    "x = torch.ones(2, 3)\ntorch.rand(2, generator=torch.Generator(), dtype='x')":
        "PyTorch lists keyword arguments in its hash map's order",
    'x = torch.ones(2, 3)\ntorch.arange(start=1)':
        "arange(start=) alone: retrograd's signature reads a lone start as the end",
    'x = torch.ones(2, 3)\nx.to(1.5)':
        'to(1.5): PyTorch reads a float there as a dtype (a legacy reading retrograd lacks)',
    "torch.arange(3, device='mps')":
        "a factory on a backend without kernels: PyTorch names its dispatcher's C++ operator",
    'D = torch.distributions\nD.Normal(0., 1.).sample((2.0,))':
        "torch.Size() checks its items; retrograd's Size is a plain tuple (sizes are checked where they are read)",
    'D = torch.distributions\nD.Distribution(validate_args=True).sample()':
        'the warning names the class by its module path (torch.distributions there)',
    'nn.LSTM(2, 3, proj_size=1)(torch.ones(4, 1, 2))[0].shape':
        "a warning about PyTorch's oneDNN backend, which retrograd does not have",
    'm = nn.MultiheadAttention(4, 2, kdim=3); q = torch.ones(3, 1, 4); m(q, q, q)':
        "PyTorch's separate-projection path asserts on the weight shapes before multiplying",
    'nn.TransformerDecoderLayer(4, 2)(torch.ones(3, 1, 4), torch.ones(2, 1, 5))':
        "PyTorch projects key and value with one packed (E, 2E) weight when they are one tensor; retrograd's message names the part",
    'x = torch.ones(2, 3)\nF.relu6(torch.ones(2, dtype=torch.int64))':
        'relu6 (hardtanh) of integers computes in floating point',
    "x = torch.ones(2, 3)\nF.normalize(x, p='a')":
        'a string norm order: PyTorch hands it to matrix_norm',
    'x = torch.ones(2, 3)\nF.bilinear(x, x, torch.ones(1, 3, 2))':
        '`bilinear` is not in retrograd (a missing name)',
    'x = torch.ones(2, 3)\nF.avg_pool2d(torch.ones(4, 4), 2).shape':
        "pooling a 2-D input: PyTorch's error comes from reading its third-from-last dim",
}


def run_retrograd(code):
    retrograd._warnings.reset_once()   # each line as in a fresh process
    try:
        return outcome(retrograd, code)
    finally:
        retrograd.set_default_dtype(retrograd.float32)


def _describe(expected, got):
    def one(r):
        head = f"{r['raises']}: {r['message']}" if "raises" in r else f"value {r['value']}"
        return head + "".join(f"\n  warns {c}: {m}" for c, m in r["warnings"])
    return f"PyTorch:   {one(expected)}\nretrograd: {one(got)}"


def _params():
    for category, code in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[code])] if code in KNOWN else []
        yield pytest.param(code, id=f"{category}:{code}", marks=marks)


@pytest.mark.parametrize("code", list(_params()))
def test_error_case(code):
    expected = EXPECTED[code]
    got = run_retrograd(code)
    assert matches(expected, got), _describe(expected, got)


def test_every_case_recorded():
    codes = [code for _, code in CASES]
    assert len(codes) == len(set(codes)), "a line is listed twice"
    assert set(codes) == set(EXPECTED), "regenerate with tools/gen_golden_errors.py"
    assert set(KNOWN) <= set(codes)
    assert len(codes) >= 400


def test_golden_matches_live_torch():
    """The recorded data is what PyTorch does now (run in a fresh interpreter: PyTorch
    gives some warnings once per process)."""
    torch = pytest.importorskip("torch")
    if not torch.__version__.startswith("2.13"):
        pytest.skip("golden data is PyTorch 2.13's")
    tool = os.path.join(os.path.dirname(__file__), "..", "tools", "gen_golden_errors.py")
    run = subprocess.run([sys.executable, tool, "--check"], capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[:4000] + run.stderr[-2000:]
