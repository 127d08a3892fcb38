"""The graph as a text tree, from each output down to the leaves, for terminals."""
from ._lang import texts

_MAX_INDENT = 24   # deeper levels stop indenting, so a long unfolded chain stays readable


def _line(box, grad):
    parts = [box.title] + box.info
    text = "  ".join(p for p in parts if p)
    return text + (f"   ∇ {grad}" if grad is not None else "")


def render(graph, lang="en"):
    T = texts(lang)
    inputs = {}
    for e in graph.edges:
        inputs.setdefault(e.dst, []).append((e.src, e.grad))
    uses = {}
    for e in graph.edges:
        uses[e.src] = uses.get(e.src, 0) + 1
    outputs = [b for b in graph.boxes if b.kind == "output"]
    head = T["graph_title"].format(outs=", ".join(b.title for b in outputs), nodes=graph.nodes,
                                   noun=T["node" if graph.nodes == 1 else "nodes"])
    if len(graph.boxes) - len(outputs) != graph.nodes:
        head += T["folded"].format(boxes=len(graph.boxes) - len(outputs))
    lines = [head]
    if any(e.grad is not None for e in graph.edges):
        lines.append(T["grad_legend"])
    shown = set()
    for out in outputs:
        lines.append(_line(out, None))
        # (box id, gradient on the edge, prefix, last child?, depth), explored depth-first
        stack = [(src, grad, "", i == 0, 1)
                 for i, (src, grad) in enumerate(reversed(inputs.get(out.id, [])))]
        while stack:
            bid, grad, prefix, last, depth = stack.pop()
            box = graph.boxes[bid]
            tag = f"#{bid} " if uses.get(bid, 0) > 1 else ""
            branch = "└─ " if last else "├─ "
            if bid in shown:
                lines.append(f"{prefix}{branch}{tag}{box.title}  {T['see'].format(id=bid)}"
                             + (f"   ∇ {grad}" if grad is not None else ""))
                continue
            shown.add(bid)
            lines.append(f"{prefix}{branch}{tag}{_line(box, grad)}")
            child_prefix = prefix + ("   " if last else "│  ") if depth < _MAX_INDENT else prefix
            children = inputs.get(bid, [])
            for i, (src, g) in enumerate(reversed(children)):
                stack.append((src, g, child_prefix, i == 0, depth + 1))
    return "\n".join(lines)
