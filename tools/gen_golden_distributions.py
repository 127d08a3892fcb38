"""Run tests/distribution_programs.py under PyTorch and record what each program prints into
tests/golden/distributions.json (read by tests/test_distributions.py). Needs
`pip install torch==2.13.0` on an x86-64 machine with AVX2 (the samples are PyTorch's
random streams of pytorch-rng.md's reference variant)."""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from distribution_programs import PROGRAMS, run  # noqa: E402

if __name__ == "__main__":
    golden = {name: run(torch, name) for name in PROGRAMS}
    with open(os.path.join(HERE, "..", "tests", "golden", "distributions.json"), "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
    print(f"recorded {len(golden)} programs")
