"""torch.save / torch.load: round trips, shared tensors, and refusing what it cannot read."""
import io
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import retrograd as torch
from retrograd import nn


def roundtrip(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return torch.load(buf)


def test_tensor_roundtrip_keeps_values_dtype_and_requires_grad(tmp_path):
    for t in (torch.randn(3, 4), torch.arange(5), torch.tensor(2.5, dtype=torch.float64),
              torch.tensor([True, False]), torch.zeros(0, 3)):
        path = tmp_path / "t.pt"
        torch.save(t, path)
        back = torch.load(path)
        assert back.dtype == t.dtype and back.shape == t.shape
        assert np.array_equal(back.numpy(), t.numpy())
    w = torch.ones(2, requires_grad=True)
    assert roundtrip(w).requires_grad


def test_state_dict_roundtrip_restores_a_model():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    net(torch.randn(5, 3))             # moves the running statistics
    sd = roundtrip(net.state_dict())
    assert isinstance(sd, OrderedDict) and list(sd) == list(net.state_dict())
    assert str(sd["1.num_batches_tracked"].dtype) == "torch.int64"
    torch.manual_seed(1)
    other = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    other.load_state_dict(sd)
    x = torch.randn(2, 3)
    net.eval(), other.eval()
    assert np.array_equal(net(x).detach().numpy(), other(x).detach().numpy())


def test_nested_containers_numbers_and_optimizer_state():
    p = nn.Parameter(torch.randn(3))
    opt = torch.optim.Adam([p], lr=0.1)
    (p * p).sum().backward()
    opt.step()
    obj = {"epoch": 3, "big": 2 ** 70, "loss": 0.25, "inf": float("inf"), "name": "run",
           "flags": [True, None], "pair": (1, 2.0), "opt": opt.state_dict(), 7: "int key",
           "param": p}
    back = roundtrip(obj)
    assert back["epoch"] == 3 and back["big"] == 2 ** 70 and back["loss"] == 0.25
    assert back["inf"] == float("inf") and back["name"] == "run"
    assert back["flags"] == [True, None] and back["pair"] == (1, 2.0) and back[7] == "int key"
    assert back["opt"]["param_groups"][0]["betas"] == (0.9, 0.999)
    assert back["opt"]["state"][0]["step"].item() == 1.0
    assert isinstance(back["param"], nn.Parameter) and back["param"].requires_grad
    opt2 = torch.optim.Adam([nn.Parameter(torch.zeros(3))])
    opt2.load_state_dict(back["opt"])
    assert opt2.param_groups[0]["lr"] == 0.1


def test_one_tensor_saved_twice_loads_as_one_tensor():
    t = torch.randn(2)
    a, b = roundtrip([t, {"again": t}])
    assert a is b["again"]


def test_refuses_objects_it_cannot_store_without_writing():
    buf = io.BytesIO()
    with pytest.raises(TypeError, match="cannot store an object of type Linear"):
        torch.save(nn.Linear(2, 2), buf)
    with pytest.raises(TypeError, match="type set"):
        torch.save({"s": {1, 2}}, buf)
    assert buf.getvalue() == b""


def test_unreadable_files_raise_a_clear_error(tmp_path):
    good = io.BytesIO()
    torch.save({"w": torch.ones(3)}, good)
    data = good.getvalue()
    for name, content in [("truncated", data[:len(data) // 2]), ("garbage", b"not a file"),
                          ("empty", b"")]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(RuntimeError, match="not a file written by retrograd.save"):
            torch.load(path)
    # a readable archive from another version of the format
    other = io.BytesIO()
    np.savez(other, structure=np.frombuffer(
        b'{"format": "retrograd.save", "version": 99, "object": null}', np.uint8))
    other.seek(0)
    with pytest.raises(RuntimeError, match="format version 99"):
        torch.load(other)
    with pytest.raises(FileNotFoundError):
        torch.load(tmp_path / "missing.pt")


def test_loading_never_unpickles(tmp_path):
    """An archive holding a pickled object array is refused, not executed."""
    path = tmp_path / "evil.npz"
    with zipfile.ZipFile(path, "w") as z:
        buf = io.BytesIO()
        np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
        z.writestr("t0.npy", buf.getvalue())
        z.writestr("structure.npy", _npy(b'{"format": "retrograd.save", "version": 1, '
                                         b'"object": {"tensor": 0, "requires_grad": false, '
                                         b'"parameter": false}}'))
    with pytest.raises(RuntimeError):
        torch.load(path)


def _npy(text):
    buf = io.BytesIO()
    np.save(buf, np.frombuffer(text, np.uint8))
    return buf.getvalue()


def test_failed_load_state_dict_changes_nothing():
    net = nn.Linear(2, 3)
    before = net.weight.detach().numpy().copy()
    bad = {"weight": torch.ones(3, 2), "bias": torch.ones(4)}
    with pytest.raises(RuntimeError, match="size mismatch for bias"):
        net.load_state_dict(bad)
    assert np.array_equal(net.weight.detach().numpy(), before)
    result = net.load_state_dict({"weight": torch.ones(3, 2)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == []
    assert np.array_equal(net.weight.detach().numpy(), np.ones((3, 2)))
