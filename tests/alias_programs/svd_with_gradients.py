import torch
torch.manual_seed(0)
a = torch.randn(4, 3, requires_grad=True)
U, S, V = torch.svd(a)
print(S, U.shape, V.shape, U.grad_fn.name(), S.grad_fn.name(), type(V.grad_fn).__name__, type(torch.svd(a)).__name__)
print(torch.allclose(U @ torch.diag(S) @ V.T, a, atol=1e-5))
r = torch.linalg.svd(a, full_matrices=False)
print(type(r).__name__, [tuple(t.shape) for t in r], r.U.grad_fn.name(), r.S)
print([tuple(t.shape) for t in torch.linalg.svd(a)], [tuple(t.shape) for t in a.svd()])
print(torch.linalg.svdvals(a), torch.svd(a, compute_uv=False).S, torch.svd(a, compute_uv=False).U.shape)
(S.sum() + (U ** 2 * torch.arange(12.).reshape(4, 3)).sum() + (V ** 2 * torch.arange(9.).reshape(3, 3)).sum()).backward()
print(a.grad)
b = torch.randn(2, 5, dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(lambda x: torch.linalg.svdvals(x), (b,)))
f = lambda x: (lambda r: (r.S * torch.arange(1., 3., dtype=torch.float64)).sum() + (r.U ** 2 * torch.arange(4., dtype=torch.float64).reshape(2, 2)).sum() + (r.Vh ** 2).sum(1).mul(torch.tensor([1., 3.], dtype=torch.float64)).sum())(torch.linalg.svd(x, full_matrices=False))
print(torch.autograd.gradcheck(f, (b,)), torch.autograd.gradgradcheck(f, (b,)))
c = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
g = lambda x: (lambda r: (r.U[:, :2] ** 3).sum() + r.S.prod() + (r.Vh ** 4).sum())(torch.linalg.svd(x))
print(torch.autograd.gradcheck(g, (c,)), torch.autograd.gradgradcheck(g, (c,)))
for bad in [lambda: torch.linalg.svd(torch.ones(3)), lambda: torch.linalg.svd(torch.ones(2, 2, dtype=torch.int64))]:
    try:
        bad()
    except RuntimeError as e:
        print(e)
