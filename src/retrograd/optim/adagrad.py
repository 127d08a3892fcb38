"""Adagrad: per-element learning rates shrinking with the sum of squared gradients."""
import numpy as np

from .. import _factories
from .optimizer import check_tensor_lr
from .optimizer import Optimizer, _step_tensor, _write, add, addcdiv, addcmul


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        check_tensor_lr(lr)
        for name, value in (("learning rate", lr), ("lr_decay value", lr_decay),
                            ("weight_decay value", weight_decay),
                            ("initial_accumulator_value value", initial_accumulator_value),
                            ("epsilon value", eps)):
            if not 0.0 <= value:
                raise ValueError(f"Invalid {name}: {value}")
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps,
                                      weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value,
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, fused=fused))
        # Adagrad's state exists from the start, as in PyTorch
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p]["step"] = _step_tensor()
                self.state[p]["sum"] = _factories.full_like(
                    p, group["initial_accumulator_value"])

    def _update(self, p, grad, state, group):
        step = self._step_count(state)
        if group["weight_decay"] != 0:
            grad = add(grad, p._data, group["weight_decay"])
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        total = state["sum"]
        _write(total, addcmul(total._data, grad, grad, 1))
        std = np.sqrt(total._data) + total._data.dtype.type(group["eps"])
        _write(p, addcdiv(p._data, grad, std, -clr))
