"""Record PyTorch's behaviour on a fixed set of fuzz programs: tests/golden/fuzz.json.

The set is the programs that found bugs (fuzz_programs.REGRESSIONS) and the first PROGRAMS
drawn by Hypothesis, derandomized; each is stored with PyTorch's record of it, so that
tests/test_fuzz_differential.py can replay them without PyTorch.

    python tools/gen_golden_fuzz.py
"""
import json
import os
import sys

from hypothesis import HealthCheck, given, settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import torch  # noqa: E402

import fuzz_programs  # noqa: E402

PROGRAMS = 300


def drawn_programs():
    drawn = []

    @settings(derandomize=True, max_examples=PROGRAMS, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(program=fuzz_programs.programs())
    def collect(program):
        drawn.append(program)

    collect()
    return drawn


def main():
    programs = list(fuzz_programs.REGRESSIONS)
    for program in drawn_programs():
        if program not in programs:
            programs.append(program)
    entries = [{"program": p, "record": fuzz_programs.run(torch, p)[0]} for p in programs]
    path = os.path.join(ROOT, "tests", "golden", "fuzz.json")
    with open(path, "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(e, separators=(",", ":")) for e in entries)
                + "\n]\n")
    print(f"{len(entries)} programs -> {path} ({os.path.getsize(path) // 1024} KiB)")


if __name__ == "__main__":
    main()
