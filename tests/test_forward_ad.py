"""Forward-mode AD over the whole op table: for every differentiable op case the JVP
(a dual-level forward pass) agrees with the VJP (<w, J v> == <J^T w, v>, float64, random
directions), through explicit rules and the transposed fallback alike; forward-over-reverse
gives the Hessian-vector product of double backward; tangents follow views, in-place ops
and leave with their level."""
import numpy as np
import pytest

import retrograd as torch
import op_cases
from retrograd.ops import jvp as jvp_rules

fwAD = torch.autograd.forward_ad
CASES = {c.name: c for c in op_cases.CASES if c.grad and c.order >= 1}


def float64_inputs(case):
    return [a.astype(np.float64) for a in op_cases.make_inputs(case) if a.dtype.kind == "f"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_jvp_agrees_with_vjp(name):
    case = CASES[name]
    arrays = float64_inputs(case)
    rng = np.random.default_rng(7)
    vs = [rng.standard_normal(a.shape) for a in arrays]
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = case.fn(torch, *xs)
    w = rng.standard_normal(tuple(out.shape))
    grads = torch.autograd.grad((out * torch.tensor(w)).sum(), xs, allow_unused=True)
    reverse = sum(float((g.numpy() * v).sum()) for g, v in zip(grads, vs) if g is not None)
    with fwAD.dual_level():
        duals = [fwAD.make_dual(torch.tensor(a), torch.tensor(v)) for a, v in zip(arrays, vs)]
        primal, tangent = fwAD.unpack_dual(case.fn(torch, *duals))
        assert tangent is not None, "no tangent"
        assert tangent.shape == primal.shape and tangent.dtype == primal.dtype
        forward = float((tangent.numpy() * w).sum())
    assert np.isclose(forward, reverse, rtol=1e-7, atol=1e-9), (forward, reverse)


def test_common_families_have_direct_rules():
    from retrograd.ops import linalg, pointwise, reduction, shape
    for op in (pointwise.exp, pointwise.sin, pointwise.mul, pointwise._add, pointwise._div,
               pointwise._pow_scalar, pointwise._where, pointwise.relu):
        assert jvp_rules.RULES[op] is jvp_rules.elementwise, op
    for op in (shape._view, shape._transpose, shape._permute, shape._select, shape._slice,
               shape._expand, reduction._sum_all, reduction._sum_dim, reduction._mean_dim):
        assert jvp_rules.RULES[op] is jvp_rules.linear, op
    for op in (linalg._dot, linalg._mv, linalg._mm, linalg._matmul, linalg._bmm):
        assert jvp_rules.RULES[op] is jvp_rules.multilinear, op
    assert jvp_rules.RULES[shape._cat] is jvp_rules.variadic_linear


def test_no_cost_outside_a_dual_level():
    x = torch.tensor([1., 2.])
    assert not fwAD.state.active
    y = x.exp() * 2
    assert getattr(y, "_tangent", None) is None


def test_forward_over_reverse_is_the_hessian_vector_product():
    rng = np.random.default_rng(3)
    a, v = rng.standard_normal(5), rng.standard_normal(5)
    m = torch.tensor(rng.standard_normal((5, 5)))

    def f(t):
        return ((m @ t).tanh() * t.exp()).sum() + t.norm() ** 3
    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor(a).requires_grad_(), torch.tensor(v))
        g, = torch.autograd.grad(f(x), x, create_graph=True)
        hvp_forward = fwAD.unpack_dual(g).tangent.detach().numpy()
    x = torch.tensor(a, requires_grad=True)
    g, = torch.autograd.grad(f(x), x, create_graph=True)
    hvp_reverse, = torch.autograd.grad(g, x, torch.tensor(v))
    np.testing.assert_allclose(hvp_forward, hvp_reverse.numpy(), rtol=1e-10)


def test_plain_backward_inside_a_level_also_carries_tangents():
    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor([0.5, 1.0], dtype=torch.float64).requires_grad_(),
                           torch.tensor([1.0, 0.0], dtype=torch.float64))
        g, = torch.autograd.grad(x.sin().sum(), x)
        np.testing.assert_allclose(fwAD.unpack_dual(g).tangent.numpy(), [-np.sin(0.5), 0.0])


def test_reverse_over_forward():
    x = torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64, requires_grad=True)
    v = torch.tensor([1.0, -1.0, 0.5], dtype=torch.float64)
    with fwAD.dual_level():
        d = fwAD.make_dual(x, v)
        jv = fwAD.unpack_dual((d ** 3).sum()).tangent
    g, = torch.autograd.grad(jv, x)      # d/dx <3x^2, v> = 6 x v
    np.testing.assert_allclose(g.numpy(), 6 * np.array([0.5, 1.0, 2.0]) * v.numpy())


def test_inplace_and_views_update_tangents():
    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1., 2., 3.]), torch.tensor([1., 1., 1.]))
        y = torch.zeros(3)
        y.mul_(0).add_(d * d)
        assert fwAD.unpack_dual(y).tangent.tolist() == [2., 4., 6.]
        assert fwAD.unpack_dual(d.t()[1:]).tangent.tolist() == [1., 1.]
        assert fwAD.unpack_dual(d.reshape(3, 1).expand(3, 2)).tangent.shape == (3, 2)


def test_tangents_leave_with_their_level():
    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([1., 1.]))
        y = d.exp()
    assert fwAD.unpack_dual(y).tangent is None
    assert repr(y) == "tensor([2.7183, 7.3891])"
    with fwAD.dual_level():   # a new level starts clean
        assert fwAD.unpack_dual(y.sin()).tangent is None


def test_integer_results_have_no_tangent():
    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1.5, -2.5]), torch.tensor([1., 1.]))
        assert fwAD.unpack_dual(d.argmax()).tangent is None
        assert fwAD.unpack_dual(d > 0).tangent is None
