"""Programs written for PyTorch (tests/alias_programs/, each runnable as `python FILE`) run
through `python -m retrograd FILE` and print what PyTorch printed: the golden record
(tools/gen_golden_alias.py) always, and PyTorch itself, run side by side, when installed."""
import importlib.util
import json
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gen_golden_alias as gen  # noqa: E402

with open(gen.GOLDEN, encoding="utf-8") as f:
    GOLDEN = json.load(f)["outputs"]
HAVE_TORCH = importlib.util.find_spec("torch") is not None


def through_alias(name):
    return gen.run(["-m", "retrograd", name], PYTHONPATH=os.path.join(ROOT, "src"))


def test_every_program_has_a_golden_record():
    assert sorted(GOLDEN) == gen.programs()


@pytest.mark.parametrize("name", gen.programs())
def test_program_prints_what_pytorch_printed(name):
    out = through_alias(name)
    assert out == GOLDEN[name]
    if HAVE_TORCH:
        assert out == gen.run([name])
