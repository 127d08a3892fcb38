"""The form every op-table entry takes.

An `Op` is declared once with its PyTorch node name, its forward on raw arrays and one
derivative (vector-Jacobian product) per differentiable input:

    mul = Op("MulBackward0", lambda x, y: x * y,
             lambda g, y: g * y,        # d/dx
             lambda g, x: g * x)        # d/dy

A derivative names what it reads, by parameter name: `g` (the incoming gradient), the op's
inputs (`x`, `y`, ...), `out` (the op's result), `m` (the math namespace), `<input>_shape`
and any keyword attribute of the call (`dim`, `keepdim`, ...). At record time the node saves
only what the derivatives of inputs that need a gradient read, as PyTorch's
derivatives.yaml does; so `(x * 2).sum()` saves no tensor and can be backwarded twice.

Derivatives are written once, with operators and `m.*`, and run on either kind of value:
on arrays with `m` = ArrayMath (plain backward) or on tensors with `m` = TensorMath
(`create_graph=True`, giving higher-order gradients through the same formulas).

An entry may also give `scalar=`, its forward on Python floats (`operator.mul`, `math.sin`):
0-dim float tensors then take the scalar lane (see `_caller`), where NumPy's per-call cost
would be most of the op's time.
"""
import functools
import inspect
import operator
import struct
import types

import numpy as np

from .. import _args, _dtype
from ..autograd import anomaly_mode as _anomaly
from ..autograd import forward_ad
from ..autograd._thread_state import local as _local
from ..autograd.graph import ANOMALY_HINT, FREED, INFERENCE_SAVE, Node, Packed, \
    _sequence, short_name

_forward = forward_ad.state
Tensor = None  # set by _tensor when the class exists (the class needs the ops, and back)


def promote(args):
    """Compute dtype of a pointwise op: PyTorch's promotion over tensors and numbers."""
    a0 = args[0]
    if len(args) == 2:
        a1 = args[1]
        # fast paths: same-dtype tensors, or a tensor and a number of no higher category
        if isinstance(a1, Tensor):   # isinstance: nn.Parameter is a Tensor too
            if isinstance(a0, Tensor) and a0._dtype is a1._dtype:
                return a0._dtype
        elif isinstance(a0, Tensor) and (type(a1) is float and a0._dtype.is_floating_point
                                         or _number_category(a1) <= a0._dtype.category):
            return a0._dtype
    elif len(args) == 1 and isinstance(a0, Tensor):
        return a0._dtype
    return _dtype.result_type(
        (a._dtype, a._data.ndim, False) if isinstance(a, Tensor) else
        (_CATEGORIES[_number_category(a)], 0, True) for a in args if a is not None)


def promote_float(args):
    """Like `promote`, but integer and bool results become the default float (`exp`, `/`)."""
    d = promote(args)
    return d if d.is_floating_point else _dtype.get_default_dtype()


def _number_category(v):
    """A number's category in promotion: bool 0, int 1, float 2, for Python and NumPy
    scalars alike (`t + np.float64(1)` stays float32, as in PyTorch)."""
    return 0 if isinstance(v, (bool, np.bool_)) else 1 if isinstance(v, (int, np.integer)) \
        else 2


_CATEGORIES = (_dtype.bool, _dtype.int64, _dtype.float32)   # a dtype of each category


def _params(fn):
    code = fn.__code__
    return code.co_varnames[:code.co_argcount]


def _getter(names):
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return operator.itemgetter(*names) if names else lambda values: ()


def _defaults(fn):
    if isinstance(inspect.unwrap(fn), np.ufunc):   # its out=, where=, ... are not the op's
        return {}                                  # (NumPy 2 gives ufuncs a signature)
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return {}
    return {p.name: p.default for p in params if p.default is not p.empty}


class _Signature:
    """`op.__signature__`, built when asked for (inspect is slow at import)."""

    def __get__(self, op, cls=None):
        if op is None:
            return None    # the class Op itself: inspect reads its __init__
        names, defaults = op.parameters
        P = inspect.Parameter
        return inspect.Signature(
            [P(n, P.POSITIONAL_ONLY) for n in names] +
            [P(k, P.KEYWORD_ONLY, default=v) for k, v in defaults.items()])


class Op:
    """One op of the table: forward on arrays, derivatives per input, a node class."""
    into = None   # the NumPy ufunc that computes it into its first input's memory (`x -= y`)

    def __init__(self, node_name, forward, *derivatives, inputs="x y", dtype=promote,
                 name=None, view=False, variadic=False, scalar=None):
        self.name = name or node_name
        self.inputs = tuple(inputs.split())
        self.forward = forward
        self.derivatives = derivatives
        self.dtype = dtype        # args -> dtype to compute in, or None to leave arrays alone
        self.view = view          # the result shares the first input's memory (a view op)
        self.variadic = variadic  # one derivative serves every input (cat, stack); reads `i`
        self.scalar = scalar      # the forward on Python floats, for 0-dim float tensors
        # ...which takes the call's keyword attributes too when it has parameters for them
        self.scalar_attrs = scalar is not None and len(_params(scalar)) > len(self.inputs) \
            if hasattr(scalar, "__code__") else False
        self.reads = tuple(_params(d) if d else () for d in derivatives)
        # values -> the tuple of a derivative's arguments, in one C call
        self.getters = tuple(_getter(r) for r in self.reads)
        # named as PyTorch's node classes print: <class 'MulBackward0'>
        # (staticmethod: an Op binds like a function, see __get__; its node reads it plain)
        self.node_class = type(node_name, (OpNode,), {
            "__slots__": (), "op": staticmethod(self), "__module__": "builtins",
            **_saved_attributes(self)}) if derivatives else None
        self._save_plans = {}
        self.call = _caller(self)
        self.call.__wrapped__ = self   # inspect.signature(Tensor.exp) reads the op's

    def __repr__(self):
        return f"<op {self.name}>"

    @property
    def defaults(self):
        """Keyword attributes a call may leave out, with their values (read from the
        forward's signature the first time they are needed: `inspect` is slow at import)."""
        d = self.__dict__.get("_defaults")
        if d is None:
            d = self.__dict__["_defaults"] = _defaults(self.forward)
        return d

    def save_plan(self, needs):
        """What to save when the inputs in the bit mask `needs` want a gradient, as
        (name, kind, key) triples: every name the needed derivatives read (computed once
        per mask)."""
        plan = self._save_plans.get(needs)
        if plan is None:
            names = []
            reads_all = self.reads * needs.bit_length() if self.variadic else self.reads
            for i, reads in enumerate(reads_all):
                if needs >> i & 1:
                    names += [r for r in reads if r not in ("g", "m", "i") and r not in names]
            plan = self._save_plans[needs] = tuple(self._where(n) for n in names)
        return plan

    def _where(self, name):
        if name == "out":
            return (name, _OUT, None)
        if name in self.inputs:
            return (name, _INPUT, self.inputs.index(name))
        if name.endswith("_shape") and name[:-6] in self.inputs:
            return (name, _SHAPE, self.inputs.index(name[:-6]))
        return (name, _ATTR, name)

    def __call__(self, *args, out=None, **attrs):
        """Run the op on tensors/numbers; record a node when a gradient is needed. `out=`
        (every public op takes it, as PyTorch's do) receives the result."""
        if out is None:
            return self.call(*args, **attrs)
        from .pointwise import _write_out
        return _write_out(self.call(*args, **attrs), out, self.name or self.node_name)

    # What tools read (help, inspect, functools.wraps, Sphinx): an op published as
    # `torch.exp` is introspected as the function it is. `retrograd._docs` gives it its
    # public `__name__`, `__module__` and `__doc__`.
    def __get__(self, obj, objtype=None):
        return self if obj is None else types.MethodType(self.call, obj)

    __signature__ = _Signature()

    @property
    def parameters(self):
        """The public parameter names: inputs (positional only) in PyTorch's words, then the
        keyword attributes the forward takes."""
        names = _PUBLIC_INPUTS.get(self.inputs) or ("input",) + tuple(
            _PUBLIC_NAMES.get(n, n) for n in self.inputs[1:])
        return names, self.defaults


_PUBLIC_NAMES = {"y": "other", "lo": "min", "hi": "max"}
_PUBLIC_INPUTS = {("c", "x", "y"): ("input", "mat1", "mat2"),
                  ("cond", "x", "y"): ("condition", "input", "other")}


def _caller(op):
    """The function that runs `op` (also its Tensor method: a plain function binds the
    tensor as its first input with no Python-level descriptor)."""
    scalar = op.scalar
    scalar_attrs = op.scalar_attrs

    def __call__(*args, **attrs):   # named so: explain's trace reads the frame's name
        quiet = False
        st = _local.state   # this thread's grad mode and explain trace
        if scalar is not None and (scalar_attrs or not attrs) and st.tracer is None and \
                not _forward.active:
            # the scalar lane: 0-dim float32/float64 tensors and Python numbers computed
            # as Python floats (no NumPy call), rounded once to the tensor's dtype
            a = args[0]
            if type(a) is Tensor and a._data.ndim == 0:
                dtype = a._dtype
                if dtype is _F32 or dtype is _F64:
                    b = None
                    if len(args) == 1:
                        v = _lane(scalar, dtype, attrs, a._data.item())
                    else:
                        b = args[1]
                        kind = type(b)
                        if kind is Tensor and b._dtype is dtype and b._data.ndim == 0:
                            v = _lane(scalar, dtype, attrs, a._data.item(), b._data.item())
                        elif kind is float:   # a Python number takes the tensor's dtype
                            v = _lane(scalar, dtype, attrs, a._data.item(),
                                      b if dtype is _F64 else _round32(b))
                        elif kind is int and -_EXACT[dtype] <= b <= _EXACT[dtype]:
                            v = _lane(scalar, dtype, attrs, a._data.item(), b)
                        else:
                            v = None
                    if v is not None:
                        if v is _FAILED:   # NumPy decides (inf/nan), as quietly as PyTorch
                            quiet = True
                        else:
                            out = Tensor._make(np.array(v, _BOOL if v is True or v is False
                                                        else dtype.np))
                            if st.grad_enabled and op.node_class is not None and (
                                    a._requires_grad or type(b) is Tensor and
                                    b._requires_grad):
                                record(op, args, attrs, out, st)
                            return out
        compute = op.dtype(args) if op.dtype is not None else None
        arrays = ()
        try:
            if len(args) == 2:   # the common cases inline: a tensor in the compute dtype
                a, b = args
                arrays = (a._data if type(a) is Tensor and a._dtype is compute else
                          _array(a, compute),
                          b._data if type(b) is Tensor and b._dtype is compute else
                          b if type(b) is float else _array(b, compute))
            elif len(args) == 1:
                a = args[0]
                arrays = (a._data if type(a) is Tensor and a._dtype is compute else
                          _array(a, compute),)
            else:
                arrays = [_array(a, compute) for a in args]
            if quiet:
                with np.errstate(all="ignore"):
                    data = op.forward(*arrays, **attrs)
            else:
                data = op.forward(*arrays, **attrs)
        except ValueError:
            raise_broadcast_error(arrays)
            raise
        except RuntimeWarning:
            arrays, data = _quietly(op, args, compute, attrs)
        if type(data) is not np.ndarray:   # NumPy gives scalars for 0-dim results
            data = np.asarray(data)
        if op.view and (np.may_share_memory(data, arrays[0]) or not data.size):
            out = Tensor._make(data, args[0])   # empty views share memory too
        else:
            out = Tensor._make(data)
        if st.grad_enabled and op.node_class is not None:
            for a in args:   # (a view written in place since may require grad now)
                if isinstance(a, Tensor) and (a._requires_grad or a._view_of is not None
                                              and a._view_of != a._vc.value):
                    record(op, args, attrs, out, st)
                    break
        if _forward.active:    # forward-mode AD: the output's tangent from the inputs'
            forward_ad.propagate(op, args, attrs, out)
        if st.tracer is not None:
            st.tracer.forward(op, args, attrs, out)
        return out
    return __call__


def _quietly(op, args, compute, attrs):
    """The op again with NumPy's floating-point warnings off: the user's warning filters
    made one an error (`-W error::RuntimeWarning`), where PyTorch computes inf and nan
    silently. (Otherwise they are filtered out for retrograd's modules at no cost; see
    _backend.)"""
    with np.errstate(all="ignore"):
        arrays = [_array(a, compute) for a in args]
        return arrays, op.forward(*arrays, **attrs)


def _lane(fn, dtype, attrs, *values):
    """`fn` on Python floats, or _FAILED where the NumPy path must decide: an error (1/0,
    log(0), overflow) or a float32 result out of range gives PyTorch's inf/nan there."""
    try:
        v = fn(*values, **attrs) if attrs else fn(*values)
    except (ArithmeticError, ValueError):
        return _FAILED
    if dtype is _F32 and _F32_MAX < abs(v) < _INF:
        return _FAILED
    return v


_FAILED = object()


def _round32(v):
    return _F32_STRUCT.unpack(_F32_STRUCT.pack(v))[0]


_F32, _F64 = _dtype.float32, _dtype.float64
_F32_STRUCT = struct.Struct("f")
_F32_MAX = float(np.finfo(np.float32).max)
_INF = float("inf")
_EXACT = {_F32: 2 ** 24, _F64: 2 ** 53}    # the ints each dtype holds exactly
_BOOL = np.dtype(bool)


def raise_broadcast_error(arrays):
    """NumPy's 'could not be broadcast' as PyTorch says it (see raise_shapes_error)."""
    shapes = [a.shape for a in arrays if isinstance(a, np.ndarray)]
    if len(shapes) >= 2:
        raise_shapes_error(shapes[0], shapes[1])


def raise_shapes_error(a, b):
    """PyTorch's error when shapes `a` and `b` do not broadcast, naming the first
    mismatching dim from the right (counted in the broadcast result)."""
    n = max(len(a), len(b))
    for i in range(n - 1, -1, -1):
        sa = a[i - n + len(a)] if i - n + len(a) >= 0 else 1
        sb = b[i - n + len(b)] if i - n + len(b) >= 0 else 1
        if sa != sb and sa != 1 and sb != 1:
            raise RuntimeError(f"The size of tensor a ({sa}) must match the size of tensor b "
                               f"({sb}) at non-singleton dimension {i}")


def _array(a, dtype):
    """The raw value an op's forward sees: tensors as arrays (cast to the compute dtype)."""
    if not isinstance(a, Tensor):
        if isinstance(a, np.generic):   # promoted as a number (_number_category), so it
            return a if dtype is None else dtype.np.type(a)   # computes in the op's dtype
        if type(a) is int and dtype is not None:
            if not -2**63 <= a < 2**64:
                raise OverflowError("int too big to convert")
            if dtype.category == 1 and (dtype.itemsize < 8 or a >= 2**63):
                # wraps out-of-range ints, as PyTorch does (2**63 as an int64 is -2**63)
                return np.asarray(a - 2**64 if a >= 2**63 else a).astype(dtype.np)
        return a
    data = a._data
    if dtype is not None and a._dtype is not dtype:
        data = data.astype(dtype.np)
    return data


def record(op, args, attrs, out, st=None):
    """Attach a node to `out` if any differentiable input requires grad (and `out` can
    carry one: integer and bool results never do). `st`: this thread's state, when the
    caller has read it already."""
    if not out._dtype.differentiable:
        return None
    derivatives = op.derivatives * len(args) if op.variadic else op.derivatives
    needs = 0       # bit i set: input i wants a gradient
    bit = 1
    edges = []      # flat: node, output_nr, node, output_nr, ... (see Node.next_functions)
    for a, d in zip(args, derivatives):
        if d is not None and isinstance(a, Tensor) and (
                a._requires_grad or a._view_of is not None):
            edge = a._edge()
            if edge is not None:
                needs |= bit
                edges += edge
                bit <<= 1
                continue
        edges += _NO_EDGE
        bit <<= 1
    if not needs:
        return None
    data = out._data
    node = _new(op.node_class)    # Node.__init__'s three fields, set here without a call
    node._next = tuple(edges)
    meta = (data.shape, data.dtype)
    node._meta = _METAS.get(meta) or _meta(meta)
    node._seq = next(_sequence)
    plan = op._save_plans.get(needs)
    if plan is None:
        plan = op.save_plan(needs)
    saved = {}
    versions = wrapped = ()
    for name, kind, key in plan:
        if kind is _INPUT:
            value = saved[name] = args[key]
            if isinstance(value, Tensor):
                if value._is_inference:
                    raise RuntimeError(INFERENCE_SAVE)
                versions += (name, value._vc, value._vc.value)
            else:   # PyTorch saves a number operand as a (wrapped) tensor: freed likewise
                wrapped += _NAMES.get(name) or _NAMES.setdefault(name, (name,))
        elif kind is _OUT:
            saved[name] = data
            versions += (name, out._vc, out._vc.value)
        elif kind is _SHAPE:
            saved[name] = args[key]._data.shape
        else:
            saved[name] = attrs[name] if name in attrs else op.defaults[name]
    if versions:
        hooks = (st or _local.state).saved_hooks
        if hooks:
            _pack(saved, versions, out, hooks[-1])
    node._saved = saved
    node._versions = versions
    node._wrapped = wrapped
    node._freed = False
    out._attach(node)
    if _anomaly.state.enabled:
        node._trace = _anomaly.capture_stack()
    return node


_NO_EDGE = (None, 0)


def _triples(flat):
    """(a, b, c, d, e, f) as (a, b, c), (d, e, f)."""
    items = iter(flat)
    return zip(items, items, items)
# Shared immutable tuples: a long graph's nodes then hold fewer objects of their own, which
# keeps Python's cyclic garbage collector (it scans every container object) off the hot path.
_METAS = {}   # (shape, dtype) -> ((shape, dtype),), a node's `_meta`
_NAMES = {}   # name -> (name,)


def _meta(meta):
    meta_tuple = (meta,)
    if len(_METAS) < 1024:
        _METAS[meta] = meta_tuple
    return meta_tuple
_new = object.__new__


# what a saved name refers to (see Op.save_plan)
_INPUT, _OUT, _SHAPE, _ATTR = "input", "out", "shape", "attr"


def _pack(saved, versions, out, hooks):
    """Hand every saved tensor to the innermost saved_tensors_hooks' pack hook."""
    pack, unpack = hooks
    for name in versions[::3]:
        tensor = out if name == "out" else saved[name]
        saved[name] = Packed(pack(tensor), unpack)


def _saved_attributes(op):
    """PyTorch's `grad_fn._saved_self`, `_saved_other`, `_saved_result` and
    `_saved_<name>` for the node class of `op`: what the node saved (None for an input or
    attribute it did not need). Properties rather than a `__getattr__`: on a class that has
    one, every attribute read takes Python's slow path, the engine's too."""
    names = {"out", *op.inputs, *(r for reads in op.reads for r in reads)} - {"g", "m", "i"}
    code = getattr(inspect.unwrap(op.forward), "__code__", None)
    if code is not None:   # keyword attributes of the call
        names.update(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    aliases = {"_saved_" + n: n for n in names}
    aliases.update(_saved_self=op.inputs[0], _saved_result="out")
    if len(op.inputs) > 1:
        aliases["_saved_other"] = op.inputs[1]
    return {attr: property(functools.partial(_saved_value, key=key, attr=attr))
            for attr, key in aliases.items()}


def _saved_value(node, key, attr):
    op = node.op
    known = key in op.inputs or key == "out" or key in op.defaults
    if key in node._saved or node._freed and known:
        return node._unpack(key, True)
    if known:
        return None
    raise AttributeError(f"'{type(node).__name__}' object has no attribute '{attr}'")


class OpNode(Node):
    """A node made by an `Op`: holds what the op saved and runs its derivatives."""
    # _versions: (name, counter, version) of each saved tensor, flat in one tuple;
    # _wrapped: names of saved Python numbers (`x * 2` saves the 2, as PyTorch does)
    __slots__ = ("_saved", "_versions", "_wrapped", "_freed")   # set by `record`
    op = None

    def _release(self):
        if self._versions or self._wrapped:
            for name in self._versions[::3] if self._versions else ():
                del self._saved[name]
            for name in self._wrapped:
                del self._saved[name]
            self._versions = self._wrapped = ()
            self._freed = True

    def _unpack(self, name, create_graph):
        """A saved value, checked against in-place changes since it was saved."""
        saved = self._saved
        if name not in saved:
            if self._freed:
                raise RuntimeError(FREED)
        value = saved[name]
        if type(value) is Packed:   # saved through saved_tensors_hooks: no version check
            t = value.unpack()
            return t if create_graph else t._data
        for vname, counter, version in _triples(self._versions):
            if vname == name and counter.value != version:
                raise RuntimeError(_modified_message(self, name, value, counter, version))
        if name == "out":
            return self._saved_output(value) if create_graph else value
        if isinstance(value, Tensor):
            return value if create_graph else value._data
        return value

    def _saved_output(self, data):
        # rebuilt on demand so the node does not own its output (no reference cycle)
        t = Tensor._make(data)
        t._attach(self)
        for vname, counter, _ in _triples(self._versions):
            if vname == "out":
                t._vc = counter
        tangent = self._saved.get("out_tangent")
        if tangent is not None:    # forward-over-reverse reads the output's tangent too
            t._tangent = tangent
        return t

    def _apply(self, grads, create_graph):
        if self._freed:
            raise RuntimeError(FREED)
        op = self.op
        saved = self._saved
        values = {"g": grads[0], "m": TensorMath if create_graph else ArrayMath}
        if create_graph:
            for name in saved:
                values[name] = self._unpack(name, True)
        else:   # plain backward: arrays, after checking no saved tensor changed in place
            if self._versions:
                self._check_versions()
            for name, value in saved.items():
                if isinstance(value, Tensor):
                    value = value._data
                elif type(value) is Packed:
                    value = value.unpack()._data
                if type(value) is np.ndarray and not value.ndim:
                    # a 0-dim array as a NumPy scalar: the same float32/float64 arithmetic,
                    # several times cheaper per operation than a ufunc call on an array
                    value = value[()]
                values[name] = value
        # each derivative with its arguments fetched by one itemgetter (see Op.getters);
        # an input that needs no gradient (no edge) gets None
        derivatives, getters, edges = op.derivatives, op.getters, self._next
        if op.variadic:   # one derivative for every input, told which by `i`
            result = []
            for i in range(len(edges) // 2):
                values["i"] = i
                result.append(None if edges[2 * i] is None else
                              derivatives[0](*getters[0](values)))
            return result
        if len(edges) == 2:
            return [derivatives[0](*getters[0](values))]
        result = []
        i = 0
        for fn in edges[::2]:
            result.append(None if fn is None else derivatives[i](*getters[i](values)))
            i += 1
        return result

    def _check_versions(self):
        """Raise PyTorch's error, naming the tensor, if a saved tensor was modified in
        place since it was saved."""
        versions = self._versions
        for k in range(1, len(versions), 3):
            if versions[k].value != versions[k + 1]:
                for name in self._saved:
                    self._unpack(name, False)    # raises for the modified one


def _modified_message(node, name, value, counter, version):
    t = value if isinstance(value, Tensor) else None
    dt = _dtype.from_numpy_dtype(value.dtype if t is None else t._data.dtype)
    shape = list(value.shape if t is None else t._data.shape)
    text = ("one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [torch.{dt.legacy_name} [{', '.join(map(str, shape))}]]")
    if name == "out":
        text += f", which is output 0 of {short_name(node.name())},"
    elif t is not None and t._grad_fn is not None:
        text += f", which is output {t._output_nr} of {short_name(t._grad_fn.name())},"
    text += f" is at version {counter.value}; expected version {version} instead. "
    from ..autograd import anomaly_mode
    if anomaly_mode.state.enabled:
        text += ("Hint: the backtrace further above shows the operation that failed to compute "
                 "its gradient. The variable in question was changed in there or anywhere later. "
                 "Good luck!")
    else:
        text += ANOMALY_HINT
    role = "its output" if name == "out" else f"its input '{name}'"
    if node._trace:   # anomaly mode: the user's line that made the node
        role += f" at {anomaly_mode.where(node._trace)}"
    changed = f" by {counter.op}" if counter.op else ""
    return (text + f"\n(retrograd: the tensor was saved by {node.name()} as {role} and "
            f"modified in place{changed} after that.)")


class ArrayMath:
    """`m` for plain backward passes: derivatives run on NumPy arrays."""


class TensorMath:
    """`m` for `create_graph=True`: derivatives run on tensors and are recorded."""


def math_function(array_fn, tensor_fn, name=None):
    """Give `m` one function, in its array and its tensor form."""
    name = name or tensor_fn.__name__
    setattr(ArrayMath, name, staticmethod(array_fn))
    setattr(TensorMath, name, staticmethod(tensor_fn))



class TensorMethods:
    """Tensor's methods named after ops; filled from the op table by `method`."""
    __slots__ = ()


def method(fn, name=None):
    """Make `fn` (an Op or a function of the tensor first) a Tensor method too."""
    fn = numpy_aliases(fn)
    name = name or fn.__name__
    setattr(TensorMethods, name, _as_method(fn.call if isinstance(fn, Op) else fn, name))
    return fn


def _as_method(fn, name):
    """The method: `fn` itself, as a copy named `Tensor.<name>`. It runs the same code; its
    code object, registered in `_args.METHOD_CODES`, tells PyTorch's argument errors, which differ between `x.sum(...)` and
    `torch.sum(x, ...)`, how the call came in (`_args.called_as_method`)."""
    if not isinstance(fn, types.FunctionType):
        return fn
    code = fn.__code__.replace()   # a code object of its own, which frames then show
    _args.METHOD_CODES.add(id(code))
    copy = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__,
                              fn.__closure__)
    copy.__kwdefaults__ = fn.__kwdefaults__
    copy.__dict__.update(fn.__dict__)
    copy.__doc__, copy.__module__ = fn.__doc__, fn.__module__
    copy.__qualname__ = f"Tensor.{name}"
    return copy


def numpy_aliases(fn):
    """PyTorch also accepts NumPy's spellings `axis=` for `dim=` and `keepdims=` for
    `keepdim=` (textbooks written for several frameworks use them): give a function that
    takes `dim` or `keepdim` the same two aliases."""
    code = getattr(inspect.unwrap(fn), "__code__", None)
    if code is None or getattr(fn, "_numpy_aliases", False):
        return fn
    params = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    if "dim" not in params and "keepdim" not in params:
        return fn

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if kwargs:
            if "axis" in kwargs:
                kwargs["dim"] = kwargs.pop("axis")
            if "keepdims" in kwargs:
                kwargs["keepdim"] = kwargs.pop("keepdims")
        return fn(*args, **kwargs)
    call._numpy_aliases = True
    # tracebacks (and explain's trace) name the function the user called, not `call`
    call.__code__ = call.__code__.replace(co_name=fn.__name__)
    return call


def _dense(a):
    """Whether `a`'s elements fill one block of memory with no gaps and no repeats (some
    permutation of a contiguous layout)."""
    expected = a.itemsize
    for stride, size in sorted((s, n) for s, n in zip(a.strides, a.shape) if n != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def _layout(a):
    """Sizes and strides of the dims that have more than one element (a size-1 dim's
    stride says nothing about where elements are)."""
    return [(n, st) for n, st in zip(a.shape, a.strides) if n != 1]


def check_no_partial_overlap(out, a):
    """PyTorch refuses an in-place write whose input shares only part of the written
    memory, or the same memory in another order (`x[1:] += x[:-1]`, `x += x.t()`): the
    result would depend on the order elements are visited. Layouts with gaps or repeats
    are too hard to decide and pass, as in PyTorch."""
    if not out.size or not a.size or not np.may_share_memory(out, a):
        return
    if not (_dense(out) and _dense(a)):
        return
    start_out, start_a = out.__array_interface__["data"][0], a.__array_interface__["data"][0]
    end_out, end_a = start_out + out.nbytes, start_a + a.nbytes
    if start_out == start_a and end_out == end_a and _layout(out) == _layout(a):
        return   # the very same elements: x += x, w.data[:] -= g
    if start_out < end_a and start_a < end_out:
        raise RuntimeError("unsupported operation: some elements of the input tensor and the "
                           "written-to tensor refer to a single memory location. Please "
                           "clone() the tensor before performing the operation.")


def check_inplace(t):
    """PyTorch refuses in-place writes to leaves that require grad (and to their views)
    while recording, since the leaf's old value may be needed for its gradient."""
    t._refresh()      # a view written in place through another view since its grad_fn was set
    if 0 in t._data.strides and not t._data.flags.writeable:    # an expanded tensor
        raise RuntimeError("unsupported operation: more than one element of the written-to "
                           "tensor refers to a single memory location. Please clone() the "
                           "tensor before performing the operation.")
    if _local.state.grad_enabled:
        if t._grad_fn is None and t._requires_grad:
            raise RuntimeError("a leaf Variable that requires grad is being used in an "
                               "in-place operation.")
        kind = getattr(t._grad_fn, "multi_view", None)      # a piece of split/unbind
        if kind is not None:
            raise RuntimeError(f"Output {t._output_nr} of {kind} is a view and is being "
                               "modified inplace. This view is the output of a function that "
                               "returns multiple views. Such functions do not allow the output "
                               "views to be modified inplace. You should replace the inplace "
                               "operation by an out-of-place one.")
        base = t._base
        if base is not None and base._grad_fn is None and base._requires_grad:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in "
                               "an in-place operation.")
    if t._is_inference and not _local.state.inference:
        raise RuntimeError("Inplace update to inference tensor outside InferenceMode is not "
                           "allowed.You can make a clone to get a normal tensor before doing "
                           "inplace update.See https://github.com/pytorch/rfcs/pull/17 for more "
                           "details.")


def apply_inplace(op, name, self, *args, **attrs):
    """`self.<op>_(*args)`: compute the op, write the result into self's memory, bump the
    version counter, and (when recording) make the op's node self's new grad_fn."""
    check_inplace(self)
    inputs = (self,) + args
    # x[i] = v writes x[i] alone: v may be that very region (`v[0] = v[0]`), not another
    written = self._data[attrs["key"]] if name == "copy_" and "key" in attrs else self._data
    for a in args:
        if isinstance(a, Tensor) and a._data is not self._data:
            check_no_partial_overlap(written, a._data)
    try:
        compute = op.dtype(inputs) if op.dtype else None
    except NotImplementedError:   # a kernel missing for the dtype: the cast is checked first
        if promote(inputs).category > self._dtype.category:
            compute = promote(inputs)
        else:
            raise
    if compute is not None and compute.category > self._dtype.category:
        raise RuntimeError(f"result type {compute.scalar_name} can't be cast to the desired "
                           f"output type {self._dtype.scalar_name}")
    st = _local.state
    recording = st.grad_enabled and op.node_class is not None and \
        self._dtype.differentiable and any(
            isinstance(a, Tensor) and a._requires_grad for a in inputs)
    arrays = ()
    try:
        arrays = [_array(a, compute) for a in inputs]
        if op.into is not None and not recording and not _forward.active and \
                st.tracer is None and _computed_into(op, self, arrays, attrs):
            self._written(name)
            return self
        result = op.forward(*arrays, **attrs)
    except ValueError:
        raise_broadcast_error(arrays)
        raise
    except RuntimeWarning:
        arrays, result = _quietly(op, inputs, compute, attrs)
    shape = self._data.shape
    if getattr(result, "shape", shape) != shape:
        import numpy as np
        if np.broadcast_shapes(result.shape, shape) != shape:
            raise RuntimeError(f"output with shape [{', '.join(map(str, shape))}] doesn't match "
                               f"the broadcast shape [{', '.join(map(str, result.shape))}]")
    if recording and any(kind is _INPUT and key == 0
                         for _, kind, key in op.save_plan((1 << len(op.derivatives)) - 1)):
        inputs = (_snapshot(self),) + args   # the derivative reads self's value before the write
    if recording and self._base is not None:
        from .shape import record_view_inplace
        before = _snapshot(self)
    if _forward.active:
        old = forward_ad.before_inplace(self)   # the old value and tangent, for the JVP
    version = self._vc.value
    self._write(result, name)
    if recording:
        if self._base is not None:
            record_view_inplace(op, self, before, inputs, attrs)
        else:
            node = record(op, inputs, attrs, self, st)
            if node is not None and any(a is self for a in args):
                _saved_before_write(node, op, inputs, self, version)
    if _forward.active:
        forward_ad.propagate_inplace(op, (old,) + args, attrs, self)
    if st.tracer is not None:
        st.tracer.forward(op, (self,) + args, attrs, self, inplace=True)
    return self


def _saved_before_write(node, op, inputs, self, version):
    """`a.mul_(a)`: the operand saved is the tensor written, saved (as in PyTorch) at its
    version before the write, so a backward that needs it finds it modified."""
    names = {name for name, kind, key in op.save_plan((1 << len(inputs)) - 1)
             if kind is _INPUT and key and inputs[key] is self}
    node._versions = tuple(item for n, vc, v in _triples(node._versions) for item in
                           (n, vc, version if n in names and vc is self._vc else v))


def _computed_into(op, self, arrays, attrs):
    """The fast lane of an in-place op that records nothing (`p -= lr * p.grad` under
    no_grad): the op's ufunc writes straight into self's memory, with no temporary result
    to copy back. Taken only when that is the same arithmetic: self already in the compute
    dtype, the other operand of that dtype (or a Python number) and broadcasting to self's
    shape, no attribute but a unit alpha. Returns whether it wrote."""
    data, other = arrays
    if data is not self._data or attrs and attrs != {"alpha": 1}:
        return False
    if type(other) is np.ndarray:
        if other.dtype != data.dtype or other.ndim > data.ndim or any(
                n != m and n != 1 for n, m in zip(other.shape[::-1], data.shape[::-1])):
            return False
    elif type(other) not in (int, float):
        return False
    with np.errstate(all="ignore"):   # inf and nan are values, as in the out-of-place lane
        op.into(data, other, out=data)
    return True


def _snapshot(t):
    """A copy of t's current value that keeps t's place in the graph."""
    s = Tensor._make(t._data.copy())
    s._grad_fn, s._output_nr, s._requires_grad = t._grad_fn, t._output_nr, t._requires_grad
    s._acc_ref = t._acc_ref
    return s


def inplace(op, name):
    """The in-place method `name` (e.g. `exp_`) of an op."""
    def fn(self, *args, **attrs):
        return apply_inplace(op, name, self, *args, **attrs)
    fn.__name__ = fn.__qualname__ = name
    fn.__wrapped__ = op   # its signature is the op's
    return method(fn)
