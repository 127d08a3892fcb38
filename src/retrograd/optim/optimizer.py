"""The Optimizer base class: parameter groups, state, zero_grad, state_dict.

A subclass says how one parameter moves (`_update`, on NumPy arrays) and what state it
keeps (`_init_state`); this class walks the groups, skips parameters without a gradient
and writes results back in place (bumping the version counter, as `param.add_` would).
The arithmetic helpers below reproduce PyTorch's CPU kernels operation by operation, so
float32 updates round like PyTorch's.
"""
import copy
import warnings
from collections import defaultdict

import numpy as np

from .._tensor import Tensor
from .. import _args, _factories
from ..autograd.grad_mode import enable_grad, no_grad


class _Required:
    def __repr__(self):
        return "<required parameter>"


required = _Required()


# --- PyTorch's kernels, rounding included ----------------------------------------------
def fma(a, b, c):
    """a*b + c rounded once, as the vectorised `add(x, y, alpha)` kernel computes it
    (fmadd). A float32 product is exact in float64, so one float64 sum then a cast is
    correct except in (vanishingly rare) double-rounding ties."""
    if a.dtype == np.float32:
        exact = a.astype(np.float64)
        exact *= b
        exact += c
        return exact.astype(np.float32)
    return a * b + c


def add(x, y, alpha):
    """`x.add(y, alpha=alpha)`."""
    if alpha == 1:
        return x + y        # y * 1 is exact: the fused and plain sums agree
    return fma(y, x.dtype.type(alpha), x)


def addcmul(x, t1, t2, value):
    """`x.addcmul(t1, t2, value=value)`: fmadd(value * t1, t2, x)."""
    return fma(x.dtype.type(value) * t1, t2, x)


def addcdiv(x, t1, t2, value):
    """`x.addcdiv(t1, t2, value=value)`: x + value * t1 / t2 (not fused)."""
    return x + x.dtype.type(value) * t1 / t2


def lerp(x, end, weight):
    """`x.lerp(end, weight)` for a scalar weight."""
    w = x.dtype.type(weight)
    if abs(weight) < 0.5:
        return fma(end - x, w, x)
    return end - (end - x) * x.dtype.type(1 - weight)


def _write(t, values):
    t._write(values, "optimizer.step")


class Optimizer:
    """Base class: `params` is an iterable of tensors or of dicts (parameter groups)."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        self._opt_called = False
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got torch.{params._dtype.legacy_name}")
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _args.type_name(p))
            if p._grad_fn is not None:
                raise ValueError("can't optimize a non-leaf Tensor")
        if len({id(p) for p in params}) != len(params):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          UserWarning, stacklevel=3)
        group = {"params": params}
        for key, value in param_group.items():
            if key != "params":
                group[key] = value
        for key, default in self.defaults.items():
            if default is required and key not in group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {key}")
            group.setdefault(key, default)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        # keys in PyTorch's order: the defaults' order, then params
        self.param_groups.append({**{k: group[k] for k in group if k != "params"},
                                  "params": params})

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                if p._grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:   # as PyTorch: cut the gradient from any graph, then zero it in place
                    if p._grad._grad_fn is not None:
                        p._grad = p._grad.detach()
                    else:
                        p._grad.requires_grad_(False)
                    p._grad.zero_()

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns closure()'s loss."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        self._opt_called = True
        with no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p._grad is None:
                        continue
                    grad = p._grad._data
                    if group.get("maximize"):
                        grad = -grad
                    state = self.state[p] if self._keeps_state(group) else {}
                    if not state:
                        self._init_state(p, state, group)
                    self._update(p, grad, state, group)
        return loss

    def _keeps_state(self, group):
        return True

    def _init_state(self, p, state, group):
        pass

    def _update(self, p, grad, state, group):
        raise NotImplementedError

    @staticmethod
    def _step_count(state):
        """Increment the float32 `step` tensor PyTorch keeps; return it as a number."""
        step = state["step"]
        step._write(step._data + 1, "add_")   # PyTorch's `step += 1` counts a version
        return float(step._data)

    # --- saving and loading -----------------------------------------------------------
    def state_dict(self):
        """{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}, with
        parameters numbered across groups in order."""
        index = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            groups.append({**{k: v for k, v in group.items() if k != "params"}, "params": ids})
        state = {index[id(p)]: s for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Take over the state of `state_dict`. As in PyTorch, state tensors that already
        have the parameter's dtype are used as they are, not copied."""
        groups, saved = self.param_groups, copy.deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        params = {i: p for g, s in zip(groups, saved) for i, p in zip(s["params"], g["params"])}
        self.state = defaultdict(dict)
        for i, s in state_dict["state"].items():
            p = params[int(i)]
            self.state[p] = {k: _cast_state(k, v, p) for k, v in s.items()}
        for group, s in zip(groups, saved):
            for key, value in s.items():
                if key != "params":
                    group[key] = value

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}"
            for key in sorted(group):
                if key != "params":
                    text += f"\n    {key}: {group[key]}"
        return text + "\n)"


def _cast_state(key, value, param):
    """State tensors take the parameter's dtype, except the step counter."""
    if isinstance(value, Tensor) and key != "step" and value._dtype.is_floating_point \
            and value._dtype is not param._dtype:
        return value.to(param._dtype)
    return value


def _zeros_like(p):
    return _factories.zeros_like(p)


def _step_tensor():
    return _factories.tensor(0.0)


def check_tensor_lr(lr):
    """A learning rate given as a tensor must hold one number (checked first, as PyTorch's
    optimizers do)."""
    from .._tensor import Tensor
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
