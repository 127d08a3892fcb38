"""Special functions: lgamma, digamma, polygamma, xlogy, and the gamma sampler's op.

The gamma family is what probability densities are made of (Gamma, Beta, Dirichlet,
Multinomial). Each derivative is the next function of the family, so gradients of any
order come from the same entries: d lgamma = digamma, d digamma = polygamma(1, .), ...
"""
import math

import numpy as np

from . import _op
from ._op import Op, apply_inplace, inplace, math_function, method, promote_float
from .pointwise import unary

__all__ = ["lgamma", "digamma", "polygamma", "xlogy", "erfinv", "igamma"]


def _per_element(fn):
    """A float function of Python floats, applied element by element (libm's precision)."""
    def forward(x):
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
        if x.size == 0:
            return x.astype(dtype)
        return np.array([fn(v) for v in x.ravel().tolist()], np.float64).astype(
            dtype).reshape(x.shape)
    return forward


def _lgamma_one(v):
    try:
        return math.lgamma(v)
    except (ValueError, OverflowError):  # a pole (0, -1, -2, ...) or past the largest float
        return math.inf


_PSI_10 = 2.25175258906672110764        # digamma(10)
_DIGAMMA_ASYMPTOTIC = (8.33333333333333333333E-2, -2.10927960927960927961E-2,
                       7.57575757575757575758E-3, -4.16666666666666666667E-3,
                       3.96825396825396825397E-3, -8.33333333333333333333E-3,
                       8.33333333333333333333E-2)


def _digamma_one(x):
    """digamma by reflection (x < 0), recurrence up to x >= 10 and the asymptotic series."""
    if x == 0:
        return math.copysign(math.inf, -x)
    if math.isnan(x) or x == -math.inf:
        return math.nan
    extra = 0.0
    if x < 0:
        if x == math.floor(x):
            return math.nan
        extra = -math.pi / math.tan(math.pi * x)
        x = 1 - x
    result = 0.0
    while x < 10:
        result -= 1 / x
        x += 1
    if x == 10:
        return result + _PSI_10 + extra
    y = 0.0
    if x < 1e17:
        z = 1.0 / (x * x)
        poly = 0.0
        for a in _DIGAMMA_ASYMPTOTIC:
            poly = poly * z + a
        y = z * poly
    return result + math.log(x) - 0.5 / x - y + extra


# --- digamma and polygamma on arrays, as ATen computes them (aten/src/ATen/native/Math.h):
# the same steps in the input's precision, with IEEE inf and nan where a step divides by zero
# or overflows (float16 in float32, rounded once, as PyTorch does)
def _in_own_precision(fn):
    def forward(x, *args):
        x = np.asarray(x)                 # a plain backward's 0-dim values are scalars
        if x.dtype in (np.float32, np.float64):
            with np.errstate(all="ignore"):
                return fn(x, *args)
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
        return forward(x.astype(np.float32), *args).astype(dtype)
    return forward


def _libm(fn, x):
    """A float64 libm function for x's precision: float32 rounds the double result once
    (as close to sinf, logf, ... as float32 can tell)."""
    return fn(x.astype(np.float64)).astype(x.dtype)


def _digamma_positive(x):
    """digamma for x > 0 (and +inf, nan): recurrence up to x >= 10, then the asymptotic
    series."""
    t = x.dtype.type
    x, result = x.copy(), np.zeros_like(x)
    small = x < 10
    while small.any():
        result[small] -= t(1) / x[small]
        x[small] += t(1)
        small = x < 10
    z = t(1) / (x * x)
    poly = np.zeros_like(x)
    for a in _DIGAMMA_ASYMPTOTIC:
        poly = poly * z + t(a)
    y = np.where(x < t(1e17), z * poly, t(0))
    out = result + _libm(np.log, x) - t(0.5) / x - y
    return np.where(x == 10, result + t(_PSI_10), out)


@_in_own_precision
def _digamma_array(x):
    """ATen's calc_digamma: +-inf at +-0, nan at negative integers and -inf, reflection
    psi(x) = psi(1 - x) - pi / tan(pi * frac(x)) below 0."""
    out = np.empty_like(x)
    negative, whole = x < 0, x == np.trunc(x)
    reflect = negative & ~whole
    out[~negative] = _digamma_positive(x[~negative])
    frac = np.modf(x[reflect].astype(np.float64))[0]
    out[reflect] = (_digamma_positive(1 - x[reflect])
                    - (math.pi / np.tan(math.pi * frac)).astype(x.dtype))
    out[negative & whole] = np.nan
    zero = x == 0
    out[zero] = np.copysign(np.inf, -x[zero])
    return out


@_in_own_precision
def _trigamma_array(x):
    """ATen's trigamma: reflection below 1/2, six steps of the recurrence, then the
    asymptotic series."""
    t = x.dtype.type
    x, sign, result = x.copy(), np.ones_like(x), np.zeros_like(x)
    low = x < t(0.5)
    pi = t(math.pi)
    sin_pi_x = _libm(np.sin, pi * x[low])
    result[low] -= pi * pi / (sin_pi_x * sin_pi_x)
    sign[low] = -1
    x[low] = 1 - x[low]
    for _ in range(6):
        result += t(1) / (x * x)
        x += t(1)
    ixx = t(1) / (x * x)
    result += (1 + 1 / (2 * x) + ixx * (t(1 / 6) - ixx * (t(1 / 30) - ixx * t(1 / 42)))) / x
    return sign * result


# Cephes' Euler-Maclaurin coefficients for the Hurwitz zeta function's tail
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
           7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
           -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18)
_MACHEP = 1.11022302462515654042E-16


def _zeta_array(s, q, acc):
    """ATen's zeta(s, q) = sum_k (q + k)^-s for an integer s > 1, summed in `acc` (its
    first term in q's precision): direct terms, at least 9 and on until q + k > 9, stopping
    where one no longer changes the sum; then the Euler-Maclaurin tail."""
    shape, first = q.shape, np.power(q.reshape(-1), q.dtype.type(-s))
    q, machep = q.reshape(-1).astype(acc), acc(_MACHEP)
    total, a, b = first.astype(acc), q.copy(), np.zeros_like(q)
    pole = (q <= 0) & (q == np.floor(q))       # 0, -1, ..., -inf: inf, nothing summed
    steps = np.where(q < 0, np.floor(9 - q) + 1, 9)
    tail = np.zeros(q.shape, bool)
    for n in np.unique(steps[~pole]):
        rows = np.flatnonzero(~pole & (steps == n))
        ones = np.ones((rows.size, int(n)), acc)
        # a += 1 and total += b, one step at a time (accumulate adds in order)
        ak = np.add.accumulate(np.column_stack([q[rows], ones]), axis=1)[:, 1:]
        bk = ak ** -s
        sums = np.add.accumulate(np.column_stack([total[rows], bk]), axis=1)[:, 1:]
        small = (-machep * sums < bk) & (bk < machep * sums)
        stop = np.where(small.any(axis=1), small.argmax(axis=1), int(n) - 1)
        picked = np.arange(rows.size), stop
        total[rows], a[rows], b[rows] = sums[picked], ak[picked], bk[picked]
        tail[rows] = ~small.any(axis=1)
    rest = np.flatnonzero(tail)
    w = a[rest]
    total[rest] += b[rest] * w / (s - 1)
    total[rest] -= 0.5 * b[rest]
    rising, k = acc(1), 0
    for coef in _ZETA_A:
        if not rest.size:
            break
        rising *= acc(s + k)
        b[rest] /= w
        term = rising * b[rest] / acc(coef)
        total[rest] += term
        going = ~(np.abs(term / total[rest]) < machep)
        rest, w = rest[going], w[going]
        b[rest] /= w
        rising *= acc(s + k + 1)
        k += 2
    total[pole] = np.inf
    return total.astype(first.dtype).reshape(shape)


def _polygamma_array(x, n):
    """ATen's polygamma for n >= 2: (-1)^(n+1) exp(lgamma(n + 1)) zeta(n + 1, x), zeta
    summed in double; float16's in float32, rounded to float16, the product in float32."""
    sign, x = 1 if n % 2 else -1, np.asarray(x)
    with np.errstate(all="ignore"):
        if x.dtype in (np.float32, np.float64):
            t = x.dtype.type
            return t(sign) * np.exp(t(math.lgamma(n + 1))) * _zeta_array(n + 1.0, x, np.float64)
        zeta = _zeta_array(n + 1.0, x.astype(np.float32), np.float32).astype(x.dtype)
        factor = np.float32(sign) * np.exp(np.float32(math.lgamma(n + 1)))
        return (factor * zeta.astype(np.float32)).astype(x.dtype)


def _polygamma_forward(x, n):
    if n == 0:
        return _digamma_array(x)
    if n == 1:
        return _trigamma_array(x)
    return _polygamma_array(x, n)


lgamma = unary("LgammaBackward0", _per_element(_lgamma_one), lambda g, x, m: g * m.digamma(x),
               promote_float, "lgamma")
digamma = unary("DigammaBackward0", _digamma_array,
                lambda g, x, m: g * m.polygamma(1, x), promote_float, "digamma")
_polygamma = Op("PolygammaBackward0", _polygamma_forward,
                lambda g, x, n, m: g * m.polygamma(n + 1, x), inputs="x", dtype=promote_float)


def polygamma(n, input):
    """torch.polygamma(n, input): the n-th derivative of digamma."""
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return _polygamma(input, n=int(n))


method(lambda input, n: polygamma(n, input), "polygamma")
method(lambda self, n: apply_inplace(_polygamma, "polygamma_", self, n=int(n)), "polygamma_")
math_function(_digamma_array, digamma, "digamma")
# `m.polygamma(n, x)` in the order of torch.polygamma
math_function(lambda n, x: _polygamma_forward(x, n), lambda n, x: _polygamma(x, n=n),
              "polygamma")


def _xlogy_forward(x, y):
    # a Python number takes the tensor's dtype (np.log of a float alone would be float64)
    dtype = np.result_type(x, y)
    x, y = np.asarray(x, dtype), np.asarray(y, dtype)
    with np.errstate(all="ignore"):
        out = x * np.log(y)
    return np.where((x == 0) & ~np.isnan(y), np.zeros_like(out), out)


def _xlogy_grad_x(g, x, y, m):
    # derivatives.yaml: log(y) also at x == 0, except where y <= 0 (xlogy's value is 0 there)
    grad = m.xlogy(g, y)
    return m.where((x == 0) & (y <= 0), m.zeros_like(grad), grad)


def _xlogy_op(node):
    return Op(node, _xlogy_forward, _xlogy_grad_x, lambda g, x, y: g * x / y,
              dtype=promote_float)


# the node says which operand is a number: XlogyBackward1 the first, XlogyBackward2 the second
_xlogy, _xlogy_number_self, _xlogy_number_other = (_xlogy_op(f"XlogyBackward{k}")
                                                   for k in range(3))


def _pick_xlogy(input, other):
    if not isinstance(input, _op.Tensor):
        return _xlogy_number_self
    return _xlogy if isinstance(other, _op.Tensor) else _xlogy_number_other


@method
def xlogy(input, other):
    """x * log(y), and 0 where x == 0 (unless y is nan)."""
    return _pick_xlogy(input, other)(input, other)


@method
def xlogy_(input, other):
    return apply_inplace(_pick_xlogy(input, other), "xlogy_", input, other)


math_function(_xlogy_forward, xlogy, "xlogy")


# --- the gamma sampler: an op, so that rsample's gradient flows into alpha -----------------
def _standard_gamma_grad_one(alpha, x):
    """d sample / d alpha for a standard Gamma(alpha) sample x (ATen's approximations):
    -(d/dalpha cdf(x; alpha)) / pdf(x; alpha), by a series for small x, Rice's saddle point
    expansion for large alpha, else a fitted rational function."""
    if x < 0.8:
        numer, denom = 1.0, alpha
        series1, series2 = numer / denom, numer / (denom * denom)
        for i in range(1, 6):
            numer *= -x / i
            denom += 1
            series1 += numer / denom
            series2 += numer / (denom * denom)
        pow_x_alpha = math.pow(x, alpha)
        pdf = math.pow(x, alpha - 1) * math.exp(-x)
        cdf = pow_x_alpha * series1
        cdf_alpha = (math.log(x) - _digamma_one(alpha)) * cdf - pow_x_alpha * series2
        result = -cdf_alpha / pdf
        return 0.0 if math.isnan(result) else result
    if alpha > 8.0:
        if 0.9 * alpha <= x <= 1.1 * alpha:
            numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
            numer_2 = (1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha
                       + alpha * (107 + 3600 * x))
            return numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
        denom = math.sqrt(8 * alpha)
        term2 = denom / (alpha - x)
        term3 = math.pow(x - alpha - alpha * math.log(x / alpha), -1.5)
        term23 = term2 - term3 if x < alpha else term2 + term3
        term1 = (math.log(x / alpha) * term23
                 - math.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x)))
        stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
        return -stirling * x * term1 / denom
    u, v = math.log(x / alpha), math.log(alpha)
    coef_v = [c0 + u * (c1 + u * c2) for c0, c1, c2 in zip(*_GAMMA_GRAD_COEF)]
    p = coef_v[0] + v * (coef_v[1] + v * (coef_v[2] + v * coef_v[3]))
    q = coef_v[4] + v * (coef_v[5] + v * (coef_v[6] + v * coef_v[7]))
    return math.exp(p / q)


_GAMMA_GRAD_COEF = (
    (0.16009398, -0.094634809, 0.025146376, -0.0030648343,
     1, 0.32668115, 0.10406089, 0.0014179084),
    (0.53487893, 0.1298071, 0.065735949, -0.0015649758,
     0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
    (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777,
     0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-07))


def _standard_gamma_grad_array(alpha, x):
    alpha, x = np.broadcast_arrays(alpha, x)
    out = [_standard_gamma_grad_one(a, v) for a, v in zip(alpha.ravel().tolist(),
                                                           x.ravel().tolist())]
    return np.array(out, np.float64).astype(x.dtype).reshape(x.shape)


def _no_standard_gamma_grad_derivative(g, m):
    raise NotImplementedError("the derivative for '_standard_gamma_grad' is not implemented.")


# recorded under create_graph, so that a second derivative fails as PyTorch's does
# (the sample itself is not differentiable here: it only locates the gradient)
_standard_gamma_grad_op = Op("StandardGammaGradBackward0", _standard_gamma_grad_array,
                             _no_standard_gamma_grad_derivative, lambda g, m: 0 * g,
                             dtype=None)
math_function(_standard_gamma_grad_array, lambda a, x: _standard_gamma_grad_op(a, x),
              "standard_gamma_grad")


def _standard_gamma_forward(x, generator):
    return generator.standard_gamma(x)


_standard_gamma_op = Op("StandardGammaBackward0", _standard_gamma_forward,
                        lambda g, x, out, m: g * m.standard_gamma_grad(x, out), inputs="x",
                        dtype=None)


def _standard_gamma(input, generator=None):
    """torch._standard_gamma(alpha): Gamma(alpha, 1) samples, differentiable in alpha."""
    from ..random import default_generator
    return _standard_gamma_op(input, generator=generator or default_generator)


def _standard_gamma_grad(input, output):
    """torch._standard_gamma_grad(alpha, sample): d sample / d alpha."""
    return _standard_gamma_grad_op(input, output.detach())


def _sample_dirichlet(input, generator=None):
    """torch._sample_dirichlet(alpha): Dirichlet samples along the last dimension."""
    from .._tensor import Tensor
    from ..random import default_generator
    return Tensor._make((generator or default_generator).dirichlet(input._data))



# --- erfinv ---------------------------------------------------------------------------------
def _erfinv_one(y):
    """The inverse error function: Giles' single-precision start, refined by Newton steps on
    math.erf to double precision."""
    if not -1 <= y <= 1:
        return math.nan
    if abs(y) == 1:
        return math.copysign(math.inf, y)
    w = -math.log((1 - y) * (1 + y))
    if w < 5:
        w -= 2.5
        p = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                  -0.00125372503, -0.00417768164, 0.246640727, 1.50140941):
            p = c + p * w
    else:
        w = math.sqrt(w) - 3
        p = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                  -0.0076224613, 0.00943887047, 1.00167406, 2.83297682):
            p = c + p * w
    x = p * y
    for _ in range(3):          # Newton on erf(x) - y; erf' = 2/sqrt(pi) exp(-x^2)
        err = math.erf(x) - y
        x -= err / (2 / math.sqrt(math.pi) * math.exp(-x * x))
    return x


# derivatives.yaml recomputes erfinv from the input (the output is not saved, so writing
# into it in place is allowed)
erfinv = unary("ErfinvBackward0", _per_element(_erfinv_one),
               lambda g, x, m: 0.5 * math.sqrt(math.pi) * m.exp(m.pow(m.erfinv(x), 2)) * g,
               promote_float, "erfinv")
math_function(_per_element(_erfinv_one), erfinv, "erfinv")


# --- the Dirichlet sampler's reparameterisation gradient ----------------------------------
def _beta_grad_alpha_small(x, alpha, beta):
    """d x / d alpha for x ~ Beta(alpha, beta) near 0: a Taylor series in x."""
    factor = _digamma_one(alpha) - _digamma_one(alpha + beta) - math.log(x)
    numer = 1.0
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        numer *= (i - beta) * x / i
        denom = alpha + i
        series += numer / denom * (factor + 1 / denom)
    result = x * math.pow(1 - x, -beta) * series
    return 0.0 if math.isnan(result) else result


def _beta_grad_beta_small(x, alpha, beta):
    """d x / d beta for x ~ Beta(alpha, beta) near 0: a Taylor series in x."""
    factor = _digamma_one(alpha + beta) - _digamma_one(beta)
    numer, betas, dbetas, series = 1.0, 1.0, 0.0, factor / alpha
    for i in range(1, 9):
        numer *= -x / i
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series += numer / (alpha + i) * (dbetas + factor * betas)
    result = -math.pow(1 - x, 1 - beta) * series
    return 0.0 if math.isnan(result) else result


def _beta_grad_alpha_mid(x, alpha, beta):
    """d x / d alpha for large alpha and beta: Rice's saddle point expansion."""
    total = alpha + beta
    mean = alpha / total
    std = math.sqrt(alpha * beta / (total + 1)) / total
    if mean - 0.1 * std <= x <= mean + 0.1 * std:        # around the singularity at the mean
        poly = 47 * x * (beta * beta) * (beta * beta) + alpha * (
            (43 + 20 * (16 + 27 * beta) * x) * (beta * beta) * beta + alpha * (
                3 * (59 + 180 * beta - 90 * x) * (beta * beta) + alpha * (
                    (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                        8 * (1 - x) * (135 * beta - 11)))))
        prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
        prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)
        return prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / math.sqrt(2 * alpha * beta / total)
    stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha))
                * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta)
    axbx = alpha * (x - 1) + beta * x
    term1_den = math.sqrt(2 * alpha / beta) * math.pow(total, 1.5) * axbx * axbx
    term2 = 0.5 * math.log(alpha / (total * x))
    term3 = math.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4 = math.pow(beta * math.log(beta / (total * (1 - x)))
                     + alpha * math.log(alpha / (total * x)), -1.5)
    term1234 = term1_num / term1_den + term2 * (term3 + (term4 if x < mean else -term4))
    return stirling * prefactor * term1234


_DIRICHLET_GRAD_COEF = (
    (((1.003668233, -0.01061107488, -0.0657888334, 0.01201642863),
      (0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033),
      (-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013)),
     ((0.221950385, -0.3187676331, 0.01799915743, 0.01074823814),
      (-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057),
      (0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05)),
     ((-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565),
      (0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181),
      (0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05))),
    (((1, -0.02924021934, -0.04438342661, 0.007285809825),
      (0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521),
      (-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149)),
     ((0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273),
      (0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956),
      (-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05)),
     ((0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05),
      (0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05),
      (-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06))))


def _dirichlet_grad_one(x, alpha, total):
    """-(d/dalpha cdf(x; alpha, total - alpha)) / pdf / (1 - x) for x ~ Beta(alpha,
    total - alpha), by ATen's approximations: series near 0 and 1, a saddle point expansion
    for large parameters, else a fitted rational correction of an analytic estimate."""
    beta = total - alpha
    boundary = total * x * (1 - x)
    if x <= 0.5 and boundary < 2.5:
        return _beta_grad_alpha_small(x, alpha, beta)
    if x >= 0.5 and boundary < 0.75:
        return -_beta_grad_beta_small(1 - x, beta, alpha)
    if alpha > 6 and beta > 6:
        return _beta_grad_alpha_mid(x, alpha, beta)
    u = math.log(x)
    a = math.log(alpha) - u
    b = math.log(total) - a
    p = q = 0.0
    for i, pu in enumerate((1.0, u, u * u)):
        for j, pa in enumerate((1.0, a, a * a)):
            cp, cq = _DIRICHLET_GRAD_COEF[0][i][j], _DIRICHLET_GRAD_COEF[1][i][j]
            p += pu * pa * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])))
            q += pu * pa * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])))
    approx = x * (_digamma_one(total) - _digamma_one(alpha)) / beta
    return p / q * approx


def _dirichlet_grad(x, alpha, total):
    """torch._dirichlet_grad(x, alpha, total), element by element (no derivative of its own,
    as in PyTorch)."""
    from .._tensor import Tensor
    xs, als, ts = np.broadcast_arrays(x._data, alpha._data, total._data)
    out = [_dirichlet_grad_one(*v) for v in zip(xs.ravel().tolist(), als.ravel().tolist(),
                                                ts.ravel().tolist())]
    return Tensor._make(np.array(out, np.float64).astype(x._data.dtype).reshape(xs.shape))


# --- igamma: the regularised lower incomplete gamma function -------------------------------
def _igamma_one(a, x):
    """P(a, x) = (1/Gamma(a)) * integral_0^x t^(a-1) e^-t dt: its power series below
    x = a + 1, else 1 - Q(a, x) with Q from Lentz's continued fraction."""
    if math.isnan(a) or math.isnan(x) or a < 0 or x < 0:
        return math.nan
    if x == 0:
        return 0.0 if a > 0 else math.nan
    if a == 0 or x == math.inf:
        return 1.0
    if a == math.inf:
        return 0.0
    log_prefactor = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-17:
            n += 1
            term *= x / n
            total += term
        return min(1.0, total * math.exp(log_prefactor))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return 1.0 - math.exp(log_prefactor) * h


def _igamma_forward(a, x):
    a, x = np.broadcast_arrays(a, x)
    out = [_igamma_one(u, v) for u, v in zip(a.ravel().tolist(), x.ravel().tolist())]
    dtype = np.result_type(a.dtype, x.dtype)
    return np.array(out, np.float64).astype(dtype).reshape(a.shape)


def _igamma_grad_a(g, m):
    raise NotImplementedError("the derivative for 'igamma: input' is not implemented.")


def _igamma_grad_x(g, x, y, m):
    # d/dx P(a, x) = x^(a-1) e^-x / Gamma(a)
    return g * m.exp((x - 1) * m.log(y) - y - m.lgamma(x))


math_function(_per_element(_lgamma_one), lgamma, "lgamma")
_igamma = Op("IgammaBackward0", _igamma_forward, _igamma_grad_a, _igamma_grad_x,
             dtype=promote_float)


@method
def igamma(input, other):
    """The regularised lower incomplete gamma function P(input, other)."""
    return _igamma(input, other)


inplace(_igamma, "igamma_")
