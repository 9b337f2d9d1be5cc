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


#: Box lines are drawn 1/BOX_LINE of the image's longer side thick (2 px at least): a figure shows
#: a photo smaller than it is, and a thinner line can fall between the pixels shown.
BOX_LINE = 250


def draw_boxes(image: np.ndarray, boxes, labels=None, colour=(0, 0, 255)) -> np.ndarray:
    """A BGR copy of ``image`` with boxes (x, y, w, h) and optional labels drawn on it; the lines
    stay visible with the picture shown down to :data:`BOX_LINE` px on its longer side.

    >>> boxed = draw_boxes(np.zeros((700, 500), np.uint8), [(100, 100, 80, 120)])
    >>> red = cv2.resize(boxed, (179, 250), interpolation=cv2.INTER_NEAREST)[..., 2] > 0  # shown 250 px tall
    >>> rows, columns = np.flatnonzero(red[:, 45:55].any(axis=1)), np.flatnonzero(red[45:70].any(axis=0))
    >>> bool(rows.min() < 40 < 75 < rows.max()), bool(columns.min() < 40 < 60 < columns.max())  # all four edges
    (True, True)
    """
    canvas = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image.copy()
    longest = max(canvas.shape[:2])
    thickness = max(2, int(np.ceil(longest / BOX_LINE)))
    for k, (x, y, w, h) in enumerate(boxes):
        cv2.rectangle(canvas, (x, y), (x + w, y + h), colour, thickness)
        if labels is not None:
            font_scale = 0.3 + longest / 1000  # Hershey digits are ~22 px tall at scale 1: 1/32 of a 700-px photo
            cv2.putText(
                canvas, str(labels[k]), (x, max(12, y - 4)), cv2.FONT_HERSHEY_SIMPLEX, font_scale, colour, thickness
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


def label_points(ax, xs, ys, names, fontsize: float = 8, colours=None) -> None:
    """Write ``names`` beside the points (xs, ys) of a scatter plot without overlapping each other
    or the axes' frame: a label goes right of its point, or left of it in the axes' right third,
    and moves up or down a line at a time while it would cover a label already placed or cross the
    frame (a thin grey leader then ties it to its point); the y-axis grows to give the highest
    point's label room. Points that coincide share one label ("0, 0.5"). With
    ``colours`` each label takes its point's colour."""
    ax.autoscale_view()
    scale = ax.figure.dpi / 72  # points to pixels
    line = 1.3 * fontsize * scale
    (left, bottom), (right, top) = ax.transAxes.transform([(0, 0), (1, 1)])
    highest = ax.transData.transform((0, np.max(ys)))[1]
    room = top - bottom - 5 * scale - line  # the highest a point may lie with its label above it (and a gap)
    if ax.get_yscale() == "linear" and highest - bottom > room > 0:
        low, high = ax.get_ylim()
        ax.set_ylim(low, low + (high - low) * (highest - bottom) / room)
    points = ax.transData.transform(np.column_stack([xs, ys]))
    labels: dict[tuple[float, float], tuple[int, str]] = {}  # a position -> its first point, its label
    for k, (point, name) in enumerate(zip(points, names)):
        position = tuple(point.round(1))
        first, text = labels.get(position, (k, ""))
        labels[position] = (first, f"{text}, {name}" if text else str(name))
    placed: list[tuple[float, float, float, float]] = []
    for k, name in sorted(labels.values(), key=lambda label: -points[label[0], 1]):
        x, y = points[k]
        width = 0.6 * fontsize * scale * len(name)
        on_left = x > left + 2 * (right - left) / 3
        x0 = x - 5 * scale - width if on_left else x + 5 * scale
        heights = [(step, y + 2 * scale + step * line) for step in (0, -1, 1, -2, 2, -3, 3)]
        inside = [(step, y0) for step, y0 in heights if bottom <= y0 <= top - line - 2 * scale]
        step, y0 = next(
            (
                (step, y0)
                for step, y0 in inside
                if not any(x0 < b[2] and b[0] < x0 + width and y0 < b[3] and b[1] < y0 + line for b in placed)
            ),
            (inside or heights)[0],
        )
        placed.append((x0, y0, x0 + width, y0 + line))
        ax.annotate(
            name,
            (xs[k], ys[k]),
            xytext=((x0 - x) / scale, (y0 - y) / scale),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=fontsize,
            color=colours[k] if colours is not None else "black",
            # a label moved off its point's line is tied to the point by a thin leader
            arrowprops=None if step == 0 else {"arrowstyle": "-", "color": "0.6", "linewidth": 0.6, "shrinkB": 3},
        )
