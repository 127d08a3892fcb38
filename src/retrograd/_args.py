"""Arguments as PyTorch's argument parser reads them: sizes, dims and dtypes, with its
TypeError texts for anything else ("zeros(): argument 'size' (position 1) must be tuple of
ints, not float"). Every function that takes a size, a dim or a dtype reads it here."""
import builtins
import numbers
import operator
import sys

import numpy as np

from . import _dtype

_HEAP_TYPE = 1 << 9


def type_name(value):
    """The type's name as CPython's tp_name gives it in PyTorch's messages: `float`,
    `Tensor`, but `numpy.float64` for types defined in C outside the builtins."""
    t = type(value)
    named = getattr(t, "_type_name", None)    # a class standing for one of PyTorch's C types
    if named is not None:
        return named
    if t.__flags__ & _HEAP_TYPE or t.__module__ == "builtins":
        return t.__name__
    return f"{t.__module__}.{t.__qualname__}"


def is_int(value):
    """An integer a size or dim may be: Python or NumPy ints, integer 0-dim tensors; not
    bool, not float."""
    if isinstance(value, builtins.bool):
        return False
    if isinstance(value, (numbers.Integral, np.integer)):
        return True
    data = getattr(value, "_data", None)     # a Tensor
    return isinstance(data, np.ndarray) and data.ndim == 0 and data.dtype.kind in "iu"


def size(values, fn, arg="size", position=1, keyword=False):
    """A size given as `f(2, 3)`, `f((2, 3))` or `f([2, 3])` (`values` is the tuple of
    positional values, or a 1-tuple holding the keyword's value), as a tuple of ints."""
    where = "" if keyword else f" (position {position})"
    spread = len(values) != 1     # f(2, 3) rather than f((2, 3))
    if not spread and not is_int(values[0]):
        value = values[0]
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"{fn}(): argument '{arg}'{where} must be tuple of ints, not "
                            f"{type_name(value)}")
        values = value
    if values and not is_int(values[0]):
        if not spread:
            if keyword:
                raise TypeError(f"{fn}(): argument '{arg}' must be tuple of ints, not "
                                f"{type_name(values)}")
            raise TypeError(f"{fn}(): argument '{arg}'{where} must be tuple of ints, but "
                            f"found element of type {type_name(values[0])} at pos 0")
        raise TypeError(f"{fn}() takes {position} positional argument"
                        f"{'s' if position > 1 else ''} but {position - 1 + len(values)} "
                        "were given")
    for i, v in enumerate(values):
        if not is_int(v):
            raise TypeError(f"{fn}(): argument '{arg}' failed to unpack the object at pos "
                            f"{i + 1} with error \"type must be tuple of ints,but got "
                            f"{type_name(v)}\"")
        if not -2**63 <= int(v) < 2**63:
            raise TypeError(f"{fn}(): argument '{arg}' failed to unpack the object at pos "
                            f"{i + 1} with error \"Overflow when unpacking long long\"")
    return tuple(int(v) for v in values)


def integer(value, fn, arg, position):
    """An int argument (`dim`, `n`, `chunks`)."""
    if not is_int(value):
        raise TypeError(f"{fn}(): argument '{arg}' (position {position}) must be int, not "
                        f"{type_name(value)}")
    return int(value)


# Python's own types as dtypes, as PyTorch reads `dtype=float`
_PYTHON_DTYPES = {builtins.float: _dtype.float64, builtins.int: _dtype.int64,
                  builtins.bool: _dtype.bool}


def dtype(value, fn, arg="dtype"):
    """A `dtype=` argument: None, a dtype, or Python's float, int, bool."""
    if value is None or type(value) is _dtype.dtype:
        return value
    d = _PYTHON_DTYPES.get(value) if isinstance(value, type) else None
    if d is None:
        raise TypeError(f"{fn}(): argument '{arg}' must be torch.dtype, not "
                        f"{type_name(value)}")
    return d


# --- PyTorch's argument parser, for the calls it refuses -----------------------------------
# Functions read their arguments quickly themselves; when a read fails they hand the whole
# call to `reject`, which runs PyTorch's parser over PyTorch's declarations of the function
# (`_signatures.py`) and raises what it raises: "argument 'dim' (position 1) must be int, not
# float", "takes 1 positional argument but 2 were given", or the list of overloads.

# the name each declared type has in PyTorch's messages
_PRINTED = {"Tensor": "Tensor", "Scalar": "Number", "int64_t": "int", "SymInt": "int",
            "double": "float", "complex": "complex", "TensorList": "tuple of Tensors",
            "IntArrayRef": "tuple of ints", "SymIntArrayRef": "tuple of ints",
            "ArrayRef<double>": "tuple of floats", "Generator": "torch.Generator",
            "bool": "bool", "PyObject*": "object", "ScalarType": "torch.dtype",
            "Layout": "torch.layout", "MemoryFormat": "torch.memory_format",
            "Device": "torch.device", "std::string": "str", "c10::string_view": "str",
            "ScalarList": "tuple of Scalars"}
# the functions whose Tensor arguments also take Python numbers
_NUMBERS_AS_TENSORS = {"add", "add_", "div", "div_", "divide", "divide_", "mul", "mul_",
                       "multiply", "multiply_", "sub", "sub_", "subtract", "subtract_",
                       "true_divide", "true_divide_", "to", "copy_", "floor_divide",
                       "floor_divide_"}
# NumPy's spellings the parser also takes by keyword
_NUMPY_NAMES = {"dim": ("axis",), "keepdim": ("keepdims",), "input": ("x", "a", "x1"),
                "other": ("x2",)}


def _tensor(value):
    from ._tensor import Tensor
    return isinstance(value, Tensor)


def _is_index(value):
    """PyTorch's THPUtils_checkIndex: an int or anything with __index__, not a bool."""
    if isinstance(value, builtins.bool):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    try:
        operator.index(value)
        return True
    except TypeError:
        return False


def _is_long(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, builtins.bool)


def _is_double(value):
    return isinstance(value, (float, int, np.number, np.bool_)) or _tensor(value) and \
        not value.requires_grad and value.dim() == 0


def _is_scalar(value):
    return isinstance(value, (float, int, complex)) or _is_double(value)


def _first_is_index(value):
    return isinstance(value, (tuple, list)) and (not value or _is_index(value[0]))


def _check_dtype(value):
    return type(value) is _dtype.dtype or value in (float, int, builtins.bool, complex)


def _instance_of(name):
    def check(value):
        from . import _device, _rng
        cls = {"Generator": _rng.Generator, "Device": _device.device}.get(name)
        return cls is not None and isinstance(value, cls)
    return check


_CHECKS = {
    "Scalar": _is_scalar,
    "complex": lambda v: isinstance(v, complex) or _is_double(v),
    "double": _is_double,
    "int64_t": lambda v: _is_long(v) or _tensor(v) and v.dim() == 0 and
    not v.requires_grad and v.dtype.category == 1,
    "SymInt": _is_index,
    "ArrayRef<double>": lambda v: isinstance(v, (tuple, list)) and (
        not v or _is_double(v[0]) or isinstance(v[0], complex)),
    "Generator": _instance_of("Generator"),
    "bool": lambda v: type(v) is builtins.bool,
    "PyObject*": lambda v: True,
    "ScalarType": _check_dtype,
    "Layout": lambda v: False,
    "MemoryFormat": lambda v: False,
    "Device": lambda v: _is_long(v) or isinstance(v, str) or _instance_of("Device")(v),
    "std::string": lambda v: isinstance(v, str),
    "c10::string_view": lambda v: isinstance(v, str),
    "ScalarList": lambda v: isinstance(v, (tuple, list)) and builtins.all(
        isinstance(i, (float, int, complex)) for i in v),
}


class _Param:
    """One parameter of a declaration, `IntArrayRef[1]? dim=None`."""

    def __init__(self, text, keyword_only):
        kind, name = text.split(" ", 1)
        self.allow_none = "?" in kind
        kind = kind.replace("?", "")
        self.size = int(kind[kind.index("[") + 1:-1]) if "[" in kind else 0
        self.kind = kind.split("[")[0]
        self.name, eq, self.default = name.partition("=")
        self.optional = bool(eq)
        self.allow_none |= self.default == "None"
        self.keyword_only = keyword_only
        self.names = (self.name,) + _NUMPY_NAMES.get(self.name, ())

    def __str__(self):
        return f"{_PRINTED[self.kind]} {self.name}" + \
            (f" = {self.default}" if self.optional else "")

    def check(self, value, numbers_as_tensors, position):
        kind = self.kind
        if kind == "Tensor":
            return _tensor(value) or numbers_as_tensors and _is_scalar(value)
        if kind == "TensorList":
            if not isinstance(value, (tuple, list)):
                return False
            for i, v in enumerate(value):
                if not _tensor(v):    # raised even while other overloads are being tried
                    raise TypeError(f"expected Tensor as element {i} in argument {position}, "
                                    f"but got {type_name(v)}")
            return True
        if kind in ("IntArrayRef", "SymIntArrayRef"):
            return _first_is_index(value) or self.size > 0 and (
                _is_long(value) if kind == "IntArrayRef" else _is_index(value))
        return _CHECKS[kind](value)


class Signature:
    """One of PyTorch's declarations of a function, as its argument parser reads it."""

    def __init__(self, text):
        self.name, rest = text.split("(", 1)
        body, _, tail = rest.rpartition(")")
        self.hidden = tail in ("|hidden", "|deprecated")
        self.params = []
        keyword_only = False
        for part in body.split(", ") if body else ():
            if part == "*":
                keyword_only = True
            else:
                self.params.append(_Param(part, keyword_only))
        self.min_args = builtins.sum(not p.optional for p in self.params)
        self.max_args = len(self.params)
        self.max_pos_args = builtins.sum(not p.keyword_only for p in self.params)
        self.numbers_as_tensors = self.name in _NUMBERS_AS_TENSORS

    def __str__(self):
        parts, star = [], False
        for p in self.params:
            if p.keyword_only and not star:
                parts.append("*")
                star = True
            parts.append(str(p))
        return f"({', '.join(parts)})"

    def _extra_args(self, n):
        if self.min_args != self.max_pos_args:
            raise TypeError(f"{self.name}() takes from {self.min_args} to {self.max_pos_args} "
                            f"positional arguments but {n} were given")
        s = "" if self.max_pos_args == 1 else "s"
        raise TypeError(f"{self.name}() takes {self.max_pos_args} positional argument{s} but "
                        f"{n} {'was' if n == 1 else 'were'} given")

    def parse(self, args, kwargs, raise_error):
        """Whether the call matches; with `raise_error`, PyTorch's TypeError if not. A
        match then reads its lists of ints, with PyTorch's errors for their later elements."""
        lists = []
        if not self._match(args, kwargs, raise_error, lists):
            return False
        for p, values in lists:
            for i, v in enumerate(values):
                if not _is_index(v):
                    raise TypeError(f"{self.name}(): argument '{p.name}' failed to unpack the "
                                    f"object at pos {i + 1} with error \"type must be tuple of "
                                    f"ints,but got {type_name(v)}\"")
        return True

    def _match(self, args, kwargs, raise_error, lists):
        nargs = len(args)
        first = self.params[0] if self.params else None
        varargs = self.max_pos_args == 1 and first.kind in ("IntArrayRef", "SymIntArrayRef")
        if nargs > self.max_pos_args and not varargs:
            if raise_error:
                self._extra_args(nargs)
            return False
        used = 0
        pos = 0
        for i, p in enumerate(self.params):
            keyword = False
            missing = object()
            value = missing
            if pos < nargs:
                if p.keyword_only:
                    if raise_error:
                        self._extra_args(nargs)
                    return False
                value = args[pos]
            else:
                keyword = True
                for n in p.names:
                    if n in kwargs:
                        value = kwargs[n]
                        used += 1
                        break
            if value is missing:
                if p.optional:
                    continue
                if raise_error:
                    names = [f'"{q.name}"' for q in self.params[i:] if not q.optional]
                    # (PyTorch's text says "arguments" for one, "argument" for several)
                    raise TypeError(f"{self.name}() missing {len(names)} required positional "
                                    f"argument{'s' if len(names) == 1 else ''}: "
                                    f"{', '.join(names)}")
                return False
            if value is None and p.allow_none or p.check(value, self.numbers_as_tensors, i):
                pos += not keyword
                if p.kind.endswith("IntArrayRef") and isinstance(value, (tuple, list)):
                    lists.append((p, value))
                continue
            if varargs and pos == 0 and not keyword:
                if _first_is_index(args):   # f(2, 3) read as f((2, 3))
                    pos = nargs
                    lists.append((p, args))
                    continue
                if nargs > 1:
                    if raise_error:
                        self._extra_args(nargs)
                    return False
            if not raise_error:
                return False
            what = _PRINTED[p.kind]
            if keyword:
                raise TypeError(f"{self.name}(): argument '{p.name}' must be {what}, not "
                                f"{type_name(value)}")
            if isinstance(value, (tuple, list)) and p.kind.endswith("IntArrayRef"):
                raise TypeError(f"{self.name}(): argument '{p.name}' (position {pos + 1}) must "
                                f"be {what}, but found element of type {type_name(value[0])} "
                                "at pos 0")
            raise TypeError(f"{self.name}(): argument '{p.name}' (position {pos + 1}) must be "
                            f"{what}, not {type_name(value)}")
        if pos < nargs:    # positional arguments left over after a list
            if raise_error:
                self._extra_args(nargs)
            return False
        if used < len(kwargs):
            if raise_error:
                for key in kwargs:
                    index = next((i for i, p in enumerate(self.params) if key in p.names), -1)
                    if index < 0:
                        raise TypeError(f"{self.name}() got an unexpected keyword argument "
                                        f"'{key}'")
                    if index < nargs:
                        raise TypeError(f"{self.name}() got multiple values for argument "
                                        f"'{key}'")
                raise TypeError("invalid keyword arguments")
            return False
        return True


_parsed = {}


def signatures(key):
    """PyTorch's declarations of `key` ('sum' for torch.sum, 'Tensor.sum' for the method)."""
    sigs = _parsed.get(key)
    if sigs is None:
        from ._signatures import SIGNATURES
        sigs = _parsed[key] = [Signature(s) for s in SIGNATURES[key]]
    return sigs


METHOD_CODES = set()   # ids of the code objects of Tensor methods' copies (ops._op._as_method)


def called_as_method():
    """Whether the call came through a Tensor method (`x.sum(...)`, or a function that
    calls one, as F.softmin calls `x.softmax`) rather than a function (`torch.sum(x, ...)`):
    a frame of retrograd's own code then runs a Tensor method's code. Read on the error path
    only, where the texts differ."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("retrograd"):
        if id(frame.f_code) in METHOD_CODES:
            return True
        frame = frame.f_back
    return False


def reject(name, args, kwargs=None, method=None):
    """Raise the TypeError PyTorch's parser raises for `name(*args, **kwargs)`; return if
    the call matches one of PyTorch's declarations (the error is then the function's own).
    For a Tensor method, `args` starts with the tensor itself (`method` says whether it was
    called as one; by default this is read from how the call came in)."""
    kwargs = kwargs or {}
    if method is None:
        method = called_as_method()
    key = f"Tensor.{name}" if method else name
    from ._signatures import SIGNATURES
    if key not in SIGNATURES:
        key = name if method else f"Tensor.{name}"
        method = not method
    if method:
        args = args[1:]
    sigs = signatures(key)
    if len(sigs) == 1:
        sigs[0].parse(args, kwargs, True)
        return
    for s in sigs:
        if s.parse(args, kwargs, False):
            return
    n = len(args) + len(kwargs)
    plausible = [s for s in sigs if s.min_args <= n <= s.max_args and not s.hidden]
    if len(plausible) == 1:
        plausible[0].parse(args, kwargs, True)
    raise TypeError(_invalid_combination(name, [s for s in sigs if not s.hidden], args,
                                         kwargs))


def _describe(args, kwargs):
    """The call's argument types, as PyTorch lists them: `(int, dtype=str)`."""
    text = "".join(f"{type_name(a)}, " for a in args) + \
        "".join(f"{k}={type_name(v)}, " for k, v in kwargs.items())
    return f"({text[:-2] if args else text})"


def _invalid_combination(name, sigs, args, kwargs):
    """PyTorch's format_invalid_args: every overload, and for those taking as many
    arguments as were given, which ones did not match. (It counts what it reads from the
    printed form, where a `*` and an empty `()` count as one argument each.)"""
    text = f"{name}() received an invalid combination of arguments - got " \
        f"{_describe(args, kwargs)}, but expected one of:\n"
    for s in sigs:
        printed = str(s)
        text += f" * {printed}\n"
        counted = printed[1:-1].split(", ")
        if len(args) + len(kwargs) != len(counted):
            continue
        names = [c.rsplit(" ", 1)[-1] for c in counted]
        start = max(len(counted) - len(kwargs), 0)
        unmatched = [k for k in kwargs if k not in names[start:]]
        if unmatched:
            text += "      didn't match because some of the keywords were incorrect: " \
                f"{', '.join(unmatched)}\n"
            continue
        marks = []
        for i, c in enumerate(counted):
            a = args[i] if i < len(args) else kwargs[names[i]]
            mark = _element_types(a) if i < len(args) else f"{names[i]}={_element_types(a)}"
            marks.append(mark if _loose_match(c, a) else f"!{mark}!")
        listed = "".join(f"{m}, " for m in marks)
        text += "      didn't match because some of the arguments have invalid types: " \
            f"({listed[:-2] if args else listed})\n"
    return text


def _element_types(value):
    """A value's type, and for a tuple or list its elements' too: `tuple of (int, float)`."""
    if isinstance(value, tuple):
        inner = ", ".join(type_name(v) for v in value)
        return f"tuple of ({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, list):
        return f"list of [{', '.join(type_name(v) for v in value)}]"
    return type_name(value)


def _loose_match(printed, value):
    """format_invalid_args' own reading of a printed parameter: only `int` and `float`
    (and the exact type name) ever match."""
    kind = printed.rsplit(" ", 1)[0] if " " in printed else ""
    t = type_name(value)
    if kind == "float":
        return t in ("float", "int", "long")
    if kind == "int":
        return t in ("int", "long")
    return t == kind


def reject_bound(name, args, named=None, keywords=None):
    """`reject` from inside a Python function, whose parameters are bound already: `args`
    the leading ones (the tensor first), `named` the other positional-or-keyword ones in
    order, `keywords` the keyword-only ones. Which the user gave by keyword is gone by
    then; taken as given positionally are those in `named` not at their defaults
    (PyTorch's, or None) or followed by one that is not, the rest by keyword."""
    defaults = {}
    for key in (f"Tensor.{name}", name):
        if key in _signatures():
            for s in signatures(key):
                for p in s.params:
                    defaults.setdefault(p.name, p.default)

    def given(key, value):
        return value is not None and repr(value) != defaults.get(key)
    positional = list(args)
    named = list((named or {}).items())
    while named and not given(*named[-1]):
        named.pop()
    positional += [v for _, v in named]
    reject(name, tuple(positional),
           {k: v for k, v in (keywords or {}).items() if given(k, v)})


def _signatures():
    from ._signatures import SIGNATURES
    return SIGNATURES


def is_ints(value):
    """An int, or a tuple or list of ints (a `dim` that may name several)."""
    return is_int(value) or isinstance(value, (tuple, list)) and builtins.all(
        is_int(v) for v in value)


def is_dtype(value):
    return value is None or type(value) is _dtype.dtype
