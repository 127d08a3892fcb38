"""Run the edge-value sweeps of tests/edge_cases.py under PyTorch and record forward values
and gradients in tests/golden/edges.json (read by tests/test_edge_values.py when PyTorch is
not installed). Needs `pip install torch==2.13.0`."""
import json
import os
import sys
import warnings

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import edge_cases  # noqa: E402


def main():
    warnings.simplefilter("ignore")
    golden = {key: edge_cases.run(torch, fn, arrays, dtype, order)
              for key, fn, arrays, dtype, order in edge_cases.all_runs()}
    path = os.path.join(HERE, "..", "tests", "golden", "edges.json")
    with open(path, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")
    print(f"recorded {len(golden)} runs, {os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
