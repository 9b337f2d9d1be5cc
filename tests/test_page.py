import cv2
import numpy as np
import pytest

from helpers.data import load_mnist
from helpers.normalize import trim
from helpers.page import enclosing, find_lines, find_page, remove_lines
from helpers.pipeline import read_digits
from helpers.segment import Blob, find_blobs
from helpers.synth import PhotoSpec, render


def _digit_strokes(page, x, y, height, pen):
    """A "4"-like figure of straight strokes and a "0", each ``height`` tall, at (x, y)."""
    w = height // 2
    cv2.line(page, (x, y), (x, y + height // 2), 255, pen)
    cv2.line(page, (x, y + height // 2), (x + w, y + height // 2), 255, pen)
    cv2.line(page, (x + w - 4, y), (x + w - 4, y + height), 255, pen)
    cv2.ellipse(page, (x + 2 * w + 10, y + height // 2), (w // 2, height // 2), 0, 0, 360, 255, pen)


@pytest.mark.parametrize("scale", [1, 4])
def test_a_page_on_a_dark_desk_is_found_at_any_size(scale):
    desk = np.full((300 * scale, 400 * scale), 45, np.uint8)
    desk[60 * scale : 250 * scale, 90 * scale : 330 * scale] = 210
    page = find_page(desk)
    assert page is not None and page.shape == desk.shape
    assert page[150 * scale, 200 * scale] == 255 and page[10 * scale, 10 * scale] == 0
    # the page's own edge is outside the mask: it would be read as ink
    assert page[150 * scale, 90 * scale + 1] == 0


def test_a_shadow_or_a_page_filling_the_photo_is_no_desk():
    shadowed = np.full((300, 400), 220, np.uint8)
    shadowed[:, 200:] = 120  # a hard shadow: darker, but still paper
    assert find_page(shadowed) is None
    assert find_page(np.full((300, 400), 220, np.uint8)) is None


def _table(digit_height, pen=2, rule=1, bend=0.0):
    """A 3×4 grid of cells, ``digit_height``-tall figures in each, lines ``rule`` px thick;
    ``bend``: the horizontal rules sag like a curled page (pixels at the middle)."""
    cell_w, cell_h = 3 * digit_height, 2 * digit_height
    page = np.zeros((3 * cell_h + 20, 4 * cell_w + 20), np.uint8)
    xs = np.arange(page.shape[1])
    for row in range(4):
        ys = 10 + row * cell_h + bend * np.sin(np.pi * xs / page.shape[1])
        points = np.stack([xs, ys], axis=1).astype(np.int32)
        cv2.polylines(page, [points], False, 255, rule)
    for col in range(5):
        cv2.line(page, (10 + col * cell_w, 10), (10 + col * cell_w, 10 + 3 * cell_h), 255, rule)
    for row in range(3):
        for col in range(4):
            _digit_strokes(
                page, 10 + col * cell_w + digit_height // 3, 10 + row * cell_h + digit_height // 2, digit_height, pen
            )
    return page


@pytest.mark.parametrize("digit_height, pen, bend", [(20, 2, 0.0), (60, 5, 0.0), (40, 3, 6.0)])
def test_grid_lines_go_and_the_digits_stay(digit_height, pen, bend):
    page = _table(digit_height, pen=pen, bend=bend)
    cleaned = remove_lines(page, digit_height)
    blobs, _ = find_blobs(cleaned)
    big = [b for b in blobs if b.h >= 0.5 * digit_height]
    # 12 cells × (the "4" and the "0"): nothing else of comparable size is left, nothing spans cells
    assert len(big) == 24
    assert max(b.h for b in big) <= 1.2 * digit_height and max(b.w for b in big) <= 1.2 * digit_height
    digits_only = np.zeros_like(page)
    for row in range(3):
        for col in range(4):
            cell_w, cell_h = 3 * digit_height, 2 * digit_height
            _digit_strokes(
                digits_only,
                10 + col * cell_w + digit_height // 3,
                10 + row * cell_h + digit_height // 2,
                digit_height,
                pen,
            )
    kept = np.count_nonzero(cleaned & digits_only) / np.count_nonzero(digits_only)
    assert kept > 0.97


def test_a_digit_crossing_a_ruled_line_is_bridged_not_cut():
    page = np.zeros((200, 600), np.uint8)
    cv2.line(page, (0, 100), (599, 100), 255, 1)
    cv2.line(page, (300, 70), (300, 130), 255, 3)  # a "1" written across the rule
    cleaned = remove_lines(page, 60)
    blobs, _ = find_blobs(cleaned)
    assert len(blobs) == 1 and blobs[0].h == page[:, 298:303].any(axis=1).sum() and blobs[0].w <= 5


def test_strokes_of_a_digit_are_no_line():
    page = np.zeros((120, 120), np.uint8)
    cv2.line(page, (20, 20), (90, 20), 255, 4)  # a "7"'s bar, as long as the digit is tall
    cv2.line(page, (90, 20), (50, 100), 255, 4)
    assert not find_lines(page, 80).any()


def test_a_frame_around_digits_encloses_them_a_digit_does_not():
    frame = Blob(0, 0, 500, 300, (1,), 1600)
    digits = [Blob(40 + 60 * k, 100, 30, 50, (k + 2,), 300) for k in range(4)]
    specks = [Blob(450, 20 + 5 * k, 2, 2, (k + 10,), 4) for k in range(6)]  # too little ink to count
    assert enclosing([frame, *digits, *specks]).tolist() == [True] + [False] * 10
    assert not enclosing([frame, *digits[:2], *specks]).any()  # two digits in a box: not yet a grid


def test_a_faint_piece_of_printed_line_is_not_read_as_a_1(model, monkeypatch):
    photo = render(PhotoSpec(seed=3, lines=("2024", "517")))
    gray = cv2.cvtColor(photo.image, cv2.COLOR_BGR2GRAY)
    (_, y, w, h), last = photo.boxes[0][0], photo.boxes[0][-1]
    x = last[0] + last[2] + w // 2  # what is left of a grid line, half a digit right of "2024"
    cv2.line(gray, (x, y), (x, y + h), int(np.median(gray)) - 120, 2)  # grey print, one digit tall
    assert read_digits(gray, model=model).lines == ["2024", "517"]
    monkeypatch.setattr("helpers.page.FAINT_CONTRAST", 0.0)  # no stroke is faint enough
    assert read_digits(gray, model=model).lines == ["20241", "517"]


def test_a_stroke_from_edge_to_edge_of_a_tight_crop_is_no_line():
    crop = np.zeros((100, 60), np.uint8)  # a "4" cropped tight: its bar and stem reach the edges
    cv2.line(crop, (2, 0), (2, 60), 255, 5)
    cv2.line(crop, (0, 60), (59, 60), 255, 5)
    cv2.line(crop, (45, 0), (45, 99), 255, 5)
    assert not find_lines(crop, 100).any()


def test_a_digit_filling_its_photo_leaves_no_page_to_find():
    (_, _), (x_test, _) = load_mnist()
    for digit in x_test[:20]:
        photo = 255 - cv2.resize(trim(digit), None, fx=10, fy=10, interpolation=cv2.INTER_CUBIC)
        assert find_page(photo) is None
