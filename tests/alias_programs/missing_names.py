import warnings
warnings.simplefilter("always")
import torch
import torch.nn.functional as F

x = torch.tensor([[1., 2., 3.], [1., 0., -1.]], requires_grad=True)
print(torch.softmax(x, 1), torch.log_softmax(x, dim=0), torch.softmax(x, 1, dtype=torch.float64))
print(x.softmax(1), x.log_softmax(-1))
print(F.logsigmoid(x), F.logsigmoid(torch.tensor([-100., 20.])), F.logsigmoid(torch.tensor(0.5, dtype=torch.float64)))
F.logsigmoid(x).sum().backward()
print(x.grad)
try:
    F.logsigmoid(torch.tensor([1]))
except Exception as e:
    print(type(e).__name__, e)
print(torch.dist(x, torch.zeros(2, 3)), torch.dist(x, torch.ones(3), p=1), torch.dist(x, torch.zeros(2, 3), float('inf')),
      torch.dist(x, torch.ones(3), 3), x.dist(torch.zeros(3), 0))
x.grad = None
torch.dist(x, torch.ones(3)).backward()
print(x.grad)
y = torch.zeros(3, requires_grad=True)
print(y.index_add(0, torch.tensor([0, 2, 0]), torch.ones(3)))
src = torch.tensor([1., 2., 3.], requires_grad=True)
z = y * 1
r = z.index_add_(0, torch.tensor([0, 2, 0]), src, alpha=2)
print(r is z, z)
z.sum().backward()
print(y.grad, src.grad)
m = torch.zeros(2, 3)
m.index_add_(1, torch.tensor([2, 2]), torch.ones(2, 2))
print(m)
a = torch.tensor([1., -2., 0.5])
print(torch.relu_(a) is a, a, torch.sin_(a) is a, a, torch.exp_(a), torch.sqrt_(a), torch.sigmoid_(a), torch.tanh_(a))
print(torch.abs_(torch.tensor([-1.])), torch.neg_(torch.tensor([1.])), torch.floor_(torch.tensor([1.5])), torch.clamp_(torch.tensor([5.]), max=1))
print(hasattr(torch, "sign_"), hasattr(torch, "add_"), hasattr(torch, "mul_"))
n = torch.get_num_threads()
torch.set_num_threads(1)
print(type(n).__name__, n >= 1, torch.get_num_threads())
try:
    torch.set_num_threads(0)
except RuntimeError as e:
    print(e)
