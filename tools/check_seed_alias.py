#!/usr/bin/env python3
"""The seed notebook with its own `import torch` lines, run through the alias
(`python -m retrograd seed_notebook.py`), compared cell by cell with what PyTorch printed.

    python tools/check_seed_alias.py [--conformance DIR]

DIR (default ../shared/conformance next to the repository) holds seed_notebook.py,
seed_notebook.expected and check_seed.py, whose comparison rules are used as they are.
Prints "seed through the alias: P/T cells passed"; exits 1 on any mismatch.
"""
import argparse
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--conformance", default=os.path.join(ROOT, "..", "shared", "conformance"))
    args = ap.parse_args(argv)
    spec = importlib.util.spec_from_file_location(
        "check_seed", os.path.join(args.conformance, "check_seed.py"))
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONHASHSEED="0",
               PYTHONPATH=os.pathsep.join([os.path.join(ROOT, "src"),
                                           os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-m", "retrograd", check.SCRIPT],
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    if run.returncode:
        print(run.stderr.rstrip())
    with open(check.EXPECTED, encoding="utf-8") as f:
        _, expected = check.split_cells(f.read())
    _, actual = check.split_cells(run.stdout)
    passed = 0
    for k in sorted(expected):
        why = "cell did not run" if k not in actual else check.compare_text(expected[k], actual[k])
        if why is None:
            passed += 1
        else:
            print(f"cell {k}: MISMATCH: {why}")
    print(f"seed through the alias: {passed}/{len(expected)} cells passed")
    return 0 if passed == len(expected) and run.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
