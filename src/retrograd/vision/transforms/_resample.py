"""Resizing float image arrays (..., H, W) the way `torch.nn.functional.interpolate` does
for torchvision: nearest, nearest-exact, bilinear and bicubic with align_corners=False,
with or without antialiasing.

Each mode is a weight matrix per axis (output pixel x input pixel), applied separably:
first along the width, then along the height, each axis only when its size changes, the
intermediate rounded to the image's dtype as PyTorch's kernel stores it.

Antialiased resampling (PIL's and PyTorch's): output pixel i is centred at
`scale * (i + 0.5)` in input coordinates; when shrinking (scale > 1) the filter is
stretched by `scale`, so every input pixel under it contributes; the weights of each
output pixel are normalised to sum to 1.
"""
import math

import numpy as np


def _triangle(x):
    return np.where(np.abs(x) < 1.0, 1.0 - np.abs(x), 0.0)


def _cubic(a):
    def kernel(x):
        x = np.abs(x)
        near = ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
        far = ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
        return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))
    return kernel


# mode -> (filter, its support in input pixels at scale 1): the antialiased filters
_AA_FILTERS = {"bilinear": (_triangle, 2), "bicubic": (_cubic(-0.5), 4)}


def _antialias_weights(n_in, n_out, scale, mode):
    kernel, interp_size = _AA_FILTERS[mode]
    support = interp_size * 0.5 * scale if scale >= 1.0 else interp_size * 0.5
    invscale = 1.0 / scale if scale >= 1.0 else 1.0
    weights = np.zeros((n_out, n_in))
    for i in range(n_out):
        center = scale * (i + 0.5)
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), n_in)
        w = kernel((np.arange(xmin, xmax) - center + 0.5) * invscale)
        total = w.sum()
        weights[i, xmin:xmax] = w / total if total != 0 else w
    return weights


def _bilinear_weights(n_in, n_out, scale):
    weights = np.zeros((n_out, n_in))
    for i in range(n_out):
        src = max(scale * (i + 0.5) - 0.5, 0.0)
        i0 = int(src)
        i1 = i0 + (1 if i0 < n_in - 1 else 0)
        lam = src - i0
        weights[i, i0] += 1.0 - lam
        weights[i, i1] += lam
    return weights


def _bicubic_weights(n_in, n_out, scale):
    kernel = _cubic(-0.75)
    weights = np.zeros((n_out, n_in))
    for i in range(n_out):
        src = scale * (i + 0.5) - 0.5
        i0 = math.floor(src)
        t = src - i0
        for k, w in zip(range(-1, 3), kernel(np.array([t + 1, t, 1 - t, 2 - t]))):
            weights[i, min(max(i0 + k, 0), n_in - 1)] += w
    return weights


def _nearest_weights(n_in, n_out, scale, exact):
    i = np.arange(n_out, dtype=np.float32)
    src = np.floor(((i + np.float32(0.5)) if exact else i) * np.float32(scale))
    weights = np.zeros((n_out, n_in))
    weights[np.arange(n_out), np.minimum(src.astype(np.int64), n_in - 1)] = 1.0
    return weights


def _weights(n_in, n_out, mode, antialias):
    scale = n_in / n_out
    if mode in ("nearest", "nearest-exact"):
        return _nearest_weights(n_in, n_out, scale, mode == "nearest-exact")
    if antialias:
        return _antialias_weights(n_in, n_out, scale, mode)
    if mode == "bilinear":
        return _bilinear_weights(n_in, n_out, scale)
    if mode == "bicubic":
        return _bicubic_weights(n_in, n_out, scale)
    raise ValueError(f"unsupported interpolation mode {mode!r}")


def resize_array(x, size, mode="bilinear", antialias=True):
    """x: a float32/float64 array (..., H, W); size: (new H, new W)."""
    if mode not in ("bilinear", "bicubic"):
        antialias = False
    out_h, out_w = size
    in_h, in_w = x.shape[-2:]
    if out_w != in_w:
        weights = _weights(in_w, out_w, mode, antialias)
        x = np.matmul(x.astype(np.float64), weights.T).astype(x.dtype)
    if out_h != in_h:
        weights = _weights(in_h, out_h, mode, antialias)
        x = np.matmul(weights, x.astype(np.float64)).astype(x.dtype)
    return np.ascontiguousarray(x)
