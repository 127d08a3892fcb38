"""DataLoader: iterate over a dataset in (optionally shuffled) batches, collated into
tensors. Loading happens in the calling process (num_workers is accepted, not used)."""
import collections.abc
import numbers

import numpy as np

from ..._tensor import Tensor
from ... import _dtype, _factories
from ...ops.shape import stack
from .dataset import TensorDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler, _draw_seed


def default_collate(batch):
    """A list of samples -> one batch: tensors are stacked, numbers become a tensor, and
    tuples/lists/dicts are collated field by field (as PyTorch's default_collate)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch, 0)
    if isinstance(elem, np.ndarray):
        return stack([_factories.as_tensor(b) for b in batch], 0)
    if isinstance(elem, float):
        return _factories.tensor(batch, dtype=_dtype.float64)
    if isinstance(elem, numbers.Integral):     # bools too: they collate to a bool tensor
        return _factories.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):     # namedtuple
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):     # tuples and lists give lists
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(s)) for s in zip(*batch)]
    raise TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, "
                    f"dicts or lists; found {type(elem)}")


class DataLoader:
    """Batches of `dataset`, in order or shuffled (with PyTorch's random stream)."""

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False,
                 timeout=0, worker_init_fn=None, multiprocessing_context=None,
                 generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        if sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle \
                else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.generator = generator
        self.collate_fn = collate_fn if collate_fn is not None else (
            default_collate if batch_sampler is not None else _identity)

    def __iter__(self):
        # PyTorch draws a base seed for worker processes on every pass, before shuffling;
        # drawing it too keeps the default generator's stream in step.
        _draw_seed(self.generator)
        if self.batch_sampler is None:
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])
            return
        fast = self.collate_fn is default_collate and type(self.dataset) is TensorDataset \
            and not any(t.requires_grad for t in self.dataset.tensors)
        for indices in self.batch_sampler:
            if fast:    # what collating the rows one by one gives, in one indexing per tensor
                yield [Tensor._make(t._data[indices]) for t in self.dataset.tensors]
            else:
                yield self.collate_fn([self.dataset[i] for i in indices])

    def __len__(self):
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)


def _identity(sample):
    return sample
