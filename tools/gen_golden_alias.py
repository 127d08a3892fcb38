#!/usr/bin/env python3
"""Record what PyTorch prints for each program in tests/alias_programs/ (run as
`python PROGRAM`, real torch) into tests/golden/alias_programs.json; the tests run the same
files through `python -m retrograd` and compare."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "tests", "alias_programs")
GOLDEN = os.path.join(ROOT, "tests", "golden", "alias_programs.json")


def run(argv, **env_vars):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONHASHSEED="0", **env_vars)
    res = subprocess.run([sys.executable, *argv], capture_output=True, text=True,
                         encoding="utf-8", env=env, timeout=300, cwd=PROGRAMS)
    return res.stdout + (f"exit {res.returncode}\n{res.stderr}" if res.returncode else "")


def programs():
    return sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".py"))


def main():
    import torch
    golden = {"torch": torch.__version__, "outputs": {p: run([p]) for p in programs()}}
    with open(GOLDEN, "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {GOLDEN} ({len(golden['outputs'])} programs)")


if __name__ == "__main__":
    main()
