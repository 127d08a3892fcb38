"""torch.accelerator: the device-agnostic view of GPUs and the like; there is none."""
from ._device import NO_ACCELERATOR


def is_available():
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    return None


def _none():
    raise RuntimeError(NO_ACCELERATOR)


# what needs an accelerator
def current_device_index():
    _none()


def current_device_idx():
    _none()


def set_device_index(device, /):
    _none()


def set_device_idx(device, /):
    _none()


def current_stream(device=None, /):
    _none()


def set_stream(stream):
    _none()


def synchronize(device=None, /):
    _none()


def empty_cache():
    _none()


def memory_allocated(device_index=None, /):
    _none()


from . import _docs  # noqa: E402

_docs.document_package("accelerator")
