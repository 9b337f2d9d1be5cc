"""Turn one digit crop into an MNIST-style 28×28 image.

Convention: crops are uint8 with ink = 255 on background = 0 (like MNIST); a boolean mask is
accepted too. MNIST's own recipe (LeCun et al.): the digit was size-normalised to fit a 20×20 box
*keeping its aspect ratio*, anti-aliased (so edges become grey levels), then placed in a 28×28
field so that its centre of mass lies at the centre.

* :func:`stretch` — the classic mistake: resize any box straight to 28×28 (a thin "1" becomes a blob);
* :func:`fit_box` — scale the longer side to 20 px, keep the aspect ratio, anti-alias (INTER_AREA);
* :func:`center_of_mass_shift` — paste into 28×28 and shift the centre of mass to (14, 14);
  :func:`center_box` — the alternative: centre the bounding box instead;
* :func:`to_mnist` — the whole recipe, with optional stroke-width normalisation.

The alternative that scales no digit on its own, a fixed-size frame around each, is
:func:`helpers.segment.fixed_frame` (notebook 04).
"""

from __future__ import annotations

import cv2
import numpy as np

from helpers.morphology import as_ink, set_stroke_width

#: Median stroke width of MNIST training digits in the 28×28 frame (pixels ≥ 128), by :func:`stroke_width`.
MNIST_STROKE = 2.5


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box (x, y, w, h) of the non-zero pixels; (0, 0, 0, 0) when there are none.

    >>> ink_box(np.pad(np.ones((3, 2)), ((4, 1), (5, 0))))
    (5, 4, 2, 3)
    """
    return cv2.boundingRect((np.asarray(image) > 0).astype(np.uint8))


def trim(crop: np.ndarray) -> np.ndarray:
    """Cut a crop down to the bounding box of its ink (non-zero pixels)."""
    crop = as_ink(crop)
    x, y, w, h = ink_box(crop)
    return crop[y : y + h, x : x + w] if w else crop


def stretch(crop: np.ndarray, size: int = 28) -> np.ndarray:
    """Resize the crop to size×size whatever its shape — the classic pipeline's step."""
    return cv2.resize(as_ink(crop), (size, size), interpolation=cv2.INTER_AREA)


#: How :func:`fit_box` resamples: "area" averages the pixels that shrink into one (anti-aliased
#: grey edges, like MNIST's); "nearest" picks one of them (hard, jagged edges).
INTERPOLATIONS = ("area", "nearest")


def fit_box(crop: np.ndarray, box: int = 20, interpolation: str = "area") -> np.ndarray:
    """Scale the ink so that its longer side is ``box`` pixels, keeping the aspect ratio.

    >>> fit_box(np.full((40, 8), 255, np.uint8)).shape
    (20, 4)
    """
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"interpolation must be one of {INTERPOLATIONS}, got {interpolation!r}")
    crop = trim(crop)
    height, width = crop.shape
    scale = box / max(height, width)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if interpolation == "nearest":
        flag = cv2.INTER_NEAREST
    else:
        flag = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(crop, new_size, interpolation=flag)


def center_of_mass(image: np.ndarray) -> tuple[float, float]:
    """(row, column) centre of mass of the ink, in pixel-centre coordinates."""
    moments = cv2.moments(image.astype(np.float32))
    if moments["m00"] == 0:
        return (image.shape[0] - 1) / 2, (image.shape[1] - 1) / 2
    return moments["m01"] / moments["m00"], moments["m10"] / moments["m00"]


def center_of_mass_shift(digit: np.ndarray, size: int = 28) -> np.ndarray:
    """Paste ``digit`` into a size×size field with its centre of mass at the field's centre.

    The centre is (size/2, size/2) in pixel-edge coordinates — pixel (13.5, 13.5) for 28×28 —
    as for MNIST. Sub-pixel shifts are interpolated; ink pushed past the border is lost, which for
    a 20×20 fitted digit never happens.
    """
    digit = as_ink(digit)
    if digit.shape[0] > size or digit.shape[1] > size:
        raise ValueError(f"digit {digit.shape} does not fit into {size}×{size}")
    row, col = center_of_mass(digit)
    target = (size - 1) / 2
    matrix = np.float32([[1, 0, target - col], [0, 1, target - row]])
    return cv2.warpAffine(digit, matrix, (size, size), flags=cv2.INTER_LINEAR, borderValue=0)


def paste_centred(image: np.ndarray, side: int) -> np.ndarray:
    """``image`` pasted in the middle of a black side×side square (it must fit).

    >>> paste_centred(np.full((2, 1), 255, np.uint8), 4)[:, 1].tolist()
    [0, 255, 255, 0]
    """
    square = np.zeros((side, side), np.uint8)
    top, left = (side - image.shape[0]) // 2, (side - image.shape[1]) // 2
    square[top : top + image.shape[0], left : left + image.shape[1]] = image
    return square


def center_box(digit: np.ndarray, size: int = 28) -> np.ndarray:
    """Paste ``digit`` into a size×size field with its bounding box in the middle.

    >>> field = center_box(np.full((20, 4), 255, np.uint8))
    >>> ink_box(field)
    (12, 4, 4, 20)
    """
    digit = trim(digit)
    height, width = digit.shape
    if height > size or width > size:
        raise ValueError(f"digit {digit.shape} does not fit into {size}×{size}")
    return paste_centred(digit, size)


def to_mnist(
    crop: np.ndarray, stroke: float | None = MNIST_STROKE, centre: str = "mass", interpolation: str = "area"
) -> np.ndarray:
    """MNIST-style 28×28 uint8 digit from a crop with ink = 255: fit 20×20, centre of mass at centre.

    With ``stroke`` set, the ink is first thickened or thinned so that after scaling its strokes are
    about ``stroke`` pixels wide, like MNIST's; ``stroke=None`` keeps the writer's pen.
    ``centre="box"`` centres the bounding box instead of the centre of mass; ``interpolation`` is
    :func:`fit_box`'s.

    >>> crop = np.zeros((60, 20), np.uint8); crop[5:55, 8:12] = 255
    >>> to_mnist(crop).shape
    (28, 28)
    """
    ink = trim(crop)
    if stroke is not None and ink.any():
        scale = 20 / max(ink.shape)
        padded = np.pad(ink, int(np.ceil(stroke / scale)) + 1)
        ink = trim(set_stroke_width(padded, stroke / scale))
    fitted = fit_box(ink, interpolation=interpolation)
    if centre == "mass":
        return center_of_mass_shift(fitted)
    if centre == "box":
        return center_box(fitted)
    raise ValueError(f"centre must be 'mass' or 'box', got {centre!r}")
