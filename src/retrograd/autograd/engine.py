"""The backward pass.

Like PyTorch's engine: first walk the graph from the roots to count, for every node, how
many edges lead into it; then run nodes from a ready queue (latest-created first, leaf
accumulators as soon as they are ready), adding the gradients that arrive for each node
into its buffer, and run a node once every edge into it has delivered. Nothing recurses,
so a chain of a million ops backwards fine.

Gradients are arrays during a plain backward and tensors under `create_graph=True` (then
every derivative is itself recorded). The engine alone undoes broadcasting and casts a
gradient back to its input's dtype, so op derivatives never do.
"""
import heapq
import itertools
import math
import sys
import threading

import numpy as np

from .. import _dtype
from .._backend import as_array, sum_to
from . import anomaly_mode as _anomaly
from . import forward_ad, graph
from ._thread_state import local as _local
from .graph import (AccumulateGrad, GradientEdge, check_node_hook_result,
                    check_tensor_hook_result)

Tensor = None  # set by _tensor
_accumulate_lock = threading.Lock()   # threads adding into one shared leaf's .grad lose nothing


def current_task():
    """The GraphTask of the backward pass running in this thread (None outside one)."""
    return _local.state.task


class GraphTask:
    """A running backward pass: what hooks see of it (`will_execute`), and its bookkeeping:
    how many edges into each node have yet to deliver (`deps`), the gradients summed so far
    for each node (`buffers`), and the nodes ready to run (`ready`, a heap)."""
    __slots__ = ("id", "roots", "deps", "needed", "buffers", "ready", "create_graph")
    _ids = itertools.count()

    def __init__(self, roots, deps, needed, create_graph):
        self.id = next(self._ids)
        self.roots = roots      # the nodes it starts from
        self.deps = deps        # every other node it reaches (with its count of edges in)
        self.needed = needed    # with `inputs`: the nodes from which one can be reached
        self.buffers = {}       # node -> [gradient of each of its outputs]
        self.ready = []         # (-sequence number, tie, node): latest created first
        self.create_graph = create_graph

    def will_execute(self, node):
        reached = node in self.roots or node in self.deps
        return reached and (self.needed is None or node in self.needed)

def _shape_str(shape):
    return f"torch.Size([{', '.join(map(str, shape))}])"


def root_edges_and_grads(outputs, grad_outputs, create_graph):
    """Graph edges of the outputs and the gradients to start from (ones for scalars),
    checked in PyTorch's order: each output with its gradient (extra gradients are ignored,
    as a zip drops them), then the counts, then that every output is in a graph."""
    grads = []
    for i, (t, g) in enumerate(zip(outputs, grad_outputs)):
        edge_start = isinstance(t, GradientEdge)    # a gradient that starts at a graph edge
        shape, dtype = t.node._meta[t.output_nr] if edge_start else (t._data.shape,
                                                                      t._data.dtype)
        if g is None:
            if (edge_start or t.requires_grad) and math.prod(shape) != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if create_graph:
                grads.append(Tensor._make(np.ones(shape, dtype)))
            else:   # a plain backward of a 0-dim output starts from a NumPy scalar (see _apply)
                grads.append(dtype.type(1) if not shape else np.ones(shape, dtype))
            continue
        elif not isinstance(g, Tensor):
            g = Tensor._make(as_array(g))
        if g._data.shape != shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                               f"{_shape_str(g._data.shape)} and output[{i}] has a shape of "
                               f"{_shape_str(shape)}.")
        grads.append(g if create_graph else g._data)
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    edges = []
    for i, t in enumerate(outputs):
        edge = (t.node, t.output_nr) if isinstance(t, GradientEdge) else t._edge()
        if edge is None:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")
        edges.append(edge)
    return edges, grads


def _walk(root_nodes, targets=None):
    """Count the edges into every node reachable from the roots. Given `targets`, also
    find the nodes from which some target can be reached: only these must run."""
    deps = {}
    if targets is None:
        stack = list(root_nodes)
        while stack:
            for child in stack.pop()._next[::2]:
                if child is not None:
                    if child in deps:
                        deps[child] += 1
                    else:
                        deps[child] = 1
                        stack.append(child)
        return deps, None
    # depth first; a node is finished after all its children (the graph has no cycles),
    # so whether it reaches a target is known from theirs
    needed = set()
    seen = set()
    stack = [(n, False) for n in root_nodes]
    while stack:
        node, finished = stack.pop()
        if finished:
            if node in targets:
                needed.add(node)
            else:
                for child in node._next[::2]:
                    if child in needed:
                        needed.add(node)
                        break
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for child in node._next[::2]:
            if child is not None:
                deps[child] = deps.get(child, 0) + 1
                if child not in seen:
                    stack.append((child, False))
    return deps, needed


def run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=None,
                 accumulate=True, allow_unused=False):
    """Backpropagate from `outputs`. With `accumulate`, gradients land in leaves' `.grad`
    (only the `inputs`' if given); otherwise the gradients of `inputs` are returned."""
    record_graph = create_graph
    if forward_ad.state.active:   # derivatives run on (dual) tensors so tangents flow through
        create_graph = True
    edges, grads = root_edges_and_grads(outputs, grad_outputs, create_graph)
    if not accumulate:   # autograd.grad: checked after the outputs, as in PyTorch
        for t in inputs:
            if not isinstance(t, GradientEdge) and not t._requires_grad:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
    captures = _captures(inputs)
    roots = {node for node, _ in edges}
    deps, needed = _walk(roots, None if captures is None else {n for n, _ in captures})
    task = GraphTask(roots, deps, needed, create_graph)
    for (node, nr), g in zip(edges, grads):
        _add_to_buffer(task.buffers, node, nr, g, create_graph)
    tie = itertools.count()   # equal priority (leaf accumulators): first come, first run
    for node in roots:
        if deps.get(node, 0) == 0:
            heapq.heappush(task.ready, (-node._seq, next(tie), node))

    st = _local.state
    tracer = st.tracer
    if tracer is not None:
        tracer.backward_begin(outputs, edges, grads, record_graph)
    prev_task, st.task = st.task, task
    prev_mode, st.grad_enabled = st.grad_enabled, record_graph
    quiet = np.errstate(all="ignore")   # inf/nan gradients are values, never NumPy warnings
    quiet.__enter__()
    captured = [None] * (len(inputs) if inputs is not None else 0)
    plain = captures is None and tracer is None and not _anomaly.state.enabled

    def run_general(node, grads):
        return _run_general(node, grads, task, captures, captured, tracer, accumulate)
    try:
        _execute(task, tie, retain_graph, plain, run_general)
    finally:
        st.grad_enabled = prev_mode
        quiet.__exit__(None, None, None)
        st.task = prev_task
        if tracer is not None:
            tracer.backward_end()

    if accumulate:
        if captures is not None:   # backward(inputs=[non-leaf]) fills their .grad
            for t, g in zip(inputs, captured):
                if t._grad_fn is not None and g is not None:
                    _retain(t, g, create_graph)
        return None
    results = []
    for i, (t, g) in enumerate(zip(inputs, captured)):
        if g is None and not allow_unused:
            raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have "
                               "been used in the graph. Set allow_unused=True if this is the "
                               "desired behavior.")
        results.append(None if g is None else g if create_graph else _tensor(g))
    return results


def _captures(inputs):
    """(node, output_nr) -> the positions in `inputs` whose gradient arrives there; None
    when no inputs are given."""
    if inputs is None:
        return None
    captures = {}
    for i, t in enumerate(inputs):
        if isinstance(t, GradientEdge):   # grad with respect to a graph edge itself
            key = (t.node, t.output_nr)
        else:
            key = t._edge() or (t._accumulator(), 0)
        captures.setdefault(key, []).append(i)
    return captures


def _execute(task, tie, retain_graph, plain, run_general):
    """The main loop: run the latest-created ready node on the gradients summed for it,
    send what it returns down its edges, until no node is ready. In a `plain` pass (nothing
    to capture, trace or check) a node without hooks runs straight through `_apply`."""
    buffers, ready, create_graph = task.buffers, task.ready, task.create_graph
    node = heapq.heappop(ready)[2] if ready else None
    while node is not None:
        grads = buffers.pop(node, None)
        if grads is None:
            out = ()
        elif plain and not node._hooked:
            out = node._apply(grads, create_graph)
        else:
            out = run_general(node, grads)
        grads = None   # no longer held here: an array only the buffers hold is summed in place
        following = _deliver(task, node, out, tie) if node._next else None
        if not retain_graph:
            node._release()
        node = following if following is not None else \
            heapq.heappop(ready)[2] if ready else None


def _run_general(node, grads, task, captures, captured, tracer, accumulate):
    """A node with hooks, a leaf's accumulator, or any node of a pass that captures the
    gradients of `inputs`, is traced by explain or checks for anomalies."""
    create_graph, needed = task.create_graph, task.needed
    is_acc = type(node) is AccumulateGrad
    if node._tensor_hooks or node._retains or (is_acc and node.variable._hooks):
        grads = _run_tensor_hooks(node, grads, create_graph)
    if captures is not None:
        for nr, g in enumerate(grads):
            for i in captures.get((node, nr), ()):
                captured[i] = g
    runs = needed is None or node in needed
    if is_acc and (not accumulate or captures is not None and (node, 0) not in captures):
        runs = False
    if not runs or (grads[0] is None if len(grads) == 1 else
                    all(g is None for g in grads)):
        return ()
    if node._pre_hooks or node._post_hooks or _anomaly.state.enabled:
        out = _call(node, grads, create_graph)
    else:
        out = node._apply(grads, create_graph)
    if tracer is not None:
        tracer.backward_step(node, grads, out)
    return out


def _deliver(task, done, out, tie):
    """Add the gradients `done` returned (`out`, one per edge) into the buffers of the
    nodes its edges lead to; return a node this made ready, to run next, unless a
    later-created node is ready too (then both wait in the heap)."""
    buffers, deps, needed, ready = task.buffers, task.deps, task.needed, task.ready
    create_graph = task.create_graph
    n_out = len(out)
    following = None
    k = 0   # which edge: the index into `out`
    edges = iter(done._next)
    for child, nr in zip(edges, edges):
        if child is None:
            k += 1
            continue
        if k < n_out:
            g = out[k]
            if g is not None and (needed is None or child in needed):
                shape, dtype = child._meta[nr]
                if create_graph or g.shape != shape or (
                        g.dtype is not dtype and g.dtype != dtype):
                    g = _match(g, shape, dtype, create_graph, done, k)
                buf = buffers.get(child)
                if buf is None:
                    buf = buffers[child] = [None] * len(child._meta)
                buf[nr] = g if buf[nr] is None else _added(buf[nr], g)
        k += 1
        left = deps[child] - 1
        deps[child] = left
        if left == 0:
            if following is not None:
                heapq.heappush(ready, (-following._seq, next(tie), following))
            following = child
    if following is not None and ready and ready[0][0] <= -following._seq:
        heapq.heappush(ready, (-following._seq, next(tie), following))
        following = None
    return following


def _call(node, grads, create_graph):
    if node._pre_hooks:
        for hook in tuple(node._pre_hooks.values()):
            new = hook(_as_tensors(grads, create_graph))
            if new is not None:
                check_node_hook_result(hook, new, len(grads))
                grads = _as_values(new, create_graph)
    anomaly = _anomaly.state.enabled
    if anomaly:   # nodes recorded while this one runs were induced by it
        st = _local.state
        parent, st.anomaly_node = st.anomaly_node, node
    try:
        out = node._apply(grads, create_graph)
    except Exception:
        if anomaly:
            _anomaly.report_failed_node(node)
        raise
    finally:
        if anomaly:
            st.anomaly_node = parent
    if node._post_hooks:
        # as PyTorch, post hooks see the gradients already matched to their inputs
        out = list(out)
        for i, (child, nr) in enumerate(node.next_functions[:len(out)]):
            if child is not None and out[i] is not None:
                out[i] = _match(out[i], *child._meta[nr], create_graph, node, i)
        for hook in tuple(node._post_hooks.values()):
            new = hook(_as_tensors(out, create_graph), _as_tensors(grads, create_graph))
            if new is not None:
                check_node_hook_result(hook, new, len(out))
                out = _as_values(new, create_graph)
    if _anomaly.state.enabled and _anomaly.state.check_nan:
        _anomaly.check_nan(node, out)
    return out


def _run_tensor_hooks(node, grads, create_graph):
    """Hooks registered on the tensors this node produced (or on the leaf), then
    retain_grad, in PyTorch's order."""
    if type(node) is AccumulateGrad:
        hooks = node.variable._hooks
        if hooks:
            g = grads[0]
            for hook in tuple(hooks.values()):
                new = hook(_wrap(g, create_graph))
                if new is not None:
                    check_tensor_hook_result(hook, new, g)
                    g = new if create_graph else new._data
            grads = [g]
        return grads
    if node._tensor_hooks:
        grads = list(grads)
        for nr, hooks in node._tensor_hooks.items():
            g = grads[nr]
            if g is None:
                continue
            for hook in tuple(hooks.values()):
                new = hook(_wrap(g, create_graph))
                if new is not None:
                    check_tensor_hook_result(hook, new, g)
                    g = new if create_graph else new._data
            grads[nr] = g
    if node._retains:
        for nr, ref in node._retains.items():
            t = ref()
            if t is not None and grads[nr] is not None:
                _retain(t, grads[nr], create_graph)
    return grads


def _retain(t, g, create_graph):
    if t._grad is None:
        t._grad = g.clone() if create_graph else Tensor._make(np.array(g))
    elif create_graph:
        t._grad = t._grad + g
    else:
        t._grad = _tensor(t._grad._data + g)


def _wrap(g, create_graph):
    return g if create_graph else _tensor(g)


def _as_tensors(grads, create_graph):
    return tuple(g if create_graph or g is None else _tensor(g) for g in grads)


def _tensor(g):
    """A gradient array as a tensor (NumPy gives scalars for 0-dim results: a tensor needs
    an array it can be written through)."""
    return Tensor._make(as_array(g))


def _as_values(grads, create_graph):
    return [g if create_graph or g is None else g._data for g in grads]


def _add_to_buffer(buffers, node, nr, g, create_graph):
    """Add one arriving gradient to a node's buffer."""
    shape, dtype = node._meta[nr]
    g = _match(g, shape, dtype, create_graph)
    buf = buffers.get(node)
    if buf is None:
        buf = buffers[node] = [None] * len(node._meta)
    buf[nr] = g if buf[nr] is None else _added(buf[nr], g)


# --- gradients only the engine holds ------------------------------------------------------
# A gradient array that nothing but the engine references can be added into in place and
# handed to a leaf's `.grad` without a copy: no one else can see it change. PyTorch's engine
# decides the same from a tensor's use count; here it is the array's reference count.
def _refs(a):
    return sys.getrefcount(a)


_OWN_REFS = _refs(np.empty(0))   # the references a call of _sole makes itself


def _sole(a, holders):
    """Whether array `a` is referenced only by the `holders` references its callers account
    for. Views (their base may be shared), read-only arrays and NumPy scalars never are."""
    return (_sole_checked and type(a) is np.ndarray and a.base is None and
            a.flags.writeable and sys.getrefcount(a) - _OWN_REFS <= holders)


def _added(prev, g):
    """`prev + g` for two gradients of one tensor: into `prev` when only the engine's buffer
    holds it (the buffer and this argument)."""
    if _sole(prev, 2):
        np.add(prev, g, out=prev)
        return prev
    return prev + g


def _sole_works():
    """Check, on this interpreter, that _added writes in place exactly when it may."""
    buf = [np.zeros(2)]
    result = _added(buf[0], np.ones(2))
    alone = result is buf[0]
    held = np.zeros(2)
    buf = [held]
    result = _added(buf[0], np.ones(2))
    return alone and result is not held and held[0] == 0


_sole_checked = True            # on while the probe below runs
_sole_checked = _sole_works()   # an interpreter that counts otherwise gets plain copies


def _match(g, shape, dtype, create_graph, producer=None, index=0):
    """A gradient matched to the shape and dtype of the tensor it is the gradient of
    (undoing broadcasting, casting back)."""
    if create_graph:
        if g._data.shape != shape:
            g = _check_and_sum_to_tensor(g, shape, producer, index)
        if g._data.dtype != dtype:
            g = g.to(_dtype.from_numpy_dtype(dtype))
    else:
        if g.shape != shape:
            _check_broadcastable(g.shape, shape, producer, index)
            g = sum_to(g, shape)
        if g.dtype != dtype:
            g = g.astype(dtype)
    return g


def _check_broadcastable(got, want, producer, index):
    ok = len(got) >= len(want) and all(
        w == gd or w == 1 for w, gd in zip(want[::-1], got[::-1]))
    if not ok:
        name = producer.name() if producer is not None else "backward"
        raise RuntimeError(f"Function {name} returned an invalid gradient at index {index} - "
                           f"got [{', '.join(map(str, got))}] but expected shape compatible "
                           f"with [{', '.join(map(str, want))}]")


def _check_and_sum_to_tensor(g, shape, producer, index):
    _check_broadcastable(g._data.shape, shape, producer, index)
    from ..ops import sum_to_tensor
    return sum_to_tensor(g, shape)


def accumulate_into(variable, g, create_graph):
    """AccumulateGrad's work: `leaf.grad = g` the first time, `leaf.grad += g` after (one
    thread at a time: backward passes in several threads may share a leaf)."""
    with _accumulate_lock:
        grad = variable._grad
        if create_graph:
            # PyTorch copies into a fresh tensor: the gradient's grad_fn is CopyBackwards
            variable._grad = Tensor._make(g._data.copy()).copy_(g) if grad is None else \
                grad + g
        elif grad is None:
            # the engine's own array is taken over; one held elsewhere is copied
            # (the holders: the node's list of gradients and this argument)
            variable._grad = Tensor._make(g if _sole(g, 2) else np.array(g))
        else:
            data = grad._data
            if data.shape == g.shape and data.flags.writeable:
                data += g
                grad._written("AccumulateGrad")
            else:
                variable._grad = _tensor(data + g)


graph.accumulate_into = accumulate_into   # AccumulateGrad calls it (graph can't import us)
