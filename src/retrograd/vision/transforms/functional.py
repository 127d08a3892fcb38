"""torchvision.transforms.functional: the transforms as functions, on PIL images (done by
Pillow itself, as torchvision does) and on tensors (..., C, H, W) (done with retrograd's
tensor ops, in torchvision's formulas, so dtypes and values follow PyTorch's rules)."""
import numbers
import sys
from enum import Enum

import numpy as np

from ... import _dtype, _factories
from ..._tensor import Tensor
from ...ops import linalg, pointwise, reduction, shape
from .._pil import is_pil_image, pil_image
from ._resample import resize_array


class InterpolationMode(Enum):
    """How images are resampled: NEAREST, NEAREST_EXACT, BILINEAR, BICUBIC, ..."""
    NEAREST = "nearest"
    NEAREST_EXACT = "nearest-exact"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"
    BOX = "box"
    HAMMING = "hamming"
    LANCZOS = "lanczos"


# Pillow's resampling filter numbers
pil_modes_mapping = {
    InterpolationMode.NEAREST: 0, InterpolationMode.BILINEAR: 2,
    InterpolationMode.BICUBIC: 3, InterpolationMode.NEAREST_EXACT: 0,
    InterpolationMode.BOX: 4, InterpolationMode.HAMMING: 5, InterpolationMode.LANCZOS: 1,
}


def _interpolation_modes_from_int(i):
    return {0: InterpolationMode.NEAREST, 2: InterpolationMode.BILINEAR,
            3: InterpolationMode.BICUBIC, 4: InterpolationMode.BOX,
            5: InterpolationMode.HAMMING, 1: InterpolationMode.LANCZOS}[i]


def _is_numpy(img):
    return isinstance(img, np.ndarray)


def _assert_image_tensor(img):
    if not (isinstance(img, Tensor) and img.ndim >= 2):
        raise TypeError("Tensor is not a torch image.")


def _assert_pil(img):
    if not is_pil_image(img):
        raise TypeError(f"img should be PIL Image. Got {type(img)}")


def _assert_channels(img, permitted):
    c = get_dimensions(img)[0]
    if c not in permitted:
        raise TypeError(f"Input image tensor permitted channel values are {permitted}, but "
                        f"found {c}")


def _max_value(dtype):
    """The largest value of an integer image dtype; 1 for floating point images."""
    return {_dtype.uint8: 255, _dtype.int8: 127, _dtype.int16: 32767,
            _dtype.int32: 2147483647, _dtype.int64: 9223372036854775807}.get(dtype, 1)


# ---------------------------------------------------------------------------------------
# Sizes

def get_dimensions(img):
    """[channels, height, width] of a tensor or PIL image."""
    if isinstance(img, Tensor):
        _assert_image_tensor(img)
        channels = 1 if img.ndim == 2 else img.shape[-3]
        height, width = img.shape[-2:]
        return [channels, height, width]
    if is_pil_image(img):
        width, height = img.size
        return [len(img.getbands()), height, width]
    raise TypeError(f"Unexpected type {type(img)}")


def get_image_size(img):
    """[width, height]."""
    _, height, width = get_dimensions(img)
    return [width, height]


def get_image_num_channels(img):
    return get_dimensions(img)[0]


# ---------------------------------------------------------------------------------------
# Conversions

def to_tensor(pic):
    """A PIL image or HxWxC ndarray -> a CxHxW tensor; uint8 data is scaled to [0, 1] in
    the default float dtype, other dtypes are kept."""
    if not (is_pil_image(pic) or _is_numpy(pic)):
        raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
    if _is_numpy(pic) and pic.ndim not in (2, 3):
        raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
    if isinstance(pic, np.ndarray):
        if pic.ndim == 2:
            pic = pic[:, :, None]
        img = _factories.from_numpy(np.ascontiguousarray(pic.transpose((2, 0, 1))))
    else:
        mode_to_nptype = {"I": np.int32, "I;16" if sys.byteorder == "little" else "I;16B":
                          np.int16, "F": np.float32}
        array = np.array(pic, mode_to_nptype.get(pic.mode, np.uint8), copy=True)
        if pic.mode == "1":
            array = 255 * array
        array = array.reshape(pic.size[1], pic.size[0], get_image_num_channels(pic))
        img = _factories.from_numpy(np.ascontiguousarray(array.transpose((2, 0, 1))))
    if img.dtype == _dtype.uint8:
        return img.to(dtype=_dtype.get_default_dtype()).div(255)
    return img


def pil_to_tensor(pic):
    """A PIL image -> a CxHxW tensor of its own dtype (uint8 for 8-bit images), unscaled."""
    if not is_pil_image(pic):
        raise TypeError(f"pic should be PIL Image. Got {type(pic)}")
    img = _factories.as_tensor(np.array(pic, copy=True))
    img = img.view(pic.size[1], pic.size[0], get_image_num_channels(pic))
    return img.permute((2, 0, 1))


def to_pil_image(pic, mode=None):
    """A CxHxW tensor or HxWxC ndarray -> a PIL image (floats are scaled by 255)."""
    if isinstance(pic, Tensor):
        if pic.ndim == 3:
            pic = pic.permute((1, 2, 0))
        pic = pic.detach().numpy()
    elif not isinstance(pic, np.ndarray):
        raise TypeError(f"pic should be Tensor or ndarray. Got {type(pic)}.")
    if pic.ndim == 2:
        pic = np.expand_dims(pic, 2)
    if pic.ndim != 3:
        raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
    if pic.shape[-1] > 4:
        raise ValueError(f"pic should not have > 4 channels. Got {pic.shape[-1]} channels.")
    npimg = pic
    if np.issubdtype(npimg.dtype, np.floating) and mode != "F":
        npimg = (npimg * 255).astype(np.uint8)
    if npimg.shape[2] == 1:
        npimg = npimg[:, :, 0]
        expected_mode = {np.dtype(np.uint8): "L", np.dtype(np.int16): "I;16",
                         np.dtype(np.int32): "I", np.dtype(np.float32): "F"}.get(npimg.dtype)
        if mode is not None and mode != expected_mode:
            raise ValueError(f"Incorrect mode ({mode}) supplied for input type {np.dtype}. "
                             f"Should be {expected_mode}")
        mode = expected_mode
    elif npimg.shape[2] == 2:
        if mode is not None and mode != "LA":
            raise ValueError("Only modes ['LA'] are supported for 2D inputs")
        if mode is None and npimg.dtype == np.uint8:
            mode = "LA"
    elif npimg.shape[2] == 4:
        if mode is not None and mode not in ["RGBA", "CMYK", "RGBX"]:
            raise ValueError("Only modes ['RGBA', 'CMYK', 'RGBX'] are supported for 4D inputs")
        if mode is None and npimg.dtype == np.uint8:
            mode = "RGBA"
    else:
        if mode is not None and mode not in ["RGB", "YCbCr", "HSV"]:
            raise ValueError("Only modes ['RGB', 'YCbCr', 'HSV'] are supported for 3D inputs")
        if mode is None and npimg.dtype == np.uint8:
            mode = "RGB"
    if mode is None:
        raise TypeError(f"Input type {npimg.dtype} is not supported")
    image = pil_image().fromarray(np.ascontiguousarray(npimg))
    return image if image.mode == mode else image.convert(mode)


def convert_image_dtype(image, dtype=_dtype.float32):
    """Convert between image dtypes, rescaling values (uint8 255 <-> float 1.0)."""
    if not isinstance(image, Tensor):
        raise TypeError("Input img should be Tensor Image")
    if image.dtype == dtype:
        return image
    if image.is_floating_point():
        if dtype.is_floating_point:
            return image.to(dtype)
        if (image.dtype == _dtype.float32 and dtype in (_dtype.int32, _dtype.int64)) or \
                (image.dtype == _dtype.float64 and dtype == _dtype.int64):
            raise RuntimeError(f"The cast from {image.dtype} to {dtype} cannot be performed "
                               "safely.")
        eps = 1e-3
        return image.mul(float(_max_value(dtype)) + 1.0 - eps).to(dtype)
    input_max = float(_max_value(image.dtype))
    if dtype.is_floating_point:
        return image.to(dtype) / input_max
    output_max = float(_max_value(dtype))
    if input_max > output_max:
        factor = int((input_max + 1) // (output_max + 1))
        return pointwise.div(image, factor, rounding_mode="floor").to(dtype)
    factor = int((output_max + 1) // (input_max + 1))
    return image.to(dtype) * factor


# ---------------------------------------------------------------------------------------
# Value transforms

def normalize(tensor, mean, std, inplace=False):
    """(tensor - mean) / std per channel."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"img should be Tensor Image. Got {type(tensor)}")
    _assert_image_tensor(tensor)
    if not tensor.is_floating_point():
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.ndim < 3:
        raise ValueError("Expected tensor to be a tensor image of size (..., C, H, W). Got "
                         f"tensor.size() = {tensor.size()}")
    if not inplace:
        tensor = tensor.clone()
    dtype = tensor.dtype
    mean = _factories.as_tensor(mean, dtype=dtype)
    std = _factories.as_tensor(std, dtype=dtype)
    if (std == 0).any():
        raise ValueError(f"std evaluated to zero after conversion to {dtype}, leading to "
                         "division by zero.")
    if mean.ndim == 1:
        mean = mean.view(-1, 1, 1)
    if std.ndim == 1:
        std = std.view(-1, 1, 1)
    return tensor.sub_(mean).div_(std)


def _blend(img1, img2, ratio):
    ratio = float(ratio)
    bound = _max_value(img1.dtype)
    return (ratio * img1 + (1.0 - ratio) * img2).clamp(0, bound).to(img1.dtype)


def rgb_to_grayscale(img, num_output_channels=1):
    """Luma 0.2989 R + 0.587 G + 0.114 B (PIL's "L" conversion for PIL images)."""
    if not isinstance(img, Tensor):
        return to_grayscale(img, num_output_channels)
    if img.ndim < 3:
        raise TypeError("Input image tensor should have at least 3 dimensions, but found "
                        f"{img.ndim}")
    _assert_channels(img, [1, 3])
    if num_output_channels not in (1, 3):
        raise ValueError("num_output_channels should be either 1 or 3")
    if img.shape[-3] == 3:
        r, g, b = img.unbind(dim=-3)
        l_img = (0.2989 * r + 0.587 * g + 0.114 * b).to(img.dtype).unsqueeze(dim=-3)
    else:
        l_img = img.clone()
    if num_output_channels == 3:
        return l_img.expand(img.shape)
    return l_img


def to_grayscale(img, num_output_channels=1):
    """A PIL image in mode "L" (or "RGB" with three equal channels)."""
    if not is_pil_image(img):
        raise TypeError("Input should be PIL Image")
    if num_output_channels not in (1, 3):
        raise ValueError("num_output_channels should be either 1 or 3")
    img = img.convert("L")
    if num_output_channels == 3:
        grey = np.array(img, dtype=np.uint8)
        img = pil_image().fromarray(np.dstack([grey, grey, grey]))
    return img


def _enhance(img, name, factor):
    from PIL import ImageEnhance
    return getattr(ImageEnhance, name)(img).enhance(factor)


def adjust_brightness(img, brightness_factor):
    if not isinstance(img, Tensor):
        _assert_pil(img)
        return _enhance(img, "Brightness", brightness_factor)
    if brightness_factor < 0:
        raise ValueError(f"brightness_factor ({brightness_factor}) is not non-negative.")
    _assert_image_tensor(img)
    _assert_channels(img, [1, 3])
    return _blend(img, _factories.zeros_like(img), brightness_factor)


def adjust_contrast(img, contrast_factor):
    if not isinstance(img, Tensor):
        _assert_pil(img)
        return _enhance(img, "Contrast", contrast_factor)
    if contrast_factor < 0:
        raise ValueError(f"contrast_factor ({contrast_factor}) is not non-negative.")
    _assert_image_tensor(img)
    _assert_channels(img, [3, 1])
    c = get_dimensions(img)[0]
    dtype = img.dtype if img.is_floating_point() else _dtype.float32
    grey = rgb_to_grayscale(img) if c == 3 else img
    mean = reduction.mean(grey.to(dtype), dim=(-3, -2, -1), keepdim=True)
    return _blend(img, mean, contrast_factor)


def adjust_saturation(img, saturation_factor):
    if not isinstance(img, Tensor):
        _assert_pil(img)
        return _enhance(img, "Color", saturation_factor)
    if saturation_factor < 0:
        raise ValueError(f"saturation_factor ({saturation_factor}) is not non-negative.")
    _assert_image_tensor(img)
    _assert_channels(img, [1, 3])
    if get_dimensions(img)[0] == 1:
        return img
    return _blend(img, rgb_to_grayscale(img), saturation_factor)


def _rgb2hsv(img):
    r, g, b = img.unbind(dim=-3)
    maxc = reduction.max(img, dim=-3).values
    minc = reduction.min(img, dim=-3).values
    eqc = maxc == minc
    cr = maxc - minc
    ones = _factories.ones_like(maxc)
    s = cr / pointwise.where(eqc, ones, maxc)
    cr_divisor = pointwise.where(eqc, ones, cr)
    rc = (maxc - r) / cr_divisor
    gc = (maxc - g) / cr_divisor
    bc = (maxc - b) / cr_divisor
    hr = (maxc == r) * (bc - gc)
    hg = ((maxc == g) & (maxc != r)) * (2.0 + rc - bc)
    hb = ((maxc != g) & (maxc != r)) * (4.0 + gc - rc)
    h = pointwise.fmod((hr + hg + hb) / 6.0 + 1.0, 1.0)
    return shape.stack((h, s, maxc), dim=-3)


def _hsv2rgb(img):
    h, s, v = img.unbind(dim=-3)
    i = pointwise.floor(h * 6.0)
    f = h * 6.0 - i
    i = i.to(dtype=_dtype.int32)
    p = (v * (1.0 - s)).clamp(0.0, 1.0)
    q = (v * (1.0 - s * f)).clamp(0.0, 1.0)
    t = (v * (1.0 - s * (1.0 - f))).clamp(0.0, 1.0)
    i = i % 6
    mask = i.unsqueeze(dim=-3) == _factories.arange(6).view(-1, 1, 1)
    a1 = shape.stack((v, q, p, p, t, v), dim=-3)
    a2 = shape.stack((t, v, v, q, p, p), dim=-3)
    a3 = shape.stack((p, p, t, v, v, q), dim=-3)
    a4 = shape.stack((a1, a2, a3), dim=-4)
    return linalg.einsum("...ijk, ...xijk -> ...xjk", mask.to(dtype=img.dtype), a4)


def adjust_hue(img, hue_factor):
    """Shift the hue by `hue_factor` turns of the colour wheel, in [-0.5, 0.5]."""
    if not -0.5 <= hue_factor <= 0.5:
        raise ValueError(f"hue_factor ({hue_factor}) is not in [-0.5, 0.5].")
    if not isinstance(img, Tensor):
        _assert_pil(img)
        if img.mode in {"L", "1", "I", "F"}:
            return img
        input_mode = img.mode
        h, s, v = img.convert("HSV").split()
        np_h = np.array(h, dtype=np.uint8)
        np_h += np.int32(hue_factor * 255).astype(np.uint8)     # wraps around, as uint8
        Image = pil_image()
        return Image.merge("HSV", (Image.fromarray(np_h), s, v)).convert(input_mode)
    _assert_image_tensor(img)
    _assert_channels(img, [1, 3])
    if get_dimensions(img)[0] == 1:
        return img
    orig_dtype = img.dtype
    img = _rgb2hsv(convert_image_dtype(img, _dtype.float32))
    h, s, v = img.unbind(dim=-3)
    h = (h + hue_factor) % 1.0
    img = _hsv2rgb(shape.stack((h, s, v), dim=-3))
    return convert_image_dtype(img, orig_dtype)


# ---------------------------------------------------------------------------------------
# Geometry

def hflip(img):
    if not isinstance(img, Tensor):
        _assert_pil(img)
        return img.transpose(pil_image().FLIP_LEFT_RIGHT)
    _assert_image_tensor(img)
    return img.flip(-1)


def vflip(img):
    if not isinstance(img, Tensor):
        _assert_pil(img)
        return img.transpose(pil_image().FLIP_TOP_BOTTOM)
    _assert_image_tensor(img)
    return img.flip(-2)


def _ltrb(padding):
    """[left, top, right, bottom] of an int or a 1, 2 or 4 element padding."""
    if isinstance(padding, int):
        return [padding] * 4
    if len(padding) == 1:
        return [padding[0]] * 4
    if len(padding) == 2:
        return [padding[0], padding[1], padding[0], padding[1]]
    return list(padding)


def pad(img, padding, fill=0, padding_mode="constant"):
    """Pad the borders by `padding` (int, or [left/right, top/bottom], or [l, t, r, b]);
    negative padding crops."""
    if not isinstance(padding, (numbers.Number, tuple, list)):
        raise TypeError("Got inappropriate padding arg")
    if not isinstance(padding_mode, str):
        raise TypeError("Got inappropriate padding_mode arg")
    if isinstance(padding, (tuple, list)) and len(padding) not in [1, 2, 4]:
        raise ValueError("Padding must be an int or a 1, 2, or 4 element tuple, not a "
                         f"{len(padding)} element tuple")
    if padding_mode not in ["constant", "edge", "reflect", "symmetric"]:
        raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
    left, top, right, bottom = _ltrb(padding)
    if not isinstance(img, Tensor):
        _assert_pil(img)
        array = np.asarray(img)
        mode = {"edge": "edge", "reflect": "reflect", "symmetric": "symmetric"}.get(
            padding_mode, "constant")
        array = _pad_array(array, left, top, right, bottom, mode, fill, axes=(0, 1))
        out = pil_image().fromarray(array)
        if img.mode == "P":
            out.putpalette(img.getpalette())
        return out
    _assert_image_tensor(img)
    if fill is None:
        fill = 0
    if not isinstance(fill, (int, float)):
        raise TypeError("Got inappropriate fill arg")
    if min(left, top, right, bottom) >= 0 and padding_mode != "symmetric":
        from ...nn import functional as nn_functional     # torch.nn.functional.pad, as
        mode = "replicate" if padding_mode == "edge" else padding_mode     # torchvision
        value = float(fill) if mode == "constant" else None
        return nn_functional.pad(img, [left, right, top, bottom], mode=mode, value=value)
    array = img.detach().numpy()      # cropping sides, or symmetric: on the array
    axes = (array.ndim - 2, array.ndim - 1)
    return _factories.from_numpy(_pad_array(array, left, top, right, bottom, padding_mode,
                                            fill, axes))


def _pad_array(array, left, top, right, bottom, mode, fill, axes):
    """np.pad of the two image axes after cropping any negative sides."""
    h_axis, w_axis = axes
    index = [slice(None)] * array.ndim
    index[h_axis] = slice(max(-top, 0), array.shape[h_axis] - max(-bottom, 0))
    index[w_axis] = slice(max(-left, 0), array.shape[w_axis] - max(-right, 0))
    array = array[tuple(index)]
    widths = [(0, 0)] * array.ndim
    widths[h_axis] = (max(top, 0), max(bottom, 0))
    widths[w_axis] = (max(left, 0), max(right, 0))
    if mode == "constant":
        if isinstance(fill, (tuple, list)) and array.ndim == 3:     # one value per channel
            return np.stack([np.pad(array[..., c], widths[:2], constant_values=fill[c])
                             for c in range(array.shape[2])], axis=2)
        return np.pad(array, widths, mode="constant", constant_values=fill)
    return np.pad(array, widths, mode=mode)


def crop(img, top, left, height, width):
    """The box of `height` x `width` whose top-left corner is (top, left); parts outside
    the image are zero."""
    if not isinstance(img, Tensor):
        _assert_pil(img)
        return img.crop((left, top, left + width, top + height))
    _assert_image_tensor(img)
    _, h, w = get_dimensions(img)
    right, bottom = left + width, top + height
    if left < 0 or top < 0 or right > w or bottom > h:
        padding_ltrb = [max(-left + min(0, right), 0), max(-top + min(0, bottom), 0),
                        max(right - max(w, left), 0), max(bottom - max(h, top), 0)]
        return pad(img[..., max(top, 0):bottom, max(left, 0):right], padding_ltrb, fill=0)
    return img[..., top:bottom, left:right]


def center_crop(img, output_size):
    if isinstance(output_size, numbers.Number):
        output_size = (int(output_size), int(output_size))
    elif isinstance(output_size, (tuple, list)) and len(output_size) == 1:
        output_size = (output_size[0], output_size[0])
    _, image_height, image_width = get_dimensions(img)
    crop_height, crop_width = output_size
    if crop_width > image_width or crop_height > image_height:
        padding_ltrb = [
            (crop_width - image_width) // 2 if crop_width > image_width else 0,
            (crop_height - image_height) // 2 if crop_height > image_height else 0,
            (crop_width - image_width + 1) // 2 if crop_width > image_width else 0,
            (crop_height - image_height + 1) // 2 if crop_height > image_height else 0,
        ]
        img = pad(img, padding_ltrb, fill=0)
        _, image_height, image_width = get_dimensions(img)
        if crop_width == image_width and crop_height == image_height:
            return img
    crop_top = int(round((image_height - crop_height) / 2.0))
    crop_left = int(round((image_width - crop_width) / 2.0))
    return crop(img, crop_top, crop_left, crop_height, crop_width)


def _compute_resized_output_size(image_size, size, max_size=None):
    """[new_h, new_w]: `size` [h, w] as given, or [s] for the shorter edge (the longer one
    keeping the aspect ratio, at most `max_size`)."""
    h, w = image_size
    short, long = (w, h) if w <= h else (h, w)
    if len(size) == 1:
        requested_new_short = size if isinstance(size, int) else size[0]
        new_short, new_long = requested_new_short, int(requested_new_short * long / short)
        if max_size is not None:
            if max_size <= requested_new_short:
                raise ValueError(f"max_size = {max_size} must be strictly greater than the "
                                 f"requested size for the smaller edge size = {size}")
            if new_long > max_size:
                new_short, new_long = int(max_size * new_short / new_long), max_size
        new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    else:
        new_w, new_h = size[1], size[0]
    return [new_h, new_w]


def resize(img, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
           antialias=True):
    """Resize to `size` ([h, w], or an int for the shorter edge). PIL images are resized by
    Pillow; tensors as torch.nn.functional.interpolate resizes them (antialiased bilinear
    by default), integer images rounded back to their dtype."""
    if isinstance(interpolation, int):
        interpolation = _interpolation_modes_from_int(interpolation)
    elif not isinstance(interpolation, InterpolationMode):
        raise TypeError("Argument interpolation should be a InterpolationMode or a "
                        "corresponding Pillow integer constant")
    if isinstance(size, (list, tuple)):
        if len(size) not in [1, 2]:
            raise ValueError("Size must be an int or a 1 or 2 element tuple/list, not a "
                             f"{len(size)} element tuple/list")
        if max_size is not None and len(size) != 1:
            raise ValueError("max_size should only be passed if size specifies the length "
                             "of the smaller edge, i.e. size should be an int or a sequence "
                             "of length 1 in torchscript mode.")
    _, image_height, image_width = get_dimensions(img)
    if isinstance(size, int):
        size = [size]
    output_size = _compute_resized_output_size((image_height, image_width), size, max_size)
    if [image_height, image_width] == output_size:
        return img
    if not isinstance(img, Tensor):
        if antialias is False:
            import warnings
            warnings.warn("Anti-alias option is always applied for PIL Image input. "
                          "Argument antialias is ignored.")
        _assert_pil(img)
        return img.resize(tuple(output_size[::-1]), pil_modes_mapping[interpolation])
    _assert_image_tensor(img)
    mode = interpolation.value
    if mode not in ("nearest", "nearest-exact", "bilinear", "bicubic"):
        raise NotImplementedError(f"Got unsupported interpolation mode {mode} for tensors")
    array = img.detach().numpy()
    floating = array.dtype in (np.float32, np.float64)
    out = resize_array(array if floating else array.astype(np.float32), output_size, mode,
                       bool(antialias))
    if not floating:
        if mode == "bicubic" and array.dtype == np.uint8:
            out = np.clip(out, 0, 255)
        out = np.round(out).astype(array.dtype)
    return _factories.from_numpy(out)


def resized_crop(img, top, left, height, width, size,
                 interpolation=InterpolationMode.BILINEAR, antialias=True):
    img = crop(img, top, left, height, width)
    return resize(img, size, interpolation, antialias=antialias)


__all__ = ["InterpolationMode", "get_dimensions", "get_image_size", "get_image_num_channels",
           "to_tensor", "pil_to_tensor", "to_pil_image", "convert_image_dtype", "normalize",
           "resize", "pad", "crop", "center_crop", "resized_crop", "hflip", "vflip",
           "adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue",
           "rgb_to_grayscale", "to_grayscale"]
