"""torch.func beyond the golden programs: transforms agree with each other and with
autograd.functional, compose (grad of grad, vmap of grad, jacfwd of jacrev), keep PyTorch's
nesting of results, and functional_call swaps parameters only for the call."""
import numpy as np
import pytest

import retrograd as torch

func = torch.func
AF = torch.autograd.functional
rng = np.random.default_rng(5)
A = torch.tensor(rng.standard_normal((3, 3)))
X = torch.tensor(rng.standard_normal(3))
Y = torch.tensor(rng.standard_normal(3))


def f(x, y):
    return (A @ x).tanh() * y.exp() + x.sin() * y


def scalar(x):
    return (f(x, Y) ** 2).sum() + x.norm() ** 3


def close(a, b):
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_jacobians_agree():
    jr = func.jacrev(f, argnums=(0, 1))(X, Y)
    jf = func.jacfwd(f, argnums=(0, 1))(X, Y)
    ja = AF.jacobian(f, (X, Y))
    jv = AF.jacobian(f, (X, Y), vectorize=True, strategy="forward-mode")
    for k in range(2):
        close(jr[k], jf[k])
        close(jr[k], ja[k])
        close(jr[k], jv[k])


def test_hessians_agree():
    h = func.hessian(scalar)(X)
    close(h, func.jacrev(func.jacrev(scalar))(X))
    close(h, func.jacfwd(func.jacfwd(scalar))(X))
    close(h, AF.hessian(scalar, X))
    close(h, AF.hessian(scalar, X, vectorize=True, outer_jacobian_strategy="forward-mode"))
    v = torch.tensor(rng.standard_normal(3))
    close(h @ v, AF.hvp(scalar, X, v)[1])
    close(v @ h, AF.vhp(scalar, X, v)[1])
    close(h @ v, func.jvp(func.grad(scalar), (X,), (v,))[1])


def test_vjp_jvp_linearize_agree():
    v = torch.tensor(rng.standard_normal(3))
    j = func.jacrev(f)(X, Y)
    out, vjp_fn = func.vjp(lambda x: f(x, Y), X)
    close(vjp_fn(v)[0], v @ j)
    close(func.jvp(lambda x: f(x, Y), (X,), (v,))[1], j @ v)
    close(func.linearize(lambda x: f(x, Y), X)[1](v), j @ v)
    close(AF.jvp(lambda x: f(x, Y), X, v)[1], j @ v)
    close(AF.vjp(lambda x: f(x, Y), X, v)[1], v @ j)


def test_grad_of_grad_of_grad():
    d3 = func.grad(func.grad(func.grad(lambda t: t.sin() * t.exp())))(torch.tensor(0.3))
    x = 0.3
    expected = np.exp(x) * (-2 * np.sin(x) + 2 * np.cos(x))
    assert np.isclose(d3.item(), expected)


def test_vmap_matches_a_loop():
    batch = torch.tensor(rng.standard_normal((4, 3)))
    per_example = func.vmap(func.grad(scalar))(batch)
    for b in range(4):
        close(per_example[b], func.grad(scalar)(batch[b]))
    out = func.vmap(f, in_dims=(1, None), out_dims=1)(batch.t(), Y)
    for b in range(4):
        close(out[:, b], f(batch[b], Y))


def test_vmap_nested_and_pytrees():
    m = torch.tensor(rng.standard_normal((2, 5, 3)))
    inner = func.vmap(lambda d: d["x"].sum() * d["s"], in_dims=({"x": 0, "s": None},))
    out = func.vmap(inner, in_dims=({"x": 0, "s": None},))(
        {"x": m, "s": torch.tensor(2.0, dtype=torch.float64)})
    close(out, m.sum(-1) * 2)
    a, b = func.vmap(lambda t: (t * 2, t.sum()), out_dims=(0, None))(torch.ones(3, 2))
    assert a.shape == (3, 2) and b.shape == ()


def test_grad_with_respect_to_a_tensor_that_requires_grad_stays_differentiable():
    x = X.clone().requires_grad_()
    g = func.grad(scalar)(x)
    assert g.requires_grad
    close(torch.autograd.grad(g.sum(), x)[0], func.hessian(scalar)(X).sum(0))
    assert not func.grad(scalar)(X).requires_grad


def test_functional_call_swaps_only_during_the_call():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    weight = model.weight
    params = {"weight": torch.zeros(2, 3), "bias": torch.ones(2)}
    assert func.functional_call(model, params, (torch.ones(3),)).tolist() == [1.0, 1.0]
    assert model.weight is weight

    def loss(p, x):
        return func.functional_call(model, p, (x,)).pow(2).sum()
    per_example = func.vmap(func.grad(loss), in_dims=(None, 0))(
        {k: v.detach() for k, v in model.named_parameters()}, torch.ones(4, 3))
    assert per_example["weight"].shape == (4, 2, 3)
    assert model.weight.grad is None


def test_vmap_refuses_item_and_control_flow_only_inside():
    with pytest.raises(RuntimeError, match="calling .item"):
        func.vmap(lambda t: t.sum().item())(torch.ones(2, 2))
    assert torch.ones(1).item() == 1.0   # outside vmap all is normal again
    with pytest.raises(RuntimeError, match="data-dependent control flow"):
        func.vmap(lambda t: t if t.sum() > 0 else -t)(torch.ones(2, 2))
    assert bool(torch.ones(1))
