"""Run tests/foundation_programs.py under PyTorch and record what each program prints into
tests/golden/foundation.json. Needs `pip install torch==2.13.0`."""
import contextlib
import io
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from foundation_programs import PROGRAMS  # noqa: E402


def run(lib, source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, {"torch": lib})
    return out.getvalue()


if __name__ == "__main__":
    golden = {name: run(torch, src) for name, src in PROGRAMS.items()}
    with open(os.path.join(HERE, "..", "tests", "golden", "foundation.json"), "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
    print(f"recorded {len(golden)} programs")
