"""torch.nn.parallel, as PyTorch behaves on a machine without a GPU."""
from .data_parallel import DataParallel  # noqa: F401
