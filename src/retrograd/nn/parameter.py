"""nn.Parameter: a Tensor that a Module registers as one of its parameters."""
from .._tensor import Tensor
from .. import _factories


class Parameter(Tensor):
    """A leaf tensor that requires grad by default and shares the data it was given.

    Assigning one to a Module attribute registers it (see `Module.__setattr__`); it prints
    as `Parameter containing:` followed by the tensor."""
    __module__ = "retrograd.nn"   # the public name type() prints
    __slots__ = ()
    _is_parameter = True

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _factories.empty(0)
        if not isinstance(data, Tensor):     # PyTorch calls data.detach() on anything else
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if requires_grad and not data._dtype.differentiable:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        p = cls._make(data._data)
        p._vc = data._vc       # the same memory, so the same version counter
        p.requires_grad = requires_grad
        return p

    def __init__(self, data=None, requires_grad=True):
        pass        # everything happens in __new__ (Tensor.__init__ refuses direct use)

    def __reduce_ex__(self, protocol):
        return (Parameter, (Tensor._make(self._data.copy()), self._requires_grad))



class UninitializedParameter(Parameter):
    """A parameter whose shape is not known yet (lazy modules): it has no data until
    `materialize(shape)`, which turns it, in place, into an ordinary Parameter."""
    __module__ = "retrograd.nn"   # the public name type() prints
    __slots__ = ()

    def __new__(cls, requires_grad=True):
        return super().__new__(cls, _factories.empty(0), requires_grad)

    def __init__(self, requires_grad=True):
        pass

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into "
            "an initialized one. Call `forward` to initialize the parameters before accessing "
            "their attributes.")

    def materialize(self, shape, dtype=None):
        self._rebind(_factories.empty(shape, dtype=dtype)._data)
        self.__class__ = Parameter

    def __repr__(self):
        return "<UninitializedParameter>"

    __str__ = __repr__


class UninitializedBuffer(Tensor):
    """A buffer of a lazy module, waiting for its shape like UninitializedParameter."""
    __module__ = "retrograd.nn"   # the public name type() prints
    __slots__ = ()

    def __new__(cls):
        return cls._make(_factories.empty(0)._data)

    def __init__(self):
        pass

    shape = UninitializedParameter.shape

    def materialize(self, shape, dtype=None):
        self._rebind(_factories.empty(shape, dtype=dtype)._data)
        self.__class__ = Tensor

    def __repr__(self):
        return "<UninitializedBuffer>"

    __str__ = __repr__


def is_lazy(param):
    return isinstance(param, (UninitializedParameter, UninitializedBuffer))
