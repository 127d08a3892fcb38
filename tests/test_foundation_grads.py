"""Gradients of the foundation ops against finite differences (float64, random directions,
first and second order), including broadcasting."""
import numpy as np
import pytest

import retrograd as torch
from gradcheck_util import check_grad

rng = np.random.default_rng(1)
A = rng.standard_normal((3, 4))
B = rng.standard_normal((3, 4))
ROW = rng.standard_normal(4)
POS = rng.uniform(0.5, 2.0, (3, 4))
V = rng.standard_normal(4)
M = rng.standard_normal((4, 5))
S = np.array(0.7)

CASES = {
    "add": (lambda x, y: x + y, A, B),
    "add_broadcast": (lambda x, y: x + y, A, ROW),
    "sub": (lambda x, y: x - y, A, ROW),
    "rsub_scalar": (lambda x: 1 - x, A),
    "mul": (lambda x, y: x * y, A, B),
    "mul_0dim": (lambda x, y: x * y, A, S),
    "div": (lambda x, y: x / y, A, POS),
    "rdiv": (lambda x: 2 / x, POS),
    "neg": (lambda x: -x, A),
    "pow_scalar": (lambda x: x ** 3, A),
    "pow_tensor": (lambda x, y: x ** y, POS, B),
    "rpow": (lambda x: 2 ** x, A),
    "exp": (torch.exp, A),
    "log": (torch.log, POS),
    "sin": (torch.sin, A),
    "cos": (torch.cos, A),
    "sqrt": (torch.sqrt, POS),
    "abs": (torch.abs, POS - 1.25),
    "tanh": (torch.tanh, A),
    "sigmoid": (torch.sigmoid, A),
    "relu": (torch.relu, A),
    "sum": (lambda x: x.sum(), A),
    "sum_dim": (lambda x: x.sum(1), A),
    "sum_keepdim": (lambda x: x.sum(0, keepdim=True), A),
    "mean": (lambda x: x.mean(), A),
    "mean_dim": (lambda x: x.mean((0, 1)), A),
    "norm": (lambda x: x.norm(), A),
    "norm_dim": (lambda x: x.norm(dim=1), A),
    "dot": (torch.dot, V, ROW),
    "mv": (torch.mv, A, V),
    "mm": (torch.mm, A, M),
    "matmul_3d": (lambda x, y: torch.matmul(x.reshape(3, 2, 2), y.reshape(2, 2)), A, V),
    "matmul_vec_mat": (lambda v, m: v @ m, V, M),
    "reshape": (lambda x: x.reshape(2, 6) * 2, A),
    "view": (lambda x: x.view(-1) ** 2, A),
    "transpose": (lambda x: x.transpose(0, 1) @ x, A),
    "t": (lambda x: x.t() * 3, A),
    "T": (lambda x: x.T.exp(), A),
    "getitem_int": (lambda x: x[1] * x[2], A),
    "getitem_slice": (lambda x: x[:, 1:3] ** 2, A),
    "getitem_step_none": (lambda x: x[None, ::2, 1], A),
    "cat": (lambda x, y: torch.cat([x, y * 2], dim=1), A, B),
    "stack": (lambda x, y: torch.stack([x, y], dim=0).sin(), A, B),
    "clone": (lambda x: x.clone() * x, A),
    "expand": (lambda v: v.expand(3, 4) * torch.tensor(A), V),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn, *arrays = CASES[name]
    check_grad(fn, *arrays)


def test_third_derivative_of_sin_is_minus_cos():
    x = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    g1, = torch.autograd.grad(x.sin(), x, create_graph=True)
    g2, = torch.autograd.grad(g1, x, create_graph=True)
    g3, = torch.autograd.grad(g2, x)
    assert np.isclose(g3.item(), -np.cos(0.3))
