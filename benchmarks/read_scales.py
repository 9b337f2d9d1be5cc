"""How the reader holds up as photos get smaller: the benchmark's test half, and the real photos
when they are here, read at full size and shrunk (by default to 1/2 and 0.35 of each side).

    .venv/bin/python benchmarks/read_scales.py [--scales 1 0.5 0.35] [--half test] [--real FOLDER]

A webcam frame, or a phone photo of a whole page, may hold digits 10–25 px tall; most of the
benchmark's are drawn taller. For each scale this prints the digits' median height, the digit error
with its 95 % interval (bootstrap over photos) and its ratio to the error at full size. It is a
measurement of robustness; ``--half tuning`` is the half that the reader's thresholds are chosen
on (``helpers.pipeline.ENLARGED_DIGITS`` was, with this script).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from helpers.config import BENCHMARK_DIR, REALWORLD_DIR
from helpers.evaluate import evaluate, half, read_truth
from helpers.models import load_default


def report(name: str, folder: Path, files: set[str] | None, scales: list[float], model, height: float | None) -> None:
    print(name)
    full = None
    for scale in scales:
        evaluation = evaluate(folder, model=model, files=files, scale=scale)
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
    parser.add_argument("--half", choices=("tuning", "test"), default="test", help="half of the benchmark")
    parser.add_argument(
        "--real", type=Path, default=REALWORLD_DIR, help="real photos with labels.tsv (skipped if absent)"
    )
    args = parser.parse_args()
    model = load_default()
    files = set(half(args.half))
    height = float(np.median([d.box[3] for d in read_truth(BENCHMARK_DIR, files)]))
    report(f"benchmark, {args.half} half ({len(files)} photos)", BENCHMARK_DIR, files, args.scales, model, height)
    if (args.real / "labels.tsv").is_file():
        report(f"real photos ({args.real})", args.real, None, args.scales, model, None)


if __name__ == "__main__":
    main()
