"""torch.save / torch.load in a format that never runs code when read.

A file is a NumPy .npz archive (a zip): one array per distinct tensor ("t0", "t1", ...) and
"structure", a JSON text describing the saved object — dicts (with their key types),
OrderedDicts, lists, tuples, numbers, strings, None, and references to the tensor arrays.
It is read with `allow_pickle=False`, so loading a file can only produce data. Objects of
other types (a whole nn.Module, for instance) are refused when saving: save `state_dict()`.
"""
import io
import json
import math
import os
import zipfile
from collections import OrderedDict

import numpy as np

from ._tensor import Tensor
from . import _dtype

FORMAT = "retrograd.save"
VERSION = 1


def _encode(obj, tensors, seen):
    """obj -> JSON-ready structure; tensors are appended to `tensors` (once per object)."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return {"int": str(obj)}          # JSON numbers would lose big ints in some readers
    if isinstance(obj, float):
        return {"float": repr(obj)} if not math.isfinite(obj) else obj
    if isinstance(obj, Tensor):
        if id(obj) not in seen:
            seen[id(obj)] = len(tensors)
            tensors.append(obj)
        return {"tensor": seen[id(obj)], "requires_grad": obj._requires_grad,
                "parameter": bool(obj._is_parameter)}
    if isinstance(obj, _dtype.dtype):
        return {"dtype": str(obj)}
    if isinstance(obj, dict):
        kind = "odict" if isinstance(obj, OrderedDict) else "dict"
        return {kind: [[_encode(k, tensors, seen), _encode(v, tensors, seen)]
                       for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return {"list" if isinstance(obj, list) else "tuple":
                [_encode(v, tensors, seen) for v in obj]}
    raise TypeError(f"retrograd.save cannot store an object of type {type(obj).__name__}: it "
                    "stores tensors, numbers, strings, None and lists, tuples and dicts of "
                    "them (save a module's state_dict(), not the module)")


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Write `obj` to the path or binary file `f`."""
    tensors, seen = [], {}
    structure = {"format": FORMAT, "version": VERSION, "object": _encode(obj, tensors, seen)}
    arrays = {f"t{i}": t._data for i, t in enumerate(tensors)}
    arrays["structure"] = np.frombuffer(json.dumps(structure).encode(), np.uint8)
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as fh:
            np.savez(fh, **arrays)
    else:
        np.savez(f, **arrays)


def _decode(node, arrays, made):
    if node is None or isinstance(node, (bool, str, float)):
        return node
    if not isinstance(node, dict) or len(node) not in (1, 3):
        raise RuntimeError("retrograd.load: the file's structure is corrupt")
    if "tensor" in node:
        i = node["tensor"]
        if i not in made:
            made[i] = _make_tensor(arrays[f"t{i}"], node)
        return made[i]
    (kind, value), = node.items()
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "dtype":
        return getattr(_dtype, value.split(".")[-1])
    if kind in ("dict", "odict"):
        pairs = [(_decode(k, arrays, made), _decode(v, arrays, made)) for k, v in value]
        return OrderedDict(pairs) if kind == "odict" else dict(pairs)
    if kind == "list":
        return [_decode(v, arrays, made) for v in value]
    if kind == "tuple":
        return tuple(_decode(v, arrays, made) for v in value)
    raise RuntimeError(f"retrograd.load: unknown entry '{kind}' in the file's structure")


def _make_tensor(array, node):
    t = Tensor._make(np.array(array))
    if node.get("parameter"):
        from .nn.parameter import Parameter
        return Parameter(t, requires_grad=node.get("requires_grad", True))
    t._requires_grad = bool(node.get("requires_grad"))
    return t


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None,
         **pickle_load_args):
    """Read what `save` wrote. A file that is not one (another program's, a newer format,
    a truncated copy) raises RuntimeError and builds nothing."""
    name = f if isinstance(f, (str, os.PathLike)) else getattr(f, "name", "the file")
    try:
        data = f.read() if not isinstance(f, (str, os.PathLike)) else open(f, "rb").read()
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as e:
        if isinstance(e, FileNotFoundError):
            raise
        raise RuntimeError(f"retrograd.load: {name} is not a file written by retrograd.save "
                           f"(or it is truncated or damaged): {e}") from None
    if "structure" not in arrays:
        raise RuntimeError(f"retrograd.load: {name} is not a file written by retrograd.save "
                           "(no structure entry)")
    try:
        structure = json.loads(arrays.pop("structure").tobytes().decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RuntimeError(f"retrograd.load: the structure of {name} is damaged") from None
    if not isinstance(structure, dict) or structure.get("format") != FORMAT:
        raise RuntimeError(f"retrograd.load: {name} is not a file written by retrograd.save")
    if structure.get("version") != VERSION:
        raise RuntimeError(f"retrograd.load: {name} has format version "
                           f"{structure.get('version')}, this retrograd reads version "
                           f"{VERSION}")
    try:
        return _decode(structure["object"], arrays, {})
    except (KeyError, TypeError, AttributeError):
        raise RuntimeError(f"retrograd.load: the structure of {name} is damaged") from None
