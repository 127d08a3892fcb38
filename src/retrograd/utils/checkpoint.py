"""torch.utils.checkpoint: trade compute for memory by recomputing a block in backward.

`use_reentrant=True` (PyTorch's default while the argument is left out, with a warning):
the block runs under no_grad and becomes one custom Function node,
`CheckpointFunctionBackward`, whose backward reruns the block with grad enabled and
backpropagates through that rerun.

`use_reentrant=False`: the block's graph is recorded as usual but its saved tensors are not
kept (saved_tensors_hooks); the first time backward needs one, the block is rerun on the
same inputs and the rerun's saved tensors stand in, in the same order. Higher-order
gradients work, since the rerun is connected to the inputs.

Both restore the random state of the forward for the rerun (`preserve_rng_state=True`), so
dropout-like randomness repeats.
"""
import warnings

from .. import _tensor, random
from ..autograd import backward as autograd_backward
from ..autograd.function import Function
from ..autograd.grad_mode import enable_grad, no_grad
from ..autograd.graph import saved_tensors_hooks

__all__ = ["checkpoint", "checkpoint_sequential"]

USE_REENTRANT_WARNING = (
    "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting "
    "in PyTorch 2.9, calling checkpoint without use_reentrant will raise an exception. "
    "use_reentrant=False is recommended, but if you need to preserve the current default "
    "behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
    "differences between the two variants.")


def _is_tensor(x):
    return isinstance(x, _tensor.Tensor)


def checkpoint(function, *args, use_reentrant=None, context_fn=None,
               determinism_check="default", debug=False, preserve_rng_state=True, **kwargs):
    """`function(*args, **kwargs)`, without keeping its intermediate values for backward."""
    if use_reentrant is None:
        warnings.warn(USE_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        if not any(_is_tensor(a) and a.requires_grad for a in args):
            # the rerun only differentiates with respect to the inputs: a parameter the
            # block closes over gets no gradient this way
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                          UserWarning, stacklevel=2)
        return CheckpointFunction.apply(function, preserve_rng_state, *args)
    return _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs)


class CheckpointFunction(Function):
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.rng_state = random.get_rng_state() if preserve_rng_state else None
        ctx.inputs = [None if _is_tensor(a) else a for a in args]
        ctx.tensor_indices = [i for i, a in enumerate(args) if _is_tensor(a)]
        ctx.save_for_backward(*[a for a in args if _is_tensor(a)])
        with no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        inputs = list(ctx.inputs)
        for i, t in zip(ctx.tensor_indices, ctx.saved_tensors):
            inputs[i] = t.detach().requires_grad_(t.requires_grad)
        outputs = _rerun(ctx.run_function, inputs, {}, ctx.rng_state)
        if not isinstance(outputs, tuple):
            outputs = (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads) if _is_tensor(o) and o.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not "
                               "necessary")
        autograd_backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None, None) + tuple(x.grad if _is_tensor(x) else None for x in inputs)


def _rerun(function, args, kwargs, rng_state):
    """Run the block again with grad enabled and the forward's random state."""
    saved_state = random.get_rng_state() if rng_state is not None else None
    if rng_state is not None:
        random.set_rng_state(rng_state)
    try:
        with enable_grad():
            return function(*args, **kwargs)
    finally:
        if saved_state is not None:
            random.set_rng_state(saved_state)


class _Recomputation:
    """Stands in for the tensors a checkpointed block saved: positions at pack time, the
    rerun's tensors at unpack time."""

    def __init__(self, function, args, kwargs, rng_state):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.rng_state = rng_state
        self.count = 0
        self.values = None

    def pack(self, tensor):
        self.count += 1
        return self.count - 1

    def unpack(self, position):
        if self.values is None:
            values = []
            with saved_tensors_hooks(lambda t: values.append(t) or len(values) - 1,
                                     lambda i: values[i]):
                _rerun(self.function, self.args, self.kwargs, self.rng_state)
            if len(values) != self.count:
                raise RuntimeError("torch.utils.checkpoint: A different number of tensors was "
                                   "saved during the original forward and recomputation.\n"
                                   f"Number of tensors saved during forward: {self.count}\n"
                                   "Number of tensors saved during recomputation: "
                                   f"{len(values)}.\n")
            self.values = values
        return self.values[position]


def _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs):
    rng_state = random.get_rng_state() if preserve_rng_state else None
    recomputation = _Recomputation(function, args, kwargs, rng_state)
    with saved_tensors_hooks(recomputation.pack, recomputation.unpack):
        return function(*args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run `functions` (a sequence or a Sequential) in `segments` checkpointed chunks; the
    last chunk runs normally."""
    if use_reentrant is None:
        warnings.warn(USE_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    functions = list(functions.children()) if hasattr(functions, "children") else \
        list(functions)

    def run(start, end):
        def forward(x):
            for f in functions[start:end + 1]:
                x = f(x)
            return x
        return forward

    size = len(functions) // segments
    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant, **kwargs)
    return run(end + 1, len(functions) - 1)(input)
