"""torch.accelerator: the device-agnostic view of GPUs and the like; there is none."""
from ._device import NO_ACCELERATOR


def is_available():
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    return None


def _none(*args, **kwargs):
    raise RuntimeError(NO_ACCELERATOR)


current_device_index = current_device_idx = set_device_index = set_device_idx = _none
current_stream = set_stream = synchronize = empty_cache = memory_allocated = _none
