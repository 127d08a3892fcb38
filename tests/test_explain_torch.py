"""explain.graph against PyTorch live (when torch is importable): the same programs build
the same graph, node for node and edge for edge, and give the same gradients."""
import os
import sys

import numpy as np
import pytest

import retrograd
from retrograd import explain

torch = pytest.importorskip("torch")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden"))
import explain_programs  # noqa: E402
from test_explain import _structure  # noqa: E402


@pytest.mark.parametrize("name", sorted(explain_programs.PROGRAMS))
def test_graph_and_gradients_match_pytorch(name):
    program = explain_programs.PROGRAMS[name]
    t_out, t_leaves = program(torch)
    want = explain_programs.structure([o.grad_fn for o in t_out])
    sum(o.sum() for o in t_out).backward()
    with explain.trace():
        r_out, r_leaves = program(retrograd)
        sum(o.sum() for o in r_out).backward()
    assert _structure(explain.graph(r_out, fold=False)) == [list(x) for x in want]
    for t, r in zip(t_leaves, r_leaves):
        np.testing.assert_allclose(r.grad.numpy(), t.grad.numpy(), rtol=1e-5, atol=1e-6)
