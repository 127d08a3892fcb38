"""CIFAR-10 and CIFAR-100: the Python batches of `root/cifar-10-batches-py/`.

The batches are pickles, and a pickle can run any code when loaded, so they are never
given to `pickle.load`. `load_batch` reads them with an unpickler that knows only the few
names a CIFAR batch mentions (NumPy's array and dtype rebuilders, and `_codecs.encode`
for bytes written by Python 3), each replaced by a stand-in that checks its arguments and
builds a plain array from the bytes; any other name is refused.
"""
import codecs
import io
import os
import pickle

import numpy as np

from .._pil import pil_image
from .utils import check_integrity, download_and_extract_archive
from .vision import VisionDataset

_DTYPE_CODES = {"u1", "i1", "i2", "i4", "i8", "u2", "u4", "u8", "f4", "f8", "b1"}
_MAX_DEPTH = 32


class _NDArrayName:
    """Stands for `numpy.ndarray` in a pickle; only `_reconstruct` accepts it."""


class _DType:
    """Stands for `numpy.dtype(code, align, copy)`; BUILD gives its byte order."""

    def __init__(self, code, align=False, copy=True):
        if code not in _DTYPE_CODES:
            raise pickle.UnpicklingError(f"dtype {code!r} is not allowed in a CIFAR batch")
        self.dtype = np.dtype(code)

    def __setstate__(self, state):
        order = state[1] if isinstance(state, tuple) and len(state) > 1 else "|"
        if order not in ("|", "<", ">", "="):
            raise pickle.UnpicklingError(f"bad byte order {order!r}")
        if order != "|":
            self.dtype = self.dtype.newbyteorder(order)


class _Array:
    """Stands for `numpy.core.multiarray._reconstruct(ndarray, shape, b)`; BUILD gives the
    shape, dtype and raw bytes, from which a plain array is made."""

    def __init__(self, cls, shape, typecode):
        if cls is not _NDArrayName:
            raise pickle.UnpicklingError("_reconstruct may only build a numpy.ndarray")
        self.array = None

    def __setstate__(self, state):
        if not isinstance(state, tuple) or len(state) != 5:
            raise pickle.UnpicklingError("bad ndarray state")
        _, shape, dtype, fortran, raw = state
        if not isinstance(dtype, _DType) or not isinstance(shape, tuple) or \
                not all(isinstance(n, int) and n >= 0 for n in shape):
            raise pickle.UnpicklingError("bad ndarray shape or dtype")
        if isinstance(raw, str):      # written by Python 2 and read with encoding="latin1"
            raw = raw.encode("latin1")
        if not isinstance(raw, (bytes, bytearray)):
            raise pickle.UnpicklingError("ndarray data must be bytes")
        count = int(np.prod(shape))
        if len(raw) != count * dtype.dtype.itemsize:
            raise pickle.UnpicklingError(f"ndarray of shape {shape} needs "
                                         f"{count * dtype.dtype.itemsize} bytes, got {len(raw)}")
        flat = np.frombuffer(raw, dtype=dtype.dtype).astype(dtype.dtype.newbyteorder("="))
        self.array = flat.reshape(shape, order="F" if fortran else "C")


def _encode(text, encoding="utf-8"):
    """`_codecs.encode`, as Python 3 pickles bytes at protocol 2: str in, bytes out."""
    if not isinstance(text, str) or codecs.lookup(encoding).name != "iso8859-1":
        raise pickle.UnpicklingError("_codecs.encode is allowed only to make latin-1 bytes")
    return text.encode("latin1")


_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _Array,
    ("numpy._core.multiarray", "_reconstruct"): _Array,
    ("numpy", "ndarray"): _NDArrayName,
    ("numpy", "dtype"): _DType,
    ("_codecs", "encode"): _encode,
}


class _BatchUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"a CIFAR batch may not contain {module}.{name}") \
                from None


def _plain(obj, depth=0):
    """Stand-ins replaced by the arrays they built; only dicts, lists, tuples, str, bytes,
    numbers and None are let through."""
    if depth > _MAX_DEPTH:
        raise pickle.UnpicklingError("a CIFAR batch nested too deeply")
    if isinstance(obj, _Array):
        if obj.array is None:
            raise pickle.UnpicklingError("ndarray without data")
        return obj.array
    if isinstance(obj, dict):
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_plain(v, depth + 1) for v in obj)
    if obj is None or isinstance(obj, (str, bytes, int, float, bool)):
        return obj
    raise pickle.UnpicklingError(f"a CIFAR batch may not contain a {type(obj).__name__}")


def load_batch(path):
    """A CIFAR batch or meta file as a dict, read without running any code from it."""
    with open(path, "rb") as f:
        data = f.read()
    return _plain(_BatchUnpickler(io.BytesIO(data), encoding="latin1").load())


class CIFAR10(VisionDataset):
    """`CIFAR10 <https://www.cs.toronto.edu/~kriz/cifar.html>`_: 32x32 colour images in 10
    classes; a sample is (PIL image, int) before transforms."""

    base_folder = "cifar-10-batches-py"
    url = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    filename = "cifar-10-python.tar.gz"
    tgz_md5 = "c58f30108f718f92721af3b95e74349a"
    train_list = [
        ["data_batch_1", "c99cafc152244af753f735de768cd75f"],
        ["data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"],
        ["data_batch_3", "54ebc095f3ab1f0389bbae665268c751"],
        ["data_batch_4", "634d18415352ddfa80567beed471001a"],
        ["data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"],
    ]
    test_list = [["test_batch", "40351d587109b95175f43aff81a1287e"]]
    meta = {"filename": "batches.meta", "key": "label_names",
            "md5": "5ff9c542aee3614f3951f8cda6e48888"}

    def __init__(self, root, train=True, transform=None, target_transform=None,
                 download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_integrity():
            raise RuntimeError("Dataset not found or corrupted. You can use download=True to "
                               f"download it\nor put {self.filename} (unpacked) in "
                               f"{self.root}")
        self.data, self.targets = [], []
        for file_name, _ in (self.train_list if self.train else self.test_list):
            entry = load_batch(os.path.join(self.root, self.base_folder, file_name))
            self.data.append(entry["data"])
            self.targets.extend(entry["labels"] if "labels" in entry else entry["fine_labels"])
        self.data = np.vstack(self.data).reshape(-1, 3, 32, 32)
        self.data = self.data.transpose((0, 2, 3, 1))      # HWC, as PIL wants
        self._load_meta()

    def _load_meta(self):
        path = os.path.join(self.root, self.base_folder, self.meta["filename"])
        if not check_integrity(path, self.meta["md5"]):
            raise RuntimeError("Dataset metadata file not found or corrupted. You can use "
                               "download=True to download it")
        self.classes = load_batch(path)[self.meta["key"]]
        self.class_to_idx = {_class: i for i, _class in enumerate(self.classes)}

    def __getitem__(self, index):
        img, target = self.data[index], self.targets[index]
        img = pil_image().fromarray(img)
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self.data)

    def _check_integrity(self):
        for filename, md5 in self.train_list + self.test_list:
            if not check_integrity(os.path.join(self.root, self.base_folder, filename), md5):
                return False
        return True

    def download(self):
        if self._check_integrity():
            return
        download_and_extract_archive(self.url, self.root, filename=self.filename,
                                     md5=self.tgz_md5)

    def extra_repr(self):
        split = "Train" if self.train is True else "Test"
        return f"Split: {split}"


class CIFAR100(CIFAR10):
    """`CIFAR100 <https://www.cs.toronto.edu/~kriz/cifar.html>`_: CIFAR10's layout, 100
    fine classes."""

    base_folder = "cifar-100-python"
    url = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
    filename = "cifar-100-python.tar.gz"
    tgz_md5 = "eb9058c3a382ffc7106e4002c42a8d85"
    train_list = [["train", "16019d7e3df5f24257cddd939b257f8d"]]
    test_list = [["test", "f0ef6b0ae62326f3e7ffdfab6717acfc"]]
    meta = {"filename": "meta", "key": "fine_label_names",
            "md5": "7973b15100ade9c7d40fb424638fde48"}
