"""Forward-mode automatic differentiation: dual tensors carry a tangent through every op.

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        y = f(x)
        jvp = forward_ad.unpack_dual(y).tangent     # J_f(primal) @ tangent

While a dual level is open, every op computes its output's tangent from its inputs'
tangents (`propagate`, with the rules of `ops/jvp.py`); outside one the ops pay a single flag
check. A tensor's tangent lives in its `_tangent` slot; leaving the level removes them all.
As in PyTorch, only one level can be open at a time, and it is the process's: ops in every
thread see it. While a JVP rule runs its own ops, this thread's tangents are off
(`_thread_state`'s `forward_off`), so the rule's ops do not propagate tangents again.
"""
import contextlib
import weakref
from collections import namedtuple

from ._thread_state import local as _local

__all__ = ["dual_level", "make_dual", "unpack_dual", "enter_dual_level", "exit_dual_level",
           "UnpackedDualTensor"]


class _State:
    __slots__ = ("active", "level", "holders")

    def __init__(self):
        self.active = False    # read by every op: is a dual level open? (see `enabled`)
        self.level = -1
        self.holders = []      # weak references to what got a tangent in this level


state = _State()

def enabled():
    """Whether ops in this thread propagate tangents now."""
    return state.active and not _local.state.forward_off


@contextlib.contextmanager
def tangents_off():
    """This thread's ops propagate no tangents inside (a JVP rule's own ops, a view that
    must not pick up its input's tangent)."""
    st = _local.state
    st.forward_off += 1
    try:
        yield
    finally:
        st.forward_off -= 1


UnpackedDualTensor = namedtuple("UnpackedDualTensor", ["primal", "tangent"])


def enter_dual_level():
    if state.active:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    state.active = True
    state.level += 1
    return state.level


def exit_dual_level(*, level=None):
    if level is not None and level != state.level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that "
                           "was created. This is not supported.")
    for ref in state.holders:
        holder = ref()
        if holder is not None:
            _drop_tangent(holder)
    state.holders = []
    state.active = False


def _drop_tangent(holder):
    if hasattr(holder, "_saved"):     # a node that kept its output's tangent
        if holder._saved is not None:
            holder._saved.pop("out_tangent", None)
    elif getattr(holder, "_tangent", None) is not None:
        del holder._tangent


class dual_level:
    """Context manager: a forward AD level; every tangent made inside is gone on exit."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False


def set_tangent(t, tangent):
    t._tangent = tangent
    state.holders.append(weakref.ref(t))


def make_dual(tensor, tangent, *, level=None):
    """A view of `tensor` whose tangent is `tangent`."""
    from .. import ops
    if not state.active:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, "
                           "make sure to enter_dual_level() first.")
    if not tensor.dtype.is_floating_point:
        raise ValueError("Expected primal to be floating point or complex, but got: "
                         f"{tensor.dtype}")
    if not tangent.dtype.is_floating_point:
        raise ValueError("Expected tangent to be floating point or complex, but got: "
                         f"{tangent.dtype}")
    if tangent.shape != tensor.shape:
        raise RuntimeError("Trying to set a forward gradient that has a different size than "
                           "that of the original Tensor, this is not supported. Tensor is of "
                           f"size {_sizes(tensor.shape)} while the given forward gradient is of "
                           f"size {_sizes(tangent.shape)}.")
    with tangents_off():     # the view itself must not pick up a tangent from `tensor`
        dual = ops.view_as(tensor, tensor)
    set_tangent(dual, tangent if tangent.dtype is tensor.dtype else tangent.to(tensor.dtype))
    return dual


def _sizes(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def unpack_dual(tensor, *, level=None):
    """(primal, tangent): the primal is a view of `tensor` without a tangent; the tangent is
    None when `tensor` has none."""
    from ..ops.jvp import identity
    tangent = getattr(tensor, "_tangent", None) if enabled() else None
    with tangents_off():
        primal = identity(tensor)
    return UnpackedDualTensor(primal, tangent)


def propagate(op, args, attrs, out):
    """Give `out` (the result of `op` on `args`) its tangent, if an input has one."""
    from .._tensor import Tensor
    if _local.state.forward_off:
        return
    tangents = [getattr(a, "_tangent", None) if isinstance(a, Tensor) else None for a in args]
    if op.node_class is None or all(t is None for t in tangents):
        return
    if not out.dtype.is_floating_point:
        return
    from ..ops import jvp
    with tangents_off():     # the rule's own ops must not propagate tangents again
        tangent = jvp.tangent(op, args, tangents, attrs, out)
    set_tangent(out, tangent)
    node = out._grad_fn
    if node is not None and getattr(type(node), "op", None) is op and "out" in node._saved:
        node._saved["out_tangent"] = tangent   # for forward-over-reverse through `out`
        state.holders.append(weakref.ref(node))


def propagate_inplace(op, args, attrs, t):
    """`t` was overwritten in place by `op`: its new tangent, and, when t is a view, the
    matching region of its base's tangent (they share memory, so their tangents do too)."""
    propagate(op, args, attrs, t)
    tangent = getattr(t, "_tangent", None)
    base = t._base
    if tangent is None or base is None:
        return
    from .._tensor import Tensor
    from ..ops.shape import _geometry, _view_in
    base_tangent = getattr(base, "_tangent", None)
    data = base._data * 0 if base_tangent is None else base_tangent._data.copy()
    _view_in(data, _geometry(t._data, base._data))[...] = tangent._data
    set_tangent(base, Tensor._make(data))


def before_inplace(t):
    """A copy of `t` before an in-place op overwrites it, with t's tangent (for its JVP)."""
    from .._tensor import Tensor
    tangent = getattr(t, "_tangent", None)
    old = Tensor._make(t._data.copy())
    old._requires_grad, old._grad_fn, old._output_nr = t._requires_grad, t._grad_fn, t._output_nr
    if tangent is not None:
        old._tangent = tangent
    return old
