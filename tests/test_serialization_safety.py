"""torch.load of hostile or damaged files: a file can only make data, every fault is one
clear RuntimeError raised before anything large is allocated, and no file handle leaks.
Also: views keep sharing memory through save/load, as in PyTorch."""
import gc
import io
import json
import re
import struct
import time
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

import retrograd as torch
from retrograd import nn


# --- building files by hand ---------------------------------------------------------------

def npy(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=isinstance(array, np.ndarray) and array.dtype.hasobject)
    return buf.getvalue()


def npy_header_only(dtype, shape, data=b""):
    """An .npy member whose header declares `shape` but which holds only `data`."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False,
              "shape": shape})
    return buf.getvalue() + data


def archive(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)       # duplicate names, on purpose
        with zipfile.ZipFile(buf, "w", compression) as z:
            for name, data in members:
                z.writestr(name, data)
    return buf.getvalue()


def structure_member(doc):
    text = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return npy(np.frombuffer(text, np.uint8))


def good_doc():
    return {"format": "retrograd.save", "version": 2,
            "storages": [{"dtype": "float32", "size": 4}],
            "tensors": [{"storage": 0, "offset": 0, "shape": [4], "stride": [1],
                         "requires_grad": False, "parameter": False}],
            "object": {"list": [{"tensor": 0}]}}


def build(doc=None, s0=None, extra=(), drop=()):
    """A version-2 file from a structure and storage 0 (both defaulting to a good file)."""
    doc = good_doc() if doc is None else doc
    members = [("structure.npy", structure_member(doc)),
               ("s0.npy", npy(np.arange(4, dtype=np.float32)) if s0 is None else s0)]
    return archive([m for m in members if m[0] not in drop] + list(extra))


def edit(**changes):
    """good_doc() with paths replaced: edit(**{"tensors.0.shape": [5]})."""
    doc = good_doc()
    for path, value in changes.items():
        *head, last = path.split(".")
        node = doc
        for key in head:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        elif value is DELETE:
            del node[last]
        else:
            node[last] = value
    return build(doc)


DELETE = object()


def with_object(obj):
    doc = good_doc()
    doc["object"] = obj
    return build(doc)


def nested(depth):
    node = None
    for _ in range(depth):
        node = {"list": [node]}
    return node


def huge_member():
    """s0's central-directory entry claims 2 GiB of stored data in a file of a few hundred
    bytes: reading it as declared would allocate 2 GiB."""
    data = build(drop=("s0.npy",), extra=[("s0.npy", npy(np.arange(4, dtype=np.float32)))])
    at = data.rindex(b"PK\x01\x02")
    data = bytearray(data)
    struct.pack_into("<II", data, at + 20, 2 ** 31 - 1, 2 ** 31 - 1)
    return bytes(data)


def encrypted_member():
    data = bytearray(build())
    at = data.rindex(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 8, 1)
    return bytes(data)


def corrupted_storage_bytes():
    data = bytearray(build())
    payload = np.arange(4, dtype=np.float32).tobytes()
    at = bytes(data).index(payload)
    data[at] ^= 0xFF                        # the zip's CRC no longer matches
    return bytes(data)


def v1_file(t0, flags=(False, False), shape_header=None):
    doc = {"format": "retrograd.save", "version": 1,
           "object": {"tensor": 0, "requires_grad": flags[0], "parameter": flags[1]}}
    return archive([("t0.npy", t0), ("structure.npy", structure_member(doc))])


GOOD = build()


# name, file bytes, what the message must say after "cannot load <file>: "
MALFORMED = [
    # not a zip, or a broken one
    ("empty", b"", "not a file written by retrograd.save"),
    ("garbage", b"hello, this is not a zip", "not a file written by retrograd.save"),
    ("truncated", GOOD[:len(GOOD) // 2], "not a file written by retrograd.save"),
    ("truncated end", GOOD[:-3], "not a file written by retrograd.save"),
    ("bad crc", corrupted_storage_bytes(), "storage 0 .* is damaged: Bad CRC"),
    ("huge stored member", huge_member(), "declares 2147483647 bytes, more than the file"),
    ("compressed member", archive([("structure.npy", structure_member(good_doc())),
                                   ("s0.npy", npy(np.zeros(4, np.float32)))],
                                  zipfile.ZIP_DEFLATED), "is compressed"),
    ("encrypted member", encrypted_member(), "storage 0 .* is encrypted"),
    ("duplicate member", build(extra=[("s0.npy", npy(np.zeros(4, np.float32)))]),
     "holds 's0.npy' twice"),
    ("extra member", build(extra=[("payload.npy", npy(np.zeros(2)))]),
     "members the structure does not describe: payload.npy"),
    # the structure entry
    ("no structure", build(drop=("structure.npy",)), "structure entry .* is missing"),
    ("structure not bytes", archive([("structure.npy", npy(np.zeros(3)))]),
     "structure entry is not a byte string"),
    ("structure not json", build(doc=b"{not json"), "structure is not valid JSON"),
    ("structure not utf-8", build(doc=b"\xff\xfe{}"), "structure is not valid JSON"),
    ("structure a list", build(doc=[1, 2]), "not a file written by retrograd.save"),
    ("other format", edit(format="pickle"), "not a file written by retrograd.save"),
    ("future version", edit(version=99), "format version 99; this retrograd reads"),
    ("version as text", edit(version="2"), "format version '2'"),
    ("unknown top field", edit(code="import os"), "the structure has the fields"),
    ("missing tensors table", edit(tensors=DELETE), "the structure has the fields"),
    ("json recursion bomb", build(doc=b'{"a":' + b"[" * 100000 + b"]" * 100000 + b"}"),
     "nested too deeply"),
    ("npy bad magic", build(s0=b"NOTNUMPY" + bytes(100)), "storage 0 .* damaged header"),
    ("npy header a call", build(s0=b"\x93NUMPY\x01\x00\x40\x00" +
                                b"{'descr': __import__('os'), 'fortran_order': False, "
                                b"'shape': (4,)}".ljust(63) + b"\n"),
     "storage 0 .* damaged header"),
    # dtypes come from a table, never from attribute lookup
    ("dtype names a module", with_object({"dtype": "torch.numpy"}),
     "names the dtype 'torch.numpy', not one of torch.float16"),
    ("dtype names a function", with_object({"dtype": "torch.from_numpy_dtype"}),
     "names the dtype"),
    ("dtype private name", with_object({"dtype": "torch._FROM_NP"}), "names the dtype"),
    ("dtype not a string", with_object({"dtype": ["float32"]}), "'dtype' entry that is a JSON"),
    ("storage dtype a module", edit(**{"storages.0.dtype": "np"}),
     "storage 0 has dtype 'np', not one of float16"),
    ("storage dtype an alias attribute", edit(**{"storages.0.dtype": "ALIASES"}),
     "storage 0 has dtype 'ALIASES'"),
    ("storage dtype a number", edit(**{"storages.0.dtype": 5}), "storage 0 has dtype 5"),
    # entries of the object
    ("unknown kind", with_object({"pickle": "cos\nsystem\n"}), "unknown kind 'pickle'"),
    ("two-field entry", with_object({"list": [], "tuple": []}), "entry with the fields"),
    ("bare number", with_object(5), "bare number"),
    ("bare array", with_object([1, 2]), "bare JSON array"),
    ("list not a list", with_object({"list": "abc"}), "'list' entry that is a string"),
    ("dict not pairs", with_object({"dict": [[1, 2, 3]]}), "not a \\[key, value\\] pair"),
    ("unhashable key", with_object({"dict": [[{"list": []}, None]]}),
     "key of unhashable type list"),
    ("int not a string", with_object({"int": 5}), "'int' entry that is a number"),
    ("int garbage", with_object({"int": "12x"}), "'int' entry '12x' that is not an int"),
    ("int too long", with_object({"int": "9" * 100000}), "'int' entry .* not an int"),
    ("float garbage", with_object({"float": "pi"}), "'float' entry 'pi' that is not a float"),
    ("deep nesting", build(doc=json.dumps(good_doc()).replace(
        '{"list": [{"tensor": 0}]}', '{"list": [' * 150 + 'null' + ']}' * 150).encode()),
     "nested more than 100 levels"),
    # tensor references and tensor records
    ("tensor index out of range", with_object({"tensor": 7}), "refers to tensor 7"),
    ("tensor index a bool", with_object({"tensor": True}), "refers to tensor True"),
    ("tensor index a string", with_object({"tensor": "0"}), "refers to tensor '0'"),
    ("tensor entry extra field", with_object({"tensor": 0, "eval": "x"}),
     "a tensor entry has the fields"),
    ("tensor record missing field", edit(**{"tensors.0.stride": DELETE}),
     "tensor 0 has the fields"),
    ("tensor record not an object", edit(**{"tensors.0": [0, 0]}),
     "tensor 0 is a JSON array, not an object"),
    ("storage index out of range", edit(**{"tensors.0.storage": 3}), "refers to storage 3"),
    ("storage record wrong fields", edit(**{"storages.0": {"dtype": "float32"}}),
     "storage 0 has the fields"),
    ("shape longer than the bytes", edit(**{"tensors.0.shape": [5]}),
     "needs 5 elements of storage 0, which has 4"),
    ("offset past the bytes", edit(**{"tensors.0.offset": 1}),
     "needs 5 elements of storage 0"),
    ("stride past the bytes", edit(**{"tensors.0.shape": [2], "tensors.0.stride": [4]}),
     "needs 5 elements"),
    ("huge shape", edit(**{"tensors.0.shape": [10 ** 6, 10 ** 6],
                           "tensors.0.stride": [10 ** 6, 1]}),
     "needs 1000000000000 elements of storage 0, which has 4"),
    ("shape beyond addressing", edit(**{"tensors.0.shape": [0, 2 ** 40, 2 ** 40],
                                        "tensors.0.stride": [1, 1, 1]}),
     "more than NumPy can address"),
    ("negative size", edit(**{"tensors.0.shape": [-1]}), "negative size, stride or offset"),
    ("negative stride", edit(**{"tensors.0.stride": [-1]}), "negative size"),
    ("negative offset", edit(**{"tensors.0.offset": -2}), "negative size"),
    ("shape not integers", edit(**{"tensors.0.shape": [4.0]}), "two lists of as many integers"),
    ("shape and strides differ", edit(**{"tensors.0.stride": [1, 1]}),
     "two lists of as many integers"),
    ("too many dimensions", edit(**{"tensors.0.shape": [1] * 65, "tensors.0.stride": [1] * 65}),
     "at most 64"),
    ("overlapping strides", edit(**{"tensors.0.shape": [2, 2], "tensors.0.stride": [1, 1]}),
     "elements overlap"),
    ("broadcast stride", edit(**{"tensors.0.shape": [3], "tensors.0.stride": [0]}),
     "elements overlap"),
    ("requires_grad not a bool", edit(**{"tensors.0.requires_grad": "yes"}),
     "flags that are not booleans"),
    # storages against their .npy members
    ("missing storage", build(drop=("s0.npy",)), "storage 0 \\('s0.npy'\\) is missing"),
    ("object array", build(s0=npy(np.array([object(), 1], dtype=object))),
     "holds elements of type object, not a retrograd dtype"),
    ("structured dtype", build(s0=npy(np.zeros(4, [("a", "f4")]))),
     "not a retrograd dtype"),
    ("unsupported dtype", build(s0=npy(np.zeros(4, np.complex64))), "not a retrograd dtype"),
    ("storage dtype differs", build(s0=npy(np.zeros(4, np.float64))),
     "holds 32 bytes as torch.float64 \\(4,\\), the structure says 4 elements of torch.float32"),
    ("storage shorter than declared", build(s0=npy(np.zeros(3, np.float32))),
     "the structure says 4 elements"),
    ("storage header claims 10**12", build(
        doc=dict(good_doc(), storages=[{"dtype": "float32", "size": 10 ** 12}]),
        s0=npy_header_only(np.float32, (10 ** 12,), bytes(16))),
     "holds 16 bytes as torch.float32 \\(1000000000000,\\)"),
    ("storage 2-d", build(s0=npy(np.zeros((2, 2), np.float32))), "holds 16 bytes"),
    # integer and bool tensors never require grad
    ("int tensor requires grad", build(
        doc=dict(good_doc(), storages=[{"dtype": "int64", "size": 4}],
                 tensors=[dict(good_doc()["tensors"][0], requires_grad=True)]),
        s0=npy(np.arange(4))),
     "tensor 0 of dtype torch.int64 says it requires grad"),
    ("bool parameter requires grad", build(
        doc=dict(good_doc(), storages=[{"dtype": "bool", "size": 4}],
                 tensors=[dict(good_doc()["tensors"][0], requires_grad=True,
                               parameter=True)]),
        s0=npy(np.ones(4, bool))),
     "tensor 0 of dtype torch.bool says it requires grad"),
    # version 1 files (one array per tensor) are checked the same way
    ("v1 int requires grad", v1_file(npy(np.arange(3)), (True, False)),
     "tensor 0 of dtype torch.int64 says it requires grad"),
    ("v1 huge header", v1_file(npy_header_only(np.float64, (10 ** 6, 10 ** 6), bytes(8))),
     "declares shape \\(1000000, 1000000\\) but holds 8 bytes"),
    ("v1 object array", v1_file(npy(np.array([object()], dtype=object))),
     "holds elements of type object"),
    ("v1 missing array", archive([("structure.npy", structure_member(
        {"format": "retrograd.save", "version": 1,
         "object": {"tensor": 0, "requires_grad": False, "parameter": False}}))]),
     "refers to tensor 0"),
]


@pytest.mark.parametrize("name, data, message", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_file_raises_one_clear_error(tmp_path, name, data, message):
    path = tmp_path / "bad.pt"
    path.write_bytes(data)
    with pytest.raises(RuntimeError) as info:
        torch.load(path)
    text = str(info.value)
    prefix = f"retrograd.load: cannot load {str(path)!r}: "
    assert text.startswith(prefix), text
    assert re.search(message, text[len(prefix):]), text
    assert info.value.__cause__ is None and info.value.__suppress_context__
    # from an open file object: the same error, naming it
    with pytest.raises(RuntimeError, match="^retrograd.load: cannot load (the file object|')"):
        torch.load(io.BytesIO(data))


def test_malformed_files_allocate_nothing_large_and_fail_fast(tmp_path):
    """Every case, above all the ones declaring 10**12 elements or 2 GiB, is refused
    without allocating: the peak of traced memory (NumPy's buffers included) stays far
    below what any declared size would need."""
    paths = []
    for i, (name, data, _) in enumerate(MALFORMED):
        paths.append(tmp_path / f"{i}.pt")
        paths[-1].write_bytes(data)
    tracemalloc.start()
    try:
        for path, (name, data, _) in zip(paths, MALFORMED):
            tracemalloc.reset_peak()
            start = time.perf_counter()
            with pytest.raises(RuntimeError):
                torch.load(path)
            elapsed = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            assert peak < 8 * 2 ** 20, (name, peak)
            assert elapsed < 1.0, (name, elapsed)
    finally:
        tracemalloc.stop()


def test_the_allocation_check_would_see_a_large_allocation():
    """The peak measured above does include NumPy's buffers."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        block = np.ones(4 * 2 ** 20, np.uint8)
        assert tracemalloc.get_traced_memory()[1] >= block.nbytes
    finally:
        tracemalloc.stop()


def test_failed_load_returns_nothing_and_later_loads_work(tmp_path):
    path = tmp_path / "bad.pt"
    # everything up to the last member is valid: the tensor was already read
    data = build(extra=[("zzz.npy", npy(np.zeros(1)))])
    path.write_bytes(data)
    with pytest.raises(RuntimeError, match="does not describe: zzz.npy"):
        torch.load(path)
    assert path.read_bytes() == data
    path.write_bytes(GOOD)
    (t,) = torch.load(path)
    assert np.array_equal(t.numpy(), np.arange(4, dtype=np.float32))


def test_the_hand_built_good_file_loads():
    """The table's files are the good file with one thing wrong: the good one loads."""
    (t,) = torch.load(io.BytesIO(GOOD))
    assert t.dtype == torch.float32 and not t.requires_grad
    assert np.array_equal(t.numpy(), [0, 1, 2, 3])
    doc = good_doc()
    doc["tensors"][0].update(shape=[2], stride=[2], offset=1)
    (t,) = torch.load(io.BytesIO(build(doc)))
    assert np.array_equal(t.numpy(), [1, 3]) and t.stride() == (2,)
    doc["object"] = nested(100)
    back, depth = torch.load(io.BytesIO(build(doc))), 0
    while back is not None:
        back, depth = back[0], depth + 1
    assert depth == 100


# --- integer tensors and requires_grad ----------------------------------------------------

def test_integer_and_bool_tensors_load_without_requires_grad():
    for t in (torch.arange(3), torch.tensor([True, False]), torch.tensor(7, dtype=torch.uint8)):
        buf = io.BytesIO()
        torch.save(t, buf)
        buf.seek(0)
        back = torch.load(buf)
        assert back.dtype == t.dtype and not back.requires_grad
    p = nn.Parameter(torch.arange(3), requires_grad=False)
    buf = io.BytesIO()
    torch.save(p, buf)
    buf.seek(0)
    back = torch.load(buf)
    assert isinstance(back, nn.Parameter) and not back.requires_grad
    doc = good_doc()
    doc["tensors"][0]["requires_grad"] = True
    (t,) = torch.load(io.BytesIO(build(doc)))
    assert t.requires_grad and t.is_leaf


# --- handles ------------------------------------------------------------------------------

def _resource_warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        fn()
        gc.collect()
    return [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_no_file_handle_is_left_open(tmp_path):
    good = tmp_path / "good.pt"
    torch.save({"w": torch.ones(3), "v": [torch.arange(4)]}, good)

    def loads():
        torch.load(good)
        torch.save([torch.ones(2)], tmp_path / "again.pt")
        for i, (name, data, _) in enumerate(MALFORMED):
            path = tmp_path / f"bad{i}.pt"
            path.write_bytes(data)
            with pytest.raises(RuntimeError):
                torch.load(path)

    assert _resource_warnings(loads) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        loads()
        gc.collect()


def test_the_handle_check_sees_a_leak(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x")
    assert _resource_warnings(lambda: open(path, "rb")) != []


# --- views share memory through save and load --------------------------------------------

def roundtrip(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return torch.load(buf)


def test_views_share_memory_after_load():
    x = torch.arange(6.)
    a, b, c = roundtrip([x, x[2:4], x.view(2, 3).t()])
    a[2] = 100
    assert b[0].item() == 100 and c[2, 0].item() == 100
    b[1] = -1
    assert a[3].item() == -1 and c[0, 1].item() == -1
    assert c.stride() == (1, 3) and not c.is_contiguous()
    # one version counter, as views have: an in-place write through one is seen by all
    v = b._version
    a.add_(1)
    assert b._version == v + 1 and c._version == a._version


def test_sharing_survives_saving_a_loaded_file_again():
    x = torch.arange(6.)
    a, b = roundtrip(roundtrip([x, x[1::2]]))
    a[3] = 50
    assert b[1].item() == 50 and b.stride() == (2,)


def test_shared_version_counter_catches_a_write_through_another_loaded_view():
    x = torch.arange(4.)
    a, b = roundtrip([x, x[1:3]])
    w = torch.ones(2, requires_grad=True)
    y = (w * b).sum()           # saves b for the backward pass
    a.mul_(2)                   # changes b's memory
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_only_the_used_span_of_memory_is_saved():
    big = torch.zeros(100000)
    buf = io.BytesIO()
    torch.save([big[10:13], big[20:22]], buf)
    assert len(buf.getvalue()) < 2000               # 12 floats, not 100000
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z, z.open("structure.npy") as m:
        doc = json.loads(np.lib.format.read_array(m, allow_pickle=False).tobytes())
    assert doc["storages"] == [{"dtype": "float32", "size": 12}]
    assert [t["offset"] for t in doc["tensors"]] == [0, 10]
    a, b = torch.load(io.BytesIO(buf.getvalue()))
    assert a.shape == (3,) and b.shape == (2,)


def test_unrelated_tensors_and_odd_layouts_round_trip():
    x = torch.arange(12.).view(3, 4)
    expanded = torch.ones(3).expand(2, 3)          # stride 0: saved as its own copy
    flipped = x.flip(0)
    items = [x, x[:, 1::2], x.t(), expanded, flipped, torch.tensor(5.), torch.zeros(0, 3),
             x[1]]
    back = roundtrip(items)
    for t, u in zip(items, back):
        assert u.shape == t.shape and u.dtype == t.dtype
        assert np.array_equal(u.numpy(), t.numpy())
    back[3][0, 0] = 7           # a broadcast tensor loads as plain memory
    assert back[3].numpy().sum() == 7 + 5
    back[0][1, 0] = -5
    assert back[7][0].item() == -5 and back[2][0, 1].item() == -5


def test_views_of_parameters_and_grad_flags():
    p = nn.Parameter(torch.randn(4))
    with torch.no_grad():
        v = p[1:3]
    q, w = roundtrip([p, v])
    assert isinstance(q, nn.Parameter) and q.requires_grad and q.is_leaf
    assert not w.requires_grad and w.is_leaf
    with torch.no_grad():
        q[1] = 42.
    assert w[0].item() == 42.
    q.sum().backward()
    assert np.array_equal(q.grad.numpy(), np.ones(4, np.float32))


def test_version_1_files_still_load():
    """A file in the previous format: one array per tensor, flags in the object."""
    weight = np.arange(6, dtype=np.float32).reshape(2, 3)
    doc = {"format": "retrograd.save", "version": 1, "object": {"odict": [
        ["w", {"tensor": 0, "requires_grad": True, "parameter": True}],
        ["n", {"tensor": 1, "requires_grad": False, "parameter": False}],
        ["again", {"tensor": 0, "requires_grad": True, "parameter": True}],
        ["t", {"tensor": 2, "requires_grad": False, "parameter": False}],
        ["d", {"dtype": "torch.float64"}], ["big", {"int": str(2 ** 70)}]]}}
    data = archive([("t0.npy", npy(weight)), ("t1.npy", npy(np.array(3))),
                    ("t2.npy", npy(np.asfortranarray(weight.T))),
                    ("structure.npy", structure_member(doc))])
    sd = torch.load(io.BytesIO(data))
    assert list(sd) == ["w", "n", "again", "t", "d", "big"]
    assert isinstance(sd["w"], nn.Parameter) and sd["w"].requires_grad
    assert sd["again"] is sd["w"] and np.array_equal(sd["w"].detach().numpy(), weight)
    assert sd["n"].dtype == torch.int64 and sd["n"].item() == 3
    assert np.array_equal(sd["t"].numpy(), weight.T)
    assert sd["d"] is torch.float64 and sd["big"] == 2 ** 70


def test_saved_files_are_version_2_and_deeply_nested_objects_are_refused():
    buf = io.BytesIO()
    torch.save({"a": torch.ones(1)}, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert sorted(z.namelist()) == ["s0.npy", "structure.npy"]
        with z.open("structure.npy") as m:
            doc = json.loads(np.lib.format.read_array(m, allow_pickle=False).tobytes())
    assert doc["version"] == 2
    loop = []
    loop.append(loop)
    out = io.BytesIO()
    with pytest.raises(ValueError, match="nested more than 100 levels"):
        torch.save(loop, out)
    assert out.getvalue() == b""


def test_views_share_memory_as_in_pytorch(tmp_path):
    pt = pytest.importorskip("torch")
    results = []
    for lib in (pt, torch):
        x = lib.arange(6.)
        path = tmp_path / f"{lib.__name__}.pt"
        lib.save([x, x[2:4], x.view(2, 3).t(), x[::2]], path)
        a, b, c, d = lib.load(path)
        a[2] = 100
        b[1] = -7
        results.append([t.numpy().tolist() for t in (a, b, c, d)]
                       + [[t.stride() for t in (a, b, c, d)]])
    assert results[0] == results[1]
