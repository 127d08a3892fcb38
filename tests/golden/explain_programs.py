"""Programs whose backward graphs explain.graph must draw node for node as PyTorch builds
them. Each takes the library (`torch` or `retrograd`) and returns (outputs, leaves): the
tensors to draw and, after `sum(outputs).backward()`, the leaves whose .grad to compare.
tools/gen_explain_assets.py records PyTorch's graphs and gradients in explain_golden.json."""


def seed(torch):
    """The seed notebook's f(a): a doubling loop and a branch (cell 10)."""
    torch.manual_seed(42)

    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    a = torch.randn(size=(), requires_grad=True)
    return [f(a)], [a]


def mlp(torch):
    """A two-layer perceptron with a weight penalty: shared leaf, broadcasting, matmul."""
    x = torch.arange(12.0).reshape(4, 3) / 10
    w1 = (torch.arange(15.0).reshape(3, 5) / 7 - 1).requires_grad_()
    b1 = torch.zeros(5, requires_grad=True)
    w2 = (torch.arange(5.0).reshape(5, 1) / 5 - 0.5).requires_grad_()
    h = (x @ w1 + b1).relu()
    y = (h @ w2).sigmoid()
    loss = ((y - 1) ** 2).mean() + 0.01 * (w1 * w1).sum()
    return [loss], [w1, b1, w2]


def shapes(torch):
    """Views, copies, indexing, cat and reductions over dims."""
    x = (torch.arange(12.0).reshape(3, 4) / 6).requires_grad_()
    y = x.exp().sum(0)
    z = x.reshape(12)[2:5]
    w = torch.cat([z, z * 2])
    u = x.t() @ x
    v = x.clamp(0.2, 1.0).mean()
    q = torch.where(x > 0.5, x, x * x).norm()
    return [y.sum() + w.sum() + u.sum() + v + q], [x]


def two_outputs(torch):
    """Two outputs sharing a subgraph, drawn together."""
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    s = x.sin()
    return [(s * x).sum(), s.pow(2).mean()], [x]


def double_backward(torch):
    """A gradient built with create_graph=True is itself a graph."""
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    g, = torch.autograd.grad((x.sin() * x).sum(), x, create_graph=True)
    return [g.sum()], [x]


def in_place(torch):
    """In-place writes: one through a view (CopySlices), one on the whole tensor."""
    w = torch.ones(3, requires_grad=True)
    v = w * 2
    v[0] = 5
    v.exp_()
    return [v.sum()], [w]


PROGRAMS = {f.__name__: f for f in (seed, mlp, shapes, two_outputs, double_backward, in_place)}


def structure(roots):
    """The graph behind the root nodes, breadth first: (name, [input positions]) per node,
    with PyTorch's `torch::autograd::AccumulateGrad` spelled `AccumulateGrad`."""
    from collections import deque
    order, index = [], {}
    queue = deque(roots)
    while queue:
        fn = queue.popleft()
        if fn in index:
            continue
        index[fn] = len(order)
        order.append(fn)
        queue.extend(c for c, _ in fn.next_functions if c is not None)
    return [(fn.name().split("::")[-1],
             [index[c] for c, _ in fn.next_functions if c is not None]) for fn in order]
