"""RMSprop, optionally centred and with momentum."""
import numpy as np

from .optimizer import check_tensor_lr
from .optimizer import (Optimizer, _step_tensor, _write, _zeros_like, add, addcdiv, addcmul,
                        lerp)


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        check_tensor_lr(lr)
        for name, value in (("learning rate", lr), ("epsilon value", eps),
                            ("momentum value", momentum), ("weight_decay value", weight_decay),
                            ("alpha value", alpha)):
            if not 0.0 <= value:
                raise ValueError(f"Invalid {name}: {value}")
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps,
                                      centered=centered, weight_decay=weight_decay,
                                      capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable))

    def _init_state(self, p, state, group):
        state["step"] = _step_tensor()
        state["square_avg"] = _zeros_like(p)
        if group["momentum"] > 0:
            state["momentum_buffer"] = _zeros_like(p)
        if group["centered"]:
            state["grad_avg"] = _zeros_like(p)

    def _update(self, p, grad, state, group):
        alpha, eps, lr = group["alpha"], group["eps"], group["lr"]
        self._step_count(state)
        if group["weight_decay"] != 0:
            grad = add(grad, p._data, group["weight_decay"])
        square_avg = state["square_avg"]
        sq = square_avg._data * square_avg._data.dtype.type(alpha)
        _write(square_avg, addcmul(sq, grad, grad, 1 - alpha))
        if group["centered"]:
            grad_avg = state["grad_avg"]
            _write(grad_avg, lerp(grad_avg._data, grad, 1 - alpha))
            avg = np.sqrt(addcmul(square_avg._data, grad_avg._data, grad_avg._data, -1))
        else:
            avg = np.sqrt(square_avg._data)
        avg = avg + avg.dtype.type(eps)
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]
            _write(buf, addcdiv(buf._data * buf._data.dtype.type(group["momentum"]), grad,
                                avg, 1))
            _write(p, add(p._data, buf._data, -lr))
        else:
            _write(p, addcdiv(p._data, grad, avg, -lr))
