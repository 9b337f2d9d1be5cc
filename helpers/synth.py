"""Realistic photos of handwritten numbers, built from MNIST *test* digits.

Every photo is deterministic from its :class:`PhotoSpec` (which holds the seed). The knobs, in the
order they act:

* **handwriting** — ``height`` (digit height in px, 20–250), ``pen`` (stroke width as a fraction of
  the height: ~0.03 fine ballpoint, ~0.08 felt pen, ~0.15 thick marker; the MNIST digit is thinned
  to a 1-px skeleton and redrawn with that pen), ``slant`` (shear, + leans right), ``aspect``
  (width scale), ``spacing`` (gap between digits as a fraction of the height; ≤ 0 makes touching
  pairs), ``lines`` (the digit strings, one to ten lines; a space leaves a wide gap);
* **ink and paper** — ``ink`` (:data:`INKS`: black, blue, purple, pencil), ``paper`` (:data:`PAPER_COLOURS`:
  white, recycled grey, yellow, ruled, squared), ``show_through`` (faint mirrored print from the
  back of the page);
* **furniture** — ``table`` (each line in a row of a table drawn by hand, a handwritten word in a
  first column, cell borders between pairs of digits);
* **camera** — ``desk`` (the page lies on a dark wooden desk, this fraction of the page's longer
  side showing around it), ``rotation`` (degrees), ``perspective`` (corner displacement as a
  fraction of the size), ``light`` (:data:`LIGHTS`: even, gradient, shadow), ``vignette`` (0–1),
  ``blur`` (Gaussian sigma, px), ``noise`` (sensor noise sigma, grey levels), ``max_side`` (the
  photo shrunk to this many pixels on its longer side, a webcam frame; 0: as rendered), ``jpeg``
  (quality used when saved).

Ground truth: the digit string of every line and the box (x, y, w, h) of every digit in the photo.
``python -m helpers.synth benchmark`` regenerates ``data/benchmark`` identically.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np

from helpers.config import BENCHMARK_DIR
from helpers.data import load_mnist
from helpers.morphology import pen_stroke, thin
from helpers.normalize import ink_box

#: Ink colours (BGR) and how much of the colour a full stroke lays down.
INKS = {
    "black": ((30, 30, 35), 0.95),
    "blue": ((150, 55, 20), 0.9),
    "purple": ((120, 40, 90), 0.9),
    "pencil": ((90, 90, 95), 0.65),
}
#: Paper base colours (BGR); "ruled" and "squared" are white with printed lines.
PAPER_COLOURS = {
    "white": (238, 240, 242),
    "grey": (188, 196, 200),
    "yellow": (150, 225, 242),
    "ruled": (238, 240, 242),
    "squared": (238, 240, 242),
}
LIGHTS = ("even", "gradient", "shadow")


@dataclass(frozen=True)
class PhotoSpec:
    """Everything that determines one synthetic photo (see the module docstring for each knob)."""

    seed: int
    lines: tuple[str, ...]
    height: int = 60
    pen: float = 0.08
    slant: float = 0.0
    aspect: float = 1.0
    spacing: float = 0.3
    ink: str = "black"
    paper: str = "white"
    show_through: bool = False
    rotation: float = 0.0
    perspective: float = 0.0
    light: str = "even"
    vignette: float = 0.0
    blur: float = 0.0
    noise: float = 2.0
    jpeg: int = 90
    table: bool = False
    desk: float = 0.0
    max_side: int = 0
    conditions: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if not self.lines or not all(set(line) <= set("0123456789 ") and line.strip() for line in self.lines):
            raise ValueError(f"lines must be non-empty strings of digits (and spaces), got {self.lines!r}")
        if self.ink not in INKS or self.paper not in PAPER_COLOURS or self.light not in LIGHTS:
            raise ValueError(f"unknown ink/paper/light: {self.ink!r}, {self.paper!r}, {self.light!r}")


@dataclass
class Photo:
    """A rendered photo (BGR uint8) with its ground truth."""

    image: np.ndarray
    lines: list[str]
    boxes: list[list[tuple[int, int, int, int]]]
    spec: PhotoSpec


# ---------------------------------------------------------------------------- strokes


def digit_ink(digit28: np.ndarray, height: int, pen: float, slant: float, aspect: float) -> np.ndarray:
    """Redraw one MNIST digit ``height`` px tall with a pen ``pen × height`` wide: float alpha in [0, 1]."""
    x, y, w, h = ink_box(digit28 > 40)
    digit = digit28[y : y + h, x : x + w].astype(np.float32)
    scale = height / digit.shape[0]
    width = max(2, round(digit.shape[1] * scale * aspect))
    big = cv2.resize(digit, (width, height), interpolation=cv2.INTER_CUBIC)
    margin = int(abs(slant) * height) + int(pen * height) + 4
    big = np.pad(big, margin)
    shear = np.float32([[1, -slant, slant * (big.shape[0] / 2)], [0, 1, 0]])
    big = cv2.warpAffine(big, shear, (big.shape[1], big.shape[0]), flags=cv2.INTER_LINEAR)
    big = cv2.GaussianBlur(big, (0, 0), max(0.5, height / 40))  # smooth outline: fewer skeleton spurs
    skeleton = thin(big > 110)
    return pen_stroke(skeleton, max(0.5, pen * height / 2))


# ---------------------------------------------------------------------------- page


def _paper(spec: PhotoSpec, shape, rng, height: int) -> np.ndarray:
    h, w = shape
    page = np.empty((h, w, 3), np.float32)
    page[:] = PAPER_COLOURS[spec.paper]
    fibre = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 1.5)
    page += (fibre * (6 if spec.paper == "grey" else 3))[..., None]
    if spec.paper == "grey":  # recycled paper: dark specks
        for _ in range(int(h * w / 4000)):
            cv2.circle(page, (int(rng.integers(w)), int(rng.integers(h))), int(rng.integers(1, 3)), (120, 125, 130), -1)
    line_colour = (215, 185, 160)
    if spec.paper == "ruled":
        step = int(height * rng.uniform(1.1, 1.5))
        for y in range(int(rng.integers(step)), h, step):
            cv2.line(page, (0, y), (w, y), line_colour, 1 + height // 80)
        cv2.line(page, (int(w * 0.06), 0), (int(w * 0.06), h), (150, 150, 225), 1 + height // 80)
    if spec.paper == "squared":
        step = max(8, int(height * rng.uniform(0.45, 0.6)))
        for x in range(int(rng.integers(step)), w, step):
            cv2.line(page, (x, 0), (x, h), line_colour, 1)
        for y in range(int(rng.integers(step)), h, step):
            cv2.line(page, (0, y), (w, y), line_colour, 1)
    if spec.show_through:
        back = np.zeros((h, w), np.uint8)
        size = max(0.6, height / 45)
        for y in range(int(30 * size), h, int(36 * size)):
            words = " ".join(
                "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), rng.integers(2, 9))) for _ in range(40)
            )
            cv2.putText(
                back,
                words,
                (int(-rng.integers(0, 200)), y),
                cv2.FONT_HERSHEY_SIMPLEX,
                size,
                255,
                max(1, int(1.5 * size)),
            )
        back = cv2.GaussianBlur(cv2.flip(back, 1), (0, 0), 1.2).astype(np.float32) / 255.0
        page *= (1.0 - 0.07 * back)[..., None]
    return page


def _layout(spec: PhotoSpec, rng):
    """Draw every digit's alpha onto a page; returns (ink alpha, pieces) with one piece per digit."""
    h0 = spec.height
    pieces, x_max, y = [], 0, int(h0 * rng.uniform(0.8, 1.4))
    (_, _), (x_test, y_test) = load_mnist()
    by_label = [np.flatnonzero(y_test == d) for d in range(10)]
    for line_index, text in enumerate(spec.lines):
        x = int(h0 * rng.uniform(0.6, 1.6))
        line_h = h0 * rng.uniform(0.92, 1.08)
        tilt = rng.uniform(-0.02, 0.02)
        for char in text:
            if char == " ":
                x += int(h0 * rng.uniform(1.2, 2.5))
                continue
            digit = x_test[rng.choice(by_label[int(char)])]
            height = max(12, int(line_h * rng.uniform(0.9, 1.1)))
            alpha = digit_ink(
                digit,
                height,
                spec.pen * rng.uniform(0.85, 1.15),
                spec.slant + rng.uniform(-0.08, 0.08),
                spec.aspect * rng.uniform(0.9, 1.1),
            )
            x0, y0, w, h = ink_box(alpha > 0.5)
            alpha = alpha[y0 : y0 + h, x0 : x0 + w]
            top = int(y + (line_h - alpha.shape[0]) / 2 + line_h * rng.uniform(-0.04, 0.04) + tilt * x)
            pieces.append((line_index, x, top, alpha))
            gap = spec.spacing + rng.uniform(-0.05, 0.1)
            x += alpha.shape[1] + int(gap * h0)
        x_max = max(x_max, x)
        y += int(line_h * rng.uniform(1.45, 1.9))
    width = x_max + int(h0 * rng.uniform(0.6, 1.6))
    height = y + int(h0 * rng.uniform(0.2, 0.8))
    # keep digits off the top edge if a tilt pushed them up
    shift = max(0, -min(p[2] for p in pieces)) + 2
    ink = np.zeros((height + shift, width), np.float32)
    placed = []
    for line_index, x, top, alpha in pieces:
        region = ink[top + shift : top + shift + alpha.shape[0], x : x + alpha.shape[1]]
        np.maximum(region, alpha[: region.shape[0], : region.shape[1]], out=region)
        placed.append((line_index, x, top + shift, alpha))
    return ink, placed


def _lighting(light_kind: str, vignette: float, shape, rng) -> np.ndarray:
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = np.ones((h, w), np.float32)
    if light_kind == "gradient":
        angle = rng.uniform(0, 2 * np.pi)
        ramp = np.cos(angle) * xx / w + np.sin(angle) * yy / h
        ramp = (ramp - ramp.min()) / max(np.ptp(ramp), 1e-6)
        light *= 1.0 - rng.uniform(0.35, 0.55) * ramp
    elif light_kind == "shadow":
        corner = rng.integers(4)
        pts = np.array([[0, 0], [w * rng.uniform(0.3, 0.8), 0], [w * rng.uniform(0.1, 0.5), h], [0, h]], np.float32)
        if corner % 2:
            pts[:, 0] = w - pts[:, 0]
        if corner >= 2:
            pts[:, 1] = h - pts[:, 1]
        mask = np.zeros((h, w), np.float32)
        cv2.fillPoly(mask, [pts.astype(np.int32)], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.004 * max(h, w)))
        light *= 1.0 - rng.uniform(0.4, 0.55) * mask
    if vignette:
        r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
        light *= 1.0 - vignette * np.clip(r2 / 2, 0, 1)
    return light


def photograph(
    image: np.ndarray,
    rng: np.random.Generator,
    rotation: float = 0.0,
    perspective: float = 0.0,
    light: str = "even",
    vignette: float = 0.0,
    blur: float = 0.0,
    noise: float = 2.0,
    border: tuple[float, float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """What a phone camera does to a flat BGR page (float or uint8): turn it by ``rotation`` degrees,
    move its corners by up to ``perspective`` × its size, light it (:data:`LIGHTS`, ``vignette``),
    blur and add sensor noise. What the turn uncovers is filled with ``border`` (default: the page's
    median colour). Returns (uint8 photo, the 3×3 matrix that maps page to photo).

    >>> photo, matrix = photograph(np.full((40, 60, 3), 200, np.uint8), np.random.default_rng(0), rotation=5)
    >>> photo.shape, matrix.shape
    ((40, 60, 3), (3, 3))
    """
    image = image.astype(np.float32)
    h, w = image.shape[:2]
    centre = (w / 2, h / 2)
    turn = np.vstack([cv2.getRotationMatrix2D(centre, rotation, 1.0), [0, 0, 1]])
    d = perspective * min(h, w)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + rng.uniform(-d, d, (4, 2)).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst) @ turn
    if border is None:
        border = tuple(float(v) for v in np.median(image.reshape(-1, 3), axis=0))
    image = cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)
    image *= _lighting(light, vignette, (h, w), rng)[..., None]
    if blur:
        image = cv2.GaussianBlur(image, (0, 0), blur)
    image += rng.normal(0, noise, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8), matrix


def _table(ink: np.ndarray, placed, spec: PhotoSpec, rng) -> tuple[np.ndarray, list]:
    """The lines as rows of a hand-drawn table: a first column with a handwritten word in each row
    (drawn into ``ink``), row rules, the table's frame, and a cell border after every second digit.
    Returns the widened ink and the digits moved right to make room for the words."""
    from helpers.clutter import ALPHABET, FONTS

    h0 = spec.height
    label_width = int(3.5 * h0)
    ink = np.pad(ink, ((0, 0), (label_width, 0)))
    placed = [(line, x + label_width, top, alpha) for line, x, top, alpha in placed]
    rows = {}
    for line, x, top, alpha in placed:
        x0, y0, x1, y1 = rows.get(line, (x, top, x, top))
        rows[line] = (min(x0, x), min(y0, top), max(x1, x + alpha.shape[1]), max(y1, top + alpha.shape[0]))
    pen = max(1, round(h0 * spec.pen * 0.6))
    tops = [rows[line][1] - int(0.2 * h0) for line in sorted(rows)]
    bottom = max(r[3] for r in rows.values()) + int(0.2 * h0)
    right = ink.shape[1] - int(0.2 * h0)
    left = int(0.2 * h0)
    for y in [*tops, bottom]:
        cv2.line(ink, (left, y), (right, y + int(rng.integers(-2, 3))), 1.0, pen)
    for x in (left, label_width - int(0.2 * h0), right):
        cv2.line(ink, (x, tops[0]), (x + int(rng.integers(-2, 3)), bottom), 1.0, pen)
    for line, (_, y0, _, y1) in rows.items():
        word = "".join(rng.choice(list(ALPHABET), int(rng.integers(3, 8))))
        font = int(rng.choice(FONTS[4:]))  # the script fonts: hand-like
        scale = cv2.getFontScaleFromHeight(font, int(0.6 * h0), pen)
        while cv2.getTextSize(word, font, scale, pen)[0][0] > label_width - 0.6 * h0 and len(word) > 2:
            word = word[:-1]
        text = np.zeros(ink.shape, np.uint8)  # putText draws on 8-bit images only
        cv2.putText(text, word, (int(0.4 * h0), y1 - int(0.1 * h0)), font, scale, 255, pen, cv2.LINE_AA)
        np.maximum(ink, text.astype(np.float32) / 255.0, out=ink)
        digits = sorted((x, alpha.shape[1]) for line_, x, _, alpha in placed if line_ == line)
        for k in range(1, len(digits) - 1, 2):
            gap_left, gap_right = digits[k][0] + digits[k][1], digits[k + 1][0]
            if gap_right - gap_left > 2 * pen:
                x = (gap_left + gap_right) // 2
                cv2.line(ink, (x, y0 - int(0.2 * h0)), (x, y1 + int(0.2 * h0)), 1.0, pen)
    return ink, placed


def _on_desk(image: np.ndarray, margin: float, rng) -> tuple[np.ndarray, tuple[int, int]]:
    """The page on a dark wooden desk that shows ``margin`` × its longer side around it; returns
    the larger image and where the page's corner lies in it."""
    h, w = image.shape[:2]
    pad = int(margin * max(h, w))
    x0, y0 = int(pad * rng.uniform(0.5, 1.5)), int(pad * rng.uniform(0.5, 1.5))
    height, width = h + y0 + int(pad * rng.uniform(0.5, 1.5)), w + x0 + int(pad * rng.uniform(0.5, 1.5))
    grain = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), sigmaX=25, sigmaY=1.5)
    wood = np.float32([40, 55, 75]) * (1 + 0.6 * grain / max(float(grain.std()), 1e-6))[..., None]
    desk = np.clip(wood, 5, 255)
    desk[y0 : y0 + h, x0 : x0 + w] = image
    return desk, (x0, y0)


def render(spec: PhotoSpec) -> Photo:
    """Render one photo and its ground truth from ``spec`` (deterministic)."""
    rng = np.random.default_rng(spec.seed)
    ink, placed = _layout(spec, rng)
    if spec.table:
        ink, placed = _table(ink, placed, spec, rng)
    colour, strength = INKS[spec.ink]
    if spec.ink == "pencil":
        grain = cv2.GaussianBlur(rng.uniform(0.55, 1.0, ink.shape).astype(np.float32), (0, 0), 0.7)
        ink = ink * grain
    page = _paper(spec, ink.shape, rng, spec.height)
    alpha = (ink * strength)[..., None]
    image = page * (1 - alpha) + np.float32(colour) * alpha

    border = tuple(float(v) for v in np.median(page.reshape(-1, 3), axis=0))
    corner = (0, 0)
    if spec.desk:
        image, corner = _on_desk(image, spec.desk, rng)
        border = tuple(float(v) for v in image[0, 0])
    image, matrix = photograph(
        image, rng, spec.rotation, spec.perspective, spec.light, spec.vignette, spec.blur, spec.noise, border
    )
    shrink = min(1.0, spec.max_side / max(image.shape[:2])) if spec.max_side else 1.0
    if shrink < 1.0:
        image = cv2.resize(image, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)

    boxes: list[list[tuple[int, int, int, int]]] = [[] for _ in spec.lines]
    for line_index, x, top, alpha_digit in placed:
        ys, xs = np.nonzero(alpha_digit > 0.5)
        points = np.float32(np.column_stack([xs + x + corner[0], ys + top + corner[1]]))[:, None, :]
        moved = cv2.perspectiveTransform(points, matrix) * shrink
        bx, by, bw, bh = cv2.boundingRect(moved.round().astype(np.int32))
        boxes[line_index].append((bx, by, bw, bh))
    lines = [text.replace(" ", "") for text in spec.lines]
    return Photo(image, lines, boxes, spec)


# ---------------------------------------------------------------------------- the benchmark

#: Benchmark scenarios: name → knobs that define the condition. Other knobs vary mildly.
SCENARIOS = {
    "clean": {},
    "fine_pen": {"pen": (0.025, 0.04), "ink": "blue", "height": (70, 160)},
    "thick_marker": {"pen": (0.13, 0.18), "height": (50, 120)},
    "pencil": {"ink": "pencil", "pen": (0.04, 0.07)},
    "purple_ink": {"ink": "purple"},
    "yellow_paper": {"paper": "yellow"},
    "recycled_paper": {"paper": "grey"},
    "ruled_paper": {"paper": "ruled", "ink": "blue"},
    "squared_paper": {"paper": "squared"},
    "gradient_light": {"light": "gradient"},
    "hard_shadow": {"light": "shadow"},
    "low_quality": {"blur": (1.0, 1.6), "noise": (6.0, 9.0), "vignette": (0.3, 0.5), "jpeg": (35, 55)},
    "touching": {"spacing": (-0.08, 0.0), "lines_count": (1, 3)},
    "rotated": {"rotation": (-8.0, 8.0), "perspective": (0.02, 0.04)},
    "show_through": {"show_through": True},
    "small_digits": {"height": (20, 28), "pen": (0.09, 0.12)},
    "large_digits": {"height": (160, 250), "lines_count": (1, 2), "digits_count": (3, 6)},
    "dense_sheet": {"lines_count": (8, 10), "height": (24, 36), "spacing": (0.15, 0.3)},
    "slanted_wide": {"slant": (0.2, 0.35), "aspect": (1.2, 1.4)},
    "narrow": {"aspect": (0.6, 0.75), "slant": (-0.15, 0.0)},
    # what real photos showed (issue #16): the desk around a page, tables with words, sticky
    # notes, one digit filling the frame, webcam frames
    "desk": {"desk": (0.15, 0.4), "rotation": (-6.0, 6.0)},
    "table": {"table": True, "spacing": (0.45, 0.7), "lines_count": (3, 6), "digits_count": (2, 6)},
    "sticky_note": {"paper": "yellow", "desk": (0.4, 0.8), "lines_count": (1, 2), "digits_count": (2, 5)},
    "one_large_digit": {"height": (400, 900), "lines_count": (1, 1), "digits_count": (1, 1)},
    "webcam": {"max_side": 640, "height": (120, 240), "blur": (0.8, 1.4), "noise": (4.0, 7.0), "jpeg": (60, 80)},
}
PHOTOS_PER_SCENARIO = 4


def _draw(rng, value):
    if isinstance(value, tuple):
        if isinstance(value[0], int):
            return int(rng.integers(value[0], value[1] + 1))
        return float(rng.uniform(*value))
    return value


def scenario_spec(name: str, seed: int) -> PhotoSpec:
    """The spec of benchmark photo ``seed`` of scenario ``name`` (random digits, mild variation)."""
    knobs = SCENARIOS[name]
    rng = np.random.default_rng(seed)
    base = {
        "height": (30, 90),
        "pen": (0.06, 0.11),
        "slant": (-0.1, 0.15),
        "aspect": (0.9, 1.1),
        "spacing": (0.2, 0.5),
        "rotation": (-2.0, 2.0),
        "noise": (1.5, 4.0),
        "jpeg": (80, 92),
        "lines_count": (1, 4),
        "digits_count": (3, 10),
    }
    values = {key: _draw(rng, knobs.get(key, default)) for key, default in base.items()}
    for key in (
        "ink",
        "paper",
        "light",
        "show_through",
        "blur",
        "vignette",
        "perspective",
        "table",
        "desk",
        "max_side",
    ):
        if key in knobs:
            values[key] = _draw(rng, knobs[key])
    lines_count, digits_count = values.pop("lines_count"), values.pop("digits_count")
    lines_count = min(lines_count, max(1, 1400 // (2 * values["height"])))
    lines = []
    for _ in range(lines_count):
        digits = "".join(str(d) for d in rng.integers(0, 10, digits_count))
        if digits_count >= 8 and rng.uniform() < 0.3:
            cut = digits_count // 2
            digits = digits[:cut] + " " + digits[cut:]
        lines.append(digits)
    # the scenario names the condition; a second tag marks a coloured ink that a scenario adds
    ink = values.get("ink", "black")
    extra = (f"{ink}_ink",) if ink not in ("black", name.split("_")[0]) else ()
    return PhotoSpec(seed=seed, lines=tuple(lines), conditions=(name, *extra), **values)


def benchmark_specs() -> list[tuple[str, PhotoSpec]]:
    """(file name, spec) of every benchmark photo, in order."""
    specs = []
    for index, name in enumerate(SCENARIOS):
        for k in range(PHOTOS_PER_SCENARIO):
            seed = 1000 * (index + 1) + k
            specs.append((f"{name}_{k + 1}.jpg", scenario_spec(name, seed)))
    return specs


def encode_jpeg(photo: Photo) -> bytes:
    ok, data = cv2.imencode(".jpg", photo.image, [cv2.IMWRITE_JPEG_QUALITY, int(photo.spec.jpeg)])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return data.tobytes()


def write_benchmark(folder: Path = BENCHMARK_DIR) -> None:
    """Render every benchmark photo into ``folder`` with ``labels.tsv`` and ``truth.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    with open(folder / "labels.tsv", "w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "lines", "conditions"])
        for file_name, spec in benchmark_specs():
            photo = render(spec)
            (folder / file_name).write_bytes(encode_jpeg(photo))
            writer.writerow([file_name, "|".join(photo.lines), ",".join(spec.conditions)])
            truth[file_name] = {"lines": photo.lines, "boxes": photo.boxes, "spec": asdict(spec)}
            print(f"{file_name}: {sum(map(len, photo.lines))} digits, {photo.image.shape[1]}×{photo.image.shape[0]}")
    (folder / "truth.json").write_text(json.dumps(truth, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.synth", description="Synthetic photos of handwritten digits."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    bench = sub.add_parser("benchmark", help="regenerate the committed benchmark")
    bench.add_argument("--out", type=Path, default=BENCHMARK_DIR)
    one = sub.add_parser("photo", help="render one photo")
    one.add_argument("lines", nargs="+", help="digit strings, one per line")
    one.add_argument("--seed", type=int, default=0)
    one.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "benchmark":
            write_benchmark(args.out)
        else:
            photo = render(PhotoSpec(seed=args.seed, lines=tuple(args.lines)))
            args.out.write_bytes(encode_jpeg(photo))
    except (ValueError, OSError) as error:  # lines that are not digits, a folder that is not there
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
