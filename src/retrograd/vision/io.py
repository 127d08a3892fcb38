"""torchvision.io.read_image: an image file as a uint8 tensor (C, H, W), decoded by Pillow."""
import io as _io
from enum import Enum

import numpy as np

from .. import _factories
from .._tensor import Tensor
from ._pil import pil_image


class ImageReadMode(Enum):
    """The channels read_image decodes to: UNCHANGED, GRAY, GRAY_ALPHA, RGB, RGB_ALPHA."""
    UNCHANGED = 0
    GRAY = 1
    GRAY_ALPHA = 2
    RGB = 3
    RGB_ALPHA = 4
    RGBA = RGB_ALPHA


# what each mode converts to in Pillow; UNCHANGED keeps the file's channels
_PIL_MODES = {ImageReadMode.GRAY: "L", ImageReadMode.GRAY_ALPHA: "LA",
              ImageReadMode.RGB: "RGB", ImageReadMode.RGB_ALPHA: "RGBA"}


def _decode(image, mode):
    if isinstance(mode, str):
        mode = ImageReadMode[mode.upper()]
    if mode == ImageReadMode.UNCHANGED:
        if image.mode == "P":      # a palette image decodes to its colours
            target = "RGBA" if "transparency" in image.info else "RGB"
        elif image.mode in ("L", "LA", "RGB", "RGBA"):
            target = image.mode
        elif image.mode == "1":
            target = "L"
        else:
            target = "RGBA" if "A" in image.getbands() else "RGB"
    else:
        target = _PIL_MODES[mode]
        if image.format == "JPEG" and target in ("LA", "RGBA"):
            raise RuntimeError("The provided mode is not supported for JPEG files")
        if target in ("L", "LA") and image.mode not in ("1", "L", "LA"):
            return _factories.from_numpy(_libpng_gray(image, alpha=target == "LA"))
    array = np.asarray(image.convert(target) if image.mode != target else image, np.uint8)
    if array.ndim == 2:
        array = array[:, :, None]
    return _factories.from_numpy(np.ascontiguousarray(array.transpose(2, 0, 1)))


def _libpng_gray(image, alpha):
    """Grey (and alpha) planes of a colour image as libpng makes them for torchvision:
    (9794 R + 19234 G + 3740 B) >> 15, its fixed-point form of 0.2989/0.587/0.114."""
    rgba = np.asarray(image.convert("RGBA"), np.int64)
    grey = (9794 * rgba[..., 0] + 19234 * rgba[..., 1] + 3740 * rgba[..., 2]) >> 15
    planes = [grey, rgba[..., 3]] if alpha else [grey]
    return np.stack(planes).astype(np.uint8)


def read_image(path, mode=ImageReadMode.UNCHANGED, apply_exif_orientation=False):
    """The image at `path` (PNG, JPEG, BMP, GIF, WebP, ...) as a uint8 tensor (C, H, W)."""
    Image = pil_image()
    with open(path, "rb") as f:
        image = Image.open(f)
        if image.format == "JPEG" and mode in (ImageReadMode.GRAY, "GRAY", "gray"):
            image.draft("L", image.size)      # libjpeg's own grey output
        image.load()
    if apply_exif_orientation:
        from PIL import ImageOps
        image = ImageOps.exif_transpose(image)
    return _decode(image, mode)


def decode_image(input, mode=ImageReadMode.UNCHANGED, apply_exif_orientation=False):
    """An encoded image (a 1-D uint8 tensor of the file's bytes, or a path) decoded."""
    if not isinstance(input, Tensor):
        return read_image(input, mode, apply_exif_orientation)
    image = pil_image().open(_io.BytesIO(input.numpy().tobytes()))
    image.load()
    if apply_exif_orientation:
        from PIL import ImageOps
        image = ImageOps.exif_transpose(image)
    return _decode(image, mode)


def read_file(path):
    """The bytes of a file as a 1-D uint8 tensor."""
    with open(path, "rb") as f:
        return _factories.from_numpy(np.frombuffer(f.read(), dtype=np.uint8).copy())
