"""Regenerate tests/golden/nn_cases.json: every case of tests/test_nn_cases.py run by
PyTorch (the oracle), and the exception (type, text) each entry of its ERRORS raises.
Run from the repository root: python3 tools/gen_golden_nn.py"""
import json
import os
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from test_nn_cases import CASES, ERRORS  # noqa: E402


def raised(fn):
    try:
        fn(torch)
    except Exception as e:   # noqa: BLE001 - recording whatever PyTorch raises
        return [type(e).__name__, str(e)]
    return None


def main():
    golden = {"torch_version": torch.__version__,
              "cases": {name: fn(torch) for name, fn in CASES.items()},
              "errors": {name: raised(fn) for name, fn in ERRORS.items()}}
    path = os.path.join(ROOT, "tests", "golden", "nn_cases.json")
    with open(path, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
