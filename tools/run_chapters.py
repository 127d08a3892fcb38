#!/usr/bin/env python3
"""Run the code of *Dive into Deep Learning* (PyTorch tab) and of PyTorch's sphinx-gallery
tutorials twice, once on PyTorch and once on retrograd through `install_as_torch()`, and
report, cell by cell, whether retrograd printed what PyTorch printed.

    python tools/run_chapters.py --d2l PATH [--tutorials DIR] [--only NAME] [--json FILE]

PATH is a clone (or bare git directory) of the book's sources, d2l-ai/d2l-en; its helper
library `d2l/torch.py` is loaded from there at run time. DIR holds tutorial `.py` files
(sphinx-gallery format, as in pytorch/tutorials' beginner_source/). Nothing of either is
kept here.

Each section (a book page, a tutorial file) runs in a fresh process per library, its cells
in order in one namespace, as a notebook does. A cell's output is what it prints to stdout,
the repr of its last expression (as Jupyter shows it), the data of each matplotlib figure
it draws, and the exception it raises, if any. A cell is left out of the count, with the
reason reported, when it downloads a data set (there is no network here), or when it fails
on PyTorch itself (it needs a GPU, a package that is not installed, or a cell left out
before it). Every other cell is eligible, and it matches when both outputs are the same:
text exactly, after wall-clock times and object addresses are masked, and figure data to
a relative 1e-4.
"""
import argparse
import ast
import concurrent.futures
import contextlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# D2L chapters 2-9, each a directory of pages in the order of its table of contents
CHAPTERS = ["preliminaries", "linear-regression", "linear-classification",
            "multilayer-perceptrons", "builders-guide", "convolutional-neural-networks",
            "convolutional-modern", "recurrent-neural-networks"]

# a cell that fetches a data set; with no network it cannot run, on either library
DOWNLOAD = re.compile(r"d2l\.download|DATA_HUB|FashionMNIST|TimeMachine|MTFraEng|"
                      r"KaggleHouse|download\s*=\s*True|urlretrieve|requests\.get|"
                      r"datasets\.(MNIST|CIFAR10|ImageFolder)|wget |urlopen")
CELL_SECONDS = 300      # one cell on either library
TIME = re.compile(r"\d+(\.\d+)?(e-?\d+)? ?(sec|seconds|s\b|ms\b|examples/sec)")
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
OBJECT_ID = re.compile(r"\b1[34]\d{13}\b")     # id() of an object, as CPython gives it here
# the one difference by design (docs/alias.md): classes print under retrograd's own path
# (`retrograd.nn.Parameter` for `torch.nn.parameter.Parameter`); compared by name alone
CLASS_PATH = re.compile(r"<class '(torch|retrograd)\.([\w.]*\.)?(\w+)'>")


# ---------------------------------------------------------------- reading the sources

class Source:
    """Files of a repository given as a work tree or as a bare git directory."""

    def __init__(self, path):
        self.path = path
        self.bare = not os.path.isdir(os.path.join(path, "chapter_preliminaries"))

    def read(self, name):
        if not self.bare:
            with open(os.path.join(self.path, name), encoding="utf-8") as f:
                return f.read()
        return subprocess.run(["git", "--git-dir", self.path, "show", f"HEAD:{name}"],
                              capture_output=True, text=True, check=True).stdout


def toc(index_md):
    """Page names listed in the ```toc block of a chapter's index.md."""
    block = re.search(r"```toc\n(.*?)```", index_md, re.S).group(1)
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.strip().startswith(":")]


def book_cells(markdown):
    """The code of each ```{.python .input} block that the PyTorch tab shows."""
    cells = []
    for block in re.findall(r"```\{\.python \.input[^}]*\}\n(.*?)```", markdown, re.S):
        lines = block.splitlines()
        tabs = None
        if lines and re.match(r"\s*(%%tab|#@tab)\b", lines[0]):
            tabs = {t.strip() for t in re.sub(r"\s*(%%tab|#@tab)", "", lines[0]).split(",")}
            lines = lines[1:]
        if tabs is None or not ({"pytorch", "all"} & tabs):
            continue          # an untagged cell is the default (mxnet) tab's
        cells.append("\n".join(lines))
    return cells


def gallery_cells(text):
    """A sphinx-gallery file's code blocks: the text between its comment blocks (the module
    docstring, then blocks that open with `# %%` or a line of twenty `#`s)."""
    body = text
    tree = ast.parse(text)
    if tree.body and isinstance(tree.body[0], ast.Expr) and \
            isinstance(getattr(tree.body[0], "value", None), ast.Constant):
        body = "\n".join(text.splitlines()[tree.body[0].end_lineno:])
    cells, code, in_text = [], [], False
    for line in body.splitlines():
        if re.match(r"#\s?%%|#{20,}", line):
            in_text = True
        elif in_text and not line.startswith("#"):
            in_text = False
        if in_text:
            if code and "".join(code).strip():
                cells.append("\n".join(code))
            code = []
        else:
            code.append(line)
    if "".join(code).strip():
        cells.append("\n".join(code))
    return cells


def sections(args):
    """(chapter, section, cells) for every page asked for."""
    out = []
    if args.d2l:
        src = Source(args.d2l)
        for chapter in CHAPTERS:
            for page in toc(src.read(f"chapter_{chapter}/index.md")):
                out.append((chapter, page, book_cells(src.read(f"chapter_{chapter}/{page}.md"))))
    if args.tutorials:
        for dirpath, _, files in sorted(os.walk(args.tutorials)):
            for name in sorted(files):
                if name.endswith(".py"):
                    with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                        rel = os.path.relpath(os.path.join(dirpath, name), args.tutorials)
                        out.append(("tutorials", rel[:-3], gallery_cells(f.read())))
    if args.only:
        out = [s for s in out if {s[0], s[1], f"{s[0]}/{s[1]}"} & set(args.only)]
    return out


def d2l_package(args, where):
    """Lay the book's helper library out as a package `d2l` under `where` (a temporary
    directory: the library stays the book's)."""
    src = Source(args.d2l)
    os.makedirs(os.path.join(where, "d2l"))
    for name in ("__init__.py", "torch.py"):
        with open(os.path.join(where, "d2l", name), "w", encoding="utf-8") as f:
            f.write(src.read(f"d2l/{name}"))


# ---------------------------------------------------------------- running one section

class Tab:
    """The book's `tab` object, for cells that branch on the selected framework."""
    selected_name = "pytorch"

    def selected(self, *names):
        return self.selected_name in names

    def interact_select(self, *names, **kw):
        pass


def _figure_data(fig):
    """What a figure shows, as numbers: each axes' lines, point sets and images."""
    axes = []
    for ax in fig.axes:
        lines = [[round(float(v), 10) for v in line.get_ydata()] for line in ax.get_lines()]
        points = [[round(float(v), 10) for v in c.get_offsets().ravel()]
                  for c in ax.collections if hasattr(c, "get_offsets")]
        images = [[round(float(v), 10) for v in __import__("numpy").asarray(
            im.get_array(), dtype=float).ravel()[:2000]] for im in ax.get_images()]
        axes.append({"lines": lines, "points": points, "images": images})
    return axes


def _stub_torchvision():
    """PyTorch without torchvision installed: `import torchvision` (d2l's library does it)
    succeeds, and the first use of any of its names fails as a missing module would."""
    import types

    class Missing(types.ModuleType):
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            raise ModuleNotFoundError("No module named 'torchvision' (not installed)")

    for name in ("torchvision", "torchvision.transforms", "torchvision.datasets",
                 "torchvision.models", "torchvision.utils", "torchvision.io"):
        sys.modules[name] = Missing(name)
    sys.modules["torchvision"].transforms = sys.modules["torchvision.transforms"]


def worker(lib, cells_file, out_file, d2l_dir):
    import random
    import signal
    import socket

    os.environ["MPLBACKEND"] = "Agg"
    if lib == "retrograd":
        sys.path.insert(0, os.path.join(ROOT, "src"))
        import retrograd
        retrograd.install_as_torch()
    else:
        import importlib.util
        if importlib.util.find_spec("torchvision") is None:
            _stub_torchvision()
    if d2l_dir:
        sys.path.insert(0, d2l_dir)

    def no_network(*a, **k):
        raise OSError("no network here")
    socket.socket.connect = no_network
    socket.create_connection = no_network
    socket.getaddrinfo = no_network

    # a fresh PyTorch seeds itself from the clock; both runs start from one seed instead
    import torch
    torch.manual_seed(0)
    random.seed(0)
    import numpy as np
    np.random.seed(0)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    with open(cells_file, encoding="utf-8") as f:
        cells = json.load(f)
    results = []
    record = None

    try:        # IPython.display.display draws figures into the record, as a notebook shows them
        import IPython.display as ipd

        def display(*objs, **kw):
            for obj in objs:
                if isinstance(obj, Figure):
                    record.append(["figure", _figure_data(obj)])
                else:
                    print(repr(obj))
        ipd.display = display
        ipd.clear_output = lambda wait=False: None
    except ImportError:
        pass

    def on_alarm(*_):
        raise TimeoutError(f"cell ran past {CELL_SECONDS} s")
    signal.signal(signal.SIGALRM, on_alarm)

    namespace = {"__name__": "__main__", "tab": Tab()}
    for i, code in enumerate(cells):
        record = []
        buf = io.StringIO()
        code = "\n".join(l for l in code.splitlines() if not l.lstrip().startswith(("%", "!")))
        start = time.time()
        signal.alarm(CELL_SECONDS)
        try:
            with contextlib.redirect_stdout(buf):
                tree = ast.parse(code, f"<cell {i}>")
                last = None
                if tree.body and isinstance(tree.body[-1], ast.Expr) and \
                        not code.rstrip().endswith(";"):
                    last = ast.Expression(tree.body.pop().value)
                exec(compile(tree, f"<cell {i}>", "exec"), namespace)
                if last is not None:
                    value = eval(compile(last, f"<cell {i}>", "eval"), namespace)
                    if value is not None:
                        if isinstance(value, Figure):
                            record.append(["figure", _figure_data(value)])
                        else:
                            print(repr(value))
            error = None
        except BaseException as e:      # noqa: B902 - a cell's SystemExit is its output too
            error = f"{type(e).__name__}: {e}"
        finally:
            signal.alarm(0)
        text = buf.getvalue()
        for num in plt.get_fignums():   # figures left open show at the end of the cell
            record.append(["figure", _figure_data(plt.figure(num))])
        plt.close("all")
        results.append({"text": text, "figures": [r[1] for r in record], "error": error,
                        "seconds": round(time.time() - start, 2)})
        with open(out_file, "w", encoding="utf-8") as f:   # what ran so far survives a kill
            json.dump(results, f)


def run_section(lib, cells, d2l_dir, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        cells_file, out_file = os.path.join(tmp, "cells.json"), os.path.join(tmp, "out.json")
        with open(cells_file, "w", encoding="utf-8") as f:
            json.dump(cells, f)
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", MPLBACKEND="Agg",
                   OMP_NUM_THREADS="1")
        try:
            subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", lib,
                            cells_file, out_file, d2l_dir or ""], env=env, timeout=timeout,
                           capture_output=True, cwd=tmp)
        except subprocess.TimeoutExpired:
            pass
        if not os.path.exists(out_file):
            return []
        with open(out_file, encoding="utf-8") as f:
            return json.load(f)


# ---------------------------------------------------------------- comparing

def masked(text):
    """The text with what differs from run to run on one library too (times, addresses,
    object ids: each distinct id becomes `id1`, `id2`, ... so equal ids still read equal)."""
    ids = {}
    text = OBJECT_ID.sub(lambda m: ids.setdefault(m.group(), f"id{len(ids) + 1}"), text or "")
    text = CLASS_PATH.sub(r"<class 'torch.….\3'>", text)
    return ADDRESS.sub("0x…", TIME.sub("<time>", text))


def same_figures(a, b):
    if len(a) != len(b):
        return False
    flat = lambda f: [v for ax in f for kind in ("lines", "points", "images")
                      for series in ax[kind] for v in series + [math.inf]]
    for fa, fb in zip(a, b):
        xa, xb = flat(fa), flat(fb)
        if len(xa) != len(xb):
            return False
        for u, v in zip(xa, xb):
            if not (u == v or (math.isnan(u) and math.isnan(v))
                    or abs(u - v) <= 1e-4 * max(abs(u), abs(v), 1e-3)):
                return False
    return True


def first_diff(a, b):
    """The first line where two outputs part."""
    la, lb = a.splitlines(), b.splitlines()
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "<end>"
        y = lb[i] if i < len(lb) else "<end>"
        if x != y:
            return f"line {i + 1}: torch {x[:200]!r} | retrograd {y[:200]!r}"
    return "figures differ"


def why_left_out(code, ran, excluded_before):
    """The reason a cell is not counted, or None when it is eligible."""
    if DOWNLOAD.search(code):
        return "downloads a data set"
    if ran is None:
        return "not reached on PyTorch"
    err = ran["error"]
    if err is None:
        return None
    if re.search(r"CUDA|cuda|GPU|accelerator", err):
        return "needs a GPU"
    if "torchvision" in err:
        return "needs torchvision (not installed with this PyTorch)"
    if "no network" in err:
        return "downloads a data set"
    if excluded_before:
        return "fails on PyTorch after a cell left out"
    return "fails on PyTorch: " + err.splitlines()[0][:80]


def compare(cells, torch_out, retro_out):
    rows = []
    left_out = False
    for i, code in enumerate(cells):
        t = torch_out[i] if i < len(torch_out) else None
        r = retro_out[i] if i < len(retro_out) else None
        reason = why_left_out(code, t, left_out)
        if reason:
            left_out = True
            rows.append({"cell": i, "excluded": reason})
            continue
        if r is None:
            rows.append({"cell": i, "match": False, "diff": "not reached on retrograd"})
            continue
        ta = masked(t["text"]) + (f"\n{t['error']}" if t["error"] else "")
        ra = masked(r["text"]) + (f"\n{masked(r['error'])}" if r["error"] else "")
        ok = ta == ra and same_figures(t["figures"], r["figures"])
        row = {"cell": i, "match": ok}
        if not ok:
            row["diff"] = first_diff(ta, ra)
            if r["error"] and not t["error"]:
                row["diff"] += f" | retrograd raised {r['error'].splitlines()[0][:200]}"
            row["code"] = code[:300]
        rows.append(row)
    return rows


# ---------------------------------------------------------------- the report

def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        return worker(*sys.argv[2:5], sys.argv[5] or None)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--d2l", help="d2l-ai/d2l-en sources: a clone or a bare git directory")
    p.add_argument("--tutorials", help="directory of sphinx-gallery tutorial .py files")
    p.add_argument("--only", action="append",
                   help="a chapter or section (e.g. preliminaries, ndarray); may be repeated")
    p.add_argument("--jobs", type=int, default=1, help="sections run side by side")
    p.add_argument("--json", help="write every cell's result to this file")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per section and library")
    p.add_argument("-v", "--verbose", action="store_true", help="print each mismatch's code")
    args = p.parse_args()
    if not (args.d2l or args.tutorials):
        p.error("give --d2l, --tutorials or both")

    tmp = tempfile.mkdtemp()
    try:
        d2l_dir = None
        if args.d2l:
            d2l_package(args, tmp)
            d2l_dir = tmp
        report, totals = [], {}

        def run_both(page):
            cells = page[2]
            return compare(cells, run_section("torch", cells, d2l_dir, args.timeout),
                           run_section("retrograd", cells, d2l_dir, args.timeout))

        pages = sections(args)
        pool = concurrent.futures.ThreadPoolExecutor(max(1, args.jobs))
        results = pool.map(run_both, pages)     # in page order, each as soon as it is done
        for (chapter, section, cells), rows in zip(pages, results):
            report.append({"chapter": chapter, "section": section, "rows": rows})
            eligible = [r for r in rows if "excluded" not in r]
            matched = sum(r["match"] for r in eligible)
            t = totals.setdefault(chapter, [0, 0, 0])
            t[0] += len(rows)
            t[1] += len(eligible)
            t[2] += matched
            print(f"{chapter}/{section}: {len(rows)} cells, {len(eligible)} eligible, "
                  f"{matched} match", flush=True)
            for r in rows:
                if "excluded" in r:
                    print(f"    cell {r['cell']}: left out ({r['excluded']})")
                elif not r["match"]:
                    print(f"    cell {r['cell']}: {r['diff']}")
                    if args.verbose:
                        print("        " + r["code"].replace("\n", "\n        "))
        pool.shutdown()
        print()
        print(f"| {'chapter':32} | cells | eligible | matching |")
        print(f"|{'-' * 34}|-------|----------|----------|")
        for chapter, (n, e, m) in totals.items():
            print(f"| {chapter:32} | {n:5} | {e:8} | {m:8} |")
        n, e, m = (sum(t[k] for t in totals.values()) for k in range(3))
        print(f"| {'total':32} | {n:5} | {e:8} | {m:8} |")
        if e:
            print(f"\n{m}/{e} eligible cells match ({100 * m / e:.1f}%)")
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(report, f, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
