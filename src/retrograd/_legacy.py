"""The legacy tensor types, `torch.FloatTensor`, `torch.LongTensor`, ...: each is a
constructor for its dtype (`torch.LongTensor([1, 2])`) and an isinstance test by dtype
(`isinstance(torch.ones(2), torch.FloatTensor)` is True). As in PyTorch they are not
subclasses of Tensor, and what they build is a plain Tensor."""
from . import _device, _dtype
from ._tensor import Tensor, legacy_new


class TensorType(type):
    """The class of the legacy types: calling one builds a tensor of its dtype."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._dtype is cls.dtype

    def __call__(cls, *args, device=None):
        _device.check(device)
        return legacy_new(args, cls.dtype)


def _legacy_type(dt):
    return TensorType(dt.legacy_name, (), {"dtype": dt, "__module__": "retrograd",
                                           "__doc__": f"Legacy constructor for {dt}."})


FloatTensor, DoubleTensor, HalfTensor = map(_legacy_type, (_dtype.float32, _dtype.float64,
                                                           _dtype.float16))
LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor = map(_legacy_type, (
    _dtype.int64, _dtype.int32, _dtype.int16, _dtype.int8, _dtype.uint8, _dtype.bool))
