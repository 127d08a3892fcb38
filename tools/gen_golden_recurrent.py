"""Regenerate tests/golden/nn_recurrent.json: every case of tests/recurrent_cases.py run by
PyTorch (the oracle), and the exception (type, text) each entry of its ERRORS raises.
Run from the repository root: python3 tools/gen_golden_recurrent.py"""
import json
import os
import sys
import warnings

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tools"))

from gen_golden_nn import raised  # noqa: E402
from recurrent_cases import CASES, ERRORS  # noqa: E402


def rounded(value):
    """Floats to 9 significant digits (float32 round-trips; the file stays small)."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def main():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        golden = {"torch_version": torch.__version__,
                  "cases": {name: rounded(fn(torch)) for name, fn in CASES.items()},
                  "errors": {name: raised(fn) for name, fn in ERRORS.items()}}
    path = os.path.join(ROOT, "tests", "golden", "nn_recurrent.json")
    with open(path, "w") as f:
        json.dump(golden, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES)} cases and {len(ERRORS)} errors to {path}")


if __name__ == "__main__":
    main()
