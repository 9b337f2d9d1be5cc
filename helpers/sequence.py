"""Read a whole line of digits at once: a CRNN trained with CTC on lines drawn from MNIST digits.

The course's reader cuts a line into digits and classifies each; where digits touch, overlap or
are joined in one stroke, the cut decides everything. A *sequence* reader never cuts: a small
convolutional network turns the line image into a sequence of columns (one "frame" every
:data:`STRIDE` pixels), a bidirectional LSTM reads the frames in context, and each frame gets a
probability for "no digit here" (the CTC *blank*, :data:`BLANK`) and for each of the ten digits.
CTC (Graves et al., 2006) trains it from the digit string alone — no position of any digit is
ever given: its loss sums the probability of every alignment of frames to the string (the string
"007" may be read from frames "0 0 _ 0 0 _ 7", "_ 0 _ 0 7 7 _", ...; a blank must separate the
two zeros). Decoding takes the likeliest class of each frame, merges repeats and drops blanks
(:func:`greedy_decode`), or searches several candidate strings (:func:`beam_decode`).

* :func:`synthetic_line` — a line of 1–12 MNIST digits with clear gaps to overlaps and joins,
  baseline jitter, scale, slant, stroke width, and marks to ignore (commas, dots, dashes);
  :func:`line_photo` puts one on paper as a photo (rulings, a cheque-like guilloche, noise, blur);
* :func:`build_crnn` — the network (Shi, Bai & Yao 2015, small); :func:`train_sequence` trains it;
* :func:`line_image` — a line the segmenting reader found, as the network's input;
  :func:`read_line_images` — frames → digit strings with a confidence per digit.

    python -m helpers.sequence                              # the shipped model, data/models/sequence_crnn.*
    python -m helpers.sequence --quick --out /tmp/models    # seconds: a smoke test of the recipe

Lines for training are drawn from MNIST's *training* digits only; :func:`synthetic_line` draws
from whatever digits it is given, and the test lines of notebook 10 come from MNIST's test digits.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import keras
import numpy as np
from keras import layers

from helpers.morphology import set_stroke_width
from helpers.normalize import MNIST_STROKE, ink_box

#: Height of a line image, in pixels; a digit is drawn about :data:`DIGIT_HEIGHT` tall in it.
LINE_HEIGHT = 32
DIGIT_HEIGHT = 20
#: One frame every STRIDE pixel columns (the network halves the width twice).
STRIDE = 4
#: Training lines are this wide (a shorter line is padded with background on the right).
TRAIN_WIDTH = 256
#: CTC's "no digit here" class is 0; digit d is class d + 1.
BLANK = 0
CLASSES = 11


@dataclass(frozen=True)
class LineStyle:
    """How :func:`synthetic_line` draws a line (sizes in digit heights, angles as shear).

    * ``digits`` — how many digits, at most (fewer when they would not fit :data:`TRAIN_WIDTH`);
    * ``scale`` — the line's digits are MNIST's ink box (20 px on its longer side) times this;
    * ``gap`` — space between neighbouring digits' boxes; ``touching`` — the share of lines whose
      gaps are drawn from ``touch_gap`` instead (negative: the boxes overlap);
    * ``jitter`` — baseline jitter (pixels, standard deviation); ``slant`` — the line's shear;
    * ``marks`` — the chance of a comma, dot or dash after a digit (drawn, never labelled);
    * ``thicken``, ``thin`` — chances of a 2×2 dilation or erosion of the whole line;
    * ``as_read`` — the chance that the line is then shown as the default reader shows the joined
      blobs it asks about (:func:`as_read`): binary, strokes set to MNIST's width, edges
      anti-aliased (the sequence reader shows a photo's lines grey, as drawn).
    """

    digits: tuple[int, int] = (1, 12)
    scale: tuple[float, float] = (0.8, 1.2)
    gap: tuple[float, float] = (0.05, 0.7)
    touching: float = 0.4
    touch_gap: tuple[float, float] = (-0.35, 0.05)
    jitter: float = 1.2
    slant: float = 0.3
    marks: float = 0.1
    thicken: float = 0.2
    thin: float = 0.1
    as_read: float = 0.5


#: Notebook 10's hard case: every line touching or overlapping.
TOUCHING = LineStyle(digits=(3, 8), touching=1.0)


def trimmed_digits(images: np.ndarray) -> list[np.ndarray]:
    """Each uint8 28×28 MNIST digit cut to its ink box, as float32 ink in [0, 1]."""
    out = []
    for image in images:
        x, y, w, h = ink_box(image)
        out.append(image[y : y + h, x : x + w].astype(np.float32) / 255.0)
    return out


def _sheared(glyph: np.ndarray, shear: float) -> np.ndarray:
    """The glyph slanted: each row moved by ``shear`` × its height above the bottom row."""
    h, w = glyph.shape
    pad = int(np.ceil(abs(shear) * h))
    matrix = np.float32([[1, -shear, shear * (h - 1) + (pad if shear < 0 else 0)], [0, 1, 0]])
    return cv2.warpAffine(glyph, matrix, (w + pad, h), flags=cv2.INTER_LINEAR)


def _mark(canvas: np.ndarray, x: int, baseline: int, rng: np.random.Generator) -> int:
    """Draw a comma, a dot or a dash at column ``x``; returns the column after it."""
    kind = rng.choice(["comma", "dot", "dash"])
    if kind == "dash":
        length = int(rng.integers(4, 9))
        y = baseline - int(rng.integers(7, 11))
        cv2.line(canvas, (x + 1, y), (x + length, y), 1.0, 2)
        return x + length + 2
    cv2.circle(canvas, (x + 2, baseline - 1), 1, 1.0, -1)
    if kind == "comma":
        cv2.line(canvas, (x + 2, baseline), (x + 1, baseline + 3), 1.0, 1)
    return x + 5


def synthetic_line(
    rng: np.random.Generator,
    digits: list[np.ndarray],
    labels: np.ndarray,
    style: LineStyle = LineStyle(),
    width: int = TRAIN_WIDTH,
) -> tuple[np.ndarray, str]:
    """One line of handwritten digits drawn from ``digits`` (:func:`trimmed_digits`) and their
    ``labels``: float32 ink in [0, 1] shaped (:data:`LINE_HEIGHT`, ``width``), and its digits as
    a string (what is drawn, in order; marks are not in it).

    >>> from helpers.data import load_mnist
    >>> (x, y), _ = load_mnist()
    >>> ink, text = synthetic_line(np.random.default_rng(0), trimmed_digits(x[:100]), y[:100])
    >>> ink.shape, 1 <= len(text) <= 12
    ((32, 256), True)
    """
    canvas = np.zeros((LINE_HEIGHT, width), np.float32)
    count = int(rng.integers(style.digits[0], style.digits[1] + 1))
    scale = rng.uniform(*style.scale)
    gaps = style.touch_gap if rng.uniform() < style.touching else style.gap
    slant = rng.uniform(-style.slant, style.slant)
    baseline = round(LINE_HEIGHT / 2 + DIGIT_HEIGHT * scale / 2)
    x, text = int(rng.integers(1, 8)), ""
    for index in rng.integers(len(digits), size=count):
        glyph = digits[index]
        size = scale * rng.uniform(0.92, 1.08)
        glyph = cv2.resize(glyph, (max(1, round(glyph.shape[1] * size)), max(2, round(glyph.shape[0] * size))))
        glyph = _sheared(glyph, slant + rng.normal(0, 0.05))
        gh, gw = glyph.shape
        if text:
            x = round(x + rng.uniform(*gaps) * DIGIT_HEIGHT * scale)
        top = min(max(0, round(baseline - gh + rng.normal(0, style.jitter))), LINE_HEIGHT - gh)
        left = max(0, x)
        if left + gw > width - 1:
            break
        np.maximum(canvas[top : top + gh, left : left + gw], glyph, out=canvas[top : top + gh, left : left + gw])
        text += str(int(labels[index]))
        x = left + gw
        if rng.uniform() < style.marks and x + 12 < width:
            x = _mark(canvas, x + int(rng.integers(0, 3)), baseline, rng)
    if rng.uniform() < style.thicken:
        canvas = cv2.dilate(canvas, np.ones((2, 2), np.uint8))
    elif rng.uniform() < style.thin / (1 - style.thicken):
        canvas = cv2.erode(canvas, np.ones((2, 2), np.uint8))
    if rng.uniform() < style.as_read:
        canvas = as_read(canvas, rng.uniform(0.3, 0.6))
    return canvas, text


def as_read(ink: np.ndarray, threshold: float) -> np.ndarray:
    """A line of ink as :func:`line_image` shows binary masks: thresholded (at twice the
    size), strokes set towards MNIST's width (:func:`helpers.morphology.set_stroke_width`, which
    leaves a stroke alone rather than erode most of it away), then scaled back with anti-aliased
    edges."""
    big = cv2.resize(ink, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    binary = set_stroke_width(((big > threshold) * 255).astype(np.uint8), 2 * MNIST_STROKE)
    return cv2.resize(binary, (ink.shape[1], ink.shape[0]), interpolation=cv2.INTER_AREA).astype(np.float32) / 255


#: Backgrounds of :func:`line_photo`.
BACKGROUNDS = ("plain", "ruled", "guilloche")


def line_photo(ink: np.ndarray, rng: np.random.Generator, background: str = "plain", zoom: float = 3.0) -> np.ndarray:
    """A photo of a line (ink from :func:`synthetic_line`): uint8 grey, dark ink on paper, ``zoom``
    times larger, with a margin of paper around it. ``background`` is one of :data:`BACKGROUNDS`:
    plain paper; ruled in pale blue-grey; or a cheque-like guilloche (fine, faint, interlaced
    waves). Photo noise and a slight blur on every one."""
    if background not in BACKGROUNDS:
        raise ValueError(f"background must be one of {BACKGROUNDS}, got {background!r}")
    x, _, w, _ = ink_box(ink > 0.1)
    trimmed = ink[:, : max(1, x + w + 2)]  # the line's own length, not the training width
    big = cv2.resize(trimmed, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC).clip(0, 1)
    margin = round(LINE_HEIGHT * zoom)
    big = np.pad(big, margin)
    h, w = big.shape
    paper = rng.uniform(205, 240)
    page = np.full((h, w), paper, np.float32)
    if background == "ruled":
        spacing = round(LINE_HEIGHT * zoom * rng.uniform(0.9, 1.2))
        first = margin + round(zoom * (LINE_HEIGHT / 2 + DIGIT_HEIGHT / 2 + 1)) % spacing
        for y in range(first, h, spacing):
            cv2.line(page, (0, y), (w, y), paper - rng.uniform(35, 60), max(1, round(zoom / 2)))
    elif background == "guilloche":
        strokes = np.zeros((h, w), np.float32)
        xs = np.arange(w, dtype=np.float32)
        for _ in range(int(rng.integers(6, 12))):
            period, amplitude = rng.uniform(30, 90) * zoom, rng.uniform(0.05, 0.25) * h
            centre, phase = rng.uniform(0.3, 0.7) * h, rng.uniform(0, 2 * np.pi)
            ys = centre + amplitude * np.sin(2 * np.pi * xs / period + phase)
            points = np.stack([xs, ys], axis=1).round().astype(np.int32)
            cv2.polylines(strokes, [points], False, 1.0, 1, cv2.LINE_AA)
        page -= strokes * rng.uniform(20, 40)
    pen, alpha = rng.uniform(30, 90), np.clip(big * 1.6, 0, 1)  # a pen's stroke is solid to its edges
    photo = page * (1 - alpha) + pen * alpha
    photo += rng.normal(0, rng.uniform(2, 6), photo.shape)
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.6, 1.2))
    return photo.clip(0, 255).astype(np.uint8)


class LineBatches(keras.utils.PyDataset):
    """``steps`` batches of fresh synthetic lines each epoch: float32 (n, 32, 256, 1) images and
    int32 (n, 12) targets (digit + 1, padded with :data:`BLANK`), the form
    :class:`keras.losses.CTC` expects."""

    def __init__(self, digits, labels, batch_size: int, steps: int, seed: int, style: LineStyle = LineStyle()):
        super().__init__()
        self.digits, self.labels, self.style = digits, labels, style
        self.batch_size, self.steps, self.seed, self.epoch = batch_size, steps, seed, 0

    def __len__(self):
        return self.steps

    def __getitem__(self, index):
        rng = np.random.default_rng([self.seed, self.epoch, index])
        images = np.zeros((self.batch_size, LINE_HEIGHT, TRAIN_WIDTH, 1), np.float32)
        targets = np.zeros((self.batch_size, self.style.digits[1]), np.int32)
        for row in range(self.batch_size):
            ink, text = synthetic_line(rng, self.digits, self.labels, self.style)
            images[row, ..., 0] = ink
            targets[row, : len(text)] = [int(c) + 1 for c in text]
        return images, targets

    def on_epoch_end(self):
        self.epoch += 1


def build_crnn(units: int = 96) -> keras.Model:
    """The sequence reader: four 3×3 conv · BN · ReLU blocks (32, 64, 96, 128 filters), max-pooling
    2×2, 2×2, 2×1, 2×1 — a 32-px-high line becomes 2 rows of 128 features every 4 columns —, the
    two rows joined into one frame of 256 features, a dense layer of 128, a bidirectional LSTM of
    ``units`` each way, and 11 logits per frame (blank + ten digits). Any line width.

    >>> build_crnn().output_shape
    (None, None, 11)
    """
    inputs = keras.Input((LINE_HEIGHT, None, 1))
    h = inputs
    for filters, pool in ((32, (2, 2)), (64, (2, 2)), (96, (2, 1)), (128, (2, 1))):
        h = layers.Conv2D(filters, 3, padding="same", use_bias=False)(h)
        h = layers.BatchNormalization()(h)
        h = layers.ReLU()(h)
        h = layers.MaxPooling2D(pool)(h)
    h = layers.Permute((2, 1, 3))(h)  # (frames, rows, features)
    h = layers.Reshape((-1, 2 * 128))(h)
    h = layers.Dense(128, activation="relu")(h)
    h = layers.Bidirectional(layers.LSTM(units, return_sequences=True))(h)
    return keras.Model(inputs, layers.Dense(CLASSES)(h), name="sequence_crnn")


@dataclass(frozen=True)
class SequenceRecipe:
    """Adam with warm-up + cosine (:func:`helpers.train.warmup_cosine`) over ``epochs`` ×
    ``steps`` batches of ``batch_size`` fresh lines."""

    epochs: int
    steps: int
    batch_size: int = 48
    peak: float = 2e-3
    warmup: float = 0.05


#: The shipped model.
SEQUENCE = SequenceRecipe(epochs=12, steps=250)
#: Quick mode (tests, notebook 10's quick run): under a minute.
SEQUENCE_QUICK = SequenceRecipe(epochs=2, steps=15, batch_size=32)


class ExactLines(keras.callbacks.Callback):
    """Prints, after every epoch, the share of ``lines`` (images, texts) read exactly."""

    def __init__(self, images: np.ndarray, texts: list[str]):
        super().__init__()
        self.images, self.texts, self.history = images, texts, []

    def on_epoch_end(self, epoch, logs=None):
        read = [line for line, _ in greedy_decode(frame_probabilities(self.model, self.images))]
        exact = float(np.mean([a == b for a, b in zip(read, self.texts)]))
        self.history.append(exact)
        print(
            f"epoch {epoch + 1}: CTC loss {logs['loss']:.3f}, {len(self.texts)} new lines read exactly {exact:.1%}",
            flush=True,
        )


def _test_digits() -> tuple[list[np.ndarray], np.ndarray]:
    from helpers.data import load_mnist

    _, (x_test, y_test) = load_mnist()
    return trimmed_digits(x_test), y_test


def unseen_lines(count: int, seed: int, style: LineStyle = LineStyle()) -> tuple[np.ndarray, list[str]]:
    """``count`` lines (images (n, 32, 256, 1), texts) drawn from MNIST's 10 000 *test* digits."""
    rng = np.random.default_rng(seed)
    digits, labels = _test_digits()
    lines = [synthetic_line(rng, digits, labels, style) for _ in range(count)]
    return np.stack([ink for ink, _ in lines])[..., None], [text for _, text in lines]


#: The cheque-like amounts of notebook 10: 3–9 digits with commas and dots between them.
AMOUNTS = LineStyle(digits=(3, 9), marks=0.35)


def unseen_photos(
    count: int, seed: int, style: LineStyle = LineStyle(), background: str = "plain"
) -> tuple[list[np.ndarray], list[str]]:
    """``count`` photos of lines (:func:`line_photo`) of MNIST *test* digits, and their texts."""
    rng = np.random.default_rng(seed)
    digits, labels = _test_digits()
    photos, texts = [], []
    for _ in range(count):
        ink, text = synthetic_line(rng, digits, labels, style)
        photos.append(line_photo(ink, rng, background))
        texts.append(text)
    return photos, texts


def train_sequence(recipe: SequenceRecipe = SEQUENCE, seed: int = 42):
    """A fresh :func:`build_crnn` trained with CTC on lines of MNIST's 60 000 training digits;
    returns (model, per-epoch exact-line rates on 300 lines of MNIST test digits, seconds of
    training). One line is printed per epoch."""
    from helpers.config import set_seed
    from helpers.data import load_mnist
    from helpers.train import releasing_traced_graphs, warmup_cosine

    set_seed(seed)
    (x_train, y_train), _ = load_mnist()
    batches = LineBatches(trimmed_digits(x_train), y_train, recipe.batch_size, recipe.steps, seed)
    model = build_crnn()
    schedule = warmup_cosine(recipe.epochs * recipe.steps, 1e-4, recipe.peak, recipe.warmup)
    model.compile(optimizer=keras.optimizers.Adam(schedule, clipnorm=5.0), loss=keras.losses.CTC(), jit_compile=False)
    exact = ExactLines(*unseen_lines(300, seed=seed + 1))
    start = time.perf_counter()
    with releasing_traced_graphs(model):
        model.fit(batches, epochs=recipe.epochs, verbose=0, callbacks=[exact])
    return model, exact.history, time.perf_counter() - start


# ---------------------------------------------------------------------------- reading


def frame_probabilities(model: keras.Model, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Softmax over blank + ten digits for every frame: (n, width / STRIDE, 11) for float32 line
    images (n, 32, width, 1), width a multiple of :data:`STRIDE`."""
    from helpers.models import forward_pass

    if not len(images):
        return np.zeros((0, images.shape[2] // STRIDE, CLASSES), np.float32)
    forward = forward_pass(model)
    logits = np.concatenate([forward(images[i : i + batch_size]).numpy() for i in range(0, len(images), batch_size)])
    return np.asarray(keras.ops.softmax(logits, axis=-1))


def greedy_decode(probabilities: np.ndarray) -> list[tuple[str, list[tuple[int, float, int, int]]]]:
    """Best path decoding: the likeliest class of every frame, repeats merged, blanks dropped. For
    each line: its digits as a string, and for each digit (label, confidence, first frame, last
    frame), the confidence being the digit's highest probability over its frames.

    >>> p = np.full((1, 5, 11), 0.01); p[0, range(5), [2, 2, 0, 0, 2]] = 0.9  # frames "1 1 _ _ 1"
    >>> greedy_decode(p)[0][0]
    '11'
    """
    out = []
    for line in probabilities:
        best = line.argmax(axis=1)
        digits = []
        for t, c in enumerate(best):
            if c == BLANK:
                continue
            if t > 0 and best[t - 1] == c:  # the same digit, still: one digit
                label, confidence, first, _ = digits[-1]
                digits[-1] = (label, max(confidence, float(line[t, c])), first, t)
            else:
                digits.append((int(c) - 1, float(line[t, c]), t, t))
        out.append(("".join(str(d[0]) for d in digits), digits))
    return out


def beam_decode(probabilities: np.ndarray, beam_width: int = 16) -> list[tuple[str, float]]:
    """Beam search over label strings (``keras.ops.ctc_decode``): for each line the likeliest
    string and its probability (summed over the alignments the beam kept)."""
    if not len(probabilities):
        return []
    log_p = np.log(np.maximum(probabilities, 1e-12)).astype(np.float32)
    lengths = np.full(len(log_p), log_p.shape[1], np.int32)
    decoded, scores = keras.ops.ctc_decode(
        log_p, lengths, strategy="beam_search", beam_width=beam_width, mask_index=BLANK
    )
    decoded, scores = np.asarray(decoded)[0], np.asarray(scores)[:, 0]
    return [("".join(str(c - 1) for c in row if c > BLANK), float(np.exp(s))) for row, s in zip(decoded, scores)]


@dataclass(frozen=True)
class LineImage:
    """A line as the network reads it: ``image`` (32, width) float32 ink, and how its columns map
    back to the photo: photo x = ``left`` + column / ``scale``."""

    image: np.ndarray
    left: float
    scale: float


def line_image(
    pieces: list[tuple[tuple[int, int, int, int], np.ndarray]], height: float, stroke: float | None = MNIST_STROKE
) -> LineImage:
    """The blobs of one line (each its box and its ink: a binary mask, ink 255, or grey ink) as the
    network's input: each blob's own ink pasted at its place, the line's slant taken out (each blob
    moved up or down by the slope of the line's bottom edge at its centre, not onto one common
    bottom: a digit set low stays low), binary strokes set to ``stroke`` px at that
    scale (``None``: grey ink, left as drawn), and everything scaled so that a digit ``height`` px
    tall becomes :data:`DIGIT_HEIGHT` px, in a line :data:`LINE_HEIGHT` px high."""
    boxes = np.array([box for box, _ in pieces], float)
    left, right = boxes[:, 0].min(), (boxes[:, 0] + boxes[:, 2]).max()
    centres, bottoms = boxes[:, 0] + boxes[:, 2] / 2, boxes[:, 1] + boxes[:, 3]
    # the line's bottom edge, fitted along it when it has three blobs or more (a slanted number)
    slope = np.polyfit(centres, bottoms, 1)[0] if len(pieces) >= 3 else 0.0
    straight = bottoms - slope * (centres - centres.mean())  # each blob's bottom, the slope taken out
    bottom = np.median(straight)
    scale = DIGIT_HEIGHT / height
    span = LINE_HEIGHT / scale
    top = bottom - (LINE_HEIGHT + DIGIT_HEIGHT) / 2 / scale  # a digit's middle on the line's middle
    canvas = np.zeros((round(span), round(right - left) + 1), np.uint8)
    for ((x, y, w, h), mask), lift in zip(pieces, straight - bottoms):
        row = min(max(round(y + lift - top), 0), max(0, canvas.shape[0] - h))
        col = round(x - left)
        window = canvas[row : row + h, col : col + w]
        np.maximum(window, mask[: window.shape[0], : window.shape[1]], out=window)
    if stroke is not None:
        canvas = set_stroke_width(canvas, stroke / scale)
    width = max(STRIDE, int(np.ceil(canvas.shape[1] * scale / STRIDE)) * STRIDE + 2 * STRIDE)
    image = np.zeros((LINE_HEIGHT, width), np.float32)
    small = cv2.resize(canvas, (max(1, round(canvas.shape[1] * scale)), LINE_HEIGHT), interpolation=cv2.INTER_AREA)
    image[:, STRIDE : STRIDE + small.shape[1]] = small[:, : width - STRIDE] / 255.0
    return LineImage(image, left - STRIDE / scale, scale)


def read_line_images(model: keras.Model, lines: list[LineImage]) -> list[list[tuple[int, float, float, float]]]:
    """Each line read by the network (greedy decoding): for each digit (label, confidence, left
    and right edge in the photo's x)."""
    if not lines:
        return []
    width = max(line.image.shape[1] for line in lines)
    batch = np.zeros((len(lines), LINE_HEIGHT, width, 1), np.float32)
    for row, line in enumerate(lines):
        batch[row, :, : line.image.shape[1], 0] = line.image
    out = []
    for line, (_, digits) in zip(lines, greedy_decode(frame_probabilities(model, batch))):
        out.append(
            [
                (
                    label,
                    confidence,
                    line.left + first * STRIDE / line.scale,
                    line.left + (last + 1) * STRIDE / line.scale,
                )
                for label, confidence, first, last in digits
            ]
        )
    return out


def digit_boxes(centres: list[float], pieces: list[tuple[tuple[int, int, int, int], np.ndarray]]) -> list[tuple]:
    """Boxes (x, y, w, h) for the digits the network found at photo x ``centres`` (left to right)
    in a line of ``pieces`` (box, mask): each digit owns the columns half-way to its neighbours'
    centres, and its box is the line's ink in those columns. CTC gives no box; this is an estimate."""
    boxes = np.array([box for box, _ in pieces])
    left, top = boxes[:, 0].min(), boxes[:, 1].min()
    right, bottom = (boxes[:, 0] + boxes[:, 2]).max(), (boxes[:, 1] + boxes[:, 3]).max()
    canvas = np.zeros((bottom - top, right - left), np.uint8)
    for (x, y, w, h), mask in pieces:
        window = canvas[y - top : y - top + h, x - left : x - left + w]
        np.maximum(window, mask, out=window)
    middles = [(a + b) / 2 for a, b in zip(centres[:-1], centres[1:])]
    edges = [left, *(min(max(round(m), left), right) for m in middles), right]
    out = []
    for start, end in zip(edges[:-1], edges[1:]):
        x, y, w, h = ink_box(canvas[:, start - left : end - left])
        if w == 0:  # no ink of the line there: the columns themselves
            out.append((int(start), int(top), int(max(1, end - start)), int(bottom - top)))
        else:
            out.append((int(start + x), int(top + y), int(w), int(h)))
    return out


# ---------------------------------------------------------------------------- the shipped model


def main(argv: list[str] | None = None) -> int:
    import tensorflow as tf

    from helpers.config import MODELS_DIR, quick_mode
    from helpers.models import DEFAULT_MODEL, SEQUENCE_MODEL, model_paths
    from helpers.train import save_model, write_card

    parser = argparse.ArgumentParser(prog="python -m helpers.sequence", description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=SEQUENCE.epochs)
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder to write the model into")
    parser.add_argument("--quick", action="store_true", help="a few batches (also DIGITS_QUICK=1)")
    args = parser.parse_args(argv)
    quick = args.quick or quick_mode()
    recipe = SEQUENCE_QUICK if quick else replace(SEQUENCE, epochs=args.epochs)
    model, history, seconds = train_sequence(recipe)
    record = {
        "date": time.strftime("%Y-%m-%d"),
        "epochs": recipe.epochs,
        "steps": recipe.steps,
        "batch_size": recipe.batch_size,
        "lines": recipe.epochs * recipe.steps * recipe.batch_size,
        "peak": recipe.peak,
        "exact_lines": history[-1] if history else None,
        "seconds": seconds,
        "cores": os.cpu_count(),
        "machine": platform.machine(),
        "tf_version": tf.__version__,
        "keras_version": keras.__version__,
        "command": " ".join(["python -m helpers.sequence", *(argv if argv is not None else sys.argv[1:])]),
        "quick": quick,
    }
    shipped = build_crnn()  # the weights alone: the optimizer's state would triple the file
    shipped.set_weights(model.get_weights())
    path = save_model(shipped, SEQUENCE_MODEL, args.out, record)
    if model_paths(DEFAULT_MODEL, args.out)[1].is_file():
        write_card(args.out)
    print(f"lines of MNIST test digits read exactly {history[-1]:.1%}, {seconds:.0f} s -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
