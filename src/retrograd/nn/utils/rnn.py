"""torch.nn.utils.rnn: padding and packing batches of variable-length sequences.

A PackedSequence holds the steps of a batch of sequences sorted by decreasing length,
time-major: `data` is every sequence's step 0, then every still-running sequence's step 1,
...; `batch_sizes[t]` says how many sequences are still running at step t. The recurrent
layers accept one and skip the padding.
"""
from collections import namedtuple
from collections.abc import Iterable

import numpy as np

from ... import _dtype, _factories, ops
from ..._tensor import Tensor
from ...ops._op import Op


def invert_permutation(permutation):
    if permutation is None:
        return None
    inverse = np.empty_like(permutation._data)
    inverse[permutation._data] = np.arange(len(inverse))
    return Tensor._make(inverse)


class PackedSequence(namedtuple("PackedSequence_", "data batch_sizes sorted_indices "
                                                   "unsorted_indices")):
    """(data, batch_sizes, sorted_indices, unsorted_indices); build it with
    pack_padded_sequence or pack_sequence."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def __repr__(self):
        return (f"PackedSequence(data={self.data!r}, batch_sizes={self.batch_sizes!r}, "
                f"sorted_indices={self.sorted_indices!r}, "
                f"unsorted_indices={self.unsorted_indices!r})")

    def to(self, *args, **kwargs):
        data = self.data.to(*args, **kwargs)
        return self if data is self.data else type(self)(
            data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cpu(self):
        return self

    def double(self):
        return self.to(_dtype.float64)

    def float(self):
        return self.to(_dtype.float32)

    def half(self):
        return self.to(_dtype.float16)

    @property
    def is_cuda(self):
        return False

    def is_pinned(self):
        return False


def _packed_key(lengths, batch_first):
    """The (time, batch) index of every element of the packed data, in packed order, and
    the batch sizes."""
    steps = int(lengths[0])
    batch_sizes = np.array([(lengths > t).sum() for t in range(steps)], np.int64)
    time = np.concatenate([np.full(b, t) for t, b in enumerate(batch_sizes)])
    batch = np.concatenate([np.arange(b) for b in batch_sizes])
    return ((batch, time) if batch_first else (time, batch)), batch_sizes


_pack = Op("PackPaddedSequenceBackward0", lambda x, key: x[key],
           lambda g, x_shape, key, m: m.index_backward(g, x_shape, key), inputs="x",
           dtype=None)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded (T, B, *) batch (B, T, * with batch_first) of sequences of the given
    lengths. With enforce_sorted=False the batch is sorted by length first, and the
    PackedSequence remembers how to undo it."""
    lengths = lengths.to(_dtype.int64) if isinstance(lengths, Tensor) \
        else _factories.tensor(lengths, dtype=_dtype.int64)
    sorted_indices = None
    if not enforce_sorted:
        lengths, sorted_indices = ops.sort(lengths, descending=True)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    n = lengths._data
    batch = input.shape[0 if batch_first else 1]
    if len(n) != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{len(n)} (batch_size={batch})")
    if (n <= 0).any():
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    if (np.diff(n) > 0).any():
        raise RuntimeError("`lengths` array must be sorted in decreasing order when "
                           "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                           "pack_padded_sequence and/or pack_sequence to sidestep this "
                           "requirement if you do not need ONNX exportability.")
    if n[0] > input.shape[1 if batch_first else 0]:
        raise RuntimeError(f"Expected all lengths to be at most the sequence length "
                           f"{input.shape[1 if batch_first else 0]}, got {int(n[0])}")
    key, batch_sizes = _packed_key(n, batch_first)
    return PackedSequence(_pack(input, key=key), Tensor._make(batch_sizes), sorted_indices,
                          None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of pack_padded_sequence: (padded batch, lengths), in the original batch
    order."""
    batch_sizes = sequence.batch_sizes._data
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {steps}")
        steps = total_length
    data = sequence.data
    batch = int(batch_sizes[0])
    padded = _factories.full((steps, batch) + tuple(data.shape[1:]), padding_value,
                             dtype=data.dtype)
    start = 0
    for t, b in enumerate(batch_sizes):     # step t's rows, written into place
        padded[t, :b] = data[start:start + b]
        start += b
    lengths = np.array([(batch_sizes > i).sum() for i in range(batch)], np.int64)
    if batch_first:
        padded = padded.transpose(0, 1)
    lengths = Tensor._make(lengths)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = Tensor._make(lengths._data[sequence.unsorted_indices._data])
    return padded, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of shapes (L_i, *) into (T, B, *) (or (B, T, *)), padding each with
    `padding_value` on the right (or the left)."""
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg "
                           f"of type: {type(sequences)}")
    sequences = tuple(sequences)
    if padding_side not in ("left", "right"):
        raise ValueError("Expected padding_side to be one of left or right, but got "
                         f"{padding_side}.")
    longest = max(s.shape[0] for s in sequences)
    first = sequences[0]
    shape = (len(sequences), longest) if batch_first else (longest, len(sequences))
    out = _factories.full(shape + tuple(first.shape[1:]), padding_value, dtype=first.dtype)
    for i, s in enumerate(sequences):
        n = s.shape[0]
        rows = slice(0, n) if padding_side == "right" else slice(longest - n, longest)
        if batch_first:
            out[i, rows] = s
        else:
            out[rows, i] = s
    return out


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq[:int(n)] for seq, n in zip(padded_sequences, lengths.tolist())]


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of sequences (L_i, *) directly."""
    lengths = _factories.tensor([s.shape[0] for s in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
