# A slice written from itself, or a parameter updated through .data[:] (the update a
# from-scratch training loop does), copies the region onto itself; a region that overlaps
# its source only in part is refused.
import torch
w = torch.ones(1, 1, 1, 2, requires_grad=True)
(w * 3).sum().backward()
w.data[:] -= 0.5 * w.grad
print(w, w.grad)
k = torch.ones(2, 1, 3)
k.data[:] *= 2
k[:, 0] = k[:, 0]
k[1] += 1
print(k)
v = torch.arange(6.).reshape(2, 3)
v[:] = v[:]
v[0] = v[0]
v[:, 1:] += 1
v[1, 1:] = v[1, 1:] * 10
print(v)
for bad in (lambda: v.__setitem__(slice(1, None), v[:-1]),
            lambda: v[0].__setitem__(slice(1, None), v[0, :-1]),
            lambda: v.view(-1)[1:].copy_(v.view(-1)[:-1])):
    try:
        bad()
        print(v)
    except RuntimeError as e:
        print(type(e).__name__, e)
u = torch.arange(4.)
u[1:3] = u[1:3]
u[:2] = u[2:]
print(u)
