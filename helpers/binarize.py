"""From a photo of ink on paper to a binary image of the ink.

Convention: input photos are uint8 grayscale (dark ink on light paper, as photographed); every
binarizer returns a uint8 image with ink = 255 and paper = 0, like MNIST.

* :func:`otsu_inverted` — the classic pipeline: Otsu's global threshold, inverted;
* :func:`flatten_background` — divide the photo by an estimate of the bare page, so shadows,
  gradients and coloured paper become an even white;
* :func:`flattened_otsu` — the course's default: flatten, then Otsu, with a floor on contrast so
  that paper texture on a blank page does not become "ink".
"""

from __future__ import annotations

import cv2
import numpy as np


def _check_gray(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim != 2 or image.dtype != np.uint8 or image.size == 0:
        raise ValueError(f"expected a non-empty uint8 grayscale image, got {image.dtype} {image.shape}")
    return image


def otsu_inverted(gray: np.ndarray) -> np.ndarray:
    """Otsu's threshold on the raw photo, inverted so that ink = 255 (the classic pipeline)."""
    _, binary = cv2.threshold(_check_gray(gray), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def flatten_background(gray: np.ndarray, window: int | None = None) -> np.ndarray:
    """Divide the photo by its page background; the paper becomes ~255 everywhere.

    The background is a grey-level *closing* (dilate then erode: removes dark strokes narrower than
    the window), smoothed by a blur that may darken it but never brighten it (so a dark table
    around the page stays background). ``window`` defaults to 1/20 of the longer side, at least
    15 px, so it is wider than any pen stroke. Computed at a reduced size for speed.

    >>> page = np.tile(np.linspace(120, 240, 200).astype(np.uint8), (100, 1))
    >>> int(flatten_background(page).min()) > 240
    True
    """
    gray = _check_gray(gray)
    height, width = gray.shape
    window = window or max(15, max(height, width) // 20)
    shrink = max(1, window // 15)
    small = cv2.resize(gray, (max(1, width // shrink), max(1, height // shrink)), interpolation=cv2.INTER_AREA)
    size = max(3, (window // shrink) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    # Smooth the estimate, but never above the closing itself: where the page meets a darker table,
    # a blurred estimate would be brighter than the table and turn it into a band of "ink".
    background = np.minimum(cv2.GaussianBlur(closed, (0, 0), size / 2), closed)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    flat = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0
    return np.clip(flat, 0, 255).astype(np.uint8)


#: On a flattened page, pixels must be at least this much darker than paper (255) to count as ink.
MIN_INK_CONTRAST = 40


def flattened_otsu(gray: np.ndarray, min_contrast: int = MIN_INK_CONTRAST) -> np.ndarray:
    """Flatten the background, then threshold with Otsu, but never closer than ``min_contrast``
    grey levels to the paper (so an empty page stays empty)."""
    flat = flatten_background(gray)
    otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    threshold = min(otsu, 255 - min_contrast)
    _, binary = cv2.threshold(flat, threshold, 255, cv2.THRESH_BINARY_INV)
    return binary


METHODS = {"otsu": otsu_inverted, "flattened_otsu": flattened_otsu}


def binarize(gray: np.ndarray, method: str = "flattened_otsu", **params) -> np.ndarray:
    """Binarize a grayscale photo with one of :data:`METHODS` (ink = 255)."""
    if method not in METHODS:
        raise ValueError(f"unknown binarization method {method!r}; choose one of {sorted(METHODS)}")
    return METHODS[method](gray, **params)
