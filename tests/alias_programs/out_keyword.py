import torch
a = torch.arange(6.).reshape(2, 3); b = torch.arange(6.).reshape(3, 2); v = torch.arange(3.)
cases = [("matmul", lambda o: torch.matmul(a, b, out=o)), ("mm", lambda o: torch.mm(a, b, out=o)),
         ("sin", lambda o: torch.sin(a, out=o)), ("exp", lambda o: torch.exp(v, out=o)),
         ("mul", lambda o: torch.mul(a, 2, out=o)), ("sum", lambda o: torch.sum(a, 1, out=o)),
         ("mean", lambda o: torch.mean(a, 0, out=o)), ("dot", lambda o: torch.dot(v, v, out=o)),
         ("mv", lambda o: torch.mv(a, v, out=o)), ("outer", lambda o: torch.outer(v, v, out=o)),
         ("bmm", lambda o: torch.bmm(a[None], b[None], out=o)), ("sqrt", lambda o: torch.sqrt(v, out=o)),
         ("pow", lambda o: torch.pow(v, 2, out=o)), ("abs", lambda o: torch.abs(v, out=o)),
         ("tanh", lambda o: torch.tanh(v, out=o)), ("sigmoid", lambda o: torch.sigmoid(v, out=o)),
         ("argmax", lambda o: torch.argmax(a, 1, out=o)), ("gather", lambda o: torch.gather(a, 1, torch.tensor([[0], [2]]), out=o)),
         ("index_select", lambda o: torch.index_select(a, 0, torch.tensor([1]), out=o)),
         ("prod", lambda o: torch.prod(a, 1, out=o)), ("addmm", lambda o: torch.addmm(torch.zeros(2, 2), a, b, out=o)),
         ("neg", lambda o: torch.neg(v, out=o)), ("log", lambda o: torch.log(v + 1, out=o))]
for name, f in cases:
    o = torch.empty(0, dtype=torch.int64 if name == "argmax" else torch.float32)
    r = f(o)
    print(name, r is o, o)
x = torch.ones(2, requires_grad=True)
try:
    torch.sin(x, out=torch.empty(2))
except RuntimeError as e:
    print(e)
try:
    torch.matmul(x, x, out=torch.empty(()))
except RuntimeError as e:
    print(e)
