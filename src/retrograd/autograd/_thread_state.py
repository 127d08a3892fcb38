"""The autograd state that PyTorch keeps per thread, in one object per thread.

A thread starts with grad mode on, no inference mode, no saved-tensor hooks, no explain
trace and no backward running, whatever another thread has set: two threads can train two
models, one of them under `no_grad`, without seeing each other's modes.

Anomaly mode and the forward-AD level are process-wide in PyTorch, and so they are here
(`anomaly_mode.state`, `forward_ad.state`); what a backward pass or a JVP rule does while it
runs (the node whose backward is running, tangents switched off for a rule's own ops) is
this thread's.

Hot paths read it as `_thread_state.local.state.<field>`: one thread-local lookup, then
slot reads. Two modes are rare and checked where a tensor is made or read (inference mode
in `Tensor._make`, the explain trace in `bool(t)`): there a process-wide count of the
threads using them comes first, so the common case reads no thread-local state at all.
"""
import threading

__all__ = ["ThreadState", "current"]

inference_users = 0   # inference_mode(True) blocks open now, in all threads
tracing_users = 0     # explain.trace() blocks open now, in all threads
_count_lock = threading.Lock()


def count_users(name, delta):
    """Change one of the counts above (`name` is "inference_users" or "tracing_users")."""
    with _count_lock:
        globals()[name] += delta


class ThreadState:
    __slots__ = ("grad_enabled", "inference", "saved_hooks", "tracer", "task",
                 "anomaly_node", "forward_off")

    def __init__(self):
        self.grad_enabled = True   # ops record a graph (no_grad, enable_grad, set_grad_enabled)
        self.inference = False     # inference_mode: new tensors are inference tensors
        self.saved_hooks = []      # saved_tensors_hooks' (pack, unpack) pairs, innermost last
        self.tracer = None         # the active explain.trace() of this thread
        self.task = None           # the GraphTask of the backward pass running in this thread
        self.anomaly_node = None   # the node whose backward is running (it induces new nodes)
        self.forward_off = 0       # > 0 while a JVP rule runs its own ops (no tangents for them)


class _Local(threading.local):
    def __init__(self):   # runs once in every thread that looks
        self.state = ThreadState()


local = _Local()


def current():
    """This thread's autograd state."""
    return local.state
