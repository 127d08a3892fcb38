"""How fast explain draws, and what its hooks cost when no trace is active.

    python bench/explain_bench.py

1. Drawing: graphs of ~2,000 nodes (an unrolled recurrence reusing one weight, a deep MLP,
   2,000 leaves stacked side by side), timed for the model (`explain.graph`), the SVG (layout included) and the text.
2. Hooks: the op table, the engine and Tensor.__bool__ each test one module global
   (`tracer is not None`). Timed against the op it sits in: `a * 2` on a 0-d tensor.
3. An active trace: the seed's f(a) plus backward, with and without `explain.trace()`.
"""
import os
import statistics
import sys
import timeit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

import retrograd as torch  # noqa: E402
from retrograd import explain  # noqa: E402
from retrograd.ops import _op  # noqa: E402
from workloads import seed_f as f  # noqa: E402


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = timeit.default_timer()
        fn()
        times.append(timeit.default_timer() - start)
    return min(times), statistics.median(times)


def recurrence(steps):
    """h = tanh(h * w + x_t): w reused at every step (far uses get copies of its box)."""
    w = torch.randn(8, requires_grad=True)
    h = torch.zeros(8)
    for _ in range(steps):
        h = (h * w + torch.randn(8)).tanh()
    return h.sum(), {"w": w}


def mlp(layers):
    x = torch.randn(4, 16)
    params = {}
    for i in range(layers):
        w = (torch.randn(16, 16) / 4).requires_grad_()
        b = torch.zeros(16, requires_grad=True)
        params[f"w{i}"], params[f"b{i}"] = w, b
        x = (x @ w + b).relu()
    return x.sum(), params


def wide(n):
    """n leaves stacked: one layer of n boxes."""
    leaves = [torch.randn(3, requires_grad=True) for _ in range(n)]
    return torch.stack(leaves).sum(), {f"p{i}": p for i, p in enumerate(leaves)}


def drawing():
    print("1. drawing a graph (best and median of 5, seconds)")
    for name, (out, params) in (("recurrence x650", recurrence(650)), ("mlp x400", mlp(400)),
                                ("wide x2000", wide(2000))):
        g = explain.graph(out, params=params, fold=False)
        build = best_of(lambda: explain.graph(out, params=params, fold=False))
        svg = best_of(g.to_svg)
        text = best_of(g.text)
        print(f"   {name:<17} {g.nodes:>5} nodes  model {build[0]:.3f}/{build[1]:.3f}  "
              f"svg {svg[0]:.3f}/{svg[1]:.3f}  text {text[0]:.3f}/{text[1]:.3f}  "
              f"({len(g.to_svg()) // 1024} KiB of SVG)")


def hooks():
    print("2. hooks with no trace active")
    a = torch.tensor(1.5)
    n = 200_000
    op = min(timeit.repeat(lambda: a * 2, number=n, repeat=5)) / n
    ns = {"_op": _op}
    check = min(timeit.repeat("_op.tracer is not None", globals=ns, number=n * 10,
                              repeat=5)) / (n * 10)
    empty = min(timeit.repeat("pass", number=n * 10, repeat=5)) / (n * 10)
    cost = max(check - empty, 0.0)
    print(f"   a * 2 (0-d tensor): {op * 1e9:.0f} ns per op; one `tracer is not None` test: "
          f"{cost * 1e9:.1f} ns = {100 * cost / op:.2f}% of the op")


def tracing():
    print("3. the seed's f(a) and backward, untraced and traced")

    def run():
        a = torch.tensor(0.33669, requires_grad=True)
        f(a).backward()

    def traced():
        with explain.trace() as t:
            run()
        return t

    plain = min(timeit.repeat(run, number=200, repeat=5)) / 200
    on = min(timeit.repeat(traced, number=200, repeat=5)) / 200
    report = min(timeit.repeat(lambda: traced().report(), number=50, repeat=3)) / 50 - on
    print(f"   untraced {plain * 1e6:.0f} us, traced {on * 1e6:.0f} us "
          f"({on / plain:.1f}x), writing the report {report * 1e6:.0f} us")


if __name__ == "__main__":
    torch.manual_seed(0)
    drawing()
    hooks()
    tracing()
