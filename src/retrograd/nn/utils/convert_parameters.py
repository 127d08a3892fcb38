"""Flatten parameters into one vector and back."""
from ...ops.shape import cat
from ...autograd.grad_mode import no_grad


def parameters_to_vector(parameters):
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    offset = 0
    with no_grad():
        for p in parameters:
            n = p.numel()
            p._data[...] = vec._data[offset:offset + n].reshape(p._data.shape)
            p._vc.bump("copy_")
            offset += n
