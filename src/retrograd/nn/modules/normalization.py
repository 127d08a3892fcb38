"""LayerNorm and BatchNorm1d/2d."""
import numbers

from ... import _dtype, _factories
from .. import functional as F, init
from ..parameter import Parameter, UninitializedBuffer, UninitializedParameter, is_lazy
from .module import Module


class LayerNorm(Module):
    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True,
                 device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self.register_parameter("weight", None)
        self.register_parameter("bias", None)
        if elementwise_affine:
            self.weight = Parameter(_factories.empty(self.normalized_shape, dtype=dtype))
            if bias:
                self.bias = Parameter(_factories.empty(self.normalized_shape, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class _BatchNorm(Module):
    _dims = None   # the input dims a subclass accepts

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True,
                 track_running_stats=True, device=None, dtype=None, lazy=False):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self.register_parameter("weight", None)
        self.register_parameter("bias", None)
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            self.register_buffer(name, None)
        if lazy:    # num_features comes from the first input (see _materialize)
            self._lazy_dtype = dtype
            if affine:
                self.weight, self.bias = UninitializedParameter(), UninitializedParameter()
            if track_running_stats:
                self.running_mean, self.running_var = UninitializedBuffer(), UninitializedBuffer()
        else:
            if affine:    # made empty, then filled in place, as PyTorch's constructor does
                self.weight = init.ones_(Parameter(_factories.empty(num_features, dtype=dtype)))
                self.bias = init.zeros_(Parameter(_factories.empty(num_features, dtype=dtype)))
            if track_running_stats:
                self.running_mean = _factories.zeros(num_features, dtype=dtype)
                self.running_var = _factories.ones(num_features, dtype=dtype)
        if track_running_stats:
            self.num_batches_tracked = _factories.tensor(0, dtype=_dtype.int64)
            if not lazy:   # filled in place, as PyTorch's constructor does (version 1)
                self.reset_running_stats()

    def _materialize(self, input):
        """Lazy modules: create the parameters and statistics for this input's channels."""
        dtype = self._lazy_dtype
        del self._lazy_dtype
        own = [t for t in (self.weight, self.bias, self.running_mean, self.running_var)
               if t is not None]
        if own and not any(is_lazy(t) for t in own):   # loaded from a state dict: PyTorch
            return                                     # leaves num_features at 0 then
        self.num_features = input.shape[1]
        for t in own:
            t.materialize((self.num_features,), dtype)
        if self.affine:
            init.ones_(self.weight)
            init.zeros_(self.bias)
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)

    def reset_running_stats(self):
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            init.zeros_(self.num_batches_tracked)

    def forward(self, input):
        if input.dim() not in self._dims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self._dims)} input "
                             f"(got {input.dim()}D input)")
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:   # cumulative moving average
                momentum = 1.0 / float(self.num_batches_tracked.item())
        use_batch_stats = self.training or self.running_mean is None
        track = self.running_mean if not self.training or self.track_running_stats else None
        return F.batch_norm(input, track, self.running_var if track is not None else None,
                            self.weight, self.bias, use_batch_stats, momentum, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    _dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    _dims = (4,)


class LazyBatchNorm1d(BatchNorm1d):
    """BatchNorm1d whose num_features is read from the first input."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None):
        super().__init__(0, eps, momentum, affine, track_running_stats, dtype=dtype, lazy=True)

    def forward(self, input):
        self._materialize(input)
        self.__class__ = BatchNorm1d
        return BatchNorm1d.forward(self, input)


class LazyBatchNorm2d(BatchNorm2d):
    """BatchNorm2d whose num_features is read from the first input."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None):
        super().__init__(0, eps, momentum, affine, track_running_stats, dtype=dtype, lazy=True)

    def forward(self, input):
        self._materialize(input)
        self.__class__ = BatchNorm2d
        return BatchNorm2d.forward(self, input)
