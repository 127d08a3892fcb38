"""torch.cuda as PyTorch built without CUDA answers: nothing is available, and what would
need a GPU raises PyTorch's "Torch not compiled with CUDA enabled"."""
from ._device import NO_CUDA


def is_available():
    return False


def device_count():
    return 0


def is_initialized():
    return False


def is_bf16_supported(including_emulation=True):
    return False


def _no_cuda(*args, **kwargs):
    raise AssertionError(NO_CUDA)


current_device = get_device_name = get_device_properties = get_device_capability = _no_cuda
synchronize = get_rng_state = init = _no_cuda


def _nothing(*args, **kwargs):
    """Seeding and freeing caches do nothing while CUDA is not initialised, as in PyTorch."""


manual_seed = manual_seed_all = seed = seed_all = set_rng_state = empty_cache = _nothing


def memory_allocated(device=None):
    return 0


max_memory_allocated = memory_reserved = max_memory_reserved = memory_allocated
