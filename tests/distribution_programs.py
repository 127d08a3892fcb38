"""Programs over torch.distributions. Each runs with `torch` bound to PyTorch
(tools/gen_golden_distributions.py records what it prints into
tests/golden/distributions.json) and to retrograd (tests/test_distributions.py); the printed
text must be identical.

`exact(t)` prints every bit of a tensor's values (samples must be PyTorch's own numbers),
`near(t)` six significant digits (densities, entropies and gradients, whose last bits may
differ with the order of floating-point operations), `err(f)` the exception a call raises.
"""

PRELUDE = """
D = torch.distributions
def exact(t):
    print(tuple(t.shape), t.dtype, t.tolist() if t.dim() else t.item())
def near(t):
    def fmt(v):
        return [fmt(u) for u in v] if isinstance(v, list) else f"{v:.6g}"
    print(tuple(t.shape), t.dtype, fmt(t.tolist()) if t.dim() else fmt(t.item()))
def err(f):
    try:
        f()
        print("no error")
    except Exception as e:
        print(type(e).__name__, e)
def grads(out, *params):
    for g in torch.autograd.grad(out.sum(), params, allow_unused=True):
        print(None) if g is None else near(g)
"""

PROGRAMS = {
    "normal": """
d = D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
print(d, d.batch_shape, d.event_shape, d.has_rsample, d.support, d.arg_constraints)
for shape in [(), (3,), (2, 20), (5, 2, 2)]:
    torch.manual_seed(0); exact(d.sample(shape))
    torch.manual_seed(0); exact(d.rsample(shape))
x = torch.tensor([[0.5, -1.0], [2.0, 3.0]])
near(d.log_prob(x)); near(d.cdf(x)); near(d.icdf(torch.tensor([0.1, 0.75])))
near(d.entropy()); near(d.mean); near(d.mode); near(d.stddev); near(d.variance)
s = D.Normal(0.0, 1.0)
print(s, s.batch_shape, s.loc.dtype)
torch.manual_seed(42); exact(s.sample()); exact(s.sample((4,))); exact(torch.rand(2))
h = D.Normal(torch.tensor([0.5], dtype=torch.float64), 2.0)
print(h, h.scale.dtype); torch.manual_seed(1); exact(h.sample((3,))); exact(h.rsample((17,)))
print(D.Normal(torch.tensor([0.]), torch.tensor([1.])).sample().shape, D.Normal(0., 1.).sample((2,)).grad_fn)
""",
    "normal_gradients": """
loc = torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True)
scale = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
d = D.Normal(loc, scale)
torch.manual_seed(3); x = d.rsample((4,)); print(x.grad_fn is not None, d.sample().requires_grad)
grads(x * x, loc, scale)
grads(d.log_prob(torch.tensor([0.3, -2.0], dtype=torch.float64)), loc, scale)
grads(d.entropy(), loc, scale)
grads(d.cdf(torch.tensor([0.3, -2.0], dtype=torch.float64)), loc, scale)
""",
    "uniform": """
d = D.Uniform(torch.tensor([0.0, -1.0]), torch.tensor([1.0, 3.0]))
print(d, d.support, d.arg_constraints)
for shape in [(), (3,), (2, 9)]:
    torch.manual_seed(5); exact(d.sample(shape))
x = torch.tensor([0.5, 2.5]); near(d.log_prob(x)); near(d.cdf(x)); near(d.icdf(torch.tensor([0.25, 0.5])))
near(d.entropy()); near(d.mean); near(d.stddev); near(d.variance); exact(d.mode)
near(D.Uniform(0.0, 2.0, validate_args=False).log_prob(torch.tensor([-1.0, 1.0, 3.0])))
low = torch.tensor([0.0], requires_grad=True); high = torch.tensor([2.0], requires_grad=True)
u = D.Uniform(low, high); torch.manual_seed(0); r = u.rsample((3,)); exact(r.detach())
grads(r, low, high); grads(u.entropy(), low, high)
print(D.Uniform(0.0, 1.0).support, D.Uniform(0., 1.))
""",
    "bernoulli": """
d = D.Bernoulli(torch.tensor([0.3, 0.5, 0.9]))
print(d)
torch.manual_seed(0); exact(d.sample()); exact(d.sample((4,))); exact(d.sample((2, 3)))
near(d.logits); print(d)
near(d.log_prob(torch.tensor([1.0, 0.0, 1.0]))); near(d.entropy()); exact(d.mean); near(d.variance)
exact(d.mode); exact(d.enumerate_support()); exact(d.enumerate_support(expand=False))
l = D.Bernoulli(logits=torch.tensor([-1.0, 2.0]))
print(l, l.param_shape); near(l.probs); torch.manual_seed(7); exact(l.sample((3,)))
s = D.Bernoulli(0.25); print(s, s.batch_shape); torch.manual_seed(1); exact(s.sample((6,)))
p = torch.tensor([0.3, 0.8], dtype=torch.float64, requires_grad=True)
grads(D.Bernoulli(p).log_prob(torch.tensor([1.0, 0.0], dtype=torch.float64)), p)
grads(D.Bernoulli(p).entropy(), p)
lg = torch.tensor([0.3, -0.8], requires_grad=True)
grads(D.Bernoulli(logits=lg).log_prob(torch.tensor([1.0, 0.0])), lg)
""",
    "categorical": """
d = D.Categorical(torch.tensor([0.1, 0.2, 0.3, 0.4]))
print(d, d.support, d.batch_shape, d.event_shape)
torch.manual_seed(0); exact(d.sample()); exact(d.sample((10,))); exact(d.sample((2, 3)))
near(d.log_prob(torch.tensor([0, 3, 2]))); near(d.entropy()); exact(d.mode); exact(d.mean)
exact(d.enumerate_support())
b = D.Categorical(torch.tensor([[1.0, 1.0, 2.0], [0.5, 3.0, 0.5]]))
print(b, b.batch_shape); near(b.probs); near(b.logits)
torch.manual_seed(2); exact(b.sample()); exact(b.sample((5,)))
near(b.log_prob(torch.tensor([2, 1]))); near(b.log_prob(torch.tensor([[0], [1], [2]])))
exact(b.enumerate_support()); exact(b.enumerate_support(expand=False))
l = D.Categorical(logits=torch.tensor([1.0, 2.0, 3.0]))
print(l); near(l.logits); near(l.probs); torch.manual_seed(9); exact(l.sample((8,)))
lg = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64, requires_grad=True)
grads(D.Categorical(logits=lg).log_prob(torch.tensor([0, 2, 2])), lg)
grads(D.Categorical(logits=lg).entropy(), lg)
pr = torch.tensor([0.2, 0.5, 0.3], dtype=torch.float64, requires_grad=True)
grads(D.Categorical(pr).log_prob(torch.tensor(1)), pr)
""",
    "multinomial": """
fair = torch.ones([6]) / 6
torch.manual_seed(0)
exact(D.Multinomial(1, fair).sample()); exact(D.Multinomial(10, fair).sample())
counts = D.Multinomial(1000, fair).sample(); exact(counts / 1000)
counts = D.Multinomial(10, fair).sample((50,)); cum = counts.cumsum(dim=0)
estimates = cum / cum.sum(dim=1, keepdims=True); exact(estimates[-1])
m = D.Multinomial(5, torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]))
print(m, m.batch_shape, m.event_shape, m.support)
torch.manual_seed(4); exact(m.sample()); exact(m.sample((2,)))
near(m.log_prob(torch.tensor([[1.0, 1.0, 3.0], [5.0, 0.0, 0.0]]))); near(m.mean); near(m.variance)
near(m.entropy()); near(m.logits)
print(torch.distributions.multinomial.Multinomial is D.Multinomial)
lg = torch.tensor([0.5, -0.5, 1.0], dtype=torch.float64, requires_grad=True)
grads(D.Multinomial(4, logits=lg).log_prob(torch.tensor([1.0, 1.0, 2.0], dtype=torch.float64)), lg)
""",
    "one_hot_categorical": """
d = D.OneHotCategorical(torch.tensor([0.2, 0.3, 0.5]))
print(d, d.batch_shape, d.event_shape, d.support)
torch.manual_seed(0); exact(d.sample()); exact(d.sample((4,)))
near(d.log_prob(torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]))); near(d.entropy())
exact(d.mode); exact(d.mean); near(d.variance); exact(d.enumerate_support())
l = D.OneHotCategorical(logits=torch.tensor([[0.0, 1.0], [2.0, -1.0]]))
torch.manual_seed(3); exact(l.sample((3,))); near(l.probs)
""",
    "exponential": """
d = D.Exponential(torch.tensor([0.5, 2.0]))
print(d, d.support)
for shape in [(), (3,), (2, 9)]:
    torch.manual_seed(0); exact(d.sample(shape))
x = torch.tensor([0.5, 1.5]); near(d.log_prob(x)); near(d.cdf(x)); near(d.icdf(torch.tensor([0.2, 0.9])))
near(d.entropy()); near(d.mean); near(d.stddev); near(d.variance); exact(d.mode)
h = D.Exponential(torch.tensor([1.5], dtype=torch.float64)); torch.manual_seed(2); exact(h.sample((4,)))
rate = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
e = D.Exponential(rate); torch.manual_seed(1); r = e.rsample((3,)); exact(r.detach())
grads(r, rate); grads(e.log_prob(torch.tensor([0.3, 0.7], dtype=torch.float64)), rate)
grads(e.entropy(), rate)
""",
    "gamma": """
d = D.Gamma(torch.tensor([0.5, 1.0, 2.5, 9.0]), torch.tensor([1.0, 2.0, 0.5, 3.0]))
print(d, d.support)
for shape in [(), (3,), (2, 5)]:
    torch.manual_seed(0); exact(d.sample(shape)); exact(torch.rand(1))
x = torch.tensor([0.3, 1.0, 2.0, 4.0]); near(d.log_prob(x)); near(d.cdf(x))
near(D.Gamma(d.concentration.double(), d.rate.double()).entropy()); near(d.mean); near(d.mode); near(d.variance); near(d.stddev)
h = D.Gamma(torch.tensor([0.01, 0.3, 1.0, 30.0, 200.0], dtype=torch.float64), 1.0)
torch.manual_seed(42); exact(h.sample((2,))); exact(torch.randn(1, dtype=torch.float64))
s = D.Gamma(2.0, 3.0); print(s); torch.manual_seed(1); exact(s.sample((5,)))
a = torch.tensor([0.5, 2.0, 12.0], dtype=torch.float64, requires_grad=True)
b = torch.tensor([1.0, 3.0, 0.5], dtype=torch.float64, requires_grad=True)
g = D.Gamma(a, b); torch.manual_seed(5); r = g.rsample((4,)); exact(r.detach())
grads(r, a, b)
grads(g.log_prob(torch.tensor([0.3, 1.0, 20.0], dtype=torch.float64)), a, b)
grads(g.entropy(), a, b)
grads(D.Gamma(a.detach(), b).cdf(torch.tensor([0.3, 1.0, 20.0], dtype=torch.float64)), b)
f = torch.tensor([0.7, 3.0], requires_grad=True)
torch.manual_seed(6); r = D.Gamma(f, 1.0).rsample((3,)); exact(r.detach()); grads(r, f)
""",
    "beta_dirichlet": """
d = D.Beta(torch.tensor([0.5, 2.0, 5.0]), torch.tensor([0.5, 1.0, 3.0]))
print(d, d.support, d.batch_shape, d.concentration1, d.concentration0)
for shape in [(), (4,)]:
    torch.manual_seed(0); exact(d.sample(shape))
x = torch.tensor([0.2, 0.5, 0.9]); near(d.log_prob(x)); near(d.entropy()); near(d.mean)
near(d.variance); near(d.mode)
s = D.Beta(2.0, 3.0); print(s, s.batch_shape); torch.manual_seed(3); exact(s.sample((3,)))
h = D.Beta(torch.tensor([1.5], dtype=torch.float64), torch.tensor([0.5], dtype=torch.float64))
torch.manual_seed(8); exact(h.sample((3,)))
c1 = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
c0 = torch.tensor([1.5, 4.0], dtype=torch.float64, requires_grad=True)
grads(D.Beta(c1, c0).log_prob(torch.tensor([0.3, 0.6], dtype=torch.float64)), c1, c0)
grads(D.Beta(c1, c0).entropy(), c1, c0)
r = D.Dirichlet(torch.tensor([[0.5, 1.0, 2.0], [3.0, 0.2, 1.0]]))
print(r, r.batch_shape, r.event_shape, r.support)
torch.manual_seed(0); exact(r.sample()); exact(r.sample((2,)))
near(r.log_prob(torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]))); near(r.entropy()); near(r.mean)
near(r.variance); near(D.Dirichlet(torch.tensor([3.0, 2.0, 4.0])).mode)
for c in [[0.5, 2.0], [7.0, 9.0], [0.3, 0.2, 4.0], [20.0, 1.5]]:
    a = torch.tensor(c, dtype=torch.float64, requires_grad=True)
    torch.manual_seed(5); x = D.Dirichlet(a).rsample((6,)); exact(x.detach())
    print(type(x.grad_fn).__name__)
    grads(x * torch.linspace(0.3, 2.0, x.numel(), dtype=torch.float64).reshape(x.shape), a)
torch.manual_seed(1); x = D.Beta(c1, c0).rsample((5,)); exact(x.detach()); grads(x * x, c1, c0)
near(D.Dirichlet(torch.tensor([0.5, 0.6, 0.2])).mode)
""",
    "multivariate_normal": """
loc = torch.tensor([0.0, 1.0])
cov = torch.tensor([[2.0, 0.5], [0.5, 1.0]])
for d in [D.MultivariateNormal(loc, covariance_matrix=cov),
          D.MultivariateNormal(loc, precision_matrix=cov),
          D.MultivariateNormal(loc, scale_tril=torch.tensor([[1.5, 0.0], [0.5, 1.0]]))]:
    print(d, d.batch_shape, d.event_shape, d.support)
    torch.manual_seed(0); exact(d.sample()); exact(d.sample((3,))); exact(d.rsample((9,)))
    near(d.log_prob(torch.tensor([[0.5, 0.5], [1.0, -1.0]]))); near(d.entropy())
    near(d.mean); near(d.variance); near(d.covariance_matrix); near(d.precision_matrix)
    near(d.scale_tril)
b = D.MultivariateNormal(torch.zeros(3, 2), torch.eye(2) * 2)
print(b, b.batch_shape); torch.manual_seed(1); exact(b.sample((2,))); near(b.entropy())
near(b.log_prob(torch.ones(2)))
l = torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True)
a = torch.tensor([[2.0, 0.3], [0.3, 1.0]], dtype=torch.float64, requires_grad=True)
m = D.MultivariateNormal(l, covariance_matrix=a)
torch.manual_seed(2); r = m.rsample((5,)); exact(r.detach())
grads(r * r, l, a)
err(lambda: grads(m.entropy(), l, a))          # the Cholesky factor's graph is freed
m = D.MultivariateNormal(l, covariance_matrix=a)
grads(m.log_prob(torch.tensor([[0.5, -0.5], [2.0, 1.0]], dtype=torch.float64)), l, a)
grads(D.MultivariateNormal(l, covariance_matrix=a).entropy(), l, a)
t = torch.tensor([[1.0, 0.0], [0.4, 0.8]], dtype=torch.float64, requires_grad=True)
grads(D.MultivariateNormal(l, scale_tril=t).log_prob(torch.tensor([0.1, 0.2], dtype=torch.float64)), l, t)
grads(D.MultivariateNormal(l, precision_matrix=a).log_prob(torch.tensor([0.1, 0.2], dtype=torch.float64)), l, a)
""",
    "independent": """
base = D.Normal(torch.zeros(3, 2), torch.ones(3, 2))
d = D.Independent(base, 1)
print(d, d.batch_shape, d.event_shape, d.support, d.has_rsample, d.has_enumerate_support)
torch.manual_seed(0); exact(d.sample()); exact(d.rsample((2,)))
near(d.log_prob(torch.ones(3, 2))); near(d.entropy()); near(d.mean); near(d.variance)
d2 = D.Independent(base, 2); print(d2, d2.batch_shape, d2.event_shape)
near(d2.log_prob(torch.zeros(3, 2)))
e = d.expand((4, 3)); print(e, e.batch_shape, e.event_shape); near(e.log_prob(torch.zeros(2)))
print(D.Independent(D.Bernoulli(torch.tensor([0.5, 0.5])), 0).has_enumerate_support)
""",
    "expand": """
for d in [D.Normal(torch.tensor([0.0]), torch.tensor([2.0])), D.Uniform(0.0, 1.0),
          D.Bernoulli(torch.tensor([0.3])), D.Exponential(torch.tensor([1.5])),
          D.Gamma(torch.tensor([2.0]), torch.tensor([1.0])), D.Beta(2.0, 3.0),
          D.Categorical(torch.tensor([0.2, 0.8])), D.OneHotCategorical(torch.tensor([0.2, 0.8])),
          D.Multinomial(3, torch.tensor([0.2, 0.8])),
          D.MultivariateNormal(torch.zeros(2), torch.eye(2)),
          D.Dirichlet(torch.tensor([1.0, 2.0]))]:
    e = d.expand((2, 3))
    print(type(e).__name__, e.batch_shape, e.event_shape, e)
    torch.manual_seed(0); exact(e.sample())
""",
    "kl": """
def kl(p, q):
    near(D.kl_divergence(p, q))
N = D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
N2 = D.Normal(torch.tensor([0.5, 0.4]), torch.tensor([0.7, 3.0]))
U = D.Uniform(torch.tensor([0.1, 0.2]), torch.tensor([0.6, 0.9]))
U2 = D.Uniform(torch.tensor([0.0, 0.3]), torch.tensor([1.0, 1.0]))
E = D.Exponential(torch.tensor([0.5, 2.0])); E2 = D.Exponential(torch.tensor([1.5, 1.0]))
f64 = dict(dtype=torch.float64)       # float32 lgamma/digamma differ from PyTorch's in the last bits
G = D.Gamma(torch.tensor([0.5, 3.0], **f64), torch.tensor([1.0, 2.0], **f64))
G2 = D.Gamma(torch.tensor([2.0, 1.0], **f64), torch.tensor([0.5, 1.5], **f64))
B = D.Beta(torch.tensor([0.5, 3.0], **f64), torch.tensor([2.0, 1.5], **f64))
B2 = D.Beta(torch.tensor([1.0, 2.0], **f64), torch.tensor([1.0, 4.0], **f64))
Be = D.Bernoulli(torch.tensor([0.3, 0.0, 1.0])); Be2 = D.Bernoulli(torch.tensor([0.6, 0.5, 0.0]))
C = D.Categorical(torch.tensor([[0.2, 0.8, 0.0], [0.3, 0.3, 0.4]]))
C2 = D.Categorical(torch.tensor([[0.5, 0.5, 0.0], [0.1, 0.0, 0.9]]))
O = D.OneHotCategorical(torch.tensor([0.2, 0.8])); O2 = D.OneHotCategorical(torch.tensor([0.5, 0.5]))
M = D.MultivariateNormal(torch.tensor([0.0, 1.0]), torch.tensor([[2.0, 0.5], [0.5, 1.0]]))
M2 = D.MultivariateNormal(torch.zeros(3, 2), scale_tril=torch.tensor([[1.0, 0.0], [0.3, 0.5]]))
for p, q in [(N, N2), (U, U2), (U2, U), (E, E2), (G, G2), (B, B2), (Be, Be2), (Be2, Be), (C, C2),
             (C2, C), (O, O2), (M, M2), (M2, M), (B, E), (B, G), (B, N), (B, U2), (E, B), (E, U),
             (E, G), (E, N), (G, B), (G, U), (G, E), (G, N), (N, B), (N, E), (N, G), (N, U),
             (U, B), (U, E), (U, G), (U, N), (D.Independent(N, 1), D.Independent(N2, 1))]:
    print(type(p).__name__, type(q).__name__, end=" "); kl(p, q)
err(lambda: D.kl_divergence(N, Be)); err(lambda: D.kl_divergence(C, N))
err(lambda: D.kl_divergence(D.Independent(M2, 1), D.Independent(M2.expand((2, 3)), 2)))
loc = torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True)
scale = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
grads(D.kl_divergence(D.Normal(loc, scale), D.Normal(1.0, 3.0)), loc, scale)
a = torch.tensor([0.5, 3.0], dtype=torch.float64, requires_grad=True)
grads(D.kl_divergence(D.Gamma(a, 2.0), D.Gamma(1.0, a)), a)
grads(D.kl_divergence(D.Beta(a, 2.0), D.Beta(1.0, a)), a)
class MyNormal(D.Normal):
    pass
@D.register_kl(MyNormal, D.Normal)
def _kl_my(p, q):
    return torch.zeros(p.batch_shape)
kl(MyNormal(0.0, 1.0), N); kl(N, MyNormal(0.0, 1.0))
""",
    "validation": """
err(lambda: D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, -1.0])))
err(lambda: D.Normal(torch.tensor([0.0, float('nan')]), torch.tensor([1.0, 1.0])))
err(lambda: D.Normal(0.0, -1.0))
err(lambda: D.Normal(0.0, 0.0))
err(lambda: D.Uniform(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.5])))
err(lambda: D.Uniform(1.0, 0.0))
err(lambda: D.Bernoulli(torch.tensor([0.3, 1.5])))
err(lambda: D.Bernoulli(torch.tensor([0.3]), logits=torch.tensor([0.3])))
err(lambda: D.Bernoulli())
err(lambda: D.Categorical(torch.tensor([-0.1, 0.5])))
err(lambda: D.Categorical(torch.tensor(0.5)))
err(lambda: D.Categorical(logits=torch.tensor(0.5)))
err(lambda: D.Categorical())
err(lambda: D.Exponential(torch.tensor([0.0, 1.0])))
err(lambda: D.Gamma(torch.tensor([0.0, 1.0]), 1.0))
err(lambda: D.Gamma(1.0, torch.tensor([1.0, -2.0])))
err(lambda: D.Beta(torch.tensor([0.0, 1.0]), 1.0))
err(lambda: D.Dirichlet(torch.tensor([0.0, 1.0])))
err(lambda: D.Dirichlet(torch.tensor(1.0)))
err(lambda: D.Multinomial(2.5, torch.tensor([0.3, 0.7])))
err(lambda: D.OneHotCategorical(torch.tensor([-0.3, 0.7])))
err(lambda: D.MultivariateNormal(torch.tensor([0.0, 1.0]), covariance_matrix=torch.tensor([[1.0, 2.0], [2.0, 1.0]])))
err(lambda: D.MultivariateNormal(torch.tensor([0.0, 1.0]), covariance_matrix=torch.tensor([[1.0, 0.5], [0.0, 1.0]])))
err(lambda: D.MultivariateNormal(torch.tensor([0.0, 1.0]), scale_tril=torch.tensor([[1.0, 2.0], [2.0, 1.0]])))
err(lambda: D.MultivariateNormal(torch.tensor([0.0, 1.0]), scale_tril=torch.tensor([[-1.0, 0.0], [2.0, 1.0]])))
err(lambda: D.MultivariateNormal(torch.tensor([0.0, 1.0])))
err(lambda: D.MultivariateNormal(torch.tensor([0.0, 1.0]), torch.eye(2), scale_tril=torch.eye(2)))
err(lambda: D.MultivariateNormal(torch.tensor(0.0), torch.eye(2)))
err(lambda: D.MultivariateNormal(torch.zeros(2), torch.ones(2)))
err(lambda: D.Independent(D.Normal(torch.zeros(2), torch.ones(2)), 2))
n = D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 1.0]))
err(lambda: n.log_prob(torch.tensor([[1.0, 2.0, 3.0]])))
err(lambda: n.log_prob([1.0, 2.0]))
err(lambda: D.Exponential(torch.tensor([1.0, 1.0])).log_prob(torch.tensor([-1.0, 2.0])))
err(lambda: D.Bernoulli(torch.tensor([0.3, 0.5])).log_prob(torch.tensor([0.5, 1.0])))
err(lambda: D.Categorical(torch.tensor([0.3, 0.7])).log_prob(torch.tensor([2])))
err(lambda: D.Uniform(0.0, 1.0).log_prob(torch.tensor(2.0)))
err(lambda: D.Beta(torch.tensor([1.0, 1.0]), 1.0).log_prob(torch.tensor([1.5, 0.5])))
err(lambda: D.Dirichlet(torch.tensor([1.0, 1.0])).log_prob(torch.tensor([0.5, 0.6])))
err(lambda: D.OneHotCategorical(torch.tensor([0.3, 0.7])).log_prob(torch.tensor([1.0, 1.0])))
err(lambda: D.Multinomial(3, torch.tensor([0.3, 0.7])).log_prob(torch.tensor([3.0, 1.0])))
err(lambda: D.Gamma(1.0, 1.0).log_prob(torch.tensor(-1.0)))
err(lambda: D.MultivariateNormal(torch.zeros(2), torch.eye(2)).log_prob(torch.ones(3)))
err(lambda: D.Normal(0.0, 1.0).enumerate_support())
err(lambda: D.Distribution.set_default_validate_args(3))
print(D.Normal(0.0, -1.0, validate_args=False))
D.Distribution.set_default_validate_args(False)
print(D.Normal(0.0, -1.0), D.Normal(0.0, -1.0).log_prob(torch.tensor(0.0)))
near(D.Exponential(torch.tensor([1.0])).log_prob(torch.tensor([-1.0])))
err(lambda: D.Normal(0.0, -1.0, validate_args=True))
D.Distribution.set_default_validate_args(True)
err(lambda: D.Normal(0.0, -1.0))
""",
    "reprs_and_constraints": """
C = D.constraints
print(C.real, C.positive, C.nonnegative, C.unit_interval, C.simplex, C.boolean, C.one_hot,
      C.real_vector, C.lower_cholesky, C.positive_definite, C.nonnegative_integer,
      C.interval(-1.0, 2.0), C.greater_than(3), C.less_than(torch.tensor(1.0)),
      C.integer_interval(0, 4), C.independent(C.positive, 2), C.multinomial(4), C.dependent)
print(C.real.event_dim, C.real_vector.event_dim, C.simplex.event_dim, C.lower_cholesky.event_dim,
      C.boolean.is_discrete, C.real.is_discrete, C.integer_interval(0, 2).is_discrete)
exact(C.positive.check(torch.tensor([-1.0, 0.0, 2.0])))
exact(C.simplex.check(torch.tensor([[0.5, 0.5], [0.7, 0.4]])))
exact(C.real_vector.check(torch.tensor([[1.0, float('nan')], [0.0, 1.0]])))
exact(C.lower_cholesky.check(torch.tensor([[1.0, 0.0], [2.0, 1.0]])))
exact(C.positive_definite.check(torch.tensor([[[2.0, 0.5], [0.5, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])))
exact(C.integer_interval(0, 3).check(torch.tensor([0.0, 1.5, 3.0, 4.0])))
exact(C.one_hot.check(torch.tensor([[0.0, 1.0], [1.0, 1.0]])))
print(C.is_dependent(C.dependent), C.is_dependent(C.real), D.Uniform.support, D.Categorical.support)
err(lambda: C.dependent.check(torch.ones(1)))
print(D.Normal(torch.tensor([1.0]), torch.tensor([2.0])), D.Bernoulli(logits=0.3))
print(D.Beta(torch.tensor([1.0, 1.0]), 1.0), D.Gamma(1.0, 2.0), D.Dirichlet(torch.ones(2)))
print(D.Independent(D.Normal(torch.zeros(2), torch.ones(2)), 1))
print(D.MultivariateNormal(torch.zeros(2), torch.eye(2)).arg_constraints)
print(D.Categorical(torch.tensor([0.3, 0.7])).arg_constraints)
print(D.Normal(0.0, 1.0).perplexity(), D.Distribution._validate_args)
print(sorted(n for n in dir(D) if not n.startswith('_') and n[0].isupper() and n in ['Bernoulli', 'Beta', 'Categorical', 'Dirichlet', 'Distribution', 'Exponential', 'ExponentialFamily', 'Gamma', 'Independent', 'Multinomial', 'MultivariateNormal', 'Normal', 'OneHotCategorical', 'Uniform']))
print(issubclass(D.Normal, D.ExponentialFamily), issubclass(D.Categorical, D.ExponentialFamily))
""",
    "binomial_poisson": """
n, p, lam = 10, 0.2, 5.0                 # the cells of D2L's appendix on distributions
torch.manual_seed(0)
m = torch.distributions.binomial.Binomial(n, p)
print(m.sample(sample_shape=(10, 10)))
m = torch.distributions.poisson.Poisson(lam)
print(m.sample((10, 10)))
for dtype in [torch.float32, torch.float64]:
    b = D.Binomial(torch.tensor([5.0, 40.0, 100.0, 1000.0], dtype=dtype),
                   torch.tensor([0.3, 0.6, 0.05, 0.5], dtype=dtype))
    print(b, b.batch_shape, b.support)
    torch.manual_seed(1); exact(b.sample()); exact(b.sample((3,))); exact(torch.rand(1))
    if dtype == torch.float64:           # float32 lgamma differs from lgammaf in the last bit
        near(b.log_prob(torch.tensor([2.0, 20.0, 5.0, 480.0], dtype=dtype)))
    near(b.mean)
    near(b.mode); near(b.variance)
    q = D.Poisson(torch.tensor([0.5, 3.0, 9.99, 10.0, 80.0, 5000.0], dtype=dtype))
    print(q, q.support); torch.manual_seed(2); exact(q.sample()); exact(q.sample((2,)))
    near(q.log_prob(torch.tensor([0.0, 2.0, 10.0, 9.0, 75.0, 5100.0], dtype=dtype)))
    near(q.mean); exact(q.mode)
h = D.Binomial(6, logits=torch.tensor([0.3, -1.0], dtype=torch.float64))
print(h); near(h.probs); near(h.entropy()); exact(h.enumerate_support())
torch.manual_seed(4); exact(h.sample((2,)))
near(D.kl_divergence(D.Binomial(6, torch.tensor([0.3, 0.5])), D.Binomial(6, torch.tensor([0.6, 0.5]))))
near(D.kl_divergence(D.Poisson(torch.tensor([2.0, 7.0])), D.Poisson(torch.tensor([3.0, 7.5]))))
err(lambda: D.kl_divergence(D.Binomial(3, torch.tensor([0.3])), D.Binomial(6, torch.tensor([0.6]))))
err(lambda: D.Binomial(torch.tensor([2.0, 3.0]), torch.tensor([0.3, 0.5])).entropy())
err(lambda: D.Poisson(torch.tensor([-1.0])))
err(lambda: D.Binomial(2.5, torch.tensor([0.3])))
err(lambda: D.Poisson(torch.tensor([2.0])).log_prob(torch.tensor([1.5])))
rate = torch.tensor([2.0, 7.0], dtype=torch.float64, requires_grad=True)
grads(D.Poisson(rate).log_prob(torch.tensor([1.0, 9.0], dtype=torch.float64)), rate)
pr = torch.tensor([0.2, 0.7], dtype=torch.float64, requires_grad=True)
grads(D.Binomial(8, pr).log_prob(torch.tensor([1.0, 6.0], dtype=torch.float64)), pr)
torch.manual_seed(3); x = torch.poisson(rate); print(x); grads(x, rate)
y = torch.binomial(torch.tensor([5.0, 9.0], dtype=torch.float64), pr); print(y)
err(lambda: grads(y, pr))
""",
    "odds_and_ends": """
def show(f):
    try:
        r = f(); print(repr(r) if not hasattr(r, 'tolist') else (r.dtype, r.tolist()))
    except Exception as e:
        print(type(e).__name__, e)
torch.manual_seed(0)
show(lambda: D.Normal(0,1).sample(torch.Size([2])))
show(lambda: D.Normal(0,1).sample([2]))
show(lambda: D.Normal(0,1).sample(5))
show(lambda: D.Normal(0,1))
show(lambda: D.Normal(torch.tensor([1,2]), 1.))
show(lambda: D.Bernoulli(torch.tensor([0.3,0.6],dtype=torch.float64)).sample((3,)))
show(lambda: D.Categorical(torch.tensor([0.3,0.6],dtype=torch.float64)).sample((3,)))
show(lambda: D.Normal(torch.zeros(2),torch.ones(2)).log_prob(torch.zeros(3,1)))
show(lambda: D.Normal(0.,1.).log_prob(0.5))
show(lambda: D.Gamma(2.,1.).log_prob(0.5))
show(lambda: D.Categorical(logits=torch.tensor([1.,2.])).sample((2,2)))
show(lambda: D.Normal(0.,1.).expand([3]).sample())
show(lambda: D.Normal(0.,1.).cdf(torch.tensor(-1.)))
show(lambda: D.Exponential(2.).rsample((2,)))
show(lambda: D.Multinomial(probs=torch.tensor([0.5,0.5])).sample())
show(lambda: D.Uniform(torch.tensor(0.), torch.tensor(2.)).sample((2,)))
show(lambda: D.Normal(0.,1.).support.check(torch.tensor([1., float('nan')])))
show(lambda: D.Normal(0.,1.).mean)
show(lambda: D.Normal(torch.tensor([0.]),torch.tensor([1.])).entropy())
show(lambda: D.Beta(2., 2.).sample())
show(lambda: D.Normal(0.,1.).icdf(torch.tensor([0.2])))
show(lambda: D.Categorical(torch.ones(2,3)).log_prob(torch.tensor([[0],[1],[2],[0]])))
show(lambda: D.OneHotCategorical(torch.ones(3)).sample((2,)).dtype)
show(lambda: D.Bernoulli(0.3).sample().dtype)
show(lambda: D.Bernoulli(probs=torch.tensor(0.3)).entropy())
show(lambda: D.Independent(D.Normal(0.,1.),0).sample())
""",
    "probability_chapter": """
multinomial = torch.distributions.multinomial
fair_probs = torch.ones([6]) / 6
torch.manual_seed(2024)
print(multinomial.Multinomial(1, fair_probs).sample())
print(multinomial.Multinomial(10, fair_probs).sample())
counts = multinomial.Multinomial(1000, fair_probs).sample()
print(counts / 1000)
counts = multinomial.Multinomial(10, fair_probs).sample((500,))
cum_counts = counts.cumsum(dim=0)
estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
print(estimates[-3:])
Multinomial = torch.distributions.multinomial.Multinomial
torch.manual_seed(0)
fair_probs = torch.tensor([0.5, 0.5])
print(Multinomial(100, fair_probs).sample())
print(Multinomial(100, fair_probs).sample() / 100)
counts = Multinomial(10000, fair_probs).sample()
print(counts / 10000)
counts = Multinomial(1, fair_probs).sample((10000,))
cum_counts = counts.cumsum(dim=0)
estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
estimates = estimates.numpy()
print(estimates[-3:].tolist(), estimates[:, 0].tolist()[::997])
print(torch.distributions.Normal(0.0, 1.0).sample((2, 3)))
print(torch.distributions.Bernoulli(0.5).sample((8,)))
""",
}


def run(lib, name):
    """What program `name` prints with `torch` bound to `lib`."""
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(PRELUDE + PROGRAMS[name], {"torch": lib, "__name__": "program"})
    return out.getvalue()
