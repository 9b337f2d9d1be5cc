"""The page and its furniture: what in a photo is paper, and which ink on it is no digit.

Convention: ``gray`` is a uint8 photo (dark ink on lighter paper); ``binary`` is uint8 with
ink = 255 on paper = 0, as in :mod:`helpers.segment`.

* :func:`find_page` — a sheet photographed on a darker desk: the largest bright region, its
  convex hull, kept only when what lies around it is much darker than the paper. Ink outside the
  page (wood grain, cloth, the desk's texture) and the page's own edge are no digits.
* :func:`remove_lines` — table grids, cell borders, frames, underlines: ink in straight runs
  longer than any digit stroke. "Long" is measured in digit heights of the page, never in pixels,
  so it works on a webcam frame and a 300 dpi scan alike, and on short borders of single cells.
* :func:`faint_strokes` — what is left of a printed line after that: single strokes much fainter
  than the handwriting around them (forms and squared paper are printed light so that the pen
  stands out), which a classifier would read as "1".
"""

from __future__ import annotations

import cv2
import numpy as np

from helpers.images import resized

#: The page is searched on a copy this many pixels on its longer side (a desk is big; speed).
PAGE_SEARCH_SIDE = 256

#: Around a page, the desk is at most this fraction of the paper's brightness (a shadow on the
#: paper itself stays brighter: the simulated hard shadows are about half the paper's brightness).
DESK_DARKNESS = 0.4

#: A page covers at least this fraction of the photo (else the bright region is a reflection).
SMALLEST_PAGE = 0.1

#: ... and at most this fraction of the desk around it is as bright as paper. A desk is dark all
#: over: on the 8 benchmark photos and 2 real ones whose page is found, at most 0.5 % of it. A
#: digit filling its photo cuts the paper into pieces, and the largest piece is no page: the rest
#: of the paper lies "outside" it, at least 21 % of the outside on 40 such crops of MNIST training
#: digits where the search went that far (``benchmarks/read_small_images.py`` reports test digits).
DESK_PAPER = 0.1

#: Ink within this fraction of the page's size of its edge is the edge itself (or a torn margin).
PAGE_MARGIN = 0.015


def find_page(gray: np.ndarray) -> np.ndarray | None:
    """The page as a mask (255 = paper, the edge's margin excluded), or ``None`` when the whole
    photo is taken to be page (no darker desk around a sheet).

    >>> desk = np.full((300, 400), 50, np.uint8); desk[60:240, 100:300] = 200
    >>> page = find_page(desk)
    >>> bool(page[150, 200]), bool(page[20, 20]), bool(page[150, 101])
    (True, False, False)
    >>> find_page(np.full((300, 400), 200, np.uint8)) is None
    True
    """
    height, width = gray.shape
    scale = min(1.0, PAGE_SEARCH_SIDE / max(height, width))
    small = resized(gray, scale) if scale < 1 else gray
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if count < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    points = cv2.findNonZero((labels == largest).astype(np.uint8))
    hull = np.zeros_like(small)
    cv2.fillConvexPoly(hull, cv2.convexHull(points), 255)
    covered = np.count_nonzero(hull) / hull.size
    if not SMALLEST_PAGE <= covered < 0.97:
        return None
    paper = float(np.median(small[labels == largest]))
    desk = float(np.median(small[hull == 0]))
    if desk > DESK_DARKNESS * paper or np.count_nonzero(bright[hull == 0]) > DESK_PAPER * np.count_nonzero(hull == 0):
        return None
    x, y, w, h = cv2.boundingRect(points)
    margin = max(1, round(PAGE_MARGIN * max(w, h)))
    hull = cv2.erode(hull, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * margin + 1, 2 * margin + 1)))
    return cv2.resize(hull, (width, height), interpolation=cv2.INTER_NEAREST)


#: A straight run of ink longer than this many digit heights is a line, not part of a digit
#: (the longest stroke of a digit, a "1" or a "7"'s bar, is about one digit height).
LINE_LENGTH = 1.5

#: ... and it is a line only where it is thinner than this fraction of a digit height.
LINE_THICKNESS = 0.15

#: A faint or broken line comes in pieces: a run of at least LINE_PIECE digit heights is part of
#: a line when it lies in line with a long run, at most LINE_REACH digit heights beyond its end.
LINE_PIECE, LINE_REACH = 0.4, 2.0

#: Lines are looked for on a copy where a digit is this many pixels tall (fast on any photo),
#: at these angles (degrees) from the horizontal and the vertical: curled or skewed pages.
LINE_SEARCH_HEIGHT = 20
LINE_ANGLES = (-8, -4, 0, 4, 8)


def _line_kernel(length: int, degrees: float) -> np.ndarray:
    """A one-pixel line of ``length`` pixels at ``degrees`` from the horizontal, as a kernel."""
    radians = np.deg2rad(degrees)
    dx, dy = np.cos(radians) * (length - 1) / 2, np.sin(radians) * (length - 1) / 2
    half_w, half_h = int(np.ceil(abs(dx))), int(np.ceil(abs(dy)))
    kernel = np.zeros((2 * half_h + 1, 2 * half_w + 1), np.uint8)
    start = (round(half_w - dx), round(half_h - dy))
    end = (round(half_w + dx), round(half_h + dy))
    cv2.line(kernel, start, end, 1, 1)
    return kernel


def _opened(binary: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Morphological opening with blank paper beyond the image's edges. (OpenCV's default border
    counts as ink when eroding, so a stroke from edge to edge of a tight crop, a "1"'s stem or a
    "4"'s bar, would pass for a line of any length.)"""
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)


def find_lines(binary: np.ndarray, height: float) -> np.ndarray:
    """Ink (255) in straight runs longer than :data:`LINE_LENGTH` digit heights and thinner than
    :data:`LINE_THICKNESS` of one, near the horizontal or the vertical (:data:`LINE_ANGLES`):
    grid lines, cell borders, frames, underlines, the margin line of a notebook — and the shorter
    pieces of a broken line in line with them (:data:`LINE_PIECE`, :data:`LINE_REACH`)."""
    lines = np.zeros_like(binary)
    if height <= 0 or not binary.any():
        return lines
    scale = min(1.0, LINE_SEARCH_HEIGHT / height)
    small = binary if scale == 1.0 else resized(binary, scale)
    small = (small > 0).astype(np.uint8)
    length = max(3, round(LINE_LENGTH * height * scale))
    thickness = max(1, round(LINE_THICKNESS * height))
    short = max(2, round(LINE_PIECE * height * scale))
    reach = max(3, round(2 * LINE_REACH * height * scale))
    for horizontal in (True, False):
        runs = np.zeros_like(small)
        for degrees in LINE_ANGLES:
            kernel, piece, ahead = (
                k if horizontal else k.T
                for k in (_line_kernel(length, degrees), _line_kernel(short, degrees), _line_kernel(reach, degrees))
            )
            long = _opened(small, kernel)
            # a faint line breaks into pieces: a shorter run in line with a long one belongs to it
            runs |= long | (_opened(small, piece) & cv2.dilate(long, ahead))
        if not runs.any():
            continue
        runs = cv2.resize(runs, (binary.shape[1], binary.shape[0]), interpolation=cv2.INTER_NEAREST)
        runs = cv2.dilate(runs, np.ones((3, 3), np.uint8)) * 255 & binary
        # thick across the line's direction: a stroke crossing the line, or a digit drawn over it
        across = np.ones((thickness + 1, 1) if horizontal else (1, thickness + 1), np.uint8)
        lines |= runs & ~cv2.morphologyEx(binary, cv2.MORPH_OPEN, across)
    return lines


def remove_lines(binary: np.ndarray, height: float) -> np.ndarray:
    """The ink without :func:`find_lines`' lines; where a digit's stroke crosses a line, the
    stroke keeps its pixels (they are thick across the line) and is bridged over the gap."""
    lines = find_lines(binary, height)
    if not lines.any():
        return binary
    rest = binary & ~lines
    reach = 2 * max(1, round(LINE_THICKNESS * height)) + 1
    bridged = cv2.morphologyEx(rest, cv2.MORPH_CLOSE, np.ones((reach, 1), np.uint8))
    bridged |= cv2.morphologyEx(rest, cv2.MORPH_CLOSE, np.ones((1, reach), np.uint8))
    return rest | (bridged & lines)


#: A blob whose ink is less than this fraction of the page's median contrast is faint ...
FAINT_CONTRAST = 0.7

#: ... and it is dropped as a piece of printed line when it is also one stroke: at most this
#: wide for its height (a "1" of the pen around it stays, however thin).
ONE_STROKE = 0.25


def ink_contrast(gray: np.ndarray, binary: np.ndarray, blob) -> float:
    """How much darker a blob's ink is than the paper around it: the median grey level of the
    paper minus that of the ink (``binary``'s 255s), in the blob's box widened by a quarter of its
    height. Measured around each blob, so a shadow across the page does not make its ink faint.

    >>> from helpers.segment import Blob
    >>> gray = np.full((40, 40), 200, np.uint8); gray[10:30, 18:21] = 50
    >>> ink_contrast(gray, np.where(gray < 128, 255, 0).astype(np.uint8), Blob(18, 10, 3, 20, (1,), 60))
    150.0
    """
    margin = max(2, blob.h // 4)
    top, left = max(0, blob.y - margin), max(0, blob.x - margin)
    window = gray[top : blob.y + blob.h + margin, left : blob.x + blob.w + margin]
    ink = binary[top : blob.y + blob.h + margin, left : blob.x + blob.w + margin] > 0
    if ink.all() or not ink.any():
        return 0.0
    return float(np.median(window[~ink])) - float(np.median(window[ink]))


def faint_strokes(gray: np.ndarray, binary: np.ndarray, blobs) -> np.ndarray:
    """For each blob, whether it is a piece of printed line: one stroke (:data:`ONE_STROKE`) whose
    :func:`ink_contrast` is below :data:`FAINT_CONTRAST` of the median over ``blobs``.

    >>> from helpers.segment import Blob
    >>> gray = np.full((60, 200), 220, np.uint8)
    >>> for x in (20, 60, 100, 140): gray[20:40, x:x + 4] = 40  # four pen strokes ("1"s)
    >>> gray[20:40, 180:182] = 170  # a faint piece of a printed line
    >>> binary = np.where(gray < 200, 255, 0).astype(np.uint8)
    >>> blobs = [Blob(x, 20, 4, 20, (k,), 80) for k, x in enumerate((20, 60, 100, 140))]
    >>> faint_strokes(gray, binary, [*blobs, Blob(180, 20, 2, 20, (9,), 40)]).tolist()
    [False, False, False, False, True]
    """
    if not blobs:
        return np.zeros(0, bool)
    contrast = np.array([ink_contrast(gray, binary, blob) for blob in blobs])
    one_stroke = np.array([blob.w <= ONE_STROKE * blob.h for blob in blobs])
    return one_stroke & (contrast < FAINT_CONTRAST * np.median(contrast))


def enclosing(blobs, least: int = 3, share: float = 0.005) -> np.ndarray:
    """For each blob, whether its box holds the centres of at least ``least`` other blobs of at
    least ``share`` of its ink: a table grid or a frame around digits, not a digit. Only blobs
    whose box is at least four times the median box are looked at (a page of noise has thousands).

    >>> from helpers.segment import Blob
    >>> frame = Blob(0, 0, 500, 300, (1,), 1600)
    >>> digits = [Blob(40 + 60 * k, 100, 30, 50, (k + 2,), 300) for k in range(4)]
    >>> enclosing([frame, *digits]).tolist()
    [True, False, False, False, False]
    """
    if not blobs:
        return np.zeros(0, bool)
    x, y, w, h, area = (np.array(v, float) for v in zip(*((b.x, b.y, b.w, b.h, b.area) for b in blobs)))
    cx, cy = x + w / 2, y + h / 2
    found = np.zeros(len(blobs), bool)
    for k in np.flatnonzero(w * h >= 4 * np.median(w * h)):
        inside = (x[k] <= cx) & (cx <= x[k] + w[k]) & (y[k] <= cy) & (cy <= y[k] + h[k]) & (area >= share * area[k])
        found[k] = inside.sum() - 1 >= least  # less the blob itself
    return found
