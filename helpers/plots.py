"""Small figure helpers shared by the notebooks (matplotlib, styled by notebooks/matplotlibrc)."""

from __future__ import annotations

import cv2
import matplotlib.pyplot as plt
import numpy as np


def show_images(images, titles=None, columns: int = 6, size: float = 1.6, suptitle: str | None = None):
    """Grid of grayscale (or BGR) images with optional titles; returns the figure."""
    images = list(images)
    rows = max(1, int(np.ceil(len(images) / columns)))
    fig, axes = plt.subplots(rows, columns, figsize=(size * columns, size * rows * 1.1), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k < len(images):
            image = images[k]
            if image.ndim == 3:
                ax.imshow(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
            else:
                ax.imshow(image, cmap="gray", vmin=0, vmax=255)
            if titles is not None:
                ax.set_title(titles[k], fontsize=8)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def draw_boxes(image: np.ndarray, boxes, labels=None, colour=(0, 0, 255)) -> np.ndarray:
    """A BGR copy of ``image`` with boxes (x, y, w, h) and optional labels drawn on it."""
    canvas = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image.copy()
    thickness = max(1, max(canvas.shape[:2]) // 500)
    for k, (x, y, w, h) in enumerate(boxes):
        cv2.rectangle(canvas, (x, y), (x + w, y + h), colour, thickness)
        if labels is not None:
            cv2.putText(
                canvas,
                str(labels[k]),
                (x, max(12, y - 4)),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.5 * thickness + 0.2,
                colour,
                thickness,
            )
    return canvas


def overlay(source: np.ndarray, processed: np.ndarray) -> np.ndarray:
    """Source crop and processed 28×28 digit drawn over each other at the same scale (RGB).

    The source keeps its aspect ratio, centred in a square as tall as its longer side (green); the
    processed digit is scaled to that square (magenta); where both have ink the pixel is white.
    ``source`` and ``processed`` have ink = 255.
    """
    height, width = source.shape
    side = max(height, width)
    canvas = np.zeros((side, side), np.uint8)
    top, left = (side - height) // 2, (side - width) // 2
    canvas[top : top + height, left : left + width] = source
    back = cv2.resize(processed, (side, side), interpolation=cv2.INTER_LINEAR)
    return np.dstack([back, canvas, back])
