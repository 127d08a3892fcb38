"""torch.utils.data: datasets, samplers and the DataLoader that batches them."""
from .dataset import Dataset, TensorDataset, Subset, ConcatDataset, random_split  # noqa: F401
from .sampler import (Sampler, SequentialSampler, RandomSampler,  # noqa: F401
                      BatchSampler)
from .dataloader import DataLoader, default_collate  # noqa: F401

from ... import _docs  # noqa: E402

_docs.document_package("utils.data")
