# A textbook's first classifier, written the way its chapters write it: devices picked with
# try_gpu, data through torch.utils.data, a hand-written cross-entropy that indexes with a
# range, a Lazy layer, evaluation under a bare @torch.no_grad.
import warnings

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils import data


def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


@torch.no_grad
def accuracy(net, features, labels):
    return float((net(features).argmax(dim=1) == labels).float().mean())


# warnings as one line each: their text, not where the library raised them
warnings.showwarning = lambda m, c, *a, **k: print(c.__name__, str(m).split(" (Triggered")[0])
torch.manual_seed(1)
X = torch.randn(60, 4)
w_true = torch.tensor([[2., -1., 0.5], [0., 1., -1.], [1., 1., 1.], [-2., 0., 1.]])
y = (X @ w_true).argmax(dim=1)
loader = data.DataLoader(data.TensorDataset(X, y), batch_size=16, shuffle=True)
device = try_gpu()
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.Linear(8, 3)).to(device)
net(X[:1])
print(net, device)
trainer = torch.optim.SGD(net.parameters(), lr=0.3)
for epoch in range(3):
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        loss = cross_entropy(F.softmax(net(xb), dim=1), yb).mean()
        trainer.zero_grad()
        loss.backward()
        trainer.step()
    print(f"epoch {epoch + 1}, loss {float(loss):.4f}, train acc {accuracy(net, X, y):.3f}")
print(torch.cuda.is_available(), [p.device for p in net.parameters()][0])
