"""MNIST, Fashion-MNIST and KMNIST: the IDX files of `root/<ClassName>/raw/`.

The layout, file names, mirrors and checksums are torchvision's. The raw folder holds the
downloaded `.gz` files and their decompressed copies; a `.gz` put there by hand is
decompressed when the data set is opened.
"""
import os
from urllib.error import URLError

import numpy as np

from ... import _dtype, _factories
from .._pil import pil_image
from .utils import check_integrity, download_and_extract_archive, extract_archive
from .vision import VisionDataset

# IDX type codes (the third byte of the magic number) -> big-endian NumPy dtypes
_IDX_TYPES = {8: np.dtype(">u1"), 9: np.dtype(">i1"), 11: np.dtype(">i2"),
              12: np.dtype(">i4"), 13: np.dtype(">f4"), 14: np.dtype(">f8")}


def read_sn3_pascalvincent_array(path, strict=True):
    """An IDX file as a native-endian NumPy array; every size is checked against the bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file (bad magic number)")
    ty, nd = data[2], data[3]
    if ty not in _IDX_TYPES or not 1 <= nd <= 3:
        raise ValueError(f"{path}: unsupported IDX type {ty} or {nd} dimensions")
    header = 4 * (nd + 1)
    if len(data) < header:
        raise ValueError(f"{path} is truncated")
    shape = [int.from_bytes(data[4 * (i + 1):4 * (i + 2)], "big") for i in range(nd)]
    dtype = _IDX_TYPES[ty]
    count = int(np.prod(shape))
    available = (len(data) - header) // dtype.itemsize
    if available < count or (strict and available != count):
        raise ValueError(f"{path}: header says {shape} ({count} values), file holds "
                         f"{available}")
    flat = np.frombuffer(data, dtype=dtype, count=count, offset=header)
    return flat.astype(dtype.newbyteorder("="), copy=True).reshape(shape)


def read_sn3_pascalvincent_tensor(path, strict=True):
    return _factories.from_numpy(read_sn3_pascalvincent_array(path, strict))


def read_label_file(path):
    x = read_sn3_pascalvincent_tensor(path, strict=False)
    if x.dtype != _dtype.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of {x.dtype}")
    if x.ndimension() != 1:
        raise ValueError(f"x should have 1 dimension instead of {x.ndimension()}")
    return x.long()


def read_image_file(path):
    x = read_sn3_pascalvincent_tensor(path, strict=False)
    if x.dtype != _dtype.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of {x.dtype}")
    if x.ndimension() != 3:
        raise ValueError(f"x should have 3 dimension instead of {x.ndimension()}")
    return x


class MNIST(VisionDataset):
    """`MNIST <http://yann.lecun.com/exdb/mnist/>`_: 28x28 grey digits; a sample is
    (PIL image, int) before transforms."""

    mirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]
    resources = [
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ]
    training_file = "training.pt"
    test_file = "test.pt"
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five",
               "6 - six", "7 - seven", "8 - eight", "9 - nine"]

    def __init__(self, root, train=True, transform=None, target_transform=None,
                 download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_exists():
            raise RuntimeError("Dataset not found. You can use download=True to download it"
                               + self._where())
        self.data, self.targets = self._load_data()

    def _where(self):
        files = ", ".join(name for name, _ in self.resources)
        return f"\nor put {files} in {self.raw_folder}"

    def _load_data(self):
        split = "train" if self.train else "t10k"
        data = read_image_file(self._raw_file(f"{split}-images-idx3-ubyte"))
        targets = read_label_file(self._raw_file(f"{split}-labels-idx1-ubyte"))
        return data, targets

    def _raw_file(self, name):
        """The decompressed file, made from its .gz when only that is there."""
        path = os.path.join(self.raw_folder, name)
        if not os.path.isfile(path):
            extract_archive(path + ".gz", self.raw_folder)
        return path

    def __getitem__(self, index):
        # index the arrays under the tensors: the same values, without two tensor indexings
        img, target = self.data.numpy()[index], int(self.targets.numpy()[index])
        img = pil_image().fromarray(img)      # uint8 HxW: mode "L"
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self.data)

    @property
    def raw_folder(self):
        return os.path.join(self.root, self.__class__.__name__, "raw")

    @property
    def processed_folder(self):
        return os.path.join(self.root, self.__class__.__name__, "processed")

    @property
    def class_to_idx(self):
        return {_class: i for i, _class in enumerate(self.classes)}

    def _check_exists(self):
        def present(url):
            name = os.path.splitext(os.path.basename(url))[0]
            path = os.path.join(self.raw_folder, name)
            return check_integrity(path) or check_integrity(path + ".gz")
        return all(present(url) for url, _ in self.resources)

    def download(self):
        """Fetch the files that are missing, trying each mirror in turn."""
        if self._check_exists():
            return
        os.makedirs(self.raw_folder, exist_ok=True)
        for filename, md5 in self.resources:
            errors = []
            for mirror in self.mirrors:
                url = f"{mirror}{filename}"
                try:
                    download_and_extract_archive(url, download_root=self.raw_folder,
                                                 filename=filename, md5=md5)
                except (RuntimeError, URLError) as error:
                    errors.append(error)
                    continue
                break
            else:
                message = f"Error downloading {filename}:\n"
                for mirror, error in zip(self.mirrors, errors):
                    message += f"Tried {mirror}, got:\n{error}\n"
                raise RuntimeError(message + f"Offline? Put {filename} in {self.raw_folder}")

    def extra_repr(self):
        split = "Train" if self.train is True else "Test"
        return f"Split: {split}"


class FashionMNIST(MNIST):
    """`Fashion-MNIST <https://github.com/zalandoresearch/fashion-mnist>`_: 28x28 grey
    pictures of clothes in 10 classes, MNIST's layout."""

    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ]
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot"]


class KMNIST(MNIST):
    """`Kuzushiji-MNIST <https://github.com/rois-codh/kmnist>`_: 28x28 grey cursive
    Japanese characters in 10 classes."""

    mirrors = ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"),
        ("train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"),
        ("t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"),
        ("t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"),
    ]
    classes = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"]
