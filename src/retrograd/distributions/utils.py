"""Helpers shared by the distributions: broadcasting parameters, probabilities and logits,
lazily computed parameters."""
import functools
import numbers

import numpy as np

from .. import _dtype
from .._tensor import Size, Tensor
from .._factories import tensor
from ..autograd.grad_mode import enable_grad

__all__ = ["broadcast_all", "logits_to_probs", "clamp_probs", "probs_to_logits",
           "lazy_property", "euler_constant"]

euler_constant = 0.5772156649015329


def broadcast_all(*values):
    """Tensors of one broadcast shape from tensors and numbers; numbers take the dtype of
    the first tensor (or the default dtype)."""
    if not all(isinstance(v, Tensor) or isinstance(v, numbers.Number) for v in values):
        raise ValueError("Input arguments must all be instances of Number, torch.Tensor or "
                         "objects implementing __torch_function__.")
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)),
                 _dtype.get_default_dtype())
    tensors = [v if isinstance(v, Tensor) else tensor(v, dtype=dtype) for v in values]
    return broadcast_tensors(*tensors)


def broadcast_tensors(*tensors):
    try:
        shape = np.broadcast_shapes(*(tuple(t.shape) for t in tensors))
    except ValueError:     # PyTorch's words for it
        from .. import broadcast_tensors
        broadcast_tensors(*tensors)
        raise
    return tuple(t if tuple(t.shape) == shape else t.expand(shape) for t in tensors)


def broadcast_shapes(*shapes):
    return Size(np.broadcast_shapes(*(tuple(s) for s in shapes)))


def _standard_normal(shape, dtype):
    """Normal(0, 1) draws as PyTorch's samplers make them: `empty(shape).normal_()`."""
    from .._factories import empty
    return empty(shape, dtype=dtype).normal_()


def _sum_rightmost(value, dim):
    """Sum out the `dim` rightmost dimensions."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:-dim]) + (-1,)).sum(-1)


def _finfo(dtype):
    return np.finfo(dtype.np)


def clamp_probs(probs):
    eps = float(_finfo(probs.dtype).eps)
    return probs.clamp(min=eps, max=1 - eps)


def logits_to_probs(logits, is_binary=False):
    if is_binary:
        return logits.sigmoid()
    return logits.softmax(-1)


def probs_to_logits(probs, is_binary=False):
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return ps_clamped.log() - (-ps_clamped).log1p()
    return ps_clamped.log()


class lazy_property:
    """A parameter computed from another on first use and then kept on the instance
    (Bernoulli's `logits` from `probs`, ...); computed with grad enabled, so gradients
    flow back to the parameter it came from."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, wrapped)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value
