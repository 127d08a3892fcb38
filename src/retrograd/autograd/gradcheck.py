"""gradcheck / gradgradcheck: compare a function's gradients with finite differences.

Slow mode builds both Jacobians in full, one column per input element (central differences)
and one row per output element (a backward pass each). Fast mode (PyTorch's
`fast_mode=True`) compares one number per (input, output) pair instead: v^T J u for random
unit vectors u and v, and on a mismatch recomputes the slow-mode Jacobians for the report.
Jacobians are laid out as PyTorch prints them: (input numel, output numel).
"""
import warnings

from .. import _tensor
from .._backend import xp
from . import forward_ad
from .graph import Node

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck when a check fails."""


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _tensors(values):
    return [v for v in values if isinstance(v, _tensor.Tensor)]


def _outputs(func, inputs):
    return _tensors(_as_tuple(func(*inputs)))


def _new_tensor(array):
    return _tensor.Tensor._make(array)


def _numerical(func, inputs, i, eps):
    """Per output: the (numel of input i, numel of output) Jacobian by central differences."""
    x = inputs[i]
    flat = x._data.reshape(-1)   # a view: perturbing it perturbs x in place
    columns = None
    for k in range(flat.size):
        orig = flat[k].item()
        flat[k] = orig - eps
        minus = [o._data.astype("float64").reshape(-1) for o in _outputs(func, inputs)]
        flat[k] = orig + eps
        plus = [o._data.astype("float64").reshape(-1) for o in _outputs(func, inputs)]
        flat[k] = orig
        diffs = [(p - m) / (2 * eps) for p, m in zip(plus, minus)]
        if columns is None:
            columns = [[] for _ in diffs]
        for col, d in zip(columns, diffs):
            col.append(d)
    n_out = [o.numel() for o in _outputs(func, inputs)]
    if columns is None:
        return [xp.zeros((0, n), x._data.dtype) for n in n_out]
    return [xp.stack(col).astype(x._data.dtype).reshape(flat.size, n)
            for col, n in zip(columns, n_out)]


def _analytical(outputs, diff_inputs):
    """jac[j][i]: (numel of input i, numel of output j), a backward pass per output element."""
    from . import grad
    jacobians = []
    for out in outputs:
        per_input = [xp.zeros((x.numel(), out.numel()), x._data.dtype) for x in diff_inputs]
        for k in range(out.numel()):
            g = xp.zeros(out._data.size, out._data.dtype)
            g[k] = 1
            grads = grad(out, diff_inputs, _new_tensor(g.reshape(out._data.shape)),
                          retain_graph=True, allow_unused=True) if out.requires_grad else \
                [None] * len(diff_inputs)
            for jac, x, gi in zip(per_input, diff_inputs, grads):
                if gi is not None:
                    if gi.shape != x.shape:
                        raise GradcheckError("Gradient has incorrect size")
                    jac[:, k] = gi._data.reshape(-1)
        jacobians.append(per_input)
    return jacobians


def _forward_ad_jacobian(func, inputs, i):
    """Per output: the Jacobian with respect to input i, one forward-mode JVP per column."""
    x = inputs[i]
    columns = []
    for k in range(x.numel()):
        t = xp.zeros(x._data.size, x._data.dtype)
        t[k] = 1
        with forward_ad.dual_level():
            dual = forward_ad.make_dual(x.detach(), _new_tensor(t.reshape(x._data.shape)))
            args = list(inputs)
            args[i] = dual
            outs = _outputs(func, args)
            columns.append([xp.zeros(o.numel()) if forward_ad.unpack_dual(o).tangent is None
                            else forward_ad.unpack_dual(o).tangent._data.reshape(-1)
                            for o in outs])
    n_out = [o.numel() for o in _outputs(func, inputs)]
    return [xp.array([c[j] for c in columns], x._data.dtype).reshape(x.numel(), n)
            for j, n in enumerate(n_out)]


def _close(a, b, rtol, atol):
    return a.shape == b.shape and bool(xp.all(xp.abs(a - b) <= atol + rtol * xp.abs(b)))


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """True when the gradients of `func` at `inputs` match finite differences, for every
    input that requires grad and every output; otherwise GradcheckError (or False)."""
    inputs = _as_tuple(inputs)
    for i, x in enumerate(inputs):
        if isinstance(x, _tensor.Tensor) and x.requires_grad and x._data.dtype.itemsize < 8:
            warnings.warn(f"Input #{i} requires gradient and is not a double precision "
                          "floating point or complex. This check will likely fail if all the "
                          "inputs are not of double precision floating point or complex. ",
                          UserWarning, stacklevel=2)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, _tensor.Tensor) and x.requires_grad]
    if not diff:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, "
                         "but none of them have requires_grad=True.")
    outputs = _outputs(func, inputs)
    diff_inputs = [inputs[i] for i in diff]
    if fast_mode:
        return _fast_check(func, inputs, diff, outputs, eps, atol, rtol, raise_exception)
    numerical = {i: _numerical(func, inputs, i, eps) for i in diff}
    if check_backward_ad:
        analytical = _analytical(outputs, diff_inputs)
        again = _analytical(_outputs(func, inputs), diff_inputs)
        for j in range(len(outputs)):
            for n, i in enumerate(diff):
                a, num = analytical[j][n], numerical[i][j]
                if not _close(a, num, rtol, atol):
                    return _fail(_mismatch("", j, i, num, a), raise_exception)
                if not _close(again[j][n], a, 0, nondet_tol):
                    return _fail("Backward is not reentrant, i.e., running backward with same "
                                 "input and grad_output multiple times gives different values, "
                                 "although analytical gradient matches numerical gradient.The "
                                 f"tolerance for nondeterminism was {nondet_tol}.",
                                 raise_exception)
    if check_backward_ad and check_undefined_grad and \
            not _undefined_grads_handled(func, inputs, diff_inputs, raise_exception):
        return False
    if check_forward_ad:
        for i in diff:
            forward = _forward_ad_jacobian(func, inputs, i)
            for j, (f, num) in enumerate(zip(forward, numerical[i])):
                if not _close(f, num, rtol, atol):
                    return _fail(_mismatch("computed with forward mode ", j, i, num, f),
                                 raise_exception)
    return True


class _UndefinedGrad(Node):
    """Passes on an undefined (None) gradient, whatever arrives: what a backward sees for
    an output nobody differentiated."""
    __slots__ = ()

    def _apply(self, grads, create_graph):
        return [None]


def _undefined(t):
    """`t` again, behind a node that hands t's producer an undefined gradient."""
    node = _UndefinedGrad((t._edge(),), ((t._data.shape, t._data.dtype),))
    out = _tensor.Tensor._make(t._data)
    out._attach(node)
    return out


def _undefined_grads_handled(func, inputs, diff_inputs, raise_exception):
    """Backward must cope with undefined output gradients (all of them, or one at a time)
    and then give zero or undefined input gradients, as PyTorch's check demands."""
    from . import grad
    outputs = [o for o in _outputs(func, inputs) if o.requires_grad]
    cases = [[_undefined(o) for o in outputs]]
    if len(outputs) > 1:
        for i in range(len(outputs)):
            outs = [o for o in _outputs(func, inputs) if o.requires_grad]
            cases.append([_undefined(o) if k == i else o for k, o in enumerate(outs)])
    for case in cases:
        zeros = [_tensor.Tensor._make(xp.zeros_like(o._data)) for o in case]
        try:
            grads = grad(case, diff_inputs, zeros, allow_unused=True)
        except RuntimeError as e:
            _warn_new_check()
            if not raise_exception:
                return False
            raise GradcheckError("Expected backward function to handle undefined output grads. "
                                 "Please look at \"Notes about undefined output gradients\" in "
                                 "\"tools/autograd/derivatives.yaml\"") from e
        if any(g is not None and bool((g._data != 0).any()) for g in grads):
            _warn_new_check()
            return _fail("Expected all input grads to be undefined or zero when all output "
                         "grads are undefined or zero. Please look at \"Notes about undefined "
                         "output gradients\" in \"tools/autograd/derivatives.yaml\"",
                         raise_exception)
    return True


def _warn_new_check():
    warnings.warn("Backwards compatibility: New undefined gradient support checking feature is "
                  "enabled by default, but it may break existing callers of this function. If "
                  "this is true for you, you can call this function with "
                  "\"check_undefined_grad=False\" to disable the feature", UserWarning,
                  stacklevel=4)


def _mismatch(kind, j, i, numerical, analytical):
    return (f"Jacobian {kind}mismatch for output {j} with respect to input {i},\n"
            f"numerical:{_new_tensor(numerical)}\nanalytical:{_new_tensor(analytical)}\n")


def _fast_check(func, inputs, diff, outputs, eps, atol, rtol, raise_exception):
    """v^T J u per (input, output), by finite differences and by one backward pass."""
    from . import grad
    from .._factories import randn
    us = {}
    for i in diff:
        u = randn(inputs[i].numel(), dtype=inputs[i].dtype)._data.astype("float64")
        us[i] = u / max(float(xp.sqrt(u @ u)), 1e-12)
    vs = [randn(o.numel(), dtype=o.dtype)._data.astype("float64") for o in outputs]
    for n, i in enumerate(diff):
        x = inputs[i]
        flat = x._data.reshape(-1)
        orig = flat.copy()
        flat[...] = orig + eps * us[i]
        plus = [o._data.reshape(-1).astype("float64") for o in _outputs(func, inputs)]
        flat[...] = orig - eps * us[i]
        minus = [o._data.reshape(-1).astype("float64") for o in _outputs(func, inputs)]
        flat[...] = orig
        for j, out in enumerate(outputs):
            numerical = float(((plus[j] - minus[j]) / (2 * eps)) @ vs[j])
            g = None
            if out.requires_grad:
                v = _new_tensor(vs[j].astype(out._data.dtype).reshape(out._data.shape))
                g, = grad(out, [x], v, retain_graph=True, allow_unused=True)
            analytical = 0.0 if g is None else float(g._data.reshape(-1) @ us[i])
            if abs(analytical - numerical) > atol + rtol * abs(numerical):
                slow_num = _numerical(func, inputs, i, eps)[j]
                slow_ana = _analytical([out], [x])[0][0]
                return _fail(
                    f"Jacobian mismatch for output {j} with respect to input {i},\n"
                    f"numerical:{numerical!r}\nanalytical:{analytical!r}\n\n"
                    "The above quantities relating the numerical and analytical jacobians are "
                    "computed \nin fast mode. See: https://github.com/pytorch/pytorch/issues/53876 "
                    "for more background \nabout fast mode. Below, we recompute numerical and "
                    "analytical jacobians in slow mode:\n\n"
                    f"Numerical:\n {_new_tensor(slow_num)}\nAnalytical:\n{_new_tensor(slow_ana)}"
                    "\n\nThe max per-element difference (slow mode) is: "
                    f"{float(xp.max(xp.abs(slow_num - slow_ana)))}.\n", raise_exception)
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """gradcheck of the gradient: checks the second derivatives of `func` through
    `autograd.grad(func(inputs), inputs, grad_outputs, create_graph=True)`."""
    from . import grad
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        from .. import _factories
        outputs = _outputs(func, inputs)
        grad_outputs = tuple(
            (_factories.rand(o.shape, dtype=o.dtype) * 2 - 1).requires_grad_() for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)

    def first_derivative(*args):
        ins, gos = args[:n], args[n:]
        outs = [o for o in _outputs(func, ins) if o.requires_grad]
        diff_ins = [x for x in ins if isinstance(x, _tensor.Tensor) and x.requires_grad]
        grads = grad(outs, diff_ins, gos[:len(outs)], create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivative, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol,
                     check_forward_ad=check_fwd_over_rev, check_backward_ad=check_rev_over_rev,
                     fast_mode=fast_mode)
