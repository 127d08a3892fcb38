"""The benchmark workloads, written once against a `torch`-like module (PyTorch or
retrograd). Each `make_*` does its setup and returns a function that runs one iteration."""


def seed_f(a):
    """The seed notebook's function: a doubling while-loop, then a branch."""
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def make_w1(torch):
    """The seed notebook's f(a), forward and backward."""
    torch.manual_seed(42)

    def step():
        a = torch.randn(size=(), requires_grad=True)
        seed_f(a).backward()
        return a.grad
    return step


def make_w2(torch):
    """D2L 2.5: y = 2 * dot(x, x), backward, zero the gradient."""
    x = torch.arange(4.0, requires_grad=True)

    def step():
        y = 2 * torch.dot(x, x)
        y.backward()
        x.grad.zero_()
    return step


def make_w3(torch):
    """1,000 scalar ops (sin, exp, mul, add) then backward."""
    def step():
        x = torch.tensor(0.5, requires_grad=True)
        y = x
        for _ in range(250):
            y = (y.sin() * 0.5).exp() + 0.1
        y.backward()
        return x.grad
    return step


def make_w4(torch):
    """One MLP training step: (256,784) @ (784,512), relu, @ (512,10), log-softmax
    cross-entropy written from primitives, backward, SGD under no_grad."""
    torch.manual_seed(0)
    X = torch.randn(256, 784)
    y = torch.randint(0, 10, (256,))
    W1 = (torch.randn(784, 512) * 0.05).requires_grad_()
    b1 = torch.zeros(512, requires_grad=True)
    W2 = (torch.randn(512, 10) * 0.05).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    params = [W1, b1, W2, b2]
    rows = torch.arange(256)

    def step():
        h = (X @ W1 + b1).relu()
        logits = h @ W2 + b2
        shifted = logits - logits.max(1, keepdim=True).values
        logp = shifted - shifted.exp().sum(1, keepdim=True).log()
        loss = -logp[rows, y].mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
                p.grad = None
        return loss
    return step


def make_w5(torch):
    """10,000,000 float32 elements: (x*x).sin().exp().sum(), backward."""
    # full(): no temporaries at setup, so the peak memory measured is the workload's own
    x = torch.full((10_000_000,), 0.5, requires_grad=True)

    def step():
        (x * x).sin().exp().sum().backward()
        x.grad = None
    return step


def make_w6(torch, n=100_000):
    """n sequential scalar ops, then backward."""
    def step():
        x = torch.tensor(1.0, requires_grad=True)
        y = x
        for _ in range(n):
            y = y * 1.0000001
        y.backward()
        return x.grad
    return step


def make_w7(torch):
    """The full Hessian of (x**3).sum() + (x[:-1]*x[1:]).sum(), x of 100, by double
    backward: one gradient with create_graph, then one backward per row."""
    torch.manual_seed(0)
    x = torch.randn(100, dtype=torch.float64, requires_grad=True)

    def step():
        f = (x ** 3).sum() + (x[:-1] * x[1:]).sum()
        g, = torch.autograd.grad(f, x, create_graph=True)
        rows = [torch.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(100)]
        return torch.stack(rows)
    return step


def make_w9(torch):
    """One D2L LeNet training step: conv5-sigmoid-avgpool twice, three linear layers,
    on 256x1x28x28, CrossEntropyLoss, SGD."""
    nn = torch.nn
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))
    X = torch.randn(256, 1, 28, 28)
    y = torch.randint(0, 10, (256,))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.9)

    def step():
        opt.zero_grad()
        loss = loss_fn(net(X), y)
        loss.backward()
        opt.step()
        return loss
    return step


def make_w10(torch):
    """PyTorch's random streams in bulk: manual_seed(0); randn(1e6); rand(1e6)."""
    def step():
        torch.manual_seed(0)
        return torch.randn(1_000_000), torch.rand(1_000_000)
    return step


WORKLOADS = {
    "W1": (make_w1, "seed f(a): while/if doubling, forward + backward", 0.40),
    "W2": (make_w2, "2*dot(x,x) backward, grad.zero_()", 0.50),
    "W3": (make_w3, "1,000 scalar ops then backward", 0.40),
    "W4": (make_w4, "MLP step 256x784x512x10, CE from primitives, SGD", 1.00),
    "W5": (make_w5, "10M float32 (x*x).sin().exp().sum() backward", 0.70),
    "W6": (make_w6, "100,000 sequential scalar ops then backward", 0.50),
    "W7": (make_w7, "Hessian 100x100 by double backward", 1.00),
    "W9": (make_w9, "D2L LeNet step 256x1x28x28, CE, SGD", 1.00),
    "W10": (make_w10, "manual_seed(0); randn(1e6); rand(1e6)", 1.50),
}
