"""Train the default digit recogniser reproducibly and write it with its model card.

    python -m helpers.train                 # full recipe, writes data/models/digits_cnn.*
    python -m helpers.train --quick --out /tmp/models   # seconds: a smoke test of the recipe

One way to train (:func:`fit`), two recipes (:class:`Recipe`):

* ``DEFAULT`` then ``SETTLE``: :func:`helpers.models.build_digits_cnn`, 18 epochs of digits
  augmented by :mod:`helpers.augment` (drawn afresh every epoch), batches of 128, then 2 epochs of
  plain MNIST at a small learning rate, seed 42;
* ``QUICK`` (:func:`train_quick`, for notebooks): :func:`helpers.models.build_quick_cnn`, one epoch
  of plain MNIST, batches of 96, label smoothing 0.1 (``benchmarks/train_speed.py`` times it
  against the Keras example's recipe).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import keras
import numpy as np

from helpers.augment import AugmentSettings, augment_batch, pen_skeletons
from helpers.config import MODELS_DIR, quick_mode, set_seed
from helpers.data import load_mnist, sha256_of
from helpers.models import (
    DEFAULT_MODEL,
    REJECTOR_MODEL,
    SEQUENCE_MODEL,
    build_digits_cnn,
    build_quick_cnn,
    digit_accuracy,
    model_paths,
    read_record,
    to_model_input,
)


class DigitBatches(keras.utils.PyDataset):
    """Batches of uint8 MNIST-style digits, reshuffled every epoch and turned into model input one
    batch at a time (a float32 copy of the whole set would cost 4 bytes per pixel: 188 MB for
    MNIST's 60 000 digits); with ``settings``, augmented afresh every epoch."""

    def __init__(self, images, labels, batch_size, seed, settings: AugmentSettings | None = None):
        super().__init__()
        self.images, self.labels = images, labels
        self.batch_size, self.settings = batch_size, settings
        self.skeletons = None  # for redrawing with an even pen: packed 8 pixels to a byte, 392 B a digit
        if settings is not None and settings.redraw > 0:
            step = 5000  # traced and packed a slice at a time: the unpacked set would be 3 kB a digit
            slices = (images[i : i + step] for i in range(0, len(images), step))
            self.skeletons = np.concatenate([np.packbits(pen_skeletons(part), axis=-1) for part in slices])
        self.rng = np.random.default_rng(seed)
        self.order = self.rng.permutation(len(images))

    def __len__(self):
        return int(np.ceil(len(self.images) / self.batch_size))

    def __getitem__(self, index):
        rows = self.order[index * self.batch_size : (index + 1) * self.batch_size]
        batch = self.images[rows]
        if self.settings is not None:
            skeletons = None if self.skeletons is None else np.unpackbits(self.skeletons[rows], axis=-1).astype(bool)
            batch = augment_batch(batch, self.rng, self.settings, skeletons)
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


@dataclass(frozen=True)
class Recipe:
    """How a model is trained: Adam with a warm-up + cosine schedule (``start`` → ``peak`` over the
    first ``warmup`` fraction of the steps, then down to 0), batches of ``batch_size``,
    augmentation drawn afresh every epoch (``None``: the digits as they are), and cross-entropy
    against targets smoothed by ``label_smoothing`` (0.1: 0.91 for the right digit, 0.01 for each
    other)."""

    epochs: int
    batch_size: int
    start: float
    peak: float
    warmup: float
    augment: AugmentSettings | None
    label_smoothing: float = 0.0


#: Notebooks and learners: one epoch of plain MNIST, a high peak learning rate, smoothed targets.
#: MNIST test accuracy after the epoch, seeds 42, 1, 2: 99.07 %, 98.94 %, 99.06 % (the quick CNN
#: with a 3×3 second conv: 99.08 %, 99.11 %, 99.00 % for 10–20 % more time; one epoch without
#: smoothing, with dropout 0.3, batches of 128: 98.84 % at seed 42).
QUICK = Recipe(epochs=1, batch_size=96, start=5e-4, peak=5e-3, warmup=0.2, augment=None, label_smoothing=0.1)
#: The shipped default model: many epochs of augmented digits ...
DEFAULT = Recipe(epochs=18, batch_size=128, start=1e-4, peak=3e-3, warmup=0.1, augment=AugmentSettings())
#: ... then two epochs of the digits as they are, at a small learning rate falling to 0.
SETTLE = Recipe(epochs=2, batch_size=128, start=3e-4, peak=3e-4, warmup=0.0, augment=None)


@contextmanager
def releasing_traced_graphs(model):
    """Free the TensorFlow graphs traced for training ``model`` once the block (its ``fit``) ends.

    * The model's traced steps (``train_function``, ``test_function``, ``predict_function``): a
      trained quick CNN kept for later — cross-validation keeps every fold's — would hold ~20 MB of
      graph; Keras traces a step again when it is next needed (another ``fit``, ``evaluate``).
    * The gradient functions TensorFlow registers while tracing: Keras' TensorFlow optimizer sums
      the gradients across replicas through ``tf.custom_gradient``, which registers a function in a
      global registry that holds the traced graph forever (~14 MB per model trained, even after the
      model is gone; tensorflow/tensorflow#97697, still in TensorFlow 2.21). Once the step is
      traced the function is not needed again. The registry is TensorFlow's private dictionary: a
      TensorFlow without it trains the same, only without this release.
    """
    from tensorflow.python.framework import ops

    registry = getattr(getattr(ops, "gradient_registry", None), "_registry", {})
    before = set(registry)
    try:
        yield
    finally:
        model.train_function = model.test_function = model.predict_function = None
        for name in set(registry) - before:
            if name.startswith("CustomGradient-"):
                del registry[name]


def fit(model, images, labels, recipe: Recipe, seed: int = 42, validation=None, callbacks=(), verbose=0):
    """Compile ``model`` for ``recipe`` and train it on uint8 (n, 28, 28) ``images``; returns the
    Keras History. ``validation`` = (model input, labels) is scored after every epoch."""
    # A Keras model is a web of reference cycles, which Python frees only at its occasional full
    # collection: without this, the models a notebook has let go of pile up (+30 MB a fold in 06).
    gc.collect()
    if recipe.label_smoothing:  # Keras smooths one-hot targets only
        classes = model.output_shape[-1]
        labels = keras.utils.to_categorical(labels, classes)
        if validation is not None:
            validation = (validation[0], keras.utils.to_categorical(validation[1], classes))
        loss = keras.losses.CategoricalCrossentropy(label_smoothing=recipe.label_smoothing)
    else:
        loss = "sparse_categorical_crossentropy"
    batches = DigitBatches(images, labels, recipe.batch_size, seed, recipe.augment)
    steps = recipe.epochs * len(batches)
    schedule = warmup_cosine(steps, recipe.start, recipe.peak, recipe.warmup)
    # Not XLA (Keras' default): on 2 CPU cores it trained no faster, and every model it compiles
    # stays in the process (12 small models trained in one process: +770 MB with XLA).
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss=loss, metrics=["accuracy"], jit_compile=False)
    with releasing_traced_graphs(model):
        return model.fit(
            batches, epochs=recipe.epochs, validation_data=validation, verbose=verbose, callbacks=list(callbacks)
        )


def train_quick(images, labels, recipe: Recipe = QUICK, seed: int = 42, callbacks=()):
    """A fresh :func:`helpers.models.build_quick_cnn` trained on uint8 ``images`` by ``recipe``."""
    set_seed(seed)
    model = build_quick_cnn()
    fit(model, images, labels, recipe, seed, callbacks=callbacks)
    return model


def fine_tune(
    model, images, labels, epochs: int = 5, learning_rate: float = 1e-4, mnist_share: float = 1.0, seed: int = 42
):
    """A copy of ``model`` trained further on uint8 (n, 28, 28) ``images`` — your own digits — mixed
    with ``mnist_share`` × n MNIST training digits so that it does not forget MNIST. The learning
    rate starts small and falls to 0 along a cosine; ``model`` itself is left unchanged.
    """
    set_seed(seed)
    tuned = keras.models.clone_model(model)
    tuned.set_weights(model.get_weights())
    (x_mnist, y_mnist), _ = load_mnist()
    mixed = np.random.default_rng(seed).choice(len(x_mnist), int(len(images) * mnist_share), replace=False)
    x = np.concatenate([images, x_mnist[mixed]])
    y = np.concatenate([labels, y_mnist[mixed]])
    recipe = Recipe(epochs, batch_size=32, start=learning_rate, peak=learning_rate, warmup=0.0, augment=None)
    fit(tuned, x, y, recipe, seed)
    return tuned


def train(recipe: Recipe = DEFAULT, settle: Recipe = SETTLE, seed: int = 42, train_limit: int | None = None):
    """Train the default architecture by ``recipe``, then ``settle``; returns (model, MNIST test
    accuracy, seconds of training)."""
    set_seed(seed)
    (x_train, y_train), (x_test, y_test) = load_mnist()
    if train_limit:
        x_train, y_train = x_train[:train_limit], y_train[:train_limit]
    model = build_digits_cnn()
    start = time.perf_counter()
    fit(model, x_train, y_train, recipe, seed, verbose=2)
    set_seed(seed)
    fit(model, x_train, y_train, settle, seed, verbose=2)
    seconds = time.perf_counter() - start
    return model, digit_accuracy(model, x_test, y_test), seconds


MODEL_CARD = """# Shipped models

## `{name}.keras` — the default digit recogniser

Trained by `python -m helpers.train` (file written {date}); loaded by `helpers.models.load_default()`,
which checks the sha256 recorded in `{name}.json`.

| | |
| --- | --- |
| architecture | `helpers.models.build_digits_cnn()`: 3×3 conv blocks 32-64-128 with batch norm, max-pooling, a valid 3×3 conv, global average pooling, dropout 0.3, softmax over 10 digits |
| parameters | {params:,} |
| input | float32 (n, 28, 28, 1), ink 1.0 on background 0.0 (MNIST / 255), normalised like MNIST (`helpers.normalize`) |
| training data | MNIST training set, 60 000 digits (`data/mnist`); no real-world digits |
| augmentation | `helpers.augment.AugmentSettings()`, drawn afresh every epoch: {augmentation} |
| optimiser | Adam, batch {batch_size}, learning rate warm-up {schedule}, then cosine decay to 0 (`helpers.train.DEFAULT`) |
| epochs | {epochs} of augmented digits, then {settle_epochs} of the digits as they are (learning rate {settle_rate:g} falling to 0 along a cosine: `helpers.train.SETTLE`) |
| seed | {seed} (`keras.utils.set_random_seed`) |
| MNIST test accuracy | **{accuracy:.2%}** (10 000 test digits, never used in training) |
| training wall time | {seconds:.0f} s on {cores} CPU cores ({machine}), TensorFlow {tf_version}, Keras {keras_version} |
| command | `{command}` |
| sha256 | `{sha256}` |

A high MNIST score says little about photos of real handwriting: see the benchmark report in
`data/benchmark/` (`python -m helpers.evaluate`) for the digit error on photos.
"""

REJECTOR_CARD = """
## `{name}.keras` — digit or not a digit

Trained by `python -m helpers.clutter` (file written {date}); loaded by
`helpers.models.load_rejector()`, which checks the sha256 recorded in `{name}.json`. The reader
(`helpers.pipeline.read_digits`) drops a blob when this model gives "not a digit" a probability
above `helpers.pipeline.REJECT_THRESHOLD`; the digit itself is still read by the model above.

| | |
| --- | --- |
| architecture | a committee (`helpers.models.committee`) of {members} quick CNNs with an eleventh class, "not a digit" (`helpers.models.build_quick_cnn(classes=11)`), their probabilities averaged |
| parameters | {params:,} |
| training data | {digits:,} MNIST training digits and {clutter:,} crops of clutter drawn by `helpers.clutter` (letters, words, table corners and crossings, dashes, blots and specks, scribbles, parts of digits, touching pairs), each normalised as the reader normalises its crops (binary, `to_mnist` with MNIST's stroke width) |
| recipe | each member: `helpers.train.QUICK` for {epochs} epochs (Adam, batches of {batch_size}, warm-up + cosine, label smoothing 0.1), from its own seed ({seed}–{last_seed}) on its own draw of clutter |
| on new MNIST test digits and new clutter (seed {test_seed}) | digits taken for clutter {digits_rejected:.2%}; clutter kept as a digit {clutter_kept:.2%}; MNIST digit accuracy of its ten digit classes {accuracy:.2%} (one member alone: {member_digits_rejected}; {member_clutter_kept}; {member_accuracy}) |
| training wall time | {seconds:.0f} s on {cores} CPU cores ({machine}), TensorFlow {tf_version}, Keras {keras_version} |
| command | `{command}` |
| sha256 | `{sha256}` |

Why a committee: networks that differ by their seed alone score alike on new MNIST digits and new
clutter (the ranges above), but read photos unlike their training clutter each in its own way.
Measured on 2026-12-07 (notebook 09, section 3): alone, the five members read the benchmark's test
half with 31–36 wrong digits and the 43 real development photos with 85–98; the committee, 31
and 81.
"""

SEQUENCE_CARD = """
## `{name}.keras` — a whole line at once (notebook 10)

Trained by `python -m helpers.sequence` (file written {date}); loaded by
`helpers.models.load_sequence()`, which checks the sha256 recorded in `{name}.json`. Read by
`python -m helpers.read --pipeline sequence`: the improved pipeline finds, cleans and orders the
lines (keeping every blob the rejector rejects among digits, `helpers.pipeline.SEQUENCE_AMONG_DIGITS`,
and elsewhere what this network reads as digits joined in one stroke, no word of letters), then
this network reads each line whole, without cutting it into digits. The default reader
(`python -m helpers.read`) asks it too, about the blobs it would drop as no digit among digits
and the blobs its cuts split or cannot split (`helpers.pipeline.cut_blobs_read_whole`), and keeps what it reads
there as two digits or more (digits joined in one stroke: `helpers.pipeline.joined_digits`,
`Options.read_joined`).

| | |
| --- | --- |
| architecture | `helpers.sequence.build_crnn()`: four 3×3 conv · BN · ReLU blocks (32-64-96-128) with max-pooling to one frame every 4 columns, dense 128, a bidirectional LSTM of 96 units each way, 11 logits per frame (CTC blank + ten digits) |
| parameters | {params:,} |
| input | float32 (n, 32, width, 1), ink 1.0 on 0.0, digits about 20 px tall (`helpers.sequence.line_image`) |
| training data | {lines:,} lines drawn afresh by `helpers.sequence.synthetic_line` from the 60 000 MNIST training digits: 1–12 digits, 40 % of the lines touching or overlapping, scale, slant, baseline jitter, stroke width, commas, dots and dashes that are never labelled; half of the lines thresholded with strokes at MNIST's width (`helpers.sequence.as_read`: as the default reader shows it the joined blobs it asks about), the other half grey, as drawn (as the sequence reader shows it a photo's lines); no MNIST test digit |
| recipe | CTC loss (`keras.losses.CTC`), Adam with warm-up + cosine to a peak of {peak:g}, {epochs} epochs of {steps} batches of {batch_size} lines, seed 42 |
| lines of MNIST test digits read exactly | **{exact_lines:.1%}** (300 new lines, greedy decoding) |
| training wall time | {seconds:.0f} s on {cores} CPU cores ({machine}), TensorFlow {tf_version}, Keras {keras_version} |
| command | `{command}` |
| sha256 | `{sha256}` |
"""

SPEED_CARD = """
## The quick recipe, and training speed

`helpers.train.train_quick` (`QUICK`: `helpers.models.build_quick_cnn`, {quick_params:,} parameters,
one epoch of plain MNIST, batches of 96, Adam with warm-up + cosine, label smoothing 0.1) is what
notebooks and learners train. `python benchmarks/train_speed.py --record` trained it and the Keras
example's recipe (its convnet, Adam, batches of 128) to {target:.1%} MNIST test accuracy in the
same run ({date}, {cores} CPU cores):

| recipe | epochs to {target:.1%} | seconds of training (CPU seconds) | test accuracy per epoch |
| --- | --- | --- | --- |
| Keras example | {example_epochs} | {example_seconds:.0f} ({example_cpu_seconds:.0f}) | {example_curve} |
| quick recipe | {quick_epochs} | {quick_seconds:.1f} ({quick_cpu_seconds:.0f}) | {quick_curve} |

The quick recipe was **{ratio:.1f}× faster** to {target:.1%} by the wall clock (the course's
target: ≥ 7×), and {cpu_ratio:.1f}× by CPU seconds. On a shared 2-core machine the wall time of one
epoch varies by up to a half from run to run (an epoch whose wall time equals its CPU seconds ran
on one core), so the wall-clock ratio depends on which epochs were slowed; the CPU seconds are
steadier.
"""


def save_model(model, name, folder: Path, record: dict) -> Path:
    """Save the model and its JSON record (with sha256) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model_path, record_path = model_paths(name, folder)
    model.save(model_path)
    record = {**record, "name": name, "params": int(model.count_params()), "sha256": sha256_of(model_path)}
    record_path.write_text(json.dumps(record, indent=2) + "\n")
    return model_path


def write_model(model, name, folder: Path, record: dict) -> Path:
    """Save the model, its JSON record (with sha256) and the model card into ``folder``."""
    model_path = save_model(model, name, folder, record)
    write_card(folder, name)
    return model_path


SPEED_RECORD = "train_speed.json"


def write_card(folder: Path = MODELS_DIR, name: str = DEFAULT_MODEL) -> Path:
    """(Re)write ``folder/README.md`` from the model's record and, if present, the rejector's record
    (``python -m helpers.clutter``), the line reader's (``python -m helpers.sequence``) and the training-speed record that
    ``benchmarks/train_speed.py --record`` writes."""
    card = MODEL_CARD.format(**read_record(name, folder))
    if model_paths(REJECTOR_MODEL, folder)[1].is_file():
        rejector = read_record(REJECTOR_MODEL, folder)
        ranges = {  # each member's figure alone, least–most
            f"member_{key}": "–".join(f"{f(m[key] for m in rejector['member_scores']):.2%}" for f in (min, max))
            for key in ("digits_rejected", "clutter_kept", "accuracy")
        }
        card += REJECTOR_CARD.format(**rejector, **ranges, last_seed=rejector["seed"] + rejector["members"] - 1)
    if model_paths(SEQUENCE_MODEL, folder)[1].is_file():
        card += SEQUENCE_CARD.format(**read_record(SEQUENCE_MODEL, folder))
    if (folder / SPEED_RECORD).is_file():
        card += SPEED_CARD.format(**json.loads((folder / SPEED_RECORD).read_text()))
    path = folder / "README.md"
    path.write_text(card)
    return path


def training_record(
    recipe: Recipe, settle: Recipe, seed: int, accuracy: float, seconds: float, command: str, quick: bool
) -> dict:
    """What the model card says about a training run."""
    import tensorflow as tf

    augment = recipe.augment
    return {
        "date": time.strftime("%Y-%m-%d"),
        "epochs": recipe.epochs,
        "settle_epochs": settle.epochs,
        "settle_rate": settle.start,
        "batch_size": recipe.batch_size,
        "schedule": f"{recipe.start:g} → {recipe.peak:g} over the first {recipe.warmup:.0%} of steps",
        "augmentation": (
            f"{augment.redraw:.0%} of the digits redrawn from their skeleton with an even pen "
            f"{augment.pen[0]}–{augment.pen[1]} px wide; rotation ±{augment.rotate:g}°, slant (shear) "
            f"±{augment.shear:g}, scale {augment.scale[0]}–{augment.scale[1]}, aspect "
            f"{augment.aspect[0]}–{augment.aspect[1]}, shift ±{augment.shift:g} px; 2×2 grey dilation "
            f"(p = {augment.thicken:g}) or erosion (p = {augment.thin:g})"
        ),
        "seed": seed,
        "accuracy": accuracy,
        "seconds": seconds,
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "tf_version": tf.__version__,
        "keras_version": keras.__version__,
        "command": command,
        "quick": quick,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.train", description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=DEFAULT.epochs)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--name", default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder to write the model into")
    parser.add_argument("--quick", action="store_true", help="1 epoch on 2 000 digits (also DIGITS_QUICK=1)")
    args = parser.parse_args(argv)
    quick = args.quick or quick_mode()
    recipe = replace(DEFAULT, epochs=1 if quick else args.epochs)
    settle = replace(SETTLE, epochs=1) if quick else SETTLE
    model, accuracy, seconds = train(recipe, settle, args.seed, train_limit=2000 if quick else None)
    command = " ".join(["python -m helpers.train", *(argv if argv is not None else sys.argv[1:])])
    record = training_record(recipe, settle, args.seed, accuracy, seconds, command, quick)
    path = write_model(model, args.name, args.out, record)
    print(f"MNIST test accuracy {accuracy:.4f} after {recipe.epochs} epochs in {seconds:.0f} s -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
