"""How the reader does on images that hold one MNIST digit, or a short line of them, and little
else: the 28 × 28 image itself, a tight crop around its ink, a short row of five.

    .venv/bin/python benchmarks/read_small_images.py [--digits test|train] [--count 150]

A learner's first try is often an MNIST digit, or a digit cropped tight from a photo, handed to
the reader that is built for pages. Each format is read from ``--count`` digits (rows of five for
the lines) drawn at random (seed 0) from MNIST's ``--digits`` set; it prints how many read as their
digits exactly and how many read as nothing, with Wilson's 95 % interval for the first.
``helpers.pipeline.SMALL_IMAGE`` and ``helpers.page.DESK_PAPER`` were chosen with
``--digits train``; the test digits, which no choice saw, are the figures to report.
"""

from __future__ import annotations

import argparse
import time

import cv2
import numpy as np

from helpers.data import load_mnist
from helpers.evaluate import proportion_interval
from helpers.images import ImageError
from helpers.models import load_default
from helpers.normalize import trim
from helpers.pipeline import read_digits


def to_height(image: np.ndarray, height: int) -> np.ndarray:
    factor = height / image.shape[0]
    width = max(1, round(image.shape[1] * factor))
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)


def row_of(digits: np.ndarray, height: int) -> np.ndarray:
    """Tight crops side by side, 6 px apart and centred on one line, the row scaled to ``height``
    px, dark ink on white."""
    crops = [trim(d) for d in digits]
    tallest = max(c.shape[0] for c in crops)
    row = np.zeros((tallest + 8, sum(c.shape[1] + 6 for c in crops) + 8), np.uint8)
    x = 4
    for crop in crops:
        top = 4 + (tallest - crop.shape[0]) // 2
        row[top : top + crop.shape[0], x : x + crop.shape[1]] = crop
        x += crop.shape[1] + 6
    return 255 - to_height(row, height)


#: One digit per image: how the image is made from an MNIST digit (white on black, 28 × 28).
SINGLE = {
    "MNIST as it is, 28 px white on black": lambda d: d,
    "MNIST inverted, 28 px dark on white": lambda d: 255 - d,
    "shrunk to 16 px": lambda d: 255 - cv2.resize(d, (16, 16), interpolation=cv2.INTER_AREA),
    "tight crop, 20 px tall": lambda d: 255 - trim(d),
    "tight crop, 64 px tall": lambda d: 255 - to_height(trim(d), 64),
    "tight crop, 200 px tall": lambda d: 255 - to_height(trim(d), 200),
    "enlarged to 64 px, MNIST's margin kept": lambda d: 255 - cv2.resize(d, (64, 64), interpolation=cv2.INTER_CUBIC),
}

#: Five digits per image, in a row this many pixels tall.
ROW_HEIGHTS = (36, 100)


def report(name: str, readings: list[str | None], truths: list[str]) -> None:
    """One format's line: readings are texts, or None where the reader refused the image."""
    right = sum(r == t for r, t in zip(readings, truths, strict=True))
    low, high = proportion_interval(right, len(truths))
    print(
        f"  {name:40s} right {right:3d}/{len(truths)} ({100 * right / len(truths):5.1f} %, "
        f"{100 * low:.0f}–{100 * high:.0f} %), read as nothing {readings.count('')}, refused {readings.count(None)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", choices=("test", "train"), default="test", help="MNIST set to draw from")
    parser.add_argument("--count", type=int, default=150, help="images per format")
    args = parser.parse_args()
    train, test = load_mnist()
    images, labels = test if args.digits == "test" else train
    chosen = np.random.default_rng(0).choice(len(images), 6 * args.count, replace=False)
    singles, rows = chosen[: args.count], chosen[args.count :].reshape(args.count, 5)
    model = load_default()

    def text(image: np.ndarray) -> str | None:
        try:
            return "".join(read_digits(image, model=model).lines)
        except ImageError:  # a flat field, or too small (helpers.pipeline.check_page)
            return None

    started = time.perf_counter()
    print(f"MNIST {args.digits} digits, {args.count} images per format")
    truths = [str(labels[i]) for i in singles]
    for name, make in SINGLE.items():
        report(name, [text(make(images[i])) for i in singles], truths)
    truths = ["".join(str(labels[i]) for i in row) for row in rows]
    for height in ROW_HEIGHTS:
        report(f"a row of five, {height} px tall", [text(row_of(images[row], height)) for row in rows], truths)
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
