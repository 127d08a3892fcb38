"""Record PyTorch's CPU random streams into tests/golden/rng.json (read by tests/test_rng.py).

Needs `pip install torch==2.13.0` on an x86-64 machine with AVX2 (the reference variant of
the spec, docs: pytorch-rng.md). Every case starts from `torch.manual_seed(seed)`, makes one
call and records its values and a digest of the 5056 state bytes afterwards (which pins
down how many words the call used and the cached normal). Small results are stored whole
(base64 of the little-endian bytes), large ones as SHA-256 plus their first and last
8 values. A few full state tensors are stored for the set_state tests.
"""
import base64
import hashlib
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "golden", "rng.json")

SEEDS = [0, 1, 42, 2024]
SIZES = [0, 1, 15, 16, 17, 1000]
WHOLE = 17                      # results up to this many elements are stored whole
DTYPES = {"float16": torch.float16, "float32": torch.float32, "float64": torch.float64,
          "int64": torch.int64, "int32": torch.int32}


def probs(rows, n, dtype):
    """Deterministic multinomial weights; tests/test_rng.py builds the same ones."""
    p = ((np.arange(rows * n) * 7919) % 13 + 0.5).reshape(rows, n)
    return torch.from_numpy(p[0] if rows == 1 else p).to(DTYPES[dtype])


def bernoulli_p(n, dtype):
    """Deterministic probabilities 0, 0.1, ..., 1.0, 0, ... (same in the tests)."""
    return torch.from_numpy((np.arange(n) % 11) / 10).to(DTYPES[dtype])


def run(name, kw):
    """The torch call of one case (tests/test_rng.py has the retrograd twin)."""
    n = kw.get("n")
    dt = DTYPES.get(kw.get("dtype"))
    if name == "randn":
        return torch.randn(n, dtype=dt)
    if name == "rand":
        return torch.rand(n, dtype=dt)
    if name == "normal":
        return torch.normal(kw["mean"], kw["std"], (n,), dtype=dt)
    if name == "uniform":
        return torch.empty(n, dtype=dt).uniform_(kw["low"], kw["high"])
    if name == "randint":
        return torch.randint(kw["low"], kw["high"], (n,), dtype=dt)
    if name == "random_":
        return torch.empty(n, dtype=dt).random_()
    if name == "randperm":
        return torch.randperm(n)
    if name == "bernoulli_scalar":
        return torch.empty(n, dtype=dt).bernoulli_(kw["p"])
    if name == "bernoulli_tensor":
        return torch.bernoulli(bernoulli_p(n, kw["dtype"]))
    if name == "exponential":
        return torch.empty(n, dtype=dt).exponential_(kw["lambd"])
    if name == "multinomial":
        return torch.multinomial(probs(kw["rows"], n, kw["dtype"]), kw["k"], kw["replacement"])
    raise ValueError(name)


def cases():
    for n in SIZES:
        for dtype in ("float32", "float64", "float16"):
            yield "randn", {"n": n, "dtype": dtype}
            yield "rand", {"n": n, "dtype": dtype}
            yield "normal", {"n": n, "dtype": dtype, "mean": 0.3, "std": 1.7}
            yield "uniform", {"n": n, "dtype": dtype, "low": -2.5, "high": 0.7}
            yield "exponential", {"n": n, "dtype": dtype, "lambd": 0.7}
        for low, high in ((0, 10), (-5, 3), (0, 2**28), (-2**40, 2**40)):
            yield "randint", {"n": n, "dtype": "int64", "low": low, "high": high}
        yield "randint", {"n": n, "dtype": "float32", "low": 0, "high": 2**28}
        yield "randint", {"n": n, "dtype": "float64", "low": -7, "high": 2**30}
        for dtype in ("int64", "int32", "float32", "float64"):
            yield "random_", {"n": n, "dtype": dtype}
        yield "randperm", {"n": n}
        yield "bernoulli_scalar", {"n": n, "dtype": "float32", "p": 0.3}
        yield "bernoulli_tensor", {"n": n, "dtype": "float32"}
        yield "bernoulli_tensor", {"n": n, "dtype": "float64"}
        if n:
            for rows, k, repl in ((1, 1, False), (1, min(n, 5), False), (3, 1, True),
                                  (3, 7, True), (2, min(n, 3), False)):
                yield "multinomial", {"n": n, "dtype": "float32", "rows": rows, "k": k,
                                      "replacement": repl}
            yield "multinomial", {"n": n, "dtype": "float64", "rows": 2, "k": 4,
                                  "replacement": True}


# Sequences whose full state bytes are recorded (a pending normal, a twist, ...), each
# followed by a "next" call whose values are recorded too.
SEQUENCES = [
    (42, [("randn", {"n": 1, "dtype": "float32"})], ("randn", {"n": 3, "dtype": "float32"})),
    (0, [("randn", {"n": 1001, "dtype": "float32"}), ("rand", {"n": 5, "dtype": "float32"})],
     ("randn", {"n": 17, "dtype": "float64"})),
    (2024, [("randperm", {"n": 700}), ("randn", {"n": 3, "dtype": "float64"})],
     ("rand", {"n": 4, "dtype": "float64"})),
    (1, [("rand", {"n": 623, "dtype": "float32"})], ("rand", {"n": 3, "dtype": "float32"})),
    (7, [("rand", {"n": 624, "dtype": "float32"})], ("randn", {"n": 1, "dtype": "float32"})),
]


def encode(t):
    a = np.ascontiguousarray(t.numpy())
    rec = {"dtype": str(a.dtype), "shape": list(a.shape)}
    if a.size <= WHOLE:
        rec["b64"] = base64.b64encode(a.tobytes()).decode()
    else:
        flat = a.ravel()
        rec["sha256"] = hashlib.sha256(a.tobytes()).hexdigest()
        rec["head"] = base64.b64encode(flat[:8].tobytes()).decode()
        rec["tail"] = base64.b64encode(flat[-8:].tobytes()).decode()
    return rec


def state_digest():
    return hashlib.sha256(torch.get_rng_state().numpy().tobytes()).hexdigest()[:16]


def main():
    assert torch.backends.cpu.get_cpu_capability() in ("AVX2", "AVX512"), "need an AVX2 CPU"
    out = {"torch": torch.__version__, "capability": torch.backends.cpu.get_cpu_capability(),
           "cases": [], "sequences": []}
    for seed in SEEDS:
        for name, kw in cases():
            torch.manual_seed(seed)
            values = run(name, kw)
            out["cases"].append({"seed": seed, "call": name, "kw": kw, "values": encode(values),
                                 "state": state_digest()})
    for seed, calls, after in SEQUENCES:
        torch.manual_seed(seed)
        for name, kw in calls:
            run(name, kw)
        state = base64.b64encode(torch.get_rng_state().numpy().tobytes()).decode()
        values = encode(run(*after))
        out["sequences"].append({"seed": seed, "calls": [list(c) for c in calls], "state": state,
                                 "after": list(after), "values": values,
                                 "state_after": state_digest()})
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases, {len(out['sequences'])} sequences, "
          f"{os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
