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


def many_ops(torch):
    """Reductions, softmax, indexing, sorting, matmul, losses: 36 ops, one graph."""
    F = torch.nn.functional
    x = (torch.arange(24.0).reshape(2, 3, 4) / 10 - 1).requires_grad_()
    m = torch.arange(12.0).reshape(3, 4) / 12
    parts = [
        x.max(dim=2).values.sum(), x.amax().sin(), x.cumsum(1).mean(), x.std(),
        x.var(dim=0).sum(), x.logsumexp(2).sum(), F.softmax(x, dim=-1)[..., 0].sum(),
        F.log_softmax(x, 1).mean(), x.gather(2, torch.tensor([[[0], [1], [2]]] * 2)).sum(),
        torch.bmm(x, x.transpose(1, 2)).sum(), x.flip(0).roll(1, 2).repeat(1, 2, 1).sum(),
        x.masked_fill(x > 0, 0.0).sum(), x.index_select(1, torch.tensor([0, 2])).sum(),
        x.topk(2, dim=2).values.sum(), x.sort(dim=1).values[:, 0].sum(), x[0].tril().sum(),
        x.permute(2, 0, 1).exp().sum(), F.mse_loss(x, torch.zeros(2, 3, 4)),
        x.sigmoid().clamp(0.3, 0.7).sum(), torch.maximum(x, x * 0.5).sum(),
        (x / (x.abs() + 1)).sum(), x.expand(2, 2, 3, 4).sum(), x.unbind(1)[2].sum(),
        x.narrow(2, 1, 2).sum(), x.view(6, 4).mm(m.t()).sum(), x.where(x > 0, x * x).sum(),
        x.reshape(-1)[torch.tensor([1, 5, 7])].sum(), x.tanh().relu().sum(),
        (x * x).log1p().sum(), x.min(dim=1).values.mean(), x.prod(dim=2).sum(),
        x.norm(dim=1).sum(), (x * x + 1).rsqrt().sum(), F.linear(x, m, torch.ones(3)).sum(),
        F.cross_entropy(x[0], torch.tensor([0, 1, 2])), x.clone().sum(),
    ]
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return [out], [x]


PROGRAMS = {f.__name__: f for f in (seed, mlp, shapes, two_outputs, double_backward, in_place,
                                    many_ops)}


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
