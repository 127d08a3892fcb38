"""The op table's test cases: one entry per op (and per overload worth telling apart),
run against PyTorch by tools/gen_golden_ops.py (recorded in tests/golden/ops.json) and
against retrograd by tests/test_ops_golden.py.

A case is `fn(T, *inputs)` with `T` the library (torch or retrograd) and the inputs drawn
from a named domain, so the same code runs on both. Inputs of a `grad` case are the
differentiable ones: the tests compare the node name, the gradient with PyTorch's, and
check first and second derivatives against finite differences in float64.
"""
import zlib

import numpy as np


class Case:
    def __init__(self, name, op, fn, inputs, grad=True, dtype="float32", order=2, rtol=1e-5):
        self.name = name          # unique id
        self.op = op              # the PyTorch op this case covers (for docs/ops.md)
        self.fn = fn
        self.inputs = inputs      # ((shape, domain), ...)
        self.grad = grad          # the inputs are differentiable; check gradients
        self.dtype = dtype        # dtype of float inputs in the forward comparison
        self.order = order        # highest derivative checked against finite differences
        #                           (0: none, where the op has no derivative to check there)
        self.rtol = rtol


def make_inputs(case):
    """The case's input arrays: deterministic per case name, in each input's domain."""
    rng = np.random.default_rng(zlib.crc32(case.name.encode()))
    return [_draw(rng, shape, domain) for shape, domain in case.inputs]


def _draw(rng, shape, domain):
    n = int(np.prod(shape))
    if domain == "real":
        return rng.standard_normal(shape)
    if domain == "pos":
        return rng.uniform(0.5, 2.0, shape)
    if domain == "unit":
        return rng.uniform(-0.9, 0.9, shape)
    if domain == "away":         # |x| in [0.5, 2]: away from kinks at 0
        return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    if domain == "distinct":     # well separated values: no ties for sort/max/median
        return (rng.permutation(n).reshape(shape) + rng.uniform(0.2, 0.8, shape)) * 0.5
    if domain == "withzero":     # one exact zero per row: products with a zero in them
        x = rng.uniform(0.5, 2.0, shape)
        x[..., 0] = 0.0
        return x
    if domain == "int":
        return rng.integers(-5, 6, shape).astype(np.int64)
    if domain == "natural":
        return rng.integers(1, 6, shape).astype(np.int64)
    if domain == "bool":
        return rng.random(shape) < 0.5
    if domain == "wellcond":     # square matrices far from singular
        return rng.standard_normal(shape) + 3 * np.eye(shape[-1])
    if domain == "special":      # nan, inf, -inf, zero, ordinary values
        return rng.choice(np.array([np.nan, np.inf, -np.inf, 0.0, 1.5, -2.0]), shape)
    raise ValueError(domain)


def _i(T, values):
    return T.tensor(values)


def weights(shape):
    """A fixed, irregular weighting of an output, so that <out, w> sees every element."""
    n = int(np.prod(shape))
    return np.cos(np.arange(n) * 1.3 + 0.5).reshape(shape)


def to_lib(T, arrays, float_dtype, requires_grad=False):
    """The arrays as tensors of library T: floats in `float_dtype`, ints and bools as they are."""
    out = []
    for a in arrays:
        if a.dtype.kind == "f":
            t = T.tensor(a, dtype=getattr(T, float_dtype))
            if requires_grad:
                t.requires_grad_()
        else:
            t = T.tensor(a)
        out.append(t)
    return out


def encode(value):
    """A result as JSON-able data: tensors as dtype, shape and values."""
    if isinstance(value, (bool, int, float)):
        return {"py": value}
    data = value.detach().numpy()
    return {"dtype": str(value.dtype), "shape": list(data.shape),
            "values": data.reshape(-1).tolist()}


def run(T, case, arrays):
    """Run a case under library T: the forward (float inputs in case.dtype) and, for grad
    cases, the node name and the float64 gradients of <out, weights>."""
    out = case.fn(T, *to_lib(T, arrays, case.dtype))
    record = {"out": encode(out), "node": None, "grads": None}
    if case.grad:
        xs = to_lib(T, arrays, "float64", requires_grad=True)
        y = case.fn(T, *xs)
        # the class name is what prints (`<CopySlices object at ...>`)
        record["node"] = type(y.grad_fn).__name__ if y.grad_fn is not None else None
        total = (y * T.tensor(weights(tuple(y.shape)))).sum()
        grads = T.autograd.grad(total, [x for x in xs if x.requires_grad], allow_unused=True)
        record["grads"] = [None if g is None else g.numpy().reshape(-1).tolist()
                           for g in grads]
    return record


def run_error(T, fn):
    try:
        fn(T)
    except Exception as e:  # noqa: BLE001 - any exception is the recorded behaviour
        return {"type": type(e).__name__, "message": str(e)}
    return {"type": None, "message": None}


def run_program(T, source):
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, {"torch": T})
    return out.getvalue()


R34, R4, R3 = ((3, 4), "real"), ((4,), "real"), ((3,), "real")
P34, U34, A34, D34 = ((3, 4), "pos"), ((3, 4), "unit"), ((3, 4), "away"), ((3, 4), "distinct")
S0 = ((), "real")

CASES = []


def case(*args, **kwargs):
    CASES.append(Case(*args, **kwargs))


# --- pointwise unary ----------------------------------------------------------------------
for _name, _domain in [("abs", "away"), ("neg", "real"), ("sign", "away"), ("exp", "real"),
                       ("exp2", "real"), ("expm1", "real"), ("log", "pos"), ("log2", "pos"),
                       ("log10", "pos"), ("log1p", "pos"), ("sqrt", "pos"), ("rsqrt", "pos"),
                       ("square", "real"), ("sin", "real"), ("cos", "real"), ("tan", "unit"),
                       ("asin", "unit"), ("acos", "unit"), ("atan", "real"), ("sinh", "real"),
                       ("cosh", "real"), ("tanh", "real"), ("sigmoid", "real"),
                       ("erf", "real"), ("floor", "real"), ("ceil", "real"), ("round", "real"),
                       ("trunc", "real"), ("frac", "real"), ("reciprocal", "away"),
                       ("relu", "away")]:
    case(_name, _name, (lambda n: lambda T, x: getattr(T, n)(x))(_name), [((3, 4), _domain)])
    case(_name + "_method_0dim", _name, (lambda n: lambda T, x: getattr(x, n)())(_name),
         [((), _domain)])
for _name in ["abs", "neg", "sign", "exp", "log", "sqrt", "sin", "sigmoid", "floor", "round",
              "square"]:
    case(_name + "_int", _name, (lambda n: lambda T, x: getattr(T, n)(x))(_name),
         [((5,), "natural")], grad=False)
case("round_decimals", "round", lambda T, x: T.round(x * 10, decimals=1), [R34])
case("nan_to_num", "nan_to_num", lambda T, x: T.nan_to_num(x), [((3, 4), "special")],
     grad=False)
case("nan_to_num_args", "nan_to_num", lambda T, x: x.nan_to_num(1.0, 2.0, -3.0),
     [((3, 4), "special")], grad=False)
case("nan_to_num_grad", "nan_to_num", lambda T, x: T.nan_to_num(x / x.abs().sign()), [A34])
case("clamp", "clamp", lambda T, x: T.clamp(x, -0.5, 0.5), [R34])
case("clamp_min_only", "clamp", lambda T, x: x.clamp(min=0.1), [R34])
case("clamp_tensor", "clamp", lambda T, x, lo, hi: T.clamp(x, lo, hi),
     [R34, ((4,), "real"), ((3, 1), "real")])
case("clip", "clip", lambda T, x: T.clip(x, -0.5, 0.5), [R34])
case("clamp_int_float", "clamp", lambda T, x: T.clamp(x, 0.5), [((5,), "int")], grad=False)
case("isnan", "isnan", lambda T, x: T.isnan(x), [((6,), "special")], grad=False)
case("isinf", "isinf", lambda T, x: T.isinf(x), [((6,), "special")], grad=False)
case("isfinite", "isfinite", lambda T, x: T.isfinite(x), [((6,), "special")], grad=False)
case("logical_not", "logical_not", lambda T, x: T.logical_not(x), [((5,), "int")], grad=False)

# --- pointwise binary ---------------------------------------------------------------------
case("add", "add", lambda T, x, y: T.add(x, y), [R34, R4])
case("add_alpha", "add", lambda T, x, y: T.add(x, y, alpha=2.5), [R34, R34])
case("add_scalar", "add", lambda T, x: x + 2, [R34])
case("sub", "sub", lambda T, x, y: T.sub(x, y), [R34, ((3, 1), "real")])
case("sub_alpha", "sub", lambda T, x, y: x.sub(y, alpha=3), [R34, R4])
case("rsub", "sub", lambda T, x: 1 - x, [R34])
case("mul", "mul", lambda T, x, y: T.mul(x, y), [R34, R4])
case("mul_0dim", "mul", lambda T, x, y: x * y, [R34, S0])
case("div", "div", lambda T, x, y: T.div(x, y), [R34, ((4,), "away")])
case("div_trunc", "div", lambda T, x: T.div(x * 5, 2, rounding_mode="trunc"), [R34])
case("div_floor", "div", lambda T, x: T.div(x * 5, 2, rounding_mode="floor"), [R34])
case("div_int_trunc", "div", lambda T, x, y: T.div(x, y, rounding_mode="trunc"),
     [((6,), "int"), ((6,), "natural")], grad=False)
case("div_int_floor", "div", lambda T, x, y: T.div(x, y, rounding_mode="floor"),
     [((6,), "int"), ((6,), "natural")], grad=False)
case("div_int_true", "div", lambda T, x, y: x / y, [((6,), "int"), ((6,), "natural")],
     grad=False)
case("true_divide", "true_divide", lambda T, x, y: T.true_divide(x, y), [R34, P34])
case("rdiv", "div", lambda T, x: 2 / x, [A34])
case("floor_divide", "floor_divide", lambda T, x, y: T.floor_divide(x, y),
     [((6,), "int"), ((6,), "natural")], grad=False)
case("floor_divide_float", "floor_divide", lambda T, x: x // 0.7, [R34], grad=False)
case("fmod", "fmod", lambda T, x: T.fmod(x * 3, 1.3), [R34])
case("fmod_tensor", "fmod", lambda T, x, y: T.fmod(x * 3, y), [R34, P34])
case("fmod_int", "fmod", lambda T, x: T.fmod(x, 3), [((6,), "int")], grad=False)
case("remainder", "remainder", lambda T, x: T.remainder(x * 3, 1.3), [R34])
case("remainder_tensor", "remainder", lambda T, x, y: T.remainder(x * 3, y), [R34, P34])
case("remainder_int", "remainder", lambda T, x: x % -3, [((6,), "int")], grad=False)
case("pow_scalar", "pow", lambda T, x: T.pow(x, 3), [R34])
case("pow_tensor", "pow", lambda T, x, y: T.pow(x, y), [P34, R34])
case("pow_rscalar", "pow", lambda T, x: 2 ** x, [R34])
case("pow_int", "pow", lambda T, x: x ** 2, [((6,), "int")], grad=False)
case("atan2", "atan2", lambda T, x, y: T.atan2(x, y), [R34, A34])
case("maximum", "maximum", lambda T, x, y: T.maximum(x, y), [R34, R4])
case("minimum", "minimum", lambda T, x, y: T.minimum(x, y), [R34, R4])
# at a tie the op is not differentiable: only PyTorch's convention (split evenly) is checked
case("maximum_ties", "maximum", lambda T, x: T.maximum(x, x.detach() * 1), [R34], order=0)
case("lerp", "lerp", lambda T, x, y: T.lerp(x, y, 0.3), [R34, R4])
case("lerp_tensor", "lerp", lambda T, x, y, w: T.lerp(x, y, w), [R34, R34, R4])
case("where", "where", lambda T, x, y: T.where(x > 0, x, y), [A34, R4])
case("where_scalar", "where", lambda T, x: T.where(x > 0, x, 0.0), [A34])
for _name in ["eq", "ne", "lt", "le", "gt", "ge"]:
    case(_name, _name, (lambda n: lambda T, x, y: getattr(T, n)(x.round(), y.round()))(_name),
         [R34, R4], grad=False)
case("eq_scalar", "eq", lambda T, x: x == 2, [((6,), "int")], grad=False)
for _name in ["logical_and", "logical_or", "logical_xor"]:
    case(_name, _name, (lambda n: lambda T, x, y: getattr(T, n)(x, y))(_name),
         [((5,), "int"), ((5,), "bool")], grad=False)
case("isclose", "isclose", lambda T, x, y: T.isclose(x, x + y * 1e-6), [R34, R34], grad=False)
case("isclose_nan", "isclose", lambda T, x: T.isclose(x, x, equal_nan=True),
     [((6,), "special")], grad=False)
case("allclose", "allclose", lambda T, x: T.allclose(x, x + 1e-9), [R34], grad=False)
case("allclose_false", "allclose", lambda T, x: T.allclose(x, x + 1e-3), [R34], grad=False)
case("equal", "equal", lambda T, x: T.equal(x, x.clone()), [R34], grad=False)
case("equal_shape", "equal", lambda T, x: T.equal(x, x[:2]), [R34], grad=False)

# --- reductions ---------------------------------------------------------------------------
case("sum", "sum", lambda T, x: T.sum(x), [R34])
case("sum_dim", "sum", lambda T, x: x.sum(dim=(0, 2), keepdim=True), [((2, 3, 4), "real")])
case("sum_int", "sum", lambda T, x: x.sum(0), [((3, 4), "int")], grad=False)
case("sum_bool", "sum", lambda T, x: x.sum(), [((3, 4), "bool")], grad=False)
case("sum_dtype", "sum", lambda T, x: x.sum(1, dtype=T.float64), [R34])
case("mean", "mean", lambda T, x: T.mean(x), [R34])
case("mean_dim", "mean", lambda T, x: x.mean(-1, keepdim=True), [R34])
case("prod", "prod", lambda T, x: T.prod(x), [((2, 3), "away")])
case("prod_dim", "prod", lambda T, x: x.prod(1), [R34])
case("prod_zero", "prod", lambda T, x: x.prod(1), [((3, 4), "withzero")])
case("prod_zero_all", "prod", lambda T, x: x.prod(), [((2, 3), "withzero")])
case("prod_zero_row", "prod", lambda T, x: x.prod(0), [((4, 3), "withzero")])
case("prod_int", "prod", lambda T, x: x.prod(), [((4,), "natural")], grad=False)
case("max", "max", lambda T, x: T.max(x), [D34])
case("max_ties", "max", lambda T, x: x.round().max(), [((2, 2), "natural")], grad=False)
case("max_dim", "max", lambda T, x: T.max(x, 1).values, [D34])
case("max_dim_keepdim", "max", lambda T, x: x.max(0, keepdim=True)[0], [D34])
case("max_dim_indices", "max", lambda T, x: x.max(1).indices, [D34], grad=False)
case("max_binary", "max", lambda T, x, y: T.max(x, y), [R34, R4])
case("min", "min", lambda T, x: T.min(x), [D34])
case("min_dim", "min", lambda T, x: x.min(dim=0).values, [D34])
case("min_dim_indices", "min", lambda T, x: x.min(-1, True).indices, [D34], grad=False)
case("amax", "amax", lambda T, x: T.amax(x, 1), [D34])
case("amax_all", "amax", lambda T, x: x.amax(), [D34])
case("amin", "amin", lambda T, x: T.amin(x, (0, 1), keepdim=True), [D34])
case("argmax", "argmax", lambda T, x: T.argmax(x), [D34], grad=False)
case("argmax_dim", "argmax", lambda T, x: x.argmax(1, keepdim=True), [D34], grad=False)
case("argmin", "argmin", lambda T, x: T.argmin(x, 0), [D34], grad=False)
case("std", "std", lambda T, x: T.std(x), [R34])
case("std_dim", "std", lambda T, x: x.std(1, keepdim=True), [R34])
case("std_correction", "std", lambda T, x: x.std(0, correction=0), [R34])
case("std_unbiased", "std", lambda T, x: x.std(1, False), [R34])
case("var", "var", lambda T, x: T.var(x), [R34])
case("var_dim", "var", lambda T, x: x.var((0, 1), correction=2), [R34])
case("norm", "norm", lambda T, x: T.norm(x), [R34])
case("dist", "dist", lambda T, x, y: T.dist(x, y), [R34, R4])
case("dist_p1", "dist", lambda T, x, y: x.dist(y, p=1), [A34, ((3, 4), "real")])
case("dist_p3", "dist", lambda T, x, y: T.dist(x, y, 3), [R34, R34])
case("dist_inf", "dist", lambda T, x, y: T.dist(x, y, float("inf")), [D34, ((3, 4), "real")])
case("logsigmoid", "nn.functional.logsigmoid", lambda T, x: T.nn.functional.logsigmoid(x),
     [R34])
case("torch_softmax", "softmax", lambda T, x: T.softmax(x, 1), [R34])
case("torch_log_softmax", "log_softmax", lambda T, x: T.log_softmax(x, 0), [R34])
case("norm_p", "norm", lambda T, x: x.norm(p=3, dim=1), [A34])
case("norm_p1", "norm", lambda T, x: x.norm(p=1), [A34])
case("vector_norm", "linalg.vector_norm", lambda T, x: T.linalg.vector_norm(x, ord=3), [A34])
case("vector_norm_inf", "linalg.vector_norm",
     lambda T, x: T.linalg.vector_norm(x, ord=float("inf"), dim=0), [D34])
case("linalg_norm", "linalg.norm", lambda T, x: T.linalg.norm(x), [R34])
case("linalg_norm_1", "linalg.norm", lambda T, x: T.linalg.norm(x, 1), [D34])
case("linalg_norm_inf", "linalg.norm", lambda T, x: T.linalg.norm(x, float("inf")), [D34])
case("linalg_norm_dim", "linalg.norm", lambda T, x: T.linalg.norm(x, dim=1), [R34])
case("logsumexp", "logsumexp", lambda T, x: T.logsumexp(x, 1), [R34])
case("logsumexp_keepdim", "logsumexp", lambda T, x: x.logsumexp((0, 1), keepdim=True), [R34])
case("logsumexp_inf", "logsumexp", lambda T, x: x.logsumexp(0), [((6,), "special")],
     grad=False)
case("cumsum", "cumsum", lambda T, x: T.cumsum(x, 1), [R34])
case("cumsum_int", "cumsum", lambda T, x: x.cumsum(0), [((5,), "int")], grad=False)
case("cumprod", "cumprod", lambda T, x: T.cumprod(x, 1), [R34])
case("cumprod_zero", "cumprod", lambda T, x: T.cumprod(x, 1), [((2, 5), "withzero")])
case("all", "all", lambda T, x: T.all(x), [((3, 4), "int")], grad=False)
case("all_dim", "all", lambda T, x: x.all(1), [((3, 4), "bool")], grad=False)
case("any", "any", lambda T, x: T.any(x, 0), [((3, 4), "bool")], grad=False)
case("count_nonzero", "count_nonzero", lambda T, x: T.count_nonzero(x, 1), [((3, 4), "int")],
     grad=False)
case("sort", "sort", lambda T, x: T.sort(x, 1).values, [D34])
case("sort_desc", "sort", lambda T, x: x.sort(0, descending=True)[0], [D34])
case("sort_indices", "sort", lambda T, x: x.sort(descending=True).indices, [D34], grad=False)
case("sort_stable_ties", "sort", lambda T, x: x.sort(stable=True).indices, [((8,), "int")],
     grad=False)
case("argsort", "argsort", lambda T, x: T.argsort(x, 1), [D34], grad=False)
case("topk", "topk", lambda T, x: T.topk(x, 2).values, [D34])
case("topk_smallest", "topk", lambda T, x: x.topk(2, dim=0, largest=False)[0], [D34])
case("topk_indices", "topk", lambda T, x: x.topk(3).indices, [D34], grad=False)
case("median", "median", lambda T, x: T.median(x), [D34])
case("median_dim", "median", lambda T, x: x.median(1).values, [D34])
case("median_even", "median", lambda T, x: x.median(0).indices, [((4, 3), "distinct")],
     grad=False)
case("kthvalue", "kthvalue", lambda T, x: T.kthvalue(x, 2, 1).values, [D34])

# --- linear algebra -----------------------------------------------------------------------
case("dot", "dot", lambda T, x, y: T.dot(x, y), [R4, R4])
case("mv", "mv", lambda T, x, y: T.mv(x, y), [R34, R4])
case("mm", "mm", lambda T, x, y: T.mm(x, y), [R34, ((4, 2), "real")])
case("bmm", "bmm", lambda T, x, y: T.bmm(x, y), [((2, 3, 4), "real"), ((2, 4, 5), "real")])
case("matmul_vm", "matmul", lambda T, x, y: T.matmul(x, y), [R3, R34])
case("matmul_batched", "matmul", lambda T, x, y: x @ y,
     [((2, 3, 4), "real"), ((4, 2), "real")])
case("matmul_bv", "matmul", lambda T, x, y: x @ y, [((2, 3, 4), "real"), R4])
case("outer", "outer", lambda T, x, y: T.outer(x, y), [R3, R4])
case("addmm", "addmm", lambda T, c, x, y: T.addmm(c, x, y), [((2,), "real"), R34,
                                                             ((4, 2), "real")])
case("addmm_scaled", "addmm", lambda T, c, x, y: T.addmm(c, x, y, beta=0.5, alpha=2),
     [((3, 2), "real"), R34, ((4, 2), "real")])
case("einsum_mm", "einsum", lambda T, x, y: T.einsum("ij,jk->ik", x, y),
     [R34, ((4, 2), "real")])
case("einsum_trace", "einsum", lambda T, x: T.einsum("ii", x), [((3, 3), "real")])
case("einsum_batch", "einsum", lambda T, x, y: T.einsum("bij,bjk->bik", x, y),
     [((2, 3, 4), "real"), ((2, 4, 2), "real")])
case("einsum_ellipsis", "einsum", lambda T, x, y: T.einsum("...i,i->...", x, y), [R34, R4])
case("einsum_implicit", "einsum", lambda T, x, y: T.einsum("ij,kj", x, y), [R34, R34])
case("einsum_list", "einsum", lambda T, x: T.einsum("ij->ji", [x]), [R34])
case("tensordot", "tensordot", lambda T, x, y: T.tensordot(x, y, dims=([1], [0])),
     [R34, ((4, 2), "real")])
case("tensordot_int", "tensordot", lambda T, x, y: T.tensordot(x, y, 2),
     [((2, 3, 4), "real"), R34])
case("trace", "trace", lambda T, x: T.trace(x), [R34])
case("diag_vector", "diag", lambda T, x: T.diag(x), [R4])
case("diag_offset", "diag", lambda T, x: T.diag(x, -1), [R4])
case("diag_matrix", "diag", lambda T, x: T.diag(x, 1), [R34])
case("diagonal", "diagonal", lambda T, x: T.diagonal(x), [R34])
case("diagonal_dims", "diagonal", lambda T, x: x.diagonal(1, 2, 0), [((3, 2, 4), "real")])
case("inv", "linalg.inv", lambda T, x: T.linalg.inv(x), [((3, 3), "wellcond")])
case("inv_batched", "linalg.inv", lambda T, x: T.linalg.inv(x), [((2, 3, 3), "wellcond")])
case("det", "linalg.det", lambda T, x: T.linalg.det(x), [((3, 3), "wellcond")])
case("solve", "linalg.solve", lambda T, a, b: T.linalg.solve(a, b),
     [((3, 3), "wellcond"), ((3, 2), "real")])
case("solve_vector", "linalg.solve", lambda T, a, b: T.linalg.solve(a, b),
     [((2, 3, 3), "wellcond"), ((2, 3), "real")])

case("cholesky", "linalg.cholesky", lambda T, x: T.linalg.cholesky(x @ x.mT),
     [((3, 3), "wellcond")])
case("cholesky_upper_batched", "linalg.cholesky",
     lambda T, x: T.linalg.cholesky(x @ x.mT, upper=True), [((2, 3, 3), "wellcond")])
case("solve_triangular", "linalg.solve_triangular",
     lambda T, a, b: T.linalg.solve_triangular(a.tril(), b, upper=False),
     [((3, 3), "wellcond"), ((3, 2), "real")])
case("solve_triangular_right", "linalg.solve_triangular",
     lambda T, a, b: T.linalg.solve_triangular(a.triu(), b, upper=True, left=False),
     [((3, 3), "wellcond"), ((2, 3), "real")])

# --- special functions --------------------------------------------------------------------
for _name in ["lgamma", "digamma"]:
    case(_name, _name, (lambda n: lambda T, x: getattr(T, n)(x))(_name), [((3, 4), "pos")])
    case(_name + "_method", _name, (lambda n: lambda T, x: getattr(x, n)())(_name), [((5,), "pos")])
case("polygamma_1", "polygamma", lambda T, x: T.polygamma(1, x), [((3, 4), "pos")])
case("polygamma_3", "polygamma", lambda T, x: x.polygamma(3), [((5,), "pos")])
case("xlogy", "xlogy", lambda T, x, y: T.xlogy(x, y), [((3, 4), "real"), ((3, 4), "pos")])
case("xlogy_broadcast", "xlogy", lambda T, x, y: x.xlogy(y), [((3, 1), "pos"), ((4,), "pos")])
case("erfinv", "erfinv", lambda T, x: T.erfinv(x), [((3, 4), "unit")])
case("igamma", "igamma", lambda T, x: T.igamma(T.full_like(x, 1.5), x), [((3, 4), "pos")])

# --- shape and indexing -------------------------------------------------------------------
case("reshape", "reshape", lambda T, x: T.reshape(x, (2, -1)), [R34])
case("reshape_copy", "reshape", lambda T, x: x.t().reshape(12), [R34])
case("view", "view", lambda T, x: x.view(4, 3), [R34])
case("view_as", "view_as", lambda T, x, y: x.view_as(y), [((12,), "real"), R34])
case("flatten", "flatten", lambda T, x: T.flatten(x, 1), [((2, 3, 4), "real")])
case("unflatten", "unflatten", lambda T, x: T.unflatten(x, 1, (2, 2)), [R34])
case("squeeze", "squeeze", lambda T, x: T.squeeze(x), [((3, 1, 4), "real")])
case("squeeze_dim", "squeeze", lambda T, x: x.squeeze(1), [((3, 1, 4), "real")])
case("unsqueeze", "unsqueeze", lambda T, x: T.unsqueeze(x, -1), [R34])
case("transpose", "transpose", lambda T, x: T.transpose(x, 0, 2), [((2, 3, 4), "real")])
case("permute", "permute", lambda T, x: T.permute(x, (2, 0, 1)), [((2, 3, 4), "real")])
case("t", "t", lambda T, x: T.t(x), [R34])
case("T", "T", lambda T, x: x.T, [((2, 3, 4), "real")])
case("mT", "mT", lambda T, x: x.mT, [((2, 3, 4), "real")])
case("expand", "expand", lambda T, x: x.expand(2, 3, 4), [((3, 1), "real")])
case("expand_as", "expand_as", lambda T, x, y: x.expand_as(y), [R4, R34])
case("repeat", "repeat", lambda T, x: x.repeat(2, 1, 3), [R34])
case("repeat_interleave", "repeat_interleave",
     lambda T, x: T.repeat_interleave(x, 2, dim=1), [R34])
case("repeat_interleave_flat", "repeat_interleave", lambda T, x: x.repeat_interleave(3), [R3])
case("repeat_interleave_tensor", "repeat_interleave",
     lambda T, x: x.repeat_interleave(T.tensor([1, 0, 2]), dim=0), [R34])
case("cat", "cat", lambda T, x, y: T.cat([x, y], 1), [R34, ((3, 2), "real")])
case("concat", "concat", lambda T, x, y: T.concat((x, y)), [R34, ((1, 4), "real")])
case("stack", "stack", lambda T, x, y: T.stack([x, y], -1), [R34, R34])
case("split", "split", lambda T, x: T.split(x, 3, 1)[0], [((3, 5), "real")])
case("split_last", "split", lambda T, x: x.split(3, 1)[1], [((3, 5), "real")])
case("split_sizes", "split", lambda T, x: x.split([1, 2], 0)[1], [R34])
case("chunk", "chunk", lambda T, x: T.chunk(x, 3, 1)[1], [((3, 5), "real")])
case("unbind", "unbind", lambda T, x: T.unbind(x, 1)[2], [R34])
case("flip", "flip", lambda T, x: T.flip(x, (0, 1)), [R34])
case("flip_method", "flip", lambda T, x: x.flip(-1), [R34])
case("roll", "roll", lambda T, x: T.roll(x, 1, 0), [R34])
case("roll_multi", "roll", lambda T, x: x.roll((1, -2), (0, 1)), [R34])
case("roll_flat", "roll", lambda T, x: x.roll(5), [R34])
case("narrow", "narrow", lambda T, x: T.narrow(x, 1, 1, 2), [R34])
case("gather", "gather", lambda T, x: T.gather(x, 1, _i(T, [[0, 0, 3], [1, 2, 1], [3, 3, 3]])),
     [R34])
case("gather_dim0", "gather", lambda T, x: x.gather(0, _i(T, [[2, 0, 1, 2]])), [R34])
case("scatter", "scatter", lambda T, x, s: T.scatter(x, 1, _i(T, [[0, 2], [1, 3], [3, 0]]), s),
     [R34, ((3, 2), "real")])
case("scatter_value", "scatter", lambda T, x: x.scatter(0, _i(T, [[2, 0, 1, 2]]), 1.5), [R34])
case("scatter_add", "scatter_add",
     lambda T, x, s: T.scatter_add(x, 1, _i(T, [[0, 0], [1, 3], [3, 3]]), s),
     [R34, ((3, 2), "real")])
case("index_select", "index_select", lambda T, x: T.index_select(x, 1, _i(T, [3, 0, 3])),
     [R34])
case("index_add", "index_add",
     lambda T, x, s: T.index_add(x, 1, _i(T, [3, 0, 3]), s, alpha=2), [R34, ((3, 3), "real")])
case("masked_fill", "masked_fill", lambda T, x: T.masked_fill(x, x > 0, 0.5), [A34])
case("masked_fill_tensor", "masked_fill",
     lambda T, x, v: x.masked_fill(x.detach() > 0, v), [A34, S0])
case("masked_fill_broadcast", "masked_fill",
     lambda T, x: x.masked_fill(_i(T, [True, False, False, True]), -1.0), [R34])
case("masked_select", "masked_select", lambda T, x: T.masked_select(x, x > 0), [A34])
case("masked_select_broadcast", "masked_select",
     lambda T, x: x.masked_select(_i(T, [[True], [False], [True]])), [R34])
case("take", "take", lambda T, x: T.take(x, _i(T, [[0, 11], [5, 5]])), [R34])
case("nonzero", "nonzero", lambda T, x: T.nonzero(x), [((3, 4), "int")], grad=False)
case("argwhere", "argwhere", lambda T, x: T.argwhere(x), [((3, 4), "int")], grad=False)
case("nonzero_tuple", "nonzero", lambda T, x: T.nonzero(x, as_tuple=True)[1],
     [((3, 4), "int")], grad=False)
case("tril", "tril", lambda T, x: T.tril(x), [R34])
case("triu", "triu", lambda T, x: T.triu(x, 1), [R34])
case("tril_batched", "tril", lambda T, x: x.tril(-1), [((2, 3, 3), "real")])
case("contiguous", "contiguous", lambda T, x: x.t().contiguous(), [R34])
case("clone", "clone", lambda T, x: T.clone(x), [R34])
case("movedim", "movedim", lambda T, x: T.movedim(x, 0, -1), [((2, 3, 4), "real")])
case("index_put", "index_put",
     lambda T, x, v: T.index_put(x, (_i(T, [0, 2]),), v), [R34, R4])
case("index_put_accumulate", "index_put",
     lambda T, x, v: x.index_put((_i(T, [0, 0]), _i(T, [1, 1])), v, accumulate=True),
     [R34, ((2,), "real")])
case("getitem_int", "__getitem__", lambda T, x: x[1], [R34])
case("getitem_ints", "__getitem__", lambda T, x: x[1, -1], [R34])
case("getitem_slice_step", "__getitem__", lambda T, x: x[::2, 1::2], [R34])
case("getitem_none_ellipsis", "__getitem__", lambda T, x: x[None, ..., 0], [((2, 3, 4), "real")])
case("getitem_list", "__getitem__", lambda T, x: x[[0, 2, 0]], [R34])
case("getitem_tensor", "__getitem__", lambda T, x: x[_i(T, [[0, 1], [2, 2]])], [R34])
case("getitem_mask", "__getitem__", lambda T, x: x[x > 0], [A34])
case("getitem_mixed", "__getitem__", lambda T, x: x[[0, 2], 1:3], [R34])
case("getitem_two_lists", "__getitem__", lambda T, x: x[[0, 2], [1, 3]], [R34])
case("getitem_row_mask", "__getitem__", lambda T, x: x[_i(T, [True, False, True])], [R34])

# --- conversions --------------------------------------------------------------------------
case("to_double", "to", lambda T, x: x.to(T.float64), [R34])
case("type_double", "type", lambda T, x: x.type(T.float64), [R34])
case("double", "double", lambda T, x: x.double(), [R34])
case("half", "half", lambda T, x: x.half(), [R34], order=0)   # too coarse for differences
case("long", "long", lambda T, x: (x * 3).long(), [R34], grad=False)
case("int", "int", lambda T, x: (x * 3).int(), [R34], grad=False)
case("bool", "bool", lambda T, x: x.bool(), [((5,), "int")], grad=False)
case("float_from_int", "float", lambda T, x: x.float(), [((5,), "int")], grad=False)

# --- in-place: computed on a copy of the input, gradients through the copy ----------------


def _inplace(method, *args, **kwargs):
    def fn(T, x, *rest):
        y = x * 1
        return getattr(y, method)(*(args + rest), **kwargs)
    return fn


for _name, _domain in [("abs_", "away"), ("neg_", "real"), ("exp_", "real"), ("log_", "pos"),
                       ("sqrt_", "pos"), ("sin_", "real"), ("tanh_", "real"),
                       ("sigmoid_", "real"), ("reciprocal_", "away"), ("square_", "real"),
                       ("floor_", "real"), ("round_", "real"), ("frac_", "real"),
                       ("exp2_", "real"), ("erf_", "real")]:
    case(_name, _name, _inplace(_name), [((3, 4), _domain)])
case("cumsum_", "cumsum", _inplace("cumsum_", 1), [R34])
case("cumprod_", "cumprod", _inplace("cumprod_", 0), [R34])
case("tril_", "tril", _inplace("tril_", 1), [R34])
case("triu_", "triu", _inplace("triu_"), [R34])
case("addmm_", "addmm", lambda T, c, x, y: (c * 1).addmm_(x, y, beta=0.5), [((3, 2), "real"),
                                                                          R34, ((4, 2), "real")])
case("unsqueeze_", "unsqueeze", _inplace("unsqueeze_", 1), [R34])
case("squeeze_", "squeeze", _inplace("squeeze_"), [((3, 1, 4), "real")])
case("squeeze_dim_", "squeeze", _inplace("squeeze_", 1), [((3, 1, 4), "real")])
case("transpose_", "transpose", _inplace("transpose_", 0, 1), [R34])
case("t_", "t", _inplace("t_"), [R34])
case("add_", "add_", _inplace("add_"), [R34, R4])
case("add_alpha_", "add_", _inplace("add_", alpha=2), [R34, R4])
case("sub_", "sub_", _inplace("sub_"), [R34, R4])
case("mul_", "mul_", _inplace("mul_"), [R34, R4])
case("div_", "div_", _inplace("div_"), [R34, ((4,), "away")])
case("pow_", "pow_", _inplace("pow_", 2), [R34])
case("clamp_", "clamp_", _inplace("clamp_", -0.5, 0.5), [R34])
case("clip_", "clip_", _inplace("clip_", min=-0.5), [R34])
case("lerp_", "lerp_", _inplace("lerp_"), [R34, R34, S0])
case("atan2_", "atan2_", _inplace("atan2_"), [R34, A34])
case("fmod_", "fmod_", _inplace("fmod_", 0.7), [R34])
case("remainder_", "remainder_", _inplace("remainder_", 0.7), [R34])
case("nan_to_num_", "nan_to_num_", _inplace("nan_to_num_"), [R34])
case("masked_fill_", "masked_fill_",
     lambda T, x: (x * 1).masked_fill_(_i(T, [True, False, True, False]), 2.0), [R34])
case("index_put_", "index_put_",
     lambda T, x, v: (x * 1).index_put_((_i(T, [1, 1]),), v, accumulate=True), [R34, R4])
case("scatter_", "scatter_",
     lambda T, x, s: (x * 1).scatter_(0, _i(T, [[2, 0, 1, 2]]), s), [R34, ((1, 4), "real")])
case("scatter_add_", "scatter_add_",
     lambda T, x, s: (x * 1).scatter_add_(0, _i(T, [[2, 2, 1, 2]]), s),
     [R34, ((1, 4), "real")])
case("index_add_", "index_add_",
     lambda T, x, s: (x * 1).index_add_(0, _i(T, [2, 0, 2]), s), [R34, ((3, 4), "real")])
case("copy_", "copy_", lambda T, x, y: (x * 1).copy_(y), [R34, R4])
case("fill_", "fill_", lambda T, x: (x * 1).fill_(2.5), [R34])
case("fill_tensor", "fill_", lambda T, x, v: (x * 1).fill_(v), [R34, S0])
case("zero_", "zero_", lambda T, x: (x * 1).zero_(), [R34])
case("setitem_slice", "__setitem__", lambda T, x, v: _setitem(x, (slice(None), 1), v),
     [R34, R3])
case("setitem_int", "__setitem__", lambda T, x: _setitem(x, 0, 2.0), [R34])
case("setitem_mask", "__setitem__", lambda T, x: _setitem(x, x.detach() > 0, 0.0), [A34])
case("setitem_index", "__setitem__", lambda T, x, v: _setitem(x, _i(T, [2, 0]), v),
     [R34, R4])
case("inplace_through_view", "__setitem__", lambda T, x, y: _view_mul(x, y), [R34, R4])
case("eq_", "eq_", lambda T, x: (x.round()).eq_(0), [R34], grad=False)
case("logical_not_", "logical_not_", lambda T, x: (x * 1).logical_not_(), [((5,), "int")],
     grad=False)


def _setitem(x, key, value):
    y = x * 1
    y[key] = value
    return y


def _view_mul(x, y):
    z = x * 1
    z[1].mul_(y)        # an in-place op through a view: z's node becomes CopySlices
    return z


# --- in-place writes through each kind of view: the base sees them, and so does autograd
VIEWS = {"view": "y.view(4, 3)", "reshape": "y.reshape(2, 6)", "transpose": "y.transpose(0, 1)",
         "permute": "y.permute(1, 0)", "t": "y.t()", "T": "y.T", "mT": "y.mT",
         "unsqueeze": "y.unsqueeze(0)", "squeeze": "y.unsqueeze(1).squeeze(1)",
         "narrow": "y.narrow(1, 1, 2)", "select": "y[1]", "slice_step": "y[:, ::2]",
         "diagonal": "y.diagonal()", "flatten": "y.flatten()",
         "unflatten": "y.unflatten(1, (2, 2))", "movedim": "y.movedim(0, 1)",
         "view_as": "y.view_as(y)", "alias": "y[...]", "detach": "y.detach()"}
VIEW_PROGRAM = ("a = torch.arange(12., requires_grad=True)\ny = (a * 1).reshape(3, 4)\n"
                "v = {}\nv.mul_(2)\nprint(y, y._version == v._version, type(v.grad_fn).__name__ "
                "if v.grad_fn else None, type(y.grad_fn).__name__)\n"
                "(y * torch.arange(12.).reshape(3, 4)).sum().backward()\nprint(a.grad)")


# --- errors: PyTorch's exception type and exact text ----------------------------------------
ERRORS = {
    "max_empty": lambda T: T.ones(0).max(),
    "argmax_empty": lambda T: T.ones(0).argmax(),
    "max_dim_range": lambda T: T.ones(3).max(1),
    "sum_dim_range": lambda T: T.ones(2, 3).sum(5),
    "std_int": lambda T: T.arange(3).std(),
    "mean_int": lambda T: T.arange(3).mean(),
    "topk_k": lambda T: T.ones(2, 3).topk(4),
    "cumsum_dim": lambda T: T.ones(3).cumsum(1),
    "gather_float_index": lambda T: T.ones(3, 4).gather(0, T.tensor([[0.0]])),
    "gather_ndim": lambda T: T.ones(3, 4).gather(0, T.tensor([0, 1])),
    "gather_range": lambda T: T.ones(3, 4).gather(0, T.tensor([[0, 1, 2, 5]])),
    "gather_size": lambda T: T.ones(3, 4).gather(0, T.tensor([[0, 1, 2, 0, 1]])),
    "scatter_dtype": lambda T: T.ones(3, 4).scatter(0, T.tensor([[0, 1]]),
                                                    T.ones(1, 2, dtype=T.float64)),
    "scatter_src_size": lambda T: T.ones(3, 4).scatter(0, T.tensor([[0, 1]]), T.ones(1, 1)),
    "index_select_range": lambda T: T.ones(3, 4).index_select(0, T.tensor([5])),
    "index_select_2d": lambda T: T.ones(3, 4).index_select(0, T.tensor([[0]])),
    "index_select_float": lambda T: T.ones(3, 4).index_select(0, T.tensor([0.0])),
    "masked_fill_value_dim": lambda T: T.ones(3).masked_fill(T.ones(3) > 0, T.ones(2)),
    "masked_fill_mask_dtype": lambda T: T.ones(4).masked_fill(T.tensor([1, 0, 1, 0]), 1.0),
    "take_range": lambda T: T.ones(3, 4).take(T.tensor([12])),
    "bmm_dim": lambda T: T.bmm(T.ones(3, 4), T.ones(2, 4, 5)),
    "bmm_size": lambda T: T.bmm(T.ones(2, 3, 4), T.ones(2, 5, 4)),
    "bmm_dtype": lambda T: T.bmm(T.ones(2, 3, 4), T.ones(2, 4, 2, dtype=T.float64)),
    "mm_shape": lambda T: T.mm(T.ones(2, 3), T.ones(2, 3)),
    "addmm_broadcast": lambda T: T.addmm(T.ones(4), T.ones(2, 3), T.ones(3, 3)),
    "inv_singular": lambda T: T.linalg.inv(T.zeros(2, 2)),
    "inv_square": lambda T: T.linalg.inv(T.ones(2, 3)),
    "inv_dims": lambda T: T.linalg.inv(T.ones(2)),
    "inv_int": lambda T: T.linalg.inv(T.eye(2, dtype=T.int64)),
    "det_square": lambda T: T.linalg.det(T.ones(2, 3)),
    "solve_singular": lambda T: T.linalg.solve(T.zeros(2, 2), T.ones(2)),
    "solve_shape": lambda T: T.linalg.solve(T.eye(2), T.ones(3)),
    "tensordot_size": lambda T: T.tensordot(T.ones(2, 3), T.ones(4, 4), dims=([1], [0])),
    "einsum_size": lambda T: T.einsum("ij,jk", T.ones(2, 3), T.ones(4, 4)),
    "einsum_output": lambda T: T.einsum("ij->ik", T.ones(2, 3)),
    "diag_3d": lambda T: T.diag(T.ones(2, 2, 2)),
    "trace_3d": lambda T: T.ones(2, 2, 2).trace(),
    "matrix_norm_order": lambda T: T.linalg.norm(T.ones(2, 3), ord=3),
    "matrix_norm_1d": lambda T: T.linalg.norm(T.ones(3), "fro"),
    "repeat_dims": lambda T: T.ones(3, 4).repeat(2),
    "flip_repeated": lambda T: T.ones(3, 4).flip(0, 0),
    "flip_range": lambda T: T.ones(3, 4).flip(5),
    "roll_align": lambda T: T.ones(3, 4).roll(1, (0, 1)),
    "tril_1d": lambda T: T.ones(3).tril(),
    "chunk_zero": lambda T: T.ones(3, 4).chunk(0),
    "split_zero": lambda T: T.ones(3, 4).split(0),
    "split_sizes_sum": lambda T: T.ones(3, 4).split([1, 1]),
    "repeat_interleave_size": lambda T: T.arange(3).repeat_interleave(T.tensor([1, 2])),
    "div_rounding": lambda T: T.ones(2).div(2, rounding_mode="round"),
    "int_div_zero": lambda T: T.tensor([5]) // 0,
    "int_remainder_zero": lambda T: T.tensor([5]) % 0,
    "int_neg_pow": lambda T: T.tensor([2]) ** -1,
    "clamp_none": lambda T: T.ones(2).clamp(),
    "clamp_mixed": lambda T: T.clamp(T.ones(4), T.ones(4), 2),
    "inplace_cast": lambda T: T.arange(4).clamp_(0.5),
    "isclose_dtype": lambda T: T.isclose(T.ones(2, dtype=T.int64), T.ones(2)),
    "allclose_shape": lambda T: T.allclose(T.ones(2), T.ones(3)),
    "lerp_dtype": lambda T: T.lerp(T.ones(2, dtype=T.int64), T.zeros(2), 0.5),
    "round_decimals_int": lambda T: T.tensor([5]).round(decimals=-1),
    "uniform_bounds": lambda T: T.empty(3).uniform_(2, 1),
    "uniform_int": lambda T: T.empty(3, dtype=T.int64).uniform_(),
    "normal_std": lambda T: T.empty(3).normal_(0, -1),
    "exponential_lambda": lambda T: T.empty(3).exponential_(-1),
    "bernoulli_p": lambda T: T.empty(3).bernoulli_(2),
    "random_range": lambda T: T.empty(3).random_(5, 2),
    "floor_divide_backward": lambda T: (T.ones(2, requires_grad=True) // 2).sum().backward(),
    "std_unbiased_and_correction": lambda T: T.ones(3).std(unbiased=True, correction=1),
    "median_dim_empty": lambda T: T.ones(3, 0).median(1),
    "movedim_count": lambda T: T.ones(2, 3).movedim((0, 1), 0),
    "unflatten_sizes": lambda T: T.ones(3, 4).unflatten(1, (3, -1)),
    "gather_negative": lambda T: T.ones(2, 3).gather(0, T.tensor([[-1, 0, 0]])),
    "scatter_negative": lambda T: T.ones(2, 3).scatter(0, T.tensor([[-1, 0, 0]]), 1.0),
    "index_select_negative": lambda T: T.ones(2, 3).index_select(0, T.tensor([-1])),
    "getitem_range": lambda T: T.ones(2, 3, 4)[5],
    "getitem_range_dim": lambda T: T.ones(2, 3, 4)[1, -4],
    "getitem_range_list": lambda T: T.ones(2, 3, 4)[[5]],
    "getitem_range_after_ellipsis": lambda T: T.ones(2, 3, 4)[..., [0, 4]],
    "getitem_mask_shape": lambda T: T.ones(2, 3, 4)[T.tensor([True, False, True])],
    "getitem_float": lambda T: T.ones(2, 3, 4)[0.5],
    "getitem_float_tensor": lambda T: T.ones(2, 3, 4)[T.tensor([1.0])],
    "getitem_too_many": lambda T: T.ones(2, 3)[0, 0, 0],
    "getitem_negative_step": lambda T: T.ones(3)[::-1],
    "setitem_shape": lambda T: T.zeros(2, 3).__setitem__(0, T.ones(4)),
    "setitem_range": lambda T: T.zeros(2, 3).__setitem__(5, 1.0),
    "setitem_leaf": lambda T: T.zeros(2, 3, requires_grad=True).__setitem__(0, 1.0),
    "permute_duplicate": lambda T: T.ones(2, 3).permute(0, 0),
    "repeat_negative": lambda T: T.ones(2, 3).repeat(-1, 1),
    "select_range": lambda T: T.ones(2, 3).select(0, 5),
    "sum_duplicate_dims": lambda T: T.ones(2, 3).sum(dim=(0, 0)),
    "outer_2d": lambda T: T.outer(T.ones(2, 3), T.ones(3)),
    "masked_fill_broadcast": lambda T: T.ones(2, 3).masked_fill(T.ones(2, 4, dtype=T.bool), 0),
    "take_float": lambda T: T.ones(2, 3).take(T.tensor([1.5])),
    "where_broadcast": lambda T: T.where(T.ones(2, 3) > 0, T.ones(2, 3), T.ones(4)),
    "where_condition": lambda T: T.where(T.ones(2, 3), T.ones(2, 3), T.ones(2, 3)),
    "add_inplace_broadcast": lambda T: T.ones(2, 3).add_(T.ones(3, 3)),
    "copy_broadcast": lambda T: T.ones(2, 3).copy_(T.ones(4)),
    "unflatten_empty": lambda T: T.ones(2, 3).unflatten(0, ()),
    "repeat_interleave_negative": lambda T: T.ones(2, 3).repeat_interleave(-1),
    "argmax_bool": lambda T: T.tensor([True, False]).argmax(),
    "transpose_range": lambda T: T.ones(2, 3).transpose(0, 5),
    "unsqueeze_range": lambda T: T.ones(2, 3).unsqueeze(5),
    "cat_dim": lambda T: T.cat([T.ones(2, 3), T.ones(2, 3)], 3),
    "cat_sizes": lambda T: T.cat([T.ones(2, 3), T.ones(3, 3)], 1),
    "stack_sizes": lambda T: T.stack([T.ones(2, 3), T.ones(3, 2)]),
    "narrow_length": lambda T: T.ones(2, 3).narrow(1, 2, 3),
    "view_size": lambda T: T.ones(2, 3).view(4),
    "view_two_inferred": lambda T: T.ones(2, 3).view(-1, -1),
    "view_stride": lambda T: T.ones(2, 3).t().view(6),
    "expand_fewer": lambda T: T.ones(2, 3).expand(3),
    "expand_size": lambda T: T.ones(2, 3).expand(2, 4),
    "flatten_order": lambda T: T.ones(2, 3).flatten(1, 0),
    "matmul_shapes": lambda T: T.matmul(T.ones(2, 3), T.ones(2)),
    "mv_shapes": lambda T: T.mv(T.ones(2, 3), T.ones(2)),
    "dot_dtypes": lambda T: T.dot(T.ones(3), T.ones(3, dtype=T.int64)),
    "einsum_operands": lambda T: T.einsum('ij,jk', T.ones(2, 3)),
    "einsum_dims": lambda T: T.einsum('i', T.ones(2, 3)),
    "kthvalue_k": lambda T: T.ones(2, 3).kthvalue(4),
    "type_string": lambda T: T.ones(2, 3).type('torch.FooTensor'),
    "vector_norm_int": lambda T: T.linalg.vector_norm(T.ones(3, dtype=T.int64)),
    "det_int": lambda T: T.linalg.det(T.ones(3, 3, dtype=T.int64)),
    "fill_tensor_dims": lambda T: T.ones(2, 3).fill_(T.ones(2)),
}

# --- creation, dtype questions and random streams: printed as PyTorch prints them ----------
PROGRAMS = {
    "result_type": "print(torch.result_type(torch.ones(2), 1.0), "
                   "torch.result_type(torch.ones(2, dtype=torch.int32), torch.tensor(1.)), "
                   "torch.result_type(2, 3.0), torch.result_type(torch.tensor(1), "
                   "torch.ones(1, dtype=torch.uint8)), torch.result_type(torch.arange(2), True))",
    "can_cast": "print([torch.can_cast(a, b) for a, b in [(torch.float32, torch.int32), "
                "(torch.int32, torch.float32), (torch.bool, torch.uint8), (torch.int64, "
                "torch.uint8), (torch.uint8, torch.int8), (torch.float64, torch.float16), "
                "(torch.int8, torch.bool)]])",
    "promote_types": "print(torch.promote_types(torch.int32, torch.float16), "
                     "torch.promote_types(torch.uint8, torch.int8), "
                     "torch.promote_types(torch.bool, torch.int16))",
    "promotion_0dim": "a = torch.ones(2, dtype=torch.int32); h = torch.ones(2, "
                      "dtype=torch.float16)\n"
                      "for e in [a + torch.tensor(1), a + torch.tensor(1.5), h + "
                      "torch.tensor(1.5, dtype=torch.float64), a * 2.5, torch.tensor(2) * "
                      "torch.tensor(2.5, dtype=torch.float64), a + torch.ones(2, "
                      "dtype=torch.int64), torch.ones(2, dtype=torch.uint8) - 3, "
                      "torch.tensor([True]) * 2.5, torch.tensor([1], dtype=torch.int8) + 300]:\n"
                      "    print(e.dtype, e)",
    "int_overflow": "print(torch.tensor([2**62], dtype=torch.int64) * 4, "
                    "torch.tensor([200], dtype=torch.uint8) + 100, "
                    "torch.tensor([127], dtype=torch.int8) + torch.tensor([1], "
                    "dtype=torch.int8))",
    "division_by_zero": "x = torch.tensor([1., -1., 0.])\nprint(x / 0, x // 0, x % 0, "
                        "torch.fmod(x, 0), 1 / torch.zeros(1), torch.log(x), x.sqrt())",
    "uniform_normal_": "torch.manual_seed(0); print(torch.empty(5).uniform_(-1, 2)); "
                       "print(torch.empty(5).normal_(1, 2)); "
                       "print(torch.empty(4, dtype=torch.float64).uniform_())",
    "random_": "torch.manual_seed(0); print(torch.empty(5).random_(0, 10), "
               "torch.empty(5).random_(10), torch.empty(3, dtype=torch.int32).random_(-5, 5), "
               "torch.empty(4, dtype=torch.int64).random_())",
    "exponential_bernoulli_": "torch.manual_seed(0); print(torch.empty(5).exponential_(2.), "
                              "torch.empty(5).bernoulli_(0.3), "
                              "torch.empty(5).bernoulli_(torch.full((5,), 0.5)), "
                              "torch.full((5,), 0.5).bernoulli(), "
                              "torch.ones(4).multinomial(2))",
    "random_inplace_nodes": "y = torch.ones(3, requires_grad=True)\n"
                            "for f in ['uniform_()', 'normal_()', 'random_()', "
                            "'exponential_()', 'bernoulli_(0.5)', "
                            "'bernoulli_(torch.full((3,), 0.5))', 'random_(2)', "
                            "'random_(1, 3)']:\n"
                            "    z = y * 1; eval('z.' + f); print(f, z.grad_fn.name())",
    "return_types": "x = torch.tensor([[1., 5., 2.], [3., 3., 0.]])\n"
                    "print(x.max(1)); print(x.min(0, keepdim=True)); print(x.sort(1)); "
                    "print(x.topk(2)); print(x.median(1)); print(x.kthvalue(2, 0))\n"
                    "v, i = x.max(1); print(v, i, x.max(1)[0], type(x.max(1)).__name__)",
    "max_ties_grad": "x = torch.tensor([1., 3., 3.], requires_grad=True)\n"
                     "x.max().backward(); print(x.grad); x.grad = None\n"
                     "x.amax().backward(); print(x.grad); x.grad = None\n"
                     "x.max(0).values.backward(); print(x.grad); x.grad = None\n"
                     "y = torch.tensor([1., 2., 2., 5.], requires_grad=True)\n"
                     "y.median().backward(); print(y.grad)",
    "nan_reductions": "x = torch.tensor([1., float('nan'), 0.])\n"
                      "print(x.max(), x.max(0), x.argmax(), x.sort(), x.median(), x.sum(), "
                      "x.amin())",
    "empty_reductions": "e = torch.ones(0)\nprint(e.sum(), e.prod(), e.mean(), "
                        "e.logsumexp(0), e.median(), e.all(), e.any(), e.cumsum(0), "
                        "torch.ones(0, 2).amax(1))",
    "zero_dim_ops": "s = torch.tensor(3.)\nprint(s.max(0), s.sort(), s.cumsum(0), s.topk(1), "
                    "s.argmax(0), s.flip(0), s.nonzero(), s.nonzero(as_tuple=True))",
    "creation": "print(torch.zeros(2, 3, dtype=torch.int32), torch.full((2,), 1.5), "
                "torch.full((2,), 2, dtype=torch.float64), torch.eye(2, 3), "
                "torch.arange(0, 1, 0.25), torch.linspace(0, 1, 4), torch.logspace(0, 2, 3), "
                "torch.zeros_like(torch.ones(2, dtype=torch.int64)), "
                "torch.full_like(torch.ones(2), 7), torch.empty(0, 2).shape)",
    "factory_dtypes": "import numpy as np\n"
                      "print(torch.tensor([1, 2]).dtype, torch.tensor([1., 2]).dtype, "
                      "torch.tensor([True, False]).dtype, torch.tensor(np.float64(1)).dtype, "
                      "torch.as_tensor([1, 2.5]).dtype, torch.from_numpy(np.ones(2, "
                      "dtype=np.int16)).dtype, torch.tensor([[1], [2]], dtype=torch.float16))",
    "random_factories": "torch.manual_seed(1); print(torch.rand(3), torch.randn(2, 2), "
                        "torch.randint(0, 10, (4,)), torch.randperm(5), torch.normal(0., 1., "
                        "(3,)), torch.bernoulli(torch.full((4,), 0.5)), "
                        "torch.multinomial(torch.tensor([0.1, 0.9]), 1))",
    "view_sees_base_inplace": "a = torch.arange(4., requires_grad=True); y = a * 1; "
                              "v = y[1:3]; y.mul_(torch.tensor([1., 2., 3., 4.]))\n"
                              "(v * v).sum().backward(); print(a.grad, v, v.grad_fn.name())",
    "view_gains_grad_from_base": "y = torch.zeros(3); v = y[:2]; w = torch.tensor(2., "
                                 "requires_grad=True); y.add_(w)\n"
                                 "print(v.requires_grad, v.grad_fn.name())\n"
                                 "(v * 3).sum().backward(); print(w.grad)",
    "two_views_one_write": "a = torch.arange(6., requires_grad=True); y = a * 1; "
                           "r = y.view(2, 3); c = r[:, 1]; c.mul_(10); (r ** 2).sum()"
                           ".backward(); print(a.grad, r.grad_fn.name(), c.grad_fn.name())",
    "write_to_expanded": "x = torch.ones(3, 1).expand(3, 4)\ntry:\n    x.add_(1)\n"
                         "except RuntimeError as e:\n    print(e)",
    "getitem_forms": "x = torch.arange(24.).reshape(2, 3, 4)\n"
                     "for k in [(None, None), (Ellipsis, 1), (1, Ellipsis, None), (slice(None, "
                     "None, 2), None, 0), (1, slice(1, None), slice(None, None, 3)), "
                     "([0, 1], slice(None), [1, 3]), (slice(None), [0, 2], [1, 3]), "
                     "([[0], [1]], [[0, 1]]), (Ellipsis, [0, 0, 3]), (None, [1, 0]), (True,), "
                     "(False,), ([],), (slice(None), slice(1, 1)), (-1, -1, -1)]:\n"
                     "    r = x[k]; print(r.shape, r.sum())\n"
                     "print(x[x > 10], x[x[:, :, 0] > 5].shape, x[torch.tensor(1)].shape, "
                     "x[torch.tensor([0, 1]).int()].shape)",
    "setitem_forms": "y = torch.zeros(2, 3)\ny[0] = torch.ones(3); y[:, 1] = torch.tensor([5., 6.])"
                     "; y[y == 0] = 2; y[[0, 1], [1, 2]] = torch.tensor([7., 8.]); "
                     "y[..., 0] = 3\nprint(y)\ny[[0, 0]] = torch.tensor([[1., 2, 3], [4, 5, 6]])"
                     "; y[1] = torch.tensor([1, 2, 3]); y[0, 0] = torch.tensor(9.); "
                     "y[1] = torch.ones(1, 3) * 4\nprint(y)",
    "result_dtypes": "x = torch.ones(2, 3)\n"
                     "print(torch.ones(3).sum(dtype=torch.int32).dtype, "
                     "torch.arange(3).mean(dtype=torch.float64), "
                     "torch.cumsum(torch.ones(3, dtype=torch.int32), 0).dtype, "
                     "torch.prod(torch.ones(3, dtype=torch.int32)).dtype, "
                     "torch.where(x > 0, 1.0, 0.0).dtype, torch.where(x > 0, 1, 0).dtype, "
                     "torch.where(x > 0, x, 2).dtype, torch.where(x > 0, torch.ones(1, "
                     "dtype=torch.float64), 2).dtype, x.masked_fill(x > 0, 2.5).dtype, "
                     "torch.ones(2, dtype=torch.int64).masked_fill(torch.tensor([True, False]), "
                     "1.5), torch.tensor([True, False]).any().dtype, torch.tensor([1, 2], "
                     "dtype=torch.uint8).any())\n"
                     "i = torch.tensor([[1, 2], [3, 4]])\n"
                     "print(torch.tensor([3, 1, 2]).sort(), torch.tensor([True, False]).max(), "
                     "i.cumprod(0), i.trace(), i @ i, torch.tensor([1, 2]).dot(torch.tensor([3, "
                     "4])), torch.tensor([1, 2]).logsumexp(0), torch.tensor([1, 2]).median(), "
                     "torch.tensor([1, 2]).topk(1), torch.tensor([1, 2]).amax(), "
                     "torch.einsum('i,i->', torch.tensor([1, 2]), torch.tensor([3, 4])), "
                     "torch.tensor([1, 2]).diag(), torch.tensor([1, 2]).flip(0))",
    "out_argument": "x = torch.tensor([[1., 3.], [2., 0.]])\n"
                    "v, i = torch.empty(0), torch.empty(0, dtype=torch.long)\n"
                    "torch.max(x, 1, out=(v, i)); print(v, i)\n"
                    "o = torch.empty(0); torch.cumsum(x, 1, out=o); print(o)\n"
                    "o = torch.empty(0); torch.mm(x, x, out=o); print(o)\n"
                    "o = torch.empty(0); torch.add(x, 1, out=o); print(o)\n"
                    "o, j = torch.empty(0), torch.empty(0, dtype=torch.long)\n"
                    "torch.sort(x, out=(o, j)); print(o, j)\n"
                    "o = torch.empty(0); torch.linalg.inv(x, out=o); print(o)\n"
                    "o = torch.empty(0, dtype=torch.int64)\n"
                    "try:\n    torch.add(x, 1, out=o)\nexcept RuntimeError as e:\n    print(e)\n"
                    "try:\n    torch.cumsum(x.requires_grad_(), 0, out=torch.empty(0))\n"
                    "except RuntimeError as e:\n    print(e)",
    "creation_sweep": "import numpy as np\nfor e in ['torch.zeros(2, 3).dtype', 'torch.zeros((2,), dtype=torch.int32)', 'torch.zeros([])', 'torch.zeros(-1)', 'torch.zeros(2.5)', 'torch.ones(0)', 'torch.ones(-1)', 'torch.ones(2.5)', 'torch.zeros((2, 2.5))', 'torch.full((2,), True)', 'torch.full((2,), 3)', 'torch.full((2,), 3.5, dtype=torch.int64)', 'torch.full((2,), torch.tensor(2.))', 'torch.full(2, 1.)', 'torch.eye(3, dtype=torch.int64)', 'torch.eye(0)', 'torch.eye(-1)', 'torch.eye(2, -1)', 'torch.eye(2, 0)', 'torch.arange(5, 1)', 'torch.arange(0, 5, 0)', 'torch.arange(0, 1, 0.3)', 'torch.arange(1, 2.5, 0.5, dtype=torch.int64)', 'torch.arange(10, dtype=torch.float16)', 'torch.arange(True, 3)', 'torch.arange(torch.tensor(3))', 'torch.arange(0, -3, -1)', 'torch.arange(1e10, 1e10 + 3)', 'torch.linspace(0, 1, 0)', 'torch.linspace(0, 1, 1)', 'torch.linspace(0, 10, 5, dtype=torch.int64)', 'torch.linspace(-1, 1, -1)', 'torch.linspace(1, 0, 4)', 'torch.logspace(0, 3, 4, base=2)', 'torch.logspace(0, 1, 3, dtype=torch.float64)', 'torch.tensor([])', 'torch.tensor([[]]).shape', 'torch.tensor([1, 2.0])', 'torch.tensor([True, 2])', 'torch.tensor([[1, 2], [3]])', 'torch.tensor(np.float32(2.5))', 'torch.tensor([np.float64(1.5)]).dtype', 'torch.tensor([np.float16(1), 2.0]).dtype', 'torch.tensor([torch.tensor(1.), torch.tensor(2.)])', 'torch.tensor(3, dtype=torch.bool)', 'torch.tensor(1e40)', 'torch.tensor([2**63])', 'torch.tensor(2**70)', 'torch.tensor([1, 2], dtype=torch.float16)', 'torch.tensor(-1, dtype=torch.uint8)', 'torch.as_tensor([1, 2]).dtype', 'torch.as_tensor(np.arange(3)).dtype', 'torch.as_tensor(np.arange(3.), dtype=torch.float32)', 'torch.from_numpy(np.arange(3.)[::2])', 'torch.from_numpy(np.array(5))', 'torch.from_numpy([1, 2])', 'torch.zeros_like(torch.ones(2, dtype=torch.int32), dtype=torch.float64)', 'torch.full_like(torch.arange(3), 2.7)', 'torch.ones_like(torch.tensor(2.))', 'torch.randint(3, (2,)).dtype', 'torch.randint(5, 3, (2,))', 'torch.randint(0, 3, (2,), dtype=torch.float32).dtype', 'torch.randperm(0)', 'torch.normal(torch.zeros(2), 1.).shape', 'torch.normal(0., torch.ones(3)).shape', 'torch.normal(0, 1, (2,), dtype=torch.float64).dtype', 'torch.normal(0., -1., (2,))', 'torch.rand(2, dtype=torch.int64)', 'torch.randn(2, dtype=torch.int32)', 'torch.rand(0)', 'torch.rand(-1)', 'torch.ones(2, requires_grad=True).clone().grad_fn.name()', 'torch.zeros(2, dtype=torch.int64, requires_grad=True)', 'torch.tensor([1], requires_grad=True)', 'torch.empty_like(torch.ones(2, 2)).shape', 'torch.rand_like(torch.arange(3))', 'torch.randn_like(torch.ones(2, dtype=torch.float64)).dtype', 'torch.zeros(2, out=torch.empty(0))', 'torch.arange(3, out=torch.empty(0, dtype=torch.int64))']:\n    try:\n        print(e, eval(e))\n    except Exception as x:\n        print(e, type(x).__name__, x)",
    "call_forms": "x = torch.tensor([[1., 5., 2.], [3., 3., 0.]]); y = torch.tensor([[0., 6., 1.], [2., 9., 9.]])\nfor e in ['x.max(dim=1, keepdim=True)', 'torch.max(x, dim=0)', 'torch.max(x, 1.0)', 'x.max(y)', 'torch.max(x, y)', 'x.min(dim=-1).indices', 'x.sort(dim=0)', 'torch.topk(x, k=2, dim=0)', 'x.std(dim=0, unbiased=False)', 'x.var(0, keepdim=True)', 'torch.norm(x, dim=1, p=1)', 'x.norm(2, 1)', 'torch.cumsum(x, dim=0)', 'x.sum((0, 1))', 'x.sum(dim=[0])', 'x.mean([0, 1], True)', 'x.prod(dim=1, keepdim=True)', 'x.amax(dim=(0,1))', 'torch.argmax(x, dim=1)', 'x.argmin(keepdim=True)', 'x.logsumexp(dim=[0, 1])', 'x.any(dim=0)', 'x.all(0, True)', 'torch.median(x, dim=0, keepdim=True)', 'x.median(-1)', 'torch.kthvalue(x, 1, 0)', 'x.count_nonzero(dim=(0, 1))', 'x.cumprod(dim=1)', 'x.flip(dims=(0,))', 'x.flip([0, 1])', 'x.roll(shifts=1, dims=1)', 'x.transpose(dim0=0, dim1=1)', 'x.permute(dims=(1, 0))', 'x.reshape(shape=(3, 2))', 'x.view(-1)', 'x.view((3, 2))', 'x.unsqueeze(dim=1).shape', 'x.squeeze(dim=(0,))', 'torch.squeeze(x.unsqueeze(0), (0, 1))', 'x.expand(size=(2, 2, 3)).shape', 'x.repeat((1, 2))', 'torch.cat((x, y), dim=1)', 'torch.stack((x, y), dim=2).shape', 'x.split(split_size=1, dim=0)', 'torch.split(x, [1, 2], dim=1)', 'x.chunk(chunks=2, dim=1)', 'torch.narrow(x, dim=1, start=1, length=2)', 'x.gather(dim=1, index=torch.tensor([[0], [2]]))', 'x.index_select(dim=1, index=torch.tensor([0, 0]))', 'x.masked_fill(mask=x > 2, value=-1.)', 'torch.where(condition=x > 2, input=x, other=y)', 'x.clamp(min=1, max=3)', 'torch.clamp(x, max=2)', 'x.clamp_min(2)', 'x.clamp_max(2)', 'x.pow(exponent=2)', 'torch.pow(2, x)', \"x.div(y + 1, rounding_mode='floor')\", 'torch.add(x, y, alpha=0.5)', 'x.lerp(end=y, weight=0.5)', 'torch.diagonal(x, offset=1)', 'x.diagonal(dim1=1, dim2=0)', 'torch.tril(x, diagonal=-1)', 'x.triu(1)', 'x.t().contiguous().is_contiguous()', 'x.type(torch.int32)', 'x.to(dtype=torch.float64).dtype', 'x.to(y)', 'x.long().float().dtype', 'x.bool().int()', 'torch.matmul(x, y.t())', 'x @ y.T', 'x.mT.shape', 'torch.mm(x, y.t())', \"torch.einsum('ij,kj->ik', x, y)\", \"torch.einsum('ij,kj->ik', [x, y])\", 'torch.tensordot(x, y, dims=([0, 1], [0, 1]))', 'torch.outer(x[0], y[0])', 'x.take(torch.tensor([0, 5]))', 'x.nonzero()', 'torch.nonzero(x, as_tuple=True)', 'torch.argwhere(x)', 'x.masked_select(x > 2)', 'x.scatter(1, torch.tensor([[0], [1]]), 9.)', 'x.scatter_add(0, torch.tensor([[1, 0, 1]]), y[:1])', 'x.index_put((torch.tensor([0]),), torch.tensor(7.))', 'x.unbind(dim=1)', 'x.movedim(source=0, destination=1).shape', 'x.repeat_interleave(repeats=2, dim=0).shape', 'torch.isclose(x, y, atol=1.)', 'torch.allclose(x, x + 1e-9)', 'torch.equal(x, x)', 'x.nan_to_num(nan=0.)', 'x.isnan().any()', 'x.eq(3).sum()', 'x.ne(y)', '(x > 1) & (y > 1)', '~(x > 1)', '(x > 1) | (y > 8)', '(x > 1) ^ (y > 8)', 'x.abs_().sum()', 'x.cumsum(0, dtype=torch.float64).dtype']:\n    try:\n        print(e, eval(e))\n    except Exception as ex:\n        print(e, type(ex).__name__, ex)",
    "multi_output_views": "a = torch.zeros(4, requires_grad=True); y = a * 1\n"
                          "for f in [lambda: y.split(2)[1].mul_(2), lambda: y.unbind()[0].add_(1),"
                          " lambda: y.chunk(2)[1].zero_(), lambda: y.split([1, 3])[1].mul_(2)]:\n"
                          "    try:\n        f()\n    except RuntimeError as e:\n"
                          "        print(e)\n"
                          "s = y.split(2); print(s[1].output_nr, s[0].grad_fn is s[1].grad_fn, "
                          "y.unbind()[3].output_nr, s[0].grad_fn.name())\n"
                          "with torch.no_grad():\n    s[1].mul_(2)\n"
                          "try:\n    s[0] * 2\nexcept RuntimeError as e:\n    print(e)\n"
                          "t = y.split(2); (t[0] * 2 + t[1]).sum().backward(); print(y, a.grad)",
    "inplace_dtypes": "for d in [torch.int64, torch.bool, torch.float16, torch.uint8]:\n    for op in ['add_(1.5)', 'add_(1)', 'mul_(2)', 'div_(2)', 'exp_()', 'sqrt_()', 'neg_()', 'abs_()', 'clamp_(0, 1)', 'pow_(2)', 'floor_()', 'sub_(1)', 'fmod_(2)', 'remainder_(2)', 'lerp_(torch.ones(3, dtype=d), 0.5)', 'copy_(torch.ones(3))', 'fill_(2.5)', 'zero_()', 'masked_fill_(torch.tensor([True, False, True]), 7)', 'eq_(1)', 'logical_not_()', 'sigmoid_()', 'round_()', 'atan2_(torch.ones(3))', 'nan_to_num_()', 'square_()', 'clamp_(max=0.5)']:\n        try:\n            print(d, op, eval('torch.tensor([1, 0, 3], dtype=d).' + op))\n        except Exception as e:\n            print(d, op, type(e).__name__, e)",
    "zero_dim_sweep": "x = torch.tensor(2.5)\nfor e in ['x.sum(0)', 'x.mean(0)', 'x.max(0)', 'x.min(-1)', 'x.std(0)', 'x.cumsum(0)', 'x.cumprod(-1)', 'x.sort(0)', 'x.topk(1, 0)', 'x.amax(0)', 'x.logsumexp(0)', 'x.norm(dim=0)', 'x.prod(0)', 'x.median(0)', 'x.argmax(0)', 'x.all(0)', 'x.count_nonzero(0)', 'x.flip(0)', 'x.roll(1, 0)', 'x.var(0)', 'x.unsqueeze(0)', 'x.squeeze(0)', 'x.transpose(0, 0)', 'x.t()', 'x.T', 'x.flatten()', 'x.view(-1)', 'x.reshape(1, 1)', 'x.expand(3)', 'x.repeat(2)', 'x.gather(0, torch.tensor(0))', 'x.index_select(0, torch.tensor([0, 0]))', 'x.take(torch.tensor([0]))', 'x.nonzero()', 'x.masked_fill(torch.tensor(True), 1.)', 'x[None]', 'x[...]', 'x.split(1)', 'x.unbind()', 'x.kthvalue(1)', 'x.sum(1)', 'x.max(1)', 'x.cumsum(1)', 'x.tril()', 'x.diagonal()', 'x.trace()', 'x.chunk(1)', 'x.narrow(0, 0, 1)', 'x.movedim(0, 0)', 'x.argsort()', 'x.amin(())', 'x.std()', 'x.var(correction=0)', 'x.scatter(0, torch.tensor(0), 7.)', 'x.index_put((torch.tensor(0),), torch.tensor(1.))', 'x.permute()', 'torch.stack([x, x])', 'torch.cat([x, x])', 'x.repeat_interleave(2)', 'x.flip(())', 'x.dot(x)', 'x @ x', 'torch.outer(x, x)', 'x.mean(())', 'x.sum(())', 'torch.linalg.vector_norm(x, dim=0)', 'x[0]', 'x[:]', 'x[torch.tensor(True)]', 'x[[0]]', 'x.item()', 'x.tolist()', 'len(x)']:\n    try:\n        print(e, eval(e))\n    except Exception as ex:\n        print(e, type(ex).__name__, ex)",
    "empty_sweep": "x = torch.ones(0, 3)\nfor e in ['x.sum(0)', 'x.mean(0)', 'x.max(0)', 'x.min(-1)', 'x.std(0)', 'x.cumsum(0)', 'x.cumprod(-1)', 'x.sort(0)', 'x.topk(1, 0)', 'x.amax(0)', 'x.logsumexp(0)', 'x.norm(dim=0)', 'x.prod(0)', 'x.median(0)', 'x.argmax(0)', 'x.all(0)', 'x.count_nonzero(0)', 'x.flip(0)', 'x.roll(1, 0)', 'x.var(0)', 'x.unsqueeze(0)', 'x.squeeze(0)', 'x.transpose(0, 0)', 'x.t()', 'x.T', 'x.flatten()', 'x.view(-1)', 'x.reshape(1, 1)', 'x.expand(3)', 'x.repeat(2)', 'x.gather(0, torch.tensor(0))', 'x.index_select(0, torch.tensor([0, 0]))', 'x.take(torch.tensor([0]))', 'x.nonzero()', 'x.masked_fill(torch.tensor(True), 1.)', 'x[None]', 'x[...]', 'x.split(1)', 'x.unbind()', 'x.kthvalue(1)', 'x.sum(1)', 'x.max(1)', 'x.cumsum(1)', 'x.tril()', 'x.diagonal()', 'x.trace()', 'x.chunk(1)', 'x.narrow(0, 0, 1)', 'x.movedim(0, 0)', 'x.argsort()', 'x.amin(())', 'x.std()', 'x.var(correction=0)', 'x.scatter(0, torch.tensor(0), 7.)', 'x.index_put((torch.tensor(0),), torch.tensor(1.))', 'x.permute()', 'torch.stack([x, x])', 'torch.cat([x, x])', 'x.repeat_interleave(2)', 'x.flip(())', 'x.dot(x)', 'x @ x', 'torch.outer(x, x)', 'x.mean(())', 'x.sum(())', 'torch.linalg.vector_norm(x, dim=0)', 'x[0]', 'x[:]', 'x[torch.tensor(True)]', 'x[[0]]', 'x.item()', 'x.tolist()', 'len(x)']:\n    try:\n        print(e, eval(e))\n    except Exception as ex:\n        print(e, type(ex).__name__, ex)",
    "views_share": "x = torch.arange(6.).reshape(2, 3); v = x[0]; v[1] = 10; t = x.t(); "
                   "t[2, 1] = -1; d = x.diagonal(); d.mul_(2); s = x.split(1, 1)[2]; "
                   "s.zero_()\nprint(x, v)",
}
PROGRAMS.update({"inplace_through_" + k: VIEW_PROGRAM.format(e) for k, e in VIEWS.items()})
