"""Numerical gradient checks shared by the op tests: central finite differences in float64
along a random direction, for first and second order (HIPS autograd's check_grads idea)."""
import numpy as np

import retrograd as torch


def _inputs(arrays):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


def _directional(f, arrays, directions, eps=1e-6):
    """d/dh f(x + h v) at h=0, by central differences, with f returning a scalar."""
    plus = [a + eps * v for a, v in zip(arrays, directions)]
    minus = [a - eps * v for a, v in zip(arrays, directions)]
    with torch.no_grad():
        fp = f(*[torch.tensor(a, dtype=torch.float64) for a in plus]).item()
        fm = f(*[torch.tensor(a, dtype=torch.float64) for a in minus]).item()
    return (fp - fm) / (2 * eps)


def check_grad(fn, *arrays, order=2, rtol=1e-4, atol=1e-6, seed=0):
    """Check the VJPs of `fn` (tensors -> tensor) at `arrays` against finite differences:
    first order via <grad, v> for a random direction v, then (order=2) the gradient of
    <grad, u> (a double backward) the same way."""
    rng = np.random.default_rng(seed)
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    probe = fn(*_inputs(arrays))
    w = rng.standard_normal(probe.shape)

    def scalar(*xs):        # <fn(xs), w>: makes any output shape a scalar
        return (fn(*xs) * torch.tensor(w)).sum()

    vs = [rng.standard_normal(a.shape) for a in arrays]
    xs = _inputs(arrays)
    grads = torch.autograd.grad(scalar(*xs), xs, allow_unused=True)
    analytic = sum(float((g.detach().numpy() * v).sum()) for g, v in zip(grads, vs)
                   if g is not None)
    numeric = _directional(scalar, arrays, vs)
    assert np.isclose(analytic, numeric, rtol=rtol, atol=atol), \
        f"first order: analytic {analytic} vs numeric {numeric}"
    if order < 2:
        return
    us = [rng.standard_normal(a.shape) for a in arrays]

    def grad_dot_u(*xs):    # <d scalar/dxs, u>, differentiable again
        xs = [x if x.requires_grad else x.requires_grad_() for x in xs]
        with torch.enable_grad():
            gs = torch.autograd.grad(scalar(*xs), xs, create_graph=True, allow_unused=True)
        total = torch.tensor(0.0, dtype=torch.float64)
        for g, u in zip(gs, us):
            if g is not None:
                total = total + (g * torch.tensor(u)).sum()
        return total

    xs = _inputs(arrays)
    out = grad_dot_u(*xs)
    if not out.requires_grad:     # the gradient is constant in xs: second derivative is 0
        numeric2 = _directional(lambda *a: grad_dot_u(*[x.clone() for x in a]), arrays, vs)
        assert abs(numeric2) < 1e-4, f"second order: expected 0, numeric {numeric2}"
        return
    grads2 = torch.autograd.grad(out, xs, allow_unused=True)
    analytic2 = sum(float((g.detach().numpy() * v).sum()) for g, v in zip(grads2, vs)
                    if g is not None)
    numeric2 = _directional(lambda *a: grad_dot_u(*a), arrays, vs)
    assert np.isclose(analytic2, numeric2, rtol=1e-3, atol=1e-5), \
        f"second order: analytic {analytic2} vs numeric {numeric2}"
