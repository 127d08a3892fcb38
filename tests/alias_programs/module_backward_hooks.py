import sys
import warnings
warnings.simplefilter("always")
warnings.showwarning = lambda m, c, *a, **k: print(c.__name__, m, file=sys.stdout)
import torch
from torch import nn

torch.manual_seed(0)
lin = nn.Linear(3, 2)
log = []


def full(module, grad_input, grad_output):
    log.append(("full", type(module).__name__, grad_input, grad_output))


def pre(module, grad_output):
    log.append(("pre", grad_output))
    return (grad_output[0] * 2,)


h1 = lin.register_full_backward_hook(full)
h2 = lin.register_full_backward_pre_hook(pre)
x = torch.ones(4, 3, requires_grad=True)
out = lin(x)
print(out.grad_fn.name())
out.sum().backward()
for entry in log:
    print(entry)
print(x.grad, lin.bias.grad)
h1.remove(); h2.remove()
log.clear()


def double_input(module, grad_input, grad_output):
    return (grad_input[0] * 10,)


lin.register_full_backward_hook(double_input)
x.grad = None
lin(x).sum().backward()
print(x.grad)
# inputs that need no grad: the hook sees None
lin2 = nn.Linear(3, 1)
lin2.register_full_backward_hook(full)
lin2(torch.ones(2, 3)).sum().backward()
print(log[-1][2], log[-1][3])
# the old hook: the grads of the output's own node
lin3 = nn.Linear(2, 1)
seen = []
lin3.register_backward_hook(lambda m, gi, go: seen.append((len(gi), [None if g is None else tuple(g.shape) for g in gi], go)))
lin3(torch.ones(3, 2, requires_grad=True)).sum().backward()
print(seen)
seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
seq.register_full_backward_hook(lambda m, gi, go: print("seq", gi, go))
seq(torch.ones(1, 2, requires_grad=True)).sum().backward()
