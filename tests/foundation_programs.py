"""Small programs over the foundation's API. Each is run with `torch` bound to PyTorch
(tools/gen_golden_foundation.py records what it prints) and to retrograd (the tests), and
the printed text must be identical."""

PROGRAMS = {
    "dtypes": "print(torch.float32, torch.float64, torch.int64, torch.bool, torch.uint8, "
              "torch.float16, torch.int8, torch.int16, torch.int32, torch.float, torch.long, "
              "torch.double, torch.half, torch.int, torch.short)",
    "default_dtype": "print(torch.get_default_dtype()); torch.set_default_dtype(torch.float64); "
                     "print(torch.tensor([1.5]), torch.arange(2.0)); "
                     "torch.set_default_dtype(torch.float32)",
    "size": "x = torch.zeros(2, 3); print(x.shape, x.size(), x.size(1), x.size(-1), x.dim(), "
            "x.ndim, x.numel(), torch.Size([]), x.shape[1:], len(x))",
    "device": "print(torch.ones(2).device, repr(torch.ones(2).device), torch.device('cpu'))",
    "promotion": "a = torch.arange(3); f = torch.ones(3); d = torch.ones(3, dtype=torch.float64)\n"
                 "z = torch.tensor(2.0, dtype=torch.float64); i = torch.tensor(3)\n"
                 "b = torch.tensor([True, False, True]); u = torch.ones(3, dtype=torch.uint8)\n"
                 "i8 = torch.ones(3, dtype=torch.int8); h = torch.ones(3, dtype=torch.float16)\n"
                 "for e in [a + 1, a + 1.5, a * f, f * d, f * z, a * z, a * i, b + b, b + 1, "
                 "u + i8, h + f, h * 2.5, a / 2, a // 2, i / i, f + True, a > 1.5, a ** 2, "
                 "a ** 0.5, 2 ** a, 1 - a, 1.0 - a, -a, i * 2.5, z * 2, z + a]:\n"
                 "    print(e.dtype, e)",
    "arange": "print(torch.arange(4), torch.arange(4.0), torch.arange(1, 4), torch.arange(0, 1, "
              "0.25), torch.arange(5, 0, -2), torch.arange(0.1, 0.5, 0.1), "
              "torch.arange(3, dtype=torch.float64))",
    "factories": "print(torch.zeros(2, 2), torch.ones(3, dtype=torch.int32), torch.full((2,), 7), "
                 "torch.full((2,), 7.0), torch.full((1,), True), torch.eye(3), torch.eye(2, 3), "
                 "torch.empty(0, 3), torch.zeros(size=(2,)), torch.linspace(0, 1, 5), "
                 "torch.linspace(-1, 1, 6), torch.ones_like(torch.arange(3)), "
                 "torch.zeros_like(torch.ones(2), dtype=torch.float64), "
                 "torch.full_like(torch.ones(2), 3))",
    "tensor_inference": "print(torch.tensor(3), torch.tensor(3.5), torch.tensor(True), "
                        "torch.tensor([1, 2.5]), torch.tensor([[1, 2], [3, 4]]), "
                        "torch.tensor([]), torch.tensor([True, 1]), "
                        "torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor(2, "
                        "dtype=torch.float32))",
    "numpy_interop": "import numpy as np\n"
                     "a = np.arange(3.0); t = torch.from_numpy(a); a[0] = 9; print(t)\n"
                     "print(torch.tensor(np.array([1, 2], dtype=np.int32)), "
                     "torch.as_tensor(np.ones(2, dtype=np.float32)), "
                     "torch.tensor(np.float64(2.5)))\n"
                     "print(type(torch.ones(2).numpy()).__name__, torch.ones(2).tolist(), "
                     "torch.tensor(2.5).item(), np.asarray(torch.arange(3)))",
    "python_conversions": "t = torch.tensor(2.5)\n"
                          "print(float(t), int(t), bool(t), f'{t}', f'{t:.3f}', "
                          "[1, 2, 3][torch.tensor(1)], bool(torch.tensor([0.0])))\n"
                          "print(list(torch.arange(3)), [x for x in torch.arange(4.0).reshape(2, 2)])",
    "reductions": "x = torch.arange(12.0).reshape(3, 4)\n"
                  "print(x.sum(), x.sum(0), x.sum(1, keepdim=True), x.mean(), x.mean(1), "
                  "x.mean((0, 1)), x.norm(), x.norm(dim=0), torch.arange(5).sum(), "
                  "torch.tensor([True, True]).sum(), x.sum(dim=-1))",
    "pointwise": "x = torch.tensor([-1.5, 0.0, 0.25, 2.0])\n"
                 "print(x.exp(), x.abs(), x.sin(), x.cos(), x.tanh(), x.sigmoid(), x.relu(), "
                 "x.abs().sqrt(), (x.abs() + 1).log(), x.pow(2), x ** 3, torch.tensor(1.0) / 3)",
    "comparisons": "x = torch.arange(4.0)\n"
                   "print(x == 2, x != 2, x < 2, x <= 2, x > 2, x >= 2, x == x.clone(), "
                   "torch.arange(4) == torch.arange(4.0))",
    "linalg": "a = torch.arange(6.0).reshape(2, 3); b = torch.arange(3.0)\n"
              "print(a @ b, torch.mv(a, b), torch.mm(a, a.t()), a.T @ a, b @ b, torch.dot(b, b), "
              "torch.matmul(torch.ones(2, 2, 3), b), torch.matmul(b, a.t()), "
              "torch.arange(4).reshape(2, 2) @ torch.arange(4).reshape(2, 2))",
    "shape": "x = torch.arange(6.0).reshape(2, 3)\n"
             "print(x.view(3, 2), x.reshape(-1), x.t(), x.transpose(0, 1), x.T, x[1], x[:, 1], "
             "x[0, 1:], x[..., -1], x[None].shape, x[:, None].shape, x[::2], "
             "torch.cat([x, x]), torch.cat([x, x], 1), torch.stack([x, x]).shape, "
             "torch.stack([x, x], dim=2).shape, x.t().reshape(6), x.flatten(), x.unsqueeze(0).shape, "
             "x.squeeze().shape, torch.ones(1, 3, 1).squeeze().shape, x.expand(2, 2, 3).shape, "
             "x.clone(), x.contiguous().is_contiguous(), x.t().is_contiguous())",
    "grad_fn_names": "x = torch.ones(3, 4, requires_grad=True); y = torch.ones(3, 4, requires_grad=True)\n"
                     "v = torch.ones(4, requires_grad=True); m = torch.ones(4, 5, requires_grad=True)\n"
                     "for e in [x + y, x + 1, 1 + x, x - y, x - 1, 1 - x, x * y, 2 * x, x / y, x / 2, "
                     "1 / x, -x, x ** 2, x ** y, 2 ** x, x.abs(), x.exp(), x.log(), x.sqrt(), x.sin(), "
                     "x.cos(), x.tanh(), x.sigmoid(), x.relu(), x.sum(), x.sum(0), x.mean(), "
                     "x.mean(1), x.norm(), torch.dot(v, v), x @ v, x @ m, x.view(12), "
                     "x.reshape(12), x.t().reshape(12), x.t(), x.T, x.transpose(0, 1), "
                     "x.unsqueeze(0), x[None], x.squeeze(), x[0], x[0, 1], x[:, 1:3], "
                     "torch.cat([x, y]), torch.stack([x, y]), x.clone(), x.double(), "
                     "x.to(torch.float64), x.expand(2, 3, 4), x.flatten(), x.pow(2)]:\n"
                     "    print(e.grad_fn.name())",
    "printing_grad": "x = torch.arange(4.0, requires_grad=True)\n"
                     "print(x, 2 * torch.dot(x, x), x.double() * 2, "
                     "torch.zeros(3, dtype=torch.float64, requires_grad=True).sum(), "
                     "torch.tensor(2.0, requires_grad=True), x.detach(), x.exp())",
    "inplace": "x = torch.zeros(4); x.add_(1); x.mul_(3); x.sub_(torch.ones(4)); x[1] = 7; "
               "x[2:] = torch.tensor([8.0, 9.0]); print(x); x.fill_(2); print(x); x.zero_(); "
               "print(x); y = torch.ones(2); y.copy_(torch.tensor([3, 4])); "
               "print(y); z = torch.arange(4); z += 1; print(z)",
    "backward_values": "x = torch.arange(4.0, requires_grad=True)\n"
                       "y = (x.sin() * x.exp() + x ** 2 / (x + 1)).sum()\n"
                       "y.backward(); print(y, x.grad)\n"
                       "a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)\n"
                       "(a @ a.t()).norm().backward(); print(a.grad)",
    "legacy_constructor": "print(torch.Tensor([1, 2]), torch.Tensor(2, 3).shape, torch.Tensor(), "
                          "torch.Tensor([[1, 2]]).dtype, torch.Tensor(torch.Size([2])).shape, "
                          "torch.Tensor((3, 4)), isinstance(torch.tensor(1), torch.Tensor))",
    # D2L 2.1 and 2.3, as the book writes them (it uses NumPy's axis=/keepdims= spellings)
    "d2l_preliminaries": 'A = torch.arange(20, dtype=torch.float32).reshape(5, 4)\nB = A.clone()\nprint(A.sum(axis=0), A.sum(axis=[0, 1]), A.mean(axis=0), A.sum(axis=1, keepdims=True))\nprint(A.cumsum(axis=0)[-1], A.mean(), A.sum() / A.numel(), A / A.sum(axis=1, keepdims=True))\nX = torch.arange(12, dtype=torch.float32).reshape((3, 4))\nY = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])\nprint(torch.cat((X, Y), dim=0), torch.cat((X, Y), dim=1), X == Y, X.sum())\nX[1, 2] = 9; X[0:2, :] = 12; print(X)\nZ = torch.zeros_like(Y); Z[:] = X + Y; print(Z)\nbefore = id(X); X += Y; print(id(X) == before)\na = torch.tensor([3.5]); print(a, a.item(), float(a), int(a))\nu = torch.tensor([3.0, -4.0]); print(torch.norm(u), torch.abs(u).sum(), torch.norm(torch.ones((4, 9))))\nx = torch.arange(4.0); print(torch.sum(x * x), x.shape, len(x), A.T.shape, A.shape[0])\nprint(torch.exp(x), x.numpy().dtype, torch.from_numpy(x.numpy()))\nprint(A.sum(dim=0, keepdim=True), torch.ones(4, dtype=torch.float32) @ torch.ones(4))\ny = torch.arange(24).reshape(2, 3, 4); print(y.sum(axis=(1, 2)), y[-1], y[1:3].shape)\n',
    "random_factories": "torch.manual_seed(42)\n"
                        "print(torch.rand(3), torch.randn(2, 2), torch.randint(0, 10, (5,)), "
                        "torch.randn(size=()), torch.rand(2, dtype=torch.float64), "
                        "torch.normal(0.0, 2.0, size=(3,)), torch.randn(20)[:4], "
                        "torch.randperm(6), torch.initial_seed())",
}
