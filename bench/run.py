"""Benchmark retrograd against PyTorch, side by side.

    python bench/run.py [W1 W2 ...] [--rounds 7]

Each library runs in its own worker process; the workers take turns (interleaved rounds),
each round timing a batch of iterations in both, so machine noise hits both alike. Prints
the median over rounds of the paired ratio retrograd/torch, and writes a JSON record to
bench/results/. Also W8: import time of each library in a fresh interpreter.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

WORKER = r"""
import sys, time, json, gc
sys.path[:0] = [{root!r}, {src!r}]
lib, one_thread = sys.argv[1], sys.argv[3] == "1"
if lib == "retrograd":
    import retrograd as torch
else:
    import torch
if one_thread:
    torch.set_num_threads(1)
from bench.workloads import WORKLOADS
import resource
name = sys.argv[2]
step = WORKLOADS[name][0](torch)
setup_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for _ in range(2):
    step()
for line in sys.stdin:
    budget = float(line)
    n, start = 0, time.perf_counter()
    while True:
        step(); n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            break
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - setup_peak
    print(json.dumps([elapsed / n, peak / 1024]), flush=True)
"""


def _env(threads):
    """Each library at its default threads (as users run it), or pinned to one thread:
    PyTorch set_num_threads(1), NumPy's BLAS likewise."""
    if threads == "default":
        return dict(os.environ)
    return dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                MKL_NUM_THREADS="1")


def _worker(lib, name, threads):
    code = WORKER.format(root=ROOT, src=os.path.join(ROOT, "src"))
    return subprocess.Popen([sys.executable, "-c", code, lib, name,
                             "1" if threads == "1" else "default"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=_env(threads))


def _time(proc, budget):
    proc.stdin.write(f"{budget}\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def bench(name, rounds, budget, threads):
    workers = {lib: _worker(lib, name, threads) for lib in ("retrograd", "torch")}
    try:
        ratios, times = [], {"retrograd": [], "torch": []}
        peaks = {}
        for _ in range(rounds):
            r, peaks["retrograd"] = _time(workers["retrograd"], budget)
            t, peaks["torch"] = _time(workers["torch"], budget)
            times["retrograd"].append(r)
            times["torch"].append(t)
            ratios.append(r / t)
    finally:
        for w in workers.values():
            w.stdin.close()
            w.wait()
    return {"ratio": statistics.median(ratios),
            "retrograd_s": statistics.median(times["retrograd"]),
            "torch_s": statistics.median(times["torch"]),
            # memory the workload itself needed above its setup (peak RSS growth, MB)
            "retrograd_peak_mb": peaks["retrograd"], "torch_peak_mb": peaks["torch"]}


def once(lib, name, threads):
    """One timed run in a fresh process (for workloads too long to repeat)."""
    code = (f"import sys, time; sys.path[:0] = [{ROOT!r}, {os.path.join(ROOT, 'src')!r}]\n"
            f"import {'retrograd as torch' if lib == 'retrograd' else 'torch'}\n"
            "from bench.workloads import make_w6\n"
            "step = make_w6(torch, 1_000_000)\n"
            "t = time.perf_counter(); step(); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env=_env(threads))
    return float(out.stdout)


def import_time(module, repeats=5):
    """Median wall time of `python -c "import <module>"`, with bytecode compiled as an
    installed package has it (pip compiles .pyc files at install; this checkout may run
    with PYTHONDONTWRITEBYTECODE set, which would otherwise recompile every module)."""
    if module == "retrograd":
        import compileall
        compileall.compile_dir(os.path.join(ROOT, "src", "retrograd"), quiet=1)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True,
                       env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src")))
        times.append(time.perf_counter() - start)
    base = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(base)


def cpu_name():
    """The CPU's model name, as /proc/cpuinfo gives it (tables name the machine)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    from workloads import WORKLOADS
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="*", default=list(WORKLOADS) + ["W6M", "W8"])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--budget", type=float, default=0.3, help="seconds per timed batch")
    ap.add_argument("--threads", choices=["default", "1"], default="default",
                    help="both libraries at their default threads, or both pinned to one")
    args = ap.parse_args()
    record = {"machine": f"{cpu_name()}, {os.cpu_count()} cores",
              "python": platform.python_version(), "threads": args.threads, "results": {}}
    print(f"{record['machine']}; threads: {args.threads}")
    print(f"{'id':4} {'retrograd':>12} {'torch':>12} {'ratio':>7} {'target':>7}  workload")
    for name in args.names:
        if name == "W6M":   # completion check: a million sequential ops, once each
            r, t = once("retrograd", "W6M", args.threads), once("torch", "W6M", args.threads)
            res, target, desc = {"ratio": r / t, "retrograd_s": r, "torch_s": t}, None, \
                "1,000,000 sequential scalar ops then backward (completes)"
        elif name == "W8":
            r, base = import_time("retrograd")
            t, _ = import_time("torch")
            res = {"ratio": r / t, "retrograd_s": r, "torch_s": t, "python_startup_s": base}
            target, desc = 0.2 / 2.0, "python -c 'import X' wall time"
        else:
            _, desc, target = WORKLOADS[name]
            res = bench(name, args.rounds, args.budget if name not in ("W5", "W6") else 1.0,
                        args.threads)
        res["target"] = target
        target = float("nan") if target is None else target
        record["results"][name] = res
        mem = (f"  (peak MB above setup: retrograd {res['retrograd_peak_mb']:.0f}, "
               f"torch {res['torch_peak_mb']:.0f})" if "torch_peak_mb" in res else "")
        print(f"{name:4} {res['retrograd_s'] * 1e3:10.3f}ms {res['torch_s'] * 1e3:10.3f}ms "
              f"{res['ratio']:7.2f} {target:7.2f}  {desc}{mem}", flush=True)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", time.strftime("bench-%Y%m%d-%H%M%S") +
                        f"-threads-{args.threads}.json")
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
