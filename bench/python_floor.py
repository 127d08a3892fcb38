"""The floor for the small-tensor workloads: the least a define-by-run autograd in pure
Python can do. `Scalar` below is about the smallest reverse-mode engine there is (a Python
float, its parents and the local derivatives with respect to them; a topological sort for
backward): no tensors, no dtypes, no float32 rounding, no graph nodes a user can inspect,
no version counters, no hooks, no NumPy. W1, W3 and W6 (from workloads.py, unchanged) run
on it, on retrograd and on PyTorch in one process, interleaved, and the medians of the
paired ratios to PyTorch are printed.

    python bench/python_floor.py [--rounds 7]

What retrograd spends per op above this floor is what PyTorch's semantics cost in Python:
a tensor object over an ndarray, a node with PyTorch's name, edges and saved values, a
version counter, dtype rounding.
"""
import argparse
import math
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "bench")]

from workloads import make_w1, make_w3, make_w6  # noqa: E402


class Scalar:
    """A Python float that records how it was made: its parents and, computed eagerly, the
    local derivative with respect to each (no closure per op)."""
    __slots__ = ("data", "grad", "_parents", "_local")

    def __init__(self, data, parents=(), local=()):
        self.data = data
        self.grad = 0.0
        self._parents = parents
        self._local = local

    def __mul__(self, other):
        if isinstance(other, Scalar):
            return Scalar(self.data * other.data, (self, other), (other.data, self.data))
        return Scalar(self.data * other, (self,), (other,))

    __rmul__ = __mul__

    def __add__(self, other):
        return Scalar(self.data + other, (self,), (1.0,))

    def sin(self):
        return Scalar(math.sin(self.data), (self,), (math.cos(self.data),))

    def exp(self):
        e = math.exp(self.data)
        return Scalar(e, (self,), (e,))

    def norm(self):
        return Scalar(abs(self.data), (self,), (1.0 if self.data >= 0 else -1.0,))

    def sum(self):
        return self

    def __lt__(self, other):
        return self.data < other

    def __gt__(self, other):
        return self.data > other

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:   # iterative post-order: a long chain must not hit the recursion limit
            node, done = stack.pop()
            if done:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        self.grad = 1.0
        for node in reversed(order):
            g = node.grad
            for parent, local in zip(node._parents, node._local):
                parent.grad += local * g


class ScalarLibrary:
    """The few `torch.*` functions the workloads call, for `Scalar`: the workloads in
    workloads.py then run on the floor unchanged."""

    def __init__(self):
        import random
        self._rng = random.Random()

    def manual_seed(self, seed):
        self._rng.seed(seed)

    def randn(self, size=(), requires_grad=True):
        return Scalar(self._rng.gauss(0.0, 1.0))

    def tensor(self, value, requires_grad=True):
        return Scalar(float(value))


WORKLOADS = {"W1": make_w1, "W3": make_w3, "W6": make_w6}


def _per_call(step, budget):
    step()
    n, start = 0, time.perf_counter()
    while True:
        step()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--budget", type=float, default=0.3)
    args = ap.parse_args()
    import retrograd
    try:
        import torch
    except ImportError:
        sys.exit("python_floor.py compares against PyTorch: pip install torch==2.13.0")
    print(f"{'id':4} {'floor':>10} {'retrograd':>10} {'torch':>10} {'floor/torch':>12} "
          f"{'retrograd/torch':>16}")
    for name, make in WORKLOADS.items():
        steps = {"floor": make(ScalarLibrary()), "retrograd": make(retrograd),
                 "torch": make(torch)}
        times = {k: [] for k in steps}
        for _ in range(args.rounds):
            for k, step in steps.items():
                times[k].append(_per_call(step, args.budget))
        med = {k: statistics.median(v) for k, v in times.items()}
        floor_ratio = statistics.median(f / t for f, t in zip(times["floor"], times["torch"]))
        ours_ratio = statistics.median(r / t for r, t in zip(times["retrograd"],
                                                              times["torch"]))
        print(f"{name:4} {med['floor'] * 1e3:9.3f}ms {med['retrograd'] * 1e3:9.3f}ms "
              f"{med['torch'] * 1e3:9.3f}ms {floor_ratio:12.2f} {ours_ratio:16.2f}")


if __name__ == "__main__":
    main()
