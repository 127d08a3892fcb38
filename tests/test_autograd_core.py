"""The autograd core: graph metadata, the engine's semantics, hooks, grad modes, memory."""
import gc
import weakref

import numpy as np
import pytest

import retrograd as torch


def test_node_names_and_next_functions():
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    assert y.grad_fn.name() == "MulBackward0"
    (dot_fn, nr), (none_fn, _) = y.grad_fn.next_functions
    assert dot_fn.name() == "DotBackward0" and nr == 0 and none_fn is None
    acc1, acc2 = (fn for fn, _ in dot_fn.next_functions)
    assert type(acc1).__name__ == "AccumulateGrad" and acc1 is acc2 and acc1.variable is x
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")


def test_leaf_flags_and_requires_grad_propagation():
    x = torch.ones(3, requires_grad=True)
    c = torch.ones(3)
    assert x.is_leaf and c.is_leaf and (x * c).requires_grad and not (c * 2).requires_grad
    assert not (x > 0).requires_grad and (x > 0).grad_fn is None
    assert not (x * c).is_leaf


def test_grad_accumulates_across_backward_calls():
    x = torch.arange(3.0, requires_grad=True)
    (x * x).sum().backward()
    g = x.grad
    (x * x).sum().backward()
    assert x.grad is g   # accumulated in place, like PyTorch
    assert x.grad.tolist() == [0.0, 4.0, 8.0]


def test_second_backward_works_when_nothing_was_saved():
    x = torch.arange(4.0, requires_grad=True)
    y = x.sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [2.0] * 4
    z = (x + 2).sum()       # add reads neither operand
    z.backward()
    z.backward()
    w = (x * 2).sum()       # mul saves the 2 (as PyTorch's wrapped-number tensor) and frees it
    w.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        w.backward()


def test_retain_graph_allows_second_backward():
    x = torch.arange(3.0, requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [0.0, 4.0, 8.0]


def test_backward_on_leaf_and_with_gradient():
    x = torch.tensor(2.0, requires_grad=True)
    x.backward()
    assert repr(x.grad) == "tensor(1.)"
    v = torch.arange(3.0, requires_grad=True)
    (v * 3).backward(torch.tensor([1.0, 0.5, 2.0]))
    assert v.grad.tolist() == [3.0, 1.5, 6.0]


def test_broadcast_gradients_are_summed_back():
    a = torch.ones(3, 1, requires_grad=True)
    b = torch.ones(4, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == (3, 1) and a.grad.tolist() == [[4.0]] * 3
    assert b.grad.tolist() == [3.0] * 4


def test_mixed_dtype_gradient_is_cast_back():
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, dtype=torch.float64, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.dtype is torch.float32 and b.grad.dtype is torch.float64


def test_retain_grad_and_backward_inputs():
    x = torch.arange(4.0, requires_grad=True)
    y = x * 2
    y.retain_grad()
    assert y.retains_grad
    (y * y).sum().backward()
    assert y.grad.tolist() == [0.0, 4.0, 8.0, 12.0]
    x2 = torch.arange(3.0, requires_grad=True)
    w = torch.ones(3, requires_grad=True)
    m = x2 * 2
    (m * w).sum().backward(inputs=[m, w])
    assert x2.grad is None and m.grad.tolist() == [1.0] * 3 and w.grad.tolist() == [0, 2, 4]


def test_tensor_hooks_run_in_order_and_can_replace_the_gradient():
    x = torch.ones(2, requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(("first", g.tolist())))
    y.register_hook(lambda g: g * 10)
    handle = y.register_hook(lambda g: seen.append(("third", g.tolist())))
    x.register_hook(lambda g: seen.append(("leaf", g.tolist())))
    y.sum().backward(retain_graph=True)
    assert seen == [("first", [1, 1]), ("third", [10, 10]), ("leaf", [30, 30])]
    assert x.grad.tolist() == [30.0, 30.0]
    handle.remove()
    seen.clear()
    y.sum().backward()
    assert [s[0] for s in seen] == ["first", "leaf"]


def test_node_hooks():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    calls = []
    y.grad_fn.register_prehook(lambda gout: calls.append("pre"))
    y.grad_fn.register_hook(lambda gin, gout: calls.append("post"))
    y.sum().backward()
    assert calls == ["pre", "post"]


def test_no_grad_enable_grad_set_grad_enabled():
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        assert not (x * 2).requires_grad
        with torch.enable_grad():
            assert (x * 2).requires_grad
    assert torch.is_grad_enabled()

    @torch.no_grad()
    def f(t):
        return t * 2
    assert not f(x).requires_grad
    torch.set_grad_enabled(False)
    assert not torch.is_grad_enabled()
    torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()


def test_leaf_in_place_allowed_under_no_grad():
    w = torch.ones(2, requires_grad=True)
    (w * 3).sum().backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
    assert w.tolist() == [-0.5, -0.5] and w.requires_grad and w.is_leaf


def test_detach_shares_memory_and_version():
    x = torch.arange(3.0, requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and d.is_leaf
    d.zero_()
    assert x.tolist() == [0.0, 0.0, 0.0] and x._vc.value == 1
    y = torch.arange(3.0, requires_grad=True) * 1
    y.detach_()
    assert y.grad_fn is None and not y.requires_grad


def test_views_share_version_counter():
    base = torch.zeros(4)
    v = base[1:3]
    v.add_(1)
    assert base.tolist() == [0, 1, 1, 0] and base._vc.value == v._vc.value == 1


def test_inplace_on_non_leaf_rebases_history():
    x = torch.arange(3.0, requires_grad=True)
    y = x * 1
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward0"
    y.mul_(2)
    assert y.grad_fn.name() == "MulBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_inplace_mul_by_tensor_uses_original_value():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    a = x * 1
    a.mul_(w)
    a.sum().backward()
    assert x.grad.tolist() == [3.0, 4.0] and w.grad.tolist() == [1.0, 2.0]


def test_setitem_on_non_leaf_gives_copyslices_and_gradients():
    x = torch.arange(4.0, requires_grad=True)
    v = torch.tensor(5.0, requires_grad=True)
    y = x * 1
    y[0] = v * 2
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    (y * torch.arange(1.0, 5.0)).sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 3.0, 4.0] and v.grad.item() == 2.0


def test_inplace_through_a_view_reaches_the_base():
    x = torch.arange(4.0, requires_grad=True)
    y = x * 1
    y[1:3].mul_(10)
    assert y.grad_fn.name() == "torch::autograd::CopySlices" and y.tolist() == [0, 10, 20, 3]
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 10.0, 10.0, 1.0]


def test_a_million_op_chain_backwards_without_recursion():
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(1_000_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y
    gc.collect()


def test_backward_leaves_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        x = torch.randn(5, requires_grad=True)
        y = ((x * 2).exp() * x).sum()
        probe = weakref.ref(y.grad_fn)
        y.backward()
        del y
        assert probe() is None   # freed by reference counting alone, no cycle collector
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_saved_tensors_are_freed_after_backward():
    x = torch.randn(3, requires_grad=True)
    y = x.exp()
    node = y.grad_fn
    y.sum().backward()
    assert node._saved == {} and node._freed


def test_autograd_grad_returns_without_accumulating():
    x = torch.arange(4.0, requires_grad=True)
    g, = torch.autograd.grad((x * x).sum(), x)
    assert g.tolist() == [0.0, 2.0, 4.0, 6.0] and x.grad is None
    w = torch.ones(4, requires_grad=True)
    gx, gw = torch.autograd.grad((x * x).sum(), [x, w], allow_unused=True)
    assert gw is None
    gx, gw = torch.autograd.grad((x * x).sum(), [x, w], materialize_grads=True)
    assert gw.tolist() == [0.0] * 4


def test_torch_autograd_backward_with_several_roots():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward([(x * 2).sum(), (x * 3).sum()])
    assert x.grad.tolist() == [5.0, 5.0]


@pytest.mark.parametrize("seed", [0, 1])
def test_matches_pytorch_gradients_live(seed):
    pt = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((3, 4)).astype(np.float32)

    def program(lib):
        x = lib.tensor(data, requires_grad=True)
        y = (x.sin() * x.exp()).sum(1) / x.norm()
        z = (y @ lib.ones(3)) + (x.t() @ x).mean()
        z.backward()
        return z.item(), x.grad.numpy()

    (zr, gr), (zt, gt) = program(torch), program(pt)
    assert np.isclose(zr, zt, rtol=1e-5) and np.allclose(gr, gt, rtol=1e-5, atol=1e-6)


def test_selecting_one_element_gives_a_view():
    x = torch.zeros(3)
    x[0].add_(1)
    x.unbind()[1].add_(2)
    m = torch.zeros(2, 2)
    m[1, 0].fill_(5)
    assert x.tolist() == [1.0, 2.0, 0.0] and m.tolist() == [[0, 0], [5, 0]]
    assert x._version == x[2]._version == 2 and isinstance(x._version, int)
