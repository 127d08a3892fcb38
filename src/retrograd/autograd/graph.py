"""The backward graph: nodes, leaf accumulators, saved values and hooks.

A node is made for each recorded op. Its class is named as PyTorch names it
(`MulBackward0`) and is created once per op, not per call. A node knows the nodes that made
its inputs (`next_functions`), what its op saved for the backward pass, and the shape and
dtype of each of its outputs (the engine uses them to undo broadcasting and casts).

There are no reference cycles: a node holds its inputs' nodes and the tensors it saved,
never its own output tensor (it saves the output's array and rebuilds a tensor on demand,
as PyTorch's SavedVariable does), and a leaf holds its AccumulateGrad only weakly.
"""
import itertools
import re
from collections import namedtuple

from . import anomaly_mode as _anomaly
from ._thread_state import local as _local

__all__ = ["Node", "AccumulateGrad", "RemovableHandle", "VersionCounter", "saved_tensors_hooks",
           "save_on_cpu", "disable_saved_tensors_hooks", "register_multi_grad_hook",
           "increment_version", "GradientEdge", "get_gradient_edge"]

_sequence = itertools.count()

FREED = ("Trying to backward through the graph a second time (or directly access saved "
         "tensors after they have already been freed). Saved intermediate values of the graph "
         "are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if "
         "you need to backward through the graph a second time or if you need to access saved "
         "tensors after calling backward.")

INFERENCE_SAVE = ("Inference tensors cannot be saved for backward. Please do not use Tensors "
                  "created in inference mode in computation tracked by autograd. To work around "
                  "this, you can make a clone to get a normal tensor and use it in autograd, or "
                  "use `torch.no_grad()` instead of `torch.inference_mode()`.")

ANOMALY_HINT = ("Hint: enable anomaly detection to find the operation that failed to compute "
                "its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


class VersionCounter:
    """Counts in-place writes to a tensor's memory; shared by a tensor, its views and
    `detach()`ed aliases. `op` remembers the last in-place op, for error messages (in anomaly
    mode with the user's line that called it)."""
    # class-level defaults, no __init__: every tensor makes one, most are never written
    value = 0
    op = None

    def bump(self, op_name):
        self.value += 1
        self.op = op_name
        if _anomaly.state.enabled:
            self.op = f"{op_name} at {_anomaly.where(_anomaly.capture_stack())}"


class RemovableHandle:
    """What `register_hook` returns: `handle.remove()` takes the hook out again."""
    __slots__ = ("_hooks", "id")
    _ids = itertools.count()

    def __init__(self, hooks):
        self._hooks = hooks
        self.id = next(self._ids)

    def remove(self):
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _add_hook(hooks, fn):
    handle = RemovableHandle(hooks)
    hooks[handle.id] = fn
    return handle


def check_tensor_hook_result(hook, new, old):
    """A tensor hook may replace the gradient only by a tensor of the same size and type."""
    from .. import _dtype
    from .._tensor import Tensor
    if not isinstance(new, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    old = getattr(old, "_data", old)
    name = getattr(hook, "__name__", repr(hook))
    if new._data.shape != old.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    if new._data.dtype != old.dtype:
        was, got = (_dtype.from_numpy_dtype(d).legacy_name for d in (old.dtype, new._data.dtype))
        raise RuntimeError(f"hook '{name}' has changed the type of value (was torch.{was} got "
                           f"torch.{got})")


def check_node_hook_result(hook, new, expected):
    """A node hook's replacement gradients: one per gradient it was given."""
    if len(new) != expected:
        raise RuntimeError(f"hook '{getattr(hook, '__name__', repr(hook))}' has returned an "
                           f"incorrect number of values (got {len(new)}, but expected "
                           f"{expected})")


def short_name(node_name):
    """'AddBackward0' -> 'Add', 'PowBackward1' -> 'Pow1': as PyTorch's version-counter
    message names ops (an overload's number stays, unless it is the first)."""
    return re.sub(r"Backward(\d*)$", lambda m: "" if m.group(1) == "0" else m.group(1),
                  node_name)


# the nodes PyTorch implements in C++ outside its generated code say so in name()
CPP_NAMED = frozenset({"AccumulateGrad", "CopySlices", "CopyBackwards"})


class Node:
    """A step of the backward pass. Subclasses implement `_apply(grads, create_graph)`:
    gradients of the outputs in, gradients of the inputs out (one per next edge)."""
    # one node is made per recorded op: it sets three fields; hooks and the rest are
    # class-level defaults until something sets them
    __slots__ = ("_next", "_meta", "_seq", "__weakref__", "__dict__")
    _pre_hooks = _post_hooks = _tensor_hooks = _retains = None
    _hooked = False        # any of the four above set: the engine takes its general path
    _freed = False
    _trace = None          # forward traceback, in anomaly mode
    _metadata = None

    def __init__(self, next_functions, meta):
        self.next_functions = next_functions   # ((node or None, output_nr), ...)
        self._meta = meta                      # ((shape, numpy dtype), ...) per output
        self._seq = next(_sequence)

    # The edges are kept flat, `(node, output_nr, node, output_nr, ...)`: one tuple per
    # node instead of one plus one per edge. Python's cyclic garbage collector scans every
    # container object while a long graph grows, so each object saved per op is time saved.
    @property
    def next_functions(self):
        """`((node or None, output_nr), ...)`: where each input's gradient flows."""
        edges = iter(self._next)
        return tuple(zip(edges, edges))

    @next_functions.setter
    def next_functions(self, edges):
        self._next = tuple(itertools.chain.from_iterable(edges))

    def name(self):
        n = type(self).__name__
        return "torch::autograd::" + n if n in CPP_NAMED else n

    @property
    def metadata(self):
        """A dict for the user's notes about this node (made on first use)."""
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def __repr__(self):
        return f"<{type(self).__name__} object at {id(self):#x}>"

    # --- hooks -------------------------------------------------------------------------
    def register_hook(self, fn):
        """`fn(grad_inputs, grad_outputs)` runs after this node; it may return new grad_inputs."""
        if self._post_hooks is None:
            self._post_hooks = {}
        self._hooked = True
        return _add_hook(self._post_hooks, fn)

    def register_prehook(self, fn):
        """`fn(grad_outputs)` runs before this node; it may return new grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = {}
        self._hooked = True
        return _add_hook(self._pre_hooks, fn)

    def _register_tensor_hook(self, output_nr, fn):
        if self._tensor_hooks is None:
            self._tensor_hooks = {}
        self._hooked = True
        return _add_hook(self._tensor_hooks.setdefault(output_nr, {}), fn)

    def _release(self):
        """Free what was saved for backward (called after a backward without retain_graph)."""

    def _apply(self, grads, create_graph):
        raise NotImplementedError


class AccumulateGrad(Node):
    """The graph's sink for a leaf tensor: adds the arriving gradient into `leaf.grad`."""
    __module__ = "builtins"   # it prints as PyTorch's: <class 'AccumulateGrad'>
    __slots__ = ("variable", "_post_acc_hooks")
    _hooked = True   # its tensor's hooks live on the tensor: always the engine's general path

    def __init__(self, variable):
        Node.__init__(self, (), ((variable._data.shape, variable._data.dtype),))
        self._seq = float("inf")  # PyTorch runs accumulators as soon as they are ready
        self.variable = variable
        self._post_acc_hooks = None

    def _apply(self, grads, create_graph):
        accumulate_into(self.variable, grads[0], create_graph)
        if self._post_acc_hooks:
            for hook in tuple(self._post_acc_hooks.values()):
                hook(self.variable)
        return ()


# --- gradient edges -----------------------------------------------------------------------
GradientEdge = namedtuple("GradientEdge", ["node", "output_nr"])
GradientEdge.__doc__ = "Where a gradient flows in the graph: a node and which of its outputs."


def get_gradient_edge(tensor):
    """The edge `tensor`'s gradient flows into: its grad_fn (or accumulator) and output_nr.
    `autograd.grad` accepts it among `inputs`, to take a gradient at that point of the graph
    even after the tensor itself is gone."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does "
                           "not require gradients")
    return GradientEdge(*tensor._edge())


# --- saved tensors hooks: this thread's (pack, unpack) pairs, ops use the innermost ------


class Packed:
    """What a node keeps for a tensor saved under saved_tensors_hooks: the pack hook's
    result, and the unpack hook that turns it back into a tensor in backward."""
    __slots__ = ("value", "unpack_hook")

    def __init__(self, value, unpack_hook):
        self.value = value
        self.unpack_hook = unpack_hook

    def unpack(self):
        from .._tensor import Tensor
        t = self.unpack_hook(self.value)
        if not isinstance(t, Tensor):
            raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got "
                            f"result of type {type(t).__name__}")
        return t


class saved_tensors_hooks:
    """Inside this context every tensor an op saves for backward goes through
    `pack_hook(tensor)`; backward gets it back through `unpack_hook(packed)`."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        _local.state.saved_hooks.append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc):
        _local.state.saved_hooks.pop()
        return False


class save_on_cpu(saved_tensors_hooks):
    """Keep saved tensors in CPU memory until backward. Every retrograd tensor already lives
    there, so packing keeps the tensor and its device, and unpacking gives it back."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(lambda t: (t.device, t), lambda packed: packed[1])


class disable_saved_tensors_hooks:
    """Raise `RuntimeError(error_message)` if saved_tensors_hooks are used inside."""

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        message = self.error_message

        def refuse(*args):
            raise RuntimeError(message)
        _local.state.saved_hooks.append((refuse, refuse))
        return self

    def __exit__(self, *exc):
        _local.state.saved_hooks.pop()
        return False


def increment_version(tensor):
    """Count an in-place change made behind autograd's back (e.g. through `.data`)."""
    for t in (tensor if isinstance(tensor, (tuple, list)) else (tensor,)):
        t._written("increment_version")


# --- hooks over several tensors -----------------------------------------------------------
class _MultiHandle:
    __slots__ = ("handles",)

    def __init__(self, handles):
        self.handles = handles

    def remove(self):
        for h in self.handles:
            h.remove()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """mode="all": `fn(grads)` once per backward, after the gradients of all `tensors` that
    this backward computes are ready (None for the others). mode="any": `fn(grad)` with the
    first gradient computed among `tensors`, once per backward."""
    from . import engine
    if mode not in ("all", "any"):
        raise ValueError(f"Expects mode to be one of ('all', 'any') but got {mode}")
    tensors = tuple(tensors)
    state = {"task": None, "grads": None, "left": 0}

    def start(task):
        # a new backward pass: count how many of the tensors it will reach
        state["task"], state["grads"] = task.id, [None] * len(tensors)
        state["left"] = sum(1 for t in tensors if task.will_execute(_node_of(t)))

    def make_hook(i):
        def hook(grad):
            task = engine.current_task()
            if state["task"] != task.id:
                start(task)
            if mode == "any":
                if state["left"]:
                    state["left"] = 0
                    fn(grad)
                return None
            state["grads"][i] = grad
            state["left"] -= 1
            if state["left"] == 0:
                grads, state["grads"] = state["grads"], None
                fn(grads)
            return None
        return hook

    return _MultiHandle([t.register_hook(make_hook(i)) for i, t in enumerate(tensors)
                         if t.requires_grad])


def _node_of(t):
    return t._edge()[0]


def accumulate_into(variable, g, create_graph):
    """Set by the engine module (which imports this one): AccumulateGrad's arithmetic."""
    raise RuntimeError("retrograd.autograd.engine was not imported")
