"""torch.functional: the module PyTorch defines some of its functions in (einsum, meshgrid,
norm, split, unique, ...). Programs import them from here too; they are the same functions
as `torch.einsum`, `torch.meshgrid`, ..."""
from . import einsum, meshgrid, norm, split, tensordot, unique  # noqa: F401

__all__ = ["einsum", "meshgrid", "norm", "split", "tensordot", "unique"]
