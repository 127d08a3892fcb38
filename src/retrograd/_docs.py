"""The documentation of the public API, in one place, keyed by name (the op table holds the
math, this module the words): `document()` gives every public function, Tensor method and
class named here its docstring, and the op table's entries their public `__name__`,
`__qualname__` and `__module__`, so that help(), inspect, functools.wraps and Sphinx read
them as functions.

An entry is a sentence saying what the name computes, then an example (statements separated
by ";; "). The docstring adds the gradient where the op table holds one (its derivative
formula and node name, tools/gen_docs.py reads them from the source) and the example's
output, recorded from PyTorch by tools/gen_docs.py in `_docs_generated.py`, so the examples
run as doctests (tests/test_docs.py) that hold retrograd to PyTorch's printed results.
"""
import functools
import sys

from ._docs_generated import GRADIENTS, OUTPUTS
from .ops._op import Op

T = "torch.tensor([0.5, 2.0])"
M = "torch.tensor([[1., 2.], [3., 4.]])"
I = "torch.tensor([3, 1, 2])"
B = "torch.tensor([True, False])"
X = "x = torch.tensor([1., 2., 3.])"


def _unary(name):
    return f"torch.{name}({T})"


def _binary(name):
    return f"torch.{name}(torch.tensor([1., 4.]), torch.tensor([2., 3.]))"


# the functions of `torch.*` (and the Tensor methods of the same name)
FUNCTIONS = {
    # creation
    "tensor": ("A new tensor holding a copy of `data` (numbers, nested lists, arrays, "
               "tensors); its dtype is inferred unless given.",
               "torch.tensor([[1, 2], [3, 4]])"),
    "as_tensor": ("Like `tensor`, but shares memory with a tensor or ndarray when the dtype "
                  "allows.", "torch.as_tensor([1.5, 2.5])"),
    "asarray": ("Like `tensor`, but shares memory with a tensor or ndarray when the dtype "
                "allows.", "torch.asarray([1, 2])"),
    "from_numpy": ("A tensor sharing memory with an ndarray: writes to either show in both.",
                   "import numpy as np;; torch.from_numpy(np.arange(3.))"),
    "from_dlpack": ("A tensor sharing memory with any object that exports DLPack "
                    "(`__dlpack__`), or a DLPack capsule.",
                    "import numpy as np;; torch.from_dlpack(np.ones(2))"),
    "zeros": ("A tensor of the given size filled with 0.", "torch.zeros(2, 3)"),
    "ones": ("A tensor of the given size filled with 1.", "torch.ones(2, dtype=torch.int64)"),
    "empty": ("A tensor of the given size; retrograd fills it with 0 (PyTorch leaves the "
              "memory uninitialised).", "torch.empty(2).shape"),
    "full": ("A tensor of the given size filled with `fill_value`.", "torch.full((2,), 7.)"),
    "zeros_like": ("Zeros with the shape (and dtype) of `input`.", f"torch.zeros_like({M})"),
    "ones_like": ("Ones with the shape (and dtype) of `input`.", f"torch.ones_like({I})"),
    "empty_like": ("An uninitialised (here: zero) tensor shaped like `input`.",
                   f"torch.empty_like({M}).shape"),
    "full_like": ("A tensor shaped like `input` filled with `fill_value`.",
                  f"torch.full_like({I}, 5)"),
    "arange": ("Values from `start` up to (not including) `end` in steps of `step`; integer "
               "arguments give int64, a float argument the default float dtype.",
               "torch.arange(4);; torch.arange(1, 2.5, 0.5)"),
    "range": ("Values from `start` to `end` inclusive (deprecated in PyTorch: use arange).",
              "torch.range(1, 3).shape"),
    "linspace": ("`steps` values evenly spaced from `start` to `end`, both included.",
                 "torch.linspace(0, 1, 5)"),
    "logspace": ("`steps` values from base**start to base**end, evenly spaced in the "
                 "exponent.", "torch.logspace(0, 2, 3)"),
    "eye": ("The n-by-m identity matrix.", "torch.eye(2)"),
    "rand": ("Uniform random values in [0, 1), PyTorch's stream after manual_seed.",
             "_ = torch.manual_seed(0);; torch.rand(3)"),
    "randn": ("Standard normal random values, PyTorch's stream after manual_seed.",
              "_ = torch.manual_seed(0);; torch.randn(3)"),
    "randint": ("Random integers in [low, high), PyTorch's stream after manual_seed.",
                "_ = torch.manual_seed(0);; torch.randint(0, 10, (4,))"),
    "randperm": ("A random permutation of 0..n-1, PyTorch's stream after manual_seed.",
                 "_ = torch.manual_seed(0);; torch.randperm(4)"),
    "rand_like": ("`rand` with the shape of `input`.",
                  f"_ = torch.manual_seed(0);; torch.rand_like({T})"),
    "randn_like": ("`randn` with the shape of `input`.",
                   f"_ = torch.manual_seed(0);; torch.randn_like({T})"),
    "randint_like": ("`randint` with the shape of `input`.",
                     f"_ = torch.manual_seed(0);; torch.randint_like({I}, 10)"),
    "normal": ("Normal random values with the given mean and std (numbers or tensors).",
               "_ = torch.manual_seed(0);; torch.normal(2., 3., size=(2,))"),
    "bernoulli": ("1 with probability `input` (or `p`), else 0, per element.",
                  "_ = torch.manual_seed(0);; torch.bernoulli(torch.tensor([0., 1., 1.]))"),
    "multinomial": ("Indices drawn from the categorical distributions given by the rows of "
                    "`input` (weights need not sum to 1).",
                    "_ = torch.manual_seed(0);; torch.multinomial(torch.tensor([0., 1.]), 2, "
                    "replacement=True)"),
    "poisson": ("Counts drawn from the Poisson distribution with rate `input`, per "
                "element.", "_ = torch.manual_seed(0);; torch.poisson(torch.tensor([1., 4.]))"),
    "binomial": ("Successes drawn from the binomial distribution with `count` trials of "
                 "probability `prob`, per element.",
                 "_ = torch.manual_seed(0);; torch.binomial(torch.tensor([5., 10.]), "
                 "torch.tensor([0.5, 0.2]))"),
    "clone": ("A copy of `input` with its own memory; the gradient flows back to `input` "
              "unchanged.", f"torch.clone({T})"),
    # pointwise math
    "abs": ("The absolute value of each element. Gradient: g * sign(x).", _unary("abs")),
    "absolute": ("Alias of `abs`.", "torch.absolute(torch.tensor([-1., 2.]))"),
    "neg": ("The negation -x of each element.", _unary("neg")),
    "negative": ("Alias of `neg`.", _unary("negative")),
    "sign": ("-1, 0 or 1 by the sign of each element.", "torch.sign(torch.tensor([-2., 0., 3.]))"),
    "signbit": ("True where the sign bit is set (negative numbers and -0.).",
                "torch.signbit(torch.tensor([-1., 0., 2.]))"),
    "exp": ("e to the power of each element.", _unary("exp")),
    "exp2": ("2 to the power of each element.", _unary("exp2")),
    "expm1": ("exp(x) - 1, accurate for small x.", _unary("expm1")),
    "log": ("The natural logarithm of each element.", _unary("log")),
    "log2": ("The base-2 logarithm of each element.", _unary("log2")),
    "log10": ("The base-10 logarithm of each element.", _unary("log10")),
    "log1p": ("log(1 + x), accurate for small x.", _unary("log1p")),
    "sqrt": ("The square root of each element.", _unary("sqrt")),
    "rsqrt": ("1 / sqrt(x) of each element.", _unary("rsqrt")),
    "square": ("x * x of each element.", _unary("square")),
    "sin": ("The sine of each element (radians).", _unary("sin")),
    "cos": ("The cosine of each element (radians).", _unary("cos")),
    "tan": ("The tangent of each element (radians).", _unary("tan")),
    "asin": ("The arcsine of each element.", "torch.asin(torch.tensor([0., 0.5]))"),
    "acos": ("The arccosine of each element.", "torch.acos(torch.tensor([0., 0.5]))"),
    "atan": ("The arctangent of each element.", _unary("atan")),
    "atan2": ("The angle of the point (other, input): atan(input / other) in the right "
              "quadrant.", _binary("atan2")),
    "arctan2": ("Alias of `atan2`.", _binary("arctan2")),
    "sinh": ("The hyperbolic sine of each element.", _unary("sinh")),
    "cosh": ("The hyperbolic cosine of each element.", _unary("cosh")),
    "tanh": ("The hyperbolic tangent of each element.", _unary("tanh")),
    "sigmoid": ("The logistic function 1 / (1 + exp(-x)) of each element.", _unary("sigmoid")),
    "relu": ("max(x, 0) of each element.", "torch.relu(torch.tensor([-1., 2.]))"),
    "erf": ("The error function of each element.", _unary("erf")),
    "erfinv": ("The inverse error function of each element: erfinv(erf(x)) = x on (-1, 1).",
               "torch.erfinv(torch.tensor([0., 0.5, -0.9]))"),
    "lgamma": ("The natural logarithm of the absolute value of the gamma function of each "
               "element.", _unary("lgamma")),
    "digamma": ("The logarithmic derivative of the gamma function of each element: "
                "d/dx lgamma(x).", _unary("digamma")),
    "polygamma": ("The n-th derivative of the digamma function of each element "
                  "(polygamma(0, x) is digamma(x)).", f"torch.polygamma(1, {T})"),
    "igamma": ("The regularised lower incomplete gamma function P(input, other), "
               "elementwise (torch.special.gammainc).",
               "torch.igamma(torch.tensor([1., 2.]), torch.tensor([1., 3.]))"),
    "xlogy": ("input * log(other), elementwise, and 0 where input is 0 (unless other is "
              "nan).", "torch.xlogy(torch.tensor([0., 2.]), torch.tensor([0., 3.]))"),
    "reciprocal": ("1 / x of each element.", _unary("reciprocal")),
    "floor": ("The largest integer <= each element.", _unary("floor")),
    "ceil": ("The smallest integer >= each element.", _unary("ceil")),
    "trunc": ("Each element rounded toward zero.", _unary("trunc")),
    "frac": ("The fractional part x - trunc(x) of each element.", _unary("frac")),
    "round": ("Each element rounded to `decimals` places, halves to even.",
              "torch.round(torch.tensor([0.5, 1.5, 2.25]));; "
              "torch.round(torch.tensor([1.2345]), decimals=2)"),
    "round_": ("In-place `round`.", "torch.round_(torch.tensor([0.5, 1.5]))"),
    "clamp": ("Each element limited to [min, max] (either may be None). The gradient is g "
              "inside the range and 0 outside it.",
              "torch.clamp(torch.tensor([-1., 0.5, 3.]), min=0., max=1.)"),
    "clamp_": ("In-place `clamp`.", "torch.clamp_(torch.tensor([-1., 3.]), 0., 1.)"),
    "clip": ("Alias of `clamp`.", "torch.clip(torch.tensor([-1., 3.]), 0., 1.)"),
    "clip_": ("In-place `clip`.", "torch.clip_(torch.tensor([-1., 3.]), 0., 1.)"),
    "clamp_min": ("Each element limited from below by `min`.",
                  "torch.clamp_min(torch.tensor([-1., 3.]), 0.)"),
    "clamp_max": ("Each element limited from above by `max`.",
                  "torch.clamp_max(torch.tensor([-1., 3.]), 0.)"),
    "nan_to_num": ("NaN, +inf and -inf replaced by `nan`, `posinf`, `neginf` (by default 0 "
                   "and the dtype's largest and smallest finite values).",
                   "torch.nan_to_num(torch.tensor([float('nan'), 1.]))"),
    "nan_to_num_": ("In-place `nan_to_num`.",
                    "torch.nan_to_num_(torch.tensor([float('nan'), 1.]))"),
    # arithmetic
    "add": ("input + alpha * other, broadcast. Gradient: g for input, alpha * g for other "
            "(summed over broadcast dimensions).", _binary("add")),
    "sub": ("input - alpha * other, broadcast.", _binary("sub")),
    "subtract": ("Alias of `sub`.", _binary("subtract")),
    "mul": ("input * other, elementwise and broadcast.", _binary("mul")),
    "multiply": ("Alias of `mul`.", _binary("multiply")),
    "div": ("input / other, true division unless `rounding_mode` is 'trunc' or 'floor'.",
            _binary("div")),
    "divide": ("Alias of `div`.", _binary("divide")),
    "true_divide": ("input / other, always true division.", _binary("true_divide")),
    "floor_divide": ("input / other rounded down.", _binary("floor_divide")),
    "remainder": ("The remainder of input / other with the sign of other (Python's %).",
                  "torch.remainder(torch.tensor([-3., 5.]), 2)"),
    "fmod": ("The remainder of input / other with the sign of input (C's fmod).",
             "torch.fmod(torch.tensor([-3., 5.]), 2)"),
    "pow": ("input to the power exponent, elementwise (either may be a number).",
            "torch.pow(torch.tensor([1., 2., 3.]), 2)"),
    "float_power": ("input ** exponent computed in float64.",
                    "torch.float_power(torch.tensor([2, 3]), 2)"),
    "maximum": ("The elementwise larger of input and other (NaN if either is).",
                _binary("maximum")),
    "minimum": ("The elementwise smaller of input and other (NaN if either is).",
                _binary("minimum")),
    "fmax": ("The elementwise larger of input and other, ignoring NaN.", _binary("fmax")),
    "fmin": ("The elementwise smaller of input and other, ignoring NaN.", _binary("fmin")),
    "lerp": ("Linear interpolation input + weight * (end - input).",
             "torch.lerp(torch.tensor([0., 10.]), torch.tensor([1., 20.]), 0.5)"),
    "where": ("input where condition is True, else other; with only a condition, the "
              "indices of its nonzero elements (as `nonzero(as_tuple=True)`).",
              "torch.where(torch.tensor([True, False]), torch.tensor([1., 2.]), 0.)"),
    # comparison and logic
    "eq": ("input == other, elementwise.", _binary("eq")),
    "ne": ("input != other, elementwise.", _binary("ne")),
    "not_equal": ("Alias of `ne`.", _binary("not_equal")),
    "lt": ("input < other, elementwise.", _binary("lt")),
    "less": ("Alias of `lt`.", _binary("less")),
    "le": ("input <= other, elementwise.", _binary("le")),
    "less_equal": ("Alias of `le`.", _binary("less_equal")),
    "gt": ("input > other, elementwise.", _binary("gt")),
    "greater": ("Alias of `gt`.", _binary("greater")),
    "ge": ("input >= other, elementwise.", _binary("ge")),
    "greater_equal": ("Alias of `ge`.", _binary("greater_equal")),
    "equal": ("True if both tensors have the same size and elements.",
              f"torch.equal({T}, {T})"),
    "allclose": ("True if every abs(input - other) <= atol + rtol * abs(other).",
                 "torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.000001]))"),
    "isclose": ("Elementwise abs(input - other) <= atol + rtol * abs(other).",
                "torch.isclose(torch.tensor([1., 2.]), torch.tensor([1., 2.1]))"),
    "isnan": ("True where an element is NaN.", "torch.isnan(torch.tensor([1., float('nan')]))"),
    "isinf": ("True where an element is +inf or -inf.",
              "torch.isinf(torch.tensor([1., float('inf')]))"),
    "isfinite": ("True where an element is neither inf nor NaN.",
                 "torch.isfinite(torch.tensor([1., float('inf')]))"),
    "logical_and": ("Elementwise logical and (nonzero counts as True).",
                    f"torch.logical_and({B}, torch.tensor([True, True]))"),
    "logical_or": ("Elementwise logical or (nonzero counts as True).",
                   f"torch.logical_or({B}, torch.tensor([False, False]))"),
    "logical_xor": ("Elementwise logical exclusive or.",
                    f"torch.logical_xor({B}, torch.tensor([True, True]))"),
    "logical_not": ("Elementwise logical not.", f"torch.logical_not({B})"),
    "bitwise_and": ("Elementwise bitwise and of integer or bool tensors.",
                    "torch.bitwise_and(torch.tensor([12]), torch.tensor([10]))"),
    "bitwise_or": ("Elementwise bitwise or of integer or bool tensors.",
                   "torch.bitwise_or(torch.tensor([12]), torch.tensor([10]))"),
    "bitwise_xor": ("Elementwise bitwise exclusive or of integer or bool tensors.",
                    "torch.bitwise_xor(torch.tensor([12]), torch.tensor([10]))"),
    "bitwise_not": ("Elementwise bitwise not (logical not for bool).",
                    "torch.bitwise_not(torch.tensor([0, 5]))"),
    "bitwise_left_shift": ("`input` shifted left by `other` bits, elementwise (input << "
                           "other).", "torch.bitwise_left_shift(torch.tensor([1, 3]), 2)"),
    "bitwise_right_shift": ("`input` shifted right by `other` bits, elementwise (input >> "
                            "other, arithmetic for signed dtypes).",
                            "torch.bitwise_right_shift(torch.tensor([16, -8]), 2)"),
    # reductions
    "sum": ("The sum of all elements, or along `dim` (keeping it with `keepdim`). "
            "Gradient: g broadcast back to the input's shape.",
            f"torch.sum({M});; torch.sum({M}, dim=0)"),
    "mean": ("The mean of all elements, or along `dim`. Gradient: g / n broadcast back.",
             f"torch.mean({M});; torch.mean({M}, 1, keepdim=True)"),
    "prod": ("The product of all elements, or along `dim`.", f"torch.prod({M})"),
    "max": ("The largest element; with `dim`, the (values, indices) of the maxima along it; "
            "with another tensor, the elementwise maximum.",
            f"torch.max({M});; torch.max({M}, dim=1)"),
    "min": ("The smallest element; with `dim`, the (values, indices) of the minima along "
            "it; with another tensor, the elementwise minimum.",
            f"torch.min({M});; torch.min({M}, dim=1)"),
    "amax": ("The maxima along `dim` (all dims by default); the gradient is shared evenly "
             "between tied maxima.", f"torch.amax({M}, dim=0)"),
    "amin": ("The minima along `dim` (all dims by default).", f"torch.amin({M}, dim=0)"),
    "argmax": ("The index of the largest element (of the flattened input, or along `dim`).",
               f"torch.argmax({M});; torch.argmax({M}, dim=1)"),
    "argmin": ("The index of the smallest element (of the flattened input, or along `dim`).",
               f"torch.argmin({M})"),
    "std": ("The standard deviation over all elements or along `dim`, with Bessel's "
            "correction unless `correction=0` (or `unbiased=False`).", f"torch.std({M})"),
    "var": ("The variance over all elements or along `dim`, with Bessel's correction unless "
            "`correction=0` (or `unbiased=False`).", f"torch.var({M}, dim=0)"),
    "norm": ("The p-norm (Frobenius by default) of all elements or along `dim`.",
             f"torch.norm({M})"),
    "dist": ("The p-norm of input - other (broadcast together); p is 2 unless given.",
             "torch.dist(torch.tensor([1., 2.]), torch.tensor([4., 6.]))"),
    "softmax": ("softmax along `dim`: exp(x) / sum(exp(x)), in `dtype` when given.",
                f"torch.softmax({T}, dim=0)"),
    "log_softmax": ("log(softmax(x)) along `dim`, computed stably.",
                    f"torch.log_softmax({T}, dim=0)"),
    "logsumexp": ("log(sum(exp(input))) along `dim`, computed without overflow.",
                  f"torch.logsumexp({M}, dim=1)"),
    "cumsum": ("Running sums along `dim`.", f"torch.cumsum({M}, dim=1)"),
    "cumprod": ("Running products along `dim`.", f"torch.cumprod({M}, dim=1)"),
    "all": ("True if every element (along `dim`) is nonzero.", f"torch.all({B})"),
    "any": ("True if some element (along `dim`) is nonzero.", f"torch.any({B})"),
    "count_nonzero": ("How many elements (along `dim`) are nonzero.",
                      "torch.count_nonzero(torch.tensor([0, 1, 2]))"),
    "unique": ("The distinct elements of `input`, sorted, with the inverse indices and the "
               "counts when asked for.",
               "torch.unique(torch.tensor([2, 1, 2, 3]), return_counts=True)"),
    "sort": ("(values, indices) of `input` sorted along `dim`.", f"torch.sort({I})"),
    "argsort": ("The indices that sort `input` along `dim`.", f"torch.argsort({I})"),
    "topk": ("(values, indices) of the k largest (or smallest) elements along `dim`.",
             f"torch.topk({I}, 2)"),
    "median": ("The lower median of all elements; with `dim`, (values, indices) along it.",
               f"torch.median({I})"),
    "kthvalue": ("(values, indices) of the k-th smallest element along `dim`.",
                 f"torch.kthvalue({I}, 2)"),
    # linear algebra
    "dot": ("The dot product of two 1-D tensors.", _binary("dot")),
    "inner": ("The inner product over the last dimension of both tensors.", _binary("inner")),
    "outer": ("The outer product of two 1-D tensors.", _binary("outer")),
    "ger": ("Alias of `outer`.", _binary("ger")),
    "mv": ("Matrix-vector product.", f"torch.mv({M}, torch.tensor([1., 1.]))"),
    "mm": ("Matrix product of two 2-D tensors. Gradient: g @ mat2.T and mat1.T @ g.",
           f"torch.mm({M}, {M})"),
    "bmm": ("Batched matrix product of two 3-D tensors.",
            "torch.bmm(torch.ones(2, 1, 3), torch.ones(2, 3, 1)).shape"),
    "matmul": ("Matrix product with NumPy's rules for 1-D operands and batch broadcasting "
               "(the @ operator).", f"torch.matmul({M}, torch.tensor([1., 0.]))"),
    "addmm": ("beta * input + alpha * (mat1 @ mat2).",
              f"torch.addmm(torch.zeros(2, 2), {M}, torch.eye(2))"),
    "einsum": ("Sums of products of the operands' elements, as an Einstein-summation "
               "equation names them.", f"torch.einsum('ij,jk->ik', {M}, torch.eye(2))"),
    "tensordot": ("Sums of products over the given dimensions of `a` and `b`.",
                  f"torch.tensordot({M}, {M}, dims=1)"),
    "trace": ("The sum of the diagonal of a 2-D tensor.", f"torch.trace({M})"),
    "diag": ("The diagonal of a matrix as a vector, or a vector as a diagonal matrix.",
             f"torch.diag({M})"),
    "diagonal": ("A view of the diagonal with the given offset over dims dim1, dim2.",
                 f"torch.diagonal({M})"),
    "svd": ("The singular value decomposition input = U diag(S) V^T as (U, S, V), reduced "
            "unless some=False; note V, not V^T as torch.linalg.svd returns.",
            f"torch.svd({M}).S"),
    "det": ("The determinant of a square matrix (or a batch of them).", f"torch.det({M})"),
    "inverse": ("The inverse of a square matrix (or a batch of them).", f"torch.inverse({M})"),
    "tril": ("The lower triangle of a matrix, the rest zeroed.", f"torch.tril({M})"),
    "triu": ("The upper triangle of a matrix, the rest zeroed.", f"torch.triu({M})"),
    # shape
    "reshape": ("The elements of `input` in a new shape (a view when possible; -1 infers "
                "one size).", "torch.reshape(torch.arange(6), (2, -1))"),
    "flatten": ("The dimensions start_dim..end_dim merged into one.",
                "torch.flatten(torch.ones(2, 3, 4), 1).shape"),
    "unflatten": ("Dimension `dim` split into the given sizes.",
                  "torch.unflatten(torch.arange(6), 0, (2, 3))"),
    "squeeze": ("A view without the size-1 dimensions (or only `dim`).",
                "torch.squeeze(torch.ones(1, 2, 1)).shape"),
    "unsqueeze": ("A view with a new size-1 dimension at `dim`.",
                  f"torch.unsqueeze({T}, 0)"),
    "transpose": ("A view with dimensions dim0 and dim1 swapped.",
                  f"torch.transpose({M}, 0, 1)"),
    "swapaxes": ("Alias of `transpose`.", f"torch.swapaxes({M}, 0, 1)"),
    "swapdims": ("Alias of `transpose`.", f"torch.swapdims({M}, 0, 1)"),
    "t": ("The transpose of a tensor of at most 2 dimensions.", f"torch.t({M})"),
    "permute": ("A view with the dimensions reordered as `dims`.",
                "torch.permute(torch.ones(2, 3, 4), (2, 0, 1)).shape"),
    "movedim": ("A view with dimension(s) `source` moved to `destination`.",
                "torch.movedim(torch.ones(2, 3, 4), 0, -1).shape"),
    "moveaxis": ("Alias of `movedim`.", "torch.moveaxis(torch.ones(2, 3, 4), 0, -1).shape"),
    "narrow": ("A view of `length` elements of dimension `dim` from `start`.",
               "torch.narrow(torch.arange(5), 0, 1, 3)"),
    "select": ("A view of index `index` of dimension `dim`, which is removed.",
               f"torch.select({M}, 0, 1)"),
    "broadcast_to": ("A view of `input` broadcast to `size` (no copy).",
                     f"torch.broadcast_to({T}, (2, 2))"),
    "meshgrid": ("Coordinate grids from 1-D tensors: with indexing='ij' output i varies "
                 "along dimension i, with 'xy' the first two dimensions are swapped.",
                 "torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]), "
                 "indexing='ij')"),
    "cat": ("The tensors joined along an existing dimension `dim`.",
            f"torch.cat([{T}, {T}])"),
    "concat": ("Alias of `cat`.", f"torch.concat([{T}, {T}])"),
    "concatenate": ("Alias of `cat`.", f"torch.concatenate([{T}, {T}])"),
    "stack": ("The tensors joined along a new dimension `dim`.", f"torch.stack([{T}, {T}])"),
    "hstack": ("The tensors joined column-wise: along dimension 0 for 1-D tensors, else 1.",
               f"torch.hstack([{T}, {T}])"),
    "vstack": ("The tensors joined row-wise: 1-D tensors become rows, then `cat` along 0.",
               f"torch.vstack([{T}, {T}])"),
    "tile": ("`input` repeated along each dimension as many times as `dims` says; missing "
             "leading dimensions count as 1.", "torch.tile(torch.tensor([1, 2]), (2, 2))"),
    "split": ("`input` cut along `dim` into pieces of the given size (or sizes): views.",
              "torch.split(torch.arange(5), 2)"),
    "split_with_sizes": ("`input` cut along `dim` into pieces of the given sizes.",
                         "torch.split_with_sizes(torch.arange(5), [2, 3])"),
    "chunk": ("`input` cut along `dim` into `chunks` pieces of (nearly) equal size.",
              "torch.chunk(torch.arange(5), 2)"),
    "unbind": ("The slices of `input` along `dim`, that dimension removed.",
               f"torch.unbind({M})"),
    "flip": ("A copy with the order of elements along `dims` reversed.",
             "torch.flip(torch.arange(3), [0])"),
    "roll": ("Elements shifted by `shifts` along `dims`, wrapping around.",
             "torch.roll(torch.arange(4), 1)"),
    "repeat_interleave": ("Each element repeated `repeats` times (along `dim`).",
                          f"torch.repeat_interleave({I}, 2)"),
    # indexing
    "gather": ("Values of `input` along `dim` at `index`: out[i][j] = input[i][index[i][j]] "
               "for dim 1. Gradient: g scattered back (added) to the gathered places.",
               f"torch.gather({M}, 1, torch.tensor([[1], [0]]))"),
    "scatter": ("A copy of `input` with `src` (or `value`) written at `index` along `dim`.",
                "torch.scatter(torch.zeros(3), 0, torch.tensor([2]), torch.tensor([5.]))"),
    "scatter_add": ("A copy of `input` with `src` added at `index` along `dim`.",
                    "torch.scatter_add(torch.zeros(3), 0, torch.tensor([2, 2]), "
                    "torch.tensor([1., 2.]))"),
    "index_select": ("The entries of `input` at `index` along `dim`.",
                     f"torch.index_select({M}, 0, torch.tensor([1]))"),
    "index_add": ("A copy of `input` with alpha * `source` added at `index` along `dim`.",
                  "torch.index_add(torch.zeros(3), 0, torch.tensor([0, 0]), "
                  "torch.tensor([1., 2.]))"),
    "index_put": ("A copy of `input` with `values` written (or added, with `accumulate`) at "
                  "the places the index tensors name.",
                  "torch.index_put(torch.zeros(3), (torch.tensor([1]),), torch.tensor(5.))"),
    "index_put_": ("In-place `index_put`.",
                   "torch.index_put_(torch.zeros(3), (torch.tensor([1]),), torch.tensor(5.))"),
    "masked_fill": ("A copy of `input` with `value` where `mask` is True.",
                    f"torch.masked_fill({T}, {B}, 0.)"),
    "masked_select": ("The elements of `input` where `mask` is True, as a 1-D tensor.",
                      f"torch.masked_select({T}, {B})"),
    "take": ("The elements of the flattened `input` at `index`.",
             f"torch.take({M}, torch.tensor([0, 3]))"),
    "nonzero": ("The indices of the nonzero elements (one row each, or one tensor per "
                "dimension with `as_tuple=True`).", "torch.nonzero(torch.tensor([0, 3, 5]))"),
    "argwhere": ("The indices of the nonzero elements, one row each.",
                 "torch.argwhere(torch.tensor([0, 3, 5]))"),
    "zero_": ("Fills `input` with zeros, in place.", f"torch.zero_({T})"),
    "fill_": ("Fills `input` with `value`, in place.", f"torch.fill_({T}, 3.)"),
    # dtypes and questions
    "is_tensor": ("True if `obj` is a Tensor.", f"torch.is_tensor({T})"),
    "is_floating_point": ("True if the tensor's dtype is a floating-point type.",
                          f"torch.is_floating_point({I})"),
    "numel": ("The number of elements of a tensor.", f"torch.numel({M})"),
    "result_type": ("The dtype an arithmetic op on the two operands computes in.",
                    f"torch.result_type({I}, 1.0)"),
    "can_cast": ("Whether PyTorch's casting rules allow `from_` to `to`.",
                 "torch.can_cast(torch.float32, torch.int32)"),
    "promote_types": ("The smallest dtype both dtypes can be cast to.",
                      "torch.promote_types(torch.int32, torch.float32)"),
    "get_default_dtype": ("The floating-point dtype new tensors get (float32 at start).",
                          "torch.get_default_dtype()"),
    "set_default_dtype": ("Sets the floating-point dtype new tensors get.",
                          "torch.set_default_dtype(torch.float32)"),
    # modes
    "is_grad_enabled": ("Whether operations are being recorded for autograd.",
                        "torch.is_grad_enabled()"),
    "is_inference_mode_enabled": ("Whether inference mode is on.",
                                  "torch.is_inference_mode_enabled()"),
    "is_anomaly_enabled": ("Whether anomaly detection is on.", "torch.is_anomaly_enabled()"),
    "is_anomaly_check_nan_enabled": ("Whether anomaly detection also checks for NaN.",
                                     "torch.is_anomaly_check_nan_enabled()"),
    # random state
    "manual_seed": ("Seeds the default generator: the random streams are then PyTorch's.",
                    "_ = torch.manual_seed(0);; torch.initial_seed()"),
    "seed": ("Seeds the default generator from the system's entropy; returns the seed.",
             "isinstance(torch.seed(), int)"),
    "initial_seed": ("The seed the default generator started from.",
                     "_ = torch.manual_seed(7);; torch.initial_seed()"),
    "get_rng_state": ("The default generator's state as a uint8 tensor.",
                      "torch.get_rng_state().dtype"),
    "set_rng_state": ("Restores the default generator's state from `get_rng_state()`.",
                      "torch.set_rng_state(torch.get_rng_state())"),
    # printing and files
    "set_printoptions": ("Sets how tensors print: precision, threshold, edgeitems, "
                         "linewidth, sci_mode, or a profile.",
                         "torch.set_printoptions(precision=2);; torch.tensor([1.23456]);; "
                         "torch.set_printoptions(profile='default')"),
    "get_printoptions": ("The current print options, as a dict.",
                         "torch.get_printoptions()['precision']"),
    "get_num_threads": ("The number of threads used for intra-op parallelism on the CPU "
                        "(the CPU count until set_num_threads changes it).", None),
    "set_num_threads": ("Sets the number of threads used for intra-op parallelism on the "
                        "CPU (a positive int).", None),
    "get_num_interop_threads": ("The number of threads used for inter-op parallelism on the "
                                "CPU.", None),
    "save": ("Writes tensors, state dicts and plain containers of them to a file, in "
             "PyTorch's zip format (without pickle's code execution).", None),
    "load": ("Reads what `save` wrote (only data: tensors, numbers, strings and "
             "containers).", None),
}

# names of classes and Tensor's own members, "Tensor.<name>"
MEMBERS = {
    "Tensor": ("A multi-dimensional array of one dtype that records the operations applied "
               "to it when it requires grad.", "torch.Tensor([1, 2])"),
    "Size": ("The shape of a tensor: a tuple of ints.", "torch.ones(2, 3).shape"),
    "Generator": ("A random number generator with PyTorch's CPU streams.",
                  "g = torch.Generator().manual_seed(0);; torch.rand(2, generator=g)"),
    "device": ("Where a tensor lives: always the CPU here.", "torch.device('cpu')"),
    "dtype": ("A tensor's element type (torch.float32, torch.int64, ...).",
              "torch.float32.is_floating_point"),
    "no_grad": ("Context manager (and decorator) under which operations are not recorded.",
                "x = torch.ones(1, requires_grad=True);; with torch.no_grad(): y = x * 2"
                ";; y.requires_grad"),
    "enable_grad": ("Context manager (and decorator) that turns recording back on inside "
                    "no_grad.", "torch.is_grad_enabled()"),
    "set_grad_enabled": ("Context manager (or function) turning recording on or off.",
                         "_ = torch.set_grad_enabled(True);; torch.is_grad_enabled()"),
    "inference_mode": ("Like no_grad, and the tensors made inside can never join a graph.",
                       "with torch.inference_mode(): y = torch.ones(1) * 2;; "
                       "y.is_inference()"),
    "Tensor.dtype": ("The tensor's element type.", f"{X};; x.dtype"),
    "Tensor.shape": ("The tensor's size as a torch.Size.", f"torch.ones(2, 3).shape"),
    "Tensor.size": ("The tensor's size (a torch.Size), or its length along `dim`.",
                    "torch.ones(2, 3).size();; torch.ones(2, 3).size(1)"),
    "Tensor.dim": ("The number of dimensions.", "torch.ones(2, 3).dim()"),
    "Tensor.ndimension": ("Alias of `dim()`.", "torch.ones(2, 3).ndimension()"),
    "Tensor.ndim": ("The number of dimensions.", "torch.ones(2, 3).ndim"),
    "Tensor.numel": ("The number of elements.", "torch.ones(2, 3).numel()"),
    "Tensor.nelement": ("Alias of `numel()`.", "torch.ones(2, 3).nelement()"),
    "Tensor.element_size": ("The size of one element in bytes.",
                            "torch.ones(2).element_size()"),
    "Tensor.device": ("The tensor's device (the CPU).", "torch.ones(2).device"),
    "Tensor.is_cuda": ("False: tensors live on the CPU.", "torch.ones(2).is_cuda"),
    "Tensor.is_floating_point": ("True if the dtype is a floating-point type.",
                                 "torch.ones(2).is_floating_point()"),
    "Tensor.is_complex": ("False: complex dtypes are not supported.",
                          "torch.ones(2).is_complex()"),
    "Tensor.is_contiguous": ("True if the elements lie in memory in row-major order.",
                             "torch.ones(2, 3).t().is_contiguous()"),
    "Tensor.is_inference": ("True if the tensor was made in inference mode.",
                            "torch.ones(2).is_inference()"),
    "Tensor.stride": ("The step in elements between neighbours along each dimension.",
                      "torch.ones(2, 3).stride()"),
    "Tensor.data_ptr": ("The address of the first element.",
                        "torch.ones(2).data_ptr() > 0"),
    "Tensor.requires_grad": ("Whether operations on this tensor are recorded for autograd "
                             "(settable on leaves).",
                             "torch.ones(2, requires_grad=True).requires_grad"),
    "Tensor.requires_grad_": ("Sets requires_grad in place and returns the tensor.",
                              "torch.ones(2).requires_grad_()"),
    "Tensor.grad_fn": ("The node that made this tensor (None for leaves).",
                       "(torch.ones(2, requires_grad=True) * 2).grad_fn.name()"),
    "Tensor.is_leaf": ("True for tensors not made by a recorded operation.",
                       "torch.ones(2, requires_grad=True).is_leaf"),
    "Tensor.output_nr": ("Which output of its grad_fn this tensor is.",
                         "torch.ones(2).output_nr"),
    "Tensor.grad": ("The gradient accumulated by backward() (leaves only, unless "
                    "retain_grad()).",
                    "x = torch.ones(2, requires_grad=True);; (x * 3).sum().backward();; x.grad"),
    "Tensor.retains_grad": ("True if retain_grad() was called on this non-leaf.",
                            "torch.ones(2).retains_grad"),
    "Tensor.retain_grad": ("Makes backward() fill this non-leaf's .grad too.",
                           "x = torch.ones(2, requires_grad=True);; y = x * 2;; "
                           "y.retain_grad();; y.sum().backward();; y.grad"),
    "Tensor.register_hook": ("`hook(grad)` runs when this tensor's gradient is computed; it "
                             "may return a replacement. Returns a handle with .remove().",
                             "x = torch.ones(2, requires_grad=True);; "
                             "h = x.register_hook(lambda g: g * 10);; x.sum().backward();; "
                             "x.grad"),
    "Tensor.register_post_accumulate_grad_hook": (
        "`hook(tensor)` runs after a gradient was accumulated into this leaf's .grad.", None),
    "Tensor.backward": ("Computes the gradient of this tensor with respect to the graph's "
                        "leaves and accumulates it into their .grad.",
                        "x = torch.tensor([1., 2.], requires_grad=True);; "
                        "(x ** 2).sum().backward();; x.grad"),
    "Tensor.detach": ("The same data cut from the graph (shares memory).",
                      "torch.ones(2, requires_grad=True).detach()"),
    "Tensor.detach_": ("Cuts this tensor from the graph, in place.",
                       "(torch.ones(2, requires_grad=True) * 2).detach_()"),
    "Tensor.data": ("The tensor's data as a tensor outside the graph (shares memory).",
                    "torch.ones(2, requires_grad=True).data"),
    "Tensor.item": ("The value of a one-element tensor as a Python number.",
                    "torch.tensor([2.5]).item()"),
    "Tensor.tolist": ("The tensor as (nested) Python lists of numbers.",
                      f"{M}.tolist()"),
    "Tensor.numpy": ("The tensor as an ndarray sharing its memory (refused while it "
                     "requires grad: use detach() first).", f"{M}.numpy()"),
    "Tensor.T": ("The tensor with its dimensions reversed.", f"{M}.T"),
    "Tensor.mT": ("The tensor with its last two dimensions swapped.", f"{M}.mT"),
    "Tensor.real": ("The real part: the tensor itself (complex dtypes are not supported).",
                    f"{T}.real"),
    "Tensor.contiguous": ("The tensor in row-major memory order (itself if already).",
                          f"{M}.t().contiguous().is_contiguous()"),
    "Tensor.copy_": ("Copies `src`'s values (broadcast, cast) into this tensor in place.",
                     f"torch.zeros(2).copy_({T})"),
    "Tensor.cpu": ("The tensor itself (tensors live on the CPU).", f"{T}.cpu()"),
    "Tensor.to": ("The tensor with another dtype (and/or device): itself if nothing "
                  "changes.", f"{I}.to(torch.float64)"),
    "Tensor.type": ("The type name ('torch.FloatTensor'), or a copy cast to the given type.",
                    f"{T}.type()"),
    "Tensor.type_as": ("The tensor cast to `other`'s dtype.", f"{I}.type_as({T})"),
    "Tensor.float": ("The tensor as float32.", f"{I}.float()"),
    "Tensor.double": ("The tensor as float64.", f"{I}.double()"),
    "Tensor.half": ("The tensor as float16.", f"{I}.half()"),
    "Tensor.long": ("The tensor as int64.", f"{T}.long()"),
    "Tensor.int": ("The tensor as int32.", f"{T}.int()"),
    "Tensor.short": ("The tensor as int16.", f"{T}.short()"),
    "Tensor.char": ("The tensor as int8.", f"{T}.char()"),
    "Tensor.byte": ("The tensor as uint8.", f"{T}.byte()"),
    "Tensor.bool": ("The tensor as bool (nonzero is True).", f"{I}.bool()"),
    "Tensor.view": ("A view of the same memory with another shape (or dtype).",
                    "torch.arange(6).view(2, 3)"),
    "Tensor.view_as": ("A view with `other`'s shape.", f"torch.arange(4).view_as({M})"),
    "Tensor.reshape_as": ("The tensor reshaped to `other`'s shape.",
                          f"torch.arange(4).reshape_as({M})"),
    "Tensor.expand": ("A view repeating size-1 dimensions to the given sizes (no copy).",
                      "torch.tensor([[1], [2]]).expand(2, 3)"),
    "Tensor.expand_as": ("`expand` to `other`'s size.",
                         f"torch.tensor([[1.], [2.]]).expand_as({M})"),
    "Tensor.repeat": ("The tensor tiled the given number of times along each dimension.",
                      "torch.tensor([1, 2]).repeat(2)"),
    "Tensor.softmax": ("softmax along `dim`: exp(x) / sum(exp(x)).",
                       f"{T}.softmax(0)"),
    "Tensor.log_softmax": ("log(softmax(x)) along `dim`, computed stably.",
                           f"{T}.log_softmax(0)"),
    "Tensor.uniform_": ("Fills the tensor with uniform values in [from, to), PyTorch's "
                        "stream.", "_ = torch.manual_seed(0);; torch.empty(2).uniform_()"),
    "Tensor.normal_": ("Fills the tensor with normal values, PyTorch's stream.",
                       "_ = torch.manual_seed(0);; torch.empty(2).normal_()"),
    "Tensor.random_": ("Fills the tensor with random integers, PyTorch's stream.",
                       "_ = torch.manual_seed(0);; torch.empty(2).random_(10)"),
    "Tensor.exponential_": ("Fills the tensor with exponential values, PyTorch's stream.",
                            "_ = torch.manual_seed(0);; torch.empty(2).exponential_()"),
    "Tensor.bernoulli_": ("Fills the tensor with 1 with probability p, else 0.",
                          "_ = torch.manual_seed(0);; torch.empty(2).bernoulli_(0.5)"),
    "Size.numel": ("The number of elements a tensor of this size holds.",
                   "torch.Size([2, 3]).numel()"),
}


def _example(code, outputs):
    """Doctest lines for the statements of `code` and the outputs PyTorch printed."""
    lines = []
    for statement, output in zip(code.split(";; "), outputs):
        head, *rest = statement.split(": ", 1) if statement.startswith("with ") else (
            statement,)
        if rest:   # a one-line with block
            lines += [f"    >>> {head}:", f"    ...     {rest[0]}", "    ..."]
        else:
            lines.append(f"    >>> {statement}")
        lines += [f"    {line}" for line in output.splitlines()]
    return "\n".join(lines)


@functools.lru_cache(maxsize=None)   # torch.exp and Tensor.exp share theirs
def docstring(key, gradient=None):
    """The docstring of the entry `key` (a name of FUNCTIONS or MEMBERS)."""
    summary, code = FUNCTIONS.get(key) or MEMBERS[key]
    parts = [summary]
    if gradient:
        parts.append(gradient)
    if code is not None and key in OUTPUTS:
        parts.append("Example::\n\n" + _example(code, OUTPUTS[key]))
    return "\n\n".join(parts) + "\n"


def _gradient_text(key):
    entry = GRADIENTS.get(key)
    if not entry:
        return None
    node, formulas = entry
    return (f"Gradient ({node}; g is the incoming gradient, out the result): "
            + "; ".join(formulas) + ".")


def _inplace_text(name):
    return (f"In-place form of `{name[:-1]}`: writes the result into this tensor and returns "
            f"it.\n\n{FUNCTIONS[name[:-1]][0]}\n")


def document(namespace, tensor_class):
    """Give the public functions of `namespace` (torch.*) and the members of
    `tensor_class` their docstrings and names."""
    for name in sorted(namespace):
        obj = namespace[name]
        if name.startswith("_"):
            continue
        if isinstance(obj, Op):
            _name(obj, name)
        if name in FUNCTIONS and callable(obj):
            _name(obj, name)
            _set_doc(obj, docstring(name, _gradient_text(name)))
        elif name.endswith("_") and name[:-1] in FUNCTIONS and callable(obj):
            _name(obj, name)
            _set_doc(obj, _inplace_text(name))
        elif name in MEMBERS and isinstance(obj, type):
            obj.__doc__ = docstring(name)
    document_tensor(tensor_class)
    Size = namespace["Size"]
    Size.numel.__doc__ = docstring("Size.numel")


def document_tensor(tensor_class):
    """Give Tensor's public members their docstrings and names; run again when a submodule
    adds methods (nn.functional's softmax)."""
    for name in dir(tensor_class):
        if name.startswith("_"):
            continue
        raw = next(vars(c)[name] for c in tensor_class.__mro__ if name in vars(c))
        obj = getattr(tensor_class, name)
        key = f"Tensor.{name}"
        if key in MEMBERS:
            text = docstring(key)
        elif name in FUNCTIONS:
            text = docstring(name, _gradient_text(name))
        elif name.endswith("_") and name[:-1] in FUNCTIONS:
            text = _inplace_text(name)
        else:
            continue
        if isinstance(raw, property):
            raw.__doc__ = text
        elif callable(obj) and not isinstance(obj, Op):
            if getattr(obj, "__doc__", None) is None or key in MEMBERS or \
                    getattr(obj, "__wrapped__", None) is not None:
                _set_doc(obj, text)
            _name(obj, name, qualname=f"Tensor.{name}")


def _name(obj, name, qualname=None):
    """An op published under `name` gets it as its `__name__` (the first name wins for
    aliases: `abs` before `absolute`), and the public module."""
    if isinstance(obj, Op):
        if "__name__" not in vars(obj):
            obj.__name__ = obj.__qualname__ = name
            obj.__module__ = "retrograd"
    elif getattr(obj, "__name__", None) == "__call__":   # an op's function, as a method
        obj.__name__ = name
        obj.__qualname__ = qualname or name


def _set_doc(obj, text):
    try:
        obj.__doc__ = text
    except (AttributeError, TypeError):
        pass


# the submodules' names, documented when the submodule loads (`document_module`)
MODULE_MEMBERS = {
    # layers
    "nn.Identity": "Returns its input unchanged (a placeholder layer).",
    "nn.Flatten": "Flattens dimensions start_dim..end_dim (by default all but the batch).",
    "nn.Unflatten": "Splits dimension `dim` into `unflattened_size`.",
    "nn.ReLU": "max(x, 0) elementwise, as a layer.",
    "nn.Sigmoid": "The logistic function 1 / (1 + exp(-x)) elementwise, as a layer.",
    "nn.Tanh": "tanh elementwise, as a layer.",
    "nn.GELU": "x * Phi(x), Phi the standard normal CDF (or its tanh approximation).",
    "nn.SiLU": "x * sigmoid(x) elementwise (also called swish).",
    "nn.LeakyReLU": "x for x >= 0, negative_slope * x below, elementwise.",
    "nn.ELU": "x for x > 0, alpha * (exp(x) - 1) below, elementwise.",
    "nn.Softplus": "log(1 + exp(beta * x)) / beta, linear above `threshold`.",
    "nn.Hardtanh": "x clamped to [min_val, max_val].",
    "nn.Softmax": "softmax along `dim`: exp(x) / sum(exp(x)).",
    "nn.LogSoftmax": "log(softmax(x)) along `dim`, computed stably.",
    "nn.Dropout": ("In training, zeroes each element with probability p and scales the rest "
                   "by 1 / (1 - p); the identity in eval mode."),
    "nn.LayerNorm": ("Normalises over the last dimensions to mean 0 and variance 1, then "
                     "scales and shifts by learned weight and bias."),
    "nn.BatchNorm1d": ("Normalises each channel over the batch (and length); keeps running "
                       "statistics for eval mode."),
    "nn.BatchNorm2d": ("Normalises each channel over the batch and spatial dims; keeps "
                       "running statistics for eval mode."),
    "nn.Conv1d": "1-D convolution (cross-correlation) with learned kernels and bias.",
    "nn.Conv2d": "2-D convolution (cross-correlation) with learned kernels and bias.",
    "nn.MaxPool2d": "The maximum over each kernel-sized window.",
    "nn.AvgPool2d": "The mean over each kernel-sized window.",
    "nn.AdaptiveAvgPool2d": "Averages windows chosen to give an output of the given size.",
    # losses
    "nn.MSELoss": "Mean (or sum) of squared differences (input - target) ** 2.",
    "nn.L1Loss": "Mean (or sum) of absolute differences abs(input - target).",
    "nn.HuberLoss": "Squared error below `delta`, linear (delta-scaled) above it.",
    "nn.SmoothL1Loss": "Squared error (halved, over beta) below `beta`, absolute error above.",
    "nn.NLLLoss": "Negative log-likelihood of the target classes given log-probabilities.",
    "nn.CrossEntropyLoss": ("log_softmax of the logits followed by NLLLoss (targets are "
                            "class indices or probabilities)."),
    "nn.BCELoss": "Binary cross entropy between probabilities and targets.",
    "nn.BCEWithLogitsLoss": "Binary cross entropy on logits, computed stably (with pos_weight).",
    "nn.KLDivLoss": "Kullback-Leibler divergence of target from input (log-probabilities).",
    # nn.functional
    "nn.functional.relu": "max(x, 0) elementwise.",
    "nn.functional.relu6": "min(max(x, 0), 6) elementwise.",
    "nn.functional.softmax": "softmax along `dim`: exp(x) / sum(exp(x)).",
    "nn.functional.log_softmax": "log(softmax(x)) along `dim`, computed stably.",
    "nn.functional.softmin": "softmax of -x along `dim`.",
    "nn.functional.gelu": "x * Phi(x), Phi the standard normal CDF (approximate='tanh' too).",
    "nn.functional.silu": "x * sigmoid(x) elementwise.",
    "nn.functional.softplus": "log(1 + exp(beta * x)) / beta, linear above `threshold`.",
    "nn.functional.leaky_relu": "x for x >= 0, negative_slope * x below.",
    "nn.functional.elu": "x for x > 0, alpha * (exp(x) - 1) below.",
    "nn.functional.hardtanh": "x clamped to [min_val, max_val].",
    "nn.functional.mse_loss": "Mean (or sum) of squared differences.",
    "nn.functional.l1_loss": "Mean (or sum) of absolute differences.",
    "nn.functional.huber_loss": "Squared error below `delta`, linear above it.",
    "nn.functional.smooth_l1_loss": "Squared error below `beta`, absolute error above it.",
    "nn.functional.nll_loss": "Negative log-likelihood of target classes from log-probabilities.",
    "nn.functional.binary_cross_entropy": "Binary cross entropy between probabilities and targets.",
    "nn.functional.binary_cross_entropy_with_logits": "Binary cross entropy on logits, stably.",
    "nn.functional.kl_div": "Kullback-Leibler divergence of target from input.",
    "nn.functional.one_hot": "Integer class indices as one-hot int64 rows.",
    "nn.functional.embedding": "The rows of `weight` at the given indices.",
    "nn.functional.layer_norm": "Normalisation over the last dims, with optional weight and bias.",
    "nn.functional.normalize": "`input` divided by its p-norm along `dim` (at least eps).",
    "nn.functional.unfold": "Sliding local blocks of a batch of images, as columns (im2col).",
    "nn.functional.fold": "Columns of blocks summed back into images (col2im).",
    "nn.functional.conv2d": "2-D convolution (cross-correlation) of input with weight.",
    "nn.functional.conv1d": "1-D convolution (cross-correlation) of input with weight.",
    "nn.functional.max_pool2d": "The maximum over each window.",
    "nn.functional.avg_pool2d": "The mean over each window.",
    # nn.init
    "nn.init.calculate_gain": "The recommended gain for a nonlinearity (PyTorch's table).",
    "nn.init.uniform_": "Fills the tensor with uniform values in [a, b), PyTorch's stream.",
    "nn.init.normal_": "Fills the tensor with normal values, PyTorch's stream.",
    "nn.init.constant_": "Fills the tensor with `val`.",
    "nn.init.ones_": "Fills the tensor with ones.",
    "nn.init.zeros_": "Fills the tensor with zeros.",
    "nn.init.eye_": "Fills a 2-D tensor with the identity matrix.",
    "nn.init.xavier_uniform_": "Glorot uniform: bound gain * sqrt(6 / (fan_in + fan_out)).",
    "nn.init.xavier_normal_": "Glorot normal: std gain * sqrt(2 / (fan_in + fan_out)).",
    "nn.init.kaiming_uniform_": "He uniform: bound gain * sqrt(3 / fan), fan by `mode`.",
    "nn.init.kaiming_normal_": "He normal: std gain / sqrt(fan), fan by `mode`.",
    # optim
    "optim.SGD": ("Stochastic gradient descent, with momentum, dampening, Nesterov and weight "
                  "decay."),
    "optim.Adam": "Adam: steps scaled by running estimates of the gradient's first two moments.",
    "optim.AdamW": "Adam with decoupled weight decay.",
    "optim.RMSprop": "Steps scaled by a running mean of squared gradients.",
    "optim.Adagrad": "Steps scaled by the accumulated sum of squared gradients.",
    "optim.lr_scheduler.LRScheduler": "Base class of learning-rate schedules: step() updates lr.",
    "optim.lr_scheduler.ExponentialLR": "Multiplies the learning rate by gamma every step().",
    # autograd, linalg, data
    "autograd.Variable": "The old name of Tensor, kept for old code: Variable(t) returns t.",
    "autograd.forward_ad.enter_dual_level": "Starts a forward-AD level (dual_level does it).",
    "autograd.forward_ad.exit_dual_level": "Ends the current forward-AD level.",
    "linalg.solve": "The solution X of A @ X = B (batched).",
    "linalg.vector_norm": "The vector p-norm of all elements or along `dim`.",
    "utils.data.Dataset": "Base class of map-style datasets: define __getitem__ and __len__.",
    "utils.data.Subset": "The dataset restricted to the given indices.",
    "utils.data.ConcatDataset": "Several datasets one after another.",
    "utils.data.Sampler": "Base class of samplers: iterables of dataset indices.",
    "utils.data.SequentialSampler": "The indices 0, 1, ..., len(dataset) - 1 in order.",
    # nn: the layers and functions added since
    "nn.Dropout1d": ("In training, zeroes whole channels of (N, C, L) input with probability p "
                     "and scales the rest by 1 / (1 - p); the identity in eval mode."),
    "nn.Dropout2d": ("In training, zeroes whole channels of (N, C, H, W) input with "
                     "probability p and scales the rest by 1 / (1 - p); the identity in eval "
                     "mode."),
    "nn.ConvTranspose1d": ("1-D transposed convolution (the gradient of conv1d with respect to "
                           "its input), with learned kernels and bias."),
    "nn.ConvTranspose2d": ("2-D transposed convolution (the gradient of conv2d with respect to "
                           "its input), with learned kernels and bias."),
    "nn.AdaptiveAvgPool1d": "Averages windows chosen to give an output of the given length.",
    "nn.AdaptiveMaxPool1d": ("The maximum over windows chosen to give an output of the given "
                             "length (with the indices if return_indices)."),
    "nn.AdaptiveMaxPool2d": ("The maximum over windows chosen to give an output of the given "
                             "size (with the indices if return_indices)."),
    "nn.RNNCellBase": "Base class of the recurrent cells: the weights and their initialisation.",
    "nn.RNNCell": ("One step of an Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) "
                   "(relu with nonlinearity='relu')."),
    "nn.LSTMCell": ("One step of an LSTM: the input, forget, cell and output gates give "
                    "(h', c') from x and (h, c)."),
    "nn.GRUCell": ("One step of a GRU: the reset and update gates mix the new candidate with "
                   "h to give h'."),
    "nn.Transformer": ("The encoder-decoder Transformer of 'Attention Is All You Need': an "
                       "encoder stack over src, a decoder stack over tgt attending to it."),
    "nn.TransformerDecoder": ("num_layers copies of a decoder layer applied in turn (then "
                              "`norm` if given)."),
    "nn.TransformerEncoderLayer": ("Self-attention then a feed-forward network, each with "
                                   "dropout, a residual connection and layer norm (before "
                                   "or after, by norm_first)."),
    "nn.TransformerDecoderLayer": ("Self-attention, attention over the encoder's output "
                                   "(memory) and a feed-forward network, each with dropout, "
                                   "a residual connection and layer norm."),
    "nn.parallel.DataParallel": ("Runs the module on several GPUs by splitting the batch; "
                                 "with no GPU it runs the module itself."),
    "nn.functional.logsigmoid": "log(sigmoid(x)) elementwise, computed stably.",
    "nn.functional.conv_transpose1d": "1-D transposed convolution of input with weight.",
    "nn.functional.conv_transpose2d": "2-D transposed convolution of input with weight.",
    "nn.functional.adaptive_max_pool1d": ("The maximum over windows chosen to give an "
                                          "output of the given length."),
    "nn.functional.adaptive_max_pool2d": ("The maximum over windows chosen to give an "
                                          "output of the given size."),
    "nn.functional.adaptive_max_pool2d_with_indices": ("`adaptive_max_pool2d` with the "
                                                       "indices of the maxima."),
    "nn.functional.dropout1d": ("Zeroes whole channels of (N, C, L) input with probability p "
                                "in training and scales the rest by 1 / (1 - p)."),
    "nn.functional.dropout2d": ("Zeroes whole channels of (N, C, H, W) input with "
                                "probability p in training and scales the rest by "
                                "1 / (1 - p)."),
    "nn.utils.clip_grad_value_": ("Clamps every gradient of `parameters` to [-clip_value, "
                                  "clip_value], in place."),
    "nn.utils.parameters_to_vector": "The parameters flattened and joined into one 1-D tensor.",
    "nn.utils.rnn.invert_permutation": "The permutation that undoes `permutation`.",
    "nn.utils.rnn.unpad_sequence": ("The padded batch split back into a list of tensors of "
                                    "the given lengths."),
    "nn.utils.rnn.unpack_sequence": "A PackedSequence unpacked into a list of tensors.",
    "nn.parameter.is_lazy": "Whether `param` is an uninitialised (lazy) parameter or buffer.",
    "optim.Adadelta": ("Adadelta: steps scaled by the ratio of running RMS of past updates to "
                       "running RMS of gradients, times lr."),
    "linalg.svdvals": "The singular values of a matrix (or a batch), in descending order.",
    "autograd.function.InplaceFunction": "A Function that may modify its input in place.",
    # torch.cuda, torch.accelerator, torch.backends: what a CPU-only build answers
    "cuda.is_available": "Whether CUDA can be used: False (retrograd runs on the CPU).",
    "cuda.device_count": "The number of GPUs available: 0.",
    "cuda.is_initialized": "Whether PyTorch's CUDA state is initialised: False.",
    "cuda.is_bf16_supported": "Whether the current GPU supports bfloat16: False.",
    "cuda.current_device": "The index of the selected GPU; raises, as there is none.",
    "cuda.get_device_name": "The name of a GPU; raises, as there is none.",
    "cuda.get_device_properties": "The properties of a GPU; raises, as there is none.",
    "cuda.get_device_capability": "The CUDA capability of a GPU; raises, as there is none.",
    "cuda.synchronize": "Waits for a GPU's kernels to finish; raises, as there is none.",
    "cuda.get_rng_state": "A GPU's random number generator state; raises, as there is none.",
    "cuda.set_rng_state": "Sets a GPU's random number generator state: nothing to set.",
    "cuda.init": "Initialises PyTorch's CUDA state; raises, as there is none.",
    "cuda.manual_seed": "Seeds the current GPU's generator: nothing to seed.",
    "cuda.manual_seed_all": "Seeds every GPU's generator: nothing to seed.",
    "cuda.seed": "Seeds the current GPU's generator randomly: nothing to seed.",
    "cuda.seed_all": "Seeds every GPU's generator randomly: nothing to seed.",
    "cuda.empty_cache": "Releases the caching allocator's unused GPU memory: none is held.",
    "cuda.memory_allocated": "The GPU memory tensors occupy, in bytes: 0.",
    "cuda.max_memory_allocated": "The most GPU memory tensors have occupied, in bytes: 0.",
    "cuda.memory_reserved": "The GPU memory the caching allocator holds, in bytes: 0.",
    "cuda.max_memory_reserved": "The most GPU memory the caching allocator has held: 0.",
    "accelerator.is_available": "Whether an accelerator (GPU, MPS, ...) can be used: False.",
    "accelerator.device_count": "The number of accelerator devices: 0.",
    "accelerator.current_accelerator": "The accelerator's device type: None, as there is none.",
    "accelerator.current_device_index": ("The selected accelerator's index; raises, as there is "
                                         "none."),
    "accelerator.current_device_idx": "Deprecated name of `current_device_index`.",
    "accelerator.set_device_index": "Selects an accelerator device; raises, as there is none.",
    "accelerator.set_device_idx": "Deprecated name of `set_device_index`.",
    "accelerator.current_stream": "The selected stream of a device; raises, as there is none.",
    "accelerator.set_stream": "Selects a stream; raises, as there is none.",
    "accelerator.synchronize": "Waits for a device's kernels to finish; raises, as there is none.",
    "accelerator.empty_cache": "Releases the allocator's unused memory; raises, as there is none.",
    "accelerator.memory_allocated": ("The memory tensors occupy on a device; raises, as there is "
                                     "none."),
    "backends.cuda.is_built": "Whether PyTorch was built with CUDA: False.",
    "backends.cudnn.is_available": "Whether cuDNN can be used: False.",
    "backends.cudnn.version": "cuDNN's version: None, as there is none.",
    "backends.mps.is_available": "Whether Apple's MPS GPU can be used: False.",
    "backends.mps.is_built": "Whether PyTorch was built with MPS: False.",
    # torch.distributions
    "distributions.Distribution": ("Base class of probability distributions: sample, "
                                   "rsample, log_prob, mean, variance, entropy, over "
                                   "batch_shape + event_shape."),
    "distributions.ExponentialFamily": ("Base class of exponential-family distributions, "
                                        "whose entropy follows from the log normaliser."),
    "distributions.Bernoulli": "1 with probability `probs` (or sigmoid(`logits`)), else 0.",
    "distributions.Beta": "The beta distribution on (0, 1), by concentration1 and concentration0.",
    "distributions.Binomial": ("The number of successes in `total_count` trials of "
                               "probability `probs` (or sigmoid(`logits`))."),
    "distributions.Categorical": ("A class index 0..K-1 drawn with probabilities `probs` (or "
                                  "softmax(`logits`)) over the last dimension."),
    "distributions.Dirichlet": "The Dirichlet distribution on the simplex, by `concentration`.",
    "distributions.Exponential": "The exponential distribution with rate `rate`.",
    "distributions.Independent": ("Treats the rightmost `reinterpreted_batch_ndims` batch "
                                  "dimensions of a distribution as event dimensions."),
    "distributions.Multinomial": ("Counts over K categories from `total_count` draws with "
                                  "probabilities `probs` (or softmax(`logits`))."),
    "distributions.MultivariateNormal": ("The multivariate normal with mean `loc` and a "
                                         "covariance matrix, precision matrix or lower "
                                         "Cholesky factor `scale_tril`."),
    "distributions.OneHotCategorical": ("A one-hot vector of K categories, drawn with "
                                        "probabilities `probs` (or softmax(`logits`))."),
    "distributions.Poisson": "The Poisson distribution with rate `rate`.",
    "distributions.Uniform": "The uniform distribution on [low, high).",
    "distributions.constraints.greater_than": "The reals greater than lower_bound.",
    "distributions.constraints.greater_than_eq": "The reals at least lower_bound.",
    "distributions.constraints.less_than": "The reals less than upper_bound.",
    "distributions.constraints.interval": "The reals in [lower_bound, upper_bound].",
    "distributions.constraints.half_open_interval": "The reals in [lower_bound, upper_bound).",
    "distributions.constraints.integer_interval": "The integers in [lower_bound, upper_bound].",
    "distributions.constraints.is_dependent": ("Whether `constraint` is the `dependent` "
                                               "placeholder."),
    "distributions.utils.clamp_probs": "Probabilities clamped to [eps, 1 - eps] of their dtype.",
    "distributions.utils.logits_to_probs": ("Probabilities from logits: softmax over the last "
                                            "dimension, or sigmoid if is_binary."),
    "distributions.utils.probs_to_logits": ("Logits from probabilities: log(p), or "
                                            "log(p / (1 - p)) if is_binary (p clamped)."),
    # torchvision
    "vision.get_image_backend": "The package that loads images: 'PIL'.",
    "vision.set_image_backend": "Selects the package that loads images; only 'PIL' is available.",
    "vision.datasets.VisionDataset": ("Base class of the image datasets: root, transform and "
                                      "target_transform."),
    "vision.transforms.functional.get_image_num_channels": "The number of channels of an image.",
    "vision.transforms.functional.center_crop": "The central output_size region of the image.",
    "vision.transforms.functional.resized_crop": "A crop of the image resized to `size`.",
    "vision.transforms.functional.hflip": "The image flipped left to right.",
    "vision.transforms.functional.vflip": "The image flipped top to bottom.",
    "vision.transforms.functional.adjust_brightness": ("The image with its brightness scaled by "
                                                       "brightness_factor."),
    "vision.transforms.functional.adjust_contrast": ("The image with its contrast scaled by "
                                                     "contrast_factor."),
    "vision.transforms.functional.adjust_saturation": ("The image with its saturation scaled by "
                                                       "saturation_factor."),
    "vision.transforms.CenterCrop": "Crops the central region of the given size.",
    "vision.transforms.ConvertImageDtype": ("Converts a tensor image to `dtype`, rescaling its "
                                            "values."),
    "vision.transforms.Grayscale": "Converts an image to grayscale with 1 or 3 output channels.",
    "vision.transforms.Pad": "Pads the image's borders (constant, edge, reflect or symmetric).",
    "vision.transforms.RandomHorizontalFlip": "Flips the image left to right with probability p.",
    "vision.transforms.RandomVerticalFlip": "Flips the image top to bottom with probability p.",
    "vision.transforms.ToPILImage": "Converts a tensor or ndarray to a PIL image.",
}


def document_package(prefix):
    """Give the names of the submodule `prefix` ("nn", "optim", ...) and of its loaded
    submodules their docstrings from MODULE_MEMBERS; called by the submodule once it has
    defined them. A docstring written in the source is kept."""
    for key, text in MODULE_MEMBERS.items():
        owner, _, name = key.rpartition(".")
        if owner != prefix and not owner.startswith(prefix + "."):
            continue
        module = sys.modules.get(f"{__package__}.{owner}")
        obj = getattr(module, name, None)
        if obj is not None and not (vars(obj).get("__doc__") if isinstance(obj, type)
                                    else obj.__doc__):
            _set_doc(obj, text + "\n")
