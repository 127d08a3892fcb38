"""The floor for the small-tensor workloads: the least a define-by-run autograd in pure
Python can do. `Scalar` below is the smallest reverse-mode engine there is (a Python float,
its parents and a closure per op; a topological sort for backward): no dtypes, no float32
rounding, no version counters, no hooks, no NumPy. W1, W3 and W6 run on it, on retrograd
and on PyTorch in one process, interleaved, and the medians of the paired ratios to
PyTorch are printed.

    python bench/python_floor.py [--rounds 7]

Whatever retrograd does per op on top of this floor is PyTorch's semantics; what this floor
costs per op is CPython's (a frame per call, an object per result, a closure per node).
"""
import argparse
import math
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "bench")]

from workloads import seed_f  # noqa: E402


class Scalar:
    """A Python float that records how it was made."""
    __slots__ = ("data", "grad", "_parents", "_backward")

    def __init__(self, data, parents=(), backward=None):
        self.data = data
        self.grad = 0.0
        self._parents = parents
        self._backward = backward

    def __mul__(self, other):
        if isinstance(other, Scalar):
            out = Scalar(self.data * other.data, (self, other))

            def backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad
        else:
            out = Scalar(self.data * other, (self,))

            def backward():
                self.grad += other * out.grad
        out._backward = backward
        return out

    __rmul__ = __mul__

    def __add__(self, other):
        out = Scalar(self.data + other, (self,))

        def backward():
            self.grad += out.grad
        out._backward = backward
        return out

    def sin(self):
        out = Scalar(math.sin(self.data), (self,))

        def backward():
            self.grad += math.cos(self.data) * out.grad
        out._backward = backward
        return out

    def exp(self):
        out = Scalar(math.exp(self.data), (self,))

        def backward():
            self.grad += out.data * out.grad
        out._backward = backward
        return out

    def norm(self):
        out = Scalar(abs(self.data), (self,))

        def backward():
            self.grad += (1.0 if self.data >= 0 else -1.0) * out.grad
        out._backward = backward
        return out

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
            if node._backward is not None:
                node._backward()


def w1(lib):
    if lib is None:
        import random
        rng = random.Random(42)

        def step():
            a = Scalar(rng.gauss(0.0, 1.0))
            seed_f(a).backward()
            return a.grad
        return step

    lib.manual_seed(42)

    def step():
        a = lib.randn(size=(), requires_grad=True)
        seed_f(a).backward()
        return a.grad
    return step


def chain(lib, n, body):
    def step():
        x = Scalar(0.5) if lib is None else lib.tensor(0.5, requires_grad=True)
        y = x
        for _ in range(n):
            y = body(y)
        y.backward()
        return x.grad
    return step


WORKLOADS = {
    "W1": w1,
    "W3": lambda lib: chain(lib, 250, lambda y: (y.sin() * 0.5).exp() + 0.1),
    "W6": lambda lib: chain(lib, 100_000, lambda y: y * 1.0000001),
}


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
        steps = {"floor": make(None), "retrograd": make(retrograd), "torch": make(torch)}
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
