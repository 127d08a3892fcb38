"""End to end: small versions of the training programs of D2L chapters 3-5 (linear
regression from scratch and with nn.Linear + SGD, softmax regression, an MLP, a CNN) print
the same per-epoch losses as PyTorch with the same seed, to 4 significant digits."""
import json
import os
import warnings

import pytest

import retrograd
from test_nn_cases import CASES

with open(os.path.join(os.path.dirname(__file__), "golden", "nn_cases.json")) as f:
    GOLDEN = json.load(f)["cases"]

PROGRAMS = sorted(name for name in CASES if name.startswith("train_"))


def printed(result):
    return [f"epoch {i + 1}, loss {loss:.4g}" for i, loss in enumerate(result["losses"])]


def run(name, torch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CASES[name](torch)


@pytest.mark.parametrize("name", PROGRAMS)
def test_prints_the_losses_pytorch_printed(name):
    result = run(name, retrograd)
    lines = printed(result)
    print("\n".join([name] + lines))
    assert lines == printed(GOLDEN[name])
    assert result["losses"][-1] < result["losses"][0]      # it learns


@pytest.mark.parametrize("name", PROGRAMS)
def test_prints_the_losses_live_pytorch_prints(name):
    torch = pytest.importorskip("torch")
    assert printed(run(name, retrograd)) == printed(run(name, torch))
