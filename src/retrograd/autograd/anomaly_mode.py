"""Anomaly mode: remember where each node was made, and stop at NaN gradients.

The mode is process-wide, as in PyTorch; which node's backward is running (the parent of
the nodes it records) is the running thread's (`_thread_state`)."""
import os
import traceback
import warnings

from ._thread_state import local as _local

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled",
           "is_anomaly_check_nan_enabled"]


class _State:
    __slots__ = ("enabled", "check_nan")

    def __init__(self):
        self.enabled = False
        self.check_nan = True


state = _State()

_WARNING = ("Anomaly Detection has been enabled. This mode will increase the runtime and "
            "should only be enabled for debugging.")


def is_anomaly_enabled():
    return state.enabled


def is_anomaly_check_nan_enabled():
    return state.check_nan


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _user_frames():
    """The current stack without retrograd's own frames (the user's code is what matters)."""
    return [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith(_PACKAGE)]


class Trace(list):
    """A node's forward stack (user frames), and the node whose backward recorded it."""
    __slots__ = ("parent",)


def capture_stack():
    """The forward call's stack, shown if this node's backward fails."""
    trace = Trace(_user_frames())
    trace.parent = _local.state.anomaly_node
    return trace


def where(frames):
    """'file:line' of the innermost of `frames` (a stack from `capture_stack`)."""
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "an unknown place"


def report_failed_node(node):
    """In anomaly mode a failing backward node shows where its forward op was called, then
    the chain of nodes whose backward recorded it (for higher-order gradients)."""
    trace = node._trace
    if trace:
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused "
                      "the error:\n" + "".join(traceback.format_list(trace)), UserWarning,
                      stacklevel=2)
    while trace and trace.parent is not None:
        node, trace = trace.parent, trace.parent._trace
        if trace:
            warnings.warn("\n\nPrevious calculation was induced by " + node.name() + ". "
                          "Traceback of forward call that induced the previous calculation:\n"
                          + "".join(traceback.format_list(trace)), UserWarning, stacklevel=2)


def check_nan(node, grads):
    from .._backend import xp
    for i, g in enumerate(grads):
        if g is None:
            continue
        data = getattr(g, "_data", g)
        if data.dtype.kind == "f" and xp.isnan(data).any():
            report_failed_node(node)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th "
                               "output.")


class detect_anomaly:
    """Context manager (and decorator) that turns anomaly detection on."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        warnings.warn(_WARNING, UserWarning, stacklevel=2)

    def __enter__(self):
        self._prev = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = True, self.check_nan

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self._prev
        return False

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return fn(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """Sets anomaly detection now; restores the previous setting when used as a context."""

    def __init__(self, mode, check_nan=True):
        self._prev = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = bool(mode), check_nan

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self._prev
        return False
