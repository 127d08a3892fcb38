"""Programs over the autograd surface print exactly what PyTorch printed: values, gradients,
hook order, node names, warnings, exception types and texts (golden data from
tools/gen_golden_autograd.py; also checked live when torch is importable)."""
import contextlib
import io
import json
import os
import sys

import pytest

import retrograd

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
sys.path.insert(0, GOLDEN)
from autograd_programs import PRELUDE, PROGRAMS  # noqa: E402

with open(os.path.join(GOLDEN, "autograd.json")) as _f:
    EXPECTED = json.load(_f)


def run(lib, source):
    out = io.StringIO()
    lib.manual_seed(0)
    with contextlib.redirect_stdout(out):
        exec(PRELUDE + source, {"torch": lib, "__name__": "__program__"})
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_pytorch_printed(name):
    assert run(retrograd, PROGRAMS[name]) == EXPECTED[name]


def test_golden_covers_every_program():
    assert set(EXPECTED) == set(PROGRAMS)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_golden_data_is_current(name):
    torch = pytest.importorskip("torch")
    assert run(torch, PROGRAMS[name]) == EXPECTED[name]
