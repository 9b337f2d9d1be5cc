"""Train the default digit recogniser reproducibly and write it with its model card.

    python -m helpers.train                 # full recipe, writes data/models/digits_cnn.*
    python -m helpers.train --quick --out /tmp/models   # seconds: a smoke test of the recipe

The recipe: :func:`helpers.models.build_digits_cnn`, Adam with a warm-up + cosine learning-rate
schedule, batches of 128, augmentation from :mod:`helpers.augment` drawn afresh every epoch, seed 42.

:func:`train_quick` is the fast recipe for notebooks: :func:`helpers.models.build_quick_cnn`, two
epochs of plain MNIST, batches of 256 (``benchmarks/train_speed.py`` times it against the Keras
example's recipe).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import keras
import numpy as np

import helpers  # noqa: F401  (fixes KERAS_BACKEND before keras is imported)
from helpers.augment import AugmentSettings, augment_batch, pen_skeletons
from helpers.config import MODELS_DIR, quick_mode, set_seed
from helpers.data import load_mnist, sha256_of
from helpers.models import DEFAULT_MODEL, build_digits_cnn, build_quick_cnn, model_paths, to_model_input


class AugmentedDigits(keras.utils.PyDataset):
    """Batches of augmented MNIST digits, reshuffled and redrawn every epoch."""

    def __init__(self, images, labels, batch_size, seed, settings=AugmentSettings()):
        super().__init__()
        self.images, self.labels = images, labels
        self.skeletons = pen_skeletons(images)
        self.batch_size, self.settings = batch_size, settings
        self.rng = np.random.default_rng(seed)
        self.order = self.rng.permutation(len(images))

    def __len__(self):
        return int(np.ceil(len(self.images) / self.batch_size))

    def __getitem__(self, index):
        rows = self.order[index * self.batch_size : (index + 1) * self.batch_size]
        batch = augment_batch(self.images[rows], self.rng, self.settings, self.skeletons[rows])
        return to_model_input(batch), self.labels[rows]

    def on_epoch_end(self):
        self.order = self.rng.permutation(len(self.images))


def warmup_cosine(steps: int, start: float, peak: float, warmup: float):
    """Learning rate rising linearly from ``start`` to ``peak`` over the first ``warmup`` fraction of
    the ``steps``, then falling to 0 along a cosine."""
    warmup_steps = int(steps * warmup)
    return keras.optimizers.schedules.CosineDecay(
        start, decay_steps=steps - warmup_steps, warmup_target=peak, warmup_steps=warmup_steps
    )


def train_quick(x, y, epochs: int = 2, batch_size: int = 256, seed: int = 42, callbacks=()):
    """The quick recipe on float inputs ``x`` (n, 28, 28, 1) and labels ``y``; returns the model.

    Adam, warm-up from 5e-4 to 5e-3 over the first 20 % of the steps, then cosine to 0; no
    augmentation. ``callbacks`` go to ``fit`` (e.g. to measure accuracy after each epoch).
    """
    set_seed(seed)
    model = build_quick_cnn()
    steps = epochs * int(np.ceil(len(x) / batch_size))
    model.compile(
        optimizer=keras.optimizers.Adam(warmup_cosine(steps, 5e-4, 5e-3, 0.2)),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=list(callbacks))
    return model


def train(epochs: int, batch_size: int = 128, seed: int = 42, train_limit: int | None = None):
    """Train the default architecture; returns (model, MNIST test accuracy, seconds of training)."""
    set_seed(seed)
    (x_train, y_train), (x_test, y_test) = load_mnist()
    if train_limit:
        x_train, y_train = x_train[:train_limit], y_train[:train_limit]
    data = AugmentedDigits(x_train, y_train, batch_size, seed)
    model = build_digits_cnn()
    model.compile(
        optimizer=keras.optimizers.Adam(warmup_cosine(epochs * len(data), 1e-4, 3e-3, 0.1)),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    model.fit(data, epochs=epochs, verbose=2)
    seconds = time.perf_counter() - start
    _, accuracy = model.evaluate(to_model_input(x_test), y_test, batch_size=1000, verbose=0)
    return model, float(accuracy), seconds


MODEL_CARD = """# Shipped models

## `{name}.keras` — the default digit recogniser

Trained by `python -m helpers.train` (file written {date}); loaded by `helpers.models.load_default()`,
which checks the sha256 recorded in `{name}.json`.

| | |
| --- | --- |
| architecture | `helpers.models.build_digits_cnn()`: 3×3 conv blocks 24-48-96 with batch norm, max-pooling, a valid 3×3 conv, global average pooling, dropout 0.3, softmax over 10 digits |
| parameters | {params:,} |
| input | float32 (n, 28, 28, 1), ink 1.0 on background 0.0 (MNIST / 255), normalised like MNIST (`helpers.normalize`) |
| training data | MNIST training set, 60 000 digits (`data/mnist`); no real-world digits |
| augmentation | `helpers.augment.AugmentSettings()`, drawn afresh every epoch: half the digits redrawn from their skeleton with an even pen 1.2–3.6 px wide; rotation ±12°, slant (shear) ±0.25, scale 0.85–1.1, aspect 0.8–1.15, shift ±2 px; 2×2 grey dilation (p = 0.2) or erosion (p = 0.1) |
| optimiser | Adam, batch {batch_size}, learning rate warm-up 1e-4 → 3e-3 over the first 10 % of steps, then cosine decay to 0 |
| epochs | {epochs} |
| seed | {seed} (`keras.utils.set_random_seed`) |
| MNIST test accuracy | **{accuracy:.2%}** (10 000 test digits, never used in training) |
| training wall time | {seconds:.0f} s on {cores} CPU cores ({machine}), TensorFlow {tf_version}, Keras {keras_version} |
| command | `{command}` |
| sha256 | `{sha256}` |

A high MNIST score says little about photos of real handwriting: see the benchmark report in
`data/benchmark/` (`python -m helpers.evaluate`) for the digit error on photos.
"""


def write_model(model, name, folder: Path, record: dict) -> Path:
    """Save the model, its JSON record (with sha256) and the model card into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model_path, record_path = model_paths(name, folder)
    model.save(model_path)
    record = {**record, "name": name, "params": int(model.count_params()), "sha256": sha256_of(model_path)}
    record_path.write_text(json.dumps(record, indent=2) + "\n")
    (folder / "README.md").write_text(MODEL_CARD.format(**record))
    return model_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.train", description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--name", default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder to write the model into")
    parser.add_argument("--quick", action="store_true", help="1 epoch on 2 000 digits (also DIGITS_QUICK=1)")
    args = parser.parse_args(argv)
    quick = args.quick or quick_mode()
    epochs = 1 if quick else args.epochs
    batch_size = 128
    model, accuracy, seconds = train(epochs, batch_size, args.seed, train_limit=2000 if quick else None)
    import tensorflow as tf

    record = {
        "date": time.strftime("%Y-%m-%d"),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": args.seed,
        "accuracy": accuracy,
        "seconds": seconds,
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "tf_version": tf.__version__,
        "keras_version": keras.__version__,
        "command": " ".join(["python -m helpers.train", *(argv if argv is not None else sys.argv[1:])]),
        "quick": quick,
    }
    path = write_model(model, args.name, args.out, record)
    print(f"MNIST test accuracy {accuracy:.4f} after {epochs} epochs in {seconds:.0f} s -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
