"""The singular value decomposition, A = U diag(S) Vh, with its gradient.

Its three outputs come from one node, LinalgSvdBackward0, as in PyTorch; the gradient is
written in tensor ops, so it is differentiable again. For real A with k = min(m, n) and
E[j, l] = S[l]^2 - S[j]^2 (1 on the diagonal), skew(X) = X - X^T:

    gA = U [ (skew(U^T gU) / E) S + S (skew(V^T gV) / E) + diag(gS) ] Vh
         + (I - U U^T) gU S^-1 Vh            (when m > k)
         + U S^-1 gV^T (I - V V^T)            (when n > k)

(the formula of PyTorch's `svd_backward`; it assumes distinct singular values, and is
independent of the sign choice of each singular pair only for losses that are).
"""
import numpy as np

from . import _factories
from ._tensor import Tensor
from .autograd.function import Function
from .ops._op import method
from .ops.linalg import in_single, low_precision_check


class LinalgSvd(Function):
    @staticmethod
    def forward(ctx, A, full_matrices):
        U, S, Vh = (Tensor._make(np.ascontiguousarray(a)) for a in
                    in_single(np.linalg.svd)(A._data, full_matrices=full_matrices))
        ctx.save_for_backward(U, S, Vh)
        return U, S, Vh

    @staticmethod
    def backward(ctx, gU, gS, gVh):
        U, S, Vh = ctx.saved_tensors
        k = S.shape[-1]
        m, n = U.shape[-2], Vh.shape[-1]
        U, gU = U[..., :k], gU[..., :k]          # full_matrices: only k columns are defined
        Vh, gVh = Vh[..., :k, :], gVh[..., :k, :]
        V, gV = Vh.mT, gVh.mT
        UtgU, VtgV = U.mT @ gU, Vh @ gV
        S2 = S * S
        eye = _factories.eye(k, dtype=S.dtype)
        E = S2.unsqueeze(-2) - S2.unsqueeze(-1) + eye
        Srow, Scol = S.unsqueeze(-2), S.unsqueeze(-1)
        inner = ((UtgU - UtgU.mT) / E) * Srow + Scol * ((VtgV - VtgV.mT) / E) + \
            gS.unsqueeze(-1) * eye
        gA = U @ inner @ Vh
        if m > k:
            gA = gA + ((gU - U @ UtgU) / Srow) @ Vh
        if n > k:
            gA = gA + U @ ((gV - V @ VtgV) / Srow).mT
        return gA, None


# PyTorch's node name for the decomposition
LinalgSvd._backward_cls.__name__ = LinalgSvd._backward_cls.__qualname__ = "LinalgSvdBackward0"


def _check(A, name):
    if not isinstance(A, Tensor):
        raise TypeError(f"{name}(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if A.dim() < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if not A.dtype.is_floating_point:
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. "
                           f"Got {A.dtype.scalar_name}")
    low_precision_check(A, "linalg.svd")


def linalg_svd(A, full_matrices=True, *, driver=None, out=None):
    """torch.linalg.svd: (U, S, Vh) with A = U diag(S) Vh."""
    from . import return_types
    _check(A, "linalg.svd")
    return return_types.linalg_svd(LinalgSvd.apply(A, full_matrices))


def svdvals(A, *, driver=None, out=None):
    _check(A, "linalg.svd")   # PyTorch names the decomposition in its messages
    return LinalgSvd.apply(A, False)[1]


@method
def svd(input, some=True, compute_uv=True, *, out=None):
    """torch.svd: (U, S, V) with input = U diag(S) V^T (V, not Vh)."""
    from . import return_types
    _check(input, "linalg.svd")
    if not compute_uv:
        m, n = input.shape[-2], input.shape[-1]
        S = svdvals(input)
        batch = tuple(input.shape[:-2])
        return return_types.svd((_factories.zeros(batch + (m, m), dtype=input.dtype), S,
                                 _factories.zeros(batch + (n, n), dtype=input.dtype)))
    U, S, Vh = LinalgSvd.apply(input, not some)
    return return_types.svd((U, S, Vh.mT))
