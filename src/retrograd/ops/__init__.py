"""The op table: every op declared once, by family, with its derivatives beside it.

    pointwise  unary math, arithmetic, comparisons, logic, where, clamp
    reduction  sum, mean, norm, prod, ...
    linalg     dot, mv, mm, matmul, outer
    shape      views, copies, cat/stack, indexing and in-place writes

`_op` holds the form of an entry (`Op`) and the two math namespaces derivatives run on.
"""
from . import _op
from ._op import Op, TensorMethods, TensorMath, ArrayMath  # noqa: F401
from .pointwise import *  # noqa: F401,F403
from .pointwise import (abs, add, div, floor_divide, lerp, mul, neg, pow, rdiv, remainder,  # noqa: F401
                        round, rpow, rsub, sub, where, _write_out)
from .reduction import mean, norm, prod, sum, vector_norm  # noqa: F401
from .linalg import dot, inner, matmul, mm, mv, outer  # noqa: F401
from .shape import *  # noqa: F401,F403
from .shape import cat, concat, getitem, setitem, stack, permute, transpose  # noqa: F401
from .shape import view_as  # noqa: F401
from .reduction import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .indexing import *  # noqa: F401,F403
from .special import *  # noqa: F401,F403


def sum_to_tensor(g, shape):
    """Differentiable `sum_to` (undo broadcasting) for create_graph backward passes."""
    lead = g._data.ndim - len(shape)
    dims = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape)
                                      if n == 1 and g._data.shape[i + lead] != 1)
    if dims:
        g = sum(g, dims, keepdim=True)
    return g.reshape(shape) if lead else g


# x.softmax(dim) and x.log_softmax(dim) are Tensor methods; they live in nn.functional,
# which loads on first use (nn.functional puts its own functions in their place)
@_op.method
def softmax(input, dim=None, dtype=None):
    from ..nn.functional import softmax
    return softmax(input, dim, dtype=dtype)


@_op.method
def log_softmax(input, dim=None, dtype=None):
    from ..nn.functional import log_softmax
    return log_softmax(input, dim, dtype=dtype)
