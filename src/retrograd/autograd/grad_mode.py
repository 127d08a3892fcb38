"""Grad modes: whether ops record a graph (`no_grad`, `enable_grad`, `set_grad_enabled`).

The flag is this thread's (`_thread_state`), read on every op: a context manager flips it
and restores it on exit; used as a decorator, each call runs inside the context.
"""
import functools

from . import _thread_state
from ._thread_state import local as _local

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled"]


def is_grad_enabled():
    return _local.state.grad_enabled


class _GradModeContext:
    """Base of the grad-mode context managers; usable as decorators too."""
    _mode = True

    def __enter__(self):
        st = _local.state
        self._prev = st.grad_enabled
        st.grad_enabled = self._mode

    def __exit__(self, *exc):
        _local.state.grad_enabled = self._prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()


class _BareDecorator(_GradModeContext):
    """`@no_grad` without parentheses decorates as `@no_grad()` does, as in PyTorch."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_BareDecorator):
    """Ops inside record no graph; results have `requires_grad=False`."""
    _mode = False


class enable_grad(_BareDecorator):
    """Re-enables recording inside a `no_grad` block."""
    _mode = True


class set_grad_enabled(_GradModeContext):
    """Sets the mode at once (a function call) and restores it when used as a context."""

    def __init__(self, mode):
        st = _local.state
        self._prev = st.grad_enabled
        self._mode = bool(mode)
        st.grad_enabled = self._mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _local.state.grad_enabled = self._prev
        return False

    def __call__(self, fn):
        _local.state.grad_enabled = self._prev  # as a decorator it must not change the mode now
        mode = self._mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return set_grad_enabled(self._mode)


def is_inference_mode_enabled():
    return _local.state.inference


class inference_mode(_GradModeContext):
    """Like `no_grad`, and tensors made inside are inference tensors: they can never be
    saved for backward, and may be changed in place only inside inference mode.
    `inference_mode(False)` turns it off inside an enclosing inference_mode block."""

    def __new__(cls, mode=True):
        if callable(mode):    # `@inference_mode` without parentheses
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        st = _local.state
        self._prev = (st.grad_enabled, st.inference)
        # as in PyTorch, inference_mode(False) turns grad mode on
        st.grad_enabled, st.inference = not self.mode, bool(self.mode)
        if self.mode:
            _thread_state.count_users("inference_users", 1)

    def __exit__(self, *exc):
        _local.state.grad_enabled, _local.state.inference = self._prev
        if self.mode:
            _thread_state.count_users("inference_users", -1)
        return False

    def __call__(self, fn):
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return inference_mode(self.mode)
