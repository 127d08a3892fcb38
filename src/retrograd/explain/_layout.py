"""A layered layout for drawing a graph top to bottom, in the spirit of Graphviz's `dot`
(Sugiyama's method), kept small enough to read:

1. layers: an output sits in layer 0, every other box one layer above the deepest box that
   uses it (longest path), so leaves come first at the top and data flows down;
2. an edge that skips a few layers gets a waypoint in each layer it crosses, so that it
   bends around the boxes there (a tensor used all along a deep graph, though, would need
   one per layer per use: edges longer than MAX_SPAN layers are drawn straight instead);
3. order within layers: a few sweeps placing each box at the mean position of its
   neighbours in the layer before (the barycenter heuristic), to cut crossings;
4. x positions: each box pulled toward its neighbours (in line with its first input,
   which keeps chains straight); within a row, boxes with more edges are placed first
   and the others fit around them, keeping the order and a gap.

Everything is linear in the size of the graph per sweep, so a few thousand boxes lay out
in well under a second.
"""
import bisect

MAX_SPAN = 6        # longer edges get no waypoints: drawn straight, they keep layouts linear
SWEEPS = 4          # ordering passes, alternating down and up
PULLS = 4           # x-placement passes
GAP_X = 24          # horizontal space between boxes
GAP_Y = 58          # vertical space between layers (edge labels live there)
MARGIN = 16


class Layout:
    """Positions: `boxes[id] = (x, y, w, h)` (top-left corner), `edges[i]` = points."""

    def __init__(self, boxes, edges, width, height):
        self.boxes, self.edges, self.width, self.height = boxes, edges, width, height


def layers(n, edges):
    """Longest-path layer of each box counted from the outputs (Kahn's order on users)."""
    users = [[] for _ in range(n)]
    inputs = [[] for _ in range(n)]
    for s, d in edges:
        users[s].append(d)
        inputs[d].append(s)
    waiting = [len(u) for u in users]
    layer = [0] * n
    ready = [i for i in range(n) if waiting[i] == 0]
    while ready:
        d = ready.pop()
        for s in inputs[d]:
            layer[s] = max(layer[s], layer[d] + 1)
            waiting[s] -= 1
            if waiting[s] == 0:
                ready.append(s)
    return layer


def layout(sizes, edges):
    """Lay out boxes of `sizes[i] = (w, h)` joined by `edges` (src, dst), data flowing
    from src (drawn above) to dst (below)."""
    n = len(sizes)
    layer = layers(n, edges)
    top = max(layer, default=0)

    # waypoints: virtual boxes of no size where an edge crosses a layer
    size = list(sizes)
    level = list(layer)
    chains = []          # per edge: the boxes it passes through, src first
    for s, d in edges:
        chain = [s]
        for lv in range(layer[s] - 1, layer[d], -1) if layer[s] - layer[d] <= MAX_SPAN else ():
            size.append((0, 0))
            level.append(lv)
            chain.append(len(size) - 1)
        chain.append(d)
        chains.append(chain)
    total = len(size)
    up = [[] for _ in range(total)]      # neighbours in the layer above
    down = [[] for _ in range(total)]    # neighbours in the layer below
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)

    rows = [[] for _ in range(top + 1)]
    for v in range(total):                # boxes come nearest-to-output first: a fair start
        rows[top - level[v]].append(v)
    pos = [0.0] * total
    for row in rows:
        for i, v in enumerate(row):
            pos[v] = i
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        for row in (rows[1:] if downward else rows[-2::-1]):
            near = up if downward else down
            keyed = []
            for i, v in enumerate(row):
                ns = near[v]
                keyed.append((sum(pos[u] for u in ns) / len(ns) if ns else pos[v], i, v))
            keyed.sort()
            row[:] = [v for _, _, v in keyed]
            for i, v in enumerate(row):
                pos[v] = i

    # x: centres, packed first, then pulled toward neighbours
    x = [0.0] * total
    for row in rows:
        cursor = 0.0
        for v in row:
            x[v] = cursor + size[v][0] / 2
            cursor += size[v][0] + GAP_X
    # placement rank: waypoints first (long edges stay straight), then by edge count
    rank = [len(up[v]) + len(down[v]) + (100 if v >= n else 0) for v in range(total)]
    for sweep in range(PULLS):
        downward = sweep % 2 == 0
        for row in (rows[1:] if downward else rows[-2::-1]):
            want = [_wanted(v, downward, up, down, x, size) for v in row]
            _place(row, want, size, x, rank)

    left = min((x[v] - size[v][0] / 2 for v in range(total)), default=0.0)
    y_of, y = [], MARGIN
    for row in rows:
        y_of.append(y)
        y += max((size[v][1] for v in row), default=0) + GAP_Y
    height = y - GAP_Y + MARGIN
    row_of = {}
    for r, row in enumerate(rows):
        for v in row:
            row_of[v] = r
    boxes = []
    for v in range(n):
        w, h = size[v]
        boxes.append((x[v] - w / 2 - left + MARGIN, y_of[row_of[v]], w, h))
    row_height = [max((size[v][1] for v in row), default=0) for row in rows]
    paths = []
    for chain in chains:
        pts = []
        for v in chain[1:-1]:   # a waypoint: pass through the middle of its layer's band
            r = row_of[v]
            pts.append((x[v] - left + MARGIN, y_of[r] + row_height[r] / 2))
        paths.append(pts)
    width = max((bx + w for bx, _, w, _ in boxes), default=0) + MARGIN
    for pts in paths:
        for px, _ in pts:
            width = max(width, px + MARGIN)
    return Layout(boxes, paths, width, height)


def _wanted(v, downward, up, down, x, size):
    """Where a box would like its centre: straight below its first input; above its users,
    straight above one it is the first input of, else beside them, one box-width to the
    right per input before it. So the spine of `out = out + p` stays vertical and the
    other inputs hang beside it, instead of every input fighting for the same spot."""
    if downward:
        return x[up[v][0]] if up[v] else x[v]
    if not down[v]:
        return x[v]
    spots = []
    for d in down[v]:
        j = up[d].index(v)
        if j == 0:
            return x[d]
        spots.append(x[d] + j * (size[v][0] + GAP_X))
    return sum(spots) / len(spots)


def _place(row, want, size, x, rank):
    """Put the row's centres as near `want` as the order and the gaps allow, the boxes of
    highest `rank` first (Graphviz's priority method): a later box goes as near its wish
    as the boxes already placed on either side leave room for, keeping space for the
    boxes still to come between them."""
    k = len(row)
    reach = [0.0] * k    # reach[i] - reach[j]: the least distance between centres j < i
    for i in range(1, k):
        reach[i] = reach[i - 1] + (size[row[i - 1]][0] + size[row[i]][0]) / 2 + GAP_X
    placed, at = [], [0.0] * k
    for i in sorted(range(k), key=lambda i: -rank[row[i]]):
        j = bisect.bisect(placed, i)
        p = want[i]
        if j > 0:
            left = placed[j - 1]
            p = max(p, at[left] + reach[i] - reach[left])
        if j < len(placed):
            right = placed[j]
            p = min(p, at[right] - (reach[right] - reach[i]))
        at[i] = p
        placed.insert(j, i)
    for i, v in enumerate(row):
        x[v] = at[i]
