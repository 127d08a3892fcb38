"""repr(tensor) must equal PyTorch 2.13's, character for character.

The golden cases (tests/golden/printing.json, made by tools/gen_golden_printing.py) are
replayed through `_printing.tensor_repr` on a stand-in tensor (`_FakeTensor`), so this file
tests the printing module alone, without the Tensor class. When torch is installed, a
live-oracle test also compares freshly drawn random tensors against torch itself.
"""
import base64
import contextlib
import importlib
import importlib.util
import json
import os
import random
import sys
import types
import zlib

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLDEN = os.path.join(HERE, "golden", "printing.json")


def _load_modules():
    """retrograd._printing and retrograd._dtype, without needing the package __init__.

    Other parts of retrograd may be mid-edit; if importing the package fails, load the two
    modules from src/retrograd as submodules of a stand-in package instead.
    """
    try:
        return (importlib.import_module("retrograd._printing"),
                importlib.import_module("retrograd._dtype"))
    except Exception:  # noqa: BLE001 - any breakage elsewhere in the package
        name = "_retrograd_printing_under_test"
        pkg = types.ModuleType(name)
        pkg.__path__ = [os.path.join(ROOT, "src", "retrograd")]
        sys.modules[name] = pkg
        return (importlib.import_module(name + "._printing"),
                importlib.import_module(name + "._dtype"))


P, D = _load_modules()


class _FakeGradFn:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


class _FakeTensor:
    """The few attributes tensor_repr reads, as retrograd's Tensor provides them."""

    def __init__(self, data, dtype, requires_grad=False, grad_fn=None, parameter=False,
                 tangent=None):
        self._data = data
        self.dtype = dtype
        self.requires_grad = requires_grad
        self.grad_fn = grad_fn
        self._is_parameter = parameter
        self._tangent = tangent

    def __repr__(self):
        return P.tensor_repr(self)


def _decode(rec):
    """Rebuild the exact stored values of a golden record as a _FakeTensor."""
    dtype = getattr(D, rec["dtype"])
    if "values" in rec:
        values = rec["values"]
        if dtype.np.kind == "f":
            values = [float.fromhex(v) for v in values]  # exact, incl. -0.0, nan, inf
        data = np.array(values, dtype=dtype.np)
    else:
        raw = zlib.decompress(base64.b64decode(rec["b64z"]))
        data = np.frombuffer(raw, dtype=dtype.np.newbyteorder("<")).astype(dtype.np)
    data = data.reshape(rec["shape"])
    tangent = _decode(rec["tangent"]) if rec.get("tangent") else None
    grad_fn = _FakeGradFn(rec["grad_fn"]) if rec["grad_fn"] else None
    return _FakeTensor(data, dtype, rec["requires_grad"], grad_fn, rec["parameter"], tangent)


@contextlib.contextmanager
def _settings(options, default_dtype):
    """Print options and default dtype as the case was recorded with, restored after."""
    old_default = D.get_default_dtype()
    D.set_default_dtype(getattr(D, default_dtype))
    P.set_printoptions(**options)
    try:
        yield
    finally:
        P.set_printoptions(profile="default")
        D.set_default_dtype(old_default)


def _replay(rec):
    t = _decode(rec)
    with _settings(rec["options"], rec["default_dtype"]):
        return P.tensor_repr(t)


with open(GOLDEN) as _f:
    CASES = json.load(_f)


def test_golden_file_is_substantial():
    assert len(CASES) >= 300
    assert sum(c["name"].startswith("spec-") for c in CASES) >= 38  # all of spec 1b


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden(case):
    got = _replay(case)
    assert got == case["repr"], f"\noptions={case['options']}\n got:\n{got}\nwant:\n{case['repr']}"


# ---------------------------------------------------------------------------------------
# print options API


@pytest.fixture
def restore_options():
    yield
    P.set_printoptions(profile="default")


DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80,
            "sci_mode": None}


def test_get_printoptions_defaults(restore_options):
    assert P.get_printoptions() == DEFAULTS
    assert list(P.get_printoptions()) == list(DEFAULTS)  # same key order as torch


def test_profiles(restore_options):
    P.set_printoptions(profile="short")
    assert P.get_printoptions() == {**DEFAULTS, "precision": 2, "edgeitems": 2}
    P.set_printoptions(profile="full", precision=6)
    assert P.get_printoptions() == {**DEFAULTS, "precision": 6, "threshold": float("inf")}
    P.set_printoptions(profile="default")
    assert P.get_printoptions() == DEFAULTS


def test_sci_mode_is_reset_by_any_call(restore_options):
    P.set_printoptions(sci_mode=True)
    assert P.get_printoptions()["sci_mode"] is True
    P.set_printoptions(precision=3)  # torch resets sci_mode when it is not passed
    assert P.get_printoptions()["sci_mode"] is None


def test_printoptions_context_manager(restore_options):
    t = _FakeTensor(np.array([1.12345], dtype=np.float32), D.float32)
    with P.printoptions(precision=2, sci_mode=True):
        assert P.tensor_repr(t) == "tensor([1.12e+00])"
    assert P.tensor_repr(t) == "tensor([1.1235])"
    assert P.get_printoptions() == DEFAULTS

    @P.printoptions(precision=1)
    def short():
        return P.tensor_repr(t)
    assert short() == "tensor([1.1])"
    assert P.get_printoptions() == DEFAULTS


def test_grad_fn_wins_over_requires_grad():
    t = _FakeTensor(np.array(28.0, dtype=np.float32), D.float32, True, _FakeGradFn("MulBackward0"))
    assert P.tensor_repr(t) == "tensor(28., grad_fn=<MulBackward0>)"


# ---------------------------------------------------------------------------------------
# live oracle: fresh random cases against torch itself


def _load_generator():
    path = os.path.join(ROOT, "tools", "gen_golden_printing.py")
    spec = importlib.util.spec_from_file_location("_gen_golden_printing", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_live_oracle_random_cases():
    pytest.importorskip("torch")
    gen = _load_generator()
    seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    failures = []
    for i in range(200):
        rec = gen.record(f"live-{i}", *gen.random_case(rng))
        got = _replay(rec)
        if got != rec["repr"]:
            failures.append(f"{rec['name']} {rec['options']}\n got:\n{got}\nwant:\n{rec['repr']}")
    assert not failures, f"seed={seed}, {len(failures)} mismatches; first:\n" + failures[0]
