"""Short, readable summaries of values, shapes and gradients, shared by every view."""
import math
import re

import numpy as np


def number(v):
    """A float as people write it: `4096`, `0.33669`, `1.5e-08`, `nan`."""
    v = float(v)
    if math.isnan(v) or math.isinf(v):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def shape(s):
    """A shape as PyTorch lists it: `[2, 3]`, `[]` for a scalar."""
    return "[" + ", ".join(map(str, s)) + "]"


def array(a, long=False):
    """A value in a few characters: the number for one element, the elements for a few,
    else shape and norm (`long` adds mean, min and max)."""
    a = np.asarray(a)
    if a.size == 1:
        return number(a.reshape(()).item()) if a.dtype.kind != "b" else str(bool(a.reshape(())))
    if a.size <= 4 and a.ndim == 1:
        if a.dtype.kind == "b":
            return "[" + ", ".join(str(bool(x)) for x in a) + "]"
        return "[" + ", ".join(number(x) for x in a.tolist()) + "]"
    if a.size == 0:
        return f"{shape(a.shape)} (empty)"
    if a.dtype.kind == "b":
        return f"{shape(a.shape)} {int(a.sum())} True"
    with np.errstate(all="ignore"):
        f = a.astype(np.float64)
        text = f"{shape(a.shape)} ‖·‖={number(np.sqrt((f * f).sum()))}"
        if long:
            text += f" mean={number(f.mean())} min={number(f.min())} max={number(f.max())}"
    return text


def value(x, long=False):
    """`array` for tensors, arrays, numbers and None alike."""
    if x is None:
        return "None"
    data = getattr(x, "_data", x)
    if isinstance(data, (bool, int, float)):
        return number(data) if not isinstance(data, bool) else str(data)
    if isinstance(data, np.ndarray) or np.isscalar(data):
        return array(data, long)
    return type(x).__name__


def literal(v, limit=40):
    """A non-tensor argument as code would spell it, kept short."""
    if isinstance(v, float):
        return number(v)
    if isinstance(v, np.ndarray) or hasattr(v, "_data"):
        return value(v)
    if v is Ellipsis:
        return "..."
    if isinstance(v, slice):
        parts = ["" if x is None else literal(x) for x in (v.start, v.stop, v.step)]
        return ":".join(parts[:2] if v.step is None else parts)
    if isinstance(v, tuple) and len(v) != 1:
        return "(" + ", ".join(literal(x) for x in v) + ")"
    text = repr(v)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def index(key):
    """An indexing key as it is written inside `[...]`: `..., 0`, `:, 1:3`."""
    if isinstance(key, tuple):
        return ", ".join(literal(k) for k in key) if key else "()"
    return literal(key)


def gradient(g):
    """(full, short) summaries of a gradient: the short one, for edge labels, is the value
    of a one-element gradient, else its norm and shape (`‖0.1164‖ [4,5]`)."""
    full = value(g)
    data = np.asarray(getattr(g, "_data", g))
    if data.size == 1:
        return full, full
    with np.errstate(all="ignore"):
        f = data.astype(np.float64)
        norm = float(np.sqrt((f * f).sum()))
    return full, f"‖{norm:.4g}‖ [{','.join(map(str, data.shape))}]"


def xml(text):
    """Text made safe inside XML/HTML (xml.sax.saxutils would pull in urllib and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def op_name(node_name):
    """`MulBackward0` -> `mul`, `LinalgVectorNormBackward0` -> `linalg_vector_norm`."""
    base = re.sub(r"Backwards?\d*$", "", node_name)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", base).lower()
