"""torch.backends.cuda: not built with CUDA."""


def is_built():
    return False
