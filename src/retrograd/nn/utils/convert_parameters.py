"""Flatten parameters into one vector and back."""
from ...ops.shape import cat


def parameters_to_vector(parameters):
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Point each parameter's `.data` at its slice of `vec`, as PyTorch does: the parameters
    then share `vec`'s memory, and nothing is written (no version is counted)."""
    offset = 0
    for p in parameters:
        n = p.numel()
        p.data = vec[offset:offset + n].view_as(p).data
        offset += n
