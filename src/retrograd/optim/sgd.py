"""SGD with momentum, dampening, Nesterov momentum and weight decay."""
from .._tensor import Tensor
from .optimizer import check_tensor_lr
from .optimizer import Optimizer, _write, add, required


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        check_tensor_lr(lr)
        if lr is not required and lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused))

    def _keeps_state(self, group):
        return group["momentum"] != 0     # plain SGD keeps no state at all

    def _update(self, p, grad, state, group):
        if group["weight_decay"] != 0:
            grad = add(grad, p._data, group["weight_decay"])
        momentum = group["momentum"]
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = Tensor._make(grad.copy())
            else:
                _write(buf, add(buf._data * buf._data.dtype.type(momentum), grad,
                                1 - group["dampening"]))
            grad = add(grad, buf._data, momentum) if group["nesterov"] else buf._data
        _write(p, add(p._data, grad, -group["lr"]))
