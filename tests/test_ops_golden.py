"""Every op case of op_cases.py against PyTorch's recorded behaviour (tests/golden/ops.json):
values and dtype of the result, node name, gradients; PyTorch's exception type and text for
bad input; printed output of small programs. The gradients are also checked against finite
differences, first and second order, in float64."""
import json
import os
import warnings

import numpy as np
import pytest

import retrograd
import op_cases
from gradcheck_util import check_grad

with open(os.path.join(os.path.dirname(__file__), "golden", "ops.json")) as _f:
    GOLDEN = json.load(_f)

CASES = {c.name: c for c in op_cases.CASES}


def inputs_of(record):
    return [np.array(i["values"], dtype=i["dtype"]).reshape(i["shape"])
            for i in record["inputs"]]


def assert_same_value(got, want, rtol, where):
    """A result (encoded by op_cases.encode) equal to PyTorch's: same dtype and shape, values
    equal (floats within rtol, NaN where PyTorch has NaN)."""
    if "py" in want:
        assert got == want, where
        return
    assert got["dtype"] == want["dtype"], f"{where}: dtype {got['dtype']} != {want['dtype']}"
    assert got["shape"] == want["shape"], f"{where}: shape {got['shape']} != {want['shape']}"
    a, b = np.array(got["values"], dtype=float), np.array(want["values"], dtype=float)
    if want["dtype"] in ("torch.float32", "torch.float64", "torch.float16"):
        tol = {"torch.float16": 1e-3}.get(want["dtype"], rtol)
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol, equal_nan=True, err_msg=where)
    else:
        np.testing.assert_array_equal(a, b, err_msg=where)


def assert_same_record(got, want, case):
    assert_same_value(got["out"], want["out"], case.rtol, f"{case.name} forward")
    assert got["node"] == want["node"], f"{case.name}: node {got['node']} != {want['node']}"
    if want["grads"] is not None:
        assert len(got["grads"]) == len(want["grads"])
        for k, (g, w) in enumerate(zip(got["grads"], want["grads"])):
            assert (g is None) == (w is None), f"{case.name}: gradient {k} presence"
            if w is not None:
                np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-9,
                                           err_msg=f"{case.name} gradient {k}")


@pytest.mark.parametrize("name", list(CASES))
def test_case_matches_pytorch(name):
    case, want = CASES[name], GOLDEN["cases"][name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # nothing may leak from NumPy
        # (but PyTorch's own deprecation of x.T beyond 2-d is given as PyTorch gives it)
        warnings.filterwarnings("ignore", "The use of `x.T`", UserWarning)
        got = op_cases.run(retrograd, case, inputs_of(want))
    assert_same_record(got, want, case)


GRAD_CASES = [c.name for c in op_cases.CASES if c.grad and c.order]


@pytest.mark.parametrize("name", GRAD_CASES)
def test_case_gradients_numerically(name):
    case = CASES[name]
    arrays = [a for a in inputs_of(GOLDEN["cases"][name]) if a.dtype.kind == "f"]
    check_grad(lambda *xs: case.fn(retrograd, *xs), *arrays, order=case.order)


@pytest.mark.parametrize("name", list(op_cases.ERRORS))
def test_error_matches_pytorch(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = op_cases.run_error(retrograd, op_cases.ERRORS[name])
    assert got == GOLDEN["errors"][name]


@pytest.mark.parametrize("name", list(op_cases.PROGRAMS))
def test_program_prints_what_pytorch_prints(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)         # PyTorch's own warnings
        warnings.simplefilter("error", RuntimeWarning)       # NumPy's may not leak
        got = op_cases.run_program(retrograd, op_cases.PROGRAMS[name])
    assert got == GOLDEN["programs"][name]


def test_golden_covers_every_case():
    assert set(GOLDEN["cases"]) == set(CASES)
    assert set(GOLDEN["errors"]) == set(op_cases.ERRORS)
    assert set(GOLDEN["programs"]) == set(op_cases.PROGRAMS)


@pytest.mark.parametrize("name", list(CASES))
def test_case_live_against_pytorch(name):
    torch = pytest.importorskip("torch")
    case = CASES[name]
    arrays = op_cases.make_inputs(case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = op_cases.run(torch, case, arrays)
    assert_same_record(op_cases.run(retrograd, case, arrays), want, case)
