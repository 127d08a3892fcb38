"""Generate what the explain feature's docs and tests rest on:

- docs/seed_graph.svg: the seed notebook's f(a) as retrograd draws it, after a traced
  backward (shown in README.md and docs/explain.md); the trace report is printed, for the
  same pages (tests check that they show the current one);
- tests/golden/explain_golden.json: PyTorch's backward graph (node names and edges) and
  leaf gradients for each program of tests/golden/explain_programs.py. Needs
  `pip install torch==2.13.0`; without it only the docs are regenerated.

Run from anywhere: python tools/gen_explain_assets.py
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
GOLDEN = os.path.join(ROOT, "tests", "golden")
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, GOLDEN)

import explain_programs  # noqa: E402
import retrograd  # noqa: E402
from retrograd import explain  # noqa: E402


def seed_assets():
    retrograd.manual_seed(42)

    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    a = retrograd.randn(size=(), requires_grad=True)
    with explain.trace() as t:
        d = f(a)
        d.backward()
    docs = os.path.join(ROOT, "docs")
    t.graph().save(os.path.join(docs, "seed_graph.svg"))
    print(t.report())


def torch_golden():
    try:
        import torch
    except ImportError:
        print("torch is not installed: tests/golden/explain_golden.json left as it is")
        return
    golden = {}
    for name, program in explain_programs.PROGRAMS.items():
        outputs, leaves = program(torch)
        graph = explain_programs.structure([o.grad_fn for o in outputs])
        sum(o.sum() for o in outputs).backward()
        golden[name] = {"graph": graph, "grads": [leaf.grad.tolist() for leaf in leaves]}
    path = os.path.join(GOLDEN, "explain_golden.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"wrote {path} ({len(golden)} programs, torch {torch.__version__})")


if __name__ == "__main__":
    seed_assets()
    torch_golden()
