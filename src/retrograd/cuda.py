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


def _no_cuda():
    raise AssertionError(NO_CUDA)


# what needs a GPU
def current_device():
    _no_cuda()


def get_device_name(device=None):
    _no_cuda()


def get_device_properties(device=None):
    _no_cuda()


def get_device_capability(device=None):
    _no_cuda()


def synchronize(device=None):
    _no_cuda()


def get_rng_state(device="cuda"):
    _no_cuda()


def init():
    _no_cuda()


# seeding and freeing caches do nothing while CUDA is not initialised, as in PyTorch
def manual_seed(seed):
    pass


def manual_seed_all(seed):
    pass


def seed():
    pass


def seed_all():
    pass


def set_rng_state(new_state, device="cuda"):
    pass


def empty_cache():
    pass


# no tensor holds GPU memory
def memory_allocated(device=None):
    return 0


def max_memory_allocated(device=None):
    return 0


def memory_reserved(device=None):
    return 0


def max_memory_reserved(device=None):
    return 0


from . import _docs  # noqa: E402

_docs.document_package("cuda")
