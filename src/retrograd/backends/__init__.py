"""torch.backends: the flags PyTorch code sets and reads (`cudnn.benchmark = True`), with the
values PyTorch built for the CPU only has."""
from . import cuda, cudnn, mps  # noqa: F401

from .. import _docs  # noqa: E402

_docs.document_package("backends")
