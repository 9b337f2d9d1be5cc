"""From a binary page to digit boxes in reading order.

Convention: ``binary`` is uint8 with ink = 255 on paper = 0. A :class:`Blob` is one candidate
digit: its bounding box (x, y, w, h) in page pixels and the connected-component labels it is made of.

The steps, in the order the pipeline applies them:

1. :func:`remove_rules` — erase ruled or squared paper lines (long straight runs of ink);
2. :func:`find_blobs` — connected components (8-connected) with their boxes (the sheet's edge, a
   frame and table grids are gone before: :mod:`helpers.page`);
3. :func:`typical_height` — the digit height of this page (area-weighted median);
4. :func:`merge_broken` — join the pieces of a digit that broke apart (a 5's bar, a faint stroke);
5. :func:`filter_blobs` — drop specks, dots, and blobs too big or too solid to be a digit;
6. :func:`group_lines` — digits into lines, top to bottom, left to right, tolerant of skew;
   :func:`split_columns` first, so a page with columns of numbers is read column by column
   (:func:`reading_order` does both);
7. :func:`split_touching` — cut a blob too wide for one digit where a classifier (passed in as
   a function, so this module needs no model) is surest of the pieces;
8. :func:`fixed_frame` — the alternative to fitting each digit into 20×20: a frame of one fixed
   size for the page, centred on the digit, scaled to 28×28.

Notebook 04 teaches them in this order; the page's furniture (sheet edge, grids, faint printed
lines) is :mod:`helpers.page`.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from helpers.images import resized
from helpers.normalize import ink_box, paste_centred, trim


@dataclass(frozen=True)
class Blob:
    """A candidate digit: box ``(x, y, w, h)`` and the component labels it covers (a piece that
    :func:`split_touching` cut from a blob: that blob's labels, though it covers only part of them)."""

    x: int
    y: int
    w: int
    h: int
    labels: tuple[int, ...]
    area: int

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.w, self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def union(self, other: Blob) -> Blob:
        x0, y0 = min(self.x, other.x), min(self.y, other.y)
        x1 = max(self.x + self.w, other.x + other.w)
        y1 = max(self.y + self.h, other.y + other.h)
        return Blob(x0, y0, x1 - x0, y1 - y0, self.labels + other.labels, self.area + other.area)


#: A printed rule is at most 1/RULE_THINNESS of the page's longer side thick (and at least
#: MIN_RULE_PX): thicker straight ink is a pen's stroke.
RULE_THINNESS, MIN_RULE_PX = 300, 4

#: Rules are searched on a copy at most this many pixels on its longer side: a printed line
#: survives the shrinking, and the search is much faster.
RULE_SEARCH_SIDE = 320


def remove_rules(binary: np.ndarray, min_fraction: float = 0.5) -> np.ndarray:
    """Erase printed lines (ruled or squared paper): long, straight and thin.

    Straight segments are found with the probabilistic Hough transform (``cv2.HoughLinesP``); one
    counts as a rule when it spans at least ``min_fraction`` of the page in its own direction. Only
    its *thin* ink is erased, and where a pen stroke crosses it the stroke is bridged across.
    """
    height, width = binary.shape
    thickest = max(MIN_RULE_PX, max(height, width) // RULE_THINNESS)
    scale = min(1.0, RULE_SEARCH_SIDE / max(height, width))
    small = binary if scale == 1.0 else resized(binary, scale)
    shortest = int(min_fraction * min(small.shape))
    segments = cv2.HoughLinesP(
        (small > 0).astype(np.uint8),
        1,
        np.pi / 360,
        threshold=max(10, shortest // 2),
        minLineLength=shortest,
        maxLineGap=3,
    )
    if segments is None:
        return binary
    segments = np.round(segments.reshape(-1, 4) / scale).astype(int)
    segments = np.clip(segments, 0, [width - 1, height - 1, width - 1, height - 1])
    # (capped: on a page that is all ink, OpenCV reports a huge distance)
    half_width = np.minimum(cv2.distanceTransform(binary, cv2.DIST_L2, 3), float(max(height, width)))
    # the thickness of the ink around each pixel: a rule is thin all along, a stroke's edge is not
    local = cv2.dilate(half_width, np.ones((2 * thickest + 1, 2 * thickest + 1), np.uint8))
    masks = {True: np.zeros_like(binary), False: np.zeros_like(binary)}  # horizontal?, vertical
    for x0, y0, x1, y1 in segments:
        dx, dy = abs(int(x1) - int(x0)), abs(int(y1) - int(y0))
        length = np.hypot(dx, dy)
        span = min(width * length / max(dx, 1e-9), height * length / max(dy, 1e-9))
        if length < min_fraction * span:
            continue
        steps = np.linspace(0.0, 1.0, int(length) + 1)
        xs = np.round(x0 + steps * (int(x1) - int(x0))).astype(int)
        ys = np.round(y0 + steps * (int(y1) - int(y0))).astype(int)
        if np.median(local[ys, xs]) <= thickest / 2 + 0.5:
            cv2.line(masks[dx >= dy], (int(x0), int(y0)), (int(x1), int(y1)), 255, thickest + 2)
    result = binary
    for horizontal, mask in masks.items():
        if not mask.any():
            continue
        rules = ((mask > 0) & (half_width <= thickest / 2 + 0.5)).astype(np.uint8) * 255
        rules = cv2.dilate(rules, np.ones((3, 3), np.uint8)) & mask
        rest = cv2.bitwise_and(result, cv2.bitwise_not(rules))
        # where a pen stroke crosses the rule, bridge it across the erased band (along the stroke only)
        reach = 2 * thickest + 7
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach) if horizontal else (reach, 1))
        result = rest | (cv2.morphologyEx(rest, cv2.MORPH_CLOSE, bridge) & rules & binary)
    return result


def find_blobs(binary: np.ndarray, min_area: int = 6) -> tuple[list[Blob], np.ndarray]:
    """Connected components of the ink: the blobs (area ≥ ``min_area``) and the label image."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    blobs = [
        Blob(int(x), int(y), int(w), int(h), (i,), int(area))
        for i, (x, y, w, h, area) in enumerate(stats)
        if i > 0 and area >= min_area
    ]
    return blobs, labels


def typical_height(blobs: list[Blob]) -> float:
    """Area-weighted median blob height: the digits' height, whatever the number of specks."""
    if not blobs:
        return 0.0
    heights = np.array([b.h for b in blobs], float)
    areas = np.array([b.area for b in blobs], float)
    return float(np.percentile(heights, 50, weights=areas, method="inverted_cdf"))


#: Two pieces of one digit overlap horizontally by at least MERGE_OVERLAP of the narrower one's
#: width and lie at most MERGE_GAP digit heights apart vertically; one of them is shorter than
#: MERGE_PIECE digit heights (two whole digits stay apart); their union is at most MERGE_TALLEST
#: digit heights tall and MERGE_WIDEST wide.
MERGE_OVERLAP, MERGE_GAP, MERGE_PIECE = 0.3, 0.4, 0.8
MERGE_TALLEST, MERGE_WIDEST = 1.3, 1.2


def merge_broken(blobs: list[Blob], height: float) -> list[Blob]:
    """Join pieces that overlap horizontally and lie close to each other vertically, if the union
    still looks like one digit (:data:`MERGE_OVERLAP` and its siblings: by 30 % of the narrower,
    within 0.4 digit heights, at most 1.3 digit heights tall and 1.2 wide) — the bar of a 5, the
    crossbar of a 7, a broken stroke.

    Largest blobs first, each absorbs its partners until none is left; passes repeat until nothing
    merges. The boxes live in arrays and the partner test is vectorised, so a page of thousands of
    specks (a dotted notebook page) stays fast.
    """
    blobs = sorted(blobs, key=lambda b: -b.area)
    boxes = np.array([b.box for b in blobs], dtype=np.int64).reshape(-1, 4)
    x0, y0, w, h = (boxes[:, k].copy() for k in range(4))
    alive = np.ones(len(blobs), bool)
    merged = True
    while merged:
        merged = False
        i = 0
        while i < len(blobs):
            rest = np.flatnonzero(alive[i + 1 :]) + i + 1
            if not rest.size:
                break
            ax0, ay0, aw, ah = x0[i], y0[i], w[i], h[i]
            rx0, ry0, rw, rh = x0[rest], y0[rest], w[rest], h[rest]
            overlap = np.minimum(ax0 + aw, rx0 + rw) - np.maximum(ax0, rx0) >= MERGE_OVERLAP * np.minimum(aw, rw)
            close = np.maximum(ay0, ry0) - np.minimum(ay0 + ah, ry0 + rh) <= MERGE_GAP * height
            union_h = np.maximum(ay0 + ah, ry0 + rh) - np.minimum(ay0, ry0)
            union_w = np.maximum(ax0 + aw, rx0 + rw) - np.minimum(ax0, rx0)
            fits = (union_h <= MERGE_TALLEST * height) & (union_w <= MERGE_WIDEST * height)
            fits &= np.minimum(ah, rh) < MERGE_PIECE * height
            partners = np.flatnonzero(overlap & close & fits)
            if partners.size:
                j = int(rest[partners[0]])
                blobs[i] = blobs[i].union(blobs[j])
                x0[i], y0[i], w[i], h[i] = blobs[i].box
                alive[j] = False
                merged = True
            else:
                i = int(rest[0])  # the next blob still there
    return [blob for blob, keep in zip(blobs, alive) if keep]


#: A digit is at least this fraction of the typical height: shorter blobs are dots, specks, bars ...
MIN_HEIGHT = 0.5
#: ... unless it is at least this fraction both ways: a small round "0" beside tall "1"s and "7"s.
MIN_SMALL_DIGIT = 0.3
#: A stroke STROKE_ASPECT times as tall as wide and at least MIN_SMALL_DIGIT of the typical height
#: is a "1" written as a short tick (a hurried "12") when it stands at most BESIDE digit heights from
#: a digit, across that digit's middle; below a digit's middle it is a comma, above it a mark.
STROKE_ASPECT, BESIDE = 2.0, 0.5


def tall_enough(blob: Blob, height: float) -> bool:
    """Whether a blob is big enough to be a digit on a page of digits ``height`` tall: at least
    :data:`MIN_HEIGHT` of it, or a compact shape at least :data:`MIN_SMALL_DIGIT` of it both ways."""
    return blob.h >= MIN_HEIGHT * height or min(blob.h, blob.w) >= MIN_SMALL_DIGIT * height


def digit_sized(blobs: list[Blob], height: float) -> np.ndarray:
    """Which blobs are big enough to be digits: those :func:`tall_enough`, and the short strokes
    that stand in a line beside one of them (:data:`STROKE_ASPECT`, :data:`BESIDE`)."""
    sized = np.array([tall_enough(b, height) for b in blobs], bool)
    strokes = [
        k
        for k, b in enumerate(blobs)
        if not sized[k] and b.h >= MIN_SMALL_DIGIT * height and b.h >= STROKE_ASPECT * b.w
    ]
    if strokes and sized.any():
        left = np.array([b.x for b, s in zip(blobs, sized) if s])
        right = np.array([b.x + b.w for b, s in zip(blobs, sized) if s])
        middle = np.array([b.cy for b, s in zip(blobs, sized) if s])
        for k in strokes:
            b = blobs[k]
            gap = np.maximum(left - (b.x + b.w), b.x - right)
            sized[k] = bool(((gap <= BESIDE * height) & (b.y <= middle) & (middle <= b.y + b.h)).any())
    return sized


#: A blob cut by the photo's frame is kept only when it is more than this many times as tall as
#: every blob inside the frame (see :func:`filter_blobs`).
FRAME_DWARFS = 2.0
#: A digit is at most TALLEST digit heights tall; a blob wider than SOLID_WIDTH digit heights whose
#: ink fills more than SOLID_FILL of its box is a solid patch (a shadow, a thumb), not a digit.
TALLEST = 3.0
SOLID_WIDTH, SOLID_FILL = 0.6, 0.8


def filter_blobs(blobs: list[Blob], height: float, shape: tuple[int, int]) -> list[Blob]:
    """Keep digit-like blobs: big enough (:func:`digit_sized`), at most :data:`TALLEST` × the
    typical height, not a solid patch (:data:`SOLID_FILL`), not cut by the photo's frame unless it
    is more than :data:`FRAME_DWARFS` times as tall as every blob inside the frame.

    What the frame cuts is what the photographer did not aim at — a table's edge, the desk, the
    next page — unless it dwarfs what is inside: one large digit filling the photo may touch it."""
    page_h, page_w = shape
    shaped = [
        b
        for b in blobs
        if b.h <= TALLEST * height and not (b.w > SOLID_WIDTH * height and b.area > SOLID_FILL * b.w * b.h)
    ]
    # big enough, judged after the shapes: a short stroke beside a shadow patch is no "1"
    kept = [b for b, sized in zip(shaped, digit_sized(shaped, height)) if sized]
    cut = [b.x == 0 or b.y == 0 or b.x + b.w == page_w or b.y + b.h == page_h for b in kept]
    tallest_inside = max((b.h for b, c in zip(kept, cut) if not c), default=0)
    return [b for b, c in zip(kept, cut) if not c or b.h > FRAME_DWARFS * tallest_inside]


#: A blob joins a line when its centre lies within this many digit heights of where the line is
#: expected at its x (:func:`_course`).
SAME_LINE = 0.5

#: A line's course is fitted through its last FITTED_BLOBS blobs, its slope at most STEEPEST_SKEW
#: (dy/dx) — a skewed page, not a jump to the line below.
FITTED_BLOBS, STEEPEST_SKEW = 6, 0.15


def group_lines(blobs: list[Blob], height: float) -> list[list[Blob]]:
    """Group blobs into lines of text, each sorted left to right, lines sorted top to bottom.

    Blobs are taken left to right; each joins the line whose expected centre is nearest in y
    (:func:`_course`), if within :data:`SAME_LINE` digit heights, and otherwise starts a new line —
    so slightly skewed lines and lines with wide gaps stay whole. Each line's course is kept in
    arrays and updated as it grows, so a page of thousands of specks stays fast.
    """
    lines: list[list[Blob]] = []
    # for each line: the last blob's left edge, and its course (mean x, mean y, slope)
    last_x, mean_x, mean_y, slope = (np.zeros(len(blobs)) for _ in range(4))
    for blob in sorted(blobs, key=lambda b: b.x):
        n = len(lines)
        distance = np.abs(blob.cy - (mean_y[:n] + slope[:n] * (blob.cx - mean_x[:n])))
        # the nearest line that this blob continues, the last one of equals
        fits = np.flatnonzero((distance <= SAME_LINE * height) & (blob.x >= last_x[:n]))
        if fits.size:
            k = int(fits[distance[fits] == distance[fits].min()][-1])
            lines[k].append(blob)
        else:
            k = n
            lines.append([blob])
        last_x[k] = blob.x
        mean_x[k], mean_y[k], slope[k] = _course(lines[k])
    return sorted(lines, key=lambda line: np.mean([b.cy for b in line]))


def _course(line: list[Blob]) -> tuple[float, float, float]:
    """The line's course as (mean x, mean y, slope): its centre height at x is mean y + slope ×
    (x − mean x), a least-squares fit through its last :data:`FITTED_BLOBS` blobs (slope only once
    three blobs agree, and at most ±:data:`STEEPEST_SKEW`); before that, the last blob's centre."""
    recent = line[-FITTED_BLOBS:]
    if len(recent) < 3:
        return 0.0, recent[-1].cy, 0.0
    xs = np.array([b.cx for b in recent])
    ys = np.array([b.cy for b in recent])
    spread = float(((xs - xs.mean()) ** 2).sum())
    slope = float(((xs - xs.mean()) * (ys - ys.mean())).sum()) / spread if spread > 0 else 0.0
    return float(xs.mean()), float(ys.mean()), float(np.clip(slope, -STEEPEST_SKEW, STEEPEST_SKEW))


#: Columns are separated by an empty vertical band at least this many digit heights wide.
COLUMN_GAP = 3.0


def split_columns(blobs: list[Blob], height: float) -> list[list[Blob]]:
    """Split a page into columns, left to right, at empty vertical bands at least
    :data:`COLUMN_GAP` digit heights wide. A part with fewer than two lines is no column (it is a
    number with a wide gap in it) and stays joined to its neighbour.
    """
    if not blobs:
        return []
    ordered = sorted(blobs, key=lambda b: b.x)
    columns, right_edge = [[ordered[0]]], ordered[0].x + ordered[0].w
    for blob in ordered[1:]:
        if blob.x - right_edge >= COLUMN_GAP * height:
            columns.append([])
        columns[-1].append(blob)
        right_edge = max(right_edge, blob.x + blob.w)
    kept: list[list[Blob]] = []
    for column in columns:
        if kept and (len(group_lines(column, height)) < 2 or len(group_lines(kept[-1], height)) < 2):
            kept[-1] = kept[-1] + column
        else:
            kept.append(column)
    return kept


#: Blobs of one line closer than this many digit heights are one word (or one number).
WORD_GAP = 0.25


def words(blobs: list[Blob], height: float) -> list[list[int]]:
    """Indices of ``blobs`` grouped into words: blobs side by side (their boxes overlap in height)
    with gaps under :data:`WORD_GAP` digit heights belong to one word, letters with and without
    ascenders alike.

    >>> letters = [Blob(0, 0, 10, 20, (1,), 1), Blob(12, 8, 10, 12, (2,), 1), Blob(60, 0, 10, 20, (3,), 1)]
    >>> words(letters, 20)
    [[0, 1], [2]]
    """
    group = list(range(len(blobs)))

    def root(k: int) -> int:
        while group[k] != k:
            group[k] = group[group[k]]
            k = group[k]
        return k

    order = sorted(range(len(blobs)), key=lambda k: blobs[k].x)
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            left, right = blobs[a], blobs[b]
            if right.x - (left.x + left.w) >= WORD_GAP * height:
                break  # sorted by x: every later blob starts further right
            if min(left.y + left.h, right.y + right.h) > max(left.y, right.y):
                group[root(b)] = root(a)
    found: dict[int, list[int]] = {}
    for k in range(len(blobs)):
        found.setdefault(root(k), []).append(k)
    return sorted(found.values())


#: :func:`line_direction` measures from at most this many blobs.
DIRECTION_SAMPLE = 2000


def neighbour_directions(blobs: list[Blob]) -> np.ndarray:
    """The direction (degrees, -90 to 90, 0 = left to right, positive = running down) from each
    blob to its nearest neighbour — on a page of more than :data:`DIRECTION_SAMPLE` blobs, from an
    even sample of them. Empty for fewer than three blobs."""
    if len(blobs) < 3:
        return np.zeros(0)
    centres = np.array([(b.cx, b.cy) for b in blobs])
    # from every blob, or on a page of specks from an even sample of DIRECTION_SAMPLE of them (their
    # median direction is as good), 256 at a time: ten thousand dots need no gigabyte of distances
    starts = np.linspace(0, len(centres) - 1, min(len(centres), DIRECTION_SAMPLE)).round().astype(int)
    nearest = np.empty(len(starts), int)
    for k in range(0, len(starts), 256):
        block = starts[k : k + 256]
        gaps = (centres[block, :1] - centres[:, 0]) ** 2 + (centres[block, 1:] - centres[:, 1]) ** 2
        gaps[np.arange(len(block)), block] = np.inf  # not itself
        nearest[k : k + 256] = gaps.argmin(axis=1)
    steps = centres[nearest] - centres[starts]
    angles = np.degrees(np.arctan2(steps[:, 1], steps[:, 0]))
    return (angles + 90) % 180 - 90  # a step to the left is the same direction as one to the right


def line_direction(blobs: list[Blob]) -> float:
    """The direction (degrees, as :func:`neighbour_directions`) in which the blobs follow each
    other: the median direction from each blob to its nearest neighbour. About ±90° when they are
    stacked one above the other (a column of single digits, or a page photographed sideways); 0
    for fewer than three blobs."""
    directions = neighbour_directions(blobs)
    return float(np.median(directions)) if len(directions) else 0.0


#: Lines running at more than this many degrees from the horizontal are read along their slant
#: (less slanted lines :func:`group_lines` follows by itself).
SLANTED_LINES = 20.0
#: ... and up to this many: steeper, the page is taken to be sideways (see ``read_digits``).
STEEPEST_LINES = 50.0


def _turned(blob: Blob, cos: float, sin: float) -> Blob:
    """The blob with its centre turned by the angle of (cos, sin) about the origin, size kept."""
    cx, cy = blob.cx * cos - blob.cy * sin, blob.cx * sin + blob.cy * cos
    return Blob(round(cx - blob.w / 2), round(cy - blob.h / 2), blob.w, blob.h, blob.labels, blob.area)


def reading_order(blobs: list[Blob], height: float) -> list[list[Blob]]:
    """Lines of digits in reading order: column by column (:func:`split_columns`), and within a
    column top to bottom, each line left to right (:func:`group_lines`). Lines that run slanted
    (:func:`line_direction` between :data:`SLANTED_LINES` and :data:`STEEPEST_LINES` degrees: a
    number written diagonally) are read along their slant."""
    angle = line_direction(blobs)
    if not SLANTED_LINES < abs(angle) <= STEEPEST_LINES:
        return [line for column in split_columns(blobs, height) for line in group_lines(column, height)]
    cos, sin = np.cos(np.radians(-angle)), np.sin(np.radians(-angle))
    level = [_turned(b, cos, sin) for b in blobs]  # the lines made horizontal
    original = {id(t): b for t, b in zip(level, blobs)}
    lines = [line for column in split_columns(level, height) for line in group_lines(column, height)]
    return [[original[id(t)] for t in line] for line in lines]


# ---------------------------------------------------------------------------- touching digits


def blob_mask(labels: np.ndarray, blob: Blob) -> np.ndarray:
    """The blob's own ink (255) inside its box; other blobs' ink in the box is left out."""
    window = labels[blob.y : blob.y + blob.h, blob.x : blob.x + blob.w]
    return np.isin(window, blob.labels).astype(np.uint8) * 255


#: Cuts between touching digits are at least this many digit heights apart (a stroke's width),
#: and one is always tried at the thinnest column of the blob's MIDDLE (its share of the width).
CUT_SPACING = 0.1
MIDDLE = (0.3, 0.7)


def cut_columns(mask: np.ndarray, height: float, most: int = 6) -> list[int]:
    """Candidate columns where touching digits may join: local minima of the vertical ink
    projection (smoothed) and the lowest column of the :data:`MIDDLE` of the blob, at least
    :data:`CUT_SPACING` digit heights apart, the ``most`` lowest."""
    width = mask.shape[1]
    projection = np.convolve((mask > 0).sum(axis=0).astype(float), np.ones(3) / 3, mode="same")
    reach = max(2, int(CUT_SPACING * height))
    window_min = cv2.erode(projection[None].astype(np.float32), np.ones((1, 2 * reach + 1), np.uint8))[0]
    columns = np.arange(width)
    is_candidate = (projection == window_min) & (columns >= reach) & (columns < width - reach)
    start, end = (int(share * width) for share in MIDDLE)
    middle = slice(start, max(start + 1, end))
    is_candidate[middle.start + int(np.argmin(projection[middle]))] = True
    candidates = sorted(np.flatnonzero(is_candidate).tolist(), key=lambda c: projection[c])
    chosen: list[int] = []
    for c in candidates:
        if all(abs(c - other) >= reach for other in chosen):
            chosen.append(c)
        if len(chosen) == most:
            break
    return sorted(chosen)


def _piece(blob: Blob, mask: np.ndarray, left: int, right: int) -> tuple[Blob, np.ndarray] | None:
    """The ink of columns [left, right) of a blob, trimmed, with its box in page pixels."""
    part = mask[:, left:right]
    x, y, w, h = ink_box(part)
    if not w:
        return None
    box = Blob(blob.x + left + x, blob.y + y, w, h, blob.labels, int(np.count_nonzero(part)))
    return box, part[y : y + h, x : x + w]


#: A blob narrower than NARROW × its height is a "1", not a measure of digit width; a digit is at
#: most WIDEST × the digit height wide (on a page of touching pairs the median blob is a pair),
#: and WIDTH_UNKNOWN × the height where every blob is narrow.
NARROW, WIDEST, WIDTH_UNKNOWN = 0.4, 0.8, 0.7


def typical_width(blobs: list[Blob], height: float) -> float:
    """The width of one digit on this page: the median width of the blobs that are not
    :data:`NARROW` like a "1", at most :data:`WIDEST` × the typical ``height``."""
    wide = [b.w for b in blobs if b.w >= NARROW * b.h]
    return min(float(np.median(wide)), WIDEST * height) if wide else WIDTH_UNKNOWN * height


#: A blob is split only if it is at least SPLIT_WIDTH typical digit widths wide *and* wider than
#: SPLIT_ASPECT × its own height (single handwritten digits are rarely wider than tall); under
#: MAYBE_ONE digit widths it may still be one wide digit.
SPLIT_WIDTH, SPLIT_ASPECT, MAYBE_ONE = 1.4, 1.0, 2.5

#: A piece of a split blob is PIECE_WIDTHS[0] to PIECE_WIDTHS[1] line heights wide, the line
#: being the blob's own height and at least SHORTEST_LINE × the page's digit height.
PIECE_WIDTHS = (0.1, 1.3)
SHORTEST_LINE = 0.8


def piece_counts(blob: Blob, digit_width: float) -> list[int]:
    """How many digits a blob may hold, from the page's typical digit width: 1 for a blob narrower
    than :data:`SPLIT_WIDTH` digit widths or than :data:`SPLIT_ASPECT` × its height; else the
    rounded ratio (at least 2) or, for a blob under :data:`MAYBE_ONE` widths, still possibly 1."""
    ratio = blob.w / max(digit_width, 1.0)
    if ratio < SPLIT_WIDTH or blob.w < SPLIT_ASPECT * blob.h:
        return [1]
    if ratio < MAYBE_ONE:
        return [1, 2]
    return [round(ratio)]


def _best_cuts(nodes, segments, confidence, pieces: int):
    """Best split of nodes[0]..nodes[-1] into exactly ``pieces`` segments: (score, [segment keys])."""
    last = len(nodes) - 1
    best = {(0, 0): (0.0, [])}  # (pieces so far, node) -> (score, keys)
    for count in range(1, pieces + 1):
        for j in range(1, last + 1):
            options = [
                (best[(count - 1, i)][0] + confidence[segments[(i, j)][1]], best[(count - 1, i)][1] + [(i, j)])
                for i in range(j)
                if (count - 1, i) in best and (i, j) in segments
            ]
            if options:
                best[(count, j)] = max(options, key=lambda option: option[0])
    return best.get((pieces, last), (-np.inf, []))


def split_touching(
    blobs: list[Blob], masks: list[np.ndarray], height: float, classify, keep_uncut: bool = False
) -> list[tuple[Blob, np.ndarray]]:
    """Split blobs too wide for one digit into the pieces the classifier is surest of.

    :func:`piece_counts` says how many digits a blob may hold; the blob is over-cut at
    :func:`cut_columns`, every run of consecutive pieces :data:`PIECE_WIDTHS` line heights wide
    is classified, and for each allowed count dynamic programming picks the cuts with the highest
    summed log-confidence; the counts compete on that sum. ``classify`` takes a list of pieces of
    ink (255 on 0) and returns the classifier's highest probability for each
    (:func:`helpers.pipeline.digit_confidence`). Returns (blob, mask) for every piece kept; a
    piece's blob keeps the labels of the blob it was cut from.

    A blob that no cuts split into a count allowed (its cut columns too close together or too far
    apart) is dropped — a reader of single digits has no crop to classify — or, with
    ``keep_uncut``, kept whole, for a reader that reads it whole (:func:`kept_whole` tells which).
    """
    digit_width = typical_width(blobs, height)
    plans, crops = [], []
    for blob, mask in zip(blobs, masks):
        if not may_hold_several(blob, digit_width):
            plans.append(None)
            continue
        counts = piece_counts(blob, digit_width)
        line_height = max(blob.h, SHORTEST_LINE * height)
        nodes = [0, *cut_columns(mask, line_height), blob.w]
        segments = {}
        for i in range(len(nodes) - 1):
            for j in range(i + 1, len(nodes)):
                whole = i == 0 and j == len(nodes) - 1
                if (
                    not whole
                    and not PIECE_WIDTHS[0] * line_height <= nodes[j] - nodes[i] <= PIECE_WIDTHS[1] * line_height
                ):
                    continue
                piece = _piece(blob, mask, nodes[i], nodes[j])
                if piece is not None:
                    segments[(i, j)] = (piece, len(crops))
                    crops.append(piece[1])
        plans.append((counts, nodes, segments))
    confidence = np.log(np.asarray(classify(crops)) + 1e-6) if crops else []
    pieces = []
    for blob, mask, plan in zip(blobs, masks, plans):
        if plan is None:
            pieces.append((blob, mask))
            continue
        counts, nodes, segments = plan
        best = [_best_cuts(nodes, segments, confidence, count) for count in counts]
        keys = max(best, key=lambda option: option[0])[1]
        if keys:
            pieces += [segments[key][0] for key in keys]
        elif keep_uncut:
            pieces.append((blob, mask))
    return pieces


def may_hold_several(blob: Blob, digit_width: float) -> bool:
    """Whether :func:`split_touching` tries to cut ``blob``: it may hold more than one digit
    (:func:`piece_counts`) and is no union of the pieces of a broken digit (those stay whole)."""
    return piece_counts(blob, digit_width) != [1] and len(blob.labels) == 1


def kept_whole(blobs: list[Blob], pieces: list[tuple[Blob, np.ndarray]], height: float) -> np.ndarray:
    """For each of :func:`split_touching`'s ``pieces`` (of ``blobs``, at digit ``height``), whether
    it is a blob it tried to cut but no cuts split, kept whole (``keep_uncut``): such a blob is
    passed on as it is, where every piece cut from a blob is a new one."""
    width = typical_width(blobs, height)
    tried = {id(blob) for blob in blobs if may_hold_several(blob, width)}
    return np.array([id(blob) in tried for blob, _ in pieces], bool)


# ---------------------------------------------------------------------------- fixed-size crops


def fixed_frame(crop: np.ndarray, side: int, size: int = 28) -> np.ndarray:
    """The digit, at its own scale, centred (bounding box) in a side×side frame, which is then
    scaled to size×size. A frame smaller than the digit grows to hold it.

    Works when every digit on the page is written at about the same size and ``side`` suits it;
    a digit written smaller than the others comes out small.

    >>> digit = fixed_frame(np.full((30, 10), 255, np.uint8), side=42)
    >>> ink_box(digit)
    (10, 4, 8, 20)
    """
    ink = trim(crop)
    frame = paste_centred(ink, max(side, *ink.shape))
    return cv2.resize(frame, (size, size), interpolation=cv2.INTER_AREA)
