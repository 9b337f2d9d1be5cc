"""Reading photos from disk into the uint8 grayscale arrays the pipeline works on.

:func:`load_image` reads every format OpenCV reads, turns the EXIF orientation of any format that
carries one (JPEG, PNG, WebP, TIFF) into upright pixels, composites transparent images onto white
paper, brings 16-bit, integer and float images to 8 bits and colour to grayscale. Before decoding,
it checks the file's size and the image's pixel count from its header against
:data:`MAX_FILE_BYTES` and :data:`MAX_PIXELS`, so that no file can take the reader's memory.
Each problem raises :class:`ImageError` naming the file.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

#: The most pixels a photo may have (150 million: a 12 000 × 12 000 scan passes), checked from the
#: file's header before it is decoded; set the environment variable DIGITS_MAX_PIXELS to change it.
MAX_PIXELS = int(os.environ.get("DIGITS_MAX_PIXELS", 150_000_000))

#: The largest file read at all (an uncompressed 150-megapixel colour TIFF is 450 MB).
MAX_FILE_BYTES = 512 * 2**20

#: The EXIF tag that says how the camera was held.
ORIENTATION = 0x0112


class ImageError(ValueError):
    """A file or array that cannot be read as a photo of a page; the message names the file."""


def to_gray(image: np.ndarray, name: str = "the image") -> np.ndarray:
    """uint8 grayscale from a grayscale, BGR or BGRA array of any depth (alpha composited on white)."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ImageError(f"{name}: expected a grayscale, BGR or BGRA image, got an array of shape {image.shape}")
    if image.size == 0:
        raise ImageError(f"{name}: the image has no pixels (shape {image.shape})")
    if image.dtype != np.uint8:
        image = _to_uint8(image, name)
    if image.ndim == 3 and image.shape[2] == 4:
        alpha = image[:, :, 3:].astype(np.float32) / 255.0
        image = (image[:, :, :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return image


def resized(image: np.ndarray, factor: float, interpolation: int = cv2.INTER_AREA) -> np.ndarray:
    """``image`` scaled by ``factor`` both ways, never below one pixel either way (a 3 × 2000 strip
    scaled to 320 pixels is 1 × 320, not empty)."""
    height, width = image.shape[:2]
    if min(width, height) * factor >= 1:
        return cv2.resize(image, None, fx=factor, fy=factor, interpolation=interpolation)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(image, size, interpolation=interpolation)


def turned(image: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """``image`` turned by ``angle`` degrees (counter-clockwise as shown) about its centre, on a
    canvas large enough for all of it, the border's pixels repeated outwards; and the 2×3 matrix
    that maps a point of ``image`` to the turned one.

    >>> level, matrix = turned(np.zeros((100, 200), np.uint8), 90)
    >>> level.shape, [round(v) for v in matrix @ [200, 0, 1]]  # the top right corner, now top left
    ((200, 100), [0, 0])
    """
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    size = (round(h * sin + w * cos), round(h * cos + w * sin))
    matrix[:, 2] += ((size[0] - w) / 2, (size[1] - h) / 2)
    return cv2.warpAffine(image, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), matrix


def _to_uint8(image: np.ndarray, name: str) -> np.ndarray:
    """8 bits from 16 bits (the top byte), float (0–1 or 0–255) or any other integer type (its
    values as they are when they fit 0–255, else its range stretched to 0–255)."""
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    if np.issubdtype(image.dtype, np.floating):
        finite = image[np.isfinite(image)]  # a NaN or an infinite pixel says nothing of the range
        top = 1.0 if not finite.size or float(finite.max()) <= 1.0 else 255.0
        return np.clip(np.nan_to_num(image, nan=0.0, posinf=top, neginf=0.0) / top * 255.0, 0, 255).astype(np.uint8)
    if np.issubdtype(image.dtype, np.integer) or image.dtype == bool:
        image = image.astype(np.int64)
        low, high = int(image.min()), int(image.max())
        if low >= 0 and high <= 255:
            return image.astype(np.uint8)
        return ((image - low) * 255 // max(1, high - low)).astype(np.uint8)
    raise ImageError(f"{name}: unsupported pixel type {image.dtype}")


def _header(data: bytes) -> tuple[tuple[int, int] | None, int]:
    """``((width, height), EXIF orientation)`` read from the file's header without decoding its
    pixels; ``(None, 1)`` for a format Pillow does not know (OpenCV may still read it)."""
    limit = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None  # the pixel budget is ours (MAX_PIXELS), checked below
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                size = image.size
                # a PNG without an eXIf chunk would be decoded whole to look for one; OpenCV's
                # TIFF reader turns the pixels itself
                carries_exif = image.format != "TIFF" and (image.format != "PNG" or b"eXIf" in data)
                orientation = image.getexif().get(ORIENTATION, 1) if carries_exif else 1
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None, 1
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return size, orientation if orientation in range(1, 9) else 1


def upright(image: np.ndarray, orientation: int) -> np.ndarray:
    """Pixels stored with EXIF ``orientation`` (1–8) turned as the camera was held."""
    turns = {
        1: lambda a: a,
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1),
        6: lambda a: np.rot90(a, -1),
        7: lambda a: np.rot90(a, -1)[::-1],
        8: lambda a: np.rot90(a, 1),
    }
    return np.ascontiguousarray(turns[orientation](image))


def decode_image(data: bytes, name: str = "<bytes>", max_pixels: int | None = None) -> np.ndarray:
    """Decode encoded image bytes (JPEG, PNG, TIFF, WebP, …) to upright uint8 grayscale, once,
    after checking the header's pixel count against ``max_pixels`` (default :data:`MAX_PIXELS`)."""
    max_pixels = MAX_PIXELS if max_pixels is None else max_pixels
    if len(data) == 0:
        raise ImageError(f"{name}: the file is empty (0 bytes)")
    size, orientation = _header(data)
    if size is not None and size[0] * size[1] > max_pixels:
        raise ImageError(
            f"{name}: {size[0]} × {size[1]} pixels, more than the {max_pixels:,} this reader takes "
            "(scale the photo down, or set DIGITS_MAX_PIXELS)"
        )
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    except cv2.error as error:
        raise ImageError(f"{name}: OpenCV could not decode it ({error.err})") from None
    if image is None:
        raise ImageError(f"{name}: not an image OpenCV can read (unknown or damaged format)")
    return to_gray(upright(image, orientation), name)


def load_image(path: str | Path, max_pixels: int | None = None) -> np.ndarray:
    """Read a photo from disk as upright uint8 grayscale; raises :class:`ImageError` on bad input.

    >>> load_image("no/such/file.jpg")
    Traceback (most recent call last):
    ...
    helpers.images.ImageError: no/such/file.jpg: no such file
    """
    name = str(path)
    path = Path(path)
    if not path.exists():
        raise ImageError(f"{name}: no such file")
    if not path.is_file():
        raise ImageError(f"{name}: not a file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImageError(
            f"{name}: {size / 2**20:,.0f} MiB, larger than any photo this reader takes ({MAX_FILE_BYTES / 2**20:.0f} MiB)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImageError(f"{name}: cannot be read ({error.strerror})") from None
    return decode_image(data, name, max_pixels)
