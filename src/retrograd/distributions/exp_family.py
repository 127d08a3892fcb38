"""ExponentialFamily: the base of distributions whose density is
p(x) = exp(<t(x), theta> - F(theta) + k(x)), with natural parameters theta, log normalizer F
and carrier measure k. Entropy and KL divergence follow from F's gradient (a Bregman
divergence), computed here with autograd."""
from ..autograd import grad
from .distribution import Distribution
from .utils import _sum_rightmost

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    @property
    def _natural_params(self):
        raise NotImplementedError

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self):
        raise NotImplementedError

    def _normalizer_and_gradients(self):
        nparams = [p.detach().requires_grad_() for p in self._natural_params]
        lg_normal = self._log_normalizer(*nparams)
        gradients = grad(lg_normal.sum(), nparams, create_graph=True)
        return nparams, lg_normal, gradients

    def entropy(self):
        """H = F(theta) - <theta, grad F(theta)> - E[k(x)]."""
        nparams, lg_normal, gradients = self._normalizer_and_gradients()
        result = lg_normal - self._mean_carrier_measure
        for p, g in zip(nparams, gradients):
            result = result - (p * g).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result


def _kl_expfamily_expfamily(p, q):
    """KL(p || q) within one family: the Bregman divergence of the log normalizer."""
    if type(p) is not type(q):
        raise NotImplementedError("The cross KL-divergence between different exponential "
                                  "families cannot                             be computed "
                                  "using Bregman divergences")
    p_nparams, lg_normal, gradients = p._normalizer_and_gradients()
    result = q._log_normalizer(*q._natural_params) - lg_normal
    for pnp, qnp, g in zip(p_nparams, q._natural_params, gradients):
        result = result - _sum_rightmost((qnp - pnp) * g, len(q.event_shape))
    return result
