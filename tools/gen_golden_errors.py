"""Run every line of tests/error_cases.py under PyTorch and record what it does (the
exception's type and message, or the value, and the warnings) in tests/golden/errors.json.
Each line runs in a forked child, as in a fresh process: PyTorch gives some warnings once
per process, and a line may change global state (the default dtype).
`--check` compares PyTorch with the recorded data instead (the error suite's live test).
Needs `pip install torch==2.13.0`."""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import error_cases  # noqa: E402
from error_runner import outcome  # noqa: E402

GOLDEN = os.path.join(HERE, "..", "tests", "golden", "errors.json")


def in_child(code):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with os.fdopen(write, "w") as f:
            json.dump(outcome(torch, code), f)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        text = f.read()
    os.waitpid(pid, 0)
    return json.loads(text)


def check():
    """Compare PyTorch live with the recorded data; print the lines that differ. Lines that
    warn run forked first, before this process runs any op (a child forked after PyTorch
    has started its thread pool can hang); the rest run here."""
    sys.path.insert(0, os.path.join(HERE, "..", "tests"))
    from error_runner import matches
    with open(GOLDEN) as f:
        golden = json.load(f)["cases"]
    torch.set_num_threads(1)
    codes = [code for _, code in error_cases.CASES]
    warned = [c for c in codes if golden[c]["warnings"]]
    got = {c: in_child(c) for c in warned}
    for c in codes:
        if c not in got:
            got[c] = outcome(torch, c)
            torch.set_default_dtype(torch.float32)
    wrong = [c for c in codes if not matches(golden[c], got[c])]
    for c in wrong:
        print(json.dumps({"code": c, "recorded": golden[c], "live": got[c]}))
    return 1 if wrong else 0


def main():
    torch.set_num_threads(1)      # no thread pool to inherit across fork
    golden = {"torch": torch.__version__.split("+")[0], "cases": {}}
    for category, code in error_cases.CASES:
        record = in_child(code)
        record["category"] = category
        golden["cases"][code] = record
    with open(GOLDEN, "w") as f:
        json.dump(golden, f, indent=0, sort_keys=True)
    raised = sum("raises" in r for r in golden["cases"].values())
    print(f"recorded {len(golden['cases'])} cases ({raised} raise)")


if __name__ == "__main__":
    sys.exit(check() if sys.argv[1:] == ["--check"] else main())
