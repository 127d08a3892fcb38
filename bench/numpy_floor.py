"""The floor retrograd is measured against: W4 and W5 written by hand in NumPy (forward and
backward derived manually, no autograd), and W4 run 10,000 steps in retrograd to check that
memory stays flat.

    python bench/numpy_floor.py [--steps 10000]
"""
import argparse
import os
import resource
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "src")]


def w4_numpy():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 784), dtype=np.float32)
    y = rng.integers(0, 10, 256)
    W1 = (rng.standard_normal((784, 512), dtype=np.float32) * 0.05)
    b1 = np.zeros(512, np.float32)
    W2 = (rng.standard_normal((512, 10), dtype=np.float32) * 0.05)
    b2 = np.zeros(10, np.float32)
    rows = np.arange(256)

    def step():
        nonlocal W1, b1, W2, b2
        pre = X @ W1 + b1
        h = np.maximum(pre, 0)
        logits = h @ W2 + b2
        shifted = logits - logits.max(1, keepdims=True)
        e = np.exp(shifted)
        s = e.sum(1, keepdims=True)
        logp = shifted - np.log(s)
        loss = -logp[rows, y].mean()
        # backward, by hand
        dlogp = np.zeros_like(logp)
        dlogp[rows, y] = -1.0 / 256
        dshifted = dlogp - (e / s) * dlogp.sum(1, keepdims=True)
        dlogits = dshifted   # the max is a constant shift
        dW2, db2 = h.T @ dlogits, dlogits.sum(0)
        dh = dlogits @ W2.T
        dpre = dh * (pre > 0)
        dW1, db1 = X.T @ dpre, dpre.sum(0)
        W1 -= 0.1 * dW1
        b1 -= 0.1 * db1
        W2 -= 0.1 * dW2
        b2 -= 0.1 * db2
        return loss
    return step


def w5_numpy():
    x = np.full(10_000_000, 0.5, np.float32)

    def step():
        sq = x * x
        s = np.sin(sq)
        e = np.exp(s)
        e.sum()
        return e * np.cos(sq) * 2 * x      # d/dx of exp(sin(x*x)), by hand
    return step


def per_call(step, budget=2.0):
    step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < budget:
        step()
        n += 1
    return (time.perf_counter() - start) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=10_000)
    args = ap.parse_args()
    import retrograd
    from bench.workloads import make_w4, make_w5
    for name, floor, ours in (("W4", w4_numpy(), make_w4(retrograd)),
                              ("W5", w5_numpy(), make_w5(retrograd))):
        f, r = per_call(floor), per_call(ours)
        print(f"{name}: NumPy by hand {f * 1e3:.2f} ms, retrograd {r * 1e3:.2f} ms "
              f"({r / f:.2f}x the floor)", flush=True)
    step = make_w4(retrograd)
    rss = []
    for i in range(1, args.steps + 1):
        step()
        if i % (args.steps // 10) == 0:
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(f"W4 x {args.steps} steps: peak RSS (MB) every {args.steps // 10} steps: "
          + ", ".join(f"{m:.0f}" for m in rss))


if __name__ == "__main__":
    main()
