"""retrograd.vision: the part of torchvision that D2L and the tutorials use.

    from retrograd.vision import datasets, transforms, io

`datasets` (MNIST, FashionMNIST, KMNIST, CIFAR10, CIFAR100, ImageFolder, DatasetFolder)
with torchvision's layout on disk and real downloads, `transforms` (ToTensor, Compose,
Normalize, Resize, crops, flips, ColorJitter, ...) and `io.read_image`. Images need Pillow
(`pip install retrograd[vision]`); the rest of retrograd needs NumPy only.
"""
from . import datasets, io, transforms  # noqa: F401

__version__ = "0.29.1"       # the torchvision release whose behaviour this follows

_image_backend = "PIL"


def get_image_backend():
    return _image_backend


def set_image_backend(backend):
    if backend != "PIL":
        raise ValueError(f"Invalid backend '{backend}'. Options are 'PIL' (accimage is not "
                         "available)")

from .. import _docs  # noqa: E402

_docs.document_package("vision")
