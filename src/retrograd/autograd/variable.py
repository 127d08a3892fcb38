"""`Variable`, kept for old code: `Variable(t, requires_grad=True)` is a tensor sharing t's
data, a leaf with the requested flag, and every tensor counts as a Variable."""
from .. import _tensor

__all__ = ["Variable"]


class _VariableMeta(type):
    def __instancecheck__(cls, other):
        return isinstance(other, _tensor.Tensor)


class Variable(metaclass=_VariableMeta):
    def __new__(cls, data, requires_grad=False, volatile=False):
        t = data.detach()
        t.requires_grad_(requires_grad)
        return t
