import torch
from torch import nn


@torch.no_grad
def f(x):
    return x * 2


@torch.enable_grad
def g(x):
    return x * 2


@torch.inference_mode
def h(x):
    return x * 2


@torch.no_grad()
def f2(x):
    return x * 2


x = torch.ones(2, requires_grad=True)
print(f(x), f.__name__, g(x), h(x), h(x).is_inference(), f2(x))
with torch.no_grad():
    print(g(x))
lazy = nn.LazyLinear(3)
src = nn.Linear(4, 3)
print(lazy.load_state_dict(src.state_dict()))
print(lazy, lazy.weight.shape, torch.equal(lazy.weight, src.weight), type(lazy.weight).__name__)
print(lazy(torch.ones(2, 4)).shape, type(lazy).__name__)
net = nn.Sequential(nn.LazyLinear(5), nn.ReLU(), nn.LazyLinear(2))
net.load_state_dict(nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2)).state_dict())
print(net, net(torch.ones(1, 3)).shape)
conv = nn.LazyConv2d(4, 3)
conv.load_state_dict(nn.Conv2d(2, 4, 3).state_dict())
print(conv.weight.shape, conv(torch.ones(1, 2, 5, 5)).shape, conv)
bn = nn.LazyBatchNorm1d()
ref = nn.BatchNorm1d(3)
ref(torch.arange(6.).reshape(2, 3))
print(bn.load_state_dict(ref.state_dict()), bn.running_mean, bn.num_batches_tracked)
print(bn(torch.ones(2, 3)).shape, bn)
try:
    nn.LazyLinear(2).load_state_dict({"weight": torch.ones(2, 3)})
except RuntimeError as e:
    print(e)
