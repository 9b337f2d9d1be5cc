"""A simulated classroom: collection sheets (:mod:`helpers.sheets`) filled in by writers whose
hands differ from MNIST's, photographed, read back and saved like a learner's own (notebook 08).

* :class:`Writer`, :data:`WRITERS` — four hands: slant, width, pen, ink, and continental 1s and 7s
  (:func:`continental_strokes`);
* :func:`filled_sheet` — a phone photo of a printed sheet with a writer's digits in its boxes
  (MNIST *training* digits redrawn in that hand), and which box holds which digit;
* :func:`simulated_classroom` — every writer's sheets filled, read with
  :func:`helpers.sheets.read_sheet` and saved as ``data/own`` would hold them.

The photo itself (paper, ink, light, camera) is drawn by :mod:`helpers.synth`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from helpers.data import load_mnist
from helpers.normalize import ink_box
from helpers.sheets import BOX, COLUMNS, PRINT_PX, ROWS, box_origin, make_sheet, read_sheet, save_sheet, target
from helpers.synth import INKS, PAPER_COLOURS, digit_ink, photograph


@dataclass(frozen=True)
class Writer:
    """A simulated writer's hand: slant, width and pen (fraction of the digit height), ink, and
    ``continental`` — a 7 with a bar across and a 1 with a long up-stroke, as taught in much of
    Europe and rare among MNIST's American writers."""

    name: str
    slant: float = 0.0
    aspect: float = 1.0
    pen: float = 0.08
    ink: str = "blue"
    continental: bool = False


def continental_strokes(alpha: np.ndarray, label: int, pen: float) -> np.ndarray:
    """Add the bar of a continental 7 or the up-stroke of a continental 1 to a digit's ink alpha
    (float, 1 = ink); other digits are returned unchanged."""
    if label not in (1, 7):
        return alpha
    x, y, w, h = ink_box(alpha > 0.5)
    pad = int(0.4 * h) + 2
    alpha = np.pad(alpha, pad)
    x, y = x + pad, y + pad
    width = max(1, round(pen * h))
    if label == 7:
        inked = np.flatnonzero((alpha > 0.5).any(axis=1))
        row = inked[np.argmin(np.abs(inked - (y + h // 2)))]  # the middle row, or the inked row nearest it
        centre = int(np.flatnonzero(alpha[row] > 0.5).mean())
        cv2.line(alpha, (centre - int(0.28 * h), row), (centre + int(0.28 * h), row), 1.0, width, cv2.LINE_AA)
    else:
        top = x + int(np.flatnonzero(alpha[y] > 0.5).mean())
        cv2.line(alpha, (top, y), (top - int(0.35 * h), y + int(0.3 * h)), 1.0, width, cv2.LINE_AA)
    return alpha


#: Four hands that differ from MNIST's, for the simulated classroom of notebook 08.
WRITERS = (
    Writer("ana", slant=0.45, aspect=0.45, pen=0.05, ink="purple", continental=True),
    Writer("ben", slant=-0.5, aspect=0.8, pen=0.07, ink="blue", continental=True),
    Writer("chen", slant=-0.15, aspect=1.35, pen=0.12, ink="black"),
    Writer("dara", slant=0.2, aspect=1.1, pen=0.16, ink="black"),
)


def filled_sheet(
    writer: Writer = WRITERS[0], seed: int = 0, paper: str = "A4", sheet: int = 0, empty: float = 0.1
) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """A phone photo of a collection sheet (:mod:`helpers.sheets`) filled by a simulated ``writer``.

    Each box gets an MNIST *training* digit of its target label (so the shipped model has seen the
    digit, never this hand), redrawn with the writer's slant, width and pen; a share ``empty`` of
    the boxes is left empty. The sheet lies on a dark table and is photographed at an angle, with a
    shadow. Returns (BGR photo, [(row, column, label) of every filled box]).
    """
    rng = np.random.default_rng(seed)
    scale = 5.0  # px per mm: a 1000×1500-px page, like a phone photo of an A4 sheet
    printed = cv2.resize(
        make_sheet(paper, sheet), None, fx=scale / PRINT_PX, fy=scale / PRINT_PX, interpolation=cv2.INTER_AREA
    )
    tint = np.float32(PAPER_COLOURS[str(rng.choice(["white", "white", "yellow", "grey"]))]) / 255
    page = printed.astype(np.float32)[..., None] * tint
    (x_train, y_train), _ = load_mnist()
    by_label = [np.flatnonzero(y_train == d) for d in range(10)]
    colour, strength = INKS[writer.ink]
    filled = []
    for row in range(ROWS):
        for column in range(COLUMNS):
            if rng.uniform() < empty:
                continue
            label = target(row, column)
            height = int(BOX * scale * rng.uniform(0.55, 0.72))
            alpha = digit_ink(
                x_train[rng.choice(by_label[label])],
                height,
                writer.pen * rng.uniform(0.85, 1.15),
                writer.slant + rng.uniform(-0.06, 0.06),
                writer.aspect * rng.uniform(0.9, 1.1),
            )
            if writer.continental:
                alpha = continental_strokes(alpha, label, writer.pen)
            x0, y0, w, h = ink_box(alpha > 0.5)
            alpha = alpha[y0 : y0 + h, x0 : x0 + w][: int(BOX * scale * 0.8), : int(BOX * scale * 0.8)]
            bx, by = (v * scale for v in box_origin(paper, row, column))
            room = BOX * scale - np.array(alpha.shape)
            top = int(by + room[0] / 2 + rng.uniform(-0.15, 0.15) * room[0])
            left = int(bx + room[1] / 2 + rng.uniform(-0.15, 0.15) * room[1])
            region = page[top : top + alpha.shape[0], left : left + alpha.shape[1]]
            a = (alpha * strength)[..., None]
            region[:] = region * (1 - a) + np.float32(colour) * a
            filled.append((row, column, label))
    h, w = page.shape[:2]
    table = np.empty((int(h * 1.3), int(w * 1.4), 3), np.float32)
    table[:] = np.float32([70, 85, 100]) + rng.normal(0, 4, table.shape).astype(np.float32)
    top, left = (table.shape[0] - h) // 2, (table.shape[1] - w) // 2
    table[top : top + h, left : left + w] = page
    photo, _ = photograph(
        table,
        rng,
        rotation=rng.uniform(-12, 12),
        perspective=0.06,
        light="shadow",
        vignette=0.2,
        blur=0.7,
        noise=3.0,
        border=(70.0, 85.0, 100.0),
    )
    return photo, filled


def simulated_classroom(folder: Path, writers=WRITERS, sheets_per_writer: int = 3) -> Path:
    """Fill, photograph, read and save ``sheets_per_writer`` sheets per simulated writer into
    ``folder`` (the layout of ``data/own``: ``<writer>/sheet<k>_photo_<k>/``); returns ``folder``."""
    for writer in writers:
        for k in range(sheets_per_writer):
            image, _ = filled_sheet(writer, seed=10 * k + WRITERS.index(writer), sheet=k)
            save_sheet(read_sheet(image), writer.name, f"photo_{k}.jpg", folder)
    return folder
