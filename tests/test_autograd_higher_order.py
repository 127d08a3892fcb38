"""Derivatives of any order: second and third derivatives through every differentiable op
case of the op table (float64, random directions, against finite differences of the
autograd gradient), and a long create_graph loop that leaves no graph behind."""
import gc

import numpy as np
import pytest

import retrograd as torch
import op_cases
from gradcheck_util import check_grad

CASES = {c.name: c for c in op_cases.CASES if c.grad and c.order >= 2}


def float64_inputs(case):
    return [a.astype(np.float64) for a in op_cases.make_inputs(case) if a.dtype.kind == "f"]


def directional_gradient(fn, arrays, seed=11):
    """x -> <grad <fn(x), w>, u>: its first and second derivatives are fn's second and
    third derivatives (in the directions check_grad draws)."""
    rng = np.random.default_rng(seed)
    probe = fn(*[torch.tensor(a) for a in arrays])
    w = torch.tensor(rng.standard_normal(tuple(probe.shape)))
    us = [torch.tensor(rng.standard_normal(a.shape)) for a in arrays]

    def g(*xs):
        with torch.enable_grad():
            xs = [x if x.requires_grad else x.detach().requires_grad_() for x in xs]
            grads = torch.autograd.grad((fn(*xs) * w).sum(), xs, create_graph=True,
                                        allow_unused=True)
            # `+ 0 * x`: stays differentiable where fn is linear (its gradient is constant)
            total = sum((x * 0).sum() for x in xs)
            for gr, u in zip(grads, us):
                if gr is not None:
                    total = total + (gr * u).sum()
        return total
    return g


@pytest.mark.parametrize("name", sorted(CASES))
def test_second_and_third_derivatives(name):
    case = CASES[name]
    arrays = float64_inputs(case)
    fn = directional_gradient(lambda *xs: case.fn(torch, *xs), arrays)
    check_grad(fn, *arrays, order=2, rtol=1e-3, atol=1e-5)


def test_nth_derivative_of_sin_cycles():
    x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    y = x.sin()
    expected = [np.cos(0.7), -np.sin(0.7), -np.cos(0.7), np.sin(0.7), np.cos(0.7)]
    for want in expected:
        y, = torch.autograd.grad(y, x, create_graph=True)
        assert np.isclose(y.item(), want)


def test_create_graph_loop_leaves_no_graph_behind():
    """1,000 steps of grad(create_graph=True) then a step on the result: once the loop's
    values are dropped, the nodes it built are freed by reference counting alone."""
    from retrograd.autograd.graph import Node
    gc.collect()
    gc.disable()
    try:
        before = sum(isinstance(o, Node) for o in gc.get_objects())
        w = torch.tensor([0.5, -0.3], dtype=torch.float64, requires_grad=True)
        for _ in range(1000):
            loss = ((w * w).sin() * w).sum()
            g, = torch.autograd.grad(loss, w, create_graph=True)
            step, = torch.autograd.grad(g.sum(), w)
            with torch.no_grad():
                w -= 0.01 * step
        del loss, g, step
        after_refcount = sum(isinstance(o, Node) for o in gc.get_objects())
        assert gc.collect() == 0, "reference cycles were left for the collector"
    finally:
        gc.enable()
    assert after_refcount - before < 5


def test_backward_create_graph_gradient_can_be_released():
    """backward(create_graph=True) ties .grad to the graph (PyTorch warns of the cycle);
    setting .grad = None frees it."""
    import warnings
    from retrograd.autograd.graph import Node
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    gc.collect()
    before = sum(isinstance(o, Node) for o in gc.get_objects())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(50):
            (x ** 3).sum().backward(create_graph=True)
            x.grad = None
    gc.collect()
    assert sum(isinstance(o, Node) for o in gc.get_objects()) - before < 5
