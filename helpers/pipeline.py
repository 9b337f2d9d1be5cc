"""Read the digits in a photo: the classic ("naive") pipeline and the course's improved one.

Convention: photos are anything :func:`helpers.images.to_gray` accepts (grayscale, BGR, BGRA, any
depth), dark ink on lighter paper. Boxes are ``(x, y, w, h)`` in the input image's pixels.

* ``naive`` — exactly the classic pipeline of notebook 01: grayscale → Otsu → invert → dilate with a
  5×5 cross → external contours → each bounding box stretched to 28×28 → the model.
* ``improved`` — background flattening + Otsu with a contrast floor, ruled lines removed, a small
  closing instead of dilation, blob merging and filtering, line grouping, and each digit's own ink
  fitted into 20×20 (aspect kept, stroke width normalised) and centred by centre of mass in 28×28.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from helpers.binarize import flattened_otsu, otsu_inverted
from helpers.images import ImageError, to_gray
from helpers.models import load_default, predict_digits
from helpers.normalize import stretch, to_mnist
from helpers.segment import (
    Blob,
    filter_blobs,
    find_blobs,
    group_lines,
    merge_broken,
    remove_rules,
    typical_height,
)

PIPELINES = ("naive", "improved")

#: Photos are read at most this many pixels on their longer side; boxes are mapped back.
MAX_SIDE = 2500


@dataclass(frozen=True)
class Digit:
    """One recognised digit: label, softmax confidence, box (x, y, w, h) and line index."""

    label: int
    confidence: float
    box: tuple[int, int, int, int]
    line: int


@dataclass
class Reading:
    """What the reader found: ``lines`` as digit strings in reading order, and every digit."""

    lines: list[str] = field(default_factory=list)
    digits: list[Digit] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "lines": list(self.lines),
            "digits": [
                {"label": d.label, "confidence": round(d.confidence, 4), "box": list(d.box), "line": d.line}
                for d in self.digits
            ],
        }


def check_page(gray: np.ndarray) -> None:
    """Raise :class:`ImageError` for an image that is one flat colour (all black, all white…)."""
    low, high = np.percentile(gray, [1, 99])
    if high - low < 10:
        shade = "black" if high < 60 else "white" if low > 195 else "grey"
        raise ImageError(
            f"the image is a flat {shade} field (grey levels {low:.0f}–{high:.0f}): no page with ink on it"
        )


# ---------------------------------------------------------------------------- naive (classic)


def naive_segments(gray: np.ndarray, model=None) -> tuple[list[Blob], list[np.ndarray]]:
    """The classic pipeline's boxes and 28×28 inputs (exactly as in notebook 01)."""
    binary = otsu_inverted(gray)
    kernel = cv2.getStructuringElement(cv2.MORPH_CROSS, (5, 5))
    dilated = cv2.dilate(binary, kernel)
    contours, _ = cv2.findContours(dilated, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blobs, crops = [], []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        blobs.append(Blob(x, y, w, h, (), w * h))
        crops.append(stretch(dilated[y : y + h, x : x + w]))
    return blobs, crops


# ---------------------------------------------------------------------------- improved


def improved_binary(gray: np.ndarray) -> np.ndarray:
    """Binary ink of the improved pipeline: flatten + Otsu, rules removed, 3×3 closing."""
    binary = remove_rules(flattened_otsu(gray))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    return cv2.morphologyEx(binary, cv2.MORPH_CLOSE, kernel)


def blob_mask(labels: np.ndarray, blob: Blob) -> np.ndarray:
    """The blob's own ink (255) inside its box; other blobs' ink in the box is left out."""
    window = labels[blob.y : blob.y + blob.h, blob.x : blob.x + blob.w]
    return np.isin(window, blob.labels).astype(np.uint8) * 255


def cut_columns(mask: np.ndarray, parts: int) -> list[int]:
    """Columns where a blob of ``parts`` touching digits is most likely joined: the minima of the
    vertical ink projection, searched around each expected boundary (k/parts of the width)."""
    width = mask.shape[1]
    projection = np.convolve((mask > 0).sum(axis=0).astype(float), np.ones(3) / 3, mode="same")
    cuts = []
    for k in range(1, parts):
        lo, hi = int(width * (k - 0.4) / parts), int(width * (k + 0.4) / parts)
        lo = max(lo, cuts[-1] + 2 if cuts else 1)
        if hi <= lo:
            return []
        window = projection[lo:hi]
        centre = width * k / parts
        best = min(range(len(window)), key=lambda i: (window[i], abs(lo + i - centre)))
        cuts.append(lo + best)
    return cuts


def _pieces(blob: Blob, mask: np.ndarray, cuts: list[int]) -> list[tuple[Blob, np.ndarray]] | None:
    """Cut a blob's mask at the given columns; None if a piece is (nearly) empty."""
    pieces = []
    edges = [0, *cuts, mask.shape[1]]
    total = np.count_nonzero(mask)
    for left, right in zip(edges[:-1], edges[1:]):
        part = mask[:, left:right]
        rows, cols = np.nonzero(part)
        if len(rows) < 0.08 * total:
            return None
        y0, y1, x0, x1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
        box = Blob(blob.x + left + int(x0), blob.y + int(y0), int(x1 - x0), int(y1 - y0), (), len(rows))
        pieces.append((box, part[y0:y1, x0:x1]))
    return pieces


#: A split must beat the whole blob's mean log-confidence by this much to be kept.
SPLIT_MARGIN = 0.3


def split_touching(blobs: list[Blob], masks: list[np.ndarray], height: float, model):
    """Split blobs too wide for one digit into 2 or 3 pieces when the classifier is surer of the
    pieces than of the whole (mean log-confidence, :data:`SPLIT_MARGIN`). Returns (blobs, masks)."""
    options: list[list[list[tuple[Blob, np.ndarray]]]] = []
    for blob, mask in zip(blobs, masks):
        choices = [[(blob, mask)]]
        if blob.w >= 0.85 * min(blob.h, height * 1.2):
            for parts in (2, 3) if blob.w >= 1.5 * blob.h else (2,):
                pieces = _pieces(blob, mask, cut_columns(mask, parts))
                if pieces:
                    choices.append(pieces)
        options.append(choices)
    wide = [choices for choices in options if len(choices) > 1]
    if wide:
        crops = [to_mnist(m) for choices in wide for choice in choices for _, m in choice]
        confidence = np.log(predict_digits(model, np.stack(crops)).max(axis=1) + 1e-6)
        position = 0
        for choices in wide:
            scores = []
            for choice in choices:
                scores.append(confidence[position : position + len(choice)].mean())
                position += len(choice)
            scores[0] += SPLIT_MARGIN
            best = int(np.argmax(scores))
            choices[:] = [choices[best]]
    kept = [piece for choices in options for piece in choices[0]]
    return [b for b, _ in kept], [m for _, m in kept]


def improved_segments(gray: np.ndarray, model) -> tuple[list[Blob], list[np.ndarray]]:
    """The improved pipeline's digit blobs (reading order not yet applied) and 28×28 inputs."""
    binary = improved_binary(gray)
    blobs, labels = find_blobs(binary)
    height = typical_height(blobs)
    blobs = filter_blobs(merge_broken(blobs, height), height, gray.shape)
    masks = [blob_mask(labels, blob) for blob in blobs]
    blobs, masks = split_touching(blobs, masks, typical_height(blobs), model)
    return blobs, [to_mnist(mask) for mask in masks]


SEGMENTERS = {"naive": naive_segments, "improved": improved_segments}


def read_digits(image: np.ndarray, pipeline: str = "improved", model=None) -> Reading:
    """Read every digit in a photo, in reading order.

    >>> page = np.full((120, 200), 255, np.uint8)
    >>> read_digits(page).lines    # a blank page has no lines  # doctest: +SKIP
    Traceback (most recent call last):
    ...
    helpers.images.ImageError: the image is a flat white field (grey levels 255–255): no page with ink on it
    """
    if pipeline not in SEGMENTERS:
        raise ValueError(f"unknown pipeline {pipeline!r}; choose one of {PIPELINES}")
    gray = to_gray(image)
    check_page(gray)
    scale = min(1.0, MAX_SIDE / max(gray.shape))
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    model = model or load_default()
    blobs, crops = SEGMENTERS[pipeline](gray, model)
    if not blobs:
        return Reading()
    probabilities = predict_digits(model, np.stack(crops))
    order = {id(b): i for i, b in enumerate(blobs)}
    reading = Reading()
    for line_index, line in enumerate(group_lines(blobs, typical_height(blobs))):
        text = ""
        for blob in line:
            p = probabilities[order[id(blob)]]
            label = int(np.argmax(p))
            box = tuple(int(round(v / scale)) for v in blob.box)
            reading.digits.append(Digit(label, float(p[label]), box, line_index))
            text += str(label)
        reading.lines.append(text)
    return reading


def classify_digits(crops, ink: str = "dark", model=None) -> tuple[np.ndarray, np.ndarray]:
    """Classify single-digit images of any size; returns (labels, probabilities (n, 10)).

    ``ink="dark"``: dark ink on light paper (a photo crop); ``ink="light"``: light ink on dark, as
    in MNIST. Each crop is thresholded with Otsu and normalised like MNIST (:func:`to_mnist`).
    """
    if ink not in ("dark", "light"):
        raise ValueError(f"ink must be 'dark' or 'light', got {ink!r}")
    inputs = []
    for crop in crops:
        gray = to_gray(crop)
        if ink == "dark":
            gray = 255 - gray
        _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        inputs.append(to_mnist(mask))
    if not inputs:
        return np.zeros(0, int), np.zeros((0, 10), np.float32)
    probabilities = predict_digits(model or load_default(), np.stack(inputs))
    return probabilities.argmax(axis=1), probabilities
