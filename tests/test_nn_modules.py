"""Module, Parameter and optimizer semantics beyond what the golden programs print."""
import copy

import numpy as np
import pytest

import retrograd as torch
from retrograd import nn
import retrograd.nn.functional as F


def test_parameter_shares_memory_and_prints_like_pytorch():
    t = torch.zeros(2)
    p = nn.Parameter(t)
    assert p.requires_grad and p.is_leaf and isinstance(p, torch.Tensor)
    t[0] = 5.0
    assert p[0].item() == 5.0
    assert repr(nn.Parameter(torch.ones(2))) == \
        "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    frozen = nn.Parameter(torch.ones(1), requires_grad=False)
    assert not frozen.requires_grad
    assert repr(frozen) == "Parameter containing:\ntensor([1.])"
    assert (p + 1).grad_fn is not None and type(p * 2) is torch.Tensor


def test_setattr_registers_and_reassignment_moves_between_registries():
    m = nn.Module()
    m.w = nn.Parameter(torch.ones(2))
    m.sub = nn.Linear(2, 2)
    m.register_buffer("b", torch.zeros(1))
    m.plain = 3
    assert list(m._parameters) == ["w"] and list(m._modules) == ["sub"]
    assert list(m._buffers) == ["b"] and m.plain == 3
    with pytest.raises(TypeError, match="as parameter 'w' \\(torch.nn.Parameter or None"):
        m.w = nn.Linear(1, 1)        # a parameter's name takes Parameters (or None) only
    m.w = None
    assert m._parameters["w"] is None and m.w is None
    m.b = torch.ones(1)              # a buffer stays a buffer
    assert m._buffers["b"].item() == 1.0
    del m.sub
    assert "sub" not in m._modules
    with pytest.raises(AttributeError):
        m.sub
    with pytest.raises(KeyError, match="attribute 'plain' already exists"):
        m.register_buffer("plain", torch.zeros(1))


def test_shared_parameters_are_listed_once():
    lin = nn.Linear(2, 2)
    net = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(list(net.parameters())) == 2
    assert [k for k, _ in net.named_parameters()] == ["0.weight", "0.bias"]
    assert list(net.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_state_dict_shares_memory_and_is_detached():
    lin = nn.Linear(2, 2)
    sd = lin.state_dict()
    assert not sd["weight"].requires_grad
    with torch.no_grad():
        lin.weight.fill_(3.0)
    assert sd["weight"][0, 0].item() == 3.0
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight


def test_train_eval_zero_grad_requires_grad_and_to():
    net = nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.5), nn.Sequential(nn.BatchNorm1d(3)))
    assert all(m.training for m in net.modules())
    net.eval()
    assert not any(m.training for m in net.modules())
    x = torch.ones(4, 2)
    assert np.array_equal(net(x).detach().numpy(), net(x).detach().numpy())  # no dropout
    net.train()
    net(x).sum().backward()
    assert net[0].weight.grad is not None
    net.zero_grad()
    assert net[0].weight.grad is None
    net(x).sum().backward()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    opt.zero_grad(set_to_none=False)
    assert net[0].weight.grad is not None and not net[0].weight.grad.any().item()
    net.double()
    assert net[0].weight.dtype == torch.float64 and net[2][0].running_mean.dtype == torch.float64
    assert net[2][0].num_batches_tracked.dtype == torch.int64
    assert net(x.double()).dtype == torch.float64
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_deepcopy_makes_independent_parameters():
    net = nn.Sequential(nn.Linear(2, 2))
    twin = copy.deepcopy(net)
    assert isinstance(twin[0].weight, nn.Parameter) and twin[0].weight.requires_grad
    with torch.no_grad():
        twin[0].weight.zero_()
    assert net[0].weight.abs().sum().item() > 0


def test_hooks_run_in_order_and_can_be_removed():
    lin = nn.Linear(2, 2)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, args: calls.append("pre"))
    h2 = lin.register_forward_hook(lambda m, args, out: calls.append("post"))
    lin.register_forward_hook(lambda m, args, out: calls.append("first"), prepend=True)
    lin(torch.ones(2))
    assert calls == ["pre", "first", "post"]
    h1.remove(), h2.remove()
    calls.clear()
    lin(torch.ones(2))
    assert calls == ["first"]


def test_containers_index_slice_append_and_dict_access():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert isinstance(seq[-1], nn.Linear) and len(seq[:2]) == 2
    assert isinstance(seq[:2], nn.Sequential)
    seq.append(nn.Sigmoid())
    assert list(seq._modules) == ["0", "1", "2", "3"]
    del seq[1]
    assert list(seq._modules) == ["0", "1", "2"] and isinstance(seq[1], nn.Linear)
    ml = nn.ModuleList([nn.ReLU()])
    ml += [nn.Tanh()]
    ml.insert(0, nn.Identity())
    assert [type(m).__name__ for m in ml] == ["Identity", "ReLU", "Tanh"]
    md = nn.ModuleDict({"a": nn.ReLU()})
    md["b"] = nn.Linear(1, 1)
    assert list(md.keys()) == ["a", "b"] and "b" in md and len(md) == 2
    assert len(list(md.parameters())) == 2


def test_dropout_scales_kept_values_and_keeps_negative_zero():
    torch.manual_seed(0)
    x = -torch.ones(1000)
    y = F.dropout(x, 0.25)
    kept = y.numpy() != 0
    assert np.allclose(y.numpy()[kept], -1 / 0.75)
    assert 650 < kept.sum() < 850
    assert np.signbit(y.numpy()[~kept]).all()          # -1 * 0 is -0., as in PyTorch
    assert F.dropout(x, 0.0) is x and F.dropout(x, 0.5, training=False) is x
    assert not F.dropout(torch.ones(3), 1.0).any().item()


def test_batch_norm_running_statistics_and_momentum_none():
    bn = nn.BatchNorm1d(2, momentum=None)
    xs = [torch.tensor([[1.0, 2.0], [3.0, 6.0]]), torch.tensor([[5.0, 0.0], [7.0, 2.0]])]
    for x in xs:
        bn(x)
    # cumulative average of the batch means, and of the unbiased variances
    assert np.allclose(bn.running_mean.numpy(), [4.0, 2.5])
    assert np.allclose(bn.running_var.numpy(), [2.0, 5.0])
    assert bn.num_batches_tracked.item() == 2


def test_clip_grad_norm_scales_to_max_norm():
    a = nn.Parameter(torch.ones(4))
    a.grad = torch.full((4,), 3.0)
    total = nn.utils.clip_grad_norm_([a], max_norm=1.0)
    assert total.item() == pytest.approx(6.0)
    assert np.linalg.norm(a.grad.numpy()) == pytest.approx(1.0, rel=1e-5)
    vec = nn.utils.parameters_to_vector([a, nn.Parameter(torch.zeros(2))])
    assert vec.shape == (6,)


def test_optimizer_step_with_closure_and_param_groups():
    w = nn.Parameter(torch.tensor([1.0, -2.0]))
    opt = torch.optim.SGD([{"params": [w], "lr": 0.5}], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 5.0
    assert w.detach().tolist() == [0.0, 0.0]
    opt.add_param_group({"params": [nn.Parameter(torch.ones(1))]})
    assert opt.param_groups[1]["lr"] == 0.1 and opt.param_groups[1]["momentum"] == 0


def test_scheduler_warns_when_stepped_before_the_optimizer():
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, 1)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()
    assert sched.state_dict()["last_epoch"] == 1


def test_mse_loss_warns_about_broadcasting_like_pytorch():
    expected = (r"Using a target size \(torch.Size\(\[3\]\)\) that is different to the input "
                r"size \(torch.Size\(\[3, 1\]\)\)")
    with pytest.warns(UserWarning, match=expected):
        F.mse_loss(torch.zeros(3, 1), torch.zeros(3))


def _hvp(torch_mod, fn, arrays, direction):
    """Hessian-vector product of sum(fn(...)) w.r.t. the first input, in float64."""
    xs = [torch_mod.tensor(a, dtype=torch_mod.float64, requires_grad=True) for a in arrays]
    (g,) = torch_mod.autograd.grad(fn(torch_mod, *xs).sum(), xs[:1], create_graph=True)
    (h,) = torch_mod.autograd.grad((g * torch_mod.tensor(direction)).sum(), xs[:1])
    return h.detach().numpy()


SECOND_ORDER = {
    "cross_entropy": (lambda t, x: t.nn.functional.cross_entropy(
        x, t.tensor([0, 2, 1]), label_smoothing=0.1), [(3, 4)]),
    "conv_tanh": (lambda t, x, w: t.tanh(t.nn.functional.conv2d(x, w, padding=1)),
                  [(1, 2, 4, 4), (2, 2, 3, 3)]),
    "layer_norm": (lambda t, x: t.nn.functional.layer_norm(x, (4,)) ** 3, [(2, 4)]),
    "batch_norm": (lambda t, x: t.nn.functional.batch_norm(x, None, None, training=True) ** 3,
                   [(4, 3)]),
    "gelu_softplus": (lambda t, x: t.nn.functional.softplus(t.nn.functional.gelu(x)) ** 2,
                      [(3, 3)]),
    "max_pool": (lambda t, x: t.nn.functional.max_pool2d(x, 2) ** 2, [(1, 1, 4, 4)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_hessian_vector_products_match_live_pytorch(name):
    real = pytest.importorskip("torch")
    fn, shapes = SECOND_ORDER[name]
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]
    direction = rng.standard_normal(shapes[0])
    ours = _hvp(torch, fn, arrays, direction)
    theirs = _hvp(real, fn, arrays, direction)
    assert np.allclose(ours, theirs, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("options", [dict(lr=0.1), dict(lr=0.05, momentum=0.5, dampening=0.3),
                                     dict(lr=0.05, momentum=0.9, nesterov=True,
                                          weight_decay=0.01)])
def test_sgd_float32_updates_are_bit_identical_to_live_pytorch(options):
    real = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    start = rng.standard_normal(2000).astype(np.float32)
    grads = [rng.standard_normal(2000).astype(np.float32) for _ in range(4)]

    def run(lib):
        p = lib.nn.Parameter(lib.tensor(start.copy()))
        opt = lib.optim.SGD([p], **options)
        for g in grads:
            p.grad = lib.tensor(g.copy())
            opt.step()
        return p.detach().numpy()

    assert np.array_equal(run(torch), run(real))


def test_extreme_inputs_give_inf_or_nan_without_numpy_warnings():
    inf = float("inf")
    x = torch.tensor([[-inf, -inf, 0.0], [inf, 1.0, 2.0], [1e30, -1e30, 0.0]],
                     requires_grad=True)
    fns = [lambda x: F.softmax(x, 1), lambda x: F.log_softmax(x, 1),
           lambda x: F.cross_entropy(x, torch.tensor([0, 1, 2])), F.gelu, F.silu, F.softplus,
           F.elu, lambda x: F.binary_cross_entropy_with_logits(x, torch.ones(3, 3)),
           lambda x: F.layer_norm(x, (3,)), lambda x: F.mse_loss(x, torch.zeros(3, 3)),
           lambda x: nn.BatchNorm1d(3)(x), lambda x: F.max_pool2d(x.reshape(1, 1, 3, 3), 2),
           lambda x: F.nll_loss(x, torch.tensor([-100, -100, -100]))]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fn in fns:
            x.grad = None
            fn(x).sum().backward()
    assert np.isnan(F.softmax(x, 1)[0].detach().numpy()).sum() == 0    # row of -inf, 0
    assert np.isnan(F.nll_loss(x, torch.tensor([-100, -100, -100])).item())


def test_tensor_dataset_batches_equal_row_by_row_collation():
    from retrograd.utils.data import DataLoader, TensorDataset, default_collate
    ds = TensorDataset(torch.randn(11, 2, 3), torch.arange(11), torch.rand(11) > 0.5)
    batches = []
    for collate in (None, lambda rows: default_collate(rows)):
        torch.manual_seed(3)
        batches.append(list(DataLoader(ds, 4, shuffle=True, collate_fn=collate)))
    assert len(batches[0]) == len(batches[1]) == 3
    for fast, slow in zip(*batches):
        assert [t.dtype for t in fast] == [t.dtype for t in slow]
        assert all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(fast, slow))
