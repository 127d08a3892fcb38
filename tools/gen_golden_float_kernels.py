#!/usr/bin/env python3
"""Record PyTorch's float32 results of its vectorised math kernels (exp, log, sin, tanh,
sigmoid, ...) and its float32/float64 `arange` values into tests/golden/float_kernels.json,
read by tests/test_float_kernels.py. The inputs are made from a seeded NumPy stream that the
test makes again; results are stored as base64 of their little-endian bytes."""
import base64
import hashlib
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "golden", "float_kernels.json")

# name: (low, high) of the inputs, drawn uniformly in float32
FUNCTIONS = {"exp": (-20, 20), "expm1": (-5, 5), "exp2": (-20, 20), "log": (1e-3, 50),
             "log2": (1e-3, 50), "log10": (1e-3, 50), "log1p": (-0.9, 50), "sin": (-10, 10),
             "cos": (-10, 10), "tan": (-1.5, 1.5), "asin": (-1, 1), "acos": (-1, 1),
             "atan": (-20, 20), "sinh": (-10, 10), "cosh": (-10, 10), "tanh": (-10, 10),
             "sigmoid": (-20, 20)}
COUNT = 2000
THREADS = 2
# (start, end, step): steps that are not exact in binary, lengths past one parallel chunk
RANGES = [(-8.0, 8.0, 0.1), (0, 1, 0.01), (-3, 3, 0.07), (0.5, 7.3, 0.011), (-1, 1, 0.001),
          (2.0, -2.0, -0.3), (-100, 100, 0.0007), (1e6, 1e6 + 5, 0.37), (0, 10, 1.5)]


def inputs(name):
    """The float32 inputs of one function (tests/test_float_kernels.py makes the same)."""
    low, high = FUNCTIONS[name]
    seed = sorted(FUNCTIONS).index(name)
    return np.random.RandomState(seed).uniform(low, high, COUNT).astype(np.float32)


WHOLE = 4096    # arrays up to this long are stored whole, longer ones as a digest


def little_endian(array):
    return np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()


def pack(array):
    if array.size > WHOLE:
        digest = hashlib.sha256(little_endian(array)).hexdigest()
        return {"size": int(array.size), "sha256": digest}
    return base64.b64encode(little_endian(array)).decode()


def main():
    import torch   # here, so the test can read this module's inputs without torch
    torch.set_num_threads(THREADS)     # a long arange is split in chunks, one per thread
    golden = {"torch": torch.__version__, "threads": THREADS, "functions": {}, "ranges": {}}
    for name in FUNCTIONS:
        golden["functions"][name] = pack(getattr(torch, name)(torch.from_numpy(inputs(name)))
                                         .numpy())
    for start, end, step in RANGES:
        for dtype in ("float32", "float64"):
            values = torch.arange(start, end, step, dtype=getattr(torch, dtype)).numpy()
            golden["ranges"][f"{start} {end} {step} {dtype}"] = pack(values)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
