"""Small figure helpers shared by the notebooks (matplotlib, styled by notebooks/matplotlibrc)."""

from __future__ import annotations

import cv2
import matplotlib.pyplot as plt
import numpy as np

from helpers.normalize import paste_centred, trim


def show_images(images, titles=None, columns: int = 6, size: float = 1.6, suptitle: str | None = None):
    """Grid of grayscale (or BGR) images with optional titles; returns the figure."""
    images = list(images)
    rows = max(1, int(np.ceil(len(images) / columns)))
    fig, axes = plt.subplots(rows, columns, figsize=(size * columns, size * rows * 1.1), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])  # no ticks, but a frame: an all-white or all-black panel still shows its edge
        if k >= len(images):
            ax.axis("off")
        else:
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

    Each is cut to its ink and scaled so that its longer side is the source's: a normalisation
    that keeps the digit's shape gives one white figure (ink in both); a distorting one shows the
    source in green and the model's input in magenta where they differ. Both have ink = 255.

    >>> bar = np.full((40, 8), 255, np.uint8)
    >>> picture = overlay(bar, cv2.resize(bar, (28, 28)))  # a stretched "1": a square blob
    >>> int((picture[..., 0] > 0).sum()), int((picture[..., 1] > 0).sum())
    (1600, 320)
    """
    source, processed = trim(source), trim(processed)
    side = max(source.shape)
    scale = side / max(processed.shape)
    size = (max(1, round(processed.shape[1] * scale)), max(1, round(processed.shape[0] * scale)))
    back = paste_centred(cv2.resize(processed, size, interpolation=cv2.INTER_LINEAR), side)
    front = paste_centred(source, side)
    return np.dstack([back, front, back])
