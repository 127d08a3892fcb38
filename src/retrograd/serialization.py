"""torch.save / torch.load in a format that never runs code when read.

A file is a NumPy .npz archive (a zip of uncompressed .npy members) holding:

- "s0", "s1", ...: one 1-D array per saved storage — the memory that one or more saved
  tensors view, trimmed to the span they use, written once however many tensors view it;
- "structure": a JSON text with the format name and version, the storages (dtype, length),
  the tensors (storage, offset, shape, strides, requires_grad, whether a Parameter) and the
  saved object — dicts (with their key types), OrderedDicts, lists, tuples, numbers,
  strings, None, dtypes and references to the tensors.

So tensors that shared memory when saved (a tensor and its views, `x` and `x[2:4]`) share it
again when loaded, as in PyTorch, and share one version counter, as views do.

Reading trusts nothing in the file: dtypes come from a fixed table of retrograd's dtypes by
PyTorch name, every entry's type and every size is checked against the bytes actually
present before anything is allocated, .npy headers are parsed without `allow_pickle`, and a
file that is wrong in any way raises one RuntimeError, `retrograd.load: cannot load <file>:
<what is wrong>`, having built nothing. Version 1 files (one array per tensor) still load.
Objects of other types (a whole nn.Module, for instance) are refused when saving: save
`state_dict()`.
"""
import io
import json
import math
import os
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
from numpy.lib import format as _npy_format

from ._tensor import Tensor
from . import _device, _dtype

FORMAT = "retrograd.save"
VERSION = 2
READS = (1, 2)              # the format versions `load` reads
MAX_DEPTH = 100             # nesting of containers, saving and loading
MAX_DIMS = 64               # NumPy's limit on dimensions
_HUGE = 2 ** 62 // 16       # no size, stride or offset in elements reaches this

_DTYPES = {d.name: d for d in _dtype.ALL}            # the only dtypes a file can name
_BY_NUMPY = {d.np: d for d in _dtype.ALL}


class _Malformed(Exception):
    """Raised inside `load`; turned into the one RuntimeError that names the file."""


# --- saving -----------------------------------------------------------------------------

def _encode(obj, tensors, seen, depth=0):
    """obj -> JSON-ready structure; tensors are appended to `tensors` (once per object)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"retrograd.save: the object is nested more than {MAX_DEPTH} levels "
                         "deep (or contains itself)")
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
        return {"tensor": seen[id(obj)]}
    if isinstance(obj, _dtype.dtype):
        return {"dtype": str(obj)}
    depth += 1
    if isinstance(obj, dict):
        kind = "odict" if isinstance(obj, OrderedDict) else "dict"
        return {kind: [[_encode(k, tensors, seen, depth), _encode(v, tensors, seen, depth)]
                       for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return {"list" if isinstance(obj, list) else "tuple":
                [_encode(v, tensors, seen, depth) for v in obj]}
    if getattr(obj, "__name__", None) == "<lambda>" or "<locals>" in getattr(
            obj, "__qualname__", ""):
        # what pickle says of a function it cannot find by name, as PyTorch's save does
        raise pickle.PicklingError(f"Can't pickle {obj!r}: attribute lookup {obj.__qualname__} "
                                   f"on {obj.__module__ or '__main__'} failed")
    raise TypeError(f"retrograd.save cannot store an object of type {type(obj).__name__}: it "
                    "stores tensors, numbers, strings, None and lists, tuples and dicts of "
                    "them (save a module's state_dict(), not the module)")


def _non_overlapping(shape, strides):
    """True when no two elements of (shape, strides) — in elements, all >= 0 — share a
    memory location: sorted by stride, each stride steps over everything the smaller ones
    reach. Every slice or permutation of a contiguous tensor passes; broadcast (stride-0)
    and other self-overlapping layouts do not."""
    reach = 0
    for stride, size in sorted((s, n) for n, s in zip(shape, strides) if n > 1):
        if stride <= reach:
            return False
        reach += stride * (size - 1)
    return True


def _root(a):
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def _address(a):
    return a.__array_interface__["data"][0]


def _plan_storages(tensors):
    """Group the tensors by the memory they view. Returns (storages, specs): one 1-D array
    per storage (the span its tensors use) and per tensor its storage, offset and strides
    into it, in elements. A tensor whose layout cannot be described that way (stride 0,
    negative strides, memory NumPy does not expose as one block) gets a storage of its own
    holding a contiguous copy."""
    groups, order = {}, []
    alone = []
    for i, t in enumerate(tensors):
        a = t._data
        item = a.itemsize
        shareable = (isinstance(a, np.ndarray) and a.size > 0
                     and all(s >= 0 and s % item == 0 for s in a.strides)
                     and _non_overlapping(a.shape, [s // item for s in a.strides]))
        if shareable:
            root = _root(a)
            shareable = root.flags.c_contiguous or root.flags.f_contiguous
        if not shareable:
            alone.append(i)
            continue
        key = (id(root), a.dtype)
        if key not in groups:
            groups[key] = (root, [])
            order.append(key)
        groups[key][1].append(i)

    storages, specs = [], [None] * len(tensors)
    for key in order:
        root, members = groups[key]
        item = key[1].itemsize
        base = _address(root)
        low = min(_address(tensors[i]._data) for i in members)
        high = max(_address(tensors[i]._data) + item
                   + sum((n - 1) * s for n, s in zip(tensors[i]._data.shape,
                                                       tensors[i]._data.strides))
                   for i in members)
        if any((_address(tensors[i]._data) - low) % item for i in members):
            alone.extend(members)       # views at byte offsets between elements
            continue
        flat = root.ravel(order="K").view(np.uint8)
        storages.append(flat[low - base:high - base].view(key[1]))
        for i in members:
            a = tensors[i]._data
            specs[i] = (len(storages) - 1, (_address(a) - low) // item,
                        [s // item for s in a.strides])
    for i in sorted(alone):
        a = np.ascontiguousarray(tensors[i]._data)
        storages.append(a.reshape(-1))
        specs[i] = (len(storages) - 1, 0, [s // a.itemsize for s in a.strides]
                    if a.size else _contiguous_strides(a.shape))
    return storages, specs


def _contiguous_strides(shape):
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return strides[::-1]


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Write `obj` to the path or binary file `f`."""
    _check_target(f)
    tensors, seen = [], {}
    encoded = _encode(obj, tensors, seen)
    storages, specs = _plan_storages(tensors)
    structure = {
        "format": FORMAT, "version": VERSION,
        "storages": [{"dtype": _BY_NUMPY[s.dtype].name, "size": int(s.size)}
                     for s in storages],
        "tensors": [{"storage": si, "offset": int(off), "shape": list(t._data.shape),
                     "stride": [int(s) for s in strides],
                     "requires_grad": bool(t._requires_grad),
                     "parameter": bool(t._is_parameter)}
                    for t, (si, off, strides) in zip(tensors, specs)],
        "object": encoded}
    arrays = {f"s{i}": s for i, s in enumerate(storages)}
    arrays["structure"] = np.frombuffer(json.dumps(structure).encode(), np.uint8)
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as fh:
            np.savez(fh, **arrays)
    else:
        np.savez(f, **arrays)


def _check_target(f):
    """PyTorch's errors for where `save` cannot write, raised before anything is encoded."""
    if isinstance(f, (str, os.PathLike)):
        path = os.fspath(f)
        if os.path.isdir(path):
            raise RuntimeError("[enforce fail at inline_container.cc:747] . open file failed "
                               "with strerror: Is a directory")
        parent = os.path.dirname(path)
        if parent and not os.path.isdir(parent):
            raise RuntimeError(f"Parent directory {parent} does not exist.")
    elif not hasattr(f, "write"):
        raise AttributeError("expected 'f' to be string, path, or a file-like object with a "
                             "'write' attribute")


# --- loading ----------------------------------------------------------------------------

def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _check_keys(node, keys, what):
    if not isinstance(node, dict):
        raise _Malformed(f"{what} is a {_json_type(node)}, not an object")
    if set(node) != set(keys):
        raise _Malformed(f"{what} has the fields {sorted(node)}, expected {sorted(keys)}")


def _json_type(v):
    return {dict: "JSON object", list: "JSON array", str: "string", bool: "boolean",
            int: "number", float: "number", type(None): "null"}.get(type(v), type(v).__name__)


class _Archive:
    """The members of an open zip, read only after their sizes are checked."""

    def __init__(self, zf, size):
        self.zf, self.size = zf, size        # size: the file's length in bytes
        self.infos = {}
        for info in zf.infolist():
            if info.filename in self.infos:
                raise _Malformed(f"the archive holds '{info.filename}' twice")
            self.infos[info.filename] = info
        self.used = set()

    def member(self, name, what):
        info = self.infos.get(name + ".npy")
        if info is None:
            raise _Malformed(f"{what} ('{name}.npy') is missing")
        if info.flag_bits & 0x1:
            raise _Malformed(f"{what} ('{name}.npy') is encrypted")
        if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
            raise _Malformed(f"{what} ('{name}.npy') is compressed (retrograd.save writes "
                             "members uncompressed)")
        if info.header_offset + info.compress_size > self.size:
            raise _Malformed(f"{what} ('{name}.npy') declares {info.file_size} bytes, more "
                             f"than the file's {self.size}")
        self.used.add(info.filename)
        return info

    def header(self, name, what):
        """(dtype, shape, fortran_order, data bytes, open member) of an .npy member, its
        header parsed and its sizes checked, its data not read yet."""
        info = self.member(name, what)
        fp = None
        try:
            fp = self.zf.open(info)
            version = _npy_format.read_magic(fp)
            if version == (1, 0):
                shape, fortran, dtype = _npy_format.read_array_header_1_0(fp)
            elif version == (2, 0):
                shape, fortran, dtype = _npy_format.read_array_header_2_0(fp)
            else:
                raise ValueError(f"unsupported .npy version {version}")
            nbytes = info.file_size - fp.tell()
        except Exception as e:     # zipfile's and NumPy's parsers fail in many ways
            if fp is not None:
                fp.close()
            if isinstance(e, zipfile.BadZipFile):     # read ahead to a wrong checksum
                raise _Malformed(f"{what} ('{name}.npy') is damaged: {e}") from None
            raise _Malformed(f"{what} ('{name}.npy') has a damaged header: "
                             f"{type(e).__name__}: {e}") from None
        if dtype not in _BY_NUMPY or dtype.hasobject:
            fp.close()
            raise _Malformed(f"{what} ('{name}.npy') holds elements of type {dtype}, not a "
                             "retrograd dtype")
        return _BY_NUMPY[dtype], shape, fortran, nbytes, fp

    def read(self, fp, dtype, count, name, what):
        """A fresh writable array of `count` elements read from the open member `fp`."""
        with fp:
            array = np.empty(count, dtype.np)
            try:
                got = fp.readinto(memoryview(array).cast("B")) if count else 0
                more = fp.read(1)
            except Exception as e:
                raise _Malformed(f"{what} ('{name}.npy') is damaged: {e}") from None
            if got != array.nbytes or more:
                raise _Malformed(f"{what} ('{name}.npy') does not hold the "
                                 f"{array.nbytes} bytes its header declares")
        return array


def _read_structure(archive):
    dtype, shape, fortran, nbytes, fp = archive.header("structure", "the structure entry")
    if dtype is not _dtype.uint8 or len(shape) != 1 or nbytes != shape[0]:
        fp.close()
        raise _Malformed("the structure entry is not a byte string")
    text = archive.read(fp, dtype, shape[0], "structure", "the structure entry")
    try:
        structure = json.loads(text.tobytes().decode())
    except (UnicodeDecodeError, ValueError) as e:
        raise _Malformed(f"the structure is not valid JSON: {e}") from None
    except RecursionError:
        raise _Malformed("the structure is nested too deeply") from None
    if not isinstance(structure, dict) or structure.get("format") != FORMAT:
        raise _Malformed("it is not a file written by retrograd.save")
    version = structure.get("version")
    if not _is_int(version) or version not in READS:
        raise _Malformed(f"it has format version {version!r}; this retrograd reads "
                         f"versions {', '.join(map(str, READS))}")
    return structure


class _Tensors:
    """The file's tensors, checked against their storages up front and made on first use."""

    def __init__(self, archive, structure):
        self.archive, self.made = archive, {}
        if structure["version"] == 1:
            self._v1_init(structure)
            return
        _check_keys(structure, ("format", "version", "storages", "tensors", "object"),
                    "the structure")
        storages, tensors = structure["storages"], structure["tensors"]
        if not isinstance(storages, list) or not isinstance(tensors, list):
            raise _Malformed("the storages or tensors table is not a list")
        self.storages = []
        for i, s in enumerate(storages):
            _check_keys(s, ("dtype", "size"), f"storage {i}")
            dtype = s["dtype"]
            if not isinstance(dtype, str) or dtype not in _DTYPES:
                raise _Malformed(f"storage {i} has dtype {dtype!r}, not one of "
                                 f"{', '.join(_DTYPES)}")
            if not _is_int(s["size"]) or s["size"] < 0:
                raise _Malformed(f"storage {i} has size {s['size']!r}")
            self.storages.append((_DTYPES[dtype], s["size"]))
        self.specs = [self._check_tensor(i, t) for i, t in enumerate(tensors)]
        self.views = [0] * len(self.storages)      # how many tensors view each storage
        for spec in self.specs:
            self.views[spec[0]] += 1
        self.arrays = {}

    def _check_tensor(self, i, t):
        what = f"tensor {i}"
        _check_keys(t, ("storage", "offset", "shape", "stride", "requires_grad",
                        "parameter"), what)
        si, offset, shape, stride = t["storage"], t["offset"], t["shape"], t["stride"]
        if not _is_int(si) or not 0 <= si < len(self.storages):
            raise _Malformed(f"{what} refers to storage {si!r}, which the file does not have")
        if not (isinstance(shape, list) and isinstance(stride, list)
                and len(shape) == len(stride) <= MAX_DIMS
                and all(_is_int(v) for v in shape + stride)):
            raise _Malformed(f"{what} has shape {shape!r} and strides {stride!r}: expected "
                             f"two lists of as many integers, at most {MAX_DIMS}")
        if any(v < 0 for v in shape + stride) or not _is_int(offset) or offset < 0:
            raise _Malformed(f"{what} has a negative size, stride or offset")
        if (math.prod(max(n, 1) for n in shape) > _HUGE or max(stride, default=0) > _HUGE
                or offset > _HUGE):
            raise _Malformed(f"{what} has shape {tuple(shape)}, strides {tuple(stride)} and "
                             f"offset {offset}: more than NumPy can address")
        dtype, size = self.storages[si]
        numel = math.prod(shape)
        if numel:
            end = offset + 1 + sum((n - 1) * s for n, s in zip(shape, stride))
            if end > size:
                raise _Malformed(f"{what} of shape {tuple(shape)} needs {end} elements of "
                                 f"storage {si}, which has {size}")
            if not _non_overlapping(shape, stride):
                raise _Malformed(f"{what} has strides {tuple(stride)} under which elements "
                                 "overlap")
        self._check_flags(what, t, dtype)
        return si, offset, shape, stride, t["requires_grad"], t["parameter"]

    @staticmethod
    def _check_flags(what, t, dtype):
        if not isinstance(t["requires_grad"], bool) or not isinstance(t["parameter"], bool):
            raise _Malformed(f"{what} has requires_grad/parameter flags that are not booleans")
        if t["requires_grad"] and not dtype.is_floating_point:
            raise _Malformed(f"{what} of dtype {dtype} says it requires grad (only floating "
                             "point tensors can)")

    def storage(self, si):
        if si not in self.arrays:
            dtype, size = self.storages[si]
            name, what = f"s{si}", f"storage {si}"
            got, shape, fortran, nbytes, fp = self.archive.header(name, what)
            if got is not dtype or tuple(shape) != (size,) or nbytes != size * dtype.itemsize:
                fp.close()
                raise _Malformed(f"{what} ('{name}.npy') holds {nbytes} bytes as {got} "
                                 f"{tuple(shape)}, the structure says {size} elements of "
                                 f"{dtype}")
            self.arrays[si] = Tensor._make(self.archive.read(fp, dtype, size, name, what))
        return self.arrays[si]

    def get(self, i):
        if not _is_int(i) or not 0 <= i < len(self.specs):
            raise _Malformed(f"the object refers to tensor {i!r}, which the file does not "
                             "have")
        if i not in self.made:
            self.made[i] = self._make(i)
        return self.made[i]

    def _make(self, i):
        si, offset, shape, stride, requires_grad, parameter = self.specs[i]
        owner = self.storage(si)
        shared = self.views[si] > 1
        item = owner._data.itemsize
        # a view whose .base is the storage array, so saving it again finds the sharing
        view = np.ndarray(shape, owner._data.dtype, buffer=owner._data,
                          offset=offset * item if math.prod(shape) else 0,
                          strides=[s * item for s in stride])
        # tensors of one storage view one array and share its version counter
        t = Tensor._make(view, base=owner) if shared else Tensor._make(view)
        return _finish(t, requires_grad, parameter)

    version1 = False

    def _v1_init(self, structure):
        """Version 1: one array "t<i>" per tensor, its flags in the object's tensor nodes."""
        self.version1 = True
        _check_keys(structure, ("format", "version", "object"), "the structure")

    def _v1_node(self, node):
        _check_keys(node, ("tensor", "requires_grad", "parameter"), "a tensor entry")
        i = node["tensor"]
        if not _is_int(i) or f"t{i}.npy" not in self.archive.infos:
            raise _Malformed(f"the object refers to tensor {i!r}, which the file does not "
                             "have")
        if i not in self.made:
            name, what = f"t{i}", f"tensor {i}"
            dtype, shape, fortran, nbytes, fp = self.archive.header(name, what)
            try:
                self._check_flags(what, node, dtype)
                if (len(shape) > MAX_DIMS or not all(_is_int(n) and n >= 0 for n in shape)
                        or math.prod(max(n, 1) for n in shape) > _HUGE
                        or nbytes != math.prod(shape) * dtype.itemsize):
                    raise _Malformed(f"{what} ('{name}.npy') declares shape {shape} but "
                                     f"holds {nbytes} bytes")
            except _Malformed:
                fp.close()
                raise
            flat = self.archive.read(fp, dtype, math.prod(shape), name, what)
            array = flat.reshape(shape, order="F" if fortran else "C")
            self.made[i] = _finish(Tensor._make(array), node["requires_grad"],
                                   node["parameter"])
        return self.made[i]


def _finish(t, requires_grad, parameter):
    if parameter:
        from .nn.parameter import Parameter
        return Parameter(t, requires_grad=requires_grad)
    return t.requires_grad_(requires_grad) if requires_grad else t


def _decode(node, tensors, depth=0):
    if depth > MAX_DEPTH:
        raise _Malformed(f"the object is nested more than {MAX_DEPTH} levels deep")
    if node is None or isinstance(node, (bool, str, float)):
        return node
    if not isinstance(node, dict):
        raise _Malformed(f"the object holds a bare {_json_type(node)}")
    if "tensor" in node:
        if tensors.version1:
            return tensors._v1_node(node)
        _check_keys(node, ("tensor",), "a tensor entry")
        return tensors.get(node["tensor"])
    if len(node) != 1:
        raise _Malformed(f"the object holds an entry with the fields {sorted(node)}")
    (kind, value), = node.items()
    if kind in ("int", "float", "dtype"):
        if not isinstance(value, str):
            raise _Malformed(f"the object holds an '{kind}' entry that is a "
                             f"{_json_type(value)}, not a string")
        if kind == "dtype":
            name = value[len("torch."):] if value.startswith("torch.") else None
            if name not in _DTYPES:
                raise _Malformed(f"the object names the dtype {value!r}, not one of "
                                 f"{', '.join('torch.' + n for n in _DTYPES)}")
            return _DTYPES[name]
        try:
            return int(value) if kind == "int" else float(value)
        except ValueError:
            raise _Malformed(f"the object holds an '{kind}' entry {value[:40]!r} that is not "
                             f"a{'n' if kind == 'int' else ''} {kind}") from None
    if kind not in ("dict", "odict", "list", "tuple"):
        raise _Malformed(f"the object holds an entry of unknown kind {kind!r}")
    if not isinstance(value, list):
        raise _Malformed(f"the object holds a '{kind}' entry that is a {_json_type(value)}, "
                         "not a list")
    depth += 1
    if kind in ("list", "tuple"):
        items = [_decode(v, tensors, depth) for v in value]
        return items if kind == "list" else tuple(items)
    out = OrderedDict() if kind == "odict" else {}
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise _Malformed(f"the object holds a '{kind}' item that is not a [key, value] "
                             "pair")
        key = _decode(pair[0], tensors, depth)
        try:
            hash(key)
        except TypeError:
            raise _Malformed(f"the object holds a '{kind}' key of unhashable type "
                             f"{type(key).__name__}") from None
        out[key] = _decode(pair[1], tensors, depth)
    return out


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None,
         **pickle_load_args):
    """Read what `save` wrote. A file that is not one (another program's, a newer format, a
    truncated, damaged or hand-made copy) raises RuntimeError and builds nothing."""
    if isinstance(f, (str, os.PathLike)):
        name = repr(os.fspath(f))
        with open(f, "rb") as fh:       # a missing file raises FileNotFoundError, as PyTorch
            return _located(_load(fh, name), map_location)
    if not hasattr(f, "seek"):
        raise AttributeError(f"'{type(f).__name__}' object has no attribute 'seek'. You can "
                             "only torch.load from a file that is seekable. Please pre-load the "
                             "data into a buffer like io.BytesIO and try to load from it "
                             "instead.")
    name = repr(f.name) if isinstance(getattr(f, "name", None), str) else "the file object"
    return _located(_load(io.BytesIO(f.read()), name), map_location)


_NO_CUDA = ("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() "
            "is False. If you are running on a CPU-only machine, please use torch.load with "
            "map_location=torch.device('cpu') to map your storages to the CPU.")


def _located(obj, map_location):
    """`map_location` as PyTorch reads it for data saved on the CPU: the CPU itself, a
    function, or a dict from 'cpu'; CUDA refused as PyTorch without CUDA refuses it."""
    where = map_location
    if isinstance(where, dict):
        where = where.get("cpu", "cpu")
    elif callable(where) and not isinstance(where, (str, _device.device)):
        return obj
    elif where is not None and not isinstance(where, (str, _device.device)):
        raise TypeError(f"'{type(where).__name__}' object is not callable")
    if where is None or str(where) == "cpu":
        return obj
    if str(where).startswith("cuda"):
        raise RuntimeError(_NO_CUDA)
    raise RuntimeError("don't know how to restore data location of "
                       f"torch.storage.UntypedStorage (tagged with {where})")


def _load(fh, name):
    try:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(0)
        try:
            zf = zipfile.ZipFile(fh)
        except Exception as e:      # zipfile's parser fails in many ways on bad input
            raise _Malformed(f"it is not a file written by retrograd.save, or it is "
                             f"truncated ({e})") from None
        with zf:
            archive = _Archive(zf, size)
            structure = _read_structure(archive)
            tensors = _Tensors(archive, structure)
            obj = _decode(structure["object"], tensors)
            if not tensors.version1:
                for si in range(len(tensors.storages)):
                    tensors.storage(si)        # every storage present and well-formed
            extra = sorted(set(archive.infos) - archive.used)
            if extra:
                raise _Malformed(f"the archive holds members the structure does not "
                                 f"describe: {', '.join(extra[:5])}")
            return obj
    except _Malformed as e:
        raise RuntimeError(f"retrograd.load: cannot load {name}: {e}") from None
