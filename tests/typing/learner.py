"""A learner's first training script, as written against PyTorch's API: tests/test_typing.py
type-checks it with pyright and mypy (it runs on PyTorch and on retrograd alike)."""
import numpy as np

import retrograd as torch
from retrograd import nn


class TwoLayerNet(nn.Module):
    def __init__(self, n_in: int, n_hidden: int, n_out: int) -> None:
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.act = nn.ReLU()
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, X):
        return self.out(self.act(self.hidden(X)))


def make_data(n: int) -> "tuple[torch.Tensor, torch.Tensor]":
    torch.manual_seed(0)
    X = torch.randn(n, 3)
    w = torch.tensor([[1.0], [-2.0], [0.5]])
    y = X @ w + 0.1 * torch.randn(n, 1)
    return X, y


def train(epochs: int = 20, lr: float = 0.05) -> "list[float]":
    X, y = make_data(64)
    net = TwoLayerNet(X.shape[1], 8, 1)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        for start in range(0, X.shape[0], 16):
            xb, yb = X[start:start + 16], y[start:start + 16]
            loss = loss_fn(net(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            losses.append(loss_fn(net(X), y).item())
    return losses


@torch.no_grad()
def accuracy(net: nn.Module, X: torch.Tensor, labels: torch.Tensor) -> float:
    # a decorated evaluation function: the decorator keeps its signature for the checkers
    return (net(X).argmax(dim=1) == labels).float().mean().item()


def by_hand() -> None:
    # autograd by hand: leaves, .grad, in-place updates under no_grad
    x = torch.arange(4.0, requires_grad=True)
    y = (x ** 2).sum()
    y.backward()
    print(x.grad)
    w = torch.zeros(3, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    inputs = torch.randn(5, 3)
    target = inputs.sum(dim=1)
    pred = inputs @ w + b
    loss = ((pred - target) ** 2).mean()
    for _ in range(3):
        pred = inputs @ w + b
        loss = ((pred - target) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                if p.grad is not None:
                    p.sub_(0.1 * p.grad)
                    p.grad.zero_()
    print(loss.item(), w.detach().numpy().round(3), pred.shape[0], x.dtype, x.size(0))
    noise = torch.distributions.Normal(torch.tensor(0.0), torch.tensor(1.0)).sample((3,))
    print(noise.shape[0], torch.cuda.is_available())
    a: np.ndarray = np.asarray(x.detach())
    print(a.sum(), torch.exp(x).sum(dim=0).tolist(), x.softmax(0).argmax().item())


if __name__ == "__main__":
    print(train()[-1])
    print(accuracy(TwoLayerNet(3, 4, 2), torch.randn(8, 3), torch.zeros(8, dtype=torch.int64)))
    by_hand()
