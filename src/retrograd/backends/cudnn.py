"""torch.backends.cudnn: flags a program may set; there is no cuDNN to use them."""
enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available():
    return False


def version():
    return None
