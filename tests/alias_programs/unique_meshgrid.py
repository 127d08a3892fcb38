import warnings
warnings.simplefilter("always")
import torch
x = torch.tensor([3, 1, 2, 3, 1, 5])
print(torch.unique(x), torch.unique(x, sorted=False), torch.unique(x, return_inverse=True))
print(torch.unique(x, return_counts=True), x.unique(return_inverse=True, return_counts=True))
m = torch.tensor([[1, 2], [1, 2], [0, 5]])
print(torch.unique(m, dim=0, return_inverse=True, return_counts=True), torch.unique(m, dim=1), m.unique(dim=-1))
f = torch.tensor([2., 1., 2.], requires_grad=True)
u = torch.unique(f); print(u, u.requires_grad)
for g in (lambda: u.sum().backward(), lambda: torch.unique(f[None], dim=0).sum().backward(),
          lambda: torch.unique(m, dim=2)):
    try:
        g()
    except Exception as e:
        print(type(e).__name__, e)
print(torch.unique(torch.tensor([[2, 1], [1, 3]]), return_inverse=True))
print(torch.unique(torch.tensor([True, False, True]), return_counts=True))
print(torch.unique(torch.tensor([], dtype=torch.int64), return_inverse=True))
print(torch.unique(torch.tensor(3.)), torch.unique(torch.tensor(3.), return_inverse=True))
a = torch.tensor([1., 2., 3.], requires_grad=True); b = torch.tensor([4., 5.])
with warnings.catch_warnings(record=True) as w:
    X, Y = torch.meshgrid(a, b)
print([str(x.message).split(' (Triggered')[0] for x in w], X, Y)
try:
    torch.meshgrid(a, torch.arange(2), indexing='ij')
except RuntimeError as e:
    print(e)
X, Y = torch.meshgrid([a, b], indexing='xy'); print(X, Y.shape)
X, Y, Z = torch.meshgrid(a, b, torch.arange(4.), indexing='xy'); print(X.shape, Y.shape, Z.shape, Z[0, 0])
(X * Y).sum().backward(); print(a.grad)
try:
    torch.meshgrid(a, b, indexing='foo')
except Exception as e:
    print(type(e).__name__, e)
print(torch.meshgrid(a, indexing='ij'), torch.meshgrid(torch.tensor(2.), b, indexing='ij'))
import torch.functional
print(torch.functional.meshgrid is torch.meshgrid, torch.functional.unique is torch.unique)
