"""Morphology on binary ink: stroke width, thickening and thinning, skeletons.

Convention: binary images are uint8 with ink = 255 on background = 0 (a bool mask is accepted too).
The stroke width is the principled reason to use morphology at all: MNIST's strokes are about
2.5 px wide in the 28×28 field (:data:`helpers.normalize.MNIST_STROKE`), a ballpoint's are much
thinner and a marker's much thicker once the digit is scaled to 20×20.
"""

from __future__ import annotations

import cv2
import numpy as np


def as_ink(mask: np.ndarray) -> np.ndarray:
    """Check a 2-D uint8 or bool image and return it as uint8 ink (bool True → 255)."""
    mask = np.asarray(mask)
    if mask.ndim != 2 or mask.size == 0:
        raise ValueError(f"expected a non-empty 2-D image, got shape {mask.shape}")
    if mask.dtype == bool:
        return mask.astype(np.uint8) * 255
    if mask.dtype != np.uint8:
        raise ValueError(f"expected a uint8 or bool image, got {mask.dtype}")
    return mask


#: Structuring-element shapes and operations by name (OpenCV's constants), for :func:`morph`.
SHAPES = {"rect": cv2.MORPH_RECT, "cross": cv2.MORPH_CROSS, "ellipse": cv2.MORPH_ELLIPSE}
OPERATIONS = {
    "none": None,
    "erode": cv2.MORPH_ERODE,
    "dilate": cv2.MORPH_DILATE,
    "open": cv2.MORPH_OPEN,
    "close": cv2.MORPH_CLOSE,
}


def morph(binary: np.ndarray, operation: str = "close", shape: str = "ellipse", size: int = 3) -> np.ndarray:
    """One morphological operation with a size×size structuring element of the given shape.

    Opening (erode, then dilate) removes ink smaller than the kernel; closing (dilate, then erode)
    fills gaps and holes smaller than the kernel; both leave larger shapes' outlines in place,
    which plain dilation and erosion do not.

    >>> gap = np.zeros((5, 9), np.uint8); gap[2, :4] = gap[2, 5:] = 255
    >>> morph(gap, "close", "rect", 3)[2].tolist() == [255] * 9
    True
    """
    binary = as_ink(binary)
    if operation not in OPERATIONS:
        raise ValueError(f"unknown operation {operation!r}; choose one of {list(OPERATIONS)}")
    if shape not in SHAPES:
        raise ValueError(f"unknown kernel shape {shape!r}; choose one of {list(SHAPES)}")
    if operation == "none" or size <= 1:
        return binary
    kernel = cv2.getStructuringElement(SHAPES[shape], (size, size))
    return cv2.morphologyEx(binary, OPERATIONS[operation], kernel)


def stroke_width(mask: np.ndarray) -> float:
    """Estimate the stroke width (pixels) of the ink in a binary or uint8 image (ink ≥ 128).

    For a stroke of width w, the mean Euclidean distance-to-background m over its pixels is
    (w + 1)² / 4w for odd w and (w + 2) / 4 for even w; the estimate averages the two inversions,
    so a drawn 3-pixel line gives 3.2 and a 4-pixel line 3.9.
    """
    ink = (as_ink(mask) >= 128).astype(np.uint8)
    if not ink.any():
        return 0.0
    distances = cv2.distanceTransform(np.pad(ink, 1), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    m = max(1.0, float(distances[distances > 0].mean()))
    a = 2 * m - 1
    odd = a + np.sqrt(a * a - 1)
    even = 4 * m - 2
    return float((odd + even) / 2)


def set_stroke_width(mask: np.ndarray, width: float) -> np.ndarray:
    """Thicken (dilate) or thin (erode) binary ink towards ``width`` pixels of stroke."""
    mask = as_ink(mask)
    current = stroke_width(mask)
    change = int(round(width - current))
    if change == 0 or current == 0:
        return mask
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (abs(change) + 1, abs(change) + 1))
    if change > 0:
        return cv2.dilate(mask, kernel)
    thinner = cv2.erode(mask, kernel)
    return thinner if np.count_nonzero(thinner) >= 0.4 * np.count_nonzero(mask) else mask


def thin(binary: np.ndarray) -> np.ndarray:
    """Zhang–Suen thinning of a 0/1 image (or a stack of them, shape (..., h, w)) to one-pixel-wide
    skeletons."""
    pad = [(0, 0)] * (binary.ndim - 2) + [(1, 1), (1, 1)]
    image = np.pad(binary.astype(np.uint8), pad)
    offsets = ((1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1))
    while True:
        changed = False
        for step in (0, 1):
            # P2..P9: the neighbours clockwise from north (rolling by +1 row brings the pixel above).
            n = [np.roll(image, (dy, dx), axis=(-2, -1)) for dy, dx in offsets]
            p2, p3, p4, p5, p6, p7, p8, p9 = n
            count = sum(n)
            ring = [*n, p2]
            transitions = sum(((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                c1, c2 = p2 * p4 * p6, p4 * p6 * p8
            else:
                c1, c2 = p2 * p4 * p8, p2 * p6 * p8
            remove = (image == 1) & (count >= 2) & (count <= 6) & (transitions == 1) & (c1 == 0) & (c2 == 0)
            if remove.any():
                image = np.where(remove, 0, image).astype(np.uint8)
                changed = True
        if not changed:
            return image[..., 1:-1, 1:-1]


def pen_stroke(skeleton: np.ndarray, radius: float) -> np.ndarray:
    """Redraw a one-pixel ``skeleton`` (nonzero on the stroke's centre line) with an even round pen
    of ``radius`` pixels: float coverage in [0, 1], anti-aliased over the outermost pixel.

    >>> line = np.zeros((9, 9), np.uint8); line[4, 1:8] = 1
    >>> pen_stroke(line, 1.0)[2:7, 4].round(2).tolist()
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """
    distance = cv2.distanceTransform((skeleton == 0).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return np.clip(radius + 0.5 - distance, 0.0, 1.0)
