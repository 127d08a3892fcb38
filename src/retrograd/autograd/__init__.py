"""torch.autograd: backward, grad, grad modes and the graph's building blocks."""
from .. import _tensor
from . import anomaly_mode, engine, forward_ad, grad_mode, graph  # noqa: F401
from .anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: F401
from .function import Function, once_differentiable  # noqa: F401
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                        is_inference_mode_enabled, no_grad, set_grad_enabled)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck  # noqa: F401
from .variable import Variable  # noqa: F401
from . import functional  # noqa: F401,E402

__all__ = ["backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "detect_anomaly", "set_detect_anomaly", "Function", "once_differentiable",
           "gradcheck", "gradgradcheck", "functional", "forward_ad", "graph", "Variable"]

CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak.")


def _seq(x):
    if x is None:
        return None
    if isinstance(x, (_tensor.Tensor, graph.GradientEdge)):
        return [x]
    return list(x)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Accumulate the gradients of `tensors` into the `.grad` of the leaves (or `inputs`)."""
    tensors = _seq(tensors)
    grads = _seq(grad_tensors) or [None] * len(tensors)
    for g in grads[:len(tensors)]:
        if g is not None and not isinstance(g, _tensor.Tensor):
            raise TypeError(f"gradients can be either Tensors or None, but got "
                            f"{type(g).__name__}")
    if inputs is not None:
        inputs = _seq(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
        for t in inputs:
            if isinstance(t, _tensor.Tensor) and not t.requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if create_graph:
        import warnings
        warnings.warn(CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)
    if retain_graph is None:
        retain_graph = create_graph
    engine.run_backward(tensors, grads, retain_graph, create_graph, inputs=inputs)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of `outputs` with respect to `inputs`, returned (not accumulated)."""
    if not only_inputs:
        import warnings
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to "
                      "True). To accumulate gradient for other parts of the graph, please use "
                      "torch.autograd.backward.", FutureWarning, stacklevel=2)
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads"
                         "=True, but got: allow_unused=False.")
    outputs = _seq(outputs)
    inputs = _seq(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = _seq(grad_outputs) or [None] * len(outputs)
    if is_grads_batched:   # one backward per slice of the leading dim, results stacked
        from ..ops import stack
        per_slice = [grad(outputs, inputs, [g[b] for g in grads], True, create_graph,
                          allow_unused=allow_unused, materialize_grads=materialize_grads)
                     for b in range(len(grads[0]))]
        return tuple(None if parts[0] is None else stack(parts)
                     for parts in zip(*per_slice))
    if allow_unused is None:
        allow_unused = materialize_grads
    if retain_graph is None:
        retain_graph = create_graph
    result = engine.run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs,
                                 accumulate=False, allow_unused=allow_unused)
    if materialize_grads:
        from .._factories import zeros_like
        result = [zeros_like(t) if g is None else g for t, g in zip(inputs, result)]
    return tuple(result)
