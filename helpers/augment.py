"""Augmentation of 28×28 MNIST digits towards real-world variation.

Convention: uint8 images shaped (n, 28, 28), white ink (255) on black, like MNIST. Every function
returns new arrays of the same shape and dtype and leaves labels alone.

What varies on real photos, and what each knob imitates:

* ``rotate`` (degrees) and ``shear`` (slant): how the page and the hand are held;
* ``scale`` and ``aspect``: digits written larger, narrower or wider than MNIST's 20×20 box fit;
* ``shift`` (pixels): imperfect centring by the segmentation;
* ``thicken`` / ``thin`` (probabilities): marker versus fine pen, after normalisation;
* ``redraw`` (probability) and ``pen`` (stroke width range, px): the digit's skeleton redrawn with
  an even pen, as a ballpoint or felt pen writes, instead of MNIST's uneven strokes;
* ``elastic`` (probability): a smooth random warp of the strokes (Simard et al. 2003), the wobble
  of a hand that writes fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from helpers.morphology import pen_stroke, thin


@dataclass(frozen=True)
class AugmentSettings:
    """Ranges of the random changes; each draw is uniform in ``[-x, x]`` or ``[lo, hi]``."""

    rotate: float = 12.0
    shear: float = 0.25
    scale: tuple[float, float] = (0.85, 1.1)
    aspect: tuple[float, float] = (0.8, 1.15)
    shift: float = 2.0
    thicken: float = 0.2
    thin: float = 0.1
    redraw: float = 0.3
    pen: tuple[float, float] = (1.2, 3.6)
    elastic: float = 0.0


def random_affine(image: np.ndarray, rng: np.random.Generator, settings: AugmentSettings) -> np.ndarray:
    """Rotate, slant, scale and shift one 28×28 digit about the image centre."""
    angle = np.deg2rad(rng.uniform(-settings.rotate, settings.rotate))
    shear = rng.uniform(-settings.shear, settings.shear)
    scale = rng.uniform(*settings.scale)
    aspect = rng.uniform(*settings.aspect)
    cos, sin = np.cos(angle), np.sin(angle)
    linear = np.array([[cos, -sin], [sin, cos]]) @ np.array([[scale * aspect, shear], [0.0, scale]])
    centre = np.array([13.5, 13.5])
    offset = centre - linear @ centre + rng.uniform(-settings.shift, settings.shift, size=2)
    matrix = np.hstack([linear, offset[:, None]])
    return cv2.warpAffine(image, matrix, (28, 28), flags=cv2.INTER_LINEAR, borderValue=0)


def elastic_distort(image: np.ndarray, rng: np.random.Generator, alpha: float = 34.0, sigma: float = 4.0):
    """Simard et al. (2003), "Best practices for convolutional neural networks applied to visual
    document analysis": move every pixel by a random field — uniform in [-1, 1], smoothed by a
    Gaussian of ``sigma`` px, scaled by ``alpha`` — and interpolate bilinearly. Their values for
    MNIST: σ = 4, α = 34.

    >>> digit = np.zeros((28, 28), np.uint8); digit[6:22, 12:16] = 255
    >>> np.array_equal(elastic_distort(digit, np.random.default_rng(0), alpha=0), digit)
    True
    """
    fields = [
        cv2.GaussianBlur(rng.uniform(-1, 1, image.shape).astype(np.float32), (0, 0), sigma) * alpha for _ in range(2)
    ]
    rows, cols = np.indices(image.shape, dtype=np.float32)
    return cv2.remap(image, cols + fields[0], rows + fields[1], cv2.INTER_LINEAR, borderValue=0)


_KERNEL = np.ones((2, 2), np.uint8)


def change_thickness(image: np.ndarray, rng: np.random.Generator, settings: AugmentSettings) -> np.ndarray:
    """With probability ``thicken`` dilate, with ``thin`` erode, by a 2×2 grey-level kernel.

    Erosion is skipped when it would remove more than half of the ink (thin strokes vanish).
    """
    draw = rng.uniform()
    if draw < settings.thicken:
        return cv2.dilate(image, _KERNEL)
    if draw < settings.thicken + settings.thin:
        thinner = cv2.erode(image, _KERNEL)
        if thinner.sum() > 0.5 * image.sum():
            return thinner
    return image


def pen_skeletons(images: np.ndarray, chunk: int = 500) -> np.ndarray:
    """One-pixel skeletons of uint8 (n, 28, 28) digits, traced at 56×56 (bool (n, 56, 56)),
    ``chunk`` digits at a time (thinning holds a dozen temporary copies of its chunk)."""
    out = np.empty((len(images), 56, 56), bool)
    for start in range(0, len(images), chunk):
        batch = images[start : start + chunk]
        big = np.stack([cv2.resize(image, (56, 56), interpolation=cv2.INTER_CUBIC) for image in batch])
        out[start : start + chunk] = thin(big > 100).astype(bool)
    return out


def redraw(skeleton: np.ndarray, width: float) -> np.ndarray:
    """Draw a 56×56 skeleton with an even pen ``width`` pixels wide at 28×28; returns uint8 28×28."""
    alpha = pen_stroke(skeleton, width)  # a radius in the 56-pixel frame is a width at 28
    return (cv2.resize(alpha, (28, 28), interpolation=cv2.INTER_AREA) * 255).astype(np.uint8)


def augment_batch(
    images: np.ndarray,
    rng: np.random.Generator,
    settings: AugmentSettings = AugmentSettings(),
    skeletons: np.ndarray | None = None,
) -> np.ndarray:
    """Augment a batch of uint8 (n, 28, 28) digits; returns a new uint8 array of the same shape.

    With ``skeletons`` (from :func:`pen_skeletons`, one per image) a share ``settings.redraw`` of
    the digits is first redrawn with an even pen.

    >>> batch = np.zeros((2, 28, 28), np.uint8); batch[:, 8:20, 12:16] = 255
    >>> augment_batch(batch, np.random.default_rng(0)).shape
    (2, 28, 28)
    """
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError(f"expected uint8 images shaped (n, 28, 28), got {images.dtype} {images.shape}")
    out = np.empty_like(images)
    for i, image in enumerate(images):
        if skeletons is not None and rng.uniform() < settings.redraw and skeletons[i].any():
            image = redraw(skeletons[i], rng.uniform(*settings.pen))
        image = random_affine(image, rng, settings)
        if settings.elastic and rng.uniform() < settings.elastic:
            image = elastic_distort(image, rng)
        out[i] = change_thickness(image, rng, settings)
    return out
