"""Run the op cases of tests/op_cases.py under PyTorch and record inputs, results, node
names, gradients, error texts and printed programs in tests/golden/ops.json.
Needs `pip install torch==2.13.0`."""
import json
import os
import sys
import warnings

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import op_cases  # noqa: E402


def main():
    warnings.simplefilter("ignore")
    golden = {"cases": {}, "errors": {}, "programs": {}}
    for case in op_cases.CASES:
        arrays = op_cases.make_inputs(case)
        record = op_cases.run(torch, case, arrays)
        record["inputs"] = [{"dtype": str(a.dtype), "shape": list(a.shape),
                             "values": a.reshape(-1).tolist()} for a in arrays]
        golden["cases"][case.name] = record
    for name, fn in op_cases.ERRORS.items():
        golden["errors"][name] = op_cases.run_error(torch, fn)
    for name, source in op_cases.PROGRAMS.items():
        golden["programs"][name] = op_cases.run_program(torch, source)
    with open(os.path.join(HERE, "..", "tests", "golden", "ops.json"), "w") as f:
        json.dump(golden, f, indent=0)
    print(f"recorded {len(golden['cases'])} cases, {len(golden['errors'])} errors, "
          f"{len(golden['programs'])} programs")


if __name__ == "__main__":
    main()
