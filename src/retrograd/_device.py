"""torch.device: retrograd computes on the CPU (NumPy) only, for now."""


class device:
    """A device name, as PyTorch spells it: `device(type='cpu')`."""
    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        name, _, idx = str(type).partition(":")
        if name not in ("cpu", "cuda", "mps", "meta"):
            raise RuntimeError(f"Expected one of cpu, cuda, mps, meta device type at start of "
                               f"device string: {type}")
        if name != "cpu":
            raise AssertionError("Torch not compiled with CUDA enabled" if name == "cuda" else
                                 f"retrograd has no {name} device; use 'cpu'")
        self.type = name
        self.index = int(idx) if idx else index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


cpu = device("cpu")


def check(dev):
    """Validate a `device=` argument (None or anything naming the CPU)."""
    if dev is not None and not isinstance(dev, device):
        device(dev)
