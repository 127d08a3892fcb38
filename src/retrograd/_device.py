"""torch.device: retrograd computes on the CPU (NumPy) only. Other devices can be named,
printed and compared as in PyTorch built without CUDA; using one raises PyTorch's error."""
import re

# the device types PyTorch's parser knows, in the order its error message lists them
_KNOWN = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
          "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
          "privateuseone")
NO_ACCELERATOR = "Cannot access accelerator device when none is available."
NO_CUDA = "Torch not compiled with CUDA enabled"
_DEVICE_STRING = re.compile(r"[a-zA-Z_]+(:([1-9][0-9]*|0))?")


class device:
    """A device name, as PyTorch spells it: `device(type='cpu')`, `device(type='cuda', index=1)`."""
    _type_name = "torch.device"   # the name PyTorch's messages give its objects
    __slots__ = ("type", "index")
    __module__ = "retrograd"

    def __init__(self, type=None, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):   # an accelerator index
            raise RuntimeError(NO_ACCELERATOR)
        if index is not None and (not isinstance(index, int) or isinstance(index, bool)):
            from ._args import type_name
            raise TypeError(f"device(): argument 'index' (position 2) must be int, not "
                            f"{type_name(index)}")
        text = str(type)
        if not text:
            raise RuntimeError("Device string must not be empty")
        name, colon, idx = text.partition(":")
        # c10's device string: ([a-zA-Z_]+)(?::([1-9]\d*|0))?, then the type is looked up
        if not _DEVICE_STRING.fullmatch(text):
            raise RuntimeError(f"Invalid device string: '{text}'")
        if name not in _KNOWN:
            raise RuntimeError(f"Expected one of {', '.join(_KNOWN)} device type at start of "
                               f"device string: {name}")
        if colon:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index "
                                   f"was passed explicitly: {text}")
            index = int(idx)
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type = name
        self.index = index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type,) if self.index is None else (self.type, self.index))


cpu = device("cpu")


def check(dev):
    """Validate a `device=` argument: None or anything naming the CPU; any other device
    raises the error PyTorch built for the CPU only raises."""
    if dev is None or dev is cpu:
        return
    d = device(dev)
    if d.type == "cuda":
        raise AssertionError(NO_CUDA)
    if d.type not in ("cpu", "meta"):
        raise RuntimeError(f"PyTorch is not linked with support for {d.type} devices")
    if d.type != "cpu":
        raise RuntimeError(f"retrograd computes on the CPU only; it has no '{d.type}' device")
