"""Printing tensors exactly as PyTorch 2.13 prints them (the rules of `torch/_tensor_str.py`).

`repr(t)` (== `str(t)`) is `tensor(<body>, <suffixes>)`, built in four steps:

1. summarise: when `numel > threshold`, keep only `edgeitems` entries at each end of
   every dimension longer than `2 * edgeitems` (the rest becomes `...`);
2. format (PyTorch's `_Formatter`): from the kept values choose int mode (`3.`),
   fixed (`3.1416`) or scientific (`3.1416e+00`) notation and one common width;
3. lay out: 1-D rows wrapped at `linewidth`, N-D rows nested with blank lines;
4. suffixes: `size=`, `dtype=`, `grad_fn=` or `requires_grad=True`, `tangent=`, each put
   on a new line when it would pass `linewidth`.

Values are formatted from the Python float of the *stored* value, so float32 rounding
shows (`12345.678` prints `12345.6777`), exactly as in PyTorch.
"""
import contextlib
import math

import numpy as np

from ._dtype import bool as _bool
from ._dtype import get_default_dtype, int64

__all__ = ["tensor_repr", "set_printoptions", "get_printoptions", "printoptions", "PRINT_OPTS"]

_PREFIX = "tensor("
_INDENT = len(_PREFIX)  # continuation lines line up under the first element


class _PrintOptions:
    """The current options, like `torch._tensor_str.PRINT_OPTS` (one global set)."""
    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")

    def __init__(self):
        self.precision = 4
        self.threshold = 1000
        self.edgeitems = 3
        self.linewidth = 80
        self.sci_mode = None


PRINT_OPTS = _PrintOptions()

# torch.set_printoptions(profile=...): (precision, threshold, edgeitems, linewidth)
_PROFILES = {
    "default": (4, 1000, 3, 80),
    "short": (2, 1000, 2, 80),
    "full": (4, math.inf, 3, 80),
}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """torch.set_printoptions: a profile first, then any explicit option on top of it."""
    if profile in _PROFILES:  # PyTorch silently ignores an unknown profile name
        (PRINT_OPTS.precision, PRINT_OPTS.threshold,
         PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth) = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    # As in PyTorch, every call sets sci_mode, so leaving it out resets it to None (auto).
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """torch.get_printoptions: a dict that can be passed back to set_printoptions."""
    return {name: getattr(PRINT_OPTS, name) for name in _PrintOptions.__slots__}


class printoptions(contextlib.ContextDecorator):
    """torch.printoptions: set options for a `with` block (or a decorated function)."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._saved = []

    def __enter__(self):
        self._saved.append(get_printoptions())
        set_printoptions(**self._kwargs)

    def __exit__(self, *exc):
        set_printoptions(**self._saved.pop())
        return False


# ---------------------------------------------------------------------------------------
# 1. summarise


def _summarized(data, edge):
    """get_summarized_data: the first and last `edge` entries of every long dimension."""
    index = [np.r_[0:edge, n - edge:n] if n > 2 * edge else np.arange(n) for n in data.shape]
    return data[np.ix_(*index)]


# ---------------------------------------------------------------------------------------
# 2. format (_Formatter)


def _format_ints(values):
    """Ints and bools print with str(), right-aligned to the widest (` True`)."""
    strs = [str(v) for v in values]
    width = max(map(len, strs))
    return [s.rjust(width) for s in strs], width


def _format_floats(values):
    """_Formatter for floats: the element strings, right-aligned to a common width.

    Only non-zero finite values decide the mode and the width (zeros, nan, inf don't):
    int mode if all are integral; scientific if max/min > 1000, max > 1e8 or min < 1e-4
    (of the absolute values), unless `sci_mode` forces it; fixed otherwise.
    """
    isfinite = math.isfinite
    decisive = [v for v in values if v != 0 and isfinite(v)]
    if not decisive:  # all zero / nan / inf: int mode, never scientific
        sci, int_mode = False, True
    else:
        int_mode = all(v.is_integer() for v in decisive)
        sci = PRINT_OPTS.sci_mode
        if sci is None:
            largest = max(map(abs, decisive))
            smallest = min(map(abs, decisive))
            sci = largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4
    if sci:
        spec = f".{PRINT_OPTS.precision}e"
        strs = [format(v, spec) for v in values]
    elif int_mode:  # "28." - the dot marks a float; nan and inf get none
        strs = [f"{v:.0f}." if isfinite(v) else f"{v:.0f}" for v in values]
    else:
        spec = f".{PRINT_OPTS.precision}f"
        strs = [format(v, spec) for v in values]
    if len(decisive) == len(values):
        width = max(map(len, strs))
    else:
        width = max([len(s) for s, v in zip(strs, values) if v != 0 and isfinite(v)] or [1])
    return [s.rjust(width) for s in strs], width  # right-aligned; longer ones stay as they are


# ---------------------------------------------------------------------------------------
# 3. lay out


def _vector_str(strs, cut, indent, width):
    """_vector_str: one row, `...` in the middle if cut, wrapped to fit `linewidth`."""
    if cut:
        edge = PRINT_OPTS.edgeitems
        strs = strs[:edge] + [" ..."] + strs[edge:]
    # Each element takes width + 2 (", "); the computed width, not the actual string length.
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / (width + 2)))
    lines = [", ".join(strs[i:i + per_line]) for i in range(0, len(strs), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(strs, shape, cuts, indent, width):
    """_tensor_str_with_formatter: `strs` (flat, C order) nested into brackets by `shape`.

    Sub-tensors are separated by "," and dim-1 newlines (blank lines between blocks);
    `cuts[d]` says dim d was summarised and gets a `...` row.
    """
    if len(shape) == 1:
        return _vector_str(strs, cuts[0], indent, width)
    step = len(strs) // shape[0]
    rows = [_nested_str(strs[i:i + step], shape[1:], cuts[1:], indent + 1, width)
            for i in range(0, len(strs), step)]
    if cuts[0]:
        rows.insert(PRINT_OPTS.edgeitems, "...")
    return "[" + ("," + "\n" * (len(shape) - 1) + " " * (indent + 1)).join(rows) + "]"


def _body_str(data, floating, indent):
    """_tensor_str: the bracketed values of a non-empty array."""
    format_values = _format_floats if floating else _format_ints
    if data.ndim == 0:  # a scalar needs no alignment: its width is its own length
        return format_values([data.item()])[0][0]
    edge = PRINT_OPTS.edgeitems
    if data.size > PRINT_OPTS.threshold:
        if not edge:  # edgeitems=0 keeps no values at all; the size= suffix gives the shape
            return "[...]"
        cuts = [n > 2 * edge for n in data.shape]
        data = _summarized(data, edge) if any(cuts) else data
    else:
        cuts = [False] * data.ndim
    strs, width = format_values(data.ravel().tolist())
    return _nested_str(strs, data.shape, cuts, indent, width)


# ---------------------------------------------------------------------------------------
# 4. suffixes and the whole repr


def _add_suffixes(text, suffixes, indent):
    """_add_suffixes: ", suffix" on the same line, or on a new indented line if too long."""
    # PyTorch's own arithmetic: the last line counts one more (two if there is no newline).
    last_len = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if last_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def _grad_fn_name(grad_fn):
    name = grad_fn.name() if hasattr(grad_fn, "name") else type(grad_fn).__name__
    return name.rsplit("::", 1)[-1]  # C++ functions print without their namespace


def _tangent_str(tangent):
    """f"{tangent}": a 0-dim tensor formats as its Python number (`tangent=2.0`)."""
    data = getattr(tangent, "_data", None)
    if data is not None and data.ndim == 0:
        return str(data.item())
    return repr(tangent)


def tensor_repr(t):
    """repr(t) / str(t) of a retrograd tensor, character for character PyTorch's."""
    data = t._data
    dtype = t.dtype
    suffixes = []
    if data.size == 0:
        if data.ndim != 1:  # like NumPy, an empty tensor shows its shape unless it is (0,)
            suffixes.append("size=" + str(tuple(data.shape)))
        if dtype is not get_default_dtype():  # no values to tell the dtype: even int64 shows
            suffixes.append("dtype=" + str(dtype))
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:  # nothing is printed, so the shape is
            suffixes.append("size=" + str(tuple(data.shape)))
        if dtype is not get_default_dtype() and dtype is not int64 and dtype is not _bool:
            suffixes.append("dtype=" + str(dtype))
        body = _body_str(data, dtype.is_floating_point, _INDENT)
    grad_fn = t.grad_fn
    if grad_fn is not None:  # grad_fn= replaces requires_grad=True, never both
        suffixes.append("grad_fn=<" + _grad_fn_name(grad_fn) + ">")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    tangent = getattr(t, "_tangent", None)
    if tangent is not None:
        suffixes.append("tangent=" + _tangent_str(tangent))
    text = _add_suffixes(_PREFIX + body, suffixes, _INDENT)
    if getattr(t, "_is_parameter", False):
        return "Parameter containing:\n" + text
    return text
