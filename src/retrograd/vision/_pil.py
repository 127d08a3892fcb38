"""Pillow, the optional image library: imported on first use, with a clear message when it
is missing (the core of retrograd needs NumPy only)."""


def pil_image():
    """The `PIL.Image` module, or an ImportError that says how to install it."""
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError("retrograd.vision needs Pillow to read and make images: "
                          "pip install retrograd[vision]  (or: pip install pillow)") from error
    return Image


def is_pil_image(img):
    """True for a PIL image; False (without importing Pillow) when Pillow is not loaded."""
    import sys
    module = sys.modules.get("PIL.Image")
    return module is not None and isinstance(img, module.Image)
