"""retrograd.distributions against PyTorch.

Three layers: the programs of tests/distribution_programs.py print exactly what PyTorch
printed (samples bit for bit after manual_seed, densities, entropies, KL divergences,
gradients, reprs and error texts; golden data from tools/gen_golden_distributions.py, and
live when torch is importable); numerical gradient checks, first and second order, of
densities, reparameterised samples and the new special-function and linear-algebra ops;
and the ops' values against PyTorch itself where it is installed.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import retrograd as torch
from distribution_programs import PROGRAMS, run
from gradcheck_util import check_grad

D = torch.distributions
GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "distributions.json")
with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)


@pytest.fixture(autouse=True)
def _validation_on():
    """A program may switch validation off; every test starts and ends with the default."""
    yield
    D.Distribution.set_default_validate_args(True)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_prints_what_pytorch_printed(name):
    assert run(torch, name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_golden_data_is_current(name):
    real = pytest.importorskip("torch")
    if real.backends.cpu.get_cpu_capability() not in ("AVX2", "AVX512"):
        pytest.skip("the golden streams are the AVX2 build's")
    try:
        assert run(real, name) == EXPECTED[name]
    finally:
        real.distributions.Distribution.set_default_validate_args(True)


# --- gradients of densities, entropies and reparameterised samples, checked numerically ---
def _seeded(f):
    """f with the generator reseeded on every call: the same draws at every point."""
    def g(*args):
        torch.manual_seed(0)
        return f(*args)
    return g


X2 = np.array([0.3, 1.7])
DENSITIES = {
    "normal": (lambda m, s: D.Normal(m, s).log_prob(torch.tensor(X2, dtype=torch.float64)),
               [[0.1, 1.0], [0.5, 2.0]]),
    "normal_entropy_cdf": (lambda m, s: D.Normal(m, s).entropy() * D.Normal(m, s).cdf(
        torch.tensor(X2, dtype=torch.float64)), [[0.1, 1.0], [0.5, 2.0]]),
    "uniform_entropy": (lambda lo, hi: D.Uniform(lo, hi).entropy(), [[0.0, 0.2], [1.0, 2.5]]),
    "exponential": (lambda r: D.Exponential(r).log_prob(torch.tensor(X2, dtype=torch.float64)),
                    [[0.5, 2.0]]),
    "gamma": (lambda a, b: D.Gamma(a, b).log_prob(torch.tensor(X2, dtype=torch.float64)),
              [[0.7, 3.0], [1.0, 2.0]]),
    "gamma_entropy": (lambda a, b: D.Gamma(a, b).entropy(), [[0.7, 3.0], [1.0, 2.0]]),
    "beta": (lambda a, b: D.Beta(a, b).log_prob(torch.tensor([0.2, 0.7], dtype=torch.float64)),
             [[0.7, 3.0], [1.5, 2.0]]),
    "beta_entropy": (lambda a, b: D.Beta(a, b).entropy(), [[0.7, 3.0], [1.5, 2.0]]),
    "dirichlet": (lambda c: D.Dirichlet(c).log_prob(
        torch.tensor([0.2, 0.3, 0.5], dtype=torch.float64)), [[0.7, 3.0, 1.2]]),
    "bernoulli_logits": (lambda lg: D.Bernoulli(logits=lg).log_prob(
        torch.tensor([1.0, 0.0], dtype=torch.float64)) + D.Bernoulli(logits=lg).entropy(),
        [[0.3, -1.2]]),
    "categorical_probs": (lambda p: D.Categorical(p).log_prob(torch.tensor([0, 2])) +
                          D.Categorical(p).entropy(), [[0.2, 0.5, 0.3]]),
    "poisson": (lambda r: D.Poisson(r).log_prob(torch.tensor([1.0, 4.0], dtype=torch.float64)),
                [[0.5, 3.0]]),
    "binomial_logits": (lambda lg: D.Binomial(5, logits=lg).log_prob(
        torch.tensor([1.0, 4.0], dtype=torch.float64)) + D.Binomial(5, logits=lg).entropy(),
        [[0.3, -1.2]]),
    "multinomial_logits": (lambda lg: D.Multinomial(3, logits=lg).log_prob(
        torch.tensor([1.0, 0.0, 2.0], dtype=torch.float64)), [[0.2, 0.5, -0.3]]),
    "mvn_covariance": (lambda m, a: D.MultivariateNormal(m, a @ a.mT + torch.eye(
        2, dtype=torch.float64)).log_prob(torch.tensor([[0.5, -0.5], [2.0, 1.0]],
                                                       dtype=torch.float64)),
        [[0.0, 1.0], [[1.0, 0.2], [0.4, 0.8]]]),
    "mvn_precision_entropy": (lambda a: D.MultivariateNormal(
        torch.zeros(2, dtype=torch.float64), precision_matrix=a @ a.mT + torch.eye(
            2, dtype=torch.float64)).entropy(), [[[1.0, 0.2], [0.4, 0.8]]]),
    "kl_normal": (lambda m, s: D.kl_divergence(D.Normal(m, s), D.Normal(s, m + 2)),
                  [[0.1, 1.0], [0.5, 2.0]]),
    "kl_gamma_beta": (lambda a, b: D.kl_divergence(D.Gamma(a, b), D.Gamma(b, a))
                      + D.kl_divergence(D.Beta(a, b), D.Beta(b, a)), [[0.7, 3.0], [1.5, 2.0]]),
    "kl_mvn": (lambda a: D.kl_divergence(
        D.MultivariateNormal(torch.zeros(2, dtype=torch.float64),
                             scale_tril=a.tril() + 2 * torch.eye(2, dtype=torch.float64)),
        D.MultivariateNormal(torch.ones(2, dtype=torch.float64),
                             torch.eye(2, dtype=torch.float64))), [[[0.1, 0.2], [0.4, 0.3]]]),
    "rsample_normal": (_seeded(lambda m, s: D.Normal(m, s).rsample((3,))),
                       [[0.1, 1.0], [0.5, 2.0]]),
    "rsample_uniform": (_seeded(lambda lo, hi: D.Uniform(lo, hi).rsample((3,))),
                        [[0.0, 0.2], [1.0, 2.5]]),
    "rsample_exponential": (_seeded(lambda r: D.Exponential(r).rsample((3,))), [[0.5, 2.0]]),
    "rsample_mvn": (_seeded(lambda m, a: D.MultivariateNormal(m, a @ a.mT + torch.eye(
        2, dtype=torch.float64)).rsample((4,))), [[0.0, 1.0], [[1.0, 0.2], [0.4, 0.8]]]),
    "rsample_gamma_rate": (_seeded(lambda b: D.Gamma(torch.tensor([0.7, 3.0],
                                                                  dtype=torch.float64),
                                                     b).rsample((3,))), [[1.0, 2.0]]),
}


@pytest.mark.parametrize("name", sorted(DENSITIES))
def test_gradients_match_finite_differences(name):
    fn, args = DENSITIES[name]
    check_grad(fn, *args)


def test_gamma_rsample_uses_the_implicit_gradient():
    """d sample / d alpha is -(dF/dalpha)/pdf at the sample: against the CDF's numerical
    derivative (F by numerical integration of the density)."""
    a = torch.tensor([0.7, 2.5, 12.0], dtype=torch.float64, requires_grad=True)
    torch.manual_seed(3)
    x = torch._standard_gamma(a)
    (g,) = torch.autograd.grad(x.sum(), a)
    import math

    def cdf(alpha, v, n=200000):
        t = np.linspace(0, v, n + 1)[1:]
        dens = np.exp((alpha - 1) * np.log(t) - t - math.lgamma(alpha))
        # the integrable singularity at 0: integrate t^(alpha-1) near 0 exactly
        head = t[0] ** alpha / alpha / math.gamma(alpha)
        return head + np.trapezoid(dens, t)
    for alpha, v, got in zip(a.tolist(), x.tolist(), g.tolist()):
        h = 1e-4
        dF = (cdf(alpha + h, v) - cdf(alpha - h, v)) / (2 * h)
        pdf = math.exp((alpha - 1) * math.log(v) - v - math.lgamma(alpha))
        assert got == pytest.approx(-dF / pdf, rel=2e-3)


def test_gamma_sample_gradient_has_no_second_derivative():
    a = torch.tensor([1.5, 2.0], requires_grad=True)
    torch.manual_seed(0)
    (g,) = torch.autograd.grad(torch._standard_gamma(a).sum(), a, create_graph=True)
    assert g.grad_fn.name() == "MulBackward0"
    with pytest.raises(NotImplementedError,
                       match="^the derivative for '_standard_gamma_grad' is not implemented.$"):
        torch.autograd.grad(g.sum(), a)


def test_beta_rsample_uses_the_implicit_gradient():
    """d x / d alpha of a Beta(a, b) sample is -(dF/da)/pdf at the sample: against the
    CDF's numerical derivative."""
    import math
    a = torch.tensor([0.7, 2.5, 9.0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([1.5, 0.8, 7.0], dtype=torch.float64)
    torch.manual_seed(3)
    x = D.Beta(a, b).rsample()
    (g,) = torch.autograd.grad(x.sum(), a)

    def log_pdf(alpha, beta, t):
        return ((alpha - 1) * np.log(t) + (beta - 1) * np.log1p(-t) + math.lgamma(alpha + beta)
                - math.lgamma(alpha) - math.lgamma(beta))

    def cdf(alpha, beta, v, n=400000):
        # t = v s^(1/alpha) takes the singularity at 0 out of the integrand
        s = (np.arange(n) + 0.5) / n
        t = v * s ** (1 / alpha)
        return np.mean(np.exp(log_pdf(alpha, beta, t) - (alpha - 1) * np.log(t))
                       * v ** alpha / alpha)
    for alpha, beta, v, got in zip(a.tolist(), b.tolist(), x.tolist(), g.tolist()):
        h = 1e-4
        dF = (cdf(alpha + h, beta, v) - cdf(alpha - h, beta, v)) / (2 * h)
        assert got == pytest.approx(-dF / math.exp(log_pdf(alpha, beta, v)), rel=5e-3)


def test_sample_draws_no_gradient_and_leaves_parameters_alone():
    loc = torch.tensor([0.0, 1.0], requires_grad=True)
    d = D.Normal(loc, 1.0)
    assert not d.sample((2,)).requires_grad and d.rsample().requires_grad
    assert d.loc is loc and loc.grad is None


def test_distributions_load_on_first_use():
    code = ("import sys, retrograd; print('retrograd.distributions' in sys.modules); "
            "retrograd.distributions.Normal; print('retrograd.distributions' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.path.join(
                             os.path.dirname(__file__), "..", "src")}, check=True)
    assert out.stdout.split() == ["False", "True"]


# --- the ops the distributions are built from --------------------------------------------
POSITIVE = [0.3, 1.0, 2.5, 7.0, 12.5]
OPS = {
    "lgamma": (lambda x: torch.lgamma(x), [POSITIVE + [-0.7, -2.5]]),
    "digamma": (lambda x: torch.digamma(x), [POSITIVE + [-0.7, -2.5]]),
    "polygamma1": (lambda x: torch.polygamma(1, x), [POSITIVE + [-0.7]]),
    "polygamma2": (lambda x: torch.polygamma(2, x), [POSITIVE]),
    "xlogy": (lambda x, y: torch.xlogy(x, y), [[0.5, 1.0, 2.0], [0.3, 2.0, 4.0]]),
    "erfinv": (lambda x: torch.erfinv(x), [[-0.9, -0.2, 0.0, 0.5, 0.95]]),
    "igamma": (lambda x: torch.igamma(torch.tensor([0.3, 1.0, 2.5, 9.0, 6.0],
                                                   dtype=torch.float64), x),
               [[0.2, 1.5, 2.5, 12.0, 3.0]]),
    "cholesky": (lambda a: torch.linalg.cholesky(a @ a.mT + torch.eye(3, dtype=torch.float64)),
                 [[[1.0, 0.2, 0.1], [0.4, 0.8, -0.3], [0.0, 0.5, 1.1]]]),
    "cholesky_upper": (lambda a: torch.linalg.cholesky(
        a @ a.mT + torch.eye(2, dtype=torch.float64), upper=True), [[[1.0, 0.2], [0.4, 0.8]]]),
    "solve_triangular": (lambda a, b: torch.linalg.solve_triangular(
        a.tril() + 2 * torch.eye(3, dtype=torch.float64), b, upper=False),
        [np.arange(9.0).reshape(3, 3) / 9, np.arange(6.0).reshape(3, 2) / 6]),
    "solve_triangular_right_upper": (lambda a, b: torch.linalg.solve_triangular(
        a.triu() + 2 * torch.eye(3, dtype=torch.float64), b, upper=True, left=False),
        [np.arange(9.0).reshape(3, 3) / 9, np.arange(6.0).reshape(2, 3) / 6]),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_op_gradients(name):
    fn, args = OPS[name]
    check_grad(fn, *args)


@pytest.mark.parametrize("name", sorted(OPS))
def test_ops_against_pytorch(name):
    real = pytest.importorskip("torch")
    fn, args = OPS[name]
    ours = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in args]
    theirs = [real.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in args]
    rng = np.random.default_rng(0)
    mine = fn(*ours)
    w = rng.standard_normal(tuple(mine.shape))
    with _as_torch(real):
        ref = fn(*theirs)
    np.testing.assert_allclose(mine.detach().numpy(), ref.detach().numpy(), rtol=1e-12,
                               atol=1e-14)
    assert type(mine.grad_fn).__name__ == type(ref.grad_fn).__name__
    g_mine = torch.autograd.grad((mine * torch.tensor(w)).sum(), ours)
    g_ref = real.autograd.grad((ref * real.tensor(w)).sum(), theirs)
    for a, b in zip(g_mine, g_ref):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-12)


class _as_torch:
    """Run an OPS lambda (written against the name `torch`) with PyTorch in its place."""

    def __init__(self, real):
        self.real = real

    def __enter__(self):
        globals()["torch"] = self.real

    def __exit__(self, *exc):
        globals()["torch"] = sys.modules["retrograd"]


def test_float32_special_functions_against_pytorch():
    """float32 digamma and trigamma run PyTorch's float32 algorithms: equal bit for bit but
    where glibc's logf is not log rounded to float (a few in ten thousand); lgamma, computed
    in double, is within rounding."""
    real = pytest.importorskip("torch")
    x = np.random.default_rng(0).uniform(-6, 30, 5000).astype(np.float32)
    for name, ours, ref, rate in [
            ("digamma", torch.digamma, real.digamma, 0.002),
            ("trigamma", lambda t: torch.polygamma(1, t), lambda t: real.polygamma(1, t), 0.02)]:
        a, b = ours(torch.tensor(x)).numpy(), ref(real.tensor(x)).numpy()
        assert np.mean(a != b) < rate, name
        np.testing.assert_allclose(a, b, rtol=1e-5)
    pos = np.abs(x) + 0.05
    np.testing.assert_allclose(torch.lgamma(torch.tensor(pos)).numpy(),
                               real.lgamma(real.tensor(pos)).numpy(), rtol=2e-6, atol=2e-6)


def test_igamma_has_no_derivative_in_its_first_argument():
    a = torch.tensor([1.5], requires_grad=True)
    with pytest.raises(NotImplementedError,
                       match="^the derivative for 'igamma: input' is not implemented.$"):
        torch.autograd.grad(torch.igamma(a, torch.tensor([2.0])).sum(), a)


def test_cholesky_of_a_matrix_that_is_not_positive_definite():
    with pytest.raises(torch.linalg.LinAlgError,
                       match=r"^linalg.cholesky: \(Batch element 1\): The factorization could "
                             r"not be completed because the input is not positive-definite "
                             r"\(the leading minor of order 2 is not positive-definite\).$"):
        torch.linalg.cholesky(torch.tensor([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 1.0]]]))
