"""Time the reader on a ~1000 × 1000 photo after the model is loaded (target: ≤ 100 ms median).

    .venv/bin/python benchmarks/read_speed.py [--repeat 20]

Prints the median and quartiles per pipeline, and the ratio to the target.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from helpers.models import load_default
from helpers.pipeline import PIPELINES, read_digits
from helpers.synth import PhotoSpec, render

TARGET_MS = 100.0


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
        q1, median, q3 = np.percentile(times, [25, 50, 75])
        print(
            f"{pipeline:9s} median {median:6.1f} ms (quartiles {q1:.1f}–{q3:.1f}), "
            f"{median / TARGET_MS:.2f} × the {TARGET_MS:.0f} ms target"
        )


if __name__ == "__main__":
    main()
