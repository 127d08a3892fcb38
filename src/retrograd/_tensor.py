"""The Tensor: an array plus autograd metadata. It holds no math: every op goes to the
op table (`retrograd.ops`), every repr to `_printing`, every backward to the engine."""
import numbers
import threading
import warnings
import weakref

import numpy as np

from . import _args, _dtype, _warnings, ops
from .autograd import _thread_state
from .autograd._thread_state import local as _local
from .autograd.graph import AccumulateGrad, VersionCounter, _add_hook

_FROM_NP = _dtype._FROM_NP
_accumulator_lock = threading.Lock()   # one AccumulateGrad per leaf, whichever thread asks

NUMPY_REQUIRES_GRAD = ("Can't call numpy() on Tensor that requires grad. Use "
                       "tensor.detach().numpy() instead.")
NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")

SCALAR_REQUIRES_GRAD = ("Converting a tensor with requires_grad=True to a scalar may lead to "
                        "unexpected behavior.\nConsider using tensor.detach() first.")


# the operators call their ops' functions directly (the op table's `Op.call`)
_add, _sub, _mul, _div, _neg = (op.call for op in (
    ops.pointwise._add, ops.pointwise._sub, ops.mul, ops.pointwise._div, ops.neg))
_eq, _ne, _lt, _le, _gt, _ge = (op.call for op in (ops.eq, ops.ne, ops.lt, ops.le, ops.gt, ops.ge))


class Size(tuple):
    """torch.Size: a tuple of ints that prints as `torch.Size([2, 3])`."""
    __module__ = "retrograd"   # the public name type() prints
    __slots__ = ()

    def __repr__(self):
        return f"torch.Size([{', '.join(map(str, self))}])"

    __str__ = __repr__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        out = tuple.__getitem__(self, item)
        return Size(out) if isinstance(item, slice) else out

    def __add__(self, other):
        return Size(tuple.__add__(self, other))


def legacy_new(args, dtype):
    """`torch.Tensor(...)`, `torch.FloatTensor(...)`: data (a sequence, a tensor, anything
    with `__array__`) copied into `dtype`, or sizes, or nothing (an empty tensor)."""
    from . import _factories
    if len(args) == 1 and not isinstance(args[0], (int, Size)):
        data = args[0]
        if isinstance(data, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
        if not (isinstance(data, (list, tuple, Tensor)) or hasattr(data, "__array__") or
                hasattr(data, "__len__")):
            raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
        return _factories.tensor(data, dtype=dtype)
    return _factories.zeros(*args, dtype=dtype) if args else _factories.zeros(0, dtype=dtype)


class Tensor(ops.TensorMethods):
    """A multi-dimensional array that can record the ops applied to it.

    Its methods named after ops (`x.exp()`, `x.sum(0)`, `x.add_(1)`) come from the op table
    through `ops.TensorMethods`; the class itself defines metadata, autograd and operators."""
    __module__ = "retrograd"   # the public name type() prints
    # The attributes every op reads or writes are slots; the ones most tensors never set
    # are class-level defaults (an instance stores them only when they differ), which
    # keeps making a tensor cheap.
    __slots__ = ("_data", "_dtype", "_requires_grad", "_grad_fn", "_vc", "_base",
                 "__weakref__", "__dict__")
    _output_nr = 0          # which output of its grad_fn this tensor is
    _grad = None
    _acc_ref = None         # weak reference to this leaf's AccumulateGrad
    _hooks = None
    _retains_grad = False
    _post_acc_hooks = None
    _is_inference = False
    _tangent = None         # forward-mode AD
    _view_of = None         # for a view: its memory's version when its grad_fn was set

    _is_parameter = False
    _vmap_depth = 0   # > 0 while torch.func.vmap runs its function (no .item() or bool())

    @classmethod
    def _make(cls, data, base=None):
        """Wrap an ndarray (no copy). `base`: the tensor whose memory `data` views."""
        t = object.__new__(cls)
        t._data = data
        dt = _FROM_NP.get(data.dtype)
        t._dtype = dt if dt is not None else _dtype.from_numpy_dtype(data.dtype)
        t._requires_grad = False
        t._grad_fn = None
        if base is None:
            t._vc = VersionCounter()
            t._base = None
            if _thread_state.inference_users and _local.state.inference:
                t._is_inference = True
        else:   # a view shares its base's memory, hence its version counter
            t._vc = base._vc
            t._base = base if base._base is None else base._base
            if base._is_inference or _thread_state.inference_users and _local.state.inference:
                t._is_inference = True
            # see _refresh
            t._view_of = base._vc.value
        return t

    # --- the internal API: every module goes through these, each holds one rule ----------
    def _refresh(self):
        """A view whose memory was written in place through its base or another view since
        its grad_fn was set gets its gradient from the base's current node now
        (`ops.shape.refresh_view`). Everything that reads a tensor's place in the graph
        calls this first."""
        if self._view_of is not None and self._view_of != self._vc.value:
            ops.shape.refresh_view(self)

    def _edge(self):
        """Where this tensor's gradient flows: (grad_fn, output_nr), (its AccumulateGrad, 0)
        for a leaf that requires grad, or None when it does not require grad."""
        if self._view_of is not None and self._view_of != self._vc.value:
            ops.shape.refresh_view(self)
        fn = self._grad_fn
        if fn is not None:
            return (fn, self._output_nr)
        if self._requires_grad:
            return (self._accumulator(), 0)
        return None

    def _attach(self, node, output_nr=0):
        """Make this tensor output `output_nr` of `node`. Integer and bool tensors are never
        attached (they cannot require grad): returns whether it was."""
        if not self._dtype.differentiable:
            return False
        self._grad_fn = node
        if output_nr or self._output_nr:   # the class default is 0: no instance dict then
            self._output_nr = output_nr
        self._requires_grad = True
        return True

    def _write(self, values, op_name, index=...):
        """Write `values` into this tensor's memory (`self[index] = values`, no graph) and
        count it on the version counter its views and detached aliases share."""
        try:
            self._data[index] = values
        except RuntimeWarning:   # NumPy's cast warning made an error by the user's filters
            with np.errstate(all="ignore"):
                self._data[index] = values
        self._vc.bump(op_name)

    def _written(self, op_name):
        """Count a write made into `_data` directly (NumPy's `out=`, `+=`)."""
        self._vc.bump(op_name)

    def _rebind(self, data):
        """Hold another array from now on (`t.data = ...`, a resized `out=`, a lazy
        parameter's materialisation): shape and dtype follow `data`; no version is counted."""
        self._data = data
        dt = _FROM_NP.get(data.dtype)
        self._dtype = dt if dt is not None else _dtype.from_numpy_dtype(data.dtype)

    def __new__(cls, *args):
        """The legacy constructor, still common in tutorials: `torch.Tensor([1, 2])` copies
        data into the default float dtype, `torch.Tensor(2, 3)` makes a tensor of that
        shape (zero-filled here, where PyTorch leaves memory uninitialised)."""
        return legacy_new(args, _dtype.get_default_dtype())

    def __init__(self, *args):
        pass   # __new__ did the work

    # --- metadata --------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        if type(dim) is not int:
            _args.reject("size", (self, dim))
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    def dim(self):
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    @property
    def device(self):
        from ._device import cpu
        return cpu

    @property
    def is_cuda(self):
        return False

    is_sparse = False
    is_quantized = False
    is_meta = False

    @property
    def layout(self):
        return "torch.strided"

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return False

    def is_contiguous(self, memory_format=None):
        return self._data.flags.c_contiguous

    def is_inference(self):
        return self._is_inference

    def stride(self, dim=None):
        if dim is not None and type(dim) is not int:
            _args.reject("stride", (self, dim))
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[_wrap_dim(dim, self._data.ndim)]

    def data_ptr(self):
        return self._data.__array_interface__["data"][0]

    @property
    def _version(self):
        """How many in-place writes this tensor's memory has had (PyTorch's `x._version`);
        the counter itself (`_vc`) is shared with views and detached aliases."""
        return self._vc.value

    # --- autograd metadata -------------------------------------------------------------
    @property
    def requires_grad(self):
        if self._view_of is not None and self._view_of != self._vc.value:
            ops.shape.refresh_view(self)   # _refresh, inlined: read on every op of user code
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        if type(flag) is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self._grad_fn is not None:
            if flag:
                raise RuntimeError("you can only change requires_grad flags of leaf variables.")
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach().")
        if flag and not self._dtype.differentiable:
            raise RuntimeError("only Tensors of floating point and complex dtype can require "
                               "gradients")
        if flag and self._is_inference and not _local.state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                               "InferenceMode is not allowed.")
        self._requires_grad = bool(flag)

    def requires_grad_(self, requires_grad=True):
        if requires_grad and not self._dtype.differentiable:   # PyTorch's words for this path
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def grad_fn(self):
        self._refresh()
        return self._grad_fn

    @property
    def is_leaf(self):
        self._refresh()
        return self._grad_fn is None

    @property
    def output_nr(self):
        return self._output_nr

    @property
    def grad(self):
        if self._grad is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad "
                                f"of type {type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '[{', '.join(map(str, value.shape))}]'"
                    f" to a tensor of size '[{', '.join(map(str, self.shape))}]'. Please ensure "
                    "that the gradient and the tensor are the same size")
            if value._dtype is not self._dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value._dtype.cpp_name}' to a "
                    f"tensor with grad_dtype '{self._dtype.scalar_name}'. The gradient must match "
                    "the tensor's grad_dtype (defaults to the tensor's dtype). You can set the "
                    "tensor's grad_dtype attribute with a specific dtype, or None to allow any "
                    "dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its "
                    "gradient may break downstream systems that assume they match.")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self):
        return self._retains_grad if self._grad_fn is not None else False

    def retain_grad(self):
        self._refresh()
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains_grad:
            return
        fn = self._grad_fn
        if fn._retains is None:
            fn._retains = {}
        fn._retains[self._output_nr] = weakref.ref(self)
        fn._hooked = True
        self._retains_grad = True

    def register_hook(self, hook):
        """`hook(grad)` runs when this tensor's gradient is computed; it may return a new one."""
        self._refresh()
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is not None:
            return self._grad_fn._register_tensor_hook(self._output_nr, hook)
        if self._hooks is None:
            self._hooks = {}
        return _add_hook(self._hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """`hook(tensor)` runs after a gradient was accumulated into this leaf's `.grad`."""
        if self._grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                               "tensors")
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        acc = self._accumulator()
        if acc._post_acc_hooks is None:
            acc._post_acc_hooks = {}
        self._post_acc_hooks = acc._post_acc_hooks   # keeps them alive with the leaf
        return _add_hook(acc._post_acc_hooks, hook)

    def _accumulator(self):
        """This leaf's AccumulateGrad node, shared by every op that uses the leaf."""
        acc = self._acc_ref() if self._acc_ref is not None else None
        if acc is None:
            with _accumulator_lock:
                acc = self._acc_ref() if self._acc_ref is not None else None
                if acc is None:
                    acc = AccumulateGrad(self)
                    if self._post_acc_hooks is not None:
                        acc._post_acc_hooks = self._post_acc_hooks
                    self._acc_ref = weakref.ref(acc)
        return acc

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into every leaf's `.grad` (see autograd.backward)."""
        autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        """The same data, cut from the graph (shares memory and the version counter)."""
        t = Tensor._make(self._data)
        t._vc = self._vc
        t._is_inference = self._is_inference
        return t

    def detach_(self):
        if self._base is not None and self._grad_fn is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are "
                               "using DistributedDataParallel (DDP) for training, and "
                               "gradient_as_bucket_view is set as True, gradients are views of "
                               "DDP buckets, and hence detach_() cannot be called on these "
                               "gradients. To fix this error, please refer to the "
                               "Optimizer.zero_grad() function in torch/optim/optimizer.py as "
                               "the solution.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self):
        t = Tensor._make(self._data)
        return t

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        self._rebind(value._data)

    # --- conversion to Python and NumPy ----------------------------------------------------
    def item(self):
        if self._vmap_depth:
            from .func import VMAP_ITEM
            raise RuntimeError(VMAP_ITEM)
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               "to Scalar")
        return self._data.reshape(()).item()

    def tolist(self, *args):
        if args:    # the words of PyTorch's method, defined in C with no arguments
            raise TypeError(f"TensorBase.tolist() takes no arguments ({len(args)} given)")
        return self._data.tolist()

    def numpy(self, *, force=False):
        """The tensor's data as an ndarray sharing its memory (refused while it requires
        grad, as in PyTorch: writes through the array would bypass the graph)."""
        if self._requires_grad and not force:
            raise RuntimeError(NUMPY_REQUIRES_GRAD)
        return self._data

    # --- NumPy's protocols ---------------------------------------------------------------
    def __array__(self, dtype=None, copy=None):
        """NumPy 2's contract: `np.asarray(t)` shares memory, `np.array(t)` copies
        (`copy=True`), `copy=False` never copies."""
        if self._requires_grad:
            raise RuntimeError(NUMPY_REQUIRES_GRAD)
        data = self._data
        if dtype is not None and np.dtype(dtype) != data.dtype:
            if copy is False:
                raise ValueError("Unable to avoid copy while creating an array as requested.")
            return data.astype(dtype)
        return data.copy() if copy else data

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """A NumPy ufunc applied to tensors gives a tensor (`np.sin(t)`), as in PyTorch,
        whose Tensor wraps NumPy's result the same way: a bool result becomes uint8."""
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        return Tensor._make(array)

    # NumPy's binary operators defer to the tensor's (`ndarray * tensor` calls
    # Tensor.__rmul__), which keep the graph.
    __array_priority__ = 1000

    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        """Export the data through DLPack (`np.from_dlpack(t)` shares memory)."""
        if self._requires_grad:
            raise BufferError("Can't export tensors that require gradient, use "
                              "tensor.detach()")
        # NumPy before 2.1 takes only `stream`; pass the newer keywords when given
        kwargs = {k: v for k, v in (("max_version", max_version), ("dl_device", dl_device),
                                    ("copy", copy)) if v is not None}
        return self._data.__dlpack__(stream=stream, **kwargs)

    def __dlpack_device__(self):
        """(device type, device id): (1, 0), the CPU."""
        return self._data.__dlpack_device__()

    def __bool__(self):
        if self._vmap_depth:
            from .func import VMAP_CONTROL_FLOW
            raise RuntimeError(VMAP_CONTROL_FLOW)
        if not self._data.size:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        value = bool(self._data.reshape(()))
        if _thread_state.tracing_users:   # explain.trace() reports the conditions Python read
            tracer = _local.state.tracer
            if tracer is not None:
                tracer.bool_read(self, value)
        return value

    def _scalar(self):
        """The one element, for float(), int(), complex() (PyTorch's ValueError otherwise)."""
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self.item()

    def __float__(self):
        if self._requires_grad:
            _warnings.warn_once(SCALAR_REQUIRES_GRAD)
        return float(self._scalar())

    def __int__(self):
        return int(self._scalar())

    def __index__(self):
        if self._dtype.is_floating_point or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __complex__(self):
        if self._requires_grad:
            _warnings.warn_once(SCALAR_REQUIRES_GRAD)
        return complex(self._scalar())

    def __contains__(self, element):
        """`element in t`: whether any entry equals it (a tensor element is compared
        elementwise, broadcast against t)."""
        if not isinstance(element, (Tensor, numbers.Number)):
            raise RuntimeError("Tensor.__contains__ only supports Tensor or scalar, but you "
                               f"passed in a {type(element)}.")
        return bool((element == self).any())

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self):
        return id(self)

    def __format__(self, spec):
        # as PyTorch: only a plain 0-dim Tensor formats as its number; a Parameter or a
        # subclass formats as its repr and takes no format spec
        if self._data.ndim == 0 and type(self) is Tensor:
            return self.item().__format__(spec)
        if spec:
            raise TypeError(f"unsupported format string passed to {type(self).__name__}"
                            f".__format__")
        return str(self)

    def __repr__(self, *, tensor_contents=None):
        from ._printing import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        return (_rebuild, (self._data.copy(), self._requires_grad))

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol at the moment.  If you were "
                               "attempting to deepcopy a module, this may be because of a "
                               "torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        t = type(self)._make(self._data.copy()) if not self._is_parameter else \
            type(self)(Tensor._make(self._data.copy()), self._requires_grad)
        t._requires_grad = self._requires_grad
        if self._grad is not None:
            t._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = t
        return t

    # --- arithmetic: every operator goes to the op table --------------------------------
    def __add__(self, other):
        if not _operand(other):
            return NotImplemented
        return _add(self, other)

    def __radd__(self, other):
        if not _operand(other):
            return NotImplemented
        return _add(self, other)

    def __sub__(self, other):
        if not _operand(other):
            return NotImplemented
        return _sub(self, other)

    def __rsub__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.rsub(self, other)

    def __mul__(self, other):
        if not _operand(other):
            return NotImplemented
        return _mul(self, other)

    def __rmul__(self, other):
        if not _operand(other):
            return NotImplemented
        return _mul(self, other)

    def __truediv__(self, other):
        if not _operand(other):
            return NotImplemented
        return _div(self, other)

    def __rtruediv__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.rdiv(self, other)

    def __floordiv__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.floor_divide(self, other)

    def __rfloordiv__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.floor_divide(other, self)

    def __mod__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.remainder(self, other)

    def __pow__(self, exponent):
        if not _operand(exponent):
            return NotImplemented
        return ops.pow(self, exponent)

    def __rpow__(self, base):
        if not _operand(base):
            return NotImplemented
        return ops.rpow(self, base)

    def __matmul__(self, other):
        if not isinstance(other, Tensor):
            return NotImplemented
        return ops.matmul(self, other)

    def __rmatmul__(self, other):
        if not isinstance(other, Tensor):
            return NotImplemented
        return ops.matmul(other, self)

    def __neg__(self):
        return _neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return ops.abs(self)

    def __invert__(self):
        if self._dtype.is_floating_point:
            raise TypeError("~ (operator.invert) is only implemented on integer and "
                            "Boolean-type tensors")
        return ops.bitwise_not(self)

    def __and__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.bitwise_and(self, other)

    __rand__ = __and__

    def __or__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.bitwise_or(self, other)

    __ror__ = __or__

    def __xor__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.bitwise_xor(self, other)

    __rxor__ = __xor__

    def __lshift__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.bitwise_left_shift(self, other)

    def __rshift__(self, other):
        if not _operand(other):
            return NotImplemented
        return ops.bitwise_right_shift(self, other)

    def __iand__(self, other):
        return self.bitwise_and_(other)

    def __ior__(self, other):
        return self.bitwise_or_(other)

    def __ixor__(self, other):
        return self.bitwise_xor_(other)

    def __eq__(self, other):
        if not _operand(other):
            return NotImplemented
        return _eq(self, other)

    def __ne__(self, other):
        if not _operand(other):
            return NotImplemented
        return _ne(self, other)

    def __lt__(self, other):
        if not _operand(other):
            return NotImplemented
        return _lt(self, other)

    def __le__(self, other):
        if not _operand(other):
            return NotImplemented
        return _le(self, other)

    def __gt__(self, other):
        if not _operand(other):
            return NotImplemented
        return _gt(self, other)

    def __ge__(self, other):
        if not _operand(other):
            return NotImplemented
        return _ge(self, other)

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def __getitem__(self, index):
        return ops.getitem(self, index)

    def __setitem__(self, index, value):
        ops.setitem(self, index, value)

    @property
    def T(self):
        if self._data.ndim not in (0, 2):
            _warnings.warn_once("The use of `x.T` on tensors of dimension other than 2 to "
                                "reverse their shape is deprecated and it will throw an error "
                                "in a future release. Consider `x.mT` to transpose batches of "
                                "matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to "
                                "reverse the dimensions of a tensor.")
        return ops.permute(self, tuple(range(self._data.ndim - 1, -1, -1)))

    @property
    def mT(self):
        if self._data.ndim < 2:   # PyTorch: a 0-dim tensor is its own transpose
            if not self._data.ndim:
                return self
            raise RuntimeError("tensor.mT is only supported on matrices or batches of "
                               f"matrices. Got {self._data.ndim}-D tensor.")
        return ops.transpose(self, -2, -1)

    @property
    def real(self):
        return self

    def _inference_check(self):
        pass


_PLAIN = (float, int, bool)


def _operand(other):
    """What Tensor's operators take: tensors, numbers and arrays. Anything else (a list, a
    string, None) is left to Python, which raises PyTorch's TypeError (or compares by
    identity, for == and !=)."""
    return type(other) in _PLAIN or isinstance(other, (Tensor, numbers.Number, np.ndarray))


def _rebuild(data, requires_grad):
    t = Tensor._make(data)
    t._requires_grad = requires_grad
    return t


def _read_only(name, prop):
    """A property PyTorch defines without a setter refuses a write with its words."""
    def refuse(self, value):
        raise AttributeError(f"attribute '{name}' of 'torch._C.TensorBase' objects is not "
                             "writable")
    return property(prop.fget, refuse, prop.fdel, prop.__doc__)


for _name, _prop in list(vars(Tensor).items()):
    if isinstance(_prop, property) and _prop.fset is None and not _name.startswith("_"):
        setattr(Tensor, _name, _read_only(_name, _prop))


def _wrap_dim(dim, ndim):
    """A dim in [-ndim, ndim) as a non-negative index, PyTorch's error otherwise."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim + n if dim < 0 else dim


from . import autograd  # noqa: E402  (autograd imports this module first)
