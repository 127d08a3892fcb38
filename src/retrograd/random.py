"""torch.random: seeding and the generator state, over `_rng`'s bit-exact generator."""
import numpy as np

from . import _rng

__all__ = ["manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
           "Generator", "default_generator", "fork_rng"]


class Generator(_rng.Generator):
    """torch.Generator: PyTorch's CPU random stream (MT19937), state as a uint8 tensor."""
    __module__ = "retrograd"   # the public name type() prints

    def get_state(self):
        from ._tensor import Tensor
        return Tensor._make(_rng.Generator.get_state(self))

    def set_state(self, new_state):
        from ._tensor import Tensor
        if not isinstance(new_state, Tensor) or new_state._data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        _rng.Generator.set_state(self, new_state._data)
        return self

    def __repr__(self):
        return f"<torch._C.Generator object at {id(self):#x}>"


default_generator = Generator()
default_generator.seed()


def manual_seed(seed):
    """Seed the default generator: after it, every random op repeats PyTorch's numbers."""
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


class fork_rng:
    """Restore the default generator's state on exit."""

    def __init__(self, devices=None, enabled=True, **kwargs):
        self.enabled = enabled

    def __enter__(self):
        if self.enabled:
            self._state = get_rng_state()

    def __exit__(self, *exc):
        if self.enabled:
            set_rng_state(self._state)
        return False
