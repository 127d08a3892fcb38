"""torch.nn.functional: activations, losses, linear, convolution, pooling, normalisation.

Every differentiable function here is an op-table entry (`ops._op.Op`): a forward on arrays
and one derivative per input, written with operators and `m.*` so that the same formula
runs on arrays (plain backward) and on tensors (`create_graph=True`). Node names are
PyTorch's (`SoftmaxBackward0`, `NllLossBackward0`, `ConvolutionBackward0`, ...). Functions
that PyTorch itself composes from smaller ops (`l1_loss`, label smoothing, ...) are
composed here the same way, so their graphs look the same.
"""
import math
import numbers
import warnings

import numpy as np

from .. import _args, _parallel, ops
from .._tensor import Tensor, _wrap_dim
from ..ops._op import ArrayMath as _ARRAY_MATH, Op, math_function, method
from ..ops.linalg import addmm_check
from ..ops.pointwise import erf as _erf_op, sigmoid, tanh, relu as _relu_op
from ..random import default_generator


def _quiet(fn):
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    quiet.__wrapped__ = fn   # the docs read the formula it runs
    return quiet


def _wrap_tensor(a):
    return Tensor._make(np.asarray(a))


# m.* helpers: `nn_raw` gives the array under a value, `nn_const` a constant in m's form
math_function(lambda a: a, lambda t: t._data, "nn_raw")
math_function(lambda a: a, _wrap_tensor, "nn_const")
math_function(_quiet(lambda x: 1 / (1 + np.exp(-x))), sigmoid, "nn_sigmoid")
math_function(np.tanh, tanh, "nn_tanh")
math_function(lambda x, lo, hi: np.clip(x, lo, hi),
              lambda x, lo, hi: ops.clamp(x, min=lo, max=hi), "nn_clamp")


def _erf_array(x):
    return np.vectorize(math.erf, otypes=[x.dtype])(x) if x.size else x.copy()


math_function(_erf_array, _erf_op, "nn_erf")


def _dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduce(loss, reduction):
    """The forward's reduction of an elementwise loss array."""
    if reduction == "mean":
        return np.mean(loss)
    if reduction == "sum":
        return np.sum(loss)
    return loss


def _grad_scale(g, reduction, n):
    """The incoming gradient of a reduced loss, as the scale of each element's gradient."""
    return g / n if reduction == "mean" else g


# --- activations ------------------------------------------------------------------------
def relu(input, inplace=False):
    if not isinstance(input, Tensor):
        raise TypeError(f"relu(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return input.relu_() if inplace else _relu_op(input)


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0)


def _softmax_forward(x, dim):
    if not x.size:      # NumPy's max has nothing to reduce
        return x.copy()
    e = np.exp(x - np.max(x, axis=dim, keepdims=True))
    return e / np.sum(e, axis=dim, keepdims=True)


def _log_softmax_forward(x, dim):
    if not x.size:
        return x.copy()
    shifted = x - np.max(x, axis=dim, keepdims=True)
    with np.errstate(divide="ignore"):
        return shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))


_softmax = Op("SoftmaxBackward0", _softmax_forward,
              lambda g, out, dim, m: out * (g - m.sum_keepdim(g * out, (dim,))),
              inputs="x", dtype=None)
_log_softmax = Op("LogSoftmaxBackward0", _log_softmax_forward,
                  lambda g, out, dim, m: g - m.exp(out) * m.sum_keepdim(g, (dim,)),
                  inputs="x", dtype=None)


def _softmax_dim(ndim, name="softmax"):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(input, dim, dtype, name):
    if dim is not None and not _args.is_int(dim) or not _args.is_dtype(dtype):
        _args.reject_bound(name, (input,), {"dim": dim}, {"dtype": dtype})
    if dim is None:
        dim = _softmax_dim(input.dim(), name)
    if dtype is not None:
        input = input.to(_args.dtype(dtype, name))
    dim = _dim(dim, input.dim())      # the dim is checked first, then the kernel's dtype
    last = "_lastdim" if dim == max(input.dim() - 1, 0) else ""
    if input.numel():                 # no elements: the kernel never runs
        _float_kernel(input, f"{name}{last}_kernel_impl")
    return input, dim


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    input, dim = _softmax_input(input, dim, dtype, "softmax")
    return _softmax(input, dim=dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    input, dim = _softmax_input(input, dim, dtype, "log_softmax")
    return _log_softmax(input, dim=dim)


# log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), ATen's form (no overflow; +0 at inf); its
# derivative is sigmoid(-x), whose own derivative sigmoid's node gives as PyTorch's double
# backward does: z (z - 1) with z = sigmoid(x), 0 at +-inf
_logsigmoid = Op("LogSigmoidBackward0",
                 lambda x: np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x))),
                 lambda g, x, m: g * m.nn_sigmoid(-x), inputs="x", dtype=None)


def logsigmoid(input):
    if not input._dtype.is_floating_point:
        raise NotImplementedError(f'"log_sigmoid_cpu" not implemented for '
                                  f"'{input._dtype.scalar_name}'")
    with np.errstate(over="ignore"):
        return _logsigmoid(input)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dim is not None and not _args.is_int(dim):    # PyTorch's softmin calls the method
        _args.reject("softmax", (input, dim), method=True)
    return softmax(-input, dim, dtype=dtype)


def _gelu_forward(x, approximate):
    if approximate == "tanh":
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1 + np.tanh(inner))
    return x * 0.5 * (1 + _erf_array(x * (1 / math.sqrt(2))))


def _gelu_grad(g, x, approximate, m):
    if approximate == "tanh":
        k = math.sqrt(2 / math.pi)
        t = m.nn_tanh(k * (x + 0.044715 * x * x * x))
        return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x))
    cdf = 0.5 * (1 + m.nn_erf(x * (1 / math.sqrt(2))))
    pdf = m.exp(-0.5 * x * x) * (1 / math.sqrt(2 * math.pi))
    return g * (cdf + x * pdf)


_gelu = Op("GeluBackward0", _gelu_forward, _gelu_grad, inputs="x", dtype=None)


def _float_kernel(input, kernel):
    """PyTorch's kernels of activations and losses exist for floating types only."""
    if not input._dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{input._dtype.scalar_name}'")


def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _float_kernel(input, "GeluKernelImpl")
    return _gelu(input, approximate=approximate)


_silu = Op("SiluBackward0", _quiet(lambda x: x / (1 + np.exp(-x))),
           lambda g, x, m: g * m.nn_sigmoid(x) * (1 + x * (1 - m.nn_sigmoid(x))),
           inputs="x", dtype=None)


def _check_number(name, arg, value, position=2):
    """A number argument of an activation, as PyTorch's parser reads it."""
    if not isinstance(value, numbers.Number):
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Number, "
                        f"not {_args.type_name(value)}")


def silu(input, inplace=False):
    _float_kernel(input, "silu_cpu")
    return _silu(input)


def _softplus_forward(x, beta, threshold):
    with np.errstate(over="ignore"):
        soft = np.log1p(np.exp(x * beta)) / beta
    return np.where(x * beta > threshold, x, soft).astype(x.dtype, copy=False)


_softplus = Op("SoftplusBackward0", _softplus_forward,
               lambda g, x, beta, threshold, m: m.where(x * beta > threshold, g,
                                                        g * m.nn_sigmoid(x * beta)),
               inputs="x", dtype=None)


def softplus(input, beta=1.0, threshold=20.0):
    return _softplus(input, beta=beta, threshold=threshold)


_leaky_relu = Op("LeakyReluBackward0",
                 lambda x, slope: np.where(x > 0, x, x * slope).astype(x.dtype, copy=False),
                 lambda g, x, slope, m: m.where(x > 0, g, g * slope), inputs="x", dtype=None)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    _check_number("leaky_relu", "negative_slope", negative_slope)
    _float_kernel(input, "leaky_relu_cpu")
    return _leaky_relu(input, slope=negative_slope)


_elu = Op("EluBackward0",
          _quiet(lambda x, alpha: np.where(x > 0, x, alpha * np.expm1(x)).astype(x.dtype,
                                                                                  copy=False)),
          lambda g, x, alpha, m: _elu_grad(g, x, alpha, m), inputs="x",
          dtype=None)


def _elu_grad(g, x, alpha, m):
    """elu_backward: the exponential branch where x <= 0, so a nan passes g on; its own
    derivative is PyTorch's elu_double_backward, zero at x = 0 (exp reads min(x, 0)
    without a gradient at 0)."""
    below = m.exp(m.where(x < 0, x, m.zeros_like(x)))
    return m.where(x <= 0, g * alpha * below, g)


def elu(input, alpha=1.0, inplace=False):
    _check_number("elu", "alpha", alpha)
    _float_kernel(input, "elu_cpu")
    return _elu(input, alpha=alpha)


# x where lo <= x <= hi, so -0.0 stays -0.0 as in PyTorch (np.clip gives 0.0 on NumPy 2.0)
_hardtanh = Op("HardtanhBackward0", lambda x, lo, hi: np.where(x < lo, lo, np.where(x > hi, hi, x)),
               # hardtanh_backward: zero where x <= lo or x >= hi, so a nan passes g on
               lambda g, x, lo, hi, m: m.zero_where((x <= lo) | (x >= hi), g),
               inputs="x",
               dtype=None)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _hardtanh(input, lo=min_val, hi=max_val)


# --- linear -----------------------------------------------------------------------------
_addmm = Op("AddmmBackward0", lambda b, x, w: np.matmul(x, w) + b,
            lambda g: g, lambda g, w, m: g @ m.t(w), lambda g, x, m: m.t(x) @ g,
            inputs="b x w", dtype=None)


def linear(input, weight, bias=None):
    """input @ weight.T + bias: a 2-d input is one addmm (as in PyTorch), others go through
    a 2-d view of the input and a view of the result."""
    if input.dim() == 0 or weight.dim() == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{input.dim()}D and {weight.dim()}D")
    if bias is None:
        return ops.matmul(input, weight.t())
    if input.shape[-1] != weight.shape[-1]:
        lead = "x".join(map(str, (input.numel() // max(input.shape[-1], 1), input.shape[-1])))
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({lead} and "
                           f"{weight.shape[1]}x{weight.shape[0]})")
    flat = input if input.dim() == 2 else input.reshape(-1, input.shape[-1])
    addmm_check(bias, flat, weight.t())
    if input.dim() == 2:
        return _addmm(bias, input, weight.t())
    return _addmm(bias, flat, weight.t()).view(*input.shape[:-1], weight.shape[0])


# --- dropout ------------------------------------------------------------------------------
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _memory_order(a):
    """The axes of `a` from the slowest-varying in memory to the fastest, when `a` is a
    permutation of a contiguous block (a transpose, a permute), else None."""
    order = sorted(range(a.ndim), key=lambda d: -a.strides[d])
    return order if np.transpose(a, order).flags.c_contiguous else None


def _dropout_mask(a, keep):
    """Bernoulli(keep) / keep, drawn as PyTorch draws it: into a tensor laid out like `a`
    (empty_like keeps a permuted tensor's memory order), so a transposed input gets the
    mask of its memory order."""
    order = _memory_order(a) if a.ndim > 1 else None
    if order is None or order == sorted(order):
        mask = default_generator.bernoulli_scalar(a.shape, keep, a.dtype)
    else:
        drawn = default_generator.bernoulli_scalar(tuple(a.shape[d] for d in order), keep,
                                                   a.dtype)
        mask = np.transpose(drawn, np.argsort(order))
    return mask / a.dtype.type(keep)


def dropout(input, p=0.5, training=True, inplace=False):
    """Training: keep each element with probability 1-p and scale it by 1/(1-p). The mask is
    `bernoulli_(1 - p)` from the default generator, so the same seed drops what PyTorch
    drops."""
    _check_p(p)
    if not training or p == 0:
        return input
    if p == 1:
        mask = np.zeros((), input._data.dtype)
    else:
        mask = _dropout_mask(input._data, 1 - p)
    if inplace:
        return input.mul_(Tensor._make(mask))
    return ops.mul(input, Tensor._make(mask))


# --- losses -------------------------------------------------------------------------------
def _legacy_reduction(size_average, reduce, reduction):
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return ("mean" if size_average else "sum") if reduce else "none"


def _same_size_warning(input, target):
    if input.shape != target.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=3)


def _mse_forward(x, y, reduction, n):
    d = x - y
    return _reduce(d * d, reduction)


def _mse_grad(g, x, y, reduction, n, m):
    # PyTorch's order: (x - y) * norm, then * g (x - y large: inf, as in PyTorch)
    return (x - y) * (2 / n if reduction == "mean" else 2) * g


_mse_loss = Op("MseLossBackward0", _mse_forward, _mse_grad,
               lambda g, x, y, reduction, n, m: -_mse_grad(g, x, y, reduction, n, m))


def _pair_numel(input, target):
    try:
        shape = np.broadcast_shapes(input.shape, target.shape)
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({input.shape[-1]}) must match the size of "
                           f"tensor b ({target.shape[-1]}) at non-singleton dimension "
                           f"{max(input.dim(), target.dim()) - 1}") from None
    return int(np.prod(shape, dtype=np.int64))


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _same_size_warning(input, target)
    return _mse_loss(input, target, reduction=reduction, n=_pair_numel(input, target))


def _reduced(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _same_size_warning(input, target)
    return _reduced(ops.abs(input - target), reduction)


def _huber_forward(x, y, reduction, delta):
    d = np.abs(x - y)
    return _reduce(np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


def _huber_grad(g, x, y, reduction, n, delta, m):
    # x - y inside (-delta, delta), +-delta outside: a nan passes (clamp keeps it, with
    # a zero derivative), and the second derivative is 0 at |x - y| = delta, as PyTorch's
    # huber_loss_double_backward
    d = x - y
    return m.where(m.abs(d) >= delta, m.sign(d) * delta, m.nn_clamp(d, -delta, delta)) * \
        _grad_scale(g, reduction, n)


_huber_loss = Op("HuberLossBackward0",
                 lambda x, y, reduction, n, delta: _huber_forward(x, y, reduction, delta),
                 _huber_grad,
                 lambda g, x, y, reduction, n, delta, m: -_huber_grad(g, x, y, reduction, n,
                                                                      delta, m))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    _check_reduction(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _same_size_warning(input, target)
    return _huber_loss(input, target, reduction=reduction, n=_pair_numel(input, target),
                       delta=delta)


def _smooth_l1_forward(x, y, reduction, n, beta):
    d = np.abs(x - y)
    return _reduce(np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def _smooth_l1_grad(g, x, y, reduction, n, beta, m):
    # as huber: (x - y) / beta inside (-beta, beta), +-1 outside (beta 0: the sign)
    d = x - y
    inside = m.nn_clamp(d / beta, -1, 1) if beta else d
    return m.where(m.abs(d) >= beta, m.sign(d), inside) * _grad_scale(g, reduction, n)


_smooth_l1_loss = Op("SmoothL1LossBackward0", _smooth_l1_forward, _smooth_l1_grad,
                     lambda g, x, y, reduction, n, beta, m: -_smooth_l1_grad(
                         g, x, y, reduction, n, beta, m))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _same_size_warning(input, target)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    return _smooth_l1_loss(input, target, reduction=reduction, n=_pair_numel(input, target),
                           beta=beta)


# nll_loss: classes along dim 1 (or dim 0 of a 1-d input); the gradient is -weight at each
# target class (divided by the total weight for 'mean'), zero elsewhere and where ignored.
def _nll_parts(x_shape, target, weight, ignore_index):
    """Per target element: the weight it gets (0 where ignored) and its class index."""
    valid = target != ignore_index
    classes = np.where(valid, target, 0)
    w = weight[classes] * valid if weight is not None else valid.astype(np.float64)
    return w, classes


def _class_last(x):
    return np.moveaxis(x, 1, -1) if x.ndim >= 2 else x


def _nll_forward(x, target, weight, reduction, ignore_index):
    w, classes = _nll_parts(x.shape, target, weight, ignore_index)
    picked = np.take_along_axis(_class_last(x), classes[..., None], -1)[..., 0]
    losses = (-picked * w).astype(x.dtype, copy=False)
    if reduction == "sum":
        return np.sum(losses)
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            return (np.sum(losses) / np.sum(w, dtype=x.dtype)).astype(x.dtype)
    return losses


def _nll_coef(x_shape, target, weight, reduction, ignore_index, dtype):
    """d loss_i / d x as an array of x's shape (before the incoming gradient)."""
    w, classes = _nll_parts(x_shape, target, weight, ignore_index)
    if reduction == "mean":
        w = w / np.sum(w)
    last = x_shape[:1] + x_shape[2:] + x_shape[1:2] if len(x_shape) >= 2 else x_shape
    coef = np.zeros(last, dtype)
    np.put_along_axis(coef, classes[..., None], -w[..., None].astype(dtype), -1)
    return np.moveaxis(coef, -1, 1) if len(x_shape) >= 2 else coef


def _nll_grad(g, x_shape, target, weight, reduction, ignore_index, m):
    raw_g = m.nn_raw(g)
    coef = _nll_coef(x_shape, m.nn_raw(target), weight, reduction, ignore_index, raw_g.dtype)
    if reduction == "none" and len(x_shape) >= 2:
        g = m.unsqueeze(g, 1)
    return g * m.nn_const(coef)


_nll_loss = Op("NllLossBackward0", _nll_forward, _nll_grad, None, inputs="x target",
               dtype=None)
# inputs with spatial dims (N, C, d1, ...) go through PyTorch's 2-d kernel, named apart
_nll_loss_2d = Op("NllLoss2DBackward0", _nll_forward, _nll_grad, None, inputs="x target",
                  dtype=None)


def _check_nll(input, target, weight, ignore_index):
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    batch_ok = (input.dim() == 1 and target.dim() == 0) or (
        input.dim() >= 2 and target.shape == input.shape[:1] + input.shape[2:])
    if not batch_ok:
        if input.dim() >= 2 and target.dim() >= 1 and input.shape[0] != target.shape[0]:
            raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target "
                             f"batch_size ({target.shape[0]}).")
        raise RuntimeError(f"Expected target size {list(input.shape[:1] + input.shape[2:])}, "
                           f"got {list(target.shape)}" if input.dim() > 2 else
                           "0D or 1D target tensor expected, multi-target not supported")
    if target._dtype.name not in ("int64", "uint8"):
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{target._dtype.scalar_name}")
    n_classes = input.shape[1] if input.dim() >= 2 else input.shape[0]
    t = target._data
    bad = (t != ignore_index) & ((t < 0) | (t >= n_classes))
    if bad.any():
        raise IndexError(f"Target {int(t[bad].flat[0])} is out of bounds.")
    if weight is not None and weight.numel() != n_classes:
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes "
                           f"or no classes but got weight tensor of shape: {list(weight.shape)}")


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_nll(input, target, weight, ignore_index)
    w = None if weight is None else weight._data.astype(input._data.dtype)
    op = _nll_loss_2d if input.dim() > 2 else _nll_loss
    return op(input, target, weight=w, reduction=reduction, ignore_index=ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """log_softmax over the class dim, then nll_loss (class targets) or the negative dot with
    the target distribution (probability targets); label smoothing mixes in the mean of
    -log p over classes, as PyTorch does."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    if target.shape == input.shape and not target._dtype.is_floating_point:
        # PyTorch reads a target of the input's shape as class probabilities
        raise RuntimeError("Expected floating point type for target with class "
                           f"probabilities, got {target._dtype.scalar_name}")
    class_dim = 1 if input.dim() >= 2 else 0
    logp = log_softmax(input, class_dim)
    n_classes = input.shape[class_dim]
    if target.shape == input.shape:
        return _cross_entropy_probs(logp, target, weight, reduction, label_smoothing,
                                    class_dim, n_classes)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0:
        return nll
    ignored = Tensor._make((target._data == ignore_index))
    if weight is not None:
        shape = [1] * input.dim()
        shape[class_dim] = n_classes
        smooth = -(logp * weight.view(*shape)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    smooth = ops.where(ignored, 0.0, smooth)
    if reduction == "mean":
        if weight is not None:
            kept = target._data[target._data != ignore_index]
            smooth = smooth.sum() / Tensor._make(weight._data[kept].sum())
        else:
            smooth = smooth.sum() / Tensor._make(np.asarray((~ignored._data).sum()))
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


# division by a number inside PyTorch's C++ (div.Scalar) has its own node name
_div_scalar = Op("DivBackward1", lambda x, other: x / other, lambda g, other: g / other,
                 inputs="x")


def _cross_entropy_probs(logp, target, weight, reduction, label_smoothing, class_dim,
                         n_classes):
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    prod = logp * target
    if weight is not None:
        shape = [1] * logp.dim()
        shape[class_dim] = n_classes
        prod = prod * weight.view(*shape)
    if reduction == "mean":
        count = logp.numel() // n_classes if logp.dim() >= 2 else 1
        return _div_scalar(-prod.sum(), other=count)
    if reduction == "sum":
        return -prod.sum()
    return -prod.sum(class_dim)


def _bce_forward(x, t, weight, reduction):
    with np.errstate(divide="ignore"):
        loss = -(t * np.maximum(np.log(x), -100) + (1 - t) * np.maximum(np.log1p(-x), -100))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.astype(x.dtype, copy=False), reduction)


def _bce_grad_x(g, x, t, weight, reduction, n, m):
    grad = (x - t) / m.nn_clamp((1 - x) * x, 1e-12, None) * _grad_scale(g, reduction, n)
    return grad * weight if weight is not None else grad


def _bce_grad_t(g, x, t, weight, reduction, n, m):
    grad = (m.log(1 - x) - m.log(x)) * _grad_scale(g, reduction, n)
    return grad * weight if weight is not None else grad


_bce = Op("BinaryCrossEntropyBackward0",
          lambda x, t, weight, reduction, n: _bce_forward(x, t, weight, reduction),
          _bce_grad_x, _bce_grad_t, inputs="x t", dtype=None)


def _weight_array(weight, like):
    return None if weight is None else weight._data.astype(like._data.dtype)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         "size.")
    if target._dtype is not input._dtype:
        raise RuntimeError(f"Found dtype {target._dtype.scalar_name} but expected "
                           f"{input._dtype.scalar_name}")
    for name, t in (("input", input._data), ("target", target._data)):
        if ((t < 0) | (t > 1)).any() or np.isnan(t).any():
            raise RuntimeError(f"all elements of {name} should be between 0 and 1")
    return _bce(input, target, weight=_weight_array(weight, input), reduction=reduction,
                n=input.numel())


def _bce_logits_forward(x, t, weight, pos_weight, reduction):
    # (1 - t) x + lw * softplus(-x), with softplus(-x) = max(-x, 0) + log1p(exp(-|x|))
    softplus_neg = np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
    lw = 1 if pos_weight is None else (pos_weight - 1) * t + 1
    loss = (1 - t) * x + lw * softplus_neg
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.astype(x.dtype, copy=False), reduction)


def _bce_logits_grad_x(g, x, t, weight, pos_weight, reduction, n, m):
    s = m.nn_sigmoid(x)
    grad = s - t if pos_weight is None else ((pos_weight - 1) * t + 1) * s - pos_weight * t
    grad = grad * _grad_scale(g, reduction, n)
    return grad * weight if weight is not None else grad


def _bce_logits_grad_t(g, x, t, weight, pos_weight, reduction, n, m):
    if pos_weight is None:
        grad = -x
    else:   # log_sigmoid(-x) - pos_weight * log_sigmoid(x)
        grad = pos_weight * m.nn_softplus(-x) - m.nn_softplus(x)
    grad = grad * _grad_scale(g, reduction, n)
    return grad * weight if weight is not None else grad


math_function(lambda x: _softplus_forward(x, 1.0, 20.0),
              lambda x: _softplus(x, beta=1.0, threshold=20.0), "nn_softplus")

_bce_logits = Op("BinaryCrossEntropyWithLogitsBackward0",
                 lambda x, t, weight, pos_weight, reduction, n: _bce_logits_forward(
                     x, t, weight, pos_weight, reduction),
                 _bce_logits_grad_x, _bce_logits_grad_t, inputs="x t", dtype=None)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean", pos_weight=None):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                         f"({input.shape})")
    if input._dtype.category > target._dtype.category:   # PyTorch computes into the target
        raise RuntimeError(f"result type {input._dtype.scalar_name} can't be cast to the "
                           f"desired output type {target._dtype.scalar_name}")
    return _bce_logits(input, target, weight=_weight_array(weight, input),
                       pos_weight=_weight_array(pos_weight, input), reduction=reduction,
                       n=input.numel())


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the "
                      "support size.'batchmean' divides only by the batch size, and aligns with "
                      "the KL div math definition.'mean' will be changed to behave the same as "
                      "'batchmean' in the next major release.", UserWarning, stacklevel=2)
    if log_target:
        loss = ops.exp(target) * (target - input)
    else:
        # xlogy(target, target): 0 at target 0, nan below 0 (log of a negative)
        loss = ops.where(target == 0, 0.0, target * ops.log(target)) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.dim() else loss.sum()
    _check_reduction(reduction)
    return _reduced(loss, reduction)


# --- one_hot, pad, embedding --------------------------------------------------------------
def one_hot(tensor, num_classes=-1):
    if tensor._dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    t = tensor._data
    if t.size and t.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        if t.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(t.max()) + 1
    elif t.size and t.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor._make((t[..., None] == np.arange(num_classes)).astype(np.int64))


def _pad_widths(ndim, pad):
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the "
                           "input dimension but got padding length "
                           f"{len(pad)} and input of dimension {ndim}")
    widths = [(0, 0)] * ndim
    for i in range(len(pad) // 2):     # pad pairs start at the last dim
        widths[ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    return tuple(widths)


def _pad_forward(x, widths, value):
    return np.pad(x, widths, constant_values=value)


def _unpad_key(x_shape, widths):
    return tuple(slice(lo, lo + n) for (lo, _), n in zip(widths, x_shape))


_constant_pad = Op("ConstantPadNdBackward0", _pad_forward,
                   lambda g, x_shape, widths: g[_unpad_key(x_shape, widths)],
                   inputs="x", dtype=None)


# reflect / replicate / circular padding gathers each output element from an input index
# (NumPy's pad modes applied to the index ranges); the gradient adds back into those places
_PAD_MODES = {"reflect": ("ReflectionPad{}DBackward0", "reflect"),
              "replicate": ("ReplicationPad{}DBackward0", "edge"),
              "circular": ("CopySlices", "wrap")}
_gather_pads = {}


def _gather_pad(node_name):
    if node_name not in _gather_pads:
        _gather_pads[node_name] = _silence(Op(
            node_name, lambda x, key: x[key],
            lambda g, x_shape, key, m: m.index_backward(g, x_shape, key),
            inputs="x", dtype=None))
    return _gather_pads[node_name]


def _index_pad(input, pad, mode):
    n = len(pad) // 2
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if n > 3 or input.dim() not in (n + 1, n + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    node_name, numpy_mode = _PAD_MODES[mode]
    widths = _pad_widths(input.dim(), pad)
    indices = []
    for d in range(input.dim() - n, input.dim()):
        (lo, hi), size = widths[d], input.shape[d]
        if mode == "reflect" and (lo >= size or hi >= size):
            raise RuntimeError("Argument #4: Padding size should be less than the "
                               f"corresponding input dimension, but got: padding ({lo}, {hi}) "
                               f"at dimension {d} of input {list(input.shape)}")
        if mode == "circular" and (lo > size or hi > size):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        indices.append(np.pad(np.arange(size), (lo, hi), mode=numpy_mode))
    key = (slice(None),) * (input.dim() - n) + np.ix_(*indices)
    return _gather_pad(node_name.format(n))(input, key=key)


def pad(input, pad, mode="constant", value=None):
    """Pad with `value` ('constant') or with the input's own values ('reflect',
    'replicate', 'circular'); `pad` lists (before, after) pairs from the last dimension
    backwards."""
    pad = tuple(pad)
    if pad and not _args.is_int(pad[0]):
        raise TypeError("pad(): argument 'pad' (position 2) must be tuple of ints, but found "
                        f"element of type {_args.type_name(pad[0])} at pos 0")
    if value is not None and not isinstance(value, numbers.Number):
        raise TypeError(f"pad(): argument 'value' (position 4) must be float, not "
                        f"{_args.type_name(value)}")
    if any(p < 0 for p in pad):
        raise NotImplementedError("pad: negative padding is not supported")
    widths = _pad_widths(input.dim(), pad)
    if mode != "constant":
        return _index_pad(input, pad, mode)
    return _constant_pad(input, widths=widths, value=0 if value is None else value)


def _embedding_rows(idx, padding_idx):
    """The looked-up rows, flattened, and which of them take a gradient."""
    rows = idx.reshape(-1)
    return rows, (rows != padding_idx if padding_idx is not None
                  else np.ones(len(rows), bool))


def _embedding_grad_array(g, idx, w_shape, padding_idx):
    rows, keep = _embedding_rows(idx, padding_idx)
    out = np.zeros(w_shape, g.dtype)
    np.add.at(out, rows[keep], g.reshape(len(rows), w_shape[1])[keep])
    return out


def _embedding_grad_tensor(g, idx, w_shape, padding_idx):
    # differentiable in g: a one-hot matrix (rows x vocabulary) times g
    rows, keep = _embedding_rows(idx._data, padding_idx)
    hot = np.zeros((len(rows), w_shape[0]), g._data.dtype)
    hot[np.arange(len(rows))[keep], rows[keep]] = 1
    return ops.matmul(_wrap_tensor(hot).t(), g.reshape(len(rows), w_shape[1]))


math_function(_embedding_grad_array, _embedding_grad_tensor, "nn_embedding_grad")


_embedding = Op("EmbeddingBackward0", lambda w, idx, padding_idx: w[idx],
                lambda g, idx, w_shape, padding_idx, m: m.nn_embedding_grad(g, idx, w_shape,
                                                                            padding_idx),
                None, inputs="w idx", dtype=None)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    if weight.dim() != 2:
        raise RuntimeError("'weight' must be 2-D")
    if input._dtype.is_floating_point:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got torch.FloatTensor "
                           "instead (while checking arguments for embedding)")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    idx = input._data
    if idx.size and (idx.min() < 0 or idx.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        raise NotImplementedError("embedding: max_norm is not supported")
    return _embedding(weight, input, padding_idx=padding_idx)


# --- normalisation ------------------------------------------------------------------------
def _normalize(x, dims, eps, m):
    """(x - mean) / sqrt(var + eps) over `dims`, written with m so it differentiates."""
    n = 1
    for d in dims:
        n *= x.shape[d]
    centred = x - m.sum_keepdim(x, dims) * (1 / n)
    var = m.sum_keepdim(centred * centred, dims) * (1 / n)
    return centred / m.sqrt(var + eps), n


def _norm_input_grad(gh, x, dims, eps, m):
    """Gradient through x -> normalize(x) over dims, given gh = d loss / d xhat."""
    xhat, n = _normalize(x, dims, eps, m)
    centred = x - m.sum_keepdim(x, dims) * (1 / n)
    rstd = 1 / m.sqrt(m.sum_keepdim(centred * centred, dims) * (1 / n) + eps)
    return rstd * (gh - m.sum_keepdim(gh, dims) * (1 / n)
                   - xhat * (m.sum_keepdim(gh * xhat, dims) * (1 / n)))


def _layer_norm_forward(x, w, b, dims, eps):
    mean = np.mean(x, axis=dims, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=dims, keepdims=True)
    y = centred * (1 / np.sqrt(var + eps))
    if w is not None:
        y = y * w
    if b is not None:
        y = y + b
    return y.astype(x.dtype, copy=False)


_layer_norm = Op(
    "NativeLayerNormBackward0", _layer_norm_forward,
    lambda g, x, w, dims, eps, m: _norm_input_grad(g if w is None else g * w, x, dims, eps, m),
    lambda g, x, dims, eps, m: g * _normalize(x, dims, eps, m)[0],
    lambda g: g, inputs="x w b", dtype=None)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple "
                        f"of ints, not {_args.type_name(normalized_shape)}")
    shape = tuple(normalized_shape)
    if tuple(input.shape[input.dim() - len(shape):]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(map(str, shape))}], but got input of size"
                           f"{list(input.shape)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but "
                               f"got {name} of shape {list(t.shape)} and normalized_shape = "
                               f"{list(shape)}")
    _same_dtype_params(input, (weight, bias))
    dims = tuple(range(input.dim() - len(shape), input.dim()))
    return _layer_norm(input, weight, bias, dims=dims, eps=eps)


def _check_norm_args(input, features, kernel, **params):
    """batch_norm's rules: one per-feature value in each statistic and parameter, a
    floating input, one dtype for all."""
    for name, t in params.items():
        if t is not None and t.numel() != features:
            raise RuntimeError(f"{name} should contain {features} elements not {t.numel()}")
    if not input._dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{input._dtype.scalar_name}'")
    _same_dtype_params(input, params.values())


def _same_dtype_params(input, params):
    if any(t is not None and t._dtype is not input._dtype for t in params):
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _channel(a, ndim):
    """A per-channel vector shaped to broadcast over (N, C, ...)."""
    return a.reshape((1, -1) + (1,) * (ndim - 2)) if a.ndim == 1 and ndim > 1 else a


def _batch_norm_forward(x, w, b, dims, eps, stats):
    if stats is None:     # training: this batch's statistics
        mean = np.mean(x, axis=dims, keepdims=True)
        var = np.mean((x - mean) ** 2, axis=dims, keepdims=True)
    else:
        mean, var = _channel(stats[0], x.ndim), _channel(stats[1], x.ndim)
    y = (x - mean) * (1 / np.sqrt(var + eps))
    if w is not None:
        y = y * _channel(w, x.ndim)
    if b is not None:
        y = y + _channel(b, x.ndim)
    return y.astype(x.dtype, copy=False)


def _batch_norm_grad_x(g, x, w, dims, eps, stats, m):
    gh = g if w is None else g * m.reshape(w, (1, -1) + (1,) * (x.ndim - 2))
    if stats is None:
        return _norm_input_grad(gh, x, dims, eps, m)
    rstd = 1 / np.sqrt(_channel(stats[1], x.ndim) + eps)
    return gh * m.nn_const(rstd.astype(m.nn_raw(g).dtype))


def _batch_norm_xhat(x, dims, eps, stats, m):
    if stats is None:
        return _normalize(x, dims, eps, m)[0]
    mean, var = _channel(stats[0], x.ndim), _channel(stats[1], x.ndim)
    dtype = m.nn_raw(x).dtype
    return (x - m.nn_const(mean.astype(dtype))) * m.nn_const((1 / np.sqrt(var + eps))
                                                             .astype(dtype))


def _per_channel(v, dims, m):
    return m.reshape(m.sum_keepdim(v, dims), (-1,))


_batch_norm = Op(
    "NativeBatchNormBackward0", _batch_norm_forward, _batch_norm_grad_x,
    lambda g, x, dims, eps, stats, m: _per_channel(g * _batch_norm_xhat(x, dims, eps, stats, m),
                                                   dims, m),
    lambda g, dims, m: _per_channel(g, dims, m), inputs="x w b", dtype=None)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Training: normalise with the batch's statistics and move the running ones toward
    them (the variance with Bessel's correction); eval: normalise with the running ones."""
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError(f"running_{'mean' if running_mean is None else 'var'} must be "
                           "defined in evaluation mode")
    dims = (0,) + tuple(range(2, input.dim()))
    count = input.numel() // max(input.shape[1], 1) if input.dim() > 1 else input.numel()
    if training and count <= 1:
        raise ValueError("Expected more than 1 value per channel when training, got input "
                         f"size {input.shape}")
    _check_norm_args(input, input.shape[1] if input.dim() > 1 else 1, "batch_norm",
                     running_mean=running_mean, running_var=running_var, weight=weight,
                     bias=bias)
    if training:
        if running_mean is not None and momentum is not None:
            x = input._data
            with np.errstate(all="ignore"):
                mean = np.mean(x, axis=dims)
                var = np.mean((x - mean.reshape(_channel(mean, x.ndim).shape)) ** 2, axis=dims)
                _running_update(running_mean, mean, momentum)
                _running_update(running_var, var * (count / (count - 1)), momentum)
        stats = None
    else:
        # copies: the node must keep the statistics it used, not later updates of them
        stats = (running_mean._data.copy(), running_var._data.copy())
    return _batch_norm(input, weight, bias, dims=dims, eps=eps, stats=stats)


def _running_update(buffer, value, momentum):
    # PyTorch's batch_norm kernel updates the running statistics without counting a
    # version (nothing autograd saved can hold them), so the counter stays where it is
    data = buffer._data
    data[...] = (1 - momentum) * data + momentum * value.astype(data.dtype)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    return input / denom


# --- convolution and pooling: im2col ------------------------------------------------------
def _pair(v, n=2):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _out_size(size, k, stride, pad, dil):
    return (size + 2 * pad - dil * (k - 1) - 1) // stride + 1


def _padded(a, pad, fill=0):
    """a (A, H, W, B) copied into a new C-contiguous array with pad = ((top, bottom),
    (left, right)) rows and columns of `fill` around H and W (one allocation and one copy;
    np.pad makes several)."""
    (top, bottom), (left, right) = pad
    A, h, w, B = a.shape
    out = np.full((A, top + h + bottom, left + w + right, B), fill, a.dtype)
    out[:, top:top + h, left:left + w] = a
    return out


def _windows(a, k, stride, dil, out_hw):
    """Every window of a (A, H, W, B) as a view (A, kh, kw, oh, ow, B): window (p, q)'s
    element (i, j) is a[:, p*stride + i*dil, q*stride + j*dil]. No copy."""
    sa, sh, sw, sb = a.strides
    return np.lib.stride_tricks.as_strided(
        a, (a.shape[0],) + tuple(k) + tuple(out_hw) + (a.shape[3],),
        (sa, sh * dil[0], sw * dil[1], sh * stride[0], sw * stride[1], sb), writeable=False)


def _add_windows(a, k, stride, dil, cols):
    """The adjoint of reading `_windows`: add cols (A, kh, kw, oh, ow, B) into the zeroed
    array a where each element was read from. Windows that never share an element (each
    stride at least the dilated kernel, as in most pooling) are one copy; overlapping ones
    one strided add per kernel element."""
    (kh, kw), (sh, sw), (dh, dw) = k, stride, dil
    oh, ow = cols.shape[3:5]
    apart = [s >= d * (kk - 1) + 1 or n == 1 for s, d, kk, n in
             zip(stride, dil, k, (oh, ow))]
    if all(apart):
        sa, s_h, s_w, sb = a.strides
        _parallel.copyto(np.lib.stride_tricks.as_strided(
            a, cols.shape, (sa, s_h * dh, s_w * dw, s_h * sh, s_w * sw, sb)), cols)
        return

    def part(lo, hi):   # slices of the first axis never share an element
        for i in range(kh):
            for j in range(kw):
                a[lo:hi, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                  j * dw:j * dw + sw * (ow - 1) + 1:sw] += cols[lo:hi, i, j]
    _parallel.parallel_for(a.shape[0], cols.size, part)


def _out_hw(shape, k, stride, pad, dil):
    return tuple(_out_size(size, kk, s, p, d) for size, kk, s, p, d in
                 zip(shape[-2:], k, stride, pad, dil))


def _im2col(x, k, stride, pad, dil):
    """(N, C, H, W) -> (N, C*kh*kw, L): every window's elements as a column (F.unfold)."""
    (ph, pw), (n, c, h, w) = pad, x.shape
    oh, ow = _out_hw(x.shape, k, stride, pad, dil)
    xp = x.reshape(n * c, h, w, 1)
    if ph or pw:
        xp = _padded(xp, ((ph, ph), (pw, pw)))
    cols = np.empty((n * c,) + tuple(k) + (oh, ow, 1), x.dtype)
    _parallel.copyto(cols, _windows(xp, k, stride, dil, (oh, ow)))
    return cols.reshape(n, c * k[0] * k[1], oh * ow)


def _col2im(cols, x_shape, k, stride, pad, dil):
    """The adjoint of `_im2col`: add every column entry back where it was taken from."""
    (ph, pw), (n, c, h, w) = pad, x_shape
    oh, ow = _out_hw(x_shape, k, stride, pad, dil)
    xp = np.zeros((n * c, h + 2 * ph, w + 2 * pw, 1), cols.dtype)
    _add_windows(xp, k, stride, dil, cols.reshape((n * c,) + tuple(k) + (oh, ow, 1)))
    return xp[:, ph:ph + h, pw:pw + w].reshape(n, c, h, w)


_unfold = Op("Im2ColBackward0", _im2col,
             lambda g, x_shape, k, stride, pad, dil, m: m.nn_col2im(g, x_shape, k, stride, pad,
                                                                    dil),
             inputs="x", dtype=None)
_fold = Op("Col2ImBackward0", _col2im,
           lambda g, k, stride, pad, dil, m: m.nn_im2col(g, k, stride, pad, dil),
           inputs="x", dtype=None)
math_function(_im2col, lambda x, k, stride, pad, dil: _unfold(x, k=k, stride=stride, pad=pad,
                                                              dil=dil), "nn_im2col")
math_function(_col2im, lambda c, x_shape, k, stride, pad, dil: _fold(
    c, x_shape=x_shape, k=k, stride=stride, pad=pad, dil=dil), "nn_col2im")


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    if input.dim() == 3:     # one unbatched image
        return unfold(input.unsqueeze(0), kernel_size, dilation, padding, stride).squeeze(0)
    if input.dim() < 3:
        _wrap_dim(2, input.dim())     # PyTorch's error, reading the image's height
    if min(s) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got stride_height: "
                           f"{s[0]} stride_width: {s[1]}")
    if input.dim() == 4:
        blocks = [(n + 2 * pad - dil * (kk - 1) - 1) // st + 1
                  for n, kk, st, pad, dil in zip(input.shape[2:], k, s, p, d)] \
            if min(s) > 0 else None
        if blocks is not None and min(blocks) < 1:
            raise RuntimeError(
                f"Given input with spatial size ({input.shape[2]}, {input.shape[3]}), "
                f"kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, {d[1]}), padding=({p[0]}, "
                f"{p[1]}), calculated shape of the array of sliding blocks as ({blocks[0]}, "
                f"{blocks[1]}), but its components must be at least one.")
    return _unfold(input, k=_pair(kernel_size), stride=_pair(stride), pad=_pair(padding),
                   dil=_pair(dilation))


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    n, ck = input.shape[0], input.shape[1]
    k = _pair(kernel_size)
    if ck % (k[0] * k[1]):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={ck} and "
                           f"kernel_size=({k[0]}, {k[1]}).")
    o, d, p, s = _pair(output_size), _pair(dilation), _pair(padding), _pair(stride)
    blocks = [(o[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in (0, 1)]
    if input.dim() == 3 and input.shape[2] != blocks[0] * blocks[1]:
        raise RuntimeError(
            f"Given output_size=({o[0]}, {o[1]}), kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, "
            f"{d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), expected size of "
            f"input's dimension 2 to match the calculated number of sliding blocks "
            f"{blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but got "
            f"input.size(2)={input.shape[2]}.")
    shape = (n, ck // (k[0] * k[1])) + _pair(output_size)
    return _fold(input, x_shape=shape, k=k, stride=_pair(stride), pad=_pair(padding),
                 dil=_pair(dilation))


# conv as a matmul per group and sample: weight (G, O/G, K) @ columns (N, G, K, L),
# K = C/G*kh*kw. Many small products rather than one (O, K) @ (K, N*L): OpenBLAS runs a
# small one on the calling thread, while its threads on one long, thin product were
# several times slower on two shared cores (and no faster on one thread)
def _conv_forward(x, w, b, stride, pad, dil, groups):
    if x.ndim == 3:     # conv1d: a 2-d convolution over a height of 1
        return _conv_forward(x[:, :, None], w[:, :, None], b, stride, pad, dil, groups)[:, :, 0]
    n, o, k = x.shape[0], w.shape[0], w.shape[2:]
    cols = _im2col(x, k, stride, pad, dil)
    cols = cols.reshape(n, groups, -1, cols.shape[-1])
    out = np.matmul(w.reshape(groups, o // groups, -1), cols)
    out = out.reshape((n, o) + _out_hw(x.shape, k, stride, pad, dil))
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def _as_2d(shape):
    return shape if len(shape) == 4 else shape[:2] + (1,) + shape[2:]


def _conv_grad_x(g, w, x_shape, stride, pad, dil, groups, m):
    n, o = g.shape[:2]
    length = int(np.prod(g.shape[2:]))
    g2 = m.reshape(g, (n, groups, o // groups, length))
    wt = m.mT(m.reshape(w, (groups, o // groups, -1)))
    cols = m.reshape(wt @ g2, (n, -1, length))
    k = _as_2d(tuple(w.shape))[2:]
    return m.reshape(m.nn_col2im(cols, _as_2d(x_shape), k, stride, pad, dil), x_shape)


def _conv_grad_w(g, x, w_shape, stride, pad, dil, groups, m):
    n, o = g.shape[:2]
    length = int(np.prod(g.shape[2:]))
    cols = m.nn_im2col(m.reshape(x, _as_2d(tuple(x.shape))), _as_2d(w_shape)[2:], stride,
                       pad, dil)
    cols = m.reshape(cols, (n, groups, -1, length))
    g2 = m.reshape(g, (n, groups, o // groups, length))
    return m.reshape((g2 @ m.mT(cols)).sum(0), w_shape)


_conv = Op("ConvolutionBackward0", _conv_forward, _conv_grad_x, _conv_grad_w,
           lambda g, m: m.reshape(m.sum_keepdim(g, (0,) + tuple(range(2, g.ndim))), (-1,)),
           inputs="x w b", dtype=None)


def _conv_padding(padding, k, dil, n):
    if isinstance(padding, str) and padding not in ("valid", "same"):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    if padding == "valid":
        return (0,) * n
    if padding == "same":
        total = [d * (kk - 1) for kk, d in zip(k, dil)]
        if any(t % 2 for t in total):
            raise NotImplementedError("padding='same' with an even total padding is not "
                                      "supported")
        return tuple(t // 2 for t in total)
    return _pair(padding, n)


def _check_conv(input, weight, bias, stride, pad, dil, groups, n):
    """A convolution's rules, checked in PyTorch's order before any arithmetic: the
    geometry arguments, channels, bias, a kernel that fits the padded input, one dtype.
    `input` is batched; stride, pad, dil are n-tuples."""
    if weight.dim() != n + 2 and len(stride) == 1:   # one stride serves any number of dims
        raise RuntimeError(f"Expected {weight.dim()}-dimensional input for {weight.dim()}-"
                           f"dimensional weight {list(weight.shape)}, but got {input.dim()}-"
                           f"dimensional input of size {list(input.shape)} instead")
    if weight.dim() != n + 2:     # PyTorch sizes the geometry arguments by the weight
        raise RuntimeError(f"expected stride to be a single integer value or a list of "
                           f"{weight.dim() - 2} values to match the convolution dimensions, but "
                           f"got stride={list(stride)}")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(p < 0 for p in pad):
        raise RuntimeError("negative padding is not supported")
    if any(d <= 0 for d in dil):
        raise RuntimeError(f"dilation should be greater than zero, but got {list(dil)}")
    c = input.shape[1]
    if c != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, "
                           f"expected input{list(input.shape)} to have "
                           f"{weight.shape[1] * groups} channels, but got {c} channels instead")
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {weight.shape[0]} elements, but got bias of "
                           f"size {list(bias.shape)} instead")
    padded = [size + 2 * p for size, p in zip(input.shape[2:], pad)]
    kernel = [d * (k - 1) + 1 for k, d in zip(weight.shape[2:], dil)]
    if any(k > size for k, size in zip(kernel, padded)):
        raise RuntimeError(f"Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, kernel))}). Kernel size can't be greater "
                           "than actual input size")
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError(f"Input type ({input.dtype.cpp_name}) and bias type "
                           f"({bias.dtype.cpp_name}) should be the same")
    if weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype.scalar_name} but found "
                           f"{weight.dtype.scalar_name}")


def _conv_dims(input, n):
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to "
                           f"conv{n}d, but got input of size: {list(input.shape)}")


def _same_stride(padding, stride):
    if padding == "same" and any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    _conv_dims(input, 2)
    if input.dim() == 3:
        return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation,
                      groups).squeeze(0)
    dil, stride = _pair(dilation), _pair(stride)
    _same_stride(padding, stride)
    pad = _conv_padding(padding, weight.shape[2:], dil, 2)
    _check_conv(input, weight, bias, stride, pad, dil, groups, 2)
    return _conv(input, weight, bias, stride=stride, pad=pad, dil=dil, groups=groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    _conv_dims(input, 1)
    if input.dim() == 2:
        return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation,
                      groups).squeeze(0)
    dil, stride = _pair(dilation, 1), _pair(stride, 1)
    _same_stride(padding, stride)
    pad = _conv_padding(padding, weight.shape[2:], dil, 1)
    _check_conv(input, weight, bias, stride, pad, dil, groups, 1)
    return _conv(input, weight, bias, stride=(1,) + stride, pad=(0,) + pad, dil=(1,) + dil,
                 groups=groups)


# pooling: windows gathered by im2col after padding `pad` on both sides and, with
# ceil_mode, `extra` more on the far side so that the last (partial) window fits
def _pool_view(x, k, stride, pad, extra, fill):
    """Every window of x (N, C, H, W), padded with `fill`, as a view (N*C, kh, kw, oh, ow, 1)."""
    n, c, h, w = x.shape
    (ph, pw), (eh, ew) = pad, extra
    xp = x.reshape(n * c, h, w, 1)
    if ph or pw or eh or ew:
        xp = _padded(xp, ((ph, ph + eh), (pw, pw + ew)), fill)
    out_hw = _pool_out_shape(x.shape, k, stride, pad, extra)[2:]
    return _windows(xp, k, stride, (1, 1), out_hw)


def _pool_windows(x, k, stride, pad, extra, fill):
    """(N, C, H, W) -> (N, C, kh*kw, L) windows, padding with `fill` (a copy)."""
    view = _pool_view(x, k, stride, pad, extra, fill)
    cols = np.empty(view.shape, x.dtype)
    _parallel.copyto(cols, view)
    return cols.reshape(x.shape[0], x.shape[1], k[0] * k[1], -1)


def _pool_reduce(x, k, stride, pad, extra, fill, ufunc):
    """ufunc.reduce over every window, one kernel element after another in PyTorch's order
    (row by row), on strided views of x: no copy of the windows. `fill` pads."""
    view = _pool_view(x, k, stride, pad, extra, fill)
    acc = np.empty(view.shape[:1] + view.shape[3:], x.dtype)

    def part(lo, hi):
        out = acc[lo:hi]
        np.copyto(out, view[lo:hi, 0, 0])
        if ufunc is np.add:
            out += 0    # PyTorch's sum starts from +0: a window of -0.0 sums to +0.0
        for i in range(k[0]):
            for j in range(k[1]):
                if i or j:
                    ufunc(out, view[lo:hi, i, j], out=out)
    _parallel.parallel_for(acc.shape[0], view.size, part)
    return acc.reshape(_pool_out_shape(x.shape, k, stride, pad, extra))


def _pool_geometry(size, k, stride, pad, ceil_mode):
    """Output length along one dim, and the extra far-side padding it needs."""
    span = size + 2 * pad - k
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + pad:   # a window must start inside
        out -= 1
    return out, max(0, (out - 1) * stride + k - (size + 2 * pad))


def _pool_out_shape(x_shape, k, stride, pad, extra):
    return x_shape[:2] + tuple((size + 2 * p + e - kk) // s + 1 for size, kk, s, p, e in
                               zip(x_shape[2:], k, stride, pad, extra))


def _pool_backward(cols, x_shape, k, stride, pad, extra, m):
    """Scatter per-window gradients (N*C, kh*kw, L) back onto the input's shape."""
    padded = (cols.shape[0], 1) + tuple(size + 2 * p + e for size, p, e in
                                        zip(x_shape[2:], pad, extra))
    full = m.nn_col2im(cols, padded, k, stride, (0, 0), (1, 1))
    full = full[:, :, pad[0]:pad[0] + x_shape[2], pad[1]:pad[1] + x_shape[3]]
    return m.reshape(full, x_shape)


def _max_pool_forward(x, k, stride, pad, extra):
    return _pool_reduce(x, k, stride, pad, extra, -np.inf, np.maximum)


def _max_pool_grad(g, x, k, stride, pad, extra, m):
    raw = m.nn_raw(x)
    windows = _pool_windows(raw, k, stride, pad, extra, -np.inf)
    n, c, kk, L = windows.shape
    first = np.argmax(windows, axis=2)               # PyTorch keeps the first maximum
    hot = (np.arange(kk)[None, None, :, None] == first[:, :, None, :]).astype(raw.dtype)
    cols = m.reshape(m.reshape(g, (n, c, 1, L)) * m.nn_const(hot), (n * c, kk, L))
    return _pool_backward(cols, raw.shape, k, stride, pad, extra, m)


_max_pool = Op("MaxPool2DWithIndicesBackward0", _max_pool_forward, _max_pool_grad,
               inputs="x", dtype=None)


def _pool_dims(input):
    if input.dim() not in (3, 4) or not input.numel():
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")


def _pool_args(input, kernel_size, stride, padding, ceil_mode):
    """A 2-d pooling's geometry, with PyTorch's checks: stride, padding, and an output of at
    least one element per dim."""
    k = _pair(kernel_size)
    stride = k if stride is None or stride == [] else _pair(stride)
    pad = _pair(padding)
    if 0 in stride:
        raise RuntimeError("stride should not be zero")
    if pad[0] < 0 or pad[1] < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(pad)}")
    if pad[0] > k[0] // 2 or pad[1] > k[1] // 2:
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                           f"pad={pad[0]}, kernel_size={k[0]} and dilation=1")
    geometry = [_pool_geometry(size, kk, s, p, ceil_mode) for size, kk, s, p in
                zip(input.shape[-2:], k, stride, pad)]
    if any(out < 1 for out, _ in geometry):
        c, h, w = input.shape[-3:]
        raise RuntimeError(f"Given input size: ({c}x{h}x{w}). Calculated output size: "
                           f"({c}x{geometry[0][0]}x{geometry[1][0]}). Output size is too small")
    return k, stride, pad, tuple(extra for _, extra in geometry)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    if any(d <= 0 for d in _pair(dilation)):
        d = _pair(dilation)
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {d[0]} "
                           f"dilationW: {d[1]}")
    if dilation not in (1, (1, 1), [1, 1]) or return_indices:
        raise NotImplementedError("max_pool2d: dilation and return_indices are not supported")
    _pool_dims(input)
    if input.dim() == 3:
        return max_pool2d(input.unsqueeze(0), kernel_size, stride, padding,
                          ceil_mode=ceil_mode).squeeze(0)
    k, stride, pad, extra = _pool_args(input, kernel_size, stride, padding, ceil_mode)
    return _max_pool(input, k=k, stride=stride, pad=pad, extra=extra)


def _avg_divisor(x_shape, k, stride, pad, extra, count_include_pad, divisor_override, dtype):
    """What each window's sum is divided by (PyTorch's rule): the window clipped to the
    padded input, or (count_include_pad=False) to the input itself."""
    if divisor_override:
        return np.asarray(divisor_override, dtype)
    counts = []
    for size, kk, s, p, n_out in zip(x_shape[2:], k, stride, pad,
                                     _pool_out_shape(x_shape, k, stride, pad, extra)[2:]):
        start = np.arange(n_out) * s - p
        end = np.minimum(start + kk, size + p)
        counts.append(end - start if count_include_pad else
                      np.minimum(end, size) - np.maximum(start, 0))
    return np.multiply.outer(*counts).astype(dtype)


def _avg_pool_forward(x, k, stride, pad, extra, count_include_pad, divisor_override):
    total = _pool_reduce(x, k, stride, pad, extra, 0, np.add)
    return total / _avg_divisor(x.shape, k, stride, pad, extra, count_include_pad,
                                divisor_override, x.dtype)


def _avg_pool_grad(g, x_shape, k, stride, pad, extra, count_include_pad, divisor_override,
                   m):
    n, c, oh, ow = g.shape
    div = _avg_divisor(x_shape, k, stride, pad, extra, count_include_pad, divisor_override,
                       m.nn_raw(g).dtype)
    share = m.reshape(g * m.nn_const(1 / div), (n * c, 1, oh * ow))
    cols = m.expand(share, (n * c, k[0] * k[1], oh * ow))
    return _pool_backward(cols, x_shape, k, stride, pad, extra, m)


_avg_pool = Op("AvgPool2DBackward0", _avg_pool_forward, _avg_pool_grad, inputs="x",
               dtype=None)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    if divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _pool_dims(input)
    if input.dim() == 3:
        return avg_pool2d(input.unsqueeze(0), kernel_size, stride, padding, ceil_mode,
                          count_include_pad, divisor_override).squeeze(0)
    k, stride, pad, extra = _pool_args(input, kernel_size, stride, padding, ceil_mode)
    return _avg_pool(input, k=k, stride=stride, pad=pad, extra=extra,
                     count_include_pad=count_include_pad, divisor_override=divisor_override)


def _adaptive_weights(in_size, out_size):
    """(in, out): output cell i averages inputs floor(i*in/out) .. ceil((i+1)*in/out)-1."""
    a = np.zeros((in_size, out_size))
    for i in range(out_size):
        lo, hi = (i * in_size) // out_size, -(-((i + 1) * in_size) // out_size)
        a[lo:hi, i] = 1 / (hi - lo)
    return a


def _adaptive_matrix(x_shape, size, dtype):
    """(H*W, oh*ow): adaptive average pooling as one linear map of the flattened image."""
    return np.kron(_adaptive_weights(x_shape[-2], size[0]),
                   _adaptive_weights(x_shape[-1], size[1])).astype(dtype)


def _adaptive_forward(x, size):
    flat = x.reshape(x.shape[:-2] + (-1,))
    return (flat @ _adaptive_matrix(x.shape, size, x.dtype)).reshape(x.shape[:-2] + size)


def _adaptive_grad(g, x_shape, size, m):
    weights = _adaptive_matrix(x_shape, size, m.nn_raw(g).dtype)
    flat = m.reshape(g, tuple(x_shape[:-2]) + (size[0] * size[1],))
    return m.reshape(flat @ m.nn_const(weights.T), x_shape)


_adaptive_avg_pool = Op("AdaptiveAvgPool2DBackward0", _adaptive_forward, _adaptive_grad,
                        inputs="x", dtype=None)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a given output size; (1, 1) is a mean over H and W, as in
    PyTorch."""
    if input.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                           f"{list(input.shape)}")
    if isinstance(output_size, (tuple, list)) and len(output_size) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    requested = _pair(output_size)
    if any(o is not None and o < 0 for o in requested):
        raise RuntimeError("adaptive_avg_pool2d: elements of output_size must be greater than "
                           f"or equal to 0 but received {{{', '.join(map(str, requested))}}}")
    size = tuple(s if o is None else o for o, s in zip(_pair(output_size), input.shape[-2:]))
    if size == (1, 1):
        return input.mean((-1, -2), keepdim=True)
    return _adaptive_avg_pool(input, size=size)


# --- transposed convolution: the adjoint of conv, as a matmul per group then fold ----------
# weight (C_in, C_out/G, kh, kw); columns (N, G, C_out/G*kh*kw, L) = W_g^T @ x_g, folded back
def _conv_t_forward(x, w, b, stride, pad, dil, groups, out_hw):
    if x.ndim == 3:     # conv_transpose1d: a 2-d one over a height of 1
        return _conv_t_forward(x[:, :, None], w[:, :, None], b, stride, pad, dil, groups,
                               out_hw)[:, :, 0]
    n, c_in, h, wd = x.shape
    k = w.shape[2:]
    x2 = x.reshape(n, groups, c_in // groups, h * wd)
    wt = np.swapaxes(w.reshape(groups, c_in // groups, -1), -1, -2)
    cols = np.matmul(wt, x2).reshape(n, -1, h * wd)
    out = _col2im(cols, (n, w.shape[1] * groups) + out_hw, k, stride, pad, dil)
    return out + b.reshape(1, -1, 1, 1) if b is not None else out


def _conv_t_grad_cols(g, w_shape, stride, pad, dil, groups, m):
    """The incoming gradient's windows, (N, G, C_out/G*kh*kw, L), as the forward's columns."""
    cols = m.nn_im2col(m.reshape(g, _as_2d(tuple(g.shape))), _as_2d(w_shape)[2:], stride,
                       pad, dil)
    return m.reshape(cols, (g.shape[0], groups, -1, cols.shape[-1]))


def _conv_t_grad_x(g, w, x_shape, stride, pad, dil, groups, out_hw, m):
    cols = _conv_t_grad_cols(g, tuple(w.shape), stride, pad, dil, groups, m)
    return m.reshape(m.reshape(w, (groups, x_shape[1] // groups, -1)) @ cols, x_shape)


def _conv_t_grad_w(g, x, w_shape, stride, pad, dil, groups, out_hw, m):
    n, c_in = x.shape[:2]
    cols = _conv_t_grad_cols(g, w_shape, stride, pad, dil, groups, m)
    x2 = m.reshape(x, (n, groups, c_in // groups, -1))
    return m.reshape((x2 @ m.mT(cols)).sum(0), w_shape)


_conv_transpose = Op("ConvolutionBackward0", _conv_t_forward, _conv_t_grad_x, _conv_t_grad_w,
                     lambda g, m: m.reshape(m.sum_keepdim(g, (0,) + tuple(range(2, g.ndim))),
                                            (-1,)),
                     inputs="x w b", dtype=None)


def _conv_transpose_nd(input, weight, bias, stride, padding, output_padding, groups, dilation,
                       n):
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to "
                           f"conv_transpose{n}d, but got input of size: {list(input.shape)}")
    if input.dim() == n + 1:
        return _conv_transpose_nd(input.unsqueeze(0), weight, bias, stride, padding,
                                  output_padding, groups, dilation, n).squeeze(0)
    if any(s <= 0 for s in _pair(stride, n)):
        raise RuntimeError("non-positive stride is not supported")
    if weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {list(weight.shape)} instead")
    if input.shape[1] != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected "
                           f"input{list(input.shape)} to have {weight.shape[0]} channels, but "
                           f"got {input.shape[1]} channels instead")
    stride, padding, output_padding, dilation = (_pair(v, n) for v in (stride, padding,
                                                                       output_padding, dilation))
    if n == 1:      # a 2-d transposed convolution over a height of 1
        stride, padding, output_padding, dilation = ((1,) + stride, (0,) + padding,
                                                     (0,) + output_padding, (1,) + dilation)
    for op, s, d in zip(output_padding, stride, dilation):
        if op >= s and op >= d:
            raise RuntimeError("output padding must be smaller than either stride or dilation, "
                               f"but got output_padding_height: {output_padding[0]} "
                               f"output_padding_width: {output_padding[1]} stride_height: "
                               f"{stride[0]} stride_width: {stride[1]} dilation_height: "
                               f"{dilation[0]} dilation_width: {dilation[1]}")
    out_hw = tuple((size - 1) * s - 2 * p + d * (k - 1) + op + 1 for size, s, p, d, k, op in
                   zip(_as_2d(tuple(input.shape))[2:], stride, padding, dilation,
                       _as_2d(tuple(weight.shape))[2:], output_padding))
    return _conv_transpose(input, weight, bias, stride=stride, pad=padding, dil=dilation,
                           groups=groups, out_hw=out_hw)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose_nd(input, weight, bias, stride, padding, output_padding, groups,
                              dilation, 2)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose_nd(input, weight, bias, stride, padding, output_padding, groups,
                              dilation, 1)


# --- adaptive pooling in one dimension, and adaptive max pooling --------------------------
def adaptive_avg_pool1d(input, output_size):
    """As PyTorch computes it: a 2-d adaptive average over a height of 1."""
    if input.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional "
                           "tensor for argument #1 'self' (while checking arguments for "
                           "adaptive_avg_pool1d)")
    size = _pair(output_size, 1)[0]
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def _adaptive_bounds(in_size, out_size):
    return [((i * in_size) // out_size, -(-((i + 1) * in_size) // out_size))
            for i in range(out_size)]


def _adaptive_argmax(x, size):
    """Per output cell the flat (H*W) index of its window's first maximum (nan wins)."""
    h, w = x.shape[-2:]
    index = np.empty(x.shape[:-2] + size, np.int64)
    for i, (r0, r1) in enumerate(_adaptive_bounds(h, size[0])):
        for j, (c0, c1) in enumerate(_adaptive_bounds(w, size[1])):
            window = x[..., r0:r1, c0:c1].reshape(x.shape[:-2] + (-1,))
            best = np.argmax(np.where(np.isnan(window), np.inf, window), axis=-1)
            index[..., i, j] = (r0 + best // (c1 - c0)) * w + c0 + best % (c1 - c0)
    return index


def _flat_gather(x, index):
    flat = x.reshape(x.shape[:-2] + (-1,))
    picked = np.take_along_axis(flat, index.reshape(index.shape[:-2] + (-1,)), -1)
    return picked.reshape(index.shape)


def _flat_gather_grad(g, x_shape, index, m):
    flat_index = index.reshape(index.shape[:-2] + (-1,))
    flat_shape = tuple(x_shape[:-2]) + (x_shape[-2] * x_shape[-1],)
    grad = m.scatter_add_zeros(m.reshape(g, flat_index.shape), flat_shape,
                               len(flat_shape) - 1, flat_index)
    return m.reshape(grad, x_shape)


_adaptive_max_pool = Op("AdaptiveMaxPool2DBackward0", _flat_gather, _flat_gather_grad,
                        inputs="x", dtype=None)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    if input.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: "
                           f"{list(input.shape)}")
    size = tuple(s if o is None else o for o, s in zip(_pair(output_size), input.shape[-2:]))
    if any(s < 0 for s in size):
        shape = list(input.shape[:-2]) + list(size)
        raise RuntimeError(f"Trying to create tensor with negative dimension "
                           f"{min(size)}: {shape}")
    index = _adaptive_argmax(input._data, size)
    out = _adaptive_max_pool(input, index=index)
    return (out, Tensor._make(index)) if return_indices else out


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool2d(input, output_size, return_indices=True)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    if input.dim() not in (2, 3):
        raise RuntimeError(f"adaptive_max_pool1d(): Expected 2D or 3D tensor, but got: "
                           f"{list(input.shape)}")
    out, index = adaptive_max_pool2d(input.unsqueeze(-2), (1, _pair(output_size, 1)[0]), True)
    out, index = out.squeeze(-2), index.squeeze(-2)
    return (out, index) if return_indices else out


# --- channel dropout ------------------------------------------------------------------------
def _feature_dropout(input, p, training, inplace):
    """Zero whole channels: one Bernoulli(1-p) draw per (sample, channel), scaled by 1/(1-p)."""
    _check_p(p)
    if not training or p == 0:
        return input
    shape = input._data.shape[:2] + (1,) * (input.dim() - 2)
    if p == 1:
        mask = np.zeros(shape, input._data.dtype)
    else:
        mask = _dropout_mask(np.empty(shape, input._data.dtype), 1 - p)
    return input.mul_(Tensor._make(mask)) if inplace else ops.mul(input, Tensor._make(mask))


def dropout1d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    if input.dim() not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout "
                           "on inputs with 1 spatial dimension, a channel dimension, and an "
                           "optional batch dimension (i.e. 2D or 3D inputs).")
    if input.dim() == 2:
        out = _feature_dropout(input.unsqueeze(0), p, training, False).squeeze(0)
        return input.copy_(out) if inplace else out
    return _feature_dropout(input, p, training, inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    ndim = input.dim()
    if ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated "
                      "and will result in an error in a future release. To retain the behavior "
                      "and silence this warning, please use dropout instead. Note that "
                      "dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch "
                      "dimension (i.e. 3D or 4D inputs).", UserWarning, stacklevel=2)
    if ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that "
                      "channel-wise 1D dropout behavior is desired - input is interpreted as "
                      "shape (N, C, L), where C is the channel dim. This behavior will change "
                      "in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout "
                      "behavior, please switch to using dropout1d instead.", UserWarning,
                      stacklevel=2)
    return _feature_dropout(input, p, training, inplace)


# --- embedding bags -------------------------------------------------------------------------
def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq=False, mode="mean", sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """Sum, mean or max of each bag of embeddings: a 2-d input is one bag per row; a 1-d
    input is split into bags at `offsets`. Indices equal to padding_idx are left out of
    their bag (an empty bag gives zeros)."""
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. "
                                  "per_sample_weights is only supported for mode='sum' (got "
                                  f"mode='{mode}'). Please open a feature request on GitHub.")
    if max_norm is not None:
        raise NotImplementedError("embedding_bag: max_norm is not supported")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated "
                             "is a mini-batch of fixed length sequences. However, found offsets "
                             "of type " + ("<class 'torch.Tensor'>" if isinstance(offsets, Tensor)
                                           else str(type(offsets))))
        bags, length = input.shape
        starts = np.arange(bags) * length
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        starts = offsets._data.astype(np.int64)
        if len(starts) and starts[0] != 0:
            raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the "
                               "mini-batch has to start from position 0. However, got "
                               f"{starts[0]}\n[ torch.LongTensor{{}} ]")
        if include_last_offset:
            starts = starts[:-1]
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.dim()}")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    idx = input._data
    keep = np.ones(len(idx), bool) if padding_idx is None else idx != padding_idx
    bag_of = np.searchsorted(starts, np.arange(len(idx)), side="right") - 1
    bad = np.flatnonzero((idx < 0) | (idx >= weight.shape[0]))
    if bad.size:
        raise RuntimeError(f"Index {bad[0]} of input takes value {idx[bad[0]]} which is not in "
                           f"the valid range [0, {weight.shape[0]})")
    bags = _Bags(bag_of, keep, len(starts), mode)
    return _embedding_bag(weight, per_sample_weights, input, bags=bags)


class _Bags:
    """Which bag each looked-up row belongs to and whether it counts (not padding_idx), and
    the reduction; for 'max', which row wins each (bag, dim) is found from the weights."""

    def __init__(self, bag_of, keep, n_bags, mode):
        self.bag_of, self.keep, self.n_bags, self.mode = bag_of, keep, n_bags, mode
        self.count = np.bincount(bag_of[keep], minlength=n_bags)

    def reduce(self, rows):
        """(L, D) rows -> (n_bags, D), and for 'max' the (L, D) mask of winning rows."""
        out = np.zeros((self.n_bags, rows.shape[1]), rows.dtype)
        kept, bag = rows[self.keep], self.bag_of[self.keep]
        if self.mode != "max":
            np.add.at(out, bag, kept)
            if self.mode == "mean":
                out /= np.maximum(self.count, 1)[:, None].astype(rows.dtype)
            return out, None
        best = np.full((self.n_bags, rows.shape[1]), -np.inf, rows.dtype)
        np.maximum.at(best, bag, kept)
        wins = np.zeros(rows.shape, bool)
        first = np.zeros(best.shape, bool)       # the first row reaching the maximum wins
        for e in np.flatnonzero(self.keep):
            hit = (rows[e] == best[self.bag_of[e]]) & ~first[self.bag_of[e]]
            wins[e], first[self.bag_of[e]] = hit, first[self.bag_of[e]] | hit
        out[self.count > 0] = best[self.count > 0]
        return out, wins

    def coefficient(self, dtype):
        """d out[bag(e)] / d row e, per row (sum and mean), as an (L, 1) array."""
        c = self.keep.astype(dtype)
        if self.mode == "mean":
            c = c / np.maximum(self.count, 1)[self.bag_of].astype(dtype)
        return c[:, None]


def _embedding_bag_forward(w, psw, idx, bags):
    rows = w[idx]
    if psw is not None:
        rows = rows * psw[:, None]
    return bags.reduce(rows)[0]


def _embedding_bag_grad_w(g, w, psw, idx, bags, m):
    per_row = g[bags.bag_of]
    if bags.mode == "max":
        wins = bags.reduce(m.nn_raw(w)[m.nn_raw(idx)])[1]
        per_row = per_row * m.nn_const(wins.astype(m.nn_raw(g).dtype))
    else:
        per_row = per_row * m.nn_const(bags.coefficient(m.nn_raw(g).dtype))
        if psw is not None:
            per_row = per_row * m.unsqueeze(psw, 1)
    return m.nn_embedding_grad(per_row, idx, tuple(w.shape), None)


def _embedding_bag_grad_psw(g, w, idx, bags, m):
    rows = w[m.nn_raw(idx)]
    keep = m.nn_const(bags.keep.astype(m.nn_raw(g).dtype))
    return (g[bags.bag_of] * rows).sum(1) * keep


_embedding_bag = Op("EmbeddingBagBackward0", _embedding_bag_forward, _embedding_bag_grad_w,
                    _embedding_bag_grad_psw, None, inputs="w psw idx", dtype=None)


def _silence(op):
    """PyTorch computes inf - inf or an overflowing exp silently (giving nan or inf); NumPy
    would warn. Run every op of this module, forward and derivatives, without warnings.
    (An Op reads its derivatives' parameter names once, when it is made, so wrapping them
    afterwards keeps what they read.)"""
    op.forward = _quiet(op.forward)
    op.derivatives = tuple(d and _quiet(d) for d in op.derivatives)
    return op


for _entry in list(globals().values()):
    if isinstance(_entry, Op):
        _silence(_entry)


# x.softmax(dim) and x.log_softmax(dim) are Tensor methods in PyTorch too
def _method_form(fn):
    """Tensor.softmax(dim, dtype): the method has no _stacklevel between the two."""
    def method_form(input, dim, dtype=None):
        return fn(input, dim, dtype=dtype)
    method_form.__name__ = fn.__name__
    method(method_form)


_method_form(softmax)
_method_form(log_softmax)


# --- attention ------------------------------------------------------------------------------
def _masked_scores(scores, mask):
    """Scores with a boolean mask (True = may attend) or an additive float mask applied."""
    if mask is None:
        return scores
    if mask._dtype.name == "bool":
        return scores.masked_fill(mask.logical_not(), float("-inf"))
    return scores + mask


def _safe_softmax(scores):
    """softmax over the last dim, giving 0 (not nan) on a row that is all -inf, as PyTorch's
    attention does; such rows get a zero gradient too."""
    dead = (scores == float("-inf")).all(-1, keepdim=True)
    if not dead._data.any():
        return softmax(scores, -1)
    return ops.where(dead, 0.0, softmax(ops.where(dead, 0.0, scores), -1))


# PyTorch's fused CPU kernel, used for 4-d inputs of one shape without dropout: the same
# arithmetic as the composed path, as one node; its derivatives recompute the weights
def _attention_weights(q, k, mask, scale, m):
    """softmax(q k^T * scale + mask) over the last dim, 0 on rows that are fully masked."""
    scores = (q @ m.mT(k)) * scale
    if mask is None:
        alive = None
    else:
        scores = scores + m.nn_const(mask)
        alive = ~np.all(np.isneginf(mask), -1, keepdims=True)
        scores = m.where(m.nn_const(alive), scores, m.zeros_like(scores))
    top = np.max(m.nn_raw(scores), -1, keepdims=True)
    e = m.exp(scores - m.nn_const(top))
    weights = e / m.sum_keepdim(e, (scores.ndim - 1,))
    return weights if alive is None else weights * m.nn_const(alive.astype(top.dtype))


def _fused_attention_forward(q, k, v, mask, scale):
    return _attention_weights(q, k, mask, scale, _ARRAY_MATH) @ v


def _fused_attention_grad_scores(g, q, k, v, mask, scale, m):
    weights = _attention_weights(q, k, mask, scale, m)
    d_weights = g @ m.mT(v)
    last = (d_weights.ndim - 1,)
    return weights * (d_weights - m.sum_keepdim(d_weights * weights, last)) * scale


_fused_attention = _silence(Op(
    "ScaledDotProductFlashAttentionForCpuBackward0", _fused_attention_forward,
    lambda g, q, k, v, mask, scale, m: _fused_attention_grad_scores(g, q, k, v, mask, scale,
                                                                    m) @ k,
    lambda g, q, k, v, mask, scale, m: m.mT(_fused_attention_grad_scores(g, q, k, v, mask,
                                                                         scale, m)) @ q,
    lambda g, q, k, mask, scale, m: m.mT(_attention_weights(q, k, mask, scale, m)) @ g,
    inputs="q k v", dtype=None))


def _additive_mask(attn_mask, is_causal, length, source, dtype):
    """A bool (True = may attend) or float mask, or the causal one, as an array to add."""
    if is_causal:
        attn_mask = Tensor._make(np.tril(np.ones((length, source), bool)))
    if attn_mask is None:
        return None
    if attn_mask._dtype.name == "bool":
        return np.where(attn_mask._data, 0, -np.inf).astype(dtype)
    return attn_mask._data.astype(dtype)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    """softmax(query key^T * scale + mask) value, with dropout on the attention weights
    (drawn as `dropout` draws, so the same seed drops the same weights as PyTorch)."""
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                           "set when is_causal=True")
    if not query.dtype is key.dtype is value.dtype:
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got "
                           f"query.dtype: {query.dtype.cpp_name} key.dtype: {key.dtype.cpp_name} and "
                           f"value.dtype: {value.dtype.cpp_name} instead.")
    if not 0.0 <= dropout_p <= 1.0:     # (a RuntimeError here: the kernel's check)
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got "
                           f"{dropout_p}")
    if enable_gqa and key.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        groups = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(groups, -3)
        value = value.repeat_interleave(groups, -3)
    if query.shape[-1] != key.shape[-1]:
        batch = int(np.prod(query.shape[:-2], dtype=np.int64))
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch}, {query.shape[-1]}] but got: [{batch}, {key.shape[-1]}].")
    length, source = query.shape[-2], key.shape[-2]
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    fused = (dropout_p == 0.0 and query.dim() == 4 and query.shape[-1] == value.shape[-1]
             and query.shape[:2] == key.shape[:2] == value.shape[:2])
    if fused:
        mask = _additive_mask(attn_mask, is_causal, length, source, query._data.dtype)
        return _fused_attention(query, key, value, mask=mask, scale=scale)
    scores = ops.matmul(query, key.transpose(-2, -1)) * scale
    if is_causal:
        attn_mask = Tensor._make(np.tril(np.ones((length, source), bool)))
    weights = _safe_softmax(_masked_scores(scores, attn_mask))
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p)
    return ops.matmul(weights, value)


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A bool mask (True = masked out) as a float mask of -inf and 0; a float one as it is."""
    if mask is None:
        return None
    if mask._dtype.name != "bool" and not mask._dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. Use "
                      "same type for both instead.", UserWarning, stacklevel=3)
    if mask._dtype.is_floating_point:
        return mask
    return Tensor._make(np.where(mask._data, -np.inf, 0).astype(target_type.np))


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    if query.dim() not in (2, 3):
        raise AssertionError("query should be unbatched 2D or batched 3D tensor but received "
                             f"{query.dim()}-D query tensor")
    batched = query.dim() == 3
    kind, want, mask_want = (("batched (3-D)", 3, 2) if batched else ("unbatched (2-D)", 2, 1))
    if key.dim() != want or value.dim() != want:
        raise AssertionError(f"For {kind} `query`, expected `key` and `value` to be {want}-D but "
                             f"found {key.dim()}-D and {value.dim()}-D tensors respectively")
    if key_padding_mask is not None and key_padding_mask.dim() != mask_want:
        raise AssertionError(f"For {kind} `query`, expected `key_padding_mask` to be `None` or "
                             f"{mask_want}-D but found {key_padding_mask.dim()}-D tensor instead")
    if attn_mask is not None:
        if attn_mask.dim() not in (2, 3):
            raise AssertionError(f"For {kind} `query`, expected `attn_mask` to be `None`, 2-D "
                                 f"or 3-D but found {attn_mask.dim()}-D tensor instead")
        if not batched and attn_mask.dim() == 3:
            expected = (num_heads, query.shape[0], key.shape[0])
            if tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                     f"{attn_mask.shape}")
    return batched


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """PyTorch's multi-head attention, step for step: project, split into heads, attend,
    merge heads, project out. Inputs are (L, N, E) (or (L, E) unbatched)."""
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       None if attn_mask is None else attn_mask.dtype,
                                       "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None      # scaled_dot_product_attention builds the causal mask itself
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but "
                             f"got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
        b_q, b_k, b_v = (None,) * 3 if in_proj_bias is None else in_proj_bias.chunk(3)
        q = linear(query, q_proj_weight, b_q)
        k = linear(key, k_proj_weight, b_k)
        v = linear(value, v_proj_weight, b_v)
    else:
        if key.shape != value.shape:
            raise AssertionError(f"key shape {key.shape} does not match value shape "
                                 f"{value.shape}")
        w_q, w_k, w_v = in_proj_weight.chunk(3)
        b_q, b_k, b_v = (None,) * 3 if in_proj_bias is None else in_proj_bias.chunk(3)
        q, k, v = linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)
    src_len = key.shape[0]
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but "
                                   f"should be {(tgt_len, src_len)}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should "
                               f"be {(bsz * num_heads, tgt_len, src_len)}.")
    if bias_k is not None and bias_v is not None:
        k = ops.cat([k, bias_k.repeat(1, bsz, 1)])
        v = ops.cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = (k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1) if static_k is None
         else static_k)
    v = (v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1) if static_v is None
         else static_v)
    if add_zero_attn:
        zeros = Tensor._make(np.zeros((bsz * num_heads, 1, head_dim), k._data.dtype))
        k = ops.cat([k, zeros], 1)
        v = ops.cat([v, zeros], 1)
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))
    src_len = k.shape[1]
    if key_padding_mask is not None:
        if key_padding_mask.shape[0] != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got "
                                 f"{key_padding_mask.shape[0]}")
        if key_padding_mask.shape[1] != src_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {src_len}, but got "
                                 f"{key_padding_mask.shape[1]}")
        key_padding_mask = (key_padding_mask.reshape(bsz, 1, 1, src_len)
                            .expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, src_len))
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask
    if not training:
        dropout_p = 0.0
    if need_weights:
        scores = ops.bmm(q * math.sqrt(1.0 / float(q.shape[-1])), k.transpose(-2, -1))
        if attn_mask is not None:
            scores = scores + attn_mask
        weights = softmax(scores, dim=-1)
        if dropout_p > 0.0:
            weights = dropout(weights, p=dropout_p)
        out = ops.bmm(weights, v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = linear(out, out_proj_weight, out_proj_bias).view(tgt_len, bsz, -1)
        weights = weights.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights
    if attn_mask is not None:
        attn_mask = (attn_mask.unsqueeze(0) if attn_mask.shape[0] == 1 and attn_mask.dim() == 3
                     else attn_mask.reshape(bsz, num_heads, -1, src_len))
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = linear(out, out_proj_weight, out_proj_bias).view(tgt_len, bsz, -1)
    return (out if batched else out.squeeze(1)), None
