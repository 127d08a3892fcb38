"""torchvision.transforms: ToTensor, Compose, Normalize, Resize, the crops, flips and
colour jitter D2L and the tutorials use, and `functional`, their function forms."""
from . import functional  # noqa: F401
from .functional import InterpolationMode  # noqa: F401
from .transforms import (CenterCrop, ColorJitter, Compose, ConvertImageDtype,  # noqa: F401
                         Grayscale, Lambda, Normalize, Pad, PILToTensor, RandomCrop,
                         RandomHorizontalFlip, RandomResizedCrop, RandomVerticalFlip,
                         Resize, ToPILImage, ToTensor)
