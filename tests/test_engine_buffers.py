"""The engine adds gradients into arrays only it holds, and hands such an array to a leaf's
`.grad` without copying it. These tests hold a reference to a gradient from everywhere a
user can (hooks, retain_grad, grad_outputs, the same gradient sent down two edges, saved
tensors) and check that nothing they hold changes and every gradient is still right."""
import sys

import numpy as np
import pytest

import retrograd as torch
from retrograd.autograd import engine


def test_the_sole_reference_check_is_active_where_references_count_as_measured():
    """CPython 3.11 and later count the references the check expects; an interpreter that
    counts otherwise (3.9) gets plain copies, never a wrong in-place write."""
    assert engine._sole_checked == engine._sole_works()
    if sys.version_info >= (3, 11):
        assert engine._sole_checked


def test_a_view_or_a_read_only_or_shared_array_is_never_sole():
    base = np.zeros(4)
    assert not engine._sole(base[1:], 2)
    ro = np.zeros(2)
    ro.flags.writeable = False
    assert not engine._sole(ro, 5)
    assert not engine._sole(np.float64(1.0), 5)


def test_gradients_summed_in_place_are_right():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x * x + x * 2 + x.sin()).sum().backward()
    expected = 3 * x.detach() ** 2 + 2 + x.detach().cos()
    assert torch.allclose(x.grad, expected)


def test_a_hook_that_keeps_the_gradient_sees_it_unchanged():
    kept = []
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: kept.append(g))
    (y * y + y).sum().backward()
    before = kept[0].clone()
    x.grad.add_(100)
    assert torch.equal(kept[0], before)
    assert torch.equal(x.grad, torch.full((3,), 110.0))


def test_a_leaf_hook_that_keeps_the_gradient_is_not_handed_to_grad():
    kept = []
    x = torch.ones(3, requires_grad=True)
    x.register_hook(lambda g: kept.append(g))
    (x * x).sum().backward()
    x.grad.zero_()
    assert torch.equal(kept[0], torch.full((3,), 2.0))


def test_grad_outputs_given_by_the_user_are_never_taken_over():
    g = torch.ones(3)
    x = torch.ones(3, requires_grad=True)
    x.backward(g)
    x.grad.add_(5)
    assert torch.equal(g, torch.ones(3))
    y = torch.ones(3, requires_grad=True)
    z = y * 1
    z.backward(g)
    z2 = y * 1
    z2.backward(g)
    assert torch.equal(g, torch.ones(3)) and torch.equal(y.grad, torch.full((3,), 2.0))


def test_retained_gradients_stay_apart_from_leaf_gradients():
    x = torch.ones(3, requires_grad=True)
    y = x + 0
    y.retain_grad()
    (y + y).sum().backward()
    x.grad.add_(1)
    assert torch.equal(y.grad, torch.full((3,), 2.0))
    assert torch.equal(x.grad, torch.full((3,), 3.0))


def test_one_gradient_sent_down_two_edges_is_not_written_twice():
    a = torch.ones(3, requires_grad=True)
    b = torch.ones(3, requires_grad=True)
    (a + b).sum().backward()      # AddBackward gives both the same array
    a.grad.add_(1)
    assert torch.equal(b.grad, torch.ones(3))
    c = torch.ones(3, requires_grad=True)
    (c + c + c).sum().backward()
    assert torch.equal(c.grad, torch.full((3,), 3.0))


def test_autograd_grad_results_and_leaf_grads_do_not_alias():
    x = torch.ones(3, requires_grad=True)
    y = (x * x + x * 3).sum()
    g, = torch.autograd.grad(y, x, retain_graph=True)
    y.backward(inputs=[x])
    x.grad.add_(10)
    assert torch.equal(g, torch.full((3,), 5.0))


def test_accumulating_into_an_existing_grad_keeps_it_the_users():
    x = torch.ones(3, requires_grad=True)
    (x * x).sum().backward()
    first = x.grad
    (x * x).sum().backward()
    assert x.grad is first and torch.equal(first, torch.full((3,), 4.0))


@pytest.mark.parametrize("create_graph", [False, True])
def test_against_pytorch_with_many_shared_uses(create_graph):
    ptorch = pytest.importorskip("torch")
    results = []
    for lib in (torch, ptorch):
        x = lib.tensor([0.5, -1.5, 2.0], dtype=lib.float64, requires_grad=True)
        w = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        h = x * w
        out = (h * h + h * x + (x + x) * w).sum()
        out.backward(create_graph=create_graph)
        results.append((x.grad.detach().numpy().copy(), w.grad.detach().numpy().copy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs)
