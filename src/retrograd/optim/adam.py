"""Adam and AdamW (decoupled weight decay), PyTorch's single-tensor arithmetic."""
import numpy as np

from .optimizer import check_tensor_lr
from .optimizer import (Optimizer, _step_tensor, _write, _zeros_like, add, addcdiv, addcmul,
                        lerp)


def _check(lr, eps, betas, weight_decay):
    check_tensor_lr(lr)
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    for i in (0, 1):
        if not 0.0 <= betas[i] < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {betas[i]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        _check(lr, eps, betas, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize, foreach=foreach,
                                      capturable=capturable, differentiable=differentiable,
                                      fused=fused,
                                      decoupled_weight_decay=decoupled_weight_decay))

    def _init_state(self, p, state, group):
        state["step"] = _step_tensor()
        state["exp_avg"] = _zeros_like(p)
        state["exp_avg_sq"] = _zeros_like(p)
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = _zeros_like(p)

    def _update(self, p, grad, state, group):
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        wd = group["weight_decay"]
        step = self._step_count(state)
        if wd != 0:
            if group["decoupled_weight_decay"]:
                _write(p, p._data * p._data.dtype.type(1 - lr * wd))
            else:
                grad = add(grad, p._data, wd)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _write(exp_avg, lerp(exp_avg._data, grad, 1 - beta1))
        sq = exp_avg_sq._data * exp_avg_sq._data.dtype.type(beta2)
        _write(exp_avg_sq, addcmul(sq, grad, grad, 1 - beta2))
        step_size = lr / (1 - beta1 ** step)
        bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
        second = exp_avg_sq._data
        if group["amsgrad"]:
            best = state["max_exp_avg_sq"]
            _write(best, np.maximum(best._data, second))
            second = best._data
        dtype = second.dtype.type
        denom = np.sqrt(second) / dtype(bias_correction2_sqrt) + dtype(eps)
        _write(p, addcdiv(p._data, exp_avg._data, denom, -step_size))


class AdamW(Adam):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
