"""How the reader holds up as photos get smaller: the benchmark's test half, and the real photos
when they are here, read at full size and shrunk (by default to 1/2 and 0.35 of each side).

    .venv/bin/python benchmarks/read_scales.py [--scales 1 0.5 0.35] [--real FOLDER]

A webcam frame, or a phone photo of a whole page, may hold digits 10–25 px tall; most of the
benchmark's are drawn taller. For each scale this prints the digits' median height, the digit error
with its 95 % interval (bootstrap over photos) and its ratio to the error at full size. It is a
measurement of robustness, not a figure to tune on: the reader's thresholds are chosen on the
tuning half (notebook 09).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import cv2
import numpy as np

from helpers.config import BENCHMARK_DIR, REALWORLD_DIR
from helpers.evaluate import Evaluation, PhotoResult, align, half, read_labels, read_truth
from helpers.images import load_image
from helpers.models import load_default
from helpers.pipeline import read_digits


def read_shrunk(folder: Path, files: set[str] | None, scale: float, model) -> Evaluation:
    """Every labelled photo of ``folder`` (those in ``files``, when given) shrunk by ``scale`` and read."""
    evaluation = Evaluation(f"improved at {scale:g}")
    for photo in read_labels(folder):
        if files is not None and photo.file not in files:
            continue
        image = load_image(folder / photo.file)
        if scale != 1.0:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        start = time.perf_counter()
        lines = read_digits(image, model=model).lines
        seconds = time.perf_counter() - start
        errors, pairs = align("".join(photo.lines), "".join(lines))
        evaluation.results.append(PhotoResult(photo, lines, errors, pairs, seconds))
    return evaluation


def report(name: str, folder: Path, files: set[str] | None, scales: list[float], model, height: float | None) -> None:
    print(name)
    full = None
    for scale in scales:
        evaluation = read_shrunk(folder, files, scale, model)
        full = full if full is not None else evaluation.digit_error
        size = f"digits ~{height * scale:3.0f} px, " if height else ""
        ratio = evaluation.digit_error / full if full else float("nan")
        print(
            f"  × {scale:<5g} {size}digit error {evaluation.error_text()} ({evaluation.errors}/{evaluation.digits}), "
            f"{ratio:.1f} × the error at scale {scales[0]:g}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 0.5, 0.35])
    parser.add_argument(
        "--real", type=Path, default=REALWORLD_DIR, help="real photos with labels.tsv (skipped if absent)"
    )
    args = parser.parse_args()
    model = load_default()
    test = set(half("test"))
    height = float(np.median([d.box[3] for d in read_truth(BENCHMARK_DIR, test)]))
    report("benchmark, test half (50 photos)", BENCHMARK_DIR, test, args.scales, model, height)
    if (args.real / "labels.tsv").is_file():
        report(f"real photos ({args.real})", args.real, None, args.scales, model, None)


if __name__ == "__main__":
    main()
