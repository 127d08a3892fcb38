"""torch.linalg: inverse, determinant, solve and norms."""
from .ops.linalg import LinAlgError, det, inv, solve
from .ops.linalg import matrix_norm, norm, vector_norm
from ._svd import linalg_svd as svd, svdvals

__all__ = ["LinAlgError", "det", "inv", "solve", "norm", "vector_norm", "matrix_norm", "svd",
           "svdvals"]
