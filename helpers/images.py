"""Reading photos from disk into the uint8 grayscale arrays the pipeline works on.

:func:`load_image` reads every format OpenCV reads, turns the camera's EXIF orientation into
upright pixels, composites transparent images onto white paper, brings 16-bit and float images
to 8 bits and colour to grayscale. Each problem raises :class:`ImageError` naming the file.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


class ImageError(ValueError):
    """A file that cannot be read as a photo of a page; the message names the file."""


def to_gray(image: np.ndarray) -> np.ndarray:
    """uint8 grayscale from a grayscale, BGR or BGRA array of any depth (alpha composited on white)."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ValueError(f"expected a grayscale, BGR or BGRA image, got shape {image.shape}")
    if image.dtype != np.uint8:
        image = _to_uint8(image)
    if image.ndim == 3 and image.shape[2] == 4:
        alpha = image[:, :, 3:].astype(np.float32) / 255.0
        image = (image[:, :, :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return image


def _to_uint8(image: np.ndarray) -> np.ndarray:
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    if np.issubdtype(image.dtype, np.floating):
        top = 1.0 if float(np.nanmax(image)) <= 1.0 else 255.0
        return np.clip(np.nan_to_num(image) / top * 255.0, 0, 255).astype(np.uint8)
    raise ValueError(f"unsupported pixel type {image.dtype}")


def decode_image(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """Decode encoded image bytes (JPEG, PNG, TIFF, WebP, …) to uint8 grayscale."""
    if len(data) == 0:
        raise ImageError(f"{name}: the file is empty (0 bytes)")
    buffer = np.frombuffer(data, np.uint8)
    image = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ImageError(f"{name}: not an image OpenCV can read (unknown or damaged format)")
    has_alpha = image.ndim == 3 and image.shape[2] == 4
    if not has_alpha and b"Exif" in data[:65536]:
        # IMREAD_UNCHANGED ignores the EXIF orientation; these flags apply it and keep the depth.
        image = cv2.imdecode(buffer, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_ANYCOLOR)
    return to_gray(image)


def load_image(path: str | Path) -> np.ndarray:
    """Read a photo from disk as upright uint8 grayscale; raises :class:`ImageError` on bad input.

    >>> load_image("no/such/file.jpg")
    Traceback (most recent call last):
    ...
    helpers.images.ImageError: no/such/file.jpg: no such file
    """
    path = Path(path)
    if not path.exists():
        raise ImageError(f"{path}: no such file")
    if not path.is_file():
        raise ImageError(f"{path}: not a file")
    return decode_image(path.read_bytes(), str(path))
