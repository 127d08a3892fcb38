"""Small programs print exactly what PyTorch printed (golden data from
tools/gen_golden_foundation.py; also live when torch is importable)."""
import contextlib
import io
import json
import os

import pytest

import retrograd
from foundation_programs import PROGRAMS

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "foundation.json")
with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)


def run(lib, source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, {"torch": lib})
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_pytorch_printed(name):
    assert run(retrograd, PROGRAMS[name]) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_golden_data_is_current(name):
    torch = pytest.importorskip("torch")
    assert run(torch, PROGRAMS[name]) == EXPECTED[name]
