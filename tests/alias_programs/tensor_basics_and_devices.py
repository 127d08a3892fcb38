# What a first tutorial on tensors does: build, pick the device, index, join, multiply into
# out=, reduce, change in place, and share memory with NumPy.
import numpy as np
import torch

torch.manual_seed(0)
grid = [[5, 6], [7, 8]]
a = torch.tensor(grid)
b = torch.from_numpy(np.array(grid))
print(f"like a:\n {torch.ones_like(a)}\n", f"random like a:\n {torch.rand_like(a, dtype=torch.float)}\n")
print(torch.rand((3, 2)), torch.zeros((1, 3)), b.dtype)
device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else "cpu"
m = torch.rand(2, 5).to(device)
print(f"{m.shape} {m.dtype} {m.device}", device)
m = torch.arange(20.).reshape(4, 5)
print(f"row 1: {m[1]}\ncol 0: {m[:, 0]}\nlast: {m[..., -1]}")
m[:, 2] = -1
print(torch.cat([m, m], dim=0).shape, torch.stack([m, m]).shape)
prod = torch.empty(4, 4)
print(torch.matmul(m, m.T, out=prod) is prod, prod)
sq = torch.empty_like(m)
torch.mul(m, m, out=sq)
print(sq, torch.equal(sq, m * m), torch.equal(m @ m.T, m.matmul(m.T)))
total = m.sum()
print(total.item(), type(total.item()).__name__, f"{total}")
m.sub_(1)
print(m[0])
ones = torch.ones(4)
view = ones.numpy()
ones.mul_(3)
print(ones, view)
arr = np.zeros(3)
shared = torch.from_numpy(arr)
np.subtract(arr, 2, out=arr)
print(shared, arr)
