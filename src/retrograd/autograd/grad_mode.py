"""Grad modes: whether ops record a graph (`no_grad`, `enable_grad`, `set_grad_enabled`).

One module-level flag, read on every op: a context manager flips it and restores it on
exit; used as a decorator, each call runs inside the context.
"""
import functools

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled"]


class _State:
    __slots__ = ("enabled",)

    def __init__(self):
        self.enabled = True


state = _State()
state_inference = _State()   # inference mode: grad off and new tensors are inference tensors
state_inference.enabled = False


def is_grad_enabled():
    return state.enabled


class _GradModeContext:
    """Base of the grad-mode context managers; usable as decorators too."""
    _mode = True

    def __enter__(self):
        self._prev = state.enabled
        state.enabled = self._mode

    def __exit__(self, *exc):
        state.enabled = self._prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()


class no_grad(_GradModeContext):
    """Ops inside record no graph; results have `requires_grad=False`."""
    _mode = False

    def __init__(self, orig_func=None):
        # `@no_grad` without parentheses is an error in PyTorch too; keep the signature.
        pass


class enable_grad(_GradModeContext):
    """Re-enables recording inside a `no_grad` block."""
    _mode = True


class set_grad_enabled(_GradModeContext):
    """Sets the mode at once (a function call) and restores it when used as a context."""

    def __init__(self, mode):
        self._prev = state.enabled
        self._mode = bool(mode)
        state.enabled = self._mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled = self._prev
        return False

    def __call__(self, fn):
        state.enabled = self._prev  # as a decorator it must not change the mode now
        mode = self._mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return set_grad_enabled(self._mode)


def is_inference_mode_enabled():
    return state_inference.enabled


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
        self._prev = (state.enabled, state_inference.enabled)
        # as in PyTorch, inference_mode(False) turns grad mode on
        state.enabled, state_inference.enabled = not self.mode, bool(self.mode)

    def __exit__(self, *exc):
        state.enabled, state_inference.enabled = self._prev
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
