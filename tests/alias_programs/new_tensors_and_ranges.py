# Tensor.new_* keep the source's dtype unless told; arange's float values bit for bit
# (a value that should be 0 and is 4e-16 decides relu's gradient there).
import hashlib
import torch
ints = torch.tensor([4, 5])
halves = torch.tensor([0.5], dtype=torch.float64)
print(ints.new_ones(2, 3), ints.new_zeros((2,)), ints.new_full((3,), 7), ints.new_empty(0).shape)
print(halves.new_ones(2), halves.new_tensor([1, 2]), halves.new_zeros(1, dtype=torch.int32))
print(ints.new_tensor([2.5, 3.5]), ints.new_full((2,), 2.5), halves.new_full((1, 2), 3))
print(halves.new_ones(2, requires_grad=True), ints.new_ones(size=(1, 2)))
for bad in (lambda: ints.new_ones(2, 3.0), lambda: ints.new_full(2, 1)):
    try:
        bad()
    except TypeError as e:
        print(type(e).__name__, e)

for start, end, step in ((-8.0, 8.0, 0.1), (0, 1, 0.01), (-3, 3, 0.07), (0.5, 7.3, 0.011),
                         (-1, 1, 0.001), (2.0, -2.0, -0.3)):
    for dtype in (torch.float32, torch.float64):
        x = torch.arange(start, end, step, dtype=dtype)
        print(len(x), x[::40].tolist(), hashlib.sha256(x.numpy().tobytes()).hexdigest()[:16])
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
torch.relu(x).backward(torch.ones_like(x))
print(x[80].item(), x.grad[78:83])
print(torch.arange(0, 100000, 0.25)[[0, 31, 32, 33, 200001, -1]].tolist())
