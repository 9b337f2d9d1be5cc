"""From a photo of ink on paper to a binary image of the ink.

Convention: input photos are uint8 grayscale (dark ink on light paper, as photographed); every
binarizer returns a uint8 image with ink = 255 and paper = 0, like MNIST.

* :func:`global_threshold` — one fixed grey level for the whole photo (notebook 02's sweep);
* :func:`otsu_inverted` — the classic pipeline: Otsu's global threshold, inverted;
* :func:`adaptive_mean`, :func:`adaptive_gaussian` — OpenCV's local thresholds: a pixel is ink
  when it is ``c`` grey levels darker than the (plain or Gaussian-weighted) mean of its window;
* :func:`niblack`, :func:`sauvola` — local thresholds from the window's mean *and* standard
  deviation (scikit-image's implementations of the two papers);
* :func:`flatten_background` — divide the photo by an estimate of the bare page, so shadows,
  gradients and coloured paper become an even white;
* :func:`flattened_otsu` — the course's default: flatten, then Otsu, with a floor on contrast so
  that paper texture on a blank page does not become "ink".

Local methods take a ``window`` in pixels (odd); by default it is :func:`default_window` — 1/20 of
the photo's longer side, so it scales with the photo rather than with one camera.

Why scikit-image for Niblack and Sauvola: OpenCV has them only in its contrib module, whose wheel
(``opencv-contrib-python-headless``) would replace the course's single OpenCV wheel; scikit-image
installs beside it and documents both formulas.
"""

from __future__ import annotations

import cv2
import numpy as np

from helpers.images import resized


def _check_gray(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim != 2 or image.dtype != np.uint8 or image.size == 0:
        raise ValueError(f"expected a non-empty uint8 grayscale image, got {image.dtype} {image.shape}")
    return image


def default_window(gray: np.ndarray) -> int:
    """The local methods' window: 1/20 of the longer side, odd, at least 15 px.

    >>> default_window(np.zeros((600, 800), np.uint8))
    41
    """
    return max(15, max(gray.shape) // 20) | 1


def _odd_window(gray: np.ndarray, window: int | None) -> int:
    if window is None:
        return default_window(gray)
    if window < 3 or window % 2 == 0:
        raise ValueError(f"window must be an odd number of pixels ≥ 3, got {window}")
    return int(window)


def _ink_below(gray: np.ndarray, threshold) -> np.ndarray:
    """Ink (255) wherever the photo is darker than ``threshold`` (a number or a per-pixel array)."""
    return np.where(gray < threshold, 255, 0).astype(np.uint8)


def global_threshold(gray: np.ndarray, threshold: int = 128) -> np.ndarray:
    """Ink wherever the photo is darker than ``threshold`` (0–255).

    >>> global_threshold(np.array([[10, 200]], np.uint8), threshold=100).tolist()
    [[255, 0]]
    """
    return _ink_below(_check_gray(gray), threshold)


def otsu_inverted(gray: np.ndarray) -> np.ndarray:
    """Otsu's threshold on the raw photo, inverted so that ink = 255 (the classic pipeline)."""
    _, binary = cv2.threshold(_check_gray(gray), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def adaptive_mean(gray: np.ndarray, window: int | None = None, c: float = 10) -> np.ndarray:
    """Ink where a pixel is ``c`` grey levels darker than the mean of its window×window neighbourhood
    (``cv2.adaptiveThreshold`` with ``ADAPTIVE_THRESH_MEAN_C``)."""
    gray = _check_gray(gray)
    window = _odd_window(gray, window)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, c)


def adaptive_gaussian(gray: np.ndarray, window: int | None = None, c: float = 10) -> np.ndarray:
    """Like :func:`adaptive_mean`, with a Gaussian-weighted mean (``ADAPTIVE_THRESH_GAUSSIAN_C``)."""
    gray = _check_gray(gray)
    window = _odd_window(gray, window)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, window, c)


def niblack(gray: np.ndarray, window: int | None = None, k: float = -0.2) -> np.ndarray:
    """Niblack (1986): threshold = local mean + k × local standard deviation (k < 0 for dark ink).

    Where the window holds only paper, the deviation is noise and so is the result: Niblack turns
    blank paper into speckle, the weakness Sauvola fixed.
    """
    from skimage.filters import threshold_niblack

    gray = _check_gray(gray)
    threshold = threshold_niblack(gray, window_size=_odd_window(gray, window), k=k)
    return _ink_below(gray, threshold)


def sauvola(gray: np.ndarray, window: int | None = None, k: float = 0.2, r: float = 128) -> np.ndarray:
    """Sauvola & Pietikäinen (2000): threshold = mean × (1 + k × (std / r − 1)).

    On plain paper (small deviation) the threshold drops to about (1 − k) × mean, so paper stays
    paper; near ink (large deviation) it rises toward the mean.

    >>> page = np.full((60, 60), 200, np.uint8); page[20:40, 28:32] = 60
    >>> binary = sauvola(page)
    >>> int(binary[30, 30]), int(binary[5, 5])
    (255, 0)
    """
    from skimage.filters import threshold_sauvola

    gray = _check_gray(gray)
    threshold = threshold_sauvola(gray, window_size=_odd_window(gray, window), k=k, r=r)
    return _ink_below(gray, threshold)


#: The background window of :func:`flatten_background` is at least this many pen widths wide.
STROKE_WINDOW = 3


def pen_width(binary: np.ndarray) -> float:
    """The width (px) of the pen strokes in a binary image (ink > 0): four times the median
    distance of the ink to the paper (a stroke w wide has a median distance of about w/4);
    0 without ink.

    >>> page = np.zeros((400, 400), np.uint8); page[100:300, 180:220] = 255
    >>> round(pen_width(page))
    38
    """
    ink = (np.asarray(binary) > 0).astype(np.uint8)
    if not ink.any():
        return 0.0
    distance = cv2.distanceTransform(ink, cv2.DIST_L2, 3)
    return 4 * float(np.median(distance[ink > 0]))


def _divided(gray: np.ndarray, window: int) -> np.ndarray:
    """The photo divided by its background estimated with a ``window``-wide closing."""
    height, width = gray.shape
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


def flatten_background(gray: np.ndarray, window: int | None = None) -> np.ndarray:
    """Divide the photo by its page background; the paper becomes ~255 everywhere.

    The background is a grey-level *closing* (dilate then erode: removes dark strokes narrower than
    the window), smoothed by a blur that may darken it but never brighten it (so a dark table
    around the page stays background). ``window`` defaults to 1/20 of the longer side, at least
    15 px (:func:`default_window`); where the flattened page's strokes turn out wider than a third
    of that (:func:`pen_width`, :data:`STROKE_WINDOW`: one digit written with a marker across the
    whole frame), the window is doubled until they are not. Computed at a reduced size for speed.

    >>> page = np.tile(np.linspace(120, 240, 200).astype(np.uint8), (100, 1))
    >>> int(flatten_background(page).min()) > 240
    True
    """
    gray = _check_gray(gray)
    if window is not None:
        return _divided(gray, window)
    window, longest = default_window(gray), max(gray.shape)
    while True:
        flat = _divided(gray, window)
        scale = min(1.0, 512 / longest)
        small = resized(flat, scale) if scale < 1 else flat
        if STROKE_WINDOW * pen_width(small < 255 - MIN_INK_CONTRAST) / scale <= window or window >= longest:
            return flat
        window = min(2 * window, longest)


#: On a flattened page, pixels must be at least this much darker than paper (255) to count as ink.
MIN_INK_CONTRAST = 40


def otsu_on_paper(flat: np.ndarray, min_contrast: float = MIN_INK_CONTRAST) -> np.ndarray:
    """The ink (255 on 0) of a background-flattened page (paper ≈ 255) by Otsu's threshold, but
    never closer than ``min_contrast`` grey levels to the paper (so an empty page stays empty).

    >>> page = np.full((20, 20), 250, np.uint8); page[5:15, 9:11] = 60
    >>> int(otsu_on_paper(page).sum() // 255), int(otsu_on_paper(np.full((20, 20), 250, np.uint8)).sum())
    (20, 0)
    """
    otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, binary = cv2.threshold(flat, min(otsu, 255 - min_contrast), 255, cv2.THRESH_BINARY_INV)
    return binary


def flattened_otsu(gray: np.ndarray, min_contrast: int = MIN_INK_CONTRAST) -> np.ndarray:
    """Flatten the background (:func:`flatten_background`), then :func:`otsu_on_paper`."""
    return otsu_on_paper(flatten_background(gray), min_contrast)


#: Every method by name, in the order notebook 02 introduces them.
METHODS = {
    "global": global_threshold,
    "otsu": otsu_inverted,
    "adaptive_mean": adaptive_mean,
    "adaptive_gaussian": adaptive_gaussian,
    "niblack": niblack,
    "sauvola": sauvola,
    "flattened_otsu": flattened_otsu,
}


def binarize(gray: np.ndarray, method: str = "flattened_otsu", **params) -> np.ndarray:
    """Binarize a grayscale photo with one of :data:`METHODS` (ink = 255); ``params`` go to it.

    >>> binarize(np.array([[10, 200]], np.uint8), "global", threshold=100).tolist()
    [[255, 0]]
    """
    if method not in METHODS:
        raise ValueError(f"unknown binarization method {method!r}; choose one of {list(METHODS)}")
    return METHODS[method](gray, **params)
