import torch
from torch import nn

x = torch.ones(3, requires_grad=True)
y = x * 1
y[0] = 2
print(y.grad_fn.name(), y, type(y.grad_fn).__name__, repr(y.grad_fn)[:12])
acc = x.sum().grad_fn.next_functions[0][0]
print(acc.name(), repr(acc)[:16], type(acc).__name__)
z = x * 1
s = z.sin()
z[0] = 3
try:
    s.sum().backward()
except RuntimeError as e:
    print(str(e).splitlines()[0])   # retrograd adds a line naming the ops
p = nn.Parameter(torch.tensor(2.5))
t = torch.tensor(2.5, requires_grad=True)
print(f"{t:.2f}", f"{t * 2:.3f}", f"{p}", repr(format(p, "")))
try:
    print(f"{p:.2f}")
except TypeError as e:
    print(e)
try:
    print(f"{torch.ones(2):.2f}")
except TypeError as e:
    print(e)
out = (x * 2).sum()
cases = [
    lambda: torch.autograd.grad(out, []),
    lambda: torch.autograd.grad(out, x, grad_outputs=[torch.ones(1), torch.ones(1)]),
    lambda: torch.autograd.grad(out, torch.ones(3)),
    lambda: torch.autograd.grad(torch.ones(2), x),
    lambda: torch.autograd.grad(out, x, grad_outputs=torch.ones(2)),
    lambda: torch.autograd.grad((x * 2), x),
    lambda: torch.autograd.grad(out, [x, x * 1]),
    lambda: torch.autograd.grad(out, 3),
    lambda: torch.autograd.grad([out, out], x, grad_outputs=[None]),
    lambda: torch.autograd.grad(out, x, grad_outputs=torch.ones((), dtype=torch.float64)),
    lambda: torch.autograd.grad(out, torch.ones(2, requires_grad=True)),
    lambda: torch.autograd.grad(out, x, retain_graph=True, is_grads_batched=False),
]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
c = torch.ones(2)
for f in [lambda: torch.autograd.grad([out, out], [], grad_outputs=[torch.ones(())]),
          lambda: torch.autograd.grad([out, c], x, grad_outputs=[torch.ones(())]),
          lambda: torch.autograd.grad([c, out], x, grad_outputs=[torch.ones(2)]),
          lambda: torch.autograd.grad([c], torch.ones(2)),
          lambda: torch.autograd.grad([x * 2], torch.ones(2)),
          lambda: torch.autograd.grad(c, x, grad_outputs=torch.ones(3)),
          lambda: torch.autograd.grad(out, x, grad_outputs=[torch.ones(()), torch.ones(())], retain_graph=True),
          lambda: torch.autograd.backward([out, out], [torch.ones(())]),
          lambda: torch.autograd.grad(out, x, materialize_grads=True, allow_unused=False)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
