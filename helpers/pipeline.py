"""Read the digits in a photo: the classic ("naive") pipeline, the course's improved one, and the
sequence reader of notebook 10.

Convention: photos are anything :func:`helpers.images.to_gray` accepts (grayscale, BGR, BGRA, any
depth), dark ink on lighter paper. Boxes are ``(x, y, w, h)`` in the input image's pixels.

* ``naive`` — exactly the classic pipeline of notebook 01: grayscale → Otsu → invert → dilate with a
  5×5 cross → external contours → each bounding box stretched to 28×28 → the model.
* ``improved`` — background flattening + Otsu with a contrast floor, ruled lines removed, no
  morphology on the page (notebook 03 measured none better than any closing or dilation), the
  page found on a darker desk and ink outside it dropped, grid lines and cell borders removed
  (:mod:`helpers.page`), broken pieces merged, blobs filtered by the typical digit height,
  touching digits split, blobs that a second classifier calls "not a digit" dropped
  (:mod:`helpers.clutter`) unless, among digits, notebook 10's sequence network reads two digits
  or more in them (digits joined in one stroke: :func:`joined_digits`), lines (and columns,
  slanted lines, a sideways page) put in reading order, and each digit's own ink fitted into
  20×20 (aspect kept, stroke width normalised) and centred by centre of mass in 28×28; a page of
  digits smaller than MNIST's is read again, enlarged (:func:`enlargement`).
* ``sequence`` — the improved pipeline's pieces and lines, each line then read whole, without
  cutting it into digits, by a CRNN trained with CTC (:mod:`helpers.sequence`); digit boxes are
  estimated from the frames where each digit was found.

Every choice of the improved pipeline is a field of :class:`Options` (the sequence pipeline takes
the same).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from helpers.binarize import binarize, flatten_background, otsu_inverted
from helpers.clutter import NOT_A_DIGIT
from helpers.images import ImageError, resized, to_gray, turned
from helpers.models import TTA_SHIFTS, load_default, load_rejector, load_sequence, predict_digits
from helpers.morphology import morph
from helpers.normalize import MNIST_STROKE, stretch, to_mnist, trim
from helpers.page import enclosing, faint_strokes, find_page, remove_lines
from helpers.segment import (
    SLANTED_LINES,
    STEEPEST_LINES,
    Blob,
    blob_mask,
    digit_sized,
    filter_blobs,
    find_blobs,
    fixed_frame,
    kept_whole,
    line_direction,
    merge_broken,
    neighbour_directions,
    reading_order,
    remove_rules,
    split_touching,
    typical_height,
    words,
)
from helpers.sequence import digit_boxes, line_image, read_line_images

PIPELINES = ("naive", "improved", "sequence")

#: How a digit's crop becomes the 28×28 input (notebook 05): stretched whatever its shape; fitted
#: into 20×20 and centred by its bounding box; fitted and centred by centre of mass (MNIST's
#: recipe); or centred at its own scale in a frame 1.4 × the page's digit height.
NORMALIZATIONS = ("stretch", "box", "mnist", "frame")
FRAME = 1.4

#: A blob is dropped as no digit when the rejector (:func:`helpers.models.load_rejector`) gives
#: "not a digit" a probability above this: chosen on the benchmark's tuning half with the single
#: rejector shipped before the committee (0.2, 0.3, 0.5, 0.7 for every blob: 29, 21, 23, 24 wrong
#: digits). Notebook 09 sweeps it with :data:`REJECT_AMONG_DIGITS`: with the committee, every pair
#: from 0.2 to 0.5 and 0.5 to 0.9 among digits reads 17 wrong digits, a plateau (0.3, 0.5) lies on;
#: 0.7 reads 22 (18 and 23 before the blobs the cuts split were read whole).
REJECT_THRESHOLD = 0.3

#: ... but a blob among digits (:func:`among_digits`) only above this. On the tuning half, 0.4, 0.5,
#: 0.7 and 0.9 read within one digit of each other (with the rejector's committee: 19, 18, 18, 18
#: wrong): a flat stretch the tuning half cannot choose from. 0.5, low on it, was taken after the 43
#: real development photos had been read with 0.5, 0.7 and 0.9 (with the single rejector shipped
#: before the committee: 100, 119, 120 wrong digits; with the committee: 81, 84, 93, before the
#: blobs the cuts split were read whole, which reads 76 at 0.5): their figure for this choice is a
#: little optimistic, as any figure on data that helped choose.
REJECT_AMONG_DIGITS = 0.5

#: The sequence pipeline, which reads a line whole, is shown every rejected blob among digits that
#: is not in a word of letters, however sure the rejector is: it calls two joined digits "not a
#: digit", but the network reads them whole and learned to pass over commas, dots and dashes.
#: Chosen on the tuning half and 100 touching lines of MNIST test digits (seed 15, not notebook
#: 10's): 0.5, 0.7, 0.9 and 1.0 read 20, 19, 18, 18 wrong digits and 42, 47, 62, 68 lines exactly.
#: Elsewhere — in a line without two digits kept — it keeps what :func:`joined_digits` reads as
#: digits joined in one stroke, unless it is in a word of letters (:func:`kept_pieces`): a line
#: whose digits are all joined has no digit kept to stand among. On the tuning half and 300
#: touching lines of seed 15 (``unseen_photos(300, seed=15, style=TOUCHING)``): 13 wrong digits
#: and 224 lines exactly, against 15 and 212 without it (and 21 and 240 with the words of letters
#: too — and "Marks" beside a number read as digits: ``tests/test_pipeline.py``); 229 lines since
#: :func:`letter_words` counts the pieces cut from one blob once.
SEQUENCE_AMONG_DIGITS = 1.0

#: A rejected blob stands among digits (:func:`among_digits`) when it is at least this share of the
#: line's digit height: an odd "2" is as tall as its neighbours, a comma or a dot is not. The
#: sequence reader has no such floor (``shortest=0``): a piece the cuts left of a joined digit is
#: short, and its network, shown the line whole, learned to pass over commas, dots and dashes. On
#: the tuning material (the benchmark's tuning half; 300 touching lines of seed 15, not notebook
#: 10's) the sequence reader read 13 wrong digits with a floor of 0.7, 0.55, 0.4 or none, and 229,
#: 235, 239 and 239 lines exactly; the segmenting reader, with 0.4 instead of 0.7, 17 wrong digits
#: either way and 190 lines against 189, which does not make it move.
AMONG_HEIGHT = 0.7

#: The improved pipeline (``Options.read_joined``) shows the sequence network the blobs it rejects
#: among digits, side by side ones together (:func:`joined_digits`), and keeps what the network
#: reads in them when it finds JOINED_DIGITS or more digits, each more likely than not
#: (JOINED_CONFIDENCE): digits joined in one stroke, which the rejector calls "not a digit".
#: The floor was chosen on 150 touching lines of MNIST test digits (seed 15; 58 read exactly
#: without it; floors of 0, 0.3, 0.5, 0.8, 0.9, 0.97: 77, 77, 76, 74, 74, 70) and the tuning half
#: (18 wrong digits with any floor or without it). One digit found would be enough for the tuning
#: material (17 wrong digits, 80 touching lines) but not for the 43 real development photos read
#: with the single rejector shipped before the committee (95 wrong digits against 80 with two; 89
#: without reading joined blobs): there a blob the rejector doubts among digits is mostly a letter
#: or a mark, which the network, never shown letters, reads as a digit. Two is a choice the real
#: photos made: their figure for it is a little optimistic. With the committee they read 79 wrong
#: digits with one, 81 with two and 87 without: two digits apart, two is kept. The same rule says
#: when a blob that the cuts split is read whole instead (:func:`cut_blobs_read_whole`, added
#: later on the tuning material alone; with it, two read 76).
JOINED_DIGITS, JOINED_CONFIDENCE = 2, 0.5

#: A blob too wide for one digit that no cuts split (``split_touching``'s ``keep_uncut``) is read
#: whole by the default reader too (:func:`cut_blobs_read_whole`) — a run of zeros written in
#: overlapping loops has no column to cut at — where the network's digits in it are
#: UNCUT_CONFIDENCE sure on average. On the tuning material (the benchmark's tuning half; 300
#: touching lines, ``unseen_photos(300, seed=15, style=TOUCHING)``) every floor from 0 to 0.95
#: reads alike: 17 wrong digits and 188 lines exact, against 17 and 183 when such a blob is
#: dropped. The floor is there for a cursive word written in one stroke, which the network, never
#: shown a letter, reads as digits: on the 43 real development photos 79 wrong digits with no
#: floor, 72 with 0.9, 73 with 0.95, 76 dropping such blobs. The real photos chose it: their figure
#: for it is a little optimistic.
UNCUT_CONFIDENCE = 0.9

#: Photos are read at most this many pixels on their longer side; boxes are mapped back.
MAX_SIDE = 2500

#: ... and, by the improved and sequence pipelines, at least this many on their shorter side: a
#: digit the size of MNIST's, alone in its image, has strokes 2–3 px thick that would pass for
#: ruled lines (:data:`helpers.segment.MIN_RULE_PX`). Chosen on MNIST training digits: of the
#: 1 350 images of ``benchmarks/read_small_images.py --digits train``, 0 (no enlargement, and
#: every image tested for noise), 64, 112 and 160 px read 881, 1 311, 1 327 and 1 326 right; the
#: script reports test digits. The 43 real photos read as before; of the benchmark, one photo of
#: the tuning half reads a different wrong digit in place of its one error.
SMALL_IMAGE = 112

#: A page whose digits were found under SMALL_DIGITS px tall — smaller than MNIST's, which fill a
#: 20 px box — is read again enlarged (cubic interpolation) so that they are ENLARGED_DIGITS px
#: tall, at most ENLARGE_MOST times and within MAX_SIDE: binarized that small, a digit's thin
#: strokes break into pieces. ENLARGED_DIGITS was chosen on the benchmark's tuning half shrunk to
#: 1/2 and 0.35 of its size (20, 30, 40, 50 px: 65, 68, 61, 63 wrong digits, 141 without
#: enlarging; notebook 09 prints them), by ``benchmarks/read_scales.py --half tuning``; no photo
#: of the benchmark or of the 43 real photos is enlarged at its own size.
SMALL_DIGITS, ENLARGED_DIGITS, ENLARGE_MOST = 20, 40, 4.0


@dataclass(frozen=True)
class Options:
    """The improved pipeline's choices. The defaults are what the course measured best on the
    benchmark; notebooks 02–05 change one at a time (``Options(morphology="dilate")``).

    * ``binarize``, ``binarize_params`` — a method of :data:`helpers.binarize.METHODS` and its parameters;
    * ``remove_rules`` — erase ruled/squared paper lines (:func:`helpers.segment.remove_rules`);
    * ``morphology``, ``kernel_shape``, ``kernel_size`` — :func:`helpers.morphology.morph` on the binary page;
    * ``filter_blobs``, ``merge_broken``, ``split_touching`` — the segmentation steps of
      :mod:`helpers.segment` and :func:`split_touching`, each on or off;
    * ``crop`` — ``"binary"``: the classifier gets the binary ink; ``"grey"``: the photo's ink
      darkness inside the same mask (anti-aliased edges, like MNIST's grey levels);
    * ``normalize`` — one of :data:`NORMALIZATIONS`: how a crop becomes 28×28;
    * ``interpolation`` — ``"area"`` or ``"nearest"``, when the digit is scaled into 20×20;
    * ``stroke`` — stroke width the ink is normalised to in 28×28 (``None``: the writer's pen);
    * ``test_time_shifts`` — classify each digit also moved by one pixel each way and average
      (:data:`helpers.models.TTA_SHIFTS`);
    * ``rejector_member`` — drop clutter by one member of the rejector's committee alone
      (``member_0`` …, :func:`helpers.models.committee`; ``None``: the whole committee, as shipped);
    * ``read_joined`` — blobs rejected among digits, and blobs cut in pieces or too wide for one
      digit and not cut (:func:`cut_blobs_read_whole`), read whole by notebook 10's sequence
      network, kept where it finds two digits or more (:func:`joined_digits`; improved pipeline only);
    * ``enlarge_small`` — read a page of digits smaller than MNIST's again, enlarged (:func:`enlargement`);
    * ``turn_page`` — also read the page turned both ways when it may be sideways
      (:func:`may_be_sideways`), and turned level when its lines run at a slant (:func:`turned_angle`).
    """

    binarize: str = "flattened_otsu"
    binarize_params: dict = field(default_factory=dict)
    remove_rules: bool = True
    find_page: bool = True
    remove_lines: bool = True
    morphology: str = "none"
    kernel_shape: str = "ellipse"
    kernel_size: int = 3
    filter_blobs: bool = True
    merge_broken: bool = True
    split_touching: bool = True
    reject_clutter: bool = True
    enlarge_small: bool = True
    turn_page: bool = True
    crop: str = "binary"
    normalize: str = "mnist"
    interpolation: str = "area"
    stroke: float | None = MNIST_STROKE
    test_time_shifts: bool = False
    read_joined: bool = True
    rejector_member: int | None = None

    def __post_init__(self):
        if self.crop not in ("binary", "grey"):
            raise ValueError(f"crop must be 'binary' or 'grey', got {self.crop!r}")
        if self.normalize not in NORMALIZATIONS:
            raise ValueError(f"normalize must be one of {NORMALIZATIONS}, got {self.normalize!r}")


@dataclass(frozen=True)
class Digit:
    """One recognised digit: label, softmax confidence, box (x, y, w, h) and line index."""

    label: int
    confidence: float
    box: tuple[int, int, int, int]
    line: int


@dataclass(frozen=True)
class Rejected:
    """A blob the reader dropped as no digit: its box and the rejector's probability of "not a digit"."""

    box: tuple[int, int, int, int]
    clutter: float


@dataclass
class Reading:
    """What the reader found: ``lines`` as digit strings in reading order, every digit, and the
    blobs it rejected as no digit (:mod:`helpers.clutter`)."""

    lines: list[str] = field(default_factory=list)
    digits: list[Digit] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "lines": list(self.lines),
            "digits": [
                {"label": d.label, "confidence": round(d.confidence, 4), "box": list(d.box), "line": d.line}
                for d in self.digits
            ],
            "rejected": [{"box": list(r.box), "not_a_digit": round(r.clutter, 4)} for r in self.rejected],
        }


#: Neighbouring pixels of a photo of paper differ by a median of a few grey levels (at most 4 on
#: the benchmark's and the real photos); an image where they differ by more is noise, not a page.
#: Only images of SMALL_IMAGE px and more are tested: in a digit cropped close, the edges of its
#: strokes are so many of the pixels that 1 in 10 such crops of MNIST digits would be refused.
NOISE_GRAIN = 12


#: The fewest pixels an image may have on its longer side (a digit needs about this many to be told
#: from another) and on its shorter one (a "1" cropped tight from an MNIST digit is 2–9 px wide).
MIN_SIDE, MIN_WIDTH = 8, 2

#: An image is one flat field when fewer than FLAT_PIXELS of its pixels (a digit's worth: MIN_SIDE²;
#: of an image under 32 × FLAT_PIXELS pixels, 1/32 of them: a thin "1" alone in a 28 × 28 image
#: has as few as 40 pixels of ink) lie FLAT_LEVELS grey levels or more from its median. Counted,
#: not a share: one small digit on a large sheet is a few hundred pixels of twelve million.
FLAT_PIXELS, FLAT_LEVELS = MIN_SIDE**2, 10


def check_page(gray: np.ndarray) -> None:
    """Raise :class:`ImageError` for an image too small to hold a digit (:data:`MIN_SIDE`,
    :data:`MIN_WIDTH`), one flat colour (all black, all white…) or noise (:data:`NOISE_GRAIN`;
    tested from :data:`SMALL_IMAGE` up)."""
    if max(gray.shape) < MIN_SIDE or min(gray.shape) < MIN_WIDTH:
        height, width = gray.shape
        raise ImageError(
            f"{width} × {height} pixels: too small to hold a digit "
            f"(at least {MIN_SIDE} one way and {MIN_WIDTH} the other)"
        )
    counts = np.bincount(gray.ravel(), minlength=256)
    median = int(np.searchsorted(np.cumsum(counts), gray.size / 2))
    away = int(counts[: max(0, median - FLAT_LEVELS + 1)].sum() + counts[median + FLAT_LEVELS :].sum())
    if away < min(FLAT_PIXELS, gray.size // 32):
        shade = "black" if median < 60 else "white" if median > 195 else "grey"
        raise ImageError(
            f"the image is a flat {shade} field (grey level {median}; {away} pixels {FLAT_LEVELS} or more away "
            "from it): no page with ink on it"
        )
    if min(gray.shape) < SMALL_IMAGE:
        return  # a digit or a few, cropped close: their strokes' edges are much of the image
    steps = np.abs(np.diff(gray[::4].astype(np.int16), axis=1))
    grain = float(np.median(steps)) if steps.size else 0.0
    if grain > NOISE_GRAIN:
        raise ImageError(
            f"the image looks like noise, not a page: neighbouring pixels differ by a median of {grain:.0f} "
            f"grey levels (a photo of paper: a few)"
        )


#: A page is read as light ink on a dark field (chalk on a board, white on black) when the bright
#: side of its Otsu threshold covers less than LIGHT_INK_SHARE of it and less than LIGHT_INK_SOLID
#: of that survives an erosion by 1/50 of the photo's side: thin strokes, not a sheet of paper.
#: On the 100 benchmark photos and the 43 real ones none is taken for light ink; of the same
#: photos inverted, 105 of 143 are (the others, a page on a desk or in a shadow, stay ambiguous).
LIGHT_INK_SHARE = 0.3
LIGHT_INK_SOLID = 0.4


def page_polarity(gray: np.ndarray) -> str:
    """``"dark"`` for dark ink on lighter paper, ``"light"`` for light ink on a darker field
    (:data:`LIGHT_INK_SHARE`); :func:`read_digits` reads a light page inverted."""
    scale = 400 / max(gray.shape)
    small = resized(gray, scale) if scale < 1 else gray
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    side = max(3, round(max(small.shape) / 50))
    solid = np.count_nonzero(cv2.erode(bright, np.ones((side, side), np.uint8)))
    share = np.count_nonzero(bright) / bright.size
    return "light" if share < LIGHT_INK_SHARE and solid < LIGHT_INK_SOLID * np.count_nonzero(bright) else "dark"


# ---------------------------------------------------------------------------- naive (classic)


def naive_segments(gray: np.ndarray) -> tuple[list[Blob], list[np.ndarray]]:
    """The classic pipeline's boxes and 28×28 inputs (exactly as in notebook 01)."""
    binary = otsu_inverted(gray)
    kernel = cv2.getStructuringElement(cv2.MORPH_CROSS, (5, 5))
    dilated = cv2.dilate(binary, kernel)
    contours, _ = cv2.findContours(dilated, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blobs, crops = [], []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        blobs.append(Blob(x, y, w, h, (), w * h))
        crops.append(stretch(dilated[y : y + h, x : x + w]))
    return blobs, crops


# ---------------------------------------------------------------------------- improved


def improved_binary(gray: np.ndarray, options: Options = Options()) -> np.ndarray:
    """Binary ink of the improved pipeline: by default flatten + Otsu, rules removed, no morphology."""
    binary = binarize(gray, options.binarize, **options.binarize_params)
    if options.remove_rules:
        binary = remove_rules(binary)
    return morph(binary, options.morphology, options.kernel_shape, options.kernel_size)


def grey_ink(darkness: np.ndarray, blob: Blob, mask: np.ndarray) -> np.ndarray:
    """The photo's ink darkness inside a blob's mask, scaled so that its 90th percentile is 255."""
    window = darkness[blob.y : blob.y + blob.h, blob.x : blob.x + blob.w].astype(np.float32)
    inside = window[mask > 0]
    if not inside.size:
        return mask
    scale = 255.0 / max(float(np.percentile(inside, 90)), 1.0)
    return np.where(mask > 0, np.clip(window * scale, 1, 255), 0).astype(np.uint8)


def digit_confidence(model, stroke: float | None = MNIST_STROKE):
    """The classifier as :func:`helpers.segment.split_touching` asks for it: pieces of ink in,
    the model's highest probability for each out (each piece normalised like MNIST first)."""

    def classify(pieces: list[np.ndarray]) -> np.ndarray:
        return predict_digits(model, np.stack([to_mnist(piece, stroke) for piece in pieces])).max(axis=1)

    return classify


@dataclass
class Pieces:
    """The improved pipeline's segmentation of a page (:func:`kept_pieces`): the pieces of ink kept
    as digits (each blob and its mask), the pieces rejected as no digit with the rejector's
    probability of "not a digit", whether each rejected piece stands among digits
    (:func:`among_digits`), the kept pieces normalised like MNIST (empty when
    ``options.reject_clutter`` is off), the page's digit height, and the digits read whole in blobs
    cut in pieces (:func:`cut_blobs_read_whole`: box, label, confidence), whose pieces are in
    neither list."""

    kept: list[tuple[Blob, np.ndarray]]
    rejected: list[tuple[tuple[Blob, np.ndarray], float]]
    among: list[bool]
    like_mnist: list[np.ndarray]
    height: float
    read_whole: list[tuple[Blob, int, float]] = field(default_factory=list)


def kept_pieces(gray: np.ndarray, model, options: Options = Options(), whole_lines: bool = False) -> Pieces:
    """The improved pipeline's segmentation of a grayscale page (:class:`Pieces`). ``whole_lines``:
    for a reader of whole lines, which is shown more of what stands among digits
    (:data:`SEQUENCE_AMONG_DIGITS`; however short, :data:`AMONG_HEIGHT`), keeps what it would drop
    elsewhere where the network reads digits joined in one stroke (:func:`joined_digits`; no word
    of letters), and keeps whole a blob that no cuts split (``split_touching``'s ``keep_uncut``).
    The segmenting reader, with ``options.read_joined``, reads whole the blobs it cut in pieces or
    could not cut (:func:`cut_blobs_read_whole`)."""
    binary = improved_binary(gray, options)
    page = find_page(gray) if options.find_page else None
    if page is not None:
        binary &= page
    blobs, labels = find_blobs(binary)
    height = typical_height([b for b, grid in zip(blobs, enclosing(blobs)) if not grid])
    if options.remove_lines:
        binary = remove_lines(binary, height)
        blobs, labels = find_blobs(binary)
        height = typical_height(blobs)
    if options.merge_broken:
        blobs = merge_broken(blobs, height)
    if options.filter_blobs:
        blobs = filter_blobs(blobs, height, gray.shape)
    if options.remove_lines:
        blobs = [blob for blob, faint in zip(blobs, faint_strokes(gray, binary, blobs)) if not faint]
    masks = [blob_mask(labels, blob) for blob in blobs]
    height = typical_height(blobs)
    if options.split_touching:
        keep_uncut = whole_lines or (options.read_joined and options.reject_clutter)
        pieces = split_touching(blobs, masks, height, digit_confidence(model, options.stroke), keep_uncut=keep_uncut)
    else:
        pieces = list(zip(blobs, masks))
    big_enough = digit_sized([blob for blob, _ in pieces], height)
    kept = [piece for piece, big in zip(pieces, big_enough) if big]  # not a 5's bar cut off
    found = Pieces(kept, [], [], [], height)
    # the rejector learned from crops normalised like MNIST, whatever the reader's own options
    like_mnist = [to_mnist(mask) for _, mask in kept] if options.reject_clutter else []
    if like_mnist:
        rejector = load_rejector()
        if options.rejector_member is not None:
            rejector = rejector.get_layer(f"member_{options.rejector_member}")
        clutter = predict_digits(rejector, np.stack(like_mnist))[:, NOT_A_DIGIT]
        shortest = 0.0 if whole_lines else AMONG_HEIGHT
        rejected, among, letters = clutter_verdicts([blob for blob, _ in kept], clutter, shortest)
        above = SEQUENCE_AMONG_DIGITS if whole_lines else REJECT_AMONG_DIGITS
        out = dropped_blobs(rejected, among, clutter, above)
        replaced = np.zeros(len(kept), bool)  # by digits read whole (:func:`cut_blobs_read_whole`), or dropped uncut
        if whole_lines:
            # a reader of whole lines also keeps, wherever it stands, what the network reads as
            # digits joined in one stroke (:func:`joined_digits`) — but never a word of letters,
            # which the network, never shown a letter, would read as digits too
            dropped = np.flatnonzero(out & ~letters)
            if dropped.size:
                _, read = joined_digits([kept[k] for k in dropped], height)
                out[dropped[np.array(read, bool)]] = False
        elif options.read_joined:
            with_digits = ~rejected | among  # kept as digits, or rejected but standing among digits
            uncut = kept_whole(blobs, kept, height) if options.split_touching else np.zeros(len(kept), bool)
            found.read_whole, replaced = cut_blobs_read_whole(blobs, masks, kept, uncut, with_digits, letters, height)
            # a blob that no cuts split is read whole or not at all: a reader of single digits has no crop for it
            replaced |= uncut
        drop, keep = out & ~replaced, ~out & ~replaced
        found.rejected = [(piece, float(p)) for piece, p, d in zip(kept, clutter, drop) if d]
        found.among = [bool(a) for a, d in zip(among, drop) if d]
        found.kept = [piece for piece, k in zip(kept, keep) if k]
        found.like_mnist = [crop for crop, k in zip(like_mnist, keep) if k]
    return found


def cut_blobs_read_whole(
    blobs: list[Blob],
    masks: list[np.ndarray],
    pieces: list[tuple[Blob, np.ndarray]],
    uncut: np.ndarray,
    with_digits: np.ndarray,
    letters: np.ndarray,
    height: float,
) -> tuple[list[tuple[Blob, int, float]], np.ndarray]:
    """The ``blobs`` (with their ``masks``) that :func:`helpers.segment.split_touching` cut into
    two ``pieces`` or more, or could not cut at all (``uncut``: each such blob is one piece, kept
    whole), read whole by the sequence network (:func:`joined_digits`) — where a
    piece is ``with_digits`` (kept as a digit, or rejected but standing among digits) and none is
    in a word of ``letters``: the network reads the blob in context, where the cuts only guessed
    (thin slices of a "0" pass for "1"s), and two digits joined in one stroke whose pieces the
    rejector calls "not a digit" are read too where they stand among digits. Where it finds
    :data:`JOINED_DIGITS` or more digits, each :data:`JOINED_CONFIDENCE` sure, its digits replace
    the pieces, kept or rejected. Returns those digits (box, label, confidence) and, for each
    piece, whether it was replaced.

    Chosen on the tuning material (the benchmark's tuning half; 300 touching lines of MNIST test
    digits, ``unseen_photos(300, seed=15, style=TOUCHING)``, not notebook 10's), with
    :func:`letter_words` counting the pieces of one blob once: 17 wrong digits and 183 lines
    exact, against 18 and 152 without it. Every cut blob, wherever it stands: 185 lines — but a
    page of scribbles then reads as digits (``tests/test_read_cli.py``); only blobs with a piece
    kept as a digit: 179; that, with each piece counted as a blob of its own in a word of letters:
    176. With a floor of 0.8 or 0.95 instead of :data:`JOINED_CONFIDENCE` (in the last of those
    versions): 17 and 174, 18 and 168; replacing the pieces only where the network finds another
    number of digits than the cuts: 18 and 156 — where both count alike, the network's labels are
    the better ones too.

    A blob that no cuts split is read only where the network's digits in it are
    :data:`UNCUT_CONFIDENCE` sure on average (:func:`joined_digits`' ``sure``)."""
    source = {blob.labels: k for k, blob in enumerate(blobs)}
    origin = np.array([source.get(blob.labels, -1) for blob, _ in pieces], int)
    shown = [
        k
        for k in np.unique(origin[origin >= 0])
        if (np.count_nonzero(origin == k) >= 2 or uncut[origin == k].any())
        and with_digits[origin == k].any()
        and not letters[origin == k].any()
    ]
    digits, replaced = [], np.zeros(len(pieces), bool)
    whole = [k for k in shown if uncut[origin == k].any()]
    for chosen, sure in (([k for k in shown if k not in whole], 0.0), (whole, UNCUT_CONFIDENCE)):
        if not chosen:
            continue
        found, read = joined_digits([(blobs[k], masks[k]) for k in chosen], height, sure)
        digits += found
        for k, was_read in zip(chosen, read):
            if was_read:
                replaced |= origin == k
    return digits, replaced


def improved_segments(
    gray: np.ndarray, model, options: Options = Options()
) -> tuple[list[Blob], list[np.ndarray], list[tuple[Blob, float]], list[tuple[Blob, int, float]]]:
    """The improved pipeline's digit blobs (reading order not yet applied), their 28×28 inputs, the
    blobs rejected as no digit with the rejector's probability of "not a digit", and the digits
    read whole in blobs rejected among digits (:func:`joined_digits`: box, label, confidence)."""
    found = kept_pieces(gray, model, options)
    joined, read = [], [False] * len(found.rejected)
    doubtful = [k for k, among in enumerate(found.among) if among]
    if options.read_joined and doubtful:
        joined, read_doubtful = joined_digits([found.rejected[k][0] for k in doubtful], found.height)
        for k, was_read in zip(doubtful, read_doubtful):
            read[k] = was_read
    rejected = [(blob, p) for ((blob, _), p), was_read in zip(found.rejected, read) if not was_read]
    joined += found.read_whole
    kept = found.kept
    same_crops = (options.crop, options.normalize, options.stroke, options.interpolation) == (
        "binary",
        "mnist",
        MNIST_STROKE,
        "area",
    )
    if found.like_mnist and same_crops:
        return [blob for blob, _ in kept], found.like_mnist, rejected, joined  # the reader's crops are these very ones
    if options.crop == "grey":
        darkness = 255 - flatten_background(gray)
        kept = [(blob, grey_ink(darkness, blob, mask)) for blob, mask in kept]
    crops = [normalize_digit(ink, options, found.height) for _, ink in kept]
    return [blob for blob, _ in kept], crops, rejected, joined


def normalize_digit(ink: np.ndarray, options: Options, height: float) -> np.ndarray:
    """One digit's ink (255 on 0) as the 28×28 input, by ``options.normalize``."""
    if options.normalize == "stretch":
        return stretch(trim(ink))
    if options.normalize == "frame":
        return fixed_frame(ink, side=round(FRAME * height))
    centre = "box" if options.normalize == "box" else "mass"
    return to_mnist(ink, options.stroke, centre=centre, interpolation=options.interpolation)


def read_digits(image: np.ndarray, pipeline: str = "improved", model=None, options: Options | None = None) -> Reading:
    """Read every digit in a photo, in reading order; ``model`` defaults to the shipped one and
    ``options`` (improved and sequence pipelines) to :class:`Options`' defaults.

    Raises :class:`helpers.images.ImageError` for an image of one flat colour; a page without
    digits gives an empty :class:`Reading`.

    >>> from helpers.synth import PhotoSpec, render
    >>> read_digits(render(PhotoSpec(seed=3, lines=("2024", "517"))).image).lines
    ['2024', '517']
    """
    if pipeline not in PIPELINES:
        raise ValueError(f"unknown pipeline {pipeline!r}; choose one of {PIPELINES}")
    if pipeline == "naive" and options is not None:
        raise ValueError("options apply to the improved and sequence pipelines only; the naive one is fixed")
    options = options or Options()
    gray = to_gray(image)
    check_page(gray)
    if page_polarity(gray) == "light":
        gray = 255 - gray  # chalk on a board: read as ink on paper
    model = model or load_default()
    reading = _read_any_side(gray, pipeline, model, options)
    factor = enlargement(gray, reading) if pipeline != "naive" and options.enlarge_small else 1.0
    if factor == 1.0:
        return reading
    enlarged = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return _moved(_read_any_side(enlarged, pipeline, model, options), lambda box: _unscaled(box, factor))


def enlargement(gray: np.ndarray, reading: Reading) -> float:
    """How much :func:`read_digits` enlarges a photo to read it again: 1.0, unless both what its
    first ``reading`` found (digits, else rejected blobs) and the page's own digit height (the
    blobs of the course's binarization, on the page found, grids left out: the same whatever the
    reader's options) are under :data:`SMALL_DIGITS` px; then enough to make the page's digits
    :data:`ENLARGED_DIGITS` px, at most :data:`ENLARGE_MOST` times and within :data:`MAX_SIDE`.
    A photo whose first reading found larger digits pays nothing more.

    >>> from helpers.synth import PhotoSpec, render
    >>> photo = to_gray(render(PhotoSpec(seed=3, lines=("2024", "517"), height=12)).image)
    >>> round(enlargement(photo, read_digits(photo, options=Options(enlarge_small=False))), 1)
    3.6
    >>> enlargement(photo, Reading(["1"], [Digit(1, 0.9, (0, 0, 10, 30), 0)]))  # found 30 px tall
    1.0
    """
    found = [d.box[3] for d in reading.digits] or [r.box[3] for r in reading.rejected]
    if not found or np.median(found) >= SMALL_DIGITS or max(gray.shape) >= MAX_SIDE:
        return 1.0
    binary = binarize(gray)
    page = find_page(gray)
    if page is not None:
        binary &= page
    blobs, _ = find_blobs(binary)
    height = typical_height([blob for blob, grid in zip(blobs, enclosing(blobs)) if not grid])
    if not 0 < height < SMALL_DIGITS:
        return 1.0
    return max(1.0, min(ENLARGED_DIGITS / height, ENLARGE_MOST, MAX_SIDE / max(gray.shape)))


def _read_any_side(gray: np.ndarray, pipeline: str, model, options: Options) -> Reading:
    """:func:`read_digits` on a grayscale photo, ink darker than paper: as it lies, or turned on its
    side, or turned level, when that reads better; a page of noise or clutter reads as no digits."""
    reading = _read(gray, pipeline, model, options)
    turning = pipeline != "naive" and options.turn_page
    if turning and may_be_sideways(reading):
        sideways = [
            _turned_back(_read(np.ascontiguousarray(np.rot90(gray, k)), pipeline, model, options), k, gray.shape)
            for k in (1, 3)
        ]
        best = max(sideways, key=digit_share)
        if digit_share(best) >= digit_share(reading) + SIDEWAYS_MARGIN:
            reading = best
    if len(reading.rejected) >= NOISE_SHARE * max(NOISE_BLOBS, len(reading.digits) + len(reading.rejected)):
        return Reading(rejected=reading.rejected)  # noise or clutter: the few "digits" in it are too
    angle = turned_angle(reading) if turning else 0.0
    if angle:
        level = _read_turned(gray, angle, pipeline, model, options)
        if digit_share(level) >= digit_share(reading):
            reading = level
    return reading


#: A page where at least NOISE_SHARE of the blobs, and at least NOISE_SHARE × NOISE_BLOBS of them,
#: were rejected as no digit is noise or clutter, not a page of digits: it reads as no digits. On
#: the benchmark's and the real photos the most rejected is 57 % (a table with words in it).
NOISE_SHARE = 0.85
NOISE_BLOBS = 20


#: A page is read turned on its side when that reading's :func:`digit_share` is higher by this much;
#: pages of more than SIDEWAYS_BLOBS digits and rejected blobs are not tried turned.
SIDEWAYS_BLOBS = 80
SIDEWAYS_MARGIN = 0.25


def digit_share(reading: Reading) -> float:
    """The summed confidence of the digits read, per blob found (digits and rejected blobs alike):
    1.0 when every blob is read as a digit with full confidence."""
    return sum(d.confidence for d in reading.digits) / max(1, len(reading.digits) + len(reading.rejected))


def clutter_verdicts(
    blobs: list[Blob], clutter: np.ndarray, shortest: float = AMONG_HEIGHT
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rejector's verdicts on ``blobs`` given its probability of "not a digit" for each:
    which are rejected — above :data:`REJECT_THRESHOLD`, widened to whole words of letters
    (:func:`letter_words`) —, which of those stand among digits (:func:`among_digits`, at least
    ``shortest`` of their height), where the reader asks for more (:func:`dropped_blobs`), and
    which are in a word of letters."""
    out = clutter > REJECT_THRESHOLD
    none = np.zeros(len(blobs), bool)
    if out.all():  # nothing kept (a page of specks): no word can lose a digit, nothing stands among digits
        return out, none, none
    letters = letter_words(blobs, out)
    return out | letters, among_digits(blobs, out | letters, letters, shortest), letters


def dropped_blobs(
    rejected: np.ndarray, among: np.ndarray, clutter: np.ndarray, among_digits_above: float
) -> np.ndarray:
    """Which blobs the reader drops as no digit, given :func:`clutter_verdicts` and the rejector's
    probability of "not a digit": the rejected ones, but a blob among digits only when that
    probability is above ``among_digits_above`` (the segmenting reader: :data:`REJECT_AMONG_DIGITS`;
    a reader of whole lines: :data:`SEQUENCE_AMONG_DIGITS`)."""
    return rejected & ~(among & (clutter <= among_digits_above))


def letter_words(blobs: list[Blob], rejected: np.ndarray) -> np.ndarray:
    """The blobs that belong to a word (:func:`helpers.segment.words`) of which at least two blobs
    and at least half are ``rejected`` — the "S" of "Science" looks like a 5, but not among the
    letters around it. The pieces that :func:`helpers.segment.split_touching` cut from one blob
    (the same ``labels``) count as one blob: two joined digits cut in two rejected pieces are no
    word. On the tuning material (the comment of :func:`cut_blobs_read_whole`) the default
    reader reads 179 of 300 touching lines with this, against 176, the sequence reader 229 against
    224, and the tuning half alike (17 and 13 wrong digits)."""
    letters = np.zeros(len(blobs), bool)
    for word in words(blobs, typical_height(blobs)):
        out = [k for k in word if rejected[k]]
        if len({blobs[k].labels for k in out}) >= 2 and len(out) >= len(word) / 2:
            letters[word] = True
    return letters


def among_digits(
    blobs: list[Blob], rejected: np.ndarray, letters: np.ndarray, shortest: float = AMONG_HEIGHT
) -> np.ndarray:
    """The ``rejected`` blobs that stand among digits: in a line
    (:func:`helpers.segment.reading_order`) with two or more digits kept, at least ``shortest``
    of their median height, in no word of ``letters`` — an odd "2" in a line of digits is a digit
    more often than clutter is."""
    among = np.zeros(len(blobs), bool)
    if np.count_nonzero(~rejected) < 2:
        return among  # no line holds two digits kept
    index = {id(b): i for i, b in enumerate(blobs)}
    for line in reading_order(blobs, typical_height(blobs)):
        members = [index[id(b)] for b in line]
        digits = [i for i in members if not rejected[i]]
        if len(digits) < 2:
            continue
        height = np.median([blobs[i].h for i in digits])
        for i in members:
            among[i] = rejected[i] and not letters[i] and blobs[i].h >= shortest * height
    return among


def joined_digits(
    pieces: list[tuple[Blob, np.ndarray]], height: float, sure: float = 0.0
) -> tuple[list[tuple[Blob, int, float]], list[bool]]:
    """Digits found in ``pieces`` (blob, mask) rejected among digits — two digits joined in one
    stroke look like no single digit to the rejector. Pieces side by side
    (:func:`helpers.segment.words`) are read together as one line by the sequence network
    (:func:`helpers.models.load_sequence`, notebook 10; ``height``: the page's digit height); a
    run where it finds :data:`JOINED_DIGITS` or more digits, each at least
    :data:`JOINED_CONFIDENCE` sure (and ``sure`` on average), gives them. Returns the digits (a box
    estimated from where the network found each, its label and confidence) and, for each piece,
    whether it was read."""
    runs = [sorted(run, key=lambda k: pieces[k][0].x) for run in words([b for b, _ in pieces], height)]
    lines = [[(pieces[k][0].box, pieces[k][1]) for k in run] for run in runs]
    found = read_line_images(load_sequence(), [line_image(line, height) for line in lines])
    digits, read = [], [False] * len(pieces)
    for run, line, run_digits in zip(runs, lines, found):
        confidences = [c for _, c, _, _ in run_digits]
        if len(run_digits) < JOINED_DIGITS or min(confidences) < JOINED_CONFIDENCE or np.mean(confidences) < sure:
            continue
        boxes = digit_boxes([(left + right) / 2 for _, _, left, right in run_digits], line)
        ink = sum(pieces[k][0].area for k in run) / sum(w for _, _, w, _ in boxes)  # per column
        digits += [(Blob(*box, (), round(ink * box[2])), label, c) for (label, c, _, _), box in zip(run_digits, boxes)]
        for k in run:
            read[k] = True
    return digits, read


def may_be_sideways(reading: Reading) -> bool:
    """Whether a page may have been photographed sideways: the digits read follow each other
    downwards (:func:`helpers.segment.line_direction` steeper than
    :data:`helpers.segment.STEEPEST_LINES`; a column of single digits does too), or there are half
    as many blobs rejected as no digit as digits read (digits on their side look like clutter).
    ``read_digits`` then reads the page turned both ways too, and keeps a turned reading whose
    :func:`digit_share` is higher by :data:`SIDEWAYS_MARGIN`. A page with more than
    :data:`SIDEWAYS_BLOBS` digits and rejected blobs is not tried (the cost of three readings)."""
    boxes = [Blob(*d.box, (), 0) for d in reading.digits]
    if len(boxes) + len(reading.rejected) > SIDEWAYS_BLOBS:
        return False  # a page of many marks (or of noise): three readings would cost too much
    runs_down = len(boxes) >= 3 and abs(line_direction(boxes)) > STEEPEST_LINES
    return runs_down or len(reading.rejected) >= 0.5 * max(1, len(reading.digits))


def _turned_back(reading: Reading, quarter_turns: int, shape: tuple[int, int]) -> Reading:
    """A reading of ``np.rot90(gray, quarter_turns)`` (1: turned left, 3: turned right) with its
    boxes in the pixels of ``gray`` (shape ``shape``)."""
    height, width = shape

    def back(box):
        x, y, w, h = box
        return (width - y - h, x, h, w) if quarter_turns == 1 else (y, height - x - w, h, w)

    return _moved(reading, back)


#: A page whose lines run between TURNED_LINES degrees from level (the least and the most) is read
#: again turned level (:func:`turned_angle`); under :data:`helpers.segment.SLANTED_LINES` only when
#: at least TURN_AGREEMENT of the blobs' nearest neighbours lie within AGREEING degrees of that slant.
TURNED_LINES = (10.0, 80.0)
TURN_AGREEMENT, AGREEING = 0.5, 10.0


def turned_angle(reading: Reading) -> float:
    """The angle (degrees) by which to turn a page so that its lines run level, when the digits and
    rejected blobs read follow each other at a slant (:func:`helpers.segment.line_direction`)
    within :data:`TURNED_LINES`: the page was photographed turned, and its digits are turned with
    it; 0.0 otherwise (steeper still, the page is taken to lie on its side: :func:`may_be_sideways`).
    A slant under :data:`helpers.segment.SLANTED_LINES` counts only when most blobs agree with it
    (:data:`TURN_AGREEMENT`): numbers scattered over an upright page can give one too.

    ``read_digits`` then reads the page turned level too, and keeps that reading when its
    :func:`digit_share` is at least as high as the first one's: a number written diagonally on an
    upright page should read more surely as it lies. Chosen on the benchmark's tuning half
    photographed turned (``benchmarks/turned_pages.py --half tuning --angles 10 15 20 25 35 45``,
    666 digits at each angle; 18 wrong upright). Read as they lie: 26, 100, 161, 119, 266, 407
    wrong digits; with the second reading from 20° up: 26, 100, 142, 51, 58, 88, and from 10° up:
    24, 33, 78, 44, 58, 88 (from 5° up, 26 at 10°, the rest alike). Keeping it only when surer by
    0.1 or 0.25: 235 and 381 wrong digits at 25°, 35° and 45° against 197 (from 20° up); the slant
    measured from the digits alone, without the rejected blobs (leaning digits look like clutter):
    230. Asking most blobs to agree with the slant at any angle: 24, 33, 75, 44, 92, 100; under 20°
    only: 24, 33, 78, 44, 58, 88, as without it. Whether to ask it there the tuning half cannot
    choose; the 43 real photos did: a page of numbers scattered over an upright sheet gives a
    slant of 12° that a fifth of its blobs agree with, and turned level it reads worse (82 wrong
    digits against 79). Up to 50° only (where lines steeper are tried on their side, and a quarter
    turn leaves them leaning the other way), pages turned 45°, 55°, 60°, 70°, 80°, 90° read 88, 240,
    177, 153, 87, 87 wrong digits; up to 80°: 83, 76, 60, 83, 70, 87. The benchmark's own photos
    (turned at most 8°) read alike with or without the second reading."""
    boxes = [Blob(*d.box, (), 0) for d in reading.digits] + [Blob(*r.box, (), 0) for r in reading.rejected]
    directions = neighbour_directions(boxes)
    if not len(directions):
        return 0.0
    angle = float(np.median(directions))
    if not TURNED_LINES[0] < abs(angle) <= TURNED_LINES[1]:
        return 0.0
    agreeing = np.mean(np.abs(directions - angle) <= AGREEING)
    return angle if abs(angle) > SLANTED_LINES or agreeing >= TURN_AGREEMENT else 0.0


def _read_turned(gray: np.ndarray, angle: float, pipeline: str, model, options: Options) -> Reading:
    """A reading of ``gray`` turned by ``angle`` degrees (:func:`helpers.images.turned`), each box
    mapped back to ``gray``'s pixels as the upright box around the turned one."""
    level, matrix = turned(gray, angle)
    back = cv2.invertAffineTransform(matrix)

    def box_back(box):
        x, y, w, h = box
        corners = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], float) @ back.T
        (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
        return (round(x0), round(y0), round(x1 - x0), round(y1 - y0))

    return _moved(_read(level, pipeline, model, options), box_back)


def _moved(reading: Reading, move) -> Reading:
    """The same reading with every box, of digits and of rejected blobs, passed through ``move``."""
    return Reading(
        list(reading.lines),
        [replace(d, box=move(d.box)) for d in reading.digits],
        [replace(r, box=move(r.box)) for r in reading.rejected],
    )


def _read(gray: np.ndarray, pipeline: str, model, options: Options) -> Reading:
    """:func:`read_digits` on a grayscale photo as it lies, scaled to :data:`MAX_SIDE` or
    :data:`SMALL_IMAGE` when it is larger or smaller."""
    smallest = SMALL_IMAGE if pipeline != "naive" else 0
    scale = min(MAX_SIDE / max(gray.shape), max(1.0, smallest / min(gray.shape)))
    if scale < 1.0:
        gray = resized(gray, scale)
    elif scale > 1.0:
        gray = resized(gray, scale, cv2.INTER_CUBIC)
    if pipeline == "sequence":
        return _read_sequence(gray, model, options, scale)
    if pipeline == "naive":
        (blobs, crops), rejected, joined = naive_segments(gray), [], []
    else:
        blobs, crops, rejected, joined = improved_segments(gray, model, options)
    reading = Reading(rejected=[Rejected(_unscaled(b.box, scale), p) for b, p in rejected])
    if not blobs and not joined:
        return reading
    shifts = TTA_SHIFTS if pipeline == "improved" and options.test_time_shifts else ((0, 0),)
    probabilities = predict_digits(model, np.stack(crops), shifts=shifts) if blobs else []
    read = {id(blob): (int(np.argmax(p)), float(p.max())) for blob, p in zip(blobs, probabilities)}
    read |= {id(blob): (label, confidence) for blob, label, confidence in joined}
    every = blobs + [blob for blob, _, _ in joined]
    for line_index, line in enumerate(reading_order(every, typical_height(every))):
        text = ""
        for blob in line:
            label, confidence = read[id(blob)]
            reading.digits.append(Digit(label, confidence, _unscaled(blob.box, scale), line_index))
            text += str(label)
        reading.lines.append(text)
    return reading


def _unscaled(box, scale: float) -> tuple[int, int, int, int]:
    return tuple(int(round(v / scale)) for v in box)


def _read_sequence(gray: np.ndarray, model, options: Options, scale: float) -> Reading:
    """The sequence pipeline on a photo already scaled by ``scale``: the improved pipeline's pieces
    (with what stands among digits, :data:`SEQUENCE_AMONG_DIGITS`, and what the network reads as
    joined digits elsewhere) and lines, each line read whole
    by :func:`helpers.models.load_sequence`'s network (:mod:`helpers.sequence`); a digit's box is
    estimated from where the network found it.

    The network is shown the photo's grey ink (:func:`grey_ink`), as drawn, rather than the binary
    masks with strokes set to MNIST's width: on the benchmark's tuning half 13 wrong digits against
    16; on 200 photos of touching lines of MNIST test digits (``unseen_photos(200, seed=15,
    style=TOUCHING)``, not notebook 10's), read as one number, 165 exact against 159. (The default
    reader's :func:`joined_digits` reads its tuning half alike either way, 18 wrong digits: it
    keeps the masks.)"""
    found = kept_pieces(gray, model, options, whole_lines=True)
    reading = Reading(rejected=[Rejected(_unscaled(b.box, scale), p) for (b, _), p in found.rejected])
    darkness = 255 - flatten_background(gray)
    ink = {id(blob): grey_ink(darkness, blob, mask) for blob, mask in found.kept}
    blobs = [blob for blob, _ in found.kept]
    order = reading_order(blobs, typical_height(blobs))
    lines = [[(b.box, ink[id(b)]) for b in line] for line in order]
    images = [line_image(pieces, typical_height(line), stroke=None) for pieces, line in zip(lines, order)]
    found = read_line_images(load_sequence(), images)
    for line_index, (line, digits) in enumerate(zip(lines, found)):
        boxes = digit_boxes([(x0 + x1) / 2 for _, _, x0, x1 in digits], line)
        for (label, confidence, _, _), box in zip(digits, boxes):
            reading.digits.append(Digit(label, confidence, _unscaled(box, scale), line_index))
        reading.lines.append("".join(str(label) for label, *_ in digits))
    return reading


#: classify_digits scales smaller crops up to this many pixels on their longer side.
CROP_SIDE = 64


def ink_polarity(gray: np.ndarray) -> str:
    """``"dark"`` for dark ink on lighter paper, ``"light"`` for light ink on a darker field.

    The crop's border is taken as its background; the ink is whatever pulls the mean away from
    it — darker pixels ("dark", a photo crop) or lighter ones ("light", MNIST).

    >>> mnist_like = np.zeros((28, 28), np.uint8); mnist_like[6:22, 12:16] = 255
    >>> ink_polarity(mnist_like), ink_polarity(255 - mnist_like)
    ('light', 'dark')
    """
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]]).astype(float)
    return "light" if gray.mean() > np.median(border) else "dark"


def classify_digits(crops, ink: str = "auto", model=None) -> tuple[np.ndarray, np.ndarray]:
    """Classify single-digit images of any size; returns (labels, probabilities (n, 10)).

    ``ink="dark"``: dark ink on light paper (a photo crop); ``ink="light"``: light ink on dark, as
    in MNIST; ``ink="auto"`` decides for each crop (:func:`ink_polarity`). Each crop is
    thresholded with Otsu and normalised like MNIST (:func:`to_mnist`); crops smaller than
    :data:`CROP_SIDE` px are first scaled up (smoothly), so that a small or low-resolution digit
    is thresholded at a size where its strokes survive.
    """
    if ink not in ("auto", "dark", "light"):
        raise ValueError(f"ink must be 'auto', 'dark' or 'light', got {ink!r}")
    inputs = []
    for number, crop in enumerate(crops):
        gray = to_gray(crop, f"crop {number}")
        if (ink_polarity(gray) if ink == "auto" else ink) == "dark":
            gray = 255 - gray
        if max(gray.shape) < CROP_SIDE:
            factor = CROP_SIDE / max(gray.shape)
            gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
        _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        inputs.append(to_mnist(mask))
    if not inputs:
        return np.zeros(0, int), np.zeros((0, 10), np.float32)
    probabilities = predict_digits(model or load_default(), np.stack(inputs))
    return probabilities.argmax(axis=1), probabilities
