"""Run tests/golden/autograd_programs.py under PyTorch and record what each program prints
into tests/golden/autograd.json. Needs `pip install torch==2.13.0`.

    python3 tools/gen_golden_autograd.py
"""
import contextlib
import io
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, os.pardir, "tests", "golden")
sys.path.insert(0, GOLDEN)
from autograd_programs import PRELUDE, PROGRAMS  # noqa: E402


def run(lib, source):
    """What `source` prints with `torch` bound to `lib` (the RNG seeded first)."""
    out = io.StringIO()
    lib.manual_seed(0)
    with contextlib.redirect_stdout(out):
        exec(PRELUDE + source, {"torch": lib, "__name__": "__program__"})
    return out.getvalue()


if __name__ == "__main__":
    golden = {name: run(torch, src) for name, src in PROGRAMS.items()}
    with open(os.path.join(GOLDEN, "autograd.json"), "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"recorded {len(golden)} programs")
