"""docs/ops.md, the generated table of ops, stays true: it is what tools/gen_ops_table.py
writes from retrograd today, nothing PyTorch has in it is missing, and what it says PyTorch
has matches PyTorch."""
import importlib.util
import os

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def _tool():
    spec = importlib.util.spec_from_file_location(
        "gen_ops_table", os.path.join(ROOT, "tools", "gen_ops_table.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_is_current():
    with open(os.path.join(ROOT, "docs", "ops.md")) as f:
        assert f.read() == _tool().page(), "run tools/gen_ops_table.py"


def test_nothing_pytorch_has_is_missing():
    missing = [(name, row) for _, rows in _tool().rows() for name, *row in rows
               if "**missing**" in row]
    assert not missing


def test_every_differentiable_op_has_a_checked_gradient():
    """Ops with a float result in PyTorch have a gradient case (the rest: comparisons,
    indices, creation, dtype questions, have none to take)."""
    no_gradient = {r[0] for _, rows in _tool().rows() for r in rows if r[4] == "—"}
    differentiable = {"abs", "exp", "sum", "max", "matmul", "gather", "cat", "where",
                      "einsum", "linalg.solve", "__setitem__", "index_put_", "scatter_"}
    assert not differentiable & no_gradient


def test_recorded_pytorch_kinds_match_pytorch():
    torch = pytest.importorskip("torch")
    tool = _tool()
    for _, ops in tool.PYTORCH:
        for name, kinds in ops:
            f, m, i = tool._lookup(torch, name)
            assert (f, m, i) == ("f" in kinds, "m" in kinds, "i" in kinds), name
