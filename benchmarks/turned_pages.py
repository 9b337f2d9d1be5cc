"""How the reader holds up when the page is photographed turned: one half of the benchmark, each
photo turned 15°, 35° and 60° (one photo one way, the next the other).

    .venv/bin/python benchmarks/turned_pages.py [--half test|tuning] [--angles 15 35 60]

A phone held at an angle turns the page, its lines and every digit on it; the benchmark's own
photos turn at most 8°. Each photo is turned about its centre on a canvas large enough for all of
it (the border's paper repeated outwards: ``helpers.images.turned``) and read twice: with
``Options(turn_page=False)``, as it lies, and with the default reader, which reads a page whose
lines run at a slant again turned level (``helpers.pipeline.turned_angle``). It prints the digit
error of each with its 95 % interval (bootstrap over photos) and the photos read exactly, after
the half read upright. ``turned_angle``'s choices were made on ``--half tuning``.
"""

from __future__ import annotations

import argparse

from helpers.config import BENCHMARK_DIR
from helpers.evaluate import evaluate, half
from helpers.models import load_default
from helpers.pipeline import Options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tuning", "test"), default="test", help="half of the benchmark")
    parser.add_argument("--angles", type=float, nargs="+", default=[15.0, 35.0, 60.0])
    args = parser.parse_args()
    model = load_default()
    files = half(args.half)
    print(f"benchmark, {args.half} half ({len(files)} photos)")
    for angle in [0.0, *args.angles]:
        ways = {"upright": Options()} if not angle else {"as it lies": Options(turn_page=False), "level too": Options()}
        for way, options in ways.items():
            evaluation = evaluate(BENCHMARK_DIR, model=model, options=options, files=files, turn=angle)
            print(
                f"  turned {angle:2.0f}°, read {way:<10} digit error {evaluation.error_text()} "
                f"({evaluation.errors}/{evaluation.digits}), exact {evaluation.exact}/{len(files)}"
            )


if __name__ == "__main__":
    main()
