"""Record PyTorch's tensor reprs as golden data for retrograd's printing tests.

    python3 tools/gen_golden_printing.py            # writes tests/golden/printing.json

Needs torch (2.13.0 made the checked-in file). Each case stores what retrograd needs to
rebuild the tensor exactly, and torch's repr of it:

    name           a label ("spec-07", "rand-0123", ...)
    dtype, shape   e.g. "float32", [2, 3]
    values         flat values, C order (floats as float.hex() strings, so exact), or
    b64z           for big tensors: base64 of the zlib-compressed little-endian bytes
    requires_grad, grad_fn (a name or null), parameter (nn.Parameter or not)
    tangent        forward-mode AD tangent, a nested case (without repr) or absent
    options        set_printoptions(**options) in force while printing ({} = defaults)
    default_dtype  torch.get_default_dtype() while printing
    repr           torch's repr

`random_case(rng)` is also used by tests/test_printing.py for its live-oracle test.
"""
import base64
import json
import math
import os
import random
import sys
import zlib

import numpy as np
import torch
import torch.autograd.forward_ad as fwAD

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "golden",
                   "printing.json")
INLINE_MAX = 256  # tensors up to this many elements store readable values
FLOATS = ("float16", "float32", "float64")
INTS = ("int8", "int16", "int32", "int64", "uint8")


# ---------------------------------------------------------------------------------------
# recording


def _grad_fn_name(t):
    fn = t.grad_fn
    if fn is None:
        return None
    name = type(fn).__name__
    return fn.name().rsplit("::", 1)[-1] if name == "CppFunction" else name


def _encode_values(t):
    a = t.detach().numpy()
    rec = {"dtype": str(t.dtype).split(".")[1], "shape": list(a.shape)}
    if a.size <= INLINE_MAX:
        flat = a.reshape(-1).tolist()
        rec["values"] = [float.hex(v) for v in flat] if a.dtype.kind == "f" else flat
    else:
        raw = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        rec["b64z"] = base64.b64encode(zlib.compress(raw, 9)).decode("ascii")
    return rec


def describe(t):
    """A JSON-able description of tensor `t` (a dual tensor gives its primal + tangent)."""
    primal, tangent = fwAD.unpack_dual(t)
    rec = _encode_values(primal)
    rec["requires_grad"] = bool(t.requires_grad)
    rec["grad_fn"] = _grad_fn_name(t)
    rec["parameter"] = isinstance(t, torch.nn.Parameter)
    if tangent is not None:
        rec["tangent"] = describe(tangent)
    return rec


def record(name, build, options=None, default_dtype="float32"):
    """Build a tensor with `build()` under the given settings and record torch's repr."""
    old_default = torch.get_default_dtype()
    torch.set_default_dtype(getattr(torch, default_dtype))
    try:
        with fwAD.dual_level():
            t = build()
            torch.set_printoptions(**(options or {}))
            try:
                text = repr(t)
            finally:
                torch.set_printoptions(profile="default")  # also resets sci_mode
            rec = {"name": name}
            rec.update(describe(t))
    finally:
        torch.set_default_dtype(old_default)
    rec["options"] = dict(options or {})
    rec["default_dtype"] = default_dtype
    rec["repr"] = text
    return rec


# ---------------------------------------------------------------------------------------
# hand-written cases: every example of spec section 1b, then edge cases


def _spec_cases():
    T = torch.tensor
    nan, inf = float("nan"), float("inf")

    def dot28():
        a = torch.arange(4.0, requires_grad=True)
        return 2 * torch.dot(a, a)

    return [
        lambda: torch.arange(4.0), lambda: torch.arange(4), lambda: T(28.), lambda: T(0.3367),
        lambda: T(True), lambda: T([True, False]), lambda: T([0., 4., 8., 12.]),
        lambda: T([-1., 2., -3.]), lambda: T([-1.5, 2.25, 3.125]), lambda: T([1, -2, 300]),
        lambda: T([1., 2.], dtype=torch.float64), lambda: T(2.5, dtype=torch.float64),
        lambda: T([1, 2], dtype=torch.int32), lambda: T([1e-5, 1e5]), lambda: T([0.5, 500.]),
        lambda: T([0.5, 500.5]), lambda: T([0.0001]), lambda: T(100000000.),
        lambda: T([123456789.]), lambda: T([12345.678]), lambda: T([nan, inf, -inf, 1.0]),
        lambda: T([nan, 1.5]), lambda: T([-0.0, 0.0]), lambda: T([]), lambda: torch.zeros(0, 3),
        lambda: torch.arange(4.0, requires_grad=True), lambda: T(2.0, requires_grad=True),
        dot28, lambda: torch.arange(4.0, requires_grad=True).double() * 2,
        lambda: torch.zeros(3, dtype=torch.float64, requires_grad=True).sum(),
        lambda: torch.arange(-6, 6).reshape(3, 4).float() / 4,
        lambda: torch.arange(8).reshape(2, 2, 2), lambda: torch.arange(30.0),
        lambda: torch.arange(2000), lambda: torch.arange(2000.0),
        lambda: torch.ones(1000, 1000), lambda: torch.nn.Parameter(torch.ones(2)),
        lambda: T(1e10),  # rule 8
    ]


def _edge_cases():
    """(build, options, default_dtype) triples for corners the random cases may miss."""
    T = torch.tensor
    nan, inf = float("nan"), float("inf")
    f64 = torch.float64
    cases = []
    add = lambda build, options=None, dd="float32": cases.append((build, options, dd))  # noqa

    # 0-dim tensors of every kind
    for v in (0., -0., nan, inf, -inf, 1e-9, 1e12, 123.456, -7.):
        add(lambda v=v: T(v))
    for v in (1e-100, 1e100, 0.1, 2.0 / 3):
        add(lambda v=v: T(v, dtype=f64))
    add(lambda: T(0.1, dtype=torch.float16))
    add(lambda: T(70000., dtype=torch.float16))  # overflows to inf
    for dt in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8):
        add(lambda dt=dt: T(-5 if dt != torch.uint8 else 200, dtype=dt))
    add(lambda: T(False))
    add(lambda: T(-3, dtype=torch.int64))
    # width is set by non-zero finite values only
    add(lambda: T([1e-100, 1e100, 0.], dtype=f64))
    add(lambda: T([-0.0, 0.5]))
    add(lambda: T([-0., 5.]))
    add(lambda: T([nan, nan]))
    add(lambda: T([inf, -inf, 0.]))
    add(lambda: T([0., 0.]), {"sci_mode": True})
    add(lambda: T([0., 1.]), {"sci_mode": True})
    add(lambda: T([1e-9, 1e12]), {"sci_mode": False})
    add(lambda: T([9.99996, 1.]))  # rounds up to 10.0000
    add(lambda: T([999.99996, 1.]))
    add(lambda: T([0.00010001]))
    add(lambda: T([100000000., 1.]))
    add(lambda: T([100000001.], dtype=f64))
    add(lambda: T([1., 1000.]))
    add(lambda: T([1., 1000.5]))
    add(lambda: T([1., 1001.]))
    add(lambda: T([65504., -65504., 0.001], dtype=torch.float16))
    add(lambda: T([1e-8, 3e-5], dtype=torch.float16))  # subnormal halves
    # empty tensors
    for shape in ((0,), (0, 3), (2, 0, 4), (1, 0), (0, 0, 0, 0)):
        for dt in (torch.float32, torch.float64, torch.int64, torch.bool, torch.int8):
            add(lambda shape=shape, dt=dt: torch.zeros(shape, dtype=dt))
    add(lambda: torch.zeros(0, 3, requires_grad=True))
    add(lambda: torch.zeros(0, 3, dtype=f64, requires_grad=True) * 2)
    add(lambda: torch.zeros(0, dtype=f64), None, "float64")
    add(lambda: torch.zeros(0, 2), None, "float64")
    add(lambda: torch.zeros(2, 0), {"edgeitems": 0})
    # suffixes that just fit or just overflow the line
    for n in range(1, 16):
        add(lambda n=n: (torch.arange(float(n), dtype=f64, requires_grad=True) * 1.5))
        add(lambda n=n: torch.arange(n, dtype=torch.int16) * 1000)
        add(lambda n=n: torch.nn.Parameter(torch.arange(float(n), dtype=f64)))
    for n in range(1, 6):
        add(lambda n=n: torch.arange(float(7 * n), dtype=f64, requires_grad=True).reshape(n, 7))
    add(lambda: T([1., 2.], dtype=f64, requires_grad=True) * 2, {"linewidth": 30})
    # default dtype float64 / float16: float64 hides, float32 shows
    add(lambda: T([1.5, 2.]), None, "float64")
    add(lambda: T([1.5, 2.], dtype=torch.float32), None, "float64")
    add(lambda: T(2.0, requires_grad=True) * 3, None, "float64")
    add(lambda: T([1.5, 2.]), None, "float16")
    add(lambda: T([1.5, 2.], dtype=torch.float32), None, "float16")
    add(lambda: T([1, 2]), None, "float64")
    # print options
    x = lambda: T([1.12345, -20.5, 3e-3])  # noqa: E731
    for opts in ({"precision": 2}, {"precision": 8}, {"precision": 0}, {"precision": 1},
                 {"profile": "short"}, {"profile": "full"}, {"profile": "default"},
                 {"sci_mode": True}, {"sci_mode": False}, {"precision": 2, "sci_mode": True}):
        add(x, opts)
    add(lambda: torch.arange(2000.), {"profile": "full"})
    add(lambda: torch.arange(1500), {"profile": "full", "linewidth": 120})
    add(lambda: torch.arange(2000.), {"profile": "short"})
    add(lambda: torch.arange(10), {"threshold": 5})
    add(lambda: torch.arange(10.), {"threshold": 5, "edgeitems": 1})
    add(lambda: torch.arange(60.).reshape(3, 4, 5), {"threshold": 5, "edgeitems": 1})
    add(lambda: torch.arange(60.).reshape(3, 4, 5), {"threshold": 5, "edgeitems": 0})
    add(lambda: torch.arange(60.).reshape(3, 4, 5), {"threshold": 100, "edgeitems": 0})
    add(lambda: torch.arange(10.), {"threshold": 5, "edgeitems": 0})
    add(lambda: T(3.5), {"threshold": 0, "edgeitems": 0})
    add(lambda: T([3.5]), {"threshold": 0})
    add(lambda: torch.arange(12.).reshape(3, 4), {"threshold": 0})
    add(lambda: torch.arange(3.) * 1e5 + 0.5, {"linewidth": 10})
    add(lambda: torch.arange(40.) * 1.25, {"linewidth": 40})
    add(lambda: torch.arange(40.) * 1.25, {"linewidth": 120})
    add(lambda: torch.arange(40.).reshape(2, 20) * 1.25, {"linewidth": 40})
    # big summarised tensors of every kind
    g = torch.Generator().manual_seed(0)
    add(lambda: torch.randn(1001, generator=g))
    add(lambda: torch.randn(40, 30, generator=g) * 1e3)
    add(lambda: torch.randn(10, 10, 11, generator=g))
    add(lambda: torch.randn(3, 4, 5, 30, generator=g, dtype=f64))
    add(lambda: torch.randn(1500, generator=g, dtype=torch.float16) * 1e4)
    add(lambda: torch.randint(-10**6, 10**6, (50, 50), generator=g))
    add(lambda: torch.randint(0, 2, (1200,), generator=g).bool())
    add(lambda: torch.randint(0, 256, (7, 7, 7, 7), generator=g).to(torch.uint8))
    add(lambda: torch.cat([torch.full((1000,), 0.5), torch.tensor([1e-9, 1e9])]))  # middle ignored
    add(lambda: torch.randn(2000, generator=g).requires_grad_() * 2)
    add(lambda: torch.randn(6, 6, 6, 6, generator=g))  # summarised, but no dim is cut
    # autograd flags, parameters, forward-mode tangents
    add(lambda: torch.nn.Parameter(torch.arange(3), requires_grad=False))
    add(lambda: torch.nn.Parameter(torch.randn(3, 4, generator=g)))
    add(lambda: fwAD.make_dual(T(1.), T(2.)))
    add(lambda: fwAD.make_dual(T([1., 3.]), T([2., 5.])))
    add(lambda: fwAD.make_dual(T([1., 3.], requires_grad=True), T([2., 5.], dtype=f64)) * 2)
    add(lambda: fwAD.make_dual(T(1., dtype=torch.float16), T(0.1, dtype=torch.float16)))
    add(lambda: fwAD.make_dual(torch.randn(4, 5, generator=g), torch.randn(4, 5, generator=g)))
    return cases


# ---------------------------------------------------------------------------------------
# random cases


def _random_shape(rng, max_numel=200):
    while True:
        ndim = rng.choice((0, 1, 1, 1, 2, 2, 2, 3, 3, 4))
        shape = tuple(rng.choice((0, 1, 1, 2, 3, 3, 4, 5, 7, 10, 13, 25)) if ndim < 3
                      else rng.choice((0, 1, 2, 2, 3, 4, 5)) for _ in range(ndim))
        if math.prod(shape) <= max_numel and (0 not in shape or rng.random() < 0.3):
            return shape


def _random_floats(rng, n):
    """Flat float64 values of one of several flavours, some with nan/inf/0 sprinkled in."""
    nprng = np.random.default_rng(rng.getrandbits(32))
    kind = rng.choice(("normal", "normal", "integral", "logmix", "rounded", "const", "near"))
    scale = 10.0 ** rng.uniform(-9, 12)
    if kind == "normal":
        v = nprng.standard_normal(n) * scale
    elif kind == "integral":
        v = nprng.integers(-1000, 1000, n).astype(float) * 10 ** rng.randint(0, 10)
    elif kind == "logmix":
        lo = rng.uniform(-9, 12)
        v = 10.0 ** nprng.uniform(lo, min(12, lo + rng.uniform(0, 8)), n)
        v *= nprng.choice((-1.0, 1.0), n)
    elif kind == "rounded":
        v = np.round(nprng.standard_normal(n) * 10 ** rng.randint(0, 4), rng.randint(0, 3))
    elif kind == "const":
        v = np.full(n, nprng.standard_normal() * scale)
    else:  # values that round up to the next width: 9.99996, 99.99999, ...
        v = 10.0 ** nprng.integers(-3, 6, n) - nprng.uniform(0, 2e-5, n)
    if n and rng.random() < 0.25:
        specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0])
        mask = nprng.random(n) < 0.2
        v[mask] = nprng.choice(specials, mask.sum())
    return v


def _random_values(rng, dtype, shape):
    n = math.prod(shape)
    nprng = np.random.default_rng(rng.getrandbits(32))
    if dtype in FLOATS:
        with np.errstate(over="ignore"):
            return _random_floats(rng, n).astype(dtype).reshape(shape)
    if dtype == "bool":
        return (nprng.random(n) < 0.5).reshape(shape)
    info = np.iinfo(dtype)
    hi = min(info.max, 10 ** rng.randint(0, 18))
    lo = 0 if dtype == "uint8" or rng.random() < 0.3 else max(info.min, -hi)
    return nprng.integers(lo, hi, n, endpoint=True, dtype=dtype).reshape(shape)


_VALUE_PRESERVING_OPS = (
    lambda x: x * 1, lambda x: x + 0, lambda x: x.clone(), lambda x: -(-x),
    lambda x: x.reshape(x.shape), lambda x: x.sum(), lambda x: x.double(), lambda x: x.float(),
)


def _random_options(rng):
    options = {}
    if rng.random() < 0.2:
        options["profile"] = rng.choice(("default", "short", "full"))
    if rng.random() < 0.3:
        options["precision"] = rng.choice((0, 1, 2, 2, 6, 8, 8))
    if rng.random() < 0.3:
        options["linewidth"] = rng.choice((10, 40, 40, 60, 120, 120, 200))
    if rng.random() < 0.25:
        options["sci_mode"] = rng.choice((True, False))
    if rng.random() < 0.25:
        options["threshold"] = rng.choice((0, 5, 10, 50, 100))
    if rng.random() < 0.2:
        options["edgeitems"] = rng.choice((0, 1, 2, 4))
    return options


def random_case(rng):
    """(build, options, default_dtype) for one random tensor; rng is a random.Random."""
    dtype = rng.choice(FLOATS * 3 + INTS + ("bool", "bool"))
    shape = _random_shape(rng)
    values = _random_values(rng, dtype, shape)
    options = _random_options(rng) if rng.random() < 0.35 else {}
    r = rng.random()
    default_dtype = "float64" if r < 0.15 else "float16" if r < 0.18 else "float32"
    floating = dtype in FLOATS
    flavour = rng.random() if floating else 1.0
    op = rng.choice(_VALUE_PRESERVING_OPS)
    tangent = _random_values(rng, dtype, shape) if floating else None
    param_grad = rng.random() < 0.8

    def build():
        t = torch.from_numpy(values.copy())
        if flavour < 0.15:
            return t.requires_grad_()
        if flavour < 0.3:
            return op(t.requires_grad_())
        if flavour < 0.35:
            return torch.nn.Parameter(t, requires_grad=param_grad)
        if flavour < 0.4:
            return fwAD.make_dual(t, torch.from_numpy(tangent.copy()))
        return t
    return build, options, default_dtype


# ---------------------------------------------------------------------------------------


def generate(n_random=420, seed=20130):
    cases = [record(f"spec-{i:02d}", b) for i, b in enumerate(_spec_cases())]
    cases += [record(f"edge-{i:03d}", b, o, d) for i, (b, o, d) in enumerate(_edge_cases())]
    rng = random.Random(seed)
    cases += [record(f"rand-{i:04d}", *random_case(rng)) for i in range(n_random)]
    return cases


def main():
    cases = generate()
    text = "[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]\n"
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"{len(cases)} cases, {len(text) / 1e6:.2f} MB -> {os.path.normpath(OUT)}",
          f"(torch {torch.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
