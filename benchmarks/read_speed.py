"""Time the reader on a ~1000 × 1000 photo after the model is loaded (target: ≤ 100 ms median),
the sequence reader's network on one line of 8 digits (target: ≤ 20 ms median), and the reader on a
dotted notebook page of 2500 × 2500 px, ten thousand dots and no digit (target: ≤ 2 s median; a
page of many specks once took 80 s).

    .venv/bin/python benchmarks/read_speed.py [--repeat 20]

Prints the median and quartiles per pipeline and for the line, and the ratio to each target.
"""

from __future__ import annotations

import argparse
import os
import time

import cv2
import numpy as np

from helpers.models import load_default, load_sequence
from helpers.pipeline import PIPELINES, read_digits
from helpers.sequence import LineStyle, line_image, read_line_images, synthetic_line
from helpers.synth import PhotoSpec, render

#: Digits drawn as bars for the line timing (what is drawn does not change the arithmetic).
BARS = [np.ones((20, 3 + k), np.float32) for k in range(10)]

TARGET_MS = 100.0
LINE_TARGET_MS = 20.0
DOTTED_TARGET_MS = 2000.0


def report(name: str, times: list[float], target: float) -> None:
    q1, median, q3 = np.percentile(times, [25, 50, 75])
    print(
        f"{name:9s} median {median:6.1f} ms (quartiles {q1:.1f}–{q3:.1f}), {median / target:.2f} × the {target:.0f} ms target"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    lines = tuple("".join(str((7 * row + k) % 10) for k in range(9)) for row in range(6))
    photo = render(PhotoSpec(seed=1, lines=lines, height=70, light="gradient", paper="ruled"))
    image = photo.image
    model = load_default()
    print(
        f"photo {image.shape[1]}×{image.shape[0]} px, {sum(map(len, photo.lines))} digits, {os.cpu_count()} CPU cores"
    )
    for pipeline in PIPELINES:
        read_digits(image, pipeline, model)  # warm-up: first call traces the model
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            read_digits(image, pipeline, model)
            times.append(1000 * (time.perf_counter() - start))
        report(pipeline, times, TARGET_MS)
    dotted = np.full((2500, 2500), 235, np.uint8)  # dotted paper: a dot every 24 px
    for y in range(12, 2500, 24):
        for x in range(12, 2500, 24):
            cv2.circle(dotted, (x, y), 2, 160, -1)
    read_digits(dotted, "improved", model)
    times = []
    for _ in range(max(1, args.repeat // 4)):
        start = time.perf_counter()
        read_digits(dotted, "improved", model)
        times.append(1000 * (time.perf_counter() - start))
    report("dotted", times, DOTTED_TARGET_MS)
    # one found line, as the sequence pipeline hands it to the network: line image, frames, decoding
    ink, _ = synthetic_line(np.random.default_rng(0), BARS, np.arange(10), LineStyle(digits=(8, 8), touching=0.0))
    mask = (ink > 0.3).astype(np.uint8) * 255
    zoomed = cv2.resize(mask, None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST)
    pieces = [((0, 0, zoomed.shape[1], zoomed.shape[0]), zoomed)]
    sequence = load_sequence()
    read_line_images(sequence, [line_image(pieces, 60)])  # warm-up: first call traces the network
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        read_line_images(sequence, [line_image(pieces, 60)])
        times.append(1000 * (time.perf_counter() - start))
    report("one line", times, LINE_TARGET_MS)


if __name__ == "__main__":
    main()
