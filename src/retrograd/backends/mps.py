"""torch.backends.mps: Apple's GPU; retrograd has none."""


def is_available():
    return False


def is_built():
    return False
