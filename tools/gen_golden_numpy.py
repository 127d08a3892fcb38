"""Record what PyTorch gives for the NumPy-protocol programs in tests/numpy_protocol_cases.py.

    python3 tools/gen_golden_numpy.py        # writes tests/golden/numpy_protocols.json

Needs torch (2.13.0 made the checked-in file). Each case stores `outcome(...)`: the kind,
dtype, shape and values of what the program returned, or the exception's type and first line.
"""
import json
import os
import sys
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "tests"))
from numpy_protocol_cases import CASES, outcome  # noqa: E402

OUT = os.path.join(HERE, os.pardir, "tests", "golden", "numpy_protocols.json")

if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # PyTorch's __array__ and __array_wrap__ predate NumPy 2
        golden = {name: outcome(fn, torch, np) for name, fn in CASES.items()}
    with open(OUT, "w") as f:
        # one line per case, so a diff shows which changed
        f.write('{"torch": %s, "cases": {\n' % json.dumps(torch.__version__))
        f.write(",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in golden.items()))
        f.write("\n}}\n")
    print(f"{len(golden)} cases -> {os.path.relpath(OUT)}")
