"""JVP rules (forward-mode AD): the tangent of an op's output from its inputs' tangents.

Every op gets its JVP from one of four rules, chosen per op object in `RULES`:

    elementwise   pointwise ops: the Jacobian is diagonal, hence symmetric, so the op's own
                  derivative applied to the tangent (`g = t`) is the JVP
    linear        views, reductions such as sum/mean, copies: the JVP is the op itself
                  applied to the tangent
    multilinear   products (mm, mv, dot, ...): one term per input, that input replaced by
                  its tangent (the product rule)
    (and a few direct formulas, like the 2-norm's <x, t> / |x|)
    transposed    every other op: the JVP is linear in the tangent, so it is the gradient
                  with respect to `u` of <vjp(u), t> -- a second reverse pass through the op's
                  own derivatives. Correct for every op, slower than a direct rule.

Rules run on tensors (recorded when grad mode is on), so reverse mode can differentiate
through tangents and forward mode works over reverse.
"""
from . import indexing, linalg, pointwise, reduction, shape
from ._op import Op, TensorMath
from .. import _tensor
from .._backend import xp
from ..autograd import grad_mode


# what forward_ad.unpack_dual returns as the primal: a view of the dual tensor, recorded as
# PyTorch records it (node `Identity`)
identity = Op("Identity", lambda x: x.view(), lambda g: g, inputs="x", dtype=None, view=True)


def derivative_value(op, k, args, attrs, out, g):
    """The op's derivative for input `k` with incoming gradient `g`, on tensors: the VJP
    J_k^T g, reading what it needs from the call (the values a node would have saved)."""
    derivative = op.derivatives[0] if op.variadic else op.derivatives[k]
    reads = op.reads[0] if op.variadic else op.reads[k]
    values = []
    for r in reads:
        if r == "g":
            values.append(g)
        elif r == "m":
            values.append(TensorMath)
        elif r == "i":
            values.append(k)
        elif r == "out":
            values.append(out)
        elif r in op.inputs:
            values.append(args[k] if op.variadic else args[op.inputs.index(r)])
        elif r.endswith("_shape") and r[:-6] in op.inputs:
            values.append(args[op.inputs.index(r[:-6])]._data.shape)
        else:
            values.append(attrs[r] if r in attrs else op.defaults[r])
    return derivative(*values)


def _differentiable(op, k):
    return (op.derivatives[0] if op.variadic else op.derivatives[k]) is not None


def elementwise(op, args, tangents, attrs, out):
    total = None
    for k, t in enumerate(tangents):
        if t is not None and _differentiable(op, k):
            term = derivative_value(op, k, args, attrs, out, t)
            total = term if total is None else total + term
    return total


def linear(op, args, tangents, attrs, out):
    return op(tangents[0], *args[1:], **attrs)


def multilinear(op, args, tangents, attrs, out):
    total = None
    for k, t in enumerate(tangents):
        if t is not None:
            term = op(*args[:k], t, *args[k + 1:], **attrs)
            total = term if total is None else total + term
    return total


def variadic_linear(op, args, tangents, attrs, out):
    return op(*[_zeros_like(a) if t is None else t for a, t in zip(args, tangents)], **attrs)


def transposed(op, args, tangents, attrs, out):
    """d/du <vjp(u), t> at u = 0: the JVP from the op's reverse derivatives."""
    from ..autograd import grad
    from . import sum_to_tensor
    keep_graph = grad_mode.is_grad_enabled()   # the tangent must stay differentiable then
    u = _zeros_like(out).requires_grad_()
    with grad_mode.enable_grad():
        total = None
        for k, (a, t) in enumerate(zip(args, tangents)):
            if t is None or not _differentiable(op, k):
                continue
            v = derivative_value(op, k, args, attrs, out, u)
            if v._data.shape != a._data.shape:   # undo broadcasting, as the engine would
                v = sum_to_tensor(v, a._data.shape)
            term = (v * t).sum()
            total = term if total is None else total + term
    if total is None or not total.requires_grad:
        return _zeros_like(out)
    tangent, = grad(total, u, create_graph=keep_graph, allow_unused=True,
                    materialize_grads=True)
    return tangent


def vector_norm(op, args, tangents, attrs, out):
    """The 2-norm's JVP, <x, t> / |x| (0 where the norm is 0); other orders: transposed."""
    if attrs.get("ord", 2) != 2:
        return transposed(op, args, tangents, attrs, out)
    from .pointwise import where
    from .reduction import sum as reduce_sum
    x, t = args[0], tangents[0]
    inner = reduce_sum(x * t, attrs["dims"], keepdim=attrs["keepdim"])
    return where(out == 0, inner * 0, inner / out)


def _zeros_like(t):
    return _tensor.Tensor._make(xp.zeros_like(t._data))


def _ops(module, names):
    # an op renamed in its family file is simply missing here: it gets the transposed rule
    return [op for op in (getattr(module, n, None) for n in names.split())
            if isinstance(op, Op)]


RULES = {}
for _rule, _module, _names in (
        (elementwise, pointwise,
         "neg abs sign exp exp2 expm1 log log2 log10 log1p sqrt rsqrt sin cos tan asin acos "
         "atan sinh cosh tanh sigmoid relu reciprocal floor ceil trunc frac _round erf _add "
         "_sub _rsub mul _div _div_trunc floor_divide remainder fmod atan2 _pow_scalar "
         "_pow_tensor _rpow maximum minimum fmax fmin _lerp _clamp _where _round_decimals "
         "_div_floor _remainder_scalar _remainder _fmod_scalar _fmod _maximum _minimum _fmax "
         "_fmin _lerp_tensor _clamp_tensor _clamp_min _clamp_max _nan_to_num"),
        (linear, shape,
         "_view _unsafe_view _transpose _t _permute _unsqueeze _squeeze_all _squeeze_dim "
         "_expand _clone _to_copy _select _slice _index _alias _getitem_raw _split_piece "
         "_split_sizes_piece _unbind_piece _flip _roll _repeat _tril _triu _index_backward "
         "_take_region _embed_region _unsqueeze_inplace _squeeze_all_inplace "
         "_squeeze_dim_inplace _transpose_inplace _t_inplace"),
        (linear, reduction, "_sum_all _sum_dim _mean_all _mean_dim _cumsum"),
        (linear, linalg, "_diagonal _diag_vector _trace _squeeze_row _diag_embed _diag_matrix"),
        (linear, indexing, "_index_select _take _masked_select _gather_op"),
        (multilinear, linalg, "_dot _mv _mm _matmul _outer _bmm"),
        (variadic_linear, shape, "_cat _stack"),
        (vector_norm, reduction, "_norm")):
    for _op_ in _ops(_module, _names):
        RULES[_op_] = _rule


def tangent(op, args, tangents, attrs, out):
    """The tangent of `out = op(*args, **attrs)`, shaped and typed like `out`."""
    with xp.errstate(all="ignore"):   # inf/nan tangents are values, never NumPy warnings
        t = RULES.get(op, transposed)(op, args, tangents, attrs, out)
    if t._data.shape != out._data.shape:
        t = t.expand(out._data.shape).clone()
    if t._dtype is not out._dtype:
        t = t.to(out._dtype)
    return t
