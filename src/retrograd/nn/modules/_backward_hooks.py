"""Module backward hooks, as PyTorch runs them.

A full backward hook (`register_full_backward_hook`) sees the gradients with respect to the
module's tensor inputs and outputs. One forward call puts an identity node
(`BackwardHookFunctionBackward`, as PyTorch names it) on the outputs and one on the inputs:
the output node's backward runs the pre-hooks, which may replace grad_output; the input
node's backward runs the hooks, which may replace grad_input. The old
`register_backward_hook` sees the grads of the output's own node instead.
"""
import warnings

from ..._tensor import Tensor
from ...autograd.function import Function
from ...autograd.grad_mode import is_grad_enabled

NO_INPUT_GRAD_WARNING = (
    "Full backward hook is firing when gradients are computed with respect to module outputs "
    "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
    "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.")
NON_FULL_WARNING = (
    "Using a non-full backward hook when the forward contains multiple autograd Nodes is "
    "deprecated and will be removed in future versions. This hook will be missing some "
    "grad_input. Please use register_full_backward_hook to get the documented behavior.")


class BackwardHookFunction(Function):
    """Identity on tensors; its backward hands their gradients to `on_grads`."""

    @staticmethod
    def forward(ctx, on_grads, *tensors):
        ctx.on_grads = on_grads
        return tuple(t.view_as(t) for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + tuple(ctx.on_grads(grads))


def _wrap(tensors, on_grads):
    """`tensors` (a tuple, any items) with those that require grad passed through one
    BackwardHookFunction node; the positions wrapped."""
    where = [i for i, t in enumerate(tensors) if isinstance(t, Tensor) and t.requires_grad]
    if not where:
        return tensors, where
    out = list(tensors)
    for i, t in zip(where, BackwardHookFunction.apply(on_grads, *(tensors[i] for i in where))):
        out[i] = t
    return tuple(out), where


def _replace(grads, result, what):
    if result is None:
        return grads
    result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    if len(result) != len(grads):
        raise RuntimeError(f"Backward hook returned an invalid number of grad_{what}, got "
                           f"{len(result)}, but expected {len(grads)}")
    return result


class BackwardHook:
    """The full backward hooks of one module call."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.tensor_at, self.input_where, self.grad_output = [], [], None

    def setup_inputs(self, args):
        if not is_grad_enabled():
            return args
        self.tensor_at = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        args, self.input_where = _wrap(args, self._on_grad_inputs)
        return args

    def setup_outputs(self, out):
        if not is_grad_enabled():
            return out
        single = isinstance(out, Tensor)
        outs, _ = _wrap((out,) if single else out, self._on_grad_outputs) \
            if single or isinstance(out, tuple) else (out, None)
        return outs[0] if single else outs

    def _on_grad_outputs(self, grads):
        for hook in self.pre_hooks:
            grads = _replace(grads, hook(self.module, grads), "output")
        self.grad_output = grads
        if not self.input_where and self.hooks:
            warnings.warn(NO_INPUT_GRAD_WARNING, UserWarning)
            for hook in self.hooks:
                hook(self.module, (None,) * max(len(self.tensor_at), 1), grads)
        return grads

    def _on_grad_inputs(self, grads):
        # one entry per tensor argument: None for those that need no gradient
        place = [self.tensor_at.index(i) for i in self.input_where]
        full = [None] * len(self.tensor_at)
        for g, k in zip(grads, place):
            full[k] = g
        full = tuple(full)
        for hook in self.hooks:
            full = _replace(full, hook(self.module, full, self.grad_output), "input")
        return tuple(full[k] for k in place)


def register_non_full(module, args, out, hooks):
    """The old backward hooks: on the output's own node, `hook(module, grad_inputs,
    grad_outputs)` with that node's gradients."""
    fn = out.grad_fn if isinstance(out, Tensor) else None
    if fn is None:
        return
    inputs = {a.grad_fn for a in args if isinstance(a, Tensor) and a.grad_fn is not None}
    if inputs != {n for n, _ in fn.next_functions}:
        warnings.warn(NON_FULL_WARNING, FutureWarning)
    for hook in hooks:
        fn.register_hook(lambda grad_inputs, grad_outputs, hook=hook:
                         hook(module, grad_inputs, grad_outputs))
