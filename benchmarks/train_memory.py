"""Memory left behind by training many models in one process, as notebooks 06 and 07 do.

    .venv/bin/python benchmarks/train_memory.py [--models 10] [--digits 3000] [--plain]

Trains ``--models`` quick CNNs one after the other (one epoch on ``--digits`` MNIST digits each)
and keeps every trained model, as cross-validation keeps each fold's. Prints the process's resident
memory after each and the growth per model after the first (which pays for TensorFlow's start-up).
The course's target: ≤ 5 MB per kept model with :func:`helpers.train.fit` — notebooks 06 and 07
must stay under 1.5 GB. ``--plain`` trains with Keras' own ``compile`` + ``fit`` on a float32
copy of the digits instead, for comparison: every model trained then keeps its traced graphs
(tensorflow/tensorflow#97697).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import psutil

from helpers.config import set_seed
from helpers.data import load_mnist
from helpers.models import build_quick_cnn, to_model_input
from helpers.train import QUICK, fit

TARGET_MB = 5.0


def resident_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10)
    parser.add_argument("--digits", type=int, default=3000)
    parser.add_argument("--plain", action="store_true", help="Keras' compile + fit instead of helpers.train.fit")
    args = parser.parse_args()
    (x_train, y_train), _ = load_mnist()
    images, labels = x_train[: args.digits], y_train[: args.digits]
    recipe = replace(QUICK, batch_size=64)
    kept, after = [], []
    print(f"before training: {resident_mb():.0f} MB")
    for index in range(args.models):
        set_seed(42)
        model = build_quick_cnn()
        if args.plain:
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", jit_compile=False)
            model.fit(to_model_input(images), labels, batch_size=recipe.batch_size, verbose=0)
        else:
            fit(model, images, labels, recipe)
        kept.append(model)
        after.append(resident_mb())
        print(f"model {index + 1:2d}: {after[-1]:.0f} MB")
    per_model = (after[-1] - after[0]) / (len(after) - 1)
    how = "Keras compile + fit" if args.plain else "helpers.train.fit"
    print(f"{how}: {per_model:.1f} MB per kept model after the first (target ≤ {TARGET_MB:g} MB)")


if __name__ == "__main__":
    main()
