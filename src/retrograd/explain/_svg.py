"""The graph as an SVG picture, laid out by `_layout` (no Graphviz needed).

Boxes are coloured by kind (outputs green, ops grey, folded chains amber, leaves blue),
edges point the way data flowed and carry, in red, the gradient that flowed back along
them. Each box has a `<title>`, so hovering shows everything the box knows.

A leaf used far below where it is drawn (a weight shared by every step of an unrolled
loop) is drawn again, dashed, next to each distant use, rather than with an edge across
the whole picture.
"""
import unicodedata
from ._format import xml as escape
from ._graph import Box
from ._lang import texts
from ._layout import MARGIN, MAX_SPAN, layers, layout

FONT = ("ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', "
        "'Noto Sans Mono CJK SC', 'PingFang SC', 'Microsoft YaHei', monospace")
CHAR = 7.2          # width of one character at 12px in a monospace font
WIDE = 12.5         # width of a CJK character
LINE = 15           # line height
PAD_X, PAD_Y = 10, 8
LEGEND = 22         # height of the legend line above the graph

STYLE = {   # kind -> (fill, stroke)
    "output": ("#dcf3d3", "#4f9a3c"),
    "op": ("#eef1f6", "#7d879a"),
    "group": ("#fff1c2", "#c29a1c"),
    "leaf": ("#d9e9fb", "#3f78b5"),
    "copy": ("#eef5fd", "#3f78b5"),   # a leaf drawn again beside a distant use
}
GRAD = "#c0392b"


def text_width(s, size=12):
    w = sum(WIDE if unicodedata.east_asian_width(c) in "WF" else CHAR for c in s)
    return w * size / 12


def _box_size(box):
    lines = [box.title] + box.info
    w = max(text_width(box.title, 13), max((text_width(s) for s in box.info), default=0))
    return (round(w + 2 * PAD_X, 1), LINE * len(lines) + 2 * PAD_Y - 2)


def _curve(points):
    """A smooth path through points, leaving and entering each vertically."""
    (x0, y0) = points[0]
    d = [f"M{x0:.1f},{y0:.1f}"]
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        my = (ya + yb) / 2
        d.append(f"C{xa:.1f},{my:.1f} {xb:.1f},{my:.1f} {xb:.1f},{yb:.1f}")
    return " ".join(d)


def _ports(pairs, pos):
    """Where each edge leaves its source and enters its target: spread along the box side,
    in the order of the boxes at the other end, so that edges do not cross at the box."""
    out_x, in_x = {}, {}
    by_src, by_dst = {}, {}
    for i, (s, d) in enumerate(pairs):
        by_src.setdefault(s, []).append(i)
        by_dst.setdefault(d, []).append(i)
    for side, groups, other in ((out_x, by_src, 1), (in_x, by_dst, 0)):
        for b, idx in groups.items():
            x, _, w, _ = pos[b]
            idx.sort(key=lambda i: pos[pairs[i][other]][0])
            k = len(idx)
            for j, i in enumerate(idx):
                side[i] = x + w / 2 + (j - (k - 1) / 2) * min(14, w * 0.6 / max(k, 1))
    return out_x, in_x


def _with_copies(graph):
    """Boxes and edges to draw: a leaf gets a copy beside each use more than MAX_SPAN
    layers below its nearest use."""
    boxes = list(graph.boxes)
    pairs = [(e.src, e.dst) for e in graph.edges]
    layer = layers(len(boxes), pairs)
    nearest = {}
    for s, d in pairs:
        nearest[s] = max(nearest.get(s, -1), layer[d])
    for i, (s, d) in enumerate(pairs):
        if boxes[s].kind == "leaf" and nearest[s] - layer[d] > MAX_SPAN:
            b = boxes[s]
            boxes.append(Box(len(boxes), "copy", b.title, b.info,
                             b.detail + "\n" + texts(graph.lang)["copy"]))
            pairs[i] = (len(boxes) - 1, d)
    return boxes, pairs


def _label_at(points, alone_in, alone_out):
    """Where a gradient label goes: halfway down the part of the edge next to its target
    when no other edge enters the target; else a third of the way from its source (edges
    meeting at one box start from different places); else mid-way along the edge."""
    if alone_in:
        k, t = len(points) - 1, 0.5
    elif alone_out:
        k, t = 1, 0.35
    else:
        k, t = max(1, len(points) // 2), 0.5
    (xa, ya), (xb, yb) = points[k - 1], points[k]
    # the point at t of the cubic _curve draws: control points straight below/above
    u = 1 - t
    x = xa * (u ** 3 + 3 * u * u * t) + xb * (3 * u * t * t + t ** 3)
    y = ya * u ** 3 + (ya + yb) / 2 * 3 * u * t + yb * t ** 3
    return x + 6, y + 4


def render(graph):
    boxes, pairs = _with_copies(graph)
    sizes = [_box_size(b) for b in boxes]
    lay = layout(sizes, pairs)
    has_grads = any(e.grad is not None for e in graph.edges)
    top = LEGEND if has_grads else 0
    legend = texts(graph.lang)["svg_legend"]
    width = max(lay.width, text_width(legend) + 32 if has_grads else 0)
    shift = (width - lay.width) / 2     # a narrow graph sits in the middle of the legend
    pos = [(x + shift, y + top, w, h) for x, y, w, h in lay.boxes]
    height = lay.height + top
    out = []
    out_x, in_x = _ports(pairs, pos)
    fan_in, fan_out, twin = {}, {}, {}
    for s, d in pairs:
        fan_out[s] = fan_out.get(s, 0) + 1
        fan_in[d] = fan_in.get(d, 0) + 1
    for i, (e, (s, d), way) in enumerate(zip(graph.edges, pairs, lay.edges)):
        sx, sy, _, sh = pos[s]
        dx, dy, _, _ = pos[d]
        points = [(out_x[i], sy + sh)] + [(px + shift, py + top) for px, py in way] + \
            [(in_x[i], dy - 1)]
        out.append(f'<g class="edge" data-src="{e.src}" data-dst="{e.dst}">'
                   f'<path d="{_curve(points)}" fill="none" stroke="#555" stroke-width="1.2" '
                   'marker-end="url(#rg-arrow)"/>')
        if e.grad is not None:
            lx, ly = _label_at(points, fan_in[d] == 1, fan_out[s] == 1)
            ly += 14 * twin.get((s, d), 0)    # edges between the same boxes: labels stacked
            twin[(s, d)] = twin.get((s, d), 0) + 1
            out.append(f'<title>gradient {escape(e.grad)}</title>'
                       f'<text class="grad" x="{lx:.1f}" y="{ly:.1f}" fill="{GRAD}" '
                       'stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                       f'∇ {escape(e.label)}</text>')
            width = max(width, lx + text_width("∇ " + e.label) + MARGIN)   # labels fit
        out.append('</g>')
    for b, (x, y, w, h) in zip(boxes, pos):
        fill, stroke = STYLE[b.kind]
        dash = ' stroke-dasharray="5,3"' if b.kind in ("group", "copy") else ""
        out.append(f'<g class="node {b.kind}" id="node{b.id}"><title>{escape(b.detail)}'
                   f'</title><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                   f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.4"{dash}/>')
        ty = y + PAD_Y + 11
        out.append(f'<text x="{x + w / 2:.1f}" y="{ty:.1f}" text-anchor="middle" '
                   f'font-size="13" font-weight="bold">{escape(b.title)}</text>')
        for line in b.info:
            ty += LINE
            out.append(f'<text x="{x + w / 2:.1f}" y="{ty:.1f}" text-anchor="middle" '
                       f'fill="#333">{escape(line)}</text>')
        out.append('</g>')
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'font-family="{FONT}" font-size="12">',
            '<defs><marker id="rg-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>']
    if has_grads:
        head.append(f'<text x="16" y="16" fill="{GRAD}">{escape(legend)}</text>')
    return "\n".join(head + out + ['</svg>'])
