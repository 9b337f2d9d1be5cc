"""Collection sheets: print a grid, fill it by hand, photograph it, get labelled digits.

    python -m helpers.sheets make [--paper A4|Letter] [--sheet 0] [--out data/sheets]   # PDF + PNG
    python -m helpers.sheets read PHOTO [--writer NAME] [--out data/own] [--replace]  # save digits

Geometry is in millimetres on the printed page. Four ArUco markers (``cv2.aruco``, dictionary
4×4_100) mark the corners — ids 0–3 on A4, 4–7 on Letter, clockwise from the top left — and a fifth
marker at the top carries the sheet number (id 10 + sheet). Below them, a grid of
:data:`COLUMNS` × :data:`ROWS` boxes, each with its target digit printed small above it.

Reading (:func:`read_sheet`): find the markers, map the photo onto the flat page with a
homography of all their corners, flatten the background (notebook 02), threshold the inside of
every box on its own, drop empty boxes, normalise each digit like MNIST (notebook 05) and flag
doubtful ones.

Saved sheets (:func:`save_sheet`) go to ``data/own/<writer>/sheet<n>_<photo>/`` with their
provenance; :func:`load_own` merges every writer's sheets for a classroom, keeping the writer of
each digit so that evaluation can hold out whole writers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from helpers.binarize import flatten_background, otsu_on_paper
from helpers.config import DATA_DIR
from helpers.images import ImageError, load_image, to_gray
from helpers.normalize import to_mnist

OWN_DIR = DATA_DIR / "own"
SHEETS_DIR = DATA_DIR / "sheets"

PAPER_SIZES = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}  # width, height in mm
CORNER_IDS = {"A4": (0, 1, 2, 3), "Letter": (4, 5, 6, 7)}  # top left, top right, bottom right, bottom left
SHEET_ID_BASE = 10
MARGIN = 12.0  # mm from the paper's edge to the markers (printers cannot print the outer ~5 mm)
MARKER = 18.0  # mm, corner marker side
ID_MARKER = 12.0  # mm, sheet-number marker side
COLUMNS, ROWS = 10, 12
CELL = 17.0  # mm between box origins
BOX = 14.0  # mm, side of a writing box
LABEL = 3.0  # mm strip above each box holding its printed target digit
GRID_TOP = 36.0  # mm from the top of the page to the first label strip
INSET = 1.6  # mm cut off inside the box border when reading
PRINT_PX = 10.0  # px per mm of the printable PNG (254 dpi)
READ_PX = 8.0  # px per mm of the flattened photo

_DICTIONARY = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_100)


class SheetError(ValueError):
    """A photo that cannot be read as a collection sheet; the message names the photo and why."""


def target(row: int, column: int) -> int:
    """The digit asked for in a box: every digit once per row, shifted from row to row.

    >>> [target(0, c) for c in range(10)] == list(range(10)) and target(1, 0)
    3
    """
    return (column + 3 * row) % 10


def grid_left(paper: str) -> float:
    return (PAPER_SIZES[paper][0] - (COLUMNS - 1) * CELL - BOX) / 2


def box_origin(paper: str, row: int, column: int) -> tuple[float, float]:
    """Top-left corner (x, y) of a writing box, in mm."""
    return grid_left(paper) + column * CELL, GRID_TOP + LABEL + row * CELL


def marker_corners(paper: str) -> dict[int, np.ndarray]:
    """Corner points (4 × (x, y) mm, clockwise from the marker's top left) of every marker by id."""
    width, height = PAPER_SIZES[paper]
    near, far_x, far_y = MARGIN, width - MARGIN - MARKER, height - MARGIN - MARKER
    origins = [(near, near), (far_x, near), (far_x, far_y), (near, far_y)]
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
    return {i: square * MARKER + np.float32(o) for i, o in zip(CORNER_IDS[paper], origins)}


def _id_marker_origin(paper: str) -> tuple[float, float]:
    """Top left of the sheet-number marker: left of the top-right corner marker."""
    return PAPER_SIZES[paper][0] - MARGIN - MARKER - 6 - ID_MARKER, MARGIN + (MARKER - ID_MARKER) / 2


def make_sheet(paper: str = "A4", sheet: int = 0) -> np.ndarray:
    """The printable sheet as a uint8 greyscale image, :data:`PRINT_PX` pixels per mm."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, got {paper!r}")
    if not 0 <= sheet < 100 - SHEET_ID_BASE:
        raise ValueError(f"sheet must be 0–{99 - SHEET_ID_BASE}, got {sheet}")
    width, height = PAPER_SIZES[paper]

    def px(mm: float) -> int:
        return round(mm * PRINT_PX)

    page = np.full((px(height), px(width)), 255, np.uint8)
    for marker_id, corners in marker_corners(paper).items():
        x, y = corners[0]
        page[px(y) : px(y) + px(MARKER), px(x) : px(x) + px(MARKER)] = cv2.aruco.generateImageMarker(
            _DICTIONARY, marker_id, px(MARKER)
        )
    x, y = _id_marker_origin(paper)
    page[px(y) : px(y) + px(ID_MARKER), px(x) : px(x) + px(ID_MARKER)] = cv2.aruco.generateImageMarker(
        _DICTIONARY, SHEET_ID_BASE + sheet, px(ID_MARKER)
    )
    font = cv2.FONT_HERSHEY_SIMPLEX
    left = grid_left(paper)
    title = f"Digits in the Wild - sheet {sheet} ({paper})"
    cv2.putText(page, title, (px(MARGIN + MARKER + 4), px(MARGIN + MARKER / 2 + 1)), font, 1.0, 0, 2)
    cv2.putText(
        page,
        "Write the digit printed above each box, inside the box. Leave a spoiled box empty.",
        (px(left), px(GRID_TOP - 2.5)),
        font,
        0.75,
        60,
        1,
    )
    for row in range(ROWS):
        for column in range(COLUMNS):
            x, y = box_origin(paper, row, column)
            cv2.rectangle(page, (px(x), px(y)), (px(x + BOX), px(y + BOX)), 150, 3)
            cv2.putText(page, str(target(row, column)), (px(x), px(y - 0.6)), font, 0.9, 90, 2)
    return page


def write_sheet(folder: Path = SHEETS_DIR, paper: str = "A4", sheet: int = 0) -> tuple[Path, Path]:
    """Write ``sheet_<n>_<paper>.png`` and ``.pdf`` (at the paper's true size) into ``folder``."""
    from matplotlib.figure import Figure  # no pyplot: the caller's plotting backend is left alone

    folder.mkdir(parents=True, exist_ok=True)
    image = make_sheet(paper, sheet)
    png = folder / f"sheet_{sheet}_{paper}.png"
    cv2.imwrite(str(png), image)
    width, height = PAPER_SIZES[paper]
    figure = Figure(figsize=(width / 25.4, height / 25.4))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.imshow(image, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
    axes.set_axis_off()
    pdf = png.with_suffix(".pdf")
    figure.savefig(pdf, dpi=PRINT_PX * 25.4)
    return png, pdf


# ---------------------------------------------------------------------------- reading


@dataclass
class SheetDigit:
    """One filled box: its printed label, the MNIST-style 28×28 digit, where it was, and doubts."""

    label: int
    image: np.ndarray
    row: int
    column: int
    flags: tuple[str, ...] = ()


@dataclass
class Sheet:
    """A read sheet: paper, sheet number, the flattened page, its binary, and the filled boxes."""

    paper: str
    sheet: int | None
    page: np.ndarray
    binary: np.ndarray
    digits: list[SheetDigit] = field(default_factory=list)
    empty: int = 0

    @property
    def labels(self) -> np.ndarray:
        return np.array([d.label for d in self.digits], np.int64)

    @property
    def images(self) -> np.ndarray:
        return np.stack([d.image for d in self.digits]) if self.digits else np.zeros((0, 28, 28), np.uint8)


def find_markers(gray: np.ndarray) -> dict[int, np.ndarray]:
    """ArUco markers in a greyscale photo: id → its 4 corner points (x, y) in the photo."""
    detector = cv2.aruco.ArucoDetector(_DICTIONARY, cv2.aruco.DetectorParameters())
    corners, ids, _ = detector.detectMarkers(gray)
    if ids is None:
        return {}
    return {int(i): c.reshape(4, 2) for i, c in zip(ids.ravel(), corners)}


def flatten_sheet(gray: np.ndarray, source: str = "photo") -> tuple[str, int | None, np.ndarray]:
    """(paper, sheet number, the page seen from straight above at :data:`READ_PX` px per mm).

    Raises :class:`SheetError` naming ``source`` when fewer than three corner markers are found.
    """
    found = find_markers(gray)
    paper = max(PAPER_SIZES, key=lambda p: len(set(CORNER_IDS[p]) & set(found)))
    seen = [i for i in CORNER_IDS[paper] if i in found]
    if not seen:
        raise SheetError(
            f"{source}: no collection-sheet markers found. Is this a photo of a sheet printed by "
            "`python -m helpers.sheets make`? The four black-and-white corner squares must be visible."
        )
    if len(seen) < 3:
        raise SheetError(
            f"{source}: found {len(seen)} of the 4 corner markers of a {paper} sheet. Photograph the whole "
            "sheet, flat and in focus, with all four corner squares inside the picture."
        )
    expected = marker_corners(paper)
    photo_points = np.concatenate([found[i] for i in seen]).astype(np.float32)
    page_points = np.concatenate([expected[i] for i in seen]) * READ_PX
    homography, _ = cv2.findHomography(photo_points, page_points)
    width, height = PAPER_SIZES[paper]
    page = cv2.warpPerspective(
        gray, homography, (round(width * READ_PX), round(height * READ_PX)), flags=cv2.INTER_AREA, borderValue=255
    )
    ids = [i - SHEET_ID_BASE for i in found if SHEET_ID_BASE <= i < 100]
    return paper, (ids[0] if len(ids) == 1 else None), page


MIN_INK = 0.004  # share of a box's inside below which it counts as empty
MIN_CONTRAST = 40  # grey levels below the paper that the darkest ink of a filled box reaches
FAINT = 80  # the ink's median darkness below which a box is flagged "faint"


def box_ink(flat: np.ndarray) -> np.ndarray:
    """The ink (255 on 0) inside one box of a background-flattened page (paper ≈ 255).

    Each box gets its own Otsu threshold — a faint pencil box and a felt-pen box on one sheet both
    come out whole — but only if its darkest ink is :data:`MIN_CONTRAST` below the paper (else the
    box is empty and Otsu would split paper noise); specks smaller than 0.1 % of the box go.
    """
    darkness = 255 - flat.astype(np.int16)
    if np.percentile(darkness, 99.5) < MIN_CONTRAST:
        return np.zeros_like(flat)
    ink = otsu_on_paper(flat, MIN_CONTRAST / 2)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] < 0.001 * ink.size) + 1
    return np.where(np.isin(labels, specks), 0, ink).astype(np.uint8)


MIN_INK_HEIGHT = 0.25  # a digit's ink is at least this share of the box's height


def box_flags(ink: np.ndarray, flat: np.ndarray) -> tuple[str, ...]:
    """Doubts about one box's ink (255 on 0) and its flattened grey crop: faint, at the border, pieces."""
    flags = []
    edge = np.ones_like(ink, bool)
    edge[2:-2, 2:-2] = False
    if ink[edge].any():
        flags.append("touches the border")
    if 255 - np.median(flat[ink > 0]) < FAINT:
        flags.append("faint")
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    areas = np.sort(stats[1:, cv2.CC_STAT_AREA])[::-1]
    if count > 2 and areas[1] > 0.15 * areas.sum():
        flags.append("several strokes")
    return tuple(flags)


def read_sheet(photo: np.ndarray | str | Path, source: str | None = None) -> Sheet:
    """Read a photo (array or file) of a filled collection sheet; empty boxes are dropped.

    Raises :class:`SheetError` (or :class:`~helpers.images.ImageError` for an unreadable file).
    """
    if isinstance(photo, str | Path):
        source = source or str(photo)
        gray = load_image(photo)
    else:
        gray = to_gray(photo)
    paper, sheet_id, page = flatten_sheet(gray, source or "photo")
    flat = flatten_background(page)  # shadows and tinted paper out: paper ≈ 255 everywhere
    result = Sheet(paper, sheet_id, page, np.zeros_like(page))
    inset, side = round(INSET * READ_PX), round(BOX * READ_PX)
    for row in range(ROWS):
        for column in range(COLUMNS):
            x, y = (round(v * READ_PX) for v in box_origin(paper, row, column))
            inside = (slice(y + inset, y + side - inset), slice(x + inset, x + side - inset))
            ink = box_ink(flat[inside])
            result.binary[inside] = ink
            rows = np.flatnonzero(ink.any(axis=1))
            if (ink > 0).mean() < MIN_INK or len(rows) == 0 or rows[-1] - rows[0] < MIN_INK_HEIGHT * ink.shape[0]:
                result.empty += 1
                continue
            flags = box_flags(ink, flat[inside])
            result.digits.append(SheetDigit(target(row, column), to_mnist(ink), row, column, flags))
    return result


# ---------------------------------------------------------------------------- the dataset folder


#: A writer's name, as a folder name: ASCII letters, digits, - and _, at most 64 characters.
WRITER_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_writer(writer: str) -> None:
    """ValueError unless ``writer`` is a safe folder name (:data:`WRITER_NAME`)."""
    if not WRITER_NAME.fullmatch(writer):
        raise ValueError(f"writer must be a name of letters, digits, - and _ (at most 64 characters), got {writer!r}")


def save_sheet(sheet: Sheet, writer: str, photo_name: str, folder: Path = OWN_DIR, replace: bool = False) -> Path:
    """Save a read sheet's digits and provenance under ``folder/<writer>/sheet<n>_<photo name>/``.

    The same digits saved again for the same writer (the same photo read twice) raise
    :class:`SheetError` naming the folder that holds them, unless ``replace`` overwrites it."""
    check_writer(writer)
    fingerprint = hashlib.sha256(sheet.images.tobytes() + sheet.labels.tobytes()).hexdigest()
    for saved in sorted((folder / writer).glob("*/provenance.json")):
        if json.loads(saved.read_text()).get("fingerprint") == fingerprint:
            if not replace:
                raise SheetError(f"{saved.parent}: these digits are saved already (replace them with --replace)")
            shutil.rmtree(saved.parent)
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(photo_name).stem)
    base = folder / writer / f"sheet{sheet.sheet if sheet.sheet is not None else 'X'}_{stem}"
    target_dir, copy = base, 1
    while target_dir.exists():  # another photo of the same name: keep both
        copy += 1
        target_dir = base.with_name(f"{base.name}_{copy}")
    target_dir.mkdir(parents=True)
    np.savez_compressed(target_dir / "digits.npz", images=sheet.images, labels=sheet.labels)
    provenance = {
        "writer": writer,
        "sheet": sheet.sheet,
        "paper": sheet.paper,
        "photo": photo_name,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "digits": len(sheet.digits),
        "empty_boxes": sheet.empty,
        "flags": {f"{d.row},{d.column}": list(d.flags) for d in sheet.digits if d.flags},
        "fingerprint": fingerprint,
    }
    (target_dir / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    return target_dir


@dataclass
class OwnDigits:
    """Every saved sheet merged: images, labels, and for each digit its writer and its sheet
    (``writer/folder``)."""

    images: np.ndarray
    labels: np.ndarray
    writers: np.ndarray
    sheets: np.ndarray


def load_own(folder: Path = OWN_DIR) -> OwnDigits:
    """Merge every ``<writer>/<sheet>/digits.npz`` below ``folder`` (a classroom's shared folder)."""
    images, labels, writers, sheets = [], [], [], []
    for path in sorted(Path(folder).glob("*/*/digits.npz")):
        with np.load(path) as data:
            if data["images"].shape[1:] != (28, 28) or len(data["images"]) != len(data["labels"]):
                raise ImageError(f"{path}: expected images (n, 28, 28) and n labels")
            images.append(data["images"])
            labels.append(data["labels"])
        writers += [path.parent.parent.name] * len(labels[-1])
        sheets += [f"{path.parent.parent.name}/{path.parent.name}"] * len(labels[-1])
    if not images:
        return OwnDigits(np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64), np.array([]), np.array([]))
    return OwnDigits(np.concatenate(images), np.concatenate(labels), np.array(writers), np.array(sheets))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.sheets", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make", help="write a printable sheet (PDF and PNG)")
    make.add_argument("--paper", choices=sorted(PAPER_SIZES), default="A4")
    make.add_argument("--sheet", type=int, default=0, help=f"sheet number, 0–{99 - SHEET_ID_BASE}")
    make.add_argument("--out", type=Path, default=SHEETS_DIR)
    read = commands.add_parser("read", help="read a photo of a filled sheet and save its digits")
    read.add_argument("photo", type=Path)
    read.add_argument("--writer", default="me", help="letters, digits, - and _ (at most 64)")
    read.add_argument("--out", type=Path, default=OWN_DIR)
    read.add_argument("--replace", action="store_true", help="overwrite this photo's digits if already saved")
    args = parser.parse_args(argv)
    if args.command == "make":
        for path in write_sheet(args.out, args.paper, args.sheet):
            print(f"wrote {path}")
        return 0
    try:
        check_writer(args.writer)  # before the photo is read
    except ValueError as error:
        parser.error(f"--{error}")
    try:
        sheet = read_sheet(args.photo)
        saved = save_sheet(sheet, args.writer, args.photo.name, args.out, args.replace)
    except (SheetError, ImageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    flagged = sum(bool(d.flags) for d in sheet.digits)
    print(f"{len(sheet.digits)} digits ({flagged} flagged), {sheet.empty} empty boxes -> {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
