"""How the reader holds up when the page is photographed turned: the benchmark's scenarios drawn
afresh (two photos each, new seeds), each photo read upright and turned 25–45° either way.

    .venv/bin/python benchmarks/turned_pages.py [--set tuning|test]

A phone held at an angle turns the page, its lines and every digit on it; the benchmark's own
photos turn at most 8°. Each photo is turned about its centre on a canvas large enough for all of
it (the border's paper repeated outwards) and read three ways: upright, turned with
``Options(turn_page=False)``, and turned with the default reader, which reads a page whose lines
run at a slant again turned level (``helpers.pipeline.turned_angle``). It prints the digit error of
each with its 95 % interval (bootstrap over photos) and the photos read exactly.
``helpers.pipeline.turned_angle``'s choices were made on ``--set tuning``; ``--set test`` draws
other photos and other angles, on which nothing was chosen.
"""

from __future__ import annotations

import argparse

import numpy as np

from helpers.evaluate import Evaluation, LabelledPhoto, PhotoResult, align
from helpers.images import to_gray, turned
from helpers.models import load_default
from helpers.pipeline import Options, read_digits
from helpers.synth import SCENARIOS, render, scenario_spec

#: First seed of each set of photos (the benchmark's own start at 1000).
SEEDS = {"tuning": 500_000, "test": 600_000}
PHOTOS_PER_SCENARIO = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=tuple(SEEDS), default="test", help="which photos and angles")
    args = parser.parse_args()
    model = load_default()
    rng = np.random.default_rng(SEEDS[args.set])
    ways = {
        "upright": (False, Options()),
        "turned, read as it lies": (True, Options(turn_page=False)),
        "turned, read turned level too": (True, Options()),
    }
    evaluations = {way: Evaluation("improved") for way in ways}
    for index, name in enumerate(SCENARIOS):
        for k in range(PHOTOS_PER_SCENARIO):
            photo = render(scenario_spec(name, SEEDS[args.set] + 1000 * index + k))
            gray = to_gray(photo.image)
            angle = float(rng.choice([-1, 1]) * rng.uniform(25, 45))
            truth = LabelledPhoto(f"{name}_{k + 1}", tuple(photo.lines), (name,))
            for way, (turn, options) in ways.items():
                lines = read_digits(turned(gray, angle)[0] if turn else gray, model=model, options=options).lines
                errors, pairs = align("".join(photo.lines), "".join(lines))
                evaluations[way].results.append(PhotoResult(truth, lines, errors, pairs, 0.0))
    count = len(SCENARIOS) * PHOTOS_PER_SCENARIO
    print(f"{count} photos of the benchmark's scenarios ({args.set} set), turned 25–45° either way")
    for way, evaluation in evaluations.items():
        print(
            f"  {way:<31} digit error {evaluation.error_text()} ({evaluation.errors}/{evaluation.digits}), "
            f"exact {evaluation.exact}/{count}"
        )


if __name__ == "__main__":
    main()
