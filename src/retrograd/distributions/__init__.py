"""torch.distributions: probability distributions with PyTorch's API and random streams.

    d = Normal(torch.tensor([0.0]), torch.tensor([1.0]))
    x = d.rsample((5,))              # gradients flow into loc and scale
    d.log_prob(x), d.entropy(), kl_divergence(d, Normal(1.0, 2.0))

After `manual_seed`, `sample` and `rsample` draw exactly PyTorch's numbers.
"""
from . import constraints
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .dirichlet import Dirichlet
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .gamma import Gamma
from .independent import Independent
from .kl import kl_divergence, register_kl
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .poisson import Poisson
from .uniform import Uniform

__all__ = ["Bernoulli", "Beta", "Binomial", "Categorical", "Dirichlet", "Distribution",
           "Exponential", "ExponentialFamily", "Gamma", "Independent", "Multinomial",
           "MultivariateNormal", "Normal", "OneHotCategorical", "Poisson", "Uniform",
           "constraints", "kl_divergence", "register_kl"]

from .. import _docs  # noqa: E402

_docs.document_package("distributions")
