"""Programs that hand tensors to NumPy and NumPy values to tensors, run on PyTorch
(tools/gen_golden_numpy.py records what it gives) and on retrograd (tests/test_numpy_protocols.py).

Each case is `fn(torch, np)`; `outcome` describes what it returned or raised, the same way
for both libraries."""


def _written_copy(torch, np):
    t = torch.tensor([1., 2., 3.])
    a = np.array(t)
    a[0] = 9
    return t, a


def _written_view(torch, np):
    t = torch.tensor([1., 2., 3.])
    a = np.asarray(t)
    a[1] = 7
    return t


def _dlpack_out(torch, np):
    t = torch.tensor([1., 2., 3.])
    a = np.from_dlpack(t)
    a[0] = 5
    return t, a


def _dlpack_in(torch, np):
    a = np.arange(3.)
    t = torch.from_dlpack(a)
    a[0] = 9
    return t


def _dlpack_capsule(torch, np):
    t = torch.tensor([1., 2.])
    u = torch.from_dlpack(t.__dlpack__())
    t[0] = 4
    return u


def _t(torch):
    return torch.tensor([1., 2., 3.])


def _grad(torch):
    return torch.tensor([1., 2.], requires_grad=True)


CASES = {
    # __array__: np.array copies, np.asarray shares
    "array-copies": _written_copy,
    "asarray-shares": _written_view,
    "array-dtype": lambda torch, np: np.array(_t(torch), dtype=np.float64),
    "asarray-0dim": lambda torch, np: np.asarray(torch.tensor(2.5)),
    "array-requires-grad": lambda torch, np: np.array(_grad(torch)),
    "numpy-requires-grad": lambda torch, np: _grad(torch).numpy(),
    "numpy-detached": lambda torch, np: _grad(torch).detach().numpy(),
    # ufuncs give tensors
    "sin": lambda torch, np: np.sin(_t(torch)),
    "cos-2d": lambda torch, np: np.cos(torch.ones(2, 2)),
    "exp-0dim": lambda torch, np: np.exp(torch.tensor(1.)),
    "sin-int": lambda torch, np: np.sin(torch.tensor([1, 2])),
    "sqrt-int": lambda torch, np: np.sqrt(torch.tensor([4])),
    "isnan": lambda torch, np: np.isnan(torch.tensor([1., float("nan")])),
    "isfinite": lambda torch, np: np.isfinite(torch.tensor([1., float("inf")])),
    "equal": lambda torch, np: np.equal(_t(torch), _t(torch)),
    "add-number": lambda torch, np: np.add(_t(torch), 1),
    "add-tensors": lambda torch, np: np.add(_t(torch), _t(torch)),
    "add-ndarray-first": lambda torch, np: np.add(np.ones(3), _t(torch)),
    "maximum": lambda torch, np: np.maximum(_t(torch), 2),
    "square": lambda torch, np: np.square(_t(torch)),
    "abs": lambda torch, np: np.abs(-_t(torch)),
    "negative": lambda torch, np: np.negative(_t(torch)),
    "divmod": lambda torch, np: np.divmod(_t(torch), 2),
    "modf": lambda torch, np: np.modf(_t(torch) / 2),
    "sin-requires-grad": lambda torch, np: np.sin(_grad(torch)),
    # operators between an ndarray and a tensor (`ndarray + tensor` is a TypeError in
    # PyTorch, which retrograd's own derivatives rely on not being: see
    # test_ndarray_operand_first_gives_a_tensor)
    "ndarray/tensor": lambda torch, np: np.ones(3) / _t(torch),
    "tensor+ndarray": lambda torch, np: _t(torch) + np.ones(3),
    "tensor*ndarray": lambda torch, np: _t(torch) * np.ones(3, dtype=np.float32),
    "ndarray==tensor": lambda torch, np: np.ones(3) == _t(torch),
    # NumPy scalars promote like Python numbers
    "f32+np.float64": lambda torch, np: _t(torch) + np.float64(1),
    "np.float64*f32": lambda torch, np: np.float64(2) * _t(torch),
    "np.float64-f32": lambda torch, np: np.float64(1) - _t(torch),
    "np.float64**f32": lambda torch, np: np.float64(2) ** _t(torch),
    "np.float64<f32": lambda torch, np: np.float64(1.5) < _t(torch),
    "f32+np.int64": lambda torch, np: _t(torch) + np.int64(1),
    "f32/np.float32": lambda torch, np: _t(torch) / np.float32(2),
    "int+np.float64": lambda torch, np: torch.tensor([1, 2]) + np.float64(1.5),
    "int+np.float32": lambda torch, np: torch.tensor([1, 2]) + np.float32(1.5),
    "int32+np.int64": lambda torch, np: torch.tensor([1, 2], dtype=torch.int32) + np.int64(1),
    # (PyTorch counts np.bool_ as a float, `tensor([True]) + np.bool_(True)` is 2.; here it
    # is a bool, as retrograd's own ops hand typed NumPy scalars to other ops)
    "bool+np.int64": lambda torch, np: torch.tensor([True]) + np.int64(1),
    "f16+np.float64": lambda torch, np: torch.tensor([1., 2.], dtype=torch.float16)
    + np.float64(1),
    "f32-0dim+np.float64": lambda torch, np: torch.tensor(1.) + np.float64(1e-8),
    "f32.mul_(np.float64)": lambda torch, np: _t(torch).mul_(np.float64(3)),
    "tensor(np.float64)": lambda torch, np: torch.tensor(np.float64(1)),
    # NumPy's functions
    "transpose": lambda torch, np: np.transpose(torch.ones(2, 3)),
    "reshape": lambda torch, np: np.reshape(_t(torch), (3, 1)),
    "concatenate": lambda torch, np: np.concatenate([_t(torch), _t(torch)]),
    "stack": lambda torch, np: np.stack([_t(torch), _t(torch)]),
    "where": lambda torch, np: np.where(_t(torch) > 1, _t(torch), 0),
    "argmax": lambda torch, np: np.argmax(_t(torch)),
    "shape": lambda torch, np: np.shape(torch.ones(2, 3)),
    "ndim": lambda torch, np: np.ndim(torch.ones(2, 3)),
    "dot": lambda torch, np: np.dot(_t(torch), _t(torch)),
    "allclose": lambda torch, np: np.allclose(_t(torch), _t(torch)),
    "linalg.norm": lambda torch, np: np.linalg.norm(_t(torch)),
    "clip": lambda torch, np: np.clip(_t(torch), 0, 2),
    "ravel": lambda torch, np: np.ravel(torch.ones(2, 2)),
    "cumsum": lambda torch, np: np.cumsum(_t(torch)),
    "sort": lambda torch, np: np.sort(torch.tensor([3., 1., 2.])),
    "unique": lambda torch, np: np.unique(torch.tensor([3., 1., 3.])),
    "squeeze": lambda torch, np: np.squeeze(torch.ones(1, 2)),
    "float(np.float32(t))": lambda torch, np: float(np.float32(torch.tensor(2.5))),
    # DLPack: memory shared both ways
    "np.from_dlpack": _dlpack_out,
    "torch.from_dlpack": _dlpack_in,
    "from_dlpack-capsule": _dlpack_capsule,
    "from_dlpack-float32": lambda torch, np: torch.from_dlpack(np.ones(2, dtype=np.float32)),
    "from_dlpack-requires-grad": lambda torch, np: np.from_dlpack(_grad(torch)),
    "dlpack-device": lambda torch, np: tuple(int(v) for v in _t(torch).__dlpack_device__()),
}


def outcome(fn, torch, np):
    """What `fn(torch, np)` gave, as JSON-able data: tensors and arrays by kind, dtype,
    shape and values; an exception by type and first line."""
    try:
        value = fn(torch, np)
    except Exception as e:   # noqa: BLE001 - the exception is the outcome
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}
    return describe(value, torch, np)


def describe(value, torch, np):
    if isinstance(value, tuple):
        return {"tuple": [describe(v, torch, np) for v in value]}
    if isinstance(value, torch.Tensor):
        return {"kind": "Tensor", "dtype": str(value.dtype), "shape": list(value.shape),
                "values": value.detach().tolist()}
    if isinstance(value, np.ndarray):
        return {"kind": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape),
                "values": value.tolist()}
    if isinstance(value, np.generic):
        return {"kind": "numpy scalar", "dtype": str(value.dtype), "values": value.item()}
    return {"kind": type(value).__name__, "values": value}
