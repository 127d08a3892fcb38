"""retrograd: PyTorch's tensor and autograd API in pure Python on NumPy.

    import retrograd as torch

and PyTorch autograd code runs unchanged and prints what PyTorch prints. A program's own
`import torch` lines run on retrograd after `retrograd.install_as_torch()`, under
`python -m retrograd script.py`, or after `%load_ext retrograd` in Jupyter.
"""
import builtins
import os

from . import _dtype, _parallel, _warnings  # noqa: F401
from ._dtype import (bool, float16, float32, float64, int8, int16, int32, int64,  # noqa: F401
                     uint8, dtype, get_default_dtype, set_default_dtype, promote_types)
from ._tensor import Tensor, Size  # noqa: F401
from .ops import _op as _op_table
from .autograd import engine as _engine

# the op table and the engine build tensors; they learn the class here, once
_op_table.Tensor = _engine.Tensor = Tensor

from . import autograd, ops, random  # noqa: E402,F401
from ._device import device  # noqa: E402,F401
from ._factories import *  # noqa: E402,F401,F403
from ._factories import range  # noqa: E402,F401
from ._printing import set_printoptions, get_printoptions  # noqa: E402,F401
from .autograd.grad_mode import (no_grad, enable_grad, set_grad_enabled,  # noqa: E402,F401
                                 is_grad_enabled, inference_mode, is_inference_mode_enabled)
from .autograd.anomaly_mode import (is_anomaly_enabled,  # noqa: E402,F401
                                    is_anomaly_check_nan_enabled)
from .ops.pointwise import *  # noqa: E402,F401,F403
from .ops.pointwise import abs, add, div, mul, pow, round, sub, where  # noqa: E402,F401
from .ops.reduction import mean, norm, prod, sum  # noqa: E402,F401
from .ops.linalg import dot, inner, matmul, mm, mv, outer, ger  # noqa: E402,F401
from .ops.shape import (cat, concat, concatenate, stack, reshape, flatten,  # noqa: E402,F401
                        unflatten, transpose, swapaxes, t, permute, unsqueeze, squeeze,
                        clone, narrow, select, unbind, broadcast_to)
from .ops.reduction import *  # noqa: E402,F401,F403
from .ops.linalg import *  # noqa: E402,F401,F403
from .ops.shape import *  # noqa: E402,F401,F403
from .ops.indexing import *  # noqa: E402,F401,F403
from .ops.special import *  # noqa: E402,F401,F403
from .ops.special import (_standard_gamma, _standard_gamma_grad,  # noqa: E402,F401
                          _sample_dirichlet, _dirichlet_grad)
from . import linalg, return_types  # noqa: E402,F401
from ._svd import svd  # noqa: E402,F401
from .random import (manual_seed, seed, initial_seed, get_rng_state,  # noqa: E402,F401
                     set_rng_state, Generator, default_generator)
from .serialization import save, load  # noqa: E402,F401
from ._legacy import (FloatTensor, DoubleTensor, HalfTensor, LongTensor,  # noqa: E402,F401
                      IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor)
from ._alias import install_as_torch, load_ipython_extension  # noqa: E402,F401

half, float, double = float16, float32, float64
short, int, long = int16, int32, int64

__version__ = "0.1.0"


def softmax(input, dim, dtype=None):
    """torch.softmax: nn.functional.softmax with `dim` required."""
    from .nn import functional
    return functional.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, dtype=None):
    """torch.log_softmax: nn.functional.log_softmax with `dim` required."""
    from .nn import functional
    return functional.log_softmax(input, dim, dtype=dtype)


def get_num_threads():
    """The threads intra-op work may use: OMP_NUM_THREADS or the CPUs, until set."""
    return _parallel.threads[0]


def set_num_threads(n):
    """Also starts retrograd's own split of large array work over n threads
    (`_parallel.py`)."""
    if not isinstance(n, builtins.int) or n <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _parallel.threads[0] = _parallel.split_threads[0] = n


def get_num_interop_threads():
    return os.cpu_count() or 1


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input._dtype.is_floating_point


def numel(input):
    return input._data.size


_LAZY_SUBMODULES = ("nn", "func", "optim", "utils", "explain", "cuda", "backends",
                    "accelerator", "distributions", "functional", "vision")


from . import _docs  # noqa: E402

_docs.document(globals(), Tensor)   # docstrings and public names, from the docs table
_docs.document_package("autograd")
_docs.document_package("linalg")


def __getattr__(name):
    """`torch.nn`, `torch.func`, `torch.optim`, `torch.utils`, ... load on first use, to
    keep import fast."""
    if name in _LAZY_SUBMODULES:
        import importlib
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":   # a module it imports is missing
                raise
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
