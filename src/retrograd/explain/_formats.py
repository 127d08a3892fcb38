"""The graph as text for other tools: Graphviz DOT and Mermaid (GitHub renders Mermaid
blocks in Markdown)."""
from ._svg import STYLE


def _dot_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(graph):
    out = ["digraph retrograd {",
           '  node [shape=box, style="rounded,filled", fontname="monospace", fontsize=11];',
           '  edge [fontname="monospace", fontsize=10, fontcolor="#c0392b"];']
    for b in graph.boxes:
        fill, stroke = STYLE[b.kind]
        label = "\\n".join(_dot_quote(s)[1:-1] for s in [b.title] + b.info)
        style = ', style="rounded,filled,dashed"' if b.kind == "group" else ""
        out.append(f'  n{b.id} [label="{label}", fillcolor="{fill}", color="{stroke}", '
                   f'tooltip={_dot_quote(b.detail)}{style}];')
    for e in graph.edges:
        label = f" [label={_dot_quote('∇ ' + e.label)}, tooltip={_dot_quote(e.grad)}]" \
            if e.grad is not None else ""
        out.append(f"  n{e.src} -> n{e.dst}{label};")
    out.append("}")
    return "\n".join(out)


def _mermaid_text(s):
    """Mermaid labels in quotes: quotes and angle brackets as entity codes."""
    return s.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(graph):
    out = ["flowchart TB"]
    for b in graph.boxes:
        label = "<br/>".join(_mermaid_text(s) for s in [b.title] + b.info)
        out.append(f'  n{b.id}["{label}"]:::{b.kind}')
    for e in graph.edges:
        label = f'|"∇ {_mermaid_text(e.label)}"|' if e.grad is not None else ""
        out.append(f"  n{e.src} -->{label} n{e.dst}")
    for kind, (fill, stroke) in STYLE.items():
        out.append(f"  classDef {kind} fill:{fill},stroke:{stroke}")
    return "\n".join(out)
