"""Warnings PyTorch gives once per process (its TORCH_WARN_ONCE)."""
import warnings

_given = set()


def warn_once(message, stacklevel=3):
    """A UserWarning the first time `message` is given in this process, never again."""
    if message not in _given:
        _given.add(message)
        warnings.warn(message, UserWarning, stacklevel=stacklevel)


def reset_once():
    """Forget which were given, as a fresh process would (the error suite runs each line
    so)."""
    _given.clear()
