"""torch.linalg: inverse, determinant, solve, cholesky, triangular solves and norms."""
from .ops.linalg import LinAlgError, cholesky, det, inv, solve, solve_triangular
from .ops.linalg import matrix_norm, norm, vector_norm
from ._svd import linalg_svd as svd, svdvals

__all__ = ["LinAlgError", "cholesky", "det", "inv", "solve", "solve_triangular", "norm",
           "vector_norm", "matrix_norm", "svd", "svdvals"]
