"""Custom autograd Functions: user code gives a forward and its backward.

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, grad):
            y, = ctx.saved_tensors
            return grad * y

    Exp.apply(x)         # grad_fn=<ExpBackward>

As in PyTorch the `ctx` is the graph node itself: an instance of a node class named
`<Function name>Backward`, made once per Function subclass. `forward` runs without
recording; the node's backward calls the user's `backward` on tensors (recorded under
`create_graph=True`, so custom Functions support higher order when their backward is
written in differentiable ops). The `forward(*args)` + `setup_context(ctx, inputs, output)`
style works too, and an optional `jvp(ctx, *tangents)` serves forward-mode AD.
"""
import functools

from .. import _tensor
from .._backend import as_array, xp
from . import anomaly_mode, forward_ad, grad_mode
from ._thread_state import local as _local
from .graph import FREED, Node, Packed

__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "once_differentiable",
           "InplaceFunction", "NestedIOFunction"]


def _is_tensor(x):
    return isinstance(x, _tensor.Tensor)


class FunctionCtx:
    """What `forward` (or `setup_context`) and `backward` share."""

    def save_for_backward(self, *tensors):
        for i, t in enumerate(tensors):
            if t is not None and not _is_tensor(t):
                raise TypeError("save_for_backward can only save variables, but argument "
                                f"{i} is of type {type(t).__name__}")
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    def mark_dirty(self, *args):
        """The inputs `forward` changed in place (they must also be returned)."""
        self.dirty_tensors = args

    def mark_non_differentiable(self, *args):
        """Outputs that get no gradient (`requires_grad=False`), like argmax indices."""
        self.non_differentiable = args

    def set_materialize_grads(self, value):
        """False: backward gets None (not zeros) for outputs that received no gradient."""
        self.materialize_grads = value


class BackwardCFunction(FunctionCtx, Node):
    """The node (and ctx) of one call of a custom Function."""
    _forward_cls = None
    __repr__ = object.__repr__   # PyTorch shows Python-defined nodes with their module

    def __init__(self, next_functions, tensor_positions, n_inputs):
        Node.__init__(self, next_functions, ())
        self._tensor_positions = tensor_positions   # which forward args are tensors
        self._n_inputs = n_inputs
        self._saved = None          # what save_for_backward kept, ready to unpack
        self.to_save = ()
        self.dirty_tensors = ()
        self.non_differentiable = ()
        self.materialize_grads = True
        self.needs_input_grad = ()
        self.saved_for_forward = ()
        self._in_jvp = False

    @property
    def saved_tensors(self):
        if self._in_jvp:      # forward mode reads what save_for_forward kept
            return tuple(self.saved_for_forward)
        if self._freed:
            raise RuntimeError(FREED)
        if self._saved is None:    # still inside forward/setup_context
            return tuple(self.to_save)
        return tuple(s.unpack(self) if s is not None else None for s in self._saved)

    saved_variables = saved_tensors

    def _release(self):
        self._saved = ()
        self.to_save = ()
        self._freed = True

    def _apply(self, grads, create_graph):
        cls = self._forward_cls
        tensors = []
        for (shape, dtype), g in zip(self._meta, grads):
            if g is None:
                if self.materialize_grads and shape is not None:
                    tensors.append(_tensor.Tensor._make(_zeros(shape, dtype)))
                else:
                    tensors.append(None)
            else:
                tensors.append(g if create_graph else _tensor.Tensor._make(as_array(g)))
        result = cls.backward(self, *tensors)
        if not isinstance(result, tuple):
            result = (result,)
        n = self._n_inputs
        if len(result) != n:
            if len(result) < n or any(r is not None for r in result[n:]):
                raise RuntimeError(f"function {self.name()} returned an incorrect number of "
                                   f"gradients (expected {n}, got {len(result)})")
            result = result[:n]
        positions = set(self._tensor_positions)
        for k, r in enumerate(result):
            if r is not None and k not in positions:
                raise RuntimeError(f"function {self.name()} returned a gradient different than "
                                   f"None at position {k + 1}, but the corresponding forward "
                                   "input was not a Variable")
        out = []
        for k, (fn, _) in zip(self._tensor_positions, self.next_functions):
            g = result[k]
            if fn is None or g is None:
                out.append(None)
            elif not _is_tensor(g):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
            else:
                out.append(g if create_graph else g._data)
        return out


def _zeros(shape, dtype):
    return xp.zeros(shape, dtype)


class _Saved:
    """One tensor kept by save_for_backward, checked for in-place changes when unpacked.
    An output of the Function is kept as its array (rebuilt on access) so that the node does
    not own its own output: no reference cycle."""
    __slots__ = ("value", "counter", "version", "output_nr", "__weakref__", "_tangent")

    def __init__(self, value, output_nr=None):
        self.value = value._data if output_nr is not None else value
        self.counter = value._vc
        self.version = value._vc.value
        self.output_nr = output_nr
        self._tangent = None    # an output's tangent, for forward-over-reverse

    def unpack(self, node):
        from ..ops._op import _modified_message
        if self.counter.value != self.version:
            shown = self.value if self.output_nr is None else self._output(node)
            name = "out" if self.output_nr == 0 else "saved tensor"
            raise RuntimeError(_modified_message(node, name, shown, self.counter, self.version))
        return self.value if self.output_nr is None else self._output(node)

    def _output(self, node):
        t = _tensor.Tensor._make(self.value)
        t._attach(node, self.output_nr)
        t._vc = self.counter
        tangent = getattr(self, "_tangent", None)
        if tangent is not None:
            t._tangent = tangent
        return t


class _PackedSaved:
    """A tensor saved under saved_tensors_hooks."""
    __slots__ = ("packed",)

    def __init__(self, packed):
        self.packed = packed

    def unpack(self, node):
        return self.packed.unpack()


class _FunctionMeta(type):
    """Gives every Function subclass its node class, `<Name>Backward`."""

    def __init__(cls, name, bases, attrs):
        backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})
        cls._backward_cls = backward_cls
        super().__init__(name, bases, attrs)


class Function(metaclass=_FunctionMeta):
    """Base class of custom differentiable operations; call them with `.apply(...)`."""

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is "
                           "deprecated. Please use new-style autograd function with static "
                           "forward method. (Example: "
                           "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @classmethod
    def apply(cls, *args, **kwargs):
        positions = tuple(i for i, a in enumerate(args) if _is_tensor(a))
        needs = tuple(_is_tensor(a) and a._requires_grad for a in args)
        recording = _local.state.grad_enabled and True in needs
        edges = tuple(args[i]._edge() if needs[i] and recording else (None, 0)
                      for i in positions)
        ctx = cls._backward_cls(edges, positions, len(args))
        ctx.needs_input_grad = needs
        dual = forward_ad.enabled() and any(
            getattr(args[i], "_tangent", None) is not None for i in positions)
        with forward_ad.tangents_off(), grad_mode.no_grad():
            if cls.setup_context is Function.setup_context:
                output = cls.forward(ctx, *args, **kwargs)
            else:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
        single = not isinstance(output, tuple)
        outputs = _connect(ctx, args, (output,) if single else output, recording)
        if dual:
            _forward_tangents(cls, ctx, args, positions, outputs)
        return outputs[0] if single else outputs


def _connect(ctx, args, outputs, recording):
    """Make the node the grad_fn of the outputs and keep what was saved for backward."""
    for t in ctx.dirty_tensors:   # changed in place by forward: counted once more, as PyTorch
        t._written(type(ctx).__name__)
    dirty = {id(t) for t in ctx.dirty_tensors}
    non_diff = {id(t) for t in ctx.non_differentiable}
    inputs = {id(a) for a in args if _is_tensor(a)}
    result, meta = [], []
    for i, o in enumerate(outputs):
        if not _is_tensor(o):
            result.append(o)
            meta.append((None, None))
            continue
        if id(o) in dirty:
            if o._grad_fn is None and o._requires_grad and recording:
                raise RuntimeError("a leaf Variable that requires grad has been used in an "
                                   "in-place operation.")
        elif id(o) in inputs or o._grad_fn is not None:
            o = _tensor.Tensor._make(o._data, o)   # an input returned as-is: a view of it
        if recording and id(outputs[i]) not in non_diff:
            o._attach(ctx, i)
        elif id(outputs[i]) in non_diff:
            o._requires_grad = False
        result.append(o)
        meta.append((o._data.shape, o._data.dtype))
    ctx._meta = tuple(meta)
    if recording:
        ctx._saved = [_save(ctx, t, outputs, result) for t in ctx.to_save]
        ctx.to_save = ()
        if anomaly_mode.state.enabled:
            ctx._trace = anomaly_mode.capture_stack()
    return tuple(result)


def _save(ctx, t, outputs, result):
    if t is None:
        return None
    for i, o in enumerate(outputs):
        if o is t:
            t, nr = result[i], i
            break
    else:
        nr = None
    hooks = _local.state.saved_hooks
    if hooks:
        pack, unpack = hooks[-1]
        return _PackedSaved(Packed(pack(t), unpack))
    if t._is_inference:
        from .graph import INFERENCE_SAVE
        raise RuntimeError(INFERENCE_SAVE)
    return _Saved(t, nr if t._grad_fn is ctx else None)


def _forward_tangents(cls, ctx, args, positions, outputs):
    """Forward-mode AD through a custom Function: its `jvp` gives the outputs' tangents."""
    tangents = []
    for i, a in enumerate(args):
        if i in positions:
            t = getattr(a, "_tangent", None)
            tangents.append(t if t is not None else a.detach() * 0)
        else:
            tangents.append(None)
    ctx._in_jvp = True
    try:
        with forward_ad.tangents_off():
            result = cls.jvp(ctx, *tangents)
    finally:
        ctx._in_jvp = False
    if not isinstance(result, tuple):
        result = (result,)
    for o, t in zip(outputs, result):
        if _is_tensor(o) and t is not None:
            forward_ad.set_tangent(o, t)
    for saved in ctx._saved or ():   # saved outputs are rebuilt in backward: with tangents
        if isinstance(saved, _Saved) and saved.output_nr is not None:
            forward_ad.set_tangent(saved, getattr(outputs[saved.output_nr], "_tangent", None))


class _DelayedError(Node):
    """The grad_fn given to results of a once_differentiable backward: differentiating
    them again raises."""
    __slots__ = ()

    def _apply(self, grads, create_graph):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")


def once_differentiable(fn):
    """Decorate a Function's backward that is not itself differentiable: it runs without
    recording, and a double backward through it raises."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            outputs = fn(ctx, *args)
        if not _local.state.grad_enabled:
            return outputs
        inputs = [a for a in args if _is_tensor(a) and a._requires_grad]
        if not inputs:
            return outputs
        single = not isinstance(outputs, tuple)
        wrapped = []
        for o in ((outputs,) if single else outputs):
            if _is_tensor(o):
                node = _DelayedError(tuple(a._edge() for a in inputs),
                                     ((o._data.shape, o._data.dtype),))
                o = _tensor.Tensor._make(o._data)
                o._attach(node)
            wrapped.append(o)
        return wrapped[0] if single else tuple(wrapped)
    return wrapper


class InplaceFunction(Function):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace


class NestedIOFunction(Function):
    """Kept for the name only: PyTorch deprecates it too."""
