"""Adadelta: steps scaled by the ratio of running RMS of updates and of gradients."""
import numpy as np

from .optimizer import check_tensor_lr
from .optimizer import Optimizer, _step_tensor, _write, _zeros_like, add, addcmul


class Adadelta(Optimizer):
    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        check_tensor_lr(lr)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, capturable=capturable,
                                      foreach=foreach, differentiable=differentiable))

    def _init_state(self, p, state, group):
        state["step"] = _step_tensor()
        state["square_avg"] = _zeros_like(p)
        state["acc_delta"] = _zeros_like(p)

    def _update(self, p, grad, state, group):
        rho, eps, lr = group["rho"], group["eps"], group["lr"]
        self._step_count(state)
        if group["weight_decay"] != 0:
            grad = add(grad, p._data, group["weight_decay"])
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        kind = square_avg._data.dtype.type
        _write(square_avg, addcmul(square_avg._data * kind(rho), grad, grad, 1 - rho))
        std = np.sqrt(square_avg._data + kind(eps))
        delta = np.sqrt(acc_delta._data + kind(eps)) / std * grad
        _write(acc_delta, addcmul(acc_delta._data * kind(rho), delta, delta, 1 - rho))
        _write(p, add(p._data, delta, -lr))
