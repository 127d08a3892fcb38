"""The graph model: what `explain.graph` found behind some outputs, ready to be drawn.

It walks the backward graph from the outputs' `grad_fn`s, iteratively (no recursion, so
graphs of any depth work), reading only what every node offers: `name()` and
`next_functions`, plus what retrograd's nodes also carry (`_meta`: output shapes and
dtypes; `_saved`: what the op saved; `variable` on AccumulateGrad). Nodes of custom
Functions and other node classes work too; they just say less.

Chains of the same op, where each result is only used by the next op (the seed's
doubling loop), are folded into one box, `MulBackward0 ×12`, unless `fold=False`.
"""
import os
from collections import deque

import numpy as np

from . import _format
from .._printing import _grad_fn_name as _node_name
from ._lang import texts
from ._trace import flows, seeds

FOLD_MIN = 3   # shortest chain of one op folded into a single box


class Box:
    """One drawn node: an output tensor, a graph node, a leaf, or a folded chain."""
    __slots__ = ("id", "kind", "title", "info", "detail", "count")

    def __init__(self, id, kind, title, info, detail, count=1):
        self.id = id            # 0, 1, ... in order of distance from the outputs
        self.kind = kind        # "output", "op", "group" (folded chain), "leaf"; the SVG
        #                         adds "copy" (a leaf drawn again beside a distant use)
        self.title = title      # "MulBackward0 ×12", "a", "d"
        self.info = info        # short lines drawn under the title
        self.detail = detail    # longer text for tooltips
        self.count = count      # graph nodes inside (12 for "MulBackward0 ×12")

    def __repr__(self):
        return f"<Box {self.id} {self.title!r}>"


class Edge:
    """Data flows from `src` into `dst`; `grad` is the gradient that flowed back along it
    in the last traced backward (None if unknown), `label` its short form (`‖0.1164‖ [4,5]`)."""
    __slots__ = ("src", "dst", "grad", "label")

    def __init__(self, src, dst, summaries):
        self.src, self.dst = src, dst
        self.grad, self.label = summaries or (None, None)

    def __repr__(self):
        return f"<Edge {self.src}->{self.dst} grad={self.grad}>"


def _outputs(outputs):
    """(name or None, tensor) pairs from a tensor, a sequence or a name -> tensor dict."""
    from .._tensor import Tensor
    if isinstance(outputs, Tensor):
        return [(None, outputs)]
    items = list(outputs.items()) if isinstance(outputs, dict) else \
        [(None, t) for t in outputs] if isinstance(outputs, (list, tuple)) else None
    if not items or not all(isinstance(t, Tensor) for _, t in items):
        raise TypeError("explain.graph() expects a Tensor, a non-empty list or tuple of "
                        f"Tensors, or a dict of them, but got {type(outputs).__name__}")
    return items


def _names(params, outputs):
    """User names, by id of leaf tensors and by the node that made non-leaf tensors
    (outputs are named on their own box)."""
    leaves, results = {}, {}
    for name, t in (params or {}).items():
        if any(t is o for _, o in outputs):
            continue
        fn = t.grad_fn
        if fn is None:
            leaves[id(t)] = name
        else:
            results.setdefault(fn, []).append(name)
    return leaves, results


def _root(t):
    """The node a tensor's gradient enters the graph at, or None."""
    edge = t._edge()
    return edge[0] if edge is not None else None


def _recorded(table, fn):
    """What a trace recorded for `fn` (None for nodes that take no weak references)."""
    try:
        return table.get(fn)
    except TypeError:
        return None


def _next(fn):
    return getattr(fn, "next_functions", None) or ()


def _walk(roots):
    """Every node reachable from `roots`, nearest first, and each node's consumers count."""
    order, seen = [], set()
    uses = {}
    queue = deque(roots)
    for r in roots:
        uses[r] = uses.get(r, 0) + 1
    while queue:
        fn = queue.popleft()
        if fn in seen:
            continue
        seen.add(fn)
        order.append(fn)
        for child, _ in _next(fn):
            if child is not None:
                uses[child] = uses.get(child, 0) + 1
                if child not in seen:
                    queue.append(child)
    return order, uses


def _is_leaf(fn):
    return hasattr(fn, "variable")


def _only_input(fn):
    """The single node `fn` takes a gradient-carrying input from, else None."""
    inputs = [c for c, _ in _next(fn) if c is not None]
    return inputs[0] if len(inputs) == 1 else None


def _chains(order, uses, named):
    """Maximal runs of the same op, each node feeding only the next (top first)."""
    def foldable(fn):
        return not _is_leaf(fn) and fn not in named and _only_input(fn) is not None

    below = {}
    for fn in order:
        child = _only_input(fn) if foldable(fn) else None
        if child is not None and foldable(child) and uses[child] == 1 \
                and _node_name(child) == _node_name(fn):
            below[fn] = child
    heads = set(below) - set(below.values())
    chains = []
    for fn in order:
        if fn in heads:
            chain = [fn]
            while chain[-1] in below:
                chain.append(below[chain[-1]])
            if len(chain) >= FOLD_MIN:
                chains.append(chain)
    return chains


def _meta_text(fn):
    meta = getattr(fn, "_meta", None)
    if not meta:
        return ""
    return "; ".join(f"{_format.shape(s)} {np.dtype(d).name}" for s, d in meta)


def _saved_items(fn, attrs=False):
    """(name, summary) for the values a node saved for its backward: tensors and number
    inputs, and with `attrs` also the op's settings (`dim`, `keepdim`, ...)."""
    saved = getattr(fn, "_saved", None)
    if not isinstance(saved, dict):
        return []
    op = getattr(fn, "op", None)
    inputs = getattr(op, "inputs", ()) + ("out",)
    items = []
    for name, v in saved.items():
        data = getattr(v, "_data", v)
        if isinstance(data, np.ndarray):
            items.append((name, _format.shape(data.shape)))
        elif name not in inputs and not attrs:
            continue
        elif isinstance(data, (int, float)) and not isinstance(data, bool):
            items.append((name, f"={_format.number(data)}"))
        else:
            items.append((name, f"={data!r}"))
    return items


def _saved_line(items, freed, T):
    if items:
        return T["saved"] + " " + ", ".join(name + text for name, text in items)
    return T["freed"] if freed else ""


def _flow_in(fn):
    """The gradients that arrived at `fn` in the last traced backward (full summaries)."""
    record = _recorded(flows, fn)
    return [g and g[0] for g in record[0]] if record else None


class Graph:
    """The graph behind some outputs: `print(g)` for a text tree, `g.to_svg()`,
    `g.to_dot()`, `g.to_mermaid()`, `g.save("graph.svg")`; Jupyter shows the picture."""

    def __init__(self, boxes, edges, nodes, lang="en"):
        self.boxes = boxes    # Box, outputs first
        self.edges = edges    # Edge, in data-flow direction (input -> consumer)
        self.nodes = nodes    # graph nodes behind the boxes (folded chains count each)
        self.lang = lang      # of the text view: "en" or "zh"

    def text(self, lang=None):
        from ._text import render
        return render(self, lang or self.lang)

    def __str__(self):
        return self.text()

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle):
        p.text(self.text())

    def to_svg(self):
        from ._svg import render
        return render(self)

    def to_dot(self):
        from ._formats import dot
        return dot(self)

    def to_mermaid(self):
        from ._formats import mermaid
        return mermaid(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/svg+xml": self.to_svg(), "text/plain": self.text()}

    def save(self, path):
        """Write the graph to `path`, in the format its extension names: .svg, .dot/.gv,
        .mmd (Mermaid) or .txt."""
        writers = {".svg": self.to_svg, ".dot": self.to_dot, ".gv": self.to_dot,
                   ".mmd": self.to_mermaid, ".txt": self.text}
        ext = os.path.splitext(str(path))[1].lower()
        if ext not in writers:
            kind = ext or "a file without an extension"
            raise ValueError(f"explain: cannot save a graph as {kind}; use one of "
                             f"{', '.join(writers)}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(writers[ext]())


def build(outputs, params=None, fold=True, lang="en"):
    """The Graph behind `outputs` (see `explain.graph`)."""
    T = texts(lang)
    items = _outputs(outputs)
    leaf_names, result_names = _names(params, items)
    order, uses = _walk([fn for fn in (_root(t) for _, t in items) if fn is not None])
    chains = _chains(order, uses, result_names) if fold else []

    boxes, edges = [], []
    box_of = {}
    for i, (name, t) in enumerate(items):
        title = name or _param_name(params, t) or \
            (T["output"] if len(items) == 1 else f"{T['output']} {i}")
        info = [f"{_format.shape(t._data.shape)} {t._data.dtype.name}",
                "= " + _format.value(t)]
        boxes.append(Box(len(boxes), "output", title, info,
                         f"{title} = {_format.value(t, long=True)}"))
    group_of = {fn: chain for chain in chains for fn in chain}
    for fn in order:
        if fn in box_of:
            continue
        chain = group_of.get(fn)
        box = _group_box(len(boxes), chain, T) if chain else \
            _leaf_box(len(boxes), fn, leaf_names, T) if _is_leaf(fn) else \
            _op_box(len(boxes), fn, result_names, T)
        boxes.append(box)
        for member in chain or (fn,):
            box_of[member] = box.id

    for i, (_, t) in enumerate(items):
        fn = _root(t)
        if fn is not None:
            seed = _recorded(seeds, fn)
            edges.append(Edge(box_of[fn], i, seed.get(t._output_nr) if seed else None))
    for fn in order:
        record = _recorded(flows, fn)
        for k, (child, _) in enumerate(_next(fn)):
            if child is None or box_of[child] == box_of[fn]:
                continue
            grad = record[1][k] if record and k < len(record[1]) else None
            edges.append(Edge(box_of[child], box_of[fn], grad))
    return Graph(boxes, edges, len(order), lang)


def _param_name(params, t):
    for name, p in (params or {}).items():
        if p is t:
            return name
    return None


def _op_box(i, fn, result_names, T):
    name = _node_name(fn)
    info = [_meta_text(fn), _saved_line(_saved_items(fn), getattr(fn, "_freed", False), T)]
    labels = result_names.get(fn)
    title = f"{name} → {', '.join(labels)}" if labels else name
    detail = "\n".join([title] + [s for s in info if s] +
                       [_saved_line(_saved_items(fn, attrs=True), False, T)])
    g = _flow_in(fn)
    if g:
        detail += f"\n{T['grad_in']}: " + ", ".join(x for x in g if x)
    return Box(i, "op", title, [s for s in info if s], detail)


def _leaf_box(i, fn, leaf_names, T):
    var = fn.variable
    title = leaf_names.get(id(var)) or T["leaf"]
    info = [f"{_format.shape(var._data.shape)} {var._data.dtype.name}"]
    if var._grad is not None:
        info.append(f"{T['grad']} {_format.value(var._grad)}")
    detail = f"{title} ({_node_name(fn)})\n{T['value']} {_format.value(var, long=True)}"
    if var._grad is not None:
        detail += f"\n{T['grad']} {_format.value(var._grad, long=True)}"
    return Box(i, "leaf", title, info, detail)


def _group_box(i, chain, T):
    top = chain[0]
    title = f"{_node_name(top)} ×{len(chain)}"
    info = [_meta_text(top)]
    saved = [_saved_items(fn) for fn in chain]
    same = all(s == saved[0] for s in saved)
    info.append(_saved_line(saved[0], getattr(top, "_freed", False), T) if same else
                f"{T['saved']} " + ", ".join(n for n, _ in saved[0]) + f" {T['varies']}")
    info = [s for s in info if s]
    grads = [_flow_in(fn) for fn in chain]
    detail = "\n".join([T["chain_detail"].format(n=len(chain), name=_node_name(top))] + info)
    if all(grads):
        detail += f"\n{T['grad_steps']}: " + ", ".join(g[0] or "?" for g in grads)
    return Box(i, "group", title, info, detail, count=len(chain))
