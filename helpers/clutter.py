"""Not a digit: the clutter a photo of a page holds beside its digits, drawn by the course itself.

A reader that knows only the ten digits reads *everything* as a digit: a word beside the numbers,
the corner of a table, a dash, an ink blot. :func:`clutter_masks` draws such things, and
:func:`training_set` turns them, with MNIST's digits, into the training set of a classifier with
an eleventh class, "not a digit" (:data:`NOT_A_DIGIT`). Every crop goes through the same
normalisation as the reader's crops (:func:`helpers.normalize.to_mnist`), so the classifier sees
clutter exactly as the reader will show it.

The kinds (:data:`KINDS`):

* ``letters`` — single letters that do not look like digits, in OpenCV's Hershey fonts (the script
  ones are hand-like), slanted and rotated;
* ``words`` — 2–7 letters written joined, as in a column header or a label beside a number;
* ``furniture`` — table corners, crossings and T-junctions, dashes, equals signs, ticks, arrows;
* ``blots`` — ink blots, lens dirt, clusters of specks, a smudge of show-through;
* ``scribbles`` — crossed-out marks and random pen walks;
* ``fragments`` — a third to a half of a digit cut off (a digit cut by the photo's edge);
* ``pairs`` — two digits that touch, in one crop (the splitter failed).

Letters that look like digits (O, l, I, Z, S, B, G, g, q, b, T…) are left out: a reader cannot
tell them apart from digits by their shape, and no one labels a "O" in a number as a letter.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from helpers.normalize import MNIST_STROKE, to_mnist

#: The label of the eleventh class.
NOT_A_DIGIT = 10

#: Letters whose shape is no digit's (left out: O o D Q l I i j J Z z S s B G g q b T t y Y A).
LETTERS = "acdefhkmnpruvwxCEFHKLMNPRUVWX"
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
FONTS = (
    cv2.FONT_HERSHEY_SIMPLEX,
    cv2.FONT_HERSHEY_DUPLEX,
    cv2.FONT_HERSHEY_COMPLEX,
    cv2.FONT_HERSHEY_TRIPLEX,
    cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
    cv2.FONT_HERSHEY_SCRIPT_COMPLEX,
)
KINDS = ("letters", "words", "furniture", "blots", "scribbles", "fragments", "pairs")


def _trimmed(mask: np.ndarray) -> np.ndarray:
    points = cv2.findNonZero(mask)
    if points is None:
        return mask
    x, y, w, h = cv2.boundingRect(points)
    return mask[y : y + h, x : x + w]


def _slanted(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The mask sheared by ±0.3 and rotated by ±15° (as a hand writes), on a canvas that holds it."""
    h, w = mask.shape
    pad = max(h, w)
    canvas = np.pad(mask, pad)
    shear, angle = rng.uniform(-0.3, 0.3), rng.uniform(-15, 15)
    centre = (canvas.shape[1] / 2, canvas.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
    matrix[0, 1] += shear
    matrix[0, 2] -= shear * centre[1]
    return _trimmed(cv2.warpAffine(canvas, matrix, canvas.shape[::-1], flags=cv2.INTER_NEAREST))


def _text(text: str, rng: np.random.Generator) -> np.ndarray:
    font = int(rng.choice(FONTS)) | (cv2.FONT_ITALIC if rng.random() < 0.3 else 0)
    scale = rng.uniform(1.2, 2.5)
    thickness = int(rng.integers(1, 6))
    (w, h), base = cv2.getTextSize(text, font, scale, thickness)
    canvas = np.zeros((h + base + 2 * thickness + 8, w + 2 * thickness + 8), np.uint8)
    cv2.putText(canvas, text, (thickness + 4, h + thickness + 4), font, scale, 255, thickness, cv2.LINE_AA)
    return _slanted((canvas > 127).astype(np.uint8) * 255, rng)


def letter(rng: np.random.Generator) -> np.ndarray:
    return _text(str(rng.choice(list(LETTERS))), rng)


def word(rng: np.random.Generator) -> np.ndarray:
    length = int(rng.integers(2, 8))
    return _text("".join(rng.choice(list(ALPHABET), length)), rng)


def furniture(rng: np.random.Generator) -> np.ndarray:
    """A piece of a table or a mark: corner, crossing, T, dash, equals sign, tick, arrow."""
    size = int(rng.integers(30, 90))
    canvas = np.zeros((size, size), np.uint8)
    pen = int(rng.integers(1, max(2, size // 12)))
    a, m, z = pen, size // 2, size - 1 - pen  # inside the canvas: no line clipped to a sliver
    shapes = {
        "cross": [((a, m), (z, m)), ((m, a), (m, z))],
        "tee_down": [((a, a), (z, a)), ((m, a), (m, z))],
        "tee_up": [((a, z), (z, z)), ((m, a), (m, z))],
        "corner_top_left": [((a, a), (z, a)), ((a, a), (a, z))],
        "corner_bottom_left": [((a, z), (z, z)), ((a, a), (a, z))],
        "corner_bottom_right": [((a, z), (z, z)), ((z, a), (z, z))],
        "dash": [((a, m), (z, m))],
        "equals": [((a, m - size // 6), (z, m - size // 6)), ((a, m + size // 6), (z, m + size // 6))],
        "tick": [((a, m), (size // 3, z)), ((size // 3, z), (z, a))],
        "arrow": [((a, m), (z, m)), ((z, m), (2 * size // 3, size // 4)), ((z, m), (2 * size // 3, 3 * size // 4))],
        "times": [((a, a), (z, z)), ((a, z), (z, a))],
    }
    shape = str(rng.choice(list(shapes)))
    for start, end in shapes[shape]:
        cv2.line(canvas, start, end, 255, pen)
    return _slanted(canvas, rng)


def blot(rng: np.random.Generator) -> np.ndarray:
    """An ink blot or lens smudge (a filled irregular shape), or a cluster of specks."""
    size = int(rng.integers(20, 80))
    canvas = np.zeros((size, size), np.uint8)
    if rng.random() < 0.5:
        points = rng.normal(size / 2, size / 5, (int(rng.integers(5, 12)), 2)).clip(0, size - 1)
        cv2.fillPoly(canvas, [cv2.convexHull(points.astype(np.int32))], 255)
    else:
        for _ in range(int(rng.integers(4, 20))):
            centre = tuple(int(v) for v in rng.integers(0, size, 2))
            cv2.circle(canvas, centre, int(rng.integers(1, max(2, size // 10))), 255, -1)
    return _trimmed(canvas)


def scribble(rng: np.random.Generator) -> np.ndarray:
    """A random pen walk of many strokes, or a mark crossed out by a zig-zag."""
    size = int(rng.integers(40, 100))
    canvas = np.zeros((size, size), np.uint8)
    points = rng.integers(0, size, (int(rng.integers(6, 16)), 2)).astype(np.int32)
    cv2.polylines(canvas, [points], False, 255, int(rng.integers(1, 4)))
    return _trimmed(canvas)


def _digit_mask(digit: np.ndarray) -> np.ndarray:
    return _trimmed((digit >= 128).astype(np.uint8) * 255)


def fragment(rng: np.random.Generator, digits: np.ndarray) -> np.ndarray:
    """A third to a half of a digit: its top, bottom, left or right part; never a lone upright
    stroke (the left part of a "4" or a "1" is a "1")."""
    while True:
        mask = _digit_mask(digits[rng.integers(len(digits))])
        h, w = mask.shape
        keep = rng.uniform(0.3, 0.5)
        side = rng.integers(4)
        if side < 2:  # top or bottom part
            part = mask[: max(1, int(h * keep))] if side == 0 else mask[h - max(1, int(h * keep)) :]
        else:  # left or right part
            part = mask[:, : max(1, int(w * keep))] if side == 2 else mask[:, w - max(1, int(w * keep)) :]
        part = _trimmed(part)
        if part.any() and part.shape[1] >= 0.5 * part.shape[0]:
            return part


def pair(rng: np.random.Generator, digits: np.ndarray) -> np.ndarray:
    """Two digits side by side, touching or overlapping a little."""
    left, right = (_digit_mask(digits[i]) for i in rng.integers(len(digits), size=2))
    height = max(left.shape[0], right.shape[0])
    overlap = int(rng.integers(0, max(1, min(left.shape[1], right.shape[1]) // 3)))
    canvas = np.zeros((height, left.shape[1] + right.shape[1] - overlap), np.uint8)
    canvas[: left.shape[0], : left.shape[1]] |= left
    canvas[: right.shape[0], left.shape[1] - overlap :] |= right
    return canvas


def clutter_masks(count: int, rng: np.random.Generator, digits: np.ndarray) -> list[np.ndarray]:
    """``count`` binary crops (ink 255) of clutter, the kinds of :data:`KINDS` in equal shares;
    ``digits`` (uint8 (n, 28, 28), MNIST *training* digits) feed the fragments and pairs."""
    makers = {
        "letters": letter,
        "words": word,
        "furniture": furniture,
        "blots": blot,
        "scribbles": scribble,
        "fragments": lambda r: fragment(r, digits),
        "pairs": lambda r: pair(r, digits),
    }
    return [makers[KINDS[k % len(KINDS)]](rng) for k in range(count)]


def normalised(masks) -> np.ndarray:
    """Binary crops as the reader's 28×28 inputs (:func:`helpers.normalize.to_mnist`)."""
    return np.stack([to_mnist(mask, MNIST_STROKE) for mask in masks]).astype(np.uint8)


def training_set(
    images: np.ndarray, labels: np.ndarray, clutter_share: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """MNIST digits and clutter, normalised as the reader normalises its crops: (images, labels)
    with labels 0–9 for the digits and :data:`NOT_A_DIGIT` for ``clutter_share`` × n clutter crops."""
    rng = np.random.default_rng(seed)
    digits = normalised(_digit_mask(d) for d in images)
    clutter = normalised(clutter_masks(int(clutter_share * len(images)), rng, images))
    return np.concatenate([digits, clutter]), np.concatenate([labels, np.full(len(clutter), NOT_A_DIGIT)])


def train_rejector(
    epochs: int = 3, clutter_share: float = 0.5, seed: int = 42, limit: int | None = None, members: int | None = None
):
    """Train ``members`` (default :data:`helpers.models.REJECTOR_MEMBERS`) networks
    :func:`helpers.models.build_quick_cnn` with 11 classes by the quick recipe for ``epochs``
    epochs, each from its own seed (``seed``, ``seed + 1``, …) on its own draw of
    :func:`training_set`, and join them into one :func:`helpers.models.committee`. Returns (the
    committee, its record's figures): measured on MNIST test digits and clutter drawn from seed
    ``seed + members``, which no member trained on."""
    from helpers.config import set_seed
    from helpers.data import load_mnist
    from helpers.models import REJECTOR_MEMBERS, build_quick_cnn, committee, predict_digits
    from helpers.train import QUICK, fit

    members = members or REJECTOR_MEMBERS
    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train, y_train = x_train[:limit], y_train[:limit]
    recipe = replace(QUICK, epochs=epochs)
    trained, clutter_count = [], 0
    start = time.perf_counter()
    for member_seed in range(seed, seed + members):
        images, labels = training_set(x_train, y_train, clutter_share, seed=member_seed)
        clutter_count = len(images) - len(x_train)
        set_seed(member_seed)
        model = build_quick_cnn(classes=NOT_A_DIGIT + 1)
        print(f"member {len(trained) + 1} of {members} (seed {member_seed})", flush=True)
        fit(model, images, labels, recipe, member_seed, verbose=2)
        trained.append(model)
    seconds = time.perf_counter() - start
    model = committee(trained)
    test_seed = seed + members
    test_images, test_labels = training_set(x_test, y_test, clutter_share, seed=test_seed)
    digit = test_labels < NOT_A_DIGIT

    def scores(model) -> dict:
        probabilities = predict_digits(model, test_images)
        clutter = probabilities[:, NOT_A_DIGIT] > 0.5
        return {
            "digits_rejected": float(clutter[digit].mean()),
            "clutter_kept": float(1 - clutter[~digit].mean()),
            "accuracy": float((probabilities[digit, :NOT_A_DIGIT].argmax(axis=1) == test_labels[digit]).mean()),
        }

    figures = {
        "digits": int(len(x_train)),
        "clutter": clutter_count,
        "members": members,
        "epochs": epochs,
        "batch_size": recipe.batch_size,
        "seed": seed,
        "test_seed": test_seed,
        **scores(model),
        "member_scores": [scores(member) for member in trained],
        "seconds": seconds,
    }
    return model, figures


def main(argv: list[str] | None = None) -> int:
    import os
    import platform

    import keras
    import tensorflow as tf

    from helpers.config import MODELS_DIR, quick_mode
    from helpers.models import DEFAULT_MODEL, REJECTOR_MODEL, model_paths
    from helpers.train import save_model, write_card

    parser = argparse.ArgumentParser(prog="python -m helpers.clutter", description="Train the digit-or-clutter model.")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder to write the model into")
    parser.add_argument("--quick", action="store_true", help="1 epoch on 2 000 digits (also DIGITS_QUICK=1)")
    args = parser.parse_args(argv)
    quick = args.quick or quick_mode()
    model, figures = train_rejector(epochs=1 if quick else args.epochs, limit=2000 if quick else None)
    record = {
        **figures,
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "tf_version": tf.__version__,
        "keras_version": keras.__version__,
        "command": " ".join(["python -m helpers.clutter", *(argv if argv is not None else sys.argv[1:])]),
        "quick": quick,
    }
    path = save_model(model, REJECTOR_MODEL, args.out, record)
    if model_paths(DEFAULT_MODEL, args.out)[1].is_file():
        write_card(args.out)
    print(
        f"digits taken for clutter {figures['digits_rejected']:.2%}, clutter kept {figures['clutter_kept']:.2%}, "
        f"digit accuracy {figures['accuracy']:.2%}, {figures['seconds']:.0f} s -> {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
